import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError, errorMessage } from '../errors.js';
import { renderMarkdown, renderTerminal } from '../report/render.js';
import { verdict } from '../report/tables.js';
import { runAll } from '../run/pipeline.js';
import { teardownOnSignals } from '../run/signals.js';
import { systemDeps } from '../run/system-deps.js';
import { reportOutputs, writeJsonReport } from '../run/outputs.js';
import { etcdctlEnvironment, type ClusterState } from '../run/state.js';
import { getInputs } from './inputs.js';
import { actionLogger } from './logger.js';
import { workflowReleaseCache } from './release-cache.js';
import { StateKey } from './state-keys.js';

/**
 * The all-in-one action: certs -> up -> checks -> report. The healthy cluster stays up for the job's
 * later steps, with ETCDCTL_* exported; the post step tears it down.
 */
export async function run(): Promise<void> {
  const live: { state?: ClusterState } = {};
  const deps = systemDeps(process.env, actionLogger, { live, releaseCache: workflowReleaseCache() });
  // A cancelled job gets SIGINT: end the members now, the post step then finds nothing left.
  const stopHandling = teardownOnSignals(live, deps, { keep: false, exitCode: () => 1 });
  try {
    const inputs = await getInputs();
    for (const warning of inputs.warnings) core.warning(warning);
    core.saveState(StateKey.StateDir, inputs.stateDir);
    core.saveState(StateKey.Keep, String(inputs.keep));

    const { report, state } = await runAll(
      { stateDir: inputs.stateDir, stateDirLabel: "input 'state-dir'", topology: inputs.topology, timing: inputs.timing, binary: inputs.binary, checks: inputs.checks, provided: inputs.provided },
      deps,
    );
    const reportPath = path.join(process.env.RUNNER_TEMP || tmpdir(), `etcd-ha-report-${report.cluster.runId}.json`);
    await writeJsonReport(report, reportPath);
    core.info(renderTerminal(report));
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderMarkdown(report)).write();
    for (const [name, value] of Object.entries(reportOutputs(report, reportPath))) core.setOutput(name, value);
    if (state && report.error === null) {
      for (const [name, value] of Object.entries(etcdctlEnvironment(state.spec))) core.exportVariable(name, value);
      // A downloaded etcdctl is put on PATH too, so later steps can just run it.
      if (state.binaries && (state.binaries.source === 'download' || state.binaries.source === 'cache')) {
        core.addPath(path.dirname(state.binaries.etcdctl));
      }
    }
    if (!report.passed) core.setFailed(verdict(report));
  } catch (error) {
    core.setFailed(error instanceof ConfigurationError ? error.message : `etcd-ha failed: ${errorMessage(error)}`);
  } finally {
    stopHandling();
  }
}
