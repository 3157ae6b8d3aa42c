import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactService } from '../support/artifact-service.js';
import {
  actionEnv,
  killEtcdUnder,
  livePidsMentioning,
  newTempDir,
  runCli,
  readCommandFile,
} from '../support/helpers.js';

const PASSPHRASE = 'a passphrase from a secret 42';

describe('the certs and restore actions', () => {
  let dir: string;
  const service = new ArtifactService();
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-artifacts-');
    await service.start();
  });
  afterAll(async () => {
    await service.stop();
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  /** The environment of one job: its own runner temp and command files; the artifact service if `withService`. */
  function job(name: string, withService: boolean): NodeJS.ProcessEnv {
    execFileSync('mkdir', ['-p', path.join(dir, name, 'temp')]);
    const env: NodeJS.ProcessEnv = {
      ...actionEnv(path.join(dir, name)),
      RUNNER_TEMP: path.join(dir, name, 'temp'),
      GITHUB_WORKSPACE: path.join(dir, name),
    };
    if (withService) {
      env.ACTIONS_RUNTIME_TOKEN = service.token('run-1', `job-${name}`);
      env.ACTIONS_RESULTS_URL = `${service.url}/`;
    }
    return env;
  }

  it('uploads a sealed PKI that another job downloads, opens and starts a cluster with', async () => {
    const certsJob = job('certs-job', true);
    const certs = await runCli([], {
      script: 'dist/certs/index.js',
      env: {
        ...certsJob,
        INPUT_PASSPHRASE: PASSPHRASE,
        'INPUT_BASE-ADDRESS': '127.0.0.131',
        'INPUT_HEARTBEAT-MS': '50',
        'INPUT_ELECTION-MS': '250',
        'INPUT_RETENTION-DAYS': '3',
      },
    });
    expect(certs.stdout).not.toContain('::error::');
    expect(certs.code).toBe(0);
    const outputs = readCommandFile(certsJob.GITHUB_OUTPUT as string);
    expect(outputs['artifact-name']).toBe('etcd-pki');
    expect(outputs['artifact-id']).toBe('1');
    const fingerprints = JSON.parse(outputs.fingerprints);
    expect(Object.keys(fingerprints)).toContain('members/etcd-2/etcd/server.crt');
    expect(fingerprints['etcd/ca.crt']).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(readFileSync(certsJob.GITHUB_STEP_SUMMARY as string, 'utf8')).toContain(
      'uploaded as artifact <code>etcd-pki</code> (id 1, kept 3 days)',
    );
    expect(readFileSync(certsJob.GITHUB_STEP_SUMMARY as string, 'utf8')).toContain(
      '## etcd PKI for 3 members (ecdsa-p256 keys), sealed with age',
    );
    // What left the job: one zip holding only the sealed file, and no key material anywhere in it or the log.
    const stored = service.artifacts[0];
    expect(stored.finalized).toBe(true);
    const zipFile = path.join(dir, 'uploaded.zip');
    writeFileSync(zipFile, stored.blob);
    const listing = execFileSync(
      'python3',
      ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zipFile],
      { encoding: 'utf8' },
    );
    expect(listing.trim()).toBe('etcd-pki.age');
    expect(stored.blob.toString('latin1')).not.toContain('PRIVATE KEY');
    expect(certs.stdout + certs.stderr).not.toContain('PRIVATE KEY');
    // The passphrase appears once, in the ::add-mask:: command the runner consumes to mask it; nowhere else.
    expect(withoutMaskCommands(certs.stdout + certs.stderr)).not.toContain(PASSPHRASE);
    expect(certs.stdout).toContain(`::add-mask::${PASSPHRASE}`);

    const restoreJob = job('restore-job', true);
    const restore = await runCli([], {
      script: 'dist/restore/index.js',
      env: { ...restoreJob, INPUT_PASSPHRASE: PASSPHRASE },
    });
    expect(restore.stdout).not.toContain('::error::');
    expect(restore.code).toBe(0);
    expect(withoutMaskCommands(restore.stdout + restore.stderr)).not.toContain(PASSPHRASE);
    const restored = readCommandFile(restoreJob.GITHUB_OUTPUT as string);
    expect(statSync(path.join(restored['pki-dir'], 'members', 'etcd-1', 'etcd', 'peer.key')).mode & 0o777).toBe(0o600);
    const exported = readCommandFile(restoreJob.GITHUB_ENV as string);
    expect(exported.ETCDCTL_ENDPOINTS).toBe(
      'https://127.0.0.131:2379,https://127.0.0.132:2379,https://127.0.0.133:2379',
    );
    expect(exported.ETCDCTL_CACERT).toBe(path.join(restored['pki-dir'], 'etcd', 'ca.crt'));
    expect(
      readdirNames(path.join(dir, 'restore-job', 'temp')).filter(
        (name) => name.startsWith('etcd-ha-download-') || name.startsWith('.etcd-ha-restore-'),
      ),
    ).toEqual([]);

    const up = await runCli(['up', '--state', restored['state-dir']]);
    expect(up.code).toBe(0);
    const etcdctl = execFileSync('etcdctl', ['endpoint', 'health'], {
      env: { ...process.env, ...exported },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(etcdctl).toBe('');
    expect((await runCli(['down', '--state', restored['state-dir']])).code).toBe(0);
    expect(livePidsMentioning(restored['state-dir'])).toEqual([]);
  });

  it('restores an artifact of another workflow run with a token', async () => {
    service.runIds.set('run-1', '1001');
    service.apiToken = 'ghs_stand-in-token';
    const other: NodeJS.ProcessEnv = {
      ...job('other-run', true),
      ACTIONS_RUNTIME_TOKEN: service.token('run-2', 'job-x'),
      GITHUB_API_URL: service.url,
    };
    const inputs = {
      INPUT_PASSPHRASE: PASSPHRASE,
      'INPUT_RUN-ID': '1001',
      'INPUT_GITHUB-TOKEN': service.apiToken,
      INPUT_REPOSITORY: 'org/repo',
    };
    const restore = await runCli([], { script: 'dist/restore/index.js', env: { ...other, ...inputs } });
    expect(restore.stdout).not.toContain('::error::');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`::add-mask::${service.apiToken}`);
    expect(withoutMaskCommands(restore.stdout)).not.toContain(service.apiToken);
    expect(existsSync(path.join(readCommandFile(other.GITHUB_OUTPUT as string)['pki-dir'], 'etcd', 'ca.crt'))).toBe(
      true,
    );

    const refused = await runCli([], {
      script: 'dist/restore/index.js',
      env: { ...job('other-run-bad', true), GITHUB_API_URL: service.url, ...inputs, 'INPUT_GITHUB-TOKEN': 'wrong' },
    });
    expect(refused.stdout).toMatch(/::error::etcd-ha restore failed: .*Bad credentials/);
    expect(refused.code).toBe(1);
    const noToken = await runCli([], {
      script: 'dist/restore/index.js',
      env: { ...job('other-run-none', true), ...inputs, 'INPUT_GITHUB-TOKEN': '' },
    });
    expect(noToken.stdout).toContain("::error::input 'run-id' needs input 'github-token'");
  });

  it('without an artifact service, writes the sealed file locally and says so; restore opens it from the path', async () => {
    const local = job('local-job', false);
    const bundle = path.join(dir, 'local.age');
    const certs = await runCli([], {
      script: 'dist/certs/index.js',
      env: { ...local, INPUT_PASSPHRASE: PASSPHRASE, INPUT_PATH: bundle },
    });
    expect(certs.code).toBe(0);
    expect(readFileSync(local.GITHUB_STEP_SUMMARY as string, 'utf8')).toContain('there is no artifact service here');
    expect(readFileSync(bundle).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const second: NodeJS.ProcessEnv = job('local-restore', false);
    const restore = await runCli([], {
      script: 'dist/restore/index.js',
      env: { ...second, INPUT_PASSPHRASE: PASSPHRASE, INPUT_PATH: bundle },
    });
    expect(restore.code).toBe(0);

    // The second job of docs/inputs.md's certs and restore example: restore, then the main action on that PKI.
    const pkiDir = readCommandFile(second.GITHUB_OUTPUT as string)['pki-dir'];
    const inputs = {
      'INPUT_PKI-DIR': pkiDir,
      'INPUT_HEARTBEAT-MS': '50',
      'INPUT_ELECTION-MS': '250',
      INPUT_CHECKS: 'status,failover',
    };
    const main = await runCli([], { script: 'dist/main/index.js', env: { ...second, ...inputs } });
    expect(main.stdout).toContain(`using the PKI in ${pkiDir}`);
    expect(main.stdout).toContain('etcd-ha PASSED: 2 passed');
    expect(main.code).toBe(0);
    const stateDir = readCommandFile(second.GITHUB_STATE as string)['state-dir'];
    const post = await runCli([], {
      script: 'dist/post/index.js',
      env: { ...second, 'STATE_state-dir': stateDir, STATE_keep: 'false' },
    });
    expect(post.code).toBe(0);
    expect(livePidsMentioning(stateDir)).toEqual([]);
    expect(existsSync(path.join(pkiDir, 'etcd', 'ca.crt'))).toBe(true);
  });

  it.each([
    [{ 'INPUT_RETENTION-DAYS': '0' }, "input 'retention-days' is '0'; allowed: a whole number from 1 to 90"],
    [{ 'INPUT_RETENTION-DAYS': '91' }, "input 'retention-days' is '91'; allowed: a whole number from 1 to 90"],
    [{ 'INPUT_ARTIFACT-NAME': 'team/pki' }, "input 'artifact-name' is 'team/pki'; allowed: a name without"],
    [{ 'INPUT_ARTIFACT-NAME': 'pki:prod' }, "input 'artifact-name' is 'pki:prod'; allowed: a name without"],
    [{ INPUT_PASSPHRASE: '' }, "set exactly one of the inputs 'passphrase' (from a secret) or 'recipients'"],
    [{ INPUT_RECIPIENTS: 'age1notakey' }, "input 'recipients' is 'age1notakey'; allowed: an age public key (age1...)"],
  ])('certs refuses %j', async (inputs, message) => {
    const env = job(`bad-${Object.values(inputs).join('').replace(/\W/g, '')}`, true);
    const before = service.artifacts.length;
    const certs = await runCli([], { script: 'dist/certs/index.js', env: { ...env, ...inputs } });
    expect(certs.stdout).toContain(`::error::${message}`);
    expect(certs.code).toBe(1);
    expect(service.artifacts.length).toBe(before);
  });

  it('restore refuses a wrong passphrase and writes nothing', async () => {
    const env = job('wrong-pass', true);
    const restore = await runCli([], {
      script: 'dist/restore/index.js',
      env: { ...env, INPUT_PASSPHRASE: 'not it', 'INPUT_OUT-DIR': path.join(dir, 'never') },
    });
    expect(restore.stdout).toMatch(/::error::.*did not open: wrong passphrase/);
    expect(restore.code).toBe(1);
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });
});

const withoutMaskCommands = (log: string) => log.replace(/^::add-mask::.*$/gm, '');

function readdirNames(folder: string): string[] {
  try {
    return execFileSync('ls', ['-A', folder], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
