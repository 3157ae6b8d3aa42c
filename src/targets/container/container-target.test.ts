import { testSpec } from '../../cluster/test-spec.js';
import type { RunResult } from '../../util/process.js';
import { ContainerTarget, type ContainerTargetState } from './container-target.js';

const spec = testSpec({
  dir: '/tmp/etcd-ha-container-target-test',
  topology: { baseAddress: '172.30.9.11' },
  runId: 'cafe',
});

/** A container target whose `docker` answers as `answer` says, recording every call. */
function targetWith(answer: (args: string[]) => Partial<RunResult>) {
  const calls: string[][] = [];
  const state: ContainerTargetState = {
    image: 'etcd:test',
    network: 'etcd-ha-cafe',
    subnet: '172.30.9.0/24',
    networkCreated: false,
    containers: {},
    etcdVersion: '3.4.23',
  };
  const target = new ContainerTarget(spec, state, {
    runner: {
      run: async (_command, args) => {
        calls.push(args);
        return { code: 0, stdout: '', stderr: '', ...answer(args) } as RunResult;
      },
      pipe: () => Promise.reject(new Error('not used')),
      startDetached: () => Promise.reject(new Error('not used')),
    },
    clock: { now: () => 0, wallNow: () => 0, sleep: () => Promise.resolve() } as never,
    logger: { info: () => undefined, warning: () => undefined, debug: () => undefined, group: (_n, work) => work() },
  });
  return { target, calls, state };
}

const sysctlsOf = (args: string[]) => args.filter((_, index) => args[index - 1] === '--sysctl');

describe('ContainerTarget', () => {
  it('creates every member with the ARP settings in preflight, and start only starts it', async () => {
    const { target, calls, state } = targetWith(() => ({}));
    await target.preflight();
    const creates = calls.filter((args) => args[0] === 'create');
    expect(creates).toHaveLength(3);
    for (const create of creates)
      expect(sysctlsOf(create)).toEqual([
        'net.ipv4.neigh.eth0.mcast_solicit=1',
        'net.ipv4.neigh.eth0.retrans_time_ms=100',
      ]);
    expect(Object.keys(state.containers)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    calls.length = 0;
    await target.start(spec.members[0]);
    expect(calls).toEqual([['start', 'etcd-ha-cafe-etcd-1']]);
  });

  it('makes a container again without the ARP settings when the engine refuses them at start', async () => {
    let refused = false;
    const { target, calls } = targetWith((args) => {
      if (args[0] === 'start' && !refused) {
        refused = true;
        return {
          code: 1,
          stderr: 'Error response from daemon: sysctl net.ipv4.neigh.eth0.mcast_solicit is not allowed',
        };
      }
      return {};
    });
    await target.preflight();
    calls.length = 0;
    await target.start(spec.members[0]);
    expect(calls.map((args) => args[0])).toEqual(['start', 'rm', 'create', 'start']);
    expect(sysctlsOf(calls[2])).toEqual([]);
  });

  it('never makes a member again once it started: a later failed start is an error', async () => {
    let starts = 0;
    const { target, calls } = targetWith((args) =>
      args[0] === 'start' && ++starts > 1 ? { code: 1, stderr: 'sysctl: something else went wrong' } : {},
    );
    await target.preflight();
    await target.start(spec.members[0]);
    calls.length = 0;
    await expect(target.start(spec.members[0])).rejects.toThrow(/starting etcd-1 .* failed: docker start exited 1/);
    expect(calls.map((args) => args[0])).toEqual(['start']);
  });

  it('removes a container again when podman refuses because it is exiting by itself at that moment', async () => {
    let removals = 0;
    const { target, calls, state } = targetWith((args) =>
      args[0] === 'rm' && ++removals === 1
        ? {
            code: 125,
            stderr:
              'Error response from daemon: cannot remove container 37ef as it could not be stopped: sending SIGKILL to container 37ef: container state improper: stopped',
          }
        : {},
    );
    state.containers = { 'etcd-1': 'etcd-ha-cafe-etcd-1' };
    expect(await target.destroy({ keepData: false })).toEqual([]);
    expect(calls.filter((args) => args[0] === 'rm')).toHaveLength(2);
    expect(state.containers).toEqual({});
  });

  it('reports a removal the engine keeps refusing, and keeps the container in the state for a later teardown', async () => {
    const { target, calls, state } = targetWith((args) =>
      args[0] === 'rm' ? { code: 125, stderr: 'Error: container state improper: stopping' } : {},
    );
    state.containers = { 'etcd-1': 'etcd-ha-cafe-etcd-1' };
    expect(await target.destroy({ keepData: false })).toEqual([
      'container etcd-ha-cafe-etcd-1: Error: container state improper: stopping',
    ]);
    expect(calls.filter((args) => args[0] === 'rm')).toHaveLength(5);
    expect(state.containers).toEqual({ 'etcd-1': 'etcd-ha-cafe-etcd-1' });
  });

  it('lets TCP resets through the cut, before the rules that reject the peers', async () => {
    const scripts: string[] = [];
    const { target } = targetWith((args) => {
      if (args[0] === 'inspect') return { stdout: '4242\n' };
      if (args.at(-2) === '-c') scripts.push(args.at(-1) as string);
      return {};
    });
    await target.isolate([spec.members[0]], spec.members);
    expect(scripts).toHaveLength(1);
    const lines = scripts[0].split('\n');
    const resets = lines.findIndex((line) => /--tcp-flags RST RST -j RETURN/.test(line));
    const firstReject = lines.findIndex((line) => /-j REJECT/.test(line));
    expect(lines[resets]).toBe(
      'iptables -w -C ETCD-HA-ISOLATE -p tcp --tcp-flags RST RST -j RETURN 2>/dev/null || iptables -w -I ETCD-HA-ISOLATE 1 -p tcp --tcp-flags RST RST -j RETURN',
    );
    expect(resets).toBeLessThan(firstReject);
  });
});
