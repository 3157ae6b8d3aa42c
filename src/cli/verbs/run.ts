import { mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCompareTo } from '../../options/comparison-options.js';
import { parseRunOptions } from '../../options/options.js';
import { flagLabel } from '../../options/reader.js';
import { withComparison } from '../../report/compare.js';
import { findingLine } from '../../run/boot-config.js';
import { downPhase } from '../../run/phases/down.js';
import { runAll } from '../../run/run-all.js';
import { teardownOnSignals } from '../../run/signals.js';
import { emitDiagnostics, parseDiagnosticsFlags } from '../diagnostics.js';
import { checkAccessFiles } from '../option-checks.js';
import { emitReport } from '../report-output.js';
import type { VerbHandler } from './verb.js';

/** `etcd-ha run`: certs -> up -> checks -> report, then the teardown (unless --keep). */
export const runVerb: VerbHandler = async ({ read, given, all }, io, deps) => {
  const diagnostics = parseDiagnosticsFlags(read, all('diagnostics-recipient'), io.env);
  const keep = given('keep');
  const { live } = deps;
  const { config, target, topology, timing, checks, optionalChecks, rounds, binary, provided, warnings, release } =
    parseRunOptions(read);
  // A failed start keeps its members' logs for the bundle before its teardown removes them.
  if (diagnostics.when !== 'never') deps.captured = {};
  const comparison = await parseCompareTo(read, flagLabel);
  await checkAccessFiles(target);
  for (const warning of warnings) deps.logger.warning(warning);
  const madeStateDir = read.raw('state') === undefined;
  const stateDir = read.raw('state') ?? (await mkdtemp(path.join(tmpdir(), 'etcd-ha-')));
  // Interrupted, the cluster is torn down and the exit code is 130 (SIGINT) or 143 (SIGTERM), as shells expect.
  const stopHandling = teardownOnSignals(live, deps, { keep, exitCode: (signal) => (signal === 'SIGINT' ? 130 : 143) });
  try {
    const { report: measured } = await runAll(
      {
        config,
        label: flagLabel,
        target,
        stateDir,
        stateDirLabel: '--state',
        topology,
        timing,
        binary,
        checks,
        optionalChecks,
        release,
        rounds,
        provided,
      },
      deps,
    );
    const report = withComparison(measured, comparison);
    const code = await emitReport(report, read, io);
    // A configuration lint refused: every finding where it is, as `lint` prints it (the report has them too).
    if (report.lint) {
      for (const finding of report.lint.findings) io.stderr(`${findingLine(finding)}\n`);
      io.stderr(`error: ${report.error}\n`);
    }
    // Before the teardown below: the members' logs are still there. A refused configuration started nothing to diagnose.
    if (!report.lint) await emitDiagnostics(report, live.state, diagnostics, read, deps);
    return code;
  } finally {
    if (live.state) {
      const problems = await downPhase(live.state, { keep }, deps);
      for (const problem of problems) deps.logger.warning(`teardown: ${problem}`);
      if (keep) deps.logger.info(`kept data, logs and PKI in ${live.state.spec.stateDir}`);
    } else if (madeStateDir) {
      // Refused before anything was made (a configuration with lint errors, say): the empty folder goes too.
      await rmdir(stateDir).catch(() => undefined);
    }
    stopHandling();
  }
};
