import { isIP } from 'node:net';
import {
  TARGET_KINDS,
  unhandledKind,
  type TargetKind,
  type TargetOptions,
  type TargetOptionsOf,
} from '../targets/kind.js';
import type { SshHost } from '../targets/ssh/types.js';
import type { OptionReader } from './reader.js';

const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `user@host[:port]`, the host an IP address (IPv6 in brackets) or DNS name. */
export function parseSshHost(entry: string): SshHost | undefined {
  const match = /^([^@\s]+)@(\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match) return undefined;
  const [, user, rawHost, rawPort] = match;
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  const port = rawPort === undefined ? 22 : Number(rawPort);
  const hostOk = rawHost.startsWith('[') ? isIP(host) === 6 : isIP(host) === 4 || HOST_NAME.test(host);
  if (!USER.test(user) || !hostOk || port < 1 || port > 65535) return undefined;
  return { user, host, port };
}

/** Options that belong to one target only; giving them with another is a mistake worth naming. */
const OWN_OPTIONS: Record<TargetKind, string[]> = {
  local: [],
  container: ['image', 'network'],
  ssh: ['hosts', 'ssh-key', 'known-hosts'],
};

/**
 * The target and its options. Without `access` (for certificates, which need only the addresses),
 * the ssh key and known hosts are not asked for.
 */
export function parseTarget(read: OptionReader, options: { access?: boolean } = {}): TargetOptions {
  const access = options.access ?? true;
  const kind = read.oneOf<TargetKind>('target', 'local', TARGET_KINDS);
  for (const [owner, names] of Object.entries(OWN_OPTIONS)) {
    if (owner === kind) continue;
    for (const name of names) {
      const value = read.raw(name);
      if (value !== undefined)
        read.fail(name, name === 'ssh-key' ? '***' : value, `nothing unless target is ${owner} (target is ${kind})`);
    }
  }
  switch (kind) {
    case 'local':
      return { kind };
    case 'container':
      return parseContainerTarget(read);
    case 'ssh':
      return parseSshTarget(read, access);
    default:
      return unhandledKind(kind);
  }
}

function parseContainerTarget(read: OptionReader): TargetOptionsOf<'container'> {
  const image = read.raw('image');
  if (image !== undefined && !IMAGE.test(image))
    read.fail('image', image, 'an image reference such as gcr.io/etcd-development/etcd:v3.5.21');
  const network = read.raw('network');
  if (network !== undefined && !NETWORK.test(network)) {
    read.fail(
      'network',
      network,
      'a network name of letters, digits, _ . and - (up to 63), starting with a letter or digit',
    );
  }
  return { kind: 'container', ...(image ? { image } : {}), ...(network ? { network } : {}) };
}

function parseSshTarget(read: OptionReader, access: boolean): TargetOptionsOf<'ssh'> {
  const kind = 'ssh';
  const entries = read.list('hosts');
  if (entries.length === 0)
    read.fail(
      'hosts',
      '',
      'one user@host[:port] per member (comma- or newline-separated), 1 to 9 hosts, when target is ssh',
    );
  if (entries.length > 9) read.fail('hosts', read.raw('hosts') ?? '', `at most 9 hosts (${entries.length} given)`);
  const hosts = entries.map(
    (entry) =>
      parseSshHost(entry) ??
      read.fail('hosts', entry, 'user@host[:port] entries, the host an IP address ([IPv6]) or DNS name'),
  );
  const seen = new Set<string>();
  for (const host of hosts) {
    if (seen.has(host.host))
      read.fail(
        'hosts',
        read.raw('hosts') ?? '',
        `one entry per host: ${host.host} appears twice (each member needs its own address)`,
      );
    seen.add(host.host);
  }
  const sshKey = read.raw('ssh-key');
  if (!access) return { kind, hosts, sshKey: sshKey ?? '', knownHosts: read.raw('known-hosts') ?? '' };
  if (sshKey === undefined) read.fail('ssh-key', '', 'the private key that logs in to every host, when target is ssh');
  const knownHosts = read.raw('known-hosts');
  if (knownHosts === undefined) {
    read.fail('known-hosts', '', 'known_hosts lines for every host, when target is ssh (host keys are always checked)');
  }
  return { kind, hosts, sshKey: sshKey as string, knownHosts: knownHosts as string };
}
