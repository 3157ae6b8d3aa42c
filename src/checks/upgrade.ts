import { randomBytes } from 'node:crypto';
import { memberSettings } from '../cluster/flags.js';
import type { MemberSpec } from '../cluster/spec.js';
import type { EtcdClient } from '../etcd/client.js';
import {
  clusterVersionReached,
  findDowngradeRefusal,
  translateFlags,
  upgradeOrder,
  upgradePath,
  type FlagTranslation,
  type UpgradePath,
} from '../etcd/upgrade.js';
import { errorMessage } from '../errors.js';
import { describeOperation } from '../history/format.js';
import { checkHistory } from '../history/linearizability.js';
import { roundMs, type Clock } from '../util/clock.js';
import { pollUntil } from '../util/poll.js';
import {
  CheckFailure,
  defineCheck,
  type CheckContext,
  type CheckOutcome,
  type CheckTable,
  type Figures,
} from './check.js';
import { failoverBoundMs } from './failover.js';
import { HISTORY_CLIENTS, HISTORY_KEYS, HistoryRecorder, makeWhole, runHistoryClient } from './history.js';
import { checkHashKv, checkIntegrity } from './integrity.js';
import { findLostKeys } from './keys.js';
import { waitForAgreedLeader, type LeaderWait } from './leaders.js';
import { lastLines } from '../util/text-layout.js';

const POLL_MS = 20;
const STATUS_TIMEOUT_MS = 500;
const REQUEST_TIMEOUT_MS = 5000;
/** The writer of acknowledged keys puts one key at a time, this long apart at most. */
const WRITE_EVERY_MS = 10;
const MAX_WRITES = 50_000;
/** How long the cluster version may take to follow the last member (etcd's leader checks the members' versions every few seconds). */
export const CLUSTER_VERSION_BOUND_MS = 60_000;

/** How long a moved member may take to serve again: a restart on its data, and a release's first start on it. */
export const memberReadyBoundMs = (electionMs: number) => Math.max(60_000, 30 * electionMs);

/** The table of moved members' headers, in order; the job summary's timeline reads the rows by them. */
export const MOVED_MEMBERS_TABLE = {
  title: 'Members moved, in order',
  headers: ['member', 'release', 'stopped at', 'downtime', 'write gap', 'version reported', 'HashKV'],
} as const;

/** What happened to one member. */
interface MemberMove {
  member: MemberSpec;
  /** When it was stopped, in ms from the first move. */
  stoppedAtMs: number;
  downtimeMs: number;
  writeGapMs: number;
  reported: string;
  hashKv: string;
}

/**
 * One writer puts a new key every WRITE_EVERY_MS (or as soon as the last put ends), to the next
 * member after an error, and remembers each key etcd acknowledged and when: the drill reads them all
 * back after every member and measures the gap in acknowledged writes while a member moves.
 */
class KeyWriter {
  readonly acknowledged = new Map<string, string>();
  /** When each acknowledged put completed, in clock ms, in order. */
  readonly ackTimes: number[] = [];
  private stopped = false;
  private done?: Promise<void>;

  constructor(
    private readonly ctx: CheckContext,
    /** Every key it writes is under this prefix. */
    readonly prefix: string,
  ) {}

  start(): void {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async loop(): Promise<void> {
    const { client, clock, spec } = this.ctx;
    let at = 0;
    for (let sequence = 0; sequence < MAX_WRITES && !this.stopped; sequence++) {
      const started = clock.now();
      const key = `${this.prefix}${String(sequence).padStart(6, '0')}`;
      const value = `v${sequence}`;
      try {
        await client.put(spec.members[at].clientUrl, key, value, { timeoutMs: 1000, requireLeader: true });
        this.acknowledged.set(key, value);
        this.ackTimes.push(clock.now());
      } catch {
        at = (at + 1) % spec.members.length;
      }
      const left = WRITE_EVERY_MS - (clock.now() - started);
      if (left > 0) await clock.sleep(left);
    }
  }

  /** The longest time between two acknowledged writes that overlaps [from, to]: the writes' gap while a member moved. */
  gapDuring(from: number, to: number): number {
    let gap = 0;
    for (let i = 1; i < this.ackTimes.length; i++) {
      const [before, after] = [this.ackTimes[i - 1], this.ackTimes[i]];
      if (after >= from && before <= to) gap = Math.max(gap, after - before);
    }
    return gap;
  }
}

/** The release every member reports (they must agree), from their status. */
async function runningRelease(ctx: CheckContext): Promise<string> {
  const versions = await Promise.all(
    ctx.spec.members.map(
      async (member) => (await ctx.client.status(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS })).version,
    ),
  );
  if (new Set(versions).size !== 1)
    throw new CheckFailure(
      `the members run different etcd releases (${ctx.spec.members.map((member, index) => `${member.name} ${versions[index]}`).join(', ')}); the drill moves a cluster whose members run one`,
    );
  return versions[0];
}

