import { readFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import {
  decodeRangeResponse,
  decodeStatusResponse,
  decodeWriteResponse,
  encodeDeleteRangeRequest,
  encodePutRequest,
  encodeRangeRequest,
} from './proto.js';

/** PEM contents of the CA and the client certificate a client presents. */
export interface ClientTls {
  ca: string;
  cert: string;
  key: string;
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
  const [ca, cert, key] = await Promise.all([readFile(files.ca, 'utf8'), readFile(files.cert, 'utf8'), readFile(files.key, 'utf8')]);
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
// A restarted member is reached again within this, so rejoin times are not inflated by client backoff.
const CHANNEL_OPTIONS: grpc.ChannelOptions = {
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
  private readonly channels = new Map<string, grpc.Client>();
  private readonly credentials: grpc.ChannelCredentials;

  /**
   * @param serverNames the name to verify each endpoint's certificate against (a DNS SAN); endpoints
   *   not listed are verified against their host. TLS forbids IP addresses as server names.
   */
  constructor(
    tls: ClientTls,
    private readonly serverNames: Map<string, string> = new Map(),
  ) {
    this.credentials = grpc.credentials.createSsl(Buffer.from(tls.ca), Buffer.from(tls.key), Buffer.from(tls.cert));
  }

  /** Closes every channel. */
  close(): void {
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }

  private channel(endpoint: string): grpc.Client {
    let channel = this.channels.get(endpoint);
    if (!channel) {
      const url = new URL(endpoint);
      const serverName = this.serverNames.get(endpoint);
      const options = serverName ? { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': serverName } : CHANNEL_OPTIONS;
      const credentials = url.protocol === 'http:' ? grpc.credentials.createInsecure() : this.credentials;
      channel = new grpc.Client(url.host, credentials, options);
      this.channels.set(endpoint, channel);
    }
    return channel;
  }

  /** Sends one unary call (`/etcdserverpb.KV/Range` and so on) and returns the raw answer. */
  private call(endpoint: string, method: string, request: Buffer, options: RequestOptions): Promise<Buffer> {
    const operation = method.split('/').pop() ?? method;
    const metadata = new grpc.Metadata();
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
          if (error) {
            const timedOut = error.code === grpc.status.DEADLINE_EXCEEDED;
            // A connection to a member that was killed may never hear of it (a container that came back
            // on the same address with another MAC): a timed-out call drops the channel, and the next
            // call connects anew.
            if (timedOut && this.channels.get(endpoint) === channel) {
              this.channels.delete(endpoint);
              channel.close();
            }
            const message = timedOut ? `no answer within ${options.timeoutMs} ms` : error.details || error.message;
            reject(new EtcdRequestError(endpoint, operation, message, error.code, timedOut));
          } else resolve(response as Buffer);
        },
      );
      if (options.signal?.aborted) call.cancel();
      else options.signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /** `etcdctl endpoint status` for one endpoint. */
  async status(endpoint: string, options: RequestOptions): Promise<EndpointStatus> {
    const answer = decodeStatusResponse(await this.call(endpoint, '/etcdserverpb.Maintenance/Status', Buffer.alloc(0), options));
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
    const request = encodeRangeRequest({ key: Buffer.from(key), rangeEnd: options.prefix ? prefixRangeEnd(key) : undefined, serializable: options.serializable });
    const answer = decodeRangeResponse(await this.call(endpoint, '/etcdserverpb.KV/Range', request, options));
    return answer.kvs.map((kv) => ({ key: kv.key.toString('utf8'), value: kv.value.toString('utf8'), modRevision: kv.modRevision }));
  }

  /** Deletes every key under a prefix; resolves with how many were deleted. */
  async deletePrefix(endpoint: string, prefix: string, options: RequestOptions): Promise<number> {
    const request = encodeDeleteRangeRequest({ key: Buffer.from(prefix), rangeEnd: prefixRangeEnd(prefix) });
    return decodeWriteResponse(await this.call(endpoint, '/etcdserverpb.KV/DeleteRange', request, options)).deleted;
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
}
