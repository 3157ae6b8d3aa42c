import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import type { NamedMember } from '../cluster/topology.js';
import type { ConfigSandbox } from '../cluster/user-config.js';
import type { OptionLabel, OptionReader } from '../options/reader.js';
import type { EtcdBinaries } from '../etcd/install.js';
import type { MemberConfig } from '../lint/model.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { ProcessRunner } from '../util/process.js';
import type { TargetKind, TargetOptionsOf, TargetStateOf } from './kind.js';
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

/** Where a target's members get their addresses: the options it refuses, a member list it implies, the base address's default and rule. */
export interface Addressing {
  refused: Array<{ name: string; allowed: string }>;
  /** The members the target's own options name (the ssh hosts), and that option's name. */
  implied?: { list: NamedMember[]; option: string };
  /**
   * The first member's address when none is given. `freeLoopbackBlock`: the run makes its PKI now and
   * starts its members on this machine, so a default may be picked where nothing listens yet.
   */
  defaultBase(options: { freeLoopbackBlock: boolean }): string;
  /** What is wrong with this base address for `members` members, or undefined. */
  baseProblem(octets: number[], isIpv4: boolean, members: number): string | undefined;
}

/** What placing a configuration's members takes besides the members: the base address and how options are named. */
export interface ConfigPlacementContext {
  baseAddress: string;
  label: OptionLabel;
}

/** How one kind of target is chosen, set up, recorded, made and described; teardown is its `destroy`. */
export interface TargetEntry<K extends TargetKind> {
  /** What the members are on this target, as the docs and help describe the kind. */
  readonly summary: string;
  /** The addresses the members get there, as the certificates name them. */
  readonly addressesNamed: string;
  /** How the docs and help describe this kind's addressing, where it has something of its own to say. */
  readonly docs: {
    /** How the base address places the members here (`not taken`). */
    baseAddress?: string;
    /** The first member's address when none is given, and when certificates are made for later. */
    defaultBase?: { run: string; certs: string };
    /** The addresses a member list must give here. */
    memberList?: string;
    /** Where a configuration's members run here. */
    config?: string;
  };
  /** Options only this kind takes: given with another kind, they are refused. */
  readonly ownOptions: readonly string[];
  /** Of ownOptions, those whose value is a secret: a refusal shows `***` instead. */
  readonly secretOptions?: readonly string[];
  /**
   * This kind's options, read and validated. Without `access` (for certificates, which need only the
   * addresses), what only reaching the members needs (an ssh key) is not asked for.
   */
  parseOptions(read: OptionReader, access: boolean): TargetOptionsOf<K>;
  /** Where the members get their addresses on this target. */
  addressing(options: TargetOptionsOf<K>): Addressing;
  /** The members of a user's configuration in the order this target runs them, and the addresses it runs them on. */
  placeConfig(
    options: TargetOptionsOf<K>,
    members: MemberConfig[],
    context: ConfigPlacementContext,
  ): [MemberConfig[], ConfigSandbox];
  /** Files the CLI is given for these options that must be readable before anything starts (the ssh key), by option name. */
  accessFiles?(options: TargetOptionsOf<K>): Array<{ option: string; file: string }>;
  /**
   * Where the action is given as text what this target reads from files (the ssh key and known_hosts):
   * writes them 0600 into a 0700 folder of the state dir, passes every secret line to `mask`, and
   * returns the options naming the files, which it lists as owned.
   */
  writeInputFiles?(
    options: TargetOptionsOf<K>,
    stateDir: string,
    mask: (secret: string) => void,
  ): Promise<TargetOptionsOf<K>>;
  /** The files a step wrote for these options that teardown removes (see writeInputFiles), or undefined where there are none to record. */
  ownedFiles?(options: TargetOptionsOf<K>): string[] | undefined;
  /** Names in the state dir that this target's steps may leave there (what writeInputFiles writes), removed at teardown. */
  readonly stateDirEntries?: readonly string[];
  /** True when the members run an etcd binary of this machine (found or downloaded before `up`); false when the target brings its own (an image). */
  readonly runsLocalBinary: boolean;
  /** For a target that runs images: the image of an etcd release when none is named (the upgrade check's `upgrade-etcd-version`). */
  imageOf?(etcdVersion: string): string;
  /** False where asking whether each member runs takes a connection per member (ssh hosts): `etcd-ha ps` shows `?`. */
  readonly countsRunningMembers: boolean;
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
  /** The spec as this target runs it (the local target's peer proxy in front of the members' peer ports). */
  specAsRun(spec: ClusterSpec, state: TargetStateOf<K>): ClusterSpec;
  /** A member as this target runs it (its paths inside a container), for the report's configuration mapping. */
  asRun(member: MemberSpec): MemberSpec;
  /** What a member of `spec` (as run) runs with, for the diagnostics bundle: its config file or its flags. Paths only, never keys. */
  runConfig(spec: ClusterSpec, member: MemberSpec): { file: string; text: string };
  /** The etcd version the members run when the target decides it (an image's); undefined when it is the binaries'. */
  etcdVersion(state: TargetStateOf<K>): string | undefined;
}
