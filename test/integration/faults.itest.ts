import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { agreedLeader, collectStatus, statusWithAgreedLeader } from '../../src/cluster/status.js';
import type { ClusterSpec, MemberSpec } from '../../src/cluster/spec.js';
import type { EtcdClient } from '../../src/etcd/client.js';
import { EtcdRequestError, readClientTls, type ClientTls } from '../../src/etcd/client.js';
import { clientFor } from '../../src/run/phases/cluster-client.js';
import type { PipelineDeps } from '../../src/run/phases/deps.js';
import { downPhase } from '../../src/run/phases/down.js';
import { certsPhase } from '../../src/run/phases/pki.js';
import { targetFor } from '../../src/run/phases/target-choice.js';
import { upPhase } from '../../src/run/phases/up.js';
import type { ClusterState } from '../../src/run/state.js';
import { systemDeps } from '../../src/run/system-deps.js';
import { containerName } from '../../src/targets/container/layout.js';
import type { TargetOptions } from '../../src/targets/kind.js';
import type { Target } from '../../src/targets/target.js';
import { memoryLogger } from '../../src/util/logger.js';
import { pollUntil } from '../../src/util/poll.js';
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
const BOUND_MS = 10_000;

/** Waits until `members` agree on a leader other than `not`, and returns its ID. */
function newLeaderAmong(client: EtcdClient, members: MemberSpec[], not: string, deps: PipelineDeps): Promise<string> {
  return pollUntil(
    async () => {
      const leader = agreedLeader(await collectStatus(client, members, 300));
      return leader !== undefined && leader !== not ? leader : undefined;
    },
    {
      what: `${members.map((m) => m.name).join(', ')} to elect a leader other than ${not}`,
      timeoutMs: BOUND_MS,
      intervalMs: 20,
      clock: deps.clock,
    },
  );
}

/**
 * The peers a member counts as connected: the sum of etcd's `etcd_network_active_peers` gauge on its
 * metrics endpoint, asked with the health-check client's certificate. etcd refuses membership changes
 * while the member asked counts a voting peer as not connected (for 5 s), so a cut must end the open
 * connections and a heal must let every link come back.
 */
