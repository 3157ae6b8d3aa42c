import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testSpec } from '../../../test/support/test-spec.js';
import type { RunResult } from '../../util/process.js';
import { FaultUnsupportedError } from '../target.js';
import { ContainerTarget } from './container-target.js';
import { type ContainerTargetState } from './types.js';
import type { ContainerHints } from './self-container.js';

const dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-container-target-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = testSpec({ dir, topology: { baseAddress: '172.30.9.11' }, runId: 'cafe' });
// Each member's files of the PKI, holding their own names.
for (const member of spec.members) {
  mkdirSync(member.pki.dir, { recursive: true });
  for (const file of [
    member.pki.caCert,
    member.pki.serverCert,
    member.pki.serverKey,
    member.pki.peerCert,
    member.pki.peerKey,
  ])
    writeFileSync(file, path.basename(file), { mode: 0o600 });
}

const JOB_CONTAINER = 'f'.repeat(64);

/** The entries of a ustar archive: name, mode, content. */
function tarEntries(archive: Buffer): Array<{ name: string; mode: number; data: string }> {
  const entries: Array<{ name: string; mode: number; data: string }> = [];
  for (let offset = 0; offset + 512 <= archive.length && archive[offset] !== 0;) {
    const field = (start: number, length: number) =>
      archive
        .subarray(offset + start, offset + start + length)
        .toString('ascii')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12), 8);
    entries.push({
      name: field(0, 100),
      mode: parseInt(field(100, 8), 8),
      data: archive.subarray(offset + 512, offset + 512 + size).toString('utf8'),
    });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/**
 * A container target whose `docker` answers as `answer` says, recording every call (archives piped
 * into `docker cp` in `copies`); the CLI runs in no container unless `hints` say otherwise.
 */
