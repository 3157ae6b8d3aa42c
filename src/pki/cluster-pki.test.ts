import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildClusterSpec } from '../cluster/spec.js';
import { generateClusterPki } from './cluster-pki.js';

const topology = {
  members: 3,
  baseAddress: '127.0.0.11',
  clientPort: 2379,
  peerPort: 2380,
  extraSans: ['etcd.example.internal', '10.0.0.5'],
  certValidityDays: 30,
  keySize: 2048,
};
const timing = { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 10000 };

describe('generateClusterPki', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-pki-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes kubeadm-style certificates with the right usages, SANs, chain and modes', async () => {
    const spec = buildClusterSpec(dir, topology, timing, 'test');
    const now = new Date('2026-01-01T00:00:00Z');
    await generateClusterPki(spec, now);

    const ca = new X509Certificate(await readFile(spec.pki.caCert));
    expect(ca.subject).toBe('CN=etcd-ca');
    expect(ca.ca).toBe(true);
    expect(new Date(ca.validTo).getUTCFullYear()).toBe(2035);

    const member = spec.members[1];
    const server = new X509Certificate(await readFile(member.pki.serverCert));
    expect(server.subject).toBe('CN=etcd-2');
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(server.subjectAltName).toBe(
      'DNS:etcd-2, DNS:localhost, DNS:etcd.example.internal, IP Address:127.0.0.12, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.5',
    );
    expect(server.checkIP('127.0.0.12')).toBe('127.0.0.12');
    expect(server.checkIP('127.0.0.11')).toBeUndefined();
    expect(new Date(server.validTo).getTime() - now.getTime()).toBe(30 * 24 * 3600 * 1000);
    const serverKey = await readFile(member.pki.serverKey, 'utf8');
    expect(server.checkPrivateKey((await import('node:crypto')).createPrivateKey(serverKey))).toBe(true);
    expect(server.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const peer = new X509Certificate(await readFile(member.pki.peerCert));
    expect(peer.serialNumber).not.toBe(server.serialNumber);

    const apiserver = new X509Certificate(await readFile(spec.pki.apiserverClientCert));
    expect(apiserver.subject).toBe('O=system:masters\nCN=kube-apiserver-etcd-client');
    expect(apiserver.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    const healthcheck = new X509Certificate(await readFile(spec.pki.healthcheckClientCert));
    expect(healthcheck.subject).toBe('CN=kube-etcd-healthcheck-client');

    expect((await stat(spec.pki.caKey)).mode & 0o777).toBe(0o600);
    expect((await stat(member.pki.serverKey)).mode & 0o777).toBe(0o600);
    expect((await stat(member.pki.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(spec.pki.root)).mode & 0o777).toBe(0o700);
    // Member folders get no CA key, as in kubeadm's guide.
    await expect(stat(path.join(member.pki.dir, 'ca.key'))).rejects.toThrow();
  });
});
