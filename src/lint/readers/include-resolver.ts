import path from 'node:path';
import type { SourceText } from './source.js';
import type { IncludeResolver } from './systemd-unit.js';

/**
 * Finds the file a unit names (`EnvironmentFile=/opt/etcd/cfg/etcd.conf`, `--config-file ...`) among
 * the scanned files: the path the unit's folder gives for a relative path, else the file whose path
 * ends with the longest part of the named one (`cfg/etcd.conf`, then `etcd.conf`). Of files that end
 * alike, the one nearest to the unit wins, then the first by name.
 */
export function suffixResolver(sources: SourceText[]): IncludeResolver {
  const byFile = new Map(sources.map((source) => [source.file, source]));
  const folderOf = (file: string): string[] => file.split('/').slice(0, -1);
  const sharedFolders = (a: string, b: string): number => {
    const left = folderOf(a);
    const right = folderOf(b);
    let count = 0;
    while (count < left.length && count < right.length && left[count] === right[count]) count++;
    return count;
  };
  return {
    resolve(named: string, from: SourceText): SourceText | undefined {
      if (!named.startsWith('/')) {
        const beside = path.posix.normalize(path.posix.join(path.posix.dirname(from.file), named));
        const found = byFile.get(beside);
        if (found && found !== from) return found;
      }
      const parts = named.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
      for (let length = parts.length; length > 0; length--) {
        const suffix = parts.slice(-length).join('/');
        const matches = sources.filter(
          (source) => source !== from && (source.file === suffix || source.file.endsWith(`/${suffix}`)),
        );
        if (matches.length === 0) continue;
        matches.sort(
          (a, b) =>
            sharedFolders(b.file, from.file) - sharedFolders(a.file, from.file) ||
            (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
        );
        return matches[0];
      }
      return undefined;
    },
  };
}
