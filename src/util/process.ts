import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock.js';
import { pollUntil } from './poll.js';

const EXIT_POLL_MS = 10;

/** A process this product started, told apart from a later process that reuses its PID. */
export interface ProcessHandle {
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  startTime: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * What every program this product starts gets from its environment: enough to run, and nothing of the
 * step's secrets (ACTIONS_RUNTIME_TOKEN, INPUT_* with passphrases and keys, GITHUB_TOKEN), which would
 * otherwise sit in /proc/PID/environ of every member, proxy and ssh master for as long as it runs.
 */
const BASE_VARIABLES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'TZ', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR'];

/** What a program needs besides, by the name it is run as (a pattern names a family of variables). */
const PROGRAM_VARIABLES: Record<string, ReadonlyArray<string | RegExp>> = {
  // The docker CLI finds its engine (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, TLS) by these.
  docker: [/^DOCKER_[A-Z_]+$/, 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME'],
  podman: [/^CONTAINERS?_[A-Z_]+$/, 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME'],
  // etcd 3.4 on arm64 and other unsupported platforms runs only with this set by the user.
  etcd: ['ETCD_UNSUPPORTED_ARCH'],
};

/**
 * The environment of a child: the base variables, those `command` needs by name, then `extra` (what a
 * caller means to hand over, such as ETCDCTL_* for an etcdctl it runs). Everything else is left out.
 */
export function childEnvironment(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const wanted = [...BASE_VARIABLES, ...(PROGRAM_VARIABLES[path.basename(command)] ?? [])];
  const child: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (wanted.some((want) => (typeof want === 'string' ? want === name : want.test(name)))) child[name] = value;
  }
  return { ...child, ...extra };
}

/** Runs and starts programs; the one place domain code reaches the OS process table. */
export interface ProcessRunner {
  /**
   * Runs a program to completion with a time bound; never throws for a non-zero exit. The program
   * gets the environment childEnvironment gives it, with `env` added.
   */
  run(
    command: string,
    args: string[],
    options?: { timeoutMs?: number; input?: string; env?: Record<string, string> },
  ): Promise<RunResult>;
  /** Runs a program with binary standard input and output (for tar streams), bounded in time. */
  pipe(
    command: string,
    args: string[],
    input: Buffer | undefined,
    timeoutMs: number,
  ): Promise<{ code: number; stdout: Buffer; stderr: string }>;
  /** Starts a long-running program in its own process group, stdout and stderr appended to `logFile`. */
  startDetached(command: string, args: string[], logFile: string): Promise<ProcessHandle>;
}

/** The state letter (field 3) and starttime (field 22) of /proc/PID/stat, or undefined if there is no such process or it is a zombie. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; fields after it follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return { state: fields[0], startTime: fields[19] };
}

/** Reads field 22 (starttime) of /proc/PID/stat, or undefined if there is no such process or it is a zombie. */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.startTime;
}

/** True while the process of this handle is stopped by a signal (SIGSTOP): it runs, but does nothing. */
export function isStopped(handle: ProcessHandle): boolean {
  const stat = procStat(handle.pid);
  return stat?.startTime === handle.startTime && stat.state.startsWith('T');
}

/** True while the process of this handle (and not a later one with the same PID) is running. */
export function isRunning(handle: ProcessHandle): boolean {
  return processStartTime(handle.pid) === handle.startTime;
}

/** Sends a signal to the process of this handle only; false if it had already gone. */
export function signalProcess(handle: ProcessHandle, signal: NodeJS.Signals): boolean {
  if (!isRunning(handle)) return false;
  try {
    process.kill(handle.pid, signal);
    return true;
  } catch {
    return false;
  }
}

export const systemProcessRunner: ProcessRunner = {
  run(command, args, options = {}) {
    return new Promise((resolve) => {
      const child = execFile(
        command,
        args,
        {
          timeout: options.timeoutMs ?? 60_000,
          maxBuffer: 64 * 1024 * 1024,
          encoding: 'utf8',
          env: childEnvironment(command, process.env, options.env),
        },
        (error, stdout, stderr) => {
          const code = error
            ? typeof (error as { code?: unknown }).code === 'number'
              ? (error as { code: number }).code
              : -1
            : 0;
          resolve({ code, stdout, stderr: stderr || (error && code === -1 ? error.message : '') });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  },
  pipe(command, args, input, timeoutMs) {
    return new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: childEnvironment(command) });
      const out: Buffer[] = [];
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('error', (error) => {
        clearTimeout(timer);
        resolve({ code: -1, stdout: Buffer.alloc(0), stderr: error.message });
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr });
      });
      child.stdin.on('error', () => undefined); // a program that exits early closes its input
      child.stdin.end(input ?? Buffer.alloc(0));
    });
  },
  startDetached(command, args, logFile) {
    return new Promise((resolve, reject) => {
      const fd = openSync(logFile, 'a', 0o600);
      // Long-running children (members, proxies, ssh masters) above all get no secret of the step.
      const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env: childEnvironment(command) });
      child.once('error', (error) => {
        closeSync(fd);
        reject(error);
      });
      child.once('spawn', () => {
        closeSync(fd);
        child.unref();
        const pid = child.pid as number;
        const startTime = processStartTime(pid);
        if (startTime === undefined) {
          reject(new Error(`${command} exited at once (see ${logFile})`));
          return;
        }
        resolve({ pid, startTime });
      });
    });
  },
};

/**
 * Signals a process of this product and waits until it has exited, escalating to SIGKILL after
 * `graceMs`; throws if it still runs `killWaitMs` after that. Exit is polled, since the process may
 * not be this one's child (the CLI's down, the action's post step).
 */
export async function endProcess(
  handle: ProcessHandle,
  signal: NodeJS.Signals,
  options: { graceMs: number; killWaitMs: number; clock: Clock; what: string; onEscalate?: () => void },
): Promise<void> {
  const exited = (timeoutMs: number) =>
    pollUntil(async () => (isRunning(handle) ? undefined : true), {
      what: `${options.what} to exit`,
      timeoutMs,
      intervalMs: EXIT_POLL_MS,
      clock: options.clock,
    }).catch(() => false);
  if (!signalProcess(handle, signal) || (await exited(options.graceMs))) return;
  options.onEscalate?.();
  signalProcess(handle, 'SIGKILL');
  if (!(await exited(options.killWaitMs)))
    throw new Error(`${options.what} (PID ${handle.pid}) is still running ${options.killWaitMs} ms after SIGKILL`);
}
