import { access, constants, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  placeOnAddress,
  withPeerProxies,
  type ClusterSpec,
  type MemberSpec,
  type SparePlace,
} from '../../cluster/spec.js';
import { etcdFlags, memberListeners } from '../../cluster/flags.js';
import { snapshotRestoreArgs } from '../../etcd/snapshot.js';
import { ConfigurationError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { stateFilePath } from '../../cluster/state-files.js';
import { pollUntil } from '../../util/poll.js';
import { endProcess, isRunning, isStopped, signalProcess, type ProcessRunner } from '../../util/process.js';
import { assertListenersFree, portsFree } from '../ports.js';
import {
  memberRelease,
  recordMove,
  writtenFor,
  type MemberRelease,
  requireFault,
  type FaultSupport,
  type ReleaseSource,
  type Target,
} from '../target.js';
import { peerProxyScript, proxyRequest, type PeerProxyConfig } from './peer-proxy.js';
import type { LocalTargetState } from './types.js';
import { lastLines } from '../../util/text-layout.js';

/** Why members started by a run whose checks cut no links have no peer proxy (and so no `isolate`). */
export const NO_LINK_CUTS =
  'the local target runs its peer proxy, in which isolate cuts links, only when a check of the run may cut links (partition, history) or for up, whose checks come later; these members were started without it';

/** Unix socket paths longer than this do not fit in a sockaddr_un. */
const MAX_SOCKET_PATH = 100;

/** The peer proxy's folder in the state folder: its program, its configuration and its control socket. */
const proxyDir = (spec: ClusterSpec) => path.join(spec.stateDir, 'peer-proxy');
const controlSocket = (spec: ClusterSpec) => path.join(proxyDir(spec), 'control.sock');

/**
 * Whether the members' peer ports get the product's proxy, and on which port: the first port after
 * the peer port on which no member listens. The proxy tells the dialing member by its peer
 * certificate, so a cluster booted from the user's configuration gets it when its peers speak TLS
 * with certificate files (mapped to the run's PKI); otherwise the reason is returned instead.
 */
export function peerProxyPlan(spec: ClusterSpec): { port: number } | { reason: string } {
  const configured = spec.members.find((member) => member.configured);
  if (configured) {
    const why = whyConfiguredPeersUnproxied(spec);
    if (why) return { reason: `the local target cuts peer links in its peer proxy, which ${why}` };
  }
  if (controlSocket(spec).length > MAX_SOCKET_PATH) {
    return {
      reason: `the local target's peer proxy needs a state folder path of at most ${MAX_SOCKET_PATH - 25} characters for its control socket (${spec.stateDir})`,
    };
  }
  const { peerPort, clientPort } = spec.topology;
  // A configuration may listen on more ports (metrics, a second client port): the proxy takes none of them.
  const taken = new Set([
    clientPort,
    ...spec.members.flatMap((member) => memberListeners(spec, member)).map((l) => l.port),
  ]);
  const candidates = [peerPort + 1, peerPort + 2, peerPort + 3, peerPort - 1, peerPort - 2, peerPort - 3].filter(
    (port) => !taken.has(port) && port >= 1024 && port <= 65535,
  );
  if (candidates.length === 0)
    return { reason: `the local target's peer proxy found no free port within 3 of the peer port ${peerPort}` };
  return { port: candidates[0] };
}

/**
 * Why the proxy cannot stand in front of the peer ports of a cluster from the user's configuration,
 * or undefined when it can: it needs peers that speak TLS (https) with the configuration's
 * peer-cert-file and peer-key-file (the run's certificates, whose CN is the member's name).
 */
function whyConfiguredPeersUnproxied(spec: ClusterSpec): string | undefined {
  for (const member of spec.members) {
    const settings = new Set(member.configured?.settings.map((setting) => setting.name) ?? []);
    if (!member.configured) continue;
    if (!member.peerUrl.startsWith('https://'))
      return `tells members apart by their peer certificates, and member ${member.name} of the configuration (${member.configured.file}) speaks plain http to its peers (${member.peerUrl})`;
    const missing = ['peer-cert-file', 'peer-key-file'].filter((name) => !settings.has(name));
    if (missing.length > 0)
      return `tells members apart by their peer certificates, and member ${member.name} of the configuration (${member.configured.file}) sets no ${missing.join(' and ')} (peer-auto-tls certificates are its own, not the run's)`;
  }
  return undefined;
}

export interface LocalTargetDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  /** Called whenever the set of running processes changed, to persist it. */
  onChange?: (state: LocalTargetState) => Promise<void>;
}

