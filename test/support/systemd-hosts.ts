import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tarArchive } from '../../src/util/tar.js';
import type { SshHosts } from './ssh-hosts.js';

/** The image scripts/systemd-host-image.sh builds: Debian bookworm with systemd as init, sshd and sudo. */
export const SYSTEMD_HOST_IMAGE = process.env.SYSTEMD_HOST_IMAGE ?? 'localhost/etcd-ha-test/systemd-host:bookworm';
/** The non-root user of the image, with passwordless sudo. */
export const SUDO_USER = 'etcd-ha';
/** Every container and network of this fixture carries it, with the test's id as its value. */
const LABEL = 'io.github.etcd-ha.systemd-hosts';
const BOOT_TIMEOUT_S = 30;

/** Hosts that boot as real ones do: systemd as PID 1, sshd a unit of it, journald keeping the logs. */
export interface SystemdHosts extends SshHosts {
  /** The containers, in host order. */
  containers: string[];
  /** The same hosts as another of the image's users (`root` or `etcd-ha`): `user@address` each. */
  hostsAs(user: string): string[];
  /** Runs a shell script as root on host `index` (through the engine, not ssh); stdout, stderr and exit code. */
  exec(index: number, script: string): { code: number; stdout: string; stderr: string };
}

export interface SystemdHostsOptions {
  count: number;
  /** The hosts sit on 172.29.<subnet>.0/24, at .11, .12, ... (this machine is .1). */
  subnet: number;
  /** Names the test: the value of the label on its containers and network. */
  testId: string;
  /** The user `hosts` logs in as: root (default) or the sudo user. */
  user?: 'root' | typeof SUDO_USER;
}

function docker(args: string[], input?: Buffer, timeoutMs = 60_000): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('docker', args, { input, encoding: 'utf8', timeout: timeoutMs });
  return {
    code: result.status ?? -1,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error ? ` ${result.error.message}` : ''),
  };
}

