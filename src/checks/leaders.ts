import { agreedLeader, collectStatus, statusWithAgreedLeader } from '../cluster/status.js';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import type { EtcdClient } from '../etcd/client.js';
import type { Clock } from '../util/clock.js';
import { pollUntil } from '../util/poll.js';

/** What a leader wait needs: the clock, how long it may take, how often to ask, and each request's bound. */
export interface LeaderWait {
  clock: Clock;
  timeoutMs: number;
  intervalMs: number;
  requestTimeoutMs: number;
}

/** Waits, bounded, until `members` agree on a leader other than `notId`; resolves with its ID. */
export function waitForNewLeader(
  client: EtcdClient,
  members: MemberSpec[],
  notId: string,
  wait: LeaderWait,
): Promise<string> {
  return pollUntil(
    async () => {
      const leader = agreedLeader(await collectStatus(client, members, wait.requestTimeoutMs));
      return leader !== undefined && leader !== notId ? leader : undefined;
    },
    {
      what: `${members.map((member) => member.name).join(', ')} to agree on a leader other than ${notId}`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock,
    },
  );
}

/** Waits, bounded, until every member answers and all name one leader; resolves with their status. */
export function waitForAgreedLeader(spec: ClusterSpec, client: EtcdClient, wait: LeaderWait) {
  return pollUntil(async () => (await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs)) ?? undefined, {
    what: 'every member to answer and name one leader',
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    clock: wait.clock,
  });
}

/** The highest raft term among the answers. */
export function highestTerm(rows: Array<{ status?: { raftTerm: number } }>): number {
  return Math.max(0, ...rows.map((row) => row.status?.raftTerm ?? 0));
}
