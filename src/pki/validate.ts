import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { ClusterSpec } from '../cluster/spec.js';
import { ConfigurationError } from '../errors.js';
import { describeKeyType, keyAlgorithmOf } from './key-algorithm.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ValidationOptions {
  now: Date;
  /** Refuse certificates that expire within this many days. */
  minValidityDays: number;
}

interface Pair {
  cert: string;
  key: string;
  usages: Array<'serverAuth' | 'clientAuth'>;
  /** Addresses the certificate must cover (IP SANs). */
  addresses?: string[];
}

async function readCertificate(file: string, problems: string[]): Promise<X509Certificate | undefined> {
  try {
    return new X509Certificate(await readFile(file));
  } catch (error) {
    problems.push(
      `${file}: not a readable PEM certificate (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
    return undefined;
  }
}

const SUPPORTED_KEYS = 'RSA or ECDSA (P-256 or P-384) keys';

/** Refuses a key of a type etcd's PKI here does not take (Ed25519, DSA, other curves), naming the file. */
function checkKeyType(file: string, key: KeyObject, problems: string[]): boolean {
  if (keyAlgorithmOf(key) !== undefined) return true;
  problems.push(`${file}: its key is ${describeKeyType(key)}; allowed: ${SUPPORTED_KEYS}`);
  return false;
}

function checkValidity(file: string, cert: X509Certificate, options: ValidationOptions, problems: string[]): void {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (notBefore > options.now) problems.push(`${file}: not valid before ${notBefore.toISOString()}`);
  if (notAfter <= options.now) problems.push(`${file}: expired on ${notAfter.toISOString()}`);
  else if (notAfter.getTime() - options.now.getTime() < options.minValidityDays * DAY_MS) {
    problems.push(`${file}: expires on ${notAfter.toISOString()}, within ${options.minValidityDays} days`);
  }
}

/**
 * Checks a PKI before anything starts: every certificate parses, chains to the CA, is valid now and
 * for `minValidityDays` more, has the usages etcd needs and covers its member's address, and every
 * key matches its certificate. Throws one ConfigurationError that names each file and what is wrong.
 */
export async function validateClusterPki(spec: ClusterSpec, options: ValidationOptions): Promise<void> {
  const problems: string[] = [];
  const caFile = spec.pki.caCert;
  const ca = await readCertificate(caFile, problems);
  if (ca) {
    if (!ca.ca) problems.push(`${caFile}: not a CA certificate (basic constraints CA:FALSE)`);
    checkKeyType(caFile, ca.publicKey, problems);
    checkValidity(caFile, ca, options, problems);
  }
  const pairs: Pair[] = [
    { cert: spec.pki.apiserverClientCert, key: spec.pki.apiserverClientKey, usages: ['clientAuth'] },
    { cert: spec.pki.healthcheckClientCert, key: spec.pki.healthcheckClientKey, usages: ['clientAuth'] },
    ...spec.members.flatMap((member): Pair[] => [
      { cert: member.pki.serverCert, key: member.pki.serverKey, usages: ['serverAuth'], addresses: [member.address] },
      // Peers are servers and clients of each other.
      {
        cert: member.pki.peerCert,
        key: member.pki.peerKey,
        usages: ['serverAuth', 'clientAuth'],
        addresses: [member.address],
      },
    ]),
  ];
  for (const pair of pairs) {
    const cert = await readCertificate(pair.cert, problems);
    if (!cert) continue;
    checkValidity(pair.cert, cert, options, problems);
    checkKeyType(pair.cert, cert.publicKey, problems);
    if (ca && !(cert.checkIssued(ca) && cert.verify(ca.publicKey)))
      problems.push(`${pair.cert}: not signed by the CA in ${caFile}`);
    const usages = cert.keyUsage ?? [];
    for (const usage of pair.usages) {
      const oid = usage === 'serverAuth' ? SERVER_AUTH : CLIENT_AUTH;
      if (!usages.includes(oid)) problems.push(`${pair.cert}: lacks the ${usage} extended key usage`);
    }
    for (const address of pair.addresses ?? []) {
      const covered = isIP(address) ? cert.checkIP(address) : cert.checkHost(address);
      if (covered === undefined) {
        problems.push(
          `${pair.cert}: its SANs (${cert.subjectAltName ?? 'none'}) do not cover the member's address ${address}`,
        );
      }
    }
    try {
      const key = createPrivateKey(await readFile(pair.key));
      if (checkKeyType(pair.key, key, problems) && !cert.checkPrivateKey(key))
        problems.push(`${pair.key}: does not match ${pair.cert}`);
    } catch (error) {
      problems.push(
        `${pair.key}: not a readable private key (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  // Member CA copies must be the same CA.
  const original = await readFile(caFile, 'utf8').catch(() => undefined);
  for (const member of spec.members) {
    const copy = await readFile(member.pki.caCert, 'utf8').catch(() => undefined);
    if (copy !== undefined && original !== undefined && copy.trim() !== original.trim())
      problems.push(`${member.pki.caCert}: differs from ${caFile}`);
    if (copy === undefined) problems.push(`${member.pki.caCert}: missing`);
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`the PKI in ${spec.pki.root} cannot be used:\n- ${problems.join('\n- ')}`);
  }
}

/** Whether a member's server certificate names the member (a DNS SAN), so clients may verify it by name. */
export async function certificateNamesMember(certFile: string, name: string): Promise<boolean> {
  try {
    return new X509Certificate(await readFile(certFile)).checkHost(name, { wildcards: false }) !== undefined;
  } catch {
    return false;
  }
}

/**
 * The key algorithms of a PKI as `key-algorithm` names them, CA first, each once (`ecdsa-p256`, or
 * `rsa-4096, ecdsa-p256` for a provided PKI that mixes them); null when there is no readable CA.
 */
export async function pkiKeyAlgorithms(spec: ClusterSpec): Promise<string | null> {
  const files = [
    spec.pki.caCert,
    spec.pki.apiserverClientCert,
    ...spec.members.flatMap((member) => [member.pki.serverCert, member.pki.peerCert]),
  ];
  const names = await Promise.all(
    files.map(async (file) => {
      try {
        const key = new X509Certificate(await readFile(file)).publicKey;
        return keyAlgorithmOf(key) ?? describeKeyType(key);
      } catch {
        return undefined;
      }
    }),
  );
  if (names[0] === undefined) return null;
  return [...new Set(names.filter((name) => name !== undefined))].join(', ');
}
