import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import type { ConfigSandbox } from '../cluster/user-config.js';
import type { OptionReader } from '../options/reader.js';
import type { MemberConfig } from '../lint/model.js';
import { CONTAINER_TARGET } from './container/entry.js';
import type { Addressing, ConfigPlacementContext, PrepareDeps, Placement, TargetDeps, TargetEntry } from './entry.js';
import {
  recordedKind,
  TARGET_KINDS,
  type TargetKind,
  type TargetOptions,
  type TargetOptionsOf,
  type TargetStateOf,
  type TargetStates,
} from './kind.js';
import { LOCAL_TARGET } from './local/entry.js';
import { SSH_TARGET } from './ssh/entry.js';
import type { Target } from './target.js';

/** The registry's type: one entry per kind, each typed by its kind's options and state. */
export type TargetRegistry = { readonly [K in TargetKind]: TargetEntry<K> };

/**
 * Every target, by kind. A new target is its folder (its entry, options, state and class) plus one
 * line in TARGET_KINDS and TargetTypes (./kind.ts) and one entry here; a kind without an entry, or an
 * entry of a kind that does not exist, does not compile.
 */
export const TARGETS: TargetRegistry = {
  local: LOCAL_TARGET,
  container: CONTAINER_TARGET,
  ssh: SSH_TARGET,
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

/** The chosen kind's own options, parsed by its entry (see TargetEntry.parseOptions). */
export function parseTargetOptions(kind: TargetKind, read: OptionReader, access: boolean): TargetOptions {
  return targetEntry(kind).parseOptions(read, access);
}

/** Where the chosen target's members get their addresses. */
export function targetAddressing<K extends TargetKind>(options: TargetOptionsOf<K> & { kind: K }): Addressing {
  return targetEntry(options.kind).addressing(options);
}

/** The members of a user's configuration as the chosen target runs them, and their addresses there. */
export function placeConfig<K extends TargetKind>(
  options: TargetOptionsOf<K> & { kind: K },
  members: MemberConfig[],
  context: ConfigPlacementContext,
): [MemberConfig[], ConfigSandbox] {
  return targetEntry(options.kind).placeConfig(options, members, context);
}

/** The files the CLI is given for the chosen target that must be readable, by option name (none for most targets). */
export function targetAccessFiles<K extends TargetKind>(
  options: TargetOptionsOf<K> & { kind: K },
): Array<{ option: string; file: string }> {
  return targetEntry(options.kind).accessFiles?.(options) ?? [];
}

/** The chosen target's options once the files it was given as text (the action's inputs) are written; the same options where it has none. */
export async function writeTargetInputFiles<K extends TargetKind>(
  options: TargetOptionsOf<K> & { kind: K },
  stateDir: string,
  mask: (secret: string) => void,
): Promise<TargetOptions> {
  const write = targetEntry(options.kind).writeInputFiles;
  return write ? write(options, stateDir, mask) : options;
}

/** The files written for the chosen target that teardown removes, or undefined where the target records none. */
export function targetOwnedFiles<K extends TargetKind>(
  options: TargetOptionsOf<K> & { kind: K },
): string[] | undefined {
  return targetEntry(options.kind).ownedFiles?.(options);
}

/** Names in a state dir that any target's steps may leave there, removed at teardown whichever target ran. */
export function targetStateDirEntries(): string[] {
  return TARGET_KINDS.flatMap((kind) => TARGETS[kind].stateDirEntries ?? []);
}

/** True where `etcd-ha ps` asks the recorded target whether each member runs (false: it shows `?`). */
export function countsRunningMembers(kind: TargetKind): boolean {
  return TARGETS[kind].countsRunningMembers;
}

/** The spec as the recorded target runs it (the spec itself when none is recorded). */
export function specAsRunBy(states: TargetStates, spec: ClusterSpec): ClusterSpec {
  const kind = recordedKind(states);
  return kind === undefined ? spec : specAsRunOf(states, kind, spec);
}

function specAsRunOf<K extends TargetKind>(states: TargetStates, kind: K, spec: ClusterSpec): ClusterSpec {
  return targetEntry(kind).specAsRun(spec, stateOf(states, kind) as TargetStateOf<K>);
}

/** What each member ran with, as the recorded target gave it (see TargetEntry.runConfig), by member name; none when no target is recorded. */
export function memberRunConfigsBy(
  states: TargetStates,
  spec: ClusterSpec,
): Record<string, { file: string; text: string }> {
  const configs: Record<string, { file: string; text: string }> = {};
  const kind = recordedKind(states);
  if (kind === undefined) return configs;
  const asRun = specAsRunOf(states, kind, spec);
  for (const member of asRun.members) configs[member.name] = targetEntry(kind).runConfig(asRun, member);
  return configs;
}
