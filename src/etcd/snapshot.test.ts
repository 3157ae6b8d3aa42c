import { createHash } from 'node:crypto';
import type { MemberSpec } from '../cluster/spec.js';
import { restoreToolFor, SnapshotHash, snapshotRestoreArgs } from './snapshot.js';

/** A stream as etcd sends it: the backend, then the SHA-256 of the backend. */
const stream = (body: Buffer) => Buffer.concat([body, createHash('sha256').update(body).digest()]);

/** Feeds `data` to a SnapshotHash in pieces of `size` bytes. */
function fed(data: Buffer, size: number): SnapshotHash {
  const hash = new SnapshotHash();
  for (let offset = 0; offset < data.length; offset += size) hash.update(data.subarray(offset, offset + size));
  return hash;
}

describe('SnapshotHash', () => {
  const body = Buffer.from('a bbolt database, page after page '.repeat(100));

  it('accepts a stream that ends with the SHA-256 of what came before, however it is cut into pieces', () => {
    for (const size of [1, 7, 31, 32, 33, 4096]) {
      const hash = fed(stream(body), size);
      expect(() => hash.verify()).not.toThrow();
      expect(hash.bytes).toBe(body.length + 32);
    }
  });

  it('refuses a damaged stream, one without the hash, and one too short to hold it', () => {
    const damaged = stream(body);
    damaged[100] ^= 1;
    expect(() => fed(damaged, 64).verify()).toThrow(/damaged on the way/);
    expect(() => fed(body, 64).verify()).toThrow(/damaged on the way/);
    expect(() => fed(Buffer.alloc(10), 64).verify()).toThrow(
      "the snapshot has 10 bytes, too few to end with etcd's SHA-256",
    );
  });
});

describe('snapshot restore', () => {
  it('uses etcdutl from etcd 3.5 (3.6 has only it) and etcdctl before', () => {
    expect(['3.4.23', '3.5.0', 'v3.5.17', '3.6.1', '4.0.0'].map(restoreToolFor)).toEqual([
      'etcdctl',
      'etcdutl',
      'etcdutl',
      'etcdutl',
      'etcdutl',
    ]);
  });

  it('restores a member into the cluster its bootstrap names, advertising its (proxied) peer URL', () => {
    const member = {
      name: 'restored-1',
      peerUrl: 'https://127.0.0.5:2380',
      bootstrap: { initialCluster: 'restored-1=https://127.0.0.5:2380', token: 'etcd-ha-x-restored', state: 'new' },
    } as MemberSpec;
    expect(snapshotRestoreArgs(member, '/s/snap.db', '/d/restored-1')).toEqual([
      'snapshot',
      'restore',
      '/s/snap.db',
      '--name=restored-1',
      '--data-dir=/d/restored-1',
      '--initial-cluster=restored-1=https://127.0.0.5:2380',
      '--initial-cluster-token=etcd-ha-x-restored',
      '--initial-advertise-peer-urls=https://127.0.0.5:2380',
    ]);
    expect(() => snapshotRestoreArgs({ ...member, bootstrap: undefined }, '/s', '/d')).toThrow(
      'restored-1 has no cluster to be restored into',
    );
  });
});
