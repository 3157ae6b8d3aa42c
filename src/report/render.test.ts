import { readFileSync } from 'node:fs';
import { terminalMode } from '../util/terminal.js';
import type { Report } from './model.js';
import { renderMarkdown, renderTerminal } from './render.js';
import { TERMINAL_WIDTH } from '../util/text-layout.js';

/** A JSON report of a real run (etcd 3.4.23, heartbeat 50 ms, election 250 ms). */
const fixture = (name: string): Report => JSON.parse(readFileSync(`fixtures/report/${name}.json`, 'utf8'));

/** Three real runs: 3 members; 7 members in 3 rounds compared with the first; a user's configuration in 2 rounds. */
const REPORTS = {
  'three members': fixture('three-members'),
  'seven members, rounds and a comparison': fixture('seven-members-rounds-compared'),
  'a configuration mapping and rounds': fixture('config-rounds'),
};

/** The same run failed: a member down with a long error, a check failed with text etcd wrote, a run error. */
function failed(report: Report): Report {
  const [first, ...rest] = report.members;
  return {
    ...report,
    passed: false,
    summary: { pass: report.summary.pass - 1, fail: 1, skipped: 0 },
    error:
      'regression against the previous run: failover newLeaderMs (p50) grew 966.7% (30 -> 320 ms), more than --max-regression-pct 50',
    members: [
      {
        ...first,
        id: null,
        version: null,
        dbSize: null,
        raftTerm: null,
        raftIndex: null,
        raftAppliedIndex: null,
        healthy: false,
        errors: [
          `dial tcp ${first.endpoint.replace('https://', '')}: connect: connection refused; the member did not answer within 5000 ms, after 3 attempts`,
        ],
      },
      ...rest,
    ],
    checks: report.checks.map((check) =>
      check.name === 'status'
        ? { ...check, status: 'fail', summary: `etcd said \u001b[31m${'x'.repeat(150)} | <b>` }
        : check,
    ),
  };
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

describe('the terminal report', () => {
  it.each(Object.entries(REPORTS))(
    'fits %s into 100 columns, in colour too once the escape codes are taken out',
    (_, report) => {
      for (const text of [
        renderTerminal(report),
        renderTerminal(failed(report)),
        // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes (ESC [ n m) the renderer writes
        renderTerminal(report, { color: true }).replace(/\u001b\[\d+m/g, ''),
      ]) {
        const tooLong = lines(text).filter((line) => line.length > TERMINAL_WIDTH);
        expect(tooLong).toEqual([]);
      }
    },
  );

  it('gives the checks one line each, with every figure below them as name and value', () => {
    const text = renderTerminal(REPORTS['three members']);
    expect(lines(text)[0]).toMatch(/^CHECK +RESULT +TIME \(ms\) +SUMMARY$/);
    expect(text).toMatch(/^failover {5}PASS {10}389 {2}killed leader etcd-3; .*…$/m);
    // The summary the table cut is below it in full; every figure is there once, aligned.
    expect(text).toContain(
      'failover: killed leader etcd-3; etcd-2 led after 231.3 ms, writes resumed after 233.4 ms; etcd-3\n  rejoined as a follower',
    );
    expect(text).toMatch(/^ {2}termBefore {7}2 {4}etcdElectedMs {3}223 {4}catchUpMs {9}83\.5$/m);
    expect(text).toMatch(/^ {2}newLeaderMs {2}231\.3 /m);
    expect(text).not.toContain('=');
  });

  it('heads the status table with when it was read, naming the leader then, unlike the checks above it', () => {
    const text = renderTerminal(REPORTS['three members']);
    const status = text.slice(text.indexOf('Endpoint status after the checks'));
    expect(status).toMatch(
      /^Endpoint status after the checks\nRead once the checks had finished: the leader now is etcd-3\. failover and quorum-loss took members\ndown and brought them back/,
    );
    expect(status).toMatch(/^etcd-3 +https:\/\/127\.0\.0\.13:2379 +4abce9469271a20a +leader +4 +85 +85 +37 kB$/m);
    // The checks named another leader: the text above and the table agree once the heading says when each was true.
    expect(text).toContain('etcd-2 led after 231.3 ms');
  });

  it('shows p50, P95 and Max of checks that ran in rounds, and the comparison', () => {
    const text = renderTerminal(REPORTS['seven members, rounds and a comparison']);
    expect(text).toMatch(/^ {2}FIGURE +P50 +P95 +MAX$/m);
    expect(text).toMatch(/^ {2}newLeaderMs +281\.5 +284\.8 +284\.8$/m);
    expect(text).toMatch(/^ {2}keysLost \(sum\) {2}0 {4}rounds {2}3$/m);
    expect(text).toMatch(/^failover +newLeaderMs +231\.3 +281\.5 +\+21\.7%$/m);
  });

  it('maps the configuration member by member, wrapping values and keeping each URL whole', () => {
    const text = renderTerminal(REPORTS['a configuration mapping and rounds']);
    expect(text).toContain('alpha: fixtures/boot/three-hosts/alpha.conf.yml (etcd-config-file)');
    expect(text).toMatch(
      /^ {2}initial-cluster +alpha=https:\/\/10\.20\.0\.1:12380, +alpha=https:\/\/127\.0\.0\.171:12380,$/m,
    );
    expect(text).toMatch(/^ {31}charlie=https:\/\/10\.20\.0\.3:12380 +charlie=https:\/\/127\.0\.0\.173:12380$/m);
  });

  it('strips what etcd or a user wrote of control characters, and lists member errors below the table', () => {
    const text = renderTerminal(failed(REPORTS['three members']));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('etcd said ?[31mxxx');
    expect(text).toMatch(/^etcd-1: dial tcp 127\.0\.0\.11:2379: connect: connection refused;/m);
    expect(lines(text).at(-1)).toBe(
      'etcd-ha FAILED: 2 passed, 1 failed, 0 skipped on a 3-member local cluster (etcd 3.4.23) in 2890 ms',
    );
  });

  it('puts the duration of a verdict too long for one line on the next', () => {
    const text = renderTerminal({ ...REPORTS['three members'], target: 'container', durationMs: 12345 });
    expect(lines(text).slice(-2)).toEqual([
      'etcd-ha PASSED: 3 passed, 0 failed, 0 skipped on a 3-member container cluster (etcd 3.4.23)',
      '  in 12345 ms',
    ]);
  });

  it('has colours only on a terminal without NO_COLOR, and never in CI logs or pipes', () => {
    const report = REPORTS['three members'];
    const plain = [
      terminalMode(false, {}),
      terminalMode(undefined, {}),
      terminalMode(true, { NO_COLOR: '1' }),
      terminalMode(true, { TERM: 'dumb' }),
    ];
    for (const mode of plain) expect(renderTerminal(report, mode)).not.toContain('\u001b');
    const coloured = renderTerminal(report, terminalMode(true, {}));
    expect(coloured).toContain('\u001b[32mPASS');
    // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes (ESC [ n m) the renderer writes
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderTerminal(report));
  });
});

describe('the job summary', () => {
  it('puts figures in tables per check, a timeline for failover and quorum-loss, and long detail in <details>', () => {
    const markdown = renderMarkdown(REPORTS['three members']);
    expect(markdown).toContain('| CHECK | RESULT | TIME (ms) | SUMMARY |');
    expect(markdown).toContain('| failover | ✅ PASS | 389 | killed leader etcd-3;');
    expect(markdown).toContain('#### failover\n\n```mermaid\ngantt\n');
    expect(markdown).toContain('| FIGURE | VALUE | FIGURE | VALUE | FIGURE | VALUE |');
    expect(markdown).toContain('| newLeaderMs | 231.3 | termAfter | 3 | keysAcknowledged | 51 |');
    expect(markdown).not.toMatch(/\w=\d/);
    expect(markdown.match(/```mermaid/g)).toHaveLength(2);
    expect(markdown).toContain(
      '<details><summary>Notes (2)</summary>\n\n- write refused after 1.1 ms: Put on https://127.0.0.11:2379: etcdserver: no leader\n',
    );
    expect(markdown).toMatch(
      /### Endpoint status after the checks\n\nRead once the checks had finished: the leader now is etcd-3\./,
    );
  });

  it('folds each round, the comparison and the configuration mapping away', () => {
    const rounds = renderMarkdown(REPORTS['seven members, rounds and a comparison']);
    expect(rounds).toContain(
      '<details><summary>Each of the 3 rounds</summary>\n\n| ROUND | RESULT | TIME (ms) | termBefore |',
    );
    expect(rounds).toContain('| FIGURE | P50 | P95 | MAX |\n| --- | --- | --- | --- |\n| termBefore | 4 | 5 | 5 |');
    expect(rounds).toContain('<details><summary>Compared with the previous run (26 figures)</summary>');
    expect(rounds).toMatch(/title failover, from the kill of the leader \(round \d of 3, the median by writeGapMs\)/);
    const config = renderMarkdown(REPORTS['a configuration mapping and rounds']);
    expect(config).toContain(
      '<details><summary>Your configuration: 3 members, 45 settings mapped, added or left out</summary>\n\n| MEMBER | FILE | FORM |',
    );
  });

  it('escapes what etcd or a user wrote, in tables and in notes', () => {
    const report = failed(REPORTS['three members']);
    const markdown = renderMarkdown({
      ...report,
      checks: report.checks.map((check) => ({ ...check, notes: [...check.notes, 'a <script>|note'] })),
    });
    expect(markdown).not.toContain('<b>');
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('- a &lt;script&gt;\\|note');
    expect(markdown).toContain('\\| &lt;b&gt;');
  });
});

describe("a check's tables", () => {
  const report = REPORTS['three members'];
  const tls = {
    name: 'tls',
    status: 'pass' as const,
    summary: 'all 30 probes refused on 6 URLs',
    durationMs: 190,
    figures: { probes: 30, refused: 30, cisPassed: 7, cisFailed: 0 },
    notes: [],
    tables: [
      {
        title: 'CIS Kubernetes Benchmark, etcd',
        headers: ['CIS', 'REQUIREMENT', 'LINT RULES', 'RESULT'],
        rows: [
          ['2.1', 'cert-file and key-file are set: clients are served over TLS', 'ETCD-401', 'pass'],
          [
            '2.7',
            `a unique certificate authority is used for etcd <b>|${' and a long sentence'.repeat(5)}`,
            'ETCD-407, ETCD-408',
            'FAIL (etcd-1, etcd-2)',
          ],
        ],
      },
    ],
  };
  const withTables: Report = { ...report, checks: [...report.checks, tls] };

  it('shows each under the check, titled, escaped in Markdown', () => {
    const markdown = renderMarkdown(withTables);
    expect(markdown).toContain(
      '**CIS Kubernetes Benchmark, etcd**\n\n| CIS | REQUIREMENT | LINT RULES | RESULT |\n| --- | --- | --- | --- |\n| 2.1 | cert-file',
    );
    expect(markdown).toContain(
      '| 2.7 | a unique certificate authority is used for etcd &lt;b&gt;\\| and a long sentence',
    );
  });

  it('fits each into 100 columns in the terminal', () => {
    const text = renderTerminal(withTables);
    expect(text).toMatch(
      /^ {2}CIS Kubernetes Benchmark, etcd:\n {2}CIS +REQUIREMENT +LINT RULES +RESULT\n {2}2\.1 +cert-file/m,
    );
    expect(lines(text).filter((line) => line.length > TERMINAL_WIDTH)).toEqual([]);
  });
});
