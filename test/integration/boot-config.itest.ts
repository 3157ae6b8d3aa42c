import { jest } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { ensureTestImage, leftovers, removeRun, TEST_IMAGE } from '../support/container-engine.js';
import { actionEnv, ALL_WITHOUT_RELEASE, killEtcdUnder, livePidsMentioning, newTempDir } from '../support/helpers.js';
import { startSshHosts, type SshHosts } from '../support/ssh-hosts.js';
import { withKnownWatchFinding } from '../support/known-watch-bugs.js';
import { readReport } from '../support/report-schema.js';

const ALL_CHECKS = [
  ['status', 'pass'],
  ['failover', 'pass'],
  ['quorum-loss', 'pass'],
];
const THREE_HOSTS = 'fixtures/boot/three-hosts';

/** Runs the CLI in this process, as `etcd-ha ARGS` would; its own log lines go to this process's stderr. */
async function etcdHa(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: process.env,
  });
  return { code, stdout, stderr };
}

const checksOf = (report: { checks: Array<{ name: string; status: string }> }) =>
  report.checks.map((check) => [check.name, check.status]);

/** Every check, passed: `--checks all` on the user's own configuration runs every drill. */
const EVERY_CHECK_PASSED = ALL_WITHOUT_RELEASE.map((name) => [name, 'pass']);

/** The members the drills derived from the configuration, by the member they come from and the check that made them. */
const DERIVED = [
  ['etcd-4', 'alpha', 'membership'],
  ['etcd-5', 'alpha', 'membership'],
  ['restored-1', 'alpha', 'snapshot-restore'],
  ['restored-2', 'alpha', 'snapshot-restore'],
  ['restored-3', 'alpha', 'snapshot-restore'],
];

interface ConfigReport {
  configFiles: Array<{ member: string; file: string; derivedFrom?: string; forCheck?: string }>;
  configMapping: Array<{ member: string; setting: string; config: string | null; run: string | null }>;
}

/** The derived members of a report's mapping: name, the member they come from, the check. */
const derivedOf = (report: ConfigReport) =>
  report.configFiles.filter((row) => row.derivedFrom).map((row) => [row.member, row.derivedFrom, row.forCheck]);

/** The mapping's row of one member's setting. */
const mappingOf = (report: ConfigReport, member: string, setting: string) =>
  report.configMapping.find((row) => row.member === member && row.setting === setting);

/** The 1-based line of a fixture file that starts with `key:`. */
function lineOf(file: string, key: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.startsWith(`${key}:`)) + 1
  );
}

