import type { Finding, MemberConfig, ScannedFile, Setting } from '../model.js';
import { configFileSettings, isEtcdConfigYaml, memberName } from './config-file.js';
import type { IncludeResolver, Resolution } from './include-resolver.js';
import { envFileSettings, envFileVariables, parseEnvFile } from './env-file.js';
import {
  argumentFindings,
  flagOfEnvironmentVariable,
  parseEtcdArguments,
  type ParsedArguments,
} from './etcd-arguments.js';
import { launchedEtcd, type LaunchedEtcd } from './launchers.js';
import { READER_RULE_IDS } from './reader-rules.js';
import { findingAtPosition, positionAt, type SourceText } from './source.js';
import {
  expandUnitWord,
  positionedUnitWord,
  splitUnitWords,
  type StrayLine,
  type UnitDirective,
  type UnitFile,
  type UnitWord,
} from './unit-file.js';
import { parseYaml, yamlParseFindings } from './yaml-source.js';

/**
 * systemd units that run etcd: `[Service]` with an `ExecStart=` whose executable is `etcd`. The
 * member's settings are, in the order etcd reads them, the `ETCD_*` variables of Environment= and
 * of the EnvironmentFile= found in the scanned tree, then the flags; with `--config-file` found in
 * the tree, the settings come from that file and the other flags and variables are ignored.
 */

export type { IncludeResolver } from './include-resolver.js';

/** Whether a file is what `EnvironmentFile=` reads: `VAR=value` lines and comments only. */
export function isEnvironmentFile(source: SourceText): boolean {
  const content = parseEnvFile(source);
  return content.assignments.length === content.statementCount;
}

/**
 * Whether a file is what `--config-file` reads: YAML with etcd's keys, or a `.yml`/`.yaml` file that
 * does not parse (meant as one). An env file or a unit (a drop-in named `etcd.conf`) never is: read
 * as YAML it would give a parse error of a file etcd never reads.
 */
export function isEtcdYamlFile(source: SourceText): boolean {
  if (isEnvironmentFile(source) && parseEnvFile(source).statementCount > 0) return false;
  if (/^[ \t]*\[[A-Za-z][\w-]*\][ \t]*\r?$/m.test(source.text)) return false;
  const documents = parseYaml(source);
  if (isEtcdConfigYaml(documents)) return true;
  return /\.ya?ml$/i.test(source.file) && documents.some((document) => document.errors.length > 0);
}

