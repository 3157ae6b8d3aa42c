import { ConfigurationError } from '../../errors.js';
import type { PipelineDeps } from '../../run/phases/deps.js';
import { downPhase } from '../../run/phases/down.js';
import type { LiveRun, RunRegistry } from '../../run/run-records.js';
import { loadState } from '../../run/state.js';
import { requireOption } from '../option-checks.js';
import { liveRuns, type RunsIo } from '../recorded-runs.js';
import type { VerbHandler } from './verb.js';

/** `etcd-ha down --state DIR` (or `--all`): tears a cluster down; exit 1 if anything could not be ended or removed. */
export const downVerb: VerbHandler = async ({ read, given }, io, deps) => {
  const keep = given('keep');
  if (given('all')) {
    const stateDir = read.raw('state');
    if (stateDir !== undefined)
      throw new ConfigurationError(`--state is '${stateDir}' and --all is given; allowed: one of them`);
    return await downAll(deps.runs, keep, deps, io);
  }
  const state = await loadState(
    requireOption(read, 'state', "a folder path (or --all: every cluster 'etcd-ha ps' lists)"),
    '--state',
  );
  const problems = await downPhase(state, { keep }, deps);
  for (const problem of problems) deps.logger.warning(`teardown: ${problem}`);
  return problems.length === 0 ? 0 : 1;
};

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
async function downAll(registry: RunRegistry, keep: boolean, deps: PipelineDeps, io: RunsIo): Promise<number> {
  const live = await liveRuns(registry, io);
  let failed = 0;
  for (const run of live) if ((await downRun(run, keep, deps, io)).length > 0) failed++;
  if (live.length === 0)
    io.stderr(`nothing to tear down: no recorded cluster is up (runs are recorded in ${registry.dir})\n`);
  return failed === 0 ? 0 : 1;
}
