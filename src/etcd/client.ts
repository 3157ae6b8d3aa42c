import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { pipeline } from 'node:stream/promises';
import type * as Grpc from '@grpc/grpc-js';
import {
  decodeDowngradeResponse,
  decodeHashKvResponse,
  decodeMemberAddResponse,
  decodeMembersResponse,
  decodeRangeResponse,
  decodeSnapshotResponse,
  decodeStatusResponse,
  decodeTxnResponse,
  decodeWatchResponse,
  decodeWriteResponse,
  encodeCompactionRequest,
  encodeDeleteRangeRequest,
  encodeDowngradeRequest,
  encodeHashKvRequest,
  encodeMemberAddRequest,
  encodeMemberIdRequest,
  encodeMemberListRequest,
  encodePutRequest,
  encodeRangeRequest,
  encodeTxnRequest,
  encodeWatchCreateRequest,
  encodeWatchProgressRequest,
  type RawFullKeyValue,
  type RawMember,
  type RawRequestOp,
} from './proto.js';
import { SnapshotHash } from './snapshot.js';

/** PEM contents of the CA and the client certificate a client presents. */
export interface ClientTls {
  ca: string;
  cert: string;
  key: string;
}

/** A member's `HashKV` answer: the hash of its store up to a revision, as `etcdctl endpoint hashkv` shows it. */
/** What a member's `/version` answers: its own release and the cluster version (`3.5.0`; `not_decided` before the cluster has one). */
export interface MemberVersions {
  server: string;
  cluster: string;
  /** The storage version (etcd 3.6 and later: `etcdstorage`), where the member says it. */
  storage?: string;
}

export interface HashKv {
  endpoint: string;
  /** CRC-32C of the member's keys and values up to the revision asked (since its compacted revision). */
  hash: number;
  /** The member's compacted revision when the hash began (0 when never compacted). */
  compactRevision: number;
  /** The revision the hash was computed up to: etcd 3.6 and later; undefined from earlier versions. */
  hashRevision?: number;
  /** The member's current revision. */
  revision: number;
}

/** One row of `etcdctl endpoint status`, with IDs in hex as etcdctl prints them. */
export interface EndpointStatus {
  endpoint: string;
  id: string;
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  /** ID of the leader this member knows, or undefined when it knows none. */
  leader?: string;
  isLeader: boolean;
  isLearner: boolean;
  raftTerm: number;
  raftIndex: number;
  raftAppliedIndex: number;
  errors: string[];
}

