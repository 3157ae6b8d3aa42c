import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runCheck, type CheckResult } from '../../src/checks/check.js';
import { historyCheck } from '../../src/checks/history.js';
import { partitionCheck } from '../../src/checks/partition.js';
import type { EtcdClient } from '../../src/etcd/client.js';
import { checkHistory } from '../../src/history/linearizability.js';
import { parseHistory } from '../../src/history/model.js';
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
import type { Target } from '../../src/targets/target.js';
import { memoryLogger } from '../../src/util/logger.js';
import { ensureTestImage, leftovers, removeRun, TEST_IMAGE } from '../support/container-engine.js';
import { killEtcdUnder, livePidsMentioning, newTempDir } from '../support/helpers.js';
import { withOneStaleRead } from '../support/stale-read.js';

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

/** Runs one check on the cluster, as the pipeline does but with the target and client given. */
async function runOn(
  state: ClusterState,
  check: typeof partitionCheck | typeof historyCheck,
  deps: PipelineDeps,
  wrap: { target?: (target: Target) => Target; client?: (client: EtcdClient) => EtcdClient } = {},
): Promise<CheckResult> {
  const client = await clientFor(state.spec);
  try {
    const target = targetFor(state, deps);
    const ctx = {
      spec: state.spec,
      client: wrap.client?.(client) ?? client,
      target: wrap.target?.(target) ?? target,
      clock: deps.clock,
      logger: deps.logger,
      keyPrefix: `/etcd-ha/${state.spec.runId}/`,
    };
    return await runCheck(check, ctx);
  } finally {
    client.close();
  }
}

/** The figures both checks must show on a pass, and that the history was linearizable. */
function expectPasses([partition, history]: CheckResult[]): void {
  expect([partition.name, partition.status, partition.summary]).toEqual([
    'partition',
    'pass',
    expect.stringMatching(/^cut off leader /),
  ]);
  for (const figure of [
    'newLeaderMs',
    'stepDownMs',
    'writeRefusedMs',
    'healMs',
    'catchUpMs',
    'termBefore',
    'termAfter',
  ])
    expect([figure, typeof partition.figures[figure] === 'number' && partition.figures[figure] >= 0]).toEqual([
      figure,
      true,
    ]);
  expect(partition.figures.keysLost).toBe(0);
  // Pre-vote is on: neither rejoining member raised the term the new leader was elected at.
  expect(partition.figures.termAfter).toBe(partition.figures.termElected);
  expect(partition.figures.termElected).toBeGreaterThan(partition.figures.termBefore as number);
  expect([history.name, history.status, history.summary]).toEqual([
    'history',
    'pass',
    expect.stringMatching(
      / under 3 faults of the leader \(killed and restarted; cut off from its peers and healed; paused and resumed\): linearizable/,
    ),
  ]);
  expect(history.figures).toMatchObject({ clients: 5, keys: 5, faults: 3, linearizable: true });
  expect(history.figures.operations).toBeGreaterThan(200);
}

describe('partition and history drills on the local target', () => {
  let dir: string;
  let state: ClusterState;
  const deps = systemDeps(process.env, memoryLogger());
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-drills-');
    state = await bringUp(dir, '127.0.0.191', { kind: 'local' }, deps);
  });
  afterAll(async () => {
    try {
      if (state) expect(await downPhase(state, { keep: false }, deps)).toEqual([]);
      expect(livePidsMentioning(path.join(dir, 'state'))).toEqual([]);
    } finally {
      killEtcdUnder(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('partition and history pass, with every figure, as the pipeline runs them', async () => {
    const { results } = await checksPhase(state, ['partition', 'history'], deps);
    expectPasses(results);
  });

  it('partition fails when isolate cuts nothing: the old leader still leads', async () => {
    const result = await runOn(state, partitionCheck, deps, {
      target: (target) => Object.assign(Object.create(target) as Target, { isolate: async () => undefined }),
    });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(
      /^etcd-\d still leads \d+ ms after it was cut off from its peers, and they elected no new leader: the links were not cut$/,
    );
  });

  it('history fails on one stale read, and hands back the history with the verdict naming that read', async () => {
    let injected: (() => { key: string; value: string } | undefined) | undefined;
    const result = await runOn(state, historyCheck, deps, {
      client: (client) => {
        const stale = withOneStaleRead(client, '/history/');
        injected = stale.injected;
        return stale.client;
      },
    });
    const read = injected?.();
    expect(read).toBeDefined();
    expect([result.status, result.summary]).toEqual([
      'fail',
      expect.stringContaining('the history is not linearizable'),
    ]);
    expect(result.files?.map((file) => file.name)).toEqual([
      `etcd-ha-history-${state.spec.runId}.jsonl`,
      `etcd-ha-history-${state.spec.runId}.txt`,
    ]);
    const [history, verdict] = result.files ?? [];
    expect(verdict.content).toContain(`get ${JSON.stringify(read?.key)} -> ${JSON.stringify(read?.value)}`);
    expect(checkHistory(parseHistory(history.content)).verdict).toBe('not-linearizable');
  });
});

describe('partition and history drills on the container target', () => {
  let dir: string;
  let state: ClusterState | undefined;
  const deps = systemDeps(process.env, memoryLogger());
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-drills-');
    ensureTestImage();
  });
  afterAll(async () => {
    try {
      if (state) {
        expect(await downPhase(state, { keep: false }, deps)).toEqual([]);
        expect(leftovers(state.spec.runId)).toEqual({ containers: [], networks: [] });
      }
    } finally {
      if (state) removeRun(state.spec.runId);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('partition and history pass, with every figure', async () => {
    state = await bringUp(
      dir,
      `172.31.${10 + Math.floor(Math.random() * 80)}.11`,
      { kind: 'container', image: TEST_IMAGE },
      deps,
    );
    const { results } = await checksPhase(state, ['partition', 'history'], deps);
    expectPasses(results);
    expect(readFileSync(path.join(state.spec.stateDir, 'etcd-ha-state.json'), 'utf8')).toContain('"container"');
  });
});
