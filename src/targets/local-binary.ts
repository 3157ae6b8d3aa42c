import type { EtcdBinaries } from '../etcd/install.js';
import type { TargetKind } from './kind.js';

/** The etcd binary of this machine that a target runs its members with; `up` resolves it before it records the target. */
export function localBinary(kind: TargetKind, binaries: EtcdBinaries | undefined): string {
  if (!binaries) throw new Error(`the ${kind} target needs etcd binaries`);
  return binaries.etcd;
}
