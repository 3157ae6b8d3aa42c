import { testSpec } from '../../test/support/test-spec.js';
import type { CheckResult, Figures, MemberRow } from '../checks/check.js';
import { combineRounds } from '../checks/rounds.js';
import { compareReports } from './compare.js';
import { buildReport } from './model.js';
import { escapeMarkdownCell } from '../util/escape.js';
import { renderJson, renderMarkdown, renderTerminal } from './render.js';
import { humanBytes } from './tables.js';
import { parseValidated, schemaErrors } from '../../test/support/report-schema.js';

const spec = testSpec();

const member = (index: number, isLeader: boolean, error?: string): MemberRow => ({
  name: `etcd-${index + 1}`,
  endpoint: spec.members[index].clientUrl,
  healthy: !error,
  error,
  status: error
    ? undefined
    : {
        endpoint: spec.members[index].clientUrl,
        id: `a${index}`,
        version: '3.4.23',
        dbSize: 36864,
        dbSizeInUse: 20480,
        leader: 'a0',
        isLeader,
        isLearner: false,
        raftTerm: 4,
        raftIndex: 85,
        raftAppliedIndex: 85,
        errors: [],
      },
});

const check = (
  name: CheckResult['name'],
  status: CheckResult['status'],
  figures: Figures = {},
  summary = 'ok',
): CheckResult => ({
  name,
  status,
  summary,
  durationMs: 12.4,
  figures,
  notes: [],
});

const input = (
  checks: CheckResult[],
  members: MemberRow[] = [member(0, true), member(1, false), member(2, false)],
) => ({
  spec,
  target: 'local' as const,
  etcdVersion: '3.4.23',
  toolVersion: '0.1.0',
  startedAt: new Date('2026-01-01T00:00:00Z'),
  durationMs: 3210.7,
  phases: { pki: 900.2, up: 250.1 },
  members,
  checks,
});

describe('report', () => {
  it('has the public JSON shape with the failover figures', () => {
    const report = parseValidated(
      'report',
      renderJson(
        buildReport(
          input([
            check('status', 'pass'),
            check('failover', 'pass', { newLeaderMs: 260.3, writeGapMs: 270.1, rejoinMs: 80 }),
          ]),
        ),
      ),
    );
    expect(report).toMatchObject({
      schemaVersion: 1,
      passed: true,
      target: 'local',
      leader: { name: 'etcd-1', endpoint: 'https://127.0.0.11:2379', id: 'a0' },
      failover: { newLeaderMs: 260.3, writeGapMs: 270.1, etcdElectedMs: null, rejoinMs: 80 },
      quorumLoss: null,
      summary: { pass: 2, fail: 0, skipped: 0 },
      phases: { pki: 900, up: 250 },
    });
    expect(report.checks[1]).toEqual({
      name: 'failover',
      status: 'pass',
      summary: 'ok',
      durationMs: 12,
      figures: { newLeaderMs: 260.3, writeGapMs: 270.1, rejoinMs: 80 },
      notes: [],
    });
    expect(report.members[0]).toEqual({
      name: 'etcd-1',
      endpoint: 'https://127.0.0.11:2379',
      id: 'a0',
      version: '3.4.23',
      dbSize: 36864,
      isLeader: true,
      isLearner: false,
      raftTerm: 4,
      raftIndex: 85,
      raftAppliedIndex: 85,
      healthy: true,
      errors: [],
    });
  });

  it('says which key algorithm the PKI has, in the JSON and the job summary', () => {
    const report = buildReport({ ...input([check('status', 'pass')]), keyAlgorithm: 'rsa-2048' });
    expect(parseValidated('report', renderJson(report)).cluster.keyAlgorithm).toBe('rsa-2048');
    expect(renderMarkdown(report)).toContain('election 250 ms; keys rsa-2048; phases: pki 900 ms, up 250 ms');
    expect(buildReport(input([check('status', 'pass')])).cluster.keyAlgorithm).toBeNull();
  });

  it('does not pass with a skipped check, a failed check, no checks, or an error', () => {
    expect(buildReport(input([check('status', 'pass'), check('failover', 'skipped')])).passed).toBe(false);
    expect(buildReport(input([check('status', 'fail')])).passed).toBe(false);
    expect(buildReport(input([])).passed).toBe(false);
    expect(buildReport({ ...input([check('status', 'pass')]), error: 'boom' }).passed).toBe(false);
  });

  it('passes with a skipped check only `all` brought in, never with a named one skipped or nothing passed', () => {
    const checks = [check('status', 'pass'), check('partition', 'skipped')];
    const fromAll = buildReport({ ...input(checks), optional: ['partition'] });
    expect(fromAll.passed).toBe(true);
    expect(fromAll.checks.map((row) => [row.name, row.optional])).toEqual([
      ['status', undefined],
      ['partition', true],
    ]);
    expect(buildReport({ ...input(checks), optional: ['status'] }).passed).toBe(false);
    expect(buildReport({ ...input([check('partition', 'skipped')]), optional: ['partition'] }).passed).toBe(false);
    expect(
      buildReport({ ...input([check('status', 'pass'), check('partition', 'fail')]), optional: ['partition'] }).passed,
    ).toBe(false);
  });

  it('escapes text etcd or a user wrote before it reaches Markdown', () => {
    expect(escapeMarkdownCell('a|b <script>x</script>\nnext `code` & more')).toBe(
      'a\\|b &lt;script&gt;x&lt;/script&gt;<br>next <code>code</code> &amp; more',
    );
    const markdown = renderMarkdown(
      buildReport(
        input(
          [check('status', 'fail', {}, 'etcd said <img src=x onerror=alert(1)> | broken')],
          [member(0, true), member(1, false, 'dial | <b>refused</b>'), member(2, false)],
        ),
      ),
    );
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('<b>');
    expect(markdown).toContain('etcd said &lt;img src=x onerror=alert(1)&gt; \\| broken');
    expect(markdown).toContain('## ❌ etcd-ha FAILED: 0 passed, 1 failed, 0 skipped');
    expect(markdown).toContain('| etcd-2 | https://127.0.0.12:2379 |  |');
  });

  it('renders the same tables for a terminal, with control characters removed', () => {
    const text = renderTerminal(buildReport(input([check('status', 'fail', { healthy: 2 }, 'bad\u001b[31m red')])));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('NAME    ENDPOINT                 ID  ROLE      TERM  INDEX  APPLIED  DB SIZE');
    expect(text).toContain('\nstatus  FAIL           12  bad?[31m red\n');
    expect(text).toMatch(/^ {2}healthy {2}2$/m);
    expect(text.trimEnd().split('\n').pop()).toMatch(
      /^etcd-ha FAILED: 0 passed, 1 failed, 0 skipped on a 3-member local cluster \(etcd 3.4.23\) in 3211 ms$/,
    );
  });

  it('prints sizes as etcdctl does', () => {
    expect([humanBytes(5), humanBytes(20480), humanBytes(36864), humanBytes(1234567), humanBytes(null)]).toEqual([
      '5 B',
      '20 kB',
      '37 kB',
      '1.2 MB',
      '',
    ]);
  });
});

