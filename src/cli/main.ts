import { access, constants, mkdtemp, readdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  memberCountWarning,
  parseCheckSelection,
  parseClusterOptions,
  parseRunOptions,
  parseEtcdBinary,
  parseGivenCluster,
  parseProvidedPki,
  parseRounds,
  parseTiming,
  parseTopology,
  refuseReplacedOptions,
} from '../config/options.js';
import { flagLabel, optionReader, type OptionReader } from '../config/reader.js';
import { DEFAULT_ETCD_VERSION } from '../etcd/releases.js';
import { parseTarget } from '../config/target-options.js';
import type { TargetOptions } from '../targets/kind.js';
import { prepareTarget, targetAccessFiles, targetEntry } from '../targets/registry.js';
import { parseCompareTo } from '../config/comparison-options.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { LINT_FORMATS, parseLintOptions, reachesFailOn } from '../config/lint-options.js';
import { renderSarif } from '../lint/format-sarif.js';
import { renderLintJson, renderLintText } from '../lint/format-text.js';
import { lintPaths } from '../lint/lint.js';
import { historyVerb } from './history.js';
import { RULES } from '../lint/rules/index.js';
import { withComparison } from '../report/compare.js';
import type { Report } from '../report/model.js';
import { renderTerminal } from '../report/render.js';
import {
  adoptPkiPhase,
  binariesPhase,
  bringUp,
  certsPhase,
  downPhase,
  checkReport,
  phaseTimer,
  prepareStateDir,
  runAll,
  upPhase,
  type PipelineDeps,
} from '../run/pipeline.js';
import { appendMarkdownReport, checkFilesMarkdown, writeCheckFiles, writeJsonReport } from '../run/outputs.js';
import { ConfigLintError, findingLine } from '../run/boot-config.js';
import { checkedClusterState, loadState, saveState, type ClusterState } from '../run/state.js';
import { ETCDCTL_ENV_FILE, stateFilePath } from '../cluster/state-files.js';
import { openClusterPki, sealClusterPki } from '../pki/bundle.js';
import { identitiesFromFile, parseRecipients, passphraseFromEnv, type OpenKey, type SealKey } from '../pki/seal.js';
import { systemDeps } from '../run/system-deps.js';
import { teardownOnSignals } from '../run/signals.js';
import { consoleLogger, inertLines } from '../util/logger.js';
import { appendFileNoFollow } from '../util/safe-write.js';
import { terminalMode } from '../util/terminal.js';
import { processStartTime } from '../util/process.js';
import { VERSION } from '../version.js';
import { emitDiagnostics, parseDiagnosticsFlags, type DiagnosticsFlags } from './diagnostics.js';
import { overview, VERB_HELP, verbHelp } from './help.js';
import {
  REPEATABLE,
  REPLACED_OPTIONS,
  SWITCHES,
  VERB_OPTIONS as TABLE_VERB_OPTIONS,
  type FlagName,
} from '../config/option-table.js';
import { closest } from '../util/suggest.js';
import { downAllVerb, psVerb } from './runs.js';
import { runRegistry, runsDir, type RunRegistry } from '../run/registry.js';

/** Members, addresses, ports and certificates: what `certs`, `up` and `run` lay a cluster out with. */
const TOPOLOGY_OPTIONS: FlagName[] = [
  'members',
  'member-list',
  'base-address',
  'client-port',
  'peer-port',
  'extra-sans',
  'cert-validity-days',
  'key-algorithm',
  'key-size',
];

const TIMING_OPTIONS: FlagName[] = ['heartbeat-ms', 'election-ms', 'startup-timeout-seconds'];

/** Which options each verb takes (from the table of options); any other is refused by name. Each verb's help lists exactly these. */
export const VERB_OPTIONS: Record<string, readonly FlagName[]> = TABLE_VERB_OPTIONS;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal: the report is then in colour (see terminalMode). */
  stdoutIsTTY?: boolean;
}

/** The CLI's deps always record runs. */
type CliDeps = PipelineDeps & { runs: RunRegistry };

