import type { ContainerTargetOptions, ContainerTargetState } from './container/types.js';
import type { LocalTargetOptions, LocalTargetState } from './local/types.js';
import type { SshTargetOptions, SshTargetState } from './ssh/types.js';

/** Every kind of target, in the order the docs list them. */
export const TARGET_KINDS = ['local', 'container', 'ssh'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The target where none is chosen. */
export const DEFAULT_TARGET_KIND = 'local' satisfies TargetKind;

/** Refuses (at compile time) a table that misses a kind or gives a kind another kind's options. */
export type EveryKind<T extends { [K in TargetKind]: { options: { kind: K }; state: object } }> = T;

/**
 * Per kind: what the user chose (the parsed options) and what the target remembers between steps
 * (recorded in the cluster state). A kind added to TARGET_KINDS and not here does not compile.
 */
type TargetTypes = EveryKind<{
  local: { options: LocalTargetOptions; state: LocalTargetState };
  container: { options: ContainerTargetOptions; state: ContainerTargetState };
  ssh: { options: SshTargetOptions; state: SshTargetState };
}>;

export type TargetOptionsOf<K extends TargetKind> = TargetTypes[K]['options'];
export type TargetStateOf<K extends TargetKind> = TargetTypes[K]['state'];
/** Where the members run, as the user chose it. */
export type TargetOptions = TargetOptionsOf<TargetKind>;
/** Each target's recorded state under its kind, as the cluster state holds it (`up` sets exactly one). */
export type TargetStates = { [K in TargetKind]?: TargetStateOf<K> };

/** The kind whose state these states record (`up` records exactly one), or undefined when none is. */
export function recordedKind(states: TargetStates): TargetKind | undefined {
  return TARGET_KINDS.find((kind) => states[kind] !== undefined);
}

/** For the `default` of a `switch` over kinds: a kind that is not handled makes this call not compile. */
export function unhandledKind(kind: never): never {
  throw new Error(`unhandled target kind ${String(kind)}`);
}
