import type { MemberConfig, Setting } from '../model.js';
import { memberName } from './config-file.js';
import { flagOfEnvironmentVariable } from './etcd-arguments.js';
import { positionAt, type SourceText } from './source.js';

/**
 * `ETCD_*` environment files: what systemd's EnvironmentFile= and a shell's `.` read (Debian's
 * /etc/default/etcd, the guides' /opt/etcd/cfg/etcd.conf): `VAR=value` lines, `export `, single or
 * double quotes, `#` and `;` comment lines. An unquoted value ends at a blank, as in a shell.
 */

/** One `VAR=value` of the file. */
export interface EnvAssignment {
  variable: string;
  value: string;
  /** Offsets of the variable's name and of the value's first character (its quote, when quoted). */
  variableOffset: number;
  valueOffset: number;
}

/** What an env file holds, and how much of it is assignments (to tell an env file by its content). */
export interface EnvFileContent {
  assignments: EnvAssignment[];
  /** Lines that are neither blank nor comments. */
  statementCount: number;
}

const ASSIGNMENT = /^(export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/;

/** Reads a value from `start`: quotes, backslash escapes and line continuations, up to a blank or the end of the line. */
function readValue(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === '\n' || char === ' ' || char === '\t' || (char === '\r' && text[i + 1] === '\n')) break;
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      value += text.slice(i + 1, end);
      i = end + 1;
    } else if (char === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[i + 1];
          if (next === '\n') i += 2;
          else if (next === '\r' && text[i + 2] === '\n') i += 3;
          else {
            value += '"\\$`'.includes(next) ? next : `\\${next}`;
            i += 2;
          }
        } else value += text[i++];
      }
      i++;
    } else if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1];
      if (next === '\n') i += 2;
      else if (next === '\r' && text[i + 2] === '\n') i += 3;
      else {
        value += next;
        i += 2;
      }
    } else {
      value += char;
      i++;
    }
  }
  return { value, end: Math.min(i, text.length) };
}

/** The assignments of an env file, in order. */
export function parseEnvFile(source: SourceText): EnvFileContent {
  const { text } = source;
  const assignments: EnvAssignment[] = [];
  let statementCount = 0;
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const lineEnd = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    const line = text.slice(i, lineEnd).replace(/\r$/, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) {
      i = lineEnd + 1;
      continue;
    }
    statementCount++;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      i = lineEnd + 1;
      continue;
    }
    const valueOffset = i + match[0].length;
    const { value, end } = readValue(text, valueOffset);
    assignments.push({ variable: match[2], value, variableOffset: i + (match[1]?.length ?? 0), valueOffset });
    const next = text.indexOf('\n', end);
    i = next < 0 ? text.length : next + 1;
  }
  return { assignments, statementCount };
}

/** Whether a file is an etcd env file: most of its lines are `VAR=value` and one sets an `ETCD_*` flag. */
export function isEtcdEnvFile(content: EnvFileContent): boolean {
  return (
    content.assignments.length * 2 > content.statementCount &&
    content.assignments.some((entry) => flagOfEnvironmentVariable(entry.variable))
  );
}

/** The `ETCD_*` settings of an env file (other variables, `ETCDCTL_*` included, are not etcd's). */
export function envFileSettings(source: SourceText, content: EnvFileContent): Setting[] {
  return content.assignments.flatMap((entry) => {
    const name = flagOfEnvironmentVariable(entry.variable);
    if (name === undefined) return [];
    const setting: Setting = {
      name,
      value: entry.value,
      key: entry.variable,
      source: 'env',
      at: positionAt(source, entry.variableOffset),
      valueAt: positionAt(source, entry.valueOffset),
    };
    return [setting];
  });
}

/** Every variable an env file sets (for `$VAR` in a unit's ExecStart=), the last assignment winning. */
export function envFileVariables(content: EnvFileContent): Map<string, string> {
  return new Map(content.assignments.map((entry) => [entry.variable, entry.value]));
}

/** The member an env file defines on its own (when no unit in the scanned tree includes it). */
export function readEnvFile(source: SourceText, content: EnvFileContent): MemberConfig {
  const settings = envFileSettings(source, content);
  return { name: memberName(settings), form: 'env-file', file: source.file, settings, includes: [] };
}
