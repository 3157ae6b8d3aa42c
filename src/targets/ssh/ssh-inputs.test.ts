import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SSH_INPUTS_DIR, writeSshInputs } from './inputs.js';

describe('the ssh key and known_hosts the action writes', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 'ssh-inputs-'));
  });
  afterEach(() => rm(stateDir, { recursive: true, force: true }));

  const target = {
    kind: 'ssh' as const,
    hosts: [{ user: 'root', host: '10.0.0.1', port: 22 }],
    // A stand-in of the key's shape, put together here so that no key text is committed.
    sshKey: `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\nabc\n-----END OPENSSH ${'PRIVATE'} KEY-----`,
    knownHosts: '10.0.0.1 ssh-ed25519 AAAA',
  };

  test('a key file that exists already is replaced and ends up 0600', async () => {
    const dir = path.join(stateDir, SSH_INPUTS_DIR);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'id_etcd_ha'), 'old', { mode: 0o644 });
    await chmod(path.join(dir, 'id_etcd_ha'), 0o644);
    const written = await writeSshInputs(target as never, stateDir);
    expect(written).toMatchObject({ sshKey: path.join(dir, 'id_etcd_ha') });
    for (const file of ['id_etcd_ha', 'known_hosts'])
      expect((await stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(dir, 'id_etcd_ha'), 'utf8')).toContain('abc');
  });

  test('a symbolic link at the key file is refused and not written through', async () => {
    const dir = path.join(stateDir, SSH_INPUTS_DIR);
    await mkdir(dir, { recursive: true });
    const victim = path.join(stateDir, 'victim');
    await writeFile(victim, 'precious');
    await symlink(victim, path.join(dir, 'id_etcd_ha'));
    await expect(writeSshInputs(target as never, stateDir)).rejects.toThrow(/symbolic link/);
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });
});
