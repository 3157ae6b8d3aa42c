import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CHECK_NAMES, CHECKS } from '../../src/checks/registry.js';
import { engineEnv, ensureTestImage, leftovers, removeRun } from '../support/container-engine.js';
import { etcdRelease, NEWEST_ETCD_35 } from '../support/etcd-releases.js';
import { ALL_WITHOUT_RELEASE, FAST, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';
import { type NamespaceHosts, ruleLeftovers, sshTargetArgs, startSshHosts } from '../support/ssh-hosts.js';
import { withKnownWatchFinding } from '../support/known-watch-bugs.js';
import { readReport } from '../support/report-schema.js';

interface ReportCheck {
  name: string;
  status: string;
  summary: string;
  figures: Record<string, number>;
  /** Set on a check only `all` brought in. */
  optional?: true;
}

/** `etcd-ha run --checks all` at heartbeat 50 / election 250 on one target; the report and the exit code. */
async function runAll(
  dir: string,
  targetArgs: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{
  code: number | null;
  stderr: string;
  report: { cluster: { runId: string }; checks: ReportCheck[]; error: string | null };
}> {
  const json = path.join(dir, 'report.json');
  const result = await runCli(
    ['run', ...targetArgs, '--checks', 'all', ...FAST, '--state', path.join(dir, 'state'), '--json', json],
    { timeoutMs: 300_000, env },
  );
  return { code: result.code, stderr: result.stderr, report: readReport(json) };
}

/** Each check's name and result, with its summary where it did not pass, so that a failure shows why. */
const statuses = (checks: ReportCheck[]) =>
  checks.map((check) =>
    check.status === 'pass' ? [check.name, check.status] : [check.name, check.status, check.summary],
  );

describe('every check (--checks all) on every target', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-all-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes every check on local processes, with every drill measured (the upgrade to etcd 3.5.30 last)', async () => {
    // With an upgrade release, `all` brings in the upgrade check.
    const { code, stderr, report } = await runAll(dir, ['--upgrade-etcd-path', etcdRelease(NEWEST_ETCD_35).binDir]);
    const { checks, known } = withKnownWatchFinding(report);
    expect(statuses(checks)).toEqual(CHECK_NAMES.map((name) => [name, 'pass']));
    expect(code).toBe(known ? 1 : 0);
    const figures = Object.fromEntries(report.checks.map((check) => [check.name, check.figures]));
    expect(figures.partition).toEqual(
      expect.objectContaining({
        newLeaderMs: expect.any(Number),
        stepDownMs: expect.any(Number),
        healMs: expect.any(Number),
        catchUpMs: expect.any(Number),
        keysLost: 0,
      }),
    );
    expect(figures.membership).toEqual(expect.objectContaining({ maxSize: 5, finalSize: 3, keysLost: 0 }));
    expect(figures['snapshot-restore']).toEqual(
      expect.objectContaining({ snapshotBytes: expect.any(Number), keysRestored: expect.any(Number), keysLost: 0 }),
    );
    expect(figures.history).toEqual(expect.objectContaining({ linearizable: true }));
    expect(figures.tls.refused).toBe(figures.tls.probes);
    // After every drill the three members agree on HashKV and no log holds a panic or fatal line (the
    // pass follows a drill that passed: not a watch check that found one of 3.4's known bugs).
    for (const check of CHECKS.filter(
      (candidate) => candidate.stopsMembers && !(known && candidate.name === 'watch'),
    )) {
      expect([check.name, figures[check.name]]).toEqual([
        check.name,
        expect.objectContaining({ hashKvAgree: true, hashKvMembers: 3, logPanics: 0 }),
      ]);
    }
    expect(livePidsMentioning(dir)).toEqual([]);
    expect(stderr).not.toMatch(/Warning/);
  });

  it('runs on one member what one member allows, lists the rest as skipped with the reason, and passes', async () => {
    const { code, report } = await runAll(dir, ['--members', '1']);
    const skipped = report.checks.filter((check) => check.status === 'skipped');
    expect(Object.fromEntries(skipped.map((check) => [check.name, check.summary]))).toEqual({
      failover: 'needs at least 2 members (a single member cannot fail over); this cluster has 1',
      'quorum-loss': 'needs at least 2 members (a single member cannot fail over); this cluster has 1',
      partition: 'needs at least 3 members (a partition needs a majority and a minority); this cluster has 1',
      membership: expect.stringMatching(/^needs at least 3 members .*; this cluster has 1$/),
      history: expect.stringMatching(/^needs at least 3 members .*; this cluster has 1$/),
      watch: expect.stringMatching(/^needs at least 3 members .*; this cluster has 1$/),
    });
    expect(skipped.every((check) => check.optional === true)).toBe(true);
    // A snapshot of one member restores: it runs, as status and tls do.
    expect(statuses(report.checks.filter((check) => check.status !== 'skipped'))).toEqual([
      ['status', 'pass'],
      ['snapshot-restore', 'pass'],
      ['tls', 'pass'],
    ]);
    expect([(report as { passed?: boolean }).passed, code]).toEqual([true, 0]);
    expect(livePidsMentioning(dir)).toEqual([]);
  });

  it('refuses a named check that cannot run on the cluster: a check named must run', async () => {
    const result = await runCli([
      'run',
      '--members',
      '1',
      '--checks',
      'status,partition',
      '--state',
      path.join(dir, 'state'),
    ]);
    expect(result.stderr).toMatch(/^error: --members is '1'; allowed: 3 to 9 for the partition check/);
    expect(result.code).toBe(2);
    expect(existsSync(path.join(dir, 'state'))).toBe(false);
  });

  // Both engines scripts/test.sh starts; the podman one fails (it does not skip) where it was not started.
  describe.each([
    ['Docker Engine', 'docker'],
    ['podman', 'podman'],
  ] as const)('on containers (%s)', (_name, engine) => {
    const runIds: string[] = [];
    let image = '';
    beforeAll(() => {
      image = ensureTestImage(engine);
    });
    afterEach(() => {
      for (const runId of runIds.splice(0)) removeRun(runId, engine);
    });

    it('passes every check and leaves no container, network or volume', async () => {
      const { code, report } = await runAll(dir, ['--target', 'container', '--image', image], engineEnv(engine));
      runIds.push(report.cluster.runId);
      const { checks, known } = withKnownWatchFinding(report);
      expect(statuses(checks)).toEqual(ALL_WITHOUT_RELEASE.map((name) => [name, 'pass']));
      expect(code).toBe(known ? 1 : 0);
      expect(leftovers(report.cluster.runId, engine)).toEqual({ containers: [], networks: [] });
      // runAll allows the run 300 s; a loaded machine can take more than jest's 120 s default.
    }, 300_000);
  });

  describe('on ssh hosts', () => {
    let hosts: NamespaceHosts;
    let hostsDir: string;
    beforeAll(async () => {
      hostsDir = await newTempDir('etcd-ha-all-hosts-');
      hosts = await startSshHosts(path.join(hostsDir, 'hosts'), 3, 232);
    });
    afterAll(async () => {
      await hosts?.close();
      await rm(hostsDir, { recursive: true, force: true });
    });

    it('passes every check, none skipped, and leaves no rule, folder or process on the hosts', async () => {
      const { code, stderr, report } = await runAll(dir, [...sshTargetArgs(hosts)]);
      const runId = report.cluster.runId;
      // A run that ended before its checks shows why.
      const { checks, known } = withKnownWatchFinding(report);
      expect([statuses(checks), report.checks.length > 0 || `${report.error} ${stderr.slice(-1000)}`]).toEqual([
        ALL_WITHOUT_RELEASE.map((name) => [name, 'pass']),
        true,
      ]);
      expect(code).toBe(known ? 1 : 0);
      const figures = Object.fromEntries(report.checks.map((check) => [check.name, check.figures]));
      // Cut on the hosts' own firewalls, spare members beside the hosts' own at ports of their own.
      expect(figures.partition).toEqual(expect.objectContaining({ healMs: expect.any(Number), keysLost: 0 }));
      expect(figures.membership).toEqual(expect.objectContaining({ maxSize: 5, finalSize: 3, keysLost: 0 }));
      expect(figures['snapshot-restore']).toEqual(
        expect.objectContaining({ keysRestored: expect.any(Number), keysLost: 0 }),
      );
      expect(ruleLeftovers(hosts, runId)).toEqual([]);
      expect(readdirSync('/var/lib').filter((name) => name.startsWith(`etcd-ha-${runId}-`))).toEqual([]);
      expect(livePidsMentioning(`etcd-ha-${runId}-`)).toEqual([]);
      expect(existsSync(path.join(dir, 'state'))).toBe(false);
    });
  });
});
