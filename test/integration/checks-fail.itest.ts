import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runCheck } from '../../src/checks/check.js';
import { quorumLossCheck } from '../../src/checks/quorum-loss.js';
import { clientFor } from '../../src/run/phases/cluster-client.js';
import { downPhase } from '../../src/run/phases/down.js';
import { certsPhase } from '../../src/run/phases/pki.js';
import { targetFor } from '../../src/run/phases/target-choice.js';
import { upPhase } from '../../src/run/phases/up.js';
import { systemDeps } from '../../src/run/system-deps.js';
import type { ClusterState } from '../../src/run/state.js';
import type { MemberSpec } from '../../src/cluster/spec.js';
import type { Target } from '../../src/targets/target.js';
import { memoryLogger } from '../../src/util/logger.js';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';

const topology = (baseAddress: string) => ({
  members: 3,
  baseAddress,
  clientPort: 2379,
  peerPort: 2380,
  extraSans: [],
  certValidityDays: 1,
  keyAlgorithm: 'ecdsa-p256' as const,
});
const timing = { heartbeatMs: 50, electionMs: 250, startupTimeoutMs: 15000 };

describe('each check can fail', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-fail-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('status fails, and check exits 1, when a member is down', async () => {
    const state = path.join(dir, 'state');
    expect((await runCli(['certs', '--out', state, '--base-address', '127.0.0.41', ...FAST])).code).toBe(0);
    expect((await runCli(['up', '--state', state])).code).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(state, 'etcd-ha-state.json'), 'utf8'));
    process.kill(saved.local.processes['etcd-2'].pid, 'SIGKILL');

    const check = await runCli(['check', '--state', state, '--checks', 'status', '--diagnostics', 'never']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^status +FAIL /m);
    expect(check.stdout).toMatch(/etcd-2 \(https:\/\/127\.0\.0\.42:2379\) is not healthy/);
    expect(check.stdout).toMatch(/etcd-ha FAILED: 0 passed, 1 failed, 0 skipped/);

    expect((await runCli(['down', '--state', state])).code).toBe(0);
    expect(livePidsMentioning(state)).toEqual([]);
  });

  it('up fails at once, naming the member and showing its log, when a member exits; nothing is left running', async () => {
    const state = path.join(dir, 'state');
    expect((await runCli(['certs', '--out', state, '--base-address', '127.0.0.44', ...FAST])).code).toBe(0);
    // A folder where etcd-2's bolt database file must be: etcd-2 cannot open its backend and exits.
    mkdirSync(path.join(state, 'data', 'etcd-2', 'member', 'snap', 'db'), { recursive: true });

    const up = await runCli(['up', '--state', state]);
    expect(up.stderr).toMatch(
      /etcd-2 \(https:\/\/127\.0\.0\.45:2379\) exited while the cluster was starting; etcd's last error: failed to open database: .*is a directory; last lines of its log:\n/,
    );
    expect(up.code).toBe(1);
    expect(livePidsMentioning(state)).toEqual([]);
    expect((await runCli(['down', '--state', state])).code).toBe(0);
  });

  it('up refuses a PKI with a broken key before starting anything', async () => {
    const state = path.join(dir, 'state');
    expect((await runCli(['certs', '--out', state, '--base-address', '127.0.0.57', ...FAST])).code).toBe(0);
    writeFileSync(path.join(state, 'pki', 'members', 'etcd-3', 'etcd', 'server.key'), 'not a key\n');

    const up = await runCli(['up', '--state', state]);
    expect(up.stderr).toMatch(
      /the PKI in .* cannot be used:\n- .*members\/etcd-3\/etcd\/server\.key: not a readable private key/,
    );
    expect(up.code).toBe(2);
    expect(livePidsMentioning(state)).toEqual([]);
    expect((await runCli(['down', '--state', state])).code).toBe(0);
  });

  it('up fails after the startup timeout, naming the member that never became healthy', async () => {
    // etcd-3 gets the data of a member of another 3-member cluster: it runs, but its peers are gone.
    const foreign = path.join(dir, 'foreign');
    expect(
      (
        await runCli([
          'run',
          '--state',
          foreign,
          '--base-address',
          '127.0.0.67',
          '--checks',
          'status',
          '--keep',
          ...FAST,
        ])
      ).code,
    ).toBe(0);
    const state = path.join(dir, 'state');
    expect(
      (
        await runCli([
          'certs',
          '--out',
          state,
          '--base-address',
          '127.0.0.64',
          ...FAST,
          '--startup-timeout-seconds',
          '3',
        ])
      ).code,
    ).toBe(0);
    cpSync(path.join(foreign, 'data', 'etcd-3'), path.join(state, 'data', 'etcd-3'), { recursive: true });

    const up = await runCli(['up', '--state', state]);
    expect(up.stderr).toMatch(
      /the cluster was not healthy within 3000 ms:\n(.*\n)*etcd-3 \(https:\/\/127\.0\.0\.66:2379\) was not healthy \(.+\)/,
    );
    expect(up.stderr).not.toMatch(/etcd-1 \(https:\/\/127\.0\.0\.64:2379\) was not healthy/);
    expect(up.code).toBe(1);
    expect(livePidsMentioning(state)).toEqual([]);
    expect((await runCli(['down', '--state', state])).code).toBe(0);
  });

  it('quorum-loss fails when the survivor still acknowledges a write', async () => {
    const deps = systemDeps(process.env, memoryLogger());
    const state: ClusterState = await certsPhase(path.join(dir, 'state'), topology('127.0.0.47'), timing, deps);
    try {
      const binaries = {
        etcd: '/usr/bin/etcd',
        etcdctl: '/usr/bin/etcdctl',
        version: '3.4.23',
        source: 'PATH' as const,
      };
      await upPhase(state, { target: { kind: 'local' }, binaries }, undefined, deps);
      // A target that says it stopped members but did not: the majority stays and the write goes through.
      const real = targetFor(state, deps);
      const pretending: Target = Object.assign(Object.create(Object.getPrototypeOf(real)), real, {
        stop: async (_member: MemberSpec) => undefined,
        kill: async (_member: MemberSpec) => undefined,
        start: async (_member: MemberSpec) => undefined,
      });
      const client = await clientFor(state.spec);
      try {
        const result = await runCheck(quorumLossCheck, {
          spec: state.spec,
          target: pretending,
          client,
          clock: deps.clock,
          logger: deps.logger,
          keyPrefix: '/t/',
        });
        expect(result.status).toBe('fail');
        expect(result.summary).toMatch(/^etcd-\d acknowledged a write without quorum$/);
      } finally {
        client.close();
      }
    } finally {
      await downPhase(state, { keep: false }, deps);
    }
    expect(livePidsMentioning(path.join(dir, 'state'))).toEqual([]);
  });
});
