import * as core from '@actions/core';
import {
  parseCheckSelection,
  parseGivenCluster,
  parseRounds,
  parseUpgradeRelease,
  targetRunsLocalBinary,
} from '../options/options.js';
import { inputLabel, optionReader } from '../options/reader.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { verdict } from '../report/tables.js';
import { checkReport } from '../run/phases/report.js';
import { checkedClusterState, targetKindOf } from '../run/state.js';
import { systemDeps } from '../run/system-deps.js';
import { publishReport } from './cluster-steps.js';
import { parseBaselineInputs, withBaseline } from './baseline.js';
import { actionLogger } from './logger.js';

/**
 * The check action: the checks against a cluster an up step of this job started (state-dir), or
 * against a running cluster given by its endpoints and PKI folder, and the report.
 */
export async function run(): Promise<void> {
  try {
    const read = optionReader((name) => core.getInput(name), inputLabel);
    const state = await checkedClusterState(
      { dir: read.raw('state-dir'), label: inputLabel('state-dir') },
      parseGivenCluster(read),
      inputLabel,
    );
    const release = parseUpgradeRelease(read, targetRunsLocalBinary(targetKindOf(state)));
    const { checks, optional } = parseCheckSelection(read, state.spec.members.length, release !== undefined);
    const rounds = parseRounds(read);
    const baseline = parseBaselineInputs(read);
    const report = await withBaseline(
      await checkReport(state, checks, systemDeps(process.env, actionLogger), rounds, optional, release),
      baseline,
    );
    await publishReport(report);
    if (!report.passed) core.setFailed(verdict(report));
  } catch (error) {
    core.setFailed(
      error instanceof ConfigurationError ? error.message : `etcd-ha check failed: ${errorMessage(error)}`,
    );
  }
}
