import { setMaxListeners } from 'node:events';
import type { MemberSpec } from '../cluster/spec.js';
import { leaderOf, statusWithAgreedLeader, waitForApplied } from '../cluster/status.js';
import { waitForHealthyCluster } from '../cluster/up.js';
import type { EtcdClient } from '../etcd/client.js';
import { electionsInLog } from '../etcd/log.js';
import { roundMs, type Clock } from '../util/clock.js';
import { pollUntil } from '../util/poll.js';
import { CheckFailure, defineCheck, type CheckContext, type CheckOutcome } from './check.js';
import { findLostKeys, writeKeys } from './keys.js';
import { highestTerm, waitForNewLeader } from './leaders.js';

const KEYS_BEFORE_KILL = 50;
const PROBE_INTERVAL_MS = 10;
const STATUS_TIMEOUT_MS = 250;
const WRITE_ATTEMPT_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 5000;

/** How long failover may take before the check gives up: generous next to the election timeout. */
export const failoverBoundMs = (electionMs: number) => Math.max(5000, 20 * electionMs);

/**
 * Starts a write every PROBE_INTERVAL_MS, each to the next survivor and each bounded, until one is
 * acknowledged. Overlapping attempts keep the measurement fine-grained even when one attempt waits on
 * a leader that is gone. Then cancels the attempts still waiting (none of them was acknowledged, so
 * none is counted) and waits for every attempt to settle, so no request outlives the check.
 */
async function firstAcknowledgedWrite(
  client: EtcdClient,
  survivors: MemberSpec[],
  prefix: string,
  acknowledged: Map<string, string>,
  deps: { clock: Clock; since: number; boundMs: number },
): Promise<number | undefined> {
  const { clock, since, boundMs } = deps;
  const attempts: Array<Promise<void>> = [];
  const pending = new AbortController();
  // Every write in flight listens for the abort: more than Node's default of 10 at once is expected.
  setMaxListeners(0, pending.signal);
  let firstAckMs: number | undefined;
  for (let i = 0; i < boundMs / PROBE_INTERVAL_MS && firstAckMs === undefined && clock.now() - since < boundMs; i++) {
    const key = `${prefix}${String(i).padStart(5, '0')}`;
    attempts.push(
      client
        .put(survivors[i % survivors.length].clientUrl, key, `gap-${i}`, {
          timeoutMs: WRITE_ATTEMPT_TIMEOUT_MS,
          requireLeader: true,
          signal: pending.signal,
        })
        .then(
          () => {
            acknowledged.set(key, `gap-${i}`);
            firstAckMs ??= clock.now() - since;
          },
          () => undefined,
        ),
    );
    await clock.sleep(PROBE_INTERVAL_MS);
  }
  pending.abort();
  await Promise.allSettled(attempts);
  return firstAckMs;
}

/**
 * `failover`: writes keys, SIGKILLs the leader, measures how long until the survivors agree on a new
 * leader and until a write is acknowledged again, restarts the old leader and sees it rejoin as a
 * follower and catch up; every acknowledged key must still be there.
 */
