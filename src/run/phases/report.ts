import type { UpgradeReleaseOptions } from '../../options/options.js';
import type { CheckName } from '../../checks/registry.js';
import { pkiKeyAlgorithms } from '../../pki/validate.js';
import { buildReport, type Report } from '../../report/model.js';
import type { TarFile } from '../../util/tar.js';
import { memberAsRun, specAsRun } from '../boot-config.js';
import { diagnosticsFiles, memberLogTails } from '../diagnostics.js';
import { recordedTargetKind, targetKind, type ClusterState } from '../state.js';
import { checksPhase } from './checks.js';
import type { PipelineDeps } from './deps.js';
import { etcdVersionOf, targetFor } from './target-choice.js';

/**
 * The files of a diagnostics bundle for this report: each member's log tail (kept by a failed start,
 * else read from the running members), what each member ran with, the status, the member list and versions.
 */
export async function diagnosticsOf(
  report: Report,
  state: ClusterState | undefined,
  deps: PipelineDeps,
): Promise<TarFile[]> {
  let memberLogs = deps.captured?.memberLogs ?? {};
  if (!deps.captured?.memberLogs && state && recordedTargetKind(state) !== undefined) {
    memberLogs = await memberLogTails(state.spec, targetFor(state, deps)).catch(() => ({}));
  }
  return diagnosticsFiles({ report, state, memberLogs });
}

/** check: the chosen checks on a running cluster, as a report. */
export async function checkReport(
  state: ClusterState,
  checks: CheckName[],
  deps: PipelineDeps,
  rounds = 1,
  /** The checks only `all` brought in: a skip of one does not fail the run. */
  optional: CheckName[] = [],
  /** The release the upgrade check moves the members to. */
  release?: UpgradeReleaseOptions,
): Promise<Report> {
  const started = deps.clock.now();
  const startedAt = new Date(deps.clock.wallNow());
  const { results, members, derived } = await checksPhase(state, checks, deps, rounds, release);
  return buildReport({
    spec: specAsRun(state),
    asRun: memberAsRun(state),
    target: targetKind(state),
    // A given cluster says its version itself.
    etcdVersion: etcdVersionOf(state) || (members.find((row) => row.status)?.status?.version ?? ''),
    toolVersion: deps.toolVersion,
    startedAt,
    durationMs: deps.clock.now() - started,
    phases: { checks: deps.clock.now() - started },
    members,
    checks: results,
    derived,
    optional,
    keyAlgorithm: await pkiKeyAlgorithms(state.spec),
  });
}
