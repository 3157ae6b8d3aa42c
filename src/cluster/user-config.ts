import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import type { TimingOptions, TopologyOptions } from './topology.js';
import { ConfigurationError } from '../errors.js';
import { settingOf, type MemberConfig, type Setting, type SourcePosition } from '../lint/model.js';
import {
  bootRefusals,
  listItems,
  MAX_CONFIG_MEMBERS,
  splitUrl,
  urlsOf,
  URL_LISTS,
  type UrlParts,
} from '../lint/rules/boot.js';

export { MAX_CONFIG_MEMBERS };
import { memberPkiPaths, pkiPaths, type MemberPkiPaths } from '../pki/layout.js';
import type { ClusterSpec, ConfiguredMember, MemberSpec } from './spec.js';

/** etcd's own defaults for what a configuration may leave out, as etcd 3.4 and 3.5 have them. */
export const ETCD_DEFAULTS = {
  token: 'etcd-cluster',
  heartbeatMs: 100,
  electionMs: 1000,
  urls: {
    'listen-client-urls': 'http://localhost:2379',
    'advertise-client-urls': 'http://localhost:2379',
    'listen-peer-urls': 'http://localhost:2380',
    'initial-advertise-peer-urls': 'http://localhost:2380',
  } as Record<string, string>,
};

const PEER_URLS = new Set(['listen-peer-urls', 'initial-advertise-peer-urls']);

/** Certificate, key and CA settings, and the member's file of the run's PKI each points at. */
const PKI_FILES: Record<string, keyof MemberPkiPaths> = {
  'cert-file': 'serverCert',
  'key-file': 'serverKey',
  'trusted-ca-file': 'caCert',
  'peer-cert-file': 'peerCert',
  'peer-key-file': 'peerKey',
  'peer-trusted-ca-file': 'caCert',
};

/** Revocation lists of the hosts' CA: the run's PKI has none, so they are left out. */
const DROPPED = new Set(['client-crl-file', 'peer-crl-file']);
const LOG_OUTPUTS = new Set(['log-outputs', 'log-output']);
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const bracketed = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

/** A URL rebuilt from scheme, host and port alone: nothing else the user wrote reaches etcd. */
function joinUrl(parts: UrlParts, host: string): string {
  return `${parts.scheme}://${bracketed(host)}${parts.port === undefined ? '' : `:${parts.port}`}`;
}

/**
 * A list of URLs with every host replaced by `address`, scheme and port kept. URLs that become the
 * same are kept once; two that would share one port with different schemes keep the one with
 * `preferScheme` (the scheme the member advertises), as one port serves one scheme.
 */
export function rehostUrls(value: string, address: string, preferScheme?: string): string {
  const byListener = new Map<string, UrlParts>();
  for (const item of listItems(value)) {
    const parts = splitUrl(item);
    if (!parts) continue;
    const key = parts.port ?? '';
    const kept = byListener.get(key);
    if (!kept || (kept.scheme !== parts.scheme && parts.scheme === preferScheme)) byListener.set(key, parts);
  }
  return [...byListener.values()].map((parts) => joinUrl(parts, address)).join(',');
}

/** `name=URL,...` with each URL re-hosted to the address of the member of that name; entries that become the same are kept once. */
export function rehostInitialCluster(value: string, addressOf: (name: string) => string | undefined): string {
  const entries = listItems(value).map((entry) => {
    const [name, url] = entry.split(/=(.*)/s);
    const address = addressOf(name);
    const parts = url === undefined ? undefined : splitUrl(url);
    return address && parts ? `${name}=${joinUrl(parts, address)}` : entry;
  });
  return [...new Set(entries)].join(',');
}

/** The scheme of the first URL of a list, if there is one. */
function firstScheme(value: string | undefined): string | undefined {
  return value === undefined ? undefined : splitUrl(listItems(value)[0] ?? '')?.scheme;
}

