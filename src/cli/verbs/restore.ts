import { ConfigurationError } from '../../errors.js';
import { openClusterPki } from '../../pki/bundle.js';
import { identitiesFromFile, passphraseFromEnv, type OpenKey } from '../../pki/seal.js';
import { saveState } from '../../run/state.js';
import { requireOption } from '../option-checks.js';
import type { VerbHandler } from './verb.js';

/** `etcd-ha restore --from BUNDLE --out DIR`: opens a sealed PKI into a folder `up` then starts. */
export const restoreVerb: VerbHandler = async ({ read, all }, io, deps) => {
  const identities = all('identity');
  const passphraseEnv = read.raw('passphrase-env');
  if ((passphraseEnv === undefined) === (identities.length === 0)) {
    throw new ConfigurationError('etcd-ha restore needs exactly one of --passphrase-env VAR or --identity FILE');
  }
  const key: OpenKey = passphraseEnv
    ? { passphrase: passphraseFromEnv(passphraseEnv, io.env, '--passphrase-env') }
    : {
        identities: (await Promise.all(identities.map((file) => identitiesFromFile(file, '--identity')))).flat(),
      };
  const spec = await openClusterPki(
    requireOption(read, 'from', 'the path of a sealed bundle'),
    key,
    requireOption(read, 'out'),
    deps.runner,
    '--out',
  );
  await saveState({ schemaVersion: 1, spec });
  deps.logger.info(`restored the PKI for ${spec.members.length} members into ${spec.pki.root}`);
  io.stdout(`${spec.pki.root}\n`);
  return 0;
};
