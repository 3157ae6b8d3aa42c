import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The etcd 3.5 releases scripts/test.sh fetches from Debian's newer suites (scripts/etcd-releases.sh). */
export const ETCD_35_RELEASES = ['3.5.16', '3.5.30'] as const;
export type Etcd35Release = (typeof ETCD_35_RELEASES)[number];

/** The release of the integration suite's main paths on etcd 3.5 (test/etcd-35.itest.ts). */
export const NEWEST_ETCD_35: Etcd35Release = '3.5.30';

export interface EtcdRelease {
  version: string;
  /** The folder holding etcd, etcdctl and etcdutl: what the CLI's --etcd-path takes. */
  binDir: string;
  etcd: string;
  etcdctl: string;
  etcdutl: string;
}

/** The cache scripts/test.sh fills (ETCD_HA_TEST_CACHE, the same default as the scripts). */
export function testCacheRoot(): string {
  return (
    process.env.ETCD_HA_TEST_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'etcd-ha-test')
  );
}

/**
 * The binaries of an etcd release that scripts/test.sh extracted from Debian's packages into
 * <cache>/etcd/<version>/usr/bin. Throws, naming what is missing, when that release is not there: a
 * test that needs it fails rather than skips.
 */
export function etcdRelease(version: Etcd35Release): EtcdRelease {
  const binDir = path.join(testCacheRoot(), 'etcd', version, 'usr', 'bin');
  const tools = Object.fromEntries(
    ['etcd', 'etcdctl', 'etcdutl'].map((tool) => [tool, path.join(binDir, tool)]),
  ) as Record<'etcd' | 'etcdctl' | 'etcdutl', string>;
  for (const file of Object.values(tools)) {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      throw new Error(
        `etcd ${version} is not in the test cache (${file} is missing or not executable); ` +
          'scripts/test.sh fetches it from Debian (scripts/etcd-releases.sh): run the tests through it, ' +
          'or set ETCD_HA_TEST_CACHE to the cache it filled',
      );
    }
  }
  return { version, binDir, ...tools };
}
