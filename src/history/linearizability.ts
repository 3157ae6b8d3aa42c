import { operationsOf, type HistoryEvent, type Operation } from './model.js';
import { VisitedSet } from './visited-set.js';

/**
 * A linearizability checker for histories of registers, one per key: put(value) and get() -> value
 * or null (absent, the initial state). Linearizability is compositional, so each key's operations are
 * checked on their own. Each key is a Wing & Gong search for an order of its operations that respects
 * real time (an operation that completed before another was invoked comes first) and explains every
 * result, with Lowe's memoization: a (set of operations ordered so far, register value) configuration
 * that failed once is never searched again.
 *
 * What the outcomes mean: `fail` did not take effect (left out); `info` may have taken effect at any
 * time after its invocation (a put that may come anywhere after its invocation, or not at all; a get
 * with no result constrains nothing and is left out).
 */

/** How many search steps each key may take before the checker gives up on it (`undecided`). */
export const DEFAULT_MAX_STEPS = 5_000_000;

/**
 * How many MiB a key's search may hold for the configurations it has tried before the checker gives
 * up on it (`undecided`). 5,000,000 steps held 156 MiB of them on the hardest history measured
 * (BENCHMARKS.md), so the step budget usually ends a search first.
 */
export const DEFAULT_MAX_MEMORY_MB = 512;

export interface CheckOptions {
  /** The step budget per key; past it the key is `undecided`. */
  maxSteps?: number;
  /** The memory budget per key's search, in MiB (the set of configurations tried); past it the key is `undecided`. */
  maxMemoryMb?: number;
}

/** Why a key failed. */
export type FailureCause =
  /** A get read a value no put on the key writes. */
  | 'never-written'
  /** A get read a value only puts invoked after the get completed write. */
  | 'written-later'
  /** The search is done: no order explains every result. */
  | 'no-order'
  /** The step budget ran out before the search decided. */
  | 'budget'
  /** The memory budget ran out before the search decided. */
  | 'memory';

/** A key whose operations no order explains, or whose search ran out of steps. */
export interface KeyFailure {
  key: string;
  verdict: 'not-linearizable' | 'undecided';
  cause: FailureCause;
  /**
   * The operations that cannot be ordered: where the search got furthest, the operations that could
   * come next and none of which does (in invocation order); for a read of a value never written, that get.
   */
  operations: Operation[];
  /** The longest order the search found (the operations before `operations`), oldest first. */
  linearized: Operation[];
  /** The register's value after `linearized` (`null`: absent). */
  state: string | null;
  /** The operations of this key that the search had to order. */
  checked: number;
  /** Search steps taken on this key. */
  steps: number;
}

/** What the history held. */
export interface HistorySummary {
  /** Every operation (invocation) in the history. */
  operations: number;
  ok: number;
  /** Completed as `fail`: left out. */
  failed: number;
  /** Completed as `info` or never completed. */
  unknown: number;
  keys: number;
  processes: number;
  /** Operations the search had to order (ok ones, and puts of unknown outcome whose value someone read). */
  checked: number;
  /** Search steps over all keys. */
  steps: number;
}

/** The verdict: linearizable, or the first failing key (a not-linearizable one before an undecided one) and every failure. */
export type LinearizabilityResult =
  | { ok: true; verdict: 'linearizable'; summary: HistorySummary }
  | {
      ok: false;
      /** `not-linearizable` when any key is; `undecided` when none is but a key ran out of steps. Neither is a pass. */
      verdict: 'not-linearizable' | 'undecided';
      key: string;
      operations: Operation[];
      failures: KeyFailure[];
      summary: HistorySummary;
    };

/** Steps the report-only search may take however few the first search took. */
const REPORT_MIN_STEPS = 10_000;

/** Pairs the events (see `operationsOf`, which throws a HistoryFormatError for a malformed history) and checks them. */
export function checkHistory(events: readonly HistoryEvent[], options: CheckOptions = {}): LinearizabilityResult {
  return checkOperations(operationsOf(events), options);
}

/** Checks paired operations, each key on its own. */
export function checkOperations(operations: readonly Operation[], options: CheckOptions = {}): LinearizabilityResult {
  const { summary, keys } = partitionByKey(operations);
  return combineKeyResults(
    summary,
    keys.map(({ key, checked }) => checkKey(key, checked, options)),
  );
}

/** A key's operations that the search has to order (see `relevantOperations`), in invocation order. */
export interface KeyWork {
  key: string;
  checked: Operation[];
}

