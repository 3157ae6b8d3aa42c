// What the ssh target adds over local processes when its hosts run systemd, per member: whole
// `etcd-ha run`s (heartbeat 50 ms, election 250 ms, the default checks) on local processes, on hosts
// with systemd as PID 1 (members as units; logged in as root, and as a user with sudo), and on sshd
// hosts without systemd (members as plain processes), side by side: each round runs every
// combination once, in turn, so a drift of the machine's speed reaches all of them alike. Prints the
// median (min to max) of the whole run and each phase, then, round by round, each ssh variant's
// ratio to local and the milliseconds it adds per member.
//
// Usage: node bench/systemd-hosts.mjs [rounds=5] [--members 3,5]
//
// Needs root, a built dist/ (npm run build), etcd on PATH and `docker` reaching an engine
// (DOCKER_HOST is honoured); builds the hosts' image once with scripts/systemd-host-image.sh. Starts
// the hosts as the tests do and removes them when done.
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
const memberCounts = option('members', '3,5').split(',').map(Number);
for (const count of memberCounts)
  if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error(`--members has '${count}'; allowed: 1 to 9`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds is '${rounds}'; allowed: 1 or more`);

const cli = path.resolve('dist/cli/index.js');
const work = mkdtempSync(path.join(tmpdir(), 'etcd-ha-bench-systemd-'));

/** The tests' host fixtures (TypeScript), bundled for this script. */
async function fixtures() {
  const out = path.join(work, 'fixtures.mjs');
  await build({
    stdin: {
      contents:
        "export { startSystemdHosts, SUDO_USER } from './test/support/systemd-hosts.ts';\n" +
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
const spread = (values, digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)} to ${Math.max(...values).toFixed(digits)})`;

const closers = [];
try {
  const { startSystemdHosts, SUDO_USER, startSshHosts } = await fixtures();
  const most = Math.max(...memberCounts);
  const bootStarted = performance.now();
  const systemd = await startSystemdHosts(path.join(work, 'systemd-hosts'), {
    count: most,
    subnet: 42,
    testId: 'bench',
  });
  closers.push(() => systemd.close());
  console.error(`${most} systemd hosts booted in ${(performance.now() - bootStarted).toFixed(0)} ms`);
  const plain = await startSshHosts(path.join(work, 'sshd-hosts'), most, 233);
  closers.push(() => plain.close());

  const ssh = (hosts, fixture) => (members) => [
    '--target',
    'ssh',
    '--hosts',
    hosts.slice(0, members).join(','),
    '--ssh-key',
    fixture.keyFile,
    '--known-hosts',
    fixture.knownHostsFile,
  ];
  const variants = {
    local: () => ['--base-address', '127.0.0.141'],
    'ssh systemd root': ssh(systemd.hostsAs('root'), systemd),
    'ssh systemd sudo': ssh(systemd.hostsAs(SUDO_USER), systemd),
    'ssh process root': ssh(plain.hosts, plain),
  };
  const combinations = Object.keys(variants).flatMap((variant) =>
    memberCounts.map((members) => ({ variant, members })),
  );
  const keyOf = ({ variant, members }) => `${variant}, ${members} members`;
  console.error(`${rounds} rounds of ${combinations.length} runs each (${combinations.map(keyOf).join('; ')})`);
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
            ...variants[combination.variant](combination.members),
            '--members',
            String(combination.members),
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
    for (const [name, values] of figures) console.log(`  ${name.padEnd(24)} ${spread(values)}`);
  }
  // Round by round: the runs of one round ran side by side.
  console.log('\nround by round, median (min to max): ratio to local, and ms added per member');
  for (const members of memberCounts) {
    const local = samples.get(keyOf({ variant: 'local', members })).get('whole run');
    for (const variant of Object.keys(variants).filter((name) => name !== 'local')) {
      const runs = samples.get(keyOf({ variant, members })).get('whole run');
      const ratios = runs.map((value, index) => value / local[index]);
      const perMember = runs.map((value, index) => (value - local[index]) / members);
      console.log(
        `${`${variant}/local, ${members} members`.padEnd(36)} ${spread(ratios, 2)}; +${spread(perMember)} ms per member`,
      );
    }
  }
} finally {
  for (const close of closers.reverse()) await close().catch((error) => console.error(String(error)));
  rmSync(work, { recursive: true, force: true });
}