describe("etcd-ha run --config: the user's own configuration, booted", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-boot-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('runs three etcd.conf.yml hosts as written on loopback addresses, passes every check, and reports the mapping', async () => {
    const state = path.join(dir, 'state');
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--config',
      THREE_HOSTS,
      '--base-address',
      '127.0.0.171',
      '--state',
      state,
      '--json',
      json,
      '--keep',
    ]);
    const report = readReport(json);
    expect(result.stderr).not.toMatch(/error/);
    expect(checksOf(report)).toEqual(ALL_CHECKS);
    expect(result.code).toBe(0);

    expect(report.members.map((member: { name: string }) => member.name).sort()).toEqual(['alpha', 'bravo', 'charlie']);
    expect(report.cluster).toMatchObject({
      members: 3,
      heartbeatMs: 50,
      electionMs: 300,
      endpoints: ['https://127.0.0.171:12379', 'https://127.0.0.172:12379', 'https://127.0.0.173:12379'],
    });
    expect(report.configFiles).toEqual(
      ['alpha', 'bravo', 'charlie'].map((member) => ({
        member,
        file: `${THREE_HOSTS}/${member}.conf.yml`,
        form: 'etcd-config-file',
      })),
    );
    expect(report.configMapping).toContainEqual({
      member: 'bravo',
      setting: 'listen-client-urls',
      config: 'https://10.20.0.2:12379,https://127.0.0.1:12379',
      run: 'https://127.0.0.172:12379',
    });
    expect(report.configMapping.map((row: { setting: string }) => row.setting)).not.toContain('heartbeat-interval');
    expect(result.stdout).toMatch(
      /^ {2}initial-cluster +alpha=https:\/\/10\.20\.0\.1:12380, +alpha=https:\/\/127\.0\.0\.171:12380,$/m,
    );

    // etcd itself says what it ran with: the configuration's values, and etcd's own defaults where it says nothing.
    const log = readFileSync(path.join(state, 'logs', 'alpha.log'), 'utf8');
    const started = JSON.parse(log.split('\n').find((line) => line.includes('"starting an etcd server"')) ?? '{}');
    expect(started).toMatchObject({
      name: 'alpha',
      'heartbeat-interval': '50ms',
      'election-timeout': '300ms',
      'initial-cluster-token': 'three-hosts',
      'pre-vote': false,
      'wal-dir': path.join(state, 'data', 'alpha', 'wal'),
      'listen-metrics-urls': ['http://127.0.0.171:12381'],
    });
    expect(livePidsMentioning(state)).toEqual([]);
  });

  it('runs every drill on the configuration with --checks all: links cut, members added and a restored cluster, all derived from its settings', async () => {
    const state = path.join(dir, 'state');
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--config',
      THREE_HOSTS,
      '--checks',
      'all',
      '--base-address',
      '127.0.0.171',
      '--state',
      state,
      '--json',
      json,
    ]);
    const report = readReport(json);
    const { checks, known } = withKnownWatchFinding(report);
    expect(
      checks.map((check: { name: string; status: string; summary: string }) =>
        check.status === 'pass' ? [check.name, check.status] : [check.name, check.status, check.summary],
      ),
    ).toEqual(EVERY_CHECK_PASSED);
    expect([report.summary, report.passed, result.code]).toEqual([
      { pass: ALL_WITHOUT_RELEASE.length - (known ? 1 : 0), fail: known ? 1 : 0, skipped: 0 },
      !known,
      known ? 1 : 0,
    ]);
    // The peer proxy cuts the links: each member advertised its port (the metrics port 12381 is the configuration's).
    expect(mappingOf(report, 'bravo', 'initial-advertise-peer-urls')).toEqual({
      member: 'bravo',
      setting: 'initial-advertise-peer-urls',
      config: 'https://10.20.0.2:12380',
      run: 'https://127.0.0.172:12382',
    });
    // Added and restored members ran alpha's settings with their own name, address and certificates.
    expect(derivedOf(report)).toEqual(DERIVED);
    expect(mappingOf(report, 'etcd-4', 'name')).toMatchObject({ config: 'alpha', run: 'etcd-4' });
    expect(mappingOf(report, 'etcd-4', 'initial-cluster-state')).toMatchObject({ config: 'new', run: 'existing' });
    expect(mappingOf(report, 'restored-2', 'advertise-client-urls')).toMatchObject({
      config: 'https://10.20.0.1:12379',
      run: expect.stringMatching(/^https:\/\/127\.0\.0\.\d+:12379$/),
    });
    expect(mappingOf(report, 'restored-2', 'peer-cert-file')).toMatchObject({
      config: '/etc/etcd/pki/peer.crt',
      run: path.join(state, 'spare', 'pki', 'members', 'restored-2', 'etcd', 'peer.crt'),
    });
    // Timing and TLS settings are alpha's as written: no row.
    expect(mappingOf(report, 'etcd-4', 'heartbeat-interval')).toBeUndefined();
    expect(mappingOf(report, 'etcd-4', 'client-cert-auth')).toBeUndefined();
    expect(result.stdout).toMatch(
      /^etcd-4: fixtures\/boot\/three-hosts\/alpha\.conf\.yml \(etcd-config-file; derived from alpha for the\s+membership check\)/m,
    );
    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });

  it("runs a plain-http configuration without certificates, with etcd's timing, and its checks speak plaintext", async () => {
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--config',
      'fixtures/boot/http-only',
      '--checks',
      'status,failover',
      '--base-address',
      '127.0.0.181',
      '--state',
      path.join(dir, 'state'),
      '--json',
      json,
    ]);
    const report = readReport(json);
    expect(checksOf(report)).toEqual(ALL_CHECKS.slice(0, 2));
    expect(result.code).toBe(0);
    expect(report.cluster).toMatchObject({
      heartbeatMs: 100,
      electionMs: 1000,
      endpoints: ['http://127.0.0.181:2379', 'http://127.0.0.182:2379', 'http://127.0.0.183:2379'],
    });
    expect(report.configFiles.map((row: { form: string }) => row.form)).toEqual(['env-file', 'env-file', 'env-file']);
    expect(existsSync(path.join(dir, 'state'))).toBe(false);
  });

  it('starts nothing when lint finds an error: initial-cluster-token differs between members', async () => {
    const state = path.join(dir, 'state');
    const result = await etcdHa([
      'run',
      '--config',
      'fixtures/boot/token-mismatch',
      '--base-address',
      '127.0.0.171',
      '--state',
      state,
    ]);
    const bravo = 'fixtures/boot/token-mismatch/bravo.conf.yml';
    expect(result.stderr).toMatch(
      new RegExp(
        `^${bravo}:${lineOf(bravo, 'initial-cluster-token')}:\\d+: error ETCD-\\d+: .*initial-cluster-token`,
        'm',
      ),
    );
    expect(result.stderr).toMatch(
      /error: the etcd configuration in fixtures\/boot\/token-mismatch has \d+ lint errors?; nothing was started/,
    );
    expect(result.code).toBe(1);
    expect(existsSync(state)).toBe(false);
  });

  it('starts nothing when lint finds an error: a member is missing from initial-cluster', async () => {
    const result = await etcdHa([
      'run',
      '--config',
      'fixtures/boot/member-missing',
      '--state',
      path.join(dir, 'state'),
    ]);
    expect(result.stderr).toMatch(
      /^fixtures\/boot\/member-missing\/charlie\.conf\.yml:\d+:\d+: error ETCD-\d+: .*charlie/m,
    );
    expect(result.code).toBe(1);
    expect(existsSync(path.join(dir, 'state'))).toBe(false);
  });

  it('refuses bad input before anything starts (exit 2)', async () => {
    const empty = await etcdHa(['run', '--config', 'fixtures/boot', '--members', '3']);
    expect(empty.stderr).toBe(
      "error: --members is '3'; allowed: nothing together with --config 'fixtures/boot': the configuration decides the members, their names, ports and timing\n",
    );
    expect(empty.code).toBe(2);
    const none = await etcdHa(['run', '--config', 'test', '--state', path.join(dir, 'state')]);
    expect(none.stderr).toMatch(
      /^error: --config is 'test'; allowed: a file or folder of etcd configuration.*\(none was found there\)\n$/,
    );
    expect(none.code).toBe(2);
    expect(existsSync(path.join(dir, 'state'))).toBe(false);
  });

  it('the action annotates every finding on its file and line and fails the step', async () => {
    const env = {
      ...actionEnv(dir),
      INPUT_CONFIG: 'fixtures/boot/token-mismatch',
      'INPUT_STATE-DIR': path.join(dir, 'action-state'),
    };
    const saved = { ...process.env };
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((text: string | Uint8Array) => {
      written.push(String(text));
      return true;
    });
    try {
      Object.assign(process.env, env);
      const { run } = await import('../../src/action/main.js');
      await run();
    } finally {
      write.mockRestore();
      for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      process.exitCode = undefined;
    }
    const out = written.join('');
    const bravo = 'fixtures/boot/token-mismatch/bravo.conf.yml';
    expect(out).toMatch(
      new RegExp(
        `^::error title=ETCD-\\d+,file=${bravo},line=${lineOf(bravo, 'initial-cluster-token')},col=\\d+::.*initial-cluster-token`,
        'm',
      ),
    );
    expect(out).toMatch(
      /^::error::the etcd configuration in fixtures\/boot\/token-mismatch has \d+ lint errors?; nothing was started/m,
    );
    expect(existsSync(path.join(dir, 'action-state', 'etcd-ha-state.json'))).toBe(false);
  });
});

