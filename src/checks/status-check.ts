import { agreedLeader, collectStatus } from '../cluster/status.js';
import { errorMessage } from '../errors.js';
import { roundMs } from '../util/clock.js';
import type { ClusterSpec } from '../cluster/spec.js';
import type { EtcdClient } from '../etcd/client.js';
import type { Clock } from '../util/clock.js';
import { defineCheck, type CheckOutcome, type MemberRow } from './check.js';

const REQUEST_TIMEOUT_MS = 3000;

/** Reads health and `endpoint status` of every member and builds the status table. */
export async function readStatusTable(
  spec: ClusterSpec,
  client: EtcdClient,
  clock: Clock,
): Promise<{ rows: MemberRow[]; slowestHealthMs: number }> {
  let slowestHealthMs = 0;
  const health = await Promise.all(
    spec.members.map(async (member) => {
      const started = clock.now();
      try {
        await client.health(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS });
        slowestHealthMs = Math.max(slowestHealthMs, clock.now() - started);
        return undefined;
      } catch (error) {
        return errorMessage(error);
      }
    }),
  );
  const statuses = await collectStatus(client, spec.members, REQUEST_TIMEOUT_MS);
  const rows = statuses.map((row, index): MemberRow => {
    const problems = [health[index], row.error, ...(row.status?.errors ?? [])].filter((p): p is string => !!p);
    return {
      name: row.member.name,
      endpoint: row.member.clientUrl,
      status: row.status,
      healthy: problems.length === 0,
      error: problems.length > 0 ? problems.join('; ') : undefined,
    };
  });
  return { rows, slowestHealthMs };
}

/** `status`: every endpoint healthy, exactly one leader, and every member names the same leader. */
export const statusCheck = defineCheck({
  name: 'status',
  proves: 'every endpoint is healthy, exactly one member is the leader and every member names it',
  byDefault: true,
  stopsMembers: false,
  async run(ctx): Promise<CheckOutcome> {
    const { rows, slowestHealthMs } = await readStatusTable(ctx.spec, ctx.client, ctx.clock);
    const answered = rows.filter((row) => row.status);
    const leaders = answered.filter((row) => row.status?.isLeader);
    const agreed = agreedLeader(rows);
    const figures = {
      members: rows.length,
      healthy: rows.filter((row) => row.healthy).length,
      leaders: leaders.length,
      slowestHealthMs: roundMs(slowestHealthMs),
      raftTerm: Math.max(0, ...answered.map((row) => row.status?.raftTerm ?? 0)),
      largestDbSizeBytes: Math.max(0, ...answered.map((row) => row.status?.dbSize ?? 0)),
    };
    const problems: string[] = rows
      .filter((row) => !row.healthy)
      .map((row) => `${row.name} (${row.endpoint}) is not healthy: ${row.error}`);
    if (leaders.length !== 1) problems.push(`${leaders.length} members say they are the leader; exactly one must`);
    if (answered.length === rows.length && !agreed) {
      problems.push(
        `members disagree on the leader: ${answered.map((row) => `${row.name} says ${row.status?.leader ?? 'none'}`).join(', ')}`,
      );
    }
    if (problems.length > 0) {
      return { status: 'fail', summary: problems.join('; '), figures, notes: [], members: rows };
    }
    const leader = leaders[0];
    return {
      status: 'pass',
      summary: `all ${rows.length} members healthy; ${leader.name} (${leader.status?.id}) is the one leader every member names`,
      figures,
      notes: [],
      members: rows,
    };
  },
});
