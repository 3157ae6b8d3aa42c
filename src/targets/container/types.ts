import type { MemberSpec } from '../../cluster/spec.js';
import type { ReleaseMove } from '../target.js';

/** The container target as the user chose it. */
export interface ContainerTargetOptions {
  kind: 'container';
  /** Image with etcd at /usr/local/bin/etcd (as the official images have it); default: the official image of the etcd version. */
  image?: string;
  /** Name of the bridge network to create; default `etcd-ha-<run id>`. */
  network?: string;
}

/** What the container target must remember between steps; names only, never key material. */
export interface ContainerTargetState {
  image: string;
  network: string;
  /** The network's /24, from the members' addresses. */
  subnet: string;
  /** True once this run created the network (only then is it removed). */
  networkCreated: boolean;
  /** Containers this run created, by member name. */
  containers: Record<string, string>;
  /** The version the image's etcd reports. */
  etcdVersion?: string;
  /** Members whose network namespace holds rules of `isolate` (cleared by `heal`, and gone with the container). */
  isolated?: string[];
  /** Members beyond the spec's that this target placed (added to the cluster, or restored beside it), by name: teardown ends them too. */
  spare?: Record<string, MemberSpec>;
  /** Volumes this run created for members whose data was restored from a snapshot, by member name. */
  volumes?: Record<string, string>;
  /** Containers of a tool this run ran beside the members (a snapshot restore), while they exist: teardown removes them too. */
  tools?: string[];
  /**
   * The container the CLI runs in (a job's `container:`), when it is one of this engine's: connected
   * to the network for the run, so that it reaches the members, and disconnected at teardown.
   */
  attached?: string;
  /** The other etcd release (an image) members move to (the upgrade check), and which of them run it. */
  release?: ReleaseMove;
}
