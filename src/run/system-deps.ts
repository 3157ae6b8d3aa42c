import { homedir } from 'node:os';
import path from 'node:path';
import type { ReleaseCache } from '../etcd/install.js';
import { systemClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { systemProcessRunner } from '../util/process.js';
import { VERSION } from '../version.js';
import type { ClusterState } from './state.js';
import type { PipelineDeps } from './phases/deps.js';

/** The real clock, process runner and folders, for the CLI and the action alike. */
export function systemDeps(
  env: NodeJS.ProcessEnv,
  logger: Logger,
  extra: { live?: { state?: ClusterState }; releaseCache?: ReleaseCache } = {},
): PipelineDeps {
  return {
    runner: systemProcessRunner,
    clock: systemClock,
    logger,
    // The runner's tool cache where there is one, else the user's cache folder.
    cacheRoot: env.RUNNER_TOOL_CACHE || path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'etcd-ha'),
    searchPath: (env.PATH ?? '').split(path.delimiter).filter(Boolean),
    toolVersion: VERSION,
    ...extra,
  };
}
