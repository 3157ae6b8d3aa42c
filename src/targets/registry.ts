import path from 'node:path';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import type { EtcdBinaries } from '../etcd/install.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { ProcessRunner } from '../util/process.js';
import { ContainerTarget } from './container/container-target.js';
import { imageCheck } from './container/engine.js';
import { memberInContainer, memberSubnet, officialImage } from './container/layout.js';
import {
  recordedKind,
  TARGET_KINDS,
  type TargetKind,
  type TargetOptionsOf,
  type TargetStateOf,
  type TargetStates,
} from './kind.js';
import { LocalTarget, NO_LINK_CUTS, peerProxyPlan } from './local/local-target.js';
import { SshTarget } from './ssh/ssh-target.js';
import type { Target } from './target.js';

/** What every target is made with. */
export interface TargetDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  /** Called whenever the target's state changed, to persist it. */
  onChange: () => Promise<void>;
}

/** What a target's `prepare` is given. */
export type PrepareDeps = Pick<TargetDeps, 'runner' | 'logger'>;

/** Where `up` places the members: the cluster, the etcd binaries of this machine (if resolved) and the etcd version asked for. */
export interface Placement {
  spec: ClusterSpec;
  binaries?: EtcdBinaries;
  etcdVersion: string;
  /** False when no check that will run cuts links between members (a run's checks are known); absent when unknown (`up`, whose checks come later). */
  cutsLinks?: boolean;
}

/** How one kind of target is set up, recorded, made and described; teardown is its `destroy`. */
export interface TargetEntry<K extends TargetKind> {
  /** True when the members run an etcd binary of this machine (found or downloaded before `up`); false when the target brings its own (an image). */
  readonly runsLocalBinary: boolean;
  /** The state `up` records for these options, before anything starts. */
  record(options: TargetOptionsOf<K>, placement: Placement): TargetStateOf<K>;
  /**
   * Starts work that needs neither the PKI nor a recorded state and creates nothing to tear down (an
   * image found or pulled), which `up` starts at once, beside making the PKI and finding etcd; the
   * target's `preflight` awaits it (or does it, when nothing started it).
   */
  prepare?(options: TargetOptionsOf<K>, etcdVersion: string, deps: PrepareDeps): void;
  /** The target that runs the members of a recorded state. */
  create(spec: ClusterSpec, state: TargetStateOf<K>, deps: TargetDeps): Target;
  /** A member as this target runs it (its paths inside a container), for the report's configuration mapping. */
  asRun(member: MemberSpec): MemberSpec;
  /** The etcd version the members run when the target decides it (an image's); undefined when it is the binaries'. */
  etcdVersion(state: TargetStateOf<K>): string | undefined;
}

function localBinary(kind: TargetKind, binaries: EtcdBinaries | undefined): string {
  if (!binaries) throw new Error(`the ${kind} target needs etcd binaries`);
  return binaries.etcd;
}

/**
 * Every target, by kind. A new target is its folder plus one line in TARGET_KINDS (./kind.ts) and
 * one entry here; a kind without an entry, or an entry of a kind that does not exist, does not compile.
 */
/** The registry's type: one entry per kind, each typed by its kind's options and state. */
export type TargetRegistry = { readonly [K in TargetKind]: TargetEntry<K> };

export const TARGETS: TargetRegistry = {
  local: {
    runsLocalBinary: true,
    record: (_options, placement) => {
      // The proxy costs every peer connection a TLS hop through one process: only where links may be cut.
      const plan = placement.cutsLinks === false ? { reason: NO_LINK_CUTS } : peerProxyPlan(placement.spec);
      return {
        etcdBinary: localBinary('local', placement.binaries),
        processes: {},
        ...('port' in plan ? { peerProxy: { port: plan.port } } : {}),
      };
    },
    create: (spec, state, deps) => new LocalTarget(spec, state, deps),
    asRun: (member) => member,
    etcdVersion: () => undefined,
  },
  container: {
    runsLocalBinary: false,
    record: (options, { spec, etcdVersion }) => ({
      image: options.image ?? officialImage(etcdVersion),
      network: options.network ?? `etcd-ha-${spec.runId}`,
      subnet: memberSubnet(spec),
      networkCreated: false,
      containers: {},
    }),
    prepare: (options, etcdVersion, deps) => {
      // The version too: the members' flags do not wait for it, but the first start does.
      void imageCheck(options.image ?? officialImage(etcdVersion), deps).version();
    },
    create: (spec, state, deps) => new ContainerTarget(spec, state, deps),
    asRun: (member) => memberInContainer(member),
    etcdVersion: (state) => state.etcdVersion,
  },
  ssh: {
    runsLocalBinary: true,
    record: (options, placement) => ({
      hosts: options.hosts,
      keyFile: path.resolve(options.sshKey),
      knownHostsFile: path.resolve(options.knownHosts),
      etcdBinary: localBinary('ssh', placement.binaries),
      members: {},
      localFiles: options.ownedFiles ?? [],
    }),
    create: (spec, state, deps) => new SshTarget(spec, state, deps),
    asRun: (member) => member,
    etcdVersion: () => undefined,
  },
};

/** The entry of a kind, typed by that kind. */
export function targetEntry<K extends TargetKind>(kind: K): TargetEntry<K> {
  return TARGETS[kind];
}

/** The recorded state of a kind, from the cluster state's field of that kind. */
function stateOf<K extends TargetKind>(states: TargetStates, kind: K): TargetStateOf<K> | undefined {
  return states[kind];
}

/** Records (once) where the members run: the state of the chosen target, under its kind. */
export function recordTarget<K extends TargetKind>(
  states: TargetStates,
  options: TargetOptionsOf<K> & { kind: K },
  placement: Placement,
): void {
  const recorded: TargetStates = {
    [options.kind]: stateOf(states, options.kind) ?? targetEntry(options.kind).record(options, placement),
  };
  Object.assign(states, recorded);
}

/** Starts the chosen target's `prepare`, if it has one. */
export function prepareTarget<K extends TargetKind>(
  options: TargetOptionsOf<K> & { kind: K },
  etcdVersion: string,
  deps: PrepareDeps,
): void {
  targetEntry(options.kind).prepare?.(options, etcdVersion, deps);
}

/** The target of the kind recorded in these states, or undefined when none is recorded. */
export function recordedTarget(states: TargetStates, spec: ClusterSpec, deps: TargetDeps): Target | undefined {
  const kind = recordedKind(states);
  return kind === undefined ? undefined : createTarget(states, kind, spec, deps);
}

/** The target of `kind`, whose state `recordedKind` found in `states`. */
function createTarget<K extends TargetKind>(
  states: TargetStates,
  kind: K,
  spec: ClusterSpec,
  deps: TargetDeps,
): Target {
  return targetEntry(kind).create(spec, stateOf(states, kind) as TargetStateOf<K>, deps);
}

/** A member as the recorded target runs it (the spec's member when none is recorded). */
export function memberAsRunBy(states: TargetStates): (member: MemberSpec) => MemberSpec {
  const kind = recordedKind(states);
  return kind === undefined ? (member) => member : targetEntry(kind).asRun;
}

/** The etcd version the recorded target decides (an image's), if it decides one. */
export function targetEtcdVersion(states: TargetStates): string | undefined {
  for (const kind of TARGET_KINDS) {
    const version = versionOf(states, kind);
    if (version !== undefined) return version;
  }
  return undefined;
}

function versionOf<K extends TargetKind>(states: TargetStates, kind: K): string | undefined {
  const state = stateOf(states, kind);
  return state === undefined ? undefined : targetEntry(kind).etcdVersion(state);
}
