import * as core from '@actions/core';
import { inputLabel, optionReader, parseChecks } from '../config/options.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { verdict } from '../report/tables.js';
import { checkReport } from '../run/pipeline.js';
import { loadState } from '../run/state.js';
import { systemDeps } from '../run/system-deps.js';
import { publishReport } from './cluster-steps.js';
import { actionLogger } from './logger.js';

/** The check action: the checks against a cluster an up step of this job started, and the report. */
export async function run(): Promise<void> {
  try {
    const read = optionReader((name) => core.getInput(name), inputLabel);
    const stateDir = read.raw('state-dir');
    if (stateDir === undefined) throw new ConfigurationError("input 'state-dir' is ''; allowed: the state-dir output of an etcd-ha up step of this job");
    const state = await loadState(stateDir, "input 'state-dir'");
    const report = await checkReport(state, parseChecks(read, state.spec.members.length), systemDeps(process.env, actionLogger));
    await publishReport(report);
    if (!report.passed) core.setFailed(verdict(report));
  } catch (error) {
    core.setFailed(error instanceof ConfigurationError ? error.message : `etcd-ha check failed: ${errorMessage(error)}`);
  }
}
