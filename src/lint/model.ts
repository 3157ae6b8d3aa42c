/**
 * The one model every etcd configuration form is read into. Readers (etcd.conf.yml, ETCD_* env
 * files, systemd units, kubeadm configuration, static pod manifests) produce it; the rules, the
 * boot of a user's configuration and the report read it. Every setting keeps where it was written.
 */

/** A place in a file the user named: `file` as they named it (relative to the current directory), 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** The configuration forms the readers recognise, by content. */
export const CONFIG_FORMS = ['etcd-config-file', 'env-file', 'systemd-unit', 'kubeadm', 'static-pod'] as const;
export type ConfigForm = (typeof CONFIG_FORMS)[number];

/**
 * How a setting reached etcd: a command-line flag, an `ETCD_*` variable, a key of the `--config-file`
 * YAML, a kubeadm `extraArgs` entry, or a value kubeadm itself writes into the static pod it
 * generates (`kubeadm-default`, positioned at the `etcd.local` key).
 */
export type SettingSource = 'flag' | 'env' | 'config-file' | 'kubeadm' | 'kubeadm-default';

/** One setting as the user wrote it. */
export interface Setting {
  /**
   * etcd's flag name without dashes (`initial-cluster`, `peer-cert-file`), derived from how it was
   * written (`ETCD_INITIAL_CLUSTER`, `--initial-cluster`, `peer-transport-security.cert-file`). It may
   * be a name etcd does not know: the rules decide that, per etcd version.
   */
  name: string;
  /** The value as etcd would take it as a flag: lists comma-joined, booleans `true`/`false` (a bare boolean flag is `true`). */
  value: string;
  /** The key exactly as written (`ETCD_INITIAL_CLUSTER`, `--initial-cluster`, `client-transport-security.cert-file`). */
  key: string;
  source: SettingSource;
  /** Where the key is written. */
  at: SourcePosition;
  /** Where the value is written, when it is apart from the key. */
  valueAt?: SourcePosition;
  /**
   * For a `--config-file` key: how the YAML writes the value (`1` is a number, `"1"` a string, `yes` a
   * boolean in YAML 1.1). etcd's YAML is typed: a number where etcd wants a string stops it.
   */
  yamlType?: 'string' | 'number' | 'boolean' | 'list' | 'map';
}

/** One etcd member as one file (or a unit with its env files) configures it. */
export interface MemberConfig {
  /** The `name` setting, or etcd's default `default` when none is written. */
  name: string;
  form: ConfigForm;
  /** The file that defines the member (the unit, for a unit with env files). */
  file: string;
  /** Every setting in the order etcd reads them; a name may appear twice (the rules report that). */
  settings: Setting[];
  /**
   * For a unit that runs `etcd --config-file PATH` where PATH was found in the scanned tree: the
   * settings come from that file, and these are the flags etcd ignores beside it.
   */
  ignoredSettings?: Setting[];
  /** Other files this member's settings came from (an EnvironmentFile=, a --config-file). */
  includes: string[];
  /** The etcd executable as written (`/usr/local/bin/etcd`), for units and manifests. */
  command?: string;
  /** What starts etcd when it is not the unit itself (`sh -c → docker run`, `etcd-wrapper`), for --verbose. */
  launcher?: string;
  /**
   * kubeadm's `etcd.local.serverCertSANs` / `peerCertSANs`: extra names kubeadm puts into the server
   * and peer certificates it issues for this member. Not etcd flags, so not settings.
   */
  certSans?: { server: string[]; peer: string[] };
}

/**
 * A kubeadm `etcd.external` block: a cluster that already runs elsewhere. It has no member to lint
 * for startup, only endpoints and client TLS files.
 */
export interface ExternalEtcd {
  file: string;
  at: SourcePosition;
  endpoints: Array<{ value: string; at: SourcePosition }>;
  caFile?: { value: string; at: SourcePosition };
  certFile?: { value: string; at: SourcePosition };
  keyFile?: { value: string; at: SourcePosition };
}

export type Severity = 'error' | 'warning' | 'notice';

/** One finding: the public lint JSON's element (see docs/lint.md, "Lint JSON"). */
export interface Finding {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** A stable rule ID (`ETCD-…`). */
  rule: string;
  /** Names the setting, the value and what is allowed or what etcd does with it. */
  message: string;
}

/** What reading one file gave. A file that is no etcd configuration is not a ScannedFile at all. */
export interface ScannedFile {
  file: string;
  form: ConfigForm;
  /** Members this file defines (a kubeadm file with only `etcd.external` defines none). */
  members: MemberConfig[];
  external?: ExternalEtcd;
  /** Findings the reader itself makes: a file that does not parse, an EnvironmentFile= not found. */
  findings: Finding[];
}

/** Members that belong together, so cross-member rules run on them. */
export interface ClusterGroup {
  /** Why these members are one cluster: their shared `initial-cluster`, or their folder. */
  key: string;
  members: MemberConfig[];
}

/** The last value of a setting (etcd keeps the last of repeated flags), or undefined. */
export function settingOf(member: MemberConfig, name: string): Setting | undefined {
  for (let i = member.settings.length - 1; i >= 0; i--) if (member.settings[i].name === name) return member.settings[i];
  return undefined;
}

/** A finding at a setting's key (or at its value with `atValue`). */
export function findingAt(
  setting: Pick<Setting, 'at' | 'valueAt'>,
  severity: Severity,
  rule: string,
  message: string,
  atValue = false,
): Finding {
  const at = atValue && setting.valueAt ? setting.valueAt : setting.at;
  return { file: at.file, line: at.line, column: at.column, severity, rule, message };
}

/** A rule's public description: the rule table in docs/lint.md and SARIF's rule descriptors are made from it. */
export interface RuleInfo {
  /** Stable ID, `ETCD-` and a number; never reused for another meaning. */
  id: string;
  severity: Severity;
  /** A short name (`unknown-setting`). */
  name: string;
  /** What etcd does with such a configuration. */
  etcdDoes: string;
  /** How to fix it. */
  fix: string;
  /** CIS Kubernetes Benchmark etcd item, for the security rules (`2.1` … `2.7`). */
  cis?: string;
}

/** The lint result: the public lint JSON (schemaVersion 1, documented in docs/lint.md). */
export interface LintResult {
  schemaVersion: 1;
  findings: Finding[];
  files: Array<{ file: string; form: ConfigForm; member: string | null }>;
  summary: { errors: number; warnings: number; notices: number };
}