/**
 * The member's own settings as it runs in the sandbox: addresses re-hosted to its address (ports and
 * schemes kept), data dir and wal dir in its data folder, certificates of the run's PKI, logs to
 * stderr; everything else exactly as written. What etcd would default to a path or a localhost
 * address is set, since every member needs its own; nothing else is added. Where a target proxies
 * the peers, the member advertises the proxy's URL (and `initial-cluster` names those); a member
 * beyond the spec's starts into the cluster its bootstrap names, under its own name.
 */
export function configuredSettings(
  spec: ClusterSpec,
  member: MemberSpec & { configured: ConfiguredMember },
): Array<[string, string]> {
  const written = new Map(member.configured.settings.map(({ name, value }) => [name, value]));
  const addressOf = (name: string) => spec.members.find((candidate) => candidate.name === name)?.address;
  const clientScheme = firstScheme(written.get('advertise-client-urls'));
  const peerScheme = firstScheme(written.get('initial-advertise-peer-urls'));
  const asWritten = member.configured.urlsAsWritten === true;
  const { bootstrap, advertisedPeerUrl } = member;
  // A member beyond the spec's, or one behind a peer proxy, starts with the cluster the spec or its bootstrap names.
  const initialCluster = bootstrap?.initialCluster ?? (advertisedPeerUrl ? spec.initialCluster : undefined);
  const settings = new Map<string, string>();
  for (const { name, value } of member.configured.settings) {
    if (DROPPED.has(name)) continue;
    if (name === 'name') settings.set(name, member.name);
    else if (name === 'initial-cluster' && initialCluster !== undefined) settings.set(name, initialCluster);
    else if (name === 'initial-advertise-peer-urls' && advertisedPeerUrl) settings.set(name, advertisedPeerUrl);
    else if (name === 'initial-cluster-token' && bootstrap) settings.set(name, bootstrap.token);
    else if (name === 'initial-cluster-state' && bootstrap) settings.set(name, bootstrap.state);
    else if (asWritten && (URL_LISTS.has(name) || name === 'initial-cluster')) settings.set(name, value);
    else if (name === 'data-dir') settings.set(name, member.dataDir);
    else if (name === 'wal-dir') settings.set(name, configuredWalDir(member.dataDir));
    else if (URL_LISTS.has(name))
      settings.set(name, rehostUrls(value, member.address, PEER_URLS.has(name) ? peerScheme : clientScheme));
    else if (name === 'initial-cluster') settings.set(name, rehostInitialCluster(value, addressOf));
    else if (PKI_FILES[name]) settings.set(name, member.pki[PKI_FILES[name]]);
    else if (LOG_OUTPUTS.has(name)) settings.set(name, 'stderr');
    // The run bootstraps a new cluster: a member written to join a running one starts with the others instead.
    else if (name === 'initial-cluster-state' && value === 'existing') settings.set(name, 'new');
    else settings.set(name, value);
  }
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && !settings.has(name)) settings.set(name, value);
  };
  add('data-dir', member.dataDir);
  if (bootstrap) add('name', member.name);
  add('initial-cluster', initialCluster);
  add('initial-advertise-peer-urls', advertisedPeerUrl);
  add('initial-cluster-token', bootstrap?.token);
  add('initial-cluster-state', bootstrap?.state);
  if (!asWritten) {
    for (const [listen, advertise] of [
      ['listen-client-urls', 'advertise-client-urls'],
      ['listen-peer-urls', 'initial-advertise-peer-urls'],
    ]) {
      // etcd's defaults listen and advertise on localhost, which every member would share.
      if (!written.has(listen)) add(listen, rehostUrls(ETCD_DEFAULTS.urls[listen], member.address));
      if (!written.has(listen) && !written.has(advertise))
        add(advertise, rehostUrls(ETCD_DEFAULTS.urls[advertise], member.address));
    }
  }
  return [...settings];
}

