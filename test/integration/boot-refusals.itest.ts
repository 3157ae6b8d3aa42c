/**
 * Lint and boot give one verdict, through the built CLI: `lint --boot` reports what `run --config`
 * refuses, at the same file and line, and the refused run still writes its JSON report and job
 * summary with the findings and the refusal before it exits.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { newTempDir } from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

const CLI = path.resolve('dist/cli/index.js');
const REFUSED = 'fixtures/lint/rules/ETCD-608/bad';
const FINDING =
  'fixtures/lint/rules/ETCD-608/bad/charlie.conf.yml:2:1: error ETCD-608: member charlie has no initial-cluster, so it would start a cluster of its own; name every member in it';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('lint --boot and run --config agree', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-boot-refusals-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lint --boot fails on what the run refuses; lint without --boot does not judge the set', async () => {
    const boot = await cli(['lint', REFUSED, '--boot', '--format', 'json']);
    expect(boot.code).toBe(1);
    const findings = (JSON.parse(boot.stdout) as { findings: Array<Record<string, unknown>> }).findings;
    expect(findings).toContainEqual({
      file: 'fixtures/lint/rules/ETCD-608/bad/charlie.conf.yml',
      line: 2,
      column: 1,
      severity: 'error',
      rule: 'ETCD-608',
      message: 'member charlie has no initial-cluster, so it would start a cluster of its own; name every member in it',
    });
    const plain = await cli(['lint', REFUSED]);
    expect(plain.stdout).not.toContain('ETCD-608');
  });

  it('run --config refuses with the same finding, and writes the JSON report and the summary first', async () => {
    const state = path.join(dir, 'state');
    const json = path.join(dir, 'report.json');
    const summary = path.join(dir, 'summary.md');
    const run = await cli(['run', '--config', REFUSED, '--state', state, '--json', json, '--summary', summary]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${FINDING}\n`);
    expect(run.stderr).toMatch(
      /error: the etcd configuration in .*ETCD-608\/bad has 1 lint error; nothing was started/,
    );
    expect(existsSync(state)).toBe(false);
    // Nothing started, so there is nothing to diagnose: no bundle beside the report.
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'summary.md']);

    const report = readReport(json);
    expect(report.passed).toBe(false);
    expect(report.error).toBe(`the etcd configuration in ${REFUSED} has 1 lint error; nothing was started`);
    expect(report.lint.configPath).toBe(REFUSED);
    expect(report.lint.summary).toEqual({ errors: 1, warnings: 0, notices: 0 });
    expect(report.lint.findings).toContainEqual(
      expect.objectContaining({ rule: 'ETCD-608', line: 2, severity: 'error' }),
    );

    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain('nothing was started');
    expect(markdown).toContain(
      '| fixtures/lint/rules/ETCD-608/bad/charlie.conf.yml:2:1 | error | ETCD-608 | member charlie has no initial-cluster',
    );
  });
});
