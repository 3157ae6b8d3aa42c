import { parseArgs } from 'node:util';
import { refuseReplacedOptions } from '../options/options.js';
import { flagLabel, optionReader } from '../options/reader.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { ConfigLintError, findingLine } from '../run/boot-config.js';
import type { ClusterState } from '../run/state.js';
import { systemDeps } from '../run/system-deps.js';
import { consoleLogger, inertLines } from '../util/logger.js';
import { processStartTime } from '../util/process.js';
import { VERSION } from '../version.js';
import { overview, VERB_HELP, verbHelp } from './help.js';
import {
  CLI_VERBS,
  REPEATABLE,
  REPLACED_OPTIONS,
  SWITCHES,
  VERB_OPTIONS as TABLE_VERB_OPTIONS,
  type FlagName,
  type Verb,
} from '../options/option-table.js';
import { closest } from '../util/suggest.js';
import { runRegistry, runsDir } from '../run/run-records.js';
import { VERBS } from './verbs/index.js';
import type { CliDeps, Io } from './verbs/verb.js';

/** Which options each verb takes (from the table of options); any other is refused by name. Each verb's help lists exactly these. */
export const VERB_OPTIONS: Record<string, readonly FlagName[]> = TABLE_VERB_OPTIONS;

/** The real deps, with the registry of runs `ps` and `down --all` read (see runsDir). */
function pipelineDeps(env: NodeJS.ProcessEnv, verbose: boolean, verb: string): CliDeps {
  const live: { state?: ClusterState } = {};
  const cli = { pid: process.pid, startTime: processStartTime(process.pid) ?? '' };
  return {
    ...systemDeps(env, consoleLogger({ verbose, env }), { live }),
    live,
    runs: runRegistry(runsDir(env), { command: verb, cli, now: () => new Date() }),
  };
}

/** Whether the word is one of the CLI's verbs. */
function isVerb(word: string): word is Verb {
  return (CLI_VERBS as readonly string[]).includes(word);
}

/** A word that is no verb: what it may have meant and the verbs there are. */
function notACommand(word: string): string {
  const verbs = Object.keys(VERB_OPTIONS);
  const guess = closest(word, verbs);
  return `'${word}' is not a command;${guess ? ` did you mean '${guess}'?` : ''} commands: ${verbs.join(', ')} ('etcd-ha help' says what each does)`;
}

/**
 * The argument parser's refusal in the verb's words: an unknown option with the one it most likely
 * meant and the verb's usage, a missing value with the option's name; never the parser's internals.
 */
function badArguments(verb: string, allowed: readonly string[], error: unknown): string {
  const offered = allowed.filter((name) => !REPLACED_OPTIONS.includes(name));
  const usage = `usage: ${VERB_HELP[verb].usage.map((form) => `etcd-ha ${form}`).join(' | ')}; 'etcd-ha ${verb} --help' lists its options`;
  const code = (error as { code?: string }).code;
  const token = /'(-[^']*)'/.exec(errorMessage(error))?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && token) {
    const name = token.replace(/^-+/, '').split('=')[0];
    const guess = closest(name, offered);
    return `etcd-ha ${verb}: unknown option ${token}${guess ? `; did you mean --${guess}?` : ''} (${usage})`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && token === undefined) {
    const word = /'([^']*)'/.exec(errorMessage(error))?.[1] ?? '';
    return `etcd-ha ${verb}: takes no argument without an option, got '${word}' (${usage})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && token) {
    return `etcd-ha ${verb}: option ${token.split(/[ <]/)[0]} needs a value (${usage})`;
  }
  return `etcd-ha ${verb}: ${errorMessage(error)} (${usage})`;
}

/** The help of `verb`: the options it takes, except those only refused. */
export function helpOf(verb: string): string {
  return verbHelp(
    verb,
    VERB_OPTIONS[verb].filter((name) => !REPLACED_OPTIONS.includes(name)),
  );
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(
  argv: string[],
  io: Io = {
    // What is printed quotes the user's files: on a runner, no line of it may become a workflow command.
    stdout: (text) => process.stdout.write(inertLines(text)),
    stderr: (text) => process.stderr.write(inertLines(text)),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY,
  },
): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || (verb === 'help' && rest.length === 0)) {
    io.stdout(overview(Object.keys(VERB_OPTIONS)));
    return verb === undefined ? 2 : 0;
  }
  // `help VERB`, or --help / -h anywhere on a verb: that verb's help.
  const helpVerb = verb === 'help' ? rest[0] : rest.includes('--help') || rest.includes('-h') ? verb : undefined;
  if (helpVerb !== undefined && VERB_OPTIONS[helpVerb]) {
    io.stdout(helpOf(helpVerb));
    return 0;
  }
  if (verb === '--version') {
    // The first line is the version alone, for scripts that read it; the verbs follow for people.
    io.stdout(`${VERSION}\nverbs: ${Object.keys(VERB_OPTIONS).join(', ')} ('etcd-ha help' describes each)\n`);
    return 0;
  }
  try {
    if (verb === 'help') throw new ConfigurationError(notACommand(rest[0]));
    if (!isVerb(verb)) throw new ConfigurationError(notACommand(verb));
    const allowed = VERB_OPTIONS[verb];
    let parsed;
    try {
      parsed = parseArgs({
        args: attachValues(rest, allowed),
        options: Object.fromEntries(
          allowed.map((name) => [
            name,
            {
              type: SWITCHES.includes(name) ? ('boolean' as const) : ('string' as const),
              multiple: REPEATABLE.includes(name),
            },
          ]),
        ),
        strict: true,
        allowPositionals: verb === 'lint' || verb === 'history',
      });
    } catch (error) {
      throw new ConfigurationError(badArguments(verb, allowed, error));
    }
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    const read = optionReader(
      (name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined),
      flagLabel,
    );
    refuseReplacedOptions(read);
    const deps = pipelineDeps(io.env, values.verbose === true, verb);
    const args = {
      read,
      given: (name: FlagName) => values[name] === true,
      all: (name: FlagName) => (values[name] as string[] | undefined) ?? [],
      positionals: parsed.positionals,
    };
    return await VERBS[verb](args, io, deps);
  } catch (error) {
    if (error instanceof ConfigLintError) {
      // A configuration that lint refuses fails like a failed check, with every finding where it is.
      for (const finding of error.findings) io.stderr(`${findingLine(finding)}\n`);
      io.stderr(`error: ${error.message}\n`);
      return 1;
    }
    if (error instanceof ConfigurationError) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    io.stderr(`error: etcd-ha ${verb} failed: ${errorMessage(error)}\n`);
    return 1;
  }
}

/**
 * Joins `--name value` into `--name=value` for options that take a value, so a value that starts with a
 * dash (`--members -1`) reaches validation and gets its proper message.
 */
function attachValues(args: string[], allowed: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : '';
    if (allowed.includes(name) && !SWITCHES.includes(name) && i + 1 < args.length)
      joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  return joined;
}