/** What checking one key found: its steps, and its failure when it has one. */
export interface KeyResult {
  key: string;
  steps: number;
  failure?: KeyFailure;
}

/**
 * Counts the history and splits it by key, keys in the order of their first operation: the keys
 * can then be checked in any order, or at once, and `combineKeyResults` gives the same verdict.
 */
export function partitionByKey(operations: readonly Operation[]): { summary: HistorySummary; keys: KeyWork[] } {
  const byKey = new Map<string, Operation[]>();
  const processes = new Set<number>();
  const summary: HistorySummary = {
    operations: operations.length,
    ok: 0,
    failed: 0,
    unknown: 0,
    keys: 0,
    processes: 0,
    checked: 0,
    steps: 0,
  };
  for (const operation of operations) {
    processes.add(operation.process);
    if (operation.outcome === 'ok') summary.ok++;
    else if (operation.outcome === 'fail') summary.failed++;
    else summary.unknown++;
    const list = byKey.get(operation.key);
    if (list) list.push(operation);
    else byKey.set(operation.key, [operation]);
  }
  summary.keys = byKey.size;
  summary.processes = processes.size;
  const keys: KeyWork[] = [];
  for (const [key, list] of byKey) {
    const checked = relevantOperations(list);
    summary.checked += checked.length;
    keys.push({ key, checked });
  }
  return { summary, keys };
}

/** The verdict from every key's result, given in `partitionByKey`'s key order whoever checked them. */
export function combineKeyResults(counted: HistorySummary, results: readonly KeyResult[]): LinearizabilityResult {
  const summary = { ...counted, steps: 0 };
  const failures: KeyFailure[] = [];
  for (const { steps, failure } of results) {
    summary.steps += steps;
    if (failure) failures.push(failure);
  }
  if (failures.length === 0) return { ok: true, verdict: 'linearizable', summary };
  failures.sort((a, b) => Number(a.verdict === 'undecided') - Number(b.verdict === 'undecided'));
  return {
    ok: false,
    verdict: failures[0].verdict,
    key: failures[0].key,
    operations: failures[0].operations,
    failures,
    summary,
  };
}

/**
 * The operations the search has to order, in invocation order: ok ones, and puts of unknown outcome
 * whose value some get read. A put of unknown outcome whose value nobody read can be left out: in any
 * order that explains the results, what follows it is a put (which hides it) or nothing.
 */
function relevantOperations(operations: readonly Operation[]): Operation[] {
  const read = new Set<string>();
  for (const operation of operations)
    if (operation.f === 'get' && operation.outcome === 'ok' && operation.value !== null) read.add(operation.value);
  return operations
    .filter(
      (operation) =>
        operation.outcome === 'ok' ||
        (operation.outcome === 'info' && operation.f === 'put' && read.has(operation.value as string)),
    )
    .sort((a, b) => a.invokeTime - b.invokeTime || a.id - b.id);
}

/** Checks one key's operations (`KeyWork.checked`); no failure when some order explains them. */
export function checkKey(key: string, operations: Operation[], options: CheckOptions = {}): KeyResult {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxBytes = (options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB) * 1024 * 1024;
  const unexplained = unexplainedRead(operations);
  if (unexplained) {
    const failure: KeyFailure = {
      key,
      verdict: 'not-linearizable',
      cause: unexplained.cause,
      operations: [unexplained.get],
      linearized: [],
      state: null,
      checked: operations.length,
      steps: 0,
    };
    return { key, failure, steps: 0 };
  }
  const outcome = search(operations, { maxSteps, maxBytes, prune: true });
  if (outcome.ok) return { key, steps: outcome.steps };
  let shown: SearchFailure = outcome;
  let steps = outcome.steps;
  if (outcome.stopped === undefined) {
    // The pruned search stops where a put's only reader cannot follow it; the plain one gets as far
    // as the results allow, which names the operations better. It only names them, so it may take as
    // many steps as the pruned one did (or a few thousand, which take milliseconds), not the budget:
    // its report is shown when it ends by then or got further than the pruned one.
    const reportSteps = Math.min(maxSteps, Math.max(outcome.steps, REPORT_MIN_STEPS));
    const plain = search(operations, { maxSteps: reportSteps, maxBytes, prune: false, reportOnly: true });
    if (plain.ok) throw new Error(`the linearizability searches disagree on key ${JSON.stringify(key)}`);
    steps += plain.steps;
    if (plain.stopped === undefined || plain.order.length > outcome.order.length) shown = plain;
  }
  const failure: KeyFailure = {
    key,
    verdict: outcome.stopped ? 'undecided' : 'not-linearizable',
    cause: outcome.stopped === 'memory' ? 'memory' : outcome.stopped === 'steps' ? 'budget' : 'no-order',
    operations: shown.stuck
      .map((index) => operations[index])
      .sort((a, b) => a.invokeTime - b.invokeTime || a.id - b.id),
    linearized: shown.order.map((index) => operations[index]),
    state: shown.state,
    checked: operations.length,
    steps,
  };
  return { key, failure, steps };
}