/** Where a member whose configuration sets wal-dir keeps its WAL in the sandbox: beside its data, in its data folder. */
export function configuredWalDir(dataDir: string): string {
  return path.posix.join(dataDir, 'wal');
}

/** The wal dir of a member whose configuration sets one (so a snapshot restored for it puts the WAL there), or undefined. */
export function walDirOf(member: MemberSpec, dataDir: string): string | undefined {
  return member.configured?.settings.some((setting) => setting.name === 'wal-dir')
    ? configuredWalDir(dataDir)
    : undefined;
}

/**
 * A member beyond the spec's (added to the cluster by a check, or of a cluster restored beside it) of a
 * cluster from the user's configuration: it runs the settings of the configuration's first member
 * (TLS, certificate and CA settings, client-cert-auth, cipher suites, auto-tls, timing, quotas, every
 * other flag), with its own name, its own address (the URLs' schemes and ports kept), its own data
 * dir, its own certificates (`member.pki`, from the run's CA), and the cluster it starts into (its
 * bootstrap, set by the caller). Its URLs follow the configuration's schemes, as the settings do.
 */
export function configuredSpareMember(spec: ClusterSpec, member: MemberSpec): MemberSpec {
  const template = spec.members.find((candidate) => candidate.configured)?.configured;
  if (!template) return member;
  const from = spec.members.find((candidate) => candidate.configured === template) as MemberSpec;
  // Its name, initial-cluster, token and state are rendered from the member and its bootstrap (see configuredSettings).
  const { settings } = template;
  return {
    ...member,
    ...memberUrls(settings, (url) => rehostUrls(url, member.address)),
    configured: { file: template.file, form: template.form, settings, derivedFrom: from.name },
  };
}

/** The client and peer URL a member advertises (the first of each list; etcd's defaults where none is written), through `rehost`. */
function memberUrls(
  settings: Array<{ name: string; value: string }>,
  rehost: (url: string) => string,
): { clientUrl: string; peerUrl: string } {
  const first = (...names: string[]) =>
    names
      .map((name) => listItems(settings.find((setting) => setting.name === name)?.value ?? '')[0])
      .find((url) => url !== undefined);
  return {
    clientUrl: rehost(
      first('advertise-client-urls', 'listen-client-urls') ?? ETCD_DEFAULTS.urls['advertise-client-urls'],
    ),
    peerUrl: rehost(
      first('initial-advertise-peer-urls', 'listen-peer-urls') ?? ETCD_DEFAULTS.urls['initial-advertise-peer-urls'],
    ),
  };
}

/** One row of the report's configuration mapping: a setting the run changed, added or left out. */
export interface ConfigMappingRow {
  member: string;
  setting: string;
  /** As the configuration writes it; null when it does not. */
  config: string | null;
  /** As the run gives it to etcd; null when the run leaves it out. */
  run: string | null;
}

/** A member beyond the spec's that a check ran with settings derived from the configuration's (see configuredSpareMember). */
export interface DerivedMember {
  member: MemberSpec;
  /** The check that added it, or restored it beside the cluster. */
  check: string;
}

/**
 * How the run differs from the configuration, member by member: every setting whose value changed,
 * was added or was left out. `asRun` gives the member as its target runs it (a container's paths).
 * Members checks added or restored (`derived`) are compared with the settings of the member they were
 * derived from, as that member's file writes them.
 */
export function configMapping(
  spec: ClusterSpec,
  asRun: (member: MemberSpec) => MemberSpec = (member) => member,
  derived: DerivedMember[] = [],
): ConfigMappingRow[] {
  return [...spec.members, ...derived.map(({ member }) => member)].flatMap((member) => {
    if (!member.configured) return [];
    const configured = member.configured;
    const source = configured.derivedFrom
      ? spec.members.find((candidate) => candidate.name === configured.derivedFrom)?.configured
      : configured;
    const rendered = new Map(configuredSettings(spec, { ...asRun(member), configured }));
    const written = new Map((source ?? configured).settings.map(({ name, value }) => [name, value]));
    const rows: ConfigMappingRow[] = [];
    for (const [setting, config] of written) {
      const run = rendered.get(setting) ?? null;
      if (run !== config) rows.push({ member: member.name, setting, config, run });
    }
    for (const [setting, run] of rendered)
      if (!written.has(setting)) rows.push({ member: member.name, setting, config: null, run });
    return rows;
  });
}

