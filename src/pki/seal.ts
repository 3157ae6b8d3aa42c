import { Decrypter, Encrypter } from 'age-encryption';
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors.js';

/** How a bundle is sealed: a passphrase (scrypt, age's default work factor) or age recipients. */
export type SealKey = { passphrase: string } | { recipients: string[] };
/** How a bundle is opened: a passphrase or age identities. */
export type OpenKey = { passphrase: string } | { identities: string[] };

/** A sealed bundle that does not open with the key given, or is damaged; nothing has been written. */
export class SealError extends ConfigurationError {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

/** Encrypts `plaintext` in the age format. */
export async function seal(plaintext: Uint8Array, key: SealKey): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  if ('passphrase' in key) encrypter.setPassphrase(key.passphrase);
  else for (const recipient of key.recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(plaintext);
}

/** Decrypts an age file, telling a wrong key from a damaged file. */
export async function unseal(ciphertext: Uint8Array, key: OpenKey, source: string): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  if ('passphrase' in key) decrypter.addPassphrase(key.passphrase);
  else for (const identity of key.identities) decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(ciphertext, 'uint8array');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/no identity matched/i.test(reason)) {
      throw new SealError(
        `${source} did not open: wrong ${'passphrase' in key ? 'passphrase' : 'identity'} (age: ${reason})`,
      );
    }
    throw new SealError(`${source} did not open: it is damaged, truncated or not an age file (age: ${reason})`);
  }
}

/** The age public keys given, each checked; `label` names the option. */
export function parseRecipients(values: string[], label: string): string[] {
  for (const value of values) {
    try {
      new Encrypter().addRecipient(value);
    } catch {
      throw new ConfigurationError(`${label} is '${value}'; allowed: an age public key (age1...)`);
    }
  }
  return values;
}

/** The passphrase in the environment variable `name`; `label` names the option that named it. */
export function passphraseFromEnv(name: string, env: NodeJS.ProcessEnv, label: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(
      `${label} is '${name}', which is ${value === undefined ? 'not set' : 'empty'}; allowed: the name of an environment variable that holds the passphrase`,
    );
  }
  return value;
}

/** The age identities (`AGE-SECRET-KEY-1...` lines) in an identity file, as age-keygen writes it. */
export async function identitiesFromFile(file: string, label: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `${label} is '${file}'; allowed: a readable age identity file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const identities = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-'));
  if (identities.length === 0)
    throw new ConfigurationError(
      `${label} is '${file}'; allowed: an age identity file (it holds no AGE-SECRET-KEY-1... line)`,
    );
  return identities;
}
