import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterSpec, MemberSpec } from '../../cluster/spec.js';
import { relocatedMember } from '../../cluster/spec.js';
import { etcdFlags } from '../../cluster/flags.js';
import { errorMessage } from '../../errors.js';
import type { TarFile } from '../../util/tar.js';
import { memberRelease, writtenFor } from '../target.js';
import type { ContainerTargetState } from './types.js';

/** Paths inside every member container: kubeadm's certificate folder and the guides' data dir. */
export const CONTAINER_PKI_DIR = '/etc/kubernetes/pki/etcd';
export const CONTAINER_DATA_DIR = '/var/lib/etcd';
/** Where the official etcd images keep etcd; an image given by the user must have it there too. */
export const CONTAINER_ETCD = '/usr/local/bin/etcd';
export const RUN_LABEL = 'io.github.etcd-ha.run';
/** Where a member restored from a snapshot keeps its data: in its volume, mounted at the data dir (etcdctl 3.4 restores only into a folder that does not exist). */
export const RESTORED_DATA_DIR = `${CONTAINER_DATA_DIR}/restored`;

/**
 * ARP in each member's network namespace: one probe, 100 ms, so connecting to an address no container
 * holds yet fails in about 100 ms ("no route to host") instead of waiting out etcd's timeout.
 */
const NEIGHBOUR_SYSCTLS = ['net.ipv4.neigh.eth0.mcast_solicit=1', 'net.ipv4.neigh.eth0.retrans_time_ms=100'];

/** The official etcd image of a version. */
export function officialImage(version: string): string {
  return `gcr.io/etcd-development/etcd:v${version}`;
}

/** The /24 that holds the members' addresses (validated to share one when the topology was parsed). */
export function memberSubnet(spec: ClusterSpec): string {
  const octets = spec.members[0].address.split('.');
  return `${octets.slice(0, 3).join('.')}.0/24`;
}

/**
 * A MAC address derived from the member's IPv4 address (Docker's own scheme before 28.0): a member
 * that is stopped and started keeps its MAC, so no neighbour cache on the network or this machine
 * points its address at the container that ran before.
 */
export function memberMac(address: string): string {
  return ['02', '42', ...address.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0'))].join(':');
}

/** A member as its container sees it: kubeadm's certificate folder, and the data dir (the guides' unless restored elsewhere). */
export function memberInContainer(member: MemberSpec, dataDir = CONTAINER_DATA_DIR): MemberSpec {
  return relocatedMember(member, { dataDir, pkiDir: CONTAINER_PKI_DIR });
}

/** A member of this run as its container sees it: its data in its volume's folder when it was restored from a snapshot. */
export function memberInRunContainer(state: ContainerTargetState, member: MemberSpec): MemberSpec {
  return memberInContainer(member, state.volumes?.[member.name] ? RESTORED_DATA_DIR : CONTAINER_DATA_DIR);
}

export function containerName(spec: ClusterSpec, member: MemberSpec): string {
  return `etcd-ha-${spec.runId}-${member.name}`;
}

/**
 * `docker create`'s arguments for a member's container: on the run's network at the member's address
 * (with the MAC address derived from it and the ARP settings, unless left out), its volume (if restored)
 * at the data dir, and the image's etcd with the member's flags as its container sees it.
 */
export function memberCreateArgs(
  spec: ClusterSpec,
  state: ContainerTargetState,
  member: MemberSpec,
  options: { mac: boolean; sysctls: boolean },
): string[] {
  const volume = state.volumes?.[member.name];
  // A member moved to another release (the upgrade check) runs that release's image.
  const release = memberRelease(state.release, member);
  return [
    'create',
    '--name',
    containerName(spec, member),
    '--hostname',
    member.name,
    '--network',
    state.network,
    '--ip',
    member.address,
    ...(options.mac ? ['--mac-address', memberMac(member.address)] : []),
    ...(options.sysctls ? NEIGHBOUR_SYSCTLS.flatMap((sysctl) => ['--sysctl', sysctl]) : []),
    '--network-alias',
    member.name,
    '--label',
    `${RUN_LABEL}=${spec.runId}`,
    ...(volume ? ['--volume', `${volume}:${CONTAINER_DATA_DIR}`] : []),
    '--entrypoint',
    CONTAINER_ETCD,
    ...(release ? [state.release?.runs ?? state.image] : [state.image]),
    ...etcdFlags(spec, memberInRunContainer(state, member), writtenFor(release)),
  ];
}

/**
 * The address of the CLI's container on the members' network: the highest below the members' (members
 * beyond the spec's take the addresses above them), else the highest of the /24 that no member uses.
 */
export function attachAddress(spec: ClusterSpec, state: ContainerTargetState): string {
  const octets = [...spec.members, ...Object.values(state.spare ?? {})].map((member) =>
    Number(member.address.split('.')[3]),
  );
  const prefix = state.subnet.split('.').slice(0, 3).join('.');
  const lowest = Math.min(...octets);
  // .1 is the network's gateway.
  if (lowest > 2) return `${prefix}.${lowest - 1}`;
  let octet = 254;
  while (octets.includes(octet)) octet--;
  return `${prefix}.${octet}`;
}

/** The member's files of the PKI, each at its path in the container (kubeadm's), by the field that names it. */
const MEMBER_PKI_FILES = [
  'caCert',
  'serverCert',
  'serverKey',
  'peerCert',
  'peerKey',
  'healthcheckClientCert',
  'healthcheckClientKey',
] as const;
/** etcd needs these; the healthcheck client's pair is for the user's probes, and a PKI the user provides may lack it. */
const OPTIONAL_PKI_FILES = new Set<string>(['healthcheckClientCert', 'healthcheckClientKey']);

/**
 * The member's certificates and keys as its container gets them: at kubeadm's path, owned by root
 * (the user the official images run etcd as), keys 0600 and certificates 0644, whatever their modes
 * on this machine.
 */
export async function memberPkiFiles(member: MemberSpec): Promise<TarFile[]> {
  const inContainer = memberInContainer(member).pki;
  const files: TarFile[] = [];
  for (const field of MEMBER_PKI_FILES) {
    let data: Buffer;
    try {
      data = await readFile(member.pki[field]);
    } catch (error) {
      if (OPTIONAL_PKI_FILES.has(field) && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`reading ${member.name}'s ${path.basename(member.pki[field])} failed: ${errorMessage(error)}`);
    }
    files.push({ name: inContainer[field].replace(/^\/+/, ''), mode: field.endsWith('Key') ? 0o600 : 0o644, data });
  }
  return files;
}
