import type { EndpointStatus } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import { FaultUnsupportedError, unsupportedFault, type FaultKind, type Target } from '../targets/target.js';
import type { CheckContext, Figures, ReadContext } from './context.js';
import { checkIntegrity, type IntegrityOutcome } from './integrity.js';

// What checks are given and what they measure live in ./context.ts, which the integrity pass shares.
export type { CheckContext, Figures, ReadContext } from './context.js';

export type CheckStatus = 'pass' | 'fail' | 'skipped';

/** One row of the status table: a member and what it answered. */
export interface MemberRow {
  name: string;
  endpoint: string;
  status?: EndpointStatus;
  healthy: boolean;
  error?: string;
}

/** What a check found: its verdict, a sentence saying why, and what it measured. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One sentence: what was shown, or what went wrong, or why the check was skipped. */
  summary: string;
  /** Named measurements (milliseconds end in `Ms`, counts are plain, a verdict is a boolean). */
  figures: Figures;
  /** Further observations, in order, for the report. */
  notes: string[];
  /** The status table, for checks that read one. */
  members?: MemberRow[];
  /**
   * Files the check hands back for a person to look at (a failing history, say): written beside the
   * JSON report (the CLI's --json folder, the action's RUNNER_TEMP), their names in the report.
   */
  files?: CheckFile[];
  /** Tables of what the check saw, each under its title (the `tls` check's probes and CIS audit), for the report. */
  tables?: CheckTable[];
}

/** A table a check shows in the report: plain text cells under column headers. */
export interface CheckTable {
  title: string;
  headers: string[];
  rows: string[][];
}

/** A file a check hands back: a plain file name (no folder), unique to the run, and its text. */
export interface CheckFile {
  name: string;
  content: string;
}

export interface CheckResult extends CheckOutcome {
  /** The check's registered name (see CheckName in ./registry.ts). */
  name: string;
  durationMs: number;
  /** Each round's own result, when the check ran in more than one round (its figures are then the rounds' spread). */
  rounds?: RoundResult[];
}

/** One round of a check run several times: what that round found and measured. */
export interface RoundResult {
  round: number;
  status: CheckStatus;
  summary: string;
  durationMs: number;
  figures: Figures;
  notes: string[];
}

/** What describes a check in the docs, the option parser and the pipeline, whatever it does. */
interface CheckInfo<N extends string> {
  /** Its name in `checks`, the report and the docs (kebab-case). */
  readonly name: N;
  /** One sentence for the table of checks (docs/checks.md): what a pass shows. */
  readonly proves: string;
  /** Whether it runs when no checks are named (`all` runs every check). */
  readonly byDefault: boolean;
  /** The fewest members it can run on, and why (fewer are refused before anything starts); 1 when absent. */
  readonly minMembers?: { count: number; why: string };
  /** For a drill that runs once whatever `rounds` says: why (said in the report's notes). */
  readonly once?: string;
  /**
   * It moves the members to another etcd release, which `upgrade-etcd-version`, `upgrade-etcd-path`
   * or `upgrade-image` names: `all` brings it in only when one is given, and naming it without one is refused.
   */
  readonly needsRelease?: boolean;
}

/**
 * A check: one file in this folder plus one line in ./registry.ts. Names, defaults, the docs tables,
 * the member-count rule, rounds and skips all come from this object.
 *
 * For the drills, the shape is:
 *
 * ```ts
 * export const partitionCheck = defineCheck({
 *   name: 'partition',
 *   proves: 'an isolated leader steps down and refuses writes; the majority elects a new one; after healing it rejoins',
 *   byDefault: false,                         // runs with `all` or when named
 *   minMembers: { count: 3, why: 'a partition needs a majority and a minority' },
 *   stopsMembers: true,                       // it needs the target: stop, start, pause, isolate members
 *   needs: ['isolate'],                       // faults beyond stop/kill/start (see FaultKind)
 *   async run(ctx) { ... return { status: 'pass', summary, figures, notes }; },
 * });
 * ```
 *
 * - `stopsMembers: false`: `run(ctx: ReadContext)` only reads and writes keys; it runs once, also
 *   against a cluster given by its endpoints (no target).
 * - `stopsMembers: true`: `run(ctx: CheckContext)` also gets `ctx.target` (start, stop, kill, restart,
 *   isRunning, logs, and the faults `pause`/`resume`, `isolate`/`heal`). It runs `rounds` times, the
 *   cluster is made whole (members started, resumed, links healed) before each round, and it is
 *   skipped with the reason on a cluster given by its endpoints, or when the target lacks a fault
 *   in `needs` (`ctx.target.faults[kind]` says which it has). A fault the check uses without
 *   declaring it throws FaultUnsupportedError on such a target, which skips the check too.
 * - `ctx.keyPrefix` is the run's own prefix: write keys only under it. Throw `CheckFailure(message,
 *   figures, notes)` to fail with what was measured so far; any other error fails with its message.
 * - Figures: milliseconds end in `Ms` (rounded with `roundMs`), counts are plain, a verdict is a boolean;
 *   `keysLost` and `logPanics` are summed over rounds, a boolean is true only if every round's was, every
 *   other figure reported by its p50/P95/Max (`integrityRevision`'s Max is the last round's, as revisions
 *   only grow). A new figure gets its row (unit, meaning, checks) in
 *   src/report/figures.ts, from which the legends and the JSON Schema are made; a unit test fails until it has one.
 * - Integrity: after a drill (`stopsMembers: true`) passes, runCheck runs the integrity pass
 *   (./integrity.ts): every running member of the spec must give the same `HashKV` at one revision,
 *   and no member's log may hold a panic or fatal line. Its figures (`integrityRevision`, `hashKvAgree`,
 *   `hashKvMembers`, `logPanics`) join the drill's; when it fails, the drill fails with the drill's
 *   summary followed by `; integrity: ` and what did not hold. A skipped or failed drill gets no pass.
 */
