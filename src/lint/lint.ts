import type { Logger } from '../util/logger.js';
import { groupClusters } from './clusters.js';
import type { Finding, LintResult, ScannedFile, Severity } from './model.js';
import { runRules } from './rules/index.js';
import { scanPaths } from './scan.js';

export interface LintOptions {
  /** The etcd release the configuration is for: decides which flags exist, are deprecated or removed. */
  etcdVersion: string;
  /** Paths are named relative to this folder in findings (the user's current directory). */
  cwd: string;
  logger: Logger;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Reads every etcd configuration under `paths` into the model and runs every rule on it. */
export async function lintPaths(paths: string[], options: LintOptions): Promise<LintResult> {
  return (await lintAndScan(paths, options)).result;
}

/** The lint result and the files it was made from (the members a boot of the configuration starts). */
export async function lintAndScan(
  paths: string[],
  options: LintOptions,
): Promise<{ result: LintResult; files: ScannedFile[] }> {
  const scan = await scanPaths(paths, { cwd: options.cwd, logger: options.logger });
  const members = scan.files.flatMap((file) => file.members);
  const findings: Finding[] = [
    ...scan.findings,
    ...scan.files.flatMap((file) => file.findings),
    ...runRules(scan.files, groupClusters(members), { etcdVersion: options.etcdVersion }),
  ];
  findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      ORDER[a.severity] - ORDER[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
  const result: LintResult = {
    schemaVersion: 1,
    findings,
    files: scan.files.flatMap((file): LintResult['files'] =>
      file.members.length > 0
        ? file.members.map((member) => ({ file: file.file, form: file.form, member: member.name }))
        : [{ file: file.file, form: file.form, member: null }],
    ),
    summary: {
      errors: findings.filter((finding) => finding.severity === 'error').length,
      warnings: findings.filter((finding) => finding.severity === 'warning').length,
      notices: findings.filter((finding) => finding.severity === 'notice').length,
    },
  };
  return { result, files: scan.files };
}
