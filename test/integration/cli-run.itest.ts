import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  actionEnv,
  FAST,
  killEtcdUnder,
  livePidsMentioning,
  newTempDir,
  readCommandFile,
  runCli,
} from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

describe('etcd-ha run on a real 3-member mTLS cluster', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-it-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('passes every check, prints the tables, writes Markdown and JSON, and leaves nothing behind', async () => {
    const state = path.join(dir, 'state');
    const json = path.join(dir, 'report.json');
    const summary = path.join(dir, 'summary.md');
    const result = await runCli([
      'run',
      ...FAST,
      '--base-address',
      '127.0.0.21',
      '--state',
      state,
      '--json',
      json,
      '--summary',
      summary,
    ]);
    expect(result.stderr).not.toMatch(/DeprecationWarning/);
    expect(result.code).toBe(0);

    expect(result.stdout).toMatch(/^Endpoint status after the checks\n/m);
    expect(result.stdout).toMatch(/^NAME +ENDPOINT +ID +ROLE +TERM +INDEX +APPLIED +DB SIZE$/m);
    expect(result.stdout).toMatch(/^failover +PASS /m);
    expect(result.stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(
      /^etcd-ha PASSED: 3 passed, 0 failed, 0 skipped on a 3-member local cluster/,
    );

    const report = readReport(json);
    expect(report.passed).toBe(true);
    expect(report.checks.map((check: { name: string; status: string }) => [check.name, check.status])).toEqual([
      ['status', 'pass'],
      ['failover', 'pass'],
      ['quorum-loss', 'pass'],
    ]);
    expect(report.members).toHaveLength(3);
    expect(report.members.filter((member: { isLeader: boolean }) => member.isLeader)).toHaveLength(1);
    for (const member of report.members) {
      expect(member.id).toMatch(/^[0-9a-f]+$/);
      expect(member.raftTerm).toBeGreaterThanOrEqual(3); // at least one election after the first
      expect(member.raftIndex).toBeGreaterThan(0);
    }
    expect(report.failover.newLeaderMs).toBeGreaterThan(0);
    expect(report.failover.writeGapMs).toBeGreaterThan(0);
    const failover = report.checks[1].figures;
    expect(failover.keysLost).toBe(0);
    expect(failover.keysAcknowledged).toBeGreaterThanOrEqual(50);
    // etcd's own log agrees with the probe within the probe's resolution and one election timeout.
    expect(Math.abs(failover.etcdElectedMs - failover.newLeaderMs)).toBeLessThan(250);
    const quorum = report.checks[2].figures;
    expect(quorum.writeRefusedMs).toBeLessThan(1000);
    expect(quorum.serializableKeysSeen).toBe(20);

    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(/^## ✅ etcd-ha PASSED: 3 passed, 0 failed, 0 skipped/);
    expect(markdown).toContain(
      '| NAME | ENDPOINT | ID | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
    );
    expect(markdown).toContain('| quorum-loss | ✅ PASS |');

    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });

  it('runs no peer proxy when no check of the run cuts links: etcd advertises its own peer URLs', async () => {
    const state = path.join(dir, 'plain');
    const run = await runCli(['run', ...FAST, '--base-address', '127.0.0.31', '--state', state, '--keep']);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(state, 'peer-proxy'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(state, 'etcd-ha-state.json'), 'utf8')).local.peerProxy).toBeUndefined();
    for (const [member, address] of [
      ['etcd-1', '127.0.0.31'],
      ['etcd-2', '127.0.0.32'],
      ['etcd-3', '127.0.0.33'],
    ]) {
      const log = readFileSync(path.join(state, 'logs', `${member}.log`), 'utf8');
      expect(log).toContain(`"initial-advertise-peer-urls":["https://${address}:2380"]`);
      expect(log).not.toContain(':2381');
    }
    expect(livePidsMentioning(state)).toEqual([]);
  });

  it('runs certs, up, check and down one at a time, with a working etcdctl.env in between', async () => {
    const state = path.join(dir, 'steps');
    const certs = await runCli(['certs', '--out', state, '--base-address', '127.0.0.24', ...FAST]);
    expect(certs.code).toBe(0);
    expect(existsSync(path.join(state, 'pki', 'members', 'etcd-2', 'etcd', 'peer.key'))).toBe(true);

    const up = await runCli(['up', '--state', state]);
    expect(up.stderr).toContain('cluster healthy');
    expect(up.code).toBe(0);
    // The three members and the peer proxy in front of their peer ports.
    expect(livePidsMentioning(state)).toHaveLength(4);

    const envFile = path.join(state, 'etcdctl.env');
    const etcdctl = spawnSync(
      'bash',
      [
        '-c',
        `. '${envFile}' && etcdctl put /from/etcdctl hello && etcdctl get /from/etcdctl --print-value-only && etcdctl endpoint health`,
      ],
      {
        encoding: 'utf8',
        timeout: 30000,
      },
    );
    expect(etcdctl.stdout).toContain('OK\nhello\n');
    expect(etcdctl.stderr).toMatch(/https:\/\/127\.0\.0\.25:2379 is healthy/);
    expect(etcdctl.status).toBe(0);

    const check = await runCli(['check', '--state', state, '--checks', 'status,failover']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/etcd-ha PASSED: 2 passed, 0 failed, 0 skipped/);
    expect(livePidsMentioning(state)).toHaveLength(4); // three members and their peer proxy

    // The same cluster as one this product did not start: by its endpoints and PKI folder.
    const endpoints = 'a=https://127.0.0.24:2379,b=https://127.0.0.25:2379,c=https://127.0.0.26:2379';
    const json = path.join(dir, 'given.json');
    const given = await runCli([
      'check',
      '--endpoints',
      endpoints,
      '--pki-dir',
      path.join(state, 'pki'),
      '--checks',
      'status',
      '--json',
      json,
    ]);
    expect(given.stdout).toMatch(
      /etcd-ha PASSED: 1 passed, 0 failed, 0 skipped on a 3-member external cluster \(etcd 3\.4\.23\)/,
    );
    expect(given.code).toBe(0);
    const report = readReport(json);
    expect([report.target, report.members.map((m: { name: string; healthy: boolean }) => [m.name, m.healthy])]).toEqual(
      [
        'external',
        [
          ['a', true],
          ['b', true],
          ['c', true],
        ],
      ],
    );

    const all = await runCli([
      'check',
      '--endpoints',
      endpoints,
      '--pki-dir',
      path.join(state, 'pki'),
      '--diagnostics',
      'never',
    ]);
    // The default checks must run: two that cannot on a cluster without a target fail the run.
    expect(all.stdout).toMatch(/^failover +SKIPPED +0 +needs a target that can stop and start members/m);
    expect(all.stdout).toMatch(/etcd-ha FAILED: 1 passed, 0 failed, 2 skipped/);
    expect(all.code).toBe(1);
    // So does a check named that cannot run.
    const named = await runCli([
      'check',
      '--endpoints',
      endpoints,
      '--pki-dir',
      path.join(state, 'pki'),
      '--checks',
      'status,partition',
      '--diagnostics',
      'never',
    ]);
    expect(named.stdout).toMatch(/etcd-ha FAILED: 1 passed, 0 failed, 1 skipped/);
    expect(named.code).toBe(1);
    // `all` is every check that can run on this cluster: those that cannot are listed, skipped with the reason, and pass the run.
    const everyJson = path.join(dir, 'every.json');
    const every = await runCli([
      'check',
      '--endpoints',
      endpoints,
      '--pki-dir',
      path.join(state, 'pki'),
      '--checks',
      'all',
      '--diagnostics',
      'never',
      '--json',
      everyJson,
    ]);
    const everyReport = readReport(everyJson);
    const skippedChecks = everyReport.checks.filter((check: { status: string }) => check.status === 'skipped');
    expect(skippedChecks.map((check: { name: string }) => check.name)).toEqual(
      expect.arrayContaining(['failover', 'quorum-loss', 'partition', 'membership', 'snapshot-restore']),
    );
    for (const check of skippedChecks) {
      expect(check).toMatchObject({ optional: true, summary: expect.stringMatching(/needs a target that can stop/) });
    }
    expect(everyReport.checks.filter((check: { status: string }) => check.status === 'fail')).toEqual([]);
    expect(every.stdout).toMatch(/^etcd-ha PASSED: \d+ passed, 0 failed, \d+ skipped on a 3-member external cluster/m);
    expect([everyReport.passed, every.code]).toEqual([true, 0]);
    expect(livePidsMentioning(state)).toHaveLength(4); // three members and their peer proxy

    const env: NodeJS.ProcessEnv = {
      ...actionEnv(dir),
      INPUT_ENDPOINTS: endpoints,
      'INPUT_PKI-DIR': path.join(state, 'pki'),
      INPUT_CHECKS: 'status',
    };
    const action = await runCli([], { script: 'dist/check/index.js', env });
    expect(action.stdout).not.toContain('::error::');
    expect(action.code).toBe(0);
    expect(readCommandFile(env.GITHUB_OUTPUT as string).passed).toBe('true');

    const down = await runCli(['down', '--state', state]);
    expect(down.code).toBe(0);
    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });

  it('check takes a state folder or endpoints, not both and not neither, and names what a PKI folder lacks', async () => {
    const neither = await runCli(['check']);
    expect(neither.stderr).toBe(
      "error: --state is '' and --endpoints is ''; allowed: exactly one of them (the state folder of an up, or the endpoints of a running cluster with --pki-dir)\n",
    );
    expect(neither.code).toBe(2);
    const noPki = await runCli(['check', '--endpoints', 'https://127.0.0.27:2379']);
    expect(noPki.stderr).toMatch(/^error: --pki-dir is ''; allowed: the PKI folder of the cluster/);
    const badUrl = await runCli(['check', '--endpoints', 'http://127.0.0.27:2379', '--pki-dir', dir]);
    expect(badUrl.stderr).toMatch(
      /^error: --endpoints is 'http:\/\/127\.0\.0\.27:2379'; allowed: https:\/\/host:port or name=https:\/\/host:port entries/,
    );
    const emptyPki = await runCli(['check', '--endpoints', 'https://127.0.0.27:2379', '--pki-dir', dir]);
    expect(emptyPki.stderr).toMatch(
      /^error: --pki-dir is '.+'; allowed: a PKI folder holding etcd\/ca\.crt, apiserver-etcd-client\.crt and apiserver-etcd-client\.key \(.+etcd\/ca\.crt cannot be read\)/,
    );
    expect(emptyPki.code).toBe(2);
  });
});
