import { isIP } from 'node:net';
import { MAX_ROUNDS } from '../checks/rounds.js';
import { ConfigurationError } from '../errors.js';
import { CHECK_NAMES, CHECKS, DEFAULT_CHECKS, checkNamed, isCheckName, type CheckName } from '../checks/registry.js';
import type { GivenCluster, NamedMember, TimingOptions, TopologyOptions } from '../cluster/topology.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, type KeyAlgorithm } from '../pki/key-algorithm.js';
import { DEFAULT_TARGET_KIND, type TargetOptions } from '../targets/kind.js';
import { targetAddressing, targetEntry } from '../targets/registry.js';
import { DEFAULT_DOWNLOAD_URL, DEFAULT_ETCD_VERSION, MIN_ETCD_VERSION } from '../etcd/releases.js';
import type { EtcdBinaryOptions } from '../etcd/install.js';
import { flagLabel, type OptionReader } from './reader.js';
import { parseTarget } from './target-options.js';

/**
 * Every option the product takes, by its public kebab-case name. The action reads them as inputs
 * (`members`), the CLI as flags (`--members`); both parse them here, so both reject the same values
 * with the same words.
 */

const DNS_NAME =
  /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** `name=address` entries, comma- or newline-separated, each name a DNS label and unique, each address an IP or DNS name. */
