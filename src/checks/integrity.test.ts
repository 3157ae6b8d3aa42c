import { FakeCluster, fastClock } from '../../test/support/fake-cluster.js';
import type { MemberSpec } from '../cluster/spec.js';
import { EtcdRequestError, type EtcdClient, type HashKv } from '../etcd/client.js';
import type { Target } from '../targets/target.js';
import { memoryLogger } from '../util/logger.js';
import { defineCheck, runCheck, type CheckContext, type CheckOutcome } from './check.js';
import { checkIntegrity, panicLines } from './integrity.js';

const OUT_OF_RANGE = 11;
const FUTURE = 'etcdserver: mvcc: required revision is a future revision';

/**
 * A three-member fake cluster (store revision 10) whose HashKV answers may be replaced per member,
 * and whose members' logs are given by name; every HashKV request is recorded as `name revision`.
 */
function world(
  options: {
    /** Answers a member's HashKV request in its stead; `real` is the fake cluster's own answer. */
    hashKV?: (name: string, revision: number, real: () => Promise<HashKv>) => Promise<HashKv>;
    logs?: Record<string, string>;
    stopped?: string[];
  } = {},
) {
  const cluster = new FakeCluster();
  const real = cluster.client();
  const nameOf = (endpoint: string) =>
    (cluster.spec.members.find((member) => member.clientUrl === endpoint) as MemberSpec).name;
  const calls: string[] = [];
  const client = Object.assign(Object.create(null) as object, real, {
    hashKV: async (endpoint: string, revision: number) => {
      calls.push(`${nameOf(endpoint)} ${revision}`);
      const answer = () => real.hashKV(endpoint, revision, { timeoutMs: 1000 });
      return options.hashKV ? options.hashKV(nameOf(endpoint), revision, answer) : answer();
    },
  }) as EtcdClient;
  const target: Target = {
    ...cluster.target(),
    logs: async (member: MemberSpec) => options.logs?.[member.name] ?? '',
  };
  const ctx: CheckContext = {
    spec: cluster.spec,
    client,
    target,
    // 50 times faster: the 10 s bound runs out in a fifth of a second.
    clock: fastClock(50),
    logger: memoryLogger(),
    keyPrefix: '/etcd-ha/fake/',
  };
  return { cluster, ctx, calls };
}

const zap = (level: string, msg: string) =>
  JSON.stringify({ level, ts: '2024-05-01T10:00:00.123Z', caller: 'etcdserver/server.go:1', msg });
const INFO = zap('info', 'published local member to cluster through raft');