export const failoverCheck = defineCheck({
  name: 'failover',
  proves:
    'after the leader is killed the survivors elect a new one and take writes again; the old leader rejoins as a follower; no acknowledged key is lost',
  byDefault: true,
  minMembers: { count: 2, why: 'a single member cannot fail over' },
  stopsMembers: true,
  needs: [],
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}failover/`;
    const figures: Record<string, number> = {};
    const notes: string[] = [];
    const fail = (message: string) => new CheckFailure(message, figures, notes);
    const boundMs = failoverBoundMs(spec.timing.electionMs);

    const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS);
    if (!before) throw fail('the members did not agree on one leader before the leader was killed');
    const oldLeader = before.leader;
    const oldLeaderId = before.leaderId;
    figures.termBefore = highestTerm(before.rows);

    const { acknowledged, firstError } = await writeKeys(
      client,
      oldLeader.clientUrl,
      `${prefix}before/`,
      KEYS_BEFORE_KILL,
      REQUEST_TIMEOUT_MS,
    );
    if (firstError) throw fail(`a write before the failover was refused: ${firstError}`);

    const survivors = spec.members.filter((member) => member !== oldLeader);
    logger.info(`killing the leader ${oldLeader.name} (${oldLeaderId}) with SIGKILL`);
    const killedAt = clock.now();
    const killedAtWall = clock.wallNow();
    await target.kill(oldLeader);

    const newLeaderWait = waitForNewLeader(client, survivors, oldLeaderId, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS,
    }).then((leader) => ({ leader, ms: clock.now() - killedAt }));
    const [newLeader, writeGapMs] = await Promise.all([
      newLeaderWait.catch((error: Error) => error),
      firstAcknowledgedWrite(client, survivors, `${prefix}gap/`, acknowledged, { clock, since: killedAt, boundMs }),
    ]);
    if (newLeader instanceof Error) throw fail(newLeader.message);
    figures.newLeaderMs = roundMs(newLeader.ms);
    if (writeGapMs === undefined) throw fail(`no write was acknowledged within ${boundMs} ms of killing the leader`);
    figures.writeGapMs = roundMs(writeGapMs);
    const newLeaderMember = leaderOf(before.rows, newLeader.leader);
    notes.push(
      `${newLeaderMember?.name ?? newLeader.leader} became leader ${figures.newLeaderMs} ms after the kill; writes resumed after ${figures.writeGapMs} ms`,
    );

    // etcd's own account: the first "elected leader" line a survivor logged after the kill.
    const logs = await Promise.all(survivors.map((member) => target.logs(member)));
    const elections = logs
      .flatMap(electionsInLog)
      .filter((entry) => entry.leader === newLeader.leader && entry.timeMs >= killedAtWall - 5);
    if (elections.length > 0) {
      figures.etcdElectedMs = roundMs(Math.min(...elections.map((entry) => entry.timeMs)) - killedAtWall);
      figures.termAfter = Math.max(...elections.map((entry) => entry.term));
    } else {
      notes.push('no "elected leader" line was found in the survivors\' logs after the kill');
    }

    const restartedAt = clock.now();
    await target.start(oldLeader);
    const rejoined = await pollUntil(
      async () => {
        const status = await client.status(oldLeader.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
        return status.leader === newLeader.leader ? status : undefined;
      },
      {
        what: `${oldLeader.name} to rejoin and follow the new leader`,
        timeoutMs: boundMs,
        intervalMs: PROBE_INTERVAL_MS,
        clock,
      },
    ).catch((error: Error) => {
      throw fail(error.message);
    });
    figures.rejoinMs = roundMs(clock.now() - restartedAt);
    if (rejoined.isLeader) throw fail(`${oldLeader.name} came back as leader, not as a follower`);

    const leaderEndpoint = newLeaderMember?.clientUrl ?? survivors[0].clientUrl;
    const leaderIndex = (await client.status(leaderEndpoint, { timeoutMs: REQUEST_TIMEOUT_MS })).raftIndex;
    await waitForApplied(client, oldLeader, leaderIndex, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS,
    }).catch((error: Error) => {
      throw fail(error.message);
    });
    figures.catchUpMs = roundMs(clock.now() - restartedAt);

    figures.keysAcknowledged = acknowledged.size;
    const lost = await findLostKeys(client, leaderEndpoint, prefix, acknowledged, { timeoutMs: REQUEST_TIMEOUT_MS });
    const lostOnRejoined = await findLostKeys(client, oldLeader.clientUrl, prefix, acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS,
      serializable: true,
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw fail(
        `${lost.length} acknowledged keys are missing after the failover, e.g. ${lost.slice(0, 3).join(', ')}`,
      );
    if (lostOnRejoined.length > 0) {
      throw fail(
        `${oldLeader.name} rejoined but lacks ${lostOnRejoined.length} acknowledged keys, e.g. ${lostOnRejoined.slice(0, 3).join(', ')}`,
      );
    }
    await waitForHealthyCluster(spec, target, client, { clock });
    return {
      status: 'pass',
      summary:
        `killed leader ${oldLeader.name}; ${newLeaderMember?.name ?? newLeader.leader} led after ${figures.newLeaderMs} ms, writes resumed after ` +
        `${figures.writeGapMs} ms; ${oldLeader.name} rejoined as a follower in ${figures.rejoinMs} ms; all ${acknowledged.size} acknowledged keys intact`,
      figures,
      notes,
    };
  },
});
