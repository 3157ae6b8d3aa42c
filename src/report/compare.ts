import type { Figures } from '../checks/check.js';
import type { ComparisonRow, Report } from './model.js';

/** The newest report schema this version reads. */
export const SCHEMA_VERSION = 1;
/** Fewer rounds than this in either run make a regression a notice, not a failure: too few samples to gate on. */
export const GATING_MIN_ROUNDS = 5;

/** What a comparison needs of a previous report: its schema version and each check's number figures. */
export interface PreviousReport {
  schemaVersion: number;
  checks: Array<{ name: string; figures: Record<string, number> }>;
}

/** How far a millisecond figure may grow over the previous run before the run fails, and how the option is named. */
export interface RegressionGate {
  /** Percent; absent: the comparison is only reported. */
  maxRegressionPct?: number;
  /** The option as the user names it (`--max-regression-pct`, `input 'max-regression-pct'`), for the error. */
  label: string;
}

/** A previous report to compare this run with, and the gate. */
export interface Comparison {
  previous: PreviousReport;
  gate: RegressionGate;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a JSON report for comparison; `problem` says why the text is not one this version can compare with. */
export function parsePreviousReport(text: string): { report: PreviousReport } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const notReport = {
    problem:
      'it is JSON but not an etcd-ha report (it needs a whole-number schemaVersion and checks with named figures)',
  };
  if (!isRecord(data) || !Number.isInteger(data.schemaVersion) || !Array.isArray(data.checks)) return notReport;
  const schemaVersion = data.schemaVersion as number;
  if (schemaVersion > SCHEMA_VERSION) {
    return {
      problem: `it is a report of schemaVersion ${schemaVersion}, from a newer etcd-ha; this one reads schemaVersion ${SCHEMA_VERSION} and older`,
    };
  }
  const checks: PreviousReport['checks'] = [];
  for (const check of data.checks) {
    if (!isRecord(check) || typeof check.name !== 'string' || !isRecord(check.figures)) return notReport;
    // Booleans are verdicts (`linearizable`; a report before they were booleans gave it as 1 or 0): not compared.
    const values = Object.entries(check.figures);
    if (!values.every(([, value]) => typeof value === 'number' || typeof value === 'boolean')) return notReport;
    const numbers = values.filter((entry): entry is [string, number] => typeof entry[1] === 'number');
    checks.push({ name: check.name, figures: Object.fromEntries(numbers) });
  }
  return { report: { schemaVersion, checks } };
}

/** Percent change from `previous` to `current`, one decimal; null when previous is 0. */
export function changePct(previous: number, current: number): number | null {
  return previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10;
}

/** Every number figure both runs measured, check by check in this run's order (a boolean is a verdict, not a measure). */
export function comparisonRows(current: Report, previous: PreviousReport): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const check of current.checks) {
    const before = previous.checks.find((candidate) => candidate.name === check.name);
    if (!before) continue;
    for (const [figure, value] of Object.entries(check.figures)) {
      const old = before.figures[figure];
      if (typeof value === 'number' && old !== undefined)
        rows.push({ check: check.name, figure, previous: old, current: value, changePct: changePct(old, value) });
    }
  }
  return rows;
}

/** A check's figures came from this many rounds (1 for a report that has no `rounds` figure). */
const roundsOf = (figures: Figures | undefined) => (typeof figures?.rounds === 'number' ? figures.rounds : 1);

/** Whether a figure is gated: milliseconds, by its p50 (the base name, not `...P95` or `...Max`). */
export const isGatedFigure = (figure: string) => figure.endsWith('Ms');

/**
 * This run's report compared with a previous one: `comparison` lists every figure both measured.
 * With `maxRegressionPct`, a millisecond figure that grew by more than that fails the run (its
 * `error` names the figure), unless either run had fewer than GATING_MIN_ROUNDS rounds of the check:
 * then the check's notes say so and nothing fails.
 */
export function compareReports(current: Report, previous: PreviousReport, gate: RegressionGate): Report {
  const comparison = comparisonRows(current, previous);
  const notes = new Map<string, string[]>();
  const regressions: string[] = [];
  const { maxRegressionPct } = gate;
  if (maxRegressionPct !== undefined) {
    for (const row of comparison) {
      if (!isGatedFigure(row.figure) || row.changePct === null || row.changePct <= maxRegressionPct) continue;
      const check = current.checks.find((candidate) => candidate.name === row.check);
      const roundsNow = roundsOf(check?.figures);
      const roundsBefore = roundsOf(previous.checks.find((candidate) => candidate.name === row.check)?.figures);
      const grew = `${row.figure}${roundsNow > 1 ? ' (p50)' : ''} grew ${row.changePct}% (${row.previous} -> ${row.current} ms), more than ${gate.label} ${maxRegressionPct}`;
      if (Math.min(roundsNow, roundsBefore) >= GATING_MIN_ROUNDS) {
        regressions.push(`${row.check} ${grew}`);
      } else {
        notes.set(row.check, [
          ...(notes.get(row.check) ?? []),
          `${grew}; only a notice: the previous run had ${roundsBefore} round${roundsBefore === 1 ? '' : 's'} of this check and this one ` +
            `${roundsNow}, and fewer than ${GATING_MIN_ROUNDS} cannot gate (one sample is not a trend)`,
        ]);
      }
    }
  }
  const regression =
    regressions.length > 0 ? `regression against the previous run: ${regressions.join('; ')}` : undefined;
  return {
    ...current,
    checks: current.checks.map((check) =>
      notes.has(check.name) ? { ...check, notes: [...check.notes, ...(notes.get(check.name) ?? [])] } : check,
    ),
    passed: current.passed && !regression,
    error: regression ? (current.error ? `${current.error}; ${regression}` : regression) : current.error,
    comparison,
  };
}

/** The report compared with the previous one, or unchanged without one. */
export function withComparison(report: Report, comparison: Comparison | undefined): Report {
  return comparison ? compareReports(report, comparison.previous, comparison.gate) : report;
}
