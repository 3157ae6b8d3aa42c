import { runCheck, type Check, type CheckResult, type MemberRow } from '../../checks/check.js';
import { checkNamed, type CheckName } from '../../checks/registry.js';
import { combineRounds } from '../../checks/rounds.js';
import { readStatusTable } from '../../checks/status-check.js';
import type { ClusterSpec, MemberSpec } from '../../cluster/spec.js';
import type { DerivedMember } from '../../cluster/user-config.js';
import { errorMessage } from '../../errors.js';
import type { ReleaseSource, Target } from '../../targets/target.js';
import { targetEntry } from '../../targets/registry.js';
import { resolveEtcdBinaries } from '../../etcd/install.js';
import type { UpgradeReleaseOptions } from '../../options/options.js';
import { recordedTargetKind, type ClusterState } from '../state.js';
import { clientFor } from './cluster-client.js';
import type { PipelineDeps } from './deps.js';
import { targetFor } from './target-choice.js';
import { restoreCluster } from './up.js';

/**
 * check: runs the chosen checks in order, then reads the status table the report shows. Checks that
 * stop members run `rounds` times on the same cluster, restored whole before each round, and stop at
 * the first round that fails.
 */
export async function checksPhase(
  state: ClusterState,
  checks: CheckName[],
  deps: PipelineDeps,
  rounds = 1,
  /** The release the upgrade check moves the members to (found or downloaded here, before any check runs). */
  upgrade?: UpgradeReleaseOptions,
): Promise<{ results: CheckResult[]; members: MemberRow[]; derived: DerivedMember[] }> {
  // A cluster given by its endpoints has no target: checks that stop members are skipped with a reason.
  const target = state.given ? undefined : targetFor(state, deps);
  const release =
    upgrade && target && checks.some((name) => checkNamed(name).needsRelease)
      ? await releaseSource(state, upgrade, deps)
      : undefined;
  const client = await clientFor(state.spec);
  const running: { check?: string } = {};
  const derived = new Map<string, DerivedMember>();
  const ctx = {
    spec: state.spec,
    // Members the checks derive from the user's configuration go into the report's mapping.
    target:
      target &&
      recordingDerivedStarts(target, (member) => derived.set(member.name, { member, check: running.check ?? '' })),
    client,
    clock: deps.clock,
    logger: deps.logger,
    keyPrefix: `/etcd-ha/${state.spec.runId}/`,
    ...(release ? { release } : {}),
  };
  const results: CheckResult[] = [];
  try {
    for (const name of checks) {
      const check = checkNamed(name);
      const fewer = tooFewMembers(check, state.spec);
      if (fewer !== undefined) {
        // Only `all` brings a check in on too few members (one named is refused before anything starts).
        const result = { name, status: 'skipped' as const, summary: fewer, durationMs: 0, figures: {}, notes: [] };
        deps.logger.info(`${name}: skipped: ${fewer}`);
        results.push(result);
        continue;
      }
      running.check = name;
      const planned = target && check.stopsMembers && check.once === undefined ? rounds : 1;
      const roundResults: CheckResult[] = [];
      for (let round = 1; round <= planned; round++) {
        const which = planned > 1 ? `${name}, round ${round} of ${planned}` : name;
        if (target && check.stopsMembers) {
          try {
            await restoreCluster(state, target, client, deps);
          } catch (error) {
            const summary = `the cluster was not whole before this ${round > 1 ? 'round' : 'check'}: ${errorMessage(error)}`;
            // Not a reason of the cluster's kind (as a skip is) but something that went wrong: it fails the run, `all` or not.
            roundResults.push({
              name,
              status: 'fail',
              summary,
              durationMs: 0,
              figures: {},
              notes: [],
            });
            break;
          }
        }
        const result = await deps.logger.group(`check ${which}`, () => runCheck(check, ctx));
        deps.logger.info(`${which}: ${result.status} (${Math.round(result.durationMs)} ms): ${result.summary}`);
        roundResults.push(result);
        if (result.status !== 'pass') break;
      }
      const result =
        planned > 1 && roundResults[0].status !== 'skipped' ? combineRounds(roundResults, planned) : roundResults[0];
      // A drill that runs once says so where more rounds were asked for.
      if (check.once !== undefined && rounds > 1 && result.status !== 'skipped')
        result.notes = [...result.notes, `rounds (${rounds}) does not apply: ${check.once}`];
      results.push(result);
    }
    const { rows } = await readStatusTable(state.spec, client, deps.clock);
    return { results, members: rows, derived: [...derived.values()] };
  } finally {
    client.close();
  }
}

/**
 * The upgrade release as the target runs it: etcd of this machine (found on `PATH`, in a folder, or
 * downloaded and checksum-verified, as `etcd-version` is) for targets that run a local binary, else
 * the image named, or that of the version.
 */
async function releaseSource(
  state: ClusterState,
  upgrade: UpgradeReleaseOptions,
  deps: PipelineDeps,
): Promise<ReleaseSource> {
  const kind = recordedTargetKind(state);
  const entry = kind === undefined ? undefined : targetEntry(kind);
  if (!entry) throw new Error('no target recorded for this cluster (was it started with up?)');
  if (entry.runsLocalBinary) {
    const binaries = await resolveEtcdBinaries(
      { etcdPath: upgrade.etcdPath, etcdVersion: upgrade.etcdVersion, downloadUrl: upgrade.downloadUrl },
      deps,
    );
    deps.logger.info(
      `upgrade: the members move to etcd ${binaries.version} from ${binaries.source} (${binaries.etcd})`,
    );
    return { binaries };
  }
  const image = upgrade.image ?? (upgrade.etcdVersion && entry.imageOf?.(upgrade.etcdVersion));
  if (!image) throw new Error('no image of the upgrade release was given');
  return { image };
}

/** The target, telling `onStart` of every member derived from the user's configuration it starts (see configuredSpareMember). */
function recordingDerivedStarts(target: Target, onStart: (member: MemberSpec) => void): Target {
  return new Proxy(target, {
    get(object, property) {
      if (property === 'start') {
        return (member: MemberSpec) => {
          if (member.configured?.derivedFrom) onStart(member);
          return object.start(member);
        };
      }
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/** Why the check cannot run on this many members (its minMembers), or undefined when it can. */
function tooFewMembers(check: Check, spec: ClusterSpec): string | undefined {
  const needed = check.minMembers;
  if (!needed || spec.members.length >= needed.count) return undefined;
  return `needs at least ${needed.count} members (${needed.why}); this cluster has ${spec.members.length}`;
}
