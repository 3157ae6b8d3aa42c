import { executableName } from './etcd-arguments.js';
import { splitUnitWords, type UnitWord } from './unit-file.js';

/**
 * Commands that start etcd through another program, read as etcd with its arguments: CoreOS's
 * `etcd-wrapper` (the etcd-member unit and its drop-ins), `docker run … IMAGE etcd …` (and podman,
 * nerdctl), `/usr/bin/env [VAR=value…] etcd`, and a shell's `-c '… exec etcd …'`.
 */

/** What an ExecStart= command line runs, when it runs etcd. */
export interface LaunchedEtcd {
  /** The etcd executable as written (or the image, when the image's own entrypoint is etcd). */
  command: UnitWord;
  /** Words after the executable: etcd's arguments. */
  argumentWords: UnitWord[];
  /** `VAR=value` words etcd gets in its environment from the launcher (`env`, `docker run -e`, a shell's prefix). */
  envWords: UnitWord[];
  /** Environment files the launcher reads into etcd's environment (`docker run --env-file`). */
  envFiles: UnitWord[];
  /** The launchers on the way, outermost first (`sh -c`, `docker run`), for --verbose. */
  via: string[];
  /**
   * False when etcd does not see the unit's own environment (a container gets only what `-e` and
   * `--env-file` give it): the unit's Environment= then only fills in `$VAR`s on the command line.
   */
  inheritsUnitEnvironment: boolean;
  /** Variables the launcher reads itself, not etcd (etcd-wrapper's `ETCD_IMAGE_TAG`, …). */
  launcherVariables: ReadonlySet<string>;
}

/** Variables CoreOS's etcd-wrapper reads to pick and run the etcd image (etcd also sees them, and ignores them). */
const ETCD_WRAPPER_VARIABLES: ReadonlySet<string> = new Set([
  'ETCD_IMAGE',
  'ETCD_IMAGE_TAG',
  'ETCD_IMAGE_URL',
  'ETCD_IMAGE_ARGS',
  'ETCD_OPTS',
  'ETCD_SSL_DIR',
  'ETCD_USER',
]);

const CONTAINER_ENGINES: ReadonlySet<string> = new Set(['docker', 'podman', 'nerdctl']);
const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

/** `docker run` options that take no value; every other option takes the next word unless written `--opt=value`. */
const CONTAINER_BOOLEAN_OPTIONS: ReadonlySet<string> = new Set([
  '--detach',
  '--rm',
  '--interactive',
  '--tty',
  '--init',
  '--privileged',
  '--read-only',
  '--replace',
  '--publish-all',
  '--no-healthcheck',
  '--oom-kill-disable',
  '--quiet',
  '--sig-proxy',
  '--help',
]);
const CONTAINER_BOOLEAN_SHORT = /^-[dirtPq]+$/;

const NONE: ReadonlySet<string> = new Set();

/** The part of a word from `start` on, with its offsets. */
function tail(word: UnitWord, start: number): UnitWord {
  const chars = word.chars.slice(start);
  return { text: chars.join(''), chars, offsets: word.offsets.slice(start) };
}

const isAssignment = (text: string) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(text);

/** What `words` run, when it is etcd (directly or through a launcher). */
export function launchedEtcd(words: UnitWord[], depth = 0): LaunchedEtcd | undefined {
  if (words.length === 0 || depth > 4) return undefined;
  const [first, ...rest] = words;
  const name = executableName(first.text);
  const direct = (launcherVariables: ReadonlySet<string>, via: string[] = []): LaunchedEtcd => ({
    command: first,
    argumentWords: rest,
    envWords: [],
    envFiles: [],
    via,
    inheritsUnitEnvironment: true,
    launcherVariables,
  });
  if (name === 'etcd') return direct(NONE);
  if (name === 'etcd-wrapper') return direct(ETCD_WRAPPER_VARIABLES, ['etcd-wrapper']);
  if (name === 'env') return throughEnv(rest, depth);
  if (name === 'exec') return launchedEtcd(rest, depth + 1);
  if (CONTAINER_ENGINES.has(name)) return throughContainer(name, rest, depth);
  if (SHELLS.has(name)) return throughShell(name, rest, depth);
  return undefined;
}

/** `env [-i] [-u NAME] [VAR=value…] COMMAND…`. */
function throughEnv(words: UnitWord[], depth: number): LaunchedEtcd | undefined {
  const envWords: UnitWord[] = [];
  let index = 0;
  for (; index < words.length; index++) {
    const text = words[index].text;
    if (text === '-u' || text === '--unset' || text === '-C' || text === '--chdir') index++;
    else if (text.startsWith('-')) continue;
    else if (isAssignment(text)) envWords.push(words[index]);
    else break;
  }
  const inner = launchedEtcd(words.slice(index), depth + 1);
  return inner && { ...inner, envWords: [...envWords, ...inner.envWords], via: ['env', ...inner.via] };
}

