import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';
import { bundleOf, removeBundle } from '../support/lint-helpers.js';

/** etcd processes (not zombies) whose command line names a path under `dir`. */
const etcdUnder = (dir: string) => livePidsMentioning(`--data-dir=${dir}`);

describe('etcd-ha ps and down --all', () => {
  let script: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    script = bundleOf('cli');
  });
  afterAll(() => removeBundle(script));
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-ps-');
    // The run's temporary state folder and the registry of runs are both this test's.
    env = { TMPDIR: path.join(dir, 'tmp'), ETCD_HA_STATE_HOME: path.join(dir, 'state-home') };
    mkdirSync(env.TMPDIR as string);
  });
  afterEach(async () => {
    // Whatever a failed assertion left running under this test's folder: members, and the local target's peer proxy.
    killEtcdUnder(dir);
    for (const pid of livePidsMentioning(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended meanwhile
      }
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('finds a run killed with SIGKILL mid-check, and down --all leaves no etcd, no folder and no entry', async () => {
    let killed = false;
    const run = await runCli(['run', ...FAST, '--base-address', '127.0.0.81'], {
      script,
      env,
      onStderr: (text, child) => {
        if (!killed && text.includes('killing the leader')) {
          killed = true;
          child.kill('SIGKILL');
        }
      },
    });
    expect([killed, run.signal]).toEqual([true, 'SIGKILL']);
    const [stateDir] = readdirSync(env.TMPDIR as string).map((name) => path.join(env.TMPDIR as string, name));
    expect(stateDir).toMatch(/\/etcd-ha-[^/]+$/);
    // The members outlived the CLI (the leader too, unless the check's kill came before the CLI's).
    const alive = etcdUnder(stateDir).length;
    expect(alive).toBeGreaterThanOrEqual(2);
    const runId = JSON.parse(readFileSync(path.join(stateDir, 'etcd-ha-state.json'), 'utf8')).spec.runId;

    const ps = await runCli(['ps'], { script, env });
    expect(ps.code).toBe(0);
    const lines = ps.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN +TARGET +RUNNING +STARTED +BY +STATE FOLDER$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(`^${runId} +local +${alive}/3 +\\d{4}-\\d\\d-\\d\\dT\\S+ +run \\(PID \\d+, ended\\) +${stateDir}$`),
    );

    const down = await runCli(['down', '--all'], { script, env });
    expect(down.stderr).toContain(`tore down run ${runId} (3-member local cluster in ${stateDir})`);
    expect(down.code).toBe(0);
    // No etcd, and no other process of the run (the local target's peer proxy) names the folder.
    expect(etcdUnder(stateDir)).toEqual([]);
    expect(livePidsMentioning(stateDir)).toEqual([]);
    expect(existsSync(stateDir)).toBe(false);
    expect(readdirSync(path.join(dir, 'state-home', 'runs'))).toEqual([]);

    const after = await runCli(['ps'], { script, env });
    expect(after.stdout).toMatch(/^no clusters: etcd-ha started none on this machine that is still up/);
  });

  it('removes an entry whose folder is gone, and says so, in ps and in down --all', async () => {
    const runs = path.join(dir, 'state-home', 'runs');
    mkdirSync(runs, { recursive: true });
    const entry = (runId: string) => ({
      schemaVersion: 1,
      runId,
      target: 'local',
      members: 3,
      stateDir: path.join(dir, `gone-${runId}`),
      startedAt: '2025-01-01T03:00:00.000Z',
      command: 'run',
      cli: { pid: 1, startTime: '0' },
    });
    writeFileSync(path.join(runs, 'aaaa1111.json'), JSON.stringify(entry('aaaa1111')));
    writeFileSync(path.join(runs, 'bbbb2222.json'), JSON.stringify(entry('bbbb2222')));

    const ps = await runCli(['ps'], { script, env });
    expect(ps.code).toBe(0);
    const removed = (runId: string) =>
      `removed run ${runId} (local, started 2025-01-01T03:00:00.000Z) from the list: its folder ${path.join(dir, `gone-${runId}`)} is gone`;
    expect(ps.stderr).toContain(removed('aaaa1111'));
    expect(ps.stdout).toMatch(/^no clusters/);
    expect(readdirSync(runs)).toEqual([]);

    writeFileSync(path.join(runs, 'cccc3333.json'), JSON.stringify(entry('cccc3333')));
    const down = await runCli(['down', '--all'], { script, env });
    expect(down.stderr).toContain(removed('cccc3333'));
    expect(down.stderr).toContain('nothing to tear down');
    expect(down.code).toBe(0);
    expect(readdirSync(runs)).toEqual([]);
  });

  it('up on a new folder generates the PKI there first, ps lists it, down --state removes it from the list', async () => {
    const state = path.join(dir, 'new-cluster');
    const up = await runCli(['up', '--state', state, ...FAST, '--base-address', '127.0.0.84'], { script, env });
    expect(up.stderr).toMatch(
      new RegExp(`--state ${state} held no cluster: a new one is laid out in ${state}, its PKI in ${state}/pki`),
    );
    expect(up.code).toBe(0);
    expect(up.stdout).toBe(`${path.join(state, 'etcdctl.env')}\n`);
    expect(etcdUnder(state)).toHaveLength(3);

    const ps = await runCli(['ps'], { script, env });
    expect(ps.stdout).toMatch(new RegExp(`local +3/3 +\\S+ +up \\(PID \\d+, ended\\) +${state}\\n$`));

    // A folder with files but no cluster is not taken for a new one.
    const other = path.join(dir, 'not-a-cluster');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'mine\n');
    const refused = await runCli(['up', '--state', other], { script, env });
    expect(refused.stderr).toContain(
      `--state is '${other}'; allowed: a new or empty folder (up generates the PKI there), or a folder made by 'etcd-ha certs --out'`,
    );
    expect(refused.code).toBe(2);

    expect((await runCli(['down', '--state', state], { script, env })).code).toBe(0);
    expect(livePidsMentioning(state)).toEqual([]);
    // Down once more: the folder no longer holds a cluster, and the refusal names what makes one and what removed it.
    const again = await runCli(['down', '--state', state], { script, env });
    expect(again.stderr).toContain("'etcd-ha up --state'");
    expect(again.stderr).toContain("or 'etcd-ha down' has removed it already");
    expect(again.code).toBe(2);
    expect(readdirSync(path.join(dir, 'state-home', 'runs'))).toEqual([]);
  });
});
