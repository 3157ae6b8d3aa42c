import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

/** Two jobs on one self-hosted runner: two `run`s at once, neither given a base-address. */
describe('two runs at once on one machine', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-parallel-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('each picks a free loopback block of its own, and both pass', async () => {
    const one = (name: string) =>
      runCli(['run', ...FAST, '--state', path.join(dir, name), '--json', path.join(dir, `${name}.json`)], {
        timeoutMs: 180_000,
      });
    const results = await Promise.all([one('a'), one('b')]);
    const reports = ['a', 'b'].map(
      (name) => readReport(path.join(dir, `${name}.json`)) as { cluster: { endpoints: string[] } },
    );
    expect(results.map((result) => [result.code, result.code === 0 ? '' : result.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    const blocks = reports.map((report) => report.cluster.endpoints.map((url) => /127\.0\.(\d+)\.\d+/.exec(url)?.[1]));
    for (const endpoints of blocks) {
      // Every member of a run in one block 127.0.N.0/24, N not 0.
      expect(new Set(endpoints).size).toBe(1);
      expect(endpoints[0]).not.toBe('0');
    }
    expect(blocks[0][0]).not.toBe(blocks[1][0]);
    expect(livePidsMentioning(dir)).toEqual([]);
  });
});
