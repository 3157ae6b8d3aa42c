import { testSpec } from '../../test/support/test-spec.js';
import type { CheckResult, Figures } from '../checks/check.js';
import { combineRounds } from '../checks/rounds.js';
import { compareReports, parsePreviousReport, type PreviousReport } from './compare.js';
import { buildReport, type Report } from './model.js';
import { renderJson, renderMarkdown, renderTerminal } from './render.js';
import { parseValidated } from '../../test/support/report-schema.js';

const spec = testSpec();

const result = (
  name: CheckResult['name'],
  figures: Record<string, number>,
  status: CheckResult['status'] = 'pass',
): CheckResult => ({
  name,
  status,
  summary: 'ok',
  durationMs: 100.4,
  figures,
  notes: [],
});

/** A check run in `values.length` rounds, each measuring newLeaderMs and keysLost. */
const failoverRounds = (values: number[], keysLost: number[] = values.map(() => 0)) =>
  combineRounds(
    values.map((newLeaderMs, index) =>
      result('failover', { newLeaderMs, writeGapMs: newLeaderMs + 10, keysLost: keysLost[index] }),
    ),
    values.length,
  );

const report = (checks: CheckResult[]): Report =>
  buildReport({
    spec,
    target: 'local',
    etcdVersion: '3.4.23',
    toolVersion: '0.1.0',
    startedAt: new Date('2026-01-01T00:00:00Z'),
    durationMs: 3000,
    phases: {},
    members: [],
    checks,
  });

const previous = (
  figures: Record<string, number>,
  statusFigures: Record<string, number> = { slowestHealthMs: 2 },
): PreviousReport => ({
  schemaVersion: 1,
  checks: [
    { name: 'status', figures: statusFigures },
    { name: 'failover', figures },
  ],
});

const gate = (maxRegressionPct?: number) => ({ maxRegressionPct, label: '--max-regression-pct' });

describe('rounds in the report', () => {
  it('keeps the JSON of a single round as it was, with no rounds array and no rounds figure', () => {
    const json = parseValidated(
      'report',
      renderJson(report([result('failover', { newLeaderMs: 260.3, keysLost: 0 })])),
    );
    expect(json.checks[0]).toEqual({
      name: 'failover',
      status: 'pass',
      summary: 'ok',
      durationMs: 100,
      figures: { newLeaderMs: 260.3, keysLost: 0 },
      notes: [],
    });
    expect(json).not.toHaveProperty('comparison');
  });

  it('gives p50, P95, Max, the summed keysLost, a rounds figure and each round; the top-level failover figures are p50s', () => {
    const json = parseValidated(
      'report',
      renderJson(report([failoverRounds([300, 100, 500, 200, 400], [0, 1, 0, 0, 2])])),
    );
    const [failover] = json.checks;
    expect(failover.figures).toEqual({
      newLeaderMs: 300,
      newLeaderMsP95: 500,
      newLeaderMsMax: 500,
      writeGapMs: 310,
      writeGapMsP95: 510,
      writeGapMsMax: 510,
      keysLost: 3,
      rounds: 5,
    });
    expect(failover.rounds).toHaveLength(5);
    expect(failover.rounds[1]).toEqual({
      round: 2,
      status: 'pass',
      summary: 'ok',
      durationMs: 100,
      figures: { newLeaderMs: 100, writeGapMs: 110, keysLost: 1 },
      notes: [],
    });
    expect(json.failover).toEqual({ newLeaderMs: 300, writeGapMs: 310, etcdElectedMs: null, rejoinMs: null });
  });

  it('shows p50 / p95 / max of every figure in the job summary and the terminal', () => {
    const rendered = report([result('status', { slowestHealthMs: 3 }), failoverRounds([300, 100, 500, 200, 400])]);
    const markdown = renderMarkdown(rendered);
    expect(markdown).toContain('p50, P95 and Max over the rounds (nearest rank):\n\n| FIGURE | P50 | P95 | MAX |');
    expect(markdown).toContain('| newLeaderMs | 300 | 500 | 500 |');
    // keysLost is summed and has no spread; the status check, which ran once, shows its figures as they are.
    expect(markdown).toContain('| keysLost (sum) | 0 | rounds | 5 |');
    expect(markdown).toContain('| slowestHealthMs | 3 |');
    const terminal = renderTerminal(rendered);
    expect(terminal).toMatch(/^ {2}writeGapMs +310 +510 +510$/m);
  });
});

