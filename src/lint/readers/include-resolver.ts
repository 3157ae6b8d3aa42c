import path from 'node:path';
import type { SourceText } from './source.js';

/**
 * How a unit's `EnvironmentFile=` or `--config-file` path is bound to a scanned file. The path the
 * unit names is on the machine, the scanned files are in a repository: the file binds when it is in
 * the unit's own folder (or below it, nearest first), or when it is the only scanned file whose path
 * ends like the named one (`cfg/etcd.conf`, then `etcd.conf`). Several files that end alike, none in
 * the unit's folder, are ambiguous: the unit is linted without them and the finding names them. A file that ends alike but
 * is not of the form the unit reads (a YAML file for an `EnvironmentFile=`) never binds.
 */

/** What a path written in a unit binds to. */
export interface Resolution {
  found?: SourceText;
  /** Files of the right form that end like the path, when more than one could be meant (none beside the unit). */
  ambiguous?: string[];
  /** Files in the unit's own folder that end like the path but are not of the form the unit reads, so they were left alone. */
  otherForm?: string[];
}

/** Finds the scanned file a path written in a unit names. */
export interface IncludeResolver {
  resolve(named: string, from: SourceText, accepts?: (source: SourceText) => boolean): Resolution;
}

/**
 * The unit a file configures: its own name, or for a drop-in (`etcd-member.service.d/20-x.conf`) the
 * name of the folder without `.d`.
 */
export function unitNameOf(file: string): string | undefined {
  const parts = file.split('/');
  const folder = parts.length > 1 ? parts[parts.length - 2] : '';
  const dropIn = /^(.+\.(service|socket|target|timer))\.d$/.exec(folder);
  if (dropIn) return dropIn[1];
  const name = parts[parts.length - 1];
  return /\.(service|socket|target|timer)$/.test(name) ? name : undefined;
}

/**
 * A path with systemd's specifiers (`%p`, `%n`, `%i`, `%H`, `%m`, …) expanded: those the unit's name
 * gives (`%n`, `%N`, `%p`, `%P`, `%i`, `%I`, `%j`, `%J`, `%%`) as text, the machine's (`%H`, `%m`,
 * `%b`, `%l`, …) as `*`, which matches any one path segment part.
 */
export function expandSpecifiers(written: string, unit: string | undefined): string {
  const full = unit ?? '';
  const withoutType = full.replace(/\.[^.]+$/, '');
  const at = withoutType.indexOf('@');
  const prefix = at >= 0 ? withoutType.slice(0, at) : withoutType;
  const instance = at >= 0 ? withoutType.slice(at + 1) : '';
  const lastDash = prefix.lastIndexOf('-');
  const known: Record<string, string> = {
    '%': '%',
    n: full,
    N: withoutType,
    p: prefix,
    P: prefix,
    i: instance,
    I: instance,
    j: lastDash >= 0 ? prefix.slice(lastDash + 1) : prefix,
    J: lastDash >= 0 ? prefix.slice(lastDash + 1) : prefix,
    f: `/${instance}`,
  };
  return written.replace(/%(.)/g, (_whole, letter: string) => {
    if (letter === '%') return '%';
    if (unit !== undefined && known[letter] !== undefined) return known[letter];
    return '*';
  });
}

/** A path segment pattern with `*` (from an unknown specifier) as a regular expression. */
function segmentPattern(segment: string): RegExp {
  const escaped = segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`);
}

/** Whether `file` ends with the segments of `suffix` (each may hold `*`). */
function endsWithSegments(file: string, suffix: string[]): boolean {
  const parts = file.split('/');
  if (parts.length < suffix.length) return false;
  const tail = parts.slice(parts.length - suffix.length);
  return suffix.every((segment, index) => segmentPattern(segment).test(tail[index]));
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a file is in `folder` or below it (the unit's own tree: a host's folder mirrors its disk). */
const isUnder = (file: string, folder: string) => folder === '.' || file.startsWith(`${folder}/`);

/** The resolver over the scanned files. */
export function suffixResolver(sources: SourceText[]): IncludeResolver {
  const byFile = new Map(sources.map((source) => [source.file, source]));
  return {
    resolve(written, from, accepts = () => true): Resolution {
      const named = expandSpecifiers(written, unitNameOf(from.file));
      const folder = path.posix.dirname(from.file);
      if (!named.startsWith('/') && !named.includes('*')) {
        const beside = path.posix.normalize(path.posix.join(folder, named));
        const found = byFile.get(beside);
        if (found && found !== from && accepts(found)) return { found };
      }
      const parts = named.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
      const otherForm = new Set<string>();
      for (let length = parts.length; length > 0; length--) {
        const suffix = parts.slice(-length);
        const matches = sources.filter((source) => source !== from && endsWithSegments(source.file, suffix));
        if (matches.length === 0) continue;
        const usable = matches.filter((source) => {
          if (accepts(source)) return true;
          // Named only when in the unit's own tree: what another folder holds must not change this unit's finding.
          if (isUnder(source.file, folder)) otherForm.add(source.file);
          return false;
        });
        if (usable.length === 0) continue;
        const ownTree = usable.filter((source) => isUnder(source.file, folder));
        if (ownTree.length === 1) return { found: ownTree[0] };
        const depth = (file: string) => file.split('/').length;
        const nearest = Math.min(...ownTree.map((source) => depth(source.file)));
        const closest = ownTree.filter((source) => depth(source.file) === nearest);
        if (closest.length === 1) return { found: closest[0] };
        if (usable.length === 1) return { found: usable[0] };
        return { ambiguous: usable.map((source) => source.file).sort(byName) };
      }
      return otherForm.size > 0 ? { otherForm: [...otherForm].sort(byName) } : {};
    },
  };
}