const STOP_GRACE_MS = 10_000;
const EXIT_WAIT_MS = 5_000;
const SIGNAL_WAIT_MS = 2_000;
const PROXY_START_MS = 5_000;
/** How long the peer proxy outlives the last member process before it ends itself (a teardown that never came). */
const PROXY_ORPHAN_MS = 60_000;
const RESTORE_TIMEOUT_MS = 120_000;
/** How many loopback addresses after the members' `sparePlaces` tries before it gives up. */
const SPARE_ADDRESS_TRIES = 64;
const IPV4_LOOPBACK = /^127\.\d+\.\d+\.\d+$/;

/** An IPv4 address as a number, and back. */
const ipv4Number = (address: string) => address.split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
const ipv4Text = (value: number) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');

/**
 * Members as processes on this machine, each on its own loopback address. Peers reach each other
 * through the product's peer proxy (a process of its own, ended by PID like the members), which is
 * where `isolate` cuts links; pausing a member is SIGSTOP.
 */
export class LocalTarget implements Target {
  readonly kind = 'local' as const;
  readonly faults: FaultSupport;
  /** The spec the members run: with the proxy's advertised peer URLs where the peers are proxied. */
  private readonly running: ClusterSpec;

  constructor(
    private readonly spec: ClusterSpec,
    readonly state: LocalTargetState,
    private readonly deps: LocalTargetDeps,
  ) {
    const plan = peerProxyPlan(spec);
    this.running = state.peerProxy ? withPeerProxies(spec, state.peerProxy.port) : spec;
    this.faults = {
      pause: { supported: true },
      isolate: state.peerProxy
        ? { supported: true }
        : {
            supported: false,
            reason: 'reason' in plan ? plan.reason : NO_LINK_CUTS,
          },
      add: spec.members.every((member) => IPV4_LOOPBACK.test(member.address))
        ? { supported: true }
        : {
            supported: false,
            reason:
              "the local target places members beyond the spec's on the loopback addresses after the members' IPv4 ones, and these members run on ::1",
          },
    };
  }

  /** The spec's members and those beyond it that this target placed. */
  private allMembers(): MemberSpec[] {
    return [...this.spec.members, ...Object.values(this.state.spare ?? {})];
  }

  private isSpecMember(member: MemberSpec): boolean {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }

  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  private async recordSpare(member: MemberSpec): Promise<void> {
    if (this.isSpecMember(member) || this.state.spare?.[member.name]) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.(this.state);
  }

  /** Checks every listener is free before any member starts, so a taken port leaves nothing running. */
  async preflight(): Promise<void> {
    for (const member of this.spec.members) {
      if (!IPV4_LOOPBACK.test(member.address) && member.address !== '::1') {
        throw new ConfigurationError(
          `member ${member.name} has the address ${member.address}; the local target runs every member on this machine, so it needs loopback addresses (127.x.y.z or ::1)`,
        );
      }
    }
    const proxy = this.state.peerProxy;
    await assertListenersFree(
      this.spec.members.flatMap((member) => [
        ...memberListeners(this.spec, member).map((listener) => ({
          member: member.name,
          ...listener,
          // A configuration's ports are its own; only the addresses are the run's.
          ...(member.configured ? { fix: 'choose another base-address' } : {}),
        })),
        ...(proxy
          ? [
              {
                member: member.name,
                role: 'peer' as const,
                address: member.address,
                port: proxy.port,
                fix: `choose another peer-port or base-address (the peer proxy listens on port ${proxy.port})`,
              },
            ]
          : []),
      ]),
    );
    await this.ensurePeerProxy();
  }

