import { memberCountWarning, parseTiming, parseTopology } from '../../options/options.js';
import type { OptionReader } from '../../options/reader.js';
import { parseTarget } from '../../options/target-options.js';
import { ConfigurationError } from '../../errors.js';
import { sealClusterPki } from '../../pki/bundle.js';
import { parseRecipients, passphraseFromEnv, type SealKey } from '../../pki/seal.js';
import { certsPhase } from '../../run/phases/pki.js';
import { prepareStateDir } from '../../run/phases/state-dir.js';
import { requireOption } from '../option-checks.js';
import type { VerbHandler } from './verb.js';

/** `etcd-ha certs --out DIR`: lays a cluster out and generates its PKI there (sealed into --seal if given). */
export const certsVerb: VerbHandler = async ({ read, all }, io, deps) => {
  const topology = parseTopology(read, parseTarget(read, { access: false }));
  const warning = memberCountWarning(topology.members);
  if (warning) deps.logger.warning(warning);
  const sealTo = read.raw('seal');
  const sealKey = sealTo ? sealKeyFrom(read, all('recipient'), io.env) : undefined;
  const dir = await prepareStateDir(requireOption(read, 'out'), '--out');
  const state = await certsPhase(dir, topology, parseTiming(read), deps);
  if (sealTo && sealKey) {
    const { bytes } = await sealClusterPki(state.spec, sealKey, sealTo, deps.runner);
    deps.logger.info(
      `sealed the PKI into ${sealTo} (${bytes} bytes, age, ${'passphrase' in sealKey ? 'passphrase' : `${sealKey.recipients.length} recipient(s)`})`,
    );
  }
  io.stdout(`${state.spec.pki.root}\n`);
  return 0;
};

/** The key `certs --seal` seals with: exactly one of --passphrase-env or --recipient. */
function sealKeyFrom(read: OptionReader, recipients: string[], env: NodeJS.ProcessEnv): SealKey {
  const passphraseEnv = read.raw('passphrase-env');
  if ((passphraseEnv === undefined) === (recipients.length === 0)) {
    throw new ConfigurationError(
      '--seal needs exactly one of --passphrase-env VAR or --recipient KEY (which may be repeated)',
    );
  }
  return passphraseEnv
    ? { passphrase: passphraseFromEnv(passphraseEnv, env, '--passphrase-env') }
    : { recipients: parseRecipients(recipients, '--recipient') };
}
