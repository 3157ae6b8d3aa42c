import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import { buildClusterSpec } from '../cluster/spec.js';
import { generateClusterPki, makeClusterPki } from './cluster-pki.js';
import type { KeyAlgorithm } from './key-algorithm.js';

const topology = (keyAlgorithm: KeyAlgorithm) => ({
  members: 3,
  baseAddress: '127.0.0.11',
  clientPort: 2379,
  peerPort: 2380,
  extraSans: ['etcd.example.internal', '10.0.0.5'],
  certValidityDays: 30,
  keyAlgorithm,
});
const timing = { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 10000 };

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** Signature algorithms by OID, named as WebCrypto names them. */
const SIGNATURES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'ECDSA SHA-256',
  '1.2.840.10045.4.3.3': 'ECDSA SHA-384',
  '1.2.840.113549.1.1.11': 'RSASSA-PKCS1-v1_5 SHA-256',
};

/** The key usages and signature algorithm as the certificate encodes them (Node does not expose them). */
function decoded(cert: X509Certificate): { keyUsages: string[]; keyUsageCritical: boolean; signature: string } {
  const parsed = AsnConvert.parse(cert.raw, Certificate);
  const extension = parsed.tbsCertificate.extensions?.find((candidate) => candidate.extnID === id_ce_keyUsage);
  const usages = extension ? AsnConvert.parse(extension.extnValue, KeyUsage).toNumber() : 0;
  return {
    keyUsages: ['digitalSignature', 'keyEncipherment', 'keyCertSign'].filter(
      (name) => (usages & KeyUsageFlags[name as 'keyCertSign']) !== 0,
    ),
    keyUsageCritical: extension?.critical ?? false,
    signature: SIGNATURES[parsed.signatureAlgorithm.algorithm] ?? parsed.signatureAlgorithm.algorithm,
  };
}

