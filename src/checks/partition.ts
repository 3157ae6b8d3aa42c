import { collectStatus, statusWithAgreedLeader, waitForApplied } from '../cluster/status.js';
import { memberSettings } from '../cluster/flags.js';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { waitForHealthyCluster } from '../cluster/up.js';
import { EtcdRequestError } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import { roundMs } from '../util/clock.js';
import { pollUntil } from '../util/poll.js';
import { CheckFailure, defineCheck, type CheckContext, type CheckOutcome } from './check.js';
import { failoverBoundMs } from './failover.js';
import { findLostKeys, writeKeys } from './keys.js';
import { highestTerm, waitForAgreedLeader, waitForNewLeader, type LeaderWait } from './leaders.js';

const KEYS_PER_STEP = 20;
const POLL_MS = 10;
const STATUS_TIMEOUT_MS = 250;
const REQUEST_TIMEOUT_MS = 5000;

/** Whether the members run with pre-vote, and the sentence that says where that comes from. */
export function preVoteOf(spec: ClusterSpec, etcdVersion: string | undefined): { on: boolean; why: string } {
  const values = spec.members.map((member) => memberSettings(spec, member).find(([name]) => name === 'pre-vote')?.[1]);
  const on = (value: string | boolean | undefined) => value === true || value === 'true' || value === '';
  if (values.every(on)) return { on: true, why: 'pre-vote is on' };
  if (values.some((value) => value !== undefined && !on(value)))
    return { on: false, why: 'pre-vote is off in the configuration' };
  const [major, minor] = (etcdVersion ?? '').split('.').map(Number);
  const defaultOn = major > 3 || (major === 3 && minor >= 5);
  return defaultOn
    ? { on: true, why: `pre-vote is not set, and etcd ${etcdVersion} runs with it by default` }
    : {
        on: false,
        why: `pre-vote is not set, and etcd ${etcdVersion || 'of this version'} runs without it by default (3.5 and later run with it)`,
      };
}

/** Waits until the member's own status no longer says it leads; resolves with the milliseconds since `since`. */
function waitForStepDown(ctx: CheckContext, member: MemberSpec, since: number, wait: LeaderWait): Promise<number> {
  return pollUntil(
    async () =>
      (await ctx.client.status(member.clientUrl, { timeoutMs: wait.requestTimeoutMs })).isLeader
        ? undefined
        : ctx.clock.now() - since,
    { what: `${member.name} to step down`, timeoutMs: wait.timeoutMs, intervalMs: wait.intervalMs, clock: wait.clock },
  );
}

/**
 * Waits until every member names one leader that is not `member` (it rejoined as a follower), then
 * until `member` has applied everything that leader had; resolves with the status all agreed on.
 */
async function waitForRejoin(ctx: CheckContext, member: MemberSpec, wait: LeaderWait) {
  const { client, spec } = ctx;
  const agreed = await pollUntil(
    async () => {
      const found = await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs);
      if (found?.leader === member)
        throw new CheckFailure(`${member.name} leads again after the heal instead of following`);
      return found ?? undefined;
    },
    {
      what: `${member.name} to follow the leader again`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock,
      isFatal: (error) => error instanceof CheckFailure,
    },
  );
  const leaderIndex = (await client.status(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS })).raftIndex;
  await waitForApplied(client, member, leaderIndex, {
    clock: wait.clock,
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    requestTimeoutMs: wait.requestTimeoutMs,
  });
  return agreed;
}

/**
 * `partition`: cuts the leader off from its peers while clients still reach it. The majority must
 * elect a new leader, the old one step down and refuse a write at once (not hang), and after the heal
 * rejoin as a follower (with pre-vote: without raising the term). Then cuts off one follower: the
 * leader must stay, and the follower catch up after the heal. Every acknowledged key must be intact
 * on every member, and the refused write must not appear.
 */
