/**
 * The plan of an upgrade or downgrade drill: moving a cluster between etcd releases one member at a
 * time, as etcd's guides and end-to-end tests do. Pure: no I/O; the drill runs what this decides.
 *
 * The rules, each from etcd's source (paths in etcd-io/etcd, per release branch) or guide:
 * - Order: followers first (by name), the leader last; with no leader known, the order given. The
 *   3.6 → 3.5 downgrade guide recommends the leader last; the e2e helpers move members one by one
 *   (tests/framework/e2e/downgrade.go).
 * - Path: a patch change within a minor is a plain rolling restart (etcd compares only major.minor
 *   of the server with the cluster version: server/etcdserver/api/membership/downgrade.go in 3.5,
 *   server/etcdserver/version/downgrade.go in 3.6). An upgrade goes one minor at a time, from the
 *   patch the guide requires (the lint's ETCD-701, ETCD-702). A downgrade goes one minor at a time:
 *   from 3.6 on through the downgrade API (Maintenance.Downgrade VALIDATE, then ENABLE, in
 *   api/etcdserverpb/rpc.proto), which sets the cluster version to the target at once
 *   (server/etcdserver/version/monitor.go); from 3.5 to 3.4 only to 3.4.32 or later started with
 *   --next-cluster-version-compatible (3.4.31 added the flag, 3.4.32 let such a member join:
 *   CHANGELOG/CHANGELOG-3.4.md; the 3.5 → 3.4 downgrade guide), and not with auth enabled.
 *   Any other older release refuses the data dir with "invalid downgrade; …" (DOWNGRADE_REFUSALS).
 * - Flags: a flag the target renames is written under its new name (3.6's names of 3.5's
 *   experimental flags, 3.6's feature gates), and back on a downgrade; a flag the target lacks is
 *   dropped when that changes nothing that matters to a restarted member (off anyway, bootstrap or
 *   logging only), else refused with the reason. Every change is recorded for the report.
 * - Cluster version: the lowest major.minor of the members' server versions, unchanged while any
 *   member's version is unknown, the downgrade target while a downgrade is enabled
 *   (server/etcdserver/version/monitor.go in 3.6, decideClusterVersion in
 *   server/etcdserver/cluster_util.go in 3.5).
 */
import {
  FEATURE_GATE_FLAGS,
  flagInfo,
  isAtLeast,
  knownFlags,
  parseEtcdVersion,
  type EtcdVersion,
} from '../lint/etcd-flags.js';
import { REQUIRED_BEFORE_NEXT, UPGRADE_RULE_INFO } from '../lint/rules/upgrade.js';

// ---------------------------------------------------------------------------------------------
// Order

/**
 * The order members move to the target release: followers first, sorted by name, the leader last.
 * With no leader known (or one not among `members`), the members in the order given.
 */
export function upgradeOrder<T extends { name: string }>(members: readonly T[], leaderName?: string): T[] {
  const leader = leaderName === undefined ? undefined : members.find((member) => member.name === leaderName);
  if (!leader) return [...members];
  const followers = members
    .filter((member) => member !== leader)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...followers, leader];
}

// ---------------------------------------------------------------------------------------------
// Releases

/** A release by its numbers; `patch` is `Infinity` when only the minor was given (its newest patch). */
export interface Release {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** Parses `3.5.16`, `v3.6`, `3.4.23-1` (a Debian revision); undefined when it is no release. */
export function parseRelease(text: string): Release | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? Infinity : Number(match[3]),
    text,
  };
}

const minorText = (release: Pick<Release, 'major' | 'minor'>) => `${release.major}.${release.minor}`;
const patchText = (release: Release) => (release.patch === Infinity ? `${minorText(release)}.x` : release.text);

// ---------------------------------------------------------------------------------------------
// What etcd says when it refuses

/** One message an etcd release logs (then exits) when it is started on data a newer minor wrote. */
export interface DowngradeRefusal {
  /** The releases that log it. */
  releases: string;
  /** The message as etcd's source writes it (`%s`: the server's version, then the cluster version). */
  message: string;
  /** Where, in etcd-io/etcd. */
  source: string;
}

