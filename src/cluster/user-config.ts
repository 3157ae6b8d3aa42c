import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import type { TimingOptions, TopologyOptions } from './topology.js';
import { ConfigurationError } from '../errors.js';
import { settingOf, type MemberConfig, type Setting, type SourcePosition } from '../lint/model.js';
import { memberPkiPaths, pkiPaths, type MemberPkiPaths } from '../pki/layout.js';
import type { ClusterSpec, ConfiguredMember, MemberSpec } from './spec.js';

/** The most members a run starts (as with `members`). */
export const MAX_CONFIG_MEMBERS = 9;

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

/** Settings whose value is a list of URLs a member listens on or advertises: each is re-hosted to the member's address. */
const URL_LISTS = new Set([
  'listen-client-urls',
  'listen-client-http-urls',
  'advertise-client-urls',
  'listen-peer-urls',
  'initial-advertise-peer-urls',
  'listen-metrics-urls',
]);

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
/** Where a member's name becomes a folder and a container name, it must be one. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?(.*)$/s;

interface UrlParts {
  scheme: string;
  /** Without IPv6 brackets. */
  host: string;
  port?: string;
  /** Whatever follows the port, kept as written. */
  rest: string;
}

function splitUrl(url: string): UrlParts | undefined {
  const match = URL_PARTS.exec(url.trim());
  if (!match) return undefined;
  const [, scheme, host, port, rest] = match;
  return { scheme: scheme.toLowerCase(), host: host.replace(/^\[(.*)\]$/, '$1'), port, rest };
}

const bracketed = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

function joinUrl(parts: UrlParts, host: string): string {
  return `${parts.scheme}://${bracketed(host)}${parts.port === undefined ? '' : `:${parts.port}`}${parts.rest}`;
}

/** The items of a comma-separated list, trimmed, empty ones left out. */
const listItems = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

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
    const key = `${parts.port ?? ''}|${parts.rest}`;
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
 * address is set, since every member needs its own; nothing else is added.
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
  const settings: Array<[string, string]> = [];
  for (const { name, value } of member.configured.settings) {
    if (DROPPED.has(name)) continue;
    if (asWritten && (URL_LISTS.has(name) || name === 'initial-cluster')) settings.push([name, value]);
    else if (name === 'data-dir') settings.push([name, member.dataDir]);
    else if (name === 'wal-dir') settings.push([name, path.posix.join(member.dataDir, 'wal')]);
    else if (URL_LISTS.has(name))
      settings.push([name, rehostUrls(value, member.address, PEER_URLS.has(name) ? peerScheme : clientScheme)]);
    else if (name === 'initial-cluster') settings.push([name, rehostInitialCluster(value, addressOf)]);
    else if (PKI_FILES[name]) settings.push([name, member.pki[PKI_FILES[name]]]);
    else if (LOG_OUTPUTS.has(name)) settings.push([name, 'stderr']);
    // The run bootstraps a new cluster: a member written to join a running one starts with the others instead.
    else if (name === 'initial-cluster-state' && value === 'existing') settings.push([name, 'new']);
    else settings.push([name, value]);
  }
  if (!written.has('data-dir')) settings.push(['data-dir', member.dataDir]);
  if (asWritten) return settings;
  for (const [listen, advertise] of [
    ['listen-client-urls', 'advertise-client-urls'],
    ['listen-peer-urls', 'initial-advertise-peer-urls'],
  ]) {
    // etcd's defaults listen and advertise on localhost, which every member would share.
    if (!written.has(listen)) settings.push([listen, rehostUrls(ETCD_DEFAULTS.urls[listen], member.address)]);
    if (!written.has(listen) && !written.has(advertise))
      settings.push([advertise, rehostUrls(ETCD_DEFAULTS.urls[advertise], member.address)]);
  }
  return settings;
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

/**
 * How the run differs from the configuration, member by member: every setting whose value changed,
 * was added or was left out. `asRun` gives the member as its target runs it (a container's paths).
 */
