import { ConfigurationError } from '../errors.js';

/** Reads one raw option value by its kebab-case name; undefined or '' means "not given". */
export type OptionSource = (name: string) => string | undefined;
/** How an option is named to the user: `input 'members'` for the action, `--members` for the CLI. */
export type OptionLabel = (name: string) => string;

export const inputLabel: OptionLabel = (name) => `input '${name}'`;
export const flagLabel: OptionLabel = (name) => `--${name}`;

export interface OptionReader {
  /** How the option is named to the user (`--members`, `input 'members'`). */
  label: OptionLabel;
  raw(name: string): string | undefined;
  integer(name: string, fallback: number, min: number, max: number): number;
  oneOf<T extends string | number>(name: string, fallback: T, allowed: readonly T[]): T;
  bool(name: string, fallback: boolean): boolean;
  list(name: string): string[];
  fail(name: string, value: string, allowed: string): never;
}

/** Wraps a source with parsers that name the option, the value and what is allowed on failure. */
export function optionReader(source: OptionSource, label: OptionLabel): OptionReader {
  const raw = (name: string) => {
    const value = source(name);
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const fail = (name: string, value: string, allowed: string): never => {
    throw new ConfigurationError(`${label(name)} is '${value}'; allowed: ${allowed}`);
  };
  return {
    label,
    raw,
    fail,
    integer(name, fallback, min, max) {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        fail(name, value, `a whole number from ${min} to ${max}`);
      }
      return Number(value);
    },
    oneOf(name, fallback, allowed) {
      const value = raw(name);
      if (value === undefined) return fallback;
      const match = allowed.find((candidate) => String(candidate) === value);
      if (match === undefined) fail(name, value, `one of ${allowed.join(', ')}`);
      return match as typeof fallback;
    },
    bool(name, fallback) {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (/^(true|yes|1)$/i.test(value)) return true;
      if (/^(false|no|0)$/i.test(value)) return false;
      return fail(name, value, 'true or false');
    },
    list(name) {
      const value = raw(name);
      return value === undefined
        ? []
        : value
            .split(/[\s,]+/)
            .map((item) => item.trim())
            .filter((item) => item !== '');
    },
  };
}