/**
 * etcd's refusals to run on a data dir whose cluster version is a newer minor, as each release's
 * source writes them. A 3.4 member replays the cluster version from the v2 store or the WAL and
 * stops at this check; the drill matches them in the member's log (findDowngradeRefusal).
 */
export const DOWNGRADE_REFUSALS: readonly DowngradeRefusal[] = [
  {
    releases: '3.4.0 to 3.4.30, zap logger',
    message: 'invalid downgrade; server version is lower than determined cluster version',
    source: 'etcdserver/api/membership/cluster.go (mustDetectDowngrade), tag v3.4.23',
  },
  {
    releases: '3.4.0 to 3.4.30, capnslog logger',
    message: 'cluster cannot be downgraded (current version: %s is lower than determined cluster version: %s).',
    source: 'etcdserver/api/membership/cluster.go (mustDetectDowngrade), tag v3.4.23',
  },
  {
    releases: '3.4.31 and later, without --next-cluster-version-compatible',
    message: 'invalid downgrade; (current version: %s is lower than determined cluster version: %s).',
    source: 'etcdserver/api/membership/cluster.go (detectDowngrade), branch release-3.4',
  },
  {
    releases: '3.5',
    message: 'invalid downgrade; server version is lower than determined cluster version',
    source: 'server/etcdserver/api/membership/downgrade.go (mustDetectDowngrade), branch release-3.5',
  },
  {
    releases: '3.5, while a downgrade to another release is enabled',
    message: 'invalid downgrade; server version is not allowed to join when downgrade is enabled',
    source: 'server/etcdserver/api/membership/downgrade.go (mustDetectDowngrade), branch release-3.5',
  },
  {
    releases: '3.6',
    message: 'invalid downgrade; server version is lower than determined cluster version',
    source: 'server/etcdserver/version/downgrade.go (MustDetectDowngrade), branch release-3.6',
  },
];

const REFUSAL_PATTERNS = DOWNGRADE_REFUSALS.map(({ message }) => message.split('%s')[0]);

/** etcd's refusal in a member's log: the first line that carries one, with the versions it names. */
export interface FoundRefusal {
  /** The message as etcd logged it (zap's `msg`, or the capnslog line's text from the message on). */
  message: string;
  /** The release the refusing member runs, when the line names it. */
  serverVersion?: string;
  /** The cluster version its data holds, when the line names it. */
  clusterVersion?: string;
  /** The log line as written. */
  line: string;
}

/** Finds etcd's downgrade refusal in a member's log (zap JSON lines or capnslog text). */
export function findDowngradeRefusal(log: string): FoundRefusal | undefined {
  for (const line of log.split('\n')) {
    const at = REFUSAL_PATTERNS.map((pattern) => line.indexOf(pattern)).find((index) => index >= 0);
    if (at === undefined) continue;
    let record: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object') record = parsed as Record<string, unknown>;
    } catch {
      record = undefined;
    }
    const text = (key: string) => (typeof record?.[key] === 'string' ? (record[key] as string) : undefined);
    const message = text('msg') ?? line.slice(at).trim();
    const named = /current version: (\S+) is lower than determined cluster version: ([^\s).]+(?:\.\d+)*)/.exec(message);
    return {
      message,
      serverVersion: text('current-server-version') ?? named?.[1],
      clusterVersion: text('determined-cluster-version') ?? named?.[2],
      line,
    };
  }
  return undefined;
}

/**
 * etcd's downgrade API (3.5 and later servers; `etcdctl downgrade` from 3.6):
 * Maintenance.Downgrade with an action and the target `major.minor` (api/etcdserverpb/rpc.proto),
 * and the errors the server answers with (server/etcdserver/version/errors.go and
 * server/etcdserver/errors.go).
 */
export const DOWNGRADE_API = {
  method: '/etcdserverpb.Maintenance/Downgrade',
  actions: { VALIDATE: 0, ENABLE: 1, CANCEL: 2 },
  errors: {
    invalidTarget: 'etcdserver: invalid downgrade target version',
    inProgress: 'etcdserver: cluster has a downgrade job in progress',
    noneInFlight: 'etcdserver: no inflight downgrade job',
    wrongFormat: 'etcdserver: wrong downgrade target version format',
    clusterVersionUnavailable: 'etcdserver: cluster version not found during downgrade',
  },
  /** The leader's log line once every member runs the target: it then cancels the downgrade itself (version/monitor.go). */
  completed: 'the cluster has been downgraded',
} as const;

