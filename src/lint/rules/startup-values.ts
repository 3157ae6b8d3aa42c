/** Startup refusals about values etcd cannot read for a setting's type, or that it rejects by range. */
import { flagInfo, flagOfYamlKey, type EtcdVersion, type FlagSpec } from '../etcd-flags.js';
import { settingOf, type Finding, type MemberConfig, type Setting } from '../model.js';
import { goParseBool, goParseDuration, goParseInteger, yamlBool, yamlScalarType } from './go-values.js';
import {
  ALL_RELEASES,
  flagValueError,
  isFlag,
  isTrue,
  refuses,
  report,
  written,
  type Rule,
  type RuleContext,
} from './rule.js';

/** The flag a setting sets in this release (a YAML key by its key), if the release has it. */
export function specOf(setting: Setting, version: EtcdVersion): FlagSpec | undefined {
  if (setting.source === 'config-file') return flagOfYamlKey(setting.key, version);
  const status = flagInfo(setting.name, version);
  return status.known ? status.spec : undefined;
}

/** Settings other rules already judge by value. */
const JUDGED_ELSEWHERE = new Set(['initial-cluster-state']);

/** What etcd says about a flag or ETCD_* value of this type, if it rejects it. */
function commandLineError(setting: Setting, spec: FlagSpec): string | undefined {
  const value = setting.value.trim();
  if (setting.source === 'env' && value === '') return undefined; // etcd skips empty variables
  switch (spec.kind) {
    case 'bool':
      return goParseBool(value) === undefined ? flagValueError(setting, 'parse error', true) : undefined;
    case 'uint':
    case 'int': {
      const parsed = goParseInteger(value, spec.kind === 'int');
      if (parsed === undefined) return flagValueError(setting, 'parse error');
      const limit = spec.kind === 'int' ? 2n ** 63n : 2n ** 64n;
      return parsed >= limit || parsed < -limit ? flagValueError(setting, 'value out of range') : undefined;
    }
    case 'duration':
      return 'error' in goParseDuration(value) ? flagValueError(setting, 'parse error') : undefined;
    case 'enum':
      return spec.values!.includes(value) ? undefined : flagValueError(setting, 'invalid value');
    default:
      return undefined;
  }
}

/** What etcd says about a YAML value of this type, if it rejects it (json.Unmarshal after YAML). */
function yamlError(setting: Setting, spec: FlagSpec): string | undefined {
  const value = setting.value.trim();
  if (value === '' || value === 'null' || value === '~') return undefined;
  const field = setting.key.includes('.')
    ? `securityConfig.${setting.key.toLowerCase()}`
    : `configYAML.${setting.key.toLowerCase()}`;
  const unmarshal = (what: string) => `json: cannot unmarshal ${what} into Go struct field ${field}`;
  // The reader says how the YAML typed the value; without that, judge by the text.
  const yamlType = setting.yamlType;
  if (yamlType === 'map') return unmarshal('object');
  const type =
    yamlType === 'boolean'
      ? 'bool'
      : yamlType === 'number'
        ? /^[-+]?\d+$/.test(value)
          ? 'integer'
          : 'number'
        : yamlType === 'string'
          ? 'string'
          : yamlScalarType(value);
  if (yamlType === 'list') return yamlListField(spec.name) ? undefined : unmarshal('array');
  if (spec.kind === 'list' && yamlListField(spec.name))
    return yamlType === 'string' || yamlType === 'number' || yamlType === 'boolean'
      ? unmarshal(yamlType === 'boolean' ? 'bool' : yamlType)
      : undefined;
  if (yamlType && (spec.kind === 'string' || spec.kind === 'urls' || spec.kind === 'list' || spec.kind === 'enum')) {
    return yamlType === 'string' ? undefined : unmarshal(yamlType === 'boolean' ? 'bool' : 'number');
  }
  switch (spec.kind) {
    case 'bool':
      if (yamlType) return yamlType === 'boolean' ? undefined : unmarshal(yamlType === 'string' ? 'string' : 'number');
      return yamlBool(value) === undefined ? unmarshal(type === 'string' ? 'string' : 'number') : undefined;
    case 'uint':
    case 'int':
    case 'duration':
      if (type === 'string' || type === 'bool') return unmarshal(type);
      if (type === 'number' || (spec.kind === 'uint' && value.startsWith('-'))) return unmarshal(`number ${value}`);
      return undefined;
    case 'enum':
      // etcd 3.4 and 3.5 read these two from the YAML as they read the flags.
      if (setting.name !== 'discovery-fallback' && setting.name !== 'proxy') return undefined;
      return spec.values!.includes(value)
        ? undefined
        : `unexpected error setting up ${setting.name === 'proxy' ? 'proxyFlag' : 'discovery-fallback flag'}: invalid value`;
    default:
      return undefined;
  }
}

