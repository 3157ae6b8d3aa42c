/**
 * The main paths on etcd 3.5: Debian sid's 3.5.30, which scripts/test.sh fetches into the test cache
 * (test/etcd-releases.ts), beside this machine's 3.4 that the rest of the suite runs. Locally with
 * --etcd-path, the default checks and every check; every check on containers of an image built from
 * the same binaries (Docker Engine); the default checks on ssh hosts, which get the same etcd copied.
 * A missing release fails these tests with what to run; it does not skip them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureTestImage, leftovers, removeRun } from '../support/container-engine.js';
import { etcdRelease, NEWEST_ETCD_35, type EtcdRelease } from '../support/etcd-releases.js';
import { ALL_WITHOUT_RELEASE, FAST, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';
import { type NamespaceHosts, ruleLeftovers, sshTargetArgs, startSshHosts } from '../support/ssh-hosts.js';
import { readReport } from '../support/report-schema.js';

interface Report {
  target: string;
  etcdVersion: string;
  error: string | null;
  cluster: { runId: string };
  checks: Array<{ name: string; status: string; summary: string }>;
}

const DEFAULT_CHECKS = ['status', 'failover', 'quorum-loss'];

/** `etcd-ha run` with fast raft timing; the report, the exit code and stderr. */
async function run(dir: string, args: string[]): Promise<{ code: number | null; stderr: string; report: Report }> {
  const json = path.join(dir, 'report.json');
  const result = await runCli([...args, ...FAST, '--state', path.join(dir, 'state'), '--json', json], {
    timeoutMs: 300_000,
  });
  if (!existsSync(json))
    throw new Error(`etcd-ha ${args.join(' ')} wrote no report (exit ${result.code}):\n${result.stderr}`);
  return { code: result.code, stderr: result.stderr, report: readReport(json) as Report };
}

/** Each check's name and result, with its summary where it did not pass, so that a failure shows why. */
const statuses = (report: Report) =>
  report.checks.length === 0
    ? [['no checks ran', report.error]]
    : report.checks.map((check) =>
        check.status === 'pass' ? [check.name, check.status] : [check.name, check.status, check.summary],
      );
const passed = (names: readonly string[]) => names.map((name) => [name, 'pass']);

describe(`etcd ${NEWEST_ETCD_35} on every target`, () => {
  let release: EtcdRelease;
  let dir: string;
  beforeAll(() => {
    release = etcdRelease(NEWEST_ETCD_35);
  });
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-35-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes the default checks on local processes with --etcd-path', async () => {
    const { code, stderr, report } = await run(dir, ['run', '--etcd-path', release.binDir]);
    expect(report.etcdVersion).toBe(NEWEST_ETCD_35);
    expect(statuses(report)).toEqual(passed(DEFAULT_CHECKS));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/Warning/);
    expect(livePidsMentioning(dir)).toEqual([]);
  });

  it('passes every check (--checks all) on local processes', async () => {
    const { code, report } = await run(dir, ['run', '--etcd-path', release.binDir, '--checks', 'all']);
    expect(report.etcdVersion).toBe(NEWEST_ETCD_35);
    expect(statuses(report)).toEqual(passed(ALL_WITHOUT_RELEASE));
    expect(code).toBe(0);
    expect(livePidsMentioning(dir)).toEqual([]);
  }, 300_000);

  describe('on containers (Docker Engine)', () => {
    const runIds: string[] = [];
    let image = '';
    beforeAll(() => {
      image = ensureTestImage('docker', NEWEST_ETCD_35);
    });
    afterEach(() => {
      for (const runId of runIds.splice(0)) removeRun(runId);
    });

    it(`passes every check on an image of etcd ${NEWEST_ETCD_35} and leaves no container, network or volume`, async () => {
      const { code, report } = await run(dir, ['run', '--target', 'container', '--image', image, '--checks', 'all']);
      runIds.push(report.cluster.runId);
      expect(report.etcdVersion).toBe(NEWEST_ETCD_35);
      expect(statuses(report)).toEqual(passed(ALL_WITHOUT_RELEASE));
      expect(code).toBe(0);
      expect(leftovers(report.cluster.runId)).toEqual({ containers: [], networks: [] });
    }, 300_000);
  });

  describe('on ssh hosts', () => {
    let hosts: NamespaceHosts;
    let hostsDir: string;
    beforeAll(async () => {
      hostsDir = await newTempDir('etcd-ha-35-hosts-');
      hosts = await startSshHosts(path.join(hostsDir, 'hosts'), 3, 238);
    });
    afterAll(async () => {
      await hosts?.close();
      await rm(hostsDir, { recursive: true, force: true });
    });

    it('copies the etcd of --etcd-path to the hosts, passes the default checks and leaves nothing', async () => {
      const { code, report } = await run(dir, ['run', ...sshTargetArgs(hosts), '--etcd-path', release.binDir]);
      const runId = report.cluster.runId;
      expect(report.etcdVersion).toBe(NEWEST_ETCD_35);
      expect(statuses(report)).toEqual(passed(DEFAULT_CHECKS));
      expect(code).toBe(0);
      expect(ruleLeftovers(hosts, runId)).toEqual([]);
      expect(readdirSync('/var/lib').filter((name) => name.startsWith(`etcd-ha-${runId}-`))).toEqual([]);
      expect(livePidsMentioning(`etcd-ha-${runId}-`)).toEqual([]);
    }, 300_000);
  });
});