async function activePeers(member: MemberSpec, credentials: ClientTls): Promise<number> {
  const body = await new Promise<string>((resolve, reject) => {
    const request = https.get(`${member.clientUrl}/metrics`, { ...credentials, timeout: 2000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve(text));
    });
    request.on('timeout', () => request.destroy(new Error(`${member.name}'s metrics did not answer in 2 s`)));
    request.on('error', reject);
  });
  return body
    .split('\n')
    .filter((line) => line.startsWith('etcd_network_active_peers{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** Waits until `member` counts exactly `count` connected peers. */
async function untilActivePeers(
  state: ClusterState,
  member: MemberSpec,
  count: number,
  deps: PipelineDeps,
): Promise<true> {
  const { pki } = state.spec;
  const credentials = await readClientTls({
    ca: pki.caCert,
    cert: pki.healthcheckClientCert,
    key: pki.healthcheckClientKey,
  });
  return pollUntil(async () => ((await activePeers(member, credentials)) === count ? true : undefined), {
    what: `${member.name} to count ${count} connected peers`,
    timeoutMs: BOUND_MS,
    intervalMs: 50,
    clock: deps.clock,
  });
}

/**
 * Pause stops a member answering and resume brings it back; isolating the leader from its peers
 * makes the majority elect a new leader while clients still reach the old one, which refuses writes;
 * healing leaves one leader that every member names.
 */
async function exerciseFaults(
  state: ClusterState,
  target: Target,
  deps: PipelineDeps,
  whileCut?: (isolated: MemberSpec, rest: MemberSpec[]) => Promise<void>,
): Promise<void> {
  const client = await clientFor(state.spec);
  try {
    const before = await statusWithAgreedLeader(state.spec, client, 1000);
    if (!before) throw new Error('no agreed leader before the faults');
    const follower = state.spec.members.find((member) => member !== before.leader) as MemberSpec;

    await target.pause(follower);
    expect(await target.isRunning(follower)).toBe(true);
    await expect(client.status(follower.clientUrl, { timeoutMs: 500 })).rejects.toThrow();
    await target.resume(follower);
    await pollUntil(
      async () => (await client.status(follower.clientUrl, { timeoutMs: 500 })).leader === before.leaderId || undefined,
      {
        what: `${follower.name} to answer after resume`,
        timeoutMs: BOUND_MS,
        intervalMs: 20,
        clock: deps.clock,
      },
    );

    const oldLeader = before.leader;
    const rest = state.spec.members.filter((member) => member !== oldLeader);
    await target.isolate([oldLeader], rest);
    // etcd on the cut member stops counting any peer as connected.
    await untilActivePeers(state, oldLeader, 0, deps);
    await whileCut?.(oldLeader, rest);
    const newLeader = await newLeaderAmong(client, rest, before.leaderId, deps);
    // The client still reaches the old leader, which steps down and refuses a write instead of taking it.
    const stepped = await pollUntil(
      async () => {
        const status = await client.status(oldLeader.clientUrl, { timeoutMs: 500 });
        return status.isLeader ? undefined : status;
      },
      { what: `${oldLeader.name} to step down`, timeoutMs: BOUND_MS, intervalMs: 20, clock: deps.clock },
    );
    expect(stepped.leader === undefined || stepped.leader === before.leaderId).toBe(true);
    const refused = await client
      .put(oldLeader.clientUrl, '/faults/isolated-write', 'x', { timeoutMs: 3000, requireLeader: true })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(EtcdRequestError);
    expect((refused as EtcdRequestError).timedOut).toBe(false);
    await client.put(rest[0].clientUrl, '/faults/majority-write', 'y', { timeoutMs: 3000, requireLeader: true });

    await target.heal();
    const after = await pollUntil(async () => (await statusWithAgreedLeader(state.spec, client, 500)) ?? undefined, {
      what: 'one leader that every member names after healing',
      timeoutMs: BOUND_MS,
      intervalMs: 20,
      clock: deps.clock,
    });
    expect(after.leaderId).toBe(newLeader);
    // Every link is back: each member counts every peer as connected again.
    for (const member of state.spec.members) await untilActivePeers(state, member, state.spec.members.length - 1, deps);
    expect(after.rows.filter((row) => row.status?.isLeader)).toHaveLength(1);
    expect(
      (await client.range(oldLeader.clientUrl, '/faults/', { timeoutMs: 3000, prefix: true })).map((kv) => kv.key),
    ).toEqual(['/faults/majority-write']);
  } finally {
    client.close();
  }
}

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

describe('fault primitives of the local target', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-faults-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('pauses and resumes a member, cuts the leader off from its peers and heals; teardown leaves no process', async () => {
    const deps = systemDeps(process.env, memoryLogger());
    const state = await bringUp(dir, '127.0.0.131', { kind: 'local' }, deps);
    try {
      const target = targetFor(state, deps);
      expect(target.faults).toEqual({
        pause: { supported: true },
        isolate: { supported: true },
        add: { supported: true },
      });
      expect(livePidsMentioning(path.join(state.spec.stateDir, 'peer-proxy'))).toHaveLength(1);
      await exerciseFaults(state, target, deps);
    } finally {
      expect(await downPhase(state, { keep: false }, deps)).toEqual([]);
    }
    expect(livePidsMentioning(path.join(dir, 'state'))).toEqual([]);
  });
});

/** A new TCP connection from `member`'s container to `other`'s peer port: whether it was made, refused, or hung (5 s). */
function connectFrom(spec: ClusterSpec, member: MemberSpec, other: MemberSpec): 'connected' | 'refused' | string {
  const pid = docker(['inspect', '--format', '{{.State.Pid}}', containerName(spec, member)]).stdout.trim();
  const { hostname, port } = new URL(other.peerUrl);
  const tried = spawnSync(
    'nsenter',
    [`--net=/proc/${pid}/ns/net`, 'timeout', '5', 'bash', '-c', `exec 3<>/dev/tcp/${hostname}/${port}`],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (tried.status === 0) return 'connected';
  if (/connection refused/i.test(tried.stderr)) return 'refused';
  return `exit ${tried.status}: ${tried.stderr.trim()}`;
}

describe('fault primitives of the container target', () => {
  let dir: string;
  let runId: string | undefined;
  beforeAll(() => ensureTestImage());
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-faults-');
    runId = undefined;
  });
  afterEach(async () => {
    if (runId) removeRun(runId);
    await rm(dir, { recursive: true, force: true });
  });

  it('pauses and resumes a member, cuts the leader off from its peers and heals; teardown leaves no container', async () => {
    const deps = systemDeps(process.env, memoryLogger());
    const state = await bringUp(
      dir,
      `172.31.${100 + Math.floor(Math.random() * 100)}.11`,
      { kind: 'container', image: TEST_IMAGE },
      deps,
    );
    runId = state.spec.runId;
    try {
      await exerciseFaults(state, targetFor(state, deps), deps, async (isolated, rest) => {
        // The cut refuses, in both directions, rather than swallowing packets: a new link fails at
        // once, and each side of an open one ends as soon as it sends (no member waits out TCP's
        // retransmissions of a link that only looks alive, so etcd counts its peers right after the heal).
        for (const peer of rest) {
          expect([peer.name, connectFrom(state.spec, peer, isolated)]).toEqual([peer.name, 'refused']);
          expect([isolated.name, connectFrom(state.spec, isolated, peer)]).toEqual([isolated.name, 'refused']);
        }
      });
    } finally {
      expect(await downPhase(state, { keep: false }, deps)).toEqual([]);
    }
    expect(leftovers(state.spec.runId)).toEqual({ containers: [], networks: [] });
  });
});