describe('generateClusterPki', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-pki-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['ecdsa-p256', { asymmetricKeyType: 'ec', namedCurve: 'prime256v1' }, 'ECDSA SHA-256', ['digitalSignature']],
    ['ecdsa-p384', { asymmetricKeyType: 'ec', namedCurve: 'secp384r1' }, 'ECDSA SHA-384', ['digitalSignature']],
    [
      'rsa-2048',
      { asymmetricKeyType: 'rsa', modulusLength: 2048 },
      'RSASSA-PKCS1-v1_5 SHA-256',
      ['digitalSignature', 'keyEncipherment'],
    ],
  ] as const)(
    'writes kubeadm-style %s certificates with the right usages, SANs, chain and modes',
    async (algorithm, key, signature, leafUsages) => {
      const spec = buildClusterSpec(path.join(dir, algorithm), topology(algorithm), timing, 'test');
      const now = new Date('2026-01-01T00:00:00Z');
      await generateClusterPki(spec, now);

      const ca = new X509Certificate(await readFile(spec.pki.caCert));
      expect(ca.subject).toBe('CN=etcd-ca');
      expect(ca.issuer).toBe('CN=etcd-ca');
      expect(ca.ca).toBe(true);
      expect(ca.verify(ca.publicKey)).toBe(true);
      expect(new Date(ca.validTo).getUTCFullYear()).toBe(2035);
      expect(decoded(ca)).toEqual({ keyUsages: [...leafUsages, 'keyCertSign'], keyUsageCritical: true, signature });

      const member = spec.members[1];
      const server = new X509Certificate(await readFile(member.pki.serverCert));
      expect(server.subject).toBe('CN=etcd-2');
      expect(server.ca).toBe(false);
      expect(server.verify(ca.publicKey)).toBe(true);
      expect(server.checkIssued(ca)).toBe(true);
      expect(server.keyUsage).toEqual([SERVER_AUTH, CLIENT_AUTH]);
      expect(decoded(server)).toEqual({ keyUsages: leafUsages, keyUsageCritical: true, signature });
      expect(server.subjectAltName).toBe(
        'DNS:etcd-2, DNS:localhost, DNS:etcd.example.internal, IP Address:127.0.0.12, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.5',
      );
      expect(server.checkIP('127.0.0.12')).toBe('127.0.0.12');
      expect(server.checkIP('127.0.0.11')).toBeUndefined();
      expect(new Date(server.validFrom).getTime()).toBe(now.getTime() - 60_000);
      expect(new Date(server.validTo).getTime() - now.getTime()).toBe(30 * 24 * 3600 * 1000);
      const serverKey = createPrivateKey(await readFile(member.pki.serverKey, 'utf8'));
      expect(server.checkPrivateKey(serverKey)).toBe(true);
      expect({
        asymmetricKeyType: server.publicKey.asymmetricKeyType,
        ...server.publicKey.asymmetricKeyDetails,
      }).toMatchObject(key);
      expect(ca.publicKey.asymmetricKeyType).toBe(key.asymmetricKeyType);
      expect((await readFile(member.pki.serverKey, 'utf8')).split('\n')[0]).toBe(
        `-----BEGIN ${key.asymmetricKeyType === 'ec' ? 'EC' : 'RSA'} ${'PRIVATE'} KEY-----`,
      );

      const peer = new X509Certificate(await readFile(member.pki.peerCert));
      expect(peer.serialNumber).not.toBe(server.serialNumber);
      expect(peer.checkPrivateKey(createPrivateKey(await readFile(member.pki.peerKey)))).toBe(true);
      expect(peer.checkPrivateKey(serverKey)).toBe(false);

      const apiserver = new X509Certificate(await readFile(spec.pki.apiserverClientCert));
      expect(apiserver.subject).toBe('O=system:masters\nCN=kube-apiserver-etcd-client');
      expect(apiserver.keyUsage).toEqual([CLIENT_AUTH]);
      expect(apiserver.verify(ca.publicKey)).toBe(true);
      const healthcheck = new X509Certificate(await readFile(spec.pki.healthcheckClientCert));
      expect(healthcheck.subject).toBe('CN=kube-etcd-healthcheck-client');

      expect((await stat(spec.pki.caKey)).mode & 0o777).toBe(0o600);
      expect((await stat(member.pki.serverKey)).mode & 0o777).toBe(0o600);
      expect((await stat(member.pki.dir)).mode & 0o777).toBe(0o700);
      expect((await stat(spec.pki.root)).mode & 0o777).toBe(0o700);
      // Member folders get no CA key, as in kubeadm's guide.
      await expect(stat(path.join(member.pki.dir, 'ca.key'))).rejects.toThrow();
    },
  );

  it('writes a PKI made before the spec for the same members, and refuses one made for others', async () => {
    const early = buildClusterSpec(path.join(dir, 'unused'), topology('ecdsa-p256'), timing, 'unused');
    const made = makeClusterPki(early.members, early.topology);
    const spec = buildClusterSpec(path.join(dir, 'early'), topology('ecdsa-p256'), timing, 'early');
    await generateClusterPki(spec, new Date(), made);
    const server = new X509Certificate(await readFile(spec.members[2].pki.serverCert));
    expect(server.checkPrivateKey(createPrivateKey(await readFile(spec.members[2].pki.serverKey)))).toBe(true);
    expect(server.subjectAltName).toContain('IP Address:127.0.0.13');

    const others: Array<[string, ReturnType<typeof topology>]> = [
      ['algorithm', topology('rsa-2048')],
      ['addresses', { ...topology('ecdsa-p256'), baseAddress: '127.0.0.21' }],
      ['SANs', { ...topology('ecdsa-p256'), extraSans: ['elsewhere.example'] }],
      ['validity', { ...topology('ecdsa-p256'), certValidityDays: 31 }],
    ];
    for (const [name, other] of others) {
      const misfit = buildClusterSpec(path.join(dir, `misfit-${name}`), other, timing, 'misfit');
      await expect([
        name,
        await generateClusterPki(misfit, new Date(), made).catch((error: Error) => error.message),
      ]).toEqual([name, expect.stringMatching(/^the PKI was made for other members or settings/)]);
    }
  });
});
