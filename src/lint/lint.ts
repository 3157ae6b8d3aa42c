import type { Logger } from '../util/logger.js';
import { groupClusters } from './clusters.js';
import { parseEtcdVersion } from './etcd-flags.js';
import type { Finding, LintResult, MemberConfig, ScannedFile, Severity } from './model.js';
import { READER_RULE_IDS } from './readers/reader-rules.js';
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

/**
 * Findings about the flags kubeadm writes itself (not the user) sit at the file's `etcd.local` key:
 * there a warning is kubeadm's choice, not the user's line, so it becomes a notice naming kubeadm.
 * Errors stay errors: etcd refuses the static pod whoever wrote the flag.
 */
function creditKubeadm(findings: Finding[], members: MemberConfig[]): Finding[] {
  const kubeadmWrote = new Set<string>();
  for (const member of members)
    for (const setting of member.settings)
      if (setting.source === 'kubeadm-default')
        kubeadmWrote.add(`${setting.at.file}:${setting.at.line}:${setting.at.column}`);
  return findings.map((finding) =>
    finding.severity === 'warning' && kubeadmWrote.has(`${finding.file}:${finding.line}:${finding.column}`)
      ? {
          ...finding,
          severity: 'notice',
          message: `kubeadm writes this into the etcd static pod itself (the file does not set it): ${finding.message}`,
        }
      : finding,
  );
}

/** Reads every etcd configuration under `paths` into the model and runs every rule on it. */
export async function lintPaths(paths: string[], options: LintOptions): Promise<LintResult> {
  return (await lintAndScan(paths, options)).result;
}

/** The lint result and the files it was made from (the members a boot of the configuration starts). */
export async function lintAndScan(
  paths: string[],
  options: LintOptions,
): Promise<{ result: LintResult; files: ScannedFile[] }> {
  const scan = await scanPaths(paths, { cwd: options.cwd, logger: options.logger, etcdVersion: options.etcdVersion });
  const members = scan.files.flatMap((file) => file.members);
  const findings: Finding[] = [
    ...scan.findings,
    ...scan.files.flatMap((file) => file.findings),
    ...creditKubeadm(runRules(scan.files, groupClusters(members), { etcdVersion: options.etcdVersion }), members),
  ];
  const version = parseEtcdVersion(options.etcdVersion);
  if (version.rulesOf) {
    const message = `etcd ${options.etcdVersion} is not a release these rules know (3.4, 3.5, 3.6): the rules of etcd ${version.rulesOf} (its newest patch) were applied, and what ${options.etcdVersion} added, deprecated or removed is not judged.`;
    options.logger.info(message);
    const first = [...scan.files.map((file) => file.file)].sort((a, b) => a.localeCompare(b))[0];
    if (first)
      findings.push({ file: first, line: 1, column: 1, severity: 'notice', rule: READER_RULE_IDS.release, message });
  }
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
