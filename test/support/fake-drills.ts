import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { buildClusterSpec, placeOnAddress, type ClusterSpec, type MemberSpec } from '../../src/cluster/spec.js';
import {
  EtcdRequestError,
  type ClusterMember,
  type EndpointStatus,
  type HashKv,
  type EtcdClient,
  type KeyValue,
  type RequestOptions,
} from '../../src/etcd/client.js';
import { generateClusterPki } from '../../src/pki/cluster-pki.js';
import type { Target } from '../../src/targets/target.js';
import { storeHash } from './fake-cluster.js';

const FAILED_PRECONDITION = 9;
const NOT_FOUND = 5;

interface FakeMember {
  id: string;
  /** Empty until the member started, as etcd lists a member that was added but never ran. */
  name: string;
  clientUrl: string;
  peerUrl: string;
  isLearner: boolean;
  started: boolean;
}

/** One etcd cluster in memory: its members, its leader, its store. */
interface FakeEtcd {
  token: string;
  members: FakeMember[];
  leaderId: string;
  store: Map<string, KeyValue>;
  revision: number;
}

/** What a test breaks on purpose, where etcd would not misbehave by itself. */
export interface FakeFlaws {
  /** etcd promotes a learner that never started (real etcd refuses: it has not caught up). */
  promotesEarly?: boolean;
  /** etcd refuses every member removal with this answer (as a member that counts a peer's link as down does). */
  refusesRemoval?: string;
  /** The restore leaves out the key that ends with this. */
  restoreDrops?: string;
}

/**
 * Clusters in memory for the unit tests of the membership and snapshot-restore drills: the cluster
 * of the spec (whose PKI is real, so new members get real certificates) and any cluster a snapshot is
 * restored into beside it, with a client that speaks to each by endpoint and a target that places
 * members on spare addresses. It behaves as etcd does unless a flaw says otherwise.
 */
export class FakeDrillWorld {
  readonly clusters: FakeEtcd[] = [];
  /** Every membership request, as `op name`. */
  readonly requests: string[] = [];
  /** Members the target discarded, in order. */
  readonly discarded: string[] = [];
  private snapshot?: { store: Map<string, KeyValue>; revision: number };
  private nextId = 0x2000;

  private constructor(
    readonly spec: ClusterSpec,
    private readonly flaws: FakeFlaws,
  ) {
    this.clusters.push({
      token: spec.token,
      members: spec.members.map((member, index) => ({
        id: (0x1000 + index).toString(16),
        name: member.name,
        clientUrl: member.clientUrl,
        peerUrl: member.peerUrl,
        isLearner: false,
        started: true,
      })),
      leaderId: (0x1000).toString(16),
      store: new Map(),
      revision: 1,
    });
  }

  /** A world with a three-member cluster whose PKI is generated in `stateDir`. */
  static async create(stateDir: string, flaws: FakeFlaws = {}): Promise<FakeDrillWorld> {
    const spec = buildClusterSpec(
      stateDir,
      {
        members: 3,
        baseAddress: '127.0.0.211',
        clientPort: 2379,
        peerPort: 2380,
        extraSans: [],
        certValidityDays: 1,
        keyAlgorithm: 'ecdsa-p256',
      },
      { heartbeatMs: 10, electionMs: 50, startupTimeoutMs: 2000 },
      'fake',
    );
    await generateClusterPki(spec);
    return new FakeDrillWorld(spec, flaws);
  }

  /** The original cluster's members as etcd lists them (names, learners). */
  get original(): FakeEtcd {
    return this.clusters[0];
  }

  private at(endpoint: string, operation: string): { cluster: FakeEtcd; member: FakeMember } {
    for (const cluster of this.clusters) {
      const member = cluster.members.find((candidate) => candidate.started && candidate.clientUrl === endpoint);
      if (member) return { cluster, member };
    }
    throw new EtcdRequestError(endpoint, operation, 'connection refused', 14);
  }

  private listed(cluster: FakeEtcd): ClusterMember[] {
    return cluster.members.map((member) => ({
      id: member.id,
      name: member.name,
      peerUrls: [member.peerUrl],
      clientUrls: member.started ? [member.clientUrl] : [],
      isLearner: member.isLearner,
    }));
  }

  /** A learner takes no writes, as etcd refuses them. */
  private refuseLearner(member: FakeMember, endpoint: string, operation: string): void {
    if (member.isLearner)
      throw new EtcdRequestError(endpoint, operation, 'etcdserver: rpc not supported for learner', FAILED_PRECONDITION);
  }

