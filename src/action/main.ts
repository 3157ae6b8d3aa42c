import * as core from '@actions/core';
import { parseRunOptions } from '../config/options.js';
import { verdict } from '../report/tables.js';
import { runAll } from '../run/pipeline.js';
import { clusterStep, exportCluster, publishReport } from './cluster-steps.js';

/**
 * The all-in-one action: certs -> up -> checks -> report. The healthy cluster stays up for the job's
 * later steps, with ETCDCTL_* exported; the post step tears it down.
 */
export function run(): Promise<void> {
  return clusterStep(parseRunOptions, 'etcd-ha failed', async ({ inputs, target, deps }) => {
    const { report, state } = await runAll({ ...inputs, target, stateDirLabel: "input 'state-dir'" }, deps);
    await publishReport(report);
    if (state && report.error === null) exportCluster(state);
    if (!report.passed) core.setFailed(verdict(report));
  });
}
