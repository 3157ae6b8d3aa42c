// Times `etcd-ha history check` as whole processes on realistic histories (bench/history-histories.mjs):
// 8 clients put and get 5 keys, one operation at a time each, with overlapping latencies; some time
// out (`info`) and some puts fail. The history is linearizable; then the same history with one stale
// read in its middle, which the checker must find. Prints the median, min and max wall time of each,
// and of `etcd-ha --version` (the process start alone). Then, once each:
// - 100,000 operations on 50 and on 5 keys, the keys checked on every core and on one (taskset -c 0);
// - a violation among 32 concurrent clients on one key, proven in few steps, whose operations the
//   second, report-only search names in as many steps again (not the 5,000,000-step budget);
// - a history on one key with 48 clients that the search cannot decide in 5,000,000 steps, with the
//   peak memory of the process (GNU time, /usr/bin/time, when installed) and under --max-memory-mb 64.
// Usage: node bench/history.mjs [runs=7] [operations=10000]
// The CLI is dist/cli/index.js when it is newer than every file in src/, else a fresh build
// in a temporary folder (removed at the end), as the lint CLI tests do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { historyText, simulate, withStaleRead } from './history-histories.mjs';

const runs = Number(process.argv[2] ?? 7);
const operationCount = Number(process.argv[3] ?? 10000);

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

/**
 * Runs `history check FILE --format json` once, behind `prefix` (a command such as taskset) and with
 * `extra` flags; its wall time, output and, under GNU time, peak memory. Undefined when `prefix` is not installed.
 */
function once(cli, file, expectedCode, prefix = [], extra = []) {
  if (prefix.length > 0 && spawnSync(prefix[0], ['--help'], { stdio: 'ignore' }).error) return undefined;
  const gnuTime = prefix.length === 0 && existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'peak-kb %M'] : [];
  const command = [
    ...gnuTime,
    ...prefix,
    process.execPath,
    cli,
    'history',
    'check',
    file,
    '--format',
    'json',
    ...extra,
  ];
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const ms = performance.now() - started;
  if (result.status !== expectedCode)
    throw new Error(`${command.join(' ')} exited ${result.status}, not ${expectedCode}: ${result.stderr}`);
  const peak = /peak-kb (\d+)/.exec(result.stderr);
  return { ms, stdout: result.stdout, peakMb: peak ? Math.round(Number(peak[1]) / 1024) : undefined };
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

  console.log('\nonce each, whole process:');
  const write = (name, list) => {
    const file = path.join(temp, name);
    writeFileSync(file, historyText(list));
    return file;
  };
  for (const keys of [50, 5]) {
    const large = simulate(100_000, { keys });
    const file = write(`large-${keys}.jsonl`, withStaleRead(large).operations);
    const all = once(cli, file, 1);
    const one = once(cli, file, 1, ['taskset', '-c', '0']);
    console.log(
      `100,000 operations on ${keys} keys, stale read: ${all.ms.toFixed(0)} ms on every core, ` +
        (one
          ? `${one.ms.toFixed(0)} ms on one (taskset -c 0)${one.stdout === all.stdout ? ', same verdict' : ', VERDICTS DIFFER'}`
          : 'taskset not installed: no one-core figure'),
    );
  }
  const contended = once(
    cli,
    write('contended.jsonl', withStaleRead(simulate(5000, { keys: 1, clients: 32 })).operations),
    1,
  );
  const proven = JSON.parse(contended.stdout);
  console.log(
    `violation among 32 clients on one key (5,000 operations): ${contended.ms.toFixed(0)} ms, ${proven.summary.steps} steps ` +
      `(proof and report together), verdict ${proven.verdict}`,
  );
  const undecidable = write(
    'undecidable.jsonl',
    withStaleRead(simulate(20_000, { keys: 1, clients: 48 }), 0.9).operations,
  );
  for (const extra of [[], ['--max-memory-mb', '64']]) {
    const run = once(cli, undecidable, 1, [], extra);
    const failure = JSON.parse(run.stdout).failures[0];
    console.log(
      `48 clients on one key (20,000 operations)${extra.length ? ` ${extra.join(' ')}` : ''}: ${run.ms.toFixed(0)} ms, ` +
        `${failure.verdict} (${failure.cause}) after ${failure.steps} steps, peak ${run.peakMb === undefined ? 'not measured (no GNU time)' : `${run.peakMb} MB`}`,
    );
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
