import type { ClusterSpec } from '../cluster/spec.js';
import type { CheckName } from '../config/options.js';
import type { EtcdClient, EndpointStatus } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import type { Target } from '../targets/target.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

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
}

/** Everything a check may use: the cluster, the target that runs it, an etcd client, time and a logger. */
export interface CheckContext {
  spec: ClusterSpec;
  target: Target;
  client: EtcdClient;
  clock: Clock;
  logger: Logger;
  /** Key prefix under which this run's checks write, so they never touch other data. */
  keyPrefix: string;
}

export interface Check {
  name: CheckName;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

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

/** Runs one check, timing it; a thrown error becomes a failed result, never a lost one. */
export async function runCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const started = ctx.clock.now();
  let outcome: CheckOutcome;
  try {
    outcome = await check.run(ctx);
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
