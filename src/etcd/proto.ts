/**
 * The few protobuf messages of etcd's v3 API the checks use (etcdserverpb and mvccpb), encoded and
 * decoded by hand: field numbers as in etcd's rpc.proto and kv.proto. 64-bit integers are read as
 * BigInt so member IDs keep every bit.
 */

const WIRE_VARINT = 0;
const WIRE_64BIT = 1;
const WIRE_BYTES = 2;
const WIRE_32BIT = 5;

/** Builds a protobuf message field by field. */
export class ProtoWriter {
  private readonly parts: Buffer[] = [];

  private varint(value: bigint): void {
    const bytes: number[] = [];
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      bytes.push(Number((rest & 0x7fn) | 0x80n));
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.parts.push(Buffer.from(bytes));
  }

  private tag(field: number, wire: number): void {
    this.varint(BigInt((field << 3) | wire));
  }

  bytes(field: number, value: Buffer | string | undefined): this {
    if (value === undefined) return this;
    const buffer = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    if (buffer.length === 0) return this;
    this.tag(field, WIRE_BYTES);
    this.varint(BigInt(buffer.length));
    this.parts.push(buffer);
    return this;
  }

  uint64(field: number, value: bigint | undefined): this {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** An embedded message, written even when empty (a oneof's empty member is still set). */
  message(field: number, value: Buffer): this {
    this.tag(field, WIRE_BYTES);
    this.varint(BigInt(value.length));
    this.parts.push(value);
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(1n);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A decoded field: a varint as BigInt, or a length-delimited payload. */
type FieldValue = bigint | Buffer;

/** Splits a message into its fields (repeated fields keep every occurrence, in order). */
export function readFields(buffer: Buffer): Map<number, FieldValue[]> {
  const fields = new Map<number, FieldValue[]>();
  let offset = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (offset >= buffer.length) throw new Error('truncated protobuf varint');
      const byte = buffer[offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const tag = Number(readVarint());
    const field = tag >>> 3;
    const wire = tag & 7;
    let value: FieldValue;
    if (wire === WIRE_VARINT) value = readVarint();
    else if (wire === WIRE_BYTES) {
      const length = Number(readVarint());
      if (offset + length > buffer.length) throw new Error('truncated protobuf field');
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wire === WIRE_64BIT) {
      value = buffer.readBigUInt64LE(offset);
      offset += 8;
    } else if (wire === WIRE_32BIT) {
      value = BigInt(buffer.readUInt32LE(offset));
      offset += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

const asBigInt = (values: FieldValue[] | undefined): bigint => {
  const value = values?.[values.length - 1];
  return typeof value === 'bigint' ? value : 0n;
};
const asNumber = (values: FieldValue[] | undefined): number => Number(BigInt.asIntN(64, asBigInt(values)));
const asBuffer = (values: FieldValue[] | undefined): Buffer => {
  const value = values?.[values.length - 1];
  return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
};
const asBuffers = (values: FieldValue[] | undefined): Buffer[] =>
  (values ?? []).filter((value): value is Buffer => Buffer.isBuffer(value));

export interface ResponseHeader {
  clusterId: bigint;
  memberId: bigint;
  revision: number;
  raftTerm: number;
}

export function decodeHeader(buffer: Buffer): ResponseHeader {
  const fields = readFields(buffer);
  return {
    clusterId: asBigInt(fields.get(1)),
    memberId: asBigInt(fields.get(2)),
    revision: asNumber(fields.get(3)),
    raftTerm: asNumber(fields.get(4)),
  };
}

export interface RawKeyValue {
  key: Buffer;
  value: Buffer;
  modRevision: number;
}

/** RangeRequest: key 1, range_end 2, serializable 7. */
export function encodeRangeRequest(request: { key: Buffer; rangeEnd?: Buffer; serializable?: boolean }): Buffer {
  return new ProtoWriter().bytes(1, request.key).bytes(2, request.rangeEnd).bool(7, request.serializable).finish();
}

/** RangeResponse: header 1, kvs 2 (mvccpb.KeyValue: key 1, mod_revision 3, value 5). */
export function decodeRangeResponse(buffer: Buffer): { header: ResponseHeader; kvs: RawKeyValue[] } {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    kvs: asBuffers(fields.get(2)).map((kv) => {
      const kvFields = readFields(kv);
      return {
        key: asBuffer(kvFields.get(1)),
        value: asBuffer(kvFields.get(5)),
        modRevision: asNumber(kvFields.get(3)),
      };
    }),
  };
}

/** PutRequest: key 1, value 2. */
export function encodePutRequest(request: { key: Buffer; value: Buffer }): Buffer {
  return new ProtoWriter().bytes(1, request.key).bytes(2, request.value).finish();
}

/** DeleteRangeRequest: key 1, range_end 2. */
export function encodeDeleteRangeRequest(request: { key: Buffer; rangeEnd?: Buffer }): Buffer {
  return new ProtoWriter().bytes(1, request.key).bytes(2, request.rangeEnd).finish();
}

/** PutResponse and DeleteRangeResponse: header 1; DeleteRangeResponse also deleted 2. */
export function decodeWriteResponse(buffer: Buffer): { header: ResponseHeader; deleted: number } {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), deleted: asNumber(fields.get(2)) };
}

/** One request of a transaction's branch: a range, a put or a delete of a key or a range. */
export type RawRequestOp =
  | { range: { key: Buffer; rangeEnd?: Buffer; serializable?: boolean } }
  | { put: { key: Buffer; value: Buffer } }
  | { deleteRange: { key: Buffer; rangeEnd?: Buffer } };

/** RequestOp: request_range 1 (RangeRequest), request_put 2 (PutRequest), request_delete_range 3 (DeleteRangeRequest). */
function encodeRequestOp(op: RawRequestOp): Buffer {
  const writer = new ProtoWriter();
  if ('range' in op) writer.message(1, encodeRangeRequest(op.range));
  else if ('put' in op) writer.message(2, encodePutRequest(op.put));
  else writer.message(3, encodeDeleteRangeRequest(op.deleteRange));
  return writer.finish();
}

/** TxnRequest without comparisons: compare 1 (none), success 2 (the ops, in order), failure 3 (none). */
export function encodeTxnRequest(ops: RawRequestOp[]): Buffer {
  const writer = new ProtoWriter();
  for (const op of ops) writer.message(2, encodeRequestOp(op));
  return writer.finish();
}

/** TxnResponse: header 1, succeeded 2, responses 3 (left undecoded). */
export function decodeTxnResponse(buffer: Buffer): { header: ResponseHeader; succeeded: boolean } {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), succeeded: asBigInt(fields.get(2)) !== 0n };
}

export interface RawStatus {
  header: ResponseHeader;
  version: string;
  dbSize: number;
  leader: bigint;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  errors: string[];
  dbSizeInUse: number;
  isLearner: boolean;
}

/** StatusResponse: header 1, version 2, dbSize 3, leader 4, raftIndex 5, raftTerm 6, raftAppliedIndex 7, errors 8, dbSizeInUse 9, isLearner 10. */
export function decodeStatusResponse(buffer: Buffer): RawStatus {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    version: asBuffer(fields.get(2)).toString('utf8'),
    dbSize: asNumber(fields.get(3)),
    leader: asBigInt(fields.get(4)),
    raftIndex: asNumber(fields.get(5)),
    raftTerm: asNumber(fields.get(6)),
    raftAppliedIndex: asNumber(fields.get(7)),
    errors: asBuffers(fields.get(8)).map((error) => error.toString('utf8')),
    dbSizeInUse: asNumber(fields.get(9)),
    isLearner: asBigInt(fields.get(10)) !== 0n,
  };
}

/** A member as the Cluster API lists it (etcdserverpb.Member). */
export interface RawMember {
  id: bigint;
  /** Empty for a member that was added but has not started yet. */
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

/** Member: ID 1, name 2, peerURLs 3, clientURLs 4, isLearner 5. */
function decodeMember(buffer: Buffer): RawMember {
  const fields = readFields(buffer);
  return {
    id: asBigInt(fields.get(1)),
    name: asBuffer(fields.get(2)).toString('utf8'),
    peerUrls: asBuffers(fields.get(3)).map((url) => url.toString('utf8')),
    clientUrls: asBuffers(fields.get(4)).map((url) => url.toString('utf8')),
    isLearner: asBigInt(fields.get(5)) !== 0n,
  };
}

/** MemberAddRequest: peerURLs 1 (repeated), isLearner 2. */
export function encodeMemberAddRequest(request: { peerUrls: string[]; isLearner?: boolean }): Buffer {
  const writer = new ProtoWriter();
  for (const url of request.peerUrls) writer.bytes(1, url);
  return writer.bool(2, request.isLearner).finish();
}

/** MemberAddResponse: header 1, member 2, members 3. */
export function decodeMemberAddResponse(buffer: Buffer): {
  header: ResponseHeader;
  member: RawMember;
  members: RawMember[];
} {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    member: decodeMember(asBuffer(fields.get(2))),
    members: asBuffers(fields.get(3)).map(decodeMember),
  };
}

/** MemberRemoveRequest and MemberPromoteRequest (ID 1), MoveLeaderRequest (targetID 1): one member ID. */
export function encodeMemberIdRequest(id: bigint): Buffer {
  return new ProtoWriter().uint64(1, id).finish();
}

/** MemberListRequest: linearizable 1 (etcd 3.5 and later; earlier versions skip the field and answer from the member's own view). */
export function encodeMemberListRequest(request: { linearizable?: boolean }): Buffer {
  return new ProtoWriter().bool(1, request.linearizable).finish();
}

/** MemberRemoveResponse, MemberPromoteResponse and MemberListResponse: header 1, members 2. */
export function decodeMembersResponse(buffer: Buffer): { header: ResponseHeader; members: RawMember[] } {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), members: asBuffers(fields.get(2)).map(decodeMember) };
}

