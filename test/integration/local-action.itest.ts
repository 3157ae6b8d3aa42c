import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { killEtcdUnder, livePidsMentioning, newTempDir } from '../support/helpers.js';

/**
 * The actions run from their TypeScript source by @github/local-action (`npm run local-action`), with
 * its stand-ins for @actions/core, @actions/cache and @actions/artifact: the same command a developer
 * runs, on an env file made from .env.example with this test's folders.
 */
describe('the action under @github/local-action', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-local-action-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  /** .env.example with this test's folders (and `extra` lines), as the env file of the package's local-action script. */
  async function runLocalAction(extra: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
    const folders: Record<string, string> = {
      RUNNER_TEMP: path.join(dir, 'runner-temp'),
      LOCAL_ACTION_WORKSPACE: path.join(dir, 'workspace'),
      LOCAL_ACTION_CACHE_PATH: path.join(dir, 'cache'),
      LOCAL_ACTION_ARTIFACT_PATH: path.join(dir, 'artifacts'),
    };
    for (const folder of Object.values(folders)) await mkdir(folder, { recursive: true });
    const replaced = { ...folders, ...extra };
    const lines = (await readFile('.env.example', 'utf8'))
      .split('\n')
      .filter((line) => !Object.keys(replaced).some((name) => line.startsWith(`${name}=`)));
    const envFile = path.join(dir, '.env');
    await writeFile(
      envFile,
      [...lines, ...Object.entries(replaced).map(([name, value]) => `${name}=${value}`)].join('\n'),
    );

    // The script as package.json has it, on this env file instead of the developer's .env.
    const script: string = JSON.parse(await readFile('package.json', 'utf8')).scripts['local-action'];
    expect(script).toContain(' .env ');
    const command = script.replace(' .env ', ` ${envFile} `);
    const child = spawn('sh', ['-c', command], {
      env: {
        ...process.env,
        HOME: dir,
        PATH: `${path.resolve('node_modules/.bin')}:${process.env.PATH}`,
        // The runner's own variables must not leak in from a job that runs this test.
        GITHUB_OUTPUT: '',
        GITHUB_STATE: '',
        GITHUB_ENV: '',
        GITHUB_STEP_SUMMARY: '',
        ACTIONS_RUNTIME_TOKEN: '',
        ACTIONS_RESULTS_URL: '',
        GITHUB_RUN_ID: '',
        GITHUB_RUN_ATTEMPT: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    return { code, out };
  }

  it('runs the root action from source to a pass, with a baseline and diagnostics in its emulated services, then tears down', async () => {
    const { code, out } = await runLocalAction();
    const shown = `local-action output:\n${out.slice(-6000)}`;
    expect({ code, shown }).toEqual({ code: 0, shown });
    expect(out).not.toMatch(/^::error::/m);
    expect(out).toMatch(/^etcd-ha PASSED: 2 passed, 0 failed, 0 skipped on a 3-member local cluster/m);
    expect(out).toContain('::set-output name=passed::true');
    // The baseline went through the emulated cache and was saved there; the diagnostics bundle through the emulated artifacts.
    expect(out).toContain("baseline 'local': no previous report yet");
    expect(out).toContain("baseline 'local': saved this report to the Actions cache as etcd-ha-baseline/local/0-1");
    // (Where etcd is not on PATH, the downloaded release is saved beside it.)
    expect(await readdir(path.join(dir, 'cache'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^etcd-ha-baseline%2Flocal%2F0-1-.*\.cache$/)]),
    );
    expect(await readdir(path.join(dir, 'artifacts'))).toEqual([
      expect.stringMatching(/^etcd-ha-diagnostics-.*\.zip$/),
    ]);

    // The post step ran after it, in the same process, and left nothing behind.
    const post = out.slice(out.indexOf('Running Post Step'));
    expect(out).toContain('Running Post Step');
    expect(post).toContain('etcd-ha: cluster torn down');
    expect(post).not.toMatch(/^::warning::/m);
    expect(livePidsMentioning(dir)).toEqual([]);
    const left = (await readdir(path.join(dir, 'runner-temp'))).filter((name) => !/\.(json|tar\.gz)$/.test(name));
    expect(left).toEqual([]);
  }, 180_000);

  it('reports a start that fails as the error it is, with its stack in the debug log', async () => {
    // An etcd that answers its version, as a real one does, and refuses to start once it has read its
    // flags (a second later, as a real one that reads its configuration first: one that is gone before
    // the runner sees it start fails earlier, as "exited at once", without the cluster's own error).
    const bin = path.join(dir, 'bin');
    await mkdir(bin);
    const etcd = [
      '#!/bin/sh',
      'case "$1" in',
      '  --version) printf "etcd Version: 3.5.21\\nGit SHA: 0\\nGo Version: go1.23\\n" ;;',
      '  version) printf "etcdctl version: 3.5.21\\nAPI version: 3.5\\n" ;;',
      '  *) sleep 1; echo "this etcd refuses to start" >&2; exit 3 ;;',
      'esac',
    ].join('\n');
    for (const name of ['etcd', 'etcdctl']) {
      await writeFile(path.join(bin, name), etcd);
      await chmod(path.join(bin, name), 0o755);
    }
    const { out } = await runLocalAction({ 'INPUT_etcd-path': bin, INPUT_baseline: '', INPUT_diagnostics: 'never' });
    const errors = out.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([expect.stringMatching(/^::error::etcd-ha FAILED before any check ran: \S/)]);
    expect(out).not.toMatch(/0 passed, 0 failed, 0 skipped/);
    expect(out).toMatch(/^::debug::ClusterStartError: etcd-1 .* exited while the cluster was starting/m);
    expect(out).toMatch(/^\s+at startCluster \(/m);
    expect(out).toContain('::set-output name=passed::false');
    expect(out).toContain('etcd-ha: cluster torn down');
    expect(livePidsMentioning(dir)).toEqual([]);
  }, 180_000);
});
