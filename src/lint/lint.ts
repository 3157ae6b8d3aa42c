import type { Logger } from '../util/logger.js';
import { groupClusters } from './clusters.js';
import { parseEtcdVersion } from './etcd-flags.js';
import type { Finding, LintResult, MemberConfig, ScannedFile, Severity } from './model.js';
import { READER_RULE_IDS } from './readers/reader-rules.js';
import { bootRefusals } from './rules/boot.js';
import { runRules } from './rules/index.js';
import { upgradeRuleFindings, upgradeSteps } from './rules/upgrade.js';
import { scanPaths } from './scan.js';

export interface LintOptions {
  /** The etcd release the configuration is for: decides which flags exist, are deprecated or removed. */
  etcdVersion: string;
  /** Paths are named relative to this folder in findings (the user's current directory). */
  cwd: string;
  logger: Logger;
  /**
   * Also judge the members of all paths together as `etcd-ha run --config` boots them, and report
   * what the run refuses (the ETCD-6xx rules) as errors: the boot and `lint --boot` give one verdict.
   */
  boot?: boolean;
  /** A later etcd release the configuration is to be upgraded to: what stops it there or on the way is reported too. */
  upgradeTo?: string;
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

/**
 * What stops the configuration on the way from `etcdVersion` to `upgradeTo`: every rule run for each
 * release on the way (a flag a release removes or renames), reported where the current release's
 * rules do not already say it, and the upgrade rules (a skipped minor, the patch etcd requires, the
 * v2 store, a changed default). Each message says "on the way to X".
 */
function upgradeFindings(files: ScannedFile[], current: Finding[], etcdVersion: string, upgradeTo: string): Finding[] {
  const from = parseEtcdVersion(etcdVersion);
  const to = parseEtcdVersion(upgradeTo);
  const members = files.flatMap((file) => file.members);
  const key = (finding: Finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`;
  const seen = new Set(current.map(key));
  const found: Finding[] = [];
  for (const step of upgradeSteps(from, to)) {
    const onTheWay = step === to ? `on the way to etcd ${to.text}` : `on the way to etcd ${to.text}, at ${step.minor}`;
    for (const finding of creditKubeadm(runRules(files, groupClusters(members), { etcdVersion: step.text }), members)) {
      if (seen.has(key(finding))) continue;
      seen.add(key(finding));
      found.push({ ...finding, message: `${onTheWay}: ${finding.message}` });
    }
  }
  for (const member of members) found.push(...upgradeRuleFindings(member, from, to));
  return found;
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
  if (options.upgradeTo)
    findings.push(...upgradeFindings(scan.files, findings, options.etcdVersion, options.upgradeTo));
  if (options.boot) {
    const seen = new Set(
      findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`),
    );
    for (const refusal of bootRefusals(members))
      if (!seen.has(`${refusal.rule} ${refusal.file}:${refusal.line}:${refusal.column}`)) findings.push(refusal);
  }
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
