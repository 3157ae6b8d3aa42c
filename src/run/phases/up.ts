import { withTiming } from '../../cluster/spec.js';
import type { TimingOptions } from '../../cluster/topology.js';
import { startCluster, waitForHealthyCluster } from '../../cluster/up.js';
import type { EtcdClient } from '../../etcd/client.js';
import type { EtcdBinaries } from '../../etcd/install.js';
import { errorMessage } from '../../errors.js';
import { validateClusterPki } from '../../pki/validate.js';
import type { TargetOptions } from '../../targets/kind.js';
import type { Target } from '../../targets/target.js';
import { memberLogTails } from '../diagnostics.js';
import { saveState, writeEtcdctlEnv, type ClusterState } from '../state.js';
import { clientFor, peerProbeTls } from './cluster-client.js';
import type { PipelineDeps } from './deps.js';
import { chooseTarget, targetFor } from './target-choice.js';

/**
 * up: starts every member and waits until the cluster is healthy, then writes etcdctl.env.
 * If the cluster does not come up, every member started is ended before the error is passed on.
 */
export async function upPhase(
  state: ClusterState,
  placement: {
    target: TargetOptions;
    binaries?: EtcdBinaries;
    etcdVersion?: string;
    /** False when no check that will run cuts links between members; absent when unknown. */
    cutsLinks?: boolean;
  },
  timing: TimingOptions | undefined,
  deps: PipelineDeps,
): Promise<ClusterState> {
  if (timing) state.spec = withTiming(state.spec, timing);
  // Recorded first, so a report on a failed start still says which etcd it was.
  if (placement.binaries) state.binaries = placement.binaries;
  if (deps.live) deps.live.state = state;
  await validateClusterPki(state.spec, {
    now: new Date(deps.clock.wallNow()),
    minValidityDays: state.pkiProvided?.minValidityDays ?? 0,
  });
  chooseTarget(state, placement.target, placement.binaries, placement.etcdVersion, placement.cutsLinks);
  await saveState(state);
  const target = targetFor(state, deps);
  const client = await clientFor(state.spec);
  // Recorded before any member starts, so `down --all` finds them even if this process is killed.
  await deps.runs?.register(state).catch((error) => {
    deps.logger.warning(
      `could not record this run in ${deps.runs?.dir} ('etcd-ha ps' will not list it): ${errorMessage(error)}`,
    );
  });
  try {
    const { leader, elapsedMs } = await startCluster(state.spec, target, client, {
      ...deps,
      peerTls: await peerProbeTls(state.spec),
    });
    deps.logger.info(`cluster healthy in ${Math.round(elapsedMs)} ms; leader ${leader.name} (${leader.clientUrl})`);
    await writeEtcdctlEnv(state.spec);
    return state;
  } catch (error) {
    if (deps.captured) deps.captured.memberLogs = await memberLogTails(state.spec, target);
    const problems = await target.destroy({ keepData: false });
    for (const problem of problems) deps.logger.warning(`teardown after a failed start: ${problem}`);
    if (problems.length === 0) await deps.runs?.unregister(state.spec.runId).catch(() => undefined);
    throw error;
  } finally {
    client.close();
  }
}

/** Heals cut links, resumes paused members, starts any member that is not running and waits until the cluster is whole again. */
export async function restoreCluster(
  state: ClusterState,
  target: Target,
  client: EtcdClient,
  deps: PipelineDeps,
): Promise<void> {
  if (target.faults.isolate.supported) await target.heal();
  // Every member at once: a container target asks its engine for each.
  await Promise.all(
    state.spec.members.map(async (member) => {
      if (target.faults.pause.supported) await target.resume(member);
      if (!(await target.isRunning(member))) {
        deps.logger.info(`restarting ${member.name}, left stopped by an earlier check`);
        await target.start(member);
      }
    }),
  );
  await waitForHealthyCluster(state.spec, target, client, { clock: deps.clock });
}
