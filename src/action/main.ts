import * as core from '@actions/core';
import { ConfigurationError, errorMessage } from '../errors.js';
import { verdict } from '../report/tables.js';
import { runAll } from '../run/pipeline.js';
import { beginClusterStep, exportCluster, publishReport } from './cluster-steps.js';

/**
 * The all-in-one action: certs -> up -> checks -> report. The healthy cluster stays up for the job's
 * later steps, with ETCDCTL_* exported; the post step tears it down.
 */
export async function run(): Promise<void> {
  let stopHandling = () => undefined as void;
  try {
    const step = await beginClusterStep();
    stopHandling = step.stopHandling;
    const { inputs, target, deps } = step;
    const { report, state } = await runAll({ ...inputs, target, stateDirLabel: "input 'state-dir'" }, deps);
    await publishReport(report);
    if (state && report.error === null) exportCluster(state);
    if (!report.passed) core.setFailed(verdict(report));
  } catch (error) {
    core.setFailed(error instanceof ConfigurationError ? error.message : `etcd-ha failed: ${errorMessage(error)}`);
  } finally {
    stopHandling();
  }
}
