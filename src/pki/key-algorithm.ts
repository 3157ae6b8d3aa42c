import type { KeyObject } from 'node:crypto';

/** The key algorithms a generated PKI may use, by their public names (the `key-algorithm` option). */
export const KEY_ALGORITHMS = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** ECDSA P-256, as kubeadm's `encryptionAlgorithm: ECDSA-P256` and cfssl make it: small keys, made in microseconds. */
export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = 'ecdsa-p256';

/** How a key of each algorithm is made, and the hash its signatures use (SHA-384 with P-384, as RFC 5480 pairs them). */
export type KeyParameters =
  | { type: 'ec'; namedCurve: 'P-256' | 'P-384'; hash: 'SHA-256' | 'SHA-384' }
  | { type: 'rsa'; modulusLength: 2048 | 3072 | 4096; hash: 'SHA-256' };

export const KEY_PARAMETERS = {
  'ecdsa-p256': { type: 'ec', namedCurve: 'P-256', hash: 'SHA-256' },
  'ecdsa-p384': { type: 'ec', namedCurve: 'P-384', hash: 'SHA-384' },
  'rsa-2048': { type: 'rsa', modulusLength: 2048, hash: 'SHA-256' },
  'rsa-3072': { type: 'rsa', modulusLength: 3072, hash: 'SHA-256' },
  'rsa-4096': { type: 'rsa', modulusLength: 4096, hash: 'SHA-256' },
} as const satisfies Record<KeyAlgorithm, KeyParameters>;

// OpenSSL's names of the curves, as Node reports them in asymmetricKeyDetails.
const CURVE_NAMES: Record<string, string> = { prime256v1: 'p256', secp384r1: 'p384' };

/**
 * Names a key in the vocabulary of `key-algorithm`: `ecdsa-p256`, `ecdsa-p384`, `rsa-<bits>` (any
 * size), or undefined for a key etcd's PKI here does not take (Ed25519, DSA, other curves, RSA-PSS).
 */
export function keyAlgorithmOf(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength) return `rsa-${details.modulusLength}`;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve && CURVE_NAMES[details.namedCurve])
    return `ecdsa-${CURVE_NAMES[details.namedCurve]}`;
  return undefined;
}

/** Describes a key that `keyAlgorithmOf` refuses, for the message that names its file. */
export function describeKeyType(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (${curve})` : ''}`;
}
