import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The README is one page that links the reference in docs/; these hold it to that, and every link in
// them to a file and a heading that exist.
const README = 'README.md';
const PAGES = readdirSync('docs')
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const FILES = [README, ...PAGES];
const read = (file: string) => readFileSync(file, 'utf8');

/** The text outside fenced code blocks, with inline code spans blanked: where links and headings are. */
function prose(markdown: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const opens = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence === undefined && opens !== undefined) fence = opens;
    else if (fence !== undefined && line.trim().startsWith(fence)) fence = undefined;
    else if (fence === undefined) kept.push(line.replace(/`+[^`]*`+/g, (code) => (code.includes('](') ? '' : code)));
  }
  return kept.join('\n');
}

/** A heading's anchor as GitHub makes it: lowercase, punctuation but `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file has: its headings' (a repeated one gets `-1`, `-2`, ...) and its `<a id>`s. */
function anchors(file: string): Set<string> {
  const text = prose(read(file));
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(id);
  return found;
}

/** Every link and image target in a file's prose: `[text](target)`, `![alt](target)`. */
function links(file: string): string[] {
  return [...prose(read(file)).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(([, target]) => target);
}

describe('the README and docs/', () => {
  it('keep the README a page of at most 320 lines', () => {
    expect(read(README).split('\n').length).toBeLessThanOrEqual(320);
  });

  it('link every page of docs/ from the README', () => {
    const targets = new Set(links(README).map((target) => target.replace(/#.*$/, '')));
    expect(PAGES.length).toBeGreaterThan(0);
    for (const page of PAGES) expect([page, targets.has(page)]).toEqual([page, true]);
  });

  it('start every page of docs/ with a contents list of its sections', () => {
    for (const page of PAGES) {
      const text = prose(read(page));
      const sections = [...text.matchAll(/^## (.+)$/gm)].map(([, heading]) => `#${slug(heading)}`);
      const contents = text.slice(0, text.indexOf('\n## '));
      const listed = [...contents.matchAll(/^- \[[^\]]*\]\((#[^)]+)\)$/gm)].map(([, target]) => target);
      expect([page, listed]).toEqual([page, sections]);
    }
  });

  it.each(FILES)('%s: every relative link reaches a file, and every #anchor a heading in it', (file) => {
    const problems: string[] = [];
    for (const target of links(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = pathPart === '' ? file : path.normalize(path.join(path.dirname(file), pathPart));
      if (!existsSync(resolved)) problems.push(`${target}: no file ${resolved}`);
      else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(anchor))
        problems.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(problems).toEqual([]);
  });

  it('make anchors as GitHub does', () => {
    expect(slug('Targets: local processes, containers, ssh hosts')).toBe(
      'targets-local-processes-containers-ssh-hosts',
    );
    expect(slug('`up` and `check`: the cluster')).toBe('up-and-check-the-cluster');
    expect(slug('Runs this machine started: `ps` and `down --all`')).toBe(
      'runs-this-machine-started-ps-and-down---all',
    );
    expect(slug("What the linter finds in the guides' configurations")).toBe(
      'what-the-linter-finds-in-the-guides-configurations',
    );
    expect(slug('snake_case [a link](x.md)')).toBe('snake_case-a-link');
  });
});