/** HashKVRequest: revision 1 (0 asks for the member's current revision). */
export function encodeHashKvRequest(revision: number): Buffer {
  return new ProtoWriter().uint64(1, BigInt(revision)).finish();
}

export interface RawHashKv {
  header: ResponseHeader;
  /** CRC-32C of the member's MVCC keys and values up to the revision asked, since its compaction. */
  hash: number;
  /** The member's compacted revision when the hash began (0 when never compacted). */
  compactRevision: number;
  /** The revision the hash was computed up to: etcd 3.6 and later; undefined where etcd does not send it. */
  hashRevision?: number;
}

/** HashKVResponse: header 1, hash 2 (uint32), compact_revision 3, hash_revision 4 (etcd 3.6 and later). */
export function decodeHashKvResponse(buffer: Buffer): RawHashKv {
  const fields = readFields(buffer);
  const hashRevision = asNumber(fields.get(4));
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    hash: Number(BigInt.asUintN(32, asBigInt(fields.get(2)))),
    compactRevision: asNumber(fields.get(3)),
    ...(hashRevision === 0 ? {} : { hashRevision }),
  };
}

/** DowngradeRequest: action 1 (VALIDATE 0, ENABLE 1, CANCEL 2), version 2 (`3.5`). */
export function encodeDowngradeRequest(request: { action: number; version: string }): Buffer {
  return new ProtoWriter().uint64(1, BigInt(request.action)).bytes(2, request.version).finish();
}

