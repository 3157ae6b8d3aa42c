import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeDrillWorld, type FakeFlaws } from '../../test/support/fake-drills.js';
import type { MemberSpec } from '../cluster/spec.js';
import type { Target } from '../targets/target.js';
import { systemClock } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { runCheck } from './check.js';
import { compareRestored, snapshotRestoreCheck } from './snapshot-restore.js';

describe('snapshot-restore check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-snapshot-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(flaws: FakeFlaws = {}) {
    const world = await FakeDrillWorld.create(path.join(dir, 'state'), flaws);
    const result = await runCheck(snapshotRestoreCheck, {
      spec: world.spec,
      client: world.client(),
      target: world.target(),
      clock: systemClock,
      logger: memoryLogger(),
      keyPrefix: '/etcd-ha/fake/',
    });
    return { world, result };
  }

  it('restores every key and the revision into a cluster beside the original, and removes it again', async () => {
    const { world, result } = await run();
    expect([result.status, result.summary]).toEqual([
      'pass',
      expect.stringContaining('all 95 keys and revision 116 came back, no deleted key'),
    ]);
    for (const figure of ['snapshotMs', 'restoreMs', 'restoredHealthyMs'])
      expect([figure, typeof result.figures[figure]]).toEqual([figure, 'number']);
    expect(result.figures).toMatchObject({
      keysRestored: 95,
      revisionRestored: 116,
      keysAcknowledged: 95,
      keysLost: 0,
    });
    expect(result.figures.snapshotBytes).toBeGreaterThan(32);
    const restored = world.clusters[1];
    expect([restored.token, restored.members.map((member) => member.name)]).toEqual([
      expect.stringMatching(/^etcd-ha-fake-restored-/),
      ['restored-1', 'restored-2', 'restored-3'],
    ]);
    expect(world.discarded).toEqual(['restored-1', 'restored-2', 'restored-3']);
    // The snapshot and the restored members' certificates are gone; the original kept its members.
    expect(readdirSync(path.join(dir, 'state', 'spare')).filter((name) => name !== 'pki')).toEqual([]);
    expect(existsSync(path.join(dir, 'state', 'spare', 'pki', 'members', 'restored-1'))).toBe(false);
    expect(world.original.members.map((member) => member.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
  });

  it('fails naming the key a restore left out, and still removes the restored cluster', async () => {
    const { world, result } = await run({ restoreDrops: '00042' });
    expect([result.status, result.summary]).toEqual([
      'fail',
      'the restored cluster lacks 1 (e.g. /etcd-ha/fake/snapshot-restore/00042) of the 95 keys of the snapshot',
    ]);
    expect(result.figures).toMatchObject({ keysRestored: 94, snapshotBytes: expect.any(Number) });
    expect(world.discarded).toEqual(['restored-1', 'restored-2', 'restored-3']);
  });
});

describe('snapshot-restore check when a restored member does not start', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-snapshot-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with what it measured and removes every restored member, the one that did not start too', async () => {
    const world = await FakeDrillWorld.create(path.join(dir, 'state'));
    const target = world.target();
    const failing = Object.assign(Object.create(target) as Target, {
      start: async (member: MemberSpec) => {
        if (member.name === 'restored-2') throw new Error('the engine refused to start restored-2');
        return target.start(member);
      },
    });
    const result = await runCheck(snapshotRestoreCheck, {
      spec: world.spec,
      client: world.client(),
      target: failing,
      clock: systemClock,
      logger: memoryLogger(),
      keyPrefix: '/etcd-ha/fake/',
    });
    expect([result.status, result.summary]).toEqual(['fail', 'the engine refused to start restored-2']);
    expect(result.figures).toMatchObject({ snapshotBytes: expect.any(Number), restoreMs: expect.any(Number) });
    expect(world.discarded).toEqual(['restored-1', 'restored-2', 'restored-3']);
  });
});

describe('compareRestored', () => {
  const kv = (key: string, value: string, modRevision: number) => ({ key, value, modRevision });

  it('finds keys missing, changed (value or revision) and not in the snapshot', () => {
    const expected = [kv('a', '1', 2), kv('b', '2', 3), kv('c', '3', 4), kv('d', '4', 5)];
    const restored = [kv('a', '1', 2), kv('b', 'x', 3), kv('c', '3', 9), kv('e', '5', 6)];
    expect(compareRestored(expected, restored)).toEqual({ missing: ['d'], changed: ['b', 'c'], unexpected: ['e'] });
    expect(compareRestored(expected, expected)).toEqual({ missing: [], changed: [], unexpected: [] });
  });
});
