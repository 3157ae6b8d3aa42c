// Times the watch checker beside the put/get checker on the same history: clients put and get keys
// (bench/history-histories.mjs), each put that takes effect getting the next revision, acknowledged
// puts carrying it; watchers deliver its events: one on every key from revision 1 with prev_kv and
// progress notifications, one per key from now, and one on a prefix cancelled in the middle and
// resumed from its last revision (so some events come twice, as after a member kill). Prints:
// - in the process, reading the file and checking the watches, apart, for the valid history and for
//   the same history with one event dropped (which the checker must name: reliable);
// - whole processes of `etcd-ha history check`, on the file with and without its watch records.
// Usage: node bench/watch.mjs [runs=5] [operations=80000]
// The CLI and the checker are built with esbuild into a temporary folder (removed at the end).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { randomSource, simulate } from './history-histories.mjs';

const runs = Number(process.argv[2] ?? 5);
const operationCount = Number(process.argv[3] ?? 80000);
const KEYS = 20;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (ms) => Math.round(ms * 1000) / 1000;

/** The history's records, in time order: the put/get events, then the watch records among them. */
function watchHistory(operations, { dropOne = false } = {}) {
  const random = randomSource(7);
  const records = [];
  const add = (time, record) => records.push({ time: round(time), order: records.length, record });
  const applied = operations.filter((o) => o.takesEffect && o.f === 'put').sort((a, b) => a.effectAt - b.effectAt);
  applied.forEach((operation, index) => (operation.revision = index + 2));
  for (const o of operations) {
    add(o.invoke, { process: o.client, type: 'invoke', f: o.f, key: o.key, value: o.f === 'put' ? o.value : null });
    const done = { process: o.client, type: o.outcome, f: o.f, key: o.key };
    if (o.f === 'get' && o.outcome === 'ok') done.value = o.value;
    if (o.f === 'put' && o.outcome === 'ok') done.revision = o.revision;
    add(o.completion, done);
  }
  // The key's state as events carry it.
  const state = new Map();
  const events = applied.map((o) => {
    const before = state.get(o.key);
    const kv = before
      ? { createRevision: before.createRevision, version: before.version + 1 }
      : { createRevision: o.revision, version: 1 };
    state.set(o.key, { ...kv, value: o.value, modRevision: o.revision });
    const event = { type: 'PUT', key: o.key, value: o.value, modRevision: o.revision, ...kv };
    return { event, prev: before && { value: before.value, modRevision: before.modRevision }, at: o.effectAt };
  });
  const first = events[0].at;
  const middle = events[Math.floor(events.length / 2)];
  let watcher = 0;
  const watch = (filter, fromStart, { prevKv = false, progress = false, resumeAt } = {}) => {
    const id = ++watcher;
    add(fromStart ? first - 1 : 0, {
      watch: 'start',
      watcher: id,
      ...filter,
      ...(fromStart && { revision: 1 }),
      prevKv,
      progressNotify: progress,
    });
    const matches = filter.prefix ? (key) => key.startsWith(filter.key) : (key) => key === filter.key;
    let delivered = 0;
    let lastRevision = 1;
    let resumed = false;
    let sentAt = 0;
    for (const { event, prev, at } of events) {
      if (!matches(event.key)) continue;
      if (resumeAt && !resumed && at > resumeAt) {
        // Cancelled, then resumed from its last revision: that event comes again.
        sentAt = Math.max(sentAt, at);
        add(sentAt, { watch: 'resume', watcher: id, revision: lastRevision, member: 'm2' });
        const again = events.find((e) => e.event.modRevision === lastRevision);
        if (again) add(sentAt, { watch: 'response', watcher: id, events: [again.event] });
        resumed = true;
      }
      if (dropOne && id === 1 && event.modRevision === middle.event.modRevision) continue;
      const sent = { ...event, ...(prevKv && prev && { prevKv: prev }) };
      sentAt = Math.max(sentAt, at + 0.1 + random() * 3);
      add(sentAt, { watch: 'response', watcher: id, events: [sent] });
      lastRevision = event.modRevision;
      if (progress && ++delivered % 100 === 0)
        add(sentAt, { watch: 'response', watcher: id, revision: event.modRevision, progressNotify: true });
    }
  };
  watch({ key: '', prefix: true }, true, { prevKv: true, progress: true });
  for (let key = 0; key < KEYS; key++) watch({ key: `key-${key}` }, false);
  watch({ key: 'key-1', prefix: true }, true, { resumeAt: middle.at });
  records.sort((a, b) => a.time - b.time || a.order - b.order);
  return records.map(({ time, record }) => JSON.stringify({ ...record, time })).join('\n') + '\n';
}

