// `etcd-ha history check` side by side with Porcupine (github.com/anishathalye/porcupine, the Go
// checker etcd's robustness tests use) on the same generated histories (bench/history-histories.mjs):
// each history linearizable, and with one stale read. Prints, per history, each checker's verdict,
// whether they agree, and the median wall time of whole processes.
//
// Porcupine is not part of this repository. Provide a driver binary and name it in PORCUPINE_DRIVER:
// a Go program that takes `FILE [timeout-seconds]`, reads the history (JSON lines, docs/history-format.md:
// fail left out, an info get left out, an info put returning after every other operation),
// checks it with porcupine.CheckOperationsTimeout and a key-value model partitioned by key (as in
// Porcupine's own tests: a get's output equals the state, a put sets it; absent is a value of its own),
// prints `linearizable`, `not-linearizable` or `undecided` (timeout) first on its line, and exits 0 only
// for linearizable. Without PORCUPINE_DRIVER the Porcupine column is left out, and says so.
//
// Porcupine can take many GB on a history it cannot decide (23 GB in 100 s on 100,000 operations on
// one key): the driver runs under `ulimit -v` of PORCUPINE_MEMORY_MB (default 4096), and a driver that
// dies of it shows as `crashed`.
//
// Usage: [PORCUPINE_DRIVER=/path/to/driver] node bench/porcupine.mjs [runs=5] [timeout-seconds=30]
// The CLI is dist/cli/index.js (build it first: npm run build).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { historyText, simulate, withStaleRead } from './history-histories.mjs';

const runs = Number(process.argv[2] ?? 5);
const timeoutSeconds = Number(process.argv[3] ?? 30);
const memoryMb = Number(process.env.PORCUPINE_MEMORY_MB ?? 4096);
const cli = path.resolve('dist/cli/index.js');
const driver = process.env.PORCUPINE_DRIVER;
if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
if (!driver)
  console.log('PORCUPINE_DRIVER is not set: the Porcupine column is left out (see the top of bench/porcupine.mjs)');
else if (!existsSync(driver)) throw new Error(`PORCUPINE_DRIVER is '${driver}', which does not exist`);

/** The histories: operations, keys, clients. */
const SHAPES = [
  [10_000, 5, 8],
  [100_000, 5, 8],
  [100_000, 50, 8],
  [100_000, 1, 8],
  [20_000, 1, 32],
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs `command` runs + 1 times (the first warms up); its verdict (first word of stdout) and the median wall ms. */
function time(command, args) {
  const times = [];
  let verdict;
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const elapsed = performance.now() - started;
    if (result.error) throw result.error;
    if (i > 0) times.push(elapsed);
    verdict =
      result.status === 0 || result.status === 1
        ? result.stdout.trim().split(/[\s:]/)[0].replace(/^not$/, 'not-linearizable')
        : `crashed(${result.status ?? result.signal})`;
  }
  return { verdict, ms: median(times) };
}

const temp = mkdtempSync(path.join(tmpdir(), 'etcd-ha-porcupine-bench-'));
try {
  console.log(`${runs} runs after one warm-up per checker and history, median wall time of the whole process:`);
  // agree: '-' where a checker did not decide (undecided, or crashed).
  const header = ['history', 'etcd-ha', 'ms', ...(driver ? ['porcupine', 'ms', 'agree'] : [])];
  console.log(header.join('\t'));
  let disagreements = 0;
  for (const [count, keys, clients] of SHAPES) {
    const operations = simulate(count, { keys, clients });
    for (const [name, list] of [
      ['linearizable', operations],
      ['stale read', withStaleRead(operations).operations],
    ]) {
      const file = path.join(temp, 'history.jsonl');
      writeFileSync(file, historyText(list));
      const label = `${count} ops, ${keys} keys, ${clients} clients, ${name}`;
      const ours = time(process.execPath, [cli, 'history', 'check', file]);
      const row = [label, ours.verdict, ours.ms.toFixed(0)];
      if (driver) {
        const capped = ['-c', `ulimit -v ${memoryMb * 1024}; exec "$0" "$@"`, driver, file, String(timeoutSeconds)];
        const theirs = time('sh', capped);
        const decided = (verdict) => verdict === 'linearizable' || verdict === 'not-linearizable';
        const both = decided(theirs.verdict) && decided(ours.verdict);
        if (both && ours.verdict !== theirs.verdict) disagreements++;
        row.push(theirs.verdict, theirs.ms.toFixed(0), !both ? '-' : ours.verdict === theirs.verdict ? 'yes' : 'NO');
      }
      console.log(row.join('\t'));
    }
  }
  if (disagreements > 0) {
    console.log(`${disagreements} histories where both decided and the verdicts differ`);
    process.exitCode = 1;
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
