import { X509Certificate } from 'node:crypto';
import { createCertificateAuthority, issueCertificate, loadCertificateAuthority, newKey } from './generate.js';

describe('loadCertificateAuthority', () => {
  const options = { validityDays: 1, now: new Date() };

  it.each(['ecdsa-p256', 'rsa-2048'] as const)(
    'reads a %s CA back from its PEM files and issues leaves that chain to it',
    async (algorithm) => {
      const made = await createCertificateAuthority(await newKey(algorithm), options);
      const loaded = await loadCertificateAuthority(made.certPem, made.keyPem);
      expect([loaded.algorithm, loaded.keyId]).toEqual([algorithm, made.keyId]);
      const leaf = await issueCertificate(
        loaded,
        await newKey('ecdsa-p256'),
        { commonName: 'client', usages: ['clientAuth'] },
        options,
      );
      const ca = new X509Certificate(made.certPem);
      const cert = new X509Certificate(leaf.certPem);
      expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    },
  );

  it('refuses a key that does not belong to the certificate', async () => {
    const [one, other] = await Promise.all([newKey('ecdsa-p256'), newKey('ecdsa-p256')]);
    const ca = await createCertificateAuthority(one, options);
    await expect(loadCertificateAuthority(ca.certPem, other.keyPem)).rejects.toThrow(
      'the CA key does not belong to the CA certificate',
    );
  });
});