const temp = mkdtempSync(path.join(tmpdir(), 'etcd-ha-watch-bench-'));
try {
  execFileSync(process.execPath, ['scripts/build.mjs', path.join(temp, 'dist')], { stdio: 'inherit' });
  const cli = path.join(temp, 'dist', 'cli', 'index.js');
  const library = path.join(temp, 'watch.mjs');
  await build({
    stdin: {
      contents: `export { parseHistoryFile } from './src/history/watch-format.ts';
export { checkWatch } from './src/history/watch.ts';`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: library,
    logLevel: 'warning',
  });
  const { parseHistoryFile, checkWatch } = await import(pathToFileURL(library).href);

  const operations = simulate(operationCount, { keys: KEYS });
  const good = watchHistory(operations);
  const bad = watchHistory(simulate(operationCount, { keys: KEYS }), { dropOne: true });
  const putGetOnly = good
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{"watch"'))
    .join('\n');
  const files = {};
  for (const [name, text] of Object.entries({ good, bad, putGetOnly })) {
    files[name] = path.join(temp, `${name}.jsonl`);
    writeFileSync(files[name], text);
  }

  const inProcess = (text, expectOk) => {
    const parse = [];
    const check = [];
    let result;
    for (let i = 0; i < runs + 1; i++) {
      let started = performance.now();
      const file = parseHistoryFile(text, 'bench');
      const parsed = performance.now() - started;
      started = performance.now();
      result = checkWatch(file.watch);
      const checked = performance.now() - started;
      if (i > 0) {
        parse.push(parsed);
        check.push(checked);
      }
    }
    if (result.ok !== expectOk)
      throw new Error(`watch verdict ${result.verdict}: ${JSON.stringify(result.violations[0])}`);
    return { parse, check, result };
  };
  const valid = inProcess(good, true);
  const broken = inProcess(bad, false);
  const s = valid.result.summary;
  console.log(
    `watch history: ${operationCount} put/get operations on ${KEYS} keys, ${s.watchers} watchers (${s.resumptions} resumption), ` +
      `${s.responses} responses, ${s.events} events, ${(good.length / 1e6).toFixed(1)} MB; ${runs} runs after one warm-up`,
  );
  const row = (name, times) =>
    console.log(
      `${name.padEnd(44)} median ${median(times).toFixed(0).padStart(5)}  min ${Math.min(...times)
        .toFixed(0)
        .padStart(5)}  max ${Math.max(...times)
        .toFixed(0)
        .padStart(5)}`,
    );
  row('in process: read the file (ms)', valid.parse);
  row('in process: check the watches, valid (ms)', valid.check);
  row('in process: check the watches, one dropped (ms)', broken.check);
  const v = broken.result.violations[0];
  console.log(
    `  events not judged on prev_kv and flags: ${s.eventsNotJudgedOnFlags}; largest delivery delay ${s.largestDelay?.toFixed(1)} ms`,
  );
  console.log(`  the dropped event: ${v.guarantee}, watcher ${v.watcher}, line ${v.line}, revision ${v.revision}`);

  const whole = (file, code) => {
    const times = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [cli, 'history', 'check', file, '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (result.status !== code) throw new Error(`exit ${result.status}, not ${code}: ${result.stderr}`);
      if (i > 0) times.push(performance.now() - started);
    }
    return times;
  };
  row('whole process: put/get records only (ms)', whole(files.putGetOnly, 0));
  row('whole process: put/get and watch (ms)', whole(files.good, 0));
  row('whole process: one event dropped (ms)', whole(files.bad, 1));
} finally {
  rmSync(temp, { recursive: true, force: true });
}
