/**
 * How etcd (Go) parses a value: strconv for flags and ETCD_* variables, encoding/json after YAML for
 * the `--config-file`. Each check gives etcd's own error text, or undefined when etcd takes the value.
 */

/** strconv.ParseBool, as Go's flag package uses it. */
export function goParseBool(value: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(value)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(value)) return false;
  return undefined;
}

/** strconv.ParseUint / ParseInt with base 0, as flag's uint and int values parse. */
export function goParseInteger(value: string, signed: boolean): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[1-9][0-9]*|0)$/.exec(value);
  if (!match || (!signed && match[1] !== '')) return undefined;
  const body = match[2].replace(/_/g, '');
  const digits = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  const magnitude = BigInt(digits);
  return match[1] === '-' ? -magnitude : magnitude;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** time.ParseDuration: nanoseconds, or Go's error text. */
export function goParseDuration(value: string): { nanoseconds: number } | { error: string } {
  const quoted = JSON.stringify(value);
  let rest = value.replace(/^[-+]/, '');
  const negative = value.startsWith('-');
  if (rest === '0') return { nanoseconds: 0 };
  if (rest === '') return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  while (rest !== '') {
    const number = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (!number) return { error: `time: invalid duration ${quoted}` };
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') return { error: `time: missing unit in duration ${quoted}` };
    if (!(unit in DURATION_UNITS)) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(number[0]) * DURATION_UNITS[unit];
    rest = rest.slice(unit.length);
  }
  return { nanoseconds: negative ? -total : total };
}

/** The YAML 1.1 spellings of a boolean (etcd reads its YAML with go-yaml v2). */
export function yamlBool(value: string): boolean | undefined {
  if (/^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(value)) return true;
  if (/^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(value)) return false;
  return undefined;
}

/** What JSON type a YAML scalar becomes when etcd converts its YAML to JSON. */
export function yamlScalarType(value: string): 'bool' | 'integer' | 'number' | 'string' {
  if (yamlBool(value) !== undefined) return 'bool';
  if (/^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/.test(value)) return 'integer';
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+][0-9]+)?$/.test(value)) return 'number';
  return 'string';
}
