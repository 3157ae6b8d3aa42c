/**
 * The built CLI on the corpus of real configurations (fixtures/lint/corpus): linting the whole
 * corpus at once prints exactly the findings of its folders linted one by one; SARIF gives each
 * rule its own documentation anchor; text output wraps to the width and pads no row to the longest
 * message; a release the rules do not know is named in a notice.
 */
import { readdirSync } from 'node:fs';
import { runCli } from '../support/helpers.js';
import { bundleOf, removeBundle } from '../support/lint-helpers.js';
import { parseValidated } from '../support/report-schema.js';

const CORPUS = 'fixtures/lint/corpus';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
}

describe('etcd-ha lint on the corpus of real configurations', () => {
  let script: string;
  beforeAll(() => {
    script = bundleOf('cli');
  }, 300000);
  afterAll(() => removeBundle(script));

  const lint = (...args: string[]) => runCli(['lint', ...args], { script });
  const findingsOf = async (...args: string[]): Promise<string[]> => {
    const result = await lint('--format', 'json', '--fail-on', 'never', ...args);
    expect(result.code).toBe(0);
    return (parseValidated('lint', result.stdout) as { findings: JsonFinding[] }).findings.map(
      (finding) =>
        `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule} ${finding.message}`,
    );
  };

  it('prints for the whole corpus exactly what its folders print alone', async () => {
    const folders = readdirSync(CORPUS, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.length).toBeGreaterThanOrEqual(15);
    const whole = await findingsOf(CORPUS, '--etcd-version', '3.6.16');
    const alone: string[] = [];
    for (const folder of folders)
      alone.push(...(await findingsOf(`${CORPUS}/${folder.name}`, '--etcd-version', '3.6.16')));
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.sort()).toEqual(alone.sort());
    expect(whole.some((finding) => / error ETCD-PARSE /.test(finding))).toBe(false);
  });

  it('gives every rule in SARIF its own anchor in docs/lint.md as helpUri', async () => {
    const result = await lint(CORPUS, '--format', 'sarif', '--fail-on', 'never');
    const rules = (
      JSON.parse(result.stdout) as {
        runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }>;
      }
    ).runs[0].tool.driver.rules;
    expect(rules.length).toBeGreaterThan(40);
    for (const rule of rules) expect(rule.helpUri).toMatch(new RegExp(`docs/lint\\.md#${rule.id.toLowerCase()}$`));
  });

  it('prints text with location, severity and rule on the left and no row padded to the longest message', async () => {
    const result = await lint(`${CORPUS}/kubernetes-handbook`, '--etcd-version', '3.5.21', '--fail-on', 'never');
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('  '));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(100);
    expect(rows[0]).toMatch(/^ {2}\d+:\d+ +error +ETCD-306 {2}\S/);
    expect(rows.some((row) => / {2}\d+:\d+ +warning +ETCD-402 {2}client-cert-auth is not set/.test(row))).toBe(true);
  });

  it('names the rules it applied for a release it does not know', async () => {
    const result = await lint(`${CORPUS}/kubernetes-the-hard-way`, '--etcd-version', '3.7.0', '--format', 'json');
    const findings = (parseValidated('lint', result.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.filter((finding) => finding.rule === 'ETCD-RELEASE')).toEqual([
      expect.objectContaining({ severity: 'notice', message: expect.stringContaining('the rules of etcd 3.6') }),
    ]);
  });

  it('says with --verbose why a unit that mentions etcd is not read', async () => {
    const result = await lint(`${CORPUS}/vishwakarma-etcd-wrapper-script`, '--verbose');
    expect(result.stderr).toContain(
      'etcd.service: not an etcd configuration: mentions etcd, but is a unit whose ExecStart= runs /opt/etcd/etcd-wrapper.sh, not etcd',
    );
  });
});