/** Which file each member of the run came from; for a member a check added or restored, the file of the member it was derived from, and why. */
export function configFiles(
  spec: ClusterSpec,
  derived: DerivedMember[] = [],
): Array<{ member: string; file: string; form: string; derivedFrom?: string; forCheck?: string }> {
  return [
    ...spec.members.flatMap((member) =>
      member.configured ? [{ member: member.name, file: member.configured.file, form: member.configured.form }] : [],
    ),
    ...derived.flatMap(({ member, check }) =>
      member.configured?.derivedFrom
        ? [
            {
              member: member.name,
              file: member.configured.file,
              form: member.configured.form,
              derivedFrom: member.configured.derivedFrom,
              forCheck: check,
            },
          ]
        : [],
    ),
  ];
}

const where = (at: SourcePosition) => `${at.file}:${at.line}:${at.column}`;
const valueWhere = (setting: Setting) => where(setting.valueAt ?? setting.at);

function refuse(at: string, message: string): never {
  throw new ConfigurationError(`${at}: ${message}`);
}

/** The hosts a member's URLs name (its certificates name them: the hosts' clients and peers check them). */
export function hostsOf(member: MemberConfig): string[] {
  const hosts = new Set<string>();
  for (const setting of member.settings) {
    const urls =
      setting.name === 'initial-cluster'
        ? listItems(setting.value)
            .filter((entry) => entry.split('=')[0] === member.name)
            .map((entry) => entry.split(/=(.*)/s)[1] ?? '')
        : urlsOf(setting);
    for (const url of urls) {
      const host = splitUrl(url)?.host;
      // Wildcard listeners name no host; a host that is no IP or DNS name (an unexpanded ${VAR}) cannot be a SAN.
      if (host && host !== '0.0.0.0' && host !== '::' && usableSan(host)) hosts.add(host);
    }
  }
  return [...hosts];
}

const usableSan = (name: string) => isIP(name) !== 0 || DNS_NAME.test(name);

/** What the member's certificates name besides its address: the hosts of its URLs, and kubeadm's serverCertSANs and peerCertSANs. */
function certificateNames(member: MemberConfig): string[] {
  const kubeadm = [...(member.certSans?.server ?? []), ...(member.certSans?.peer ?? [])].filter(usableSan);
  return [...new Set([...hostsOf(member), ...kubeadm])];
}

/**
 * Refuses, naming the file and line, what cannot run in a sandbox (see bootRefusals, which `lint
 * --boot` reports from): more members than a run starts, discovery instead of `initial-cluster`,
 * unix-socket URLs, an `initial-cluster` that names members without a file (or leaves one out),
 * names that cannot be folders, two files for one member.
 */
export function assertBootable(members: MemberConfig[]): void {
  const refusal = bootRefusals(members)[0];
  if (refusal) refuse(`${refusal.file}:${refusal.line}:${refusal.column}`, `${refusal.message} (${refusal.rule})`);
}

/** A whole number of milliseconds from a setting, or etcd's default when it is not written. */
function millis(member: MemberConfig, name: string, fallback: number): number {
  const setting = settingOf(member, name);
  if (!setting) return fallback;
  if (!/^\d+$/.test(setting.value.trim()))
    refuse(valueWhere(setting), `${setting.key} is '${setting.value}'; etcd takes a whole number of milliseconds`);
  return Number(setting.value);
}

