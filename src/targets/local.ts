import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { etcdFlags, memberListeners } from '../cluster/flags.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { endProcess, isRunning, type ProcessHandle, type ProcessRunner } from '../util/process.js';
import { assertListenersFree } from './ports.js';
import type { Target } from './target.js';

/** What the local target must remember between steps (the CLI's `up` and `down`, the action's main and post). */
export interface LocalTargetState {
  etcdBinary: string;
  processes: Record<string, ProcessHandle>;
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

/** Members as processes on this machine, each on its own loopback address. */
export class LocalTarget implements Target {
  readonly kind = 'local' as const;

  constructor(
    private readonly spec: ClusterSpec,
    readonly state: LocalTargetState,
    private readonly deps: LocalTargetDeps,
  ) {}

  /** Checks every listener is free before any member starts, so a taken port leaves nothing running. */
  async preflight(): Promise<void> {
    for (const member of this.spec.members) {
      if (!/^127\.\d+\.\d+\.\d+$/.test(member.address) && member.address !== '::1') {
        throw new ConfigurationError(
          `member ${member.name} has the address ${member.address}; the local target runs every member on this machine, so it needs loopback addresses (127.x.y.z or ::1)`,
        );
      }
    }
    await assertListenersFree(
      this.spec.members.flatMap((member) =>
        memberListeners(this.spec, member).map((listener) => ({
          member: member.name,
          ...listener,
          // A configuration's ports are its own; only the addresses are the run's.
          ...(member.configured ? { fix: 'choose another base-address' } : {}),
        })),
      ),
    );
  }

  async start(member: MemberSpec): Promise<void> {
    const running = this.state.processes[member.name];
    if (running && isRunning(running)) throw new Error(`${member.name} is already running (PID ${running.pid})`);
    await mkdir(member.dataDir, { recursive: true, mode: 0o700 });
    await mkdir(path.dirname(member.logFile), { recursive: true, mode: 0o700 });
    const handle = await this.deps.runner.startDetached(this.state.etcdBinary, etcdFlags(this.spec, member), member.logFile);
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

  async isRunning(member: MemberSpec): Promise<boolean> {
    const handle = this.state.processes[member.name];
    return handle !== undefined && isRunning(handle);
  }

  async logs(member: MemberSpec, tailLines?: number): Promise<string> {
    let text: string;
    try {
      text = await readFile(member.logFile, 'utf8');
    } catch {
      return '';
    }
    return tailLines === undefined ? text : text.trimEnd().split('\n').slice(-tailLines).join('\n');
  }

  async destroy(options: { keepData: boolean }): Promise<string[]> {
    const problems: string[] = [];
    for (const member of this.spec.members) {
      try {
        await this.kill(member);
      } catch (error) {
        problems.push(`${member.name}: ${errorMessage(error)}`);
      }
    }
    if (!options.keepData) {
      for (const dir of [path.join(this.spec.stateDir, 'data'), path.join(this.spec.stateDir, 'logs')]) {
        await rm(dir, { recursive: true, force: true }).catch((error) => problems.push(`${dir}: ${errorMessage(error)}`));
      }
    }
    return problems;
  }

  /** Signals a member and waits for it to exit; escalates to SIGKILL after `graceMs`. */
  private async end(member: MemberSpec, signal: NodeJS.Signals, graceMs: number): Promise<void> {
    const handle = this.state.processes[member.name];
    if (!handle) return;
    await endProcess(handle, signal, {
      graceMs,
      killWaitMs: EXIT_WAIT_MS,
      clock: this.deps.clock,
      what: member.name,
      onEscalate: () => this.deps.logger.warning(`${member.name} (PID ${handle.pid}) did not exit ${graceMs} ms after ${signal}; killing it`),
    });
    delete this.state.processes[member.name];
    await this.deps.onChange?.(this.state);
  }
}
