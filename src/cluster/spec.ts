import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import type { GivenCluster, TimingOptions, TopologyOptions } from './topology.js';
import { memberPkiPaths, pkiPaths, type MemberPkiPaths, type PkiPaths } from '../pki/layout.js';
import { DEFAULT_KEY_ALGORITHM } from '../pki/key-algorithm.js';

/** One member, with every address, URL and path it is run with. */
export interface MemberSpec {
  name: string;
  address: string;
  clientUrl: string;
  /** The URL the member listens on for its peers (and advertises to them, unless `advertisedPeerUrl` is set). */
  peerUrl: string;
  /**
   * The URL the member advertises to its peers when a target puts a proxy of its own in front of the
   * peer port (to cut links between members): the peers reach the member only through it.
   */
  advertisedPeerUrl?: string;
  dataDir: string;
  logFile: string;
  pki: MemberPkiPaths;
  /**
   * The user's own etcd settings for this member (`run --config`), last value of each name, in the
   * order written. Flags are rendered from them, with addresses, paths and log outputs mapped to
   * this member's fields; without it the member runs this product's settings.
   */
  configured?: ConfiguredMember;
  /** Host names and IPs its certificates name besides its address (the hosts the configuration names). */
  extraSans?: string[];
  /**
   * For a member beyond the spec's: the cluster it starts into instead of the spec's bootstrap (a
   * member added to the running cluster joins it as `existing`, with the `--initial-cluster` etcd
   * answered the add with; a member of a cluster restored beside it starts a `new` one with its token).
   */
  bootstrap?: MemberBootstrap;
}

/** `--initial-cluster`, `--initial-cluster-token` and `--initial-cluster-state` of a member beyond the spec's. */
export interface MemberBootstrap {
  initialCluster: string;
  token: string;
  state: 'new' | 'existing';
}

/** Where a member's settings came from and what they are, as the user wrote them. */
export interface ConfiguredMember {
  /** The file that defines the member, as the user named it. */
  file: string;
  /** The form it is written in (`etcd-config-file`, `env-file`, `systemd-unit`, `kubeadm`, `static-pod`). */
  form: string;
  settings: Array<{ name: string; value: string }>;
  /** URLs run as written: the member runs on the host its URLs name (ssh hosts), not on an address of the run's. */
  urlsAsWritten?: boolean;
  /**
   * For a member beyond the spec's (added by a check, or of a cluster restored beside it): the member of
   * the configuration whose settings it runs, derived for it (see configuredSpareMember).
   */
  derivedFrom?: string;
}

/**
 * The single source of truth for a cluster: every flag, URL, path and certificate SAN is derived
 * from this, by every renderer and every target.
 */
export interface ClusterSpec {
  /** Identifies this run; part of the cluster token and of key prefixes the checks write. */
  runId: string;
  /** `--initial-cluster-token`, unique per run so two clusters never merge. */
  token: string;
  /** Folder that holds the PKI, data dirs, logs and state of this cluster. */
  stateDir: string;
  topology: TopologyOptions;
  timing: TimingOptions;
  members: MemberSpec[];
  /** `--initial-cluster`: name=peerURL for every member (the advertised one, where a target proxies the peers). */
  initialCluster: string;
  pki: PkiPaths;
}

/** The address of member `index` (0-based): the base address counted up in its last octet. */
export function memberAddress(baseAddress: string, index: number): string {
  const octets = baseAddress.split('.').map(Number);
  octets[3] += index;
  return octets.join('.');
}

/** Builds the spec for a new cluster in `stateDir`. */
export function buildClusterSpec(
  stateDir: string,
  topology: TopologyOptions,
  timing: TimingOptions,
  runId: string = randomBytes(4).toString('hex'),
  /** A PKI folder the user provided; by default the PKI is generated into `<stateDir>/pki`. */
  pkiRoot?: string,
): ClusterSpec {
  const root = path.resolve(stateDir);
  const pki = pkiPaths(pkiRoot ? path.resolve(pkiRoot) : path.join(root, 'pki'));
  const members: MemberSpec[] = Array.from({ length: topology.members }, (_, index) => {
    const name = topology.memberList?.[index].name ?? `etcd-${index + 1}`;
    const address = topology.memberList?.[index].address ?? memberAddress(topology.baseAddress, index);
    return {
      name,
      address,
      clientUrl: urlOn(address, topology.clientPort),
      peerUrl: urlOn(address, topology.peerPort),
      dataDir: path.join(root, 'data', name),
      logFile: path.join(root, 'logs', `${name}.log`),
      pki: memberPkiPaths(pki, name),
    };
  });
  return {
    runId,
    token: `etcd-ha-${runId}`,
    stateDir: root,
    topology,
    timing,
    members,
    initialCluster: members.map((member) => `${member.name}=${member.peerUrl}`).join(','),
    pki,
  };
}

/**
 * The state folder's folder for what members beyond the spec's need besides their data (their
 * certificates, a snapshot to restore): removed by the check that made them, and by `down`.
 */
export const SPARE_DIR = 'spare';

/** Where a target puts a member beyond the spec's: an address and the client and peer ports it listens on there. */
export interface SparePlace {
  address: string;
  clientPort: number;
  peerPort: number;
}