/** The real deps, with the registry of runs `ps` and `down --all` read (see runsDir). */
function pipelineDeps(env: NodeJS.ProcessEnv, verbose: boolean, live: { state?: ClusterState }, verb: string): CliDeps {
  const cli = { pid: process.pid, startTime: processStartTime(process.pid) ?? '' };
  return {
    ...systemDeps(env, consoleLogger({ verbose, env }), { live }),
    runs: runRegistry(runsDir(env), { command: verb, cli, now: () => new Date() }),
  };
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

function requireOption(read: OptionReader, name: string, allowed = 'a folder path'): string {
  const value = read.raw(name);
  if (value === undefined) throw new ConfigurationError(`--${name} is missing; allowed: ${allowed}`);
  return value;
}

/** Prints the report, writes --json and appends --summary; returns the exit code it stands for. */
async function emitReport(report: Report, read: OptionReader, io: Io): Promise<number> {
  io.stdout(renderTerminal(report, terminalMode(io.stdoutIsTTY, io.env)));
  const json = read.raw('json');
  if (json) await writeJsonReport(report, json);
  const summary = read.raw('summary');
  if (summary) await appendMarkdownReport(report, summary);
  // Files the checks handed back (a failing history) go beside --json, else into the temporary folder.
  const saved = await writeCheckFiles(report, json ? path.dirname(path.resolve(json)) : tmpdir());
  for (const file of saved) io.stderr(`saved ${file}\n`);
  if (summary && saved.length > 0) await appendFileNoFollow(summary, checkFilesMarkdown(saved));
  return report.passed ? 0 : 1;
}

async function runVerb(
  read: OptionReader,
  keep: boolean,
  diagnostics: DiagnosticsFlags,
  deps: PipelineDeps,
  live: { state?: ClusterState },
  io: Io,
): Promise<number> {
  const { config, target, topology, timing, checks, optionalChecks, rounds, binary, provided, warnings } =
    parseRunOptions(read);
  // A failed start keeps its members' logs for the bundle before its teardown removes them.
  if (diagnostics.when !== 'never') deps.captured = {};
  const comparison = await parseCompareTo(read, flagLabel);
  await checkAccessFiles(target);
  for (const warning of warnings) deps.logger.warning(warning);
  const madeStateDir = read.raw('state') === undefined;
  const stateDir = read.raw('state') ?? (await mkdtemp(path.join(tmpdir(), 'etcd-ha-')));
  // Interrupted, the cluster is torn down and the exit code is 130 (SIGINT) or 143 (SIGTERM), as shells expect.
  const stopHandling = teardownOnSignals(live, deps, { keep, exitCode: (signal) => (signal === 'SIGINT' ? 130 : 143) });
  try {
    const { report: measured } = await runAll(
      {
        config,
        label: flagLabel,
        target,
        stateDir,
        stateDirLabel: '--state',
        topology,
        timing,
        binary,
        checks,
        optionalChecks,
        rounds,
        provided,
      },
      deps,
    );
    const report = withComparison(measured, comparison);
    const code = await emitReport(report, read, io);
    // A configuration lint refused: every finding where it is, as `lint` prints it (the report has them too).
    if (report.lint) {
      for (const finding of report.lint.findings) io.stderr(`${findingLine(finding)}\n`);
      io.stderr(`error: ${report.error}\n`);
    }
    // Before the teardown below: the members' logs are still there. A refused configuration started nothing to diagnose.
    if (!report.lint) await emitDiagnostics(report, live.state, diagnostics, read, deps);
    return code;
  } finally {
    if (live.state) {
      const problems = await downPhase(live.state, { keep }, deps);
      for (const problem of problems) deps.logger.warning(`teardown: ${problem}`);
      if (keep) deps.logger.info(`kept data, logs and PKI in ${live.state.spec.stateDir}`);
    } else if (madeStateDir) {
      // Refused before anything was made (a configuration with lint errors, say): the empty folder goes too.
      await rmdir(stateDir).catch(() => undefined);
    }
    stopHandling();
  }
}

/** Lints the paths (`.` if none) and prints the findings in --format; the exit code says whether one reached --fail-on. */
async function lintVerb(
  read: OptionReader,
  paths: string[],
  boot: boolean,
  deps: PipelineDeps,
  io: Io,
): Promise<number> {
  const options = parseLintOptions(read, paths, boot);
  const format = read.oneOf('format', 'text', LINT_FORMATS);
  const cwd = process.cwd();
  const result = await lintPaths(options.paths, {
    etcdVersion: options.etcdVersion,
    upgradeTo: options.upgradeTo,
    boot: options.boot,
    cwd,
    logger: deps.logger,
  });
  if (format === 'json') io.stdout(renderLintJson(result));
  else if (format === 'sarif') io.stdout(renderSarif(result, RULES, { srcRoot: cwd }));
  else io.stdout(renderLintText(result, { width: io.stdoutIsTTY ? process.stdout.columns : undefined }));
  return reachesFailOn(result.summary, options.failOn) ? 1 : 0;
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
  const live: { state?: ClusterState } = {};
  let deps: CliDeps;
  try {
    if (verb === 'help') throw new ConfigurationError(notACommand(rest[0]));
    const allowed = VERB_OPTIONS[verb];
    if (!allowed) throw new ConfigurationError(notACommand(verb));
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
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const read = optionReader(
      (name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined),
      flagLabel,
    );
    refuseReplacedOptions(read);
    const keep = values.keep === true;
    deps = pipelineDeps(io.env, values.verbose === true, live, verb);
    const diagnosticsFlags = () =>
      parseDiagnosticsFlags(read, (values['diagnostics-recipient'] as string[] | undefined) ?? [], io.env);

    switch (verb) {
      case 'run':
        return await runVerb(read, keep, diagnosticsFlags(), deps, live, io);
      case 'certs': {
        const topology = parseTopology(read, parseTarget(read, { access: false }));
        const warning = memberCountWarning(topology.members);
        if (warning) deps.logger.warning(warning);
        const sealTo = read.raw('seal');
        const sealKey = sealTo
          ? sealKeyFrom(read, (values.recipient as string[] | undefined) ?? [], io.env)
          : undefined;
        const dir = await prepareStateDir(requireOption(read, 'out'), '--out');
        const state = await certsPhase(dir, topology, parseTiming(read), deps);
        if (sealTo && sealKey) {
          const { bytes } = await sealClusterPki(state.spec, sealKey, sealTo, deps.runner);
          deps.logger.info(
            `sealed the PKI into ${sealTo} (${bytes} bytes, age, ${'passphrase' in sealKey ? 'passphrase' : `${sealKey.recipients.length} recipient(s)`})`,
          );
        }
        io.stdout(`${state.spec.pki.root}\n`);
        return 0;
      }
      case 'restore': {
        const identities = (values.identity as string[] | undefined) ?? [];
        const passphraseEnv = read.raw('passphrase-env');
        if ((passphraseEnv === undefined) === (identities.length === 0)) {
          throw new ConfigurationError('etcd-ha restore needs exactly one of --passphrase-env VAR or --identity FILE');
        }
        const key: OpenKey = passphraseEnv
          ? { passphrase: passphraseFromEnv(passphraseEnv, io.env, '--passphrase-env') }
          : {
              identities: (await Promise.all(identities.map((file) => identitiesFromFile(file, '--identity')))).flat(),
            };
        const spec = await openClusterPki(
          requireOption(read, 'from', 'the path of a sealed bundle'),
          key,
          requireOption(read, 'out'),
          deps.runner,
          '--out',
        );
        await saveState({ schemaVersion: 1, spec });
        deps.logger.info(`restored the PKI for ${spec.members.length} members into ${spec.pki.root}`);
        io.stdout(`${spec.pki.root}\n`);
        return 0;
      }
      case 'up': {
        const dir = requireOption(read, 'state');
        if (read.raw('config') !== undefined) {
          const options = parseClusterOptions(read);
          await checkAccessFiles(options.target);
          for (const warning of options.warnings) deps.logger.warning(warning);
          const state = await bringUp(
            { ...options, label: flagLabel, stateDir: dir, stateDirLabel: '--state' },
            deps,
            phaseTimer(deps, {}),
          );
          io.stdout(`${path.join(state.spec.stateDir, ETCDCTL_ENV_FILE)}\n`);
          return 0;
        }
        const provided = parseProvidedPki(read);
        const target = parseTarget(read);
        await checkAccessFiles(target);
        const binary = parseEtcdBinary(read);
        // As `bringUp` does: what the target checks before the cluster exists (an image found or pulled) runs meanwhile.
        prepareTarget(target, binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
        const state = provided.pkiDir
          ? await adoptPkiPhase(
              await prepareStateDir(dir, '--state'),
              parseTopology(read, target),
              parseTiming(read),
              { ...provided, pkiDir: provided.pkiDir },
              deps,
            )
          : await upState(dir, read, target, deps);
        const timingGiven = TIMING_OPTIONS.some((name) => read.raw(name) !== undefined);
        const timing = timingGiven
          ? parseTiming(optionReader((name) => read.raw(name) ?? String(defaultTiming(state, name)), flagLabel))
          : undefined;
        const binaries = targetEntry(target.kind).runsLocalBinary ? await binariesPhase(binary, deps) : undefined;
        await upPhase(state, { target, binaries, etcdVersion: binary.etcdVersion }, timing, deps);
        io.stdout(`${path.join(state.spec.stateDir, ETCDCTL_ENV_FILE)}\n`);
        return 0;
      }
      case 'check': {
        const diagnostics = diagnosticsFlags();
        const state = await checkedClusterState(
          { dir: read.raw('state'), label: '--state' },
          parseGivenCluster(read),
          flagLabel,
        );
        const { checks, optional } = parseCheckSelection(read, state.spec.members.length);
        const [rounds, comparison] = [parseRounds(read), await parseCompareTo(read, flagLabel)];
        const report = withComparison(await checkReport(state, checks, deps, rounds, optional), comparison);
        const code = await emitReport(report, read, io);
        await emitDiagnostics(report, state, diagnostics, read, deps);
        return code;
      }
      case 'ps':
        return await psVerb(deps.runs, deps, io);
      case 'history':
        return await historyVerb(read, parsed.positionals, io.stdout, deps.logger);
      case 'lint':
        return await lintVerb(read, parsed.positionals, values.boot === true, deps, io);
      case 'down': {
        if (values.all === true) {
          const stateDir = read.raw('state');
          if (stateDir !== undefined)
            throw new ConfigurationError(`--state is '${stateDir}' and --all is given; allowed: one of them`);
          return await downAllVerb(deps.runs, keep, deps, io);
        }
        const state = await loadState(
          requireOption(read, 'state', "a folder path (or --all: every cluster 'etcd-ha ps' lists)"),
          '--state',
        );
        const problems = await downPhase(state, { keep }, deps);
        for (const problem of problems) deps.logger.warning(`teardown: ${problem}`);
        return problems.length === 0 ? 0 : 1;
      }
    }
    return 2;
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

/** Options that shape a new cluster's PKI and layout: `up` takes them for a new folder (or --pki-dir) only. */
const LAYOUT_OPTIONS = TOPOLOGY_OPTIONS.filter((name) => !REPLACED_OPTIONS.includes(name));

/**
 * The cluster `up --state DIR` starts: in a new or empty DIR, a new cluster whose PKI is generated
 * there first (as `certs --out DIR` would); in a folder certs or restore made, that cluster.
 */
async function upState(
  dir: string,
  read: OptionReader,
  target: TargetOptions,
  deps: PipelineDeps,
): Promise<ClusterState> {
  const entries: string[] | undefined = await readdir(dir).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? [] : undefined,
  );
  if (entries?.length === 0) {
    const topology = parseTopology(read, target, { freeLoopbackBlock: true });
    const warning = memberCountWarning(topology.members);
    if (warning) deps.logger.warning(warning);
    const state = await certsPhase(await prepareStateDir(dir, '--state'), topology, parseTiming(read), deps);
    deps.logger.info(
      `--state ${dir} held no cluster: a new one is laid out in ${state.spec.stateDir}, its PKI in ${state.spec.pki.root}`,
    );
    return state;
  }
  const layout = LAYOUT_OPTIONS.find((name) => read.raw(name) !== undefined);
  if (layout) {
    const allowed = `nothing when --state '${dir}' holds a cluster already (its PKI and layout are made); use a new or empty folder, or --pki-dir`;
    read.fail(layout, read.raw(layout) ?? '', allowed);
  }
  if (entries !== undefined && !entries.includes(path.basename(stateFilePath(dir)))) {
    throw new ConfigurationError(
      `--state is '${dir}'; allowed: a new or empty folder (up generates the PKI there), or a folder made by 'etcd-ha certs --out' ` +
        `or 'etcd-ha restore --out' (this one holds files, but no ${path.basename(stateFilePath(dir))})`,
    );
  }
  return loadState(dir, '--state');
}

/** The files the target reads (the ssh target's key and known_hosts) must be readable before anything starts. */
async function checkAccessFiles(target: TargetOptions): Promise<void> {
  for (const { option, file } of targetAccessFiles(target)) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ConfigurationError(`--${option} is '${file}'; allowed: a file this user can read`);
    }
  }
}

/** The key `certs --seal` seals with: exactly one of --passphrase-env or --recipient. */
function sealKeyFrom(read: OptionReader, recipients: string[], env: NodeJS.ProcessEnv): SealKey {
  const passphraseEnv = read.raw('passphrase-env');
  if ((passphraseEnv === undefined) === (recipients.length === 0)) {
    throw new ConfigurationError(
      '--seal needs exactly one of --passphrase-env VAR or --recipient KEY (which may be repeated)',
    );
  }
  return passphraseEnv
    ? { passphrase: passphraseFromEnv(passphraseEnv, env, '--passphrase-env') }
    : { recipients: parseRecipients(recipients, '--recipient') };
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

/** The timing a cluster was made with, by option name, so `up` can change one value and keep the rest. */
function defaultTiming(state: ClusterState, name: string): number {
  const timing = state.spec.timing;
  if (name === 'heartbeat-ms') return timing.heartbeatMs;
  if (name === 'election-ms') return timing.electionMs;
  return timing.startupTimeoutMs / 1000;
}
