import type { EtcdBinaries } from '../../etcd/install.js';
import { DEFAULT_ETCD_VERSION } from '../../etcd/releases.js';
import type { TargetOptions } from '../../targets/kind.js';
import { recordedTarget, recordTarget, targetEtcdVersion } from '../../targets/registry.js';
import type { Target } from '../../targets/target.js';
import { saveState, type ClusterState } from '../state.js';
import type { PipelineDeps } from './deps.js';

/**
 * Records where this state's members run and what that target starts from: the etcd binary for
 * local processes and hosts, the image and network for containers (see the target registry).
 */
export function chooseTarget(
  state: ClusterState,
  target: TargetOptions,
  binaries: EtcdBinaries | undefined,
  etcdVersion: string | undefined,
  cutsLinks?: boolean,
): void {
  recordTarget(state, target, {
    spec: state.spec,
    binaries,
    etcdVersion: etcdVersion ?? DEFAULT_ETCD_VERSION,
    cutsLinks,
  });
}

/** The target that runs this state's members; the one place a target is made. */
export function targetFor(state: ClusterState, deps: PipelineDeps): Target {
  const target = recordedTarget(state, state.spec, {
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    onChange: () => saveState(state),
  });
  if (!target) throw new Error(`no target recorded for this cluster (was it started with up?)`);
  return target;
}

/** The etcd version the members run: the binaries' for processes, the image's for containers. */
export function etcdVersionOf(state: ClusterState | undefined): string {
  return (state && targetEtcdVersion(state)) ?? state?.binaries?.version ?? '';
}
