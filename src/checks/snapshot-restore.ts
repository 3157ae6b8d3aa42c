import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { initialClusterOf, SPARE_DIR, type ClusterSpec, type MemberSpec } from '../cluster/spec.js';
import { statusWithAgreedLeader } from '../cluster/status.js';
import { waitForHealthyCluster } from '../cluster/up.js';
import type { KeyValue } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import { FaultUnsupportedError } from '../targets/target.js';
import { roundMs } from '../util/clock.js';
import { CheckFailure, defineCheck, type CheckContext, type CheckOutcome } from './check.js';
import { findLostKeys, writeKeys } from './keys.js';
import { discardSpareMembers, placeSpareMembers, whyNoSpareMembers } from './spare-members.js';

const KEYS_WRITTEN = 100;
const KEYS_OVERWRITTEN = 10;
const KEYS_DELETED = 5;
const REQUEST_TIMEOUT_MS = 5000;
const SNAPSHOT_TIMEOUT_MS = 60_000;

/** How the restored cluster's keys differ from the snapshot's: keys missing or changed, and keys it should not have. */
export function compareRestored(
  expected: KeyValue[],
  restored: KeyValue[],
): { missing: string[]; changed: string[]; unexpected: string[] } {
  const found = new Map(restored.map((kv) => [kv.key, kv]));
  const wanted = new Set(expected.map((kv) => kv.key));
  return {
    missing: expected.filter((kv) => !found.has(kv.key)).map((kv) => kv.key),
    changed: expected
      .filter((kv) => {
        const got = found.get(kv.key);
        return got !== undefined && (got.value !== kv.value || got.modRevision !== kv.modRevision);
      })
      .map((kv) => kv.key),
    unexpected: restored.filter((kv) => !wanted.has(kv.key)).map((kv) => kv.key),
  };
}

const some = (keys: string[]) => `${keys.length} (e.g. ${keys.slice(0, 3).join(', ')})`;

/**
 * `snapshot-restore`: writes, overwrites and deletes keys, streams a snapshot from the leader over the
 * Maintenance API (verified with the SHA-256 etcd appends), restores it with etcd's own tool into a
 * new cluster of as many members with a new token on spare addresses, starts that beside the original
 * and shows every key (value and revision) and the store's revision came back, and no deleted key;
 * the original keeps every acknowledged key. The restored cluster is removed again at the end.
 */
