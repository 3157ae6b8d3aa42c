import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import type * as Asn1Schema from '@peculiar/asn1-schema';
import type * as Asn1X509 from '@peculiar/asn1-x509';

/**
 * X.509's ASN.1 structures (PKIjs's `@peculiar/asn1-x509`, on `@peculiar/asn1-schema`): certificates
 * are built and encoded with them and signed with Node's native crypto. They load on first use: most
 * entries never make a certificate.
 */
interface Asn1 {
  x509: typeof Asn1X509;
  schema: typeof Asn1Schema;
}
let asn1Modules: Promise<Asn1> | undefined;
// Bundled, the libraries are CommonJS: their exports arrive as the namespace's default.
const unwrap = <T extends object>(loaded: T, name: string): T =>
  name in loaded ? loaded : (loaded as unknown as { default: T }).default;
const loadAsn1 = (): Promise<Asn1> =>
  (asn1Modules ??= Promise.all([import('@peculiar/asn1-x509'), import('@peculiar/asn1-schema')]).then(
    ([x509, schema]) => ({ x509: unwrap(x509, 'Certificate'), schema: unwrap(schema, 'AsnConvert') }),
  ));
import { describeKeyType, KEY_ALGORITHMS, KEY_PARAMETERS, keyAlgorithmOf, type KeyAlgorithm } from './key-algorithm.js';

const generate = promisify(generateKeyPair);

/** Starts loading the X.509 structures, so that they load while keys are generated on the thread pool. */
export function preloadX509(): void {
  loadAsn1().catch(() => undefined);
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
  /** The CA's subject as its certificate encodes it, which every leaf names as its issuer: chains are found by comparing these bytes. */
  subject: Asn1X509.Name;
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
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

/** The signature algorithm of a key, as certificates name it: ECDSA with the curve's hash (RFC 5758), or RSA PKCS #1 v1.5 with SHA-256. */
function signatureAlgorithm(asn1: Asn1, algorithm: KeyAlgorithm): Asn1X509.AlgorithmIdentifier {
  const parameters = KEY_PARAMETERS[algorithm];
  if (parameters.type === 'rsa')
    // sha256WithRSAEncryption, whose parameters are NULL (RFC 4055).
    return new asn1.x509.AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null });
  // ecdsa-with-SHA256 / -SHA384, without parameters.
  return new asn1.x509.AlgorithmIdentifier({
    algorithm: parameters.hash === 'SHA-384' ? '1.2.840.10045.4.3.3' : '1.2.840.10045.4.3.2',
  });
}

/** The hash Node signs with for a key algorithm. */
function nodeHash(algorithm: KeyAlgorithm): 'sha256' | 'sha384' {
  return KEY_PARAMETERS[algorithm].hash === 'SHA-384' ? 'sha384' : 'sha256';
}

/**
 * kubeadm's key usages: digitalSignature, plus keyCertSign for the CA, plus keyEncipherment for RSA
 * keys only (RFC 5480 allows no key encipherment with an ECDSA key).
 */
function keyUsages(asn1: Asn1, algorithm: KeyAlgorithm, isCa: boolean): number {
  const { KeyUsageFlags } = asn1.x509;
  let usages = KeyUsageFlags.digitalSignature;
  if (KEY_PARAMETERS[algorithm].type === 'rsa') usages |= KeyUsageFlags.keyEncipherment;
  if (isCa) usages |= KeyUsageFlags.keyCertSign;
  return usages;
}

// Back-dated by a minute so a host whose clock is a little behind still accepts the certificate.
function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + days * DAY_MS) };
}

/** A distinguished name of organization (optional) and common name, each as Go's crypto/x509 encodes it (PrintableString where it can). */
function distinguishedName(asn1: Asn1, names: { organization?: string; commonName: string }): Asn1X509.Name {
  const { Name, RelativeDistinguishedName, AttributeTypeAndValue, AttributeValue } = asn1.x509;
  const attribute = (type: string, value: string) =>
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type,
        value: new AttributeValue(
          /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { printableString: value } : { utf8String: value },
        ),
      }),
    ]);
  return new Name([
    ...(names.organization ? [attribute('2.5.4.10', names.organization)] : []),
    attribute('2.5.4.3', names.commonName),
  ]);
}

/** An extension holding `value`, DER-encoded. */
function extension(asn1: Asn1, extnID: string, critical: boolean, value: object): Asn1X509.Extension {
  return new asn1.x509.Extension({
    extnID,
    critical,
    extnValue: new asn1.schema.OctetString(asn1.schema.AsnConvert.serialize(value)),
  });
}

/** The SHA-1 of a public key's bits, as RFC 5280 (4.2.1.2, method 1) makes a key identifier; hex. */
function keyIdentifierOf(asn1: Asn1, spki: Buffer): string {
  const info = asn1.schema.AsnConvert.parse(spki, asn1.x509.SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(info.subjectPublicKey)).digest('hex');
}

/** PEM as the X.509 tools write it: base64 in lines of 64 characters. */
function certificatePem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}

