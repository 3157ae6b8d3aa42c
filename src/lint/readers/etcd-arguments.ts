import { flagInfo, parseEtcdVersion } from '../etcd-flags.js';
import type { Finding, Setting, SettingSource } from '../model.js';
import { READER_RULE_IDS } from './reader-rules.js';
import { findingAtPosition, type PositionedWord } from './source.js';

/** Any release: the flag table knows each flag's kind whatever the release. */
const ANY_RELEASE = parseEtcdVersion('3.6');

/**
 * Whether etcd takes a flag as a boolean: Go's flag package gives it `true` when it stands alone and
 * never takes the next word as its value (`--client-cert-auth true` leaves `true` as an argument).
 * `-h`/`-help` behave alike (etcd prints its help).
 */
export function isBooleanFlag(name: string): boolean {
  return name === 'h' || name === 'help' || flagInfo(name, ANY_RELEASE).spec?.kind === 'bool';
}

/**
 * The flag an `ETCD_*` variable sets (`ETCD_INITIAL_CLUSTER` -> `initial-cluster`), as etcd maps
 * flags to variables; undefined for other variables, `ETCDCTL_*` (etcdctl's) included.
 */
export function flagOfEnvironmentVariable(variable: string): string | undefined {
  if (!variable.startsWith('ETCD_') || variable.length === 'ETCD_'.length) return undefined;
  const rest = variable.slice('ETCD_'.length);
  // etcd looks up the upper-case variable of each flag: a lower-case one sets nothing, so its name stays unknown.
  const name = rest === rest.toUpperCase() ? rest.toLowerCase() : rest;
  return name.replace(/_/g, '-');
}

/** What reading an etcd command line gave. */
export interface ParsedArguments {
  settings: Setting[];
  /**
   * Arguments that are no flag: Go's flag package stops at the first, and etcd then exits with
   * `"X" is not a valid flag`. Flags after it are still read, so the rest can be linted.
   */
  positionals: Array<{ word: PositionedWord; afterBooleanFlag?: string }>;
  /** A flag that needs a value but ends the command line. */
  missingValues: Setting[];
}

/** Reads etcd's flags as Go's flag package does: `--flag=value`, `--flag value`, one dash or two, bare booleans. */
export function parseEtcdArguments(words: PositionedWord[], source: SettingSource): ParsedArguments {
  const settings: Setting[] = [];
  const positionals: ParsedArguments['positionals'] = [];
  const missingValues: Setting[] = [];
  let bareBoolean: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const afterBooleanFlag = bareBoolean;
    bareBoolean = undefined;
    if (word.text === '--') {
      positionals.push(...words.slice(i + 1).map((rest) => ({ word: rest })));
      break;
    }
    const dashes = word.text.startsWith('--') ? 2 : word.text.startsWith('-') ? 1 : 0;
    if (dashes === 0 || word.text.length === dashes || word.text[dashes] === '-' || word.text[dashes] === '=') {
      positionals.push({ word, afterBooleanFlag });
      continue;
    }
    const equals = word.text.indexOf('=');
    const name = word.text.slice(dashes, equals >= 0 ? equals : undefined);
    const key = word.text.slice(0, equals >= 0 ? equals : undefined);
    if (equals >= 0) {
      settings.push({
        name,
        value: word.text.slice(equals + 1),
        key,
        source,
        at: word.at(0),
        valueAt: word.at(equals + 1),
      });
    } else if (isBooleanFlag(name)) {
      settings.push({ name, value: 'true', key, source, at: word.at(0) });
      bareBoolean = key;
    } else if (i + 1 < words.length) {
      const value = words[++i];
      settings.push({ name, value: value.text, key, source, at: word.at(0), valueAt: value.at(0) });
    } else {
      const setting: Setting = { name, value: '', key, source, at: word.at(0) };
      settings.push(setting);
      missingValues.push(setting);
    }
  }
  return { settings, positionals, missingValues };
}

/**
 * What etcd does with a command line that does not parse: the first argument that is no flag
 * (etcd exits), and a last flag without its value.
 */
export function argumentFindings(parsed: ParsedArguments): Finding[] {
  const findings: Finding[] = [];
  const first = parsed.positionals[0];
  if (first) {
    const text = first.word.text;
    const hint =
      first.afterBooleanFlag && (text === 'true' || text === 'false')
        ? ` A boolean flag takes its value only after "=": write ${first.afterBooleanFlag}=${text}.`
        : '';
    findings.push(
      findingAtPosition(
        first.word.at(0),
        'error',
        READER_RULE_IDS.parse,
        `etcd takes no arguments: "${text}" is no flag, and etcd exits ("${text}" is not a valid flag).${hint}`,
      ),
    );
  }
  for (const setting of parsed.missingValues) {
    findings.push(
      findingAtPosition(
        setting.at,
        'error',
        READER_RULE_IDS.parse,
        `${setting.key} needs a value, and the command line ends here: etcd exits (flag needs an argument: ${setting.key}).`,
      ),
    );
  }
  return findings;
}

/** The last path element of an executable (`/usr/local/bin/etcd` -> `etcd`). */
export function executableName(command: string): string {
  return command.slice(command.lastIndexOf('/') + 1);
}
