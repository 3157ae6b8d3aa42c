import { randomBytes } from 'node:crypto';
import type { MemberSpec } from '../cluster/spec.js';
import type { TxnOp, WatchRequest, WatchResponseData, WatchStream } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import { checkWatch, GUARANTEE_MEANING, renderWatchText, type WatchResult } from '../history/watch.js';
import { parseHistoryFile } from '../history/watch-format.js';
import { unsupportedFault } from '../targets/target.js';
import { roundMs, type Clock } from '../util/clock.js';
import { defineCheck, type CheckContext, type CheckFile, type CheckOutcome, type Figures } from './check.js';
import { failoverBoundMs } from './failover.js';
import { FAULTS, makeWhole, outcomeOfError } from './history.js';
import { waitForAgreedLeader, waitForNewLeader, type LeaderWait } from './leaders.js';
import { knownWatchBug, knownWatchBugText } from './watch-known-bugs.js';

/** Concurrent writers, each one put, delete or transaction at a time. */
export const WATCH_WRITERS = 3;
/** Keys they write: few, so that every key sees puts, deletes and re-creations. */
export const WATCH_KEYS = 4;
const POLL_MS = 10;
const STATUS_TIMEOUT_MS = 250;
const REQUEST_TIMEOUT_MS = 5000;
const MAX_OPERATIONS_PER_WRITER = 20_000;
/** A compaction every this often during the load. */
export const COMPACT_EVERY_MS = 300;
/**
 * Each compaction goes to the newest revision acknowledged this many election timeouts before (at
 * least 200 ms): a little behind the current one, so that a watcher cut off with its member (etcd
 * cancels its watch a few election timeouts after the member lost its leader) can usually resume.
 */
const COMPACT_BEHIND_ELECTIONS = 4;
/** Progress requests on the watchers that asked for progress notifications, this often. */
const PROGRESS_EVERY_MS = 200;
/** How long every watcher has, once the cluster is whole, to deliver the final write. */
export const CATCH_UP_MS = 5000;
/** How long a watch from a compacted revision has to answer with the compaction error. */
const COMPACTED_ANSWER_MS = 3000;
const RESUME_PAUSE_MS = 50;
/** Attempts to open a watch again, per watcher, before it gives up. */
const MAX_RESUMES = 200;

/** The history's JSON lines (docs/history-format.md), in the order things happen; times in ms from the start. */
class LineRecorder {
  readonly lines: string[] = [];
  private readonly start: number;

  constructor(private readonly clock: Clock) {
    this.start = clock.now();
  }

