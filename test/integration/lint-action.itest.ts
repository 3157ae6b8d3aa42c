import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ETCD_VERSION } from '../../src/etcd/releases.js';
import { actionEnv, newTempDir, readCommandFile, runCli } from '../support/helpers.js';
import { bundleOf, lineOf, removeBundle, sarifSchemaErrors } from '../support/lint-helpers.js';
import { readLintJson } from '../support/report-schema.js';

const FIXTURES = 'fixtures/lint/cli';
const ERROR_FILE = `${FIXTURES}/error/etcd.conf.yml`;
const WARNING_FILE = `${FIXTURES}/warning/etcd.conf.yml`;

interface Annotation {
  level: string;
  rule: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The annotations a step printed (`::error title=RULE,file=F,line=L,col=C::message`). */
function annotations(stdout: string): Annotation[] {
  return [...stdout.matchAll(/^::(error|warning|notice) title=([^,]+),file=([^,]+),line=(\d+),col=(\d+)::(.*)$/gm)].map(
    (match) => ({
      level: match[1],
      rule: match[2],
      file: match[3],
      line: Number(match[4]),
      column: Number(match[5]),
      message: match[6],
    }),
  );
}

describe('the bundled lint action', () => {
  let script: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    script = bundleOf('lint');
  }, 300000);
  afterAll(() => removeBundle(script));
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-lint-action-');
    env = { ...actionEnv(dir), GITHUB_WORKSPACE: process.cwd() };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function lint(inputs: Record<string, string>) {
    return runCli([], {
      script,
      env: {
        ...env,
        ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
      },
    });
  }

  it('annotates an error on its file, line and column, summarises it, writes JSON and SARIF, and fails on it', async () => {
    const sarifFile = path.join(dir, 'out', 'etcd.sarif');
    const step = await lint({ path: `${FIXTURES}/error`, 'sarif-file': sarifFile });
    expect(step.code).toBe(1);

    const errors = annotations(step.stdout).filter((annotation) => annotation.level === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    const timing = errors.find((annotation) => /election-timeout/.test(annotation.message));
    expect(timing).toMatchObject({ file: ERROR_FILE, rule: expect.stringMatching(/^ETCD-[A-Z0-9-]+$/) });
    expect([lineOf(ERROR_FILE, 'election-timeout:'), lineOf(ERROR_FILE, 'heartbeat-interval:')]).toContain(
      timing?.line,
    );
    expect(timing?.column).toBeGreaterThanOrEqual(1);
    expect(step.stdout).toMatch(
      /^::error::etcd-ha lint: \d+ problems? \(\d+ errors?, \d+ warnings?, \d+ notices?\); fail-on is error$/m,
    );
    // The terminal layout is in the log too.
    expect(step.stdout).toMatch(/^✖ \d+ problems? \(/m);

    const summary = readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8');
    expect(summary).toMatch(/^## ❌ etcd-ha lint: /);
    expect(summary).toContain('| file:line | severity | rule | message |');
    expect(summary).toContain(`| ${ERROR_FILE}:${timing?.line} | ❌ error | ${timing?.rule} |`);

    const outputs = readCommandFile(env.GITHUB_OUTPUT as string);
    const result = readLintJson(outputs['findings-json']);
    expect(outputs['findings-json'].startsWith(env.RUNNER_TEMP as string)).toBe(true);
    expect(result.schemaVersion).toBe(1);
    expect(result.files).toEqual([{ file: ERROR_FILE, form: 'etcd-config-file', member: 'etcd-1' }]);
    expect(outputs.errors).toBe(String(result.summary.errors));
    expect(outputs.warnings).toBe(String(result.summary.warnings));
    expect(result.findings).toHaveLength(annotations(step.stdout).length);

    expect(outputs['sarif-file']).toBe(sarifFile);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const sarifResult = sarif.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === timing?.rule);
    expect(sarifResult.level).toBe('error');
    expect(sarifResult.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: ERROR_FILE, uriBaseId: '%SRCROOT%' },
      region: { startLine: timing?.line, startColumn: timing?.column },
    });
    expect(sarif.runs[0].tool.driver.rules[sarifResult.ruleIndex].id).toBe(timing?.rule);
  });