export function configMapping(
  spec: ClusterSpec,
  asRun: (member: MemberSpec) => MemberSpec = (member) => member,
): ConfigMappingRow[] {
  return spec.members.flatMap((member) => {
    if (!member.configured) return [];
    const configured = member.configured;
    const rendered = new Map(configuredSettings(spec, { ...asRun(member), configured }));
    const written = new Map(configured.settings.map(({ name, value }) => [name, value]));
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

/** Which file each member of the run came from. */
export function configFiles(spec: ClusterSpec): Array<{ member: string; file: string; form: string }> {
  return spec.members.flatMap((member) =>
    member.configured ? [{ member: member.name, file: member.configured.file, form: member.configured.form }] : [],
  );
}

const where = (at: SourcePosition) => `${at.file}:${at.line}:${at.column}`;
const valueWhere = (setting: Setting) => where(setting.valueAt ?? setting.at);
/** Where a member is defined: its `name` setting, or the start of its file. */
const memberWhere = (member: MemberConfig) => {
  const name = settingOf(member, 'name');
  return name ? where(name.at) : `${member.file}:1:1`;
};

function refuse(at: string, message: string): never {
  throw new ConfigurationError(`${at}: ${message}`);
}

/** Every URL a setting holds (URL lists, and the URLs of `initial-cluster` entries). */
function urlsOf(setting: Setting): string[] {
  if (setting.name === 'initial-cluster')
    return listItems(setting.value).map((entry) => entry.split(/=(.*)/s)[1] ?? '');
  return URL_LISTS.has(setting.name) ? listItems(setting.value) : [];
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
 * Refuses, naming the file and line, what cannot run in a sandbox: more members than a run starts,
 * discovery instead of `initial-cluster`, unix-socket URLs, an `initial-cluster` that names members
 * without a file (or leaves one out), names that cannot be folders, two files for one member.
 */
export function assertBootable(members: MemberConfig[]): void {
  if (members.length > MAX_CONFIG_MEMBERS) {
    const extra = members[MAX_CONFIG_MEMBERS];
    refuse(
      memberWhere(extra),
      `member ${extra.name} is member ${MAX_CONFIG_MEMBERS + 1} of ${members.length}; a run starts at most ${MAX_CONFIG_MEMBERS}`,
    );
  }
  const names = new Map<string, MemberConfig>();
  for (const member of members) {
    const earlier = names.get(member.name);
    if (earlier)
      refuse(
        memberWhere(member),
        `member ${member.name} is defined twice (also in ${earlier.file}); each member needs one file`,
      );
    if (!SAFE_NAME.test(member.name)) {
      refuse(
        memberWhere(member),
        `member name '${member.name}': the run needs names of letters, digits, '.', '_' and '-' (up to 63), as it names folders and containers after them`,
      );
    }
    names.set(member.name, member);
  }
  for (const member of members) {
    for (const name of ['discovery', 'discovery-srv'] as const) {
      const setting = settingOf(member, name);
      if (setting && setting.value.trim() !== '') {
        refuse(
          where(setting.at),
          `${setting.key} bootstraps member ${member.name} through discovery; a run needs initial-cluster, which names every member`,
        );
      }
    }
    const configFile = settingOf(member, 'config-file');
    if (configFile) {
      refuse(
        where(configFile.at),
        `${configFile.key} names ${configFile.value}, which is not among the files given; give that file too, so its settings are known`,
      );
    }
    for (const setting of member.settings) {
      for (const url of urlsOf(setting)) {
        const parts = splitUrl(url);
        if (!parts)
          refuse(valueWhere(setting), `${setting.key} holds '${url}', which is not a URL (scheme://host:port)`);
        if (parts.scheme === 'unix' || parts.scheme === 'unixs') {
          refuse(
            valueWhere(setting),
            `${setting.key} holds the unix socket URL '${url}'; a run maps every URL to a member's address, which a unix socket has none of`,
          );
        }
      }
    }
    const initialCluster = settingOf(member, 'initial-cluster');
    if (!initialCluster) {
      if (members.length > 1)
        refuse(
          memberWhere(member),
          `member ${member.name} has no initial-cluster, so it would start a cluster of its own; name every member in it`,
        );
      continue;
    }
    const named = new Set(listItems(initialCluster.value).map((entry) => entry.split('=')[0]));
    for (const name of named) {
      if (!names.has(name)) {
        refuse(
          valueWhere(initialCluster),
          `${initialCluster.key} names member ${name}, which no file given defines (members: ${[...names.keys()].join(', ')})`,
        );
      }
    }
    for (const name of names.keys()) {
      if (!named.has(name))
        refuse(
          valueWhere(initialCluster),
          `${initialCluster.key} of member ${member.name} leaves out member ${name} (${names.get(name)?.file})`,
        );
    }
  }
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
    const first = (...names: string[]) =>
      names.map((name) => listItems(settingOf(config, name)?.value ?? '')[0]).find((url) => url !== undefined);
    const rehost = (url: string) => (sandbox.urlsAsWritten ? url : rehostUrls(url, address));
    return {
      name: config.name,
      address,
      clientUrl: rehost(
        first('advertise-client-urls', 'listen-client-urls') ?? ETCD_DEFAULTS.urls['advertise-client-urls'],
      ),
      peerUrl: rehost(
        first('initial-advertise-peer-urls', 'listen-peer-urls') ?? ETCD_DEFAULTS.urls['initial-advertise-peer-urls'],
      ),
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
