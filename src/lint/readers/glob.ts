/**
 * The small glob language of lint paths: `*` (any characters but `/`), `?` (one character but `/`)
 * and `**` (any number of folders, as a whole path element). Everything else is literal.
 */

/** Whether a path is a glob rather than a file or folder name. */
export function isGlob(path: string): boolean {
  return /[*?]/.test(path);
}

/** A glob split into the folder it starts from (no wildcard in it) and the pattern below that folder. */
export function splitGlob(glob: string): { base: string; pattern: string } {
  const parts = glob.split('/');
  const first = parts.findIndex((part) => isGlob(part));
  const baseParts = parts.slice(0, first);
  const base = baseParts.length === 0 ? '.' : baseParts.join('/') === '' ? '/' : baseParts.join('/');
  return { base, pattern: parts.slice(first).join('/') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression that matches the `/`-separated paths (relative to the glob's base) the pattern names. */
export function globPatternToRegExp(pattern: string): RegExp {
  const parts = pattern.split('/').filter((part) => part !== '');
  let source = '';
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (part === '**') {
      source += last ? '.*' : '(?:[^/]*/)*';
      return;
    }
    source += part
      .split('')
      .map((char) => (char === '*' ? '[^/]*' : char === '?' ? '[^/]' : escapeRegExp(char)))
      .join('');
    if (!last) source += '/';
  });
  return new RegExp(`^${source}$`);
}
