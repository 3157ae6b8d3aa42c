import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes,
  webcrypto,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import type * as X509 from '@peculiar/x509';

// The X.509 library (and the metadata polyfills it brings) loads on first use: most entries never make a certificate.
let x509Module: Promise<typeof X509> | undefined;
const loadX509 = (): Promise<typeof X509> =>
  // Bundled, the library is CommonJS: its exports arrive as the namespace's default.
  (x509Module ??= import('@peculiar/x509').then((loaded) =>
    'X509Certificate' in loaded ? loaded : (loaded as unknown as { default: typeof X509 }).default,
  ));
import { describeKeyType, KEY_ALGORITHMS, KEY_PARAMETERS, keyAlgorithmOf, type KeyAlgorithm } from './key-algorithm.js';

const generate = promisify(generateKeyPair);

/** Starts loading the X.509 library, so that it loads while keys are generated on the thread pool. */
export function preloadX509(): void {
  loadX509().catch(() => undefined);
}

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

/** A freshly generated key pair: the private half as PEM and as a Node key, the public half as DER SubjectPublicKeyInfo. */
export interface GeneratedKey {
  algorithm: KeyAlgorithm;
  /** SEC 1 (`EC PRIVATE KEY`) for ECDSA, PKCS #1 (`RSA PRIVATE KEY`) for RSA, as kubeadm and openssl write them. */
  keyPem: string;
  privateKey: KeyObject;
  spki: Buffer;
}

export interface CertificateAuthority extends IssuedCertificate {
  cert: X509.X509Certificate;
  algorithm: KeyAlgorithm;
  signingKey: webcrypto.CryptoKey;
  /** The CA's subject key identifier (hex), which every leaf names as its authority key identifier. */
  keyId: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A random positive serial number of 128 bits, as hex. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01; // keep 16 significant bytes so the DER length is stable
  return bytes.toString('hex');
}

/** Generates a key with Node's native crypto, off the main thread (RSA prime search runs on the thread pool). */
export async function newKey(algorithm: KeyAlgorithm): Promise<GeneratedKey> {
  const parameters = KEY_PARAMETERS[algorithm];
  const { publicKey, privateKey } =
    parameters.type === 'ec'
      ? await generate('ec', { namedCurve: parameters.namedCurve })
      : await generate('rsa', { modulusLength: parameters.modulusLength });
  return {
    algorithm,
    keyPem: privateKey.export({ type: parameters.type === 'ec' ? 'sec1' : 'pkcs1', format: 'pem' }) as string,
    privateKey,
    spki: publicKey.export({ type: 'spki', format: 'der' }),
  };
}

/** The signature algorithm a key signs with: ECDSA with the curve's hash, or RSA PKCS #1 v1.5 with SHA-256. */
function signatureAlgorithm(algorithm: KeyAlgorithm): { name: string; hash: string } {
  const parameters = KEY_PARAMETERS[algorithm];
  return { name: parameters.type === 'ec' ? 'ECDSA' : 'RSASSA-PKCS1-v1_5', hash: parameters.hash };
}

/** The CA key as WebCrypto takes it for signing (Node's native crypto underneath, as for the keys). */
function signingKeyOf(key: GeneratedKey): Promise<webcrypto.CryptoKey> {
  const parameters = KEY_PARAMETERS[key.algorithm];
  const algorithm =
    parameters.type === 'ec' ? { name: 'ECDSA', namedCurve: parameters.namedCurve } : signatureAlgorithm(key.algorithm);
  return webcrypto.subtle.importKey(
    'pkcs8',
    key.privateKey.export({ type: 'pkcs8', format: 'der' }),
    algorithm,
    false,
    ['sign'],
  );
}

/**
 * kubeadm's key usages: digitalSignature, plus keyCertSign for the CA, plus keyEncipherment for RSA
 * keys only (RFC 5480 allows no key encipherment with an ECDSA key).
 */
