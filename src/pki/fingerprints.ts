import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** SHA-256 fingerprints of every certificate under `root` (public; safe to print), by relative path. */
export async function certificateFingerprints(root: string): Promise<Record<string, string>> {
  const fingerprints: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith('.crt'))
        fingerprints[path.relative(root, full)] = new X509Certificate(await readFile(full)).fingerprint256;
    }
  };
  await walk(root);
  return fingerprints;
}
