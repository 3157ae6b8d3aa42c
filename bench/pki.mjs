// Times the PKI for 3 members with each key algorithm, side by side (the algorithms alternate run by
// run): the PKI made and written inside `etcd-ha certs` (as its log line says) and that whole
// process; and the phases of full `etcd-ha run`s (heartbeat 50 ms, election 250 ms, status check
// only), whose `pki` phase is the wait for the PKI after the etcd phase (the PKI is made from the
// start, alongside it). Usage: node bench/pki.mjs [runs=7]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 7);
const algorithms = ['ecdsa-p256', 'rsa-2048'];
const cli = path.resolve('dist/cli/index.js');
const samples = {};
const add = (algorithm, name, value) => ((samples[name] ??= {})[algorithm] ??= []).push(value);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** Runs the CLI; returns its wall time and what it logged. */
const timed = (args) => {
  const started = performance.now();
  const { stderr } = spawnSync(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ms: performance.now() - started, stderr };
};

for (let i = 0; i < runs; i++) {
  for (const algorithm of algorithms) {
    const dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-bench-pki-'));
    try {
      const certs = timed(['certs', '--out', path.join(dir, 'certs'), '--key-algorithm', algorithm]);
      const made = new RegExp(`\\(${algorithm} keys; (\\d+) ms\\)`).exec(certs.stderr);
      if (!made) throw new Error(`etcd-ha certs with ${algorithm} did not say how long the PKI took:\n${certs.stderr}`);
      add(algorithm, 'certs: PKI made and written (ms)', Number(made[1]));
      add(algorithm, "'etcd-ha certs', process start to exit (ms)", certs.ms);
      const json = path.join(dir, 'report.json');
      const args = [
        'run',
        '--key-algorithm',
        algorithm,
        '--checks',
        'status',
        '--heartbeat-ms',
        '50',
        '--election-ms',
        '250',
      ];
      const whole = timed([
        ...args,
        '--base-address',
        '127.0.0.91',
        '--state',
        path.join(dir, 'state'),
        '--json',
        json,
      ]).ms;
      const report = JSON.parse(readFileSync(json, 'utf8'));
      if (!report.passed || report.cluster.keyAlgorithm !== algorithm)
        throw new Error(`run ${i + 1} with ${algorithm} did not pass with ${algorithm} keys`);
      add(algorithm, "'etcd-ha run', process start to exit (ms)", whole);
      for (const [phase, ms] of Object.entries(report.phases)) add(algorithm, `run: phase ${phase} (ms)`, ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

console.log(`${runs} runs per key algorithm, 3 members, alternating; medians (min to max):`);
const width = Math.max(...Object.keys(samples).map((name) => name.length));
console.log(`${''.padEnd(width)}  ${algorithms.map((algorithm) => algorithm.padStart(26)).join('')}`);
for (const [name, byAlgorithm] of Object.entries(samples)) {
  const cells = algorithms.map((algorithm) => {
    const values = byAlgorithm[algorithm] ?? [];
    return values.length === 0
      ? '-'.padStart(26)
      : `${median(values).toFixed(1)} (${Math.min(...values).toFixed(0)} to ${Math.max(...values).toFixed(0)})`.padStart(
          26,
        );
  });
  console.log(`${name.padEnd(width)}  ${cells.join('')}`);
}