describe('the report against its published JSON Schema', () => {
  const history = (linearizable: number | boolean) =>
    JSON.parse(
      renderJson(
        buildReport(
          input([check('status', 'pass'), { ...check('history', 'pass'), figures: { linearizable, keys: 5 } }]),
        ),
      ),
    );

  it('holds every field a report can have: rounds, tables, files, an optional check, a comparison', () => {
    const rounds = combineRounds(
      [
        check('failover', 'pass', { newLeaderMs: 100, keysLost: 0 }),
        check('failover', 'pass', { newLeaderMs: 200, keysLost: 1 }),
      ],
      2,
    );
    const tls = {
      ...check('tls', 'pass', { probes: 3, refused: 3 }),
      tables: [{ title: 'Probes', headers: ['PROBE'], rows: [['none']] }],
    };
    const failing = {
      ...check('history', 'fail', { linearizable: false }),
      files: [{ name: 'etcd-ha-history-x.jsonl', content: '' }],
    };
    const built = buildReport({
      ...input([check('status', 'pass'), rounds, tls, failing, check('partition', 'skipped')]),
      optional: ['partition'],
    });
    const compared = compareReports(
      built,
      { schemaVersion: 1, checks: [{ name: 'failover', figures: { newLeaderMs: 90 } }] },
      {
        label: '--max-regression-pct',
      },
    );
    const json = parseValidated('report', renderJson(compared));
    expect(json.checks.map((row: { name: string }) => row.name)).toEqual([
      'status',
      'failover',
      'tls',
      'history',
      'partition',
    ]);
    expect(json.comparison).toHaveLength(1);
  });

  it('holds the findings of a configuration lint refused, as the lint JSON has them', () => {
    const finding = {
      file: 'etcd-1.conf.yml',
      line: 3,
      column: 1,
      severity: 'error' as const,
      rule: 'ETCD-101',
      message: 'initial-cluster-token differs',
    };
    const refused = buildReport({
      ...input([]),
      error: 'lint refused the configuration',
      lint: { configPath: 'deploy/etcd', findings: [finding], summary: { errors: 1, warnings: 0, notices: 0 } },
    });
    expect(parseValidated('report', renderJson(refused)).lint.findings).toEqual([finding]);
  });

  it('has linearizable as a boolean; a number there, or a figure the legend lacks, does not match', () => {
    expect(schemaErrors('report', history(true))).toEqual([]);
    expect(schemaErrors('report', history(1))).toEqual([
      expect.stringMatching(/^\/checks\/1\/figures\/linearizable must be boolean/),
    ]);
    const unknown = history(true);
    unknown.checks[1].figures.newFigureMs = 1;
    expect(schemaErrors('report', unknown)).toEqual([
      expect.stringMatching(/^\/checks\/1\/figures must NOT have additional properties.*newFigureMs/),
    ]);
  });
});

describe('the legend in the job summary', () => {
  it('folds the unit and meaning of each figure shown, and only those, under the checks', () => {
    const markdown = renderMarkdown(
      buildReport(
        input([
          check('status', 'pass', { members: 3 }),
          check('failover', 'pass', { newLeaderMs: 260.3, writeGapMs: 270.1 }),
        ]),
      ),
    );
    const legend = /<details><summary>Legend<\/summary>\n\n([^]*?)\n\n<\/details>/.exec(markdown)?.[1] ?? '';
    expect(legend.split('\n').map((row) => row.split(' | ').slice(0, 2).join(' | '))).toEqual([
      '| FIGURE | UNIT',
      '| --- | ---',
      '| `members` | count',
      '| `newLeaderMs` | ms',
      '| `writeGapMs` | ms',
    ]);
    expect(markdown.indexOf('Legend')).toBeGreaterThan(markdown.indexOf('### Checks'));
  });

  it('adds the rules of rounds when a check ran in rounds, and is left out when no figure was reported', () => {
    const rounds = combineRounds(
      [check('history', 'pass', { linearizable: true }), check('history', 'pass', { linearizable: false })],
      2,
    );
    const markdown = renderMarkdown(buildReport(input([rounds])));
    expect(markdown).toContain('| `linearizable` | boolean |');
    expect(markdown).toContain('| `<name>P95` |');
    expect(renderMarkdown(buildReport(input([check('status', 'pass')])))).not.toContain('Legend');
  });
});
