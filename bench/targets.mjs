// Times whole `etcd-ha run`s (heartbeat 50 ms, election 250 ms) on the local, container and ssh
// targets, with 3, 5 and 7 members and ECDSA P-256 and RSA-2048 keys, side by side: each round runs
// every combination once, in turn, so a drift of the machine's speed reaches all of them alike.
// Prints the median (min to max) of the whole run and of each phase per combination, then the
// container/local and ssh/local ratios and the 7-member/3-member ratio, each taken round by round
// (the runs of one round were side by side) and then the median of those.
//
// Usage: node bench/targets.mjs [rounds=5] [--targets local,container,ssh] [--members 3,5,7]
//                               [--key-algorithms ecdsa-p256,rsa-2048]
//
// Needs a built dist/ (npm run build) and etcd on PATH; the container target needs `docker` reaching
// an engine (DOCKER_HOST is honoured; scripts/test-engines.sh starts Docker Engine and podman) and builds the
// image the tests use from this machine's etcd; the ssh target needs root (it starts sshd hosts in
// network namespaces, as the tests do) and ends them when done.
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
const targets = option('targets', 'local,container,ssh').split(',');
const memberCounts = option('members', '3,5,7').split(',').map(Number);
const algorithms = option('key-algorithms', 'ecdsa-p256,rsa-2048').split(',');
for (const target of targets)
  if (!['local', 'container', 'ssh'].includes(target))
    throw new Error(`--targets has '${target}'; allowed: local, container, ssh`);
for (const count of memberCounts)
  if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error(`--members has '${count}'; allowed: 1 to 9`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds is '${rounds}'; allowed: 1 or more`);

const cli = path.resolve('dist/cli/index.js');
const work = mkdtempSync(path.join(tmpdir(), 'etcd-ha-bench-targets-'));

/** The tests' fixtures (TypeScript), bundled for this script: the test image and the sshd hosts. */
async function fixtures() {
  const out = path.join(work, 'fixtures.mjs');
  await build({
    stdin: {
      contents:
        "export { ensureTestImage, TEST_IMAGE } from './test/support/container-engine.ts';\n" +
        "export { startSshHosts } from './test/support/ssh-hosts.ts';\n",
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

const samples = new Map();
const add = (key, name, value) => {
  if (!samples.has(key)) samples.set(key, new Map());
  const figures = samples.get(key);
  if (!figures.has(name)) figures.set(name, []);
  figures.get(name).push(value);
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values) =>
  `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)} to ${Math.max(...values).toFixed(0)})`;

let ssh;
let closeSsh = async () => undefined;
try {
  const { ensureTestImage, TEST_IMAGE, startSshHosts } = await fixtures();
  if (targets.includes('container')) ensureTestImage();
  if (targets.includes('ssh')) {
    ssh = await startSshHosts(path.join(work, 'hosts'), Math.max(...memberCounts), 231);
    closeSsh = () => ssh.close();
  }
  const targetArgs = {
    local: () => ['--base-address', '127.0.0.121'],
    container: () => ['--image', TEST_IMAGE, '--base-address', '172.30.231.11'],
    ssh: (members) => [
      '--hosts',
      ssh.hosts.slice(0, members).join(','),
      '--ssh-key',
      ssh.keyFile,
      '--known-hosts',
      ssh.knownHostsFile,
    ],
  };
  const combinations = targets.flatMap((target) =>
    memberCounts.flatMap((members) => algorithms.map((algorithm) => ({ target, members, algorithm }))),
  );
  const keyOf = ({ target, members, algorithm }) => `${target} ${members} ${algorithm}`;
  console.error(`${rounds} rounds of ${combinations.length} runs each (${combinations.map(keyOf).join(', ')})`);
  for (let round = 0; round < rounds; round++) {
    for (const combination of combinations) {
      const dir = mkdtempSync(path.join(work, 'run-'));
      const json = path.join(dir, 'report.json');
      const started = performance.now();
      try {
        execFileSync(
          process.execPath,
          [
            cli,
            'run',
            '--target',
            combination.target,
            ...targetArgs[combination.target](combination.members),
            '--members',
            String(combination.members),
            '--key-algorithm',
            combination.algorithm,
            '--heartbeat-ms',
            '50',
            '--election-ms',
            '250',
            '--state',
            path.join(dir, 'state'),
            '--json',
            json,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 },
        );
      } catch (error) {
        // What the run said, only when it failed.
        process.stderr.write(error.stderr ?? '');
        throw error;
      }
      const key = keyOf(combination);
      add(key, 'whole run', performance.now() - started);
      const report = JSON.parse(readFileSync(json, 'utf8'));
      if (!report.passed) throw new Error(`${key}: run ${round + 1} did not pass`);
      for (const [phase, ms] of Object.entries(report.phases)) add(key, `phase ${phase}`, ms);
      for (const check of report.checks) add(key, `check ${check.name}`, check.durationMs);
      rmSync(dir, { recursive: true, force: true });
    }
    console.error(`round ${round + 1} of ${rounds} done`);
  }

  console.log(
    `etcd-ha run --heartbeat-ms 50 --election-ms 250, ${rounds} rounds side by side; ms, median (min to max):`,
  );
  for (const [key, figures] of samples) {
    console.log(`\n${key}`);
    for (const [name, values] of figures) console.log(`  ${name.padEnd(20)} ${spread(values)}`);
  }
  // Ratios round by round: the two runs of a round ran minutes apart at most, on the same machine.
  const ratio = (a, b) => {
    const x = samples.get(a)?.get('whole run');
    const y = samples.get(b)?.get('whole run');
    if (!x || !y) return undefined;
    return x.map((value, index) => value / y[index]);
  };
  const printRatio = (label, values) => {
    if (values)
      console.log(
        `${label.padEnd(44)} ${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)} to ${Math.max(...values).toFixed(2)})`,
      );
  };
  console.log('\nwhole-run ratios, round by round, median (min to max):');
  for (const members of memberCounts)
    for (const algorithm of algorithms)
      for (const target of targets.filter((kind) => kind !== 'local'))
        printRatio(
          `${target}/local, ${members} members, ${algorithm}`,
          ratio(`${target} ${members} ${algorithm}`, `local ${members} ${algorithm}`),
        );
  const most = Math.max(...memberCounts);
  const fewest = Math.min(...memberCounts);
  if (most !== fewest)
    for (const target of targets)
      for (const algorithm of algorithms)
        printRatio(
          `${target}, ${most}/${fewest} members, ${algorithm}`,
          ratio(`${target} ${most} ${algorithm}`, `${target} ${fewest} ${algorithm}`),
        );
  if (algorithms.length > 1)
    for (const target of targets)
      for (const members of memberCounts)
        printRatio(
          `${target}, ${members} members, ${algorithms[1]}/${algorithms[0]}`,
          ratio(`${target} ${members} ${algorithms[1]}`, `${target} ${members} ${algorithms[0]}`),
        );
} finally {
  await closeSsh();
  rmSync(work, { recursive: true, force: true });
}
