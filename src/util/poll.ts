import type { Clock } from './clock.js';

export interface PollOptions {
  /** What is awaited, for the timeout message. */
  what: string;
  timeoutMs: number;
  intervalMs: number;
  clock: Clock;
  /** Errors that end the wait at once instead of counting as "not yet" (a member that exited, say). */
  isFatal?: (error: unknown) => boolean;
}

export class PollTimeoutError extends Error {
  constructor(
    what: string,
    timeoutMs: number,
    readonly lastError?: unknown,
  ) {
    super(
      `timed out after ${timeoutMs} ms waiting for ${what}` +
        (lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : ''),
    );
    this.name = 'PollTimeoutError';
  }
}

/**
 * Calls `attempt` until it returns a value other than undefined, bounded both in time and in the
 * number of attempts. A thrown error counts as "not yet" and is kept for the timeout message, unless
 * `isFatal` says it ends the wait.
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const { clock, timeoutMs, intervalMs } = options;
  const deadline = clock.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / Math.max(1, intervalMs)) + 1;
  let lastError: unknown;
  for (let i = 0; i < maxAttempts; i++) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      if (options.isFatal?.(error)) throw error;
      lastError = error;
    }
    if (clock.now() >= deadline) break;
    await clock.sleep(Math.min(intervalMs, Math.max(0, deadline - clock.now())));
  }
  throw new PollTimeoutError(options.what, timeoutMs, lastError);
}