/** A get whose value no put could have written before the get completed: named without a search. */
function unexplainedRead(operations: readonly Operation[]): { get: Operation; cause: FailureCause } | undefined {
  const firstInvoked = new Map<string, number>();
  for (const operation of operations) {
    if (operation.f !== 'put') continue;
    const value = operation.value as string;
    firstInvoked.set(value, Math.min(firstInvoked.get(value) ?? Infinity, operation.invokeTime));
  }
  for (const operation of operations) {
    if (operation.f !== 'get' || operation.value === null) continue;
    const invoked = firstInvoked.get(operation.value);
    if (invoked === undefined) return { get: operation, cause: 'never-written' };
    if (invoked > operation.returnTime) return { get: operation, cause: 'written-later' };
  }
  return undefined;
}

type SearchOutcome = { ok: true; steps: number } | SearchFailure;
interface SearchLimits {
  maxSteps: number;
  /** The most the set of configurations tried may take. */
  maxBytes: number;
  /** Whether to cut a put whose value's only reader cannot follow it (see below). */
  prune: boolean;
  /** A search that only names operations: when a budget stops it, it reports the furthest point it proved, not where it stopped. */
  reportOnly?: boolean;
}
type SearchFailure = {
  ok: false;
  /** Why the search stopped before it decided: a budget ran out; undefined when it proved there is no order. */
  stopped?: 'steps' | 'memory';
  steps: number;
  order: number[];
  state: string | null;
  stuck: number[];
};

/**
 * Wing & Gong's search over the call and return entries in time order, kept in a doubly linked list
 * from which an operation's two entries are lifted while it is ordered. At a call, try to order that
 * operation next; at a return, the operation it ends had to be ordered by then, so undo the last
 * choice. Memoized on (ordered set, register value), as Lowe describes and Porcupine does.
 *
 * Puts whose value no get reads ("unread") are not choices of their own. In an order that explains
 * the results, what follows one is a put or nothing, so moving it earlier, to just before the first
 * put ordered once it could come (everything that completed before its invocation is ordered), keeps
 * the order valid. So a put takes along every unread put that could come then; an unread put that no
 * put took along by its return goes at its return; unread puts left at the end go last. Without
 * this, n concurrent unread puts would be searched in 2^n subsets.
 */
