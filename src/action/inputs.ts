import * as core from '@actions/core';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ClusterOptions, type RunOptions } from '../options/options.js';
import { inputLabel, optionReader, type OptionReader } from '../options/reader.js';

/** Every input of the all-in-one action (or, with `parseClusterOptions`, of `up`), parsed and validated. */
export type Inputs<T extends ClusterOptions = RunOptions> = T & {
  stateDir: string;
  keep: boolean;
};

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
