/**
 * What etcd 3.4, 3.5 and 3.6 know: every command-line flag with its value type, the releases that
 * have it, the key it has in the `--config-file` YAML, and the flags each release deprecates or
 * removes. Read from each release's `etcdmain/config.go` and `embed/config.go` (flag set and YAML
 * struct tags) and from `etcd --help` of 3.4.23; `flagInfo` answers for one release.
 */

/** The minor releases the linter knows; other versions are treated as the nearest of these. */
export const ETCD_MINORS = ['3.4', '3.5', '3.6'] as const;
export type EtcdMinor = (typeof ETCD_MINORS)[number];

export interface EtcdVersion {
  minor: EtcdMinor;
  /** The patch release; `Infinity` when only the minor was given (the newest patch). */
  patch: number;
  /** As the user gave it. */
  text: string;
  /**
   * Set when the version is outside the releases the rules know (3.7.0, 2.3.8): the release whose
   * rules are applied instead (`3.6`, its newest patch), so the result can say so.
   */
  rulesOf?: string;
}

/** Parses `3.5.21`, `v3.6`, `3.4.23-1`: the minor (nearest known one) and the patch. */
export function parseEtcdVersion(text: string): EtcdVersion {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return { minor: '3.6', patch: Infinity, text, rulesOf: '3.6' };
  const major = Number(match[1]);
  const minorNumber = major < 3 ? 4 : major > 3 ? 6 : Math.min(6, Math.max(4, Number(match[2])));
  const exact = major === 3 && Number(match[2]) === minorNumber;
  return {
    minor: `3.${minorNumber}` as EtcdMinor,
    patch: exact && match[3] !== undefined ? Number(match[3]) : Infinity,
    text,
    ...(exact ? {} : { rulesOf: `3.${minorNumber}` }),
  };
}

/** Whether `version` is `release` (`3.6.8`) or later; a version given without its patch is its minor's newest. */
export function isAtLeast(version: EtcdVersion, release: string): boolean {
  const [minor, patch] = [release.split('.').slice(0, 2).join('.') as EtcdMinor, Number(release.split('.')[2] ?? 0)];
  const order = minorIndex(version.minor) - minorIndex(minor);
  return order > 0 || (order === 0 && version.patch >= patch);
}

/** How etcd parses a flag's value. */
export type FlagKind = 'bool' | 'uint' | 'int' | 'duration' | 'string' | 'urls' | 'list' | 'enum';

/**
 * One row: flag name, kind, releases (`4 5 6`; `4.20` = since 3.4.20), YAML key (omitted: the flag
 * name at the top level; `-`: no YAML key; `5 6:path` only in those releases). Enum values follow `|`.
 */
type Row = readonly [name: string, kind: FlagKind | `enum|${string}`, releases: string, yaml?: string];

const CTS = 'client-transport-security';
const PTS = 'peer-transport-security';

