import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClusterOptions } from '../options/options.js';
import type { OptionReader } from '../options/reader.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import type { TargetOptions } from '../targets/kind.js';
import { targetOwnedFiles, writeTargetInputFiles } from '../targets/registry.js';
import type { Report } from '../report/model.js';
import { renderMarkdown, renderTerminal } from '../report/render.js';
import { checkFilesMarkdown, reportOutputs, writeCheckFiles, writeJsonReport } from '../run/outputs.js';
import { ConfigLintError } from '../run/boot-config.js';
import type { PipelineDeps } from '../run/phases/deps.js';
import { teardownOnSignals } from '../run/signals.js';
import { etcdctlEnvironment, type ClusterState } from '../run/state.js';
import { systemDeps } from '../run/system-deps.js';
import { getInputs, type Inputs } from './inputs.js';
import { inertLines } from '../util/logger.js';
import { actionLogger } from './logger.js';
import { workflowReleaseCache } from './release-cache.js';
import { StateKey } from './state-keys.js';

/** What a step that starts a cluster works with. */
export interface ClusterStep<T extends ClusterOptions> {
  inputs: Inputs<T>;
  target: TargetOptions;
  /** `deps.live` holds the cluster's state as soon as there is one, for the signal teardown. */
  deps: PipelineDeps;
}

/**
 * Runs a step that starts a cluster: reads the inputs and records for the post step where the
 * cluster will be before anything starts, then does `work`. A cancelled job gets SIGINT: the members
 * end at once and the post step finds nothing left. Any error fails the step, prefixed with `failure`
 * unless it is the user's input.
 */
export async function clusterStep<T extends ClusterOptions>(
  parse: (read: OptionReader) => T,
  failure: string,
  work: (step: ClusterStep<T>) => Promise<void>,
): Promise<void> {
  const live: { state?: ClusterState } = {};
  const deps = systemDeps(process.env, actionLogger, { live, releaseCache: workflowReleaseCache() });
  const stopHandling = teardownOnSignals(live, deps, { keep: false, exitCode: () => 1 });
  try {
    const inputs = await getInputs<T>(parse);
    for (const warning of inputs.warnings) core.warning(warning);
    core.saveState(StateKey.StateDir, inputs.stateDir);
    core.saveState(StateKey.Keep, String(inputs.keep));
    // Access files the target was given as text (an ssh key from a secret) are written, masked in the log.
    const target = await writeTargetInputFiles(inputs.target, inputs.stateDir, (secret) => core.setSecret(secret));
    const owned = targetOwnedFiles(target);
    if (owned !== undefined) core.saveState(StateKey.OwnedFiles, JSON.stringify(owned));
    await work({ inputs, target, deps });
  } catch (error) {
    if (error instanceof ConfigLintError) annotateFindings(error);
    else if (!(error instanceof ConfigurationError) && error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(error instanceof ConfigurationError ? error.message : `${failure}: ${errorMessage(error)}`);
  } finally {
    stopHandling();
  }
}

/** Every finding of a configuration lint refused, as an annotation on its file and line. */
export function annotateFindings(error: Pick<ConfigLintError, 'findings'>): void {
  for (const finding of error.findings) {
    const properties = {
      file: finding.file,
      startLine: finding.line,
      startColumn: finding.column,
      title: finding.rule,
    };
    if (finding.severity === 'error') core.error(finding.message, properties);
    else if (finding.severity === 'warning') core.warning(finding.message, properties);
    else core.notice(finding.message, properties);
  }
}

/** The report as a JSON file, in the log, in the job summary, and as step outputs. */
export async function publishReport(report: Report): Promise<void> {
  const reportPath = path.join(process.env.RUNNER_TEMP || tmpdir(), `etcd-ha-report-${report.cluster.runId}.json`);
  await writeJsonReport(report, reportPath);
  // Files the checks handed back (a failing history) go beside the JSON report; the summary says where.
  const saved = await writeCheckFiles(report, path.dirname(reportPath));
  // The report quotes the configuration's files: no line of it may become a workflow command.
  core.info(inertLines(renderTerminal(report)));
  for (const file of saved) core.info(inertLines(`saved ${file}`));
  if (process.env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(renderMarkdown(report) + checkFilesMarkdown(saved)).write();
  for (const [name, value] of Object.entries(reportOutputs(report, reportPath))) core.setOutput(name, value);
}

/** Exports ETCDCTL_* for the job's later steps, and puts a downloaded etcdctl on PATH. */
export function exportCluster(state: ClusterState): void {
  for (const [name, value] of Object.entries(etcdctlEnvironment(state.spec))) core.exportVariable(name, value);
  if (state.binaries && (state.binaries.source === 'download' || state.binaries.source === 'cache')) {
    core.addPath(path.dirname(state.binaries.etcdctl));
  }
}