export const partitionCheck = defineCheck({
  name: 'partition',
  proves:
    'a leader cut off from its peers steps down and refuses writes while the majority elects a new one; healed, it rejoins as a follower; a cut-off follower leaves the leader in place and catches up; no acknowledged key is lost',
  byDefault: false,
  minMembers: { count: 3, why: 'a partition needs a majority and a minority' },
  stopsMembers: true,
  needs: ['isolate'],
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}partition/`;
    const figures: Record<string, number> = {};
    const notes: string[] = [];
    const fail = (message: string) => new CheckFailure(message, figures, notes);
    const wait: LeaderWait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS,
    };
    // A wait that ran out (or found the old leader leading again) fails the check with what was measured so far.
    const failWith = (error: unknown): never => {
      throw fail(errorMessage(error));
    };

    try {
      const before = await waitForAgreedLeader(spec, client, wait).catch((error: unknown) =>
        failWith(`before the partition: ${errorMessage(error)}`),
      );
      const oldLeader = before.leader;
      const preVote = preVoteOf(spec, before.rows.find((row) => row.status)?.status?.version);
      figures.termBefore = highestTerm(before.rows);
      const { acknowledged, firstError } = await writeKeys(
        client,
        oldLeader.clientUrl,
        `${prefix}before/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS,
      );
      if (firstError) throw fail(`a write before the partition was refused: ${firstError}`);

      // 1. The leader alone on one side; clients still reach it.
      const majority = spec.members.filter((member) => member !== oldLeader);
      logger.info(`cutting the leader ${oldLeader.name} off from ${majority.map((member) => member.name).join(', ')}`);
      const cutAt = clock.now();
      await target.isolate([oldLeader], majority);
      const [newLeader, stepDown] = await Promise.all([
        waitForNewLeader(client, majority, before.leaderId, wait).then(
          (id) => ({ id, ms: clock.now() - cutAt }),
          (error: Error) => error,
        ),
        waitForStepDown(ctx, oldLeader, cutAt, wait).catch((error: Error) => error),
      ]);
      if (newLeader instanceof Error && stepDown instanceof Error) {
        throw fail(
          `${oldLeader.name} still leads ${wait.timeoutMs} ms after it was cut off from its peers, and they elected no new leader: the links were not cut`,
        );
      }
      if (newLeader instanceof Error)
        throw fail(`the majority elected no new leader after the leader was cut off: ${newLeader.message}`);
      if (stepDown instanceof Error)
        throw fail(
          `${oldLeader.name} still says it leads ${wait.timeoutMs} ms after it was cut off, while the majority elected a new leader`,
        );
      figures.newLeaderMs = roundMs(newLeader.ms);
      figures.stepDownMs = roundMs(stepDown);
      const leader = before.rows.find((row) => row.status?.id === newLeader.id)?.member;
      if (!leader) throw fail(`the new leader ${newLeader.id} is not a member of this cluster`);
      const elected = await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS });
      figures.termElected = elected.raftTerm;
      notes.push(
        `${leader.name} led the majority ${figures.newLeaderMs} ms after the cut (term ${figures.termElected}); ${oldLeader.name} stepped down after ${figures.stepDownMs} ms`,
      );

      // The old leader, reached by a client, must refuse at once rather than hold the write.
      const refusedKey = `${prefix}refused-write`;
      const writeStarted = clock.now();
      const refused = await client
        .put(oldLeader.clientUrl, refusedKey, 'must-not-appear', { timeoutMs: wait.timeoutMs, requireLeader: true })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      figures.writeRefusedMs = roundMs(clock.now() - writeStarted);
      if (refused === undefined) throw fail(`${oldLeader.name} acknowledged a write while cut off from the majority`);
      if (refused instanceof EtcdRequestError && refused.timedOut)
        throw fail(`a write on the cut-off ${oldLeader.name} hung: no answer within ${wait.timeoutMs} ms`);
      notes.push(`${oldLeader.name} refused a write after ${figures.writeRefusedMs} ms: ${errorMessage(refused)}`);
      const during = await writeKeys(client, leader.clientUrl, `${prefix}majority/`, KEYS_PER_STEP, REQUEST_TIMEOUT_MS);
      if (during.firstError) throw fail(`the majority refused a write during the partition: ${during.firstError}`);
      for (const [key, value] of during.acknowledged) acknowledged.set(key, value);
      // The term the majority settled on, read again now that it has served writes: a status read at the
      // moment of the election may still carry the term before it.
      const majorityTerms = await Promise.all(
        majority.map((member) =>
          client.status(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS }).then(
            (status) => status.raftTerm,
            () => 0,
          ),
        ),
      );
      figures.termElected = Math.max(figures.termElected, ...majorityTerms);

      const healedAt = clock.now();
      await target.heal();
      const afterHeal = await waitForRejoin(ctx, oldLeader, wait).catch(failWith);
      figures.healMs = roundMs(clock.now() - healedAt);
      figures.termAfterHeal = highestTerm(afterHeal.rows);
      const raisedByHeal = figures.termAfterHeal > figures.termElected || afterHeal.leaderId !== newLeader.id;
      const healStory =
        `${oldLeader.name} rejoined as a follower ${figures.healMs} ms after the heal; ` +
        (raisedByHeal
          ? `its return forced an election: term ${figures.termElected} -> ${figures.termAfterHeal}, leader ${afterHeal.leader.name}`
          : `the term stayed ${figures.termElected}`);
      notes.push(`${healStory} (${preVote.why})`);
      if (raisedByHeal && preVote.on) throw fail(`${healStory}, although ${preVote.why}`);

      // 2. One follower alone: the leader stays and the follower catches up after the heal.
      const leaderNow = afterHeal.leader;
      const follower =
        spec.members.find((member) => member !== leaderNow && member !== oldLeader) ??
        spec.members.find((member) => member !== leaderNow);
      if (!follower) throw fail('no follower to cut off');
      const rest = spec.members.filter((member) => member !== follower);
      const termBeforeFollower = figures.termAfterHeal;
      logger.info(`cutting the follower ${follower.name} off from ${rest.map((member) => member.name).join(', ')}`);
      const followerCutAt = clock.now();
      await target.isolate([follower], rest);
      const whileCut = await writeKeys(
        client,
        leaderNow.clientUrl,
        `${prefix}follower-cut/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS,
      );
      if (whileCut.firstError)
        throw fail(`the leader refused a write while a follower was cut off: ${whileCut.firstError}`);
      for (const [key, value] of whileCut.acknowledged) acknowledged.set(key, value);
      // The follower's election timeout passes (it loses its leader); the leader must not change meanwhile.
      const holdUntil = followerCutAt + 3 * spec.timing.electionMs;
      let followerLostLeader = false;
      while (clock.now() < holdUntil) {
        const rows = await collectStatus(client, spec.members, STATUS_TIMEOUT_MS);
        const changed = rows.find(
          (row) => row.member !== follower && row.status && row.status.leader !== afterHeal.leaderId,
        );
        if (changed)
          throw fail(
            `${changed.member.name} named ${changed.status?.leader ?? 'no leader'} instead of ${leaderNow.name} while only the follower ${follower.name} was cut off`,
          );
        if (rows.find((row) => row.member === follower)?.status?.leader === undefined) followerLostLeader = true;
        await clock.sleep(POLL_MS);
      }
      notes.push(
        `${leaderNow.name} stayed leader while ${follower.name} was cut off for ${Math.round(clock.now() - followerCutAt)} ms` +
          (followerLostLeader ? `; ${follower.name} lost its leader meanwhile` : ''),
      );
      const followerHealedAt = clock.now();
      await target.heal();
      const after = await waitForRejoin(ctx, follower, wait).catch(failWith);
      figures.catchUpMs = roundMs(clock.now() - followerHealedAt);
      figures.termAfter = highestTerm(after.rows);
      if (after.leaderId !== afterHeal.leaderId || figures.termAfter > termBeforeFollower) {
        const story = `the follower's return changed the leader or the term: ${leaderNow.name} at term ${termBeforeFollower} -> ${after.leader.name} at term ${figures.termAfter}`;
        if (preVote.on) throw fail(`${story}, although ${preVote.why}`);
        notes.push(`${story} (${preVote.why})`);
      }

      figures.keysAcknowledged = acknowledged.size;
      const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      figures.keysLost = lost.length;
      if (lost.length > 0)
        throw fail(
          `${lost.length} acknowledged keys are missing after the partitions, e.g. ${lost.slice(0, 3).join(', ')}`,
        );
      for (const member of [oldLeader, follower]) {
        const missing = await findLostKeys(client, member.clientUrl, prefix, acknowledged, {
          timeoutMs: REQUEST_TIMEOUT_MS,
          serializable: true,
        });
        if (missing.length > 0)
          throw fail(
            `${member.name} rejoined but lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(', ')}`,
          );
      }
      const ghost = await client.range(after.leader.clientUrl, refusedKey, { timeoutMs: REQUEST_TIMEOUT_MS });
      if (ghost.length > 0)
        throw fail(`the write ${oldLeader.name} refused while cut off appeared after the heal (${refusedKey})`);
      await waitForHealthyCluster(spec, target, client, { clock });

      return {
        status: 'pass',
        summary:
          `cut off leader ${oldLeader.name}: ${leader.name} led after ${figures.newLeaderMs} ms, ${oldLeader.name} stepped down after ${figures.stepDownMs} ms ` +
          `and refused a write in ${figures.writeRefusedMs} ms, rejoined as a follower ${figures.healMs} ms after the heal; cut off follower ${follower.name}: ` +
          `the leader stayed, it caught up ${figures.catchUpMs} ms after the heal; term ${figures.termBefore} -> ${figures.termAfter}; ` +
          `all ${acknowledged.size} acknowledged keys intact`,
        figures,
        notes,
      };
    } finally {
      await target
        .heal()
        .catch((error) => logger.warning(`healing the links after the partition check: ${errorMessage(error)}`));
    }
  },
});