const ROWS: readonly Row[] = [
  // member
  ['name', 'string', '4 5 6'],
  ['data-dir', 'string', '4 5 6'],
  ['wal-dir', 'string', '4 5 6'],
  ['listen-peer-urls', 'urls', '4 5 6'],
  ['listen-client-urls', 'urls', '4 5 6'],
  ['listen-client-http-urls', 'urls', '4.25 5.8 6'],
  ['listen-metrics-urls', 'urls', '4 5 6'],
  ['max-snapshots', 'uint', '4 5 6'],
  ['max-wals', 'uint', '4 5 6'],
  ['snapshot-count', 'uint', '4 5 6'],
  ['heartbeat-interval', 'uint', '4 5 6'],
  ['election-timeout', 'uint', '4 5 6'],
  ['initial-election-tick-advance', 'bool', '4 5 6'],
  ['quota-backend-bytes', 'int', '4 5 6'],
  ['backend-batch-interval', 'duration', '4 5 6'],
  ['backend-batch-limit', 'int', '4 5 6'],
  ['backend-bbolt-freelist-type', 'string', '5 6'],
  ['max-txn-ops', 'uint', '4 5 6'],
  ['max-request-bytes', 'uint', '4 5 6'],
  ['max-concurrent-streams', 'uint', '4.20 5.5 6'],
  ['grpc-keepalive-min-time', 'duration', '4 5 6'],
  ['grpc-keepalive-interval', 'duration', '4 5 6'],
  ['grpc-keepalive-timeout', 'duration', '4 5 6'],
  ['socket-reuse-port', 'bool', '5 6', 'socket-options.reuse-port'],
  ['socket-reuse-address', 'bool', '5 6', 'socket-options.reuse-address'],
  ['raft-read-timeout', 'duration', '5 6', '-'],
  ['raft-write-timeout', 'duration', '5 6', '-'],
  // clustering
  ['initial-advertise-peer-urls', 'urls', '4 5 6'],
  ['advertise-client-urls', 'urls', '4 5 6'],
  ['discovery', 'string', '4 5 6'],
  ['discovery-fallback', 'enum|exit|proxy', '4 5 6', '4 5:discovery-fallback'],
  ['discovery-proxy', 'string', '4 5 6'],
  ['discovery-srv', 'string', '4 5 6'],
  ['discovery-srv-name', 'string', '4 5 6'],
  ['discovery-endpoints', 'list', '6', 'discovery-config.client.endpoints'],
  ['discovery-token', 'string', '6', 'discovery-config.token'],
  ['discovery-dial-timeout', 'duration', '6', 'discovery-config.client.dial-timeout'],
  ['discovery-request-timeout', 'duration', '6', 'discovery-config.client.request-timeout'],
  ['discovery-keepalive-time', 'duration', '6', 'discovery-config.client.keepalive-time'],
  ['discovery-keepalive-timeout', 'duration', '6', 'discovery-config.client.keepalive-timeout'],
  ['discovery-insecure-transport', 'bool', '6', 'discovery-config.client.secure.insecure-transport'],
  ['discovery-insecure-skip-tls-verify', 'bool', '6', 'discovery-config.client.secure.insecure-skip-tls-verify'],
  ['discovery-cert', 'string', '6', 'discovery-config.client.secure.cert'],
  ['discovery-key', 'string', '6', 'discovery-config.client.secure.key'],
  ['discovery-cacert', 'string', '6', 'discovery-config.client.secure.cacert'],
  ['discovery-user', 'string', '6', 'discovery-config.client.auth.username'],
  ['discovery-password', 'string', '6', 'discovery-config.client.auth.password'],
  ['initial-cluster', 'string', '4 5 6'],
  ['initial-cluster-token', 'string', '4 5 6'],
  ['initial-cluster-state', 'enum|new|existing', '4 5 6'],
  ['strict-reconfig-check', 'bool', '4 5 6'],
  ['pre-vote', 'bool', '4 5 6'],
  ['auto-compaction-retention', 'string', '4 5 6'],
  ['auto-compaction-mode', 'string', '4 5 6'],
  ['enable-v2', 'bool', '4 5'],
  ['v2-deprecation', 'enum|not-yet|write-only|write-only-drop-data|gone', '5 6'],
  ['max-learners', 'int', '6'],
  // v2 proxy
  ['proxy', 'enum|off|readonly|on', '4 5'],
  ['proxy-failure-wait', 'uint', '4 5'],
  ['proxy-refresh-interval', 'uint', '4 5'],
  ['proxy-dial-timeout', 'uint', '4 5'],
  ['proxy-write-timeout', 'uint', '4 5'],
  ['proxy-read-timeout', 'uint', '4 5'],
  // security
  ['cert-file', 'string', '4 5 6', `${CTS}.cert-file`],
  ['key-file', 'string', '4 5 6', `${CTS}.key-file`],
  ['client-cert-file', 'string', '5 6', `${CTS}.client-cert-file`],
  ['client-key-file', 'string', '5 6', `${CTS}.client-key-file`],
  ['client-cert-auth', 'bool', '4 5 6', `${CTS}.client-cert-auth`],
  ['client-crl-file', 'string', '4 5 6', '-'],
  ['client-cert-allowed-hostname', 'list', '4 5 6', `5 6:${CTS}.allowed-hostname`],
  ['trusted-ca-file', 'string', '4 5 6', `${CTS}.trusted-ca-file`],
  ['auto-tls', 'bool', '4 5 6', `${CTS}.auto-tls`],
  ['peer-cert-file', 'string', '4 5 6', `${PTS}.cert-file`],
  ['peer-key-file', 'string', '4 5 6', `${PTS}.key-file`],
  ['peer-client-cert-file', 'string', '5 6', `${PTS}.client-cert-file`],
  ['peer-client-key-file', 'string', '5 6', `${PTS}.client-key-file`],
  ['peer-client-cert-auth', 'bool', '4 5 6', `${PTS}.client-cert-auth`],
  ['peer-trusted-ca-file', 'string', '4 5 6', `${PTS}.trusted-ca-file`],
  ['peer-cert-allowed-cn', 'list', '4 5 6', `5 6:${PTS}.allowed-cn`],
  ['peer-cert-allowed-hostname', 'list', '4 5 6', `5 6:${PTS}.allowed-hostname`],
  ['peer-auto-tls', 'bool', '4 5 6', `${PTS}.auto-tls`],
  ['peer-crl-file', 'string', '4 5 6', '-'],
  ['self-signed-cert-validity', 'uint', '5 6'],
  ['cipher-suites', 'list', '4 5 6'],
  ['tls-min-version', 'string', '4.25 5.8 6'],
  ['tls-max-version', 'string', '4.25 5.8 6'],
  ['cors', 'list', '4 5 6'],
  ['host-whitelist', 'list', '4 5 6'],
  [
    'experimental-peer-skip-client-san-verification',
    'bool',
    '4 5 6',
    '6:experimental-peer-skip-client-san-verification',
  ],
  ['peer-skip-client-san-verification', 'bool', '6', `${PTS}.skip-client-san-verification`],
  // logging
  ['logger', 'string', '4 5 6'],
  ['log-outputs', 'list', '4 5 6'],
  ['log-level', 'string', '4 5 6'],
  ['log-format', 'string', '6'],
  ['enable-log-rotation', 'bool', '5 6'],
  ['log-rotation-config-json', 'string', '5 6'],
  ['log-output', 'list', '4'],
  ['debug', 'bool', '4'],
  ['log-package-levels', 'string', '4'],
  // auth, profiling, unsafe
  ['auth-token', 'string', '4 5 6'],
  ['bcrypt-cost', 'uint', '4 5 6'],
  ['auth-token-ttl', 'uint', '4.10 5 6'],
  ['enable-pprof', 'bool', '4 5 6'],
  ['metrics', 'string', '4 5 6'],
  ['enable-grpc-gateway', 'bool', '4 5 6'],
  ['force-new-cluster', 'bool', '4 5 6'],
  ['unsafe-no-fsync', 'bool', '4.10 5 6'],
  ['next-cluster-version-compatible', 'bool', '4.31'],
  ['feature-gates', 'string', '6'],
  ['config-file', 'string', '4 5 6', '-'],
  ['version', 'bool', '4 5 6', '-'],
  // experimental
  ['experimental-initial-corrupt-check', 'bool', '4 5 6'],
  ['experimental-corrupt-check-time', 'duration', '4 5 6'],
  ['experimental-compact-hash-check-enabled', 'bool', '5.5 6'],
  ['experimental-compact-hash-check-time', 'duration', '5.5 6'],
  ['experimental-enable-v2v3', 'string', '4 5'],
  ['experimental-backend-bbolt-freelist-type', 'string', '4'],
  ['experimental-enable-lease-checkpoint', 'bool', '4 5 6'],
  ['experimental-enable-lease-checkpoint-persist', 'bool', '4.20 5.2 6'],
  ['experimental-compaction-batch-limit', 'int', '4 5 6'],
  ['experimental-compaction-sleep-interval', 'duration', '5.16 6'],
  ['experimental-watch-progress-notify-interval', 'duration', '4.11 5 6'],
  ['experimental-warning-apply-duration', 'duration', '4.16 5 6'],
  ['experimental-warning-unary-request-duration', 'duration', '6'],
  ['experimental-bootstrap-defrag-threshold-megabytes', 'uint', '5 6'],
  ['experimental-downgrade-check-time', 'duration', '5 6'],
  ['experimental-memory-mlock', 'bool', '5 6'],
  ['experimental-snapshot-catchup-entries', 'uint', '5.14 6', 'experimental-snapshot-catch-up-entries'],
  ['experimental-stop-grpc-service-on-defrag', 'bool', '5.14 6'],
  ['experimental-txn-mode-write-with-shared-buffer', 'bool', '5 6'],
  ['experimental-enable-distributed-tracing', 'bool', '5 6'],
  ['experimental-distributed-tracing-address', 'string', '5 6'],
  ['experimental-distributed-tracing-service-name', 'string', '5 6'],
  ['experimental-distributed-tracing-instance-id', 'string', '5 6'],
  ['experimental-distributed-tracing-sampling-rate', 'int', '5.11 6'],
  // 3.6 names of experimental flags
  ['corrupt-check-time', 'duration', '6'],
  ['compact-hash-check-time', 'duration', '6'],
  ['compaction-batch-limit', 'int', '6'],
  ['compaction-sleep-interval', 'duration', '6'],
  ['watch-progress-notify-interval', 'duration', '6'],
  ['warning-apply-duration', 'duration', '6'],
  ['warning-unary-request-duration', 'duration', '6'],
  ['bootstrap-defrag-threshold-megabytes', 'uint', '6'],
  ['downgrade-check-time', 'duration', '6'],
  ['memory-mlock', 'bool', '6'],
  ['snapshot-catchup-entries', 'uint', '6'],
  ['enable-distributed-tracing', 'bool', '6'],
  ['distributed-tracing-address', 'string', '6'],
  ['distributed-tracing-service-name', 'string', '6'],
  ['distributed-tracing-instance-id', 'string', '6'],
  ['distributed-tracing-sampling-rate', 'int', '6'],
];

