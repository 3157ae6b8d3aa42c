import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeDrillWorld, type FakeFlaws } from '../../test/support/fake-drills.js';
import { systemClock, type Clock } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { runCheck } from './check.js';
import { joiningCluster, membershipCheck } from './membership.js';

describe('membership check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-membership-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(flaws: FakeFlaws = {}, clock: Clock = systemClock) {
    const world = await FakeDrillWorld.create(path.join(dir, 'state'), flaws);
    const result = await runCheck(membershipCheck, {
      spec: world.spec,
      client: world.client(),
      target: world.target(),
      clock,
      logger: memoryLogger(),
      keyPrefix: '/etcd-ha/fake/',
    });
    return { world, result };
  }

  it('scales 3 -> 5 -> 3 as etcd allows it, with the figures of every step, and ends with the original members', async () => {
    const { world, result } = await run();
    expect([result.status, result.summary]).toEqual(['pass', expect.stringContaining('scaled 3 -> 4 -> 5 -> 4 -> 3')]);
    for (const figure of [
      'addMs',
      'addWaitMs',
      'catchUpMs',
      'promoteMs',
      'removeMs',
      'removeWaitMs',
      'moveLeaderMs',
      'newLeaderMs',
      'keysAcknowledged',
    ]) {
      expect([figure, typeof result.figures[figure]]).toEqual([figure, 'number']);
    }
    expect(result.figures).toMatchObject({ maxSize: 5, finalSize: 3, keysLost: 0 });
    // Each learner: added, refused a promotion before it started, promoted after it caught up; the leader moved to the last one, which went first.
    expect(world.requests).toEqual([
      `add https://127.0.0.221:2380`,
      `promote ${(0x2000).toString(16)}`,
      'promote etcd-4',
      `add https://127.0.0.222:2380`,
      `promote ${(0x2001).toString(16)}`,
      'promote etcd-5',
      'move-leader etcd-5',
      'remove etcd-5',
      'remove etcd-4',
    ]);
    expect(result.notes).toContain(
      'promoting etcd-4 before it started was refused: MemberPromote on https://127.0.0.211:2379: etcdserver: can only promote a learner member which is in sync with leader',
    );
    expect(world.original.members.map((member) => member.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(world.discarded).toEqual(['etcd-5', 'etcd-4', 'etcd-4', 'etcd-5']);
    // The new members' certificates were made from the cluster's CA and are gone with them.
    expect(existsSync(path.join(dir, 'state', 'spare', 'pki', 'members', 'etcd-4'))).toBe(false);
  });

  it('fails when etcd promotes a learner that has not caught up, and takes the added member out again', async () => {
    const { world, result } = await run({ promotesEarly: true });
    expect([result.status, result.summary]).toEqual([
      'fail',
      'etcd promoted etcd-4 right after it was added, before it started or caught up with the leader',
    ]);
    expect(result.figures.addMs).toEqual(expect.any(Number));
    expect(world.requests.at(-1)).toBe(`remove ${(0x2000).toString(16)}`);
    expect(world.original.members.map((member) => member.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(world.discarded).toEqual(['etcd-4', 'etcd-5']);
  });

  it("names etcd's answer when it refuses a removal as too early until the bound, and still takes the added members out", async () => {
    // A clock that moves only when the drill waits, so the 20 s bound passes at once.
    let now = 0;
    const clock: Clock = { now: () => now, wallNow: () => now, sleep: async (ms) => void (now += ms) };
    const { world, result } = await run({ refusesRemoval: 'etcdserver: unhealthy cluster' }, clock);
    // The retries go round the original members (etcd judges "unhealthy" on the member asked): the last
    // of them was asked of another than the first.
    expect([result.status, result.summary]).toEqual([
      'fail',
      expect.stringMatching(
        /^removing etcd-5 failed: timed out after 20000 ms waiting for etcd to remove etcd-5 \(last error: MemberRemove on https:\/\/127\.0\.0\.21[23]:2379: etcdserver: unhealthy cluster\)$/,
      ),
    ]);
    // The cleanup tried both again, and says that etcd kept both in the cluster.
    expect(result.notes.filter((note) => note.startsWith('cleanup: '))).toEqual(
      ['etcd-4', 'etcd-5'].map((name) =>
        expect.stringMatching(
          new RegExp(`^cleanup: removing ${name} from the cluster: .*timed out after 20000 ms .*unhealthy cluster\\)$`),
        ),
      ),
    );
    expect(world.discarded).toEqual(['etcd-4', 'etcd-5']);
  });

  it("is skipped with the reason when the PKI has no CA key to make the new members' certificates", async () => {
    const world = await FakeDrillWorld.create(path.join(dir, 'state'));
    await rm(world.spec.pki.caKey);
    const result = await runCheck(membershipCheck, {
      spec: world.spec,
      client: world.client(),
      target: world.target(),
      clock: systemClock,
      logger: memoryLogger(),
      keyPrefix: '/x/',
    });
    expect([result.status, result.summary]).toEqual([
      'skipped',
      expect.stringMatching(
        /^the PKI has no CA key \(.*etcd\/ca\.key cannot be read\), so no certificate can be made for a new member/,
      ),
    ]);
    expect(world.requests).toEqual([]);
  });
});

describe('joiningCluster', () => {
  it("names every listed member's peer URLs, the new one (no name yet) by its own name, as etcdctl member add prints it", () => {
    const listed = [
      { id: 'a1', name: 'etcd-1', peerUrls: ['https://10.0.0.1:2380'], clientUrls: [], isLearner: false },
      { id: 'b2', name: '', peerUrls: ['https://10.0.0.4:2380'], clientUrls: [], isLearner: true },
    ];
    expect(joiningCluster(listed, 'b2', 'etcd-4')).toBe('etcd-1=https://10.0.0.1:2380,etcd-4=https://10.0.0.4:2380');
  });
});
