import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import type { GivenCluster, TimingOptions, TopologyOptions } from '../config/options.js';
import { memberPkiPaths, pkiPaths, type MemberPkiPaths, type PkiPaths } from '../pki/layout.js';

/** One member, with every address, URL and path it is run with. */
export interface MemberSpec {
  name: string;
  address: string;
  clientUrl: string;
  peerUrl: string;
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
  /** `--initial-cluster`: name=peerURL for every member. */
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
    const host = isIP(address) === 6 ? `[${address}]` : address;
    return {
      name,
      address,
      clientUrl: `https://${host}:${topology.clientPort}`,
      peerUrl: `https://${host}:${topology.peerPort}`,
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
  if (!member) throw new Error(`no member ${name} in this cluster (members: ${spec.members.map((m) => m.name).join(', ')})`);
  return member;
}

/**
 * The member as a target that runs it elsewhere sees it: the same names and URLs, with its data dir
 * and certificates at that target's paths (`pkiDir` holds ca.crt, server.* and peer.*, as the
 * member's folder of the PKI does). Flags and etcd.conf.yml rendered from it point at those paths.
 */
export function relocatedMember(member: MemberSpec, paths: { dataDir: string; pkiDir: string; logFile?: string }): MemberSpec {
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
    topology: { members: members.length, baseAddress: '', clientPort: 0, peerPort: 0, extraSans: [], certValidityDays: 0, keySize: 0 },
    timing: given.timing,
    members,
    initialCluster: '',
    pki,
  };
}
