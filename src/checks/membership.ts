import { statusWithAgreedLeader, waitForApplied } from '../cluster/status.js';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { waitForHealthyCluster } from '../cluster/up.js';
import type { ClusterMember } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import { FaultUnsupportedError } from '../targets/target.js';
import { roundMs } from '../util/clock.js';
import { pollUntil } from '../util/poll.js';
import { CheckFailure, defineCheck, type CheckContext, type CheckOutcome } from './check.js';
import { failoverBoundMs } from './failover.js';
import { findLostKeys, writeKeys } from './keys.js';
import { waitForAgreedLeader, waitForNewLeader, type LeaderWait } from './leaders.js';
import { discardSpareMembers, placeSpareMembers, spareNames, whyNoSpareMembers } from './spare-members.js';

const MEMBERS_ADDED = 2;
const KEYS_PER_SIZE = 10;
const POLL_MS = 20;
const STATUS_TIMEOUT_MS = 500;
const REQUEST_TIMEOUT_MS = 5000;
/**
 * etcd (with its default strict reconfiguration check) refuses to add a member until the member
 * asked has been connected to every voting peer for 5 s, and to remove one while fewer than a quorum
 * has been ("unhealthy cluster"): a cluster just started, or a member promoted moments ago, makes it
 * wait. Such a change is retried, every RECONFIGURE_RETRY_MS, within this bound.
 */
const RECONFIGURE_BOUND_MS = 20_000;
const RECONFIGURE_RETRY_MS = 250;
const NOT_IN_SYNC = /can only promote a learner member which is in sync with leader/i;
/** What a learner answers a write with (also a member whose promotion it has not applied yet). */
const STILL_LEARNER = /rpc not supported for learner/i;
const NOT_READY = /unhealthy cluster|not enough started members/i;

/** `--initial-cluster` for a member that joins: every member etcd listed after the add, the new one (which has no name yet) under its own. */
export function joiningCluster(listed: ClusterMember[], newId: string, newName: string): string {
  return listed
    .flatMap((member) => member.peerUrls.map((url) => `${member.id === newId ? newName : member.name}=${url}`))
    .join(',');
}

/** What the drill measured per step, reported as the slowest of each kind (every step is in the notes). */
type Step = 'add' | 'addWait' | 'catchUp' | 'promote' | 'remove' | 'removeWait';

/**
 * `membership`: grows the cluster by two and shrinks it back, as the guides scale 3 -> 5 -> 3. Each
 * new member is added as a learner (a promotion at once is refused by etcd: it has not caught up),
 * started with `initial-cluster-state existing`, promoted once it has caught up; then the leader (made
 * one of the added members first) and the other added member are removed. At every size each member
 * takes a write, and every acknowledged key must be there at the end, on the members the cluster
 * started with, which are its members again.
 */
