/** The etcd releases the product downloads and accepts. */

/**
 * The etcd release used when none is asked for: the newest patch release of the newest minor line the
 * product knows (3.6). Bumped by hand when etcd publishes a patch; README.md and the action.yml files
 * name it too, and src/options/default-etcd-version.test.ts fails when they do not agree.
 */
export const DEFAULT_ETCD_VERSION = '3.6.16';
export const DEFAULT_DOWNLOAD_URL = 'https://github.com/etcd-io/etcd/releases/download';
export const MIN_ETCD_VERSION = [3, 4, 0] as const;
