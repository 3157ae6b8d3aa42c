import type { SettingsAdjustment } from '../cluster/flags.js';
import type { MemberSpec, SparePlace } from '../cluster/spec.js';
import type { EtcdBinaries } from '../etcd/install.js';
import { translateFlags } from '../etcd/upgrade.js';
import type { TargetKind } from './kind.js';

export type { TargetKind };

/**
 * What a target may be able to do besides starting, stopping and killing members (which every target
 * can): pause them, isolate them from each other, and add members beyond the spec's on spare
 * addresses (a member joining the cluster, a cluster restored from a snapshot beside it).
 */
export const FAULT_KINDS = ['pause', 'isolate', 'add'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Per fault: whether this target can inject it, or the sentence that says why not (shown when a check is skipped). */
export type FaultSupport = { readonly [K in FaultKind]: { supported: true } | { supported: false; reason: string } };

/** A fault this target cannot inject; a check that meets it is skipped with the reason, not failed. */
export class FaultUnsupportedError extends Error {
  constructor(
    readonly fault: FaultKind,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'FaultUnsupportedError';
  }
}

/** The reason a target does not support `fault`, or undefined when it does. */
export function unsupportedFault(target: Pick<Target, 'faults'>, fault: FaultKind): string | undefined {
  const support = target.faults[fault];
  return support.supported ? undefined : support.reason;
}

/** Throws FaultUnsupportedError unless the target supports `fault`. */
export function requireFault(target: Pick<Target, 'faults'>, fault: FaultKind): void {
  const reason = unsupportedFault(target, fault);
  if (reason !== undefined) throw new FaultUnsupportedError(fault, reason);
}

/**
 * Another etcd release for members to move to (the upgrade check): etcd of this machine (found or
 * downloaded) for targets that run a local binary, an image for targets that run images.
 */
export interface ReleaseSource {
  binaries?: EtcdBinaries;
  image?: string;
}

/** What a target remembers of a second release while members move to it (part of its recorded state). */
export interface ReleaseMove {
  /** The release the members were started on. */
  from: string;
  /** The release they move to. */
  to: string;
  /** What runs `to`: the binary on this machine, or the image. */
  runs: string;
  /** The members that run `to` now; every other member runs `from`. */
  moved: string[];
}

/** Records that `member` runs `release` of the move from now on. */
export function recordMove(move: ReleaseMove, member: MemberSpec, release: 'from' | 'to'): void {
  move.moved = [...move.moved.filter((name) => name !== member.name), ...(release === 'to' ? [member.name] : [])];
}

/** The releases a member moved between (the upgrade check): started on `from`, it runs `to` now. */
export interface MemberRelease {
  from: string;
  to: string;
}

/** The releases a member runs between, when it was moved to the second one (its flags are written for it); undefined otherwise. */
export function memberRelease(move: ReleaseMove | undefined, member: MemberSpec): MemberRelease | undefined {
  return move?.moved.includes(member.name) ? { from: move.from, to: move.to } : undefined;
}

/**
 * The member's settings written for the release it was moved to: a flag that release names otherwise
 * under its new name, one it lacks and can go without dropped (translateFlags); none for a member on
 * the release it started on.
 */
export function writtenFor(release: MemberRelease | undefined): SettingsAdjustment | undefined {
  if (!release) return undefined;
  return (settings) =>
    translateFlags(settings, release.from, release.to).flags.map(([name, value]): [string, string | boolean] => [
      name,
      value,
    ]);
}

/**
 * Where the members run. Checks use only this and the etcd client, so every check runs on
 * every target (or is skipped with the reason when it needs a fault the target cannot inject).
 */
export interface Target {
  readonly kind: TargetKind;
  /** Which of the optional faults (pause, isolate, add) this target can inject, and why not where it cannot. */
  readonly faults: FaultSupport;
  /**
   * Checks everything that can be checked before any member starts (ports, binaries, images, hosts)
   * and prepares what all members share (a network, files on hosts, peer proxies).
   */
  preflight(): Promise<void>;
  /** Starts a member on its data dir (a new member the first time, the same member after that). */
  start(member: MemberSpec): Promise<void>;
  /** Stops a member gracefully (SIGTERM, then SIGKILL after a bound); a stopped member keeps its data. */
  stop(member: MemberSpec): Promise<void>;
  /** Kills a member at once (SIGKILL), as a crash would. */
  kill(member: MemberSpec): Promise<void>;
  /** Stops and starts a member. */
  restart(member: MemberSpec): Promise<void>;
  /** True while the member's etcd runs (also while it is paused). */
  isRunning(member: MemberSpec): Promise<boolean>;
  /**
   * Freezes a member's etcd (SIGSTOP, `docker pause`): its sockets stay open but it answers nothing,
   * as a stalled host would. Throws FaultUnsupportedError where `faults.pause` is not supported.
   */
  pause(member: MemberSpec): Promise<void>;
  /** Lets a paused member run again; does nothing for a member that is not paused (or not running). */
  resume(member: MemberSpec): Promise<void>;
  /**
   * Cuts peer traffic between every member of `members` and every member of `from`, both ways, and
   * ends the peer connections between them that are open; clients still reach every member. Cuts
   * add up until `heal`. Throws FaultUnsupportedError where `faults.isolate` is not supported.
   */
  isolate(members: MemberSpec[], from: MemberSpec[]): Promise<void>;
  /** Restores every peer link `isolate` cut; does nothing when none is cut. */
  heal(): Promise<void>;
  /**
   * `count` places (address, client and peer port) for members beyond the spec's, used by no member
   * the target runs: the local target's next free loopback addresses after the members', the
   * container target's next addresses of the run's /24 (both with the spec's ports), the ssh
   * target's hosts in turn at ports of their own. A member there is started with `start` (and
   * recorded, so `destroy` ends it). Throws FaultUnsupportedError where `faults.add` is not supported.
   */
  sparePlaces(count: number): Promise<SparePlace[]>;
  /**
   * Makes the data dir of `member` (on a spare address, not started yet) from a snapshot file, as
   * `etcdutl snapshot restore` does (`etcdctl` before etcd 3.5), with the tool of the etcd the members
   * run, for the cluster its `bootstrap` names. Resolves with the command it ran, for the report.
   * Throws FaultUnsupportedError where `faults.add` is not supported.
   */
  restoreSnapshot(member: MemberSpec, snapshotFile: string): Promise<string>;
  /** Ends a member beyond the spec's and removes its data and its record; a member of the spec is refused. */
  discard(member: MemberSpec): Promise<void>;
  /**
   * Readies another etcd release for members to move to (`from` is the release they run): checks it
   * runs here, puts it where the members are (copies the binary to the hosts, finds or pulls the
   * image) and records it. Resolves with the version that release reports.
   */
  prepareRelease(from: string, source: ReleaseSource): Promise<string>;
  /**
   * Stops a member gracefully and starts it on the other release: `to` (the prepared one) or `from`
   * (the one the members were started on), on the same data, with the same settings written for that
   * release. Every later start of the member runs that release, until it is moved again. The member is
   * started, not waited for: a release that refuses the data exits, and its log says why.
   */
  moveMember(member: MemberSpec, release: 'from' | 'to'): Promise<void>;
  /** The release the member runs now: its move, or undefined for the one the members were started on. */
  releaseOf(member: MemberSpec): MemberRelease | undefined;
  /** The member's log, or its last `tailLines` lines. */
  logs(member: MemberSpec, tailLines?: number): Promise<string>;
  /** Ends every member (those beyond the spec's too, and every proxy) and removes what the target created; best effort, never throws. */
  destroy(options: { keepData: boolean }): Promise<string[]>;
}
