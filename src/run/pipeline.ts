import { access, constants, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCheck, type Check, type CheckResult, type MemberRow } from '../checks/check.js';
import { checkNamed, checksMayUse, type CheckName } from '../checks/registry.js';
import { combineRounds } from '../checks/rounds.js';
import { readStatusTable } from '../checks/status-check.js';
import { buildClusterSpec, SPARE_DIR, withTiming, type ClusterSpec, type MemberSpec } from '../cluster/spec.js';
import type { DerivedMember } from '../cluster/user-config.js';
import { startCluster, waitForHealthyCluster } from '../cluster/up.js';
import type { TimingOptions, TopologyOptions } from '../cluster/topology.js';
import type { ProvidedPkiOptions } from '../config/options.js';
import type { EtcdBinaryOptions } from '../etcd/install.js';
import { EtcdClient, readClientTls, type ClientTls } from '../etcd/client.js';
import { resolveEtcdBinaries, type EtcdBinaries, type ReleaseCache } from '../etcd/install.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { generateClusterPki, makeClusterPki, type ClusterPkiMaterial } from '../pki/cluster-pki.js';
import { certificateNamesMember, pkiKeyAlgorithms, validateClusterPki } from '../pki/validate.js';
import { buildReport, type Report } from '../report/model.js';
import { flagLabel, type OptionLabel } from '../config/reader.js';
import { DEFAULT_ETCD_VERSION } from '../etcd/releases.js';
import type { TargetOptions } from '../targets/kind.js';
import {
  prepareTarget,
  recordedTarget,
  recordTarget,
  targetEntry,
  targetEtcdVersion,
  targetStateDirEntries,
} from '../targets/registry.js';
import type { Target } from '../targets/target.js';
import type { Clock } from '../util/clock.js';
import { makeDirs } from '../util/fs.js';
import type { Logger } from '../util/logger.js';
import type { ProcessRunner } from '../util/process.js';
import type { TarFile } from '../util/tar.js';
import {
  ConfigLintError,
  configuredPkiPhase,
  configuredSpec,
  memberAsRun,
  readUserConfig,
  specAsRun,
} from './boot-config.js';
import { diagnosticsFiles, memberLogTails, type CapturedLogs } from './diagnostics.js';
import type { HttpGet } from '../util/http.js';
import type { RunRegistry } from './registry.js';
import {
  recordedTargetKind,
  removeStateFile,
  targetKind,
  saveState,
  writeEtcdctlEnv,
  type ClusterState,
} from './state.js';
import { ETCDCTL_ENV_FILE } from '../cluster/state-files.js';

/** What every phase needs from the outside world. */
export interface PipelineDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  /** Tool-cache root for downloaded etcd releases. */
  cacheRoot: string;
  /** Folders searched for etcd on PATH. */
  searchPath: string[];
  /** How etcd releases are downloaded (default: the toolkit's HTTP client). */
  http?: HttpGet;
  releaseCache?: ReleaseCache;
  toolVersion: string;
  /** Always holds the newest state, so a signal handler can tear down what is running right now. */
  live?: { state?: ClusterState };
  /** Where the CLI records the clusters it starts (`etcd-ha ps`, `down --all`); the action records none. */
  runs?: RunRegistry;
  /** Set when a diagnostics bundle may be wanted: a failed start keeps the member logs here before its teardown removes them. */
  captured?: CapturedLogs;
}

