import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, errorMessage } from '../../errors.js';
import type { Finding } from '../model.js';
import { globPatternToRegExp, isGlob, splitGlob } from './glob.js';
import { READER_RULE_IDS } from './reader-rules.js';

/**
 * The files lint paths name: files as given, folders walked (without `.git` and `node_modules`),
 * globs matched below the folder they start from. A symbolic link whose target leaves the folder
 * being walked is not followed.
 */

/** Folders never walked into. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules']);

/** A file to read. */
export interface CandidateFile {
  absolute: string;
  /** As the user names it: relative to their current directory, with `/`. */
  file: string;
  /** Named by the user (a file path or a glob) rather than found in a folder. */
  explicit: boolean;
}

interface Collector {
  cwd: string;
  files: CandidateFile[];
  seen: Set<string>;
  findings: Finding[];
}

/** How the user names a file: relative to their directory, unless they named an absolute path outside it. */
function displayName(cwd: string, absolute: string, givenAbsolute: boolean): string {
  const relative = path.relative(cwd, absolute).split(path.sep).join('/');
  if (givenAbsolute && (relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)))
    return absolute.split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

function isInside(child: string, root: string): boolean {
  const relative = path.relative(root, child);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

async function addFile(collector: Collector, absolute: string, file: string, explicit: boolean): Promise<void> {
  const real = await fs.realpath(absolute).catch(() => absolute);
  if (collector.seen.has(real)) return;
  collector.seen.add(real);
  collector.files.push({ absolute, file, explicit });
}

/**
 * Walks a folder; `visit` gets each file with its path relative to `base`. A link out of the tree
 * is reported when it could be one of the files asked for (`wanted`, for a glob).
 */
async function walk(
  collector: Collector,
  folder: string,
  root: string,
  givenAbsolute: boolean,
  visited: Set<string>,
  visit: (absolute: string, relative: string) => Promise<void>,
  wanted: (relative: string) => boolean = () => true,
  base = folder,
): Promise<void> {
  const real = await fs.realpath(folder);
  if (visited.has(real)) return;
  visited.add(real);
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    const file = displayName(collector.cwd, folder, givenAbsolute);
    collector.findings.push({
      file,
      line: 1,
      column: 1,
      severity: 'notice',
      rule: READER_RULE_IDS.skipped,
      message: `Folder not read (${errorMessage(error)}): the files in it are not linted.`,
    });
    return [];
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    const absolute = path.join(folder, entry.name);
    const relative = path.relative(base, absolute).split(path.sep).join('/');
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await fs.realpath(absolute).catch(() => undefined);
      if (target === undefined) continue;
      if (!isInside(target, root)) {
        if (!wanted(relative)) continue;
        const file = displayName(collector.cwd, absolute, givenAbsolute);
        collector.findings.push({
          file,
          line: 1,
          column: 1,
          severity: 'notice',
          rule: READER_RULE_IDS.skipped,
          message: `Symbolic link to ${target}, outside the scanned folder: not followed.`,
        });
        continue;
      }
      const stat = await fs.stat(target);
      isDirectory = stat.isDirectory();
      isFile = stat.isFile();
    }
    if (isDirectory) await walk(collector, absolute, root, givenAbsolute, visited, visit, wanted, base);
    else if (isFile) await visit(absolute, relative);
  }
}

/** Every file the lint paths name, each once, in the order named (folders in name order). */
export async function collectFiles(
  paths: string[],
  cwd: string,
): Promise<{ files: CandidateFile[]; findings: Finding[] }> {
  const collector: Collector = { cwd, files: [], seen: new Set(), findings: [] };
  for (const given of paths) {
    const givenAbsolute = path.isAbsolute(given);
    if (isGlob(given)) {
      const { base, pattern } = splitGlob(given);
      const folder = path.resolve(cwd, base);
      const stat = await fs.stat(folder).catch(() => undefined);
      if (!stat?.isDirectory()) throw new ConfigurationError(`lint path ${given}: the folder ${base} does not exist`);
      const matcher = globPatternToRegExp(pattern);
      let matched = false;
      const visit = async (absolute: string, relative: string): Promise<void> => {
        if (!matcher.test(relative)) return;
        matched = true;
        await addFile(collector, absolute, displayName(cwd, absolute, givenAbsolute), true);
      };
      const wanted = (relative: string): boolean => {
        // A link out of the tree that the glob names counts as matched: it is reported, not missing.
        if (matcher.test(relative)) matched = true;
        return matcher.test(relative);
      };
      await walk(collector, folder, await fs.realpath(folder), givenAbsolute, new Set(), visit, wanted);
      if (!matched) throw new ConfigurationError(`lint path ${given} matches no file`);
      continue;
    }
    const absolute = path.resolve(cwd, given);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) throw new ConfigurationError(`lint path ${given} does not exist`);
    try {
      await fs.access(absolute, fsConstants.R_OK);
      if (stat.isDirectory()) await fs.readdir(absolute);
    } catch (error) {
      throw new ConfigurationError(`lint path ${given} cannot be read: ${errorMessage(error)}`);
    }
    if (stat.isDirectory()) {
      await walk(collector, absolute, await fs.realpath(absolute), givenAbsolute, new Set(), async (file) =>
        addFile(collector, file, displayName(cwd, file, givenAbsolute), false),
      );
    } else {
      await addFile(collector, absolute, displayName(cwd, absolute, givenAbsolute), true);
    }
  }
  return { files: collector.files, findings: collector.findings };
}
