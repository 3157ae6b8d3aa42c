import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildClusterSpec, type ClusterSpec } from '../cluster/spec.js';
import { ConfigurationError } from '../errors.js';
import { generateClusterPki } from './cluster-pki.js';
import { createCertificateAuthority, issueCertificate, newKey, type GeneratedKey } from './generate.js';
import type { KeyAlgorithm } from './key-algorithm.js';
import { pkiKeyAlgorithms, validateClusterPki } from './validate.js';

const timing = { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 10000 };
const options = { now: new Date(), minValidityDays: 0 };

async function pki(dir: string, keyAlgorithm: KeyAlgorithm): Promise<ClusterSpec> {
  const topology = {
    members: 3,
    baseAddress: '127.0.0.11',
    clientPort: 2379,
    peerPort: 2380,
    extraSans: [],
    certValidityDays: 30,
    keyAlgorithm,
  };
  const spec = buildClusterSpec(path.join(dir, keyAlgorithm), topology, timing, keyAlgorithm);
  await generateClusterPki(spec);
  return spec;
}

async function problemsOf(spec: ClusterSpec): Promise<string> {
  try {
    await validateClusterPki(spec, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the PKI to be refused');
}

describe('validateClusterPki', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-validate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['ecdsa-p256', 'ecdsa-p384', 'rsa-2048'] as const)(
    'accepts a %s PKI and names its keys',
    async (algorithm) => {
      const spec = await pki(dir, algorithm);
      await expect(validateClusterPki(spec, options)).resolves.toBeUndefined();
      expect(await pkiKeyAlgorithms(spec)).toBe(algorithm);
    },
  );

  it('refuses keys that do not match, and key types it does not take, naming each file', async () => {
    const spec = await pki(dir, 'ecdsa-p256');
    const [first, second, third] = spec.members;
    // ECDSA keys of the same curve, but another member's: only the match fails.
    await copyFile(second.pki.peerKey, first.pki.peerKey);
    // An Ed25519 certificate, signed by the CA, and its key.
    const ed25519 = generateKeyPairSync('ed25519');
    const ca = await createCertificateAuthority(await newKey('ecdsa-p256'), { validityDays: 1, now: new Date() });
    const foreign: GeneratedKey = {
      algorithm: 'ecdsa-p256',
      keyPem: ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      privateKey: ed25519.privateKey,
      spki: ed25519.publicKey.export({ type: 'spki', format: 'der' }),
    };
    const leaf = await issueCertificate(
      ca,
      foreign,
      { commonName: second.name, usages: ['serverAuth'], altNames: { dns: [], ips: [second.address] } },
      { validityDays: 1, now: new Date() },
    );
    await writeFile(second.pki.serverCert, leaf.certPem);
    await writeFile(second.pki.serverKey, leaf.keyPem);
    // A DSA key where the peer key belongs.
    await writeFile(
      third.pki.peerKey,
      generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    );

    const message = await problemsOf(spec);
    const allowed = 'allowed: RSA or ECDSA (P-256 or P-384) keys';
    expect(message).toContain(`- ${first.pki.peerKey}: does not match ${first.pki.peerCert}`);
    expect(message).toContain(`- ${second.pki.serverCert}: its key is ed25519; ${allowed}`);
    expect(message).toContain(`- ${second.pki.serverKey}: its key is ed25519; ${allowed}`);
    expect(message).toContain(`- ${third.pki.peerKey}: its key is dsa; ${allowed}`);
    // Signed by another CA, too.
    expect(message).toContain(`- ${second.pki.serverCert}: not signed by the CA in ${spec.pki.caCert}`);
    expect(message.split('\n')).toHaveLength(6);
    expect(await pkiKeyAlgorithms(spec)).toBe('ecdsa-p256, ed25519');
    expect(new X509Certificate(await readFile(second.pki.serverCert)).publicKey.asymmetricKeyType).toBe('ed25519');
  });
});
