import { isIP } from 'node:net';
import type { OptionReader } from '../../options/reader.js';
import type { SshHost, SshTargetOptions } from './types.js';

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

/** `hosts`, and (with `access`) `ssh-key` and `known-hosts`. */
export function parseSshOptions(read: OptionReader, access: boolean): SshTargetOptions {
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
