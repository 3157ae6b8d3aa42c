// How much of a container run is the engine's own time: times, side by side, a whole 3-member
// container run with the default checks, the same run on local processes, and the engine floor
// (bench/engine-floor.sh: the engine operations such a run cannot avoid, as plain docker CLI calls),
// and reports (container - floor) / local round by round, then the median (min to max) of those. A
// ratio near 1 says the container target adds nothing of its own beyond what the engine costs.
//
// Usage: node bench/engine-floor.mjs [rounds=5] [--engines docker,podman]
//
// Each round runs, per engine, the container run, the local run and the floor in turn, as whole
// processes. `docker` is the engine at DOCKER_HOST; `podman` the one at ETCD_HA_TEST_PODMAN_HOST
// (scripts/test-engines.sh starts both, as scripts/test.sh does). Needs a built dist/ (npm run build)
// and etcd on PATH; builds the tests' image on each engine first, outside the timings.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at < 0 ? fallback : args[at + 1];
};
const rounds = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 5);
const engines = option('engines', 'docker,podman').split(',');
const cli = path.resolve('dist/cli/index.js');
const work = mkdtempSync(path.join(tmpdir(), 'etcd-ha-bench-floor-'));
const FAST = ['--heartbeat-ms', '50', '--election-ms', '250'];

/** The tests' engine helpers (TypeScript), bundled for this script. */
async function fixtures() {
  const out = path.join(work, 'fixtures.mjs');
  await build({
    stdin: {
      contents: "export { engineEnv, ensureTestImage } from './test/support/container-engine.ts';\n",
      resolveDir: path.resolve('.'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
  });
  return import(pathToFileURL(out).href);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values, digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)} to ${Math.max(...values).toFixed(digits)})`;

/** Runs a whole process; its wall time in ms. Fails with what it said if it fails. */
function timed(file, argv, env) {
  const started = performance.now();
  try {
    execFileSync(file, argv, {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
      env: { ...process.env, ...env },
    });
  } catch (error) {
    process.stderr.write(error.stderr ?? '');
    throw error;
  }
  return performance.now() - started;
}

/** A whole `etcd-ha run` (default checks); fails unless it passed. */
function run(targetArgs, env) {
  const dir = mkdtempSync(path.join(work, 'run-'));
  const json = path.join(dir, 'report.json');
  const ms = timed(
    process.execPath,
    [cli, 'run', ...targetArgs, ...FAST, '--state', path.join(dir, 'state'), '--json', json],
    env,
  );
  const report = JSON.parse(readFileSync(json, 'utf8'));
  if (!report.passed) throw new Error(`etcd-ha run ${targetArgs.join(' ')} did not pass`);
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

try {
  const { engineEnv, ensureTestImage } = await fixtures();
  const images = Object.fromEntries(engines.map((engine) => [engine, ensureTestImage(engine)]));
  const samples = Object.fromEntries(
    engines.map((engine) => [engine, { container: [], local: [], floor: [], ratio: [] }]),
  );
  console.error(`${rounds} rounds; each runs, per engine (${engines.join(', ')}), container, local and floor in turn`);
  for (let round = 0; round < rounds; round++) {
    for (const engine of engines) {
      const env = engineEnv(engine);
      const container = run(
        ['--target', 'container', '--image', images[engine], '--base-address', '172.30.241.11'],
        env,
      );
      const local = run(['--base-address', '127.0.0.121'], {});
      const floor = timed('bash', [path.resolve('bench/engine-floor.sh'), images[engine], '172.30.240'], env);
      const figures = samples[engine];
      figures.container.push(container);
      figures.local.push(local);
      figures.floor.push(floor);
      figures.ratio.push((container - floor) / local);
      console.error(
        `round ${round + 1} ${engine}: container ${container.toFixed(0)} ms, local ${local.toFixed(0)} ms, floor ${floor.toFixed(0)} ms`,
      );
    }
  }
  console.log('| engine | container run, ms | local run, ms | engine floor, ms | (container - floor) / local |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const engine of engines) {
    const figures = samples[engine];
    console.log(
      `| ${engine} | ${spread(figures.container)} | ${spread(figures.local)} | ${spread(figures.floor)} | ${spread(figures.ratio, 2)} |`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
