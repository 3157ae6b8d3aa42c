import * as core from '@actions/core';

/** The part of @actions/cache the action uses. */
export type ActionsCache = Pick<typeof import('@actions/cache'), 'restoreCache' | 'saveCache'>;

let emulationNoticed = false;

/**
 * @actions/cache where this run can use it, else undefined; loaded on first use. The runner's cache
 * says whether it is there (isFeatureAvailable). @github/local-action, which runs the action from its
 * source, replaces the module with an emulation that has restoreCache and saveCache alone and keeps
 * entries in LOCAL_ACTION_CACHE_PATH: that one is used as it is (its own errors name what it lacks).
 */
export async function actionsCache(
  load: () => Promise<Partial<typeof import('@actions/cache')>> = () => import('@actions/cache'),
  notice: (message: string) => void = (message) => core.notice(message),
): Promise<ActionsCache | undefined> {
  const cache = await load();
  if (typeof cache.isFeatureAvailable === 'function')
    return cache.isFeatureAvailable() ? (cache as ActionsCache) : undefined;
  const { restoreCache, saveCache } = cache;
  if (typeof restoreCache !== 'function' || typeof saveCache !== 'function') {
    notice('@actions/cache here has neither isFeatureAvailable nor restoreCache and saveCache; nothing is cached');
    return undefined;
  }
  if (!emulationNoticed) {
    emulationNoticed = true;
    notice(
      '@actions/cache here has no isFeatureAvailable (an emulation, as @github/local-action runs the action); ' +
        'its restoreCache and saveCache are used',
    );
  }
  // The emulation keeps each entry as one file named after its key, in one folder: a '/' in a key
  // (the baseline's keys have them) would name a folder it never creates or lists.
  const encode = (key: string) => key.replaceAll('%', '%25').replaceAll('/', '%2F');
  const decode = (key: string) => key.replaceAll('%2F', '/').replaceAll('%25', '%');
  return {
    restoreCache: async (paths, primaryKey, restoreKeys, ...rest) => {
      const restored = await restoreCache(paths, encode(primaryKey), restoreKeys?.map(encode), ...rest);
      return restored === undefined ? undefined : decode(restored);
    },
    saveCache: (paths, key, ...rest) => saveCache(paths, encode(key), ...rest),
  };
}