describe('etcd-ha run --config on the container target', () => {
  let dir: string;
  const runIds: string[] = [];
  beforeAll(() => ensureTestImage());
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-boot-ct-');
  });
  afterEach(async () => {
    for (const runId of runIds.splice(0)) removeRun(runId);
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the same three hosts in containers on the run's network, passes every check and leaves nothing", async () => {
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--config',
      THREE_HOSTS,
      '--target',
      'container',
      '--image',
      TEST_IMAGE,
      '--etcd-version',
      '3.4.23',
      '--state',
      path.join(dir, 'state'),
      '--json',
      json,
    ]);
    const report = readReport(json);
    runIds.push(report.cluster.runId);
    expect(checksOf(report)).toEqual(ALL_CHECKS);
    expect(result.code).toBe(0);
    expect(report.target).toBe('container');
    expect(report.cluster).toMatchObject({ members: 3, heartbeatMs: 50, electionMs: 300 });
    for (const endpoint of report.cluster.endpoints) expect(endpoint).toMatch(/^https:\/\/172\.30\.\d+\.1[123]:12379$/);
    expect(report.members.map((member: { name: string }) => member.name).sort()).toEqual(['alpha', 'bravo', 'charlie']);
    // In a container, the configuration's data dir is the container's, and the certificates are mounted at kubeadm's path.
    expect(report.configMapping).not.toContainEqual(expect.objectContaining({ member: 'alpha', setting: 'data-dir' }));
    expect(report.configMapping).toContainEqual({
      member: 'alpha',
      setting: 'cert-file',
      config: '/etc/etcd/pki/server.crt',
      run: '/etc/kubernetes/pki/etcd/server.crt',
    });
    expect(leftovers(report.cluster.runId)).toEqual({ containers: [], networks: [] });
  });

  it('runs every drill on the configuration with --checks all in containers, members derived from its settings', async () => {
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--config',
      THREE_HOSTS,
      '--checks',
      'all',
      '--target',
      'container',
      '--image',
      TEST_IMAGE,
      '--etcd-version',
      '3.4.23',
      '--state',
      path.join(dir, 'state'),
      '--json',
      json,
    ]);
    const report = readReport(json);
    runIds.push(report.cluster.runId);
    const { checks, known } = withKnownWatchFinding(report);
    expect(
      checks.map((check: { name: string; status: string; summary: string }) =>
        check.status === 'pass' ? [check.name, check.status] : [check.name, check.status, check.summary],
      ),
    ).toEqual(EVERY_CHECK_PASSED);
    expect([report.summary, report.passed, result.code]).toEqual([
      { pass: ALL_WITHOUT_RELEASE.length - (known ? 1 : 0), fail: known ? 1 : 0, skipped: 0 },
      !known,
      known ? 1 : 0,
    ]);
    expect(derivedOf(report)).toEqual(DERIVED);
    expect(mappingOf(report, 'etcd-5', 'cert-file')).toMatchObject({
      config: '/etc/etcd/pki/server.crt',
      run: '/etc/kubernetes/pki/etcd/server.crt',
    });
    expect(mappingOf(report, 'restored-1', 'initial-cluster')).toMatchObject({
      run: expect.stringMatching(/^restored-1=https:\/\/172\.30\.\d+\.\d+:12380,restored-2=/),
    });
    expect(leftovers(report.cluster.runId)).toEqual({ containers: [], networks: [] });
    expect(existsSync(path.join(dir, 'state'))).toBe(false);
  });
});

