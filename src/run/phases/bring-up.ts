import type { CheckName } from '../../checks/registry.js';
import { buildClusterSpec, type ClusterSpec } from '../../cluster/spec.js';
import type { TimingOptions, TopologyOptions } from '../../cluster/topology.js';
import type { ProvidedPkiOptions } from '../../options/options.js';
import { flagLabel, type OptionLabel } from '../../options/reader.js';
import type { EtcdBinaries, EtcdBinaryOptions } from '../../etcd/install.js';
import { DEFAULT_ETCD_VERSION } from '../../etcd/releases.js';
import { makeClusterPki, type ClusterPkiMaterial } from '../../pki/cluster-pki.js';
import type { TargetOptions } from '../../targets/kind.js';
import { prepareTarget, targetEntry } from '../../targets/registry.js';
import { configuredPkiPhase, configuredSpec, readUserConfig } from '../boot-config.js';
import type { ClusterState } from '../state.js';
import { binariesPhase } from './binaries.js';
import type { PipelineDeps } from './deps.js';
import type { Timed } from './phase-timer.js';
import { adoptPkiPhase, certsPhase } from './pki.js';
import { prepareStateDir } from './state-dir.js';
import { upPhase } from './up.js';

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
