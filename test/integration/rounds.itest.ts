import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir } from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

/** Runs the CLI in this process (no rebuild of dist/ needed) and keeps what it printed. */
async function etcdHa(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: process.env,
  });
  return { code, stdout, stderr };
}

interface JsonCheck {
  name: string;
  status: string;
  figures: Record<string, number>;
  rounds?: Array<{ round: number; status: string; figures: Record<string, number> }>;
}

describe('etcd-ha run --rounds and --compare-to on a real cluster', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-it-rounds-');
  });
  afterAll(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('reports p50, p95 and max over 5 rounds, then fails a run whose failover regressed against a faster report', async () => {
    const state = path.join(dir, 'state');
    const json = path.join(dir, 'report.json');
    const summary = path.join(dir, 'summary.md');
    const first = await etcdHa([
      'run',
      ...FAST,
      '--rounds',
      '5',
      '--base-address',
      '127.0.0.161',
      '--state',
      state,
      '--json',
      json,
      '--summary',
      summary,
    ]);
    expect(first.stderr).not.toMatch(/^error:/m);
    expect(first.code).toBe(0);
    expect(livePidsMentioning(state)).toEqual([]);

    const report = readReport(json);
    const [status, failover, quorumLoss] = report.checks as JsonCheck[];
    expect([status.name, status.rounds, status.figures.rounds]).toEqual(['status', undefined, undefined]);
    for (const [check, figures] of [
      [failover, ['newLeaderMs', 'writeGapMs', 'rejoinMs', 'catchUpMs']],
      [quorumLoss, ['writeRefusedMs', 'linearizableReadRefusedMs', 'recoveryMs']],
    ] as const) {
      expect([check.status, check.figures.rounds, check.rounds?.map((round) => [round.round, round.status])]).toEqual([
        'pass',
        5,
        [1, 2, 3, 4, 5].map((round) => [round, 'pass']),
      ]);
      for (const name of figures) {
        const values = (check.rounds ?? []).map((round) => round.figures[name]).sort((a, b) => a - b);
        // Nearest rank over five: the third value is the p50, the fifth the p95 and the max.
        expect([name, check.figures[name], check.figures[`${name}P95`], check.figures[`${name}Max`]]).toEqual([
          name,
          values[2],
          values[4],
          values[4],
        ]);
      }
      expect(check.figures.keysLost).toBe(0);
      expect(check.figures).not.toHaveProperty('keysLostP95');
    }
    expect(report.failover.newLeaderMs).toBe(failover.figures.newLeaderMs);
    expect(report.quorumLoss.recoveryMs).toBe(quorumLoss.figures.recoveryMs);
    expect(report).not.toHaveProperty('comparison');
    expect(first.stdout).toContain('  p50, P95 and Max over the rounds (nearest rank):');
    expect(first.stdout).toMatch(/^ {2}newLeaderMs +[\d.]+ +[\d.]+ +[\d.]+$/m);
    expect(readFileSync(summary, 'utf8')).toMatch(/\| recoveryMs \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);

    // A previous run ten times faster at failing over: every millisecond figure of failover divided by 10.
    const faster = structuredClone(report);
    const fastFailover = faster.checks[1].figures as Record<string, number>;
    for (const name of Object.keys(fastFailover))
      if (/Ms(P95|Max)?$/.test(name)) fastFailover[name] = Math.round(fastFailover[name] * 10) / 100;
    const previous = path.join(dir, 'previous.json');
    writeFileSync(previous, JSON.stringify(faster));

    const json2 = path.join(dir, 'report2.json');
    const state2 = path.join(dir, 'state2');
    const second = await etcdHa([
      'run',
      ...FAST,
      '--rounds',
      '5',
      '--checks',
      'status,failover',
      '--base-address',
      '127.0.0.171',
      '--state',
      state2,
      '--json',
      json2,
      '--compare-to',
      previous,
      '--max-regression-pct',
      '50',
    ]);
    expect(second.code).toBe(1);
    expect(livePidsMentioning(state2)).toEqual([]);
    const regressed = readReport(json2);
    expect(regressed.passed).toBe(false);
    expect(regressed.checks.map((check: JsonCheck) => check.status)).toEqual(['pass', 'pass']);
    expect(regressed.error).toMatch(
      /^regression against the previous run: .*failover newLeaderMs \(p50\) grew [\d.]+% \([\d.]+ -> [\d.]+ ms\), more than --max-regression-pct 50/,
    );
    const newLeader = regressed.comparison.find(
      (row: { check: string; figure: string }) => row.check === 'failover' && row.figure === 'newLeaderMs',
    );
    expect(newLeader.previous).toBe(fastFailover.newLeaderMs);
    expect(newLeader.changePct).toBeGreaterThan(50);
    // The status check ran once in both: its figures are compared, never gated.
    expect(regressed.comparison.some((row: { check: string }) => row.check === 'status')).toBe(true);
    expect(second.stdout).toContain('Compared with the previous run:');
    expect(second.stdout).toMatch(/failed: regression against the previous run: .*failover newLeaderMs/);
  });

  it('refuses a --compare-to file that is no report before anything starts, naming it (exit 2)', async () => {
    const notReport = path.join(dir, 'package.json');
    writeFileSync(notReport, '{"name": "x"}');
    const result = await etcdHa([
      'run',
      ...FAST,
      '--compare-to',
      notReport,
      '--base-address',
      '127.0.0.181',
      '--state',
      path.join(dir, 'never'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --compare-to is '${notReport}'; allowed: a JSON report etcd-ha wrote (--json), of schemaVersion 1 or older; ` +
        'it is JSON but not an etcd-ha report (it needs a whole-number schemaVersion and checks with named figures)\n',
    );
    expect(livePidsMentioning(path.join(dir, 'never'))).toEqual([]);
  });
});
