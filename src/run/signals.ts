import type { PipelineDeps } from './phases/deps.js';
import { downPhase } from './phases/down.js';
import type { ClusterState } from './state.js';

/**
 * On SIGINT or SIGTERM, ends whatever cluster is running now (`live.state`) and exits with
 * `exitCode(signal)`. Returns a function that removes the handlers again.
 */
export function teardownOnSignals(
  live: { state?: ClusterState },
  deps: PipelineDeps,
  options: { keep: boolean; exitCode: (signal: NodeJS.Signals) => number },
): () => void {
  let handling = false;
  const handler = (signal: NodeJS.Signals) => {
    if (handling) return;
    handling = true;
    deps.logger.warning(`${signal} received: tearing the cluster down`);
    const done = () => process.exit(options.exitCode(signal));
    if (!live.state) done();
    else downPhase(live.state, { keep: options.keep }, deps).then(done, done);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
