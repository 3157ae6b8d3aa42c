import { FakeCluster } from '../../test/support/fake-cluster.js';
import { parseHistoryFile } from '../history/watch-format.js';
import { checkWatch } from '../history/watch.js';
import { runCheck } from './check.js';
import { watchCheck } from './watch.js';

const contextOf = (cluster: FakeCluster) => cluster.context();

describe('the watch check', () => {
  it('passes on a cluster that delivers every event, with its figures, after a kill, a cut, a pause and compactions', async () => {
    const cluster = new FakeCluster();
    const result = await runCheck(watchCheck, contextOf(cluster));
    expect([result.status, result.summary]).toEqual([
      'pass',
      expect.stringMatching(
        /^\d+ events on 7 watchers \(\d+ resumptions\) under 3 faults and \d+ compactions: filtered, ordered/,
      ),
    ]);
    expect(result.figures).toMatchObject({ watchers: 7, faults: 3, hashKvAgree: true });
    expect(result.figures.eventsChecked).toBeGreaterThan(50);
    // The two watchers on the killed member resumed on another.
    expect(result.figures.resumptions).toBeGreaterThanOrEqual(2);
    expect(result.figures.compactions).toBeGreaterThanOrEqual(1);
    expect(typeof result.figures.largestDeliveryDelayMs).toBe('number');
    expect(result.notes[0]).toMatch(/^faults: etcd-\d killed and restarted; /);
    expect(result.files).toBeUndefined();
    expect(cluster.requests.some((request) => request.startsWith('delete '))).toBe(true);
    expect(cluster.requests.some((request) => request.startsWith('txn '))).toBe(true);
  }, 30_000);

  it('fails on atomic when the events of a transaction come in two responses', async () => {
    const cluster = new FakeCluster({ splitsTxnEvents: true });
    const result = await runCheck(watchCheck, contextOf(cluster));
    expect([result.status, result.summary]).toEqual([
      'fail',
      expect.stringMatching(/; watch guarantees violated \(\d+\): watcher \d+ broke atomic /),
    ]);
    const [history] = result.files ?? [];
    const offline = checkWatch(parseHistoryFile(history.content).watch);
    expect(offline.violations.map((violation) => violation.guarantee)).toContain('atomic');
  }, 30_000);

  it('fails when events are never delivered, quoting the first, and hands back a history the offline check fails too', async () => {
    const cluster = new FakeCluster({ dropsWatchEvent: 20 });
    const result = await runCheck(watchCheck, contextOf(cluster));
    expect([result.status, result.summary]).toEqual([
      'fail',
      expect.stringMatching(
        /; watch guarantees violated \(\d+\): watcher \d+ broke (reliable|resumable) .* at history line \d+: expected /,
      ),
    ]);
    const [history, verdict] = result.files ?? [];
    expect(history.name).toBe(`etcd-ha-watch-${cluster.spec.runId}.jsonl`);
    expect(verdict.content).toContain('watch guarantees violated');
    expect(checkWatch(parseHistoryFile(history.content).watch).ok).toBe(false);
  }, 30_000);
});
