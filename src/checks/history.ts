import { randomBytes } from 'node:crypto';
import type { MemberSpec } from '../cluster/spec.js';
import { waitForHealthyCluster } from '../cluster/up.js';
import { EtcdRequestError, type EtcdClient } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import { describeOperation, renderHistoryText } from '../history/format.js';
import { checkHistory, type LinearizabilityResult } from '../history/linearizability.js';
import type { HistoryEvent, HistoryFunction } from '../history/model.js';
import { unsupportedFault, type FaultKind } from '../targets/target.js';
import { roundMs, type Clock } from '../util/clock.js';
import { defineCheck, type CheckContext, type CheckFile, type CheckOutcome, type Figures } from './check.js';
import { failoverBoundMs } from './failover.js';
import { waitForAgreedLeader, waitForNewLeader, type LeaderWait } from './leaders.js';

/** Concurrent clients, each one operation at a time. */
export const HISTORY_CLIENTS = 5;
/** Keys they put and get: few, so that operations on one key overlap. */
export const HISTORY_KEYS = 5;
const POLL_MS = 10;
const STATUS_TIMEOUT_MS = 250;
const REQUEST_TIMEOUT_MS = 5000;
/** Each client's bound on operations, besides the fault schedule's own bound in time. */
const MAX_OPERATIONS_PER_CLIENT = 20_000;
const FINAL_READ_ATTEMPTS = 3;

/**
 * etcd's answers that prove a request was refused before it was proposed to raft, so it did not and
 * never will take effect: "no leader" from the requireLeader check in front of every request, a
 * proposal the member dropped (no leader to forward it to), and too many requests (refused before
 * proposing). Anything else, a timeout or a dropped connection above all, leaves the outcome unknown.
 */
const REFUSED_BEFORE_PROPOSAL = [
  /: etcdserver: no leader$/,
  /: raft proposal dropped$/,
  /: etcdserver: too many requests$/,
];

/** How a failed request completes in the history: `fail` only when etcd proves it was not applied, else `info`. */
export function outcomeOfError(error: unknown): 'fail' | 'info' {
  if (!(error instanceof EtcdRequestError) || error.timedOut || error.grpcCode === undefined) return 'info';
  return REFUSED_BEFORE_PROPOSAL.some((pattern) => pattern.test(error.message)) ? 'fail' : 'info';
}

/** Records events in the order they happen, on one monotonic clock counted from the start, in microseconds. */
export class HistoryRecorder {
  readonly events: HistoryEvent[] = [];
  private readonly start: number;

  constructor(private readonly clock: Clock) {
    this.start = clock.now();
  }

  record(event: Omit<HistoryEvent, 'time' | 'line'>): void {
    const time = Math.round((this.clock.now() - this.start) * 1000) / 1000;
    // `line` is the event's line in the saved file, so the verdict's lines point into it.
    this.events.push({ ...event, time, line: this.events.length + 1 });
  }

  /** The events as JSON lines, as `etcd-ha history check` reads them. */
  toJsonLines(): string {
    return this.events.map(({ line: _line, ...event }) => JSON.stringify(event)).join('\n') + '\n';
  }
}

/** One operation: its invocation, the request, and its completion (`ok`, or `fail`/`info` by outcomeOfError). */
export async function recordOperation(
  client: EtcdClient,
  recorder: HistoryRecorder,
  operation: { process: number; endpoint: string; f: HistoryFunction; key: string; value?: string; timeoutMs: number },
): Promise<'ok' | 'fail' | 'info'> {
  const { process, endpoint, f, key, value, timeoutMs } = operation;
  const options = { timeoutMs, requireLeader: true };
  recorder.record(
    f === 'put' ? { process, type: 'invoke', f, key, value } : { process, type: 'invoke', f, key, value: null },
  );
  try {
    if (f === 'put') {
      await client.put(endpoint, key, value ?? '', options);
      recorder.record({ process, type: 'ok', f, key, value });
    } else {
      const [found] = await client.range(endpoint, key, options);
      recorder.record({ process, type: 'ok', f, key, value: found?.value ?? null });
    }
    return 'ok';
  } catch (error) {
    const type = outcomeOfError(error);
    recorder.record(f === 'put' ? { process, type, f, key, value } : { process, type, f, key });
    return type;
  }
}