  it('annotates but passes with fail-on never', async () => {
    const step = await lint({ path: `${FIXTURES}/error`, 'fail-on': 'never' });
    expect(annotations(step.stdout).some((annotation) => annotation.level === 'error')).toBe(true);
    expect(step.stdout).not.toMatch(/^::error::/m);
    expect(step.code).toBe(0);
    expect(readCommandFile(env.GITHUB_OUTPUT as string)['sarif-file']).toBe('');
  });

  it('fails on a warning only with fail-on warning, and names files relative to the repository root', async () => {
    const absolute = path.resolve(`${FIXTURES}/warning`);
    const byDefault = await lint({ path: absolute });
    expect(byDefault.code).toBe(0);
    const warnings = annotations(byDefault.stdout);
    expect(warnings.every((annotation) => annotation.level !== 'error')).toBe(true);
    expect(warnings.find((annotation) => annotation.message.includes('initial-cluster-tokn'))).toMatchObject({
      level: 'warning',
      file: WARNING_FILE,
      line: lineOf(WARNING_FILE, 'initial-cluster-tokn'),
      column: 1,
    });
    expect(readCommandFile(env.GITHUB_OUTPUT as string).errors).toBe('0');

    const strict = await lint({ path: absolute, 'fail-on': 'warning' });
    expect(strict.stdout).toMatch(/^::error::etcd-ha lint: .*; fail-on is warning$/m);
    expect(strict.code).toBe(1);
  });

  it('lints every path of a newline- or comma-separated list, and passes a clean configuration', async () => {
    const step = await lint({ path: `${FIXTURES}/clean\n${FIXTURES}/warning, ${FIXTURES}/error` });
    const result = readLintJson(readCommandFile(env.GITHUB_OUTPUT as string)['findings-json']);
    expect(result.files.map((file: { file: string }) => file.file).sort()).toEqual([
      `${FIXTURES}/clean/etcd.conf.yml`,
      ERROR_FILE,
      WARNING_FILE,
    ]);
    expect(step.code).toBe(1);

    const clean = await lint({ path: `${FIXTURES}/clean` });
    expect(clean.code).toBe(0);
    expect(annotations(clean.stdout)).toEqual([]);
  });

  it('keeps a file name from issuing workflow commands through the log', () => {
    const workspace = path.join(dir, 'repo');
    mkdirSync(path.join(workspace, '::error::injected'), { recursive: true });
    copyFileSync(WARNING_FILE, path.join(workspace, '::error::injected', 'etcd.conf.yml'));
    const step = spawnSync(process.execPath, [script], {
      cwd: workspace,
      env: { ...process.env, ...env, GITHUB_WORKSPACE: workspace, INPUT_PATH: '.' },
      encoding: 'utf8',
      timeout: 60000,
    });
    const lines = step.stdout.split('\n');
    const stop = lines.findIndex((line) => line.startsWith('::stop-commands::'));
    const header = lines.indexOf('::error::injected/etcd.conf.yml');
    expect(stop).toBeGreaterThanOrEqual(0);
    expect(header).toBeGreaterThan(stop);
    expect(lines.indexOf(`::${lines[stop].slice('::stop-commands::'.length)}::`)).toBeGreaterThan(header);
    expect(step.status).toBe(0);
  });

  it.each([
    [{ 'fail-on': 'sometimes' }, "::error::input 'fail-on' is 'sometimes'; allowed: one of error, warning, never"],
    [
      { 'etcd-version': '3.3.0' },
      `::error::input 'etcd-version' is '3.3.0'; allowed: a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`,
    ],
    [{ path: `${FIXTURES}/no-such-folder` }, `${FIXTURES}/no-such-folder`],
  ])('fails the step on bad input %j, naming it', async (inputs, message) => {
    const step = await lint(inputs);
    const failure = step.stdout.split('\n').find((line) => line.startsWith('::error::'));
    expect(failure).toContain(message);
    expect(failure).not.toContain('etcd-ha lint failed');
    expect(step.code).toBe(1);
  });
});