  client(): EtcdClient {
    const status = async (endpoint: string): Promise<EndpointStatus> => {
      const { cluster, member } = this.at(endpoint, 'Status');
      return {
        endpoint,
        id: member.id,
        version: '3.4.23',
        dbSize: 1,
        dbSizeInUse: 1,
        leader: cluster.leaderId,
        isLeader: cluster.leaderId === member.id,
        isLearner: member.isLearner,
        raftTerm: 2,
        raftIndex: cluster.revision,
        raftAppliedIndex: cluster.revision,
        errors: [],
      };
    };
    const range = async (
      endpoint: string,
      key: string,
      options: RequestOptions & { prefix?: boolean },
    ): Promise<KeyValue[]> => {
      const { cluster } = this.at(endpoint, 'Range');
      return [...cluster.store.values()]
        .filter((kv) => (options.prefix ? kv.key.startsWith(key) : kv.key === key))
        .sort((a, b) => a.key.localeCompare(b.key));
    };
    const fake = {
      status,
      range,
      health: async (endpoint: string) => {
        this.at(endpoint, 'Range');
      },
      put: async (endpoint: string, key: string, value: string) => {
        const { cluster, member } = this.at(endpoint, 'Put');
        this.refuseLearner(member, endpoint, 'Put');
        cluster.revision++;
        cluster.store.set(key, { key, value, modRevision: cluster.revision });
        return cluster.revision;
      },
      deletePrefix: async (endpoint: string, prefix: string) => {
        const { cluster, member } = this.at(endpoint, 'DeleteRange');
        this.refuseLearner(member, endpoint, 'DeleteRange');
        const gone = [...cluster.store.keys()].filter((key) => key.startsWith(prefix));
        for (const key of gone) cluster.store.delete(key);
        if (gone.length > 0) cluster.revision++;
        return gone.length;
      },
      revision: async (endpoint: string) => this.at(endpoint, 'Range').cluster.revision,
      hashKV: async (endpoint: string, revision: number): Promise<HashKv> => {
        const { cluster } = this.at(endpoint, 'HashKV');
        return { endpoint, ...storeHash(cluster.store.values(), revision), revision: cluster.revision };
      },
      memberList: async (endpoint: string) => this.listed(this.at(endpoint, 'MemberList').cluster),
      memberAdd: async (endpoint: string, peerUrls: string[], options: { isLearner?: boolean }) => {
        const { cluster } = this.at(endpoint, 'MemberAdd');
        const added: FakeMember = {
          id: (this.nextId++).toString(16),
          name: '',
          clientUrl: '',
          peerUrl: peerUrls[0],
          isLearner: options.isLearner === true,
          started: false,
        };
        cluster.members.push(added);
        this.requests.push(`add ${peerUrls[0]}`);
        return { member: this.listed(cluster).at(-1) as ClusterMember, members: this.listed(cluster) };
      },
      memberPromote: async (endpoint: string, id: string) => {
        const { cluster } = this.at(endpoint, 'MemberPromote');
        const member = cluster.members.find((candidate) => candidate.id === id);
        if (!member) throw new EtcdRequestError(endpoint, 'MemberPromote', 'etcdserver: member not found', NOT_FOUND);
        this.requests.push(`promote ${member.name || id}`);
        if (!member.started && !this.flaws.promotesEarly) {
          throw new EtcdRequestError(
            endpoint,
            'MemberPromote',
            'etcdserver: can only promote a learner member which is in sync with leader',
            FAILED_PRECONDITION,
          );
        }
        member.isLearner = false;
        return this.listed(cluster);
      },
      memberRemove: async (endpoint: string, id: string) => {
        const { cluster } = this.at(endpoint, 'MemberRemove');
        const member = cluster.members.find((candidate) => candidate.id === id);
        if (!member) throw new EtcdRequestError(endpoint, 'MemberRemove', 'etcdserver: member not found', NOT_FOUND);
        if (this.flaws.refusesRemoval)
          throw new EtcdRequestError(endpoint, 'MemberRemove', this.flaws.refusesRemoval, FAILED_PRECONDITION);
        this.requests.push(`remove ${member.name || id}`);
        cluster.members = cluster.members.filter((candidate) => candidate !== member);
        member.started = false;
        if (cluster.leaderId === id)
          cluster.leaderId = (
            cluster.members.find((candidate) => candidate.started && !candidate.isLearner) as FakeMember
          ).id;
        return this.listed(cluster);
      },
      moveLeader: async (endpoint: string, targetId: string) => {
        const { cluster, member } = this.at(endpoint, 'MoveLeader');
        if (member.id !== cluster.leaderId)
          throw new EtcdRequestError(endpoint, 'MoveLeader', 'etcdserver: not leader', FAILED_PRECONDITION);
        this.requests.push(`move-leader ${cluster.members.find((candidate) => candidate.id === targetId)?.name}`);
        cluster.leaderId = targetId;
      },
      snapshot: async (endpoint: string, file: string) => {
        const { cluster } = this.at(endpoint, 'Snapshot');
        this.snapshot = { store: new Map(cluster.store), revision: cluster.revision };
        const body = Buffer.from(JSON.stringify([...cluster.store.values()]));
        const blob = Buffer.concat([body, createHash('sha256').update(body).digest()]);
        await writeFile(file, blob, { mode: 0o600 });
        return { bytes: blob.length };
      },
      verifyAs: () => undefined,
      close: () => undefined,
    };
    return fake as unknown as EtcdClient;
  }

