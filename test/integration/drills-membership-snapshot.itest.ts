import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runCheck, type CheckResult } from '../../src/checks/check.js';
import { membershipCheck } from '../../src/checks/membership.js';
import { snapshotRestoreCheck } from '../../src/checks/snapshot-restore.js';
import type { EtcdClient } from '../../src/etcd/client.js';
import { checksPhase } from '../../src/run/phases/checks.js';
import { clientFor } from '../../src/run/phases/cluster-client.js';
import type { PipelineDeps } from '../../src/run/phases/deps.js';
import { downPhase } from '../../src/run/phases/down.js';
import { certsPhase } from '../../src/run/phases/pki.js';
import { targetFor } from '../../src/run/phases/target-choice.js';
import { upPhase } from '../../src/run/phases/up.js';
import type { ClusterState } from '../../src/run/state.js';
import { systemDeps } from '../../src/run/system-deps.js';
import type { TargetOptions } from '../../src/targets/kind.js';
import { memoryLogger } from '../../src/util/logger.js';
import { docker, ensureTestImage, leftovers, removeRun, TEST_IMAGE } from '../support/container-engine.js';
import { killEtcdUnder, livePidsMentioning, newTempDir } from '../support/helpers.js';

const timing = { heartbeatMs: 50, electionMs: 250, startupTimeoutMs: 20000 };
const topology = (baseAddress: string) => ({
  members: 3,
  baseAddress,
  clientPort: 2379,
  peerPort: 2380,
  extraSans: [],
  certValidityDays: 1,
  keyAlgorithm: 'ecdsa-p256' as const,
});
const binaries = { etcd: '/usr/bin/etcd', etcdctl: '/usr/bin/etcdctl', version: '3.4.23', source: 'PATH' as const };

async function bringUp(
  dir: string,
  baseAddress: string,
  target: TargetOptions,
  deps: PipelineDeps,
): Promise<ClusterState> {
  const state = await certsPhase(path.join(dir, 'state'), topology(baseAddress), timing, deps);
  await upPhase(
    state,
    { target, binaries: target.kind === 'container' ? undefined : binaries, etcdVersion: '3.4.23' },
    undefined,
    deps,
  );
  return state;
}

/** Runs one check on the cluster, as the pipeline does but with the client given. */
async function runOn(
  state: ClusterState,
  check: typeof membershipCheck | typeof snapshotRestoreCheck,
  deps: PipelineDeps,
  wrap: (client: EtcdClient) => EtcdClient,
): Promise<CheckResult> {
  const client = await clientFor(state.spec);
  try {
    const ctx = {
      spec: state.spec,
      client: wrap(client),
      target: targetFor(state, deps),
      clock: deps.clock,
      logger: deps.logger,
      keyPrefix: `/etcd-ha/${state.spec.runId}/`,
    };
    return await runCheck(check, ctx);
  } finally {
    client.close();
  }
}

/** The members etcd lists now, by name. */
async function memberNames(state: ClusterState): Promise<string[]> {
  const client = await clientFor(state.spec);
  try {
    return (await client.memberList(state.spec.members[0].clientUrl, { timeoutMs: 5000 }))
      .map((member) => member.name)
      .sort();
  } finally {
    client.close();
  }
}

/** A number figure above 0 (a boolean or a missing figure is not). */
const positive = (value: number | boolean | undefined) => typeof value === 'number' && value > 0;