  async start(member: MemberSpec): Promise<void> {
    const running = this.state.processes[member.name];
    if (running && isRunning(running)) throw new Error(`${member.name} is already running (PID ${running.pid})`);
    await this.recordSpare(member);
    await mkdir(member.dataDir, { recursive: true, mode: 0o700 });
    await mkdir(path.dirname(member.logFile), { recursive: true, mode: 0o700 });
    await this.ensurePeerProxy();
    const proxied = this.running.members.find((candidate) => candidate.name === member.name) ?? member;
    const release = this.releaseOf(member);
    const handle = await this.deps.runner.startDetached(
      release ? (this.state.release?.runs ?? this.state.etcdBinary) : this.state.etcdBinary,
      etcdFlags(this.running, proxied, writtenFor(release)),
      member.logFile,
    );
    this.state.processes[member.name] = handle;
    this.deps.logger.debug(`started ${member.name} as PID ${handle.pid}`);
    await this.deps.onChange?.(this.state);
  }

  async stop(member: MemberSpec): Promise<void> {
    await this.end(member, 'SIGTERM', STOP_GRACE_MS);
  }

  async kill(member: MemberSpec): Promise<void> {
    await this.end(member, 'SIGKILL', EXIT_WAIT_MS);
  }

  async restart(member: MemberSpec): Promise<void> {
    await this.stop(member);
    await this.start(member);
  }

  /** Records the other release's binary (this machine's, found or downloaded before). */
  async prepareRelease(from: string, source: ReleaseSource): Promise<string> {
    if (!source.binaries)
      throw new Error('the local target moves members to another etcd binary of this machine; none was given');
    this.state.release = { from, to: source.binaries.version, runs: source.binaries.etcd, moved: [] };
    await this.deps.onChange?.(this.state);
    return source.binaries.version;
  }

  async moveMember(member: MemberSpec, release: 'from' | 'to'): Promise<void> {
    const move = this.state.release;
    if (!move) throw new Error(`no other release was prepared to move ${member.name} to`);
    await this.stop(member);
    recordMove(move, member, release);
    await this.deps.onChange?.(this.state);
    await this.start(member);
  }

  releaseOf(member: MemberSpec): MemberRelease | undefined {
    return memberRelease(this.state.release, member);
  }

  async isRunning(member: MemberSpec): Promise<boolean> {
    const handle = this.state.processes[member.name];
    return handle !== undefined && isRunning(handle);
  }

  /** SIGSTOP, and waits until the process is stopped. */
  async pause(member: MemberSpec): Promise<void> {
    const handle = this.state.processes[member.name];
    if (!handle || !signalProcess(handle, 'SIGSTOP')) throw new Error(`cannot pause ${member.name}: it is not running`);
    await this.waitUntil(() => isStopped(handle), `${member.name} (PID ${handle.pid}) to stop after SIGSTOP`);
  }

  /** SIGCONT to a stopped member, and waits until it runs again. */
  async resume(member: MemberSpec): Promise<void> {
    const handle = this.state.processes[member.name];
    if (!handle || !isStopped(handle)) return;
    signalProcess(handle, 'SIGCONT');
    await this.waitUntil(() => !isStopped(handle), `${member.name} (PID ${handle.pid}) to run after SIGCONT`);
  }

  /** Tells the peer proxy to cut every link between the two groups (and to end their open connections). */
  async isolate(members: MemberSpec[], from: MemberSpec[]): Promise<void> {
    requireFault(this, 'isolate');
    await this.ensurePeerProxy();
    const pairs = members.flatMap((a) =>
      from.filter((b) => b.name !== a.name).map((b): [string, string] => [a.name, b.name]),
    );
    await proxyRequest(controlSocket(this.spec), { op: 'isolate', pairs });
    this.deps.logger.debug(`cut the peer links ${pairs.map((pair) => pair.join('-')).join(', ')}`);
  }

  async heal(): Promise<void> {
    const proxy = this.state.peerProxy?.process;
    if (!proxy || !isRunning(proxy)) return;
    await proxyRequest(controlSocket(this.spec), { op: 'heal' });
  }