/** Settings the YAML must give as a list (etcd reads them into a list of strings; the others are comma-separated strings). */
function yamlListField(name: string): boolean {
  return [
    'cipher-suites',
    'log-outputs',
    'log-output',
    'client-cert-allowed-hostname',
    'peer-cert-allowed-cn',
    'peer-cert-allowed-hostname',
    'discovery-endpoints',
  ].includes(name);
}

/** The range checks etcd makes after reading the values. */
function rangeError(member: MemberConfig, setting: Setting, context: RuleContext): string | undefined {
  const { version } = context;
  const duration = goParseDuration(setting.value.trim());
  const nanoseconds = 'nanoseconds' in duration ? duration.nanoseconds : Number(setting.value);
  switch (setting.name) {
    case 'experimental-compact-hash-check-time':
    case 'compact-hash-check-time':
      if (!Number.isNaN(nanoseconds) && nanoseconds <= 0 && (version.minor !== '3.5' || version.patch >= 5))
        return `--${setting.name} must be >0 (set to ${setting.value})`;
      return undefined;
    case 'experimental-distributed-tracing-sampling-rate':
    case 'distributed-tracing-sampling-rate': {
      const tracing =
        isTrue(settingOf(member, 'experimental-enable-distributed-tracing')?.value) ||
        isTrue(settingOf(member, 'enable-distributed-tracing')?.value);
      const rate = Number(setting.value);
      if (!tracing || Number.isNaN(rate)) return undefined;
      if (rate < 0) return 'distributed tracing configurition is not valid: (tracing sampling rate must be positive)';
      if (rate > 1000000)
        return 'distributed tracing configurition is not valid: (tracing sampling rate must be less than 1000000)';
      return undefined;
    }
    case 'auth-token': {
      const type = setting.value.split(',')[0].trim();
      return ['simple', 'jwt', ''].includes(type) ? undefined : 'auth: invalid auth options';
    }
    default:
      return undefined;
  }
}

export const invalidValue: Rule = {
  info: {
    id: 'ETCD-114',
    severity: 'error',
    name: 'invalid-value',
    etcdDoes:
      'Refuses to start on a value it cannot read for the setting’s type (flags and ETCD_*: Go syntax such as 100 or 5s; YAML: numbers and booleans, durations in nanoseconds) or outside its range.',
    fix: 'Write the value as the setting’s type: a whole number for milliseconds and bytes, true/false, a Go duration (5s) on the command line or nanoseconds in the YAML.',
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings: Finding[] = [];
    // Go's flag package parses every flag on the command line, even beside --config-file.
    const settings = [...member.settings, ...(member.ignoredSettings ?? []).filter(isFlag)];
    for (const setting of settings) {
      const spec = specOf(setting, context.version);
      if (!spec || JUDGED_ELSEWHERE.has(spec.name)) continue;
      const typeError = setting.source === 'config-file' ? yamlError(setting, spec) : commandLineError(setting, spec);
      if (typeError) {
        const message = `${written(setting)} is not a value etcd reads for ${spec.name} (${describe(spec, setting)}); ${refuses(typeError)}.`;
        findings.push(report(this.info, setting, message, true));
        continue;
      }
      const outOfRange = rangeError(member, setting, context);
      if (outOfRange)
        findings.push(
          report(this.info, setting, `${written(setting)} is a value etcd rejects; ${refuses(outOfRange)}.`, true),
        );
    }
    return findings;
  },
};

/** What the setting takes, in words. */
function describe(spec: FlagSpec, setting: Setting): string {
  const yaml = setting.source === 'config-file';
  switch (spec.kind) {
    case 'bool':
      return 'true or false';
    case 'uint':
      return yaml ? 'a whole number, without quotes' : 'a whole number';
    case 'int':
      return yaml ? 'an integer, without quotes' : 'an integer';
    case 'duration':
      return yaml ? 'a whole number of nanoseconds in the YAML' : 'a Go duration such as 500ms or 5s';
    case 'enum':
      return `one of ${spec.values!.join(', ')}`;
    default:
      if (yaml && yamlListField(spec.name)) return 'a YAML list such as [a, b]';
      return yaml ? 'a string: write it in quotes' : 'see etcd --help';
  }
}