describe('the integrity pass after a drill', () => {
  it('passes when every member gives the same HashKV at one revision and no log holds a panic', async () => {
    const { ctx, calls } = world({ logs: { 'etcd-1': `${INFO}\n${INFO}\n` } });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBeUndefined();
    expect(integrity.figures).toEqual({ integrityRevision: 10, hashKvAgree: true, hashKvMembers: 3, logPanics: 0 });
    expect(calls.sort()).toEqual(['etcd-1 10', 'etcd-2 10', 'etcd-3 10']);
    expect(integrity.notes).toEqual([
      expect.stringMatching(/^integrity: 3 members agree on HashKV at revision 10: \d+ \(compacted at 0\)$/),
      'integrity: no panic or fatal line in the logs of 3 members',
    ]);
  });

  it('fails on a member whose hash differs, naming it, both hashes and the revision', async () => {
    const { ctx } = world({
      hashKV: async (name, _revision, real) => {
        const answer = await real();
        return name === 'etcd-3' ? { ...answer, hash: 1234567 } : answer;
      },
    });
    const integrity = await checkIntegrity(ctx);
    const agreed = await ctx.client.hashKV(ctx.spec.members[0].clientUrl, 10, { timeoutMs: 1000 });
    expect(integrity.failure).toBe(
      `etcd-3's HashKV at revision 10 is 1234567 (compacted at 0), etcd-1's is ${agreed.hash} (compacted at 0)`,
    );
    expect(integrity.figures).toEqual({ integrityRevision: 10, hashKvAgree: false, hashKvMembers: 2, logPanics: 0 });
    expect(integrity.notes).toContain("integrity: etcd-3's HashKV at revision 10: 1234567 (compacted at 0)");
  });

  it('fails on members that agree on the hash but not on the compacted revision', async () => {
    const { ctx } = world({
      hashKV: async (name, revision) => ({
        endpoint: name,
        hash: 99,
        compactRevision: name === 'etcd-1' ? 4 : 8,
        revision,
      }),
    });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBe(
      "etcd-1's HashKV at revision 10 is 99 (compacted at 4), etcd-2's is 99 (compacted at 8)",
    );
  });

  it('asks a lagging member again until it has applied the revision', async () => {
    let refusals = 0;
    const { ctx, calls } = world({
      hashKV: async (name, _revision, real) => {
        if (name === 'etcd-2' && refusals < 2) {
          refusals++;
          throw new EtcdRequestError('etcd-2', 'HashKV', FUTURE, OUT_OF_RANGE);
        }
        return real();
      },
    });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBeUndefined();
    expect(integrity.figures).toMatchObject({ integrityRevision: 10, hashKvAgree: true, hashKvMembers: 3 });
    // The same revision each time: the lagging member catches up to it.
    expect(calls.filter((call) => call.startsWith('etcd-2'))).toEqual(['etcd-2 10', 'etcd-2 10', 'etcd-2 10']);
  });

  it('fails naming a member that never answers within the bound, with its last error', async () => {
    const { ctx } = world({
      hashKV: async (name, _revision, real) => {
        if (name === 'etcd-3') throw new EtcdRequestError('etcd-3', 'HashKV', FUTURE, OUT_OF_RANGE);
        return real();
      },
    });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBe(
      `etcd-3 gave no HashKV at revision 10 within 10000 ms (HashKV on etcd-3: ${FUTURE})`,
    );
    expect(integrity.figures).toMatchObject({ hashKvAgree: false, hashKvMembers: 2 });
  });

  it('reads a newer revision when the one asked was compacted away', async () => {
    let compacted = false;
    const { ctx, cluster, calls } = world({
      hashKV: async (name, _revision, real) => {
        if (!compacted) {
          compacted = true;
          // A write lands and a compaction takes the revision asked.
          await cluster.client().put(ctx.spec.members[0].clientUrl, '/etcd-ha/fake/k', 'v', { timeoutMs: 1000 });
          throw new EtcdRequestError(name, 'HashKV', 'etcdserver: mvcc: required revision has been compacted', 11);
        }
        return real();
      },
    });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBeUndefined();
    expect(integrity.figures).toMatchObject({ integrityRevision: 11, hashKvAgree: true, hashKvMembers: 3 });
    expect(calls.slice(-3).sort()).toEqual(['etcd-1 11', 'etcd-2 11', 'etcd-3 11']);
  });

  it('leaves out a member that does not run, saying so', async () => {
    const { ctx, cluster, calls } = world();
    await cluster.target().kill(ctx.spec.members[2]);
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBeUndefined();
    expect(integrity.figures).toMatchObject({ hashKvAgree: true, hashKvMembers: 2 });
    expect(calls.some((call) => call.startsWith('etcd-3'))).toBe(false);
    expect(integrity.notes[0]).toBe('integrity: etcd-3 does not run after the drill, so it was not asked for HashKV');
  });

  it.each([
    ['a zap fatal line', 'zap', zap('fatal', 'failed to start etcd')],
    ['a zap panic line', 'zap', zap('panic', 'tocommit(12) is out of range [lastIndex(9)]')],
    [
      'a capnslog panic (3.4 with --logger=capnslog)',
      'capnslog',
      '2024-05-01 10:00:00.123456 C | raft: tocommit(12) is out of range [lastIndex(9)]. Was the raft log corrupted, truncated, or lost?',
    ],
    ['a Go runtime panic', 'go runtime', 'panic: runtime error: invalid memory address or nil pointer dereference'],
    ['a Go runtime fatal error', 'go runtime', 'fatal error: concurrent map writes'],
  ])('fails on %s, naming the member and quoting the line', async (_what, kind, line) => {
    const { ctx } = world({ logs: { 'etcd-2': `${INFO}\n${line}\ngoroutine 1 [running]:\n` } });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBe(`etcd-2's log holds a ${kind} panic or fatal line: ${line}`);
    expect(integrity.figures).toMatchObject({ hashKvAgree: true, logPanics: 1 });
    expect(integrity.notes).toContain(`integrity: etcd-2's log: ${line}`);
  });

  it('does not count a line that only mentions a panic in its message', async () => {
    const logs = [
      zap('info', 'recovered from panic: none'),
      zap('warn', 'panic: this is a message, not a level'),
      JSON.stringify({ level: 'info', msg: 'x', note: '"level":"fatal"' }),
      '2024-05-01 10:00:00.123456 I | etcdserver: panic: only a message of an info line',
      '2024-05-01 10:00:00.123456 E | rafthttp: fatal error: only a message of an error line',
      'etcd: no panic here',
    ].join('\n');
    const { ctx } = world({ logs: { 'etcd-1': logs, 'etcd-3': logs } });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBeUndefined();
    expect(integrity.figures.logPanics).toBe(0);
  });

  it('quotes a long line cut to 300 characters, and counts every panic line of every member', async () => {
    const long = zap('fatal', 'x'.repeat(600));
    const { ctx } = world({ logs: { 'etcd-1': `${long}\npanic: again`, 'etcd-3': 'fatal error: out of memory' } });
    const integrity = await checkIntegrity(ctx);
    expect(integrity.failure).toBe(
      `etcd-1's log holds a zap panic or fatal line: ${long.slice(0, 300)}… (3 panic or fatal lines in all)`,
    );
    expect(integrity.figures.logPanics).toBe(3);
  });
});

