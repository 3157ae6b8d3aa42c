/**
 * The linter on real configurations of public projects (fixtures/lint/corpus/<name>/, each with its
 * SOURCE.md): every warning and error it gives is one an etcd expert wrote down beforehand in
 * expect.json (`RULE severity file:line`, `*` for any line or file), no more and no fewer, and the
 * notices expected are there. Linting the whole corpus at once gives exactly the findings of its
 * folders linted one by one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lintPaths } from './lint.js';
import type { Finding, LintResult } from './model.js';

const ROOT = path.resolve('fixtures/lint/corpus');
const silent = { debug() {}, info() {}, warning() {}, error() {} };

interface CorpusExpectation {
  etcdVersion: string;
  /** Why an etcd expert expects what follows, written before the linter ran on the files. */
  expert: string;
  /** Every warning and error: `RULE severity file:line` (file relative to the entry, `*` matches anything). */
  findings: string[];
  /** Notices that must be among the findings: `RULE file:line`. */
  notices: string[];
}

const entries = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const expectationOf = (name: string): CorpusExpectation =>
  JSON.parse(readFileSync(path.join(ROOT, name, 'expect.json'), 'utf8')) as CorpusExpectation;

async function lint(paths: string[], etcdVersion: string, cwd: string): Promise<LintResult> {
  return lintPaths(paths, { etcdVersion, cwd, logger: silent as never });
}

/** Whether `pattern` (`*` for any run of characters) matches all of `text`. */
function matches(pattern: string, text: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(text);
}

/** Pairs each expected pattern with one finding; what is left on either side is a difference. */
function unmatched(expected: string[], actual: string[]): { missing: string[]; unexpected: string[] } {
  const left = [...actual];
  const missing: string[] = [];
  for (const pattern of [...expected].sort((a, b) => Number(a.includes('*')) - Number(b.includes('*')))) {
    const index = left.findIndex((text) => matches(pattern, text));
    if (index < 0) missing.push(pattern);
    else left.splice(index, 1);
  }
  return { missing, unexpected: left };
}

test('the corpus holds at least 15 real configurations, each with its source and expectations', () => {
  expect(entries.length).toBeGreaterThanOrEqual(15);
  for (const name of entries) {
    const files = readdirSync(path.join(ROOT, name));
    expect({ name, source: files.includes('SOURCE.md'), expect: files.includes('expect.json') }).toEqual({
      name,
      source: true,
      expect: true,
    });
    expect(readFileSync(path.join(ROOT, name, 'SOURCE.md'), 'utf8')).toMatch(
      /`[\w.-]+\/[\w.-]+` `[^`]+` at `[0-9a-f]{40}`/,
    );
  }
});

describe.each(entries)('corpus %s', (name) => {
  test('gives exactly the warnings and errors an etcd expert expects, and the expected notices', async () => {
    const expectation = expectationOf(name);
    const { findings } = await lint(['.'], expectation.etcdVersion, path.join(ROOT, name));
    const shown = (finding: Finding) => `${finding.rule} ${finding.severity} ${finding.file}:${finding.line}`;
    const serious = findings.filter((finding) => finding.severity !== 'notice').map(shown);
    expect({ name, ...unmatched(expectation.findings, serious) }).toEqual({ name, missing: [], unexpected: [] });
    const notices = findings
      .filter((finding) => finding.severity === 'notice')
      .map((finding) => `${finding.rule} ${finding.file}:${finding.line}`);
    expect({ name, missing: unmatched(expectation.notices, notices).missing }).toEqual({ name, missing: [] });
  });
});

test.each(['3.5.21', '3.6.16'])(
  'linting the whole corpus at once (etcd %s) gives exactly the findings of its folders alone',
  async (etcdVersion) => {
    const key = (finding: Finding) =>
      `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule} ${finding.message}`;
    const whole = (await lint(['.'], etcdVersion, ROOT)).findings.map(key).sort();
    const alone: string[] = [];
    for (const name of entries) alone.push(...(await lint([name], etcdVersion, ROOT)).findings.map(key));
    expect(whole).toEqual(alone.sort());
  },
);
