import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { SPARE_DIR } from '../../cluster/spec.js';
import { ETCDCTL_ENV_FILE } from '../../cluster/state-files.js';
import { errorMessage } from '../../errors.js';
import { recordedTarget, targetStateDirEntries } from '../../targets/registry.js';
import { removeStateFile, saveState, type ClusterState } from '../state.js';
import type { PipelineDeps } from './deps.js';

/**
 * down: ends every member by PID and removes data dirs, logs, PKI and state, unless `keep` (then
 * only the processes end). Never throws; returns what it could not do.
 */
export async function downPhase(
  state: ClusterState,
  options: { keep: boolean },
  deps: PipelineDeps,
): Promise<string[]> {
  const problems: string[] = [];
  const target = recordedTarget(state, state.spec, {
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    onChange: () => saveState(state),
  });
  if (target) problems.push(...(await target.destroy({ keepData: options.keep })));
  if (!options.keep) {
    const dir = state.spec.stateDir;
    // A PKI the user provided is theirs: it stays.
    const ours = state.pkiProvided ? [] : [state.spec.pki.root];
    // SPARE_DIR: certificates and a snapshot of members beyond the spec's, left by a check that was cut short.
    for (const item of [
      ...ours,
      path.join(dir, ETCDCTL_ENV_FILE),
      ...targetStateDirEntries().map((name) => path.join(dir, name)),
      path.join(dir, SPARE_DIR),
    ]) {
      await rm(item, { recursive: true, force: true }).catch((error) =>
        problems.push(`${item}: ${errorMessage(error)}`),
      );
    }
    await removeStateFile(dir).catch((error) => problems.push(`state file: ${errorMessage(error)}`));
    // The folder goes too if nothing of the user's is in it.
    if ((await readdir(dir).catch(() => ['?'])).length === 0) await rmdir(dir).catch(() => undefined);
  }
  // A run whose teardown left something behind stays recorded, so `down --all` can try again.
  if (problems.length === 0) {
    await deps.runs
      ?.unregister(state.spec.runId)
      .catch((error) => problems.push(`run registry: ${errorMessage(error)}`));
  }
  return problems;
}
