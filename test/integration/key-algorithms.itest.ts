import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  FAST,
  actionEnv,
  killEtcdUnder,
  livePidsMentioning,
  newTempDir,
  readCommandFile,
  runCli,
} from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

/** What the real tools say of a PKI: etcdctl's health of every member over mutual TLS, openssl's verdict on every leaf. */
function toolsAccept(pki: string, endpoints: string[]): void {
  const etcdctl = spawnSync(
    'etcdctl',
    [
      '--cacert',
      path.join(pki, 'etcd', 'ca.crt'),
      '--cert',
      path.join(pki, 'apiserver-etcd-client.crt'),
      '--key',
      path.join(pki, 'apiserver-etcd-client.key'),
      '--endpoints',
      endpoints.join(','),
      '--dial-timeout',
      '5s',
      '--command-timeout',
      '10s',
      'endpoint',
      'health',
    ],
    { env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf8', timeout: 30_000 },
  );
  // etcdctl 3.4 prints the health of each endpoint on stderr.
  const said = `${etcdctl.stdout}${etcdctl.stderr}`;
  expect([etcdctl.status, said]).toEqual([0, expect.not.stringMatching(/unhealthy|error/i)]);
  for (const endpoint of endpoints) expect(said).toContain(`${endpoint} is healthy: successfully committed proposal`);

  const members = ['etcd-1', 'etcd-2', 'etcd-3'].map((name) => path.join(pki, 'members', name, 'etcd'));
  const servers = members.flatMap((dir) => [path.join(dir, 'server.crt'), path.join(dir, 'peer.crt')]);
  const clients = [
    path.join(pki, 'apiserver-etcd-client.crt'),
    path.join(pki, 'etcd', 'healthcheck-client.crt'),
    ...members.map((dir) => path.join(dir, 'peer.crt')),
  ];
  for (const [purpose, certs] of [
    ['sslserver', servers],
    ['sslclient', clients],
  ] as const) {
    const verify = spawnSync(
      'openssl',
      ['verify', '-purpose', purpose, '-CAfile', path.join(pki, 'etcd', 'ca.crt'), ...certs],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect([purpose, verify.status, verify.stderr]).toEqual([purpose, 0, '']);
    expect(verify.stdout.trim().split('\n')).toEqual(certs.map((cert) => `${cert}: OK`));
  }
}

describe('key algorithms', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-keys-');
  });
  afterAll(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['the default', [], '127.0.0.211', 'ec', 'prime256v1'],
    ['rsa-2048', ['--key-algorithm', 'rsa-2048'], '127.0.0.221', 'rsa', undefined],
  ])(
    'certs and up with %s: the real etcdctl and openssl accept the PKI',
    async (_, flags, baseAddress, keyType, curve) => {
      const state = path.join(dir, `state-${baseAddress}`);
      const certs = await runCli(['certs', '--out', state, '--base-address', baseAddress, ...flags]);
      expect([certs.code, certs.stderr]).toEqual([0, expect.stringContaining('generated the etcd PKI for 3 members')]);
      const pki = certs.stdout.trim();
      const ca = new X509Certificate(readFileSync(path.join(pki, 'etcd', 'ca.crt')));
      expect([ca.publicKey.asymmetricKeyType, ca.publicKey.asymmetricKeyDetails?.namedCurve]).toEqual([keyType, curve]);
      try {
        const up = await runCli(['up', '--state', state, ...FAST]);
        expect([up.code, up.stderr]).toEqual([0, expect.stringContaining('cluster healthy')]);
        const octets = baseAddress.split('.').map(Number);
        toolsAccept(
          pki,
          [0, 1, 2].map((index) => `https://127.0.0.${octets[3] + index}:2379`),
        );
      } finally {
        const down = await runCli(['down', '--state', state]);
        expect(down.code).toBe(0);
      }
      expect(livePidsMentioning(state)).toEqual([]);
    },
  );

  it('the CLI and the root action with rsa-2048 pass every check and report the algorithm', async () => {
    const json = path.join(dir, 'run.json');
    const run = await runCli([
      'run',
      '--key-algorithm',
      'rsa-2048',
      '--base-address',
      '127.0.0.231',
      '--json',
      json,
      ...FAST,
    ]);
    expect([run.code, run.stdout]).toEqual([
      0,
      expect.stringContaining('etcd-ha PASSED: 3 passed, 0 failed, 0 skipped'),
    ]);
    expect(readReport(json).cluster.keyAlgorithm).toBe('rsa-2048');

    const env = actionEnv(path.join(dir, 'action'));
    const inputs = {
      'INPUT_KEY-ALGORITHM': 'rsa-2048',
      'INPUT_BASE-ADDRESS': '127.0.0.231',
      'INPUT_HEARTBEAT-MS': '50',
      'INPUT_ELECTION-MS': '250',
    };
    const main = await runCli([], { script: 'dist/main/index.js', env: { ...env, ...inputs } });
    const saved = readCommandFile(env.GITHUB_STATE as string);
    try {
      expect([main.code, main.stdout]).toEqual([0, expect.not.stringContaining('::error::')]);
      const outputs = readCommandFile(env.GITHUB_OUTPUT as string);
      expect(outputs.passed).toBe('true');
      expect(readReport(outputs['report-json']).cluster.keyAlgorithm).toBe('rsa-2048');
      expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')).toContain('; keys rsa-2048; phases: ');
    } finally {
      const post = await runCli([], {
        script: 'dist/post/index.js',
        env: { ...env, 'STATE_state-dir': saved['state-dir'], STATE_keep: saved.keep },
      });
      expect(post.code).toBe(0);
    }
  });

  it('refuses the removed key-size and an unknown algorithm, saying what is allowed', async () => {
    const cli = await runCli(['certs', '--out', path.join(dir, 'refused'), '--key-size', '3072']);
    expect([cli.code, cli.stderr]).toEqual([
      2,
      "error: --key-size was replaced by --key-algorithm (e.g. rsa-2048); --key-size '3072' is --key-algorithm rsa-3072\n",
    ]);
    const env = actionEnv(path.join(dir, 'action-refused'));
    const main = await runCli([], { script: 'dist/main/index.js', env: { ...env, 'INPUT_KEY-SIZE': '2048' } });
    expect(main.stdout).toContain(
      "::error::input 'key-size' was replaced by key-algorithm (e.g. rsa-2048); key-size '2048' is key-algorithm rsa-2048",
    );
    expect(main.code).toBe(1);
    const unknown = await runCli(['certs', '--out', path.join(dir, 'refused'), '--key-algorithm', 'ed25519']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      "error: --key-algorithm is 'ed25519'; allowed: one of ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096\n",
    ]);
  });
});
