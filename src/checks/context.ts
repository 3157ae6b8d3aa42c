import type { ClusterSpec } from '../cluster/spec.js';
import type { EtcdClient } from '../etcd/client.js';
import type { ReleaseSource, Target } from '../targets/target.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

/**
 * A check's measurements by name: numbers (milliseconds end in `Ms`, counts are plain) and the
 * occasional verdict as a boolean (history's `linearizable`). Every name, its unit and its meaning
 * are in src/report/figures.ts, from which the legends and the JSON Schema are made.
 */
export type Figures = Record<string, number | boolean>;

/** What every check may use: the cluster, an etcd client, time and a logger. */
export interface ReadContext {
  spec: ClusterSpec;
  client: EtcdClient;
  clock: Clock;
  logger: Logger;
  /** Key prefix under which this run's checks write, so they never touch other data. */
  keyPrefix: string;
}

/** What a check that stops and starts members uses: also the target that runs them. */
export interface CheckContext extends ReadContext {
  target: Target;
  /** The etcd release the upgrade check moves the members to (`upgrade-etcd-version`, `upgrade-etcd-path`, `upgrade-image`), found before the checks run. */
  release?: ReleaseSource;
}
