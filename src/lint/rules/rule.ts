/**
 * What a lint rule is, and the helpers every rule uses to read a member the way etcd reads it:
 * the last value of a setting or etcd's default, whether the YAML or the flags are in charge, and
 * how to name a setting in a message as the user wrote it.
 */
import { ETCD_MINORS, yamlKeyStatus, type EtcdMinor, type EtcdVersion } from '../etcd-flags.js';
import {
  findingAt,
  settingOf,
  type ClusterGroup,
  type Finding,
  type MemberConfig,
  type RuleInfo,
  type ScannedFile,
  type Setting,
} from '../model.js';

export interface RuleContext {
  version: EtcdVersion;
}

export interface Rule {
  info: RuleInfo;
  /**
   * The rule reads the settings as written. Other rules read them as etcd applies them (see
   * `appliedMember`).
   */
  readsAsWritten?: boolean;
  /** For rules whose finding means "etcd refuses to start": the releases in which it does. */
  refusesIn?: readonly EtcdMinor[];
  /** Findings about one member on its own. */
  member?(member: MemberConfig, context: RuleContext): Finding[];
  /** Findings about the members of one cluster. */
  group?(group: ClusterGroup, context: RuleContext): Finding[];
  /** Findings about a scanned file as a whole (a kubeadm `etcd.external` block). */
  file?(file: ScannedFile, context: RuleContext): Finding[];
}

export const ALL_RELEASES: readonly EtcdMinor[] = ETCD_MINORS;

/** A finding of `rule` at a setting (or any positioned thing). */
export function report(rule: RuleInfo, at: Pick<Setting, 'at' | 'valueAt'>, message: string, atValue = false): Finding {
  return findingAt(at, rule.severity, rule.id, message, atValue);
}

/** The text of etcd's refusal, as the messages quote it. */
export function refuses(etcdMessage: string): string {
  return `etcd refuses to start: "${etcdMessage}"`;
}

/** The setting as the user wrote it: `--name=etcd-1`, `ETCD_NAME=etcd-1`, `name: etcd-1`. */
export function written(setting: Setting): string {
  const separator = setting.source === 'flag' || setting.source === 'env' ? '=' : ': ';
  return `\`${setting.key}${separator}${setting.value}\``;
}

/** True when etcd reads this member from a `--config-file` YAML (then flags and ETCD_* are ignored). */
export function readsYaml(member: MemberConfig): boolean {
  return member.form === 'etcd-config-file' || member.settings.some((setting) => setting.source === 'config-file');
}

/** True for a setting that reaches etcd as a command-line flag (also kubeadm's, in the static pod it writes). */
export function isFlag(setting: Setting): boolean {
  return setting.source === 'flag' || setting.source === 'kubeadm' || setting.source === 'kubeadm-default';
}

/** etcd's default for a setting in a release, as the flag would hold it. */
export function defaultOf(name: string, version: EtcdVersion): string | undefined {
  const defaults: Record<string, string> = {
    name: 'default',
    'heartbeat-interval': '100',
    'election-timeout': '1000',
    'snapshot-count': version.minor === '3.6' ? '10000' : '100000',
    'quota-backend-bytes': '0',
    'max-request-bytes': '1572864',
    'listen-peer-urls': 'http://localhost:2380',
    'listen-client-urls': 'http://localhost:2379',
    'initial-advertise-peer-urls': 'http://localhost:2380',
    'advertise-client-urls': 'http://localhost:2379',
    'initial-cluster-state': 'new',
    'initial-cluster-token': 'etcd-cluster',
    'auto-compaction-mode': 'periodic',
    'auto-compaction-retention': '0',
    logger: version.minor === '3.4' ? 'capnslog' : 'zap',
    'log-level': 'info',
    'log-outputs': 'default',
    'auth-token': 'simple',
    'bcrypt-cost': '10',
  };
  return defaults[name];
}

/** The value etcd uses: the last one written, else its default. */
export function valueOf(member: MemberConfig, name: string, version: EtcdVersion): string | undefined {
  return settingOf(member, name)?.value ?? defaultOf(name, version);
}

/** True when a boolean setting is on (as etcd's strconv.ParseBool, and YAML's spellings of true). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|t|true|y|yes|on)$/i.test(value.trim());
}

/**
 * Where a finding about something missing goes: the first of `names` that is written, else the
 * member's `name`, else its first setting, else the top of its file.
 */
export function anchorOf(member: MemberConfig, ...names: string[]): Pick<Setting, 'at'> {
  for (const name of [...names, 'name']) {
    const setting = settingOf(member, name);
    if (setting) return setting;
  }
  return member.settings[0] ?? { at: { file: member.file, line: 1, column: 1 } };
}

/** The error etcd prints when Go's flag package (or etcd's ETCD_* reader) rejects a value. */
export function flagValueError(setting: Setting, error: string, isBool = false): string {
  const value = JSON.stringify(setting.value);
  if (setting.source === 'env') return `invalid value ${value} for ${setting.key}: ${error}`;
  return isBool
    ? `invalid boolean value ${value} for -${setting.name}: ${error}`
    : `invalid value ${value} for flag -${setting.name}: ${error}`;
}

/**
 * The member as etcd applies it: without the YAML keys etcd does not know and the empty ETCD_*
 * variables (etcd ignores both).
 */
export function appliedMember(member: MemberConfig, version: EtcdVersion): MemberConfig {
  const settings = member.settings.filter((setting) => {
    if (setting.source === 'config-file') return yamlKeyStatus(setting.key, version) === 'known';
    return setting.source !== 'env' || setting.value !== '';
  });
  return settings.length === member.settings.length ? member : { ...member, settings };
}

/**
 * True for a value written as a template (`${HOST}`, `$NAME`, `{{ .Values.host }}`, `<node-ip>`):
 * what it becomes is not known here, so rules about its form leave it alone.
 */
export function isTemplated(value: string): boolean {
  return /\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{.*?\}\}|<[^<>\s]+>/.test(value);
}