/** A client: puts (each value its own) and gets random keys until told to stop, moving to the next member after any error. */
export async function runHistoryClient(
  ctx: CheckContext,
  recorder: HistoryRecorder,
  process: number,
  keys: string[],
  stopped: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const members = ctx.spec.members;
  let at = process % members.length;
  for (let sequence = 0; sequence < MAX_OPERATIONS_PER_CLIENT && !stopped(); sequence++) {
    const key = keys[Math.floor(Math.random() * keys.length)];
    const f: HistoryFunction = Math.random() < 0.5 ? 'put' : 'get';
    const outcome = await recordOperation(ctx.client, recorder, {
      process,
      endpoint: members[at].clientUrl,
      f,
      key,
      value: `c${process}-${sequence}`,
      timeoutMs,
    });
    if (outcome !== 'ok') at = (at + 1) % members.length;
  }
}

/** The faults the history (and the watch check) runs under, in order; each waits for a new leader and for the cluster to be whole again. */
export const FAULTS: Array<{
  name: string;
  needs?: FaultKind;
  inject(ctx: CheckContext, leader: MemberSpec): Promise<void>;
  undo(ctx: CheckContext, leader: MemberSpec): Promise<void>;
}> = [
  {
    name: 'killed and restarted',
    inject: (ctx, leader) => ctx.target.kill(leader),
    undo: (ctx, leader) => ctx.target.start(leader),
  },
  {
    name: 'cut off from its peers and healed',
    needs: 'isolate',
    inject: (ctx, leader) =>
      ctx.target.isolate(
        [leader],
        ctx.spec.members.filter((member) => member !== leader),
      ),
    undo: (ctx) => ctx.target.heal(),
  },
  {
    name: 'paused and resumed',
    needs: 'pause',
    inject: (ctx, leader) => ctx.target.pause(leader),
    undo: (ctx, leader) => ctx.target.resume(leader),
  },
];

/** Runs each fault the target has on the current leader while the clients run; returns what was injected and what was not, and why. */
async function injectFaults(
  ctx: CheckContext,
  wait: LeaderWait,
  holdMs: number,
  done: { injected: string[]; skipped: string[] },
): Promise<void> {
  const { spec, client, clock, logger, target } = ctx;
  for (const fault of FAULTS) {
    const reason = fault.needs ? unsupportedFault(target, fault.needs) : undefined;
    if (reason !== undefined) {
      done.skipped.push(`the leader was not ${fault.name}: ${reason}`);
      continue;
    }
    const before = await waitForAgreedLeader(spec, client, wait);
    logger.info(`history: the leader ${before.leader.name} is ${fault.name}`);
    await fault.inject(ctx, before.leader);
    done.injected.push(`leader ${before.leader.name} ${fault.name}`);
    await waitForNewLeader(
      client,
      spec.members.filter((member) => member !== before.leader),
      before.leaderId,
      wait,
    );
    await clock.sleep(holdMs);
    await fault.undo(ctx, before.leader);
    await waitForAgreedLeader(spec, client, wait);
    await clock.sleep(holdMs);
  }
}

/** Heals, resumes and starts every member, as far as the target can, and waits until the cluster is whole. */
export async function makeWhole(ctx: CheckContext): Promise<void> {
  const { target, spec } = ctx;
  if (target.faults.isolate.supported) await target.heal();
  for (const member of spec.members) {
    if (target.faults.pause.supported) await target.resume(member);
    if (!(await target.isRunning(member))) await target.start(member);
  }
  await waitForHealthyCluster(spec, target, ctx.client, { clock: ctx.clock });
}

/** The saved history and verdict, named after the run so that reports of several runs can share a folder. */
function historyFiles(runId: string, recorder: HistoryRecorder, verdict: string): CheckFile[] {
  return [
    { name: `etcd-ha-history-${runId}.jsonl`, content: recorder.toJsonLines() },
    { name: `etcd-ha-history-${runId}.txt`, content: verdict },
  ];
}

/**
 * `history`: concurrent clients put and get a few keys while the leader is killed and restarted,
 * cut off from its peers and paused (as far as the target can); every operation is recorded with its
 * invocation and completion, a final read of each key verifies the last acknowledged writes, and the
 * linearizability checker decides whether one order of the operations explains every result. A
 * history that is not linearizable (or undecided) fails, and is handed back with the verdict.
 */
