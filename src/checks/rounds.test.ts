import type { CheckResult, Figures } from './check.js';
import { combineFigures, combineRounds, nearestRank } from './rounds.js';

const round = (
  figures: Figures,
  status: CheckResult['status'] = 'pass',
  summary = 'ok',
  notes: string[] = [],
): CheckResult => ({
  name: 'failover',
  status,
  summary,
  durationMs: 100,
  figures,
  notes,
});

describe('nearestRank', () => {
  it('takes the smallest value with at least p% of the values at or below it', () => {
    const values = [5, 1, 4, 2, 3];
    expect([nearestRank(values, 50), nearestRank(values, 95), nearestRank(values, 100)]).toEqual([3, 5, 5]);
    const twenty = Array.from({ length: 20 }, (_, index) => 20 - index);
    expect([nearestRank(twenty, 50), nearestRank(twenty, 95)]).toEqual([10, 19]);
    // An even count takes the lower middle value, one some round measured, not an average.
    expect(nearestRank([10, 40], 50)).toBe(10);
    expect(nearestRank([7], 95)).toBe(7);
    expect(() => nearestRank([], 50)).toThrow('no values');
  });
});

describe('combineFigures', () => {
  it('keeps each name as the p50, puts P95 and Max beside it, sums keysLost and counts the rounds', () => {
    const combined = combineFigures([
      { newLeaderMs: 300, keysLost: 0, keysAcknowledged: 60 },
      { newLeaderMs: 100, keysLost: 2, keysAcknowledged: 61 },
      { newLeaderMs: 500, keysLost: 1, keysAcknowledged: 59 },
      { newLeaderMs: 200, keysLost: 0, keysAcknowledged: 60 },
      { newLeaderMs: 400, keysLost: 0, keysAcknowledged: 60 },
    ]);
    expect(combined).toEqual({
      newLeaderMs: 300,
      newLeaderMsP95: 500,
      newLeaderMsMax: 500,
      keysLost: 3,
      keysAcknowledged: 60,
      keysAcknowledgedP95: 61,
      keysAcknowledgedMax: 61,
      rounds: 5,
    });
  });

  it("combines the integrity pass's figures: agreement in every round, panic lines summed, the last revision as Max", () => {
    const combined = combineFigures([
      { integrityRevision: 120, hashKvAgree: true, hashKvMembers: 3, logPanics: 0 },
      { integrityRevision: 250, hashKvAgree: false, hashKvMembers: 2, logPanics: 0 },
      { integrityRevision: 380, hashKvAgree: true, hashKvMembers: 3, logPanics: 2 },
    ]);
    expect(combined).toMatchObject({ hashKvAgree: false, logPanics: 2, integrityRevisionMax: 380, hashKvMembers: 3 });
    expect(combined).not.toHaveProperty('logPanicsMax');
  });

  it('takes each figure over the rounds that measured it', () => {
    expect(
      combineFigures([
        { etcdElectedMs: 90, newLeaderMs: 100 },
        { newLeaderMs: 120 },
        { etcdElectedMs: 70, newLeaderMs: 110 },
      ]),
    ).toEqual({
      etcdElectedMs: 70,
      etcdElectedMsP95: 90,
      etcdElectedMsMax: 90,
      newLeaderMs: 110,
      newLeaderMsP95: 120,
      newLeaderMsMax: 120,
      rounds: 3,
    });
  });
});

describe('combineRounds', () => {
  it('passes when every round passed, and keeps each round for the report', () => {
    const result = combineRounds(
      [round({ newLeaderMs: 100 }, 'pass', 'first'), round({ newLeaderMs: 200 }, 'pass', 'second')],
      2,
    );
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/^all 2 rounds passed .*; the last: second$/);
    expect(result.durationMs).toBe(200);
    expect(result.figures).toEqual({ newLeaderMs: 100, newLeaderMsP95: 200, newLeaderMsMax: 200, rounds: 2 });
    expect(result.rounds).toEqual([
      { round: 1, status: 'pass', summary: 'first', durationMs: 100, figures: { newLeaderMs: 100 }, notes: [] },
      { round: 2, status: 'pass', summary: 'second', durationMs: 100, figures: { newLeaderMs: 200 }, notes: [] },
    ]);
  });

  it('fails when a round failed, naming the round, why, and the rounds that did not run', () => {
    const result = combineRounds(
      [
        round({ newLeaderMs: 100 }),
        round({ newLeaderMs: 150 }),
        round({ newLeaderMs: 900, keysLost: 4 }, 'fail', '4 acknowledged keys are missing', ['leader was etcd-2']),
      ],
      5,
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'round 3 of 5 failed: 4 acknowledged keys are missing; rounds 1 to 2 passed; rounds 4 to 5 did not run',
    );
    expect(result.figures.keysLost).toBe(4);
    expect(result.figures.rounds).toBe(3);
    expect(result.notes).toContain('round 3: leader was etcd-2');
    expect(result.rounds?.map((entry) => entry.status)).toEqual(['pass', 'pass', 'fail']);
    expect(combineRounds([round({}, 'fail', 'boom')], 2).summary).toBe(
      'round 1 of 2 failed: boom; round 2 did not run',
    );
    expect(combineRounds([round({}), round({}, 'fail', 'boom')], 2).summary).toBe(
      'round 2 of 2 failed: boom; round 1 passed',
    );
  });

  it('hands back the files of the round that failed', () => {
    const files = [{ name: 'etcd-ha-history-abc.jsonl', content: '{}\n' }];
    expect(combineRounds([round({}), { ...round({}, 'fail', 'boom'), files }], 3).files).toEqual(files);
    expect(combineRounds([round({}), round({})], 2).files).toBeUndefined();
  });
});

describe('a boolean figure over rounds', () => {
  it('is true only if every round that gave it was true, with no P95 or Max', () => {
    expect(
      combineFigures([
        { linearizable: true, keys: 5 },
        { linearizable: true, keys: 5 },
      ]),
    ).toEqual({
      linearizable: true,
      keys: 5,
      keysP95: 5,
      keysMax: 5,
      rounds: 2,
    });
    expect(combineFigures([{ linearizable: true }, { linearizable: false }, { linearizable: true }])).toEqual({
      linearizable: false,
      rounds: 3,
    });
    expect(combineFigures([{ linearizable: true }, {}])).toEqual({ linearizable: true, rounds: 2 });
  });
});