// ---------------------------------------------------------------------------------------------
// Path

export type UpgradeKind =
  | 'same'
  | 'patch-upgrade'
  | 'patch-downgrade'
  | 'minor-upgrade'
  | 'minor-downgrade'
  | 'skips-minor'
  | 'major'
  | 'unknown';

/** What moving a cluster from one release to another is, and whether etcd supports it. */
export interface UpgradePath {
  from: string;
  to: string;
  kind: UpgradeKind;
  direction: 'upgrade' | 'downgrade' | 'none';
  /** etcd supports the move, member by member, with the cluster serving throughout. */
  supported: boolean;
  /**
   * How: `rolling` (each member restarted on the target release with its data), or
   * `downgrade-api` (validate and enable the downgrade to `downgradeTarget` first, then rolling).
   */
  procedure?: 'rolling' | 'downgrade-api';
  /** The target of etcd's downgrade API (`3.5`), for `downgrade-api`. */
  downgradeTarget?: string;
  /** What must hold before the first member moves (checked by the drill, or said in the report). */
  requirements: string[];
  /** Why the move is, or is not, supported. */
  reason: string;
  /**
   * For a downgrade etcd refuses: what the target release logs when a member is started on it
   * anyway, to match in the log (findDowngradeRefusal) and quote.
   */
  etcdRefusal?: DowngradeRefusal[];
  /** The cluster version (`major.minor`) once every member runs the target. */
  clusterVersion?: string;
}

/** The oldest 3.4 patch etcd's 3.5 → 3.4 downgrade guide allows ("The 3.4 version to downgrade to must be >= 3.4.32"). */
export const DOWNGRADE_TO_3_4_FROM = 32;

/** The first 3.4 patch with --next-cluster-version-compatible (CHANGELOG/CHANGELOG-3.4.md, v3.4.31). */
export const NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE = 31;

/** The refusals `to` may log when it is started on a newer minor's data. */
function refusalsOf(to: Release): DowngradeRefusal[] {
  if (to.major === 3 && to.minor === 4)
    return DOWNGRADE_REFUSALS.filter((refusal) =>
      refusal.releases.startsWith(to.patch >= NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE ? '3.4.31' : '3.4.0'),
    );
  const minor = minorText(to);
  const own = DOWNGRADE_REFUSALS.filter((refusal) => refusal.releases.startsWith(minor));
  return own.length > 0 ? own : DOWNGRADE_REFUSALS.filter((refusal) => refusal.releases === '3.6');
}

/**
 * What moving a cluster from release `from` to release `to` is: a patch change, a minor upgrade, a
 * minor downgrade (through etcd's downgrade API from 3.6 on), or a move etcd does not support (a
 * skipped minor, a major, 3.5 to a 3.4 older than 3.4.32), with the reason and, for a downgrade etcd
 * refuses, the refusal it logs.
 */
