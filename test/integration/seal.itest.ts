import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';

const PASSPHRASE = 'correct horse battery staple 7';
const TTY = path.resolve('fixtures/answer-tty-prompts.py');

/** Runs the age CLI; with a passphrase it is typed at age's terminal prompt, as a person would. */
function age(args: string[], passphrase?: string): void {
  const result = passphrase
    ? spawnSync('python3', [TTY, 'age', ...args], {
        env: { ...process.env, ANSWER: passphrase },
        encoding: 'utf8',
        timeout: 90000,
      })
    : spawnSync('age', args, { encoding: 'utf8', timeout: 30000 });
  if (result.status !== 0) throw new Error(`age ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
}

describe('sealed PKI bundles', () => {
  let dir: string;
  let recipient: string;
  const env = () => ({ ETCD_HA_PASSPHRASE: PASSPHRASE });

  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-seal-');
    execFileSync('age-keygen', ['-o', path.join(dir, 'identity.txt')], { stdio: 'pipe' });
    recipient = /age1[0-9a-z]+/.exec(readFileSync(path.join(dir, 'identity.txt'), 'utf8'))?.[0] as string;
    const other = path.join(dir, 'other-identity.txt');
    execFileSync('age-keygen', ['-o', other], { stdio: 'pipe' });
  });
  afterAll(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('seals with a passphrase; age opens it, restore opens it, and the restored PKI runs a cluster', async () => {
    const sealed = path.join(dir, 'pki.age');
    const certs = await runCli(
      [
        'certs',
        '--out',
        path.join(dir, 'made'),
        '--base-address',
        '127.0.0.101',
        ...FAST,
        '--seal',
        sealed,
        '--passphrase-env',
        'ETCD_HA_PASSPHRASE',
      ],
      { env: env() },
    );
    expect(certs.code).toBe(0);
    expect(certs.stderr + certs.stdout).not.toContain(PASSPHRASE);
    expect(certs.stderr + certs.stdout).not.toContain('PRIVATE KEY');
    expect(statSync(sealed).mode & 0o777).toBe(0o600);
    expect(readFileSync(sealed).subarray(0, 80).toString()).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
    expect(readFileSync(sealed).toString('latin1')).not.toContain('PRIVATE KEY');

    age(['--decrypt', '--output', path.join(dir, 'opened.tar'), sealed], PASSPHRASE);
    const entries = execFileSync('tar', ['-tvf', path.join(dir, 'opened.tar')], { encoding: 'utf8' });
    expect(entries).toMatch(/^-rw------- 0\/0 .* pki\/members\/etcd-2\/etcd\/peer\.key$/m);
    expect(entries).toMatch(/^drwx------ 0\/0 .* pki\/$/m);

    const state = path.join(dir, 'restored');
    const restore = await runCli(
      ['restore', '--from', sealed, '--passphrase-env', 'ETCD_HA_PASSPHRASE', '--out', state],
      { env: env() },
    );
    expect(restore.code).toBe(0);
    expect(statSync(path.join(state, 'pki', 'members', 'etcd-1', 'etcd', 'server.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(state, 'pki', 'members', 'etcd-1', 'etcd')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(state, 'pki', 'etcd', 'ca.crt'))).toEqual(
      readFileSync(path.join(dir, 'made', 'pki', 'etcd', 'ca.crt')),
    );
    expect(readdirSync(dir).filter((name) => name.startsWith('.etcd-ha-restore-'))).toEqual([]);

    expect((await runCli(['up', '--state', state])).code).toBe(0);
    const check = await runCli(['check', '--state', state, '--checks', 'status']);
    expect(check.stdout).toContain('etcd-ha PASSED: 1 passed');
    expect((await runCli(['down', '--state', state])).code).toBe(0);
    expect(livePidsMentioning(state)).toEqual([]);
  });

  it('seals for an age recipient that only the identity holder opens, and opens what age sealed', async () => {
    const sealed = path.join(dir, 'for-recipient.age');
    const certs = await runCli([
      'certs',
      '--out',
      path.join(dir, 'made-r'),
      '--seal',
      sealed,
      '--recipient',
      recipient,
    ]);
    expect(certs.code).toBe(0);
    age(['--decrypt', '--identity', path.join(dir, 'identity.txt'), '--output', path.join(dir, 'r.tar'), sealed]);
    expect(execFileSync('tar', ['-tf', path.join(dir, 'r.tar')], { encoding: 'utf8' })).toContain(
      'etcd-ha-bundle.json',
    );

    const wrongIdentity = await runCli([
      'restore',
      '--from',
      sealed,
      '--identity',
      path.join(dir, 'other-identity.txt'),
      '--out',
      path.join(dir, 'no'),
    ]);
    expect(wrongIdentity.stderr).toContain(`${sealed} did not open: wrong identity`);
    expect(wrongIdentity.code).toBe(2);
    expect(existsSync(path.join(dir, 'no'))).toBe(false);

    // Sealed by the age tool, opened by restore: with a recipient key, and with a passphrase.
    age(['--recipient', recipient, '--output', path.join(dir, 'by-age-r.age'), path.join(dir, 'r.tar')]);
    const byKey = await runCli([
      'restore',
      '--from',
      path.join(dir, 'by-age-r.age'),
      '--identity',
      path.join(dir, 'identity.txt'),
      '--out',
      path.join(dir, 'from-age-r'),
    ]);
    expect(byKey.code).toBe(0);
    age(['--passphrase', '--output', path.join(dir, 'by-age-p.age'), path.join(dir, 'r.tar')], PASSPHRASE);
    const byPassphrase = await runCli(
      [
        'restore',
        '--from',
        path.join(dir, 'by-age-p.age'),
        '--passphrase-env',
        'ETCD_HA_PASSPHRASE',
        '--out',
        path.join(dir, 'from-age-p'),
      ],
      { env: env() },
    );
    expect(byPassphrase.code).toBe(0);
    expect(existsSync(path.join(dir, 'from-age-p', 'pki', 'members', 'etcd-3', 'etcd', 'peer.key'))).toBe(true);
  });

  it('refuses a wrong passphrase, a truncated file and a flipped byte anywhere, writing nothing', async () => {
    const sealed = path.join(dir, 'pki.age');
    const bytes = readFileSync(sealed);
    const damaged: Array<[string, Buffer]> = [['truncated', bytes.subarray(0, bytes.length - 200)]];
    for (const at of [30, 100, Math.floor(bytes.length / 2), bytes.length - 5]) {
      const copy = Buffer.from(bytes);
      copy[at] ^= 0x01;
      damaged.push([`byte ${at} flipped`, copy]);
    }
    const wrong = await runCli(
      ['restore', '--from', sealed, '--passphrase-env', 'WRONG', '--out', path.join(dir, 'w')],
      { env: { WRONG: 'not the passphrase' } },
    );
    expect(wrong.stderr).toContain(`${sealed} did not open: wrong passphrase`);
    expect(wrong.code).toBe(2);
    for (const [what, content] of damaged) {
      const file = path.join(dir, 'damaged.age');
      writeFileSync(file, content);
      const result = await runCli(
        ['restore', '--from', file, '--passphrase-env', 'ETCD_HA_PASSPHRASE', '--out', path.join(dir, 'w')],
        { env: env() },
      );
      expect([what, result.code]).toEqual([what, 2]);
      expect(result.stderr).toMatch(/did not open: (it is damaged, truncated or not an age file|wrong passphrase)/);
    }
    expect(existsSync(path.join(dir, 'w'))).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('.etcd-ha-restore-'))).toEqual([]);
  });

  it('refuses a bundle that would write outside its folder', async () => {
    const evil = path.join(dir, 'evil');
    execFileSync('mkdir', ['-p', path.join(evil, 'pki')]);
    writeFileSync(path.join(evil, 'escape'), 'x');
    execFileSync('tar', [
      '-cf',
      path.join(dir, 'evil.tar'),
      '-C',
      evil,
      'pki',
      '--transform',
      's|^escape$|pki/../../escape|',
      'escape',
    ]);
    age(['--recipient', recipient, '--output', path.join(dir, 'evil.age'), path.join(dir, 'evil.tar')]);
    const result = await runCli([
      'restore',
      '--from',
      path.join(dir, 'evil.age'),
      '--identity',
      path.join(dir, 'identity.txt'),
      '--out',
      path.join(dir, 'evil-out'),
    ]);
    expect(result.stderr).toContain("holds 'pki/../../escape'");
    expect(result.code).toBe(2);
    expect(existsSync(path.join(dir, 'evil-out'))).toBe(false);
  });

  it.each([
    [
      ['--seal', 'x.age', '--passphrase-env', 'UNSET_VARIABLE'],
      "--passphrase-env is 'UNSET_VARIABLE', which is not set",
    ],
    [['--seal', 'x.age', '--passphrase-env', 'EMPTY_VARIABLE'], "--passphrase-env is 'EMPTY_VARIABLE', which is empty"],
    [
      ['--seal', 'x.age', '--recipient', 'age1notakey'],
      "--recipient is 'age1notakey'; allowed: an age public key (age1...)",
    ],
    [['--seal', 'x.age'], '--seal needs exactly one of --passphrase-env VAR or --recipient KEY'],
  ])('certs %j is refused', async (args, message) => {
    const result = await runCli(['certs', '--out', path.join(dir, 'refused'), ...args], {
      env: { EMPTY_VARIABLE: '' },
    });
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(existsSync(path.join(dir, 'refused'))).toBe(false);
  });

  it('restores only into a new or empty folder', async () => {
    const result = await runCli(
      [
        'restore',
        '--from',
        path.join(dir, 'pki.age'),
        '--passphrase-env',
        'ETCD_HA_PASSPHRASE',
        '--out',
        path.join(dir, 'made'),
      ],
      { env: env() },
    );
    expect(result.stderr).toContain(
      `--out is '${path.join(dir, 'made')}'; allowed: a folder that does not exist yet or is empty`,
    );
    expect(result.code).toBe(2);
  });
});
