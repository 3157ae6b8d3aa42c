import { buildClusterSpec } from '../../cluster/spec.js';
import type { TimingOptions, TopologyOptions } from '../../cluster/topology.js';
import type { ProvidedPkiOptions } from '../../options/options.js';
import { generateClusterPki, type ClusterPkiMaterial } from '../../pki/cluster-pki.js';
import { saveState, type ClusterState } from '../state.js';
import type { PipelineDeps } from './deps.js';

/** certs: computes the cluster spec, generates its PKI and records the state. */
export async function certsPhase(
  stateDir: string,
  topology: TopologyOptions,
  timing: TimingOptions,
  deps: PipelineDeps,
  /** The PKI, started earlier so that making it overlapped other work; made here otherwise. */
  made?: Promise<ClusterPkiMaterial>,
): Promise<ClusterState> {
  const spec = buildClusterSpec(stateDir, topology, timing);
  const state: ClusterState = { schemaVersion: 1, spec };
  if (deps.live) deps.live.state = state;
  const begin = deps.clock.now();
  await generateClusterPki(spec, new Date(), made);
  const waited = Math.round(deps.clock.now() - begin);
  await saveState(state);
  deps.logger.info(
    `generated the etcd PKI for ${spec.members.length} members in ${spec.pki.root} (${topology.keyAlgorithm} keys; ${waited} ms${made ? ' after the work it overlapped' : ''})`,
  );
  return state;
}

/** Uses a PKI the user provides (in the layout `certs` writes) instead of generating one; it is validated by `up`. */
export async function adoptPkiPhase(
  stateDir: string,
  topology: TopologyOptions,
  timing: TimingOptions,
  provided: Required<ProvidedPkiOptions>,
  deps: PipelineDeps,
): Promise<ClusterState> {
  const spec = buildClusterSpec(stateDir, topology, timing, undefined, provided.pkiDir);
  const state: ClusterState = { schemaVersion: 1, spec, pkiProvided: { minValidityDays: provided.minValidityDays } };
  if (deps.live) deps.live.state = state;
  await saveState(state);
  deps.logger.info(`using the PKI in ${spec.pki.root}`);
  return state;
}
