import * as core from '@actions/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inputLabel, optionReader } from '../options/reader.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { openClusterPki } from '../pki/bundle.js';
import { systemDeps } from '../run/system-deps.js';
import { etcdctlEnvironment, saveState } from '../run/state.js';
import { artifactServiceAvailable, workflowArtifacts, type BundleStore } from './artifacts.js';
import { parseArtifactName, parseOpenKey } from './bundle-inputs.js';
import { actionLogger } from './logger.js';

/** Reads `owner/name`, or the current repository. */
function parseRepository(value: string | undefined): { owner: string; repo: string } {
  const repository = value ?? process.env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0)
    throw new ConfigurationError(`input 'repository' is '${repository}'; allowed: owner/name`);
  return { owner, repo };
}

/**
 * The restore action: downloads the sealed bundle (this run's artifact, another run's with a token, or
 * a local file), opens it with a passphrase or an age identity, writes the PKI (keys 0600, folders
 * 0700) and exports ETCDCTL_* so etcdctl works in the next steps.
 */
export async function run(
  store: BundleStore | undefined = artifactServiceAvailable(process.env) ? workflowArtifacts() : undefined,
): Promise<void> {
  const temp = process.env.RUNNER_TEMP || tmpdir();
  let download: string | undefined;
  try {
    const read = optionReader((name) => core.getInput(name), inputLabel);
    const key = parseOpenKey();
    const name = parseArtifactName(read);
    const localPath = read.raw('path');
    const runIdText = read.raw('run-id');
    const runId = runIdText === undefined ? undefined : read.integer('run-id', 0, 1, Number.MAX_SAFE_INTEGER);
    const token = core.getInput('github-token');
    if (token) core.setSecret(token);
    if (runId !== undefined && !token)
      throw new ConfigurationError(
        "input 'run-id' needs input 'github-token' (a token that may read that run's artifacts)",
      );
    const outDir = path.resolve(read.raw('out-dir') ?? path.join(temp, 'etcd-ha-restored'));

    let sealedFile: string;
    if (localPath) sealedFile = path.resolve(localPath);
    else if (store) {
      download = await mkdtemp(path.join(temp, 'etcd-ha-download-'));
      const from = runId !== undefined ? { runId, token, ...parseRepository(read.raw('repository')) } : undefined;
      sealedFile = await store.download(name, download, from);
    } else {
      throw new ConfigurationError(
        "there is no artifact service here (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL); set input 'path' to the sealed bundle",
      );
    }

    const deps = systemDeps(process.env, actionLogger);
    const spec = await openClusterPki(sealedFile, key, outDir, deps.runner, "input 'out-dir'");
    await saveState({ schemaVersion: 1, spec });
    for (const [variable, value] of Object.entries(etcdctlEnvironment(spec))) core.exportVariable(variable, value);
    core.setOutput('pki-dir', spec.pki.root);
    core.setOutput('state-dir', spec.stateDir);
    core.setOutput('endpoints', spec.members.map((member) => member.clientUrl).join(','));
    core.info(`restored the PKI for ${spec.members.length} members into ${spec.pki.root}`);
  } catch (error) {
    core.setFailed(
      error instanceof ConfigurationError ? error.message : `etcd-ha restore failed: ${errorMessage(error)}`,
    );
  } finally {
    if (download) await rm(download, { recursive: true, force: true });
  }
}