/** Creates the state folder (0700) and proves it is writable, naming the option that gave it otherwise. */
export async function prepareStateDir(stateDir: string, label: string): Promise<string> {
  const dir = path.resolve(stateDir);
  try {
    await makeDirs(dir, 0o700);
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; allowed: a folder this user can create and write (${errorMessage(error)})`,
    );
  }
  return dir;
}

/** certs: computes the cluster spec, generates its PKI and records the state. */
export async function certsPhase(
  stateDir: string,
  topology: TopologyOptions,
  timing: TimingOptions,
  deps: PipelineDeps,
  /** The PKI, started earlier so that making it overlapped other work; made here otherwise. */
  made?: Promise<ClusterPkiMaterial>,
): Promise<ClusterState> {
  const spec = buildClusterSpec(stateDir, topology, timing);
  const state: ClusterState = { schemaVersion: 1, spec };
  if (deps.live) deps.live.state = state;
  const begin = deps.clock.now();
  await generateClusterPki(spec, new Date(), made);
  const waited = Math.round(deps.clock.now() - begin);
  await saveState(state);
  deps.logger.info(
    `generated the etcd PKI for ${spec.members.length} members in ${spec.pki.root} (${topology.keyAlgorithm} keys; ${waited} ms${made ? ' after the work it overlapped' : ''})`,
  );
  return state;
}

/** Uses a PKI the user provides (in the layout `certs` writes) instead of generating one; it is validated by `up`. */
export async function adoptPkiPhase(
  stateDir: string,
  topology: TopologyOptions,
  timing: TimingOptions,
  provided: Required<ProvidedPkiOptions>,
  deps: PipelineDeps,
): Promise<ClusterState> {
  const spec = buildClusterSpec(stateDir, topology, timing, undefined, provided.pkiDir);
  const state: ClusterState = { schemaVersion: 1, spec, pkiProvided: { minValidityDays: provided.minValidityDays } };
  if (deps.live) deps.live.state = state;
  await saveState(state);
  deps.logger.info(`using the PKI in ${spec.pki.root}`);
  return state;
}

/** Finds or downloads etcd for this state. */
export async function binariesPhase(options: EtcdBinaryOptions, deps: PipelineDeps): Promise<EtcdBinaries> {
  const binaries = await resolveEtcdBinaries(options, deps);
  deps.logger.info(`using etcd ${binaries.version} from ${binaries.source} (${binaries.etcd})`);
  return binaries;
}

/**
 * Records where this state's members run and what that target starts from: the etcd binary for
 * local processes and hosts, the image and network for containers (see the target registry).
 */
export function chooseTarget(
  state: ClusterState,
  target: TargetOptions,
  binaries: EtcdBinaries | undefined,
  etcdVersion: string | undefined,
  cutsLinks?: boolean,
): void {
  recordTarget(state, target, {
    spec: state.spec,
    binaries,
    etcdVersion: etcdVersion ?? DEFAULT_ETCD_VERSION,
    cutsLinks,
  });
}

/** The target that runs this state's members; the one place a target is made. */
export function targetFor(state: ClusterState, deps: PipelineDeps): Target {
  const target = recordedTarget(state, state.spec, {
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    onChange: () => saveState(state),
  });
  if (!target) throw new Error(`no target recorded for this cluster (was it started with up?)`);
  return target;
}

/** The etcd version the members run: the binaries' for processes, the image's for containers. */
export function etcdVersionOf(state: ClusterState | undefined): string {
  return (state && targetEtcdVersion(state)) ?? state?.binaries?.version ?? '';
}

/**
 * An etcd client with the apiserver client certificate. Members whose server certificate names them
 * are verified by that name (TLS does not take IP addresses as server names); others by address.
 */
export async function clientFor(spec: ClusterSpec): Promise<EtcdClient> {
  const tls = await readClientTls({
    ca: spec.pki.caCert,
    cert: spec.pki.apiserverClientCert,
    key: spec.pki.apiserverClientKey,
  });
  const named = await Promise.all(
    spec.members.map(async (member) =>
      (await certificateNamesMember(member.pki.serverCert, member.name)) ? member : undefined,
    ),
  );
  return EtcdClient.create(
    tls,
    new Map(named.filter((member) => member !== undefined).map((member) => [member.clientUrl, member.name])),
  );
}

/** The healthcheck client's certificate, which the peer ports accept too (same CA, clientAuth). */
function peerProbeTls(spec: ClusterSpec): Promise<ClientTls> {
  return readClientTls({
    ca: spec.pki.caCert,
    cert: spec.pki.healthcheckClientCert,
    key: spec.pki.healthcheckClientKey,
  });
}

/**
 * up: starts every member and waits until the cluster is healthy, then writes etcdctl.env.
 * If the cluster does not come up, every member started is ended before the error is passed on.
 */
export async function upPhase(
  state: ClusterState,
  placement: {
    target: TargetOptions;
    binaries?: EtcdBinaries;
    etcdVersion?: string;
    /** False when no check that will run cuts links between members; absent when unknown. */
    cutsLinks?: boolean;
  },
  timing: TimingOptions | undefined,
  deps: PipelineDeps,
): Promise<ClusterState> {
  if (timing) state.spec = withTiming(state.spec, timing);
  // Recorded first, so a report on a failed start still says which etcd it was.
  if (placement.binaries) state.binaries = placement.binaries;
  if (deps.live) deps.live.state = state;
  await validateClusterPki(state.spec, {
    now: new Date(deps.clock.wallNow()),
    minValidityDays: state.pkiProvided?.minValidityDays ?? 0,
  });
  chooseTarget(state, placement.target, placement.binaries, placement.etcdVersion, placement.cutsLinks);
  await saveState(state);
  const target = targetFor(state, deps);
  const client = await clientFor(state.spec);
  // Recorded before any member starts, so `down --all` finds them even if this process is killed.
  await deps.runs?.register(state).catch((error) => {
    deps.logger.warning(
      `could not record this run in ${deps.runs?.dir} ('etcd-ha ps' will not list it): ${errorMessage(error)}`,
    );
  });
  try {
    const { leader, elapsedMs } = await startCluster(state.spec, target, client, {
      ...deps,
      peerTls: await peerProbeTls(state.spec),
    });
    deps.logger.info(`cluster healthy in ${Math.round(elapsedMs)} ms; leader ${leader.name} (${leader.clientUrl})`);
    await writeEtcdctlEnv(state.spec);
    return state;
  } catch (error) {
    if (deps.captured) deps.captured.memberLogs = await memberLogTails(state.spec, target);
    const problems = await target.destroy({ keepData: false });
    for (const problem of problems) deps.logger.warning(`teardown after a failed start: ${problem}`);
    if (problems.length === 0) await deps.runs?.unregister(state.spec.runId).catch(() => undefined);
    throw error;
  } finally {
    client.close();
  }
}

/** Heals cut links, resumes paused members, starts any member that is not running and waits until the cluster is whole again. */
async function restoreCluster(
  state: ClusterState,
  target: Target,
  client: EtcdClient,
  deps: PipelineDeps,
): Promise<void> {
  if (target.faults.isolate.supported) await target.heal();
  // Every member at once: a container target asks its engine for each.
  await Promise.all(
    state.spec.members.map(async (member) => {
      if (target.faults.pause.supported) await target.resume(member);
      if (!(await target.isRunning(member))) {
        deps.logger.info(`restarting ${member.name}, left stopped by an earlier check`);
        await target.start(member);
      }
    }),
  );
  await waitForHealthyCluster(state.spec, target, client, { clock: deps.clock });
}

/**
 * check: runs the chosen checks in order, then reads the status table the report shows. Checks that
 * stop members run `rounds` times on the same cluster, restored whole before each round, and stop at
 * the first round that fails.
 */
export async function checksPhase(
  state: ClusterState,
  checks: CheckName[],
  deps: PipelineDeps,
  rounds = 1,
): Promise<{ results: CheckResult[]; members: MemberRow[]; derived: DerivedMember[] }> {
  // A cluster given by its endpoints has no target: checks that stop members are skipped with a reason.
  const target = state.given ? undefined : targetFor(state, deps);
  const client = await clientFor(state.spec);
  const running: { check?: string } = {};
  const derived = new Map<string, DerivedMember>();
  const ctx = {
    spec: state.spec,
    // Members the checks derive from the user's configuration go into the report's mapping.
    target:
      target &&
      recordingDerivedStarts(target, (member) => derived.set(member.name, { member, check: running.check ?? '' })),
    client,
    clock: deps.clock,
    logger: deps.logger,
    keyPrefix: `/etcd-ha/${state.spec.runId}/`,
  };
  const results: CheckResult[] = [];
  try {
    for (const name of checks) {
      const check = checkNamed(name);
      const fewer = tooFewMembers(check, state.spec);
      if (fewer !== undefined) {
        // Only `all` brings a check in on too few members (one named is refused before anything starts).
        const result = { name, status: 'skipped' as const, summary: fewer, durationMs: 0, figures: {}, notes: [] };
        deps.logger.info(`${name}: skipped: ${fewer}`);
        results.push(result);
        continue;
      }
      running.check = name;
      const planned = target && check.stopsMembers ? rounds : 1;
      const roundResults: CheckResult[] = [];
      for (let round = 1; round <= planned; round++) {
        const which = planned > 1 ? `${name}, round ${round} of ${planned}` : name;
        if (target && check.stopsMembers) {
          try {
            await restoreCluster(state, target, client, deps);
          } catch (error) {
            const summary = `the cluster was not whole before this ${round > 1 ? 'round' : 'check'}: ${errorMessage(error)}`;
            // Not a reason of the cluster's kind (as a skip is) but something that went wrong: it fails the run, `all` or not.
            roundResults.push({
              name,
              status: 'fail',
              summary,
              durationMs: 0,
              figures: {},
              notes: [],
            });
            break;
          }
        }
        const result = await deps.logger.group(`check ${which}`, () => runCheck(check, ctx));
        deps.logger.info(`${which}: ${result.status} (${Math.round(result.durationMs)} ms): ${result.summary}`);
        roundResults.push(result);
        if (result.status !== 'pass') break;
      }
      results.push(
        planned > 1 && roundResults[0].status !== 'skipped' ? combineRounds(roundResults, planned) : roundResults[0],
      );
    }
    const { rows } = await readStatusTable(state.spec, client, deps.clock);
    return { results, members: rows, derived: [...derived.values()] };
  } finally {
    client.close();
  }
}

/** The target, telling `onStart` of every member derived from the user's configuration it starts (see configuredSpareMember). */
function recordingDerivedStarts(target: Target, onStart: (member: MemberSpec) => void): Target {
  return new Proxy(target, {
    get(object, property) {
      if (property === 'start') {
        return (member: MemberSpec) => {
          if (member.configured?.derivedFrom) onStart(member);
          return object.start(member);
        };
      }
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/** Why the check cannot run on this many members (its minMembers), or undefined when it can. */
function tooFewMembers(check: Check, spec: ClusterSpec): string | undefined {
  const needed = check.minMembers;
  if (!needed || spec.members.length >= needed.count) return undefined;
  return `needs at least ${needed.count} members (${needed.why}); this cluster has ${spec.members.length}`;
}

/**
 * down: ends every member by PID and removes data dirs, logs, PKI and state, unless `keep` (then
 * only the processes end). Never throws; returns what it could not do.
 */
export async function downPhase(
  state: ClusterState,
  options: { keep: boolean },
  deps: PipelineDeps,
): Promise<string[]> {
  const problems: string[] = [];
  const target = recordedTarget(state, state.spec, {
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    onChange: () => saveState(state),
  });
  if (target) problems.push(...(await target.destroy({ keepData: options.keep })));
  if (!options.keep) {
    const dir = state.spec.stateDir;
    // A PKI the user provided is theirs: it stays.
    const ours = state.pkiProvided ? [] : [state.spec.pki.root];
    // SPARE_DIR: certificates and a snapshot of members beyond the spec's, left by a check that was cut short.
    for (const item of [
      ...ours,
      path.join(dir, ETCDCTL_ENV_FILE),
      ...targetStateDirEntries().map((name) => path.join(dir, name)),
      path.join(dir, SPARE_DIR),
    ]) {
      await rm(item, { recursive: true, force: true }).catch((error) =>
        problems.push(`${item}: ${errorMessage(error)}`),
      );
    }
    await removeStateFile(dir).catch((error) => problems.push(`state file: ${errorMessage(error)}`));
    // The folder goes too if nothing of the user's is in it.
    if ((await readdir(dir).catch(() => ['?'])).length === 0) await rmdir(dir).catch(() => undefined);
  }
  // A run whose teardown left something behind stays recorded, so `down --all` can try again.
  if (problems.length === 0) {
    await deps.runs
      ?.unregister(state.spec.runId)
      .catch((error) => problems.push(`run registry: ${errorMessage(error)}`));
  }
  return problems;
}

/** What every way of bringing a cluster up takes: where its members run, which etcd. */
interface UpPlacement {
  target: TargetOptions;
  binary: EtcdBinaryOptions;
  /** False when the checks that will run cut no links between members (a run's); absent when unknown. */
  cutsLinks?: boolean;
}

/** What bringing a new cluster up takes: where, which members, which etcd, which PKI. */
export interface UpOptions extends UpPlacement {
  stateDir: string;
  stateDirLabel: string;
  topology: TopologyOptions;
  timing: TimingOptions;
  provided?: ProvidedPkiOptions;
  /** The user's own etcd configuration (a file or folder) to boot, instead of a cluster of this product's making. */
  config?: string;
  /** How options are named to the user (flags or inputs); flags by default. */
  label?: OptionLabel;
  /** The checks that will run: a configuration's member count must allow them (those in `optionalChecks` are skipped instead). */
  checks?: CheckName[];
  /** The checks only `all` brought in: on too few members they are skipped, and a skip does not fail the run. */
  optionalChecks?: CheckName[];
}

/** A cluster laid out before it starts: its state, and the timing it starts with if that changes. */
export interface LaidOutCluster {
  state: ClusterState;
  timing?: TimingOptions;
}

/**
 * Bringing up a cluster laid out by the caller (`etcd-ha up --state` on a folder `certs` or `restore`
 * made, or a new one whose PKI is generated there first): `layOut` makes or reads its state before
 * etcd is found, so that a refusal comes before any download.
 */
export interface LaidOutUp extends UpPlacement {
  layOut: () => Promise<LaidOutCluster>;
}

export interface RunAllOptions extends UpOptions {
  checks: CheckName[];
  /** How many times each check that stops members runs (1 when absent). */
  rounds?: number;
}

export type Timed = <T>(phase: string, work: () => Promise<T>) => Promise<T>;

/**
 * etcd -> pki -> up, each phase timed by `timed`, with the PKI's keys and certificates made from
 * the start (so `pki` is the time the PKI took beyond the etcd phase, and writing it), and the target's
 * `prepare` (a container image found or pulled) too. `onState` hears of the state as soon as there is
 * one, so a caller can report on it (and tear it down) even when `up` fails. A cluster laid out by the
 * caller (LaidOutUp) is laid out first, then etcd is found and the cluster started.
 */
export async function bringUp(
  options: UpOptions | LaidOutUp,
  deps: PipelineDeps,
  timed: Timed,
  onState: (state: ClusterState) => void = () => undefined,
): Promise<ClusterState> {
  let layOut: (binaries: EtcdBinaries | undefined) => Promise<LaidOutCluster>;
  if ('layOut' in options) {
    prepareTarget(options.target, options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
    const laidOut = await options.layOut();
    layOut = async () => laidOut;
  } else {
    const pkiDir = options.provided?.pkiDir;
    // The PKI is made from the start, while etcd is found or downloaded: `pki` then times only the wait that is left.
    const made =
      options.config === undefined && !pkiDir
        ? makeClusterPki(buildClusterSpec(options.stateDir, options.topology, options.timing).members, options.topology)
        : undefined;
    // Awaited in the pki phase, which reports a failure; if an earlier phase fails first, no rejection goes unhandled.
    made?.catch(() => undefined);
    // So is what the target can check before the cluster exists (a container image found or pulled).
    prepareTarget(options.target, options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
    layOut = async (binaries) => ({ state: await newClusterState(options, binaries, made, deps, timed) });
  }
  // Containers bring etcd in their image; local processes and hosts run a binary from this machine.
  const binaries = targetEntry(options.target.kind).runsLocalBinary
    ? await timed('etcd', () => binariesPhase(options.binary, deps))
    : undefined;
  const { state, timing } = await layOut(binaries);
  onState(state);
  await timed('up', () =>
    upPhase(
      state,
      {
        target: options.target,
        binaries,
        etcdVersion: options.binary.etcdVersion,
        cutsLinks: options.cutsLinks,
      },
      timing,
      deps,
    ),
  );
  return state;
}

/** config -> pki: the state of a new cluster, its PKI generated (or made from the start), adopted, or the user's configuration's. */
async function newClusterState(
  options: UpOptions,
  binaries: EtcdBinaries | undefined,
  made: Promise<ClusterPkiMaterial> | undefined,
  deps: PipelineDeps,
  timed: Timed,
): Promise<ClusterState> {
  const pkiDir = options.provided?.pkiDir;
  // The user's configuration is read and checked before anything is made: with a lint error or a member that cannot be mapped, nothing starts.
  const configured =
    options.config === undefined
      ? undefined
      : await timed('config', () => configuredClusterSpec(options, options.config as string, binaries, deps));
  const stateDir = await prepareStateDir(options.stateDir, options.stateDirLabel);
  const minValidityDays = options.provided?.minValidityDays ?? 0;
  return timed('pki', () =>
    configured
      ? configuredPkiPhase(configured, pkiDir ? { minValidityDays } : undefined, deps)
      : pkiDir
        ? adoptPkiPhase(stateDir, options.topology, options.timing, { pkiDir, minValidityDays }, deps)
        : certsPhase(stateDir, options.topology, options.timing, deps, made),
  );
}

/** Reads, lints and maps the user's configuration into the spec of the cluster to start (nothing is made yet). */
async function configuredClusterSpec(
  options: UpOptions,
  configPath: string,
  binaries: EtcdBinaries | undefined,
  deps: PipelineDeps,
): Promise<ClusterSpec> {
  const label = options.label ?? flagLabel;
  const etcdVersion = binaries?.version ?? options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION;
  const members = await readUserConfig(configPath, { label, etcdVersion, cwd: process.cwd(), logger: deps.logger });
  return configuredSpec(
    members,
    {
      configPath,
      target: options.target,
      stateDir: options.stateDir,
      topology: options.topology,
      timing: options.timing,
      checks: options.checks,
      optionalChecks: options.optionalChecks,
      pkiDir: options.provided?.pkiDir,
      label,
    },
    deps.logger,
  );
}

/** A phase timer that also groups the phase's log lines. */
export function phaseTimer(deps: PipelineDeps, phases: Record<string, number>): Timed {
  return async (phase, work) => {
    const begin = deps.clock.now();
    try {
      return await deps.logger.group(phase, work);
    } finally {
      phases[phase] = deps.clock.now() - begin;
    }
  };
}

/**
 * The files of a diagnostics bundle for this report: each member's log tail (kept by a failed start,
 * else read from the running members), what each member ran with, the status, the member list and versions.
 */
export async function diagnosticsOf(
  report: Report,
  state: ClusterState | undefined,
  deps: PipelineDeps,
): Promise<TarFile[]> {
  let memberLogs = deps.captured?.memberLogs ?? {};
  if (!deps.captured?.memberLogs && state && recordedTargetKind(state) !== undefined) {
    memberLogs = await memberLogTails(state.spec, targetFor(state, deps)).catch(() => ({}));
  }
  return diagnosticsFiles({ report, state, memberLogs });
}

/** check: the chosen checks on a running cluster, as a report. */
export async function checkReport(
  state: ClusterState,
  checks: CheckName[],
  deps: PipelineDeps,
  rounds = 1,
  /** The checks only `all` brought in: a skip of one does not fail the run. */
  optional: CheckName[] = [],
): Promise<Report> {
  const started = deps.clock.now();
  const startedAt = new Date(deps.clock.wallNow());
  const { results, members, derived } = await checksPhase(state, checks, deps, rounds);
  return buildReport({
    spec: specAsRun(state),
    asRun: memberAsRun(state),
    target: targetKind(state),
    // A given cluster says its version itself.
    etcdVersion: etcdVersionOf(state) || (members.find((row) => row.status)?.status?.version ?? ''),
    toolVersion: deps.toolVersion,
    startedAt,
    durationMs: deps.clock.now() - started,
    phases: { checks: deps.clock.now() - started },
    members,
    checks: results,
    derived,
    optional,
    keyAlgorithm: await pkiKeyAlgorithms(state.spec),
  });
}

/**
 * certs -> up -> checks -> report, leaving the cluster running: the caller tears down `deps.live.state`,
 * also when this throws. The report is built even when a phase fails; a ConfigurationError is thrown instead.
 */
export async function runAll(
  options: RunAllOptions,
  deps: PipelineDeps,
): Promise<{ report: Report; state?: ClusterState }> {
  const { clock } = deps;
  const startedAt = new Date(clock.wallNow());
  const started = clock.now();
  const phases: Record<string, number> = {};
  const timed = phaseTimer(deps, phases);
  let state: ClusterState | undefined;
  let results: CheckResult[] = [];
  let members: MemberRow[] = [];
  let derived: DerivedMember[] = [];
  let failure: string | undefined;
  let lint: Report['lint'];
  try {
    const running = await bringUp(
      { ...options, cutsLinks: checksMayUse(options.checks, 'isolate') },
      deps,
      timed,
      (made) => (state = made),
    );
    ({ results, members, derived } = await timed('checks', () =>
      checksPhase(running, options.checks, deps, options.rounds),
    ));
  } catch (error) {
    // A configuration lint refused is reported like a failed run (nothing started), with every finding.
    if (error instanceof ConfigLintError) {
      failure = error.message;
      lint = { configPath: error.configPath, findings: error.findings, summary: error.summary };
    } else if (error instanceof ConfigurationError) throw error;
    else failure = errorMessage(error);
    // The report carries the cause; where in the code it arose is for the debug log.
    if (error instanceof Error && error.stack) deps.logger.debug(error.stack);
  }
  const report = buildReport({
    spec: state
      ? specAsRun(state)
      : buildClusterSpec(path.resolve(options.stateDir), options.topology, options.timing, 'none'),
    asRun: memberAsRun(state),
    target: options.target.kind,
    etcdVersion: etcdVersionOf(state),
    toolVersion: deps.toolVersion,
    startedAt,
    durationMs: clock.now() - started,
    phases,
    members,
    checks: results,
    derived,
    optional: options.optionalChecks ?? [],
    error: failure,
    keyAlgorithm: state ? await pkiKeyAlgorithms(state.spec) : null,
    lint,
  });
  return { report, state };
}
