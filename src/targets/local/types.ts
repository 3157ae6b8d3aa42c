import type { MemberSpec } from '../../cluster/spec.js';
import type { ProcessHandle } from '../../util/process.js';
import type { ReleaseMove } from '../target.js';

/** The local target as the user chose it: it has no options of its own. */
export interface LocalTargetOptions {
  kind: 'local';
}

/** What the local target must remember between steps (the CLI's `up` and `down`, the action's main and post). */
export interface LocalTargetState {
  etcdBinary: string;
  processes: Record<string, ProcessHandle>;
  /**
   * The peer proxy in front of every member's peer port (what `isolate` cuts links in): the port it
   * listens on at each member's address, and its process while it runs. Absent where the members
   * are not proxied (see peerProxyPlan).
   */
  peerProxy?: { port: number; process?: ProcessHandle };
  /** Members beyond the spec's that this target placed (added to the cluster, or restored beside it), by name: teardown ends them too. */
  spare?: Record<string, MemberSpec>;
  /** The other etcd release members move to (the upgrade check), and which of them run it. */
  release?: ReleaseMove;
}
