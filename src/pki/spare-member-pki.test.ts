import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildClusterSpec, spareMember } from '../cluster/spec.js';
import { generateClusterPki, issueSpareMemberPki } from './cluster-pki.js';

describe('issueSpareMemberPki', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-spare-pki-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("issues a server and a peer certificate from the cluster's CA, with its key algorithm, naming the new member's address", async () => {
    const spec = buildClusterSpec(
      path.join(dir, 'state'),
      {
        members: 3,
        baseAddress: '127.0.0.11',
        clientPort: 2379,
        peerPort: 2380,
        extraSans: ['etcd.example.internal'],
        certValidityDays: 30,
        keyAlgorithm: 'ecdsa-p384',
      },
      { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 10000 },
    );
    await generateClusterPki(spec);
    const member = spareMember(spec, 'etcd-4', '127.0.0.14');
    await issueSpareMemberPki(spec, [member]);
    const ca = new X509Certificate(await readFile(spec.pki.caCert));
    for (const file of [member.pki.serverCert, member.pki.peerCert]) {
      const cert = new X509Certificate(await readFile(file));
      expect([cert.verify(ca.publicKey), cert.checkIssued(ca), cert.subject]).toEqual([true, true, 'CN=etcd-4']);
      expect(cert.checkIP('127.0.0.14')).toBe('127.0.0.14');
      expect(cert.checkHost('etcd.example.internal')).toBe('etcd.example.internal');
      expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    }
    expect(await readFile(member.pki.caCert, 'utf8')).toBe(await readFile(spec.pki.caCert, 'utf8'));
    expect(((await stat(member.pki.serverKey)).mode & 0o777).toString(8)).toBe('600');
    expect(((await stat(member.pki.peerKey)).mode & 0o777).toString(8)).toBe('600');
    // Never in the cluster's PKI folder (which may be the user's).
    expect(member.pki.dir.startsWith(path.join(spec.stateDir, 'spare'))).toBe(true);
  });

  it('refuses without the CA key', async () => {
    const spec = buildClusterSpec(
      path.join(dir, 'state'),
      {
        members: 1,
        baseAddress: '127.0.0.11',
        clientPort: 2379,
        peerPort: 2380,
        extraSans: [],
        certValidityDays: 30,
        keyAlgorithm: 'ecdsa-p256',
      },
      { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 10000 },
    );
    await generateClusterPki(spec);
    await rm(spec.pki.caKey);
    await expect(issueSpareMemberPki(spec, [spareMember(spec, 'etcd-2', '127.0.0.12')])).rejects.toThrow(/ca\.key/);
  });
});
