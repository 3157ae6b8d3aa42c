import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CHECK_NAMES } from '../src/checks/registry.js';
import { ensureTestImage, leftovers, removeRun, TEST_IMAGE } from './container-engine.js';
import { FAST, livePidsMentioning, newTempDir, runCli } from './helpers.js';
import { startSshHosts, type SshHosts } from './ssh-hosts.js';

interface ReportCheck {
  name: string;
  status: string;
  summary: string;
  figures: Record<string, number>;
}

/** `etcd-ha run --checks all` at heartbeat 50 / election 250 on one target; the report and the exit code. */
async function runAll(
  dir: string,
  targetArgs: string[],
): Promise<{ code: number | null; stderr: string; report: { cluster: { runId: string }; checks: ReportCheck[] } }> {
  const json = path.join(dir, 'report.json');
  const result = await runCli(
    ['run', ...targetArgs, '--checks', 'all', ...FAST, '--state', path.join(dir, 'state'), '--json', json],
    { timeoutMs: 300_000 },
  );
  return { code: result.code, stderr: result.stderr, report: JSON.parse(readFileSync(json, 'utf8')) };
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

  it('passes every check on local processes, with every drill measured', async () => {
    const { code, stderr, report } = await runAll(dir, []);
    expect(statuses(report.checks)).toEqual(CHECK_NAMES.map((name) => [name, 'pass']));
    expect(code).toBe(0);
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
    expect(figures.history).toEqual(expect.objectContaining({ linearizable: 1 }));
    expect(figures.tls.refused).toBe(figures.tls.probes);
    expect(livePidsMentioning(dir)).toEqual([]);
    expect(stderr).not.toMatch(/Warning/);
  });

  describe('on containers', () => {
    const runIds: string[] = [];
    beforeAll(() => ensureTestImage());
    afterEach(() => {
      for (const runId of runIds.splice(0)) removeRun(runId);
    });

    it('passes every check and leaves no container or network', async () => {
      const { code, report } = await runAll(dir, ['--target', 'container', '--image', TEST_IMAGE]);
      runIds.push(report.cluster.runId);
      expect(statuses(report.checks)).toEqual(CHECK_NAMES.map((name) => [name, 'pass']));
      expect(code).toBe(0);
      expect(leftovers(report.cluster.runId)).toEqual({ containers: [], networks: [] });
    });
  });

  describe('on ssh hosts', () => {
    let hosts: SshHosts;
    let hostsDir: string;
    beforeAll(async () => {
      hostsDir = await newTempDir('etcd-ha-all-hosts-');
      hosts = await startSshHosts(path.join(hostsDir, 'hosts'), 3, 232);
    });
    afterAll(async () => {
      await hosts?.close();
      await rm(hostsDir, { recursive: true, force: true });
    });

    it('passes what the hosts allow and skips the rest with the reason, so the run is not passed', async () => {
      const { code, report } = await runAll(dir, [
        '--target',
        'ssh',
        '--hosts',
        hosts.hosts.join(','),
        '--ssh-key',
        hosts.keyFile,
        '--known-hosts',
        hosts.knownHostsFile,
      ]);
      const skipped = report.checks.filter((check) => check.status === 'skipped');
      expect(Object.fromEntries(skipped.map((check) => [check.name, check.summary]))).toEqual({
        partition: expect.stringMatching(/cannot cut links between hosts/),
        membership: expect.stringMatching(/two more hosts/),
        'snapshot-restore': expect.stringMatching(/\S/),
      });
      expect(
        report.checks.filter((check) => check.status !== 'skipped').map((check) => [check.name, check.status]),
      ).toEqual(
        CHECK_NAMES.filter((name) => !['partition', 'membership', 'snapshot-restore'].includes(name)).map((name) => [
          name,
          'pass',
        ]),
      );
      // A skipped check is not a passed one: the run says so with exit 1.
      expect(code).toBe(1);
      expect(readdirSync('/var/lib').filter((name) => name.startsWith(`etcd-ha-${report.cluster.runId}-`))).toEqual([]);
      expect(existsSync(path.join(dir, 'state'))).toBe(false);
    });
  });
});