/** 3.6's new names of experimental flags: `--experimental-X` became `--X` (the old name still works alone). */
export const RENAMED_IN_3_6: readonly string[] = [
  'corrupt-check-time',
  'compact-hash-check-time',
  'compaction-batch-limit',
  'compaction-sleep-interval',
  'watch-progress-notify-interval',
  'warning-apply-duration',
  'warning-unary-request-duration',
  'bootstrap-defrag-threshold-megabytes',
  'downgrade-check-time',
  'memory-mlock',
  'snapshot-catchup-entries',
  'peer-skip-client-san-verification',
  'enable-distributed-tracing',
  'distributed-tracing-address',
  'distributed-tracing-service-name',
  'distributed-tracing-instance-id',
  'distributed-tracing-sampling-rate',
];

/**
 * Flags a release deprecates (etcd still takes them, often with a warning) or removes (the flag is
 * unknown: exit 2 on the command line, ignored in the YAML), to the patch release (`x.y.z`), as
 * each release's CHANGELOG and `etcdmain/config.go` (`deprecatedFlags`) say. `revoked`: the
 * release that took the deprecation back. `use` names the replacement.
 */
const CHANGES: ReadonlyArray<{
  flags: string[];
  deprecated?: string;
  revoked?: string;
  removed?: string;
  use?: string;
}> = [
  { flags: ['debug'], deprecated: '3.4.0', removed: '3.5.0', use: 'log-level=debug' },
  { flags: ['log-output'], deprecated: '3.4.0', removed: '3.5.0', use: 'log-outputs' },
  { flags: ['log-package-levels'], deprecated: '3.4.0', removed: '3.5.0', use: 'log-level' },
  { flags: ['experimental-backend-bbolt-freelist-type'], removed: '3.5.0', use: 'backend-bbolt-freelist-type' },
  { flags: ['enable-v2', 'experimental-enable-v2v3'], deprecated: '3.5.0', removed: '3.6.0', use: 'the v3 API' },
  {
    flags: [
      'proxy',
      'proxy-failure-wait',
      'proxy-refresh-interval',
      'proxy-dial-timeout',
      'proxy-write-timeout',
      'proxy-read-timeout',
    ],
    deprecated: '3.5.0',
    removed: '3.6.0',
    use: '`etcd grpc-proxy`',
  },
  // 3.6.8 revoked the deprecation of --snapshot-count (etcd-io/etcd#21163).
  { flags: ['snapshot-count'], deprecated: '3.6.0', revoked: '3.6.8' },
  { flags: ['max-snapshots'], deprecated: '3.6.0' },
  { flags: ['v2-deprecation'], deprecated: '3.6.0' },
  ...RENAMED_IN_3_6.map((name) => ({ flags: [`experimental-${name}`], deprecated: '3.6.0', use: name })),
];

