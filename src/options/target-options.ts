import { DEFAULT_TARGET_KIND, TARGET_KINDS, type TargetKind, type TargetOptions } from '../targets/kind.js';
import { parseTargetOptions, TARGETS } from '../targets/registry.js';
import type { OptionReader } from './reader.js';

/**
 * The target and its options. Without `access` (for certificates, which need only the addresses),
 * the ssh key and known hosts are not asked for.
 */
export function parseTarget(read: OptionReader, options: { access?: boolean } = {}): TargetOptions {
  const access = options.access ?? true;
  const kind = read.oneOf<TargetKind>('target', DEFAULT_TARGET_KIND, TARGET_KINDS);
  // Options that belong to one target only; giving them with another is a mistake worth naming.
  for (const owner of TARGET_KINDS) {
    if (owner === kind) continue;
    const { ownOptions, secretOptions = [] } = TARGETS[owner];
    for (const name of ownOptions) {
      const value = read.raw(name);
      if (value !== undefined)
        read.fail(
          name,
          secretOptions.includes(name) ? '***' : value,
          `nothing unless target is ${owner} (target is ${kind})`,
        );
    }
  }
  return parseTargetOptions(kind, read, access);
}
