import * as core from '@actions/core';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inputLabel, optionReader, parseRunOptions, type RunOptions } from '../config/options.js';

/** Every input of the all-in-one action, parsed and validated. */
export interface Inputs extends RunOptions {
  stateDir: string;
  keep: boolean;
}

/** The only place that reads the action's inputs. */
export async function getInputs(): Promise<Inputs> {
  const read = optionReader((name) => core.getInput(name), inputLabel);
  const options = parseRunOptions(read);
  const temp = process.env.RUNNER_TEMP || tmpdir();
  await mkdir(temp, { recursive: true });
  return {
    ...options,
    stateDir: read.raw('state-dir') ?? (await mkdtemp(path.join(temp, 'etcd-ha-'))),
    keep: read.bool('keep', false),
  };
}