  /** The next loopback addresses after the highest member address whose client and peer ports are free now, with those ports. */
  async sparePlaces(count: number): Promise<SparePlace[]> {
    requireFault(this, 'add');
    const taken = new Set(this.allMembers().map((member) => member.address));
    const { clientPort, peerPort } = this.spec.topology;
    const found: string[] = [];
    let candidate = Math.max(...this.spec.members.map((member) => ipv4Number(member.address)));
    for (let tried = 0; found.length < count && tried < SPARE_ADDRESS_TRIES; tried++) {
      candidate += 1;
      const address = ipv4Text(candidate);
      if (!IPV4_LOOPBACK.test(address) || address.endsWith('.255')) break;
      if (!taken.has(address) && (await portsFree(address, [clientPort, peerPort]))) found.push(address);
    }
    if (found.length < count) {
      throw new Error(
        `found ${found.length} of ${count} loopback addresses after ${this.spec.members.at(-1)?.address} with ports ${clientPort} and ${peerPort} free`,
      );
    }
    return found.map((address) => placeOnAddress(this.spec, address));
  }

  /** Runs etcdutl (etcd 3.5 and later ship it beside etcd), else etcdctl (3.4), from etcd's folder into the member's data dir. */
  async restoreSnapshot(member: MemberSpec, snapshotFile: string): Promise<string> {
    requireFault(this, 'add');
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    await this.recordSpare(member);
    const dir = path.dirname(this.state.etcdBinary);
    const tools = [path.join(dir, 'etcdutl'), path.join(dir, 'etcdctl')];
    let tool: string | undefined;
    for (const candidate of tools) {
      if (
        await access(candidate, constants.X_OK).then(
          () => true,
          () => false,
        )
      ) {
        tool = candidate;
        break;
      }
    }
    if (!tool) throw new Error(`neither ${tools.join(' nor ')} can be run, so no snapshot can be restored`);
    await mkdir(path.dirname(member.dataDir), { recursive: true, mode: 0o700 });
    const args = snapshotRestoreArgs(member, snapshotFile, member.dataDir);
    const result = await this.deps.runner.run(tool, args, { timeoutMs: RESTORE_TIMEOUT_MS });
    if (result.code !== 0)
      throw new Error(
        `${path.basename(tool)} snapshot restore for ${member.name} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(-500)}`,
      );
    return [tool, ...args].join(' ');
  }

  async discard(member: MemberSpec): Promise<void> {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    await this.kill(member);
    await rm(member.dataDir, { recursive: true, force: true });
    if (this.state.spare?.[member.name]) {
      delete this.state.spare[member.name];
      await this.deps.onChange?.(this.state);
    }
  }

  async logs(member: MemberSpec, tailLines?: number): Promise<string> {
    let text: string;
    try {
      text = await readFile(member.logFile, 'utf8');
    } catch {
      return '';
    }
    return tailLines === undefined ? text : lastLines(text, tailLines);
  }

  async destroy(options: { keepData: boolean }): Promise<string[]> {
    const problems: string[] = [];
    for (const member of this.allMembers()) {
      try {
        await this.kill(member);
      } catch (error) {
        problems.push(`${member.name}: ${errorMessage(error)}`);
      }
    }
    const proxy = this.state.peerProxy?.process;
    if (proxy) {
      try {
        await endProcess(proxy, 'SIGTERM', {
          graceMs: SIGNAL_WAIT_MS,
          killWaitMs: EXIT_WAIT_MS,
          clock: this.deps.clock,
          what: 'the peer proxy',
        });
        delete this.state.peerProxy?.process;
        await this.deps.onChange?.(this.state);
      } catch (error) {
        problems.push(`peer proxy: ${errorMessage(error)}`);
      }
    }
    // The proxy's program, configuration and socket hold no data: they go with its process.
    await rm(proxyDir(this.spec), { recursive: true, force: true }).catch((error) =>
      problems.push(`${proxyDir(this.spec)}: ${errorMessage(error)}`),
    );
    if (!options.keepData) {
      for (const dir of [path.join(this.spec.stateDir, 'data'), path.join(this.spec.stateDir, 'logs')]) {
        await rm(dir, { recursive: true, force: true }).catch((error) =>
          problems.push(`${dir}: ${errorMessage(error)}`),
        );
      }
      // Members beyond the spec's kept their data there too; with it gone, they are gone.
      if (this.state.spare && problems.length === 0) {
        delete this.state.spare;
        await this.deps.onChange?.(this.state);
      }
    }
    return problems;
  }