/** The minor of a release (`3.6.8` -> `3.6`). */
const minorOf = (release: string) => release.split('.').slice(0, 2).join('.') as EtcdMinor;

/** 3.6 moves these experimental flags to `--feature-gates`; setting both is an error. */
export const FEATURE_GATE_FLAGS: Readonly<Record<string, string>> = {
  'experimental-initial-corrupt-check': 'InitialCorruptCheck',
  'experimental-compact-hash-check-enabled': 'CompactHashCheck',
  'experimental-txn-mode-write-with-shared-buffer': 'TxnModeWriteWithSharedBuffer',
  'experimental-enable-lease-checkpoint': 'LeaseCheckpoint',
  'experimental-enable-lease-checkpoint-persist': 'LeaseCheckpointPersist',
  'experimental-stop-grpc-service-on-defrag': 'StopGRPCServiceOnDefrag',
};

/** The server feature gates of etcd 3.6. */
export const FEATURE_GATES_3_6 = [
  'StopGRPCServiceOnDefrag',
  'TxnModeWriteWithSharedBuffer',
  'InitialCorruptCheck',
  'CompactHashCheck',
  'LeaseCheckpoint',
  'LeaseCheckpointPersist',
  'SetMemberLocalAddr',
] as const;

/** The TLS keys each release reads under `client-transport-security` / `peer-transport-security`. */
const TRANSPORT_SECURITY_KEYS: Record<EtcdMinor, readonly string[]> = {
  '3.4': ['cert-file', 'key-file', 'client-cert-auth', 'trusted-ca-file', 'auto-tls'],
  '3.5': [
    'cert-file',
    'key-file',
    'client-cert-file',
    'client-key-file',
    'client-cert-auth',
    'trusted-ca-file',
    'auto-tls',
    'allowed-cn',
    'allowed-hostname',
  ],
  '3.6': [
    'cert-file',
    'key-file',
    'client-cert-file',
    'client-key-file',
    'client-cert-auth',
    'trusted-ca-file',
    'auto-tls',
    'allowed-cn',
    'allowed-hostname',
    'skip-client-san-verification',
  ],
};

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  /** For `enum` flags, the values etcd takes. */
  values?: string[];
  /** Per minor release: the first patch that has the flag (0 for all of them). */
  since: Partial<Record<EtcdMinor, number>>;
  /** Per minor release: its key in the YAML, if it has one. */
  yaml: Partial<Record<EtcdMinor, string>>;
}

