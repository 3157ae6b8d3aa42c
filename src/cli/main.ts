import { access, constants, mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_ETCD_VERSION,
  flagLabel,
  memberCountWarning,
  optionReader,
  parseChecks,
  parseClusterOptions,
  parseRunOptions,
  parseEtcdBinary,
  parseGivenCluster,
  parseProvidedPki,
  parseRounds,
  parseTiming,
  parseTopology,
  type OptionReader,
} from '../config/options.js';
import { parseTarget, type TargetOptions } from '../config/target-options.js';
import { parseCompareTo } from '../config/comparison-options.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { LINT_FORMATS, parseLintOptions, reachesFailOn } from '../config/lint-options.js';
import { renderSarif } from '../lint/format-sarif.js';
import { renderLintJson, renderLintText } from '../lint/format-text.js';
import { lintPaths } from '../lint/lint.js';
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
import { appendMarkdownReport, writeJsonReport } from '../run/outputs.js';
import { ConfigLintError, findingLine } from '../run/boot-config.js';
import { checkedClusterState, ETCDCTL_ENV_FILE, loadState, saveState, type ClusterState } from '../run/state.js';
import { openClusterPki, sealClusterPki } from '../pki/bundle.js';
import { identitiesFromFile, parseRecipients, passphraseFromEnv, type OpenKey, type SealKey } from '../pki/seal.js';
import { systemDeps } from '../run/system-deps.js';
import { teardownOnSignals } from '../run/signals.js';
import { consoleLogger } from '../util/logger.js';
import { VERSION } from '../version.js';

const USAGE = `etcd-ha ${VERSION}: a highly available etcd cluster with mutual TLS, checked and reported

Usage:
  etcd-ha run   [options] [--json FILE] [--summary FILE] [--keep] [rounds and comparison options]
                certs, up, all checks, report, teardown; exit 0 if every check passed,
                1 if a check failed, 2 for bad input
  etcd-ha certs --out DIR [--members N] [topology options]
                [--seal FILE (--passphrase-env VAR | --recipient AGE_PUBLIC_KEY...)]
  etcd-ha restore --from FILE (--passphrase-env VAR | --identity FILE...) --out DIR
  etcd-ha up    --state DIR [target options] [timing options] [etcd options]
                [--pki-dir DIR [--min-cert-validity-days N] [topology options]] [--config PATH]
  etcd-ha check (--state DIR | --endpoints URL,... --pki-dir DIR [--heartbeat-ms N --election-ms N])
                [--checks LIST] [--json FILE] [--summary FILE] [rounds and comparison options]
                with --endpoints, a running cluster this did not start: checks that stop
                members (failover, quorum-loss) are skipped with a reason
  etcd-ha down  --state DIR [--keep]
  etcd-ha lint  [PATH...] [--format text|json|sarif] [--etcd-version X.Y.Z (${DEFAULT_ETCD_VERSION})]
                [--fail-on error|warning|never (error)] [--verbose]
                lint etcd configuration (files, folders or globs; .): exit 0 if no finding
                reaches --fail-on, 1 if one does, 2 for bad input

Topology: --members N (3) --member-list NAME=ADDRESS,... (local) --base-address IP (127.0.0.11) --client-port N (2379) --peer-port N (2380)
          --extra-sans LIST --cert-validity-days N (365) --key-size 2048|3072|4096 (2048)
Timing:   --heartbeat-ms N (100) --election-ms N (1000, at least 5 x heartbeat) --startup-timeout-seconds N (60)
etcd:     --etcd-path DIR | --etcd-version X.Y.Z [--etcd-download-url URL]
Checks:   --checks status,failover,quorum-loss (all)
          --rounds N (1, at most 50): checks that stop members run N times on the same cluster;
            each figure is then the p50, with its P95 and Max (nearest rank); keysLost is the sum
          --compare-to FILE: a previous JSON report; the report lists every figure both measured
          --max-regression-pct P (0 to 1000): with --compare-to, exit 1 when a millisecond figure's
            p50 grew by more than P percent (only a notice below 5 rounds in either run)
run:      --state DIR (a new temporary folder) --keep (keep data, logs and PKI; processes always end)
Config:   --config PATH (run and up): boot your own etcd configuration (a file or folder, read as lint
            reads it) instead: its members, names and settings, on the target's addresses with this
            run's data dirs, PKI and logs (on ssh: on the hosts its URLs name, addresses as written);
            lint errors stop it (exit 1). Not with --members, --member-list, --heartbeat-ms,
            --election-ms, --client-port, --peer-port
Target:   --target local|container|ssh (local)
          container: --image REF (gcr.io/etcd-development/etcd:vVERSION) --network NAME (etcd-ha-RUNID);
                     --base-address a.b.c.z puts the members on a.b.c.0/24 (172.30.N.11, N random)
          ssh:       --hosts USER@HOST[:PORT],... (one per member) --ssh-key FILE --known-hosts FILE
          certs takes --target and --hosts too: they decide the members' addresses
PKI:      --pki-dir DIR (use this PKI, in the layout certs writes, instead of generating one)
          --min-cert-validity-days N (7: refuse certificates of that PKI expiring sooner)
`;

