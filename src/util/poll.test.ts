import type { Clock } from './clock.js';
import { pollUntil, PollTimeoutError } from './poll.js';

/** A clock that only moves when the code under test sleeps. */
function fakeClock(): Clock & { sleeps: number } {
  let now = 0;
  const clock = {
    sleeps: 0,
    now: () => now,
    wallNow: () => now,
    sleep: async (ms: number) => {
      clock.sleeps++;
      now += ms;
    },
  };
  return clock;
}

describe('pollUntil', () => {
  it('returns the first value that is not undefined', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      pollUntil(async () => (++calls === 3 ? 'done' : undefined), {
        what: 'x',
        timeoutMs: 1000,
        intervalMs: 10,
        clock,
      }),
    ).resolves.toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after the timeout, bounded in attempts, and keeps the last error', async () => {
    const clock = fakeClock();
    let calls = 0;
    const waiting = pollUntil(
      async () => {
        calls++;
        throw new Error(`refused ${calls}`);
      },
      { what: 'the leader', timeoutMs: 100, intervalMs: 10, clock },
    );
    await expect(waiting).rejects.toThrow(PollTimeoutError);
    await expect(waiting).rejects.toThrow(/timed out after 100 ms waiting for the leader \(last error: refused \d+\)/);
    expect(calls).toBeLessThanOrEqual(11);
  });

  it('stops at once on an error the caller calls fatal', async () => {
    const clock = fakeClock();
    let calls = 0;
    const fatal = new Error('member exited');
    await expect(
      pollUntil(
        async () => {
          calls++;
          if (calls === 2) throw fatal;
          return undefined;
        },
        { what: 'x', timeoutMs: 1000, intervalMs: 10, clock, isFatal: (error) => error === fatal },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(2);
  });
});