  target(): Target {
    const nothing = async () => undefined;
    const placed = new Set<string>();
    const spareMember = (member: MemberSpec) =>
      this.clusters
        .flatMap((cluster) => cluster.members)
        .find(
          (candidate) =>
            candidate.peerUrl === member.peerUrl && !this.spec.members.some((spec) => spec.name === member.name),
        );
    const fake = {
      kind: 'local' as const,
      faults: { pause: { supported: true }, isolate: { supported: true }, add: { supported: true } },
      preflight: nothing,
      start: async (member: MemberSpec) => {
        if (this.spec.members.some((candidate) => candidate.name === member.name)) return;
        if (member.bootstrap?.state === 'existing') {
          const joining = this.original.members.find((candidate) => candidate.peerUrl === member.peerUrl);
          if (!joining) throw new Error(`${member.name} was not added before it started`);
          Object.assign(joining, { name: member.name, clientUrl: member.clientUrl, started: true });
          return;
        }
        const restored = this.clusters.find((cluster) => cluster.token === member.bootstrap?.token);
        const own = restored?.members.find((candidate) => candidate.name === member.name);
        if (!own) throw new Error(`${member.name} has no restored data to start on`);
        own.started = true;
      },
      stop: nothing,
      kill: nothing,
      restart: nothing,
      isRunning: async (member: MemberSpec) =>
        this.spec.members.some((candidate) => candidate.name === member.name) || spareMember(member)?.started === true,
      pause: nothing,
      resume: nothing,
      isolate: nothing,
      heal: nothing,
      sparePlaces: async (count: number) =>
        Array.from({ length: count }, (_, index) => `127.0.0.${221 + placed.size + index}`).map(
          (address) => (placed.add(address), placeOnAddress(this.spec, address)),
        ),
      restoreSnapshot: async (member: MemberSpec, snapshotFile: string) => {
        await readFile(snapshotFile);
        if (!this.snapshot || !member.bootstrap)
          throw new Error('no snapshot was taken, or the member names no cluster');
        let cluster = this.clusters.find((candidate) => candidate.token === member.bootstrap?.token);
        if (!cluster) {
          const store = new Map(
            [...this.snapshot.store].filter(
              ([key]) => !(this.flaws.restoreDrops && key.endsWith(this.flaws.restoreDrops)),
            ),
          );
          cluster = {
            token: member.bootstrap.token,
            members: [],
            leaderId: '',
            store,
            revision: this.snapshot.revision,
          };
          this.clusters.push(cluster);
        }
        const id = (this.nextId++).toString(16);
        cluster.members.push({
          id,
          name: member.name,
          clientUrl: member.clientUrl,
          peerUrl: member.peerUrl,
          isLearner: false,
          started: false,
        });
        cluster.leaderId ||= id;
        return `fake-etcdutl snapshot restore ${snapshotFile} --name=${member.name}`;
      },
      discard: async (member: MemberSpec) => {
        this.discarded.push(member.name);
        const found = spareMember(member);
        if (found) found.started = false;
      },
      logs: async () => '',
      destroy: async () => [],
    };
    return fake as unknown as Target;
  }
}