/** Options that may be given more than once. */
const REPEATABLE = ['recipient', 'identity'];

const TARGET_OPTIONS = ['target', 'image', 'network', 'hosts', 'ssh-key', 'known-hosts'];

const STRING_OPTIONS = [
  'members', 'member-list', 'base-address', 'client-port', 'peer-port', 'extra-sans', 'cert-validity-days', 'key-size',
  'heartbeat-ms', 'election-ms', 'startup-timeout-seconds', 'etcd-path', 'etcd-version', 'etcd-download-url',
  'checks', 'state', 'out', 'json', 'summary', 'pki-dir', 'min-cert-validity-days', 'rounds', 'compare-to', 'max-regression-pct',
  'config', ...TARGET_OPTIONS,
];

/** Which options each verb takes; any other is refused by name. */
const VERB_OPTIONS: Record<string, readonly string[]> = {
  run: [...STRING_OPTIONS.filter((name) => name !== 'out'), 'keep', 'verbose'],
  certs: [
    'out', 'members', 'member-list', 'base-address', 'client-port', 'peer-port', 'extra-sans', 'cert-validity-days', 'key-size',
    'heartbeat-ms', 'election-ms', 'startup-timeout-seconds', 'seal', 'passphrase-env', 'recipient', 'verbose', 'target', 'hosts',
  ],
  restore: ['from', 'passphrase-env', 'identity', 'out', 'verbose'],
  up: [
    'state', 'heartbeat-ms', 'election-ms', 'startup-timeout-seconds', 'etcd-path', 'etcd-version', 'etcd-download-url',
    'pki-dir', 'min-cert-validity-days', 'members', 'member-list', 'base-address', 'client-port', 'peer-port', 'verbose',
    'config', 'extra-sans', 'cert-validity-days', 'key-size', ...TARGET_OPTIONS,
  ],
  check: [
    'state', 'endpoints', 'pki-dir', 'heartbeat-ms', 'election-ms', 'checks', 'json', 'summary', 'verbose', 'rounds', 'compare-to', 'max-regression-pct',
  ],
  down: ['state', 'keep', 'verbose'],
  lint: ['format', 'etcd-version', 'fail-on', 'verbose'],
};

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

function pipelineDeps(env: NodeJS.ProcessEnv, verbose: boolean, live: { state?: ClusterState }): PipelineDeps {
  return systemDeps(env, consoleLogger({ verbose }), { live });
}

function requireOption(read: OptionReader, name: string, allowed = 'a folder path'): string {
  const value = read.raw(name);
  if (value === undefined) throw new ConfigurationError(`--${name} is missing; allowed: ${allowed}`);
  return value;
}

/** Prints the report, writes --json and appends --summary; returns the exit code it stands for. */
async function emitReport(report: Report, read: OptionReader, io: Io): Promise<number> {
  io.stdout(renderTerminal(report));
  const json = read.raw('json');
  if (json) await writeJsonReport(report, json);
  const summary = read.raw('summary');
  if (summary) await appendMarkdownReport(report, summary);
  return report.passed ? 0 : 1;
}