/** DowngradeResponse: header 1, version 2 (the cluster version). */
export function decodeDowngradeResponse(buffer: Buffer): { header: ResponseHeader; version: string } {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), version: asBuffer(fields.get(2)).toString('utf8') };
}

/** SnapshotResponse: header 1, remaining_bytes 2, blob 3. */
export function decodeSnapshotResponse(buffer: Buffer): { remainingBytes: number; blob: Buffer } {
  const fields = readFields(buffer);
  return { remainingBytes: asNumber(fields.get(2)), blob: asBuffer(fields.get(3)) };
}

/** CompactionRequest: revision 1, physical 2. */
export function encodeCompactionRequest(request: { revision: number; physical?: boolean }): Buffer {
  return new ProtoWriter().uint64(1, BigInt(request.revision)).bool(2, request.physical).finish();
}

/** WatchRequest's create_request 1: WatchCreateRequest (key 1, range_end 2, start_revision 3, progress_notify 4, prev_kv 6). */
export function encodeWatchCreateRequest(request: {
  key: Buffer;
  rangeEnd?: Buffer;
  startRevision?: number;
  progressNotify?: boolean;
  prevKv?: boolean;
}): Buffer {
  const create = new ProtoWriter()
    .bytes(1, request.key)
    .bytes(2, request.rangeEnd)
    .uint64(3, request.startRevision === undefined ? undefined : BigInt(request.startRevision))
    .bool(4, request.progressNotify)
    .bool(6, request.prevKv)
    .finish();
  return new ProtoWriter().message(1, create).finish();
}