/** Each setting once, with its last value (etcd keeps the last of repeated flags), in the order first written. */
function lastValues(member: MemberConfig): Array<{ name: string; value: string }> {
  const values = new Map<string, string>();
  for (const setting of member.settings) values.set(setting.name, setting.value);
  return [...values].map(([name, value]) => ({ name, value }));
}

/** Where a cluster from a configuration runs: one address per member, in the members' order. */
export interface ConfigSandbox {
  addresses: string[];
  /** The members run on the hosts their URLs name (ssh hosts): every URL stays as written. */
  urlsAsWritten?: boolean;
}

/**
 * The spec of the user's own cluster, as their configuration defines it: the same member names and
 * settings, run on the sandbox's addresses, with this run's data dirs, logs and PKI. Timing, token
 * and initial-cluster are the configuration's (etcd's defaults where it says nothing).
 */
export function clusterSpecFromConfig(
  members: MemberConfig[],
  stateDir: string,
  sandbox: ConfigSandbox,
  options: {
    topology: Pick<TopologyOptions, 'baseAddress' | 'extraSans' | 'certValidityDays' | 'keyAlgorithm'>;
    startupTimeoutMs: number;
    /** A PKI folder the user provided; by default the PKI is generated into `<stateDir>/pki`. */
    pkiRoot?: string;
    runId?: string;
  },
): ClusterSpec {
  assertBootable(members);
  if (sandbox.addresses.length < members.length)
    throw new Error(`${members.length} members need ${members.length} addresses, ${sandbox.addresses.length} given`);
  const root = path.resolve(stateDir);
  const pki = pkiPaths(options.pkiRoot ? path.resolve(options.pkiRoot) : path.join(root, 'pki'));
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const specs: MemberSpec[] = members.map((config, index) => {
    const address = sandbox.addresses[index];
    const rehost = (url: string) => (sandbox.urlsAsWritten ? url : rehostUrls(url, address));
    return {
      name: config.name,
      address,
      ...memberUrls(lastValues(config), rehost),
      dataDir: path.join(root, 'data', config.name),
      logFile: path.join(root, 'logs', `${config.name}.log`),
      pki: memberPkiPaths(pki, config.name),
      configured: {
        file: config.file,
        form: config.form,
        settings: lastValues(config),
        ...(sandbox.urlsAsWritten ? { urlsAsWritten: true } : {}),
      },
      extraSans: certificateNames(config),
    };
  });
  const firstMember = members[0];
  const timing: TimingOptions = {
    heartbeatMs: millis(firstMember, 'heartbeat-interval', ETCD_DEFAULTS.heartbeatMs),
    electionMs: millis(firstMember, 'election-timeout', ETCD_DEFAULTS.electionMs),
    startupTimeoutMs: options.startupTimeoutMs,
  };
  const port = (url: string, fallback: number) => Number(splitUrl(url)?.port || fallback);
  const spec: ClusterSpec = {
    runId,
    token: settingOf(firstMember, 'initial-cluster-token')?.value ?? ETCD_DEFAULTS.token,
    stateDir: root,
    topology: {
      members: specs.length,
      baseAddress: options.topology.baseAddress,
      clientPort: port(specs[0].clientUrl, 2379),
      peerPort: port(specs[0].peerUrl, 2380),
      extraSans: options.topology.extraSans,
      certValidityDays: options.topology.certValidityDays,
      keyAlgorithm: options.topology.keyAlgorithm,
    },
    timing,
    members: specs,
    initialCluster: '',
    pki,
  };
  const initialCluster = settingOf(firstMember, 'initial-cluster');
  spec.initialCluster = initialCluster
    ? rehostInitialCluster(initialCluster.value, (name) =>
        sandbox.urlsAsWritten ? undefined : specs.find((member) => member.name === name)?.address,
      )
    : `${specs[0].name}=${specs[0].peerUrl}`;
  return spec;
}
