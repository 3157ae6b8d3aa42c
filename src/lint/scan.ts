import { promises as fs } from 'node:fs';
import { errorMessage } from '../errors.js';
import type { Logger } from '../util/logger.js';
import { parseEtcdVersion } from './etcd-flags.js';
import type { Finding, ScannedFile } from './model.js';
import { collectFiles, type CandidateFile } from './readers/file-tree.js';
import { suffixResolver } from './readers/include-resolver.js';
import { FileInput, READERS, recogniseForm, whyNotRead } from './readers/read-file.js';
import { unitStarts } from './readers/systemd-unit.js';
import { READER_RULE_IDS } from './readers/reader-rules.js';
import { sourceText, type SourceText } from './readers/source.js';

/** Files larger than this are no configuration a person writes: skipped. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Names of files that may be configuration: a binary or oversized one of these found in a folder is
 * reported; others (images, bundles) found in a folder are skipped without a word.
 */
const CONFIGURATION_NAME = /(^|\/)[^/.]*$|\.(ya?ml|json|conf|cfg|env|service|ini|txt|toml)$|etcd[^/]*$/i;

function skipped(file: CandidateFile, message: string): Finding {
  return { file: file.file, line: 1, column: 1, severity: 'notice', rule: READER_RULE_IDS.skipped, message };
}

/** Reads a file's text, or says why it is skipped. */
async function readText(file: CandidateFile): Promise<{ source?: SourceText; skip?: string }> {
  try {
    const stat = await fs.stat(file.absolute);
    if (stat.size > MAX_FILE_BYTES)
      return { skip: `Skipped: ${stat.size} bytes, over the 1 MiB a configuration file can have.` };
    const bytes = await fs.readFile(file.absolute);
    if (bytes.includes(0)) return { skip: 'Skipped: a binary file (it holds a NUL byte).' };
    return { source: sourceText(file.file, bytes.toString('utf8')) };
  } catch (error) {
    return { skip: `Skipped: the file cannot be read (${errorMessage(error)}).` };
  }
}

/** What a file was recognised as, for --verbose (and why not, when it mentions etcd). */
function recognition(scanned: ScannedFile | undefined, includer: string | undefined, input: FileInput): string {
  if (includer) return `read as part of ${includer}${scanned ? ` (${scanned.form})` : ''}`;
  if (!scanned) return `not an etcd configuration${whyNotRead(input) ? `: ${whyNotRead(input)}` : ''}`;
  const members = scanned.members.map((member) => member.name).join(', ');
  const launchers = scanned.members.flatMap((member) => (member.launcher ? [member.launcher] : []));
  const via = launchers.length > 0 ? ` (started through ${[...new Set(launchers)].join(', ')})` : '';
  if (scanned.members.length === 0 && !scanned.external && scanned.form === 'systemd-unit')
    return `systemd-unit, no member: ${unitStarts(input.unit) ?? 'no ExecStart='}`;
  return `${scanned.form}, ${members !== '' ? `member ${members}` : scanned.external ? 'external etcd' : 'no member'}${via}`;
}

/**
 * Reads every etcd configuration under the lint paths (files, folders, globs) into the model, each
 * file recognised by its content. A unit's EnvironmentFile= and `--config-file` found among the
 * scanned files become part of the unit's member, and are then no file of their own in the result.
 * A path that does not exist or cannot be read is a ConfigurationError.
 */
export async function scanPaths(
  paths: string[],
  options: { cwd: string; logger: Logger; etcdVersion?: string },
): Promise<{ files: ScannedFile[]; findings: Finding[] }> {
  const { logger } = options;
  const collected = await collectFiles(paths, options.cwd);
  const findings = [...collected.findings];
  const sources: SourceText[] = [];
  for (const file of collected.files) {
    const { source, skip } = await readText(file);
    if (source) sources.push(source);
    else if (file.explicit || CONFIGURATION_NAME.test(file.file)) findings.push(skipped(file, skip ?? 'Skipped.'));
    else logger.debug(`${file.file}: ${skip ?? 'skipped'}`);
  }

  const resolver = suffixResolver(sources);
  const etcdMinor = options.etcdVersion === undefined ? undefined : parseEtcdVersion(options.etcdVersion).minor;
  const read = sources.map((source) => {
    const input = new FileInput(source);
    const form = recogniseForm(input);
    return { source, input, scanned: form ? READERS[form].read(input, { resolver, etcdMinor }) : undefined };
  });
  const includedBy = new Map<string, string>();
  for (const { scanned } of read) {
    for (const member of scanned?.members ?? [])
      for (const include of member.includes) if (!includedBy.has(include)) includedBy.set(include, member.file);
  }
  for (const { source, scanned, input } of read)
    logger.debug(`${source.file}: ${recognition(scanned, includedBy.get(source.file), input)}`);
  const files = read.flatMap(({ scanned }) => (scanned && !includedBy.has(scanned.file) ? [scanned] : []));
  return { files, findings };
}
