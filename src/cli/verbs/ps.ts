import type { PipelineDeps } from '../../run/phases/deps.js';
import { targetFor } from '../../run/phases/target-choice.js';
import { cliRunning } from '../../run/run-records.js';
import { recordedTargetKind, type ClusterState } from '../../run/state.js';
import { countsRunningMembers } from '../../targets/registry.js';
import { liveRuns } from '../recorded-runs.js';
import type { VerbHandler } from './verb.js';

/** `etcd-ha ps`: the clusters this machine's CLI started and did not tear down, one line each. */
export const psVerb: VerbHandler = async (_args, io, deps) => {
  const registry = deps.runs;
  const live = await liveRuns(registry, io);
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
};

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
