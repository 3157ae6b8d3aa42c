import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureTestImage, leftovers, removeRun, TEST_IMAGE } from '../support/container-engine.js';
import { actionEnv, FAST, livePidsMentioning, newTempDir, readCommandFile, runCli } from '../support/helpers.js';
import { spawnSync } from 'node:child_process';
import { spareMember } from '../../src/cluster/spec.js';
import { issueSpareMemberPki } from '../../src/pki/cluster-pki.js';
import { recordedTarget } from '../../src/targets/registry.js';
import { loadState, saveState } from '../../src/run/state.js';
import { systemClock } from '../../src/util/clock.js';
import { memoryLogger } from '../../src/util/logger.js';
import { systemProcessRunner } from '../../src/util/process.js';
import { type NamespaceHosts, ruleLeftovers, sshTargetArgs, startSshHosts } from '../support/ssh-hosts.js';
import { readReport } from '../support/report-schema.js';

const CHECKS = [
  ['status', 'pass'],
  ['failover', 'pass'],
  ['quorum-loss', 'pass'],
];

/** Runs the action's main step and SIGKILLs it once the failover check has started; returns the saved state. */
async function killMainDuringFailover(
  env: NodeJS.ProcessEnv,
): Promise<{ stateDir: string; runId: string; keep: string }> {
  let killed = false;
  const main = await runCli([], {
    script: 'dist/main/index.js',
    env,
    timeoutMs: 120_000,
    onStdout: (text, child) => {
      if (!killed && text.includes('::group::check failover')) {
        killed = true;
        child.kill('SIGKILL');
      }
    },
  });
  expect([killed, main.signal]).toEqual([true, 'SIGKILL']);
  const saved = readCommandFile(env.GITHUB_STATE as string);
  const state = JSON.parse(readFileSync(path.join(saved['state-dir'], 'etcd-ha-state.json'), 'utf8'));
  return { stateDir: saved['state-dir'], runId: state.spec.runId, keep: saved.keep };
}

describe('certificates for a target', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-target-certs-');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const serverCert = (pki: string, member: string) =>
    new X509Certificate(readFileSync(path.join(pki, 'members', member, 'etcd', 'server.crt')));

  it("certs names the ssh hosts (CLI) and the containers' addresses (action) in the member certificates", async () => {
    const out = path.join(dir, 'ssh');
    const cli = await runCli([
      'certs',
      '--out',
      out,
      '--target',
      'ssh',
      '--hosts',
      'root@10.77.0.5,admin@10.77.0.6:2222,root@10.77.0.7',
    ]);
    expect(cli.code).toBe(0);
    expect(
      ['etcd-1', 'etcd-2', 'etcd-3'].map((member, i) =>
        serverCert(path.join(out, 'pki'), member).checkIP(`10.77.0.${5 + i}`),
      ),
    ).toEqual(['10.77.0.5', '10.77.0.6', '10.77.0.7']);

    const env: NodeJS.ProcessEnv = {
      ...actionEnv(dir),
      INPUT_TARGET: 'container',
      'INPUT_BASE-ADDRESS': '10.78.1.21',
      INPUT_PASSPHRASE: 'a passphrase for this test only',
      INPUT_PATH: path.join(dir, 'pki.age'),
    };
    const action = await runCli([], { script: 'dist/certs/index.js', env });
    expect(action.stdout).not.toContain('::error::');
    expect(action.code).toBe(0);
    const pki = readCommandFile(env.GITHUB_OUTPUT as string)['pki-dir'];
    expect(serverCert(pki, 'etcd-3').checkIP('10.78.1.23')).toBe('10.78.1.23');
  });
});