/** `docker run [OPTIONS] IMAGE [COMMAND [ARG…]]`: etcd as the command, or as the image's own entrypoint. */
function throughContainer(engine: string, words: UnitWord[], depth: number): LaunchedEtcd | undefined {
  let index = words[0]?.text === 'container' ? 1 : 0;
  if (words[index]?.text !== 'run') return undefined;
  index++;
  const envWords: UnitWord[] = [];
  const envFiles: UnitWord[] = [];
  let entrypoint: UnitWord | undefined;
  for (; index < words.length; index++) {
    const word = words[index];
    if (word.text === '--') {
      index++;
      break;
    }
    if (!word.text.startsWith('-')) break;
    const equals = word.text.indexOf('=');
    const option = word.text.startsWith('--') && equals > 0 ? word.text.slice(0, equals) : word.text;
    const inline = word.text.startsWith('--') && equals > 0 ? tail(word, equals + 1) : undefined;
    if (CONTAINER_BOOLEAN_OPTIONS.has(option) || CONTAINER_BOOLEAN_SHORT.test(option)) continue;
    const value = inline ?? words[++index];
    if (!value) break;
    if ((option === '-e' || option === '--env') && isAssignment(value.text)) envWords.push(value);
    if (option === '--env-file') envFiles.push(value);
    if (option === '--entrypoint') entrypoint = value;
  }
  const image = words[index];
  if (!image) return undefined;
  const via = [`${engine} run`];
  const command = words.slice(index + 1);
  // `--entrypoint etcd IMAGE ARGS…`: the words after the image are etcd's arguments.
  if (entrypoint && executableName(entrypoint.text) === 'etcd')
    return {
      command: entrypoint,
      argumentWords: command,
      envWords,
      envFiles,
      via,
      inheritsUnitEnvironment: false,
      launcherVariables: NONE,
    };
  const inner = command.length > 0 && !command[0].text.startsWith('-') ? launchedEtcd(command, depth + 1) : undefined;
  if (inner) {
    return {
      ...inner,
      envWords: [...envWords, ...inner.envWords],
      envFiles: [...envFiles, ...inner.envFiles],
      via: [...via, ...inner.via],
      inheritsUnitEnvironment: false,
    };
  }
  // No command, or only flags: the image's entrypoint runs, which is etcd for etcd's own images.
  if (!/(^|\/)etcd[^/]*$/.test(image.text.replace(/[:@].*$/, ''))) return undefined;
  if (command.length > 0 && !command[0].text.startsWith('-')) return undefined;
  return {
    command: image,
    argumentWords: command,
    envWords,
    envFiles,
    via,
    inheritsUnitEnvironment: false,
    launcherVariables: NONE,
  };
}

/** Where a shell command list is split into commands. */
const SEPARATORS = /^(;|&&|\|\||\||&)$/;

/** `sh -c 'SCRIPT'`: the first command of the script that runs etcd (after `exec`, `VAR=value` prefixes). */
function throughShell(shell: string, words: UnitWord[], depth: number): LaunchedEtcd | undefined {
  const flag = words.findIndex((word) => /^-[a-z]*c[a-z]*$/.test(word.text));
  const script = flag >= 0 ? words[flag + 1] : undefined;
  if (!script) return undefined;
  const split = splitUnitWords(script).words.flatMap(splitSeparators);
  let start = 0;
  for (let index = 0; index <= split.length; index++) {
    if (index < split.length && !SEPARATORS.test(split[index].text)) continue;
    const command = split.slice(start, index);
    start = index + 1;
    const prefix = command.findIndex((word) => !isAssignment(word.text));
    const assignments = prefix < 0 ? command : command.slice(0, prefix);
    const inner = launchedEtcd(prefix < 0 ? [] : command.slice(prefix), depth + 1);
    if (inner) return { ...inner, envWords: [...assignments, ...inner.envWords], via: [`${shell} -c`, ...inner.via] };
  }
  return undefined;
}

/** A word with a trailing `;` (or `&&` glued on) split into the word and the separator. */
function splitSeparators(word: UnitWord): UnitWord[] {
  const match = /^(.*?)(;|&&|\|\|)$/.exec(word.text);
  if (!match || match[1] === '') return [word];
  const cut = match[1].length;
  return [{ text: match[1], chars: word.chars.slice(0, cut), offsets: word.offsets.slice(0, cut) }, tail(word, cut)];
}
