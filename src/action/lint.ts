import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseLintOptions, reachesFailOn } from '../options/lint-options.js';
import { inputLabel, optionReader } from '../options/reader.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { renderSarif } from '../lint/format-sarif.js';
import { problemCount, renderLintJson, renderLintMarkdown, renderLintText } from '../lint/format-text.js';
import { lintPaths } from '../lint/lint.js';
import type { Finding, LintResult } from '../lint/model.js';
import { RULES } from '../lint/rules/index.js';
import { writeFileNoFollow } from '../util/safe-write.js';
import { actionLogger } from './logger.js';

/** `file` (named relative to `cwd`) relative to the repository root, with `/`, as annotations and code scanning want it. */
export function workspacePath(file: string, cwd: string, workspace: string): string {
  const relative = path.relative(workspace, path.resolve(cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

/** The result with every file named relative to the repository root. */
export function inWorkspace(result: LintResult, cwd: string, workspace: string): LintResult {
  return {
    ...result,
    findings: result.findings.map((finding) => ({ ...finding, file: workspacePath(finding.file, cwd, workspace) })),
    files: result.files.map((file) => ({ ...file, file: workspacePath(file.file, cwd, workspace) })),
  };
}

/** One annotation per finding, on its file, line and column, titled with the rule, so it sits on the pull request's diff. */
export function annotate(finding: Finding): void {
  const properties: core.AnnotationProperties = {
    title: finding.rule,
    file: finding.file,
    startLine: finding.line,
    startColumn: finding.column,
  };
  if (finding.severity === 'error') core.error(finding.message, properties);
  else if (finding.severity === 'warning') core.warning(finding.message, properties);
  else core.notice(finding.message, properties);
}

/** Logs text that holds names from the repository with workflow commands off, so a file name cannot issue one. */
function logUntrusted(text: string): void {
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  core.info(text);
  core.info(`::${token}::`);
}

/**
 * Writes `text` to the user's `sarif-file`, naming the input if that path cannot be written. The path
 * is in the checked-out tree, which a pull request shapes: a symbolic link there is never followed.
 */
async function writeSarifFile(file: string, text: string): Promise<void> {
  try {
    await writeFileNoFollow(file, text);
  } catch (error) {
    throw new ConfigurationError(
      `${inputLabel('sarif-file')} is '${file}'; allowed: a file path this job can write (${errorMessage(error)})`,
    );
  }
}

/**
 * The lint action: reads every etcd configuration under `path`, annotates each finding on its file,
 * line and column, writes the job summary, the lint JSON and (if asked) SARIF, and fails the step
 * when a finding reaches `fail-on`.
 */
export async function run(): Promise<void> {
  try {
    const read = optionReader((name) => core.getInput(name), inputLabel);
    const options = parseLintOptions(read);
    const sarifFile = read.raw('sarif-file');
    const cwd = process.cwd();
    const workspace = process.env.GITHUB_WORKSPACE || cwd;

    const result = inWorkspace(
      await lintPaths(options.paths, {
        etcdVersion: options.etcdVersion,
        upgradeTo: options.upgradeTo,
        boot: options.boot,
        cwd,
        logger: actionLogger,
      }),
      cwd,
      workspace,
    );
    for (const finding of result.findings) annotate(finding);
    logUntrusted(renderLintText(result));
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderLintMarkdown(result)).write();

    const jsonFile = path.join(
      await mkdtemp(path.join(process.env.RUNNER_TEMP || tmpdir(), 'etcd-ha-lint-')),
      'lint.json',
    );
    await writeFile(jsonFile, renderLintJson(result));
    if (sarifFile) {
      const { GITHUB_SERVER_URL: server, GITHUB_ACTION_REPOSITORY: repository } = process.env;
      const informationUri = server && repository ? `${server}/${repository}` : undefined;
      await writeSarifFile(
        path.resolve(cwd, sarifFile),
        renderSarif(result, RULES, { informationUri, srcRoot: workspace }),
      );
    }
    core.setOutput('errors', String(result.summary.errors));
    core.setOutput('warnings', String(result.summary.warnings));
    core.setOutput('findings-json', jsonFile);
    core.setOutput('sarif-file', sarifFile ?? '');

    if (reachesFailOn(result.summary, options.failOn))
      core.setFailed(`etcd-ha lint: ${problemCount(result.summary)}; fail-on is ${options.failOn}`);
  } catch (error) {
    core.setFailed(error instanceof ConfigurationError ? error.message : `etcd-ha lint failed: ${errorMessage(error)}`);
  }
}