/** The same checks on containers and remote hosts as on local processes. */
describe('the container target (docker CLI)', () => {
  let dir: string;
  const runIds: string[] = [];
  beforeAll(() => ensureTestImage());
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-ct-');
  });
  afterEach(async () => {
    for (const runId of runIds.splice(0)) removeRun(runId);
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a 3-member mTLS cluster in containers, passes every check and removes containers and network', async () => {
    const json = path.join(dir, 'report.json');
    const state = path.join(dir, 'state');
    const result = await runCli(
      ['run', '--target', 'container', '--image', TEST_IMAGE, ...FAST, '--state', state, '--json', json],
      { timeoutMs: 120_000 },
    );
    const report = readReport(json);
    runIds.push(report.cluster.runId);
    expect(result.stderr).not.toMatch(/Warning/);
    expect(result.code).toBe(0);
    expect(report.target).toBe('container');
    expect(report.etcdVersion).toBe('3.4.23');
    expect(report.checks.map((check: { name: string; status: string }) => [check.name, check.status])).toEqual(CHECKS);
    expect(report.cluster.endpoints).toHaveLength(3);
    for (const endpoint of report.cluster.endpoints) expect(endpoint).toMatch(/^https:\/\/172\.30\.\d+\.1[123]:2379$/);
    expect(result.stdout).toMatch(/on a 3-member container cluster \(etcd 3\.4\.23\)/);
    expect(leftovers(report.cluster.runId)).toEqual({ containers: [], networks: [] });
    expect(existsSync(state)).toBe(false);
  });

  it('the post step removes every container and the network after the main step was killed mid-check', async () => {
    const env: NodeJS.ProcessEnv = {
      ...actionEnv(dir),
      INPUT_TARGET: 'container',
      INPUT_IMAGE: TEST_IMAGE,
      'INPUT_HEARTBEAT-MS': '50',
      'INPUT_ELECTION-MS': '250',
    };
    const { stateDir, runId, keep } = await killMainDuringFailover(env);
    runIds.push(runId);
    expect(leftovers(runId).containers).toHaveLength(3);
    const post = await runCli([], {
      script: 'dist/post/index.js',
      env: { ...env, 'STATE_state-dir': stateDir, STATE_keep: keep },
    });
    expect(post.stdout).toContain('etcd-ha: cluster torn down');
    expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
    expect(existsSync(stateDir)).toBe(false);
  });

  it('the up and check actions: a container cluster in one step, every check in a later one, teardown in the post step', async () => {
    const env: NodeJS.ProcessEnv = {
      ...actionEnv(dir),
      INPUT_TARGET: 'container',
      INPUT_IMAGE: TEST_IMAGE,
      'INPUT_HEARTBEAT-MS': '50',
      'INPUT_ELECTION-MS': '250',
    };
    const up = await runCli([], { script: 'dist/up/index.js', env });
    expect(up.stdout).not.toContain('::error::');
    expect(up.code).toBe(0);
    const outputs = readCommandFile(env.GITHUB_OUTPUT as string);
    const state = JSON.parse(readFileSync(path.join(outputs['state-dir'], 'etcd-ha-state.json'), 'utf8'));
    runIds.push(state.spec.runId);
    expect(leftovers(state.spec.runId).containers).toHaveLength(3);
    expect(readCommandFile(env.GITHUB_ENV as string).ETCDCTL_ENDPOINTS).toBe(outputs.endpoints);

    writeFileSync(env.GITHUB_OUTPUT as string, '');
    const check = await runCli([], {
      script: 'dist/check/index.js',
      env: { ...env, 'INPUT_STATE-DIR': outputs['state-dir'], INPUT_CHECKS: 'status,failover,quorum-loss' },
    });
    expect(check.stdout).not.toContain('::error::');
    expect(check.code).toBe(0);
    const report = readReport(readCommandFile(env.GITHUB_OUTPUT as string)['report-json']);
    expect(report.target).toBe('container');
    expect(report.checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual(CHECKS);

    const saved = readCommandFile(env.GITHUB_STATE as string);
    const post = await runCli([], {
      script: 'dist/post/index.js',
      env: { ...env, 'STATE_state-dir': saved['state-dir'], STATE_keep: saved.keep },
    });
    expect(post.stdout).toContain('etcd-ha: cluster torn down');
    expect(leftovers(state.spec.runId)).toEqual({ containers: [], networks: [] });
  });

  it('names the image when it has no etcd where the official images keep it, and leaves nothing', async () => {
    const state = path.join(dir, 'state');
    const result = await runCli([
      'run',
      '--target',
      'container',
      '--image',
      'localhost/no-such/etcd:none',
      ...FAST,
      '--state',
      state,
    ]);
    expect(result.stderr).toMatch(
      /error: image is 'localhost\/no-such\/etcd:none'; it is not on this machine and could not be pulled/,
    );
    expect(result.code).toBe(2);
    expect(existsSync(state)).toBe(false);
  });
});

