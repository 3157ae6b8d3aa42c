/**
 * Every rule against its fixtures (fixtures/lint/rules/<RULE>/expect.json), through the whole linter:
 * each bad case yields the rule at exactly the expected lines (quoting etcd where the case says what
 * etcd prints) and no other warning or error beyond the ones it names; each good case yields no
 * warning or error, in every etcd release it is for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { lintPaths } from '../lint.js';
import type { Finding } from '../model.js';
import { RULES } from './index.js';

const ROOT = path.resolve('fixtures/lint/rules');
const RELEASES = ['3.4.23', '3.5.21', '3.6.5'];

interface FixtureCase {
  /** A file or a folder (ending in `/`) of the rule's fixtures. */
  path: string;
  /** `file:line` of every finding of the rule; absent for a good case. */
  findings?: string[];
  /** Text etcd prints when it refuses this configuration, which the rule's message quotes. */
  etcdSays?: string;
  /** The etcd releases the case is for (default: 3.4, 3.5 and 3.6). */
  versions?: string[];
  /** Other rules of warning or error the bad case also yields. */
  also?: string[];
  /** Linted with `--boot`: the case's members are judged as `etcd-ha run --config` boots them. */
  boot?: boolean;
  /** Linted with `--upgrade-to`: what stops the configuration on the way to this release is reported too. */
  upgradeTo?: string;
}

interface FixtureExpectation {
  rule: string;
  cases: FixtureCase[];
}

function readExpectation(rule: string): FixtureExpectation {
  return JSON.parse(readFileSync(path.join(ROOT, rule, 'expect.json'), 'utf8')) as FixtureExpectation;
}

const silent = { debug() {}, info() {}, warning() {}, error() {} };

async function lint(rule: string, fixture: FixtureCase, etcdVersion: string): Promise<Finding[]> {
  const cwd = path.join(ROOT, rule);
  const result = await lintPaths([fixture.path.replace(/\/$/, '')], {
    etcdVersion,
    cwd,
    logger: silent as never,
    boot: fixture.boot,
    upgradeTo: fixture.upgradeTo,
  });
  return result.findings;
}

const atLeastWarning = (finding: Finding) => finding.severity !== 'notice';

describe.each(RULES.map((info) => info.id))('%s fixtures', (rule) => {
  const expectation = readExpectation(rule);

  test('expect.json names the rule, a bad and a good case, and every fixture file', () => {
    expect(expectation.rule).toBe(rule);
    expect(expectation.cases.some((fixture) => fixture.findings)).toBe(true);
    expect(expectation.cases.some((fixture) => !fixture.findings)).toBe(true);
    const listed = new Set(expectation.cases.map((fixture) => fixture.path.replace(/\/$/, '').split('/')[0]));
    const present = readdirSync(path.join(ROOT, rule)).filter((entry) => entry !== 'expect.json');
    expect(present.sort()).toEqual([...listed].sort());
    for (const fixture of expectation.cases) expect(existsSync(path.join(ROOT, rule, fixture.path))).toBe(true);
  });

  test('every case etcd refuses has a good twin of its form for each of its releases', () => {
    for (const fixture of expectation.cases.filter((candidate) => candidate.etcdSays)) {
      for (const version of fixture.versions ?? RELEASES) {
        const twin = expectation.cases.find(
          (candidate) =>
            !candidate.findings &&
            path.extname(candidate.path) === path.extname(fixture.path) &&
            (candidate.versions ?? RELEASES).includes(version),
        );
        expect({ fixture: fixture.path, version, twin: twin?.path }).toEqual({
          fixture: fixture.path,
          version,
          twin: expect.any(String),
        });
      }
    }
  });

  const runs = expectation.cases.flatMap((fixture) =>
    (fixture.versions ?? RELEASES).map((version) => [fixture.path, version, fixture] as const),
  );
  test.each(runs)('%s with etcd %s', async (_path, version, fixture) => {
    const findings = await lint(rule, fixture, version);
    if (!fixture.findings) {
      expect(
        findings
          .filter(atLeastWarning)
          .map((finding) => `${finding.rule} ${finding.file}:${finding.line} ${finding.message}`),
      ).toEqual([]);
      return;
    }
    const own = findings.filter((finding) => finding.rule === rule);
    expect(own.map((finding) => `${finding.file}:${finding.line}`).sort()).toEqual([...fixture.findings].sort());
    const allowed = new Set([rule, ...(fixture.also ?? [])]);
    expect(
      findings
        .filter((finding) => atLeastWarning(finding) && !allowed.has(finding.rule))
        .map((finding) => `${finding.rule} ${finding.file}:${finding.line} ${finding.message}`),
    ).toEqual([]);
    for (const other of fixture.also ?? []) expect(findings.some((finding) => finding.rule === other)).toBe(true);
    if (fixture.etcdSays) for (const finding of own) expect(finding.message).toContain(fixture.etcdSays);
  });
});

test('every rule has a fixture folder, and every fixture folder a rule', () => {
  const folders = readdirSync(ROOT).filter((entry) => statSync(path.join(ROOT, entry)).isDirectory());
  expect(folders.sort()).toEqual(RULES.map((info) => info.id).sort());
});
