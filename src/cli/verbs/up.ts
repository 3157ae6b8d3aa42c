import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ETCDCTL_ENV_FILE, stateFilePath } from '../../cluster/state-files.js';
import {
  memberCountWarning,
  parseClusterOptions,
  parseEtcdBinary,
  parseProvidedPki,
  parseTiming,
  parseTopology,
  type ProvidedPkiOptions,
} from '../../options/options.js';
import { REPLACED_OPTIONS, type FlagName } from '../../options/option-table.js';
import { flagLabel, optionReader, type OptionReader } from '../../options/reader.js';
import { parseTarget } from '../../options/target-options.js';
import { ConfigurationError } from '../../errors.js';
import { bringUp, type LaidOutCluster } from '../../run/phases/bring-up.js';
import type { PipelineDeps } from '../../run/phases/deps.js';
import { phaseTimer, type Timed } from '../../run/phases/phase-timer.js';
import { adoptPkiPhase, certsPhase } from '../../run/phases/pki.js';
import { prepareStateDir } from '../../run/phases/state-dir.js';
import { loadState, type ClusterState } from '../../run/state.js';
import type { TargetOptions } from '../../targets/kind.js';
import { checkAccessFiles, requireOption } from '../option-checks.js';
import type { VerbHandler } from './verb.js';

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

/** Options that shape a new cluster's PKI and layout: `up` takes them for a new folder (or --pki-dir) only. */
const LAYOUT_OPTIONS = TOPOLOGY_OPTIONS.filter((name) => !REPLACED_OPTIONS.includes(name));

/** Phases that are neither timed nor grouped. */
const untimed: Timed = (_phase, work) => work();

/**
 * `etcd-ha up --state DIR`: starts a cluster and leaves it running; prints the path of its etcdctl.env.
 * With --config, the user's configuration is booted, its phases grouped in the log (as `run` does).
 */
export const upVerb: VerbHandler = async ({ read }, io, deps) => {
  const dir = requireOption(read, 'state');
  let state: ClusterState;
  if (read.raw('config') !== undefined) {
    const options = parseClusterOptions(read);
    await checkAccessFiles(options.target);
    for (const warning of options.warnings) deps.logger.warning(warning);
    state = await bringUp(
      { ...options, label: flagLabel, stateDir: dir, stateDirLabel: '--state' },
      deps,
      phaseTimer(deps, {}),
    );
  } else {
    const provided = parseProvidedPki(read);
    const target = parseTarget(read);
    await checkAccessFiles(target);
    const binary = parseEtcdBinary(read);
    state = await bringUp(
      { target, binary, layOut: () => laidOutCluster(dir, read, target, provided, deps) },
      deps,
      untimed,
    );
  }
  io.stdout(`${path.join(state.spec.stateDir, ETCDCTL_ENV_FILE)}\n`);
  return 0;
};

/**
 * The cluster in DIR, with --pki-dir a new one on that PKI, and the timing it starts with: the one
 * it was made with, but for the timing options given.
 */
async function laidOutCluster(
  dir: string,
  read: OptionReader,
  target: TargetOptions,
  provided: ProvidedPkiOptions,
  deps: PipelineDeps,
): Promise<LaidOutCluster> {
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
  return { state, timing };
}

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

/** The timing a cluster was made with, by option name, so `up` can change one value and keep the rest. */
function defaultTiming(state: ClusterState, name: string): number {
  const timing = state.spec.timing;
  if (name === 'heartbeat-ms') return timing.heartbeatMs;
  if (name === 'election-ms') return timing.electionMs;
  return timing.startupTimeoutMs / 1000;
}
