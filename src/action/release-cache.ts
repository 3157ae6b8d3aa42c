import { createHash } from 'node:crypto';
import type { ReleaseCache } from '../etcd/install.js';
import { actionsCache } from './actions-cache.js';

/**
 * The cache key of a release: its version, the runner's platform, and the tarball's URL, so that a
 * release downloaded from one mirror is never restored for another (a restored release is checked
 * again before use either way).
 */
export const releaseCacheKey = (version: string, url: string, platform = process.platform, arch = process.arch) =>
  `etcd-ha-etcd-${version}-${platform}-${arch}-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;

/**
 * Downloaded etcd releases kept across workflow runs with @actions/cache, where the runner offers it
 * (elsewhere nothing is restored or saved). The client is loaded only when a release is not on the runner.
 */
export function workflowReleaseCache(): ReleaseCache {
  const available = () => actionsCache();
  return {
    restore: async (dir, version, url) => {
      const cache = await available();
      return cache !== undefined && (await cache.restoreCache([dir], releaseCacheKey(version, url))) !== undefined;
    },
    save: async (dir, version, url) => {
      await (await available())?.saveCache([dir], releaseCacheKey(version, url));
    },
  };
}
