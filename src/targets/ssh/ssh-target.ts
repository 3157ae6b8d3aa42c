import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { relocatedMember, type ClusterSpec, type MemberSpec, type SparePlace } from '../../cluster/spec.js';
import { etcdConfigYaml } from '../../cluster/flags.js';
import { snapshotRestoreArgs } from '../../etcd/snapshot.js';
import { ConfigurationError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { pollUntil } from '../../util/poll.js';
import { endProcess, isRunning, type ProcessRunner } from '../../util/process.js';
import { shellQuote } from '../../util/shell.js';
import { tarArchive } from '../../util/tar.js';
import { tcpListeners } from '../../util/proc-net-tcp.js';
import {
  FaultUnsupportedError,
  memberRelease,
  recordMove,
  writtenFor,
  type MemberRelease,
  type FaultSupport,
  type ReleaseSource,
  type Target,
} from '../target.js';
import {
  cutScript,
  FIREWALL_PROBE,
  parseFirewallProbe,
  removeRulesScript,
  type FirewallTool,
  type LinkCut,
} from './link-rules.js';
import type { SshHost, HostFacts, SshTargetState } from './types.js';

export interface SshTargetDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  onChange?: () => Promise<void>;
}

const COMMAND_TIMEOUT_MS = 60_000;
const RESTORE_TIMEOUT_MS = 120_000;
/** Spare members listen on the ports of the host's member plus SPARE_PORT_STEP, twice that, ... (at most SPARE_PORT_TRIES steps). */
export const SPARE_PORT_STEP = 10;
const SPARE_PORT_TRIES = 50;
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

/**
 * The systemd unit the guides write by hand, for one member (Restart=no: the checks stop members on
 * purpose). TimeoutStartSec=infinity: etcd reports ready only once it has a quorum, and the run bounds
 * that wait itself (startup-timeout-seconds, up to 600 s); systemd's default 90 s would end a member
 * the run still waits for.
 */
