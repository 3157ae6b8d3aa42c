import { problemCount, renderLintJson, renderLintMarkdown, renderLintText, SUMMARY_ROWS } from './format-text.js';
import type { Finding, LintResult } from './model.js';
import { parseValidated } from '../../test/support/report-schema.js';

const findings: Finding[] = [
  {
    file: 'etc/etcd-1.conf.yml',
    line: 3,
    column: 11,
    severity: 'warning',
    rule: 'ETCD-101',
    message: 'initial-cluster-tokn is no etcd setting; etcd ignores it',
  },
  {
    file: 'etc/etcd-1.conf.yml',
    line: 12,
    column: 1,
    severity: 'error',
    rule: 'ETCD-008',
    message: 'election-timeout 100 is less than 5 x heartbeat-interval (500)',
  },
  { file: 'etc/etcd.env', line: 4, column: 1, severity: 'notice', rule: 'ETCD-200', message: 'ETCD_NAME is default' },
];

const result: LintResult = {
  schemaVersion: 1,
  findings,
  files: [
    { file: 'etc/etcd-1.conf.yml', form: 'etcd-config-file', member: 'etcd-1' },
    { file: 'etc/etcd.env', form: 'env-file', member: 'default' },
    { file: 'kubeadm.yaml', form: 'kubeadm', member: null },
  ],
  summary: { errors: 1, warnings: 1, notices: 1 },
};

const clean: LintResult = {
  schemaVersion: 1,
  findings: [],
  files: result.files,
  summary: { errors: 0, warnings: 0, notices: 0 },
};

describe('renderLintText', () => {
  it('groups findings under their file, location, severity and rule aligned on the left, and ends with the total', () => {
    expect(renderLintText(result)).toBe(
      [
        'etc/etcd-1.conf.yml',
        '  3:11  warning  ETCD-101  initial-cluster-tokn is no etcd setting; etcd ignores it',
        '  12:1  error    ETCD-008  election-timeout 100 is less than 5 x heartbeat-interval (500)',
        '',
        'etc/etcd.env',
        '  4:1  notice  ETCD-200  ETCD_NAME is default',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 notice)',
        '',
      ].join('\n'),
    );
  });

  it('wraps a long message to the width under itself, and pads no row to the longest message', () => {
    const long = `quota-backend-bytes ${'is far too large '.repeat(30)}end`;
    const text = renderLintText(
      { ...result, findings: [{ ...findings[0], message: long }, findings[1]] },
      { width: 80 },
    );
    const lines = text.split('\n').filter((line) => line.startsWith('  '));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^ {2}3:11 {2}warning {2}ETCD-101 {2}quota-backend-bytes is far/);
    // Continuation lines start under the message; no line is padded out to the long message.
    expect(lines[1]).toMatch(/^ {27}is far/);
    const other = lines.findIndex((line) => line.includes('ETCD-008'));
    expect(lines.slice(other)).toEqual([
      '  12:1  error    ETCD-008  election-timeout 100 is less than 5 x',
      `${' '.repeat(27)}heartbeat-interval (500)`,
    ]);
    expect(text.replace(/\s+/g, ' ')).toContain(long.replace(/\s+/g, ' ').trim());
  });

  it('says so when there is nothing to report', () => {
    expect(renderLintText(clean)).toBe('✔ 0 problems in 3 configurations\n');
  });

  it('keeps terminal escapes a user wrote out of the terminal', () => {
    const text = renderLintText({
      ...result,
      findings: [{ ...findings[1], file: 'a\u001b[2Jb.yml', message: 'value \u001b[31mred\nnext' }],
    });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('a?[2Jb.yml\n');
    expect(text).toContain('value ?[31mred next');
  });
});

describe('problemCount', () => {
  it('counts in singular and plural', () => {
    expect(problemCount({ errors: 0, warnings: 2, notices: 0 })).toBe('2 problems (0 errors, 2 warnings, 0 notices)');
    expect(problemCount({ errors: 1, warnings: 0, notices: 0 })).toBe('1 problem (1 error, 0 warnings, 0 notices)');
  });
});

describe('renderLintMarkdown', () => {
  it('states the counts and lists every finding as file:line, severity, rule and message', () => {
    const markdown = renderLintMarkdown(result);
    expect(markdown).toMatch(/^## ❌ etcd-ha lint: 3 problems \(1 error, 1 warning, 1 notice\) in 3 configurations\n/);
    expect(markdown).toContain('| file:line | severity | rule | message |\n| --- | --- | --- | --- |\n');
    expect(markdown).toContain(
      '| etc/etcd-1.conf.yml:12 | ❌ error | ETCD-008 | election-timeout 100 is less than 5 x heartbeat-interval (500) |',
    );
    expect(markdown).toContain('| etc/etcd.env:4 | ℹ️ notice | ETCD-200 | ETCD\\_NAME is default |');
  });

  it('escapes what the user wrote, so a value cannot break the table or inject HTML', () => {
    const markdown = renderLintMarkdown({
      ...result,
      findings: [{ ...findings[1], file: 'a|b.yml', message: "name is '<img src=x onerror=alert(1)>|x`y`\nz'" }],
    });
    expect(markdown).toContain(
      "| a\\|b.yml:12 | ❌ error | ETCD-008 | name is '&lt;img src=x onerror=alert(1)&gt;\\|x<code>y</code><br>z' |",
    );
    expect(markdown).not.toContain('<img');
  });

  it('marks warnings only with a warning sign, and a clean result with a check mark', () => {
    expect(
      renderLintMarkdown({ ...result, findings: [findings[0]], summary: { errors: 0, warnings: 1, notices: 0 } }),
    ).toMatch(/^## ⚠️ /);
    expect(renderLintMarkdown(clean)).toBe(
      '## ✅ etcd-ha lint: 0 problems (0 errors, 0 warnings, 0 notices) in 3 configurations\n',
    );
  });

  it('caps the table and says how many more the lint JSON holds', () => {
    const many = Array.from({ length: SUMMARY_ROWS + 7 }, (_, index) => ({ ...findings[0], line: index + 1 }));
    const markdown = renderLintMarkdown({
      ...result,
      findings: many,
      summary: { errors: 0, warnings: many.length, notices: 0 },
    });
    expect(markdown.split('\n').filter((line) => line.startsWith('| etc/'))).toHaveLength(SUMMARY_ROWS);
    expect(markdown).toContain('…and 7 more in the lint JSON.');
  });
});

describe('renderLintJson', () => {
  it('is the LintResult itself', () => {
    expect(parseValidated('lint', renderLintJson(result))).toEqual(result);
  });
});
