import * as core from '@actions/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memberCountWarning, parseTiming, parseTopology } from '../options/options.js';
import { inputLabel, optionReader } from '../options/reader.js';
import { parseTarget } from '../options/target-options.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { sealClusterPki } from '../pki/bundle.js';
import { certificateFingerprints } from '../pki/fingerprints.js';
import { escapeMarkdownCell, markdownCode } from '../util/escape.js';
import { certsPhase } from '../run/phases/pki.js';
import { prepareStateDir } from '../run/phases/state-dir.js';
import { systemDeps } from '../run/system-deps.js';
import { artifactServiceAvailable, workflowArtifacts, type BundleStore } from './artifacts.js';
import { parseArtifactName, parseSealKey } from './bundle-inputs.js';
import { actionLogger } from './logger.js';

/**
 * The certs action: generates the PKI, seals it with age, and uploads it as a workflow artifact (or,
 * where there is no artifact service, writes the sealed file to a local path). Never plaintext.
 */
export async function run(
  store: BundleStore | undefined = artifactServiceAvailable(process.env) ? workflowArtifacts() : undefined,
): Promise<void> {
  try {
    const read = optionReader((name) => core.getInput(name), inputLabel);
    const topology = parseTopology(read, parseTarget(read, { access: false }));
    const timing = parseTiming(read);
    const name = parseArtifactName(read);
    const retentionDays = read.integer('retention-days', 1, 1, 90);
    const key = parseSealKey(read);
    const warning = memberCountWarning(topology.members);
    if (warning) core.warning(warning);
    const temp = process.env.RUNNER_TEMP || tmpdir();
    const outDir = await prepareStateDir(
      read.raw('out-dir') ?? (await mkdtemp(path.join(temp, 'etcd-ha-pki-'))),
      "input 'out-dir'",
    );
    const bundlePath = path.resolve(read.raw('path') ?? path.join(temp, `${name}.age`));

    const deps = systemDeps(process.env, actionLogger);
    const state = await certsPhase(outDir, topology, timing, deps);
    const { bytes } = await sealClusterPki(state.spec, key, bundlePath, deps.runner);
    const fingerprints = await certificateFingerprints(state.spec.pki.root);

    // Where the bundle went, with its name or path as code: `code` makes it a <code> element for the summary.
    let whereIs: (code: (text: string) => string) => string;
    if (store) {
      const { id } = await store.upload(bundlePath, name, retentionDays);
      core.setOutput('artifact-id', String(id));
      whereIs = (code) =>
        `uploaded as artifact ${code(name)} (id ${id}, kept ${retentionDays} day${retentionDays === 1 ? '' : 's'})`;
    } else {
      whereIs = (code) =>
        `written to ${code(bundlePath)}: there is no artifact service here (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL), so nothing was uploaded`;
      core.setOutput('artifact-id', '');
    }
    const where = whereIs(markdownCode);
    core.setOutput('artifact-name', name);
    core.setOutput('bundle-path', bundlePath);
    core.setOutput('pki-dir', state.spec.pki.root);
    core.setOutput('fingerprints', JSON.stringify(fingerprints));
    core.info(`sealed PKI (${bytes} bytes, age) ${whereIs((text) => text)}`);
    if (process.env.GITHUB_STEP_SUMMARY) {
      const rows = Object.entries(fingerprints).map(([file, sha]) => `| ${escapeMarkdownCell(file)} | \`${sha}\` |`);
      await core.summary
        .addRaw(
          `## etcd PKI for ${topology.members} members (${topology.keyAlgorithm} keys), sealed with age\n\nThe sealed bundle was ${where}.\n\n| certificate | SHA-256 fingerprint |\n| --- | --- |\n${rows.join('\n')}\n`,
        )
        .write();
    }
  } catch (error) {
    core.setFailed(
      error instanceof ConfigurationError ? error.message : `etcd-ha certs failed: ${errorMessage(error)}`,
    );
  }
}