  /**
   * Starts the peer proxy unless it runs (once per cluster, before the first member; again if it
   * died), and waits until it answers on its control socket.
   */
  private async ensurePeerProxy(): Promise<void> {
    const proxy = this.state.peerProxy;
    if (!proxy || (proxy.process && isRunning(proxy.process))) return;
    const dir = proxyDir(this.spec);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await mkdir(path.join(this.spec.stateDir, 'logs'), { recursive: true, mode: 0o700 });
    const endpoint = (url: string) => {
      const parsed = new URL(url);
      return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(parsed.port) };
    };
    const config: PeerProxyConfig = {
      control: controlSocket(this.spec),
      caFile: this.spec.pki.caCert,
      // The state file the steps share: the proxy reads the member PIDs from it.
      stateFile: stateFilePath(this.spec.stateDir),
      orphanAfterMs: PROXY_ORPHAN_MS,
      members: this.running.members.map((member) => ({
        name: member.name,
        listen: endpoint(member.advertisedPeerUrl ?? member.peerUrl),
        upstream: endpoint(member.peerUrl),
        certFile: member.pki.peerCert,
        keyFile: member.pki.peerKey,
      })),
    };
    const script = path.join(dir, 'peer-proxy.mjs');
    const configFile = path.join(dir, 'config.json');
    const logFile = path.join(this.spec.stateDir, 'logs', 'peer-proxy.log');
    await writeFile(script, peerProxyScript(), { mode: 0o600 });
    await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    const handle = await this.deps.runner.startDetached(process.execPath, [script, configFile], logFile);
    proxy.process = handle;
    await this.deps.onChange?.(this.state);
    const exited = new Error('it exited');
    try {
      await pollUntil(
        async () => {
          if (!isRunning(handle)) throw exited;
          return (await proxyRequest(config.control, { op: 'ping' }, 500)).ok || undefined;
        },
        {
          what: 'the peer proxy to answer',
          timeoutMs: PROXY_START_MS,
          intervalMs: 20,
          clock: this.deps.clock,
          isFatal: (error) => error === exited,
        },
      );
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(
        `the peer proxy did not start (${errorMessage(error)}); its log: ${log.trim().split('\n').slice(-5).join(' | ') || '(empty)'}`,
      );
    }
    this.deps.logger.debug(
      `started the peer proxy as PID ${handle.pid} on port ${proxy.port} of every member's address`,
    );
  }

  private async waitUntil(done: () => boolean, what: string): Promise<void> {
    await pollUntil(async () => (done() ? true : undefined), {
      what,
      timeoutMs: SIGNAL_WAIT_MS,
      intervalMs: 5,
      clock: this.deps.clock,
    });
  }

  /** Signals a member and waits for it to exit; escalates to SIGKILL after `graceMs`. */
  private async end(member: MemberSpec, signal: NodeJS.Signals, graceMs: number): Promise<void> {
    const handle = this.state.processes[member.name];
    if (!handle) return;
    // A paused member would not act on SIGTERM until it runs again.
    if (isStopped(handle)) signalProcess(handle, 'SIGCONT');
    await endProcess(handle, signal, {
      graceMs,
      killWaitMs: EXIT_WAIT_MS,
      clock: this.deps.clock,
      what: member.name,
      onEscalate: () =>
        this.deps.logger.warning(
          `${member.name} (PID ${handle.pid}) did not exit ${graceMs} ms after ${signal}; killing it`,
        ),
    });
    delete this.state.processes[member.name];
    await this.deps.onChange?.(this.state);
  }
}