describe('panicLines', () => {
  it('finds zap console lines by their level column, and a JSON line cut short by its level field', () => {
    const log = [
      '2024-05-01T10:00:00.123Z\tFATAL\tetcdmain/etcd.go:204\tdiscovery failed',
      '2024-05-01T10:00:00.123Z\tINFO\tetcdmain/etcd.go:204\tpanic: only a message',
      '{"level":"dpanic","ts":"2024-05-01T10:00:00.123Z","msg":"cut sho',
      '{"level":"info","ts":"2024-05-01T10:00:00.123Z","msg":"cut short, panic',
    ].join('\n');
    expect(panicLines(log).map((found) => [found.kind, found.line.slice(0, 30)])).toEqual([
      ['zap', '2024-05-01T10:00:00.123Z\tFATAL'],
      ['zap', '{"level":"dpanic","ts":"2024-0'],
    ]);
  });
});

describe('runCheck and the integrity pass', () => {
  const drill = (status: CheckOutcome['status'], run?: () => void) =>
    defineCheck({
      name: 'drill-like',
      proves: 'nothing',
      byDefault: false,
      stopsMembers: true,
      needs: [],
      async run() {
        run?.();
        return { status, summary: 'ran', figures: { keysLost: 0 }, notes: ['drilled'] };
      },
    });

  it('adds the figures of a passing integrity pass to a passing drill', async () => {
    const { ctx } = world();
    const result = await runCheck(drill('pass'), ctx);
    expect([result.status, result.summary]).toEqual(['pass', 'ran']);
    expect(result.figures).toEqual({
      keysLost: 0,
      integrityRevision: 10,
      hashKvAgree: true,
      hashKvMembers: 3,
      logPanics: 0,
    });
    expect(result.notes[0]).toBe('drilled');
  });

  it('fails a passing drill whose integrity pass fails, keeping its summary and figures', async () => {
    const { ctx } = world({ logs: { 'etcd-3': zap('fatal', 'the member has been permanently removed') } });
    const result = await runCheck(drill('pass'), ctx);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      `ran; integrity: etcd-3's log holds a zap panic or fatal line: ${zap('fatal', 'the member has been permanently removed')}`,
    );
    expect(result.figures).toMatchObject({ keysLost: 0, hashKvAgree: true, logPanics: 1 });
  });

  it('runs no integrity pass after a skipped or a failed drill, nor after a check that stops no members', async () => {
    const { ctx, calls } = world({ logs: { 'etcd-1': 'panic: would fail any integrity pass' } });
    const skipped = await runCheck(drill('skipped'), ctx);
    const failed = await runCheck(
      drill('pass', () => {
        throw new Error('the drill broke');
      }),
      ctx,
    );
    const readOnly = await runCheck(
      defineCheck({
        name: 'reads',
        proves: 'nothing',
        byDefault: false,
        stopsMembers: false,
        async run() {
          return { status: 'pass', summary: 'read', figures: {}, notes: [] };
        },
      }),
      ctx,
    );
    expect([skipped.status, failed.status, failed.summary, readOnly.status]).toEqual([
      'skipped',
      'fail',
      'the drill broke',
      'pass',
    ]);
    expect([skipped.figures, failed.figures, readOnly.figures]).toEqual([{ keysLost: 0 }, {}, {}]);
    expect(calls).toEqual([]);
  });

  it('fails the drill with the error when the integrity pass itself cannot run', async () => {
    const { ctx } = world();
    const target: Target = {
      ...ctx.target,
      isRunning: async () => {
        throw new Error('the engine did not answer');
      },
    };
    const result = await runCheck(drill('pass'), { ...ctx, target });
    expect([result.status, result.summary]).toEqual(['fail', 'ran; integrity: the engine did not answer']);
  });
});