async function runVerb(read: OptionReader, keep: boolean, deps: PipelineDeps, live: { state?: ClusterState }, io: Io): Promise<number> {
  const { config, target, topology, timing, checks, rounds, binary, provided, warnings } = parseRunOptions(read);
  const comparison = await parseCompareTo(read, flagLabel);
  await checkSshFiles(target);
  for (const warning of warnings) deps.logger.warning(warning);
  const madeStateDir = read.raw('state') === undefined;
  const stateDir = read.raw('state') ?? (await mkdtemp(path.join(tmpdir(), 'etcd-ha-')));
  // Interrupted, the cluster is torn down and the exit code is 130 (SIGINT) or 143 (SIGTERM), as shells expect.
  const stopHandling = teardownOnSignals(live, deps, { keep, exitCode: (signal) => (signal === 'SIGINT' ? 130 : 143) });
  try {
    const { report } = await runAll({ config, label: flagLabel, target, stateDir, stateDirLabel: '--state', topology, timing, binary, checks, rounds, provided }, deps);
    return await emitReport(withComparison(report, comparison), read, io);
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
async function lintVerb(read: OptionReader, paths: string[], deps: PipelineDeps, io: Io): Promise<number> {
  const options = parseLintOptions(read, paths);
  const format = read.oneOf('format', 'text', LINT_FORMATS);
  const cwd = process.cwd();
  const result = await lintPaths(options.paths, { etcdVersion: options.etcdVersion, cwd, logger: deps.logger });
  if (format === 'json') io.stdout(renderLintJson(result));
  else if (format === 'sarif') io.stdout(renderSarif(result, RULES, { srcRoot: cwd }));
  else io.stdout(renderLintText(result));
  return reachesFailOn(result.summary, options.failOn) ? 1 : 0;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(
  argv: string[],
  io: Io = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), env: process.env },
): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help' || rest.includes('--help')) {
    io.stdout(USAGE);
    return verb === undefined ? 2 : 0;
  }
  if (verb === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const live: { state?: ClusterState } = {};
  let deps: PipelineDeps;
  try {
    const allowed = VERB_OPTIONS[verb];
    if (!allowed) throw new ConfigurationError(`'${verb}' is not a command; allowed: ${Object.keys(VERB_OPTIONS).join(', ')}`);
    let parsed;
    try {
      parsed = parseArgs({
        args: attachValues(rest, allowed),
        options: Object.fromEntries(
          allowed.map((name) => [
            name,
            { type: name === 'keep' || name === 'verbose' ? ('boolean' as const) : ('string' as const), multiple: REPEATABLE.includes(name) },
          ]),
        ),
        strict: true,
        allowPositionals: verb === 'lint',
      });
    } catch (error) {
      throw new ConfigurationError(`etcd-ha ${verb}: ${errorMessage(error)}; allowed options: ${allowed.map((name) => `--${name}`).join(' ')}`);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const read = optionReader((name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined), flagLabel);
    const keep = values.keep === true;
    deps = pipelineDeps(io.env, values.verbose === true, live);

    switch (verb) {
      case 'run':
        return await runVerb(read, keep, deps, live, io);
      case 'certs': {
        const topology = parseTopology(read, parseTarget(read, { access: false }));
        const warning = memberCountWarning(topology.members);
        if (warning) deps.logger.warning(warning);
        const sealTo = read.raw('seal');
        const sealKey = sealTo ? sealKeyFrom(read, (values.recipient as string[] | undefined) ?? [], io.env) : undefined;
        const dir = await prepareStateDir(requireOption(read, 'out'), '--out');
        const state = await certsPhase(dir, topology, parseTiming(read), deps);
        if (sealTo && sealKey) {
          const { bytes } = await sealClusterPki(state.spec, sealKey, sealTo, deps.runner);
          deps.logger.info(`sealed the PKI into ${sealTo} (${bytes} bytes, age, ${'passphrase' in sealKey ? 'passphrase' : `${sealKey.recipients.length} recipient(s)`})`);
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
          : { identities: (await Promise.all(identities.map((file) => identitiesFromFile(file, '--identity')))).flat() };
        const spec = await openClusterPki(requireOption(read, 'from', 'the path of a sealed bundle'), key, requireOption(read, 'out'), deps.runner, '--out');
        await saveState({ schemaVersion: 1, spec });
        deps.logger.info(`restored the PKI for ${spec.members.length} members into ${spec.pki.root}`);
        io.stdout(`${spec.pki.root}\n`);
        return 0;
      }
      case 'up': {
        const dir = requireOption(read, 'state');
        if (read.raw('config') !== undefined) {
          const options = parseClusterOptions(read);
          await checkSshFiles(options.target);
          for (const warning of options.warnings) deps.logger.warning(warning);
          const state = await bringUp({ ...options, label: flagLabel, stateDir: dir, stateDirLabel: '--state' }, deps, phaseTimer(deps, {}));
          io.stdout(`${path.join(state.spec.stateDir, ETCDCTL_ENV_FILE)}\n`);
          return 0;
        }
        const provided = parseProvidedPki(read);
        const target = parseTarget(read);
        await checkSshFiles(target);
        const state = provided.pkiDir
          ? await adoptPkiPhase(await prepareStateDir(dir, '--state'), parseTopology(read, target), parseTiming(read), { ...provided, pkiDir: provided.pkiDir }, deps)
          : await loadState(dir, '--state');
        const timingGiven = ['heartbeat-ms', 'election-ms', 'startup-timeout-seconds'].some((name) => read.raw(name) !== undefined);
        const timing = timingGiven
          ? parseTiming(optionReader((name) => read.raw(name) ?? String(defaultTiming(state, name)), flagLabel))
          : undefined;
        const binary = parseEtcdBinary(read);
        const binaries = target.kind === 'container' ? undefined : await binariesPhase(binary, deps);
        await upPhase(state, { target, binaries, etcdVersion: binary.etcdVersion }, timing, deps);
        io.stdout(`${path.join(state.spec.stateDir, ETCDCTL_ENV_FILE)}\n`);
        return 0;
      }
      case 'check': {
        const state = await checkedClusterState({ dir: read.raw('state'), label: '--state' }, parseGivenCluster(read), flagLabel);
        const checks = parseChecks(read, state.spec.members.length);
        const [rounds, comparison] = [parseRounds(read), await parseCompareTo(read, flagLabel)];
        return await emitReport(withComparison(await checkReport(state, checks, deps, rounds), comparison), read, io);
      }
      case 'lint':
        return await lintVerb(read, parsed.positionals, deps, io);
      case 'down': {
        const state = await loadState(requireOption(read, 'state'), '--state');
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

/** The ssh target's key and known_hosts are files for the CLI; both must be readable before anything starts. */
async function checkSshFiles(target: TargetOptions): Promise<void> {
  if (target.kind !== 'ssh') return;
  for (const [name, file] of [['ssh-key', target.sshKey], ['known-hosts', target.knownHosts]] as const) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ConfigurationError(`--${name} is '${file}'; allowed: a file this user can read`);
    }
  }
}

/** The key `certs --seal` seals with: exactly one of --passphrase-env or --recipient. */
function sealKeyFrom(read: OptionReader, recipients: string[], env: NodeJS.ProcessEnv): SealKey {
  const passphraseEnv = read.raw('passphrase-env');
  if ((passphraseEnv === undefined) === (recipients.length === 0)) {
    throw new ConfigurationError('--seal needs exactly one of --passphrase-env VAR or --recipient KEY (which may be repeated)');
  }
  return passphraseEnv ? { passphrase: passphraseFromEnv(passphraseEnv, env, '--passphrase-env') } : { recipients: parseRecipients(recipients, '--recipient') };
}

/**
 * Joins `--name value` into `--name=value` for options that take a value, so a value that starts with a
 * dash (`--members -1`) reaches validation and gets its proper message.
 */
function attachValues(args: string[], allowed: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : '';
    if (allowed.includes(name) && name !== 'keep' && name !== 'verbose' && i + 1 < args.length) joined.push(`${args[i]}=${args[++i]}`);
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