/** A place on `address` with the spec's client and peer ports (targets that give each member an address of its own). */
export function placeOnAddress(spec: ClusterSpec, address: string): SparePlace {
  return { address, clientPort: spec.topology.clientPort, peerPort: spec.topology.peerPort };
}

/**
 * A member beyond the spec's (added to the cluster, or of a cluster restored beside it) at `place`
 * (an address alone means the spec's ports there), its data and log beside the members', and its
 * certificates in the state folder's SPARE_DIR (never in a PKI the user provided).
 */
export function spareMember(
  spec: ClusterSpec,
  name: string,
  place: SparePlace | string,
  bootstrap?: MemberBootstrap,
): MemberSpec {
  const { address, clientPort, peerPort } = typeof place === 'string' ? placeOnAddress(spec, place) : place;
  return {
    name,
    address,
    clientUrl: urlOn(address, clientPort),
    peerUrl: urlOn(address, peerPort),
    dataDir: path.join(spec.stateDir, 'data', name),
    logFile: path.join(spec.stateDir, 'logs', `${name}.log`),
    pki: memberPkiPaths(pkiPaths(path.join(spec.stateDir, SPARE_DIR, 'pki')), name),
    ...(bootstrap ? { bootstrap } : {}),
  };
}

/** `--initial-cluster` for these members: name=peerURL (the advertised one where a proxy is in front). */
export function initialClusterOf(members: MemberSpec[]): string {
  return members.map((member) => `${member.name}=${member.advertisedPeerUrl ?? member.peerUrl}`).join(',');
}

/** A URL on the member's address (bracketed when IPv6) and `port`. */
function urlOn(address: string, port: number): string {
  return `https://${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
}

/**
 * The same cluster with each member advertising its peer URL on `port` of its own address (where a
 * proxy forwards to the peer URL it listens on), and `--initial-cluster` naming those URLs.
 */
export function withPeerProxies(spec: ClusterSpec, port: number): ClusterSpec {
  const members = spec.members.map((member) => ({ ...member, advertisedPeerUrl: urlOn(member.address, port) }));
  return {
    ...spec,
    members,
    initialCluster: members.map((member) => `${member.name}=${member.advertisedPeerUrl}`).join(','),
  };
}

/** The same cluster with other raft timing (as `up` may set it after `certs`). */
export function withTiming(spec: ClusterSpec, timing: TimingOptions): ClusterSpec {
  return { ...spec, timing };
}

/** Client URLs of all members, comma-separated, as ETCDCTL_ENDPOINTS takes them. */
export function clientEndpoints(spec: ClusterSpec): string {
  return spec.members.map((member) => member.clientUrl).join(',');
}

/** Finds a member by name, or throws naming the members there are. */
export function memberByName(spec: ClusterSpec, name: string): MemberSpec {
  const member = spec.members.find((candidate) => candidate.name === name);
  if (!member)
    throw new Error(`no member ${name} in this cluster (members: ${spec.members.map((m) => m.name).join(', ')})`);
  return member;
}

/**
 * The member as a target that runs it elsewhere sees it: the same names and URLs, with its data dir
 * and certificates at that target's paths (`pkiDir` holds ca.crt, server.* and peer.*, as the
 * member's folder of the PKI does). Flags and etcd.conf.yml rendered from it point at those paths.
 */
export function relocatedMember(
  member: MemberSpec,
  paths: { dataDir: string; pkiDir: string; logFile?: string },
): MemberSpec {
  const file = (name: string) => path.posix.join(paths.pkiDir, name);
  return {
    ...member,
    dataDir: paths.dataDir,
    logFile: paths.logFile ?? member.logFile,
    pki: {
      dir: paths.pkiDir,
      caCert: file('ca.crt'),
      serverCert: file('server.crt'),
      serverKey: file('server.key'),
      peerCert: file('peer.crt'),
      peerKey: file('peer.key'),
      healthcheckClientCert: file('healthcheck-client.crt'),
      healthcheckClientKey: file('healthcheck-client.key'),
    },
  };
}

/**
 * The spec of a running cluster this product did not start, from its client URLs: what was not
 * given (peer URLs, data dirs, ports of a topology) is left empty, and nothing here starts a member.
 */
export function givenClusterSpec(given: GivenCluster): ClusterSpec {
  const pki = pkiPaths(path.resolve(given.pkiDir));
  const members = given.members.map(({ name, clientUrl }) => ({
    name,
    address: new URL(clientUrl).hostname.replace(/^\[(.*)\]$/, '$1'),
    clientUrl,
    peerUrl: '',
    dataDir: '',
    logFile: '',
    pki: memberPkiPaths(pki, name),
  }));
  return {
    runId: randomBytes(4).toString('hex'),
    token: '',
    stateDir: pki.root,
    topology: {
      members: members.length,
      baseAddress: '',
      clientPort: 0,
      peerPort: 0,
      extraSans: [],
      certValidityDays: 0,
      keyAlgorithm: DEFAULT_KEY_ALGORITHM,
    },
    timing: given.timing,
    members,
    initialCluster: '',
    pki,
  };
}
