import { actionsCache } from './actions-cache.js';
import { artifactServiceAvailable } from './artifacts.js';

type CacheModule = Awaited<ReturnType<Parameters<typeof actionsCache>[0] & object>>;

/** A cache module whose restoreCache hands back `hit` and records every call. */
function fakeCache(hit: string | undefined, extra: Partial<CacheModule> = {}) {
  const calls: unknown[][] = [];
  const module = {
    restoreCache: async (...args: unknown[]) => {
      calls.push(['restore', ...args]);
      return hit;
    },
    saveCache: async (...args: unknown[]) => {
      calls.push(['save', ...args]);
      return 7;
    },
    ...extra,
  } as CacheModule;
  return { module, calls };
}

describe('actionsCache', () => {
  it("uses the runner's cache as it is where it says it is available, and none where it says not", async () => {
    const notices: string[] = [];
    const available = fakeCache('etcd-ha-baseline/a/1-1', { isFeatureAvailable: () => true });
    const cache = await actionsCache(
      async () => available.module,
      (message) => notices.push(message),
    );
    expect(await cache?.restoreCache(['p'], 'etcd-ha-baseline/a/2-1', ['etcd-ha-baseline/a/'])).toBe(
      'etcd-ha-baseline/a/1-1',
    );
    expect(available.calls).toEqual([['restore', ['p'], 'etcd-ha-baseline/a/2-1', ['etcd-ha-baseline/a/']]]);

    const absent = fakeCache(undefined, { isFeatureAvailable: () => false });
    expect(
      await actionsCache(
        async () => absent.module,
        (message) => notices.push(message),
      ),
    ).toBeUndefined();
    expect(notices).toEqual([]);
  });

  it("uses an emulation without isFeatureAvailable (local-action's), with each '/' of a key kept out of its file names", async () => {
    const notices: string[] = [];
    const emulated = fakeCache('etcd-ha-baseline%2Fa%2F');
    const cache = await actionsCache(
      async () => emulated.module,
      (message) => notices.push(message),
    );
    expect(notices).toEqual([expect.stringContaining('has no isFeatureAvailable')]);
    expect(await cache?.restoreCache(['p'], 'etcd-ha-baseline/a/2-1', ['etcd-ha-baseline/a/'])).toBe(
      'etcd-ha-baseline/a/',
    );
    expect(await cache?.saveCache(['p'], 'etcd-ha-baseline/a%b/2-1')).toBe(7);
    expect(emulated.calls).toEqual([
      ['restore', ['p'], 'etcd-ha-baseline%2Fa%2F2-1', ['etcd-ha-baseline%2Fa%2F']],
      ['save', ['p'], 'etcd-ha-baseline%2Fa%25b%2F2-1'],
    ]);
    // Said once per process, not at every use.
    await actionsCache(
      async () => emulated.module,
      (message) => notices.push(message),
    );
    expect(notices).toHaveLength(1);
  });

  it('gives no cache, with a notice, where the module has neither', async () => {
    const notices: string[] = [];
    expect(
      await actionsCache(
        async () => ({}),
        (message) => notices.push(message),
      ),
    ).toBeUndefined();
    expect(notices).toEqual([expect.stringContaining('nothing is cached')]);
  });
});

describe('artifactServiceAvailable', () => {
  it("is the runner's service or local-action's emulation, nothing else", () => {
    expect(artifactServiceAvailable({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://r' })).toBe(true);
    expect(artifactServiceAvailable({ ACTIONS_RUNTIME_TOKEN: 't' })).toBe(false);
    expect(artifactServiceAvailable({ LOCAL_ACTION_ARTIFACT_PATH: '/tmp/a' })).toBe(true);
    expect(artifactServiceAvailable({})).toBe(false);
  });
});
