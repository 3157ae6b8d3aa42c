import type { ClusterSpec } from '../cluster/spec.js';
import type { CheckName } from '../config/options.js';
import type { EtcdClient, EndpointStatus } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import type { Target } from '../targets/target.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { RoundResult } from './rounds.js';

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
  /** Named measurements (milliseconds end in `Ms`, counts are plain). */
  figures: Record<string, number>;
  /** Further observations, in order, for the report. */
  notes: string[];
  /** The status table, for checks that read one. */
  members?: MemberRow[];
}

export interface CheckResult extends CheckOutcome {
  name: CheckName;
  durationMs: number;
  /** Each round's own result, when the check ran in more than one round (its figures are then the rounds' spread). */
  rounds?: RoundResult[];
}

/** What every check may use: the cluster, an etcd client, time and a logger. */
export interface ReadContext {
  spec: ClusterSpec;
  client: EtcdClient;
  clock: Clock;
  logger: Logger;
  /** Key prefix under which this run's checks write, so they never touch other data. */
  keyPrefix: string;
}

/** What a check that stops and starts members uses: also the target that runs them. */
export interface CheckContext extends ReadContext {
  target: Target;
}

/**
 * A check: one that only talks to the cluster, or one that stops and starts members and so needs a
 * target that can (it is skipped with a reason against a cluster this product did not start).
 */
export type Check =
  | { name: CheckName; stopsMembers: false; run(ctx: ReadContext): Promise<CheckOutcome> }
  | { name: CheckName; stopsMembers: true; run(ctx: CheckContext): Promise<CheckOutcome> };

/** A failed check carrying what it had measured before it failed. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly figures: Record<string, number> = {},
    readonly notes: string[] = [],
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}

const NO_TARGET =
  'needs a target that can stop and start members; this cluster was given by its endpoints (start it with up, or give the state-dir of an up step)';

/** Runs one check, timing it; a thrown error becomes a failed result, never a lost one. */
export async function runCheck(check: Check, ctx: ReadContext & { target?: Target }): Promise<CheckResult> {
  const started = ctx.clock.now();
  let outcome: CheckOutcome;
  try {
    if (!check.stopsMembers) outcome = await check.run(ctx);
    else if (ctx.target) outcome = await check.run({ ...ctx, target: ctx.target });
    else outcome = { status: 'skipped', summary: NO_TARGET, figures: {}, notes: [] };
  } catch (error) {
    outcome = {
      status: 'fail',
      summary: errorMessage(error),
      figures: error instanceof CheckFailure ? error.figures : {},
      notes: error instanceof CheckFailure ? error.notes : [],
    };
  }
  return { name: check.name, durationMs: ctx.clock.now() - started, ...outcome };
}
