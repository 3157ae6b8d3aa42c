import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from './helpers.js';

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
    const result = await runCli(['run', ...FAST, '--base-address', '127.0.0.21', '--state', state, '--json', json, '--summary', summary]);
    expect(result.stderr).not.toMatch(/DeprecationWarning/);
    expect(result.code).toBe(0);

    expect(result.stdout).toMatch(/\| NAME +\| ENDPOINT +\| ID +\| VERSION +\| DB SIZE +\| IS LEADER +\| IS LEARNER +\| RAFT TERM +\| RAFT INDEX +\| RAFT APPLIED INDEX +\| ERRORS +\|/);
    expect(result.stdout).toMatch(/\| failover +\| PASS/);
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(/^etcd-ha PASSED: 3 passed, 0 failed, 0 skipped on a 3-member local cluster/);

    const report = JSON.parse(readFileSync(json, 'utf8'));
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
    expect(markdown).toContain('| NAME | ENDPOINT | ID | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |');
    expect(markdown).toContain('| quorum-loss | PASS |');

    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });

  it('runs certs, up, check and down one at a time, with a working etcdctl.env in between', async () => {
    const state = path.join(dir, 'steps');
    const certs = await runCli(['certs', '--out', state, '--base-address', '127.0.0.24', ...FAST]);
    expect(certs.code).toBe(0);
    expect(existsSync(path.join(state, 'pki', 'members', 'etcd-2', 'etcd', 'peer.key'))).toBe(true);

    const up = await runCli(['up', '--state', state]);
    expect(up.stderr).toContain('cluster healthy');
    expect(up.code).toBe(0);
    expect(livePidsMentioning(state)).toHaveLength(3);

    const envFile = path.join(state, 'etcdctl.env');
    const etcdctl = spawnSync('bash', ['-c', `. '${envFile}' && etcdctl put /from/etcdctl hello && etcdctl get /from/etcdctl --print-value-only && etcdctl endpoint health`], {
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(etcdctl.stdout).toContain('OK\nhello\n');
    expect(etcdctl.stderr).toMatch(/https:\/\/127\.0\.0\.25:2379 is healthy/);
    expect(etcdctl.status).toBe(0);

    const check = await runCli(['check', '--state', state, '--checks', 'status,failover']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/etcd-ha PASSED: 2 passed, 0 failed, 0 skipped/);
    expect(livePidsMentioning(state)).toHaveLength(3);

    const down = await runCli(['down', '--state', state]);
    expect(down.code).toBe(0);
    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });
});
