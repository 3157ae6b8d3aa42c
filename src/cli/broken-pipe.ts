import type { EventEmitter } from 'node:events';

/**
 * Lets the CLI end as usual when the reader of its output goes away (`etcd-ha history check FILE |
 * head`: the pipe breaks, EPIPE): what is left to print is dropped, without a stack trace, and the
 * exit code stays the command's own (a verdict does not change because nobody read all of it; under
 * `set -o pipefail` a failing check still fails the pipeline). A verb that is running a cluster
 * still tears it down. Any other error of the stream is thrown as before.
 */
export function endQuietlyOnBrokenPipe(stream: EventEmitter): void {
  let broken = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // After EPIPE the stream is destroyed, and a later write fails with another code: that is the same break.
    if (error.code === 'EPIPE') broken = true;
    if (!broken) throw error;
  });
}