function search(operations: readonly Operation[], limits: SearchLimits): SearchOutcome {
  const { maxSteps, prune, reportOnly = false } = limits;
  const count = operations.length;
  if (count === 0) return { ok: true, steps: 0 };

  // Register values as small numbers: 0 is absent (null).
  const values: (string | null)[] = [null];
  const valueIds = new Map<string, number>();
  const valueId = (value: string | null): number => {
    if (value === null) return 0;
    let id = valueIds.get(value);
    if (id === undefined) {
      id = values.length;
      values.push(value);
      valueIds.set(value, id);
    }
    return id;
  };
  const isPut = new Uint8Array(count);
  const argument = new Int32Array(count);
  const read = new Set<string | null>();
  for (let index = 0; index < count; index++) {
    isPut[index] = operations[index].f === 'put' ? 1 : 0;
    argument[index] = valueId(operations[index].value);
    if (operations[index].f === 'get') read.add(operations[index].value);
  }
  const unread = new Uint8Array(count);
  let required = count;
  const writers = new Map<string | null, number>();
  for (let index = 0; index < count; index++) {
    if (isPut[index] === 0) continue;
    writers.set(operations[index].value, (writers.get(operations[index].value) ?? 0) + 1);
    if (!read.has(operations[index].value)) {
      unread[index] = 1;
      required--;
    }
  }
  // A read put that is its value's only writer has to be followed by a get of that value.
  const onlyWriter = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    if (isPut[index] === 1 && unread[index] === 0 && writers.get(operations[index].value) === 1) onlyWriter[index] = 1;
  }

  // Entries 1..2n: a call and a return per operation, sorted by time, calls before returns at equal
  // times (so operations that touch at one instant count as concurrent); entry 0 is the list's head.
  const entries: { time: number; call: boolean; operation: number }[] = [];
  for (let index = 0; index < count; index++) {
    entries.push({ time: operations[index].invokeTime, call: true, operation: index });
    entries.push({ time: operations[index].returnTime, call: false, operation: index });
  }
  entries.sort((a, b) => a.time - b.time || Number(b.call) - Number(a.call) || a.operation - b.operation);
  const size = entries.length + 1;
  const next = new Int32Array(size).fill(-1);
  const prev = new Int32Array(size).fill(-1);
  const operationOf = new Int32Array(size).fill(-1);
  const returnOf = new Int32Array(size).fill(-1); // for a call entry: its return entry; -1 for a return
  const returnEntry = new Int32Array(count);
  const callEntry = new Int32Array(count);
  for (let position = 0; position < entries.length; position++) {
    const node = position + 1;
    operationOf[node] = entries[position].operation;
    prev[node] = node - 1;
    next[node - 1] = node;
    if (entries[position].call) callEntry[entries[position].operation] = node;
    else returnEntry[entries[position].operation] = node;
  }
  for (let node = 1; node < size; node++) {
    if (entries[node - 1].call) returnOf[node] = returnEntry[operationOf[node]];
  }

  const lift = (call: number) => {
    next[prev[call]] = next[call];
    if (next[call] !== -1) prev[next[call]] = prev[call];
    const ret = returnOf[call];
    next[prev[ret]] = next[ret];
    if (next[ret] !== -1) prev[next[ret]] = prev[ret];
  };
  const unlift = (call: number) => {
    const ret = returnOf[call];
    next[prev[ret]] = ret;
    if (next[ret] !== -1) prev[next[ret]] = ret;
    next[prev[call]] = call;
    if (next[call] !== -1) prev[next[call]] = call;
  };

  // The ordered set as a bitset, with a 32-bit Zobrist hash kept as operations come and go.
  const words = (count + 31) >>> 5;
  const ordered = new Uint32Array(words);
  const zobrist = new Int32Array(count);
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed | 0;
  };
  for (let index = 0; index < count; index++) zobrist[index] = random();
  let hash = 0;
  const toggle = (operation: number) => {
    ordered[operation >>> 5] ^= 1 << (operation & 31);
    hash ^= zobrist[operation];
  };
  const visited = new VisitedSet(limits.maxBytes);

  // The order so far: call entries, each with the value before it and how it came to be ordered.
  const stackCalls = new Int32Array(count);
  const stackStates = new Int32Array(count);
  const stackKinds = new Uint8Array(count);
  let depth = 0;
  let state = 0;
  let steps = 0;
  let orderedRequired = 0;
  const carried = new Int32Array(count);
  // The furthest point: the order then (its first `agree` calls still on the stack), the value and the candidates.
  const deepestOrder = new Int32Array(count);
  let deepestDepth = -1;
  let agree = 0;
  let deepestState = 0;
  let deepestStuck: number[] = [];

  /** The operations whose calls precede the first return in the list: the ones that could come next (unread puts only come along). */
  const candidates = (): number[] => {
    const found: number[] = [];
    for (let node = next[0]; node !== -1 && returnOf[node] !== -1; node = next[node])
      if (unread[operationOf[node]] === 0) found.push(operationOf[node]);
    return found;
  };
  const recordDeepest = () => {
    deepestOrder.set(stackCalls.subarray(agree, depth), agree);
    agree = deepestDepth = depth;
    deepestState = state;
    deepestStuck = candidates();
  };
  const failed = (stopped?: 'steps' | 'memory'): SearchOutcome => {
    // Where a budget stopped the search is shown as how far it got, unless only proven points may be.
    if (depth > deepestDepth && !(stopped && reportOnly)) recordDeepest();
    const order = Array.from(deepestOrder.subarray(0, Math.max(deepestDepth, 0)), (call) => operationOf[call]);
    return { ok: false, stopped, steps, order, state: values[deepestState], stuck: deepestStuck };
  };
  const push = (call: number, kind: number) => {
    if (agree === depth && deepestDepth > depth && deepestOrder[depth] === call) agree++;
    stackCalls[depth] = call;
    stackStates[depth] = state;
    stackKinds[depth] = kind;
    depth++;
    lift(call);
    if (unread[operationOf[call]] === 0) orderedRequired++;
  };
  const pop = (): number => {
    depth--;
    if (agree > depth) agree = depth;
    const call = stackCalls[depth];
    state = stackStates[depth];
    toggle(operationOf[call]);
    unlift(call);
    if (unread[operationOf[call]] === 0) orderedRequired--;
    return call;
  };
  /**
   * Orders `call` (after the first `carriedCount` of `carried`) unless that configuration was searched
   * already (SEARCHED) or the memory budget has no room to remember it (FULL).
   */
  const tryOrder = (call: number, kind: number, carriedCount: number): number => {
    const operation = operationOf[call];
    for (let index = 0; index < carriedCount; index++) toggle(operationOf[carried[index]]);
    toggle(operation);
    const after = isPut[operation] === 1 ? argument[operation] : state;
    const answer = visited.add(hash ^ Math.imul(after + 1, 0x9e3779b1), after, ordered);
    if (answer !== 'added') {
      for (let index = 0; index < carriedCount; index++) toggle(operationOf[carried[index]]);
      toggle(operation);
      return answer === 'full' ? FULL : SEARCHED;
    }
    for (let index = 0; index < carriedCount; index++) {
      push(carried[index], CARRIED);
      state = argument[operationOf[carried[index]]];
    }
    push(call, kind);
    state = after;
    return ORDERED;
  };

  /** Whether a get of `value` could come next. */
  const canComeNext = (value: number): boolean => {
    for (let node = next[0]; node !== -1 && returnOf[node] !== -1; node = next[node]) {
      if (isPut[operationOf[node]] === 0 && argument[operationOf[node]] === value) return true;
    }
    return false;
  };

  let entry = next[0];
  /** Undoes the order back to its last choice and goes on after it; false when there is no choice left. */
  const backtrack = (): boolean => {
    while (depth > 0) {
      const kind = stackKinds[depth - 1];
      const call = pop();
      while (depth > 0 && stackKinds[depth - 1] === CARRIED) pop();
      if (kind === CHOICE) {
        entry = next[call];
        return true;
      }
    }
    return false;
  };

  let fresh = true;
  while (next[0] !== -1) {
    if (steps === maxSteps) return failed('steps');
    steps++;
    if (fresh) {
      // A get that can come now goes now, as no choice: it changes nothing, and moving it earlier keeps
      // any order valid, so when no order follows it, none follows the operations ordered so far.
      fresh = false;
      let get = -1;
      for (let node = next[0]; node !== -1 && returnOf[node] !== -1; node = next[node]) {
        if (isPut[operationOf[node]] === 0 && argument[operationOf[node]] === state) {
          get = node;
          break;
        }
      }
      if (get !== -1) {
        const tried = tryOrder(get, FORCED, 0);
        if (tried === ORDERED) fresh = true;
        else if (tried === FULL) return failed('memory');
        else if (!backtrack()) return failed();
        continue;
      }
      entry = next[0];
    }
    const operation = operationOf[entry];
    if (returnOf[entry] !== -1) {
      // A call: the choices are the puts that are read (no get can come now); each takes along every
      // unread put that could come now.
      if (isPut[operation] === 0 || unread[operation] === 1) {
        entry = next[entry];
        continue;
      }
      let carriedCount = 0;
      for (let node = next[0]; node !== -1 && returnOf[node] !== -1; node = next[node]) {
        if (unread[operationOf[node]] === 1) carried[carriedCount++] = node;
      }
      const tried = tryOrder(entry, CHOICE, carriedCount);
      if (tried === FULL) {
        return failed('memory');
      } else if (tried === SEARCHED) {
        entry = next[entry];
      } else if (prune && onlyWriter[operation] === 1 && !canComeNext(argument[operation])) {
        // Only a put could follow, and then no get could read this value: a dead end, remembered as such.
        backtrack();
      } else {
        fresh = true;
      }
      continue;
    }
    if (unread[operation] === 1) {
      // An unread put at its return goes now, as no choice; when every other operation is ordered, the unread go last.
      if (orderedRequired === required) return { ok: true, steps };
      const tried = tryOrder(callEntry[operation], FORCED, 0);
      if (tried === FULL) return failed('memory');
      if (tried === ORDERED) {
        fresh = true;
        continue;
      }
    } else if (depth > deepestDepth) {
      // A return of an operation that had to be ordered by now: remember where the search got furthest.
      recordDeepest();
    }
    if (!backtrack()) return failed();
  }
  return { ok: true, steps };
}

/** How an operation came to be ordered: a choice the search may undo and try otherwise, or not. */
const CHOICE = 0;
/** An unread put ordered just before the put after it. */
const CARRIED = 1;
/** A get that could come then, or an unread put at its return: no alternative to try. */
const FORCED = 2;

/** What `tryOrder` did: ordered the operation; found the configuration searched already; found no room to remember it. */
const ORDERED = 0;
const SEARCHED = 1;
const FULL = 2;