/** A member as `etcdctl member list` shows it, with its ID in hex. */
export interface ClusterMember {
  id: string;
  /** Empty for a member that was added but has not started yet. */
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

const clusterMember = (raw: RawMember): ClusterMember => ({
  id: idToHex(raw.id),
  name: raw.name,
  peerUrls: raw.peerUrls,
  clientUrls: raw.clientUrls,
  isLearner: raw.isLearner,
});
const idFromHex = (id: string): bigint => BigInt(`0x${id}`);

export interface KeyValue {
  key: string;
  value: string;
  modRevision: number;
}

export interface RequestOptions {
  /** Client-side bound on the whole request. */
  timeoutMs: number;
  /**
   * Ask etcd to refuse at once when the member has no leader (the `hasleader` gRPC metadata,
   * as clientv3's WithRequireLeader sends it) instead of holding the request until its own timeout.
   */
  requireLeader?: boolean;
  /** Cancels the request; etcd may or may not have applied a cancelled write. */
  signal?: AbortSignal;
}

/** What a watch asks for: one key, or the range [key, rangeEnd); from `startRevision`, or from now when absent. */
export interface WatchRequest {
  key: string;
  /** Exclusive end of the range; `prefix: true` instead watches every key starting with `key`. */
  rangeEnd?: string;
  prefix?: boolean;
  startRevision?: number;
  prevKv?: boolean;
  progressNotify?: boolean;
  /** Ask etcd to cancel the watch when the member loses its leader, as clientv3's WithRequireLeader does. */
  requireLeader?: boolean;
}

/** One write of a transaction: a put of a value, or a delete of one key. */
export type TxnOp = { f: 'put'; key: string; value: string } | { f: 'delete'; key: string };

/** A key's value as a watch event carries it. */
export interface WatchKeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

/** One event of a watch response. */
export interface WatchEventData {
  type: 'PUT' | 'DELETE';
  kv: WatchKeyValue;
  prevKv?: WatchKeyValue;
}

/**
 * One response on a watch stream. A response with no events that neither creates nor cancels the
 * watch is a progress notification: every event up to `revision` was sent.
 */
export interface WatchResponseData {
  /** The response header's revision. */
  revision: number;
  watchId: number;
  created: boolean;
  canceled: boolean;
  /** Set (non-zero) when the start revision was compacted: the compaction's revision. */
  compactRevision: number;
  cancelReason: string;
  events: WatchEventData[];
  progressNotify: boolean;
}

/** An open watch: cancel it, or ask etcd for a progress notification. */
export interface WatchStream {
  cancel(): void;
  requestProgress(): void;
}

const watchKeyValue = (kv: RawFullKeyValue): WatchKeyValue => ({
  key: kv.key.toString('utf8'),
  value: kv.value.toString('utf8'),
  createRevision: kv.createRevision,
  modRevision: kv.modRevision,
  version: kv.version,
});

/** etcd answered with an error, or did not answer in time. */
export class EtcdRequestError extends Error {
  constructor(
    readonly endpoint: string,
    readonly operation: string,
    message: string,
    /** gRPC code etcd returned, when it returned one. */
    readonly grpcCode?: number,
    readonly timedOut = false,
  ) {
    super(`${operation} on ${endpoint}: ${message}`);
    this.name = 'EtcdRequestError';
  }
}

/** Reads the CA, certificate and key files a client presents. */
export async function readClientTls(files: { ca: string; cert: string; key: string }): Promise<ClientTls> {
  const [ca, cert, key] = await Promise.all([
    readFile(files.ca, 'utf8'),
    readFile(files.cert, 'utf8'),
    readFile(files.key, 'utf8'),
  ]);
  return { ca, cert, key };
}

/** etcdctl shows member IDs in hex. */
export const idToHex = (id: bigint) => id.toString(16);

/** The end of the key range that holds every key starting with `prefix` (clientv3's GetPrefixRangeEnd). */
export function prefixRangeEnd(prefix: string): Buffer {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}

const passThrough = (value: Buffer) => value;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
// A restarted member is reached again within this, so rejoin times are not inflated by client backoff.
const CHANNEL_OPTIONS: Grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 20,
  'grpc.max_reconnect_backoff_ms': 100,
  'grpc.min_reconnect_backoff_ms': 20,
};

/**
 * A client for etcd's v3 gRPC API (the API etcdctl and kube-apiserver use), over one persistent
 * mutual-TLS channel per endpoint (plaintext for an `http://` endpoint, as etcd serves it there): a
 * request costs a round trip, not a process spawn, so the checks can time events in milliseconds.
 */
export class EtcdClient {
  private readonly channels = new Map<string, Grpc.Client>();
  private readonly credentials: Grpc.ChannelCredentials;

  /**
   * A client presenting `tls`. gRPC is loaded here, not when the program starts, so commands that
   * talk to no cluster start without it.
   * @param serverNames the name to verify each endpoint's certificate against (a DNS SAN); endpoints
   *   not listed are verified against their host. TLS forbids IP addresses as server names.
   */
  static async create(tls: ClientTls, serverNames: Map<string, string> = new Map()): Promise<EtcdClient> {
    // A CommonJS package: its module.exports is the default export under Node and in the bundles; tsx,
    // which runs the source (npm run local-action), hands over the named exports with no default.
    const grpc = await import('@grpc/grpc-js');
    return new EtcdClient(grpc.default ?? grpc, tls, serverNames);
  }

  private constructor(
    private readonly grpc: Pick<typeof Grpc, 'credentials' | 'Client' | 'Metadata' | 'status'>,
    private readonly tls: ClientTls,
    private readonly serverNames: Map<string, string>,
  ) {
    this.credentials = grpc.credentials.createSsl(Buffer.from(tls.ca), Buffer.from(tls.key), Buffer.from(tls.cert));
  }

  /**
   * Verifies `endpoint`'s certificate against `serverName` (a DNS SAN) from now on, as for the
   * endpoints named at creation: for members that join later (TLS takes no IP address as a server name).
   */
  verifyAs(endpoint: string, serverName: string): void {
    if (this.serverNames.get(endpoint) === serverName) return;
    this.serverNames.set(endpoint, serverName);
    this.channels.get(endpoint)?.close();
    this.channels.delete(endpoint);
  }

  /** Closes every channel. */
  close(): void {
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }

