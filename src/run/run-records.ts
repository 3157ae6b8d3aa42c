import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { isRunning, type ProcessHandle } from '../util/process.js';
import { loadState, targetKind, type ClusterState } from './state.js';
import { type RunTarget } from '../report/model.js';

/** One cluster whose members a CLI on this machine started, as `etcd-ha ps` lists it. */
export interface RunEntry {
  schemaVersion: 1;
  runId: string;
  target: RunTarget;
  members: number;
  /** The folder that holds the cluster's state file (PIDs, containers, hosts): what `down` reads. */
  stateDir: string;
  /** When the members were started (ISO 8601). */
  startedAt: string;
  /** The verb that started them (`run`, `up`). */
  command: string;
  /** The CLI process that started them; after `up` it has exited, and the cluster runs on. */
  cli: ProcessHandle;
}

/** Who records the runs: the CLI process and its verb, and the wall clock. */
export interface RunRecorder {
  command: string;
  cli: ProcessHandle;
  now: () => Date;
}

/** The runs this machine's CLI started and has not torn down yet, one JSON file per run. */
export interface RunRegistry {
  readonly dir: string;
  /** Records a cluster whose members are about to start. */
  register(state: ClusterState): Promise<void>;
  /** Forgets a run (its members ended, or its folder is gone). */
  unregister(runId: string): Promise<void>;
  /** Every recorded run, oldest first, and the files that are no run entry. */
  list(): Promise<{ entries: RunEntry[]; unreadable: string[] }>;
}

/**
 * The registry's folder: `$ETCD_HA_STATE_HOME/runs`, else `$XDG_STATE_HOME/etcd-ha/runs`, else
 * `~/.local/state/etcd-ha/runs` (for root too: `sudo etcd-ha ps` lists root's runs).
 */
export function runsDir(env: NodeJS.ProcessEnv): string {
  if (env.ETCD_HA_STATE_HOME) return path.join(path.resolve(env.ETCD_HA_STATE_HOME), 'runs');
  const stateHome =
    env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)
      ? env.XDG_STATE_HOME
      : path.join(homedir(), '.local', 'state');
  return path.join(stateHome, 'etcd-ha', 'runs');
}

const entryFile = (dir: string, runId: string) => path.join(dir, `${runId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);

function isRunEntry(value: unknown): value is RunEntry {
  const entry = value as Partial<RunEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    entry.schemaVersion === 1 &&
    typeof entry.runId === 'string' &&
    typeof entry.stateDir === 'string' &&
    typeof entry.startedAt === 'string' &&
    typeof entry.cli?.pid === 'number'
  );
}

/** A registry of runs in `dir` (made 0700 when the first run is recorded; entries 0600). */
export function runRegistry(dir: string, recorder: RunRecorder): RunRegistry {
  return {
    dir,
    async register(state) {
      const entry: RunEntry = {
        schemaVersion: 1,
        runId: state.spec.runId,
        target: targetKind(state),
        members: state.spec.members.length,
        stateDir: state.spec.stateDir,
        startedAt: recorder.now().toISOString(),
        command: recorder.command,
        cli: recorder.cli,
      };
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = entryFile(dir, entry.runId);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, file);
    },
    async unregister(runId) {
      await rm(entryFile(dir, runId), { force: true });
    },
    async list() {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      const entries: RunEntry[] = [];
      const unreadable: string[] = [];
      for (const name of names.filter((item) => item.endsWith('.json')).sort()) {
        const file = path.join(dir, name);
        try {
          const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
          if (isRunEntry(parsed)) entries.push(parsed);
          else unreadable.push(file);
        } catch {
          unreadable.push(file);
        }
      }
      entries.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      return { entries, unreadable };
    },
  };
}

/** A recorded run whose cluster state can still be read: `down` can tear it down. */
export interface LiveRun {
  entry: RunEntry;
  state: ClusterState;
}

/**
 * The recorded runs, each with its cluster state. An entry whose folder (or the state file in it) is
 * gone, or holds another run now, is removed from the registry and returned with the reason, so the
 * caller can say so.
 */
export async function recordedRuns(
  registry: RunRegistry,
): Promise<{ live: LiveRun[]; removed: Array<{ entry: RunEntry; reason: string }>; unreadable: string[] }> {
  const { entries, unreadable } = await registry.list();
  const live: LiveRun[] = [];
  const removed: Array<{ entry: RunEntry; reason: string }> = [];
  for (const entry of entries) {
    let reason: string | undefined;
    try {
      const state = await loadState(entry.stateDir, 'state folder');
      if (state.spec.runId === entry.runId) live.push({ entry, state });
      else reason = `its folder ${entry.stateDir} now holds run ${state.spec.runId}`;
    } catch (error) {
      const folder = await stat(entry.stateDir).catch(() => undefined);
      reason = folder
        ? `its folder ${entry.stateDir} holds no readable cluster state (${errorMessage(error)})`
        : `its folder ${entry.stateDir} is gone`;
    }
    if (reason !== undefined) {
      await registry.unregister(entry.runId);
      removed.push({ entry, reason });
    }
  }
  return { live, removed, unreadable };
}

/** Whether the CLI that started a run is still running (it is not after `up`, or after a kill). */
export function cliRunning(entry: RunEntry): boolean {
  return isRunning(entry.cli);
}
