import * as core from '@actions/core';
import { parseClusterOptions } from '../config/options.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { bringUp, phaseTimer } from '../run/pipeline.js';
import { clientEndpoints } from '../cluster/spec.js';
import { beginClusterStep, exportCluster } from './cluster-steps.js';

/**
 * The up action: certs (or a given PKI) -> up on the chosen target, no checks. The cluster stays up
 * for the job's later steps (the check action, ETCDCTL_*); the post step tears it down.
 */
export async function run(): Promise<void> {
  let stopHandling = () => undefined as void;
  try {
    const step = await beginClusterStep(parseClusterOptions);
    stopHandling = step.stopHandling;
    const { inputs, target, deps } = step;
    const phases: Record<string, number> = {};
    const state = await bringUp({ ...inputs, target, stateDirLabel: "input 'state-dir'" }, deps, phaseTimer(deps, phases), (made) => (step.live.state = made));
    exportCluster(state);
    core.setOutput('endpoints', clientEndpoints(state.spec));
    core.setOutput('state-dir', state.spec.stateDir);
    core.info(`etcd-ha: ${state.spec.members.length}-member ${target.kind} cluster up (${Object.entries(phases).map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(', ')})`);
  } catch (error) {
    core.setFailed(error instanceof ConfigurationError ? error.message : `etcd-ha up failed: ${errorMessage(error)}`);
  } finally {
    stopHandling();
  }
}
