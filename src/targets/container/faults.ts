import type { ClusterSpec, MemberSpec } from '../../cluster/spec.js';
import type { ProcessRunner } from '../../util/process.js';
import { FaultUnsupportedError } from '../target.js';
import type { Engine } from './engine.js';
import { containerName } from './layout.js';
import type { SelfContainer } from './self-container.js';
import type { ContainerTargetState } from './types.js';

/** The iptables chain `isolate` fills in a member's network namespace, jumped to from INPUT and OUTPUT. */
const ISOLATE_CHAIN = 'ETCD-HA-ISOLATE';
/** The chain's first rule: TCP resets pass (see `isolate`). */
const RESETS_PASS = ['-p', 'tcp', '--tcp-flags', 'RST', 'RST', '-j', 'RETURN'];

/** What the container target's faults act on. */
export interface MemberFaultsDeps {
  spec: ClusterSpec;
  state: ContainerTargetState;
  engine: Engine;
  runner: ProcessRunner;
  onChange?: () => Promise<void>;
  /** The member's container's status, or undefined without one. */
  status(member: MemberSpec): Promise<string | undefined>;
  /** The container the CLI runs in, when it is one of the engine's. */
  selfContainer(): Promise<SelfContainer | undefined>;
}

/**
 * The faults of members in containers: pause and resume through the engine, and links cut with
 * iptables in each member's network namespace, entered through its process.
 */
export class MemberFaults {
  /** How this machine enters a member's network namespace, once probed; or why it cannot. */
  private namespaceAccess?: { prefix: string[] } | { reason: string };

  constructor(private readonly deps: MemberFaultsDeps) {}

  /** `docker pause`: the engine freezes every process of the member's container. */
  async pause(member: MemberSpec): Promise<void> {
    await this.deps.engine.ok(['pause', containerName(this.deps.spec, member)], `pausing ${member.name}`);
  }

  /** `docker unpause`, for a paused member only. */
  async resume(member: MemberSpec): Promise<void> {
    if ((await this.deps.status(member)) !== 'paused') return;
    await this.deps.engine.ok(['unpause', containerName(this.deps.spec, member)], `resuming ${member.name}`);
  }

  /**
   * Rejects TCP between each member of `members` and each of `from` with iptables in the network
   * namespace of each member of `members` (both directions, so open connections end at once); the
   * runner, which the clients are, stays reachable. `docker network disconnect` would cut clients too.
   */
  async isolate(members: MemberSpec[], from: MemberSpec[]): Promise<void> {
    const { state } = this.deps;
    const prefix = await this.namespacePrefix();
    for (const member of members) {
      const others = from.filter((other) => other.name !== member.name).map((other) => other.address);
      if (others.length === 0) continue;
      state.isolated = [...new Set([...(state.isolated ?? []), member.name])];
      await this.deps.onChange?.();
      const rules = others.flatMap((address) => [
        ['-A', ISOLATE_CHAIN, '-s', address, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset'],
        ['-A', ISOLATE_CHAIN, '-d', address, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset'],
      ]);
      await this.inNamespace(member, prefix, [
        // The chain and its jumps are made once per namespace; later cuts only add rules.
        ['-N', ISOLATE_CHAIN, '||', 'true'],
        ['-C', 'INPUT', '-j', ISOLATE_CHAIN, '||', '-I', 'INPUT', '-j', ISOLATE_CHAIN],
        ['-C', 'OUTPUT', '-j', ISOLATE_CHAIN, '||', '-I', 'OUTPUT', '-j', ISOLATE_CHAIN],
        // The resets REJECT sends carry a cut peer's address too: let them through, or no connection
        // would end, and each side would wait out TCP's retransmissions of a link that looks alive.
        ['-C', ISOLATE_CHAIN, ...RESETS_PASS, '||', '-I', ISOLATE_CHAIN, '1', ...RESETS_PASS],
        ...rules,
      ]);
    }
  }

  /** Empties the isolate chain in every member namespace that has one. */
  async heal(): Promise<void> {
    const { spec, state } = this.deps;
    const isolated = state.isolated ?? [];
    if (isolated.length === 0) return;
    const prefix = await this.namespacePrefix();
    for (const member of spec.members.filter((candidate) => isolated.includes(candidate.name))) {
      // A member whose container stopped since has a new namespace without the rules.
      if ((await this.deps.status(member)) === 'running')
        await this.inNamespace(member, prefix, [['-F', ISOLATE_CHAIN, '||', 'true']]);
    }
    state.isolated = [];
    await this.deps.onChange?.();
  }

  /** `[sudo -n] nsenter --net=/proc/PID/ns/net`, once this machine proved it can; else FaultUnsupportedError. */
  private async namespacePrefix(): Promise<string[]> {
    const self = await this.deps.selfContainer();
    if (!this.namespaceAccess && self && self.pidMode !== 'host') {
      this.namespaceAccess = {
        reason:
          `the CLI runs in the container ${self.id.slice(0, 12)}, which does not see the members' processes (it has a PID namespace of its own), ` +
          "and the container target cuts links with iptables in each member's network namespace, entered through its process: " +
          "run the CLI on the engine's machine, or in a privileged container with `--pid host`, nsenter and iptables",
      };
    }
    if (!this.namespaceAccess) {
      const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
      const probe = await this.deps.runner.run(
        prefix[0] ?? 'nsenter',
        [
          ...prefix.slice(1),
          ...(prefix.length > 0 ? ['nsenter'] : []),
          '--net=/proc/self/ns/net',
          'iptables',
          '-w',
          '-S',
          'INPUT',
        ],
        { timeoutMs: 10_000 },
      );
      this.namespaceAccess =
        probe.code === 0
          ? { prefix }
          : {
              reason:
                "the container target cuts links with iptables in each member's network namespace, which needs root or passwordless sudo, nsenter and iptables on this machine " +
                `(${(probe.stderr.trim() || `exit ${probe.code}`).split('\n')[0]})`,
            };
    }
    if ('reason' in this.namespaceAccess) throw new FaultUnsupportedError('isolate', this.namespaceAccess.reason);
    return this.namespaceAccess.prefix;
  }

  /** Runs iptables commands (`||` joins a fallback) in the member's network namespace, through one shell. */
  private async inNamespace(member: MemberSpec, prefix: string[], commands: string[][]): Promise<void> {
    const pid = (
      await this.deps.engine.ok(
        ['inspect', '--format', '{{.State.Pid}}', containerName(this.deps.spec, member)],
        `finding ${member.name}'s process`,
      )
    ).trim();
    if (!/^[1-9]\d*$/.test(pid))
      throw new Error(`${member.name} has no process on this machine (docker inspect gave PID '${pid}')`);
    const line = (command: string[]) => {
      const at = command.indexOf('||');
      const iptables = (args: string[]) => ['iptables', '-w', ...args].join(' ');
      return at < 0
        ? iptables(command)
        : `${iptables(command.slice(0, at))} 2>/dev/null || ${command[at + 1] === 'true' ? 'true' : iptables(command.slice(at + 1))}`;
    };
    const script = ['set -e', ...commands.map(line)].join('\n');
    const args = [...prefix, 'nsenter', `--net=/proc/${pid}/ns/net`, 'sh', '-c', script];
    const result = await this.deps.runner.run(args[0], args.slice(1), { timeoutMs: 20_000 });
    if (result.code !== 0)
      throw new Error(
        `changing the rules in ${member.name}'s network namespace failed (exit ${result.code}): ${result.stderr.trim()}`,
      );
  }
}