describe('etcd-ha run --config on ssh hosts: the addresses as written', () => {
  let dir: string;
  let hosts: SshHosts;
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-boot-ssh-');
    hosts = await startSshHosts(path.join(dir, 'hosts'), 3, 236);
  });
  afterAll(async () => {
    await hosts?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs each member on the host its URLs name, passes every check and removes what it installed', async () => {
    // The three-hosts configuration, written for these hosts' addresses.
    const config = path.join(dir, 'config');
    mkdirSync(config);
    for (const file of readdirSync(THREE_HOSTS)) {
      const text = readFileSync(path.join(THREE_HOSTS, file), 'utf8').replace(
        /10\.20\.0\.(\d)/g,
        (_, n: string) => `10.236.0.${10 + Number(n)}`,
      );
      writeFileSync(path.join(config, file), text);
    }
    const json = path.join(dir, 'report.json');
    // Hosts in another order than the files: each member goes where its URLs say.
    const order = [hosts.hosts[2], hosts.hosts[0], hosts.hosts[1]];
    const result = await etcdHa([
      'run',
      '--config',
      config,
      '--target',
      'ssh',
      '--hosts',
      order.join(','),
      '--ssh-key',
      hosts.keyFile,
      '--known-hosts',
      hosts.knownHostsFile,
      '--state',
      path.join(dir, 'state'),
      '--json',
      json,
    ]);
    const report = readReport(json);
    expect(checksOf(report)).toEqual(ALL_CHECKS);
    expect(result.code).toBe(0);
    expect(report.target).toBe('ssh');
    expect(report.cluster).toMatchObject({
      heartbeatMs: 50,
      electionMs: 300,
      endpoints: ['https://10.236.0.13:12379', 'https://10.236.0.11:12379', 'https://10.236.0.12:12379'],
    });
    expect(report.members.map((member: { name: string }) => member.name)).toEqual(['charlie', 'alpha', 'bravo']);
    expect(report.configMapping.map((row: { setting: string }) => row.setting)).not.toContain('listen-client-urls');
    expect(readdirSync('/var/lib').filter((name) => name.startsWith(`etcd-ha-${report.cluster.runId}-`))).toEqual([]);
    expect(livePidsMentioning(`/var/lib/etcd-ha-${report.cluster.runId}-`)).toEqual([]);
    expect(livePidsMentioning(`${tmpdir()}/etcd-ha-ssh-`)).toEqual([]);
  });
});
