import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_ETCD_VERSION } from '../../src/etcd/releases.js';
import { runCli } from '../support/helpers.js';
import { bundleOf, lineOf, removeBundle, sarifSchemaErrors } from '../support/lint-helpers.js';
import { parseValidated } from '../support/report-schema.js';

const FIXTURES = 'fixtures/lint/cli';
const ERROR_FILE = `${FIXTURES}/error/etcd.conf.yml`;
const WARNING_FILE = `${FIXTURES}/warning/etcd.conf.yml`;

describe('etcd-ha lint', () => {
  let script: string;
  beforeAll(() => {
    script = bundleOf('cli');
  }, 300000);
  afterAll(() => removeBundle(script));

  const lint = (...args: string[]) => runCli(['lint', ...args], { script });

  it('prints findings by file (line:col, severity, rule, message) and the total, and exits 1 on an error', async () => {
    const result = await lint(`${FIXTURES}/error`);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const header = lines.indexOf(ERROR_FILE);
    expect(header).toBeGreaterThanOrEqual(0);
    const row = lines.slice(header + 1).find((line) => /election-timeout/.test(line)) ?? '';
    const [, line, column] = /^ {2}(\d+):(\d+) +error +ETCD-[A-Z0-9-]+ {2}.+$/.exec(row) ?? [];
    expect([lineOf(ERROR_FILE, 'election-timeout:'), lineOf(ERROR_FILE, 'heartbeat-interval:')]).toContain(
      Number(line),
    );
    expect(Number(column)).toBeGreaterThanOrEqual(1);
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(
      /^✖ \d+ problems? \([1-9]\d* errors?, \d+ warnings?, \d+ notices?\)$/,
    );
  });

  it('exits 0 for an error with --fail-on never, and for a clean configuration', async () => {
    expect((await lint(`${FIXTURES}/error`, '--fail-on', 'never')).code).toBe(0);
    const clean = await lint(`${FIXTURES}/clean`);
    expect(clean.stdout).not.toMatch(/ error /);
    expect(clean.code).toBe(0);
  });

  it('exits 1 for a warning only with --fail-on warning', async () => {
    const byDefault = await lint(`${FIXTURES}/warning`);
    expect(byDefault.stdout).toMatch(
      new RegExp(
        `^ {2}${lineOf(WARNING_FILE, 'initial-cluster-tokn')}:1 +warning +ETCD-[A-Z0-9-]+ {2}.*initial-cluster-tokn`,
        'm',
      ),
    );
    expect(byDefault.code).toBe(0);
    expect((await lint(`${FIXTURES}/warning`, '--fail-on', 'warning')).code).toBe(1);
  });

  it('prints the lint JSON of every path it is given, as docs/lint.md documents it', async () => {
    const result = await lint(
      '--format',
      'json',
      `${FIXTURES}/clean`,
      `${FIXTURES}/error`,
      WARNING_FILE,
      '--fail-on',
      'never',
    );
    expect(result.code).toBe(0);
    const json = parseValidated('lint', result.stdout);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'findings', 'files', 'summary']);
    expect(json.schemaVersion).toBe(1);
    expect([...json.files].sort((a: { file: string }, b: { file: string }) => a.file.localeCompare(b.file))).toEqual([
      { file: `${FIXTURES}/clean/etcd.conf.yml`, form: 'etcd-config-file', member: 'etcd-1' },
      { file: ERROR_FILE, form: 'etcd-config-file', member: 'etcd-1' },
      { file: WARNING_FILE, form: 'etcd-config-file', member: 'etcd-1' },
    ]);
    expect(json.findings.length).toBeGreaterThanOrEqual(2);
    for (const finding of json.findings) {
      expect(Object.keys(finding)).toEqual(['file', 'line', 'column', 'severity', 'rule', 'message']);
      expect(finding).toEqual({
        file: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
        severity: expect.stringMatching(/^(error|warning|notice)$/),
        rule: expect.stringMatching(/^ETCD-[A-Z0-9-]+$/),
        message: expect.any(String),
      });
    }
    const count = (severity: string) =>
      json.findings.filter((finding: { severity: string }) => finding.severity === severity).length;
    expect(json.summary).toEqual({ errors: count('error'), warnings: count('warning'), notices: count('notice') });
    expect(json.summary.errors).toBeGreaterThanOrEqual(1);
    expect(
      json.findings.some(
        (finding: { file: string; severity: string }) =>
          finding.file === WARNING_FILE && finding.severity === 'warning',
      ),
    ).toBe(true);
  });

  it('prints SARIF 2.1.0 that the schema accepts, one result per finding', async () => {
    const [sarif, json] = await Promise.all([
      lint('--format', 'sarif', `${FIXTURES}/error`, `${FIXTURES}/warning`),
      lint('--format', 'json', `${FIXTURES}/error`, `${FIXTURES}/warning`),
    ]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(parseValidated('lint', json.stdout).findings.length);
    type Result = { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> };
    expect(
      log.runs[0].results.map((result: Result) => result.locations[0].physicalLocation.artifactLocation.uri),
    ).toContain(ERROR_FILE);
  });

  it('lints the current folder when no path is given', () => {
    const cwd = path.resolve(`${FIXTURES}/error`);
    const result = spawnSync(process.execPath, [script, 'lint', '--format', 'json'], {
      cwd,
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(result.status).toBe(1);
    expect(parseValidated('lint', result.stdout).files).toEqual([
      { file: 'etcd.conf.yml', form: 'etcd-config-file', member: 'etcd-1' },
    ]);
  });

  it('says what it recognised as what with --verbose', async () => {
    const result = await lint(`${FIXTURES}/clean`, '--verbose');
    expect(result.stderr).toContain(`debug: ${FIXTURES}/clean/etcd.conf.yml: etcd-config-file`);
    expect((await lint(`${FIXTURES}/clean`)).stderr).not.toContain('debug:');
  });

  it.each([
    [['--bogus'], 'etcd-ha lint: unknown option --bogus (usage: etcd-ha lint [PATH...] [options]'],
    [['--fromat', 'json'], 'etcd-ha lint: unknown option --fromat; did you mean --format?'],
    [[`${FIXTURES}/no-such-folder`], `${FIXTURES}/no-such-folder`],
    [['--format', 'xml'], "--format is 'xml'; allowed: one of text, json, sarif"],
    [['--fail-on', 'always'], "--fail-on is 'always'; allowed: one of error, warning, never"],
    [
      ['--etcd-version', '3.3.9'],
      `--etcd-version is '3.3.9'; allowed: a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`,
    ],
  ])('exits 2 for %j and says why', async (args, message) => {
    const result = await lint(`${FIXTURES}/clean`, ...args);
    expect(result.stderr).toContain(`error: `);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it.each([
    [['--help'], /^ {2}lint +lint etcd configuration files, folders or globs/m],
    [
      ['lint', '--help'],
      /^ {2}etcd-ha lint \[PATH\.\.\.\] \[options\]\n[\s\S]*^ {2}--format FORMAT +how findings are printed: text, json or sarif/m,
    ],
  ])('prints the usage for %j', async (args, usage) => {
    const result = await runCli(args, { script });
    expect(result.stdout).toMatch(usage);
    expect(result.code).toBe(0);
  });
});
