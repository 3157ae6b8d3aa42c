import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

/** Hosts for the ssh target: one sshd per network namespace, on a bridge only this fixture uses. */
export interface SshHosts {
  /** `root@address` per host. */
  hosts: string[];
  addresses: string[];
  keyFile: string;
  knownHostsFile: string;
  /** Private key text, as the action's ssh-key input takes it. */
  key: string;
  knownHosts: string;
  close(): Promise<void>;
}

/** Hosts that are network namespaces of this machine. */
export interface NamespaceHosts extends SshHosts {
  /** The network namespace of each host, in the order of `addresses`. */
  namespaces: string[];
}

/** The CLI's flags that run the members on these hosts (`--target ssh`, the hosts, the key, known_hosts). */
export function sshTargetArgs(hosts: Pick<SshHosts, 'hosts' | 'keyFile' | 'knownHostsFile'>): string[] {
  return [
    '--target',
    'ssh',
    '--hosts',
    hosts.hosts.join(','),
    '--ssh-key',
    hosts.keyFile,
    '--known-hosts',
    hosts.knownHostsFile,
  ];
}

function ip(args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr.trim()}`);
}

/**
 * The lines of each host namespace's firewall (iptables-save and nft's ruleset) that mention a run's
 * id: what a cut of that run left behind. Empty when every rule of the run is gone.
 */
export function ruleLeftovers(hosts: Pick<NamespaceHosts, 'namespaces'>, runId: string): string[] {
  const found: string[] = [];
  for (const ns of hosts.namespaces) {
    for (const command of [['iptables-save'], ['ip6tables-save'], ['nft', 'list', 'ruleset']]) {
      const result = spawnSync('ip', ['netns', 'exec', ns, ...command], { encoding: 'utf8' });
      if (result.error || result.status !== 0) {
        if (command[0] === 'iptables-save') throw new Error(`${command.join(' ')} in ${ns}: ${result.stderr}`);
        continue;
      }
      found.push(
        ...result.stdout
          .split('\n')
          .filter((line) => line.toLowerCase().replace(/_/g, '-').includes(`etcd-ha-${runId.toLowerCase()}`))
          .map((line) => `${ns}: ${command[0]}: ${line}`),
      );
    }
  }
  return found;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 200 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `count` sshd hosts on 10.<subnet>.0.11, .12, ... in namespaces of their own, all on one
 * new bridge (10.<subnet>.0.1 on this machine). `close` ends the sshd processes by PID and removes
 * namespaces, links and the bridge; it is safe to call after a failed start.
 */
export async function startSshHosts(dir: string, count: number, subnet: number): Promise<NamespaceHosts> {
  const tag = `eh${subnet}`;
  const bridge = `${tag}br`;
  const namespaces: string[] = [];
  const links: string[] = [];
  const daemons: ChildProcess[] = [];
  let bridgeMade = false;
  // Where br_netfilter is loaded (a container engine on this machine loads it), traffic between the
  // hosts over the bridge passes this machine's FORWARD chain, whose policy the engine sets to drop.
  const forward = ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'];
  let forwardAllowed = false;
  const close = async () => {
    for (const daemon of daemons) {
      if (daemon.exitCode === null && daemon.signalCode === null) {
        const exited = new Promise((resolve) => daemon.once('exit', resolve));
        daemon.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
        clearTimeout(timer);
      }
    }
    for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
    for (const link of links) spawnSync('ip', ['link', 'del', link]);
    if (bridgeMade) spawnSync('ip', ['link', 'del', bridge]);
    if (forwardAllowed) spawnSync('iptables', ['-w', '-D', ...forward]);
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const keygen = (file: string) => {
      const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'etcd-ha-test', '-f', file], {
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`ssh-keygen: ${result.stderr}`);
    };
    const keyFile = path.join(dir, 'user_key');
    keygen(keyFile);
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${keyFile}.pub`), { mode: 0o600 });

    ip(['link', 'add', bridge, 'type', 'bridge']);
    bridgeMade = true;
    ip(['addr', 'add', `10.${subnet}.0.1/24`, 'dev', bridge]);
    ip(['link', 'set', bridge, 'up']);
    forwardAllowed = spawnSync('iptables', ['-w', '-I', ...forward]).status === 0;
    const addresses: string[] = [];
    const knownHosts: string[] = [];
    for (let i = 0; i < count; i++) {
      const ns = `${tag}-h${i + 1}`;
      const outside = `${tag}v${i + 1}`;
      const address = `10.${subnet}.0.${11 + i}`;
      ip(['netns', 'add', ns]);
      namespaces.push(ns);
      ip(['link', 'add', outside, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      links.push(outside);
      ip(['link', 'set', outside, 'master', bridge, 'up']);
      ip(['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      const hostKey = path.join(dir, `host_key_${i + 1}`);
      keygen(hostKey);
      knownHosts.push(`${address} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`);
      const daemon = spawn(
        'ip',
        [
          'netns',
          'exec',
          ns,
          '/usr/sbin/sshd',
          '-D',
          '-e',
          '-f',
          '/dev/null',
          '-o',
          `HostKey=${hostKey}`,
          '-o',
          `ListenAddress=${address}:22`,
          '-o',
          `AuthorizedKeysFile=${path.join(dir, 'authorized_keys')}`,
          '-o',
          'StrictModes=no',
          '-o',
          'PermitRootLogin=prohibit-password',
          '-o',
          'PasswordAuthentication=no',
          '-o',
          'UsePAM=no',
          '-o',
          `PidFile=${path.join(dir, `sshd_${i + 1}.pid`)}`,
          '-o',
          'MaxStartups=50',
          '-o',
          'MaxSessions=50',
        ],
        { stdio: ['ignore', 'ignore', openSync(path.join(dir, `sshd_${i + 1}.log`), 'a')] },
      );
      daemons.push(daemon);
      addresses.push(address);
    }
    const knownHostsFile = path.join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `${knownHosts.join('\n')}\n`, { mode: 0o600 });
    for (const address of addresses) {
      let up = false;
      for (let attempt = 0; attempt < 100 && !up; attempt++) {
        up = await canConnect(address, 22);
        if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!up) throw new Error(`sshd on ${address} did not listen within 5 s`);
    }
    return {
      hosts: addresses.map((address) => `root@${address}`),
      addresses,
      namespaces: [...namespaces],
      keyFile,
      knownHostsFile,
      key: readFileSync(keyFile, 'utf8'),
      knownHosts: knownHosts.join('\n'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
