// Generated put/get histories for the history benchmarks (bench/history.mjs, bench/porcupine.mjs):
// CLIENTS clients put and get KEYS keys, one operation at a time each, with overlapping latencies
// (mostly 0.5-5 ms, 2% slow up to 100 ms); 1% of operations time out (`info`: half of those take
// effect anyway, possibly after the timeout) and 1% of puts fail. Every operation takes effect at one
// instant inside its interval on a real register per key, so the history is linearizable; the
// same history with one stale read in its middle is not. Written as `etcd-ha history check` reads it.

/** xorshift32, so every run checks the same history. */
export function randomSource(seed) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/**
 * `count` operations as { client, f, key, value, invoke, completion, outcome } with each result read
 * from a real register per key.
 */
export function simulate(count, { clients = 8, keys = 5, seed = 20240611 } = {}) {
  const random = randomSource(seed);
  const clock = new Array(clients).fill(0);
  const operations = [];
  for (let index = 0; index < count; index++) {
    // The client that is free first goes next, as concurrent clients do.
    let client = 0;
    for (let other = 1; other < clients; other++) if (clock[other] < clock[client]) client = other;
    const invoke = clock[client] + random() * 2;
    const latency = random() < 0.02 ? 20 + random() * 80 : 0.5 + random() * 4.5;
    const f = random() < 0.5 ? 'put' : 'get';
    const operation = {
      client,
      f,
      key: `key-${Math.floor(random() * keys)}`,
      value: f === 'put' ? `c${client}-${index}` : null,
      invoke,
      completion: invoke + latency,
      outcome: 'ok',
    };
    operation.effectAt = invoke + random() * latency;
    operation.takesEffect = true;
    const timedOut = random() < 0.01;
    if (timedOut) {
      // A timeout: reported after 50 ms; the operation may still take effect, even later.
      operation.outcome = 'info';
      operation.completion = invoke + 50;
      operation.takesEffect = random() < 0.5;
      operation.effectAt = invoke + random() * 200;
    } else if (f === 'put' && random() < 0.01) {
      operation.outcome = 'fail';
      operation.takesEffect = false;
    }
    clock[client] = operation.completion;
    operations.push(operation);
  }
  const registers = new Map();
  for (const operation of [...operations].sort((a, b) => a.effectAt - b.effectAt)) {
    if (!operation.takesEffect) continue;
    if (operation.f === 'put') registers.set(operation.key, operation.value);
    else operation.value = registers.get(operation.key) ?? null;
  }
  return operations;
}

const round = (ms) => Math.round(ms * 1000) / 1000;

/** JSON lines in time order; a client's completion comes before its next invocation. */
export function historyText(operations) {
  const events = [];
  for (const operation of operations) {
    const { client: process, f, key } = operation;
    events.push({
      order: events.length,
      event: {
        process,
        type: 'invoke',
        f,
        key,
        value: f === 'put' ? operation.value : null,
        time: round(operation.invoke),
      },
    });
    const value = f === 'get' && operation.outcome !== 'ok' ? null : operation.value;
    events.push({
      order: events.length,
      event: { process, type: operation.outcome, f, key, value, time: round(operation.completion) },
    });
  }
  events.sort((a, b) => a.event.time - b.event.time || a.order - b.order);
  return events.map(({ event }) => JSON.stringify(event)).join('\n') + '\n';
}

/**
 * A get at `at` (a fraction of the history) turned stale: it returns the value of a put that a later
 * put, begun after it completed, overwrote before the get began.
 */
export function withStaleRead(operations, at = 0.5) {
  const copy = operations.map((operation) => ({ ...operation }));
  for (let index = Math.floor(copy.length * at); index < copy.length; index++) {
    const get = copy[index];
    if (get.f !== 'get' || get.outcome !== 'ok') continue;
    const puts = copy.filter(
      (put) => put.f === 'put' && put.key === get.key && put.outcome === 'ok' && put.completion < get.invoke,
    );
    if (puts.length < 2) continue;
    const [older, last] = puts.slice(-2);
    // The only put of its value completed before another put began, which completed before the get began.
    if (older.completion >= last.invoke || get.value === older.value) continue;
    get.value = older.value;
    return { operations: copy, get };
  }
  throw new Error('no get could be made stale');
}
