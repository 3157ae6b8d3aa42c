import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { givenClusterSpec, type ClusterSpec } from '../cluster/spec.js';
import type { GivenCluster } from '../cluster/topology.js';
import type { OptionLabel } from '../options/reader.js';
import type { EtcdBinaries } from '../etcd/install.js';
import { ConfigurationError } from '../errors.js';
import { shellQuote } from '../util/shell.js';
import { DEFAULT_TARGET_KIND, recordedKind, type TargetKind, type TargetStates } from '../targets/kind.js';
import type { RunTarget } from '../report/model.js';
import { ETCDCTL_ENV_FILE, STATE_FILE, stateFilePath } from '../cluster/state-files.js';

/**
 * What one step leaves for the next (certs -> up -> check -> down, or the action's main -> post).
 * It holds paths and PIDs, never key material. What the target that runs the members remembers is
 * under its kind (see TargetStates): `up` sets exactly one.
 */
export interface ClusterState extends TargetStates {
  schemaVersion: 1;
  spec: ClusterSpec;
  /** The PKI is the user's: it is validated with their expiry margin, and never removed. */
  pkiProvided?: { minValidityDays: number };
  binaries?: EtcdBinaries;
  /** A running cluster given by its endpoints: no target of this product's runs it. */
  given?: true;
}

/** The target whose state `up` recorded, or undefined before `up` (and for a cluster given by its endpoints). */
export function recordedTargetKind(state: ClusterState): TargetKind | undefined {
  return state.given ? undefined : recordedKind(state);
}

/** The kind of target that runs this state's members (the default one before `up`, and for a cluster given by its endpoints). */
export function targetKindOf(state: ClusterState): TargetKind {
  return recordedTargetKind(state) ?? DEFAULT_TARGET_KIND;
}

/** Where this state's members run: the target whose state `up` recorded (the default target before that). */
export function targetKind(state: ClusterState): RunTarget {
  return state.given ? 'external' : (recordedTargetKind(state) ?? DEFAULT_TARGET_KIND);
}

/** The state of a running cluster given by its endpoints, once its PKI folder proves to hold a client certificate. */
export async function givenClusterState(given: GivenCluster, label: string): Promise<ClusterState> {
  const spec = givenClusterSpec(given);
  for (const file of [spec.pki.caCert, spec.pki.apiserverClientCert, spec.pki.apiserverClientKey]) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ConfigurationError(
        `${label} is '${given.pkiDir}'; allowed: a PKI folder holding etcd/ca.crt, apiserver-etcd-client.crt and apiserver-etcd-client.key (${file} cannot be read)`,
      );
    }
  }
  return { schemaVersion: 1, spec, given: true };
}

const pendingSaves = new Map<string, Promise<void>>();

/**
 * Writes the state atomically (0600), so a reader never sees half a file. Saves of one file happen
 * in call order, each with the state as it was when called, so the newest state is the one that stays.
 */
export function saveState(state: ClusterState): Promise<void> {
  const file = stateFilePath(state.spec.stateDir);
  const text = JSON.stringify(state, null, 2);
  const write = async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, file);
  };
  const next = (pendingSaves.get(file) ?? Promise.resolve()).then(write, write);
  pendingSaves.set(file, next);
  void next
    .finally(() => {
      if (pendingSaves.get(file) === next) pendingSaves.delete(file);
    })
    .catch(() => undefined);
  return next;
}

/** Reads the state a previous step left in `stateDir`; `label` names the option that gave the folder. */
export async function loadState(stateDir: string, label: string): Promise<ClusterState> {
  let text: string;
  try {
    text = await readFile(stateFilePath(stateDir), 'utf8');
  } catch {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; allowed: a folder that holds a cluster, as 'etcd-ha up --state', 'etcd-ha run --keep', ` +
        `'etcd-ha certs --out' or 'etcd-ha restore --out' leave it (it has no ${STATE_FILE}: none of them laid a cluster ` +
        `out there, or 'etcd-ha down' has removed it already)`,
    );
  }
  const state = JSON.parse(text) as ClusterState;
  if (state.schemaVersion !== 1) {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; its ${STATE_FILE} has schema ${String(state.schemaVersion)}, this version reads 1`,
    );
  }
  return state;
}

export async function removeStateFile(stateDir: string): Promise<void> {
  await rm(stateFilePath(stateDir), { force: true });
}

/** The variables etcdctl reads, as the guides export them: endpoints and the paths of the CA and client certificate. */
export function etcdctlEnvironment(spec: ClusterSpec): Record<string, string> {
  return {
    ETCDCTL_API: '3',
    ETCDCTL_ENDPOINTS: spec.members.map((member) => member.clientUrl).join(','),
    ETCDCTL_CACERT: spec.pki.caCert,
    ETCDCTL_CERT: spec.pki.apiserverClientCert,
    ETCDCTL_KEY: spec.pki.apiserverClientKey,
  };
}

/** Writes `etcdctl.env` (`export NAME='value'` lines) so `. DIR/etcdctl.env` makes a plain etcdctl work. */
export async function writeEtcdctlEnv(spec: ClusterSpec): Promise<string> {
  const file = path.join(spec.stateDir, ETCDCTL_ENV_FILE);
  const lines = Object.entries(etcdctlEnvironment(spec)).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/**
 * The cluster `check` works on: the state an `up` left in a folder (`state.dir`, named `state.label`),
 * or a running cluster given by its endpoints; exactly one of the two.
 */
export async function checkedClusterState(
  state: { dir?: string; label: string },
  given: GivenCluster | undefined,
  label: OptionLabel,
): Promise<ClusterState> {
  if ((state.dir === undefined) === (given === undefined)) {
    throw new ConfigurationError(
      `${state.label} is '${state.dir ?? ''}' and ${label('endpoints')} is '${given?.members.map((m) => m.clientUrl).join(',') ?? ''}'; ` +
        `allowed: exactly one of them (the state folder of an up, or the endpoints of a running cluster with ${label('pki-dir')})`,
    );
  }
  return given ? givenClusterState(given, label('pki-dir')) : loadState(state.dir as string, state.label);
}