function targetWith(answer: (args: string[]) => Partial<RunResult>, hints: ContainerHints | undefined = undefined) {
  const calls: string[][] = [];
  const copies: Array<{ args: string[]; entries: ReturnType<typeof tarEntries> }> = [];
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
      pipe: async (_command, args, input) => {
        calls.push(args);
        copies.push({ args, entries: tarEntries(input ?? Buffer.alloc(0)) });
        const { code = 0, stderr = '' } = answer(args);
        return { code, stdout: Buffer.alloc(0), stderr };
      },
      startDetached: () => Promise.reject(new Error('not used')),
    },
    clock: { now: () => 0, wallNow: () => 0, sleep: () => Promise.resolve() } as never,
    logger: { info: () => undefined, warning: () => undefined, debug: () => undefined, group: (_n, work) => work() },
    containerHints: async () => hints,
  });
  return { target, calls, copies, state };
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
    // The other members' certificates may still be on their way (see the next test).
    expect(calls.filter((args) => args[0] !== 'cp')).toEqual([['start', 'etcd-ha-cafe-etcd-1']]);
  });

  it("copies each member's certificates into its container before it starts, keys 0600, and mounts nothing of this machine", async () => {
    const { target, calls, copies } = targetWith(() => ({}));
    await target.preflight();
    for (const member of [...spec.members].reverse()) await target.start(member);
    for (const create of calls.filter((args) => args[0] === 'create')) expect(create).not.toContain('--volume');
    // One copy at a time, the first member's first; each member starts only once its copy is in.
    expect(calls.filter((args) => args[0] === 'cp').map((args) => args[2])).toEqual([
      'etcd-ha-cafe-etcd-1:/',
      'etcd-ha-cafe-etcd-2:/',
      'etcd-ha-cafe-etcd-3:/',
    ]);
    for (const member of spec.members) {
      const at = (verb: string) =>
        calls.findIndex((args) => args[0] === verb && args.at(-1)?.startsWith(`etcd-ha-cafe-${member.name}`));
      expect(at('cp')).toBeLessThan(at('start'));
    }
    expect(copies.map((copy) => copy.args).sort()).toEqual(
      spec.members.map((member) => ['cp', '-', `etcd-ha-cafe-${member.name}:/`]),
    );
    expect(copies[0].entries.map(({ name, mode, data }) => [name, mode.toString(8), data]).sort()).toEqual([
      ['etc/kubernetes/pki/etcd/ca.crt', '644', 'ca.crt'],
      ['etc/kubernetes/pki/etcd/peer.crt', '644', 'peer.crt'],
      ['etc/kubernetes/pki/etcd/peer.key', '600', 'peer.key'],
      ['etc/kubernetes/pki/etcd/server.crt', '644', 'server.crt'],
      ['etc/kubernetes/pki/etcd/server.key', '600', 'server.key'],
    ]);
  });

  it('fails the start of a member whose certificates the engine does not take, each time, naming the container', async () => {
    const { target, calls } = targetWith((args) =>
      args[0] === 'cp' ? { code: 1, stderr: 'Error response from daemon: no space left on device' } : {},
    );
    await target.preflight();
    for (let attempt = 0; attempt < 2; attempt++)
      await expect(target.start(spec.members[1])).rejects.toThrow(
        /copying etcd-2's certificates into etcd-ha-cafe-etcd-2 failed: docker cp exited 1: .*no space left/,
      );
    expect(calls.filter((args) => args[0] === 'start')).toEqual([]);
  });

  it('creates each member once, without a MAC address, where the CLI speaks an API older than 1.44 to the engine', async () => {
    const { target, calls } = targetWith((args) => (args[0] === 'version' ? { stdout: '1.41\n' } : {}));
    await target.preflight();
    const creates = calls.filter((args) => args[0] === 'create');
    expect(creates).toHaveLength(3);
    for (const create of creates) expect(create).not.toContain('--mac-address');
  });

  it('asks the engine nothing about its own container where nothing says the CLI runs in one', async () => {
    const { target, calls, state } = targetWith(() => ({}));
    await target.preflight();
    expect(calls.filter((args) => args[0] === 'inspect' || args[1] === 'connect')).toEqual([]);
    expect(state.attached).toBeUndefined();
  });

  it("connects the CLI's container to the members' network below their addresses, and teardown disconnects it first", async () => {
    const { target, calls, state } = targetWith(
      (args) =>
        args[0] === 'inspect' && args.at(-1) === JOB_CONTAINER
          ? { stdout: `${JOB_CONTAINER} true ffffffffffff github_network_1 \n` }
          : args[0] === 'inspect'
            ? { code: 1, stderr: 'Error: No such container' }
            : {},
      { ids: [JOB_CONTAINER], hostname: 'ffffffffffff' },
    );
    await target.preflight();
    expect(calls).toContainEqual(['network', 'connect', '--ip', '172.30.9.10', 'etcd-ha-cafe', JOB_CONTAINER]);
    expect(state.attached).toBe(JOB_CONTAINER);
    calls.length = 0;
    expect(await target.destroy({ keepData: false })).toEqual([]);
    const network = calls.filter((args) => args[0] === 'network');
    expect(network).toEqual([
      ['network', 'disconnect', '--force', 'etcd-ha-cafe', JOB_CONTAINER],
      ['network', 'rm', 'etcd-ha-cafe'],
    ]);
    expect(state.attached).toBeUndefined();
  });

  it("leaves a CLI's container on the host's network where it is", async () => {
    const { target, calls, state } = targetWith(
      (args) => (args[0] === 'inspect' ? { stdout: `${JOB_CONTAINER} true ffffffffffff host host\n` } : {}),
      { ids: [JOB_CONTAINER], hostname: 'ffffffffffff' },
    );
    await target.preflight();
    expect(calls.filter((args) => args[1] === 'connect')).toEqual([]);
    expect(state.attached).toBeUndefined();
  });

  it('does not take a container whose host name is this one only by chance of its name', async () => {
    const { target, state } = targetWith(
      (args) => (args[0] === 'inspect' ? { stdout: `${JOB_CONTAINER} true another default \n` } : {}),
      { ids: [], hostname: 'runner' },
    );
    await target.preflight();
    expect(state.attached).toBeUndefined();
  });

  it("skips isolate with the reason where the CLI's container does not see the members' processes", async () => {
    const { target, calls } = targetWith(
      (args) => (args[0] === 'inspect' ? { stdout: `${JOB_CONTAINER} true ffffffffffff github_network_1 \n` } : {}),
      { ids: [JOB_CONTAINER], hostname: 'ffffffffffff' },
    );
    const cut = target.isolate([spec.members[0]], spec.members);
    await expect(cut).rejects.toBeInstanceOf(FaultUnsupportedError);
    await expect(cut).rejects.toThrow(/runs in the container ffffffffffff, which does not see the members' processes/);
    expect(calls.filter((args) => args.includes('nsenter'))).toEqual([]);
  });

  it('restores a snapshot in a container of its own that gets the snapshot copied in, and removes it', async () => {
    const snapshot = path.join(dir, 'snapshot.db');
    writeFileSync(snapshot, 'snapshot bytes');
    const { target, calls, copies, state } = targetWith(() => ({}));
    const member = {
      ...spec.members[0],
      name: 'restored-1',
      address: '172.30.9.14',
      bootstrap: { initialCluster: 'restored-1=https://172.30.9.14:2380', token: 't', state: 'new' as const },
    };
    await target.restoreSnapshot(member, snapshot);
    expect(calls.map((args) => args.slice(0, 2).join(' '))).toEqual([
      'volume create',
      'create --name',
      'cp -',
      'start --attach',
      'rm --force',
    ]);
    expect(calls[1]).not.toContain(dir);
    expect(copies[0].entries).toEqual([{ name: 'snapshot/snapshot.db', mode: 0o600, data: 'snapshot bytes' }]);
    expect(state.tools).toEqual([]);
    expect(state.volumes).toEqual({ 'restored-1': 'etcd-ha-cafe-restored-1-data' });
  });

  it('removes a restore container that a run cut short left, before the volume it holds', async () => {
    const { target, calls, state } = targetWith(() => ({}));
    state.tools = ['etcd-ha-cafe-restored-1-restore'];
    state.volumes = { 'restored-1': 'etcd-ha-cafe-restored-1-data' };
    expect(await target.destroy({ keepData: false })).toEqual([]);
    expect(calls.slice(0, 2)).toEqual([
      ['rm', '--force', 'etcd-ha-cafe-restored-1-restore'],
      ['volume', 'rm', '--force', 'etcd-ha-cafe-restored-1-data'],
    ]);
    expect(state.tools).toEqual([]);
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
    await target.start(spec.members[0]);
    // etcd-1's own calls from its first start on (the others' certificates may be on their way meanwhile).
    const own = calls
      .filter((args) => args.includes('etcd-ha-cafe-etcd-1') || args.includes('etcd-ha-cafe-etcd-1:/'))
      .map((args) => args[0]);
    expect(own.slice(own.indexOf('start'))).toEqual(['start', 'rm', 'create', 'cp', 'start']);
    expect(sysctlsOf(calls.filter((args) => args[0] === 'create').at(-1) ?? [])).toEqual([]);
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