export type Check<N extends string = string> =
  | (CheckInfo<N> & {
      readonly stopsMembers: false;
      readonly needs?: undefined;
      run(ctx: ReadContext): Promise<CheckOutcome>;
    })
  | (CheckInfo<N> & {
      readonly stopsMembers: true;
      readonly needs: readonly FaultKind[];
      /** Faults the check injects where the target has them, and goes without elsewhere (history's isolate and pause). */
      readonly uses?: readonly FaultKind[];
      run(ctx: CheckContext): Promise<CheckOutcome>;
    });

/** Declares a check, keeping its name as a literal type (so the registry can derive `CheckName`). */
export function defineCheck<const N extends string>(check: Check<N>): Check<N> {
  return check;
}

/** A failed check carrying what it had measured before it failed. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly figures: Figures = {},
    readonly notes: string[] = [],
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}

const NO_TARGET =
  'needs a target that can stop and start members; this cluster was given by its endpoints (start it with up, or give the state-dir of an up step)';

/** Why a check cannot run against this target (none, or one lacking a fault it needs), or undefined when it can. */
export function whySkipped(check: Check, target: Target | undefined): string | undefined {
  if (!check.stopsMembers) return undefined;
  if (!target) return NO_TARGET;
  for (const fault of check.needs) {
    const reason = unsupportedFault(target, fault);
    if (reason !== undefined) return `${reason} (this check needs to ${fault} members)`;
  }
  return undefined;
}

/** Runs one check, timing it; a thrown error becomes a failed result, never a lost one. */
export async function runCheck(
  check: Check,
  ctx: ReadContext & Partial<Pick<CheckContext, 'target' | 'release'>>,
): Promise<CheckResult> {
  const started = ctx.clock.now();
  let outcome: CheckOutcome;
  try {
    const skipped = whySkipped(check, ctx.target);
    if (skipped !== undefined) outcome = { status: 'skipped', summary: skipped, figures: {}, notes: [] };
    else if (!check.stopsMembers) outcome = await check.run(ctx);
    else outcome = await check.run({ ...ctx, target: ctx.target as Target });
  } catch (error) {
    outcome =
      error instanceof FaultUnsupportedError
        ? {
            status: 'skipped',
            summary: `${error.reason} (this check needs to ${error.fault} members)`,
            figures: {},
            notes: [],
          }
        : {
            status: 'fail',
            summary: errorMessage(error),
            figures: error instanceof CheckFailure ? error.figures : {},
            notes: error instanceof CheckFailure ? error.notes : [],
          };
  }
  if (outcome.status === 'pass' && check.stopsMembers && ctx.target)
    outcome = await withIntegrity(outcome, { ...ctx, target: ctx.target });
  return { name: check.name, durationMs: ctx.clock.now() - started, ...outcome };
}

/**
 * A passing drill's outcome with the integrity pass after it (see ./integrity.ts): its figures and
 * notes added; failed, its summary followed by what did not hold, when the members' `HashKV`
 * disagree or a log holds a panic or fatal line.
 */
async function withIntegrity(outcome: CheckOutcome, ctx: CheckContext): Promise<CheckOutcome> {
  let integrity: IntegrityOutcome;
  try {
    integrity = await checkIntegrity(ctx);
  } catch (error) {
    integrity = { failure: errorMessage(error), figures: {}, notes: [] };
  }
  const merged: CheckOutcome = {
    ...outcome,
    figures: { ...outcome.figures, ...integrity.figures },
    notes: [...outcome.notes, ...integrity.notes],
  };
  if (integrity.failure === undefined) return merged;
  return { ...merged, status: 'fail', summary: `${outcome.summary}; integrity: ${integrity.failure}` };
}
