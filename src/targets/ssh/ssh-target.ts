import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { relocatedMember, type ClusterSpec, type MemberSpec } from '../../cluster/spec.js';
import { etcdConfigYaml } from '../../cluster/flags.js';
import { ConfigurationError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { pollUntil } from '../../util/poll.js';
import { endProcess, isRunning, type ProcessHandle, type ProcessRunner } from '../../util/process.js';
import { shellQuote } from '../../util/shell.js';
import { tarArchive } from '../../util/tar.js';
import { FaultUnsupportedError, type FaultSupport, type Target } from '../target.js';

/** One remote host of the ssh target. */
export interface SshHost {
  user: string;
  /** IP address or DNS name; the member listens on it and its certificates name it. */
  host: string;
  port: number;
}

/** The ssh target as the user chose it. */
export interface SshTargetOptions {
  kind: 'ssh';
  hosts: SshHost[];
  /** The private key: a file for the CLI, the key itself for the action (which writes it to a 0600 file). */
  sshKey: string;
  /** known_hosts lines: a file for the CLI, the lines themselves for the action. */
  knownHosts: string;
  /** Files the product wrote for these options (the action's key and known_hosts), removed at teardown. */
  ownedFiles?: string[];
}

/** What one member's host holds of this run: exactly what teardown removes. */
export interface RemoteMember {
  /** This member's folder (binary, certificates, config, data, log); created by this run. */
  dir: string;
  /** systemd where the host runs it, else a plain process started with setsid. */
  supervisor: 'systemd' | 'process';
  /** The unit this run installed (systemd only). */
  unit?: string;
  /** The etcd process (process supervisor only). */
  process?: ProcessHandle;
}

/** What the ssh target must remember between steps: hosts, file paths and PIDs, never key material. */
export interface SshTargetState {
  /** One host per member, in member order. */
  hosts: SshHost[];
  keyFile: string;
  knownHostsFile: string;
  /** The etcd binary copied to every host. */
  etcdBinary: string;
  /** Local folder of ssh's connection sockets, one master connection per host. */
  controlDir?: string;
  /** The master connections this target started (`ssh -M -N`), by host address, ended by PID at teardown. */
  masters?: Record<string, ProcessHandle>;
  members: Record<string, RemoteMember>;
  /** Files on this machine the product wrote for this target (a key from an action input), removed at teardown. */
  localFiles?: string[];
}

export interface SshTargetDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  onChange?: () => Promise<void>;
}

const COMMAND_TIMEOUT_MS = 60_000;
const UPLOAD_TIMEOUT_MS = 300_000;
const MASTER_WAIT_MS = 10_000;
const ARCH: Record<string, string> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  arm: 'armv7l',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

/** The folder and unit of a member on its host; per member, so hosts that share a filesystem never collide. */
export function remoteNames(spec: ClusterSpec, member: MemberSpec): { dir: string; unit: string } {
  return { dir: `/var/lib/etcd-ha-${spec.runId}-${member.name}`, unit: `etcd-ha-${spec.runId}-${member.name}.service` };
}

/** A member as the ssh target installs it on its host: data, certificates and log in its folder there. */
export function memberOnHost(spec: ClusterSpec, member: MemberSpec): MemberSpec {
  const { dir } = remoteNames(spec, member);
  return relocatedMember(member, { dataDir: `${dir}/data`, pkiDir: `${dir}/pki`, logFile: `${dir}/etcd.log` });
}

