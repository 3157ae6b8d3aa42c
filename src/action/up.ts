import * as core from '@actions/core';
import { clientEndpoints } from '../cluster/spec.js';
import { parseClusterOptions } from '../options/options.js';
import { inputLabel } from '../options/reader.js';
import { bringUp } from '../run/phases/bring-up.js';
import { phaseTimer } from '../run/phases/phase-timer.js';
import { clusterStep, exportCluster } from './cluster-steps.js';

/**
 * The up action: certs (or a given PKI) -> up on the chosen target, no checks. The cluster stays up
 * for the job's later steps (the check action, ETCDCTL_*); the post step tears it down.
 */
export function run(): Promise<void> {
  return clusterStep(parseClusterOptions, 'etcd-ha up failed', async ({ inputs, target, deps }) => {
    const phases: Record<string, number> = {};
    const state = await bringUp(
      { ...inputs, target, label: inputLabel, stateDirLabel: "input 'state-dir'" },
      deps,
      phaseTimer(deps, phases),
    );
    exportCluster(state);
    core.setOutput('endpoints', clientEndpoints(state.spec));
    core.setOutput('state-dir', state.spec.stateDir);
    core.info(
      `etcd-ha: ${state.spec.members.length}-member ${target.kind} cluster up (${Object.entries(phases)
        .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
        .join(', ')})`,
    );
  });
}
