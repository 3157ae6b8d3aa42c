import { FakeCluster, fastClock } from '../../test/support/fake-cluster.js';
import type { ClusterSpec } from '../cluster/spec.js';
import { systemClock, type Clock } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { runCheck } from './check.js';
import { partitionCheck, preVoteOf } from './partition.js';

function contextOf(
  cluster: FakeCluster,
  options: { isolateCuts?: boolean; canIsolate?: boolean } = {},
  clock: Clock = systemClock,
) {
  return {
    spec: cluster.spec,
    client: cluster.client(),
    target: cluster.target(options),
    clock,
    logger: memoryLogger(),
    keyPrefix: '/etcd-ha/fake/',
  };
}

/** The spec with every member configured from the user's settings, `extra` added to each. */
function configured(spec: ClusterSpec, extra: Array<{ name: string; value: string }>): ClusterSpec {
  return {
    ...spec,
    members: spec.members.map((member) => ({
      ...member,
      configured: {
        file: `${member.name}.yml`,
        form: 'etcd-config-file',
        settings: [{ name: 'name', value: member.name }, ...extra],
      },
    })),
  };
}

describe('partition check', () => {
  it('passes on a cluster whose cut-off leader steps down and whose cut-off follower catches up, with every figure', async () => {
    const cluster = new FakeCluster();
    const result = await runCheck(partitionCheck, contextOf(cluster));
    expect([result.status, result.summary]).toEqual([
      'pass',
      expect.stringContaining('cut off leader etcd-1: etcd-2 led after'),
    ]);
    for (const figure of [
      'newLeaderMs',
      'stepDownMs',
      'writeRefusedMs',
      'healMs',
      'catchUpMs',
      'termBefore',
      'termElected',
      'termAfterHeal',
      'termAfter',
      'keysAcknowledged',
    ]) {
      expect([figure, typeof result.figures[figure]]).toEqual([figure, 'number']);
    }
    expect(result.figures).toMatchObject({
      termBefore: 2,
      termElected: 3,
      termAfter: 3,
      keysAcknowledged: 60,
      keysLost: 0,
      // The integrity pass after the drill: every member's HashKV agrees, no log holds a panic.
      hashKvAgree: true,
      hashKvMembers: 3,
      logPanics: 0,
    });
    // The refused write reached the old leader and was never applied.
    expect(
      cluster.requests.filter((request) => request.startsWith('put') && request.includes('refused-write')),
    ).toEqual([]);
  });

  it('fails when isolate cuts nothing: the old leader still leads and no new leader is elected', async () => {
    const cluster = new FakeCluster();
    const result = await runCheck(partitionCheck, contextOf(cluster, { isolateCuts: false }, fastClock(50)));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(
      /^etcd-1 still leads \d+ ms after it was cut off from its peers, and they elected no new leader: the links were not cut$/,
    );
    expect(result.figures.termBefore).toBe(2);
  });

  it("is skipped with the target's reason where the target cannot cut links", async () => {
    const result = await runCheck(partitionCheck, contextOf(new FakeCluster(), { canIsolate: false }));
    expect([result.status, result.summary]).toEqual([
      'skipped',
      'this fake target cannot cut links (this check needs to isolate members)',
    ]);
  });
});

describe('preVoteOf', () => {
  const spec = new FakeCluster().spec;

  it('is on for the clusters this product generates', () => {
    expect(preVoteOf(spec, '3.4.23')).toEqual({ on: true, why: 'pre-vote is on' });
  });

  it("follows the user's configuration, and etcd's default where it does not say", () => {
    expect(preVoteOf(configured(spec, [{ name: 'pre-vote', value: 'true' }]), '3.4.23').on).toBe(true);
    expect(preVoteOf(configured(spec, [{ name: 'pre-vote', value: 'false' }]), '3.5.9')).toEqual({
      on: false,
      why: 'pre-vote is off in the configuration',
    });
    expect(preVoteOf(configured(spec, []), '3.4.23')).toEqual({
      on: false,
      why: 'pre-vote is not set, and etcd 3.4.23 runs without it by default (3.5 and later run with it)',
    });
    expect(preVoteOf(configured(spec, []), '3.5.9')).toEqual({
      on: true,
      why: 'pre-vote is not set, and etcd 3.5.9 runs with it by default',
    });
  });
});
