import path from 'node:path';
import type { CheckResult, MemberRow } from '../checks/check.js';
import type { UpgradeReleaseOptions } from '../options/options.js';
import { checksMayUse, type CheckName } from '../checks/registry.js';
import { buildClusterSpec } from '../cluster/spec.js';
import type { DerivedMember } from '../cluster/user-config.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { pkiKeyAlgorithms } from '../pki/validate.js';
import { buildReport, type Report } from '../report/model.js';
import { ConfigLintError, memberAsRun, specAsRun } from './boot-config.js';
import { bringUp, type UpOptions } from './phases/bring-up.js';
import { checksPhase } from './phases/checks.js';
import type { PipelineDeps } from './phases/deps.js';
import { phaseTimer } from './phases/phase-timer.js';
import { etcdVersionOf } from './phases/target-choice.js';
import type { ClusterState } from './state.js';

export interface RunAllOptions extends UpOptions {
  checks: CheckName[];
  /** How many times each check that stops members runs (1 when absent). */
  rounds?: number;
  /** The release the upgrade check moves the members to. */
  release?: UpgradeReleaseOptions;
}

/**
 * certs -> up -> checks -> report, leaving the cluster running: the caller tears down `deps.live.state`,
 * also when this throws. The report is built even when a phase fails; a ConfigurationError is thrown instead.
 */
export async function runAll(
  options: RunAllOptions,
  deps: PipelineDeps,
): Promise<{ report: Report; state?: ClusterState }> {
  const { clock } = deps;
  const startedAt = new Date(clock.wallNow());
  const started = clock.now();
  const phases: Record<string, number> = {};
  const timed = phaseTimer(deps, phases);
  let state: ClusterState | undefined;
  let results: CheckResult[] = [];
  let members: MemberRow[] = [];
  let derived: DerivedMember[] = [];
  let failure: string | undefined;
  let lint: Report['lint'];
  try {
    const running = await bringUp(
      { ...options, cutsLinks: checksMayUse(options.checks, 'isolate') },
      deps,
      timed,
      (made) => (state = made),
    );
    ({ results, members, derived } = await timed('checks', () =>
      checksPhase(running, options.checks, deps, options.rounds, options.release),
    ));
  } catch (error) {
    // A configuration lint refused is reported like a failed run (nothing started), with every finding.
    if (error instanceof ConfigLintError) {
      failure = error.message;
      lint = { configPath: error.configPath, findings: error.findings, summary: error.summary };
    } else if (error instanceof ConfigurationError) throw error;
    else failure = errorMessage(error);
    // The report carries the cause; where in the code it arose is for the debug log.
    if (error instanceof Error && error.stack) deps.logger.debug(error.stack);
  }
  const report = buildReport({
    spec: state
      ? specAsRun(state)
      : buildClusterSpec(path.resolve(options.stateDir), options.topology, options.timing, 'none'),
    asRun: memberAsRun(state),
    target: options.target.kind,
    etcdVersion: etcdVersionOf(state),
    toolVersion: deps.toolVersion,
    startedAt,
    durationMs: clock.now() - started,
    phases,
    members,
    checks: results,
    derived,
    optional: options.optionalChecks ?? [],
    error: failure,
    keyAlgorithm: state ? await pkiKeyAlgorithms(state.spec) : null,
    lint,
  });
  return { report, state };
}
