/**
 * The upgrade check as users run it (`etcd-ha run --checks upgrade --upgrade-etcd-path DIR`, or
 * `--upgrade-image` on containers): Debian's etcd 3.4.23 (this machine's) moved to 3.5.30 and 3.5.16
 * (from the test cache, test/support/etcd-releases.ts) on local processes, containers (Docker Engine)
 * and ssh hosts; a patch upgrade 3.5.16 → 3.5.30; a configuration of the user's own; and the
 * downgrade 3.5.30 → 3.4.23, which etcd refuses: the check fails quoting etcd, the cluster whole.
 */
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureTestImage, leftovers, removeRun } from '../support/container-engine.js';
import { etcdRelease, type Etcd35Release } from '../support/etcd-releases.js';
import { FAST, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';
import { ruleLeftovers, sshTargetArgs, startSshHosts, type NamespaceHosts } from '../support/ssh-hosts.js';

interface ReportCheck {
  name: string;
  status: string;
  summary: string;
  figures: Record<string, number | boolean>;
  notes: string[];
  tables?: Array<{ title: string; headers: string[]; rows: string[][] }>;
}

interface Report {
  etcdVersion: string;
  cluster: { runId: string };
  checks: ReportCheck[];
  members: Array<{ name: string; version?: string }>;
}

/** `etcd-ha run --checks upgrade` with fast raft timing; the report and the exit code. */
async function runUpgrade(
  dir: string,
  args: string[],
  timing: string[] = FAST,
): Promise<{ code: number | null; report: Report; check: ReportCheck; stateLeft: string[] }> {
  const json = path.join(dir, 'report.json');
  const result = await runCli(
    ['run', ...args, '--checks', 'upgrade', ...timing, '--state', path.join(dir, 'state'), '--json', json],
    { timeoutMs: 240_000 },
  );
  if (!existsSync(json))
    throw new Error(`etcd-ha run --checks upgrade wrote no report (exit ${result.code}):\n${result.stderr}`);
  const report = readReport(json) as Report;
  expect(report.checks.map((check) => check.name)).toEqual(['upgrade']);
  // The teardown empties the state folder (and removes it): what a move left there too.
  const state = path.join(dir, 'state');
  return { code: result.code, report, check: report.checks[0], stateLeft: existsSync(state) ? readdirSync(state) : [] };
}

/** A pass: every member moved in order (the leader last), measured, and on the release after. */
function expectMoved(
  run: { code: number | null; report: Report; check: ReportCheck; stateLeft: string[] },
  from: string,
  to: string,
): void {
  const { code, report, check } = run;
  expect([check.status, check.summary]).toEqual([
    'pass',
    expect.stringMatching(
      new RegExp(
        `^moved 3 members from etcd ${from.replace(/\./g, '\\.')} to ${to.replace(/\./g, '\\.')} one at a time under writes: .*, none lost; \\d+ operations linearizable$`,
      ),
    ),
  ]);
  expect(report.etcdVersion).toBe(from);
  expect(check.figures).toMatchObject({
    membersMoved: 3,
    keysLost: 0,
    linearizable: true,
    hashKvAgree: true,
    logPanics: 0,
  });
  expect(check.figures.keysAcknowledged).toBeGreaterThan(10);
  expect(check.figures.downtimeMs).toEqual(expect.any(Number));
  expect(check.figures.writeGapMs).toEqual(expect.any(Number));
  expect(check.figures.clusterVersionMs).toEqual(expect.any(Number));
  const table = check.tables?.find((candidate) => candidate.title === 'Members moved, in order');
  expect(table?.rows.map((row) => [row[1], row[5]])).toEqual(Array(3).fill([`${from} → ${to}`, to]));
  // The leader moves last: the order note names it so.
  const order = check.notes.find((note) => note.startsWith('order: '));
  const last = table?.rows[2][0];
  expect(order).toMatch(new RegExp(`\\(followers first, the leader ${last} last\\)$`));
  expect(report.members.map((member) => member.version)).toEqual([to, to, to]);
  expect(run.stateLeft).toEqual([]);
  expect(code).toBe(0);
}

describe('the upgrade check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-upgrade-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const to of ['3.5.30', '3.5.16'] as Etcd35Release[]) {
    it(`moves local processes from etcd 3.4.23 to ${to}`, async () => {
      const run = await runUpgrade(dir, ['--upgrade-etcd-path', etcdRelease(to).binDir]);
      expectMoved(run, '3.4.23', to);
      expect(run.check.notes).toContain(`no setting changes between etcd 3.4.23 and ${to}`);
      expect(livePidsMentioning(dir)).toEqual([]);
    }, 240_000);
  }

  it('moves local processes from etcd 3.5.16 to 3.5.30 (a patch upgrade)', async () => {
    const run = await runUpgrade(dir, [
      '--etcd-path',
      etcdRelease('3.5.16').binDir,
      '--upgrade-etcd-path',
      etcdRelease('3.5.30').binDir,
    ]);
    expectMoved(run, '3.5.16', '3.5.30');
    expect(run.check.notes[0]).toMatch(/^A patch upgrade within 3\.5/);
    expect(livePidsMentioning(dir)).toEqual([]);
  }, 240_000);

  it('fails the downgrade from 3.5.30 to 3.4.23 quoting etcd, and leaves the cluster whole on 3.5.30', async () => {
    const { code, report, check, stateLeft } = await runUpgrade(dir, [
      '--etcd-path',
      etcdRelease('3.5.30').binDir,
      '--upgrade-etcd-path',
      '/usr/bin',
    ]);
    expect([check.status, check.summary]).toEqual([
      'fail',
      expect.stringMatching(
        /^etcd cannot downgrade from 3\.5\.30 to 3\.4\.23: etcd-\d on 3\.4\.23 refused the data, "invalid downgrade; server version is lower than determined cluster version" \(cluster version 3\.5\); the cluster was left whole on etcd 3\.5\.30: etcd-\d runs it again, every member's HashKV agrees, none of \d+ acknowledged keys is lost and writes are served$/,
      ),
    ]);
    expect(check.figures).toMatchObject({ keysLost: 0, hashKvAgree: true, hashKvMembers: 3 });
    // etcd's own line, as the member logged it.
    expect(check.notes).toContainEqual(
      expect.stringMatching(
        /^etcd's refusal, as etcd-\d logged it: \{"level":"fatal".*"determined-cluster-version":"3\.5"/,
      ),
    );
    // Every member serves on 3.5.30 after the check, as the status table read then shows.
    expect(report.members.map((member) => member.version)).toEqual(['3.5.30', '3.5.30', '3.5.30']);
    expect(code).toBe(1);
    expect(stateLeft).toEqual([]);
    expect(livePidsMentioning(dir)).toEqual([]);
  }, 240_000);

  it('moves a cluster up started (etcd-ha check), once: a second upgrade check of it moves nothing', async () => {
    const state = path.join(dir, 'state');
    expect((await runCli(['up', '--state', state, ...FAST])).code).toBe(0);
    try {
      const upgrade = ['--checks', 'upgrade', '--upgrade-etcd-path', etcdRelease('3.5.30').binDir];
      const json = path.join(dir, 'check.json');
      const first = await runCli(['check', '--state', state, ...upgrade, '--json', json], { timeoutMs: 240_000 });
      const check = (readReport(json) as Report).checks[0];
      expect([check.status, check.summary]).toEqual([
        'pass',
        expect.stringMatching(/^moved 3 members from etcd 3\.4\.23 to 3\.5\.30 /),
      ]);
      expect(first.code).toBe(0);
      // Members restarted after the move run the release they moved to.
      const again = await runCli(
        ['check', '--state', state, '--checks', 'failover,upgrade', '--upgrade-etcd-path', '/usr/bin', '--json', json],
        { timeoutMs: 240_000 },
      );
      expect((readReport(json) as Report).checks.map((c) => [c.name, c.status, c.summary])).toEqual([
        ['failover', 'pass', expect.any(String)],
        [
          'upgrade',
          'fail',
          'etcd-1, etcd-2, etcd-3 moved to etcd 3.5.30 in an earlier upgrade check of this cluster; the drill moves a cluster once: start a cluster on that release to move it on',
        ],
      ]);
      expect(again.code).toBe(1);
      const status = await runCli(['check', '--state', state, '--checks', 'status', '--json', json]);
      expect((readReport(json) as Report).members.map((member) => member.version)).toEqual([
        '3.5.30',
        '3.5.30',
        '3.5.30',
      ]);
      expect(status.code).toBe(0);
    } finally {
      expect((await runCli(['down', '--state', state])).code).toBe(0);
    }
    expect(livePidsMentioning(dir)).toEqual([]);
  }, 240_000);

  it('moves a configuration of your own (run --config) from etcd 3.4.23 to 3.5.30', async () => {
    const run = await runUpgrade(
      dir,
      [
        '--config',
        'fixtures/boot/three-hosts',
        '--base-address',
        '127.0.0.195',
        '--upgrade-etcd-path',
        etcdRelease('3.5.30').binDir,
      ],
      [],
    );
    expectMoved(run, '3.4.23', '3.5.30');
    expect(livePidsMentioning(dir)).toEqual([]);
  }, 240_000);

  describe('on containers (Docker Engine)', () => {
    const runIds: string[] = [];
    afterEach(() => {
      for (const runId of runIds.splice(0)) removeRun(runId);
    });

    for (const to of ['3.5.30', '3.5.16'] as Etcd35Release[]) {
      it(`swaps each member's image from etcd 3.4.23 to ${to}, keeping its data, and leaves nothing`, async () => {
        const from = ensureTestImage('docker');
        const image = ensureTestImage('docker', to);
        const run = await runUpgrade(dir, ['--target', 'container', '--image', from, '--upgrade-image', image]);
        runIds.push(run.report.cluster.runId);
        expectMoved(run, '3.4.23', to);
        expect(leftovers(run.report.cluster.runId)).toEqual({ containers: [], networks: [] });
      }, 240_000);
    }
  });

  describe('on ssh hosts', () => {
    let hosts: NamespaceHosts;
    let hostsDir: string;
    beforeAll(async () => {
      hostsDir = await newTempDir('etcd-ha-upgrade-hosts-');
      hosts = await startSshHosts(path.join(hostsDir, 'hosts'), 3, 237);
    });
    afterAll(async () => {
      await hosts?.close();
      await rm(hostsDir, { recursive: true, force: true });
    });

    for (const to of ['3.5.30', '3.5.16'] as Etcd35Release[]) {
      it(`copies etcd ${to} to the hosts and moves each member from 3.4.23 to it, leaving nothing`, async () => {
        const run = await runUpgrade(dir, [...sshTargetArgs(hosts), '--upgrade-etcd-path', etcdRelease(to).binDir]);
        const runId = run.report.cluster.runId;
        expectMoved(run, '3.4.23', to);
        expect(ruleLeftovers(hosts, runId)).toEqual([]);
        expect(livePidsMentioning(`etcd-ha-${runId}-`)).toEqual([]);
      }, 240_000);
    }
  });
});
