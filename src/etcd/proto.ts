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
const asBuffers = (values: FieldValue[] | undefined): Buffer[] => (values ?? []).filter((value): value is Buffer => Buffer.isBuffer(value));

export interface ResponseHeader {
  clusterId: bigint;
  memberId: bigint;
  revision: number;
  raftTerm: number;
}

export function decodeHeader(buffer: Buffer): ResponseHeader {
  const fields = readFields(buffer);
  return { clusterId: asBigInt(fields.get(1)), memberId: asBigInt(fields.get(2)), revision: asNumber(fields.get(3)), raftTerm: asNumber(fields.get(4)) };
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
      return { key: asBuffer(kvFields.get(1)), value: asBuffer(kvFields.get(5)), modRevision: asNumber(kvFields.get(3)) };
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
