import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';
import { bundleOf, removeBundle } from '../support/lint-helpers.js';
import { parseValidated, readReport } from '../support/report-schema.js';

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('the diagnostics bundle of a failed run', () => {
  let script: string;
  let dir: string;
  beforeAll(() => {
    script = bundleOf('cli');
  });
  afterAll(() => removeBundle(script));
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-diag-');
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

  it('holds every member log (the one that never started says why), its flags, the report and versions; age -d opens it; no key', async () => {
    execFileSync('age-keygen', ['-o', path.join(dir, 'key.txt')], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', path.join(dir, 'key.txt')], { encoding: 'utf8' }).trim();
    const state = path.join(dir, 'state');
    // A folder where etcd-2's bolt database file must be: etcd-2 cannot open its backend and exits.
    mkdirSync(path.join(state, 'data', 'etcd-2', 'member', 'snap', 'db'), { recursive: true });
    const json = path.join(dir, 'out', 'report.json');

    const run = await runCli(
      [
        'run',
        '--state',
        state,
        ...FAST,
        '--base-address',
        '127.0.0.91',
        '--json',
        json,
        '--diagnostics-recipient',
        recipient,
      ],
      {
        script,
      },
    );
    expect(run.code).toBe(1);
    const report = readReport(json);
    expect(report.error).toMatch(/etcd-2 .* exited while the cluster was starting/);
    const runId = report.cluster.runId;
    const bundle = path.join(dir, 'out', `etcd-ha-diagnostics-${runId}.tar.gz.age`);
    expect(run.stderr).toContain(
      `diagnostics bundle (${statSync(bundle).size} bytes, sealed with age for the recipients given): ${bundle}; ` +
        `open it with: age -d -i key.txt '${bundle}' | tar -xz`,
    );
    expect(statSync(bundle).mode & 0o777).toBe(0o600);
    expect(livePidsMentioning(state)).toEqual([]);
    expect(readFileSync(bundle).subarray(0, 21).toString()).toBe('age-encryption.org/v1');

    const opened = path.join(dir, 'opened');
    mkdirSync(opened);
    execFileSync(
      'bash',
      ['-c', `age -d -i "$1" "$2" | tar -xz -C "$3"`, 'open', path.join(dir, 'key.txt'), bundle, opened],
      { timeout: 30000 },
    );
    const root = path.join(opened, `etcd-ha-diagnostics-${runId}`);
    expect(filesUnder(opened)).toEqual(
      [
        'README.txt',
        'members.json',
        ...['etcd-1', 'etcd-2', 'etcd-3'].flatMap((name) => [`members/${name}/etcd.log`, `members/${name}/flags.txt`]),
        'report.json',
        'status.txt',
        'versions.json',
      ].map((name) => `etcd-ha-diagnostics-${runId}/${name}`),
    );
    const read = (name: string) => readFileSync(path.join(root, name), 'utf8');
    expect(read('members/etcd-2/etcd.log')).toMatch(/failed to open database|is a directory/);
    expect(read('members/etcd-1/etcd.log')).toMatch(/"msg":"/);
    expect(read('members/etcd-2/flags.txt')).toContain(
      `--key-file=${path.join(state, 'pki', 'members', 'etcd-2', 'etcd', 'server.key')}\n`,
    );
    expect(parseValidated('report', read('report.json'), 'report.json').cluster.runId).toBe(runId);
    expect(JSON.parse(read('versions.json'))).toMatchObject({ etcd: '3.4.23', node: process.version, target: 'local' });
    for (const file of filesUnder(opened)) {
      expect(file).not.toMatch(/\.key$/);
      expect([file, readFileSync(path.join(opened, file), 'utf8').includes('PRIVATE KEY')]).toEqual([file, false]);
    }
  });

  it('refuses sealing inputs that cannot seal before anything starts, and never writes an unsealed bundle', async () => {
    const state = path.join(dir, 'state');
    const json = path.join(dir, 'report.json');
    const unset = await runCli(
      ['run', '--state', state, ...FAST, '--json', json, '--diagnostics-passphrase-env', 'ETCD_HA_NO_SUCH_VAR'],
      {
        env: { ETCD_HA_NO_SUCH_VAR: '' },
        script,
      },
    );
    expect(unset.stderr).toContain("--diagnostics-passphrase-env is 'ETCD_HA_NO_SUCH_VAR', which is empty");
    expect(unset.code).toBe(2);
    const badKey = await runCli(['check', '--state', state, '--diagnostics-recipient', 'age1notakey'], { script });
    expect(badKey.stderr).toContain("--diagnostics-recipient is 'age1notakey'; allowed: an age public key (age1...)");
    expect(badKey.code).toBe(2);
    expect(existsSync(path.join(state, 'pki'))).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('etcd-ha-diagnostics-'))).toEqual([]);
  });
});
