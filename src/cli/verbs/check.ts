import { parseCompareTo } from '../../options/comparison-options.js';
import {
  parseCheckSelection,
  parseGivenCluster,
  parseRounds,
  parseUpgradeRelease,
  targetRunsLocalBinary,
} from '../../options/options.js';
import { flagLabel } from '../../options/reader.js';
import { withComparison } from '../../report/compare.js';
import { checkReport } from '../../run/phases/report.js';
import { checkedClusterState, targetKindOf } from '../../run/state.js';
import { emitDiagnostics, parseDiagnosticsFlags } from '../diagnostics.js';
import { emitReport } from '../report-output.js';
import type { VerbHandler } from './verb.js';

/** `etcd-ha check`: the chosen checks on a running cluster (one `up` started, or one given by its endpoints). */
export const checkVerb: VerbHandler = async ({ read, all }, io, deps) => {
  const diagnostics = parseDiagnosticsFlags(read, all('diagnostics-recipient'), io.env);
  const state = await checkedClusterState(
    { dir: read.raw('state'), label: '--state' },
    parseGivenCluster(read),
    flagLabel,
  );
  const release = parseUpgradeRelease(read, targetRunsLocalBinary(targetKindOf(state)));
  const { checks, optional } = parseCheckSelection(read, state.spec.members.length, release !== undefined);
  const [rounds, comparison] = [parseRounds(read), await parseCompareTo(read, flagLabel)];
  const report = withComparison(await checkReport(state, checks, deps, rounds, optional, release), comparison);
  const code = await emitReport(report, read, io);
  await emitDiagnostics(report, state, diagnostics, read, deps);
  return code;
};
