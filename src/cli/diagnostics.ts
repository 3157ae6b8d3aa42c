import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIAGNOSTICS_WHEN } from '../options/diagnostics-options.js';
import type { OptionReader } from '../options/reader.js';
import { ConfigurationError } from '../errors.js';
import { parseRecipients, passphraseFromEnv } from '../pki/seal.js';
import type { Report } from '../report/model.js';
import { markdownCode } from '../util/escape.js';
import { appendFileNoFollow } from '../util/safe-write.js';
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

/** The diagnostics flags of `run` and `check`, read and checked before anything starts. */
export interface DiagnosticsFlags extends DiagnosticsOptions {
  /** --diagnostics-file; else the bundle goes beside --json, or into the system's temporary folder. */
  file?: string;
}

/** Reads --diagnostics, --diagnostics-file and the sealing flags (at most one of a passphrase or recipients). */
export function parseDiagnosticsFlags(
  read: OptionReader,
  recipients: string[],
  env: NodeJS.ProcessEnv,
): DiagnosticsFlags {
  const when = read.oneOf('diagnostics', 'on-failure', DIAGNOSTICS_WHEN);
  const passphraseEnv = read.raw('diagnostics-passphrase-env');
  if (passphraseEnv !== undefined && recipients.length > 0) {
    throw new ConfigurationError(
      `--diagnostics-passphrase-env is '${passphraseEnv}' and --diagnostics-recipient is '${recipients.join(',')}'; ` +
        'allowed: one of them (age seals with a passphrase or for recipients, not both)',
    );
  }
  const flags: DiagnosticsFlags = { when, file: read.raw('diagnostics-file') };
  if (passphraseEnv !== undefined) {
    flags.seal = {
      key: { passphrase: passphraseFromEnv(passphraseEnv, env, '--diagnostics-passphrase-env') },
      label: '--diagnostics-passphrase-env',
    };
  } else if (recipients.length > 0) {
    flags.seal = {
      key: { recipients: parseRecipients(recipients, '--diagnostics-recipient') },
      label: '--diagnostics-recipient',
    };
  }
  return flags;
}

/**
 * Writes the diagnostics bundle of this report when --diagnostics asks for one (by default, when the
 * run failed): to --diagnostics-file, else beside --json, else into the system's temporary folder.
 * Says where on stderr and, with --summary, in the Markdown summary.
 */
export async function emitDiagnostics(
  report: Report,
  state: ClusterState | undefined,
  flags: DiagnosticsFlags,
  read: OptionReader,
  deps: PipelineDeps,
): Promise<void> {
  if (!wantsDiagnostics(flags.when, report)) return;
  const json = read.raw('json');
  const file =
    flags.file ??
    path.join(
      json ? path.dirname(path.resolve(json)) : tmpdir(),
      diagnosticsFileName(report.cluster.runId, flags.seal !== undefined),
    );
  const bundle = await writeDiagnosticsBundle(await diagnosticsOf(report, state, deps), file, flags);
  deps.logger.info(diagnosticsLine(bundle, bundle.file));
  const summary = read.raw('summary');
  if (summary) await appendFileNoFollow(summary, diagnosticsMarkdown(bundle, markdownCode(bundle.file), bundle.file));
}
