import { createHash, type Hash } from 'node:crypto';
import type { MemberSpec } from '../cluster/spec.js';
import { walDirOf } from '../cluster/user-config.js';

/** etcd ends a snapshot stream with the SHA-256 of everything before it (as `etcdutl snapshot restore` verifies it). */
export const SNAPSHOT_HASH_BYTES = 32;

/**
 * Hashes a snapshot as it streams in, holding back the last 32 bytes seen, which are the hash etcd
 * appended once the stream ends: `verify` then compares the two.
 */
export class SnapshotHash {
  private readonly hash: Hash = createHash('sha256');
  private tail = Buffer.alloc(0);
  private total = 0;

  /** Takes the next piece of the stream. */
  update(chunk: Buffer): void {
    this.total += chunk.length;
    const joined = Buffer.concat([this.tail, chunk]);
    const cut = Math.max(0, joined.length - SNAPSHOT_HASH_BYTES);
    this.hash.update(joined.subarray(0, cut));
    this.tail = Buffer.from(joined.subarray(cut));
  }

  /** Bytes taken so far, the appended hash included. */
  get bytes(): number {
    return this.total;
  }

  /** Throws unless the stream ended with the SHA-256 of what came before it. */
  verify(): void {
    if (this.tail.length < SNAPSHOT_HASH_BYTES)
      throw new Error(`the snapshot has ${this.total} bytes, too few to end with etcd's SHA-256`);
    const computed = this.hash.digest();
    if (!computed.equals(this.tail)) {
      throw new Error(
        `the snapshot's SHA-256 is ${computed.toString('hex')}, but etcd appended ${this.tail.toString('hex')}: it was damaged on the way`,
      );
    }
  }
}

/** The tool that restores a snapshot of this etcd version: `etcdutl` from 3.5 (3.6 has only it), `etcdctl` before. */
export function restoreToolFor(etcdVersion: string): 'etcdutl' | 'etcdctl' {
  const [major, minor] = etcdVersion.replace(/^v/, '').split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 5) ? 'etcdutl' : 'etcdctl';
}

/**
 * `snapshot restore` arguments that make `dataDir` the data of `member` in the cluster its bootstrap
 * names (the same for etcdctl 3.4 and etcdutl); the hash etcd appended is verified by the tool too.
 */
export function snapshotRestoreArgs(member: MemberSpec, snapshotFile: string, dataDir: string): string[] {
  if (!member.bootstrap) throw new Error(`${member.name} has no cluster to be restored into (no bootstrap)`);
  const walDir = walDirOf(member, dataDir);
  return [
    'snapshot',
    'restore',
    snapshotFile,
    `--name=${member.name}`,
    `--data-dir=${dataDir}`,
    `--initial-cluster=${member.bootstrap.initialCluster}`,
    `--initial-cluster-token=${member.bootstrap.token}`,
    `--initial-advertise-peer-urls=${member.advertisedPeerUrl ?? member.peerUrl}`,
    // A member from the user's configuration with a wal-dir of its own finds its WAL there.
    ...(walDir === undefined ? [] : [`--wal-dir=${walDir}`]),
  ];
}
