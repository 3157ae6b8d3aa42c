import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  actionEnv,
  killEtcdUnder,
  livePidsMentioning,
  newTempDir,
  runCli,
  readCommandFile,
} from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

describe('the bundled action', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-action-');
    env = actionEnv(dir);
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('main leaves a healthy cluster with ETCDCTL_* exported for later steps, post tears it all down', async () => {
    const inputs = {
      'INPUT_HEARTBEAT-MS': '50',
      'INPUT_ELECTION-MS': '250',
      'INPUT_BASE-ADDRESS': '127.0.0.71',
      INPUT_MEMBERS: '3',
    };
    const main = await runCli([], { script: 'dist/main/index.js', env: { ...env, ...inputs } });
    expect(main.stdout).not.toContain('::error::');
    expect(main.code).toBe(0);

    const outputs = readCommandFile(env.GITHUB_OUTPUT as string);
    expect(outputs.endpoints).toBe('https://127.0.0.71:2379,https://127.0.0.72:2379,https://127.0.0.73:2379');
    expect(outputs.leader).toMatch(/^https:\/\/127\.0\.0\.7[123]:2379$/);
    expect(Number(outputs['failover-ms'])).toBeGreaterThan(0);
    expect(outputs.passed).toBe('true');
    const report = readReport(outputs['report-json']);
    expect(report.passed).toBe(true);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')).toMatch(
      /^## ✅ etcd-ha PASSED: 3 passed, 0 failed, 0 skipped/,
    );

    const exported = readCommandFile(env.GITHUB_ENV as string);
    expect(Object.keys(exported).sort()).toEqual([
      'ETCDCTL_API',
      'ETCDCTL_CACERT',
      'ETCDCTL_CERT',
      'ETCDCTL_ENDPOINTS',
      'ETCDCTL_KEY',
    ]);
    // Paths only: no key material in what the runner stores.
    expect(JSON.stringify(exported)).not.toContain('PRIVATE KEY');
    const later = spawnSync('etcdctl', ['put', '/later/step', 'works'], {
      env: { ...process.env, ...exported },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(later.stdout).toBe('OK\n');

    const saved = readCommandFile(env.GITHUB_STATE as string);
    const stateDir = saved['state-dir'];
    // The three members, and no peer proxy: none of the default checks cuts links.
    expect(livePidsMentioning(stateDir)).toHaveLength(3);
    const post = await runCli([], {
      script: 'dist/post/index.js',
      env: { ...env, 'STATE_state-dir': stateDir, STATE_keep: saved.keep },
    });
    expect(post.stdout).toContain('etcd-ha: cluster torn down');
    expect(post.code).toBe(0);
    expect(livePidsMentioning(stateDir)).toEqual([]);
    expect(existsSync(stateDir)).toBe(false);
  });

  it('fails the step with the input, the value and what is allowed', async () => {
    const main = await runCli([], { script: 'dist/main/index.js', env: { ...env, INPUT_MEMBERS: 'abc' } });
    expect(main.stdout).toContain("::error::input 'members' is 'abc'; allowed: a whole number from 1 to 9");
    expect(main.code).toBe(1);
  });

  it('post never fails the job, even with nothing to tear down', async () => {
    const post = await runCli([], {
      script: 'dist/post/index.js',
      env: { ...env, 'STATE_state-dir': path.join(dir, 'missing') },
    });
    expect(post.stdout).toContain('nothing to tear down');
    expect(post.code).toBe(0);
  });
});
