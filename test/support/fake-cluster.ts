import { createHash } from 'node:crypto';
import { buildClusterSpec, type ClusterSpec, type MemberSpec } from '../../src/cluster/spec.js';
import {
  EtcdRequestError,
  type EndpointStatus,
  type HashKv,
  type EtcdClient,
  type KeyValue,
  type RequestOptions,
} from '../../src/etcd/client.js';
import { FaultUnsupportedError, type Target } from '../../src/targets/target.js';
import type { Clock } from '../../src/util/clock.js';

const UNAVAILABLE = 14;
const OUT_OF_RANGE = 11;
const FUTURE_REVISION = 'etcdserver: mvcc: required revision is a future revision';
const latency = () => new Promise((resolve) => setTimeout(resolve, 1));

/** What a fake member answers HashKV with: a hash of the keys written up to `revision`, never compacted. */
export function storeHash(kvs: Iterable<KeyValue>, revision: number): { hash: number; compactRevision: number } {
  const upTo = [...kvs].filter((kv) => kv.modRevision <= revision).sort((a, b) => a.key.localeCompare(b.key));
  return { hash: createHash('sha256').update(JSON.stringify(upTo)).digest().readUInt32BE(0), compactRevision: 0 };
}

/** A clock that runs `factor` times faster than real time: bounded waits that must run out do so quickly. */
export function fastClock(factor: number): Clock {
  return {
    now: () => performance.now() * factor,
    wallNow: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / factor)),
  };
}

/**
 * An etcd cluster in memory for the checks' unit tests, as the checks see one: members that answer
 * status, put and range, one leader elected at once by the connected majority, and a target that
 * kills, starts, pauses and cuts members off. It is linearizable by construction (one store), so a
 * check that fails on it failed because a test broke something on purpose: an `isolate` that cuts
 * nothing, a read that answers a stale value.
 */
export class FakeCluster {
  readonly spec: ClusterSpec;
  private readonly running = new Set<string>();
  private readonly paused = new Set<string>();
  private readonly cut = new Set<string>();
  private readonly applied = new Map<string, number>();
  private readonly terms = new Map<string, number>();
  private readonly store = new Map<string, KeyValue>();
  private leader: string | undefined;
  private term = 2;
  private index = 10;
  /** Every request the client made, as `op member key`. */
  readonly requests: string[] = [];

  constructor(options: { members?: number; electionMs?: number; preVote?: boolean } = {}) {
    const members = options.members ?? 3;
    const electionMs = options.electionMs ?? 50;
    this.spec = buildClusterSpec(
      '/nonexistent/fake-cluster',
      {
        members,
        baseAddress: '127.0.0.201',
        clientPort: 2379,
        peerPort: 2380,
        extraSans: [],
        certValidityDays: 1,
        keyAlgorithm: 'ecdsa-p256',
      },
      { heartbeatMs: electionMs / 5, electionMs, startupTimeoutMs: 2000 },
      'fake',
    );
    for (const member of this.spec.members) {
      this.running.add(member.name);
      this.applied.set(member.name, this.index);
      this.terms.set(member.name, this.term);
    }
    this.leader = this.spec.members[0].name;
  }

  private idOf = (name: string) =>
    (0x1000 + this.spec.members.findIndex((member) => member.name === name)).toString(16);

  /** Members that run, are not paused and not cut off: they hear each other. */
  private connected(): string[] {
    return this.spec.members
      .map((member) => member.name)
      .filter((name) => this.running.has(name) && !this.paused.has(name) && !this.cut.has(name));
  }

  /** Elects at once: a leader outside the connected majority is replaced by the first connected member. */
  private settle(): void {
    const connected = this.connected();
    const majority = connected.length > this.spec.members.length / 2;
    if (majority && (!this.leader || !connected.includes(this.leader))) {
      this.leader = connected[0];
      this.term++;
    }
    if (!majority) this.leader = undefined;
    for (const name of connected) {
      this.applied.set(name, this.index);
      this.terms.set(name, this.term);
    }
  }

  private memberAt(endpoint: string, operation: string): string {
    const member = this.spec.members.find((candidate) => candidate.clientUrl === endpoint);
    if (!member) throw new Error(`no member at ${endpoint}`);
    this.settle();
    if (!this.running.has(member.name))
      throw new EtcdRequestError(endpoint, operation, 'connection refused', UNAVAILABLE);
    if (this.paused.has(member.name)) throw new EtcdRequestError(endpoint, operation, 'no answer', 4, true);
    return member.name;
  }

  /** The leader a member knows: the elected one when it hears the majority, none when cut off. */
  private leaderOf(name: string): string | undefined {
    return this.connected().includes(name) ? this.leader : undefined;
  }

