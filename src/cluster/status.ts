import type { EtcdClient, EndpointStatus } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import type { Clock } from '../util/clock.js';
import { pollUntil } from '../util/poll.js';
import type { ClusterSpec, MemberSpec } from './spec.js';

/** One member's answer to `endpoint status`, or why it gave none. */
export interface MemberStatus {
  member: MemberSpec;
  status?: EndpointStatus;
  error?: string;
}

/** Asks every given member for its status at once. */
export async function collectStatus(
  client: EtcdClient,
  members: MemberSpec[],
  timeoutMs: number,
): Promise<MemberStatus[]> {
  return Promise.all(
    members.map(async (member) => {
      try {
        return { member, status: await client.status(member.clientUrl, { timeoutMs }) };
      } catch (error) {
        return { member, error: errorMessage(error) };
      }
    }),
  );
}

/** The leader ID every member answered with, or undefined if one did not answer, knows none, or they disagree. */
export function agreedLeader(rows: Array<Pick<MemberStatus, 'status'>>): string | undefined {
  const leaders = new Set(rows.map((row) => row.status?.leader));
  const [leader] = leaders;
  return leaders.size === 1 && leader !== undefined ? leader : undefined;
}

/** The member whose status says it is the leader. */
export function leaderOf(rows: MemberStatus[], leaderId: string): MemberSpec | undefined {
  return rows.find((row) => row.status?.id === leaderId)?.member;
}

/** Status of all members once they agree on one leader (used between steps to know the cluster is whole). */
export async function statusWithAgreedLeader(spec: ClusterSpec, client: EtcdClient, timeoutMs: number) {
  const rows = await collectStatus(client, spec.members, timeoutMs);
  const leaderId = agreedLeader(rows);
  const leader = leaderId ? leaderOf(rows, leaderId) : undefined;
  return leaderId && leader ? { rows, leaderId, leader } : undefined;
}

/** Waits, bounded, until `member` has applied everything up to `raftIndex` (it has caught up). */
export function waitForApplied(
  client: EtcdClient,
  member: MemberSpec,
  raftIndex: number,
  deps: { clock: Clock; timeoutMs: number; intervalMs: number; requestTimeoutMs: number },
): Promise<true> {
  return pollUntil(
    async () =>
      (await client.status(member.clientUrl, { timeoutMs: deps.requestTimeoutMs })).raftAppliedIndex >= raftIndex
        ? true
        : undefined,
    {
      what: `${member.name} to apply up to raft index ${raftIndex}`,
      timeoutMs: deps.timeoutMs,
      intervalMs: deps.intervalMs,
      clock: deps.clock,
    },
  );
}
