import { memberAddress } from '../cluster/spec.js';
import type { OptionLabel } from '../options/reader.js';
import { ConfigurationError } from '../errors.js';
import type { Addressing } from './entry.js';
import type { TargetKind } from './kind.js';

/** The first member's loopback address when none is given, where the certificates are made elsewhere or earlier. */
export const FIXED_LOOPBACK_BASE = '127.0.0.11';

/** Members on loopback addresses of this machine, counting up from the base address. */
export const LOOPBACK_BASE: Pick<Addressing, 'defaultBase' | 'baseProblem'> = {
  defaultBase: () => FIXED_LOOPBACK_BASE,
  baseProblem: (octets, isIpv4, members) =>
    !isIpv4 || octets[0] !== 127 || octets[3] < 1 || octets[3] + members - 1 > 254
      ? `an IPv4 loopback address 127.x.y.z with z from 1 to ${255 - members} (one address per member, counting up)`
      : undefined,
};

/**
 * One address per member where the target runs them: loopback addresses (local) or the run's
 * network (container) from base-address, counting up, as for a cluster of this product's making.
 */
export function sandboxAddresses(target: TargetKind, baseAddress: string, count: number, label: OptionLabel): string[] {
  const last = Number(baseAddress.split('.')[3]) + count - 1;
  if (last > 254) {
    throw new ConfigurationError(
      `${label('base-address')} is '${baseAddress}'; allowed: an address whose last number leaves room for the configuration's ${count} members (at most ${255 - count}) on the ${target} target`,
    );
  }
  return Array.from({ length: count }, (_, index) => memberAddress(baseAddress, index));
}
