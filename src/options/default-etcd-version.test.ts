import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ETCD_MINORS, parseEtcdVersion } from '../lint/etcd-flags.js';
import { DEFAULT_ETCD_VERSION } from '../etcd/releases.js';

const read = (file: string) => readFileSync(file, 'utf8');
const inputs = (file: string) => parse(read(file)).inputs as Record<string, { description: string; default?: string }>;
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the default etcd release', () => {
  it('is a patch release of the newest minor line the product knows', () => {
    expect(DEFAULT_ETCD_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const version = parseEtcdVersion(DEFAULT_ETCD_VERSION);
    expect(version.minor).toBe(ETCD_MINORS[ETCD_MINORS.length - 1]);
    expect(DEFAULT_ETCD_VERSION.startsWith(`${version.minor}.`)).toBe(true);
  });

  it('is the one the action.yml files name', () => {
    for (const file of ['action.yml', 'up/action.yml']) {
      const { image, 'etcd-version': etcdVersion } = inputs(file);
      // Written from the table of options (npm run docs), which names DEFAULT_ETCD_VERSION.
      expect([file, flat(image.description)]).toEqual([
        file,
        expect.stringContaining(
          `gcr.io/etcd-development/etcd:vVERSION, VERSION from etcd-version, else ${DEFAULT_ETCD_VERSION}.`,
        ),
      ]);
      expect([file, flat(etcdVersion.description)]).toEqual([
        file,
        expect.stringContaining(`Empty means etcd on PATH, else ${DEFAULT_ETCD_VERSION}.`),
      ]);
    }
    expect(inputs('lint/action.yml')['etcd-version'].default).toBe(DEFAULT_ETCD_VERSION);
    // No other release is named in them, but the oldest one accepted.
    for (const file of [
      'action.yml',
      'up/action.yml',
      'lint/action.yml',
      'certs/action.yml',
      'check/action.yml',
      'restore/action.yml',
    ]) {
      const named = new Set(read(file).match(/\b3\.\d+\.\d+\b/g) ?? []);
      named.delete(DEFAULT_ETCD_VERSION);
      named.delete('3.4.0');
      expect([file, [...named]]).toEqual([file, []]);
    }
  });

  it('is the one the README and docs/ name wherever they state the default', () => {
    // Pages are joined with a separator no match crosses.
    const pages = [
      'README.md',
      ...readdirSync('docs')
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name}`),
    ]
      .map((file) => flat(read(file)))
      .join(' | ');
    for (const statement of [
      `| \`etcd-version\` | \`${DEFAULT_ETCD_VERSION}\` | The etcd release the configuration is for`,
      `\`--etcd-version\` (default ${DEFAULT_ETCD_VERSION})`,
      `the default release, **${DEFAULT_ETCD_VERSION}**, is downloaded`,
      `it is \`gcr.io/etcd-development/etcd:v${DEFAULT_ETCD_VERSION}\` when none is given`,
    ]) {
      expect([statement, pages.includes(statement)]).toEqual([statement, true]);
    }
    // A release named right beside the word "default" is this one.
    const near = [
      ...pages.matchAll(/\b(3\.\d+\.\d+)\b[^|.]{0,20}?\bdefault\b|\bdefault\b[^|.]{0,20}?\b(3\.\d+\.\d+)\b/g),
    ];
    expect(near.length).toBeGreaterThanOrEqual(3);
    for (const [text, before, after] of near) expect([text, before ?? after]).toEqual([text, DEFAULT_ETCD_VERSION]);
  });

  it('is among the releases the CI matrix runs the action on, with one release of every other minor line', () => {
    const ci = parse(read('.github/workflows/ci.yml'));
    const { etcd } = ci.jobs['etcd-releases'].strategy.matrix as { etcd: string[] };
    expect(etcd).toContain('default');
    const minors = etcd.filter((release) => release !== 'default').map((release) => parseEtcdVersion(release).minor);
    expect([...minors, parseEtcdVersion(DEFAULT_ETCD_VERSION).minor].sort()).toEqual([...ETCD_MINORS]);
  });
});
