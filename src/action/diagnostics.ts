import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIAGNOSTICS_WHEN } from '../options/diagnostics-options.js';
import { inputLabel, type OptionReader } from '../options/reader.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { parseRecipients } from '../pki/seal.js';
import type { Report } from '../report/model.js';
import { markdownCode } from '../util/escape.js';
import {
  diagnosticsFileName,
  diagnosticsLine,
  diagnosticsMarkdown,
  wantsDiagnostics,
  writeDiagnosticsBundle,
  type DiagnosticsOptions,
} from '../run/diagnostics.js';
import type { PipelineDeps } from '../run/phases/deps.js';
import { diagnosticsOf } from '../run/phases/report.js';
import type { ClusterState } from '../run/state.js';
import type { BundleStore } from './artifacts.js';

/** The inputs `diagnostics`, `diagnostics-passphrase` and `diagnostics-recipients`, read before anything starts. */
export function parseDiagnosticsInputs(read: OptionReader): { diagnostics: DiagnosticsOptions } {
  const when = read.oneOf('diagnostics', 'on-failure', DIAGNOSTICS_WHEN);
  const passphrase = core.getInput('diagnostics-passphrase');
  const recipients = read.list('diagnostics-recipients');
  if (passphrase !== '') core.setSecret(passphrase);
  if (passphrase !== '' && recipients.length > 0) {
    throw new ConfigurationError(
      `${inputLabel('diagnostics-passphrase')} and ${inputLabel('diagnostics-recipients')} are both set; ` +
        'allowed: one of them (age seals with a passphrase or for recipients, not both)',
    );
  }
  if (passphrase !== '')
    return { diagnostics: { when, seal: { key: { passphrase }, label: inputLabel('diagnostics-passphrase') } } };
  if (recipients.length > 0) {
    const label = inputLabel('diagnostics-recipients');
    return { diagnostics: { when, seal: { key: { recipients: parseRecipients(recipients, label) }, label } } };
  }
  return { diagnostics: { when } };
}

/**
 * Writes the diagnostics bundle when `diagnostics` asks for one, into RUNNER_TEMP, and uploads it as
 * the artifact `etcd-ha-diagnostics-<run id>` where the runner has an artifact service; the job summary
 * says where it is and how to open it. A bundle that cannot be sealed fails the step (nothing is
 * written); an upload that fails is a warning, the bundle stays on the runner.
 */
export async function publishDiagnostics(
  report: Report,
  state: ClusterState | undefined,
  options: DiagnosticsOptions,
  deps: PipelineDeps,
  store: BundleStore | undefined,
): Promise<void> {
  if (!wantsDiagnostics(options.when, report)) return;
  const name = diagnosticsFileName(report.cluster.runId, options.seal !== undefined);
  const file = path.join(process.env.RUNNER_TEMP || tmpdir(), name);
  const bundle = await writeDiagnosticsBundle(await diagnosticsOf(report, state, deps), file, options);
  const artifact = `etcd-ha-diagnostics-${report.cluster.runId}`;
  let where = `${markdownCode(bundle.file)} on the runner`;
  let logWhere = `${bundle.file} on the runner`;
  if (store) {
    try {
      const { id } = await store.upload(bundle.file, artifact);
      where = `the artifact \`${artifact}\` (id ${id}; download it, unzip it, and open \`${name}\`)`;
      logWhere = `uploaded as artifact ${artifact} (id ${id})`;
    } catch (error) {
      core.warning(
        `etcd-ha: the diagnostics bundle could not be uploaded (${errorMessage(error)}); it stays at ${bundle.file}`,
      );
    }
  } else {
    where +=
      ': there is no artifact service here (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL), so nothing was uploaded';
  }
  core.info(diagnosticsLine(bundle, logWhere, name));
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(diagnosticsMarkdown(bundle, where)).write();
}
