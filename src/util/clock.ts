import { performance } from 'node:perf_hooks';

/** Time as the checks measure it: a monotonic clock for durations, a wall clock to match etcd's log times. */
export interface Clock {
  /** Monotonic milliseconds, for measuring durations. */
  now(): number;
  /** Milliseconds since the epoch, to compare with timestamps that etcd logs. */
  wallNow(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Rounds a measured duration to tenths of a millisecond for reports. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