  private channel(endpoint: string): Grpc.Client {
    let channel = this.channels.get(endpoint);
    if (!channel) {
      const url = new URL(endpoint);
      const serverName = this.serverNames.get(endpoint);
      const options = serverName
        ? { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': serverName }
        : CHANNEL_OPTIONS;
      const credentials = url.protocol === 'http:' ? this.grpc.credentials.createInsecure() : this.credentials;
      channel = new this.grpc.Client(url.host, credentials, options);
      this.channels.set(endpoint, channel);
    }
    return channel;
  }

  /** The error etcd's answer `error` means, as thrown by every call (a timed-out call also drops its channel). */
  private requestError(
    endpoint: string,
    channel: Grpc.Client,
    operation: string,
    error: Grpc.ServiceError,
    timeoutMs: number,
  ): EtcdRequestError {
    const timedOut = error.code === this.grpc.status.DEADLINE_EXCEEDED;
    // A connection to a member that was killed may never hear of it (a container that came back
    // on the same address with another MAC): a timed-out call drops the channel, and the next
    // call connects anew.
    if (timedOut && this.channels.get(endpoint) === channel) {
      this.channels.delete(endpoint);
      channel.close();
    }
    const message = timedOut ? `no answer within ${timeoutMs} ms` : error.details || error.message;
    return new EtcdRequestError(endpoint, operation, message, error.code, timedOut);
  }

  /** Sends one unary call (`/etcdserverpb.KV/Range` and so on) and returns the raw answer. */
  private call(endpoint: string, method: string, request: Buffer, options: RequestOptions): Promise<Buffer> {
    const operation = method.split('/').pop() ?? method;
    const metadata = new this.grpc.Metadata();
    if (options.requireLeader) metadata.set('hasleader', 'true');
    const channel = this.channel(endpoint);
    return new Promise((resolve, reject) => {
      // The listener goes when the call ends, so one signal can serve any number of calls.
      const cancel = () => call.cancel();
      const call = channel.makeUnaryRequest(
        method,
        passThrough,
        passThrough,
        request,
        metadata,
        { deadline: Date.now() + options.timeoutMs },
        (error, response) => {
          options.signal?.removeEventListener('abort', cancel);
          if (error) reject(this.requestError(endpoint, channel, operation, error, options.timeoutMs));
          else resolve(response as Buffer);
        },
      );
      if (options.signal?.aborted) call.cancel();
      else options.signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /** `etcdctl endpoint status` for one endpoint. */
  async status(endpoint: string, options: RequestOptions): Promise<EndpointStatus> {
    const answer = decodeStatusResponse(
      await this.call(endpoint, '/etcdserverpb.Maintenance/Status', Buffer.alloc(0), options),
    );
    const id = idToHex(answer.header.memberId);
    const leader = answer.leader === 0n ? undefined : idToHex(answer.leader);
    return {
      endpoint,
      id,
      version: answer.version,
      dbSize: answer.dbSize,
      dbSizeInUse: answer.dbSizeInUse,
      leader,
      isLeader: leader === id,
      isLearner: answer.isLearner,
      raftTerm: answer.raftTerm,
      raftIndex: answer.raftIndex,
      raftAppliedIndex: answer.raftAppliedIndex,
      errors: answer.errors,
    };
  }

  /** Writes a key; resolves with the revision of the write once etcd acknowledged it. */
  async put(endpoint: string, key: string, value: string, options: RequestOptions): Promise<number> {
    const request = encodePutRequest({ key: Buffer.from(key), value: Buffer.from(value) });
    return decodeWriteResponse(await this.call(endpoint, '/etcdserverpb.KV/Put', request, options)).header.revision;
  }

  /** Reads one key, or every key under a prefix; linearizable unless `serializable`. */
  async range(
    endpoint: string,
    key: string,
    options: RequestOptions & { prefix?: boolean; serializable?: boolean },
  ): Promise<KeyValue[]> {
    const request = encodeRangeRequest({
      key: Buffer.from(key),
      rangeEnd: options.prefix ? prefixRangeEnd(key) : undefined,
      serializable: options.serializable,
    });
    const answer = decodeRangeResponse(await this.call(endpoint, '/etcdserverpb.KV/Range', request, options));
    return answer.kvs.map((kv) => ({
      key: kv.key.toString('utf8'),
      value: kv.value.toString('utf8'),
      modRevision: kv.modRevision,
    }));
  }

  /** Deletes every key under a prefix; resolves with how many were deleted. */
  async deletePrefix(endpoint: string, prefix: string, options: RequestOptions): Promise<number> {
    const request = encodeDeleteRangeRequest({ key: Buffer.from(prefix), rangeEnd: prefixRangeEnd(prefix) });
    return decodeWriteResponse(await this.call(endpoint, '/etcdserverpb.KV/DeleteRange', request, options)).deleted;
  }

  /** Deletes one key; resolves with the revision etcd answered and how many keys it deleted (0: no new revision). */
  async delete(endpoint: string, key: string, options: RequestOptions): Promise<{ revision: number; deleted: number }> {
    const request = encodeDeleteRangeRequest({ key: Buffer.from(key) });
    const answer = decodeWriteResponse(await this.call(endpoint, '/etcdserverpb.KV/DeleteRange', request, options));
    return { revision: answer.header.revision, deleted: answer.deleted };
  }

  /**
   * A transaction without comparisons: its ops apply together, at one revision (a new one when any
   * of them writes). Resolves with the revision etcd answered and whether the success branch ran
   * (always, with no comparison).
   */
  async txn(
    endpoint: string,
    ops: TxnOp[],
    options: RequestOptions,
  ): Promise<{ revision: number; succeeded: boolean }> {
    const request = encodeTxnRequest(
      ops.map((op): RawRequestOp =>
        op.f === 'put'
          ? { put: { key: Buffer.from(op.key), value: Buffer.from(op.value) } }
          : { deleteRange: { key: Buffer.from(op.key) } },
      ),
    );
    const answer = decodeTxnResponse(await this.call(endpoint, '/etcdserverpb.KV/Txn', request, options));
    return { revision: answer.header.revision, succeeded: answer.succeeded };
  }

  /**
   * `etcdctl compaction`: drops the store's history before `revision`; resolves with the revision
   * etcd answered. etcd refuses a revision already compacted ("required revision has been compacted")
   * and one not written yet ("required revision is a future revision").
   */
  async compact(endpoint: string, revision: number, options: RequestOptions): Promise<number> {
    const request = encodeCompactionRequest({ revision });
    return decodeWriteResponse(await this.call(endpoint, '/etcdserverpb.KV/Compact', request, options)).header.revision;
  }

  /**
   * Opens a watch on its own gRPC stream (`/etcdserverpb.Watch/Watch`): `onResponse` hears every
   * response in order (the creation's too), `onEnd` once when the stream ends, with the error unless
   * it was cancelled here. The stream has no deadline: cancel it.
   */
  watch(
    endpoint: string,
    request: WatchRequest,
    onResponse: (response: WatchResponseData) => void,
    onEnd: (error?: EtcdRequestError) => void,
  ): WatchStream {
    const metadata = new this.grpc.Metadata();
    if (request.requireLeader) metadata.set('hasleader', 'true');
    const channel = this.channel(endpoint);
    const call = channel.makeBidiStreamRequest('/etcdserverpb.Watch/Watch', passThrough, passThrough, metadata, {});
    let cancelled = false;
    let ended = false;
    const end = (error?: EtcdRequestError) => {
      if (ended) return;
      ended = true;
      onEnd(cancelled ? undefined : error);
    };
    call.on('data', (message: Buffer) => {
      if (ended) return;
      let raw: ReturnType<typeof decodeWatchResponse>;
      try {
        raw = decodeWatchResponse(message);
      } catch (error) {
        end(new EtcdRequestError(endpoint, 'Watch', `undecodable response: ${errorText(error)}`));
        call.cancel();
        return;
      }
      onResponse({
        revision: raw.header.revision,
        watchId: raw.watchId,
        created: raw.created,
        canceled: raw.canceled,
        compactRevision: raw.compactRevision,
        cancelReason: raw.cancelReason,
        events: raw.events.map((event) => ({
          type: event.type,
          kv: watchKeyValue(event.kv),
          ...(event.prevKv ? { prevKv: watchKeyValue(event.prevKv) } : {}),
        })),
        progressNotify: raw.events.length === 0 && !raw.created && !raw.canceled,
      });
    });
    call.on('error', (error: Grpc.ServiceError) =>
      end(new EtcdRequestError(endpoint, 'Watch', error.details || error.message, error.code)),
    );
    call.on('end', () => end(new EtcdRequestError(endpoint, 'Watch', 'the stream ended')));
    call.on('close', () => end(new EtcdRequestError(endpoint, 'Watch', 'the stream closed')));
    const rangeEnd = request.prefix
      ? prefixRangeEnd(request.key)
      : request.rangeEnd === undefined
        ? undefined
        : Buffer.from(request.rangeEnd, 'utf8');
    call.write(
      encodeWatchCreateRequest({
        key: Buffer.from(request.key, 'utf8'),
        rangeEnd,
        startRevision: request.startRevision,
        progressNotify: request.progressNotify,
        prevKv: request.prevKv,
      }),
    );
    return {
      cancel: () => {
        if (ended) return;
        cancelled = true;
        call.cancel();
        end();
      },
      requestProgress: () => {
        if (ended) return;
        try {
          call.write(encodeWatchProgressRequest());
        } catch {
          // The stream is ending: its 'error' or 'end' event reports it.
        }
      },
    };
  }

  /**
   * `etcdctl endpoint health`: a linearizable read of the key "health" answers (etcdctl counts a
   * permission error as healthy too, since it proves the member served the request). A member with no
   * leader is refused at once rather than after etcd's request timeout.
   */
  async health(endpoint: string, options: Omit<RequestOptions, 'requireLeader'>): Promise<void> {
    try {
      await this.range(endpoint, 'health', { ...options, requireLeader: true });
    } catch (error) {
      if (error instanceof EtcdRequestError && /permission denied/i.test(error.message)) return;
      throw error;
    }
  }

  /** The store's revision as the member answers a linearizable read (the revision of the newest write). */
  async revision(endpoint: string, options: RequestOptions): Promise<number> {
    const request = encodeRangeRequest({ key: Buffer.from('health') });
    return decodeRangeResponse(await this.call(endpoint, '/etcdserverpb.KV/Range', request, options)).header.revision;
  }

  /**
   * `etcdctl endpoint hashkv --rev`: the hash of the member's store up to `revision` (its current one
   * for 0). etcd answers a revision it has not applied yet with "required revision is a future
   * revision", and one compacted away with "required revision has been compacted" (both OUT_OF_RANGE).
   */
  async hashKV(endpoint: string, revision: number, options: RequestOptions): Promise<HashKv> {
    const answer = decodeHashKvResponse(
      await this.call(endpoint, '/etcdserverpb.Maintenance/HashKV', encodeHashKvRequest(revision), options),
    );
    return {
      endpoint,
      hash: answer.hash,
      compactRevision: answer.compactRevision,
      ...(answer.hashRevision === undefined ? {} : { hashRevision: answer.hashRevision }),
      revision: answer.header.revision,
    };
  }

  /**
   * The member's `GET /version` on its client URL (what `curl https://member:2379/version` shows):
   * its release and the cluster version, over the same mutual TLS as the gRPC calls.
   */
  versions(endpoint: string, options: Pick<RequestOptions, 'timeoutMs'>): Promise<MemberVersions> {
    const url = new URL('/version', endpoint);
    const serverName = this.serverNames.get(endpoint);
    return new Promise((resolve, reject) => {
      const fail = (message: string) => reject(new EtcdRequestError(endpoint, 'GET /version', message));
      const done = (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (chunks.reduce((total, part) => total + part.length, 0) > 64 * 1024)
            request.destroy(new Error('answer too long'));
        });
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let answer: { etcdserver?: unknown; etcdcluster?: unknown; etcdstorage?: unknown } = {};
          try {
            answer = JSON.parse(text) as typeof answer;
          } catch {
            answer = {};
          }
          if (
            response.statusCode !== 200 ||
            typeof answer.etcdserver !== 'string' ||
            typeof answer.etcdcluster !== 'string'
          )
            fail(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
          else
            resolve({
              server: answer.etcdserver,
              cluster: answer.etcdcluster,
              ...(typeof answer.etcdstorage === 'string' ? { storage: answer.etcdstorage } : {}),
            });
        });
        response.on('error', (error) => fail(errorText(error)));
      };
      const request =
        url.protocol === 'http:'
          ? httpRequest(url, { timeout: options.timeoutMs }, done)
          : httpsRequest(
              url,
              {
                timeout: options.timeoutMs,
                ca: this.tls.ca,
                cert: this.tls.cert,
                key: this.tls.key,
                // Verified against the name the gRPC calls are verified against, where one is set.
                ...(serverName
                  ? {
                      servername: serverName,
                      checkServerIdentity: (_host, cert) => checkServerIdentity(serverName, cert),
                    }
                  : {}),
              },
              done,
            );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
      request.on('error', (error) => fail(errorText(error)));
      request.end();
    });
  }

  /**
   * `etcdctl downgrade validate|enable|cancel VERSION` (etcd 3.6 and later; a 3.5 server answers
   * it too): Maintenance.Downgrade with the action and the target `major.minor`. Resolves with the
   * cluster version the member answers.
   */
  async downgrade(
    endpoint: string,
    action: 'VALIDATE' | 'ENABLE' | 'CANCEL',
    version: string,
    options: RequestOptions,
  ): Promise<string> {
    const actions = { VALIDATE: 0, ENABLE: 1, CANCEL: 2 };
    const request = encodeDowngradeRequest({ action: actions[action], version });
    return decodeDowngradeResponse(await this.call(endpoint, '/etcdserverpb.Maintenance/Downgrade', request, options))
      .version;
  }

  /** `etcdctl member list`: every member, learners too (linearizable where etcd offers it, 3.5 and later). */
  async memberList(endpoint: string, options: RequestOptions): Promise<ClusterMember[]> {
    const answer = await this.call(
      endpoint,
      '/etcdserverpb.Cluster/MemberList',
      encodeMemberListRequest({ linearizable: true }),
      options,
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }

  /** `etcdctl member add [--learner]`: resolves with the new member (no name yet) and every member after the add. */
  async memberAdd(
    endpoint: string,
    peerUrls: string[],
    options: RequestOptions & { isLearner?: boolean },
  ): Promise<{ member: ClusterMember; members: ClusterMember[] }> {
    const answer = decodeMemberAddResponse(
      await this.call(
        endpoint,
        '/etcdserverpb.Cluster/MemberAdd',
        encodeMemberAddRequest({ peerUrls, isLearner: options.isLearner }),
        options,
      ),
    );
    return { member: clusterMember(answer.member), members: answer.members.map(clusterMember) };
  }

  /** `etcdctl member promote`: makes a learner a voting member; etcd refuses one that has not caught up with the leader. */
  async memberPromote(endpoint: string, id: string, options: RequestOptions): Promise<ClusterMember[]> {
    const answer = await this.call(
      endpoint,
      '/etcdserverpb.Cluster/MemberPromote',
      encodeMemberIdRequest(idFromHex(id)),
      options,
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }

  /** `etcdctl member remove`: resolves with every member after the removal. */
  async memberRemove(endpoint: string, id: string, options: RequestOptions): Promise<ClusterMember[]> {
    const answer = await this.call(
      endpoint,
      '/etcdserverpb.Cluster/MemberRemove',
      encodeMemberIdRequest(idFromHex(id)),
      options,
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }

  /** `etcdctl move-leader`: the leader (`endpoint` must be it) hands its leadership to the member `targetId`. */
  async moveLeader(endpoint: string, targetId: string, options: RequestOptions): Promise<void> {
    await this.call(
      endpoint,
      '/etcdserverpb.Maintenance/MoveLeader',
      encodeMemberIdRequest(idFromHex(targetId)),
      options,
    );
  }

  /**
   * `etcdctl snapshot save`: streams the member's backend into `file` (0600) as etcd sends it, the
   * SHA-256 etcd appends included, and verifies that hash; a damaged or cut stream leaves no file.
   */
  async snapshot(
    endpoint: string,
    file: string,
    options: Omit<RequestOptions, 'requireLeader'>,
  ): Promise<{ bytes: number }> {
    const channel = this.channel(endpoint);
    const call = channel.makeServerStreamRequest(
      '/etcdserverpb.Maintenance/Snapshot',
      passThrough,
      passThrough,
      Buffer.alloc(0),
      new this.grpc.Metadata(),
      {
        deadline: Date.now() + options.timeoutMs,
      },
    );
    const cancel = () => call.cancel();
    if (options.signal?.aborted) call.cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });
    const hash = new SnapshotHash();
    try {
      await pipeline(
        call,
        async function* (messages: AsyncIterable<Buffer>) {
          for await (const message of messages) {
            const { blob } = decodeSnapshotResponse(message);
            hash.update(blob);
            yield blob;
          }
        },
        createWriteStream(file, { mode: 0o600 }),
      );
      hash.verify();
      return { bytes: hash.bytes };
    } catch (error) {
      await rm(file, { force: true });
      const grpcError = error as Partial<Grpc.ServiceError>;
      if (typeof grpcError.code === 'number' && 'details' in grpcError)
        throw this.requestError(endpoint, channel, 'Snapshot', error as Grpc.ServiceError, options.timeoutMs);
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  }
}