/** Both checks passed, with their figures, and left the cluster its three members and nothing beyond them. */
async function expectPasses([membership, restore]: CheckResult[], state: ClusterState): Promise<void> {
  expect([membership.name, membership.status, membership.summary]).toEqual([
    'membership',
    'pass',
    expect.stringMatching(/^scaled 3 -> 4 -> 5 -> 4 -> 3: /),
  ]);
  for (const figure of ['addMs', 'catchUpMs', 'promoteMs', 'removeMs', 'newLeaderMs'])
    expect([figure, positive(membership.figures[figure])]).toEqual([figure, true]);
  expect(membership.figures).toMatchObject({ maxSize: 5, finalSize: 3, keysLost: 0 });
  expect(membership.notes).toContainEqual(
    expect.stringMatching(
      /^promoting etcd-4 before it started was refused: .*can only promote a learner member which is in sync with leader$/,
    ),
  );
  expect([restore.name, restore.status, restore.summary]).toEqual([
    'snapshot-restore',
    'pass',
    expect.stringMatching(
      /restored in [\d.]+ ms into 3 new members with a new token; all 95 keys and revision \d+ came back/,
    ),
  ]);
  for (const figure of ['snapshotMs', 'snapshotBytes', 'restoreMs'])
    expect([figure, positive(restore.figures[figure])]).toEqual([figure, true]);
  expect(restore.figures).toMatchObject({ keysRestored: 95, keysLost: 0 });
  expect(await memberNames(state)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
  const recorded = JSON.parse(readFileSync(path.join(state.spec.stateDir, 'etcd-ha-state.json'), 'utf8'));
  expect(recorded.local?.spare ?? recorded.container?.spare ?? {}).toEqual({});
}

describe('membership and snapshot-restore drills on the local target', () => {
  let dir: string;
  let state: ClusterState;
  const deps = systemDeps(process.env, memoryLogger());
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-drills-ms-');
    state = await bringUp(dir, '127.0.0.11', { kind: 'local' }, deps);
  });
  afterAll(async () => {
    try {
      if (state) expect(await downPhase(state, { keep: false }, deps)).toEqual([]);
      expect(livePidsMentioning(path.join(dir, 'state'))).toEqual([]);
      expect(existsSync(path.join(dir, 'state'))).toBe(false);
    } finally {
      killEtcdUnder(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('membership and snapshot-restore pass, with every figure, as the pipeline runs them, and leave only the three members running', async () => {
    const { results } = await checksPhase(state, ['membership', 'snapshot-restore', 'status'], deps);
    expect(results[2].status).toBe('pass');
    await expectPasses(results, state);
    // etcd-4, etcd-5 and the restored members all ended: three etcd processes are left.
    expect(livePidsMentioning(`--data-dir=${path.join(state.spec.stateDir, 'data')}`)).toHaveLength(3);
    expect(existsSync(path.join(state.spec.stateDir, 'spare', 'snapshot-' + state.spec.runId + '.db'))).toBe(false);
  });

  it('membership fails when a promotion etcd refuses is taken as done, and removes the learner it added', async () => {
    const result = await runOn(state, membershipCheck, deps, (client) =>
      Object.assign(Object.create(client) as EtcdClient, {
        memberPromote: async (endpoint: string, id: string, options: { timeoutMs: number }) =>
          client.memberPromote(endpoint, id, options).catch(() => []),
      }),
    );
    expect([result.status, result.summary]).toEqual([
      'fail',
      'etcd promoted etcd-4 right after it was added, before it started or caught up with the leader',
    ]);
    expect(await memberNames(state)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
  });

  it('snapshot-restore fails naming the key a snapshot lacks', async () => {
    const result = await runOn(state, snapshotRestoreCheck, deps, (client) =>
      Object.assign(Object.create(client) as EtcdClient, {
        // The key goes just before the snapshot is taken: the restored cluster cannot have it.
        snapshot: async (endpoint: string, file: string, options: { timeoutMs: number }) => {
          await client.deletePrefix(endpoint, `/etcd-ha/${state.spec.runId}/snapshot-restore/00042`, options);
          return client.snapshot(endpoint, file, options);
        },
      }),
    );
    expect([result.status, result.summary]).toEqual([
      'fail',
      `the restored cluster lacks 1 (e.g. /etcd-ha/${state.spec.runId}/snapshot-restore/00042) of the 95 keys of the snapshot`,
    ]);
    expect(livePidsMentioning(`--data-dir=${path.join(state.spec.stateDir, 'data')}`)).toHaveLength(3);
  });
});

describe('membership and snapshot-restore drills on the container target', () => {
  let dir: string;
  let state: ClusterState | undefined;
  const deps = systemDeps(process.env, memoryLogger());
  const volumes = (runId: string) =>
    docker(['volume', 'ls', '--filter', `label=io.github.etcd-ha.run=${runId}`, '--format', '{{.Name}}'])
      .stdout.split('\n')
      .filter(Boolean);
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-drills-ms-');
    ensureTestImage();
  });
  afterAll(async () => {
    try {
      if (state) {
        expect(await downPhase(state, { keep: false }, deps)).toEqual([]);
        expect(leftovers(state.spec.runId)).toEqual({ containers: [], networks: [] });
        expect(volumes(state.spec.runId)).toEqual([]);
      }
    } finally {
      if (state) {
        removeRun(state.spec.runId);
        for (const volume of volumes(state.spec.runId)) docker(['volume', 'rm', '--force', volume]);
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('membership and snapshot-restore pass, with every figure, and leave only the three member containers', async () => {
    state = await bringUp(
      dir,
      `172.31.${90 + Math.floor(Math.random() * 10)}.11`,
      { kind: 'container', image: TEST_IMAGE },
      deps,
    );
    const { results } = await checksPhase(state, ['membership', 'snapshot-restore'], deps);
    await expectPasses(results, state);
    expect(results[1].notes).toContainEqual(
      expect.stringContaining(`--entrypoint /usr/local/bin/etcdctl ${TEST_IMAGE} snapshot restore /snapshot/`),
    );
    expect(leftovers(state.spec.runId).containers.sort()).toEqual(
      state.spec.members.map((member) => `etcd-ha-${state?.spec.runId}-${member.name}`).sort(),
    );
    expect(volumes(state.spec.runId)).toEqual([]);
  });
});