/** The systemd unit the guides write by hand, for one member (Restart=no: the checks stop members on purpose). */
export function systemdUnit(spec: ClusterSpec, member: MemberSpec, dir: string): string {
  return [
    '[Unit]',
    `Description=etcd member ${member.name} (etcd-ha run ${spec.runId})`,
    'Documentation=https://etcd.io/docs/',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=notify',
    `ExecStart=${dir}/etcd --config-file=${dir}/etcd.conf.yml`,
    'Restart=no',
    'TimeoutStopSec=10',
    'LimitNOFILE=65536',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

// Shell functions shared by the scripts run on the hosts. `alive PID START` is true while that
// process (and not a later one with its PID) runs; `until_not COMMAND...` waits, at most 10 s, until
// the command fails.
const PROCESS_FUNCTIONS = `
alive() { s=$(cat /proc/$1/stat 2>/dev/null) || return 1; set -- "$2" \${s##*) }; [ "$2" != Z ] && [ "$2" != X ] && [ "\${21}" = "$1" ]; }
until_not() { i=0; while "$@" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; ! "$@"; }
unit_up() { st=$(systemctl is-active "$1" 2>/dev/null); [ "$st" = active ] || [ "$st" = activating ] || [ "$st" = deactivating ]; }
`;

/** Cutting links would change the hosts' firewalls, and the target changes nothing there but its own folder and unit. */
const NO_CUTS = 'the ssh target cannot cut links between hosts';
const NO_SPARE_HOSTS =
  'the ssh target runs one member on each host it is given and has no spare host for a member beyond them ' +
  '(adding members needs two more hosts; a cluster restored beside the original needs one per member)';

/**
 * Members on remote hosts over ssh, one host per member, with etcd.conf.yml rendered from the same
 * spec as every other target. etcd runs as a systemd unit where the host runs systemd, else as a
 * plain process. Everything a member needs sits in one folder of this run; teardown removes that
 * folder and the unit, and nothing else.
 */
export class SshTarget implements Target {
  readonly kind = 'ssh' as const;
  readonly faults: FaultSupport = {
    pause: { supported: true },
    isolate: { supported: false, reason: NO_CUTS },
    add: { supported: false, reason: NO_SPARE_HOSTS },
  };

  constructor(
    private readonly spec: ClusterSpec,
    readonly state: SshTargetState,
    private readonly deps: SshTargetDeps,
  ) {}

  private hostOf(member: MemberSpec): SshHost {
    const index = this.spec.members.findIndex((candidate) => candidate.name === member.name);
    const host = this.state.hosts[index];
    if (!host) throw new Error(`no host for member ${member.name}`);
    return host;
  }

  private destination(host: SshHost): string[] {
    return ['-p', String(host.port), `${host.user}@${host.host}`];
  }

  private sshOptions(master: 'yes' | 'no' = 'no'): string[] {
    return [
      '-F',
      '/dev/null',
      '-i',
      this.state.keyFile,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${this.state.knownHostsFile}`,
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'ConnectTimeout=10',
      '-o',
      'ServerAliveInterval=5',
      '-o',
      'ServerAliveCountMax=3',
      '-o',
      'LogLevel=ERROR',
      // Commands share the master connection while it runs and connect on their own otherwise.
      ...(this.state.controlDir
        ? ['-o', `ControlMaster=${master}`, '-o', `ControlPath=${this.state.controlDir}/%C`]
        : []),
    ];
  }

  /**
   * Starts one master connection per host (a process of this target's, so it ends by PID), and waits
   * a bounded time for its socket. A host it cannot reach is reported by the probe that follows.
   */
  private async startMasters(): Promise<void> {
    const dir = this.state.controlDir as string;
    this.state.masters ??= {};
    const masters = this.state.masters;
    await Promise.all(
      this.state.hosts.map(async (host, index) => {
        if (masters[host.host] && isRunning(masters[host.host])) return;
        const args = [...this.sshOptions('yes'), '-N', ...this.destination(host)];
        masters[host.host] = await this.deps.runner.startDetached(
          'ssh',
          args,
          path.join(dir, `master-${index + 1}.log`),
        );
      }),
    );
    await this.deps.onChange?.();
    const check = (host: SshHost) =>
      this.deps.runner.pipe('ssh', [...this.sshOptions(), '-O', 'check', ...this.destination(host)], undefined, 5_000);
    await pollUntil(
      async () => {
        // A master that exited (a refused host key, say) will not make its socket; the probe says why.
        if (this.state.hosts.some((host) => !isRunning(masters[host.host]))) return true;
        return (await Promise.all(this.state.hosts.map(check))).every((result) => result.code === 0) ? true : undefined;
      },
      { what: 'the ssh master connections', timeoutMs: MASTER_WAIT_MS, intervalMs: 100, clock: this.deps.clock },
    ).catch(() => undefined);
  }

  /** Ends the master connections, by PID; returns what it could not end. */
  private async endMasters(): Promise<string[]> {
    const problems: string[] = [];
    await Promise.all(
      Object.entries(this.state.masters ?? {}).map(([host, handle]) =>
        endProcess(handle, 'SIGTERM', {
          graceMs: 1000,
          killWaitMs: 1000,
          clock: this.deps.clock,
          what: `the ssh master connection to ${host}`,
        }).catch((error) => problems.push(errorMessage(error))),
      ),
    );
    delete this.state.masters;
    return problems;
  }

  /** Runs a shell script on a host as root (through `sudo -n` for another user). */
  private async remote(host: SshHost, script: string, options: { input?: Buffer; timeoutMs?: number } = {}) {
    const command = `${host.user === 'root' ? '' : 'sudo -n '}sh -c ${shellQuote(`${PROCESS_FUNCTIONS}\n${script}`)}`;
    const result = await this.deps.runner.pipe(
      'ssh',
      [...this.sshOptions(), ...this.destination(host), command],
      options.input,
      options.timeoutMs ?? COMMAND_TIMEOUT_MS,
    );
    return { code: result.code, stdout: result.stdout.toString('utf8'), stderr: result.stderr };
  }

  private async remoteOk(
    host: SshHost,
    script: string,
    what: string,
    options: { input?: Buffer; timeoutMs?: number } = {},
  ): Promise<string> {
    const result = await this.remote(host, script, options);
    if (result.code !== 0) {
      const why = result.stderr.trim() || `exit ${result.code}`;
      const hint = /host key verification failed|no matching host key|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(why)
        ? ' (the host key is not in known-hosts)'
        : /permission denied/i.test(why)
          ? ' (ssh-key is not accepted for this user)'
          : /password is required/i.test(why)
            ? ' (this user needs passwordless sudo)'
            : '';
      throw new Error(`${what} on ${host.user}@${host.host}:${host.port} failed${hint}: ${why}`);
    }
    return result.stdout;
  }

  /** Probes every host, then copies binary, certificates, config (and unit) to each, all hosts at once. */
  async preflight(): Promise<void> {
    this.state.controlDir ??= await mkdtemp(path.join(tmpdir(), 'etcd-ha-ssh-'));
    await this.startMasters();
    const arch = ARCH[process.arch] ?? process.arch;
    const binary = await readFile(this.state.etcdBinary);
    await Promise.all(
      this.spec.members.map(async (member) => {
        const host = this.hostOf(member);
        const probe = await this.remoteOk(
          host,
          `uname -m; if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo systemd; else echo process; fi
command -v tar >/dev/null 2>&1 || echo no-tar`,
          'probing the host',
          { timeoutMs: 30_000 },
        ).catch((error: unknown) => {
          throw new ConfigurationError(`hosts: ${errorMessage(error)}`);
        });
        const [remoteArch, supervisor, tarMissing] = probe.trim().split('\n');
        if (remoteArch !== arch) {
          throw new ConfigurationError(
            `hosts: ${host.host} is ${remoteArch}; allowed: hosts of this runner's architecture (${arch}), which the etcd binary is built for`,
          );
        }
        if (tarMissing)
          throw new ConfigurationError(`hosts: ${host.host} has no tar, which copying the member's files needs`);
        await this.install(member, host, supervisor === 'systemd' ? 'systemd' : 'process', binary);
      }),
    );
    this.deps.logger.info(
      `installed ${this.spec.members.length} members: ${this.spec.members.map((m) => `${m.name} on ${m.address} (${this.state.members[m.name].supervisor})`).join(', ')}`,
    );
  }

  private async install(
    member: MemberSpec,
    host: SshHost,
    supervisor: 'systemd' | 'process',
    binary: Buffer,
  ): Promise<void> {
    const { dir, unit } = remoteNames(this.spec, member);
    const remoteMember = memberOnHost(this.spec, member);
    const files = [
      { name: 'etcd', mode: 0o700, data: binary },
      { name: 'etcd.conf.yml', mode: 0o600, data: Buffer.from(etcdConfigYaml(this.spec, remoteMember)) },
      { name: 'pki/ca.crt', mode: 0o644, data: await readFile(member.pki.caCert) },
      { name: 'pki/server.crt', mode: 0o644, data: await readFile(member.pki.serverCert) },
      { name: 'pki/server.key', mode: 0o600, data: await readFile(member.pki.serverKey) },
      { name: 'pki/peer.crt', mode: 0o644, data: await readFile(member.pki.peerCert) },
      { name: 'pki/peer.key', mode: 0o600, data: await readFile(member.pki.peerKey) },
      ...(supervisor === 'systemd'
        ? [{ name: 'etcd.service', mode: 0o644, data: Buffer.from(systemdUnit(this.spec, member, dir)) }]
        : []),
    ];
    // Recorded before anything is made, so teardown after a failure here still cleans up; the
    // folder is made with a plain mkdir, which refuses one that exists (that one is not ours).
    this.state.members[member.name] = { dir, supervisor, ...(supervisor === 'systemd' ? { unit } : {}) };
    await this.deps.onChange?.();
    const installUnit =
      supervisor === 'systemd'
        ? `if [ -e /etc/systemd/system/${unit} ]; then echo "unit ${unit} exists already" >&2; exit 4; fi
cp ${dir}/etcd.service /etc/systemd/system/${unit} && systemctl daemon-reload`
        : '';
    const result = await this.remote(
      host,
      `umask 077
if ! mkdir -m 700 ${dir} 2>/dev/null; then echo "${dir} exists already or cannot be made" >&2; exit 3; fi
mkdir -m 700 ${dir}/data && tar -x -f - -C ${dir}
${installUnit}`,
      { input: tarArchive(files), timeoutMs: UPLOAD_TIMEOUT_MS },
    );
    if (result.code === 3) delete this.state.members[member.name];
    if (result.code === 4) delete this.state.members[member.name].unit;
    if (result.code !== 0) {
      await this.deps.onChange?.();
      throw new Error(
        `installing ${member.name} in ${dir} on ${host.host} failed: ${result.stderr.trim() || `exit ${result.code}`}`,
      );
    }
  }

  async start(member: MemberSpec): Promise<void> {
    const host = this.hostOf(member);
    const installed = this.state.members[member.name];
    if (!installed) throw new Error(`${member.name} is not installed on ${host.host}`);
    if (installed.supervisor === 'systemd') {
      await this.remoteOk(
        host,
        `systemctl reset-failed ${installed.unit} 2>/dev/null; systemctl start --no-block ${installed.unit}`,
        `starting ${member.name}`,
      );
      return;
    }
    if (installed.process && (await this.isRunning(member)))
      throw new Error(`${member.name} is already running on ${host.host} (PID ${installed.process.pid})`);
    const dir = installed.dir;
    const out = await this.remoteOk(
      host,
      `cd ${dir} || exit 1
if command -v setsid >/dev/null 2>&1; then run=setsid; else run=; fi
$run ${dir}/etcd --config-file=${dir}/etcd.conf.yml >>${dir}/etcd.log 2>&1 </dev/null &
pid=$!
s=$(cat /proc/$pid/stat) || exit 1
set -- \${s##*) }
echo "$pid \${20}"`,
      `starting ${member.name}`,
    );
    const [pid, startTime] = out.trim().split(' ');
    installed.process = { pid: Number(pid), startTime };
    await this.deps.onChange?.();
    this.deps.logger.debug(`started ${member.name} on ${host.host} as PID ${pid}`);
  }

  async stop(member: MemberSpec): Promise<void> {
    await this.end(member, false);
  }

  async kill(member: MemberSpec): Promise<void> {
    await this.end(member, true);
  }

  private async end(member: MemberSpec, kill: boolean): Promise<void> {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === 'systemd') {
      const unit = installed.unit;
      if (!unit) return;
      await this.remoteOk(
        host,
        kill
          ? `systemctl kill --signal=SIGKILL ${unit} 2>/dev/null; until_not unit_up ${unit}`
          : `systemctl stop ${unit}`,
        `${kill ? 'killing' : 'stopping'} ${member.name}`,
      );
      return;
    }
    const handle = installed.process;
    if (!handle) return;
    const { pid, startTime } = handle;
    await this.remoteOk(
      host,
      `alive ${pid} ${startTime} || exit 0
kill -CONT ${pid}
kill -${kill ? 'KILL' : 'TERM'} ${pid}
until_not alive ${pid} ${startTime} && exit 0
kill -KILL ${pid} 2>/dev/null; until_not alive ${pid} ${startTime}`,
      `${kill ? 'killing' : 'stopping'} ${member.name} (PID ${pid})`,
      { timeoutMs: 40_000 },
    );
    delete installed.process;
    await this.deps.onChange?.();
  }

  async restart(member: MemberSpec): Promise<void> {
    await this.stop(member);
    await this.start(member);
  }

  /** SIGSTOP to the member's etcd (through systemd for a unit, by the recorded PID otherwise). */
  async pause(member: MemberSpec): Promise<void> {
    await this.signal(member, 'STOP', 'pausing');
  }

  /** SIGCONT to the member's etcd; harmless for one that runs. */
  async resume(member: MemberSpec): Promise<void> {
    await this.signal(member, 'CONT', 'resuming');
  }

  async isolate(): Promise<void> {
    throw new FaultUnsupportedError('isolate', NO_CUTS);
  }

  /** Nothing is ever cut on ssh hosts. */
  async heal(): Promise<void> {}

  async spareAddresses(): Promise<string[]> {
    throw new FaultUnsupportedError('add', NO_SPARE_HOSTS);
  }

  async restoreSnapshot(): Promise<string> {
    throw new FaultUnsupportedError('add', NO_SPARE_HOSTS);
  }

  async discard(member: MemberSpec): Promise<void> {
    throw new Error(`the ssh target places no member beyond the spec's, so there is no ${member.name} to discard`);
  }

  private async signal(member: MemberSpec, signal: 'STOP' | 'CONT', what: string): Promise<void> {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === 'systemd') {
      if (!installed.unit) return;
      await this.remoteOk(
        host,
        `unit_up ${installed.unit} || exit 0\nsystemctl kill --signal=SIG${signal} ${installed.unit}`,
        `${what} ${member.name}`,
      );
      return;
    }
    const handle = installed.process;
    if (!handle) return;
    await this.remoteOk(
      host,
      `alive ${handle.pid} ${handle.startTime} || exit 0\nkill -${signal} ${handle.pid}`,
      `${what} ${member.name} (PID ${handle.pid})`,
    );
  }

  async isRunning(member: MemberSpec): Promise<boolean> {
    const installed = this.state.members[member.name];
    if (!installed) return false;
    if (installed.supervisor === 'systemd') {
      return (
        installed.unit !== undefined && (await this.remote(this.hostOf(member), `unit_up ${installed.unit}`)).code === 0
      );
    }
    const handle = installed.process;
    return (
      handle !== undefined &&
      (await this.remote(this.hostOf(member), `alive ${handle.pid} ${handle.startTime}`)).code === 0
    );
  }

  async logs(member: MemberSpec, tailLines?: number): Promise<string> {
    const installed = this.state.members[member.name];
    if (!installed) return '';
    const lines = tailLines === undefined ? '' : `-n ${tailLines}`;
    const script =
      installed.supervisor === 'systemd'
        ? `journalctl -u ${installed.unit} --no-pager -o cat ${lines}`
        : tailLines === undefined
          ? `cat ${installed.dir}/etcd.log`
          : `tail ${lines} ${installed.dir}/etcd.log`;
    const result = await this.remote(this.hostOf(member), `${script} 2>/dev/null`, { timeoutMs: 30_000 });
    return result.stdout;
  }

  /**
   * Ends every member; unless keepData, removes the unit and the member's folder on each host, all
   * hosts at once. Then closes the ssh connections and removes local files this target wrote.
   */
  async destroy(options: { keepData: boolean }): Promise<string[]> {
    const problems: string[] = [];
    await Promise.all(
      this.spec.members.map(async (member) => {
        const installed = this.state.members[member.name];
        if (!installed) return;
        try {
          await this.kill(member);
          if (options.keepData) return;
          const host = this.hostOf(member);
          const unit = installed.unit;
          await this.remoteOk(
            host,
            (unit
              ? `systemctl reset-failed ${unit} 2>/dev/null; rm -f /etc/systemd/system/${unit}; systemctl daemon-reload\n`
              : '') + `rm -rf ${installed.dir}`,
            `removing ${member.name}`,
          );
          delete this.state.members[member.name];
        } catch (error) {
          problems.push(`${member.name}: ${errorMessage(error)}`);
        }
      }),
    );
    problems.push(...(await this.endMasters()));
    if (this.state.controlDir) {
      await rm(this.state.controlDir, { recursive: true, force: true }).catch((error) =>
        problems.push(`${this.state.controlDir}: ${errorMessage(error)}`),
      );
      delete this.state.controlDir;
    }
    for (const file of this.state.localFiles ?? []) {
      await rm(file, { force: true }).catch((error) => problems.push(`${file}: ${errorMessage(error)}`));
    }
    this.state.localFiles = [];
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
    return problems;
  }
}
