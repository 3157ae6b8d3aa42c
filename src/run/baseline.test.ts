import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testSpec } from '../../test/support/test-spec.js';
import type { CheckResult } from '../checks/check.js';
import { combineRounds } from '../checks/rounds.js';
import { buildReport, type Report } from '../report/model.js';
import { renderJson } from '../report/render.js';
import { compareWithBaseline, BASELINE_PATH, baselineKeys, type BaselineCache } from './baseline.js';

const spec = testSpec();

const failover = (newLeaderMs: number): CheckResult =>
  combineRounds(
    Array.from({ length: 5 }, () => ({
      name: 'failover' as const,
      status: 'pass' as const,
      summary: 'ok',
      durationMs: 10,
      figures: { newLeaderMs },
      notes: [],
    })),
    5,
  );

const report = (newLeaderMs: number): Report =>
  buildReport({
    spec,
    target: 'local',
    etcdVersion: '3.4.23',
    toolVersion: '0.1.0',
    startedAt: new Date(0),
    durationMs: 1,
    phases: {},
    members: [],
    checks: [failover(newLeaderMs)],
  });

/** An Actions cache in memory: entries by key, newest last, restored by exact key or by prefix as the service does. */
function stubCache(home: string, entries: Array<[string, string]> = [], fail?: 'restore' | 'save') {
  const calls: string[] = [];
  const local = path.join(home, BASELINE_PATH.slice(2));
  const cache: BaselineCache = {
    async restore(paths, key, restoreKeys) {
      calls.push(`restore ${paths.join(',')} ${key} [${restoreKeys.join(',')}]`);
      if (fail === 'restore') throw new Error('cache service answered 503');
      const hit =
        entries.find(([candidate]) => candidate === key) ??
        [...entries].reverse().find(([candidate]) => restoreKeys.some((prefix) => candidate.startsWith(prefix)));
      if (!hit) return undefined;
      await mkdir(path.dirname(local), { recursive: true });
      await writeFile(local, hit[1]);
      return hit[0];
    },
    async save(paths, key) {
      calls.push(`save ${paths.join(',')} ${key}`);
      if (fail === 'save') throw new Error('cache service answered 503');
      entries.push([key, await readFile(local, 'utf8')]);
    },
  };
  return { cache, calls, entries };
}

function log() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (m: string) => lines.push(`info: ${m}`),
      notice: (m: string) => lines.push(`notice: ${m}`),
      warning: (m: string) => lines.push(`warning: ${m}`),
    },
  };
}

describe('a baseline report in the Actions cache', () => {
  let home: string;
  const env = { GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '2' };
  const gate = { maxRegressionPct: 50, label: "input 'max-regression-pct'" };
  beforeEach(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'etcd-ha-baseline-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('keys each run by name, run id and attempt, under a prefix of the name', () => {
    expect(baselineKeys('nightly', env)).toEqual({
      key: 'etcd-ha-baseline/nightly/777-2',
      prefix: 'etcd-ha-baseline/nightly/',
    });
  });

  it('with no previous report, gives a notice, compares nothing and saves this run under its key', async () => {
    const { cache, calls, entries } = stubCache(home);
    const { lines, log: baseline } = log();
    const compared = await compareWithBaseline(report(300), { name: 'nightly', gate }, cache, {
      env,
      log: baseline,
      home,
    });
    expect(compared.comparison).toBeUndefined();
    expect(compared.passed).toBe(true);
    expect(calls).toEqual([
      `restore ${BASELINE_PATH} etcd-ha-baseline/nightly/777-2 [etcd-ha-baseline/nightly/]`,
      `save ${BASELINE_PATH} etcd-ha-baseline/nightly/777-2`,
    ]);
    expect(lines[0]).toBe(
      "notice: baseline 'nightly': no previous report yet (no cache key starts with etcd-ha-baseline/nightly/); nothing compared",
    );
    expect(JSON.parse(entries[0][1]).checks[0].figures.newLeaderMs).toBe(300);
    expect(existsSync(path.join(home, '.etcd-ha-baseline'))).toBe(false);
  });

  it('restores the newest report by prefix, compares, and fails on a regression without saving it as the baseline', async () => {
    const { cache, calls, entries } = stubCache(home, [
      ['etcd-ha-baseline/nightly/100-1', renderJson(report(10))],
      ['etcd-ha-baseline/nightly-arm/150-1', renderJson(report(1))],
      ['etcd-ha-baseline/nightly/200-1', renderJson(report(30))],
    ]);
    const { lines, log: baseline } = log();
    const compared = await compareWithBaseline(report(300), { name: 'nightly', gate }, cache, {
      env,
      log: baseline,
      home,
    });
    expect(compared.comparison?.find((row) => row.figure === 'newLeaderMs')).toEqual({
      check: 'failover',
      figure: 'newLeaderMs',
      previous: 30,
      current: 300,
      changePct: 900,
    });
    expect(compared.passed).toBe(false);
    expect(compared.error).toMatch(
      /failover newLeaderMs \(p50\) grew 900% \(30 -> 300 ms\), more than input 'max-regression-pct' 50/,
    );
    expect(calls).toHaveLength(1);
    expect(entries).toHaveLength(3);
    expect(lines).toContain(
      "info: baseline 'nightly': this run did not pass, so its report is not saved; the previous one stays the baseline",
    );

    const fine = await compareWithBaseline(report(31), { name: 'nightly', gate }, cache, { env, log: baseline, home });
    expect(fine.passed).toBe(true);
    expect(entries.map(([key]) => key).at(-1)).toBe('etcd-ha-baseline/nightly/777-2');
  });

  it('warns, never fails, when the cache service fails or the saved report cannot be read', async () => {
    for (const fail of ['restore', 'save'] as const) {
      const { cache } = stubCache(home, [], fail);
      const { lines, log: baseline } = log();
      const compared = await compareWithBaseline(report(300), { name: 'nightly', gate }, cache, {
        env,
        log: baseline,
        home,
      });
      expect(compared.passed).toBe(true);
      expect(lines.filter((line) => line.startsWith('warning: '))).toEqual([
        expect.stringContaining('cache service answered 503'),
      ]);
    }
    const { cache } = stubCache(home, [['etcd-ha-baseline/nightly/1-1', '{"schemaVersion": 9, "checks": []}']]);
    const { lines, log: baseline } = log();
    const compared = await compareWithBaseline(report(300), { name: 'nightly', gate }, cache, {
      env,
      log: baseline,
      home,
    });
    expect([compared.passed, compared.comparison]).toEqual([true, undefined]);
    expect(lines[0]).toMatch(
      /^warning: baseline 'nightly': the previous report \(cache key etcd-ha-baseline\/nightly\/1-1\) cannot be compared with: it is a report of schemaVersion 9/,
    );
  });
});
