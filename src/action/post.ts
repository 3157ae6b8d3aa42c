import * as core from '@actions/core';
import { rm } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import { downPhase } from '../run/phases/down.js';
import { loadState } from '../run/state.js';
import { systemDeps } from '../run/system-deps.js';
import { actionLogger } from './logger.js';
import { StateKey } from './state-keys.js';

/** Removes files the main step wrote for the post step (the ssh key), whatever else happened. */
async function removeOwnedFiles(): Promise<void> {
  const listed = core.getState(StateKey.OwnedFiles);
  const files: unknown = listed ? JSON.parse(listed) : [];
  for (const file of Array.isArray(files) ? files : []) {
    if (typeof file === 'string')
      await rm(file, { force: true }).catch((error) =>
        core.warning(`etcd-ha teardown: ${file}: ${errorMessage(error)}`),
      );
  }
}

/** The post step: ends every member and removes data, logs and keys. It never fails the job. */
export async function run(): Promise<void> {
  try {
    const stateDir = core.getState(StateKey.StateDir);
    if (!stateDir) {
      core.info('etcd-ha: the main step recorded no cluster; nothing to tear down');
      return;
    }
    const state = await loadState(stateDir, 'state').catch(() => undefined);
    if (!state) {
      core.info(`etcd-ha: no cluster state in ${stateDir}; nothing to tear down`);
      return;
    }
    const keep = core.getState(StateKey.Keep) === 'true';
    const problems = await core.group('Tear down the etcd cluster', () =>
      downPhase(state, { keep }, systemDeps(process.env, actionLogger)),
    );
    for (const problem of problems) core.warning(`etcd-ha teardown: ${problem}`);
    core.info(
      problems.length === 0
        ? 'etcd-ha: cluster torn down'
        : `etcd-ha: teardown finished with ${problems.length} problem(s)`,
    );
  } catch (error) {
    core.warning(`etcd-ha teardown: ${errorMessage(error)}`);
  } finally {
    await removeOwnedFiles().catch((error) => core.warning(`etcd-ha teardown: ${errorMessage(error)}`));
  }
}
