import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p` one level at a time. Node's `mkdir(..., { recursive: true })` never settles for some
 * paths (one under /proc, for instance), and a user-given folder must fail with an error, not hang.
 */
export async function makeDirs(dir: string, mode: number): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  // Bounded by the path's depth.
  for (let depth = 0; depth < 4096; depth++) {
    const exists = await stat(current).then(
      (info) => {
        if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
        return true;
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    if (exists) break;
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    await mkdir(folder, { mode }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
