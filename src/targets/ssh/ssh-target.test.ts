import { spareMember } from '../../cluster/spec.js';
import { testSpec } from '../../../test/support/test-spec.js';
import { memoryLogger } from '../../util/logger.js';
import { FaultUnsupportedError } from '../target.js';
import { listeningPorts, sparePorts, SshTarget } from './ssh-target.js';
import { type SshTargetState } from './types.js';

const spec = testSpec({ topology: { baseAddress: '10.9.0.11' }, runId: "ca'fe" });
const [first, second, third] = spec.members;

/** The script a remote command runs, as the host's shell receives it (`sh -c '<script>'` unquoted), after the shared functions. */
function scriptOf(command: string): string {
  const quoted = command.replace(/^(sudo -n )?sh -c /, '');
  const script = quoted.slice(1, -1).replace(/'\\''/g, "'");
  return script.slice(script.indexOf('\n\n') + 2);
}

/** An ssh target whose hosts answer as `answer` says, recording every script with its host and the state saved so far. */
function targetWith(answer: (script: string, host: string) => { code?: number; stdout?: string } = () => ({})) {
  const calls: Array<{ host: string; script: string; cutRecorded: string[] }> = [];
  const state: SshTargetState = {
    hosts: spec.members.map((member) => ({ user: 'root', host: member.address, port: 22 })),
    keyFile: '/k',
    knownHostsFile: '/h',
    etcdBinary: '/usr/bin/etcd',
    members: {},
  };
  let saved: string[] = [];
  const target = new SshTarget(spec, state, {
    runner: {
      run: () => Promise.reject(new Error('not used')),
      pipe: async (_command, args) => {
        const host = (args.at(-2) as string).replace(/^root@/, '');
        const script = scriptOf(args.at(-1) as string);
        calls.push({ host, script, cutRecorded: saved });
        const { code = 0, stdout = '' } = answer(script, host);
        return { code, stdout: Buffer.from(stdout), stderr: code === 0 ? '' : 'refused' };
      },
      startDetached: () => Promise.reject(new Error('not used')),
    },
    clock: { now: () => 0, wallNow: () => 0, sleep: () => Promise.resolve() } as never,
    logger: memoryLogger(),
    onChange: async () => {
      saved = [...(state.cut ?? [])];
    },
  });
  return { target, calls, state };
}

const iptablesEverywhere = (state: SshTargetState) => {
  state.facts = Object.fromEntries(
    state.hosts.map((host) => [`${host.host}:22`, { supervisor: 'process' as const, firewall: { tool: 'iptables' } }]),
  ) as SshTargetState['facts'];
};

describe('SshTarget: cutting peer links', () => {
  it('cuts on the isolated member host only, recording the host before any rule is made', async () => {
    const { target, calls, state } = targetWith();
    iptablesEverywhere(state);
    await target.isolate([first], [first, second, third]);
    expect(calls.map(({ host }) => host)).toEqual(['10.9.0.11']);
    const [{ script, cutRecorded }] = calls;
    expect(cutRecorded).toEqual(['10.9.0.11:22']);
    // The chain is named from the run id (hashed: this one has a quote); the rules name only the peers.
    expect(script).toMatch(/iptables -w -N 'ETCD-HA-[0-9a-f]{16}'/);
    expect(script).toContain("-s '10.9.0.12' -d '10.9.0.11' -p tcp --dport 2380 -j REJECT --reject-with tcp-reset");
    expect(script).toContain("-s '10.9.0.11' -d '10.9.0.13' -p tcp --dport 2380 -j REJECT --reject-with tcp-reset");
    expect(script).not.toMatch(/2379/);
  });

  it('heals by removing the run rules from every cut host, then forgets them', async () => {
    const { target, calls, state } = targetWith();
    iptablesEverywhere(state);
    await target.isolate([first], [second]);
    await target.isolate([third], [second]);
    calls.length = 0;
    await target.heal();
    expect(calls.map(({ host }) => host).sort()).toEqual(['10.9.0.11', '10.9.0.13']);
    for (const { script } of calls) expect(script).toMatch(/-X 'ETCD-HA-[0-9a-f]{16}'/);
    expect(state.cut).toEqual([]);
    calls.length = 0;
    await target.heal();
    expect(calls).toEqual([]);
  });

  it('removes the rules of a cut left in place at teardown (as down does), and reports a host that refuses', async () => {
    const { target, calls, state } = targetWith((script, host) =>
      script.includes('-X') && host === '10.9.0.12' ? { code: 1 } : {},
    );
    iptablesEverywhere(state);
    state.cut = ['10.9.0.11:22', '10.9.0.12:22'];
    const problems = await target.destroy({ keepData: true });
    expect(calls.map(({ host }) => host).sort()).toEqual(['10.9.0.11', '10.9.0.12']);
    expect(problems).toEqual([expect.stringMatching(/^rules: removing the rules that cut peer links .* failed/)]);
    // The host that refused stays recorded, so a later down tries again.
    expect(state.cut).toEqual(['10.9.0.12:22']);
  });

  it('says why where a host has neither iptables nor nft, and cuts nothing', async () => {
    const { target, calls, state } = targetWith();
    iptablesEverywhere(state);
    expect(target.faults.isolate).toEqual({ supported: true });
    (state.facts as NonNullable<SshTargetState['facts']>)['10.9.0.12:22'].firewall = {
      reason: 'neither iptables nor nft is installed',
    };
    expect(target.faults.isolate).toEqual({
      supported: false,
      reason:
        'the ssh target cuts peer links with iptables or nft on each host, and 10.9.0.12 has none that works (neither iptables nor nft is installed)',
    });
    await expect(target.isolate([second], [first])).rejects.toBeInstanceOf(FaultUnsupportedError);
    expect(calls).toEqual([]);
    expect(state.cut).toBeUndefined();
  });

  it('probes a host whose tools a recorded state does not know, and uses nft where that is what it has', async () => {
    const { target, calls, state } = targetWith((script) =>
      script.includes('command -v nft') ? { stdout: 'firewall nft\n' } : {},
    );
    await target.isolate([first], [second]);
    expect(calls.map(({ script }) => script.split('\n')[0])).toEqual(['fw_why=', 'set -e']);
    expect(calls[1].script).toMatch(/nft add rule inet 'etcd_ha_[0-9a-f]{16}' cut ip saddr '10.9.0.12'/);
    expect(state.facts?.['10.9.0.11:22']?.firewall).toEqual({ tool: 'nft' });
  });
});

describe('SshTarget: members beyond the spec', () => {
  it('places them on the hosts in turn at the host member ports + 10, skipping ports taken or listened on', async () => {
    // 10.9.0.11 listens on 2389 (0x0955) already.
    const proc = (host: string) =>
      host === '10.9.0.11'
        ? '  sl  local_address rem_address   st\n   0: 00000000:0955 00000000:0000 0A 00000000:00000000\n'
        : '';
    const { target } = targetWith((script, host) => (script.includes('/proc/net/tcp') ? { stdout: proc(host) } : {}));
    expect(await target.sparePlaces(5)).toEqual([
      { address: '10.9.0.11', clientPort: 2399, peerPort: 2400 },
      { address: '10.9.0.12', clientPort: 2389, peerPort: 2390 },
      { address: '10.9.0.13', clientPort: 2389, peerPort: 2390 },
      { address: '10.9.0.11', clientPort: 2409, peerPort: 2410 },
      { address: '10.9.0.12', clientPort: 2399, peerPort: 2400 },
    ]);
  });

  it('discards one by its recorded PID and folder, both quoted, and refuses a member of the spec', async () => {
    const { target, calls, state } = targetWith();
    const spare = spareMember(spec, 'etcd-4', { address: '10.9.0.12', clientPort: 2389, peerPort: 2390 });
    state.spare = { 'etcd-4': spare };
    state.members['etcd-4'] = {
      dir: "/var/lib/etcd-ha-ca'fe-etcd-4",
      supervisor: 'process',
      process: { pid: 4242, startTime: '99' },
    };
    await target.discard(spare);
    expect(calls.map(({ host }) => host)).toEqual(['10.9.0.12', '10.9.0.12']);
    expect(calls[0].script).toContain("alive '4242' '99' || exit 0\nkill -CONT '4242'");
    expect(calls[1].script).toBe("rm -rf '/var/lib/etcd-ha-ca'\\''fe-etcd-4'");
    expect([state.members['etcd-4'], state.spare['etcd-4']]).toEqual([undefined, undefined]);
    await expect(target.discard(first)).rejects.toThrow(/member of the cluster's spec/);
  });
});

describe('spare ports', () => {
  it('reads the listening ports of /proc/net/tcp and tcp6, not other states', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue',
      '   0: 0100007F:0955 00000000:0000 0A 00000000',
      '   1: 0100007F:9C40 0100007F:0955 01 00000000',
      '   0: 00000000000000000000000001000000:0956 00000000000000000000000000000000:0000 0A 00000000',
    ].join('\n');
    expect([...listeningPorts(text)]).toEqual([2389, 2390]);
  });

  it('steps by 10 past taken ports and gives up past 65535', () => {
    expect(sparePorts({ clientPort: 2379, peerPort: 2380 }, new Set([2390]), new Set())).toEqual({
      clientPort: 2399,
      peerPort: 2400,
    });
    expect(sparePorts({ clientPort: 65520, peerPort: 65521 }, new Set(), new Set([65530]))).toBeUndefined();
  });
});
