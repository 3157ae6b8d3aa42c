import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClusterOptions, OptionReader, RunOptions } from '../config/options.js';
import type { TargetOptions } from '../config/target-options.js';
import type { Report } from '../report/model.js';
import { renderMarkdown, renderTerminal } from '../report/render.js';
import { reportOutputs, writeJsonReport } from '../run/outputs.js';
import type { PipelineDeps } from '../run/pipeline.js';
import { teardownOnSignals } from '../run/signals.js';
import { etcdctlEnvironment, type ClusterState } from '../run/state.js';
import { systemDeps } from '../run/system-deps.js';
import { getInputs, writeSshInputs, type Inputs } from './inputs.js';
import { actionLogger } from './logger.js';
import { workflowReleaseCache } from './release-cache.js';
import { StateKey } from './state-keys.js';

/** What a step that starts a cluster works with; `stopHandling` ends the signal teardown. */
export interface ClusterStep<T extends ClusterOptions> {
  inputs: Inputs<T>;
  target: TargetOptions;
  deps: PipelineDeps;
  live: { state?: ClusterState };
  stopHandling: () => void;
}

/**
 * Reads the inputs and records for the post step where the cluster will be, before anything starts.
 * A cancelled job gets SIGINT: the members end at once and the post step finds nothing left.
 */
export async function beginClusterStep<T extends ClusterOptions = RunOptions>(parse?: (read: OptionReader) => T): Promise<ClusterStep<T>> {
  const live: { state?: ClusterState } = {};
  const deps = systemDeps(process.env, actionLogger, { live, releaseCache: workflowReleaseCache() });
  const stopHandling = teardownOnSignals(live, deps, { keep: false, exitCode: () => 1 });
  try {
    const inputs = await getInputs<T>(parse);
    for (const warning of inputs.warnings) core.warning(warning);
    core.saveState(StateKey.StateDir, inputs.stateDir);
    core.saveState(StateKey.Keep, String(inputs.keep));
    const target = await writeSshInputs(inputs.target, inputs.stateDir);
    if (target.kind === 'ssh') core.saveState(StateKey.OwnedFiles, JSON.stringify(target.ownedFiles ?? []));
    return { inputs, target, deps, live, stopHandling };
  } catch (error) {
    stopHandling();
    throw error;
  }
}

/** The report as a JSON file, in the log, in the job summary, and as step outputs. */
export async function publishReport(report: Report): Promise<void> {
  const reportPath = path.join(process.env.RUNNER_TEMP || tmpdir(), `etcd-ha-report-${report.cluster.runId}.json`);
  await writeJsonReport(report, reportPath);
  core.info(renderTerminal(report));
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderMarkdown(report)).write();
  for (const [name, value] of Object.entries(reportOutputs(report, reportPath))) core.setOutput(name, value);
}

/** Exports ETCDCTL_* for the job's later steps, and puts a downloaded etcdctl on PATH. */
export function exportCluster(state: ClusterState): void {
  for (const [name, value] of Object.entries(etcdctlEnvironment(state.spec))) core.exportVariable(name, value);
  if (state.binaries && (state.binaries.source === 'download' || state.binaries.source === 'cache')) {
    core.addPath(path.dirname(state.binaries.etcdctl));
  }
}