/** `a, b and c`. */
function listed(files: string[]): string {
  return files.length < 2 ? files.join('') : `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
}

/** Why a path did not bind, for the finding: several candidates, or files of another form. */
function unboundReason(resolution: Resolution, form: string): string {
  if (resolution.ambiguous)
    return `several scanned files could be it (${listed(resolution.ambiguous)}) and none is beside the unit, so none is read`;
  if (resolution.otherForm)
    return `${listed(resolution.otherForm)} ${resolution.otherForm.length === 1 ? 'ends' : 'end'} like it but ${resolution.otherForm.length === 1 ? 'is' : 'are'} no ${form}, so ${resolution.otherForm.length === 1 ? 'it is' : 'they are'} not read as one`;
  return 'it is not among the scanned files';
}

interface EtcdExecStart extends LaunchedEtcd {
  directive: UnitDirective;
  unterminatedQuote?: number;
}

/** Drops systemd's executable prefixes (`-`, `@`, `+`, `!`, `!!`, `:`) from the first word. */
function withoutPrefix(word: UnitWord): { word: UnitWord; prefix: string } {
  const prefix = /^[-@+!:]*/.exec(word.text)?.[0] ?? '';
  const chars = word.chars.slice(prefix.length);
  return { prefix, word: { text: chars.join(''), chars, offsets: word.offsets.slice(prefix.length) } };
}

/** The ExecStart= that starts etcd (directly or through a launcher), after the last empty one. */
function etcdExecStart(unit: UnitFile): EtcdExecStart | undefined {
  const starts = unit.directives.filter(
    (directive) => directive.section === 'Service' && directive.key === 'ExecStart',
  );
  const lastReset = starts.map((directive) => directive.value.chars.length === 0).lastIndexOf(true);
  for (const directive of starts.slice(lastReset + 1)) {
    const { words, unterminatedQuote } = splitUnitWords(directive.value);
    if (words.length === 0) continue;
    const { word, prefix } = withoutPrefix(words[0]);
    // With `@`, the word after the executable is argv[0], not an argument.
    const launched = launchedEtcd([word, ...words.slice(prefix.includes('@') ? 2 : 1)]);
    if (launched) return { ...launched, directive, unterminatedQuote };
  }
  return undefined;
}

/** What a unit that mentions etcd but runs no etcd the linter can read starts instead, for --verbose. */
export function unitStarts(unit: UnitFile): string | undefined {
  const start = unit.directives.find((directive) => directive.section === 'Service' && directive.key === 'ExecStart');
  if (!start) return unit.directives.length > 0 ? 'a unit without ExecStart=' : undefined;
  const words = splitUnitWords(start.value).words;
  return words.length > 0 ? `a unit whose ExecStart= runs ${withoutPrefix(words[0]).word.text}, not etcd` : undefined;
}

/** Whether a parsed unit runs etcd. */
export function isEtcdUnit(unit: UnitFile): boolean {
  return etcdExecStart(unit) !== undefined;
}

/** `NAME=value` words as variables, and the `ETCD_*` ones as env settings positioned in the unit. */
function assignmentsOf(source: SourceText, words: UnitWord[], variables: Map<string, string>): Setting[] {
  const settings: Setting[] = [];
  for (const word of words) {
    const equals = word.text.indexOf('=');
    if (equals <= 0) continue;
    const variable = word.text.slice(0, equals);
    const value = word.text.slice(equals + 1);
    variables.set(variable, value);
    const name = flagOfEnvironmentVariable(variable);
    if (name === undefined) continue;
    const valueOffset = word.offsets[equals + 1] ?? word.offsets[equals] + 1;
    settings.push({
      name,
      value,
      key: variable,
      source: 'env',
      at: positionAt(source, word.offsets[0]),
      valueAt: positionAt(source, valueOffset),
    });
  }
  return settings;
}

/** Lines in [Service] that look like etcd flags but that systemd does not take as part of any ExecStart=. */
function strayFlagLines(unit: UnitFile): Array<{ line: number; lastLine: number; offset: number; text: string }> {
  const fromDirectives = unit.directives
    .filter((directive) => directive.section === 'Service' && directive.key.startsWith('-'))
    .map((directive) => ({
      line: directive.firstLine,
      lastLine: directive.lastLine,
      offset: directive.keyOffset,
      text: `${directive.key}=${directive.value.chars.join('')}`,
    }));
  const fromLines = unit.strayLines.filter(
    (line: StrayLine) => line.section === 'Service' && line.text.startsWith('-'),
  );
  return [...fromDirectives, ...fromLines].sort((a, b) => a.line - b.line);
}

/** The flags a stray line holds, for the message (`--data-dir`). */
function flagsOfLine(text: string): string[] {
  return text.split(/\s+/).flatMap((word) => /^-{1,2}[^\s=-][^\s=]*/.exec(word)?.[0] ?? []);
}

/** `line 6` or `lines 6–9`. */
function lineRange(first: number, last: number): string {
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

/** Findings on how systemd reads the ExecStart= line and the lines around it. */
function commandLineFindings(
  source: SourceText,
  unit: UnitFile,
  exec: EtcdExecStart,
  parsed: ParsedArguments,
): Finding[] {
  const findings: Finding[] = [];
  const stray = strayFlagLines(unit);
  const followers: typeof stray = [];
  const later = unit.directives.filter(
    (directive) => directive.firstLine > exec.directive.lastLine && !directive.key.startsWith('-'),
  );
  const nextDirectiveLine = later.length > 0 ? later[0].firstLine : Number.MAX_SAFE_INTEGER;
  for (const line of stray)
    if (line.line > exec.directive.lastLine && line.line < nextDirectiveLine) followers.push(line);
  const range = followers.length > 0 ? lineRange(followers[0].line, followers[followers.length - 1].lastLine) : '';
  const lostFlags = followers.flatMap((line) => flagsOfLine(line.text));
  const lost = lostFlags.join(', ');
  if (exec.directive.commentAfterBackslash !== undefined) {
    const at = positionAt(source, exec.directive.commentAfterBackslash);
    const lineEnd = source.text.indexOf('\n', exec.directive.commentAfterBackslash);
    const rest = source.text.slice(exec.directive.commentAfterBackslash, lineEnd < 0 ? undefined : lineEnd).trimEnd();
    const shown = rest.length > 40 ? `${rest.slice(0, 40)}…` : rest;
    const ignored = followers.length > 0 ? ` systemd ignores ${range} (${lost}): they are not part of ExecStart=.` : '';
    findings.push(
      findingAtPosition(
        at,
        'error',
        READER_RULE_IDS.parse,
        `ExecStart= ends on line ${at.line}: a comment follows the backslash, and systemd continues a line only when a backslash is its last character. etcd receives "${shown}" as arguments and exits (not a valid flag).${ignored} Put comments on lines of their own.`,
      ),
    );
  } else {
    if (followers.length > 0) {
      const at = positionAt(source, followers[0].offset);
      findings.push(
        findingAtPosition(
          at,
          'error',
          READER_RULE_IDS.parse,
          `${range[0].toUpperCase()}${range.slice(1)} ${range.startsWith('lines') ? 'are' : 'is'} not part of ExecStart=: line ${exec.directive.lastLine} does not end with a backslash, so systemd ignores ${lost} and etcd starts without ${lostFlags.length === 1 ? 'it' : 'them'}.`,
        ),
      );
    }
  }
  const fromArguments = argumentFindings(parsed);
  // With a comment after the backslash, the finding above already says why etcd gets arguments.
  findings.push(
    ...(exec.directive.commentAfterBackslash !== undefined && parsed.positionals.length > 0
      ? fromArguments.slice(1)
      : fromArguments),
  );
  const others = stray.filter((line) => !followers.includes(line));
  for (const line of others) {
    findings.push(
      findingAtPosition(
        positionAt(source, line.offset),
        'error',
        READER_RULE_IDS.parse,
        `${flagsOfLine(line.text).join(', ')} ${flagsOfLine(line.text).length === 1 ? 'is' : 'are'} not part of any ExecStart=: systemd ignores this line.`,
      ),
    );
  }
  for (const line of unit.strayLines.filter((stray) => !stray.text.startsWith('-'))) {
    findings.push(
      findingAtPosition(
        positionAt(source, line.offset),
        'warning',
        READER_RULE_IDS.parse,
        `systemd ignores this line: it has no "=".`,
      ),
    );
  }
  return findings;
}

/** The member a unit that runs etcd defines, with its env files and configuration file when found in the scanned tree. */
export function readSystemdUnit(source: SourceText, unit: UnitFile, resolver: IncludeResolver): ScannedFile {
  const exec = etcdExecStart(unit);
  if (!exec) return { file: source.file, form: 'systemd-unit', members: [], findings: [] };
  const findings: Finding[] = [];
  const includes: string[] = [];
  const variables = new Map<string, string>();
  const service = unit.directives.filter((directive) => directive.section === 'Service');

  const unitEnv = service
    .filter((directive) => directive.key === 'Environment')
    .flatMap((directive) => assignmentsOf(source, splitUnitWords(directive.value).words, variables));

  const environmentFiles = service.filter((directive) => directive.key === 'EnvironmentFile');
  const lastFileReset = environmentFiles.map((directive) => directive.value.chars.length === 0).lastIndexOf(true);
  const fileEnv: Setting[] = [];
  const launcherEnv: Setting[] = [];
  for (const directive of environmentFiles.slice(lastFileReset + 1)) {
    const written = directive.value.chars.join('');
    const optional = written.startsWith('-');
    const path = optional ? written.slice(1).trim() : written;
    const resolution = resolver.resolve(path, source, isEnvironmentFile);
    const included = resolution.found;
    if (included) {
      const content = parseEnvFile(included);
      for (const [name, value] of envFileVariables(content)) variables.set(name, value);
      fileEnv.push(...envFileSettings(included, content));
      if (!includes.includes(included.file)) includes.push(included.file);
      continue;
    }
    const at = positionAt(source, directive.value.offsets[0] ?? directive.keyOffset);
    // A file under /run is written at boot (coreos-metadata's /run/metadata/coreos): no repository holds it.
    const atRuntime = /^\/run\//.test(path) && !resolution.ambiguous && !resolution.otherForm;
    const reason = atRuntime
      ? 'a file written at runtime (under /run), so no scanned file can be it'
      : unboundReason(resolution, 'environment file');
    findings.push(
      optional || resolution.ambiguous || atRuntime
        ? findingAtPosition(
            at,
            'notice',
            READER_RULE_IDS.unresolvedInclude,
            `EnvironmentFile=${written}: ${reason}${optional ? ' (systemd starts etcd without it when it is missing)' : ''}; the ETCD_* settings it may hold are not linted.`,
          )
        : findingAtPosition(
            at,
            'warning',
            READER_RULE_IDS.unresolvedInclude,
            `EnvironmentFile=${path}: ${reason}; the ETCD_* settings it holds are not linted; scan the folder that holds it too.`,
          ),
    );
  }

  // A container gets only what `-e` and `--env-file` give it (the unit's variables still fill in `$VAR`s).
  for (const file of exec.envFiles) {
    const resolution = resolver.resolve(file.text, source, isEnvironmentFile);
    if (resolution.found) {
      const content = parseEnvFile(resolution.found);
      launcherEnv.push(...envFileSettings(resolution.found, content));
      if (!includes.includes(resolution.found.file)) includes.push(resolution.found.file);
    } else {
      findings.push(
        findingAtPosition(
          positionAt(source, file.offsets[0] ?? exec.directive.keyOffset),
          resolution.ambiguous ? 'notice' : 'warning',
          READER_RULE_IDS.unresolvedInclude,
          `--env-file ${file.text}: ${unboundReason(resolution, 'environment file')}; the ETCD_* settings it gives the container are not linted.`,
        ),
      );
    }
  }
  const commandEnv = assignmentsOf(source, exec.envWords, new Map());
  const words = exec.argumentWords.flatMap((word) => expandUnitWord(word, variables));
  const parsed = parseEtcdArguments(
    words.map((word) => positionedUnitWord(source, word, exec.directive.keyOffset)),
    'flag',
  );
  // A `$VAR` left as written comes from a file not scanned (or is empty to systemd): no argument to report.
  parsed.positionals = parsed.positionals.filter((positional) => !/^\$(\{\w+\}|\w+)$/.test(positional.word.text));
  findings.push(...commandLineFindings(source, unit, exec, parsed));
  if (exec.unterminatedQuote !== undefined) {
    findings.push(
      findingAtPosition(
        positionAt(source, exec.unterminatedQuote),
        'error',
        READER_RULE_IDS.parse,
        'This quote is never closed: systemd ignores the whole ExecStart= (unbalanced quoting), so etcd is not started.',
      ),
    );
  }

  const etcdSees = (setting: Setting) => !exec.launcherVariables.has(setting.key);
  const inherited = exec.inheritsUnitEnvironment ? [...unitEnv, ...fileEnv] : [];
  const settings = [...inherited, ...launcherEnv, ...commandEnv, ...parsed.settings].filter(etcdSees);
  const member: MemberConfig = {
    name: memberName(settings),
    form: 'systemd-unit',
    file: source.file,
    settings,
    includes,
    command: exec.command.text,
    ...(exec.via.length > 0 ? { launcher: exec.via.join(' → ') } : {}),
  };
  const configFile = [...settings].reverse().find((setting) => setting.name === 'config-file' && setting.value !== '');
  if (configFile) {
    const resolution = resolver.resolve(configFile.value, source, isEtcdYamlFile);
    const included = resolution.found;
    if (included) {
      const documents = parseYaml(included);
      findings.push(...yamlParseFindings(included, documents));
      member.settings = [configFile, ...configFileSettings(included, documents)];
      member.ignoredSettings = settings.filter((setting) => setting !== configFile);
      member.name = memberName(member.settings);
      includes.push(included.file);
    } else {
      findings.push(
        findingAtPosition(
          configFile.valueAt ?? configFile.at,
          resolution.ambiguous ? 'notice' : 'warning',
          READER_RULE_IDS.unresolvedInclude,
          `${configFile.key} ${configFile.value}: ${unboundReason(resolution, 'etcd configuration file')}. etcd takes its settings from that file alone and ignores the other flags and ETCD_* variables; scan the file too so its settings are linted.`,
        ),
      );
    }
  }
  return { file: source.file, form: 'systemd-unit', members: [member], findings };
}
