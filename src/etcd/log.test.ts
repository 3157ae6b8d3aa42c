import { electionsInLog, parseLogTime } from './log.js';

describe('etcd log parsing', () => {
  it('finds elections in etcd 3.4 and 3.5 zap logs and passes over other lines', () => {
    const log = [
      '{"level":"info","ts":"2026-11-22T02:48:07.286Z","caller":"raft/node.go:327","msg":"raft.node: 1f198460c6fa37d0 elected leader 1f198460c6fa37d0 at term 2"}',
      'not json at all, elected leader',
      '{"level":"info","ts":"2023-05-01T10:00:00.500+0800","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":"raft.node: 291921d431e28d09 elected leader 5d5cdfb2dc9c62fa at term 7"}',
      '{"level":"info","ts":"2026-11-22T02:48:07.300Z","msg":"published local member to cluster through raft"}',
    ].join('\n');
    expect(electionsInLog(log)).toEqual([
      {
        timeMs: Date.parse('2026-11-22T02:48:07.286Z'),
        reporter: '1f198460c6fa37d0',
        leader: '1f198460c6fa37d0',
        term: 2,
      },
      {
        timeMs: Date.parse('2023-05-01T02:00:00.500Z'),
        reporter: '291921d431e28d09',
        leader: '5d5cdfb2dc9c62fa',
        term: 7,
      },
    ]);
  });

  it('finds elections in etcd 3.6 logs: the same raft message, microsecond timestamps, the raft logger named', () => {
    // etcd 3.6 takes raft from go.etcd.io/raft/v3 (node.go logs "raft.node: %x elected leader %x at term %d"
    // as before) and writes zap's time as 2006-01-02T15:04:05.000000Z0700.
    const log = [
      '{"level":"info","ts":"2026-10-22T23:00:01.123456Z","logger":"raft","caller":"v3@v3.6.0/node.go:370","msg":"raft.node: 8e9e05c52164694d elected leader 8e9e05c52164694d at term 3"}',
      '{"level":"info","ts":"2026-10-22T23:00:01.250000+0200","logger":"raft","caller":"v3@v3.6.0/node.go:370","msg":"raft.node: 91bc3c398fb3c146 elected leader 8e9e05c52164694d at term 3"}',
      '{"level":"info","ts":"2026-10-22T23:00:01.300000Z","caller":"etcdserver/server.go:2130","msg":"published local member to cluster through raft"}',
    ].join('\n');
    expect(electionsInLog(log)).toEqual([
      {
        timeMs: Date.parse('2026-10-22T23:00:01.123Z'),
        reporter: '8e9e05c52164694d',
        leader: '8e9e05c52164694d',
        term: 3,
      },
      {
        timeMs: Date.parse('2026-10-22T21:00:01.250Z'),
        reporter: '91bc3c398fb3c146',
        leader: '8e9e05c52164694d',
        term: 3,
      },
    ]);
  });

  it('reads epoch-second timestamps and refuses nonsense', () => {
    expect(parseLogTime(1700000000.25)).toBe(1700000000250);
    expect(parseLogTime('yesterday')).toBeUndefined();
    expect(parseLogTime(undefined)).toBeUndefined();
  });
});