describe('the ssh target (sshd in network namespaces)', () => {
  let dir: string;
  let hosts: NamespaceHosts;
  beforeAll(async () => {
    dir = await newTempDir('sshd-hosts-it-');
    hosts = await startSshHosts(path.join(dir, 'hosts'), 3, 231);
  });
  afterAll(async () => {
    await hosts?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Everything a run may leave on the hosts or here: member folders, units, etcd processes, ssh connections. */
  function leftBehind(runId: string): string[] {
    const folders = readdirSync('/var/lib').filter((name) => name.startsWith(`etcd-ha-${runId}-`));
    const units = existsSync('/etc/systemd/system')
      ? readdirSync('/etc/systemd/system').filter((name) => name.startsWith(`etcd-ha-${runId}-`))
      : [];
    const processes = livePidsMentioning(`/var/lib/etcd-ha-${runId}-`).map((pid) => `PID ${pid}`);
    const masters = livePidsMentioning(`${tmpdir()}/etcd-ha-ssh-`).map((pid) => {
      let args = '';
      try {
        args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(-4).join(' ');
      } catch {
        // it ended meanwhile
      }
      return `ssh master PID ${pid} (${args})`;
    });
    return [...folders, ...units, ...processes, ...masters];
  }

  it('installs a member on each host, passes every check and removes what it installed', async () => {
    const json = path.join(dir, 'report.json');
    const state = path.join(dir, 'state');
    const result = await runCli(['run', ...sshTargetArgs(hosts), ...FAST, '--state', state, '--json', json], {
      timeoutMs: 120_000,
    });
    const report = readReport(json);
    expect(result.stderr).not.toMatch(/Warning/);
    expect(result.code).toBe(0);
    expect(report.target).toBe('ssh');
    expect(report.checks.map((check: { name: string; status: string }) => [check.name, check.status])).toEqual(CHECKS);
    expect(report.cluster.endpoints).toEqual(hosts.addresses.map((address) => `https://${address}:2379`));
    expect(result.stderr).toMatch(/installed 3 members: etcd-1 on 10\.231\.0\.11 \(process\)/);
    expect(leftBehind(report.cluster.runId)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });

  it('the post step ends and removes every member after the main step was killed mid-check, and the key file goes', async () => {
    const env: NodeJS.ProcessEnv = {
      ...actionEnv(dir),
      INPUT_TARGET: 'ssh',
      INPUT_HOSTS: hosts.hosts.join('\n'),
      'INPUT_SSH-KEY': hosts.key,
      'INPUT_KNOWN-HOSTS': hosts.knownHosts,
      'INPUT_HEARTBEAT-MS': '50',
      'INPUT_ELECTION-MS': '250',
    };
    const { stateDir, runId, keep } = await killMainDuringFailover(env);
    expect(readdirSync('/var/lib').filter((name) => name.startsWith(`etcd-ha-${runId}-`))).toHaveLength(3);
    expect(existsSync(path.join(stateDir, 'etcd-ha-ssh', 'id_etcd_ha'))).toBe(true);
    const post = await runCli([], {
      script: 'dist/post/index.js',
      env: { ...env, 'STATE_state-dir': stateDir, STATE_keep: keep },
    });
    expect(post.stdout).toContain('etcd-ha: cluster torn down');
    expect(leftBehind(runId)).toEqual([]);
    expect(existsSync(stateDir)).toBe(false);
    // The key never reached the log.
    const keyBody = hosts.key.split('\n')[1];
    expect(post.stdout + readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')).not.toContain(keyBody);
  });

  /** Whether a TCP connection from host `from` (0-based) to `address:port` is made (bash's /dev/tcp, 3 s at most). */
  function connects(from: number, address: string, port: number): boolean {
    const script = `exec 3<>/dev/tcp/${address}/${port}`;
    return (
      spawnSync('ip', ['netns', 'exec', hosts.namespaces[from], 'timeout', '3', 'bash', '-c', script], {
        stdio: 'ignore',
      }).status === 0
    );
  }

  it('cuts peer links with rules on the hosts; down removes the rules of a cut and a member a check left in place', async () => {
    const state = path.join(dir, 'state-cut');
    const started = await runCli(['up', ...sshTargetArgs(hosts), ...FAST, '--state', state], { timeoutMs: 120_000 });
    expect([started.code, started.stderr.slice(-500)]).toEqual([0, expect.any(String)]);
    const cluster = await loadState(state, 'state');
    const runId = cluster.spec.runId;
    try {
      // The cut as a drill makes it, left in place as a run killed mid-drill leaves it.
      const target = recordedTarget(cluster, cluster.spec, {
        runner: systemProcessRunner,
        clock: systemClock,
        logger: memoryLogger(),
        onChange: () => saveState(cluster),
      });
      const [first, ...rest] = cluster.spec.members;
      await target?.isolate([first], rest);
      // A member beyond the spec's, as membership places one, left running (a cluster of its own here).
      const [place] = (await target?.sparePlaces(1)) ?? [];
      expect(place).toEqual({ address: hosts.addresses[0], clientPort: 2389, peerPort: 2390 });
      const spare = spareMember(cluster.spec, 'etcd-4', place);
      await issueSpareMemberPki(cluster.spec, [spare]);
      const leftRunning = {
        ...spare,
        bootstrap: { initialCluster: `etcd-4=${spare.peerUrl}`, token: `${runId}-spare`, state: 'new' as const },
      };
      await target?.start(leftRunning);
      expect(await target?.isRunning(leftRunning)).toBe(true);
      expect(leftBehind(runId)).toEqual(expect.arrayContaining([`etcd-ha-${runId}-etcd-4`]));
      expect(ruleLeftovers(hosts, runId).length).toBeGreaterThan(0);
      // Peers are refused both ways; clients (and ssh) still reach the member.
      const [a, b] = hosts.addresses;
      expect([connects(1, a, 2380), connects(0, b, 2380), connects(1, a, 2379), connects(2, b, 2380)]).toEqual([
        false,
        false,
        true,
        true,
      ]);
    } finally {
      const down = await runCli(['down', '--state', state], { timeoutMs: 120_000 });
      expect([down.code, down.stderr]).toEqual([0, expect.not.stringMatching(/Warning|teardown:/)]);
    }
    expect(ruleLeftovers(hosts, runId)).toEqual([]);
    expect(leftBehind(runId)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });

  it('refuses a host whose key is not in known-hosts, names it, and leaves nothing', async () => {
    const knownHosts = path.join(dir, 'partial_known_hosts');
    writeFileSync(knownHosts, readFileSync(hosts.knownHostsFile, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const state = path.join(dir, 'state-partial');
    const result = await runCli([
      'run',
      ...sshTargetArgs({ ...hosts, knownHostsFile: knownHosts }),
      ...FAST,
      '--state',
      state,
    ]);
    expect(result.stderr).toMatch(
      /error: hosts: probing the host on root@10\.231\.0\.13:22 failed \(the host key is not in known-hosts\)/,
    );
    expect(result.code).toBe(2);
    expect(readdirSync('/var/lib').filter((name) => name.startsWith('etcd-ha-'))).toEqual([]);
    expect(livePidsMentioning(`${tmpdir()}/etcd-ha-ssh-`)).toEqual([]);
    expect(existsSync(state)).toBe(false);
  });
});
