import { createHash } from 'node:crypto';
import { buildClusterSpec, type ClusterSpec, type MemberSpec } from '../../src/cluster/spec.js';
import {
  EtcdRequestError,
  type EndpointStatus,
  type HashKv,
  type EtcdClient,
  type KeyValue,
  type RequestOptions,
  type TxnOp,
  type WatchEventData,
  type WatchKeyValue,
  type WatchRequest,
  type WatchResponseData,
  type WatchStream,
} from '../../src/etcd/client.js';
import { FaultUnsupportedError, type ReleaseSource, type Target } from '../../src/targets/target.js';
import { systemClock, type Clock } from '../../src/util/clock.js';
import { memoryLogger } from '../../src/util/logger.js';

const UNAVAILABLE = 14;
const OUT_OF_RANGE = 11;
const FUTURE_REVISION = 'etcdserver: mvcc: required revision is a future revision';
const COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
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

/** A watch stream the fake serves: its member, what it watches, and its responses in order. */
interface FakeStream {
  member: string;
  matches(key: string): boolean;
  prevKv: boolean;
  queue: WatchResponseData[];
  scheduled: boolean;
  ended: boolean;
  onResponse(response: WatchResponseData): void;
  onEnd(error?: EtcdRequestError): void;
}

/**
 * An etcd cluster in memory for the checks' unit tests, as the checks see one: members that answer
 * status, put, delete, txn, range and watch, one leader elected at once by the connected majority, and a target that
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
  /** Each key's create revision and version, for watch events. */
  private readonly meta = new Map<string, { createRevision: number; version: number }>();
  /** Every event, in revision order, for watches from a past revision. */
  private readonly log: Array<{ revision: number; event: WatchEventData }> = [];
  private compacted = 0;
  private readonly streams = new Set<FakeStream>();
  /**
   * Drop the live watch event delivered this many times (1 for the first), on purpose, and every 300th
   * after it: one drop alone can go unseen, when its stream breaks before it delivers a later event and
   * the resumed watch delivers the dropped one again. 0 drops none.
   */
  private readonly dropsWatchEvent: number;
  private eventsDelivered = 0;
  /** Send a transaction's live events one response each, on purpose (etcd sends a revision's in one). */
  private readonly splitsTxnEvents: boolean;
  /** The release each member runs. */
  private readonly versions = new Map<string, string>();
  /** The releases of a prepared move (the upgrade check), and the logs of members that refused one. */
  private move?: { from: string; to: string };
  /** The minor a downgrade was enabled to: the cluster version from then on. */
  private downgradeTarget?: string;
  private readonly refuses?: string;
  private readonly refusalLogs = new Map<string, string>();
  /** Every move the target made, in order (`etcd-2 3.5.30`). */
  readonly moves: string[] = [];

  constructor(
    options: {
      members?: number;
      electionMs?: number;
      preVote?: boolean;
      dropsWatchEvent?: number;
      splitsTxnEvents?: boolean;
      /** The etcd release every member runs at first. */
      release?: string;
      /** A release the members refuse to run (they exit at once, logging etcd's downgrade refusal). */
      refuses?: string;
    } = {},
  ) {
    this.refuses = options.refuses;
    this.dropsWatchEvent = options.dropsWatchEvent ?? 0;
    this.splitsTxnEvents = options.splitsTxnEvents ?? false;
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
      this.versions.set(member.name, options.release ?? '3.4.23');
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

  /** Sends a response on a stream after about a millisecond, after the ones before it. */
  private send(stream: FakeStream, response: WatchResponseData): void {
    stream.queue.push(response);
    if (stream.scheduled) return;
    stream.scheduled = true;
    setTimeout(() => {
      stream.scheduled = false;
      for (const queued of stream.queue.splice(0)) if (!stream.ended) stream.onResponse(queued);
    }, 1);
  }

  /** Ends a member's watch streams, as a killed member's connections break. */
  private breakStreams(name: string): void {
    for (const stream of [...this.streams]) {
      if (stream.member !== name) continue;
      stream.ended = true;
      this.streams.delete(stream);
      setTimeout(() => stream.onEnd(new EtcdRequestError(name, 'Watch', 'Connection dropped', UNAVAILABLE)), 1);
    }
  }

  private static response(revision: number, events: WatchEventData[], flags: Partial<WatchResponseData> = {}) {
    return {
      revision,
      watchId: 0,
      created: false,
      canceled: false,
      compactRevision: 0,
      cancelReason: '',
      events,
      progressNotify: false,
      ...flags,
    };
  }

  /**
   * Records the events of one revision and sends each watch the ones of its keys in one response, as
   * etcd does (dropping one event on purpose, if told to).
   */
  private emit(events: WatchEventData[]): void {
    for (const event of events) this.log.push({ revision: this.index, event });
    for (const stream of this.streams) {
      const sent: WatchEventData[] = [];
      for (const event of events) {
        if (!stream.matches(event.kv.key)) continue;
        this.eventsDelivered++;
        const drops =
          this.dropsWatchEvent > 0 &&
          (this.eventsDelivered === this.dropsWatchEvent ||
            (this.eventsDelivered > this.dropsWatchEvent && this.eventsDelivered % 300 === 0));
        if (drops) continue;
        sent.push(stream.prevKv ? event : { type: event.type, kv: event.kv });
      }
      if (this.splitsTxnEvents) for (const event of sent) this.send(stream, FakeCluster.response(this.index, [event]));
      else if (sent.length > 0) this.send(stream, FakeCluster.response(this.index, sent));
    }
  }

  /** Applies a put at revision `this.index` (already advanced); returns its event. */
  private applyPut(key: string, value: string): WatchEventData {
    const prevKv = this.kvOf(key);
    const meta = prevKv
      ? { createRevision: prevKv.createRevision, version: prevKv.version + 1 }
      : { createRevision: this.index, version: 1 };
    this.store.set(key, { key, value, modRevision: this.index });
    this.meta.set(key, meta);
    return { type: 'PUT', kv: { key, value, modRevision: this.index, ...meta }, ...(prevKv ? { prevKv } : {}) };
  }

  /** Applies a delete of a key that exists at revision `this.index` (already advanced); returns its event. */
  private applyDelete(key: string, prevKv: WatchKeyValue): WatchEventData {
    this.store.delete(key);
    this.meta.delete(key);
    return { type: 'DELETE', kv: { key, value: '', modRevision: this.index, createRevision: 0, version: 0 }, prevKv };
  }

  private kvOf(key: string): WatchKeyValue | undefined {
    const kv = this.store.get(key);
    const meta = this.meta.get(key);
    return kv && meta ? { key, value: kv.value, modRevision: kv.modRevision, ...meta } : undefined;
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
        version: this.versions.get(name) ?? '3.4.23',
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
      this.emit([this.applyPut(key, value)]);
      this.settle();
      return this.index;
    };
    const remove = async (endpoint: string, key: string, options: RequestOptions) => {
      await latency();
      const name = this.memberAt(endpoint, 'DeleteRange');
      this.needLeader(name, endpoint, 'DeleteRange', options);
      this.requests.push(`delete ${name} ${key}`);
      const prevKv = this.kvOf(key);
      if (!prevKv) return { revision: this.index, deleted: 0 };
      this.index++;
      this.emit([this.applyDelete(key, prevKv)]);
      this.settle();
      return { revision: this.index, deleted: 1 };
    };
    /** A transaction without comparisons: every op at one new revision (none when nothing changes), its events in one response. */
    const txn = async (endpoint: string, ops: TxnOp[], options: RequestOptions) => {
      await latency();
      const name = this.memberAt(endpoint, 'Txn');
      this.needLeader(name, endpoint, 'Txn', options);
      this.requests.push(`txn ${name} ${ops.map((op) => `${op.f}:${op.key}`).join(',')}`);
      const changes = ops.some((op) => op.f === 'put' || this.store.has(op.key));
      if (!changes) return { revision: this.index, succeeded: true };
      this.index++;
      const events: WatchEventData[] = [];
      for (const op of ops) {
        if (op.f === 'put') events.push(this.applyPut(op.key, op.value));
        else {
          const prevKv = this.kvOf(op.key);
          if (prevKv) events.push(this.applyDelete(op.key, prevKv));
        }
      }
      this.emit(events);
      this.settle();
      return { revision: this.index, succeeded: true };
    };
    const compact = async (endpoint: string, revision: number, options: RequestOptions) => {
      await latency();
      const name = this.memberAt(endpoint, 'Compact');
      this.needLeader(name, endpoint, 'Compact', options);
      if (revision > this.index) throw new EtcdRequestError(endpoint, 'Compact', FUTURE_REVISION, OUT_OF_RANGE);
      if (revision <= this.compacted) throw new EtcdRequestError(endpoint, 'Compact', COMPACTED, OUT_OF_RANGE);
      this.compacted = revision;
      return this.index;
    };
    const watch = (
      endpoint: string,
      request: WatchRequest,
      onResponse: (response: WatchResponseData) => void,
      onEnd: (error?: EtcdRequestError) => void,
    ): WatchStream => {
      const member = this.spec.members.find((candidate) => candidate.clientUrl === endpoint);
      const { key, rangeEnd, prefix, startRevision } = request;
      const stream: FakeStream = {
        member: member?.name ?? endpoint,
        matches: (candidate) =>
          prefix
            ? candidate.startsWith(key)
            : rangeEnd !== undefined
              ? candidate >= key && candidate < rangeEnd
              : candidate === key,
        prevKv: request.prevKv === true,
        queue: [],
        scheduled: false,
        ended: false,
        onResponse,
        onEnd,
      };
      const handle: WatchStream = {
        cancel: () => {
          if (stream.ended) return;
          stream.ended = true;
          this.streams.delete(stream);
          onEnd();
        },
        requestProgress: () => {
          if (!stream.ended)
            this.send(stream, FakeCluster.response(this.index, [], { progressNotify: true, watchId: -1 }));
        },
      };
      if (!member || !this.running.has(member.name)) {
        stream.ended = true;
        setTimeout(() => onEnd(new EtcdRequestError(endpoint, 'Watch', 'connection refused', UNAVAILABLE)), 1);
        return handle;
      }
      this.streams.add(stream);
      this.send(stream, FakeCluster.response(this.index, [], { created: true }));
      if (startRevision !== undefined && startRevision < this.compacted) {
        this.send(stream, FakeCluster.response(this.index, [], { canceled: true, compactRevision: this.compacted }));
        return handle;
      }
      if (startRevision !== undefined) {
        // A revision's events in one response, as etcd sends a transaction's.
        let batch: { revision: number; events: WatchEventData[] } | undefined;
        const flush = () => {
          if (batch) this.send(stream, FakeCluster.response(batch.revision, batch.events));
          batch = undefined;
        };
        for (const { revision, event } of this.log) {
          if (revision < startRevision || !stream.matches(event.kv.key)) continue;
          if (batch?.revision !== revision) flush();
          batch ??= { revision, events: [] };
          batch.events.push(stream.prevKv ? event : { type: event.type, kv: event.kv });
        }
        flush();
      }
      return handle;
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
      delete: remove,
      txn,
      compact,
      watch,
      range,
      health: async (endpoint: string, options: RequestOptions) => {
        await range(endpoint, 'health', { ...options, requireLeader: true });
      },
      revision: async (endpoint: string, options: RequestOptions) => {
        await latency();
        this.needLeader(this.memberAt(endpoint, 'Range'), endpoint, 'Range', options);
        return this.index;
      },
      downgrade: async (endpoint: string, action: string, version: string) => {
        await latency();
        const name = this.memberAt(endpoint, 'Downgrade');
        this.moves.push(`downgrade ${action} ${version} on ${name}`);
        if (action === 'ENABLE') this.downgradeTarget = version;
        return [...this.versions.values()][0].split('.').slice(0, 2).join('.') + '.0';
      },
      versions: async (endpoint: string) => {
        await latency();
        const name = this.memberAt(endpoint, 'GET /version');
        const minors = [...this.versions.values()].map((version) => version.split('.').slice(0, 2).join('.'));
        const lowest = minors.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0];
        return { server: this.versions.get(name) ?? '', cluster: `${this.downgradeTarget ?? lowest}.0` };
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

  /** What a check is given on this cluster: its spec, a client, its target, the system clock and a logger that keeps lines. */
  context(options: { canIsolate?: boolean } = {}) {
    return {
      spec: this.spec,
      client: this.client(),
      target: this.target(options),
      clock: systemClock,
      logger: memoryLogger(),
      keyPrefix: '/etcd-ha/fake/',
    };
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
        this.breakStreams(member.name);
      },
      kill: async (member: MemberSpec) => {
        this.running.delete(member.name);
        this.breakStreams(member.name);
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
      prepareRelease: async (from: string, source: ReleaseSource) => {
        const to = source.binaries?.version ?? source.image?.split(':v').pop() ?? '';
        this.move = { from, to };
        return to;
      },
      moveMember: async (member: MemberSpec, release: 'from' | 'to') => {
        if (!this.move) throw new Error('no release prepared');
        this.running.delete(member.name);
        this.breakStreams(member.name);
        const version = release === 'to' ? this.move.to : this.move.from;
        this.moves.push(`${member.name} ${version}`);
        this.versions.set(member.name, version);
        if (version === this.refuses) {
          this.refusalLogs.set(
            member.name,
            `{"level":"fatal","msg":"invalid downgrade; server version is lower than determined cluster version","current-server-version":"${version}","determined-cluster-version":"${this.move.from.split('.').slice(0, 2).join('.')}"}`,
          );
          return;
        }
        this.running.add(member.name);
      },
      releaseOf: (member: MemberSpec) =>
        this.move && this.versions.get(member.name) === this.move.to ? { ...this.move } : undefined,
      logs: async (member: MemberSpec) => this.refusalLogs.get(member.name) ?? '',
      destroy: async () => [],
    };
    return fake;
  }
}