export function systemdUnit(spec: ClusterSpec, member: MemberSpec, dir: string, binary = 'etcd'): string {
  return [
    '[Unit]',
    `Description=etcd member ${member.name} (etcd-ha run ${spec.runId})`,
    'Documentation=https://etcd.io/docs/',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=notify',
    `ExecStart=${dir}/${binary} --config-file=${dir}/etcd.conf.yml`,
    'Restart=no',
    'TimeoutStartSec=infinity',
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

/** Key of a host in the recorded facts and cuts: its address and sshd port. */
const hostKey = (host: SshHost) => `${host.host}:${host.port}`;

/** The port of a member's URL (the scheme's default where the URL names none). */
const portOf = (url: string) => Number(new URL(url).port || 443);

/** The TCP ports something listens on, from /proc/net/tcp and /proc/net/tcp6 (state 0A is LISTEN). */
export function listeningPorts(procNetTcp: string): Set<number> {
  return new Set(tcpListeners(procNetTcp).map((listener) => listener.port));
}

/**
 * Ports for a member beyond the spec's on a host: the client and peer ports of the host's own member
 * plus SPARE_PORT_STEP, twice that, ..., the first pair that no member there uses (`taken`) and
 * nothing on the host listens on. Undefined when none is left.
 */
export function sparePorts(
  base: { clientPort: number; peerPort: number },
  taken: Set<number>,
  listening: Set<number>,
): { clientPort: number; peerPort: number } | undefined {
  for (let step = 1; step <= SPARE_PORT_TRIES; step++) {
    const clientPort = base.clientPort + step * SPARE_PORT_STEP;
    const peerPort = base.peerPort + step * SPARE_PORT_STEP;
    if (clientPort > 65535 || peerPort > 65535) return undefined;
    if ([clientPort, peerPort].some((port) => taken.has(port) || listening.has(port))) continue;
    return { clientPort, peerPort };
  }
  return undefined;
}

/**
 * Members on remote hosts over ssh, one host per member, with etcd.conf.yml rendered from the same
 * spec as every other target. etcd runs as a systemd unit where the host runs systemd, else as a
 * plain process. Everything a member needs sits in one folder of this run (members a check adds
 * too, beside the host's own at ports of their own); cut links are firewall rules in a chain or
 * table of this run. Teardown removes those folders, units and rules, and nothing else.
 */
export class SshTarget implements Target {
  readonly kind = 'ssh' as const;

  /**
   * Pausing and adding members work on every host; cutting links needs iptables or nft on each
   * (found by preflight: before it, or for a state recorded without it, `isolate` probes the hosts).
   */
  get faults(): FaultSupport {
    const missing = this.state.hosts
      .map((host) => ({ host, facts: this.state.facts?.[hostKey(host)] }))
      .filter(({ facts }) => facts !== undefined && 'reason' in facts.firewall);
    return {
      pause: { supported: true },
      isolate:
        missing.length === 0
          ? { supported: true }
          : { supported: false, reason: noFirewall(missing.map(({ host, facts }) => [host, facts as HostFacts])) },
      add: { supported: true },
    };
  }

  constructor(
    private readonly spec: ClusterSpec,
    readonly state: SshTargetState,
    private readonly deps: SshTargetDeps,
  ) {}

  /** The host of a member of the spec (by its place in the spec) or of one beyond it (by its address). */
  private hostOf(member: MemberSpec): SshHost {
    const index = this.spec.members.findIndex((candidate) => candidate.name === member.name);
    const host =
      index >= 0 ? this.state.hosts[index] : this.state.hosts.find((candidate) => candidate.host === member.address);
    if (!host) throw new Error(`no host for member ${member.name} (${member.address})`);
    return host;
  }

  private isSpecMember(member: MemberSpec): boolean {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }

  /** The spec's members and those beyond it that this target placed. */
  private allMembers(): MemberSpec[] {
    return [...this.spec.members, ...Object.values(this.state.spare ?? {})];
  }

  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  private async recordSpare(member: MemberSpec): Promise<void> {
    if (this.isSpecMember(member)) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.();
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

  /**
   * Probes every host (architecture, systemd, tar, and the firewall tool `isolate` needs), then copies
   * binary, certificates, config (and unit) to each, all hosts at once.
   */
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
command -v tar >/dev/null 2>&1 || echo no-tar
${FIREWALL_PROBE}`,
          'probing the host',
          { timeoutMs: 30_000 },
        ).catch((error: unknown) => {
          throw new ConfigurationError(`hosts: ${errorMessage(error)}`);
        });
        const [remoteArch, supervisor, ...rest] = probe.trim().split('\n');
        if (remoteArch !== arch) {
          throw new ConfigurationError(
            `hosts: ${host.host} is ${remoteArch}; allowed: hosts of this runner's architecture (${arch}), which the etcd binary is built for`,
          );
        }
        if (rest.includes('no-tar'))
          throw new ConfigurationError(`hosts: ${host.host} has no tar, which copying the member's files needs`);
        const facts: HostFacts = {
          supervisor: supervisor === 'systemd' ? 'systemd' : 'process',
          firewall: parseFirewallProbe(probe) ?? { reason: 'the probe of its firewall tools said nothing' },
        };
        this.state.facts = { ...this.state.facts, [hostKey(host)]: facts };
        await this.install(member, host, facts.supervisor, binary, { dataDir: true });
      }),
    );
    this.deps.logger.info(
      `installed ${this.spec.members.length} members: ${this.spec.members.map((m) => `${m.name} on ${m.address} (${this.state.members[m.name].supervisor})`).join(', ')}`,
    );
  }

  /**
   * Makes the member's folder on its host with its files (and `extra` ones), and its unit; with
   * `dataDir`, an empty data dir too (a restore makes its own, and refuses one that exists).
   */
  private async install(
    member: MemberSpec,
    host: SshHost,
    supervisor: 'systemd' | 'process',
    binary: Buffer,
    options: { dataDir: boolean; extra?: Array<{ name: string; mode: number; data: Buffer }> },
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
      ...(options.extra ?? []),
    ];
    // Recorded before anything is made, so teardown after a failure here still cleans up; the
    // folder is made with a plain mkdir, which refuses one that exists (that one is not ours).
    this.state.members[member.name] = { dir, supervisor, ...(supervisor === 'systemd' ? { unit } : {}) };
    await this.deps.onChange?.();
    const [qDir, qUnitFile] = [shellQuote(dir), shellQuote(`/etc/systemd/system/${unit}`)];
    const installUnit =
      supervisor === 'systemd'
        ? `if [ -e ${qUnitFile} ]; then echo "unit "${shellQuote(unit)}" exists already" >&2; exit 4; fi
cp ${qDir}/etcd.service ${qUnitFile} && systemctl daemon-reload`
        : '';
    const makeDataDir = options.dataDir ? `mkdir -m 700 ${qDir}/data || exit 5\n` : '';
    const result = await this.remote(
      host,
      `umask 077
if ! mkdir -m 700 ${qDir} 2>/dev/null; then echo ${qDir}" exists already or cannot be made" >&2; exit 3; fi
${makeDataDir}tar -x -f - -C ${qDir} || exit 5
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

  /** How the host runs members: as preflight found, else as its member of the spec was installed. */
  private supervisorOn(host: SshHost): 'systemd' | 'process' {
    const found = this.state.facts?.[hostKey(host)]?.supervisor;
    if (found) return found;
    const index = this.state.hosts.findIndex((candidate) => hostKey(candidate) === hostKey(host));
    return this.state.members[this.spec.members[index]?.name ?? '']?.supervisor ?? 'process';
  }

  /** Starts a member; one beyond the spec's is recorded and installed on its host first (unless a restore did). */
  async start(member: MemberSpec): Promise<void> {
    const host = this.hostOf(member);
    if (!this.isSpecMember(member) && !this.state.members[member.name]) {
      await this.recordSpare(member);
      const binary = await readFile(this.state.etcdBinary);
      await this.install(member, host, this.supervisorOn(host), binary, { dataDir: true });
    }
    const installed = this.state.members[member.name];
    if (!installed) throw new Error(`${member.name} is not installed on ${host.host}`);
    if (installed.supervisor === 'systemd') {
      const unit = shellQuote(installed.unit ?? '');
      await this.remoteOk(
        host,
        `systemctl reset-failed ${unit} 2>/dev/null; systemctl start --no-block ${unit}`,
        `starting ${member.name}`,
      );
      return;
    }
    if (installed.process && (await this.isRunning(member)))
      throw new Error(`${member.name} is already running on ${host.host} (PID ${installed.process.pid})`);
    const dir = shellQuote(installed.dir);
    const out = await this.remoteOk(
      host,
      `cd ${dir} || exit 1
if command -v setsid >/dev/null 2>&1; then run=setsid; else run=; fi
$run ${dir}/${shellQuote(this.binaryName(member))} --config-file=${dir}/etcd.conf.yml >>${dir}/etcd.log 2>&1 </dev/null &
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

  /** The name of the etcd binary the member runs in its folder: `etcd`, or `etcd-VERSION` once moved to another release. */
  private binaryName(member: MemberSpec): string {
    const release = this.releaseOf(member);
    return release ? `etcd-${release.to}` : 'etcd';
  }

  /** Copies the other release's binary into every member's folder (as `etcd-VERSION`), all hosts at once. */
  async prepareRelease(from: string, source: ReleaseSource): Promise<string> {
    if (!source.binaries)
      throw new Error('the ssh target copies another etcd binary of this machine to the hosts; none was given');
    const { version, etcd } = source.binaries;
    if (!/^[0-9A-Za-z.+-]+$/.test(version))
      throw new Error(`the etcd at ${etcd} reports the version '${version}', which is no release`);
    const binary = await readFile(etcd);
    await Promise.all(
      this.spec.members.map(async (member) => {
        const installed = this.state.members[member.name];
        if (!installed) throw new Error(`${member.name} is not installed on its host`);
        const target = shellQuote(`${installed.dir}/etcd-${version}`);
        await this.remoteOk(
          this.hostOf(member),
          `umask 077\ncat > ${target}.part && chmod 700 ${target}.part && mv ${target}.part ${target}`,
          `copying etcd ${version} to ${member.name}'s folder`,
          { input: binary, timeoutMs: UPLOAD_TIMEOUT_MS },
        );
      }),
    );
    this.state.release = { from, to: version, runs: etcd, moved: [] };
    await this.deps.onChange?.();
    return version;
  }

  /**
   * Stops the member, writes its etcd.conf.yml for the other release (and, on systemd, switches its
   * unit's ExecStart to that release's binary and reloads systemd), then starts it.
   */
  async moveMember(member: MemberSpec, release: 'from' | 'to'): Promise<void> {
    const move = this.state.release;
    if (!move) throw new Error(`no other release was prepared to move ${member.name} to`);
    const installed = this.state.members[member.name];
    if (!installed) throw new Error(`${member.name} is not installed on its host`);
    await this.stop(member);
    recordMove(move, member, release);
    await this.deps.onChange?.();
    const dir = installed.dir;
    const files = [
      {
        name: 'etcd.conf.yml',
        mode: 0o600,
        data: Buffer.from(
          etcdConfigYaml(this.spec, memberOnHost(this.spec, member), writtenFor(this.releaseOf(member))),
        ),
      },
      ...(installed.unit
        ? [
            {
              name: 'etcd.service',
              mode: 0o644,
              data: Buffer.from(systemdUnit(this.spec, member, dir, this.binaryName(member))),
            },
          ]
        : []),
    ];
    const switchUnit = installed.unit
      ? `\ncp ${shellQuote(dir)}/etcd.service ${shellQuote(`/etc/systemd/system/${installed.unit}`)} && systemctl daemon-reload`
      : '';
    await this.remoteOk(
      this.hostOf(member),
      `umask 077\ntar -x -f - -C ${shellQuote(dir)} || exit 5${switchUnit}`,
      `switching ${member.name} to etcd ${release === 'to' ? move.to : move.from}`,
      { input: tarArchive(files) },
    );
    await this.start(member);
  }

  releaseOf(member: MemberSpec): MemberRelease | undefined {
    return memberRelease(this.state.release, member);
  }

  async kill(member: MemberSpec): Promise<void> {
    await this.end(member, true);
  }

  private async end(member: MemberSpec, kill: boolean): Promise<void> {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === 'systemd') {
      if (!installed.unit) return;
      const unit = shellQuote(installed.unit);
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
    const [pid, startTime] = [shellQuote(String(handle.pid)), shellQuote(handle.startTime ?? '')];
    await this.remoteOk(
      host,
      `alive ${pid} ${startTime} || exit 0
kill -CONT ${pid}
kill -${kill ? 'KILL' : 'TERM'} ${pid}
until_not alive ${pid} ${startTime} && exit 0
kill -KILL ${pid} 2>/dev/null; until_not alive ${pid} ${startTime}`,
      `${kill ? 'killing' : 'stopping'} ${member.name} (PID ${handle.pid})`,
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

  /**
   * Rejects the peer connections between each member of `members` and each of `from` with rules on
   * the host of each member of `members` (iptables, else nft; see cutScript), in a chain or table
   * named from the run id. The host is recorded before its rules are made, so `heal`, teardown and
   * `down` remove them.
   */
  async isolate(members: MemberSpec[], from: MemberSpec[]): Promise<void> {
    const byHost = new Map<string, { host: SshHost; cuts: LinkCut[]; names: string[] }>();
    for (const member of members) {
      const others = from.filter((other) => other.name !== member.name);
      if (others.length === 0) continue;
      const host = this.hostOf(member);
      const group = byHost.get(hostKey(host)) ?? { host, cuts: [], names: [] };
      group.names.push(member.name);
      group.cuts.push(...others.map((other) => ({ local: peerEnd(member), remote: peerEnd(other) })));
      byHost.set(hostKey(host), group);
    }
    const groups = [...byHost.values()];
    const tools = await Promise.all(groups.map(({ host }) => this.firewallOf(host)));
    this.state.cut = [...new Set([...(this.state.cut ?? []), ...byHost.keys()])];
    await this.deps.onChange?.();
    await Promise.all(
      groups.map(({ host, cuts, names }, index) =>
        this.remoteOk(
          host,
          cutScript(tools[index], this.spec.runId, cuts),
          `cutting the peer links of ${names.join(', ')} with ${tools[index]}`,
        ),
      ),
    );
    this.deps.logger.debug(
      `cut the peer links ${groups.flatMap(({ names }) => names).join(', ')} | ${from.map((m) => m.name).join(', ')}`,
    );
  }

  /** Removes the run's rules from every host `isolate` cut links on. */
  async heal(): Promise<void> {
    const problems = await this.removeRules();
    if (problems.length > 0) throw new Error(`healing the cut peer links failed: ${problems.join('; ')}`);
  }

  /** The host's firewall tool (probed now where preflight did not), or FaultUnsupportedError saying why there is none. */
  private async firewallOf(host: SshHost): Promise<FirewallTool> {
    let facts = this.state.facts?.[hostKey(host)];
    if (!facts) {
      const probe = await this.remoteOk(host, FIREWALL_PROBE, 'probing the firewall tools', { timeoutMs: 30_000 });
      facts = {
        supervisor: this.supervisorOn(host),
        firewall: parseFirewallProbe(probe) ?? { reason: 'the probe of its firewall tools said nothing' },
      };
      this.state.facts = { ...this.state.facts, [hostKey(host)]: facts };
      await this.deps.onChange?.();
    }
    if ('reason' in facts.firewall) throw new FaultUnsupportedError('isolate', noFirewall([[host, facts]]));
    return facts.firewall.tool;
  }

  /** Removes the run's rules from the hosts recorded as cut, all at once, forgetting each cleared; returns what failed. */
  private async removeRules(): Promise<string[]> {
    const keys = new Set(this.state.cut ?? []);
    if (keys.size === 0) return [];
    const hosts = [...new Map(this.state.hosts.map((host) => [hostKey(host), host])).values()].filter((host) =>
      keys.has(hostKey(host)),
    );
    const problems: string[] = [];
    const cleared = new Set<string>();
    await Promise.all(
      hosts.map(async (host) => {
        const firewall = this.state.facts?.[hostKey(host)]?.firewall;
        if (firewall && 'tool' in firewall) {
          try {
            await this.remoteOk(
              host,
              removeRulesScript(firewall.tool, this.spec.runId),
              `removing the rules that cut peer links (${firewall.tool})`,
            );
          } catch (error) {
            problems.push(errorMessage(error));
            return;
          }
        }
        cleared.add(hostKey(host));
      }),
    );
    this.state.cut = [...keys].filter((key) => !cleared.has(key));
    await this.deps.onChange?.();
    return problems;
  }

  /**
   * Places on the hosts in turn (the first on the first member's host, ...), each at the ports of the
   * host's member plus SPARE_PORT_STEP (twice that, ... where those are taken or something listens
   * there), so a member beyond the spec's runs beside the host's own.
   */
  async sparePlaces(count: number): Promise<SparePlace[]> {
    const homes = this.spec.members.map((member, index) => ({ member, host: this.state.hosts[index] }));
    if (homes.some(({ host }) => !host)) throw new Error('the ssh target has fewer hosts than members');
    const listening = new Map<string, Promise<Set<number>>>();
    const places: SparePlace[] = [];
    for (let index = 0; index < count; index++) {
      const { member, host } = homes[index % homes.length];
      if (!listening.has(hostKey(host)))
        listening.set(
          hostKey(host),
          this.remoteOk(host, 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; true', 'listing its listening ports').then(
            listeningPorts,
          ),
        );
      const taken = new Set(
        [...this.allMembers().map(placeOf), ...places]
          .filter((place) => place.address === host.host)
          .flatMap((place) => [place.clientPort, place.peerPort]),
      );
      const base = placeOf(member);
      const ports = sparePorts(base, taken, await (listening.get(hostKey(host)) as Promise<Set<number>>));
      if (!ports)
        throw new Error(
          `${host.host} has no free pair of ports ${base.clientPort}+${SPARE_PORT_STEP}n and ${base.peerPort}+${SPARE_PORT_STEP}n (n up to ${SPARE_PORT_TRIES}) for a member beyond the spec's`,
        );
      places.push({ address: host.host, ...ports });
    }
    return places;
  }

  /**
   * Copies the snapshot and etcd's restore tool (etcdutl from 3.5, etcdctl before; the one beside the
   * etcd binary) into the member's folder on its host, restores there into its data dir, and removes
   * both again.
   */
  async restoreSnapshot(member: MemberSpec, snapshotFile: string): Promise<string> {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    const tool = await restoreTool(this.state.etcdBinary);
    const toolName = path.basename(tool);
    const host = this.hostOf(member);
    const [binary, toolBinary, snapshot] = await Promise.all(
      [this.state.etcdBinary, tool, snapshotFile].map((file) => readFile(file)),
    );
    await this.recordSpare(member);
    await this.install(member, host, this.supervisorOn(host), binary, {
      dataDir: false,
      extra: [
        { name: toolName, mode: 0o700, data: toolBinary },
        { name: 'snapshot.db', mode: 0o600, data: snapshot },
      ],
    });
    const { dir } = remoteNames(this.spec, member);
    const remoteMember = memberOnHost(this.spec, member);
    const command = [
      `${dir}/${toolName}`,
      ...snapshotRestoreArgs(remoteMember, `${dir}/snapshot.db`, remoteMember.dataDir),
    ];
    await this.remoteOk(
      host,
      `cd ${shellQuote(dir)} || exit 1
ETCDCTL_API=3 ${command.map(shellQuote).join(' ')}
rc=$?
rm -f ${shellQuote(`${dir}/snapshot.db`)} ${shellQuote(`${dir}/${toolName}`)}
exit $rc`,
      `restoring the snapshot for ${member.name} with ${toolName}`,
      { timeoutMs: RESTORE_TIMEOUT_MS },
    );
    return `${command.join(' ')} (on ${host.host})`;
  }

  /** Ends a member beyond the spec's, removes its unit and folder from its host, and forgets it. */
  async discard(member: MemberSpec): Promise<void> {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    await this.remove(member, false);
    if (this.state.spare?.[member.name]) {
      delete this.state.spare[member.name];
      await this.deps.onChange?.();
    }
  }

  /** Kills a member and, unless keepData, removes its unit and folder and forgets it. */
  private async remove(member: MemberSpec, keepData: boolean): Promise<void> {
    const installed = this.state.members[member.name];
    if (!installed) return;
    await this.kill(member);
    if (keepData) return;
    const unit = installed.unit;
    await this.remoteOk(
      this.hostOf(member),
      (unit
        ? `systemctl reset-failed ${shellQuote(unit)} 2>/dev/null; rm -f ${shellQuote(`/etc/systemd/system/${unit}`)}; systemctl daemon-reload\n`
        : '') + `rm -rf ${shellQuote(installed.dir)}`,
      `removing ${member.name}`,
    );
    delete this.state.members[member.name];
    await this.deps.onChange?.();
  }

  private async signal(member: MemberSpec, signal: 'STOP' | 'CONT', what: string): Promise<void> {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === 'systemd') {
      if (!installed.unit) return;
      const unit = shellQuote(installed.unit);
      await this.remoteOk(
        host,
        `unit_up ${unit} || exit 0\nsystemctl kill --signal=SIG${signal} ${unit}`,
        `${what} ${member.name}`,
      );
      return;
    }
    const handle = installed.process;
    if (!handle) return;
    const pid = shellQuote(String(handle.pid));
    await this.remoteOk(
      host,
      `alive ${pid} ${shellQuote(handle.startTime ?? '')} || exit 0\nkill -${signal} ${pid}`,
      `${what} ${member.name} (PID ${handle.pid})`,
    );
  }

  async isRunning(member: MemberSpec): Promise<boolean> {
    const installed = this.state.members[member.name];
    if (!installed) return false;
    if (installed.supervisor === 'systemd') {
      return (
        installed.unit !== undefined &&
        (await this.remote(this.hostOf(member), `unit_up ${shellQuote(installed.unit)}`)).code === 0
      );
    }
    const handle = installed.process;
    return (
      handle !== undefined &&
      (
        await this.remote(
          this.hostOf(member),
          `alive ${shellQuote(String(handle.pid))} ${shellQuote(handle.startTime ?? '')}`,
        )
      ).code === 0
    );
  }

  async logs(member: MemberSpec, tailLines?: number): Promise<string> {
    const installed = this.state.members[member.name];
    if (!installed) return '';
    const lines = tailLines === undefined ? '' : `-n ${shellQuote(String(tailLines))}`;
    const log = shellQuote(`${installed.dir}/etcd.log`);
    const script =
      installed.supervisor === 'systemd'
        ? `journalctl -u ${shellQuote(installed.unit ?? '')} --no-pager -o cat ${lines}`
        : tailLines === undefined
          ? `cat ${log}`
          : `tail ${lines} ${log}`;
    const result = await this.remote(this.hostOf(member), `${script} 2>/dev/null`, { timeoutMs: 30_000 });
    return result.stdout;
  }

  /**
   * Removes the run's rules from the hosts it cut links on; ends every member (those beyond the
   * spec's too) and, unless keepData, removes the unit and the member's folder on each host, all
   * hosts at once. Then closes the ssh connections and removes local files this target wrote.
   */
  async destroy(options: { keepData: boolean }): Promise<string[]> {
    const problems = (await this.removeRules()).map((problem) => `rules: ${problem}`);
    await Promise.all(
      this.allMembers().map(async (member) => {
        try {
          await this.remove(member, options.keepData);
        } catch (error) {
          problems.push(`${member.name}: ${errorMessage(error)}`);
        }
      }),
    );
    // Members beyond the spec's whose folder is gone are forgotten; those kept (keepData) stay recorded.
    for (const name of Object.keys(this.state.spare ?? {})) {
      if (!this.state.members[name]) delete this.state.spare?.[name];
    }
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

/** A member's place: its address and the client and peer ports of its URLs. */
function placeOf(member: MemberSpec): SparePlace {
  return { address: member.address, clientPort: portOf(member.clientUrl), peerPort: portOf(member.peerUrl) };
}

/** A member's end of its peer links, for the rules that cut them. */
function peerEnd(member: MemberSpec): { address: string; peerPort: number } {
  return { address: member.address, peerPort: portOf(member.peerUrl) };
}

/** Why links cannot be cut on these hosts. */
function noFirewall(hosts: Array<[SshHost, HostFacts]>): string {
  const why = hosts.map(
    ([host, facts]) => `${host.host} has none that works (${'reason' in facts.firewall ? facts.firewall.reason : ''})`,
  );
  return `the ssh target cuts peer links with iptables or nft on each host, and ${why.join('; ')}`;
}

/** etcdutl beside the etcd binary (etcd 3.5 and later), else etcdctl (3.4), as the local target finds them. */
async function restoreTool(etcdBinary: string): Promise<string> {
  const dir = path.dirname(etcdBinary);
  const tools = [path.join(dir, 'etcdutl'), path.join(dir, 'etcdctl')];
  for (const tool of tools) {
    if (
      await access(tool, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return tool;
  }
  throw new Error(`neither ${tools.join(' nor ')} can be run, so no snapshot can be restored`);
}