export function upgradePath(from: string, to: string): UpgradePath {
  const source = parseRelease(from);
  const target = parseRelease(to);
  const base = { from, to, requirements: [] as string[] };
  if (!source || !target)
    return {
      ...base,
      kind: 'unknown',
      direction: 'none',
      supported: false,
      reason: `${!source ? from : to} is not an etcd release (major.minor.patch).`,
    };
  const order =
    source.major !== target.major
      ? target.major - source.major
      : source.minor !== target.minor
        ? target.minor - source.minor
        : target.patch === source.patch
          ? 0
          : target.patch > source.patch
            ? 1
            : -1;
  const direction = order > 0 ? 'upgrade' : order < 0 ? 'downgrade' : 'none';
  const clusterVersion = minorText(target);

  if (source.major !== target.major)
    return {
      ...base,
      kind: 'major',
      direction,
      supported: false,
      reason: `etcd ${from} and ${to} are different major releases; etcd moves between minor releases of one major only.`,
    };

  if (source.minor === target.minor) {
    if (order === 0)
      return {
        ...base,
        kind: 'same',
        direction,
        supported: false,
        clusterVersion,
        reason: `etcd ${from} and ${to} are the same release: there is nothing to move.`,
      };
    return {
      ...base,
      kind: order > 0 ? 'patch-upgrade' : 'patch-downgrade',
      direction,
      supported: true,
      procedure: 'rolling',
      clusterVersion,
      reason: `A patch ${direction} within ${clusterVersion}: etcd checks only the major.minor of a server against the cluster version, so each member restarts on ${patchText(target)} with its data.`,
    };
  }

  const steps = Math.abs(target.minor - source.minor);
  if (steps > 1) {
    const between = Array.from(
      { length: steps - 1 },
      (_, index) => `${source.major}.${Math.min(source.minor, target.minor) + index + 1}`,
    );
    return {
      ...base,
      kind: 'skips-minor',
      direction,
      supported: false,
      reason:
        direction === 'upgrade'
          ? `The upgrade skips ${between.join(' and ')}: etcd ${UPGRADE_RULE_INFO.skipsMinor.etcdDoes.replace(/^Supports/, 'supports')} Upgrade to ${between.join(', then ')} first.`
          : `The downgrade skips ${between.join(' and ')}: etcd downgrades one minor release at a time (its downgrade API takes only the minor just below the cluster version). Downgrade to ${between.reverse().join(', then ')} first.`,
    };
  }

  if (direction === 'upgrade') {
    const required = REQUIRED_BEFORE_NEXT[minorText(source) as keyof typeof REQUIRED_BEFORE_NEXT];
    if (required !== undefined && source.patch < required)
      return {
        ...base,
        kind: 'minor-upgrade',
        direction,
        supported: false,
        clusterVersion,
        reason: `etcd ${UPGRADE_RULE_INFO.patchRequired.etcdDoes.replace(/^Requires/, 'requires')} Upgrade every member to ${minorText(source)}.${required} or later first (a patch upgrade), then to ${to}.`,
      };
    const requirements = ['every member healthy, on one release'];
    if (source.major === 3 && source.minor === 5)
      requirements.push('no v2 store content (enable-v2 off; `etcdutl check v2store` clean)');
    return {
      ...base,
      kind: 'minor-upgrade',
      direction,
      supported: true,
      procedure: 'rolling',
      requirements,
      clusterVersion,
      reason: `A minor upgrade, ${minorText(source)} → ${clusterVersion}: each member restarts on ${patchText(target)} with its data; the cluster version moves to ${clusterVersion} once every member runs it.`,
    };
  }

  // One minor down.
  if (source.minor >= 6)
    return {
      ...base,
      kind: 'minor-downgrade',
      direction,
      supported: true,
      procedure: 'downgrade-api',
      downgradeTarget: clusterVersion,
      requirements: ['every member healthy, on one release', 'no downgrade already enabled'],
      clusterVersion,
      reason: `etcd ${minorText(source)} downgrades through its downgrade API: validate and enable the downgrade to ${clusterVersion} (the cluster version becomes ${clusterVersion} at once and the storage is migrated), then restart each member on ${patchText(target)}, the leader last.`,
    };
  if (source.minor === 5 && target.minor === 4) {
    if (target.patch >= DOWNGRADE_TO_3_4_FROM)
      return {
        ...base,
        kind: 'minor-downgrade',
        direction,
        supported: true,
        procedure: 'rolling',
        requirements: ['every member healthy, on one release', 'auth disabled (3.5 changed the WAL entries of auth)'],
        clusterVersion,
        reason: `etcd ${patchText(target)} joins a 3.5 cluster when started with --next-cluster-version-compatible; the cluster version drops to 3.4 when the first member runs 3.4.`,
      };
    const lacks =
      target.patch < NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE
        ? `lacks --next-cluster-version-compatible (added in 3.4.${NEXT_CLUSTER_VERSION_COMPATIBLE_SINCE})`
        : `has --next-cluster-version-compatible but cannot join a 3.5 cluster with it (fixed in 3.4.${DOWNGRADE_TO_3_4_FROM})`;
    return {
      ...base,
      kind: 'minor-downgrade',
      direction,
      supported: false,
      clusterVersion,
      etcdRefusal: refusalsOf(target),
      reason: `etcd ${to} ${lacks}, so it refuses a data dir whose cluster version is 3.5; etcd's guide downgrades 3.5 only to 3.4.${DOWNGRADE_TO_3_4_FROM} or later.`,
    };
  }
  return {
    ...base,
    kind: 'minor-downgrade',
    direction,
    supported: false,
    clusterVersion,
    etcdRefusal: refusalsOf(target),
    reason: `etcd ${minorText(source)} has no downgrade procedure to ${clusterVersion}; ${clusterVersion} refuses a data dir whose cluster version is ${minorText(source)}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Cluster version

/**
 * The cluster version (`major.minor`) etcd's leader settles on for members reporting these server
 * versions (`/version` `etcdserver`; undefined for a member not answering): the lowest minor of
 * them, as etcd decides it. Unchanged (`current`) while any member's version is unknown; the
 * downgrade target while a downgrade is enabled. From `current`, etcd moves it up, or one minor
 * down (a 3.4 member in a 3.5 cluster), never further.
 */
export function expectedClusterVersion(
  memberVersions: ReadonlyArray<string | undefined>,
  options: { current?: string; downgradeTarget?: string } = {},
): string | undefined {
  const current = options.current === undefined ? undefined : parseRelease(options.current);
  if (options.downgradeTarget !== undefined) {
    const target = parseRelease(options.downgradeTarget);
    if (target) return minorText(target);
  }
  const releases = memberVersions.map((version) => (version === undefined ? undefined : parseRelease(version)));
  if (releases.length === 0 || releases.some((release) => release === undefined))
    return current ? minorText(current) : undefined;
  const lowest = (releases as Release[]).reduce((low, release) =>
    release.major < low.major || (release.major === low.major && release.minor < low.minor) ? release : low,
  );
  if (!current) return minorText(lowest);
  const oneDown = lowest.major === current.major && lowest.minor === current.minor - 1;
  const up = lowest.major === current.major && lowest.minor > current.minor;
  return minorText(up || oneDown ? lowest : current);
}

/** Whether a reported cluster version (`/version` `etcdcluster`, `3.5.0`) is the target's minor. */
export function clusterVersionReached(reported: string | undefined, target: string): boolean {
  const have = reported === undefined ? undefined : parseRelease(reported);
  const want = parseRelease(target);
  return !!have && !!want && have.major === want.major && have.minor === want.minor;
}

// ---------------------------------------------------------------------------------------------
// Flags

/** One etcd setting by flag name (no dashes) and value; `true` is a bare boolean flag. */
export type FlagSetting = readonly [name: string, value: string | boolean];

/** What the translation did to one setting, for the report. */
export interface FlagTranslation {
  action: 'renamed' | 'changed' | 'dropped' | 'added' | 'refused';
  /** The flag as the source release's configuration has it (for `added`, the flag added). */
  flag: string;
  /** The setting written for the target instead, when there is one. */
  becomes?: FlagSetting;
  /** One line: `--experimental-corrupt-check-time became --corrupt-check-time`. */
  text: string;
  /** Why, as etcd has it. */
  reason: string;
}

export interface TranslatedFlags<T> {
  /** The settings (or arguments) for the target release; the refused ones left out. */
  flags: T[];
  /** Every change, in the order of the settings. */
  translations: FlagTranslation[];
  /** The translations that refuse a setting: the member cannot move to the target with it. */
  refused: FlagTranslation[];
}

const GO_TRUE = /^(1|t|T|TRUE|true|True)$/;
const GO_FALSE = /^(0|f|F|FALSE|false|False)$/;

/** A boolean flag's value as Go's flag package reads it; undefined when it is none. */
function goBool(value: string | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (GO_TRUE.test(value.trim())) return true;
  if (GO_FALSE.test(value.trim())) return false;
  return undefined;
}

const written = (name: string, value: string | boolean) => (value === true ? `--${name}` : `--${name}=${value}`);

/**
 * Flags the target lacks that can go without changing what matters to a member restarted on its
 * data: the reason, or undefined to refuse the value given.
 */
function droppable(name: string, value: string | boolean, to: EtcdVersion): string | undefined {
  if (name === 'discovery' || name.startsWith('discovery-'))
    return 'discovery is read only when a member first bootstraps; the member restarts on its data dir';
  if (name === 'log-format')
    return `etcd ${to.minor} has no --log-format; it writes its log as JSON, the default of the release it leaves`;
  if (name === 'enable-log-rotation' || name === 'log-rotation-config-json')
    return `etcd ${to.minor} cannot rotate its log file; the log is written, unrotated`;
  if (/(^|-)distributed-tracing-|(^|-)enable-distributed-tracing$/.test(name))
    return `etcd ${to.minor} has no distributed tracing; nothing but the traces is lost`;
  if (/^(experimental-)?warning-unary-request-duration$/.test(name))
    return `etcd ${to.minor} has no slow-request warning threshold; only a log line changes`;
  if (/^(experimental-)?downgrade-check-time$/.test(name))
    return `the interval at which a leader checks a downgrade's progress; etcd ${to.minor} has no downgrade monitor`;
  if (name === 'next-cluster-version-compatible')
    return 'it only lets etcd 3.4 run on a 3.5 cluster’s data; later releases need no such flag';
  if (name === 'max-learners' && String(value).trim() === '1')
    return `etcd ${to.minor} allows one learner, the value set`;
  if (name.startsWith('proxy-')) return `a setting of the v2 proxy, which etcd ${to.minor} removed`;
  if (name === 'proxy' && value === 'off') return `the v2 proxy is off, and etcd ${to.minor} removed it`;
  if (name === 'v2-deprecation' && String(value).trim() === 'not-yet')
    return `etcd ${to.minor} keeps the v2 store as not-yet does`;
  if (name === 'experimental-enable-v2v3' && String(value).trim() === '')
    return `the v2 emulation is off, and etcd ${to.minor} removed it`;
  return undefined;
}

/** Why a flag the target lacks is refused. */
function refusalReason(name: string, value: string | boolean, to: EtcdVersion): string {
  const status = flagInfo(name, to);
  if (name === 'enable-v2' || name === 'experimental-enable-v2v3')
    return `etcd ${to.minor} removed the v2 store: ${UPGRADE_RULE_INFO.v2Store.fix}`;
  if (name === 'proxy') return `etcd ${to.minor} removed the v2 proxy (--proxy=${value}); use \`etcd grpc-proxy\``;
  if (status.removedIn)
    return `etcd ${status.removedIn} removed --${name}${status.use ? `; use ${status.use}` : ''}, and etcd exits on a flag it does not know`;
  if (status.since)
    return `--${name} exists in ${to.minor} only from ${status.since}, and etcd exits on a flag it does not know`;
  return `etcd ${to.text} has no --${name} and exits on a flag it does not know; --${name}=${value} changes how the member runs, so it is not dropped silently`;
}

/** The flag of the target release whose newer name is `name` (`corrupt-check-time` → `experimental-corrupt-check-time` in 3.5). */
function olderNameOf(name: string, to: EtcdVersion): string | undefined {
  return knownFlags(to).find((candidate) => candidate !== name && flagInfo(candidate, to).use === name);
}

const GATE_FLAGS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FEATURE_GATE_FLAGS).map(([flag, gate]) => [gate, flag]),
);

