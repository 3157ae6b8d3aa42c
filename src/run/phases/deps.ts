import type { ReleaseCache } from '../../etcd/install.js';
import type { Clock } from '../../util/clock.js';
import type { HttpGet } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';
import type { ProcessRunner } from '../../util/process.js';
import type { CapturedLogs } from '../diagnostics.js';
import type { RunRegistry } from '../run-records.js';
import type { ClusterState } from '../state.js';

/** What every phase needs from the outside world. */
export interface PipelineDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  /** Tool-cache root for downloaded etcd releases. */
  cacheRoot: string;
  /** Folders searched for etcd on PATH. */
  searchPath: string[];
  /** How etcd releases are downloaded (default: the toolkit's HTTP client). */
  http?: HttpGet;
  releaseCache?: ReleaseCache;
  toolVersion: string;
  /** Always holds the newest state, so a signal handler can tear down what is running right now. */
  live?: { state?: ClusterState };
  /** Where the CLI records the clusters it starts (`etcd-ha ps`, `down --all`); the action records none. */
  runs?: RunRegistry;
  /** Set when a diagnostics bundle may be wanted: a failed start keeps the member logs here before its teardown removes them. */
  captured?: CapturedLogs;
}