/** Encodes a certificate for `key` with these names and extensions, signed by `signer` with Node's native crypto. */
function signCertificate(
  asn1: Asn1,
  fields: {
    subject: Asn1X509.Name;
    issuer: Asn1X509.Name;
    validity: { notBefore: Date; notAfter: Date };
    spki: Buffer;
    extensions: Asn1X509.Extension[];
  },
  signer: { algorithm: KeyAlgorithm; privateKey: KeyObject },
): string {
  const { x509, schema } = asn1;
  const signatureAlgorithmId = signatureAlgorithm(asn1, signer.algorithm);
  const tbsCertificate = new x509.TBSCertificate({
    version: x509.Version.v3,
    serialNumber: new Uint8Array(Buffer.from(randomSerial(), 'hex')).buffer,
    signature: signatureAlgorithmId,
    issuer: fields.issuer,
    validity: new x509.Validity(fields.validity),
    subject: fields.subject,
    subjectPublicKeyInfo: schema.AsnConvert.parse(fields.spki, x509.SubjectPublicKeyInfo),
    extensions: new x509.Extensions(fields.extensions),
  });
  const tbs = Buffer.from(schema.AsnConvert.serialize(tbsCertificate));
  // ECDSA signatures come as DER (r, s), RSA ones as PKCS #1 v1.5: what X.509 carries.
  const signature = sign(nodeHash(signer.algorithm), tbs, signer.privateKey);
  const certificate = new x509.Certificate({
    tbsCertificate,
    signatureAlgorithm: signatureAlgorithmId,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return certificatePem(Buffer.from(schema.AsnConvert.serialize(certificate)));
}

/** The etcd CA, as kubeadm makes it: CN etcd-ca, a CA that may only sign. */
export async function createCertificateAuthority(
  key: GeneratedKey,
  options: { validityDays: number; now: Date },
): Promise<CertificateAuthority> {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const subject = distinguishedName(asn1, { commonName: 'etcd-ca' });
  const keyId = keyIdentifierOf(asn1, key.spki);
  const certPem = signCertificate(
    asn1,
    {
      subject,
      issuer: subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions: [
        extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: true })),
        extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, true))),
        extension(
          asn1,
          x509.id_ce_subjectKeyIdentifier,
          false,
          new x509.SubjectKeyIdentifier(new Uint8Array(Buffer.from(keyId, 'hex'))),
        ),
      ],
    },
    key,
  );
  return { subject, algorithm: key.algorithm, privateKey: key.privateKey, keyId, certPem, keyPem: key.keyPem };
}

/** A leaf certificate for `key`, signed by the CA, with kubeadm's key usages for etcd. */
export async function issueCertificate(
  ca: CertificateAuthority,
  key: GeneratedKey,
  request: LeafRequest,
  options: { validityDays: number; now: Date },
): Promise<IssuedCertificate> {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const purposes = { serverAuth: x509.id_kp_serverAuth, clientAuth: x509.id_kp_clientAuth };
  const extensions = [
    extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: false })),
    extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, false))),
    extension(
      asn1,
      x509.id_ce_extKeyUsage,
      false,
      new x509.ExtendedKeyUsage(request.usages.map((usage) => purposes[usage])),
    ),
    extension(
      asn1,
      x509.id_ce_authorityKeyIdentifier,
      false,
      new x509.AuthorityKeyIdentifier({
        keyIdentifier: new x509.KeyIdentifier(new Uint8Array(Buffer.from(ca.keyId, 'hex'))),
      }),
    ),
  ];
  if (request.altNames) {
    extensions.push(
      extension(
        asn1,
        x509.id_ce_subjectAltName,
        false,
        new x509.SubjectAlternativeName([
          ...request.altNames.dns.map((dNSName) => new x509.GeneralName({ dNSName })),
          ...request.altNames.ips.map((iPAddress) => new x509.GeneralName({ iPAddress })),
        ]),
      ),
    );
  }
  const certPem = signCertificate(
    asn1,
    {
      subject: distinguishedName(asn1, request),
      issuer: ca.subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions,
    },
    ca,
  );
  return { certPem, keyPem: key.keyPem };
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
  const parsed = new X509Certificate(certPem);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!parsed.publicKey.export({ type: 'spki', format: 'der' }).equals(spki))
    throw new Error('the CA key does not belong to the CA certificate');
  const asn1 = await loadAsn1();
  const { x509, schema } = asn1;
  const { tbsCertificate } = schema.AsnConvert.parse(parsed.raw, x509.Certificate);
  const ski = tbsCertificate.extensions?.find((candidate) => candidate.extnID === x509.id_ce_subjectKeyIdentifier);
  // Leaves name the CA's own key identifier; a CA made elsewhere without one gets the usual SHA-1 of its key.
  const keyId = ski
    ? Buffer.from(schema.AsnConvert.parse(ski.extnValue, x509.SubjectKeyIdentifier).buffer).toString('hex')
    : keyIdentifierOf(asn1, spki);
  return { subject: tbsCertificate.subject, algorithm, privateKey, keyId, certPem, keyPem };
}