/** Splits a `feature-gates` value (`A=true,B=false`) into its gates. */
function featureGates(value: string): Array<[gate: string, enabled: string]> {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const [gate, enabled = 'true'] = item.split('=');
      return [gate.trim(), enabled.trim()];
    });
}

/** Parses etcd arguments (`--name=value`, `--name value`, `--bool`, single dash too) into settings. */
function settingsOfArgs(args: readonly string[], version: EtcdVersion): Array<[string, string | boolean]> {
  const settings: Array<[string, string | boolean]> = [];
  for (let index = 0; index < args.length; index++) {
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(args[index]);
    if (!match) continue;
    const [, name, value] = match;
    if (value !== undefined) settings.push([name, value]);
    else if (
      flagInfo(name, version).spec?.kind === 'bool' ||
      index + 1 >= args.length ||
      args[index + 1].startsWith('-')
    )
      settings.push([name, true]);
    else settings.push([name, args[++index]]);
  }
  return settings;
}

/**
 * Translates a member's settings (or its etcd arguments) from release `from` to release `to`:
 * renamed flags written under the target's name, flags the target lacks dropped or refused, a flag
 * the target needs added (3.5 → 3.4: --next-cluster-version-compatible). Each change is recorded.
 */
export function translateFlags(input: readonly string[], from: string, to: string): TranslatedFlags<string>;
export function translateFlags(input: readonly FlagSetting[], from: string, to: string): TranslatedFlags<FlagSetting>;
export function translateFlags(
  input: readonly string[] | readonly FlagSetting[],
  from: string,
  to: string,
): TranslatedFlags<string> | TranslatedFlags<FlagSetting> {
  const source = parseEtcdVersion(from);
  const target = parseEtcdVersion(to);
  const asArgs = input.length > 0 && input.every((item) => typeof item === 'string');
  const settings = asArgs
    ? settingsOfArgs(input as readonly string[], source)
    : (input as readonly FlagSetting[]).map(([name, value]): [string, string | boolean] => [
        name.replace(/^-+/, ''),
        value,
      ]);
  const result = translateSettings(settings, source, target);
  if (!asArgs) return result;
  return { ...result, flags: result.flags.map(([name, value]) => written(name, value)) };
}

