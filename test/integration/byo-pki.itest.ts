import { copyFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir, runCli } from '../support/helpers.js';

describe('bring-your-own PKI', () => {
  let dir: string;
  let good: string;
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-byo-');
    expect((await runCli(['certs', '--out', path.join(dir, 'made'), '--base-address', '127.0.0.111'])).code).toBe(0);
    good = path.join(dir, 'made', 'pki');
    expect((await runCli(['certs', '--out', path.join(dir, 'other'), '--base-address', '127.0.0.111'])).code).toBe(0);
    expect(
      (
        await runCli([
          'certs',
          '--out',
          path.join(dir, 'short'),
          '--base-address',
          '127.0.0.111',
          '--cert-validity-days',
          '3',
        ])
      ).code,
    ).toBe(0);
  });
  afterAll(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  /** A copy of the good PKI, changed by `mutate`. */
  function variant(name: string, mutate: (pki: string) => void): string {
    const pki = path.join(dir, name);
    cpSync(good, pki, { recursive: true });
    mutate(pki);
    return pki;
  }

  it('runs every check on a provided PKI and leaves it as it was', async () => {
    const before = readFileSync(path.join(good, 'members', 'etcd-2', 'etcd', 'server.key'));
    const state = path.join(dir, 'state-good');
    const run = await runCli(['run', '--pki-dir', good, '--base-address', '127.0.0.111', '--state', state, ...FAST]);
    expect(run.stderr).toContain(`using the PKI in ${good}`);
    expect(run.stdout).toContain('etcd-ha PASSED: 3 passed');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(good, 'members', 'etcd-2', 'etcd', 'server.key'))).toEqual(before);
    expect(existsSync(state)).toBe(false);
    expect(livePidsMentioning(state)).toEqual([]);
  });

  it('starts a cluster with up --pki-dir and keeps the PKI on down', async () => {
    const state = path.join(dir, 'state-up');
    const up = await runCli(['up', '--state', state, '--pki-dir', good, '--base-address', '127.0.0.111', ...FAST]);
    expect(up.code).toBe(0);
    expect(livePidsMentioning(state)).toHaveLength(4); // three members and their peer proxy
    expect((await runCli(['down', '--state', state])).code).toBe(0);
    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(path.join(good, 'etcd', 'ca.key'))).toBe(true);
  });

  const other = (...parts: string[]) => path.join(dir, 'other', 'pki', ...parts);
  it.each<[string, (pki: string) => void, string[], RegExp]>([
    [
      'a key that does not match its certificate',
      (pki) =>
        copyFileSync(
          path.join(pki, 'members/etcd-2/etcd/server.key'),
          path.join(pki, 'members/etcd-1/etcd/server.key'),
        ),
      [],
      /members\/etcd-1\/etcd\/server\.key: does not match .*members\/etcd-1\/etcd\/server\.crt/,
    ],
    [
      'a certificate from another CA',
      (pki) => {
        copyFileSync(other('members/etcd-3/etcd/peer.crt'), path.join(pki, 'members/etcd-3/etcd/peer.crt'));
        copyFileSync(other('members/etcd-3/etcd/peer.key'), path.join(pki, 'members/etcd-3/etcd/peer.key'));
      },
      [],
      /members\/etcd-3\/etcd\/peer\.crt: not signed by the CA in .*etcd\/ca\.crt/,
    ],
    [
      'SANs that do not cover the member addresses',
      () => undefined,
      ['--base-address', '127.0.0.121'],
      /members\/etcd-1\/etcd\/server\.crt: its SANs \(DNS:etcd-1, DNS:localhost, IP Address:127\.0\.0\.111, .*\) do not cover the member's address 127\.0\.0\.121/,
    ],
    [
      'a client certificate used as a server certificate',
      (pki) => {
        copyFileSync(path.join(pki, 'apiserver-etcd-client.crt'), path.join(pki, 'members/etcd-2/etcd/server.crt'));
        copyFileSync(path.join(pki, 'apiserver-etcd-client.key'), path.join(pki, 'members/etcd-2/etcd/server.key'));
      },
      [],
      /members\/etcd-2\/etcd\/server\.crt: lacks the serverAuth extended key usage/,
    ],
  ])('refuses %s, naming the file, before anything starts', async (name, mutate, extra, message) => {
    const pki = variant(name.replace(/\W+/g, '-'), mutate);
    const state = path.join(dir, `state-${name.replace(/\W+/g, '-')}`);
    const run = await runCli([
      'run',
      '--pki-dir',
      pki,
      '--base-address',
      '127.0.0.111',
      '--state',
      state,
      ...FAST,
      ...extra,
    ]);
    expect(run.stderr).toMatch(/error: the PKI in .* cannot be used:\n- /);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(livePidsMentioning(state)).toEqual([]);
    expect(existsSync(path.join(pki, 'etcd', 'ca.crt'))).toBe(true);
  });

  it('refuses certificates that expire within the margin, and takes them with a smaller one', async () => {
    const short = path.join(dir, 'short', 'pki');
    const refused = await runCli([
      'run',
      '--pki-dir',
      short,
      '--base-address',
      '127.0.0.111',
      '--state',
      path.join(dir, 's1'),
      '--checks',
      'status',
      ...FAST,
    ]);
    expect(refused.stderr).toMatch(/members\/etcd-1\/etcd\/server\.crt: expires on \S+, within 7 days/);
    expect(refused.code).toBe(2);
    const taken = await runCli([
      'run',
      '--pki-dir',
      short,
      '--min-cert-validity-days',
      '2',
      '--base-address',
      '127.0.0.111',
      '--state',
      path.join(dir, 's2'),
      '--checks',
      'status',
      ...FAST,
    ]);
    expect(taken.code).toBe(0);
  });

  it('makes and runs a cluster of named members; certs takes remote addresses, the local target refuses them', async () => {
    const state = path.join(dir, 'named');
    const run = await runCli([
      'run',
      '--member-list',
      'alpha=127.0.0.141,beta=127.0.0.142,gamma=127.0.0.143',
      '--state',
      state,
      '--checks',
      'status,failover',
      ...FAST,
    ]);
    expect(run.stdout).toMatch(/^alpha +https:\/\/127\.0\.0\.141:2379 /m);
    expect(run.code).toBe(0);

    const remote = path.join(dir, 'remote');
    const certs = await runCli([
      'certs',
      '--out',
      remote,
      '--member-list',
      'etcd-a=10.0.0.5,etcd-b=etcd-b.example.internal,etcd-c=fd00::7',
    ]);
    expect(certs.code).toBe(0);
    const { X509Certificate } = await import('node:crypto');
    const b = new X509Certificate(readFileSync(path.join(remote, 'pki', 'members', 'etcd-b', 'etcd', 'peer.crt')));
    expect(b.subjectAltName).toBe(
      'DNS:etcd-b, DNS:localhost, DNS:etcd-b.example.internal, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    const c = new X509Certificate(readFileSync(path.join(remote, 'pki', 'members', 'etcd-c', 'etcd', 'server.crt')));
    expect(c.checkIP('fd00::7')).toBe('fd00::7');

    const refused = await runCli([
      'up',
      '--state',
      path.join(dir, 'remote-up'),
      '--pki-dir',
      path.join(remote, 'pki'),
      '--member-list',
      'etcd-a=10.0.0.5,etcd-b=etcd-b.example.internal,etcd-c=fd00::7',
    ]);
    expect(refused.stderr).toContain(
      'member etcd-a has the address 10.0.0.5; the local target runs every member on this machine, so it needs loopback addresses',
    );
    expect(refused.code).toBe(2);
  });
});
