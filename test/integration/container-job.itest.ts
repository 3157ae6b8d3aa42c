import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { docker, ensureTestImage, leftovers, removeRun, TEST_IMAGE } from '../support/container-engine.js';
import { FAST } from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

/**
 * The container target as a GitHub job with `container:` drives it: the CLI runs in a container of
 * the engine, reaches the engine only through its socket, mounted in, and shares no folder with the
 * engine's machine (the job's workspace and temp folders have other names there). Docker Engine is
 * the engine of record.
 */

/** An image that runs this checkout's CLI (dist/) with this machine's node and docker CLI; nothing from a registry. */
const CLI_IMAGE = 'localhost/etcd-ha-test/cli:job';
/** The test image with an environment etcd refuses when it starts (and not when it says its version). */
const BROKEN_IMAGE = 'localhost/etcd-ha-test/etcd:refused-env';
const LABEL = 'io.github.etcd-ha.test=container-job';

/** The engine's socket, as a path on this machine (the engine's): what a runner mounts into a job container. */
function engineSocket(): string {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!host.startsWith('unix://'))
    throw new Error(`DOCKER_HOST is '${host}'; this test mounts the engine's socket, so it needs a unix:// one`);
  return host.slice('unix://'.length);
}

/** The files a program needs besides itself, as `ldd` lists them (none for a static one). */
function sharedLibraries(program: string): string[] {
  const ldd = spawnSync('ldd', [program], { encoding: 'utf8' });
  return ldd.status === 0 ? [...ldd.stdout.matchAll(/(\/\S+) \(0x/g)].map((match) => match[1]) : [];
}

/** Builds an image with `files` (this machine's path, the image's) and `dockerfile` after `FROM`, with the classic builder. */
function build(image: string, from: string, files: Array<[string, string]>, dockerfile: string[]): void {
  const context = mkdtempSync(path.join(tmpdir(), 'etcd-ha-job-image-'));
  try {
    for (const [source, target] of files) {
      const into = path.join(context, target);
      mkdirSync(path.dirname(into), { recursive: true });
      cpSync(source, into, { recursive: true, dereference: true });
    }
    mkdirSync(path.join(context, 'tmp'));
    chmodSync(path.join(context, 'tmp'), 0o1777);
    writeFileSync(path.join(context, 'Dockerfile'), [`FROM ${from}`, ...dockerfile, ''].join('\n'));
    const result = spawnSync('docker', ['build', '--quiet', '--tag', image, context], {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    if (result.status !== 0) throw new Error(`docker build of ${image} failed: ${result.stderr}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** The CLI image: node and the libraries it loads, the docker CLI, dist/ (bundled: it needs no node_modules). */
function buildCliImage(): void {
  const dockerCli = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim();
  const programs = [process.execPath, dockerCli];
  const files: Array<[string, string]> = [
    [process.execPath, 'usr/bin/node'],
    [dockerCli, 'usr/local/bin/docker'],
    ...[...new Set(programs.flatMap(sharedLibraries))].map((library): [string, string] => [library, library.slice(1)]),
    [path.resolve('dist'), 'app/dist'],
  ];
  build(CLI_IMAGE, 'scratch', files, [
    'COPY . /',
    'ENV PATH=/usr/local/bin:/usr/bin HOME=/root',
    'WORKDIR /work',
    'ENTRYPOINT ["/usr/bin/node", "/app/dist/cli/index.js"]',
  ]);
}

interface JobResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The networks the job's container is on once the CLI has exited. */
  networks: string[];
  report?: {
    passed: boolean;
    error: string | null;
    cluster: { runId: string };
    checks: Array<{ name: string; status: string }>;
  };
}

/**
 * Runs `etcd-ha args` in a job container on a network of its own (as a runner's), with the engine's
 * socket mounted and nothing else; what it printed, its networks after the run and the JSON report
 * (written inside it, copied out). The container and its network are removed.
 */
function runInJobContainer(args: string[]): JobResult {
  const suffix = Math.random().toString(16).slice(2, 10);
  const job = `etcd-ha-test-job-${suffix}`;
  const jobNetwork = `etcd-ha-test-job-net-${suffix}`;
  const out = mkdtempSync(path.join(tmpdir(), 'etcd-ha-job-out-'));
  try {
    expectOk(docker(['network', 'create', '--label', LABEL, jobNetwork]), 'creating the job network');
    expectOk(
      docker([
        'create',
        '--name',
        job,
        '--label',
        LABEL,
        '--network',
        jobNetwork,
        '--volume',
        `${engineSocket()}:/var/run/docker.sock`,
        CLI_IMAGE,
        ...args,
        '--json',
        '/work/report.json',
      ]),
      'creating the job container',
    );
    const run = spawnSync('docker', ['start', '--attach', job], { encoding: 'utf8', timeout: 400_000 });
    const networks = JSON.parse(
      docker(['inspect', '--format', '{{json .NetworkSettings.Networks}}', job]).stdout || '{}',
    ) as Record<string, unknown>;
    const copied = docker(['cp', `${job}:/work/report.json`, path.join(out, 'report.json')]);
    return {
      code: run.status ?? -1,
      stdout: run.stdout ?? '',
      stderr: run.stderr ?? run.error?.message ?? '',
      networks: Object.keys(networks).sort(),
      report: copied.code === 0 ? readReport(path.join(out, 'report.json')) : undefined,
    };
  } finally {
    docker(['rm', '--force', job]);
    docker(['network', 'rm', jobNetwork]);
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * A job container as a runner keeps one for a job's steps: on a network of its own, the engine's
 * socket mounted, its main process idle; each step is a `docker exec` (`exec`) of the CLI in it.
 */
function startJobContainer(): { exec: (args: string[]) => JobResult; close: () => void } {
  const suffix = Math.random().toString(16).slice(2, 10);
  const name = `etcd-ha-test-job-${suffix}`;
  const jobNetwork = `etcd-ha-test-job-net-${suffix}`;
  const close = () => {
    docker(['rm', '--force', name]);
    docker(['network', 'rm', jobNetwork]);
  };
  try {
    expectOk(docker(['network', 'create', '--label', LABEL, jobNetwork]), 'creating the job network');
    expectOk(
      docker([
        'run',
        '--detach',
        '--name',
        name,
        '--label',
        LABEL,
        '--network',
        jobNetwork,
        '--volume',
        `${engineSocket()}:/var/run/docker.sock`,
        '--entrypoint',
        '/usr/bin/node',
        CLI_IMAGE,
        '-e',
        'setInterval(() => undefined, 1 << 30)',
      ]),
      'starting the job container',
    );
  } catch (error) {
    close();
    throw error;
  }
  const exec = (args: string[]): JobResult => {
    const run = spawnSync('docker', ['exec', name, '/usr/bin/node', '/app/dist/cli/index.js', ...args], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    const networks = JSON.parse(
      docker(['inspect', '--format', '{{json .NetworkSettings.Networks}}', name]).stdout || '{}',
    ) as Record<string, unknown>;
    return {
      code: run.status ?? -1,
      stdout: run.stdout ?? '',
      stderr: run.stderr ?? run.error?.message ?? '',
      networks: Object.keys(networks).sort(),
    };
  };
  return { exec, close };
}

function expectOk(result: { code: number; stderr: string }, what: string): void {
  if (result.code !== 0) throw new Error(`${what} failed: ${result.stderr}`);
}

/** Containers, networks and volumes of any run (by the label's key), to tell what a run left. */
function everyRunsThings(): string[] {
  const filter = 'label=io.github.etcd-ha.run';
  const list = (args: string[]) => docker([...args, '--filter', filter, '--format', '{{.Name}}']).stdout;
  return [
    ...docker(['ps', '--all', '--filter', filter, '--format', 'container {{.Names}}']).stdout.split('\n'),
    ...list(['network', 'ls'])
      .split('\n')
      .map((name) => name && `network ${name}`),
    ...list(['volume', 'ls'])
      .split('\n')
      .map((name) => name && `volume ${name}`),
  ].filter(Boolean);
}

describe('the container target from a job container (Docker Engine, the socket mounted, no folder shared)', () => {
  let before: string[];
  beforeAll(() => {
    ensureTestImage();
    buildCliImage();
    build(BROKEN_IMAGE, TEST_IMAGE, [], ['ENV ETCD_SNAPSHOT_COUNT=abc']);
  }, 600_000);
  beforeEach(() => {
    before = everyRunsThings();
  });

  it('runs the checks from the job container, hands every file over through the engine, and leaves nothing', () => {
    const result = runInJobContainer([
      'run',
      '--target',
      'container',
      '--image',
      TEST_IMAGE,
      '--base-address',
      '172.30.241.11',
      // Every check that adds members or restores a snapshot: their certificates and the snapshot reach containers too.
      '--checks',
      'status,failover,membership,snapshot-restore',
      ...FAST,
    ]);
    const runId = result.report?.cluster.runId ?? 'none';
    try {
      // What it printed is in the failure's diff, so that a failed run shows why.
      expect([result.code, result.stdout.slice(-4000)]).toEqual([
        0,
        expect.stringMatching(/etcd-ha PASSED: 4 passed, 0 failed, 0 skipped/),
      ]);
      expect(result.stderr).not.toMatch(/Warning|no such file/i);
      expect(result.report?.checks.map((check) => [check.name, check.status])).toEqual([
        ['status', 'pass'],
        ['failover', 'pass'],
        ['membership', 'pass'],
        ['snapshot-restore', 'pass'],
      ]);
      // It joined the members' network for the run, and left it at teardown.
      expect(result.stderr).toMatch(/joined the network etcd-ha-\w+ at 172\.30\.241\.10 to reach the members/);
      expect(result.networks).toEqual([expect.stringMatching(/^etcd-ha-test-job-net-/)]);
      expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
      expect(everyRunsThings()).toEqual(before);
    } finally {
      removeRun(runId);
    }
  }, 600_000);

  it('up in one step, check and down in later ones, each a docker exec: the job container is on the network in between', () => {
    const job = startJobContainer();
    const up = job.exec([
      'up',
      '--target',
      'container',
      '--image',
      TEST_IMAGE,
      '--base-address',
      '172.30.240.11',
      '--state',
      '/work/etcd',
      ...FAST,
    ]);
    const runId = /network etcd-ha-(\w+) \(172\.30\.240\.0\/24\)/.exec(up.stdout + up.stderr)?.[1] ?? 'none';
    try {
      expect([up.code, (up.stdout + up.stderr).slice(-3000)]).toEqual([0, expect.stringMatching(/cluster healthy/)]);
      expect(up.networks).toEqual([`etcd-ha-${runId}`, expect.stringMatching(/^etcd-ha-test-job-net-/)]);
      // A later step reaches the members from the same container.
      const check = job.exec(['check', '--state', '/work/etcd', '--checks', 'status,failover']);
      expect([check.code, check.stdout.slice(-3000)]).toEqual([0, expect.stringMatching(/etcd-ha PASSED: 2 passed/)]);
      const down = job.exec(['down', '--state', '/work/etcd']);
      expect([down.code, down.stderr]).toEqual([0, expect.not.stringMatching(/Warning/)]);
      expect(down.networks).toEqual([expect.stringMatching(/^etcd-ha-test-job-net-/)]);
      expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
      expect(everyRunsThings()).toEqual(before);
    } finally {
      job.close();
      removeRun(runId);
    }
  }, 600_000);

  it("fails a run whose members never start with etcd's own words, not a count of no checks, and leaves nothing", () => {
    const result = runInJobContainer([
      'run',
      '--target',
      'container',
      '--image',
      BROKEN_IMAGE,
      '--base-address',
      '172.30.242.11',
      '--checks',
      'status',
      '--diagnostics',
      'never',
      ...FAST,
    ]);
    const runId = result.report?.cluster.runId ?? 'none';
    try {
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /etcd-ha FAILED before any check ran: etcd-\d \(https:\/\/172\.30\.242\.\d+:2379\) exited/,
      );
      expect(result.report?.error).toContain('invalid value "abc" for ETCD_SNAPSHOT_COUNT');
      expect(result.stdout).not.toMatch(/0 passed, 0 failed, 0 skipped/);
      expect(result.report?.passed).toBe(false);
      expect(result.networks).toEqual([expect.stringMatching(/^etcd-ha-test-job-net-/)]);
      expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
      expect(everyRunsThings()).toEqual(before);
    } finally {
      removeRun(runId);
    }
  }, 600_000);
});