function translateSettings(
  settings: ReadonlyArray<[string, string | boolean]>,
  from: EtcdVersion,
  to: EtcdVersion,
): TranslatedFlags<FlagSetting> {
  const out: Array<[string, string | boolean] | { gates: string[] }> = [];
  const translations: FlagTranslation[] = [];
  const given = new Set(settings.map(([name]) => name));
  const toVersion = `etcd ${to.text}`;
  let gates: { gates: string[] } | undefined;

  const record = (translation: FlagTranslation) => translations.push(translation);
  const rename = (name: string, value: string | boolean, next: string, reason: string, nextValue = value) => {
    if (given.has(next)) {
      record({
        action: 'dropped',
        flag: name,
        text: `${written(name, value)} dropped: --${next} is set too`,
        reason: `${reason}; --${next} is given as well, and stays`,
      });
      return;
    }
    out.push([next, nextValue]);
    record({
      action: 'renamed',
      flag: name,
      becomes: [next, nextValue],
      text: `${written(name, value)} became ${written(next, nextValue)}`,
      reason,
    });
  };
  const gate = (name: string, value: string | boolean, gateName: string) => {
    const enabled = goBool(value) ?? true;
    if (!gates) {
      gates = { gates: [] };
      out.push(gates);
    }
    gates.gates.push(`${gateName}=${enabled}`);
    record({
      action: 'renamed',
      flag: name,
      becomes: ['feature-gates', `${gateName}=${enabled}`],
      text: `${written(name, value)} became --feature-gates=${gateName}=${enabled}`,
      reason: `etcd ${to.minor} moves --${name} to its feature gate ${gateName} (the old flag is deprecated)`,
    });
  };
  const drop = (name: string, value: string | boolean, reason: string) =>
    record({ action: 'dropped', flag: name, text: `${written(name, value)} dropped`, reason });

  for (const [name, value] of settings) {
    // etcd 3.5 refuses capnslog: "--logger=capnslog is removed in v3.5" (server/embed/config_logging.go).
    if (name === 'logger' && value === 'capnslog' && isAtLeast(to, '3.5.0')) {
      out.push([name, 'zap']);
      record({
        action: 'changed',
        flag: name,
        becomes: [name, 'zap'],
        text: '--logger=capnslog became --logger=zap',
        reason: `${toVersion} logs with zap only ("--logger=capnslog is removed in v3.5")`,
      });
      continue;
    }
    const status = flagInfo(name, to);
    if (status.known) {
      const before = flagInfo(name, from);
      const newlyDeprecated = status.deprecatedIn && !before.deprecatedIn;
      const gateName = FEATURE_GATE_FLAGS[name];
      if (newlyDeprecated && gateName && status.use?.startsWith('feature-gates=') && !given.has('feature-gates'))
        gate(name, value, gateName);
      else if (newlyDeprecated && status.use && /^[a-z0-9-]+$/.test(status.use) && flagInfo(status.use, to).known)
        rename(
          name,
          value,
          status.use,
          `etcd ${to.minor} renames --${name} to --${status.use} (the old name is deprecated)`,
        );
      else out.push([name, value]);
      continue;
    }
    // A flag the target lacks: renamed forward (3.4 → 3.5), back (a downgrade), split from feature gates, or gone.
    if (name === 'log-package-levels') {
      drop(name, value, `${toVersion} has no per-package log levels (capnslog's); zap logs at --log-level`);
      continue;
    }
    const [useName, useValue] = (status.use ?? '').split('=');
    if (status.use && /^[a-z0-9-]+(=[^=]+)?$/.test(status.use) && flagInfo(useName, to).known) {
      if (useValue === undefined)
        rename(name, value, useName, `etcd ${status.removedIn ?? to.minor} renamed --${name} to --${useName}`);
      else if (goBool(value) === true)
        rename(
          name,
          value,
          useName,
          `etcd ${status.removedIn ?? to.minor} replaced --${name} by ${written(useName, useValue)}`,
          useValue,
        );
      else drop(name, value, `${written(name, value)} is off, and etcd ${status.removedIn ?? to.minor} removed it`);
      continue;
    }
    const older = olderNameOf(name, to);
    if (older) {
      rename(name, value, older, `${toVersion} knows --${name} only as --${older}`);
      continue;
    }
    if (name === 'feature-gates') {
      for (const [gateName, enabled] of featureGates(String(value))) {
        const flag = GATE_FLAGS[gateName];
        const on = goBool(enabled);
        const text = `--feature-gates=${gateName}=${enabled}`;
        if (flag && flagInfo(flag, to).known) {
          out.push([flag, String(on ?? enabled)]);
          record({
            action: 'renamed',
            flag: name,
            becomes: [flag, String(on ?? enabled)],
            text: `${text} became --${flag}=${on ?? enabled}`,
            reason: `${toVersion} has no feature gates; --${flag} is the same switch`,
          });
        } else if (on === false)
          record({
            action: 'dropped',
            flag: name,
            text: `${text} dropped`,
            reason: `${toVersion} has no ${gateName}, which is off here`,
          });
        else
          record({
            action: 'refused',
            flag: name,
            text: `${text} refused`,
            reason: `${toVersion} has no ${gateName} (no feature gates, no flag for it); the member would run without it`,
          });
      }
      continue;
    }
    const reason = droppable(name, value, to);
    if (reason) {
      drop(name, value, reason);
      continue;
    }
    if (status.spec?.kind === 'bool' && goBool(value) === false) {
      drop(name, value, `${toVersion} has no --${name}; it is off here, which is what the target does without it`);
      continue;
    }
    record({
      action: 'refused',
      flag: name,
      text: `${written(name, value)} refused`,
      reason: refusalReason(name, value, to),
    });
  }

  // 3.5 → 3.4 (3.4.31 and later): a 3.4 member runs on a 3.5 cluster's data only with this flag.
  if (
    from.minor === '3.5' &&
    to.minor === '3.4' &&
    flagInfo('next-cluster-version-compatible', to).known &&
    !given.has('next-cluster-version-compatible')
  ) {
    out.push(['next-cluster-version-compatible', true]);
    record({
      action: 'added',
      flag: 'next-cluster-version-compatible',
      becomes: ['next-cluster-version-compatible', true],
      text: '--next-cluster-version-compatible added',
      reason: `etcd 3.4 runs on a 3.5 cluster's data only with it (etcd's 3.5 → 3.4 downgrade guide)`,
    });
  }

  const flags = out.map((item): FlagSetting => ('gates' in item ? ['feature-gates', item.gates.join(',')] : item));
  return { flags, translations, refused: translations.filter((translation) => translation.action === 'refused') };
}
