import type { LintResult } from '../lint/model.js';
import { compareVersions, parseEtcdVersion } from './options.js';
import { type OptionReader } from './reader.js';
import { DEFAULT_ETCD_VERSION, MIN_ETCD_VERSION } from '../etcd/releases.js';

/** The least severe finding that fails the lint (`never`: nothing does). */
export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** What the lint action and `etcd-ha lint` take, parsed alike. */
export interface LintRunOptions {
  /** Files, folders or globs, as the user named them. */
  paths: string[];
  /** The etcd release the configuration is for. */
  etcdVersion: string;
  failOn: FailOn;
  /** Also report what `etcd-ha run --config` refuses, judging the paths' members as one cluster (the ETCD-6xx rules). */
  boot: boolean;
  /** The etcd release the configuration is to be upgraded to: what stops it there, or on the way, is reported too. */
  upgradeTo?: string;
}

/**
 * The lint options: `paths` given (the CLI's arguments), or the `path` option, newline- or
 * comma-separated (the action's input); `.` when neither names anything.
 */
export function parseLintOptions(read: OptionReader, paths?: string[], bootSwitch?: boolean): LintRunOptions {
  const named = paths ?? (read.raw('path') ?? '').split(/[\n,]/);
  const cleaned = named.map((item) => item.trim()).filter((item) => item !== '');
  const version = read.raw('etcd-version') ?? DEFAULT_ETCD_VERSION;
  const parsed = parseEtcdVersion(version);
  if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0) {
    read.fail('etcd-version', version, `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`);
  }
  const upgradeTo = read.raw('upgrade-to')?.trim() || undefined;
  if (upgradeTo !== undefined) {
    const target = parseEtcdVersion(upgradeTo);
    if (!target || !parsed || compareVersions(target, parsed) <= 0)
      read.fail('upgrade-to', upgradeTo, `a release version later than etcd-version ${version}, such as 3.6.16`);
  }
  return {
    paths: cleaned.length > 0 ? cleaned : ['.'],
    etcdVersion: version.replace(/^v/, ''),
    failOn: read.oneOf('fail-on', 'error', FAIL_ON),
    boot: bootSwitch ?? read.bool('boot', false),
    ...(upgradeTo ? { upgradeTo: upgradeTo.replace(/^v/, '') } : {}),
  };
}

/** Whether the result has a finding at or above `failOn`. */
export function reachesFailOn(summary: LintResult['summary'], failOn: FailOn): boolean {
  switch (failOn) {
    case 'error':
      return summary.errors > 0;
    case 'warning':
      return summary.errors + summary.warnings > 0;
    case 'never':
      return false;
    default: {
      const unknown: never = failOn;
      throw new Error(`unknown fail-on ${String(unknown)}`);
    }
  }
}
