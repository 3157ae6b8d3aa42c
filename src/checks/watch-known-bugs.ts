/**
 * Watch bugs etcd fixed in patch releases, by the guarantee the `watch` check finds broken, with the
 * release of each minor line that fixed them (etcd's CHANGELOG-3.4.md and CHANGELOG-3.5.md). A violation
 * on a release older than the fix is named with it, so a finding on an old release says what to upgrade to.
 */
import type { WatchGuarantee } from '../history/watch.js';
import { isAtLeast, parseEtcdVersion } from '../lint/etcd-flags.js';

export interface KnownWatchBug {
  /** The guarantees the checker finds it breaking. */
  guarantees: readonly WatchGuarantee[];
  /** What the first violation expected, when only some violations of those guarantees are this bug. */
  expects?: RegExp;
  /** What etcd got wrong, in its CHANGELOG's words. */
  what: string;
  /** The first release of each minor line with the fix. */
  fixedIn: Readonly<Record<string, string>>;
  /** etcd's pull requests of the fix, one per line. */
  fixes: string;
}

export const KNOWN_WATCH_BUGS: readonly KnownWatchBug[] = [
  {
    guarantees: ['bookmarkable'],
    what: 'requested watcher progress notifications are not synchronised with the stream',
    fixedIn: { '3.4': '3.4.25', '3.5': '3.5.8' },
    fixes: 'etcd-io/etcd#15697 (3.4), #15695 (3.5)',
  },
  {
    // A watch from the compaction's revision misses the DELETE there: the first event it was due
    // (resumable) or one within what its first response covers (reliable).
    guarantees: ['resumable', 'reliable'],
    expects: /^DELETE /,
    what: 'a compaction removed the tombstone at its own revision, so a watch starting there missed the DELETE',
    fixedIn: { '3.4': '3.4.34', '3.5': '3.5.16' },
    fixes: 'etcd-io/etcd#18475 (3.4), #18474 (3.5)',
  },
];

/** The known bug a violation of `guarantee` on etcd `version` is, when that release predates its fix. */
export function knownWatchBug(
  guarantee: WatchGuarantee,
  version: string | undefined,
  expected = '',
): KnownWatchBug | undefined {
  if (version === undefined) return undefined;
  const release = parseEtcdVersion(version);
  const fixedIn = (bug: KnownWatchBug) => (release.rulesOf === undefined ? bug.fixedIn[release.minor] : undefined);
  return KNOWN_WATCH_BUGS.find((bug) => {
    const fix = fixedIn(bug);
    return (
      bug.guarantees.includes(guarantee) &&
      (bug.expects === undefined || bug.expects.test(expected)) &&
      fix !== undefined &&
      !isAtLeast(release, fix)
    );
  });
}

/** The sentence a finding gets on a release with a known bug that breaks that guarantee: what etcd fixed, where, by which change. */
export function knownWatchBugText(bug: KnownWatchBug, version: string): string {
  return `etcd ${version} has a known bug that breaks it, fixed in ${bug.fixedIn[parseEtcdVersion(version).minor]} (${bug.what}; ${bug.fixes})`;
}
