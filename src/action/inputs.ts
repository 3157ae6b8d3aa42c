import * as core from '@actions/core';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ClusterOptions, type RunOptions } from '../config/options.js';
import { inputLabel, optionReader, type OptionReader } from '../config/reader.js';
import type { TargetOptions } from '../targets/kind.js';
import { writeFileNoFollow } from '../util/safe-write.js';
import { SSH_INPUTS_DIR } from '../run/state.js';
import { makeDirs } from '../util/fs.js';

/** Every input of the all-in-one action (or, with `parseClusterOptions`, of `up`), parsed and validated. */
export type Inputs<T extends ClusterOptions = RunOptions> = T & {
  stateDir: string;
  keep: boolean;
};

/**
 * The action takes the ssh key and known_hosts as text (the key from a secret); ssh wants files.
 * They are written 0600 into a 0700 folder of the state dir, masked in the log, and listed as
 * owned files so teardown removes them.
 */
export async function writeSshInputs(target: TargetOptions, stateDir: string): Promise<TargetOptions> {
  if (target.kind !== 'ssh') return target;
  for (const line of target.sshKey.split('\n')) if (line.trim().length > 0) core.setSecret(line.trim());
  const dir = path.join(stateDir, SSH_INPUTS_DIR);
  await makeDirs(dir, 0o700);
  const keyFile = path.join(dir, 'id_etcd_ha');
  const knownHostsFile = path.join(dir, 'known_hosts');
  // A new file renamed into place: a key file left by an earlier step is replaced, never kept with its mode.
  await writeFileNoFollow(keyFile, `${target.sshKey.trim()}\n`, { mode: 0o600 });
  await writeFileNoFollow(knownHostsFile, `${target.knownHosts.trim()}\n`, { mode: 0o600 });
  return { ...target, sshKey: keyFile, knownHosts: knownHostsFile, ownedFiles: [keyFile, knownHostsFile] };
}

/** The only place that reads the cluster actions' inputs. */
export async function getInputs<T extends ClusterOptions>(parse: (read: OptionReader) => T): Promise<Inputs<T>> {
  const read = optionReader((name) => core.getInput(name), inputLabel);
  const options = parse(read);
  const temp = process.env.RUNNER_TEMP || tmpdir();
  await mkdir(temp, { recursive: true });
  return {
    ...options,
    stateDir: read.raw('state-dir') ?? (await mkdtemp(path.join(temp, 'etcd-ha-'))),
    keep: read.bool('keep', false),
  };
}
