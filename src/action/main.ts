import * as core from '@actions/core';
import { parseRunOptions } from '../options/options.js';
import { inputLabel, type OptionReader } from '../options/reader.js';
import { verdict } from '../report/tables.js';
import { runAll } from '../run/run-all.js';
import { artifactServiceAvailable, workflowArtifacts } from './artifacts.js';
import { annotateFindings, clusterStep, exportCluster, publishReport } from './cluster-steps.js';
import { parseDiagnosticsInputs, publishDiagnostics } from './diagnostics.js';
import { parseBaselineInputs, withBaseline } from './baseline.js';

/**
 * The all-in-one action: certs -> up -> checks -> report. The healthy cluster stays up for the job's
 * later steps, with ETCDCTL_* exported; the post step tears it down.
 */
export function run(): Promise<void> {
  const parse = (read: OptionReader) => ({
    ...parseRunOptions(read),
    ...parseBaselineInputs(read),
    ...parseDiagnosticsInputs(read),
  });
  return clusterStep(parse, 'etcd-ha failed', async ({ inputs, target, deps }) => {
    // A failed start keeps its members' logs for the diagnostics bundle before its teardown removes them.
    if (inputs.diagnostics.when !== 'never') deps.captured = {};
    const { report: measured, state } = await runAll(
      { ...inputs, target, label: inputLabel, stateDirLabel: "input 'state-dir'" },
      deps,
    );
    // A regression fails the step, but the cluster is as healthy as the checks found it.
    const report = await withBaseline(measured, inputs);
    await publishReport(report);
    if (state && measured.error === null) exportCluster(state);
    // A configuration lint refused started nothing to diagnose.
    if (!report.lint)
      await publishDiagnostics(
        report,
        state,
        inputs.diagnostics,
        deps,
        artifactServiceAvailable(process.env) ? workflowArtifacts() : undefined,
      );
    // A configuration lint refused: each finding on its file and line, and the refusal as the step's failure.
    if (report.lint) annotateFindings(report.lint);
    if (report.lint && report.error) core.setFailed(report.error);
    else if (!report.passed) core.setFailed(verdict(report));
  });
}
