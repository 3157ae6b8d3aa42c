import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  ConfigurationError
} from "./chunk-BUAAGYJK.js";

// src/history/model.ts
var EVENT_TYPES = ["invoke", "ok", "fail", "info"];
var FUNCTIONS = ["put", "get"];
var HistoryFormatError = class extends ConfigurationError {
  constructor(message, line) {
    super(message);
    this.line = line;
    this.name = "HistoryFormatError";
  }
  line;
};
var EVENT_SHAPE = `{ "process": N, "type": ${EVENT_TYPES.map((t) => `"${t}"`).join(" | ")}, "f": "put" | "get", "key": "...", "value": "..." | null, "time": N }`;
function eventFrom(parsed, where, line) {
  const fail = (what) => {
    throw new HistoryFormatError(`${where}: ${what}`, line);
  };
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    fail(`is not an object; allowed: ${EVENT_SHAPE}`);
  const record = parsed;
  const shown = (name) => name in record ? JSON.stringify(record[name]) : "missing";
  const { process, type, f, key, value, time } = record;
  if (typeof process !== "number" || !Number.isSafeInteger(process))
    fail(`"process" is ${shown("process")}; allowed: a whole number`);
  if (!EVENT_TYPES.includes(type))
    fail(`"type" is ${shown("type")}; allowed: ${EVENT_TYPES.join(", ")}`);
  if (!FUNCTIONS.includes(f)) fail(`"f" is ${shown("f")}; allowed: ${FUNCTIONS.join(", ")}`);
  if (typeof key !== "string") fail(`"key" is ${shown("key")}; allowed: a string`);
  if (typeof time !== "number" || !Number.isFinite(time)) fail(`"time" is ${shown("time")}; allowed: a number`);
  if (value !== void 0 && value !== null && typeof value !== "string")
    fail(`"value" is ${shown("value")}; allowed: a string or null`);
  const event = {
    process,
    type,
    f,
    key,
    time,
    line
  };
  if (value !== void 0) event.value = value;
  return event;
}
function operationsOf(events, source = "history") {
  const operations = [];
  const pending = /* @__PURE__ */ new Map();
  let previous;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const line = event.line ?? index + 1;
    const at = event.line === void 0 ? `${source} event ${line}` : `${source} line ${line}`;
    const fail = (what) => {
      throw new HistoryFormatError(`${at}: ${what}`, line);
    };
    if (previous && event.time < previous.time)
      fail(`"time" ${event.time} is before ${previous.time} at ${previous.at}; allowed: events in time order`);
    previous = { time: event.time, at };
    const open = pending.get(event.process);
    if (event.type === "invoke") {
      if (open)
        fail(
          `process ${event.process} invokes again, but its invoke at ${open.at} has no completion; allowed: one operation at a time per process`
        );
      if (event.f === "put" && typeof event.value !== "string")
        fail(`a put's invoke needs "value", a string (the value written)`);
      const operation2 = {
        id: operations.length,
        process: event.process,
        f: event.f,
        key: event.key,
        value: event.f === "put" ? event.value : null,
        outcome: "info",
        invokeTime: event.time,
        returnTime: Infinity,
        invokeLine: line
      };
      operations.push(operation2);
      pending.set(event.process, { operation: operation2, at });
      continue;
    }
    if (!open) {
      return fail(
        `an "${event.type}" of process ${event.process}, which has no invoke pending; allowed: a completion after its process's invoke`
      );
    }
    const { operation, at: invokedAt } = open;
    if (event.f !== operation.f || event.key !== operation.key) {
      fail(
        `the ${event.type} is of ${event.f} ${JSON.stringify(event.key)}, but process ${event.process} invoked ${operation.f} ${JSON.stringify(operation.key)} at ${invokedAt}`
      );
    }
    if (operation.f === "put" && typeof event.value === "string" && event.value !== operation.value) {
      fail(
        `the put's ${event.type} carries ${JSON.stringify(event.value)}, but its invoke at ${invokedAt} wrote ${JSON.stringify(operation.value)}`
      );
    }
    if (operation.f === "get" && event.type === "ok") {
      if (event.value === void 0) fail(`a get's ok needs "value": the value read, or null when the key was absent`);
      operation.value = event.value;
    }
    operation.outcome = event.type === "ok" ? "ok" : event.type;
    operation.completeLine = line;
    if (event.type !== "info") operation.returnTime = event.time;
    pending.delete(event.process);
  }
  return operations;
}