export const membershipCheck = defineCheck({
  name: 'membership',
  proves:
    'learners added with fresh certificates catch up and are promoted (etcd refuses one that has not caught up); removing the leader and another member leaves the original members leading and taking writes; at every size no acknowledged key is lost',
  byDefault: false,
  minMembers: {
    count: 3,
    why: 'the drill scales a cluster that survives the loss of a member by two and back, as the guides scale 3 -> 5 -> 3',
  },
  stopsMembers: true,
  needs: ['add'],
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: 'skipped', summary: noSpare, figures: {}, notes: [] };
    const drill = new MembershipDrill(ctx);
    let outcome: CheckOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await drill.run();
    } catch (error) {
      failure = error;
    }
    const problems = await drill.cleanUp();
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== undefined) {
      // Whatever failed, the report keeps what was measured before it, and what the cleanup could not do.
      const failed = failure instanceof CheckFailure ? failure : drill.fail(errorMessage(failure));
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the added members could not be taken out again: ${problems.join('; ')}`,
        outcome?.figures,
        outcome?.notes,
      );
    return outcome as CheckOutcome;
  },
});

/** One run of the drill, with what it added, so a failure midway can take it out again. */
class MembershipDrill {
  private readonly figures: Record<string, number> = {};
  private readonly notes: string[] = [];
  private readonly steps: Record<Step, number[]> = {
    add: [],
    addWait: [],
    catchUp: [],
    promote: [],
    remove: [],
    removeWait: [],
  };
  private readonly acknowledged = new Map<string, string>();
  private readonly prefix: string;
  private readonly wait: LeaderWait;
  /** The voting members now. */
  private current: MemberSpec[];
  /** Members added to the cluster (with the ID etcd gave them) or placed for it, until each is out again. */
  private readonly added: Array<{ member: MemberSpec; id?: string; removed: boolean }> = [];

  constructor(private readonly ctx: CheckContext) {
    this.prefix = `${ctx.keyPrefix}membership/`;
    this.wait = {
      clock: ctx.clock,
      timeoutMs: failoverBoundMs(ctx.spec.timing.electionMs),
      intervalMs: POLL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS,
    };
    this.current = [...ctx.spec.members];
  }

  /** A failure that carries what the drill measured so far. */
  fail(message: string): CheckFailure {
    this.summarizeSteps();
    return new CheckFailure(message, this.figures, this.notes);
  }

  /** Each kind of step's figure: the slowest of its steps so far. */
  private summarizeSteps(): void {
    for (const step of Object.keys(this.steps) as Step[]) {
      if (this.steps[step].length > 0) this.figures[`${step}Ms`] = roundMs(Math.max(...this.steps[step]));
    }
  }

  /** The cluster as it is now: the spec's settings with the current members. */
  private currentSpec(): ClusterSpec {
    return { ...this.ctx.spec, members: this.current };
  }

  private isOriginal(member: MemberSpec): boolean {
    return this.ctx.spec.members.some((candidate) => candidate.name === member.name);
  }

  /** Times `work`, recording its milliseconds as one step of `step`. */
  private async timed<T>(step: Step, work: () => Promise<T>): Promise<T> {
    const started = this.ctx.clock.now();
    const value = await work();
    this.steps[step].push(this.ctx.clock.now() - started);
    return value;
  }

  /**
   * Shows the cluster at its current size: etcd lists exactly the current members as voting members,
   * they agree on a leader, and each of them takes a write (ten through the leader, one through each).
   */
  private async servesWrites(): Promise<MemberSpec> {
    const { client } = this.ctx;
    const size = this.current.length;
    const agreed = await waitForAgreedLeader(this.currentSpec(), client, this.wait).catch((error: Error) => {
      throw this.fail(`at ${size} members: ${error.message}`);
    });
    const listed = await client.memberList(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS });
    const voting = listed.filter((member) => !member.isLearner).map((member) => member.name);
    const expected = this.current.map((member) => member.name);
    if (voting.length !== expected.length || !expected.every((name) => voting.includes(name))) {
      throw this.fail(
        `etcd lists the voting members ${voting.join(', ') || '(none)'}, where ${expected.join(', ')} were expected`,
      );
    }
    const { acknowledged, firstError } = await writeKeys(
      client,
      agreed.leader.clientUrl,
      `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/`,
      KEYS_PER_SIZE,
      REQUEST_TIMEOUT_MS,
    );
    if (firstError)
      throw this.fail(
        `at ${size} members, a write through the leader ${agreed.leader.name} was refused: ${firstError}`,
      );
    for (const [key, value] of acknowledged) this.acknowledged.set(key, value);
    for (const member of this.current) {
      const key = `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/via-${member.name}`;
      try {
        // A member promoted moments ago may not have applied its promotion yet, and refuses as a learner until it has.
        await pollUntil(
          async () => {
            await client.put(member.clientUrl, key, member.name, { timeoutMs: REQUEST_TIMEOUT_MS });
            return true;
          },
          {
            what: `${member.name} to take a write as a voting member`,
            timeoutMs: this.wait.timeoutMs,
            intervalMs: POLL_MS,
            clock: this.ctx.clock,
            isFatal: (error) => !STILL_LEARNER.test(errorMessage(error)),
          },
        );
      } catch (error) {
        throw this.fail(`at ${size} members, ${member.name} refused a write: ${errorMessage(error)}`);
      }
      this.acknowledged.set(key, member.name);
    }
    this.figures.maxSize = Math.max(this.figures.maxSize ?? 0, size);
    return agreed.leader;
  }

  async run(): Promise<CheckOutcome> {
    const { ctx, figures, notes } = this;
    const { spec, client, clock, logger, target } = ctx;
    const startSize = spec.members.length;
    await this.servesWrites();

    const members = await placeSpareMembers(ctx, spareNames(spec, 'etcd', MEMBERS_ADDED));
    for (const member of members) this.added.push({ member, removed: false });
    for (const entry of this.added) await this.grow(entry);

    // Two out again: the leader, made one of the added members first, and the other added member.
    let leader = (await this.leaderNow()).leader;
    const [first, last] = this.added;
    if (!this.added.some((entry) => entry.member.name === leader.name)) {
      const movedAt = clock.now();
      logger.info(
        `moving the leadership from ${leader.name} to ${last.member.name}, so that removing the leader leaves the original members`,
      );
      await client
        .moveLeader(leader.clientUrl, last.id as string, { timeoutMs: this.wait.timeoutMs })
        .catch((error: unknown) => {
          throw this.fail(`moving the leadership to ${last.member.name} failed: ${errorMessage(error)}`);
        });
      const current = this.currentSpec();
      await pollUntil(
        async () =>
          (await statusWithAgreedLeader(current, client, STATUS_TIMEOUT_MS))?.leaderId === last.id ? true : undefined,
        {
          what: `every member to name ${last.member.name} the leader`,
          timeoutMs: this.wait.timeoutMs,
          intervalMs: POLL_MS,
          clock,
        },
      ).catch((error: Error) => {
        throw this.fail(error.message);
      });
      figures.moveLeaderMs = roundMs(clock.now() - movedAt);
      leader = last.member;
    }
    const leaderEntry = leader.name === first.member.name ? first : last;
    const otherEntry = leaderEntry === first ? last : first;
    await this.shrink(leaderEntry, true);
    await this.shrink(otherEntry, false);

    const final = await this.servesWrites();
    const listed = await client.memberList(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS });
    figures.finalSize = listed.length;
    const names = listed.map((member) => member.name).sort();
    const original = spec.members.map((member) => member.name).sort();
    if (names.join(',') !== original.join(','))
      throw this.fail(`the cluster ended with the members ${names.join(', ')}, not ${original.join(', ')}`);

    await waitForHealthyCluster(spec, target, client, { clock });
    figures.keysAcknowledged = this.acknowledged.size;
    const lost = await findLostKeys(client, final.clientUrl, this.prefix, this.acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw this.fail(
        `${lost.length} acknowledged keys are missing after the membership changes, e.g. ${lost.slice(0, 3).join(', ')}`,
      );
    // Each member the cluster started with holds them too, once it applied what the leader has.
    const leaderIndex = (await client.status(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS })).raftIndex;
    for (const member of spec.members) {
      await waitForApplied(client, member, leaderIndex, {
        clock,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS,
        requestTimeoutMs: STATUS_TIMEOUT_MS,
      });
      const missing = await findLostKeys(client, member.clientUrl, this.prefix, this.acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS,
        serializable: true,
      });
      if (missing.length > 0)
        throw this.fail(
          `${member.name} lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(', ')}`,
        );
    }
    this.summarizeSteps();
    const sizes = [startSize, startSize + 1, startSize + 2, startSize + 1, startSize].join(' -> ');
    return {
      status: 'pass',
      summary:
        `scaled ${sizes}: each learner caught up in at most ${figures.catchUpMs} ms and was promoted in at most ${figures.promoteMs} ms (an early promotion refused); ` +
        `removed the leader ${leaderEntry.member.name} and ${otherEntry.member.name}; writes served at every size; all ${this.acknowledged.size} acknowledged keys intact`,
      figures,
      notes,
    };
  }

  /** Adds one member as a learner, shows an early promotion refused, starts it, waits until it caught up, promotes it. */
  private async grow(entry: { member: MemberSpec; id?: string }): Promise<void> {
    const { spec, client, clock, target, logger } = this.ctx;
    const { member } = entry;
    const leader = (await this.leaderNow()).leader;
    const adding = await this.whenReady(`etcd to add ${member.name}`, () =>
      client.memberAdd(leader.clientUrl, [member.peerUrl], { timeoutMs: REQUEST_TIMEOUT_MS, isLearner: true }),
    ).catch((error: unknown) => {
      throw this.fail(`adding ${member.name} as a learner failed: ${errorMessage(error)}`);
    });
    this.steps.add.push(adding.requestMs);
    this.steps.addWait.push(adding.waitedMs);
    const { member: joined, members: listed } = adding.answer;
    entry.id = joined.id;
    logger.info(`added ${member.name} (${joined.id}) as a learner at ${member.peerUrl}`);

    // A learner that has not even started cannot have caught up: etcd must refuse to promote it.
    const early = await client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS }).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (early === undefined)
      throw this.fail(
        `etcd promoted ${member.name} right after it was added, before it started or caught up with the leader`,
      );
    if (!NOT_IN_SYNC.test(errorMessage(early)))
      throw this.fail(
        `promoting ${member.name} before it caught up failed, but not because it was behind: ${errorMessage(early)}`,
      );
    this.notes.push(`promoting ${member.name} before it started was refused: ${errorMessage(early)}`);

    entry.member = {
      ...member,
      bootstrap: {
        initialCluster: joiningCluster(listed, joined.id, member.name),
        token: spec.token,
        state: 'existing',
      },
    };
    const startedAt = clock.now();
    await target.start(entry.member);
    const leaderIndex = (await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS })).raftIndex;
    await waitForApplied(client, entry.member, leaderIndex, {
      clock,
      timeoutMs: spec.timing.startupTimeoutMs,
      intervalMs: POLL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS,
    }).catch(async (error: Error) => {
      const log = await target.logs(entry.member, 5).catch(() => '');
      throw this.fail(
        `${member.name} did not catch up as a learner: ${error.message}${log ? `; the end of its log: ${log.trim().split('\n').join(' | ')}` : ''}`,
      );
    });
    this.steps.catchUp.push(clock.now() - startedAt);

    // etcd may still count a learner as behind for a moment after it applied the leader's index.
    await this.timed('promote', () =>
      pollUntil(() => client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS }), {
        what: `etcd to promote ${member.name}`,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS,
        clock,
        isFatal: (error) => !NOT_IN_SYNC.test(errorMessage(error)),
      }),
    ).catch((error: unknown) => {
      throw this.fail(`promoting ${member.name} after it caught up failed: ${errorMessage(error)}`);
    });
    this.current = [...this.current, entry.member];
    const [add, addWait, catchUp, promote] = [
      this.steps.add.at(-1),
      this.steps.addWait.at(-1),
      this.steps.catchUp.at(-1),
      this.steps.promote.at(-1),
    ].map((ms) => roundMs(ms ?? 0));
    this.notes.push(
      `${member.name}: added as a learner in ${add} ms` +
        (adding.refusal ? ` (etcd called the cluster not ready for it for ${addWait} ms: ${adding.refusal})` : '') +
        `, caught up ${catchUp} ms after it started, promoted in ${promote} ms; ${this.current.length} voting members`,
    );
    await this.servesWrites();
  }

  /** Removes one added member through an original one (retrying while etcd says it is too early), then ends it. */
  private async shrink(entry: { member: MemberSpec; id?: string; removed: boolean }, isLeader: boolean): Promise<void> {
    const { client, clock, target } = this.ctx;
    const stays = this.current.filter((member) => member.name !== entry.member.name);
    const via = stays.find((member) => this.isOriginal(member)) as MemberSpec;
    const removal = await this.remove(entry, via);
    this.steps.remove.push(removal.requestMs);
    this.steps.removeWait.push(removal.waitedMs);
    const removedAt = clock.now();
    this.current = stays;
    if (isLeader) {
      await waitForNewLeader(client, stays, entry.id as string, this.wait).catch((error: Error) => {
        throw this.fail(`after the leader ${entry.member.name} was removed: ${error.message}`);
      });
      this.figures.newLeaderMs = roundMs(clock.now() - removedAt);
    }
    await target.discard(entry.member);
    this.notes.push(
      `removed ${isLeader ? 'the leader ' : ''}${entry.member.name} in ${roundMs(removal.requestMs)} ms` +
        (removal.refusal
          ? ` (etcd called the cluster not ready for it for ${roundMs(removal.waitedMs)} ms: ${removal.refusal})`
          : '') +
        (isLeader ? `; the others agreed on a new leader ${this.figures.newLeaderMs} ms later` : '') +
        `; ${stays.length} voting members`,
    );
    await this.servesWrites();
  }

  /**
   * MemberRemove, retried while etcd refuses it as too early; the time of the accepted request and of
   * the wait before it. etcd judges "too early" on the member asked, by how long its own peer
   * connections have been up, so each retry asks the next original member (`via` first).
   */
  private async remove(entry: { member: MemberSpec; id?: string; removed: boolean }, via: MemberSpec) {
    const askers = [
      via,
      ...this.current.filter(
        (member) => member !== via && member.name !== entry.member.name && this.isOriginal(member),
      ),
    ];
    let turn = 0;
    const removal = await this.whenReady(`etcd to remove ${entry.member.name}`, () =>
      this.ctx.client.memberRemove(askers[turn++ % askers.length].clientUrl, entry.id as string, {
        timeoutMs: this.wait.timeoutMs,
      }),
    ).catch((error: unknown) => {
      throw this.fail(`removing ${entry.member.name} failed: ${errorMessage(error)}`);
    });
    entry.removed = true;
    return removal;
  }

  /**
   * Sends a membership change, again while etcd refuses it as too early (see RECONFIGURE_BOUND_MS);
   * resolves with its answer, the time of the accepted request, the wait before it and etcd's refusal.
   */
  private async whenReady<T>(
    what: string,
    send: () => Promise<T>,
  ): Promise<{ answer: T; requestMs: number; waitedMs: number; refusal?: string }> {
    const { clock } = this.ctx;
    const began = clock.now();
    let refusal: string | undefined;
    const accepted = await pollUntil(
      async () => {
        const sent = clock.now();
        try {
          return { answer: await send(), requestMs: clock.now() - sent };
        } catch (error) {
          // A refusal as too early is tried again (and named if the bound passes); anything else ends the wait.
          if (NOT_READY.test(errorMessage(error))) refusal = errorMessage(error);
          throw error;
        }
      },
      {
        what,
        timeoutMs: RECONFIGURE_BOUND_MS,
        intervalMs: RECONFIGURE_RETRY_MS,
        clock,
        isFatal: (error) => !NOT_READY.test(errorMessage(error)),
      },
    );
    // Without a refusal there was no wait, only this loop's own few milliseconds.
    return { ...accepted, waitedMs: refusal === undefined ? 0 : clock.now() - began - accepted.requestMs, refusal };
  }

  /** The current members' agreed leader. */
  private leaderNow() {
    // The wait's first attempt is at once.
    return waitForAgreedLeader(this.currentSpec(), this.ctx.client, this.wait).catch((error: Error) => {
      throw this.fail(error.message);
    });
  }

  /**
   * Takes every added member out again: removes from the cluster those still in it (through a
   * member the cluster started with), ends them and removes their data and certificates. Returns
   * what it could not do.
   */
  async cleanUp(): Promise<string[]> {
    const problems: string[] = [];
    const via = this.ctx.spec.members[0];
    for (const entry of this.added) {
      if (entry.id && !entry.removed) {
        try {
          await this.remove(entry, via);
          this.ctx.logger.info(`removed ${entry.member.name} from the cluster after the drill stopped`);
        } catch (error) {
          problems.push(`removing ${entry.member.name} from the cluster: ${errorMessage(error)}`);
        }
      }
    }
    problems.push(
      ...(await discardSpareMembers(
        this.ctx,
        this.added.map((entry) => entry.member),
      )),
    );
    return problems;
  }
}
