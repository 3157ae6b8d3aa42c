import * as core from '@actions/core';
import { ConfigurationError } from '../errors.js';
import type { OptionReader } from '../options/reader.js';
import { parseRecipients, type OpenKey, type SealKey } from '../pki/seal.js';

// The artifact service refuses these in names (as @actions/artifact validates them).
const FORBIDDEN_NAME = /["':<>|*?\r\n\\/]/;

/** The artifact name input: no path separators, colons or other characters the service refuses. */
export function parseArtifactName(read: OptionReader): string {
  const name = read.raw('artifact-name') ?? 'etcd-pki';
  if (FORBIDDEN_NAME.test(name)) read.fail('artifact-name', name, 'a name without " : < > | * ? \\ / or line breaks');
  return name;
}

/** The key to seal with: exactly one of the inputs passphrase or recipients; the passphrase is masked in logs. */
export function parseSealKey(read: OptionReader): SealKey {
  const passphrase = core.getInput('passphrase');
  const recipients = read.list('recipients');
  if ((passphrase === '') === (recipients.length === 0)) {
    throw new ConfigurationError(
      "set exactly one of the inputs 'passphrase' (from a secret) or 'recipients' (age public keys)",
    );
  }
  if (passphrase !== '') {
    core.setSecret(passphrase);
    return { passphrase };
  }
  return { recipients: parseRecipients(recipients, "input 'recipients'") };
}

/** The key to open with: exactly one of the inputs passphrase or identity; both are masked in logs. */
export function parseOpenKey(): OpenKey {
  const passphrase = core.getInput('passphrase');
  const identity = core.getInput('identity');
  if ((passphrase === '') === (identity === '')) {
    throw new ConfigurationError(
      "set exactly one of the inputs 'passphrase' or 'identity' (an age identity, AGE-SECRET-KEY-1..., from a secret)",
    );
  }
  if (passphrase !== '') {
    core.setSecret(passphrase);
    return { passphrase };
  }
  const identities = identity
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-'));
  for (const line of identities) core.setSecret(line);
  if (identities.length === 0)
    throw new ConfigurationError(
      "input 'identity' holds no age identity; allowed: the contents of an age identity file (AGE-SECRET-KEY-1...)",
    );
  return { identities };
}
