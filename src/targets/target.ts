import type { MemberSpec } from '../cluster/spec.js';
import type { TargetKind } from '../config/target-options.js';

export type { TargetKind };

/**
 * Where the members run. Checks use only this and the etcd client, so every check runs on
 * every target.
 */
export interface Target {
  readonly kind: TargetKind;
  /**
   * Checks everything that can be checked before any member starts (ports, binaries, images, hosts)
   * and prepares what all members share (a network, files on hosts).
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
  /** True while the member's etcd runs. */
  isRunning(member: MemberSpec): Promise<boolean>;
  /** The member's log, or its last `tailLines` lines. */
  logs(member: MemberSpec, tailLines?: number): Promise<string>;
  /** Ends every member and removes what the target created; best effort, never throws. */
  destroy(options: { keepData: boolean }): Promise<string[]>;
}
