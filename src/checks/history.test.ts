import { FakeCluster } from '../../test/support/fake-cluster.js';
import { withOneStaleRead } from '../../test/support/stale-read.js';
import { EtcdRequestError, type EtcdClient } from '../etcd/client.js';
import { checkHistory } from '../history/linearizability.js';
import { parseHistory } from '../history/model.js';
import { systemClock } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { runCheck } from './check.js';
import { HISTORY_CLIENTS, HistoryRecorder, historyCheck, outcomeOfError, recordOperation } from './history.js';

function contextOf(cluster: FakeCluster, client: EtcdClient = cluster.client(), canIsolate = true) {
  return {
    spec: cluster.spec,
    client,
    target: cluster.target({ canIsolate }),
    clock: systemClock,
    logger: memoryLogger(),
    keyPrefix: '/etcd-ha/fake/',
  };
}

describe('outcomeOfError', () => {
  const refused = (message: string, code = 14, timedOut = false) =>
    new EtcdRequestError('https://127.0.0.1:2379', 'Put', message, code, timedOut);

  it('counts only refusals before the proposal as fail', () => {
    expect(outcomeOfError(refused('etcdserver: no leader'))).toBe('fail');
    expect(outcomeOfError(refused('raft proposal dropped', 2))).toBe('fail');
    expect(outcomeOfError(refused('etcdserver: too many requests', 8))).toBe('fail');
  });

  it('leaves everything else unknown: timeouts, lost connections, etcd timing out a proposal', () => {
    expect(outcomeOfError(refused('no answer within 1000 ms', 4, true))).toBe('info');
    expect(outcomeOfError(refused('etcdserver: request timed out', 14))).toBe('info');
    expect(outcomeOfError(refused('etcdserver: request timed out, possibly due to previous leader failure', 14))).toBe(
      'info',
    );
    expect(outcomeOfError(refused('Connection dropped', 14))).toBe('info');
    expect(outcomeOfError(new Error('etcdserver: no leader'))).toBe('info');
  });
});

describe('recording a history', () => {
  it('records invocations and completions that the checker reads back from the saved lines', async () => {
    const cluster = new FakeCluster();
    const client = cluster.client();
    const recorder = new HistoryRecorder(systemClock);
    const [first, second] = cluster.spec.members;
    expect(
      await recordOperation(client, recorder, {
        process: 0,
        endpoint: first.clientUrl,
        f: 'get',
        key: 'k',
        timeoutMs: 100,
      }),
    ).toBe('ok');
    expect(
      await recordOperation(client, recorder, {
        process: 1,
        endpoint: second.clientUrl,
        f: 'put',
        key: 'k',
        value: 'v1',
        timeoutMs: 100,
      }),
    ).toBe('ok');
    expect(
      await recordOperation(client, recorder, {
        process: 0,
        endpoint: first.clientUrl,
        f: 'get',
        key: 'k',
        timeoutMs: 100,
      }),
    ).toBe('ok');
    await cluster.target().kill(first);
    expect(
      await recordOperation(client, recorder, {
        process: 0,
        endpoint: first.clientUrl,
        f: 'put',
        key: 'k',
        value: 'v2',
        timeoutMs: 100,
      }),
    ).toBe('info');
    const saved = parseHistory(recorder.toJsonLines());
    expect(saved.map(({ process, type, f, value }) => [process, type, f, value])).toEqual([
      [0, 'invoke', 'get', null],
      [0, 'ok', 'get', null],
      [1, 'invoke', 'put', 'v1'],
      [1, 'ok', 'put', 'v1'],
      [0, 'invoke', 'get', null],
      [0, 'ok', 'get', 'v1'],
      [0, 'invoke', 'put', 'v2'],
      [0, 'info', 'put', 'v2'],
    ]);
    expect(saved.map((event) => event.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(checkHistory(saved).verdict).toBe('linearizable');
  });
});

describe('history check', () => {
  it('passes on a cluster that serves every operation from one store, under every fault the target has', async () => {
    const result = await runCheck(historyCheck, contextOf(new FakeCluster()));
    expect([result.status, result.summary]).toEqual([
      'pass',
      expect.stringMatching(
        /^\d+ operations by 5 clients on 5 keys .* under 3 faults of the leader \(killed and restarted; cut off from its peers and healed; paused and resumed\): linearizable/,
      ),
    ]);
    expect(result.figures).toMatchObject({ clients: HISTORY_CLIENTS, keys: 5, faults: 3, linearizable: true });
    expect(result.figures.operations).toBeGreaterThan(50);
    expect(result.files).toBeUndefined();
  });

  it('passes again on the same cluster: each run starts on keys of its own, as rounds need', async () => {
    const cluster = new FakeCluster();
    expect((await runCheck(historyCheck, contextOf(cluster))).status).toBe('pass');
    const again = await runCheck(historyCheck, contextOf(cluster));
    expect([again.status, again.summary]).toEqual(['pass', expect.stringContaining('linearizable')]);
  });

  it('says which faults a target without isolate could not inject', async () => {
    const result = await runCheck(historyCheck, contextOf(new FakeCluster(), undefined, false));
    expect(result.status).toBe('pass');
    expect(result.figures.faults).toBe(2);
    expect(result.notes).toContain(
      'the leader was not cut off from its peers and healed: this fake target cannot cut links',
    );
  });

  it('fails on one stale read, and hands back the history and the verdict naming that read', async () => {
    const cluster = new FakeCluster();
    const stale = withOneStaleRead(cluster.client(), '/history/');
    const result = await runCheck(historyCheck, contextOf(cluster, stale.client));
    const injected = stale.injected();
    expect(injected).toBeDefined();
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('the history is not linearizable');
    expect(result.figures.linearizable).toBe(false);
    expect(result.files?.map((file) => file.name)).toEqual(['etcd-ha-history-fake.jsonl', 'etcd-ha-history-fake.txt']);
    const [history, verdict] = result.files ?? [];
    expect(verdict.content).toContain(`get ${JSON.stringify(injected?.key)} -> ${JSON.stringify(injected?.value)}`);
    // The saved history is what was checked: the checker finds the same there.
    expect(checkHistory(parseHistory(history.content)).verdict).toBe('not-linearizable');
    expect(result.notes.at(-1)).toContain('`etcd-ha history check etcd-ha-history-fake.jsonl`');
  });
});
