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
      { timeMs: Date.parse('2026-11-22T02:48:07.286Z'), reporter: '1f198460c6fa37d0', leader: '1f198460c6fa37d0', term: 2 },
      { timeMs: Date.parse('2023-05-01T02:00:00.500Z'), reporter: '291921d431e28d09', leader: '5d5cdfb2dc9c62fa', term: 7 },
    ]);
  });

  it('reads epoch-second timestamps and refuses nonsense', () => {
    expect(parseLogTime(1700000000.25)).toBe(1700000000250);
    expect(parseLogTime('yesterday')).toBeUndefined();
    expect(parseLogTime(undefined)).toBeUndefined();
  });
});
