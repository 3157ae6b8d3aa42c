import * as core from '@actions/core';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  inputLabel,
  memberCountWarning,
  optionReader,
  parseChecks,
  parseEtcdBinary,
  parseProvidedPki,
  parseTiming,
  parseTopology,
  type CheckName,
  type EtcdBinaryOptions,
  type ProvidedPkiOptions,
  type TimingOptions,
  type TopologyOptions,
} from '../config/options.js';

/** Every input of the all-in-one action, parsed and validated. */
export interface Inputs {
  topology: TopologyOptions;
  timing: TimingOptions;
  binary: EtcdBinaryOptions;
  checks: CheckName[];
  provided: ProvidedPkiOptions;
  stateDir: string;
  keep: boolean;
  warnings: string[];
}

/** The only place that reads the action's inputs. */
export async function getInputs(): Promise<Inputs> {
  const read = optionReader((name) => core.getInput(name), inputLabel);
  const topology = parseTopology(read);
  const warning = memberCountWarning(topology.members);
  const temp = process.env.RUNNER_TEMP || tmpdir();
  await mkdir(temp, { recursive: true });
  return {
    topology,
    timing: parseTiming(read),
    binary: parseEtcdBinary(read),
    checks: parseChecks(read, topology.members),
    provided: parseProvidedPki(read),
    stateDir: read.raw('state-dir') ?? (await mkdtemp(path.join(temp, 'etcd-ha-'))),
    keep: read.bool('keep', false),
    warnings: warning ? [warning] : [],
  };
}
