import type { FaultKind } from '../targets/target.js';
import type { Check } from './check.js';
import { failoverCheck } from './failover.js';
import { historyCheck } from './history.js';
import { membershipCheck } from './membership.js';
import { partitionCheck } from './partition.js';
import { quorumLossCheck } from './quorum-loss.js';
import { snapshotRestoreCheck } from './snapshot-restore.js';
import { statusCheck } from './status-check.js';
import { tlsCheck } from './tls.js';
import { upgradeCheck } from './upgrade.js';
import { watchCheck } from './watch.js';

/**
 * Every check, in the order they run and the docs list them. A new check is its file plus one line
 * here; its name, whether it runs by default, its row in the docs and its rules come from the check.
 */
export const CHECKS = [
  statusCheck,
  failoverCheck,
  quorumLossCheck,
  partitionCheck,
  membershipCheck,
  snapshotRestoreCheck,
  historyCheck,
  watchCheck,
  tlsCheck,
  // Last: the members stay on the release it moved them to.
  upgradeCheck,
] as const satisfies readonly Check[];

export type CheckName = (typeof CHECKS)[number]['name'];

/** Every check's name, in registry order. */
export const CHECK_NAMES: readonly CheckName[] = CHECKS.map((check) => check.name);

/** The checks that run when none are named. */
export const DEFAULT_CHECKS: readonly CheckName[] = CHECKS.filter((check) => check.byDefault).map(
  (check) => check.name,
);

/** The check of a name. */
export function checkNamed(name: CheckName): Check<CheckName> {
  const check = CHECKS.find((candidate) => candidate.name === name);
  if (!check) throw new Error(`no check named ${name}`);
  return check;
}

/** True when any of these checks needs `fault` or injects it where the target has it. */
export function checksMayUse(names: readonly CheckName[], fault: FaultKind): boolean {
  return names.some((name) => {
    const check = checkNamed(name);
    return check.stopsMembers && (check.needs.includes(fault) || (check.uses ?? []).includes(fault));
  });
}

/** True for the name of a registered check. */
export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

/** What the docs' table of checks says of a check: all of it from the check itself. */
export interface CheckFacts {
  name: CheckName;
  /** What a pass shows, in one sentence. */
  proves: string;
  byDefault: boolean;
  /** The fewest members it runs on. */
  fewestMembers: number;
  /** The faults it injects (none for a check that only reads and writes keys). */
  faults: string[];
  /** Whether it runs `rounds` times: the checks that stop members do, but for one that runs once. */
  rounds: boolean;
}

export function checkFacts(check: (typeof CHECKS)[number]): CheckFacts {
  const c: Check = check;
  return {
    name: check.name,
    proves: c.proves,
    byDefault: c.byDefault,
    fewestMembers: c.minMembers?.count ?? 1,
    faults: c.stopsMembers
      ? [
          'start, stop, kill',
          ...c.needs,
          ...(c.uses ?? []).map((fault) => `${fault} where the target can`),
          ...(c.needsRelease ? ['a member moved to another etcd release'] : []),
        ]
      : [],
    rounds: c.stopsMembers && c.once === undefined,
  };
}
