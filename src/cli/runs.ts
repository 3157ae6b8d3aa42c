import { downPhase, targetFor, type PipelineDeps } from '../run/pipeline.js';
import { cliRunning, recordedRuns, type LiveRun, type RunRegistry } from '../run/registry.js';
import { recordedTargetKind, type ClusterState } from '../run/state.js';
import { countsRunningMembers } from '../targets/registry.js';

/** What the CLI's run verbs print to. */
export interface RunsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** How many of a cluster's members run now, as `n/m`; `?` where the target cannot tell. */
async function runningMembers(state: ClusterState, deps: PipelineDeps): Promise<string> {
  // A target may not tell cheaply (ssh hosts: a connection to each); the state file lists them.
  const kind = recordedTargetKind(state);
  if (kind === undefined || !countsRunningMembers(kind)) return '?';
  try {
    const target = targetFor(state, deps);
    const running = await Promise.all(state.spec.members.map((member) => target.isRunning(member)));
    return `${running.filter(Boolean).length}/${state.spec.members.length}`;
  } catch {
    return '?';
  }
}

/** Says which registry entries went because their folder did, and which files are no entry. */
function reportRemoved(
  removed: Awaited<ReturnType<typeof recordedRuns>>['removed'],
  unreadable: string[],
  io: RunsIo,
): void {
  for (const { entry, reason } of removed)
    io.stderr(`removed run ${entry.runId} (${entry.target}, started ${entry.startedAt}) from the list: ${reason}\n`);
  for (const file of unreadable) io.stderr(`warning: ${file} is not a run entry; it was left as it is\n`);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `etcd-ha ps`: the clusters this machine's CLI started and did not tear down, one line each. */
export async function psVerb(registry: RunRegistry, deps: PipelineDeps, io: RunsIo): Promise<number> {
  const { live, removed, unreadable } = await recordedRuns(registry);
  reportRemoved(removed, unreadable, io);
  if (live.length === 0) {
    io.stdout(
      `no clusters: etcd-ha started none on this machine that is still up (runs are recorded in ${registry.dir})\n`,
    );
    return 0;
  }
  const rows = [['RUN', 'TARGET', 'RUNNING', 'STARTED', 'BY', 'STATE FOLDER']];
  for (const { entry, state } of live) {
    const by = `${entry.command} (PID ${entry.cli.pid}, ${cliRunning(entry) ? 'running' : 'ended'})`;
    rows.push([entry.runId, entry.target, await runningMembers(state, deps), entry.startedAt, by, entry.stateDir]);
  }
  io.stdout(`${table(rows)}\n`);
  return 0;
}

/** Tears one recorded run down; returns its problems. */
async function downRun({ entry, state }: LiveRun, keep: boolean, deps: PipelineDeps, io: RunsIo): Promise<string[]> {
  const problems = await downPhase(state, { keep }, deps);
  for (const problem of problems) io.stderr(`warning: teardown of run ${entry.runId}: ${problem}\n`);
  if (problems.length === 0) {
    const kept = keep ? '; kept its data, logs and PKI' : '';
    io.stderr(
      `tore down run ${entry.runId} (${entry.members}-member ${entry.target} cluster in ${entry.stateDir})${kept}\n`,
    );
  }
  return problems;
}

/**
 * `etcd-ha down --all`: ends every recorded cluster from the state file in its folder, also one whose
 * CLI was killed. Exit 1 if anything could not be ended or removed.
 */
export async function downAllVerb(
  registry: RunRegistry,
  keep: boolean,
  deps: PipelineDeps,
  io: RunsIo,
): Promise<number> {
  const { live, removed, unreadable } = await recordedRuns(registry);
  reportRemoved(removed, unreadable, io);
  let failed = 0;
  for (const run of live) if ((await downRun(run, keep, deps, io)).length > 0) failed++;
  if (live.length === 0)
    io.stderr(`nothing to tear down: no recorded cluster is up (runs are recorded in ${registry.dir})\n`);
  return failed === 0 ? 0 : 1;
}