export const historyCheck = defineCheck({
  name: 'history',
  proves:
    'concurrent puts and gets while the leader is killed and restarted (and cut off, and paused, where the target can) form a linearizable history: no acknowledged write is lost, no read is stale',
  byDefault: false,
  minMembers: { count: 3, why: 'the faults need a majority that survives the leader' },
  stopsMembers: true,
  needs: [],
  uses: FAULTS.flatMap((fault) => (fault.needs ? [fault.needs] : [])),
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const { spec, client, clock, logger } = ctx;
    const figures: Figures = { clients: HISTORY_CLIENTS, keys: HISTORY_KEYS };
    const notes: string[] = [];
    const wait: LeaderWait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS,
    };
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1000, 2 * spec.timing.electionMs);
    // Keys of their own in each run (rounds, checks again on one cluster): the history starts with every key absent.
    const keysPrefix = `${ctx.keyPrefix}history/${randomBytes(4).toString('hex')}/`;
    const keys = Array.from({ length: HISTORY_KEYS }, (_, index) => `${keysPrefix}k${index}`);
    const recorder = new HistoryRecorder(clock);
    const faults = { injected: [] as string[], skipped: [] as string[] };
    let faultError: string | undefined;

    const loadStarted = clock.now();
    let stopped = false;
    const clients = Array.from({ length: HISTORY_CLIENTS }, (_, process) =>
      runHistoryClient(ctx, recorder, process, keys, () => stopped, operationTimeoutMs),
    );
    try {
      await clock.sleep(holdMs);
      await injectFaults(ctx, wait, holdMs, faults);
    } catch (error) {
      faultError = errorMessage(error);
    } finally {
      stopped = true;
      await Promise.all(clients);
    }
    figures.loadMs = roundMs(clock.now() - loadStarted);
    figures.faults = faults.injected.length;
    notes.push(`faults: ${faults.injected.join('; ') || 'none'}`, ...faults.skipped);
    let whole = true;
    try {
      await makeWhole(ctx);
    } catch (error) {
      whole = false;
      faultError ??= `the cluster was not whole again after the faults: ${errorMessage(error)}`;
    }

    // The final reads come after every other operation: each must see its key's last acknowledged write.
    const leader = whole ? await waitForAgreedLeader(spec, client, wait).catch(() => undefined) : undefined;
    const unread: string[] = [];
    for (const [index, key] of keys.entries()) {
      let outcome: string = 'skipped';
      for (let attempt = 0; leader && attempt < FINAL_READ_ATTEMPTS && outcome !== 'ok'; attempt++) {
        outcome = await recordOperation(client, recorder, {
          process: HISTORY_CLIENTS + index,
          endpoint: leader.leader.clientUrl,
          f: 'get',
          key,
          timeoutMs: REQUEST_TIMEOUT_MS,
        });
      }
      if (outcome !== 'ok') unread.push(key);
    }

    const checkStarted = clock.now();
    const result: LinearizabilityResult = checkHistory(recorder.events);
    figures.checkMs = roundMs(clock.now() - checkStarted);
    figures.operations = result.summary.operations;
    figures.operationsOk = result.summary.ok;
    figures.operationsFailed = result.summary.failed;
    figures.operationsUnknown = result.summary.unknown;
    figures.linearizable = result.ok;
    const counted = `${result.summary.operations} operations by ${HISTORY_CLIENTS} clients on ${HISTORY_KEYS} keys (${result.summary.ok} ok, ${result.summary.failed} refused, ${result.summary.unknown} unknown outcome)`;
    const faultsSaid = `${faults.injected.length} faults`;
    const faultList = faults.injected.map((fault) => fault.replace(/^leader \S+ /, '')).join('; ');

    let failure: string | undefined;
    if (!result.ok) {
      const first = result.operations[0];
      failure =
        `the history is ${result.verdict.replace('-', ' ')}: ${counted} under ${faultsSaid}; key ${result.key}` +
        (first ? `, e.g. ${describeOperation(first)}` : '');
    } else if (faultError !== undefined) {
      failure = `a fault did not play out: ${faultError}`;
    } else if (unread.length > 0) {
      failure = `the final read of ${unread.join(', ')} did not answer, so its last acknowledged write is unverified`;
    }
    if (failure === undefined) {
      return {
        status: 'pass',
        summary: `${counted} under ${faultsSaid} of the leader (${faultList}): linearizable; every key read back its last acknowledged write`,
        figures,
        notes,
      };
    }
    const files = historyFiles(spec.runId, recorder, renderHistoryText(result));
    notes.push(
      `the history and the checker's verdict are saved beside the report as ${files.map((file) => file.name).join(' and ')}; \`etcd-ha history check ${files[0].name}\` checks it again`,
    );
    logger.warning(`history: ${failure}`);
    return { status: 'fail', summary: failure, figures, notes, files };
  },
});