function keyUsages(x509: typeof X509, algorithm: KeyAlgorithm, isCa: boolean): X509.KeyUsageFlags {
  let usages = x509.KeyUsageFlags.digitalSignature;
  if (KEY_PARAMETERS[algorithm].type === 'rsa') usages |= x509.KeyUsageFlags.keyEncipherment;
  if (isCa) usages |= x509.KeyUsageFlags.keyCertSign;
  return usages;
}

// Back-dated by a minute so a host whose clock is a little behind still accepts the certificate.
function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + days * DAY_MS) };
}

/** The etcd CA, as kubeadm makes it: CN etcd-ca, a CA that may only sign. */
export async function createCertificateAuthority(
  key: GeneratedKey,
  options: { validityDays: number; now: Date },
): Promise<CertificateAuthority> {
  const x509 = await loadX509();
  const subject = [{ CN: ['etcd-ca'] }];
  const [signingKey, keyIdentifier] = await Promise.all([
    signingKeyOf(key),
    x509.SubjectKeyIdentifierExtension.create(key.spki, false, webcrypto),
  ]);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject,
      issuer: subject,
      ...validity(options.now, options.validityDays),
      publicKey: key.spki,
      signingKey,
      signingAlgorithm: signatureAlgorithm(key.algorithm),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(keyUsages(x509, key.algorithm, true), true),
        keyIdentifier,
      ],
    },
    webcrypto,
  );
  return {
    cert,
    algorithm: key.algorithm,
    signingKey,
    keyId: keyIdentifier.keyId,
    certPem: cert.toString('pem'),
    keyPem: key.keyPem,
  };
}

/** A leaf certificate for `key`, signed by the CA, with kubeadm's key usages for etcd. */
export async function issueCertificate(
  ca: CertificateAuthority,
  key: GeneratedKey,
  request: LeafRequest,
  options: { validityDays: number; now: Date },
): Promise<IssuedCertificate> {
  const x509 = await loadX509();
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(keyUsages(x509, key.algorithm, false), true),
    new x509.ExtendedKeyUsageExtension(request.usages.map((usage) => x509.ExtendedKeyUsage[usage])),
    new x509.AuthorityKeyIdentifierExtension(ca.keyId),
  ];
  if (request.altNames) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        ...request.altNames.dns.map((value) => ({ type: 'dns' as const, value })),
        ...request.altNames.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    );
  }
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: [...(request.organization ? [{ O: [request.organization] }] : []), { CN: [request.commonName] }],
      // The CA's subject as it is encoded there: chains are found by comparing these bytes.
      issuer: ca.cert.subjectName,
      ...validity(options.now, options.validityDays),
      publicKey: key.spki,
      signingKey: ca.signingKey,
      signingAlgorithm: signatureAlgorithm(ca.algorithm),
      extensions,
    },
    webcrypto,
  );
  return { certPem: cert.toString('pem'), keyPem: key.keyPem };
}

/**
 * A CA read back from its PEM certificate and key (a PKI's `etcd/ca.crt` and `etcd/ca.key`), to issue
 * more certificates with `issueCertificate`. Throws when the key is not one this PKI signs with or
 * does not belong to the certificate.
 */
export async function loadCertificateAuthority(certPem: string, keyPem: string): Promise<CertificateAuthority> {
  const privateKey = createPrivateKey(keyPem);
  const named = keyAlgorithmOf(privateKey);
  const algorithm = KEY_ALGORITHMS.find((candidate) => candidate === named);
  if (!algorithm)
    throw new Error(`the CA key is ${named ?? describeKeyType(privateKey)}; allowed: ${KEY_ALGORITHMS.join(', ')}`);
  const x509 = await loadX509();
  const cert = new x509.X509Certificate(certPem);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!Buffer.from(cert.publicKey.rawData).equals(spki))
    throw new Error('the CA key does not belong to the CA certificate');
  const signingKey = await signingKeyOf({ algorithm, keyPem, privateKey, spki });
  // Leaves name the CA's own key identifier; a CA made elsewhere without one gets the usual SHA-1 of its key.
  const keyId =
    cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ??
    (await x509.SubjectKeyIdentifierExtension.create(spki, false, webcrypto)).keyId;
  return { cert, algorithm, signingKey, keyId, certPem, keyPem };
}
