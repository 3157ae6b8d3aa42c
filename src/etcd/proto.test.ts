import {
  decodeHashKvResponse,
  decodeMemberAddResponse,
  decodeMembersResponse,
  decodeRangeResponse,
  decodeSnapshotResponse,
  decodeStatusResponse,
  decodeTxnResponse,
  decodeWatchResponse,
  encodeCompactionRequest,
  encodeHashKvRequest,
  encodeMemberAddRequest,
  encodeMemberIdRequest,
  encodeMemberListRequest,
  encodeRangeRequest,
  encodeTxnRequest,
  encodeWatchCancelRequest,
  encodeWatchCreateRequest,
  encodeWatchProgressRequest,
  ProtoWriter,
  readFields,
} from './proto.js';
import { prefixRangeEnd } from './client.js';

/** Encodes a varint field by hand, independently of ProtoWriter. */
function varintField(field: number, value: bigint): Buffer {
  const bytes = [(field << 3) | 0];
  let rest = value;
  while (rest >= 0x80n) {
    bytes.push(Number((rest & 0x7fn) | 0x80n));
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Buffer.from(bytes);
}
const bytesField = (field: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([(field << 3) | 2, payload.length]), payload]);

describe('etcd protobuf codec', () => {
  it('decodes a StatusResponse with 64-bit member IDs intact', () => {
    const memberId = 0xf78f7f765c491927n; // above 2^63: must not lose bits
    const header = Buffer.concat([
      varintField(1, 123n),
      varintField(2, memberId),
      varintField(3, 7n),
      varintField(4, 2n),
    ]);
    const message = Buffer.concat([
      bytesField(1, header),
      bytesField(2, Buffer.from('3.4.23')),
      varintField(3, 36864n),
      varintField(4, memberId),
      varintField(5, 85n),
      varintField(6, 4n),
      varintField(7, 84n),
      bytesField(8, Buffer.from('etcdserver: no leader')),
      varintField(9, 20480n),
      varintField(10, 1n),
    ]);
    const status = decodeStatusResponse(message);
    expect(status.header.memberId).toBe(memberId);
    expect(status.leader.toString(16)).toBe('f78f7f765c491927');
    expect(status).toMatchObject({
      version: '3.4.23',
      dbSize: 36864,
      raftIndex: 85,
      raftTerm: 4,
      raftAppliedIndex: 84,
      dbSizeInUse: 20480,
      isLearner: true,
    });
    expect(status.errors).toEqual(['etcdserver: no leader']);
  });

  it('encodes a RangeRequest with key, range end and serializable as etcd numbers them', () => {
    const fields = readFields(
      encodeRangeRequest({ key: Buffer.from('/a/'), rangeEnd: prefixRangeEnd('/a/'), serializable: true }),
    );
    expect(fields.get(1)).toEqual([Buffer.from('/a/')]);
    expect(fields.get(2)).toEqual([Buffer.from('/a0')]);
    expect(fields.get(7)).toEqual([1n]);
  });

  it('decodes the key-values of a RangeResponse', () => {
    const kv = (key: string, value: string, modRevision: bigint) =>
      Buffer.concat([bytesField(1, Buffer.from(key)), varintField(3, modRevision), bytesField(5, Buffer.from(value))]);
    const message = Buffer.concat([bytesField(2, kv('k1', 'v1', 5n)), bytesField(2, kv('k2', 'v2', 6n))]);
    expect(
      decodeRangeResponse(message).kvs.map((item) => [item.key.toString(), item.value.toString(), item.modRevision]),
    ).toEqual([
      ['k1', 'v1', 5],
      ['k2', 'v2', 6],
    ]);
  });

  it('encodes a TxnRequest without comparisons: success 2 holds each RequestOp (range 1, put 2, delete_range 3), no compare 1 nor failure 3', () => {
    const message = encodeTxnRequest([
      { put: { key: Buffer.from('/a'), value: Buffer.from('v1') } },
      { deleteRange: { key: Buffer.from('/b') } },
      { range: { key: Buffer.from('/c/'), rangeEnd: prefixRangeEnd('/c/') } },
    ]);
    const fields = readFields(message);
    expect([...fields.keys()]).toEqual([2]);
    const ops = (fields.get(2) ?? []).map((op) => readFields(op as Buffer));
    expect(ops.map((op) => [...op.keys()])).toEqual([[2], [3], [1]]);
    const put = readFields(ops[0].get(2)?.[0] as Buffer);
    expect([put.get(1), put.get(2)]).toEqual([[Buffer.from('/a')], [Buffer.from('v1')]]);
    const deleted = readFields(ops[1].get(3)?.[0] as Buffer);
    expect([deleted.get(1), deleted.has(2)]).toEqual([[Buffer.from('/b')], false]);
    const range = readFields(ops[2].get(1)?.[0] as Buffer);
    expect([range.get(1), range.get(2)]).toEqual([[Buffer.from('/c/')], [Buffer.from('/c0')]]);
    // Exactly as a hand-built message: field 2, length, then the op's own field 2 holding the PutRequest.
    const putRequest = Buffer.concat([bytesField(1, Buffer.from('/a')), bytesField(2, Buffer.from('v1'))]);
    expect(encodeTxnRequest([{ put: { key: Buffer.from('/a'), value: Buffer.from('v1') } }])).toEqual(
      bytesField(2, bytesField(2, putRequest)),
    );
  });

  it('decodes a TxnResponse: header 1 (revision 3), succeeded 2, the responses 3 skipped', () => {
    const header = bytesField(1, Buffer.concat([varintField(1, 9n), varintField(3, 42n), varintField(4, 3n)]));
    const putResponse = bytesField(2, bytesField(1, varintField(3, 42n)));
    const answer = decodeTxnResponse(Buffer.concat([header, varintField(2, 1n), bytesField(3, putResponse)]));
    expect([answer.header.revision, answer.succeeded]).toEqual([42, true]);
    expect(decodeTxnResponse(header).succeeded).toBe(false);
  });

  it('refuses a truncated message', () => {
    const full = new ProtoWriter().bytes(1, 'a long enough key').finish();
    expect(() => readFields(full.subarray(0, full.length - 3))).toThrow(/truncated/);
  });

  it('computes prefix range ends as clientv3 does', () => {
    expect(prefixRangeEnd('abc')).toEqual(Buffer.from('abd'));
    expect(prefixRangeEnd('a\u00ff')).toEqual(Buffer.from([0x61, 0xc3, 0xc0])); // ÿ is c3 bf in UTF-8; the last byte counts up
  });

  it('encodes the Cluster API requests as etcd numbers their fields', () => {
    const add = readFields(
      encodeMemberAddRequest({ peerUrls: ['https://10.0.0.4:2380', 'https://h4:2380'], isLearner: true }),
    );
    expect(add.get(1)).toEqual([Buffer.from('https://10.0.0.4:2380'), Buffer.from('https://h4:2380')]);
    expect(add.get(2)).toEqual([1n]);
    expect(readFields(encodeMemberAddRequest({ peerUrls: ['https://a:2380'] })).has(2)).toBe(false);
    // A member ID above 2^63 keeps every bit (MemberRemove, MemberPromote, MoveLeader).
    expect(readFields(encodeMemberIdRequest(0xf78f7f765c491927n)).get(1)).toEqual([0xf78f7f765c491927n]);
    expect(readFields(encodeMemberListRequest({ linearizable: true })).get(1)).toEqual([1n]);
  });

  it('decodes members as the Cluster API answers them', () => {
    const member = (id: bigint, name: string, learner: boolean) =>
      Buffer.concat([
        varintField(1, id),
        ...(name ? [bytesField(2, Buffer.from(name))] : []),
        bytesField(3, Buffer.from('https://10.0.0.4:2380')),
        ...(name ? [bytesField(4, Buffer.from('https://10.0.0.4:2379'))] : []),
        ...(learner ? [varintField(5, 1n)] : []),
      ]);
    const header = bytesField(1, Buffer.concat([varintField(1, 7n), varintField(3, 12n)]));
    const added = decodeMemberAddResponse(
      Buffer.concat([
        header,
        bytesField(2, member(0xabcn, '', true)),
        bytesField(3, member(0x1n, 'etcd-1', false)),
        bytesField(3, member(0xabcn, '', true)),
      ]),
    );
    expect(added.member).toEqual({
      id: 0xabcn,
      name: '',
      peerUrls: ['https://10.0.0.4:2380'],
      clientUrls: [],
      isLearner: true,
    });
    expect(added.members.map((item) => [item.id, item.name, item.isLearner])).toEqual([
      [1n, 'etcd-1', false],
      [0xabcn, '', true],
    ]);
    expect(added.header.revision).toBe(12);
    const listed = decodeMembersResponse(
      Buffer.concat([header, bytesField(2, member(0xf78f7f765c491927n, 'etcd-2', false))]),
    );
    expect(listed.members).toEqual([
      {
        id: 0xf78f7f765c491927n,
        name: 'etcd-2',
        peerUrls: ['https://10.0.0.4:2380'],
        clientUrls: ['https://10.0.0.4:2379'],
        isLearner: false,
      },
    ]);
  });

  it('decodes a piece of a snapshot stream', () => {
    const blob = Buffer.from('bolt pages');
    expect(decodeSnapshotResponse(Buffer.concat([varintField(2, 4096n), bytesField(3, blob)]))).toEqual({
      remainingBytes: 4096,
      blob,
    });
  });

  it('encodes a HashKVRequest: the revision in field 1, nothing for the current revision', () => {
    expect(encodeHashKvRequest(1234)).toEqual(varintField(1, 1234n));
    expect(readFields(encodeHashKvRequest(2 ** 40)).get(1)).toEqual([2n ** 40n]);
    expect(encodeHashKvRequest(0)).toEqual(Buffer.alloc(0));
  });

  it('decodes a HashKVResponse as etcd 3.4 and 3.5 send it (no hash_revision), and as 3.6 does', () => {
    const header = bytesField(1, Buffer.concat([varintField(1, 7n), varintField(2, 9n), varintField(3, 812n)]));
    // A hash above 2^31 stays unsigned.
    const older = Buffer.concat([header, varintField(2, 0xdeadbeefn), varintField(3, 400n)]);
    expect(decodeHashKvResponse(older)).toEqual({
      header: { clusterId: 7n, memberId: 9n, revision: 812, raftTerm: 0 },
      hash: 0xdeadbeef,
      compactRevision: 400,
    });
    const newer = decodeHashKvResponse(Buffer.concat([older, varintField(4, 800n)]));
    expect([newer.hash, newer.compactRevision, newer.hashRevision]).toEqual([0xdeadbeef, 400, 800]);
    // A store never compacted, whose hash happens to be 0: every field at its default.
    expect(decodeHashKvResponse(header)).toMatchObject({ hash: 0, compactRevision: 0 });
    expect(decodeHashKvResponse(header).hashRevision).toBeUndefined();
  });

  it('encodes a WatchRequest: create_request 1 (key 1, range_end 2, start_revision 3, progress_notify 4, prev_kv 6), cancel 2, progress 3', () => {
    const create = encodeWatchCreateRequest({
      key: Buffer.from('k/'),
      rangeEnd: Buffer.from('k0'),
      startRevision: 42,
      progressNotify: true,
      prevKv: true,
    });
    const inner = readFields(readFields(create).get(1)?.[0] as Buffer);
    expect(Object.fromEntries(inner)).toEqual({
      1: [Buffer.from('k/')],
      2: [Buffer.from('k0')],
      3: [42n],
      4: [1n],
      6: [1n],
    });
    // From now: no start revision; the oneof's member is set even when empty.
    expect(encodeWatchCreateRequest({ key: Buffer.from('k') })).toEqual(bytesField(1, bytesField(1, Buffer.from('k'))));
    expect(encodeWatchProgressRequest()).toEqual(Buffer.from([(3 << 3) | 2, 0]));
    expect(encodeWatchCancelRequest(5)).toEqual(bytesField(2, varintField(1, 5n)));
    expect(readFields(encodeCompactionRequest({ revision: 300, physical: true }))).toEqual(
      new Map([
        [1, [300n]],
        [2, [1n]],
      ]),
    );
  });

  it('decodes a WatchResponse: header 1, watch_id 2, created 3, canceled 4, compact_revision 5, events 11 (type, kv, prev_kv)', () => {
    const header = bytesField(1, varintField(3, 90n));
    const kv = (key: string, value: string, create: bigint, mod: bigint, version: bigint) =>
      Buffer.concat([
        bytesField(1, Buffer.from(key)),
        varintField(2, create),
        varintField(3, mod),
        varintField(4, version),
        bytesField(5, Buffer.from(value)),
      ]);
    const put = bytesField(
      11,
      Buffer.concat([bytesField(2, kv('k', 'b', 80n, 90n, 2n)), bytesField(3, kv('k', 'a', 80n, 80n, 1n))]),
    );
    const del = bytesField(11, Buffer.concat([varintField(1, 1n), bytesField(2, bytesField(1, Buffer.from('j')))]));
    const response = decodeWatchResponse(Buffer.concat([header, varintField(2, 3n), put, del]));
    expect(response).toMatchObject({ watchId: 3, created: false, canceled: false, compactRevision: 0 });
    expect(response.header.revision).toBe(90);
    expect(response.events.map((event) => [event.type, event.kv.key.toString(), event.kv.modRevision])).toEqual([
      ['PUT', 'k', 90],
      ['DELETE', 'j', 0],
    ]);
    expect(response.events[0].kv).toMatchObject({ createRevision: 80, version: 2, value: Buffer.from('b') });
    expect(response.events[0].prevKv).toMatchObject({ modRevision: 80, value: Buffer.from('a') });
    expect(response.events[1].prevKv).toBeUndefined();
    // A refusal for a compacted start revision; a progress notification's watch_id of -1.
    const refused = decodeWatchResponse(Buffer.concat([header, varintField(4, 1n), varintField(5, 70n)]));
    expect([refused.canceled, refused.compactRevision]).toEqual([true, 70]);
    expect(decodeWatchResponse(Buffer.concat([header, varintField(2, 2n ** 64n - 1n)])).watchId).toBe(-1);
  });
});