export const snapshotRestoreCheck = defineCheck({
  name: 'snapshot-restore',
  proves:
    "a snapshot streamed from a member (its appended SHA-256 verified) restores, with etcd's own tool and a new token, into a cluster beside the original that has every key, value and revision; the original is untouched",
  byDefault: false,
  minMembers: { count: 1, why: 'a snapshot of any cluster restores' },
  stopsMembers: true,
  needs: ['add'],
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: 'skipped', summary: noSpare, figures: {}, notes: [] };
    const snapshotFile = path.join(ctx.spec.stateDir, SPARE_DIR, `snapshot-${ctx.spec.runId}.db`);
    const drill: Drill = { figures: {}, notes: [], restored: [] };
    let outcome: CheckOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await restoreDrill(ctx, snapshotFile, drill);
    } catch (error) {
      failure = error;
    }
    const problems = await discardSpareMembers(ctx, drill.restored);
    await rm(snapshotFile, { force: true }).catch((error) => problems.push(`${snapshotFile}: ${errorMessage(error)}`));
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== undefined) {
      // Whatever failed, the report keeps what was measured before it, and what the cleanup could not do.
      const failed =
        failure instanceof CheckFailure ? failure : new CheckFailure(errorMessage(failure), drill.figures, drill.notes);
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the restored cluster could not be removed: ${problems.join('; ')}`,
        drill.figures,
        drill.notes,
      );
    return outcome as CheckOutcome;
  },
});

/** What the drill measured and placed so far, kept by the caller whatever happens. */
interface Drill {
  figures: Record<string, number>;
  notes: string[];
  /** Every member the drill placed, pushed before it is restored or started, so the caller removes it. */
  restored: MemberSpec[];
}

/** The drill itself. */
async function restoreDrill(
  ctx: CheckContext,
  snapshotFile: string,
  { figures, notes, restored }: Drill,
): Promise<CheckOutcome> {
  const { spec, client, clock, logger, target } = ctx;
  const prefix = `${ctx.keyPrefix}snapshot-restore/`;
  const fail = (message: string) => new CheckFailure(message, figures, notes);

  const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS);
  if (!before) throw fail('the members did not agree on one leader before the snapshot');
  const source = before.leader;
  const { acknowledged, firstError } = await writeKeys(
    client,
    source.clientUrl,
    prefix,
    KEYS_WRITTEN,
    REQUEST_TIMEOUT_MS,
  );
  if (firstError) throw fail(`a write before the snapshot was refused: ${firstError}`);
  // Overwrites and deletions too, so the restored store must have the newest value of each key and no deleted key.
  const keys = [...acknowledged.keys()].sort();
  for (const key of keys.slice(0, KEYS_OVERWRITTEN)) {
    await client.put(source.clientUrl, key, `${acknowledged.get(key)}-overwritten`, { timeoutMs: REQUEST_TIMEOUT_MS });
    acknowledged.set(key, `${acknowledged.get(key)}-overwritten`);
  }
  const deleted = keys.slice(-KEYS_DELETED);
  for (const key of deleted) {
    if ((await client.deletePrefix(source.clientUrl, key, { timeoutMs: REQUEST_TIMEOUT_MS })) !== 1)
      throw fail(`deleting ${key} before the snapshot did not delete exactly that key`);
    acknowledged.delete(key);
  }
  const expected = await client.range(source.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS, prefix: true });
  const revisionBefore = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS });

  await mkdir(path.dirname(snapshotFile), { recursive: true, mode: 0o700 });
  logger.info(`streaming a snapshot from ${source.name} into ${snapshotFile}`);
  const snapshotAt = clock.now();
  const { bytes } = await client
    .snapshot(source.clientUrl, snapshotFile, { timeoutMs: SNAPSHOT_TIMEOUT_MS })
    .catch((error: unknown) => {
      throw fail(`the snapshot from ${source.name} failed: ${errorMessage(error)}`);
    });
  figures.snapshotMs = roundMs(clock.now() - snapshotAt);
  figures.snapshotBytes = bytes;
  const revisionAfter = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS });
  notes.push(
    `${bytes} bytes from ${source.name} in ${figures.snapshotMs} ms; the SHA-256 etcd appended matched; the store was at revision ${revisionBefore}`,
  );

  // A new cluster of as many members, with a new token, on addresses the target has to spare.
  const names = spec.members.map((_, index) => `restored-${index + 1}`);
  const placed = await placeSpareMembers(ctx, names);
  const token = `${spec.token}-restored-${Math.floor(clock.wallNow()).toString(36)}`;
  const initialCluster = initialClusterOf(placed);
  const members = placed.map((member) => ({ ...member, bootstrap: { initialCluster, token, state: 'new' as const } }));
  restored.push(...members);
  const restoreAt = clock.now();
  let command = '';
  for (const member of members) {
    command = await target.restoreSnapshot(member, snapshotFile).catch((error: unknown) => {
      throw fail(`restoring the snapshot for ${member.name} failed: ${errorMessage(error)}`);
    });
  }
  figures.restoreMs = roundMs(clock.now() - restoreAt);
  notes.push(`restored ${members.length} data dirs in ${figures.restoreMs} ms, the last with: ${command}`);

  const startedAt = clock.now();
  for (const member of members) await target.start(member);
  const restoredSpec: ClusterSpec = { ...spec, token, members, initialCluster };
  const { leader } = await waitForHealthyCluster(restoredSpec, target, client, { clock, members }).catch(
    (error: unknown) => {
      throw fail(`the restored cluster did not become healthy: ${errorMessage(error)}`);
    },
  );
  figures.restoredHealthyMs = roundMs(clock.now() - startedAt);

  // It is a cluster of its own: it lists only its members.
  const listed = (await client.memberList(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS }))
    .map((member) => member.name)
    .sort();
  if (listed.join(',') !== names.join(','))
    throw fail(`the restored cluster lists the members ${listed.join(', ')}, not ${names.join(', ')}`);

  const got = await client.range(leader.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS, prefix: true });
  const { missing, changed, unexpected } = compareRestored(expected, got);
  figures.keysRestored = expected.length - missing.length - changed.length;
  if (missing.length > 0)
    throw fail(`the restored cluster lacks ${some(missing)} of the ${expected.length} keys of the snapshot`);
  if (changed.length > 0)
    throw fail(`the restored cluster has another value or revision for ${some(changed)} keys of the snapshot`);
  if (unexpected.length > 0)
    throw fail(`the restored cluster has ${some(unexpected)} keys the snapshot did not (deleted before it was taken)`);
  const revision = await client.revision(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS });
  figures.revisionRestored = revision;
  if (revision < revisionBefore || revision > revisionAfter) {
    throw fail(
      `the restored cluster is at revision ${revision}; the snapshot was taken at ${revisionBefore === revisionAfter ? revisionBefore : `${revisionBefore} to ${revisionAfter}`}`,
    );
  }

  // The original is untouched: its members, its leader and every acknowledged key.
  const after = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS);
  if (!after) throw fail('the original members did not agree on one leader after the restore');
  const original = (await client.memberList(after.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS }))
    .map((member) => member.name)
    .sort();
  const originalNames = spec.members.map((member) => member.name).sort();
  if (original.join(',') !== originalNames.join(','))
    throw fail(
      `the original cluster lists the members ${original.join(', ')} after the restore, not ${originalNames.join(', ')}`,
    );
  const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  figures.keysAcknowledged = acknowledged.size;
  figures.keysLost = lost.length;
  if (lost.length > 0) throw fail(`the original cluster lacks ${some(lost)} acknowledged keys after the snapshot`);

  return {
    status: 'pass',
    summary:
      `a ${bytes}-byte snapshot from ${source.name} (hash verified) restored in ${figures.restoreMs} ms into ${members.length} new members with a new token; ` +
      `all ${figures.keysRestored} keys and revision ${revision} came back, no deleted key; the original kept all ${acknowledged.size} acknowledged keys`,
    figures,
    notes,
  };
}