/**
 * Waits, bounded, until the moved member serves (a linearizable read) and reports `release`; a member
 * that exits first ends the wait at once, with its log.
 */
async function waitServing(
  ctx: CheckContext,
  member: MemberSpec,
  release: string,
  boundMs: number,
): Promise<{ exited: false; version: string } | { exited: true; log: string }> {
  const { client, clock, target } = ctx;
  return pollUntil(
    async () => {
      if (!(await target.isRunning(member))) return { exited: true as const, log: await target.logs(member) };
      const status = await client.status(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
      if (status.version !== release) return undefined;
      await client.health(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
      return { exited: false as const, version: status.version };
    },
    { what: `${member.name} to serve on etcd ${release}`, timeoutMs: boundMs, intervalMs: POLL_MS, clock },
  );
}

/** A zap log line without its Go stack trace (a fatal line carries one), for a note. */
function withoutStack(line: string): string {
  try {
    const { stacktrace: _stack, ...record } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(record);
  } catch {
    return line;
  }
}

/** A release's major.minor (`3.5` of `3.5.30`), as etcd names a cluster version. */
const minorOf = (release: string) => release.split('.').slice(0, 2).join('.');

/** The member's last logged lines, for a failure. */
const tail = (log: string) => lastLines(log, 8);

/** Every member's flags written for `to`: what changes, and what `to` cannot take (the drill then moves nothing). */
function planFlags(ctx: CheckContext, from: string, to: string): { changes: string[]; refused: FlagTranslation[] } {
  const changes = new Set<string>();
  const refused: FlagTranslation[] = [];
  for (const member of ctx.spec.members) {
    const translated = translateFlags(memberSettings(ctx.spec, member), from, to);
    for (const translation of translated.translations) changes.add(`${translation.text} (${translation.reason})`);
    refused.push(...translated.refused);
  }
  return { changes: [...changes], refused };
}

/** Waits, bounded, until a member's `/version` says the cluster version is `to`'s minor; resolves with how long it took. */
async function waitClusterVersion(
  client: EtcdClient,
  members: MemberSpec[],
  to: string,
  clock: Clock,
): Promise<{ ms: number; cluster: string }> {
  const since = clock.now();
  let at = 0;
  const cluster = await pollUntil(
    async () => {
      const member = members[at++ % members.length];
      const versions = await client.versions(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
      return clusterVersionReached(versions.cluster, to) ? versions.cluster : undefined;
    },
    {
      what: `the cluster version to reach ${minorOf(to)}`,
      timeoutMs: CLUSTER_VERSION_BOUND_MS,
      intervalMs: 100,
      clock,
    },
  );
  return { ms: roundMs(clock.now() - since), cluster };
}

/**
 * Waits, bounded, until every member's `/version` says the cluster version (and the storage version,
 * where the member says one) is `to`'s minor, after a downgrade was enabled; resolves with how long it took.
 */
async function waitDowngradeReady(
  client: EtcdClient,
  members: MemberSpec[],
  to: string,
  clock: Clock,
): Promise<number> {
  const started = clock.now();
  for (const member of members) {
    await pollUntil(
      async () => {
        const versions = await client.versions(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
        return clusterVersionReached(versions.cluster, to) &&
          (versions.storage === undefined || clusterVersionReached(versions.storage, to))
          ? true
          : undefined;
      },
      {
        what: `${member.name} to say cluster version ${minorOf(to)} after the downgrade was enabled`,
        timeoutMs: CLUSTER_VERSION_BOUND_MS,
        intervalMs: 100,
        clock,
      },
    );
  }
  return roundMs(clock.now() - started);
}

/**
 * A downgrade etcd refuses (3.5 to a 3.4 that cannot run on 3.5's data): one follower is moved to
 * the older release under writes; it must exit with etcd's refusal, and is moved back. The check then
 * fails, quoting the refusal, once the cluster is whole again on its release and serves writes.
 */
async function refusedDowngrade(
  ctx: CheckContext,
  path: UpgradePath,
  figures: Figures,
  notes: string[],
): Promise<CheckOutcome> {
  const { spec, client, target, logger } = ctx;
  const wait = leaderWait(ctx);
  const { leader } = await waitForAgreedLeader(spec, client, wait);
  const member = upgradeOrder(spec.members, leader.name)[0];
  const writer = new KeyWriter(ctx, `${ctx.keyPrefix}upgrade/${randomBytes(4).toString('hex')}/`);
  writer.start();
  let refusal: ReturnType<typeof findDowngradeRefusal>;
  let ran: string | undefined;
  let cause: string | undefined;
  try {
    logger.info(`upgrade: moving ${member.name} from etcd ${path.from} to ${path.to}, which etcd refuses`);
    await target.moveMember(member, 'to');
    const outcome = await waitServing(ctx, member, path.to, memberReadyBoundMs(spec.timing.electionMs)).catch(
      (error: unknown) => ({ exited: true as const, log: '', error: errorMessage(error) }),
    );
    if (outcome.exited) {
      const log = outcome.log || (await target.logs(member));
      refusal = findDowngradeRefusal(log);
      if (!refusal) cause = 'error' in outcome ? outcome.error : `it exited; the last lines of its log:\n${tail(log)}`;
    } else ran = outcome.version;
  } finally {
    try {
      await target.moveMember(member, 'from');
      await makeWhole(ctx);
    } finally {
      await writer.stop();
    }
  }
  // Whole again on the release it ran: every member reports it, every acknowledged key is there, and writes are served.
  const back = await runningRelease(ctx);
  const lost = await lostKeys(ctx, writer);
  const { acknowledged } = writer;
  await client.put(spec.members[0].clientUrl, `${ctx.keyPrefix}upgrade/after-refusal`, 'served', {
    timeoutMs: REQUEST_TIMEOUT_MS,
    requireLeader: true,
  });
  // etcd's refusal is a fatal line of the refusing member's log, on purpose.
  const integrity = await checkIntegrity(ctx, { expected: (line) => findDowngradeRefusal(line) !== undefined });
  figures.keysAcknowledged = acknowledged.size;
  figures.keysLost = lost.length;
  Object.assign(figures, integrity.figures);
  notes.push(...integrity.notes);
  const whole =
    lost.length === 0 && integrity.failure === undefined
      ? `the cluster was left whole on etcd ${back}: ${member.name} runs it again, every member's HashKV agrees, none of ${acknowledged.size} acknowledged keys is lost and writes are served`
      : `the cluster was NOT left whole: ${[lost.length > 0 ? `${lost.length} acknowledged keys lost (e.g. ${lost[0]})` : '', integrity.failure ?? ''].filter(Boolean).join('; ')}`;
  if (ran !== undefined)
    return {
      status: 'fail',
      summary: `etcd ${path.to} ran on ${member.name}'s data written by ${path.from}, where etcd allows no such downgrade (${path.reason}); ${whole}`,
      figures,
      notes,
    };
  if (!refusal)
    return {
      status: 'fail',
      summary: `etcd ${path.to} did not serve on ${member.name}'s data written by ${path.from}, and its log holds none of etcd's downgrade refusals: ${cause ?? 'unknown'}; ${whole}`,
      figures,
      notes,
    };
  notes.push(`etcd's refusal, as ${member.name} logged it: ${withoutStack(refusal.line)}`);
  return {
    status: 'fail',
    summary: `etcd cannot downgrade from ${path.from} to ${path.to}: ${member.name} on ${path.to} refused the data, "${refusal.message}"${refusal.clusterVersion ? ` (cluster version ${refusal.clusterVersion})` : ''}; ${whole}`,
    figures,
    notes,
  };
}

const leaderWait = (ctx: CheckContext): LeaderWait => ({
  clock: ctx.clock,
  timeoutMs: failoverBoundMs(ctx.spec.timing.electionMs),
  intervalMs: POLL_MS,
  requestTimeoutMs: STATUS_TIMEOUT_MS,
});

/**
 * The acknowledged keys a linearizable read of the writer's prefix on the leader does not return with
 * their value. Only the keys acknowledged before the read is sent are expected: the writer may go on
 * while it is served.
 */
async function lostKeys(ctx: CheckContext, writer: KeyWriter): Promise<string[]> {
  const expected = new Map(writer.acknowledged);
  if (expected.size === 0) return [];
  const { leader } = await waitForAgreedLeader(ctx.spec, ctx.client, leaderWait(ctx));
  return findLostKeys(ctx.client, leader.clientUrl, writer.prefix, expected, { timeoutMs: REQUEST_TIMEOUT_MS });
}

/**
 * `upgrade`: moves every member to another etcd release one at a time, followers first and the
 * leader last, while history clients put and get and one writer puts new keys. After each member: it
 * serves on the new release, every acknowledged key reads back, every member's HashKV agrees. After
 * the last: the cluster version follows (`/version`), and the history is linearizable. A move etcd
 * refuses (3.5 to 3.4) is tried on one follower, must be refused with etcd's message, and the cluster
 * is left whole on its release. Runs once per run, with an upgrade release given.
 */
export const upgradeCheck = defineCheck({
  name: 'upgrade',
  proves:
    "every member moves to the release `upgrade-etcd-version` (or `upgrade-etcd-path`, `upgrade-image`) names, one at a time, followers first and the leader last, under writes: each serves again on its data, no acknowledged key is lost, every member's HashKV agrees after each, the cluster version follows and the history is linearizable; a downgrade etcd refuses fails quoting etcd, the cluster left whole",
  byDefault: false,
  minMembers: { count: 3, why: 'a majority must keep serving writes while a member moves' },
  stopsMembers: true,
  needs: [],
  once: 'one upgrade per run: the members stay on the release they moved to',
  needsRelease: true,
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const { spec, client, clock, logger, target } = ctx;
    if (!ctx.release)
      throw new CheckFailure(
        'no release to move to was given (upgrade-etcd-version, upgrade-etcd-path or upgrade-image)',
      );
    // One move per cluster: a target remembers the release its members started on and one other.
    const moved = spec.members.filter((member) => target.releaseOf(member) !== undefined);
    if (moved.length > 0)
      throw new CheckFailure(
        `${moved.map((member) => member.name).join(', ')} moved to etcd ${target.releaseOf(moved[0])?.to} in an earlier upgrade check of this cluster; ` +
          'the drill moves a cluster once: start a cluster on that release to move it on',
      );
    const from = await runningRelease(ctx);
    const to = await target.prepareRelease(from, ctx.release);
    const path = upgradePath(from, to);
    const figures: Figures = {};
    const notes: string[] = [path.reason, ...path.requirements.map((requirement) => `requires: ${requirement}`)];
    const flags = planFlags(ctx, from, to);
    notes.push(
      flags.changes.length > 0
        ? `settings written for etcd ${to}: ${flags.changes.join('; ')}`
        : `no setting changes between etcd ${from} and ${to}`,
    );
    if (flags.refused.length > 0)
      throw new CheckFailure(
        `etcd ${to} cannot run these members' settings, so none was moved: ${flags.refused.map((refusal) => `${refusal.text} (${refusal.reason})`).join('; ')}`,
        figures,
        notes,
      );
    if (!path.supported && path.kind === 'minor-downgrade') return refusedDowngrade(ctx, path, figures, notes);
    if (!path.supported) throw new CheckFailure(`the members were not moved: ${path.reason}`, figures, notes);

    const wait = leaderWait(ctx);
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1000, 2 * spec.timing.electionMs);
    const run = randomBytes(4).toString('hex');
    const keys = Array.from({ length: HISTORY_KEYS }, (_, index) => `${ctx.keyPrefix}upgrade/${run}/h${index}`);
    const recorder = new HistoryRecorder(clock);
    const writer = new KeyWriter(ctx, `${ctx.keyPrefix}upgrade/${run}/k`);
    const moves: MemberMove[] = [];
    let failure: string | undefined;
    let stopped = false;
    const clients = Array.from({ length: HISTORY_CLIENTS }, (_, process) =>
      runHistoryClient(ctx, recorder, process, keys, () => stopped, operationTimeoutMs),
    );
    writer.start();
    const started = clock.now();
    try {
      await clock.sleep(holdMs);
      const { leader } = await waitForAgreedLeader(spec, client, wait);
      const order = upgradeOrder(spec.members, leader.name);
      notes.push(
        `order: ${order.map((member) => member.name).join(', ')} (followers first, the leader ${leader.name} last)`,
      );
      if (path.procedure === 'downgrade-api') {
        const target = path.downgradeTarget ?? minorOf(to);
        await client.downgrade(leader.clientUrl, 'VALIDATE', target, { timeoutMs: REQUEST_TIMEOUT_MS });
        const version = await client.downgrade(leader.clientUrl, 'ENABLE', target, { timeoutMs: REQUEST_TIMEOUT_MS });
        // As etcd's own downgrade tests do: no member moves before every member says the cluster (and
        // its storage) is at the target.
        const ready = await waitDowngradeReady(client, spec.members, to, clock);
        notes.push(
          `downgrade validated and enabled to ${target} on ${leader.name} (the cluster version was ${version}); ` +
            `every member said cluster version ${target} after ${ready} ms`,
        );
      }
      for (const member of order) {
        const stoppedAt = clock.now();
        logger.info(`upgrade: moving ${member.name} from etcd ${from} to ${to}`);
        await target.moveMember(member, 'to');
        const outcome = await waitServing(ctx, member, to, memberReadyBoundMs(spec.timing.electionMs));
        if (outcome.exited) {
          const refusal = findDowngradeRefusal(outcome.log);
          throw new Error(
            `${member.name} exited on etcd ${to}` +
              (refusal ? `: "${refusal.message}"` : `; the last lines of its log:\n${tail(outcome.log)}`),
          );
        }
        const ready = clock.now();
        const lost = await lostKeys(ctx, writer);
        if (lost.length > 0)
          throw new Error(
            `after ${member.name} moved, ${lost.length} acknowledged keys are missing or changed (e.g. ${lost[0]})`,
          );
        // HashKV after each member; the logs are read once, by the integrity pass after the drill.
        const hashes = await checkHashKv(ctx);
        if (hashes.failure !== undefined) throw new Error(`after ${member.name} moved: ${hashes.failure}`);
        moves.push({
          member,
          stoppedAtMs: roundMs(stoppedAt - started),
          downtimeMs: roundMs(ready - stoppedAt),
          writeGapMs: roundMs(writer.gapDuring(stoppedAt, ready)),
          reported: outcome.version,
          hashKv: `agree (revision ${hashes.figures.integrityRevision ?? '?'})`,
        });
      }
      const version = await waitClusterVersion(client, spec.members, to, clock);
      figures.clusterVersionMs = version.ms;
      notes.push(`the cluster version reached ${version.cluster} ${version.ms} ms after the last member served`);
      await clock.sleep(holdMs);
    } catch (error) {
      failure = errorMessage(error);
    } finally {
      stopped = true;
      await Promise.all([...clients, writer.stop()]);
    }
    figures.membersMoved = moves.length;
    if (moves.length > 0) {
      figures.downtimeMs = Math.max(...moves.map((move) => move.downtimeMs));
      figures.writeGapMs = Math.max(...moves.map((move) => move.writeGapMs));
    }
    if (failure !== undefined) {
      // Whatever moved stays where it is: a partly moved cluster is what etcd runs during an upgrade too.
      await makeWhole(ctx).catch((error: unknown) =>
        notes.push(`the cluster was not whole again: ${errorMessage(error)}`),
      );
    }
    const lost = await lostKeys(ctx, writer).catch(() => undefined);
    figures.keysAcknowledged = writer.acknowledged.size;
    if (lost !== undefined) figures.keysLost = lost.length;
    const result = checkHistory(recorder.events);
    figures.operations = result.summary.operations;
    figures.linearizable = result.ok;
    // The members moved, when any was: the report's table, and the job summary's timeline.
    const tables: CheckTable[] =
      moves.length === 0
        ? []
        : [
            {
              title: MOVED_MEMBERS_TABLE.title,
              headers: [...MOVED_MEMBERS_TABLE.headers],
              rows: moves.map((move) => [
                move.member.name,
                `${from} → ${to}`,
                `${move.stoppedAtMs} ms`,
                `${move.downtimeMs} ms`,
                `${move.writeGapMs} ms`,
                move.reported,
                move.hashKv,
              ]),
            },
          ];
    if (failure === undefined && lost !== undefined && lost.length > 0)
      failure = `${lost.length} acknowledged keys are missing or changed at the end (e.g. ${lost[0]})`;
    if (failure === undefined && !result.ok) {
      const first = result.operations[0];
      failure =
        `the history is ${result.verdict.replace('-', ' ')} (${result.summary.operations} operations); key ${result.key}` +
        (first ? `, e.g. ${describeOperation(first)}` : '');
    }
    if (failure !== undefined) {
      logger.warning(`upgrade: ${failure}`);
      return {
        status: 'fail',
        summary: `moving from etcd ${from} to ${to} failed after ${moves.length} of ${spec.members.length} members: ${failure}`,
        figures,
        notes,
        tables,
      };
    }
    return {
      status: 'pass',
      summary:
        `moved ${moves.length} members from etcd ${from} to ${to} one at a time under writes: longest downtime ${figures.downtimeMs} ms, ` +
        `longest write gap ${figures.writeGapMs} ms; cluster version ${minorOf(to)} after ${figures.clusterVersionMs} ms; ` +
        `${writer.acknowledged.size} keys acknowledged, none lost; ${result.summary.operations} operations linearizable`,
      figures,
      notes,
      tables,
    };
  },
});
