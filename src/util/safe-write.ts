import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { makeDirs } from './fs.js';

/**
 * Writing files at paths a user (or a pull request's files) may have prepared. A checked-out tree can
 * hold a symbolic link where the tool writes (`etcd-lint.sarif -> ~/.bashrc`), or a linked folder on
 * the way there: the tool never writes through either. The workspace is the folder whose contents are
 * not trusted; folders above it (the runner's own, /tmp on some systems) may be links.
 */

/** A write refused because it would go through a symbolic link. */
export class SymlinkRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly link: string,
  ) {
    super(
      link === file
        ? `${file} is a symbolic link; nothing is written through one`
        : `${file} is under ${link}, a symbolic link; nothing is written through one`,
    );
    this.name = 'SymlinkRefusedError';
  }
}

export interface SafeWriteOptions {
  /** File mode of a new file (default 0644); an existing file written over gets it too. */
  mode?: number;
  /** The folder whose contents are untrusted (default: GITHUB_WORKSPACE, else the current folder). */
  workspace?: string;
}

const workspaceOf = (options: SafeWriteOptions) =>
  path.resolve(options.workspace ?? (process.env.GITHUB_WORKSPACE || process.cwd()));

const isLink = (file: string) =>
  lstat(file).then(
    (info) => info.isSymbolicLink(),
    () => false,
  );

/**
 * Refuses when `target` or a folder between the workspace and it is a symbolic link. Outside the
 * workspace only the file itself is checked.
 */
export async function assertNoSymlink(target: string, options: SafeWriteOptions = {}): Promise<void> {
  const file = path.resolve(target);
  if (await isLink(file)) throw new SymlinkRefusedError(file, file);
  const workspace = workspaceOf(options);
  const relative = path.relative(workspace, path.dirname(file));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return;
  let current = workspace;
  for (const part of relative === '' ? [] : relative.split(path.sep)) {
    current = path.join(current, part);
    if (await isLink(current)) throw new SymlinkRefusedError(file, current);
  }
}

/**
 * Writes `data` to `target` without following a symbolic link: a new file in the same folder (opened
 * O_EXCL | O_NOFOLLOW under a random name) renamed over the target, so a reader sees the old file or
 * the whole new one, and a link planted at the target or at a guessable temporary name is never
 * followed. Creates missing folders (0755).
 */
export async function writeFileNoFollow(
  target: string,
  data: string | Uint8Array,
  options: SafeWriteOptions = {},
): Promise<void> {
  const file = path.resolve(target);
  await assertNoSymlink(file, options);
  await makeDirs(path.dirname(file), 0o755);
  await assertNoSymlink(file, options);
  const mode = options.mode ?? 0o644;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode,
  );
  try {
    await handle.writeFile(data);
    // The mode given to open is masked by the umask; a key file must be exactly what was asked.
    await handle.chmod(mode);
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Appends `data` to `target` (as GitHub's step summary is appended to), refusing a symbolic link at
 * the target (O_NOFOLLOW) or on the way there. Creates the file and its folders when missing.
 */
export async function appendFileNoFollow(target: string, data: string, options: SafeWriteOptions = {}): Promise<void> {
  const file = path.resolve(target);
  await assertNoSymlink(file, options);
  await makeDirs(path.dirname(file), 0o755);
  let handle;
  try {
    handle = await open(
      file,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
      options.mode ?? 0o644,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new SymlinkRefusedError(file, file);
    throw error;
  }
  try {
    await handle.appendFile(data);
  } finally {
    await handle.close();
  }
}
