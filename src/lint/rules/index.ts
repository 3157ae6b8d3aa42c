/**
 * Every lint rule, in one list: a new rule is its module and one line here. `RULES` describes
 * them all (the readers' own rules included) for the rule table in docs/lint.md and SARIF; `runRules` runs them.
 */
import { parseEtcdVersion } from '../etcd-flags.js';
import type { ClusterGroup, Finding, MemberConfig, RuleInfo, ScannedFile } from '../model.js';
import { READER_RULES } from '../readers/reader-rules.js';
import { BOOT_RULES } from './boot.js';
import { UPGRADE_RULES } from './upgrade.js';
import { advertisePeerUrlsMismatch, duplicateInitialClusterUrl, nameNotInInitialCluster } from './bootstrap.js';
import {
  clusterTokenMismatch,
  duplicateMemberAddress,
  duplicateMemberName,
  evenMemberCount,
  initialClusterDisagreement,
  mixedClusterState,
  initialClusterNames,
} from './cluster.js';
import {
  advertisesLocalhost,
  defaultName,
  quotaTooLarge,
  requestTooLarge,
  settingIgnored,
  yamlDurationNanoseconds,
} from './operations.js';
import { appliedMember, type Rule, type RuleContext } from './rule.js';
import {
  autoTls,
  clientCertAuth,
  clientTls,
  externalEtcdTls,
  peerAutoTls,
  peerClientCertAuth,
  peerTls,
  sharedKubernetesCa,
  trustedCaMissing,
} from './security.js';
import {
  deprecatedSetting,
  duplicateSetting,
  flagAndEnvironment,
  ignoredBesideConfigFile,
  tlsKeyOutsideSection,
  unknownFlag,
  unknownSetting,
} from './settings.js';
import { invalidLogging } from './startup-logging.js';
import { conflictingV2OrDiscovery, invalidFeatureGate, oldAndNewName } from './startup-releases.js';
import {
  autoCompaction,
  conflictingBootstrap,
  invalidClusterState,
  leaseCheckpointPersist,
  raftTiming,
} from './startup-settings.js';
import { invalidTlsOptions, tlsFilesMissing } from './startup-tls.js';
import {
  advertiseClientUrlsMissing,
  advertiseUrlWithoutHost,
  clientUrlListedTwice,
  invalidInitialCluster,
  invalidUrl,
  listenUrlNotIp,
  urlHiddenParts,
} from './startup-urls.js';
import { invalidValue } from './startup-values.js';

export type { Rule } from './rule.js';

/** The rules, in the order of their IDs. */
export const RULE_LIST: readonly Rule[] = [
  invalidUrl,
  listenUrlNotIp,
  advertiseUrlWithoutHost,
  invalidInitialCluster,
  invalidClusterState,
  conflictingBootstrap,
  raftTiming,
  advertiseClientUrlsMissing,
  autoCompaction,
  leaseCheckpointPersist,
  tlsFilesMissing,
  invalidTlsOptions,
  invalidLogging,
  invalidValue,
  oldAndNewName,
  invalidFeatureGate,
  conflictingV2OrDiscovery,
  clientUrlListedTwice,
  nameNotInInitialCluster,
  advertisePeerUrlsMismatch,
  duplicateInitialClusterUrl,
  initialClusterDisagreement,
  clusterTokenMismatch,
  duplicateMemberName,
  duplicateMemberAddress,
  evenMemberCount,
  mixedClusterState,
  initialClusterNames,
  unknownFlag,
  unknownSetting,
  tlsKeyOutsideSection,
  deprecatedSetting,
  duplicateSetting,
  flagAndEnvironment,
  ignoredBesideConfigFile,
  clientTls,
  clientCertAuth,
  autoTls,
  peerTls,
  peerClientCertAuth,
  peerAutoTls,
  trustedCaMissing,
  sharedKubernetesCa,
  externalEtcdTls,
  urlHiddenParts,
  quotaTooLarge,
  requestTooLarge,
  settingIgnored,
  defaultName,
  advertisesLocalhost,
  yamlDurationNanoseconds,
];

/** Every rule the linter reports, the readers', the boot's (`--boot`) and the upgrade's (`--upgrade-to`) included. */
export const RULES: RuleInfo[] = [
  ...READER_RULES,
  ...RULE_LIST.map((rule) => rule.info),
  ...BOOT_RULES,
  ...UPGRADE_RULES,
];

/** Rules that still apply when etcd reads a --config-file the scan did not find: they judge the command line itself. */
const COMMAND_LINE_RULES: readonly Rule[] = [unknownFlag, invalidValue, ignoredBesideConfigFile];

/**
 * A member whose `--config-file` was not found: etcd reads only that file, so every other setting
 * is one etcd ignores.
 */
function withUnreadConfigFile(member: MemberConfig): MemberConfig | undefined {
  const configFile = member.settings.find((setting) => setting.name === 'config-file' && setting.value.trim() !== '');
  if (!configFile || member.settings.some((setting) => setting.source === 'config-file')) return undefined;
  const others = member.settings.filter((setting) => setting !== configFile);
  return { ...member, settings: [configFile], ignoredSettings: [...others, ...(member.ignoredSettings ?? [])] };
}

/** Runs every rule on the scanned files (each member on its own) and on the cluster groups. */
export function runRules(files: ScannedFile[], groups: ClusterGroup[], options: { etcdVersion: string }): Finding[] {
  const context: RuleContext = { version: parseEtcdVersion(options.etcdVersion) };
  const findings: Finding[] = [];
  for (const file of files) {
    for (const rule of RULE_LIST) if (rule.file) findings.push(...rule.file(file, context));
    for (const member of file.members) {
      const unread = withUnreadConfigFile(member);
      const rules = unread ? COMMAND_LINE_RULES : RULE_LIST;
      const applied = appliedMember(unread ?? member, context.version);
      for (const rule of rules)
        if (rule.member) findings.push(...rule.member(rule.readsAsWritten ? (unread ?? member) : applied, context));
    }
  }
  for (const group of groups) {
    const members = group.members
      .filter((member) => !withUnreadConfigFile(member))
      .map((member) => appliedMember(member, context.version));
    for (const rule of RULE_LIST) if (rule.group) findings.push(...rule.group({ ...group, members }, context));
  }
  return findings;
}