function dockerOk(args: string[], input?: Buffer, timeoutMs?: number): string {
  const result = docker(args, input, timeoutMs);
  if (result.code !== 0) throw new Error(`docker ${args.slice(0, 2).join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Like docker(), without blocking the event loop, so hosts boot and answer in parallel. */
function dockerAsync(args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Builds (once) and imports (once per engine) the hosts' image with scripts/systemd-host-image.sh,
 * which returns at once when the engine has the image of its current recipe.
 */
export function ensureSystemdHostImage(): string {
  const result = spawnSync('bash', [path.resolve('scripts/systemd-host-image.sh')], {
    encoding: 'utf8',
    timeout: 20 * 60_000,
    env: { ...process.env, SYSTEMD_HOST_IMAGE },
  });
  if (result.status !== 0) {
    throw new Error(`scripts/systemd-host-image.sh failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  return result.stdout.trim();
}

function keygen(file: string): void {
  const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'etcd-ha-test', '-f', file], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ssh-keygen: ${result.stderr}`);
}

/** Removes, by label, every container (with its volumes) and network of this fixture that match `filter`. */
function removeLabelled(filter: string): string[] {
  const problems: string[] = [];
  const list = (args: string[]) => docker(args).stdout.split('\n').filter(Boolean);
  const containers = list(['ps', '--all', '--quiet', '--filter', `label=${filter}`]);
  if (containers.length > 0) {
    const removed = docker(['rm', '--force', '--volumes', ...containers]);
    if (removed.code !== 0) problems.push(removed.stderr.trim());
  }
  for (const network of list(['network', 'ls', '--quiet', '--filter', `label=${filter}`])) {
    const removed = docker(['network', 'rm', network]);
    if (removed.code !== 0) problems.push(removed.stderr.trim());
  }
  return problems;
}

/**
 * Starts `count` containers of SYSTEMD_HOST_IMAGE with systemd as PID 1 on a network of their own
 * (172.29.<subnet>.0/24), each with its own host key and this fixture's user key authorized for root
 * and the sudo user; resolves once systemd has finished booting on every host and sshd lets the user
 * in. `close` removes the containers, their volumes and the network; it is safe after a failed start.
 */
export async function startSystemdHosts(dir: string, options: SystemdHostsOptions): Promise<SystemdHosts> {
  const { count, subnet, testId, user = 'root' } = options;
  const network = `etcd-ha-sd-${testId}`;
  const prefix = `172.29.${subnet}`;
  const close = async () => {
    const problems = removeLabelled(`${LABEL}=${testId}`);
    if (problems.length > 0) throw new Error(`removing the systemd hosts of ${testId}: ${problems.join('; ')}`);
  };
  try {
    ensureSystemdHostImage();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // What a killed earlier run of this test left would hold the subnet.
    removeLabelled(`${LABEL}=${testId}`);
    const keyFile = path.join(dir, 'user_key');
    keygen(keyFile);
    const userKey = readFileSync(`${keyFile}.pub`);

    dockerOk([
      'network',
      'create',
      '--driver',
      'bridge',
      '--subnet',
      `${prefix}.0/24`,
      '--gateway',
      `${prefix}.1`,
      '--label',
      `${LABEL}=${testId}`,
      network,
    ]);
    const addresses: string[] = [];
    const containers: string[] = [];
    const knownHosts: string[] = [];
    for (let i = 0; i < count; i++) {
      const address = `${prefix}.${11 + i}`;
      const name = `${network}-h${i + 1}`;
      const hostKey = path.join(dir, `host_key_${i + 1}`);
      keygen(hostKey);
      knownHosts.push(`${address} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`);
      // systemd as PID 1 needs a cgroup tree of its own (a private cgroup namespace, in which it
      // mounts its hierarchy with CAP_SYS_ADMIN) and tmpfs on /run. Not --privileged: it asks for
      // every capability, and engines inside a container may not hold them all. NET_ADMIN lets the
      // drills change the host's firewall, as they would on a real host.
      dockerOk([
        'create',
        '--name',
        name,
        '--hostname',
        `host${i + 1}`,
        '--label',
        `${LABEL}=${testId}`,
        '--network',
        network,
        '--ip',
        address,
        '--cgroupns',
        'private',
        '--cap-add',
        'SYS_ADMIN',
        '--cap-add',
        'NET_ADMIN',
        '--tmpfs',
        '/run',
        '--tmpfs',
        '/run/lock',
        '--tmpfs',
        '/tmp',
        '--env',
        'container=docker',
        '--stop-signal',
        'SIGRTMIN+3',
        SYSTEMD_HOST_IMAGE,
        '/sbin/init',
      ]);
      containers.push(name);
      const keys = tarArchive([
        { name: 'etc/ssh/ssh_host_ed25519_key', mode: 0o600, data: readFileSync(hostKey) },
        { name: 'etc/ssh/ssh_host_ed25519_key.pub', mode: 0o644, data: readFileSync(`${hostKey}.pub`) },
        { name: 'etc/ssh/authorized_keys/root', mode: 0o644, data: userKey },
        { name: `etc/ssh/authorized_keys/${SUDO_USER}`, mode: 0o644, data: userKey },
      ]);
      dockerOk(['cp', '-', `${name}:/`], keys);
      addresses.push(address);
    }
    dockerOk(['start', ...containers]);
    const knownHostsFile = path.join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `${knownHosts.join('\n')}\n`, { mode: 0o600 });

    const sshArgs = (address: string, login: string) => [
      '-F',
      '/dev/null',
      '-i',
      keyFile,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      `UserKnownHostsFile=${knownHostsFile}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'ConnectTimeout=2',
      `${login}@${address}`,
    ];
    await Promise.all(
      containers.map(async (container, i) => {
        // Bounded twice: systemd's own wait (once its bus is there), and the engine call around it.
        const boot = await dockerAsync(
          [
            'exec',
            container,
            'sh',
            '-c',
            `i=0; until [ -S /run/systemd/private ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
timeout ${BOOT_TIMEOUT_S} systemctl is-system-running --wait`,
          ],
          (BOOT_TIMEOUT_S + 20) * 1000,
        );
        const state = boot.stdout.trim();
        if (state !== 'running' && state !== 'degraded') {
          const failed = docker(['exec', container, 'systemctl', '--failed', '--no-legend', '--plain']).stdout;
          throw new Error(
            `${container} did not finish booting within ${BOOT_TIMEOUT_S} s (systemd: '${state || boot.stderr.trim()}'); failed units: ${failed.trim() || 'none'}`,
          );
        }
        // sshd is up once both users get in (root directly, the other one's sudo without a password).
        let last = '';
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline) {
          const login = await new Promise<{ code: number; stderr: string }>((resolve) => {
            const child = spawn('ssh', [...sshArgs(addresses[i], SUDO_USER), 'sudo -n true'], {
              stdio: ['ignore', 'ignore', 'pipe'],
            });
            let stderr = '';
            child.stderr.on('data', (chunk) => (stderr += chunk));
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.on('close', (code) => {
              clearTimeout(timer);
              resolve({ code: code ?? -1, stderr });
            });
          });
          if (login.code === 0) return;
          last = login.stderr.trim();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`sshd on ${addresses[i]} (${container}) did not let ${SUDO_USER} in within 20 s: ${last}`);
      }),
    );

    const hostsAs = (login: string) => addresses.map((address) => `${login}@${address}`);
    return {
      hosts: hostsAs(user),
      hostsAs,
      addresses,
      containers,
      keyFile,
      knownHostsFile,
      key: readFileSync(keyFile, 'utf8'),
      knownHosts: knownHosts.join('\n'),
      exec: (index, script) => docker(['exec', containers[index], 'sh', '-c', script]),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
