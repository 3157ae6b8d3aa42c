// Times full `etcd-ha run`s (heartbeat 50 ms, election 250 ms) and reports the median of the whole run
// and of each phase and check, from the runs' own JSON reports. Usage: node bench/run.mjs [runs=5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 5);
const cli = path.resolve('dist/cli/index.js');
const samples = {};
const add = (name, value) => (samples[name] ??= []).push(value);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-bench-'));
  try {
    const json = path.join(dir, 'report.json');
    const started = performance.now();
    execFileSync(
      process.execPath,
      [
        cli,
        'run',
        '--heartbeat-ms',
        '50',
        '--election-ms',
        '250',
        '--base-address',
        '127.0.0.81',
        '--state',
        path.join(dir, 'state'),
        '--json',
        json,
      ],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 120_000,
      },
    );
    add('whole run, process start to exit (ms)', performance.now() - started);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    if (!report.passed) throw new Error(`run ${i + 1} did not pass`);
    for (const [phase, ms] of Object.entries(report.phases)) add(`phase ${phase} (ms)`, ms);
    for (const check of report.checks) {
      add(`check ${check.name} (ms)`, check.durationMs);
      for (const [figure, value] of Object.entries(check.figures))
        if (figure.endsWith('Ms')) add(`${check.name}.${figure}`, value);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`${runs} runs of 'etcd-ha run --heartbeat-ms 50 --election-ms 250', medians:`);
const width = Math.max(...Object.keys(samples).map((name) => name.length));
for (const [name, values] of Object.entries(samples)) {
  console.log(
    `${name.padEnd(width)}  ${median(values).toFixed(1).padStart(8)}   (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`,
  );
}
