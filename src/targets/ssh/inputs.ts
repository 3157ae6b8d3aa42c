import path from 'node:path';
import { makeDirs } from '../../util/fs.js';
import { writeFileNoFollow } from '../../util/safe-write.js';
import type { SshTargetOptions } from './types.js';

/** Folder of the state dir where the action writes the ssh key and known_hosts it was given. */
export const SSH_INPUTS_DIR = 'etcd-ha-ssh';

/**
 * The action takes the ssh key and known_hosts as text (the key from a secret); ssh wants files.
 * They are written 0600 into a 0700 folder of the state dir, masked in the log (each line of the key
 * is passed to `mask`), and listed as owned files so teardown removes them.
 */
export async function writeSshInputs(
  target: SshTargetOptions,
  stateDir: string,
  mask: (secret: string) => void = () => undefined,
): Promise<SshTargetOptions> {
  for (const line of target.sshKey.split('\n')) if (line.trim().length > 0) mask(line.trim());
  const dir = path.join(stateDir, SSH_INPUTS_DIR);
  await makeDirs(dir, 0o700);
  const keyFile = path.join(dir, 'id_etcd_ha');
  const knownHostsFile = path.join(dir, 'known_hosts');
  // A new file renamed into place: a key file left by an earlier step is replaced, never kept with its mode.
  await writeFileNoFollow(keyFile, `${target.sshKey.trim()}\n`, { mode: 0o600 });
  await writeFileNoFollow(knownHostsFile, `${target.knownHosts.trim()}\n`, { mode: 0o600 });
  return { ...target, sshKey: keyFile, knownHosts: knownHostsFile, ownedFiles: [keyFile, knownHostsFile] };
}