  record(record: Record<string, unknown>): void {
    const time = Math.round((this.clock.now() - this.start) * 1000) / 1000;
    this.lines.push(JSON.stringify({ ...record, time }));
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** One record per response: its events as the history format has them (a DELETE's value and fields left out). */
function responseRecord(watcher: number, response: WatchResponseData): Record<string, unknown> {
  const record: Record<string, unknown> = {
    watch: 'response',
    watcher,
    // A response etcd sends without a header (a watch canceled for want of a leader) has no revision.
    ...(response.revision > 0 ? { revision: response.revision } : {}),
    events: response.events.map((event) => {
      const out: Record<string, unknown> = { type: event.type, key: event.kv.key, modRevision: event.kv.modRevision };
      if (event.type === 'PUT')
        Object.assign(out, {
          value: event.kv.value,
          createRevision: event.kv.createRevision,
          version: event.kv.version,
        });
      if (event.prevKv)
        out.prevKv = {
          value: event.prevKv.value,
          modRevision: event.prevKv.modRevision,
          createRevision: event.prevKv.createRevision,
          version: event.prevKv.version,
        };
      return out;
    }),
  };
  if (response.progressNotify) record.progressNotify = true;
  if (response.compactRevision > 0) record.compactRevision = response.compactRevision;
  if (response.canceled) record.canceled = true;
  return record;
}

interface WatcherPlan {
  id: number;
  /** What it watches (key or prefix, prev_kv, progress notifications); the start revision is given when it opens. */
  request: Omit<WatchRequest, 'startRevision' | 'requireLeader'>;
  /** The members in the order it uses them: the first to start, the next after each broken stream. */
  members: MemberSpec[];
  /** Ask for progress during the load. */
  asksProgress: boolean;
}

/**
 * A watcher: opens its watch, records every response, and when its stream breaks opens it again on
 * the next member from the revision after the last one delivered (a resumption), until stopped.
 */
class Watcher {
  stream?: WatchStream;
  /** The highest revision up to which it knows every event was delivered (an event's, a progress notification's). */
  delivered = 0;
  /** The revision to resume at. */
  next?: number;
  /** The compaction that refused it, if one did. */
  compacted?: number;
  /** Why its last stream ended, when it broke. */
  lastError?: string;
  resumes = 0;
  stopped = false;
  private at = 0;
  private resuming?: Promise<void>;

  constructor(
    readonly plan: WatcherPlan,
    private readonly ctx: CheckContext,
    private readonly recorder: LineRecorder,
    /** The newest revision acknowledged so far: a "from now" watch that broke before it was created resumes after it. */
    private readonly newestAcknowledged: () => number,
  ) {}

  get member(): MemberSpec {
    return this.plan.members[this.at % this.plan.members.length];
  }

  /** Opens the watch: from `startRevision`, or from now. */
  start(startRevision?: number): void {
    const { request, id } = this.plan;
    const record: Record<string, unknown> = { watch: 'start', watcher: id, key: request.key };
    if (request.prefix) record.prefix = true;
    if (startRevision !== undefined) record.revision = startRevision;
    Object.assign(record, {
      prevKv: request.prevKv === true,
      progressNotify: request.progressNotify === true,
      member: this.member.name,
    });
    this.recorder.record(record);
    this.open(startRevision);
  }

  private open(startRevision: number | undefined): void {
    const fromNow = startRevision === undefined;
    if (fromNow) this.next = this.newestAcknowledged() + 1;
    else this.next = startRevision;
    const stream = this.ctx.client.watch(
      this.member.clientUrl,
      { ...this.plan.request, startRevision, requireLeader: true },
      (response) => {
        if (this.stream !== stream) return;
        if (response.created && !response.canceled && response.compactRevision === 0) {
          // The creation says from which revision a watch from now delivers; it is not a response the history keeps.
          if (fromNow) this.seen(response.revision);
          return;
        }
        this.recorder.record(responseRecord(this.plan.id, response));
        for (const event of response.events) this.seen(event.kv.modRevision);
        if (response.progressNotify) this.seen(response.revision);
        if (response.compactRevision > 0) {
          this.compacted = response.compactRevision;
          this.stopped = true;
          this.stream = undefined;
          stream.cancel();
        } else if (response.canceled) {
          this.lastError = `canceled: ${response.cancelReason || 'no reason given'}`;
          this.stream = undefined;
          stream.cancel();
          this.resume();
        }
      },
      (error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.lastError = error ? errorMessage(error) : 'the stream ended';
        this.resume();
      },
    );
    this.stream = stream;
  }

  private seen(revision: number): void {
    if (revision > this.delivered) this.delivered = revision;
    if (revision + 1 > (this.next ?? 0)) this.next = revision + 1;
  }

  /** Opens the watch again on the next member, after a pause, from the revision after the last delivered. */
  private resume(): void {
    if (this.stopped || this.resuming) return;
    if (this.resumes >= MAX_RESUMES) {
      this.stopped = true;
      return;
    }
    this.resuming = (async () => {
      await this.ctx.clock.sleep(RESUME_PAUSE_MS);
      this.resuming = undefined;
      if (this.stopped) return;
      this.at++;
      this.resumes++;
      const revision = Math.max(1, this.next ?? this.newestAcknowledged() + 1);
      this.recorder.record({ watch: 'resume', watcher: this.plan.id, revision, member: this.member.name });
      try {
        this.open(revision);
      } catch (error) {
        this.lastError = errorMessage(error);
        this.resume();
      }
    })();
  }

  requestProgress(): void {
    this.stream?.requestProgress();
  }

  /** Cancels its stream and stops resuming; records the cancel once. */
  async stop(): Promise<void> {
    const wasStopped = this.stopped;
    this.stopped = true;
    await this.resuming;
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
    if (!wasStopped || stream) this.recorder.record({ watch: 'cancel', watcher: this.plan.id });
  }
}

/** Acknowledged writes' revisions with their time, for the compactions to stay a little behind. */
interface Revisions {
  newest: number;
  first?: number;
  acknowledged: Array<{ at: number; revision: number }>;
}

/** One write in this many is a transaction over two keys (its events share one revision: the atomic guarantee's test). */
const TXN_EVERY = 4;

/** A write of the load: a put (with a value) or a delete of one key, or a transaction of several ops. */
type LoadWrite = { key: string; value?: string } | { ops: TxnOp[] };

/**
 * A writer: puts (each value its own) and deletes random keys, and one write in TXN_EVERY runs a
 * transaction that puts one key and puts or deletes another, until told to stop, moving to the next
 * member after any error.
 */
async function runWriter(
  ctx: CheckContext,
  recorder: LineRecorder,
  process: number,
  keys: string[],
  stopped: () => boolean,
  timeoutMs: number,
  revisions: Revisions,
): Promise<void> {
  const members = ctx.spec.members;
  let at = process % members.length;
  for (let sequence = 0; sequence < MAX_OPERATIONS_PER_WRITER && !stopped(); sequence++) {
    const index = Math.floor(Math.random() * keys.length);
    const key = keys[index];
    const value = `w${process}-${sequence}`;
    let write: LoadWrite;
    if (keys.length > 1 && Math.random() < 1 / TXN_EVERY) {
      const other = keys[(index + 1 + Math.floor(Math.random() * (keys.length - 1))) % keys.length];
      write = {
        ops: [
          { f: 'put', key, value },
          Math.random() < 0.5 ? { f: 'put', key: other, value: `${value}-2` } : { f: 'delete', key: other },
        ],
      };
    } else write = { key, value: Math.random() < 0.75 ? value : undefined };
    const ok = await recordWrite(ctx, recorder, process, members[at].clientUrl, timeoutMs, revisions, write);
    if (!ok) at = (at + 1) % members.length;
  }
}

/** One put (with a value), delete or transaction, recorded with its invocation and completion, the revision on an `ok`. */
async function recordWrite(
  ctx: CheckContext,
  recorder: LineRecorder,
  process: number,
  endpoint: string,
  timeoutMs: number,
  revisions: Revisions,
  write: LoadWrite,
): Promise<number | undefined> {
  const options = { timeoutMs, requireLeader: true };
  const acknowledged = (revision: number) => {
    revisions.newest = Math.max(revisions.newest, revision);
    revisions.first ??= revision;
    revisions.acknowledged.push({ at: ctx.clock.now(), revision });
    return revision;
  };
  if ('ops' in write) {
    const { ops } = write;
    recorder.record({ process, type: 'invoke', f: 'txn', ops });
    try {
      // Without comparisons the success branch always runs: every op at the one revision etcd answers.
      const { revision, succeeded } = await ctx.client.txn(endpoint, ops, options);
      if (!succeeded) {
        recorder.record({ process, type: 'ok', f: 'txn', revision, ops: [] });
        return revision;
      }
      recorder.record({ process, type: 'ok', f: 'txn', revision });
      return acknowledged(revision);
    } catch (error) {
      recorder.record({ process, type: outcomeOfError(error), f: 'txn' });
      return undefined;
    }
  }
  const { key, value } = write;
  if (value !== undefined) {
    recorder.record({ process, type: 'invoke', f: 'put', key, value });
    try {
      const revision = await ctx.client.put(endpoint, key, value, options);
      recorder.record({ process, type: 'ok', f: 'put', key, value, revision });
      return acknowledged(revision);
    } catch (error) {
      recorder.record({ process, type: outcomeOfError(error), f: 'put', key, value });
      return undefined;
    }
  }
  recorder.record({ process, type: 'invoke', f: 'delete', key });
  try {
    const { revision, deleted } = await ctx.client.delete(endpoint, key, options);
    recorder.record({ process, type: 'ok', f: 'delete', key, revision, deleted });
    return deleted > 0 ? acknowledged(revision) : revision;
  } catch (error) {
    recorder.record({ process, type: outcomeOfError(error), f: 'delete', key });
    return undefined;
  }
}

/** etcd's answer to a compaction at or below the compacted revision: refused, nothing done. */
const ALREADY_COMPACTED = /required revision has been compacted/;

/** One compaction, recorded; resolves with its outcome. */
async function recordCompaction(
  ctx: CheckContext,
  recorder: LineRecorder,
  process: number,
  endpoint: string,
  revision: number,
  timeoutMs: number,
): Promise<'ok' | 'fail' | 'info'> {
  recorder.record({ process, type: 'invoke', f: 'compact', revision });
  try {
    await ctx.client.compact(endpoint, revision, { timeoutMs, requireLeader: true });
    recorder.record({ process, type: 'ok', f: 'compact' });
    return 'ok';
  } catch (error) {
    const type = ALREADY_COMPACTED.test(errorMessage(error)) ? 'fail' : outcomeOfError(error);
    recorder.record({ process, type, f: 'compact' });
    return type;
  }
}

interface Compactions {
  acknowledged: number;
  /** The highest revision an acknowledged compaction compacted at. */
  highestAcknowledged: number;
  /** The highest revision compacted at (acknowledged, or of unknown outcome). */
  highest: number;
}

function noteAcknowledged(done: Compactions, revision: number): void {
  done.acknowledged++;
  done.highestAcknowledged = Math.max(done.highestAcknowledged, revision);
}

/** Compacts every COMPACT_EVERY_MS to a revision a little behind the newest acknowledged, until told to stop. */
async function runCompactor(
  ctx: CheckContext,
  recorder: LineRecorder,
  process: number,
  stopped: () => boolean,
  revisions: Revisions,
  done: Compactions,
  timeoutMs: number,
): Promise<void> {
  const members = ctx.spec.members;
  let at = 0;
  let last = 0;
  while (!stopped()) {
    await ctx.clock.sleep(COMPACT_EVERY_MS);
    if (stopped()) return;
    const before = ctx.clock.now() - Math.max(200, COMPACT_BEHIND_ELECTIONS * ctx.spec.timing.electionMs);
    let revision = 0;
    for (const entry of revisions.acknowledged) if (entry.at <= before) revision = Math.max(revision, entry.revision);
    if (revision <= last) continue;
    last = revision;
    const outcome = await recordCompaction(ctx, recorder, process, members[at].clientUrl, revision, timeoutMs);
    if (outcome === 'ok') noteAcknowledged(done, revision);
    if (outcome !== 'fail') done.highest = Math.max(done.highest, revision);
    if (outcome !== 'ok') at = (at + 1) % members.length;
  }
}

/** Waits, bounded, until `done()`, asking `poke` each PROGRESS_EVERY_MS; resolves with whether it came true. */
async function waitUntil(clock: Clock, boundMs: number, done: () => boolean, poke?: () => void): Promise<boolean> {
  const until = clock.now() + boundMs;
  let poked = -Infinity;
  while (!done()) {
    if (clock.now() >= until) return false;
    if (poke && clock.now() - poked >= PROGRESS_EVERY_MS) {
      poke();
      poked = clock.now();
    }
    await clock.sleep(POLL_MS);
  }
  return true;
}

function describePlan(watcher: Watcher): string {
  const { request, id } = watcher.plan;
  return `watcher ${id} (${request.prefix ? 'prefix' : 'key'} ${request.key})`;
}

/** The saved history and verdict, named after the run so that reports of several runs can share a folder. */
function watchFiles(runId: string, recorder: LineRecorder, verdict: string): CheckFile[] {
  return [
    { name: `etcd-ha-watch-${runId}.jsonl`, content: recorder.text() },
    { name: `etcd-ha-watch-${runId}.txt`, content: verdict },
  ];
}

/**
 * `watch`: writers put and delete a few keys, and run transactions over two of them, while a member
 * is killed and restarted (and the leader cut off and paused, where the target can), and compactions
 * run every few hundred milliseconds.
 * Watchers on a key and on the prefix, from now and from a past revision, with prev_kv and progress
 * requests, record every response; those on the killed member resume on another from the revision
 * after the last one delivered. After a final write every watcher must deliver up to it; a final
 * watch from the oldest uncompacted revision replays the history, and one from a compacted revision
 * must get the compaction error. The watch checker (src/history/watch.ts) judges every watch against
 * the writes and their revisions; a failure hands back the history and the verdict.
 */
export const watchCheck = defineCheck({
  name: 'watch',
  proves:
    'watches on a key and a prefix, from now and from past revisions, deliver every event once, in order, with correct prev_kv, and resume after their member is killed, while members are killed and restarted (and cut off, and paused, where the target can) and the store is compacted',
  byDefault: false,
  minMembers: { count: 3, why: 'the faults need a majority that survives the member they stop' },
  stopsMembers: true,
  needs: [],
  uses: FAULTS.flatMap((fault) => (fault.needs ? [fault.needs] : [])),
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const { spec, client, clock, logger, target } = ctx;
    const figures: Figures = {};
    const notes: string[] = [];
    const wait: LeaderWait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS,
    };
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1000, 2 * spec.timing.electionMs);
    const prefix = `${ctx.keyPrefix}watch/${randomBytes(4).toString('hex')}/`;
    const keys = Array.from({ length: WATCH_KEYS }, (_, index) => `${prefix}k${index}`);
    const recorder = new LineRecorder(clock);
    const revisions: Revisions = { newest: 0, acknowledged: [] };
    const compactions: Compactions = { acknowledged: 0, highestAcknowledged: 0, highest: 0 };
    const injected: string[] = [];
    let faultError: string | undefined;
    const watchers: Watcher[] = [];
    const timers: Array<ReturnType<typeof setInterval>> = [];
    const newWatcher = (plan: Omit<WatcherPlan, 'id'>) => {
      const watcher = new Watcher({ ...plan, id: watchers.length + 1 }, ctx, recorder, () => revisions.newest);
      watchers.push(watcher);
      return watcher;
    };

    try {
      const start = await waitForAgreedLeader(spec, client, wait);
      const victim = start.leader;
      const victimId = start.leaderId;
      const others = spec.members.filter((member) => member !== victim);
      const order = (first: MemberSpec) => [first, ...spec.members.filter((member) => member !== first)];

      // Watchers from now: two on the member that is killed first, one elsewhere asking for progress.
      newWatcher({ request: { key: prefix, prefix: true, prevKv: true }, members: order(victim), asksProgress: false });
      newWatcher({ request: { key: keys[0], prevKv: true }, members: order(victim), asksProgress: true });
      newWatcher({
        request: { key: prefix, prefix: true, progressNotify: true },
        members: order(others[0]),
        asksProgress: true,
      });
      for (const watcher of watchers) watcher.start();

      const loadStarted = clock.now();
      let stopped = false;
      const writers = Array.from({ length: WATCH_WRITERS }, (_, process) =>
        runWriter(ctx, recorder, process, keys, () => stopped, operationTimeoutMs, revisions),
      );
      const compactor = runCompactor(
        ctx,
        recorder,
        WATCH_WRITERS,
        () => stopped,
        revisions,
        compactions,
        operationTimeoutMs,
      );
      timers.push(
        setInterval(() => {
          for (const watcher of watchers) if (watcher.plan.asksProgress) watcher.requestProgress();
        }, PROGRESS_EVERY_MS),
      );
      try {
        await clock.sleep(holdMs);
        // Watchers from a past revision: the first write's, on a follower, on the prefix and on a key.
        const past = revisions.first ?? Math.max(1, revisions.newest);
        newWatcher({
          request: { key: prefix, prefix: true, prevKv: true },
          members: order(others[others.length - 1]),
          asksProgress: false,
        }).start(past);
        newWatcher({ request: { key: keys[1] }, members: order(others[0]), asksProgress: false }).start(past);
        for (const [index, fault] of FAULTS.entries()) {
          const reason = fault.needs ? unsupportedFault(target, fault.needs) : undefined;
          if (reason !== undefined) {
            notes.push(`no member was ${fault.name}: ${reason}`);
            continue;
          }
          const current = await waitForAgreedLeader(spec, client, wait);
          // The first fault stops the member the first watchers are on; the others, the leader of the moment.
          const member = index === 0 ? victim : current.leader;
          const memberId = index === 0 ? victimId : current.leaderId;
          logger.info(`watch: ${member.name} is ${fault.name}`);
          await fault.inject(ctx, member);
          injected.push(`${member.name} ${fault.name}`);
          await waitForNewLeader(
            client,
            spec.members.filter((candidate) => candidate !== member),
            memberId,
            wait,
          );
          await clock.sleep(holdMs);
          await fault.undo(ctx, member);
          await waitForAgreedLeader(spec, client, wait);
          await clock.sleep(holdMs);
        }
      } catch (error) {
        faultError = errorMessage(error);
      } finally {
        stopped = true;
        await Promise.all([...writers, compactor]);
      }
      figures.loadMs = roundMs(clock.now() - loadStarted);
      figures.faults = injected.length;
      notes.unshift(`faults: ${injected.join('; ') || 'none'}`);
      try {
        await makeWhole(ctx);
      } catch (error) {
        faultError ??= `the cluster was not whole again after the faults: ${errorMessage(error)}`;
      }

      // A final write every watcher of its key must deliver; then a final watch replays the history.
      const leader = await waitForAgreedLeader(spec, client, wait).catch(() => undefined);
      const endpoint = (leader?.leader ?? spec.members[0]).clientUrl;
      const finalRevision = await recordWrite(
        ctx,
        recorder,
        WATCH_WRITERS + 1,
        endpoint,
        REQUEST_TIMEOUT_MS,
        revisions,
        { key: keys[0], value: 'final' },
      );
      const behind: string[] = [];
      if (finalRevision === undefined) faultError ??= `the final write to ${keys[0]} was not acknowledged`;
      else {
        const open = watchers.filter((watcher) => watcher.compacted === undefined);
        await waitUntil(
          clock,
          CATCH_UP_MS,
          () => open.every((watcher) => watcher.delivered >= finalRevision),
          () => open.forEach((watcher) => watcher.requestProgress()),
        );
        for (const watcher of open)
          if (watcher.delivered < finalRevision)
            behind.push(
              `${describePlan(watcher)} delivered up to revision ${watcher.delivered}, not the final write's ${finalRevision}, within ${CATCH_UP_MS} ms of it` +
                (watcher.lastError ? ` (its last stream ended: ${watcher.lastError})` : ''),
            );
      }
      for (const watcher of watchers) await watcher.stop();

      // The oldest uncompacted revision: the highest compaction's (one more now, if none was acknowledged).
      if (compactions.acknowledged === 0 && revisions.first !== undefined) {
        const revision = Math.min(revisions.newest, Math.max(revisions.first, compactions.highest + 1));
        const outcome = await recordCompaction(
          ctx,
          recorder,
          WATCH_WRITERS + 2,
          endpoint,
          revision,
          REQUEST_TIMEOUT_MS,
        );
        if (outcome === 'ok') noteAcknowledged(compactions, revision);
        if (outcome !== 'fail') compactions.highest = Math.max(compactions.highest, revision);
      }
      figures.compactions = compactions.acknowledged;
      // A watch from below an acknowledged compaction must be refused with the compaction error.
      if (compactions.highestAcknowledged > 1) {
        const compacted = newWatcher({
          request: { key: prefix, prefix: true },
          members: order(others[0]),
          asksProgress: false,
        });
        compacted.start(compactions.highestAcknowledged - 1);
        await waitUntil(clock, COMPACTED_ANSWER_MS, () => compacted.compacted !== undefined);
        await compacted.stop();
      }
      if (finalRevision !== undefined) {
        const full = newWatcher({
          request: { key: prefix, prefix: true, prevKv: true },
          members: order(leader?.leader ?? spec.members[0]),
          asksProgress: false,
        });
        full.start(Math.max(1, compactions.highest));
        const replayed = await waitUntil(
          clock,
          CATCH_UP_MS,
          () => full.delivered >= finalRevision || full.compacted !== undefined,
        );
        await full.stop();
        if (!replayed)
          behind.push(
            `the final watch from revision ${Math.max(1, compactions.highest)} delivered up to revision ${full.delivered}, not the final write's ${finalRevision}, within ${CATCH_UP_MS} ms`,
          );
        else if (full.compacted !== undefined)
          notes.push(
            `the final watch from revision ${compactions.highest} was refused: compacted at ${full.compacted} (a compaction whose answer was lost took effect)`,
          );
      }

      const result: WatchResult = checkWatch(parseHistoryFile(recorder.text(), 'watch history').watch);
      const { summary } = result;
      figures.eventsChecked = summary.events;
      figures.watchers = summary.watchers;
      figures.resumptions = summary.resumptions;
      if (summary.largestDelay !== null) figures.largestDeliveryDelayMs = roundMs(summary.largestDelay);
      for (const missing of result.notChecked) notes.push(`not checked: ${missing.guarantee}: ${missing.reason}`);
      const counted = `${summary.events} events on ${summary.watchers} watchers (${summary.resumptions} resumptions) under ${injected.length} faults and ${compactions.acknowledged} compactions`;

      let failure: string | undefined;
      if (!result.ok) {
        const first = result.violations[0];
        failure =
          `watch guarantees violated (${result.violationCount}): watcher ${first.watcher} broke ${first.guarantee} (${GUARANTEE_MEANING[first.guarantee]}) at history line ${first.line}: ` +
          `expected ${first.expected}; got ${first.got}`;
        // A violation the running release is known for names the release that fixed it.
        const version = await runningVersion(ctx);
        const firstOf = new Map(
          [...result.violations].reverse().map((violation) => [violation.guarantee, violation] as const),
        );
        for (const [guarantee, violation] of firstOf) {
          const bug = knownWatchBug(guarantee, version, violation.expected);
          if (bug && version) {
            const text = `${guarantee}: ${knownWatchBugText(bug, version)}`;
            if (guarantee === first.guarantee) failure += `; ${text}`;
            else notes.push(text);
          }
        }
      } else if (faultError !== undefined) failure = `a fault did not play out: ${faultError}`;
      else if (behind.length > 0) failure = behind[0];
      notes.push(...behind.slice(failure === behind[0] ? 1 : 0));
      if (failure === undefined)
        return {
          status: 'pass',
          summary: `${counted}: filtered, ordered, unique, atomic, resumable, reliable, with correct prev_kv; every watcher delivered the final write`,
          figures,
          notes,
        };
      const files = watchFiles(spec.runId, recorder, renderWatchText(result));
      notes.push(
        `the history and the checker's verdict are saved beside the report as ${files.map((file) => file.name).join(' and ')}; \`etcd-ha history check ${files[0].name}\` checks it again`,
      );
      logger.warning(`watch: ${failure}`);
      return { status: 'fail', summary: `${counted}; ${failure}`, figures, notes, files };
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const watcher of watchers) await watcher.stop().catch(() => undefined);
    }
  },
});

/** The etcd release the members report (the first that answers), or undefined when none does. */
async function runningVersion(ctx: CheckContext): Promise<string | undefined> {
  for (const member of ctx.spec.members) {
    try {
      return (await ctx.client.status(member.clientUrl, { timeoutMs: 1000 })).version;
    } catch {
      // the next member
    }
  }
  return undefined;
}
