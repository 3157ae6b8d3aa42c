import { access, constants } from 'node:fs/promises';
import type { OptionReader } from '../options/reader.js';
import { ConfigurationError } from '../errors.js';
import type { TargetOptions } from '../targets/kind.js';
import { targetAccessFiles } from '../targets/registry.js';

/** The value of an option the verb cannot do without. */
export function requireOption(read: OptionReader, name: string, allowed = 'a folder path'): string {
  const value = read.raw(name);
  if (value === undefined) throw new ConfigurationError(`--${name} is missing; allowed: ${allowed}`);
  return value;
}

/** The files the target reads (the ssh target's key and known_hosts) must be readable before anything starts. */
export async function checkAccessFiles(target: TargetOptions): Promise<void> {
  for (const { option, file } of targetAccessFiles(target)) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ConfigurationError(`--${option} is '${file}'; allowed: a file this user can read`);
    }
  }
}