// src/history/visited-set.ts
var STRIDE = 5;
var FIRST_SLOTS = 1 << 10;
var VisitedSet = class {
  /** `maxBytes`: the most the set's arrays may take together. */
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
  }
  maxBytes;
  /** Entry number + 1 per slot, 0 for an empty slot; a power of two long, never more than half full. */
  slots = new Int32Array(FIRST_SLOTS);
  entries = new Uint32Array(FIRST_SLOTS * STRIDE);
  pool = new Uint32Array(FIRST_SLOTS * 2);
  count = 0;
  used = 0;
  /** Bytes the set's arrays take now (what the budget counts). */
  get bytes() {
    return this.slots.byteLength + this.entries.byteLength + this.pool.byteLength;
  }
  /** How many configurations the set holds. */
  get size() {
    return this.count;
  }
  /**
   * Adds (`hash`, `state`, `ordered`) unless it is held already. `hash` must be the same for equal
   * configurations. The bitset is stored from its first word that is not full to its last that is not
   * empty: a search orders operations roughly in invocation order, so that stays about as small as the
   * operations in flight at once.
   */
  add(hash, state, ordered) {
    let base = 0;
    while (base < ordered.length && ordered[base] === 4294967295) base++;
    let top = ordered.length;
    while (top > base && ordered[top - 1] === 0) top--;
    const length = top - base;
    const key = hash >>> 0;
    const mask = this.slots.length - 1;
    let slot = key & mask;
    for (let taken = this.slots[slot]; taken !== 0; taken = this.slots[slot]) {
      const at2 = (taken - 1) * STRIDE;
      const entries = this.entries;
      if (entries[at2] === key && entries[at2 + 1] === state >>> 0 && entries[at2 + 2] === base && entries[at2 + 3] === length) {
        const offset = entries[at2 + 4];
        let same = true;
        for (let word = 0; word < length; word++) {
          if (this.pool[offset + word] !== ordered[base + word]) {
            same = false;
            break;
          }
        }
        if (same) return "present";
      }
      slot = slot + 1 & mask;
    }
    if (!this.reserve(length)) return "full";
    const newMask = this.slots.length - 1;
    slot = key & newMask;
    while (this.slots[slot] !== 0) slot = slot + 1 & newMask;
    const at = this.count * STRIDE;
    this.entries[at] = key;
    this.entries[at + 1] = state >>> 0;
    this.entries[at + 2] = base;
    this.entries[at + 3] = length;
    this.entries[at + 4] = this.used;
    this.pool.set(ordered.subarray(base, top), this.used);
    this.used += length;
    this.count++;
    this.slots[slot] = this.count;
    return "added";
  }
  /** Room for one more entry of `words` words, growing the arrays within the budget; false when it does not fit. */
  reserve(words) {
    const needSlots = (this.count + 1) * 2 > this.slots.length;
    const needEntries = (this.count + 1) * STRIDE > this.entries.length;
    const needPool = this.used + words > this.pool.length;
    if (!needSlots && !needEntries && !needPool) return true;
    let slots = this.slots.length;
    let entries = this.entries.length;
    let pool = this.pool.length;
    if (needSlots) slots *= 2;
    const fixed = slots * 4;
    if (needEntries) entries = this.grown(entries, (this.count + 1) * STRIDE, fixed + pool * 4);
    if (needPool) pool = this.grown(pool, this.used + words, fixed + entries * 4);
    if (entries < 0 || pool < 0 || fixed + entries * 4 + pool * 4 > this.maxBytes) return false;
    if (needSlots) this.rehash(slots);
    if (entries !== this.entries.length) this.entries = copyInto(new Uint32Array(entries), this.entries);
    if (pool !== this.pool.length) this.pool = copyInto(new Uint32Array(pool), this.pool);
    return true;
  }
  /** An array's new length: double, or what is left of the budget after `otherBytes`; -1 when even `needed` does not fit. */
  grown(length, needed, otherBytes) {
    const room = Math.floor((this.maxBytes - otherBytes) / 4);
    const wanted = Math.max(length * 2, needed);
    if (wanted <= room) return wanted;
    return needed <= room ? room : -1;
  }
  rehash(length) {
    const slots = new Int32Array(length);
    const mask = length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.entries[entry * STRIDE] & mask;
      while (slots[slot] !== 0) slot = slot + 1 & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
};
function copyInto(to, from) {
  to.set(from);
  return to;
}

