// Times `etcd-ha history check` as whole processes on a realistic history: 8 clients put and get
// 5 keys, one operation at a time each, with overlapping latencies (mostly 0.5-5 ms, 2% slow up
// to 100 ms); 1% of operations time out (`info`: half of those take effect anyway, possibly after
// the timeout) and 1% of puts fail. Every operation takes effect at one instant inside its interval
// on a real register per key, so the history is linearizable. Then the same history with one stale
// read in its middle (a get that returns the value of a put that a later put, begun after it
// completed, overwrote before the get began), which the checker must find. Prints the median, min
// and max wall time of each, and of `etcd-ha --version` (the process start alone).
// Usage: node bench/history.mjs [runs=7] [operations=10000]
// The CLI is dist/cli/index.js when it is newer than every file in src/, else a fresh build
// in a temporary folder (removed at the end), as the lint CLI tests do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 7);
const operationCount = Number(process.argv[3] ?? 10000);
const CLIENTS = 8;
const KEYS = 5;

/** xorshift32, so every run checks the same history. */
function randomSource(seed) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Operations as [client, f, key, value, invoke, completion, outcome] with each result read from a real register. */
function simulate(count) {
  const random = randomSource(20240611);
  const clock = new Array(CLIENTS).fill(0);
  const operations = [];
  for (let index = 0; index < count; index++) {
    // The client that is free first goes next, as concurrent clients do.
    const client = clock.indexOf(Math.min(...clock));
    const invoke = clock[client] + random() * 2;
    const latency = random() < 0.02 ? 20 + random() * 80 : 0.5 + random() * 4.5;
    const f = random() < 0.5 ? 'put' : 'get';
    const operation = {
      client,
      f,
      key: `key-${Math.floor(random() * KEYS)}`,
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

/** JSON lines in time order; a client's completion comes before its next invocation. */
function historyText(operations) {
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

const round = (ms) => Math.round(ms * 1000) / 1000;

/** A get in the middle turned stale: it returns the value of a put that a later put overwrote before the get began. */
function withStaleRead(operations) {
  const copy = operations.map((operation) => ({ ...operation }));
  for (let index = Math.floor(copy.length / 2); index < copy.length; index++) {
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

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : statSync(file).mtimeMs);
  }
  return newest;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs `history check` runs + 1 times (the first warms the page cache); the wall times and the last JSON verdict. */
function time(cli, file, expectedCode) {
  const times = [];
  let verdict;
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [cli, 'history', 'check', file, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    const elapsed = performance.now() - started;
    if (result.status !== expectedCode)
      throw new Error(
        `history check exited ${result.status}, not ${expectedCode}: ${result.stderr}${result.stdout.slice(0, 2000)}`,
      );
    if (i > 0) times.push(elapsed);
    verdict = JSON.parse(result.stdout);
  }
  return { times, verdict };
}

const temp = mkdtempSync(path.join(tmpdir(), 'etcd-ha-history-bench-'));
try {
  const dist = path.resolve('dist/cli/index.js');
  let cli = dist;
  if (!existsSync(dist) || statSync(dist).mtimeMs < newestMtime('src')) {
    console.log('dist/cli is older than src/: building the bundles into a temporary folder');
    execFileSync(process.execPath, ['scripts/build.mjs', path.join(temp, 'dist')], { stdio: 'inherit' });
    cli = path.join(temp, 'dist', 'cli', 'index.js');
  }
  const operations = simulate(operationCount);
  const good = path.join(temp, 'history.jsonl');
  writeFileSync(good, historyText(operations));
  const stale = withStaleRead(operations);
  const bad = path.join(temp, 'stale.jsonl');
  writeFileSync(bad, historyText(stale.operations));

  const noop = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    execFileSync(process.execPath, [cli, '--version'], { stdio: 'ignore' });
    if (i > 0) noop.push(performance.now() - started);
  }
  const linearizable = time(cli, good, 0);
  const violation = time(cli, bad, 1);
  const { summary } = linearizable.verdict;
  console.log(
    `etcd-ha history check: ${summary.operations} operations (${summary.ok} ok, ${summary.failed} failed, ${summary.unknown} unknown outcome) ` +
      `on ${summary.keys} keys by ${summary.processes} clients, ${runs} runs after one warm-up, whole process:`,
  );
  const row = (name, times) =>
    console.log(
      `${name.padEnd(34)} median ${median(times).toFixed(0).padStart(5)}  min ${Math.min(...times)
        .toFixed(0)
        .padStart(5)}  max ${Math.max(...times)
        .toFixed(0)
        .padStart(5)}`,
    );
  row('etcd-ha --version (ms)', noop);
  row(`linearizable (ms)`, linearizable.times);
  row(`one stale read (ms)`, violation.times);
  console.log(
    `search steps: ${summary.steps} linearizable, ${violation.verdict.summary.steps} with the stale read (found on ${violation.verdict.failures[0].key})`,
  );
} finally {
  rmSync(temp, { recursive: true, force: true });
}