  private needLeader(name: string, endpoint: string, operation: string, options: RequestOptions): void {
    if (!this.leaderOf(name)) {
      if (options.requireLeader) throw new EtcdRequestError(endpoint, operation, 'etcdserver: no leader', UNAVAILABLE);
      throw new EtcdRequestError(endpoint, operation, `no answer within ${options.timeoutMs} ms`, 4, true);
    }
  }

  /** The client the checks use, answering from this cluster after about a millisecond, as a network would. */
  client(): EtcdClient {
    const status = async (endpoint: string): Promise<EndpointStatus> => {
      await latency();
      const name = this.memberAt(endpoint, 'Status');
      const leader = this.leaderOf(name);
      return {
        endpoint,
        id: this.idOf(name),
        version: '3.4.23',
        dbSize: 1,
        dbSizeInUse: 1,
        leader: leader === undefined ? undefined : this.idOf(leader),
        isLeader: leader === name,
        isLearner: false,
        raftTerm: this.terms.get(name) ?? 0,
        raftIndex: this.index,
        raftAppliedIndex: this.applied.get(name) ?? 0,
        errors: [],
      };
    };
    const put = async (endpoint: string, key: string, value: string, options: RequestOptions): Promise<number> => {
      await latency();
      const name = this.memberAt(endpoint, 'Put');
      this.needLeader(name, endpoint, 'Put', options);
      this.requests.push(`put ${name} ${key}`);
      this.index++;
      this.store.set(key, { key, value, modRevision: this.index });
      this.settle();
      return this.index;
    };
    const range = async (
      endpoint: string,
      key: string,
      options: RequestOptions & { prefix?: boolean; serializable?: boolean },
    ): Promise<KeyValue[]> => {
      await latency();
      const name = this.memberAt(endpoint, 'Range');
      if (!options.serializable) this.needLeader(name, endpoint, 'Range', options);
      this.requests.push(`get ${name} ${key}`);
      return [...this.store.values()]
        .filter((kv) => (options.prefix ? kv.key.startsWith(key) : kv.key === key))
        .sort((a, b) => a.key.localeCompare(b.key));
    };
    const fake = {
      status,
      put,
      range,
      health: async (endpoint: string, options: RequestOptions) => {
        await range(endpoint, 'health', { ...options, requireLeader: true });
      },
      revision: async (endpoint: string, options: RequestOptions) => {
        await latency();
        this.needLeader(this.memberAt(endpoint, 'Range'), endpoint, 'Range', options);
        return this.index;
      },
      hashKV: async (endpoint: string, revision: number): Promise<HashKv> => {
        await latency();
        this.memberAt(endpoint, 'HashKV');
        if (revision > this.index) throw new EtcdRequestError(endpoint, 'HashKV', FUTURE_REVISION, OUT_OF_RANGE);
        return { endpoint, ...storeHash(this.store.values(), revision), revision: this.index };
      },
      close: () => undefined,
    };
    return fake as unknown as EtcdClient;
  }

  /** The target running this cluster; `isolateCuts: false` makes an `isolate` that cuts nothing. */
  target(options: { isolateCuts?: boolean; canIsolate?: boolean } = {}): Target {
    const { isolateCuts = true, canIsolate = true } = options;
    const nothing = async () => undefined;
    const noMembersAdded = 'this fake target adds no members';
    const fake: Target = {
      kind: 'local',
      faults: {
        pause: { supported: true },
        isolate: canIsolate ? { supported: true } : { supported: false, reason: 'this fake target cannot cut links' },
        add: { supported: false, reason: noMembersAdded },
      },
      preflight: nothing,
      start: async (member: MemberSpec) => {
        this.running.add(member.name);
      },
      stop: async (member: MemberSpec) => {
        this.running.delete(member.name);
      },
      kill: async (member: MemberSpec) => {
        this.running.delete(member.name);
      },
      restart: nothing,
      isRunning: async (member: MemberSpec) => this.running.has(member.name),
      pause: async (member: MemberSpec) => {
        this.paused.add(member.name);
      },
      resume: async (member: MemberSpec) => {
        this.paused.delete(member.name);
      },
      isolate: async (members: MemberSpec[]) => {
        if (isolateCuts) for (const member of members) this.cut.add(member.name);
      },
      heal: async () => {
        this.cut.clear();
      },
      sparePlaces: () => Promise.reject(new FaultUnsupportedError('add', noMembersAdded)),
      restoreSnapshot: () => Promise.reject(new FaultUnsupportedError('add', noMembersAdded)),
      discard: () => Promise.reject(new FaultUnsupportedError('add', noMembersAdded)),
      logs: async () => '',
      destroy: async () => [],
    };
    return fake;
  }
}