// src/history/linearizability.ts
var DEFAULT_MAX_STEPS = 5e6;
var DEFAULT_MAX_MEMORY_MB = 512;
var REPORT_MIN_STEPS = 1e4;
function checkHistory(events, options = {}) {
  return checkOperations(operationsOf(events), options);
}
function checkOperations(operations, options = {}) {
  const { summary, keys } = partitionByKey(operations);
  return combineKeyResults(
    summary,
    keys.map(({ key, checked }) => checkKey(key, checked, options))
  );
}
function partitionByKey(operations) {
  const byKey = /* @__PURE__ */ new Map();
  const processes = /* @__PURE__ */ new Set();
  const summary = {
    operations: operations.length,
    ok: 0,
    failed: 0,
    unknown: 0,
    keys: 0,
    processes: 0,
    checked: 0,
    steps: 0
  };
  for (const operation of operations) {
    processes.add(operation.process);
    if (operation.outcome === "ok") summary.ok++;
    else if (operation.outcome === "fail") summary.failed++;
    else summary.unknown++;
    const list = byKey.get(operation.key);
    if (list) list.push(operation);
    else byKey.set(operation.key, [operation]);
  }
  summary.keys = byKey.size;
  summary.processes = processes.size;
  const keys = [];
  for (const [key, list] of byKey) {
    const checked = relevantOperations(list);
    summary.checked += checked.length;
    keys.push({ key, checked });
  }
  return { summary, keys };
}
function combineKeyResults(counted, results) {
  const summary = { ...counted, steps: 0 };
  const failures = [];
  for (const { steps, failure } of results) {
    summary.steps += steps;
    if (failure) failures.push(failure);
  }
  if (failures.length === 0) return { ok: true, verdict: "linearizable", summary };
  failures.sort((a, b) => Number(a.verdict === "undecided") - Number(b.verdict === "undecided"));
  return {
    ok: false,
    verdict: failures[0].verdict,
    key: failures[0].key,
    operations: failures[0].operations,
    failures,
    summary
  };
}
function relevantOperations(operations) {
  const read = /* @__PURE__ */ new Set();
  for (const operation of operations)
    if (operation.f === "get" && operation.outcome === "ok" && operation.value !== null) read.add(operation.value);
  return operations.filter(
    (operation) => operation.outcome === "ok" || operation.outcome === "info" && operation.f === "put" && read.has(operation.value)
  ).sort((a, b) => a.invokeTime - b.invokeTime || a.id - b.id);
}
function checkKey(key, operations, options = {}) {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxBytes = (options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB) * 1024 * 1024;
  const unexplained = unexplainedRead(operations);
  if (unexplained) {
    const failure2 = {
      key,
      verdict: "not-linearizable",
      cause: unexplained.cause,
      operations: [unexplained.get],
      linearized: [],
      state: null,
      checked: operations.length,
      steps: 0
    };
    return { key, failure: failure2, steps: 0 };
  }
  const outcome = search(operations, { maxSteps, maxBytes, prune: true });
  if (outcome.ok) return { key, steps: outcome.steps };
  let shown = outcome;
  let steps = outcome.steps;
  if (outcome.stopped === void 0) {
    const reportSteps = Math.min(maxSteps, Math.max(outcome.steps, REPORT_MIN_STEPS));
    const plain = search(operations, { maxSteps: reportSteps, maxBytes, prune: false, reportOnly: true });
    if (plain.ok) throw new Error(`the linearizability searches disagree on key ${JSON.stringify(key)}`);
    steps += plain.steps;
    if (plain.stopped === void 0 || plain.order.length > outcome.order.length) shown = plain;
  }
  const failure = {
    key,
    verdict: outcome.stopped ? "undecided" : "not-linearizable",
    cause: outcome.stopped === "memory" ? "memory" : outcome.stopped === "steps" ? "budget" : "no-order",
    operations: shown.stuck.map((index) => operations[index]).sort((a, b) => a.invokeTime - b.invokeTime || a.id - b.id),
    linearized: shown.order.map((index) => operations[index]),
    state: shown.state,
    checked: operations.length,
    steps
  };
  return { key, failure, steps };
}
function unexplainedRead(operations) {
  const firstInvoked = /* @__PURE__ */ new Map();
  for (const operation of operations) {
    if (operation.f !== "put") continue;
    const value = operation.value;
    firstInvoked.set(value, Math.min(firstInvoked.get(value) ?? Infinity, operation.invokeTime));
  }
  for (const operation of operations) {
    if (operation.f !== "get" || operation.value === null) continue;
    const invoked = firstInvoked.get(operation.value);
    if (invoked === void 0) return { get: operation, cause: "never-written" };
    if (invoked > operation.returnTime) return { get: operation, cause: "written-later" };
  }
  return void 0;
}
function search(operations, limits) {
  const { maxSteps, prune, reportOnly = false } = limits;
  const count = operations.length;
  if (count === 0) return { ok: true, steps: 0 };
  const values = [null];
  const valueIds = /* @__PURE__ */ new Map();
  const valueId = (value) => {
    if (value === null) return 0;
    let id = valueIds.get(value);
    if (id === void 0) {
      id = values.length;
      values.push(value);
      valueIds.set(value, id);
    }
    return id;
  };
  const isPut = new Uint8Array(count);
  const argument = new Int32Array(count);
  const read = /* @__PURE__ */ new Set();
  for (let index = 0; index < count; index++) {
    isPut[index] = operations[index].f === "put" ? 1 : 0;
    argument[index] = valueId(operations[index].value);
    if (operations[index].f === "get") read.add(operations[index].value);
  }
  const unread = new Uint8Array(count);
  let required = count;
  const writers = /* @__PURE__ */ new Map();
  for (let index = 0; index < count; index++) {
    if (isPut[index] === 0) continue;
    writers.set(operations[index].value, (writers.get(operations[index].value) ?? 0) + 1);
    if (!read.has(operations[index].value)) {
      unread[index] = 1;
      required--;
    }
  }
  const onlyWriter = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    if (isPut[index] === 1 && unread[index] === 0 && writers.get(operations[index].value) === 1) onlyWriter[index] = 1;
  }
  const entries = [];
  for (let index = 0; index < count; index++) {
    entries.push({ time: operations[index].invokeTime, call: true, operation: index });
    entries.push({ time: operations[index].returnTime, call: false, operation: index });
  }
  entries.sort((a, b) => a.time - b.time || Number(b.call) - Number(a.call) || a.operation - b.operation);
  const size = entries.length + 1;
  const next = new Int32Array(size).fill(-1);
  const prev = new Int32Array(size).fill(-1);
  const operationOf = new Int32Array(size).fill(-1);
  const returnOf = new Int32Array(size).fill(-1);
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
  const lift = (call) => {
    next[prev[call]] = next[call];
    if (next[call] !== -1) prev[next[call]] = prev[call];
    const ret = returnOf[call];
    next[prev[ret]] = next[ret];
    if (next[ret] !== -1) prev[next[ret]] = prev[ret];
  };
  const unlift = (call) => {
    const ret = returnOf[call];
    next[prev[ret]] = ret;
    if (next[ret] !== -1) prev[next[ret]] = ret;
    next[prev[call]] = call;
    if (next[call] !== -1) prev[next[call]] = call;
  };
  const words = count + 31 >>> 5;
  const ordered = new Uint32Array(words);
  const zobrist = new Int32Array(count);
  let seed = 2654435769;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed | 0;
  };
  for (let index = 0; index < count; index++) zobrist[index] = random();
  let hash = 0;
  const toggle = (operation) => {
    ordered[operation >>> 5] ^= 1 << (operation & 31);
    hash ^= zobrist[operation];
  };
  const visited = new VisitedSet(limits.maxBytes);
  const stackCalls = new Int32Array(count);
  const stackStates = new Int32Array(count);
  const stackKinds = new Uint8Array(count);
  let depth = 0;
  let state = 0;
  let steps = 0;
  let orderedRequired = 0;
  const carried = new Int32Array(count);
  const deepestOrder = new Int32Array(count);
  let deepestDepth = -1;
  let agree = 0;
  let deepestState = 0;
  let deepestStuck = [];
  const candidates = () => {
    const found = [];
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
  const failed = (stopped) => {
    if (depth > deepestDepth && !(stopped && reportOnly)) recordDeepest();
    const order = Array.from(deepestOrder.subarray(0, Math.max(deepestDepth, 0)), (call) => operationOf[call]);
    return { ok: false, stopped, steps, order, state: values[deepestState], stuck: deepestStuck };
  };
  const push = (call, kind) => {
    if (agree === depth && deepestDepth > depth && deepestOrder[depth] === call) agree++;
    stackCalls[depth] = call;
    stackStates[depth] = state;
    stackKinds[depth] = kind;
    depth++;
    lift(call);
    if (unread[operationOf[call]] === 0) orderedRequired++;
  };
  const pop = () => {
    depth--;
    if (agree > depth) agree = depth;
    const call = stackCalls[depth];
    state = stackStates[depth];
    toggle(operationOf[call]);
    unlift(call);
    if (unread[operationOf[call]] === 0) orderedRequired--;
    return call;
  };
  const tryOrder = (call, kind, carriedCount) => {
    const operation = operationOf[call];
    for (let index = 0; index < carriedCount; index++) toggle(operationOf[carried[index]]);
    toggle(operation);
    const after = isPut[operation] === 1 ? argument[operation] : state;
    const answer = visited.add(hash ^ Math.imul(after + 1, 2654435761), after, ordered);
    if (answer !== "added") {
      for (let index = 0; index < carriedCount; index++) toggle(operationOf[carried[index]]);
      toggle(operation);
      return answer === "full" ? FULL : SEARCHED;
    }
    for (let index = 0; index < carriedCount; index++) {
      push(carried[index], CARRIED);
      state = argument[operationOf[carried[index]]];
    }
    push(call, kind);
    state = after;
    return ORDERED;
  };
  const canComeNext = (value) => {
    for (let node = next[0]; node !== -1 && returnOf[node] !== -1; node = next[node]) {
      if (isPut[operationOf[node]] === 0 && argument[operationOf[node]] === value) return true;
    }
    return false;
  };
  let entry = next[0];
  const backtrack = () => {
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
    if (steps === maxSteps) return failed("steps");
    steps++;
    if (fresh) {
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
        else if (tried === FULL) return failed("memory");
        else if (!backtrack()) return failed();
        continue;
      }
      entry = next[0];
    }
    const operation = operationOf[entry];
    if (returnOf[entry] !== -1) {
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
        return failed("memory");
      } else if (tried === SEARCHED) {
        entry = next[entry];
      } else if (prune && onlyWriter[operation] === 1 && !canComeNext(argument[operation])) {
        backtrack();
      } else {
        fresh = true;
      }
      continue;
    }
    if (unread[operation] === 1) {
      if (orderedRequired === required) return { ok: true, steps };
      const tried = tryOrder(callEntry[operation], FORCED, 0);
      if (tried === FULL) return failed("memory");
      if (tried === ORDERED) {
        fresh = true;
        continue;
      }
    } else if (depth > deepestDepth) {
      recordDeepest();
    }
    if (!backtrack()) return failed();
  }
  return { ok: true, steps };
}
var CHOICE = 0;
var CARRIED = 1;
var FORCED = 2;
var ORDERED = 0;
var SEARCHED = 1;
var FULL = 2;

export {
  HistoryFormatError,
  eventFrom,
  operationsOf,
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_MEMORY_MB,
  checkHistory,
  partitionByKey,
  combineKeyResults,
  checkKey
};
