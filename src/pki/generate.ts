import { constants, createPrivateKey, generateKeyPair, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

/** A certificate and its key, as PEM text. */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface SubjectAltNames {
  dns: string[];
  ips: string[];
}

export interface LeafRequest {
  commonName: string;
  organization?: string;
  altNames?: SubjectAltNames;
  usages: Array<'serverAuth' | 'clientAuth'>;
}

export interface CertificateAuthority extends IssuedCertificate {
  cert: forge.pki.Certificate;
  signingKey: KeyObject;
}

/** A freshly generated RSA key pair: the public half for forge, the private half as PEM and as a Node key. */
export interface RsaKey {
  publicKey: forge.pki.PublicKey;
  keyPem: string;
  keyObject: KeyObject;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017, section 9.2, note 1).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A random positive serial number of 128 bits, as hex. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01; // keep 16 significant bytes so the DER length is stable
  return bytes.toString('hex');
}

/** Generates an RSA key with Node's native crypto, off the main thread. */
export async function newRsaKey(bits: number): Promise<RsaKey> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), keyPem: privateKey, keyObject: createPrivateKey(privateKey) };
}

/** Signs a forge certificate with SHA-256 and RSA, doing the RSA operation in Node's native crypto. */
function signCertificate(cert: forge.pki.Certificate, signingKey: KeyObject): void {
  const nativeSigner = {
    sign: (md: forge.md.MessageDigest) =>
      privateEncrypt(
        { key: signingKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')]),
      ).toString('binary'),
  };
  cert.sign(nativeSigner as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}

function setValidity(cert: forge.pki.Certificate, now: Date, days: number): void {
  // Back-dated by a minute so a host whose clock is a little behind still accepts the certificate.
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
}

/** The etcd CA, as kubeadm makes it: CN etcd-ca, a CA that may only sign. */
export function createCertificateAuthority(key: RsaKey, options: { validityDays: number; now: Date }): CertificateAuthority {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = randomSerial();
  setValidity(cert, options.now, options.validityDays);
  const subject = [{ name: 'commonName', value: 'etcd-ca' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, digitalSignature: true, keyEncipherment: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCertificate(cert, key.keyObject);
  return { cert, signingKey: key.keyObject, certPem: forge.pki.certificateToPem(cert), keyPem: key.keyPem };
}

/** A leaf certificate for `key`, signed by the CA, with kubeadm's key usages for etcd. */
export function issueCertificate(
  ca: CertificateAuthority,
  key: RsaKey,
  request: LeafRequest,
  options: { validityDays: number; now: Date },
): IssuedCertificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = randomSerial();
  setValidity(cert, options.now, options.validityDays);
  const subject: forge.pki.CertificateField[] = [];
  if (request.organization) subject.push({ name: 'organizationName', value: request.organization });
  subject.push({ name: 'commonName', value: request.commonName });
  cert.setSubject(subject);
  cert.setIssuer(ca.cert.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    {
      name: 'extKeyUsage',
      serverAuth: request.usages.includes('serverAuth'),
      clientAuth: request.usages.includes('clientAuth'),
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (request.altNames) {
    extensions.push({
      name: 'subjectAltName',
      altNames: [
        ...request.altNames.dns.map((value) => ({ type: 2, value })),
        ...request.altNames.ips.map((ip) => ({ type: 7, ip })),
      ],
    });
  }
  cert.setExtensions(extensions);
  signCertificate(cert, ca.signingKey);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.keyPem };
}
