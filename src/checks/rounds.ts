import type { CheckResult, Figures } from './check.js';

/** How many rounds a check that stops members may run on one cluster. */
export const MAX_ROUNDS = 50;

/** Figures that add up over the rounds instead of being summarised by their spread (lost keys, panic lines). */
const SUMMED_FIGURES = new Set(['keysLost', 'logPanics']);

/** Whether a figure of a check run in rounds is the sum over its rounds (not a spread). */
export function isSummedFigure(name: string): boolean {
  return SUMMED_FIGURES.has(name);
}

/**
 * The value at percentile `p` by the nearest-rank method: the smallest value with at least p% of the
 * values at or below it, so it is always a value some round measured.
 */
export function nearestRank(values: number[], p: number): number {
  if (values.length === 0) throw new Error('no values to take a percentile of');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

/**
 * The figures of several rounds as one set: each figure by its p50, with `<name>P95` and `<name>Max`
 * beside it, over the rounds that measured it; `keysLost` and `logPanics` summed; a boolean (a verdict) true only if
 * it was true in every round that gave it; `rounds` the number of rounds.
 */
export function combineFigures(rounds: Figures[]): Figures {
  const names = [...new Set(rounds.flatMap((figures) => Object.keys(figures)))];
  const combined: Figures = {};
  for (const name of names) {
    const given = rounds.map((figures) => figures[name]).filter((value) => value !== undefined);
    if (given.some((value) => typeof value === 'boolean')) {
      combined[name] = given.every((value) => value === true);
      continue;
    }
    const values = given.filter((value): value is number => typeof value === 'number');
    if (SUMMED_FIGURES.has(name)) {
      combined[name] = values.reduce((sum, value) => sum + value, 0);
      continue;
    }
    combined[name] = nearestRank(values, 50);
    combined[`${name}P95`] = nearestRank(values, 95);
    combined[`${name}Max`] = Math.max(...values);
  }
  combined.rounds = rounds.length;
  return combined;
}

/**
 * One result for a check that ran in rounds: it passes only if every round passed, and its summary
 * names the round that failed and why. The rounds stop at the first failure, so `planned` may be more
 * than the rounds that ran.
 */
export function combineRounds(results: CheckResult[], planned: number): CheckResult {
  const [first] = results;
  if (!first) throw new Error('no rounds to combine');
  const failedIndex = results.findIndex((result) => result.status !== 'pass');
  const failed = failedIndex === -1 ? undefined : results[failedIndex];
  const last = results[results.length - 1];
  let summary: string;
  if (!failed) {
    summary = `all ${results.length} rounds passed (figures: p50, with P95 and Max beside them); the last: ${last.summary}`;
  } else {
    const round = failedIndex + 1;
    summary = `round ${round} of ${planned} failed: ${failed.summary}`;
    if (round > 1) summary += `; round${round > 2 ? `s 1 to ${round - 1}` : ' 1'} passed`;
    if (round < planned)
      summary += `; round${planned - round > 1 ? `s ${round + 1} to ${planned}` : ` ${planned}`} did not run`;
  }
  return {
    name: first.name,
    status: failed ? 'fail' : 'pass',
    summary,
    durationMs: results.reduce((sum, result) => sum + result.durationMs, 0),
    figures: combineFigures(results.map((result) => result.figures)),
    notes: [
      `${results.length} of ${planned} rounds ran on the same cluster, restored whole before each; figures are p50 with P95 and Max ` +
        `(nearest rank) over the rounds, keysLost and logPanics are their sums; each round's own figures are in the JSON report`,
      ...(failed ? failed.notes.map((note) => `round ${failedIndex + 1}: ${note}`) : []),
    ],
    // Rounds stop at the first failure: the files handed back are that round's.
    ...(failed?.files ? { files: failed.files } : {}),
    rounds: results.map((result, index) => ({
      round: index + 1,
      status: result.status,
      summary: result.summary,
      durationMs: result.durationMs,
      figures: result.figures,
      notes: result.notes,
    })),
  };
}