export function parseMemberList(read: OptionReader): NamedMember[] | undefined {
  const entries = read.list('member-list');
  if (entries.length === 0) return undefined;
  const allowed =
    'name=address entries (a DNS label, then an IP address or DNS name), one per member, comma- or newline-separated';
  const list = entries.map((entry) => {
    const [name, address, ...rest] = entry.split('=');
    if (
      !name ||
      !address ||
      rest.length > 0 ||
      !DNS_LABEL.test(name) ||
      (isIP(address) === 0 && !DNS_NAME.test(address))
    ) {
      read.fail('member-list', entry, allowed);
    }
    return { name, address };
  });
  for (const key of ['name', 'address'] as const) {
    const seen = new Set<string>();
    for (const member of list) {
      if (seen.has(member[key]))
        read.fail('member-list', read.raw('member-list') ?? '', `${allowed}; the ${key} ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  if (list.length > 9)
    read.fail('member-list', read.raw('member-list') ?? '', `at most 9 members (${list.length} given)`);
  return list;
}

/**
 * Members, addresses, ports and certificate settings: what the certificates must be made for. The
 * target decides where addresses come from: loopback for local processes, a bridge network's /24
 * for containers, the hosts themselves for ssh.
 *
 * `freeLoopbackBlock`: for a run that makes its PKI now and starts its members on this machine, the
 * local target's default is a loopback block on which nothing listens (127.0.N.11), so two runs on one
 * machine do not collide. Where the certificates are made for later or elsewhere (`certs`), or come
 * with `pki-dir`, the default stays 127.0.0.11, the addresses those certificates name.
 */
export function parseTopology(
  read: OptionReader,
  target: TargetOptions = { kind: DEFAULT_TARGET_KIND },
  { freeLoopbackBlock = false }: { freeLoopbackBlock?: boolean } = {},
): TopologyOptions {
  const addressing = targetAddressing(target);
  for (const { name, allowed } of addressing.refused) {
    const value = read.raw(name);
    if (value !== undefined) read.fail(name, value, allowed);
  }
  const memberList = addressing.implied?.list ?? parseMemberList(read);
  const members = read.integer('members', memberList?.length ?? 3, 1, 9);
  if (memberList && members !== memberList.length) {
    const source = addressing.implied?.option ?? 'member-list';
    read.fail('members', String(members), `${memberList.length}, the number of entries in ${source} (or leave it out)`);
  }
  const baseAddress = read.raw('base-address') ?? addressing.defaultBase({ freeLoopbackBlock });
  const baseProblem = addressing.baseProblem(baseAddress.split('.').map(Number), isIP(baseAddress) === 4, members);
  if (baseProblem !== undefined) read.fail('base-address', baseAddress, baseProblem);
  const clientPort = read.integer('client-port', 2379, 1024, 65535);
  const peerPort = read.integer('peer-port', 2380, 1024, 65535);
  if (clientPort === peerPort) {
    read.fail('peer-port', String(peerPort), `a port other than the client port ${clientPort}`);
  }
  const extraSans = read.list('extra-sans');
  for (const san of extraSans) {
    if (isIP(san) === 0 && !DNS_NAME.test(san)) {
      read.fail('extra-sans', san, 'IP addresses and DNS names, separated by commas or new lines');
    }
  }
  return {
    members,
    ...(memberList ? { memberList } : {}),
    baseAddress,
    clientPort,
    peerPort,
    extraSans,
    certValidityDays: read.integer('cert-validity-days', 365, 1, 3650),
    keyAlgorithm: parseKeyAlgorithm(read),
  };
}

/** `key-algorithm`; the removed `key-size` is refused with what replaced it. */
function parseKeyAlgorithm(read: OptionReader): KeyAlgorithm {
  refuseReplacedOptions(read);
  return read.oneOf('key-algorithm', DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS);
}

/** Refuses an option that was removed (`key-size`), saying what replaced it and what its value is now. */
export function refuseReplacedOptions(read: OptionReader): void {
  const keySize = read.raw('key-size');
  if (keySize !== undefined) {
    const name = (option: string) => (read.label === flagLabel ? `--${option}` : option);
    const algorithm = `rsa-${keySize}`;
    const hint = (KEY_ALGORITHMS as readonly string[]).includes(algorithm)
      ? `${name('key-size')} '${keySize}' is ${name('key-algorithm')} ${algorithm}`
      : `allowed: ${name('key-algorithm')}, one of ${KEY_ALGORITHMS.join(', ')}`;
    throw new ConfigurationError(
      `${read.label('key-size')} was replaced by ${name('key-algorithm')} (e.g. rsa-2048); ${hint}`,
    );
  }
}

/** Raft timing and how long a member may take to become healthy. */
export function parseTiming(read: OptionReader): TimingOptions {
  const heartbeatMs = read.integer('heartbeat-ms', 100, 10, 10000);
  const electionMs = read.integer('election-ms', 1000, 50, 50000);
  if (electionMs < 5 * heartbeatMs) {
    // etcd refuses to start with such timing; say so before anything starts.
    read.fail(
      'election-ms',
      String(electionMs),
      `at least 5 x heartbeat-ms (${5 * heartbeatMs} for heartbeat-ms ${heartbeatMs}), as etcd requires`,
    );
  }
  const startupTimeoutMs = read.integer('startup-timeout-seconds', 60, 1, 600) * 1000;
  return { heartbeatMs, electionMs, startupTimeoutMs };
}

/** Parses an etcd version `3.5.21` or `v3.5.21` into its numbers, or undefined if it is not one. */
export function parseEtcdVersion(value: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(value);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Compares two versions as numbers: negative, zero or positive. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Where the etcd binaries come from. */
export function parseEtcdBinary(read: OptionReader): EtcdBinaryOptions {
  const etcdVersion = read.raw('etcd-version');
  if (etcdVersion !== undefined) {
    const parsed = parseEtcdVersion(etcdVersion);
    if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0) {
      read.fail('etcd-version', etcdVersion, `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`);
    }
  }
  const downloadUrl = read.raw('etcd-download-url') ?? DEFAULT_DOWNLOAD_URL;
  let url: URL | undefined;
  try {
    url = new URL(downloadUrl);
  } catch {
    url = undefined;
  }
  // Plain http only to a mirror on this machine: anywhere else, anyone on the way could swap the
  // release and its SHA256SUMS together.
  const loopback = url !== undefined && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
  if (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))) {
    read.fail(
      'etcd-download-url',
      downloadUrl,
      'an https URL of a folder laid out like etcd release downloads (http only to localhost, 127.x.y.z or [::1])',
    );
  }
  return {
    etcdPath: read.raw('etcd-path'),
    etcdVersion: etcdVersion?.replace(/^v/, ''),
    downloadUrl: downloadUrl.replace(/\/+$/, ''),
  };
}

/**
 * The etcd release the upgrade check moves the members to: a release to find or download
 * (`upgrade-etcd-version`), a folder of binaries (`upgrade-etcd-path`), or, where the members run
 * images, an image (`upgrade-image`, else the official image of `upgrade-etcd-version`).
 */
export interface UpgradeReleaseOptions {
  etcdVersion?: string;
  etcdPath?: string;
  image?: string;
  downloadUrl: string;
}

/** An image reference as the docker CLI takes it, never an option. */
const IMAGE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/;

/**
 * The upgrade release, or undefined when none is given. `runsLocalBinary`: the members run an etcd
 * binary of this machine (else an image), which decides whether a path or an image is taken.
 */
export function parseUpgradeRelease(read: OptionReader, runsLocalBinary: boolean): UpgradeReleaseOptions | undefined {
  const etcdVersion = read.raw('upgrade-etcd-version');
  const etcdPath = read.raw('upgrade-etcd-path');
  const image = read.raw('upgrade-image');
  if (etcdVersion === undefined && etcdPath === undefined && image === undefined) return undefined;
  if (etcdVersion !== undefined) {
    const parsed = parseEtcdVersion(etcdVersion);
    if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0)
      read.fail(
        'upgrade-etcd-version',
        etcdVersion,
        `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`,
      );
  }
  if (runsLocalBinary && image !== undefined)
    read.fail(
      'upgrade-image',
      image,
      `nothing on this target, whose members run an etcd binary of this machine: give ${read.label('upgrade-etcd-version')} or ${read.label('upgrade-etcd-path')}`,
    );
  if (!runsLocalBinary && etcdPath !== undefined)
    read.fail(
      'upgrade-etcd-path',
      etcdPath,
      `nothing on this target, whose members run images: give ${read.label('upgrade-image')} or ${read.label('upgrade-etcd-version')}`,
    );
  if (image !== undefined && !IMAGE_REFERENCE.test(image))
    read.fail('upgrade-image', image, 'an image reference such as gcr.io/etcd-development/etcd:v3.5.21');
  return {
    ...(etcdVersion === undefined ? {} : { etcdVersion: etcdVersion.replace(/^v/, '') }),
    ...(etcdPath === undefined ? {} : { etcdPath }),
    ...(image === undefined ? {} : { image }),
    downloadUrl: parseEtcdBinary(read).downloadUrl,
  };
}

/** An existing PKI to use instead of generating one, and how long its certificates must stay valid. */
export interface ProvidedPkiOptions {
  pkiDir?: string;
  minValidityDays: number;
}

export function parseProvidedPki(read: OptionReader): ProvidedPkiOptions {
  return { pkiDir: read.raw('pki-dir'), minValidityDays: read.integer('min-cert-validity-days', 7, 0, 3650) };
}

/** Which checks to run: a list of names, or `all`; none runs the default ones. `members` decides which can run at all. */
export function parseChecks(read: OptionReader, members: number): CheckName[] {
  return parseCheckSelection(read, members).checks;
}

const RELEASE_OPTIONS = ['upgrade-etcd-version', 'upgrade-etcd-path', 'upgrade-image'] as const;

/**
 * The checks to run, and which of them came only from `all` (`optional`): `all` is every check that
 * can run on this cluster, so one of those that cannot (too few members, a target that lacks the
 * fault) is skipped with the reason and does not fail the run. A check named, or one of the default
 * ones, must run: too few members for it are refused here, and a skip fails the run.
 */
export function parseCheckSelection(
  read: OptionReader,
  members: number,
  releaseGiven = false,
): { checks: CheckName[]; optional: CheckName[] } {
  const allowed = `a list of ${CHECK_NAMES.join(', ')}, or all`;
  const names = read.list('checks');
  const raw = read.raw('checks');
  // `--checks ,` names no check: refused rather than taken as "the default ones".
  if (raw !== undefined && names.length === 0) read.fail('checks', raw, allowed);
  const checks: CheckName[] = [];
  const required = new Set<CheckName>();
  for (const name of names.length === 0 ? DEFAULT_CHECKS : names) {
    // `all` brings in a check that moves the members to another release only when one is given.
    if (name === 'all')
      checks.push(...CHECKS.filter((check) => releaseGiven || !check.needsRelease).map((check) => check.name));
    else if (isCheckName(name)) {
      if (checkNamed(name).needsRelease && !releaseGiven)
        read.fail(
          'checks',
          name,
          `${name} only together with ${read.label(RELEASE_OPTIONS[0])}, ${read.label(RELEASE_OPTIONS[1])} or ${read.label(RELEASE_OPTIONS[2])}, which name the release it moves the members to`,
        );
      checks.push(name);
      required.add(name);
    } else read.fail('checks', name, allowed);
  }
  const unique = [...new Set(checks)];
  const tooFew = CHECKS.filter((check) => required.has(check.name) && (check.minMembers?.count ?? 1) > members);
  if (tooFew.length > 0) {
    const needed = Math.max(...tooFew.map((check) => check.minMembers?.count ?? 1));
    const counts = `${needed} to 9`;
    const why = [...new Set(tooFew.map((check) => check.minMembers?.why))].join('; ');
    const fitting = unique.filter((name) => !tooFew.some((check) => check.name === name));
    const plural = (list: unknown[]) => (list.length > 1 ? 's' : '');
    read.fail(
      'members',
      String(members),
      `${counts} for the ${tooFew.map((check) => check.name).join(' and ')} check${plural(tooFew)} (${why})` +
        (fitting.length > 0
          ? `; to run only the ${fitting.join(' and ')} check${plural(fitting)} on ${members} member${members === 1 ? '' : 's'}, set checks to ${fitting.join(',')}`
          : ''),
    );
  }
  return { checks: unique, optional: unique.filter((name) => !required.has(name)) };
}

/** How many times the checks that stop members run on the same cluster, for figures with a spread. */
export function parseRounds(read: OptionReader): number {
  return read.integer('rounds', 1, 1, MAX_ROUNDS);
}

/** Options the user's configuration decides when `config` is given: giving them too is refused. */
export const DECIDED_BY_CONFIG = [
  'members',
  'member-list',
  'heartbeat-ms',
  'election-ms',
  'client-port',
  'peer-port',
] as const;

/**
 * The path of the user's own etcd configuration to boot (a file or a folder), or undefined. With it,
 * the configuration decides members, names, ports and timing, so those options are refused.
 */
export function parseConfigPath(read: OptionReader): string | undefined {
  const config = read.raw('config');
  if (config === undefined) return undefined;
  for (const name of DECIDED_BY_CONFIG) {
    const value = read.raw(name);
    if (value !== undefined) {
      read.fail(
        name,
        value,
        `nothing together with ${read.label('config')} '${config}': the configuration decides the members, their names, ports and timing`,
      );
    }
  }
  return config;
}

/** Everything bringing a cluster up takes (the `up` action), parsed in one order everywhere. */
export interface ClusterOptions {
  /** The user's own etcd configuration to boot instead of a cluster of this product's making. */
  config?: string;
  target: TargetOptions;
  topology: TopologyOptions;
  timing: TimingOptions;
  binary: EtcdBinaryOptions;
  provided: ProvidedPkiOptions;
  warnings: string[];
}

/** Everything a full run takes (the CLI's `run`, the all-in-one action). */
export interface RunOptions extends ClusterOptions {
  checks: CheckName[];
  /** The checks only `all` brought in: skipped, they do not fail the run (see parseCheckSelection). */
  optionalChecks: CheckName[];
  rounds: number;
  /** The release the upgrade check moves the members to, when one is given. */
  release?: UpgradeReleaseOptions;
}

export function parseClusterOptions(read: OptionReader): ClusterOptions {
  const target = parseTarget(read);
  const config = parseConfigPath(read);
  const provided = parseProvidedPki(read);
  const topology = parseTopology(read, target, { freeLoopbackBlock: provided.pkiDir === undefined });
  // With a configuration, the member count is known once it is read.
  const warning = config === undefined ? memberCountWarning(topology.members) : undefined;
  return {
    ...(config === undefined ? {} : { config }),
    target,
    topology,
    timing: parseTiming(read),
    binary: parseEtcdBinary(read),
    provided,
    warnings: warning ? [warning] : [],
  };
}

export function parseRunOptions(read: OptionReader): RunOptions {
  const options = parseClusterOptions(read);
  const release = parseUpgradeRelease(read, targetRunsLocalBinary(options.target.kind));
  const { checks, optional } = parseCheckSelection(read, options.topology.members, release !== undefined);
  return {
    ...options,
    checks,
    optionalChecks: optional,
    rounds: parseRounds(read),
    ...(release === undefined ? {} : { release }),
  };
}

/** A warning for a member count that adds no fault tolerance, or undefined. */
export function memberCountWarning(members: number): string | undefined {
  if (members > 1 && members % 2 === 0) {
    const tolerated = Math.floor((members - 1) / 2);
    return (
      `members is ${members}: an even count adds no fault tolerance over ${members - 1} ` +
      `(both tolerate ${tolerated} failed member${tolerated === 1 ? '' : 's'}) and needs a larger quorum`
    );
  }
  return undefined;
}

/** `endpoints` (`https://host:port` or `name=https://host:port` entries) and `pki-dir`; undefined if no endpoints are given. */
export function parseGivenCluster(read: OptionReader): GivenCluster | undefined {
  const entries = read.list('endpoints');
  if (entries.length === 0) return undefined;
  const allowed = 'https://host:port or name=https://host:port entries, one per member, comma- or newline-separated';
  const members = entries.map((entry, index) => {
    const [name, rawUrl] = entry.includes('=') ? entry.split(/=(.*)/s) : [`etcd-${index + 1}`, entry];
    let url: URL | undefined;
    try {
      url = new URL(rawUrl);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      url.protocol !== 'https:' ||
      !url.port ||
      (url.pathname !== '/' && url.pathname !== '') ||
      !DNS_LABEL.test(name)
    ) {
      return read.fail('endpoints', entry, allowed);
    }
    return { name, clientUrl: `https://${url.host}` };
  });
  for (const key of ['name', 'clientUrl'] as const) {
    const seen = new Set<string>();
    for (const member of members) {
      if (seen.has(member[key]))
        read.fail('endpoints', read.raw('endpoints') ?? '', `${allowed}; ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  const pkiDir = read.raw('pki-dir');
  if (pkiDir === undefined)
    read.fail(
      'pki-dir',
      '',
      'the PKI folder of the cluster (etcd/ca.crt and apiserver-etcd-client.crt/.key, as kubeadm lays them out), with endpoints',
    );
  return { members, pkiDir: pkiDir as string, timing: parseTiming(read) };
}

/** Whether the members of a target of this kind run an etcd binary of this machine (else an image). */
export function targetRunsLocalBinary(kind: TargetOptions['kind']): boolean {
  return targetEntry(kind).runsLocalBinary;
}
