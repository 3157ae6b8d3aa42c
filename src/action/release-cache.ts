import * as cache from '@actions/cache';
import type { ReleaseCache } from '../etcd/install.js';

const cacheKey = (version: string) => `etcd-ha-etcd-${version}-${process.platform}-${process.arch}`;

/** Downloaded etcd releases kept across workflow runs with @actions/cache, where the runner offers it. */
export function workflowReleaseCache(): ReleaseCache | undefined {
  if (!cache.isFeatureAvailable()) return undefined;
  return {
    restore: async (dir, version) => (await cache.restoreCache([dir], cacheKey(version))) !== undefined,
    save: async (dir, version) => {
      await cache.saveCache([dir], cacheKey(version));
    },
  };
}