function parseRow([name, kindText, releases, yaml]: Row): FlagSpec {
  const [kind, ...values] = kindText.split('|') as [FlagKind, ...string[]];
  const since: FlagSpec['since'] = {};
  for (const token of releases.split(' ')) {
    const [minor, patch] = token.split('.');
    since[`3.${minor}` as EtcdMinor] = patch === undefined ? 0 : Number(patch);
  }
  const yamlKeys: FlagSpec['yaml'] = {};
  if (yaml !== '-') {
    const [limit, key] = yaml?.includes(':') ? yaml.split(':') : [undefined, yaml ?? name];
    for (const minor of Object.keys(since) as EtcdMinor[]) {
      if (!limit || limit.split(' ').includes(minor.slice(2))) yamlKeys[minor] = key;
    }
  }
  return { name, kind, ...(values.length > 0 ? { values } : {}), since, yaml: yamlKeys };
}

const FLAGS: ReadonlyMap<string, FlagSpec> = new Map(ROWS.map((row) => [row[0], parseRow(row)]));

/** What one etcd release makes of a flag name. */
export interface FlagStatus {
  spec?: FlagSpec;
  /** The release has the flag. */
  known: boolean;
  /** The flag exists in this minor only from a later patch (`3.4.25`). */
  since?: string;
  /** The release removed the flag (it is unknown now). */
  removedIn?: EtcdMinor;
  /** The release deprecates the flag (it still works). */
  deprecatedIn?: EtcdMinor;
  /** What to use instead. */
  use?: string;
}