/** WatchRequest's cancel_request 2: WatchCancelRequest (watch_id 1). */
export function encodeWatchCancelRequest(watchId: number): Buffer {
  return new ProtoWriter().message(2, new ProtoWriter().uint64(1, BigInt(watchId)).finish()).finish();
}

/** WatchRequest's progress_request 3: an empty WatchProgressRequest (etcd 3.4 and later). */
export function encodeWatchProgressRequest(): Buffer {
  return new ProtoWriter().message(3, Buffer.alloc(0)).finish();
}

/** mvccpb.KeyValue: key 1, create_revision 2, mod_revision 3, version 4, value 5, lease 6. */
export interface RawFullKeyValue {
  key: Buffer;
  createRevision: number;
  modRevision: number;
  version: number;
  value: Buffer;
  lease: number;
}

function decodeFullKeyValue(buffer: Buffer): RawFullKeyValue {
  const fields = readFields(buffer);
  return {
    key: asBuffer(fields.get(1)),
    createRevision: asNumber(fields.get(2)),
    modRevision: asNumber(fields.get(3)),
    version: asNumber(fields.get(4)),
    value: asBuffer(fields.get(5)),
    lease: asNumber(fields.get(6)),
  };
}

/** mvccpb.Event: type 1 (PUT 0, DELETE 1), kv 2, prev_kv 3. */
export interface RawWatchEvent {
  type: 'PUT' | 'DELETE';
  kv: RawFullKeyValue;
  prevKv?: RawFullKeyValue;
}

export interface RawWatchResponse {
  header: ResponseHeader;
  watchId: number;
  created: boolean;
  canceled: boolean;
  compactRevision: number;
  cancelReason: string;
  fragment: boolean;
  events: RawWatchEvent[];
}

/** WatchResponse: header 1, watch_id 2, created 3, canceled 4, compact_revision 5, cancel_reason 6, fragment 7, events 11. */
export function decodeWatchResponse(buffer: Buffer): RawWatchResponse {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    watchId: asNumber(fields.get(2)),
    created: asBigInt(fields.get(3)) !== 0n,
    canceled: asBigInt(fields.get(4)) !== 0n,
    compactRevision: asNumber(fields.get(5)),
    cancelReason: asBuffer(fields.get(6)).toString('utf8'),
    fragment: asBigInt(fields.get(7)) !== 0n,
    events: asBuffers(fields.get(11)).map((event) => {
      const eventFields = readFields(event);
      const prev = eventFields.get(3);
      return {
        type: asBigInt(eventFields.get(1)) === 1n ? 'DELETE' : 'PUT',
        kv: decodeFullKeyValue(asBuffer(eventFields.get(2))),
        ...(prev === undefined ? {} : { prevKv: decodeFullKeyValue(asBuffer(prev)) }),
      };
    }),
  };
}
