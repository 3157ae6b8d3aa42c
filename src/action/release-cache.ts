import type { ReleaseCache } from '../etcd/install.js';

const cacheKey = (version: string) => `etcd-ha-etcd-${version}-${process.platform}-${process.arch}`;

/**
 * Downloaded etcd releases kept across workflow runs with @actions/cache, where the runner offers it
 * (elsewhere nothing is restored or saved). The client is loaded only when a release is not on the runner.
 */
export function workflowReleaseCache(): ReleaseCache {
  const available = async () => {
    const cache = await import('@actions/cache');
    return cache.isFeatureAvailable() ? cache : undefined;
  };
  return {
    restore: async (dir, version) => {
      const cache = await available();
      return cache !== undefined && (await cache.restoreCache([dir], cacheKey(version))) !== undefined;
    },
    save: async (dir, version) => {
      await (await available())?.saveCache([dir], cacheKey(version));
    },
  };
}
