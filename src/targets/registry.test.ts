import { TARGET_KINDS, unhandledKind, type EveryKind, type TargetKind, type TargetStates } from './kind.js';
import { testSpec } from '../../test/support/test-spec.js';
import { NO_LINK_CUTS } from './local/local-target.js';
import { TARGETS, type TargetRegistry } from './registry.js';

/** True only when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// These lines are checked by `tsc --noEmit` (the test command type-checks every test): each
// `@ts-expect-error` below becomes an error of its own ("unused directive") the moment the code it
// guards compiles, that is, the moment the registry, the state or a switch stops being exhaustive.

// A registry that misses a kind does not compile.
const { ssh: _ssh, ...withoutSsh } = TARGETS;
// @ts-expect-error the ssh target has no entry
const incomplete: TargetRegistry = withoutSsh;

// The registry is declared with that type (not a looser one).
const declaredExhaustive: Same<typeof TARGETS, TargetRegistry> = true;

// A table of options and state per kind that misses a kind does not compile.
// @ts-expect-error the ssh target's options and state are missing
type MissingSsh = EveryKind<{
  local: { options: { kind: 'local' }; state: object };
  container: { options: { kind: 'container' }; state: object };
}>;

// The cluster state has a field for every kind, named by the kind.
const stateHasEveryKind: Same<keyof TargetStates, TargetKind> = true;

/** A dispatch that forgets a kind: its `default` does not compile. */
function forgetsSsh(kind: TargetKind): string {
  switch (kind) {
    case 'local':
    case 'container':
      return kind;
    default:
      // @ts-expect-error 'ssh' reaches the default, which takes only `never`
      return unhandledKind(kind);
  }
}

describe('target registry', () => {
  it('has one entry per kind, in the order of TARGET_KINDS', () => {
    expect(Object.keys(TARGETS)).toEqual([...TARGET_KINDS]);
    expect(Object.keys(incomplete)).toEqual(TARGET_KINDS.filter((kind) => kind !== 'ssh'));
    expect([declaredExhaustive, stateHasEveryKind]).toEqual([true, true]);
    const missing: MissingSsh | undefined = undefined;
    expect(missing).toBeUndefined();
  });

  it('fails loudly, at run time too, for a kind a dispatch does not handle', () => {
    expect(forgetsSsh('local')).toBe('local');
    expect(() => forgetsSsh('ssh')).toThrow('unhandled target kind ssh');
  });

  it('runs members from a binary of this machine except in containers, which bring their own', () => {
    expect(Object.fromEntries(TARGET_KINDS.map((kind) => [kind, TARGETS[kind].runsLocalBinary]))).toEqual({
      local: true,
      container: false,
      ssh: true,
    });
  });

  it('gives local members a peer proxy unless the run is known to cut no links', () => {
    const spec = testSpec({ dir: '/tmp/etcd-ha-registry-test' });
    const binaries = { etcd: '/usr/bin/etcd', etcdctl: '/usr/bin/etcdctl', version: '3.4.23', source: 'PATH' } as const;
    const record = (cutsLinks?: boolean) =>
      TARGETS.local.record({ kind: 'local' }, { spec, binaries, etcdVersion: '3.4.23', cutsLinks });
    expect(record().peerProxy).toEqual({ port: 2381 });
    expect(record(true).peerProxy).toEqual({ port: 2381 });
    const plain = record(false);
    expect(plain.peerProxy).toBeUndefined();
    const target = TARGETS.local.create(spec, plain, {
      runner: { run: () => Promise.reject(new Error('not run')) } as never,
      clock: { now: () => 0, wallNow: () => 0, sleep: () => Promise.resolve() } as never,
      logger: {} as never,
      onChange: () => Promise.resolve(),
    });
    expect(target.faults.isolate).toEqual({ supported: false, reason: NO_LINK_CUTS });
  });
});
