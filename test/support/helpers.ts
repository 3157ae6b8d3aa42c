import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CHECKS } from '../../src/checks/registry.js';

export const CLI = path.resolve('dist/cli/index.js');

/**
 * What `--checks all` runs when no upgrade release is given: every check but those that move the
 * members to another release (which `all` brings in only with one, and does not list otherwise).
 */
export const ALL_WITHOUT_RELEASE = CHECKS.filter((check) => !check.needsRelease).map((check) => check.name);
/** Fast raft timing, so a full run takes seconds. */
export const FAST = ['--heartbeat-ms', '50', '--election-ms', '250'];

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; kills it (and fails) if it outlives `timeoutMs`. */
export function runCli(
  args: string[],
  options: {
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
    onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
    onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
    script?: string;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.script ?? CLI, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`etcd-ha ${args.join(' ')} ran over ${options.timeoutMs ?? 60000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** PIDs of running (not zombie) processes whose command line mentions `needle`. */
export function livePidsMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Ends, by PID, every etcd (and local peer proxy) a test started under `dir` (for cleanup after a failed assertion). */
export function killEtcdUnder(dir: string): void {
  const proxies = livePidsMentioning(dir).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('/peer-proxy/peer-proxy.mjs');
    } catch {
      return false;
    }
  });
  for (const pid of [...livePidsMentioning(`--data-dir=${dir}`), ...proxies]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function newTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Reads a GitHub file command file (`name<<delimiter` blocks, as GITHUB_OUTPUT and GITHUB_ENV hold them) into a map. */
export function readCommandFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of readFileSync(file, 'utf8').matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    values[match[1]] = match[3];
  return values;
}

/** An environment with the folder and files a runner gives an action (RUNNER_TEMP, GITHUB_* command files), in `dir`. */
export function actionEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { RUNNER_TEMP: path.join(dir, 'runner-temp') };
  mkdirSync(env.RUNNER_TEMP as string, { recursive: true });
  for (const name of ['STATE', 'OUTPUT', 'ENV', 'STEP_SUMMARY', 'PATH']) {
    const file = path.join(dir, name.toLowerCase());
    writeFileSync(file, '');
    env[`GITHUB_${name}`] = file;
  }
  return env;
}