describe('parsePreviousReport', () => {
  it('compares number figures only: a boolean is a verdict, and an older report’s 1 for it is not compared', () => {
    const history = (figures: Figures) => report([{ ...result('history', {}), figures }]);
    const older = parsePreviousReport(
      '{"schemaVersion": 1, "checks": [{"name": "history", "figures": {"linearizable": 1, "loadMs": 100}}]}',
    );
    expect(older).toEqual({
      report: { schemaVersion: 1, checks: [{ name: 'history', figures: { linearizable: 1, loadMs: 100 } }] },
    });
    const previousBoolean = parsePreviousReport(renderJson(history({ linearizable: true, loadMs: 100 })));
    expect(previousBoolean).toEqual({
      report: { schemaVersion: 1, checks: [{ name: 'history', figures: { loadMs: 100 } }] },
    });
    for (const parsed of [older, previousBoolean]) {
      if (!('report' in parsed)) throw new Error('not read');
      const compared = compareReports(history({ linearizable: true, loadMs: 150 }), parsed.report, gate(10));
      expect(compared.comparison).toEqual([
        { check: 'history', figure: 'loadMs', previous: 100, current: 150, changePct: 50 },
      ]);
      expect(compared.error).toBeNull();
      parseValidated('report', renderJson(compared));
    }
  });

  it('reads a report of this or an older schemaVersion, and says why anything else is not one', () => {
    const ok = parsePreviousReport(renderJson(report([result('failover', { newLeaderMs: 1 })])));
    expect(ok).toEqual({ report: { schemaVersion: 1, checks: [{ name: 'failover', figures: { newLeaderMs: 1 } }] } });
    expect(parsePreviousReport('{"schemaVersion": 1')).toEqual({
      problem: expect.stringMatching(/^it is not JSON \(/),
    });
    expect(parsePreviousReport('{"name": "package"}')).toEqual({
      problem: expect.stringMatching(/^it is JSON but not an etcd-ha report/),
    });
    expect(parsePreviousReport('{"schemaVersion": 1, "checks": [{"name": "x", "figures": {"a": "1"}}]}')).toEqual({
      problem: expect.stringMatching(/not an etcd-ha report/),
    });
    expect(parsePreviousReport('{"schemaVersion": 2, "checks": []}')).toEqual({
      problem: 'it is a report of schemaVersion 2, from a newer etcd-ha; this one reads schemaVersion 1 and older',
    });
  });
});

describe('compareReports', () => {
  it('lists every figure both runs have, with the change rounded to one decimal and null from 0', () => {
    const compared = compareReports(
      report([
        result('status', { slowestHealthMs: 3, healthy: 3 }),
        result('failover', { newLeaderMs: 300, keysLost: 0 }),
      ]),
      previous({ newLeaderMs: 270, keysLost: 0, gone: 1 }),
      gate(),
    );
    expect(compared.comparison).toEqual([
      { check: 'status', figure: 'slowestHealthMs', previous: 2, current: 3, changePct: 50 },
      { check: 'failover', figure: 'newLeaderMs', previous: 270, current: 300, changePct: 11.1 },
      { check: 'failover', figure: 'keysLost', previous: 0, current: 0, changePct: null },
    ]);
    expect(compared.passed).toBe(true);
    expect(renderMarkdown(compared)).toContain('| failover | newLeaderMs | 270 | 300 | +11.1% |');
    expect(renderMarkdown(compared)).toContain('| failover | keysLost | 0 | 0 | n/a (previous 0) |');
    expect(renderTerminal(compared)).toContain('Compared with the previous run:');
  });

  it('fails on a millisecond p50 that grew by more than the gate when both runs had at least 5 rounds, naming the figure', () => {
    const current = report([failoverRounds([300, 310, 320, 330, 340])]);
    const compared = compareReports(
      current,
      previous({ newLeaderMs: 30, newLeaderMsP95: 34, writeGapMs: 300, rounds: 5 }),
      gate(50),
    );
    expect(compared.passed).toBe(false);
    expect(compared.error).toBe(
      'regression against the previous run: failover newLeaderMs (p50) grew 966.7% (30 -> 320 ms), more than --max-regression-pct 50',
    );
    expect(renderMarkdown(compared)).toContain(
      '**Failed:** regression against the previous run: failover newLeaderMs (p50) grew 966.7%',
    );
    // P95 and Max figures are compared but never gate; neither do counts.
    expect(compared.comparison?.find((row) => row.figure === 'newLeaderMsP95')?.changePct).toBe(900);
    expect(compareReports(current, previous({ newLeaderMs: 320, newLeaderMsP95: 1, rounds: 5 }), gate(50)).passed).toBe(
      true,
    );
    // At the gate exactly is not more than the gate.
    expect(compareReports(current, previous({ newLeaderMs: 213.33333, rounds: 5 }), gate(50)).passed).toBe(true);
  });

  it('only notes a regression when either run had fewer than 5 rounds: one sample cannot gate', () => {
    const fewNow = compareReports(
      report([result('failover', { newLeaderMs: 320 })]),
      previous({ newLeaderMs: 30, rounds: 5 }),
      gate(50),
    );
    expect([fewNow.passed, fewNow.error]).toEqual([true, null]);
    expect(fewNow.checks[0].notes).toEqual([
      'newLeaderMs grew 966.7% (30 -> 320 ms), more than --max-regression-pct 50; only a notice: the previous run had 5 rounds of this check and ' +
        'this one 1, and fewer than 5 cannot gate (one sample is not a trend)',
    ]);
    const fewBefore = compareReports(
      report([failoverRounds([300, 310, 320, 330, 340])]),
      previous({ newLeaderMs: 30, rounds: 4 }),
      gate(50),
    );
    expect(fewBefore.passed).toBe(true);
    expect(fewBefore.checks[0].notes.at(-1)).toMatch(
      /^newLeaderMs \(p50\) grew 966\.7% .*the previous run had 4 rounds of this check and this one 5/,
    );
  });

  it('reports without gating when no percentage is given, and keeps an earlier error first', () => {
    const current = report([failoverRounds([300, 310, 320, 330, 340])]);
    expect(compareReports(current, previous({ newLeaderMs: 1, rounds: 5 }), gate()).passed).toBe(true);
    const failed = compareReports(
      { ...current, passed: false, error: 'boom' },
      previous({ newLeaderMs: 1, rounds: 5 }),
      gate(10),
    );
    expect(failed.error).toMatch(/^boom; regression against the previous run: failover newLeaderMs/);
  });
});