function minorIndex(minor: EtcdMinor): number {
  return ETCD_MINORS.indexOf(minor);
}

/** What `version` makes of the flag `name` (without dashes). */
export function flagInfo(name: string, version: EtcdVersion): FlagStatus {
  const spec = FLAGS.get(name);
  const sincePatch = spec?.since[version.minor];
  const known = sincePatch !== undefined && version.patch >= sincePatch;
  const status: FlagStatus = { spec, known };
  if (sincePatch !== undefined && !known) status.since = `${version.minor}.${sincePatch}`;
  for (const change of CHANGES) {
    if (!change.flags.includes(name)) continue;
    if (change.removed && isAtLeast(version, change.removed)) status.removedIn = minorOf(change.removed);
    else if (
      change.deprecated &&
      isAtLeast(version, change.deprecated) &&
      !(change.revoked && isAtLeast(version, change.revoked))
    )
      status.deprecatedIn = minorOf(change.deprecated);
    if (change.use) status.use = change.use;
  }
  // 3.6 moves some experimental flags to feature gates.
  if (version.minor === '3.6' && FEATURE_GATE_FLAGS[name]) {
    status.deprecatedIn = '3.6';
    status.use = `feature-gates=${FEATURE_GATE_FLAGS[name]}=true`;
  }
  return status;
}

/** Every flag `version` knows. */
export function knownFlags(version: EtcdVersion): string[] {
  return [...FLAGS.keys()].filter((name) => flagInfo(name, version).known);
}

/** The flag a YAML key sets in `version` (keys are matched without regard to case, as etcd does). */
export function flagOfYamlKey(key: string, version: EtcdVersion): FlagSpec | undefined {
  const wanted = key.toLowerCase();
  for (const spec of FLAGS.values()) {
    if (spec.yaml[version.minor] === wanted && flagInfo(spec.name, version).known) return spec;
  }
  return undefined;
}

/** What `version` makes of a YAML key (`name`, `client-transport-security.cert-file`). */
export function yamlKeyStatus(key: string, version: EtcdVersion): 'known' | 'unknown' {
  const lower = key.toLowerCase();
  if (flagOfYamlKey(lower, version)) return 'known';
  const [section, ...rest] = lower.split('.');
  const inner = rest.join('.');
  if (section === CTS || section === PTS)
    return TRANSPORT_SECURITY_KEYS[version.minor].includes(inner) ? 'known' : 'unknown';
  // Keys etcd reads into structures the table does not list one by one.
  if (section === 'discovery-config' && version.minor === '3.6') return 'known';
  return 'unknown';
}

/** Every YAML key `version` reads, for "did you mean" (top level and the TLS sections). */
export function knownYamlKeys(version: EtcdVersion): string[] {
  const keys = new Set<string>();
  for (const spec of FLAGS.values()) {
    const key = spec.yaml[version.minor];
    if (key && flagInfo(spec.name, version).known) keys.add(key);
  }
  for (const inner of TRANSPORT_SECURITY_KEYS[version.minor]) {
    keys.add(`${CTS}.${inner}`);
    keys.add(`${PTS}.${inner}`);
  }
  return [...keys];
}

/** The ETCD_* variable of a flag, as etcd derives it. */
export function envOfFlag(name: string): string {
  return `ETCD_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The nearest candidate to `word`, if it is a near miss (a few edits, or one contains the other). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.floor(lower.length / 4));
  return best.distance <= limit ? best.candidate : undefined;
}
