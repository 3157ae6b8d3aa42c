import { FakeCluster } from '../../test/support/fake-cluster.js';
import type { EtcdBinaries } from '../etcd/install.js';
import { runCheck } from './check.js';
import { MOVED_MEMBERS_TABLE, upgradeCheck } from './upgrade.js';

const binaries = (version: string): EtcdBinaries => ({
  etcd: `/opt/etcd-${version}/etcd`,
  etcdctl: `/opt/etcd-${version}/etcdctl`,
  version,
  source: 'etcd-path',
});

const contextOf = (cluster: FakeCluster, to?: string) => ({
  ...cluster.context(),
  ...(to ? { release: { binaries: binaries(to) } } : {}),
});

describe('the upgrade check', () => {
  it('moves the followers first, by name, and the leader last, and measures each member', async () => {
    const cluster = new FakeCluster({ release: '3.4.23' });
    const result = await runCheck(upgradeCheck, contextOf(cluster, '3.5.30'));
    expect(result.summary).toMatch(/^moved 3 members from etcd 3\.4\.23 to 3\.5\.30 one at a time under writes/);
    expect(result.status).toBe('pass');
    // The fake's leader is etcd-1.
    expect(cluster.moves).toEqual(['etcd-2 3.5.30', 'etcd-3 3.5.30', 'etcd-1 3.5.30']);
    expect(result.figures).toMatchObject({ membersMoved: 3, keysLost: 0, linearizable: true, hashKvAgree: true });
    expect(result.figures.keysAcknowledged).toBeGreaterThan(0);
    expect(typeof result.figures.clusterVersionMs).toBe('number');
    const table = result.tables?.find((candidate) => candidate.title === MOVED_MEMBERS_TABLE.title);
    expect(table?.rows.map((row) => [row[0], row[1], row[5]])).toEqual([
      ['etcd-2', '3.4.23 → 3.5.30', '3.5.30'],
      ['etcd-3', '3.4.23 → 3.5.30', '3.5.30'],
      ['etcd-1', '3.4.23 → 3.5.30', '3.5.30'],
    ]);
    expect(result.notes).toContain('order: etcd-2, etcd-3, etcd-1 (followers first, the leader etcd-1 last)');
  });

  it('downgrades from 3.6 through the downgrade API: validated and enabled on the leader, then the members moved, the leader last', async () => {
    const cluster = new FakeCluster({ release: '3.6.5' });
    const result = await runCheck(upgradeCheck, contextOf(cluster, '3.5.30'));
    expect([result.status, result.summary]).toEqual([
      'pass',
      expect.stringMatching(/^moved 3 members from etcd 3\.6\.5 to 3\.5\.30 one at a time/),
    ]);
    expect(cluster.moves).toEqual([
      'downgrade VALIDATE 3.5 on etcd-1',
      'downgrade ENABLE 3.5 on etcd-1',
      'etcd-2 3.5.30',
      'etcd-3 3.5.30',
      'etcd-1 3.5.30',
    ]);
    expect(result.notes[0]).toMatch(/^etcd 3\.6 downgrades through its downgrade API/);
    expect(result.notes).toContainEqual(
      expect.stringMatching(
        /^downgrade validated and enabled to 3\.5 on etcd-1 \(the cluster version was 3\.6\.0\); every member said cluster version 3\.5 after \d/,
      ),
    );
  });

  it('fails a downgrade etcd refuses quoting etcd, with the member moved back and the cluster whole', async () => {
    const cluster = new FakeCluster({ release: '3.5.30', refuses: '3.4.23' });
    const result = await runCheck(upgradeCheck, contextOf(cluster, '3.4.23'));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(
      /^etcd cannot downgrade from 3\.5\.30 to 3\.4\.23: etcd-2 on 3\.4\.23 refused the data, "invalid downgrade; server version is lower than determined cluster version" \(cluster version 3\.5\); the cluster was left whole on etcd 3\.5\.30/,
    );
    expect(cluster.moves).toEqual(['etcd-2 3.4.23', 'etcd-2 3.5.30']);
    expect(result.figures).toMatchObject({ keysLost: 0, hashKvAgree: true });
  });

  it('fails a downgrade etcd refuses but the release ran anyway, naming what etcd says', async () => {
    const cluster = new FakeCluster({ release: '3.5.30' });
    const result = await runCheck(upgradeCheck, contextOf(cluster, '3.4.23'));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(
      /^etcd 3\.4\.23 ran on etcd-2's data written by 3\.5\.30, where etcd allows no such downgrade/,
    );
    expect(cluster.moves).toEqual(['etcd-2 3.4.23', 'etcd-2 3.5.30']);
  });

  it('moves nothing to the release the members run, nor across a skipped minor', async () => {
    for (const [from, to, reason] of [
      ['3.5.30', '3.5.30', /the same release: there is nothing to move/],
      ['3.4.23', '3.6.5', /skips 3\.5/],
    ] as const) {
      const cluster = new FakeCluster({ release: from });
      const result = await runCheck(upgradeCheck, contextOf(cluster, to));
      expect(result.status).toBe('fail');
      expect(result.summary).toMatch(/^the members were not moved: /);
      expect(result.summary).toMatch(reason);
      expect(cluster.moves).toEqual([]);
    }
  });

  it('moves a cluster once: a second upgrade check of the same cluster fails before anything moves', async () => {
    const cluster = new FakeCluster({ release: '3.4.23' });
    const context = contextOf(cluster, '3.5.30');
    expect((await runCheck(upgradeCheck, context)).status).toBe('pass');
    const again = await runCheck(upgradeCheck, { ...context, release: { binaries: binaries('3.5.31') } });
    expect([again.status, again.summary]).toEqual([
      'fail',
      'etcd-1, etcd-2, etcd-3 moved to etcd 3.5.30 in an earlier upgrade check of this cluster; the drill moves a cluster once: start a cluster on that release to move it on',
    ]);
    expect(cluster.moves).toHaveLength(3);
  });

  it('fails without a release to move to', async () => {
    const result = await runCheck(upgradeCheck, contextOf(new FakeCluster()));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/no release to move to was given/);
  });
});
