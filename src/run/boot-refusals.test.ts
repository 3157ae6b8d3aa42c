/**
 * Lint and boot give one verdict. Every refusal of `etcd-ha run --config` (the ETCD-6xx rules and the
 * URL rule ETCD-410, each with a bad and a good example under fixtures/lint/rules/<ID>/) is refused by
 * the boot's own code paths (readUserConfig, which `run --config` calls first, and assertBootable,
 * which maps the members) at the file and line where `lint --boot` reports it; and every error of
 * every other rule's bad example stops the boot too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assertBootable } from '../cluster/user-config.js';
import { flagLabel } from '../options/reader.js';
import { ConfigurationError } from '../errors.js';
import { lintAndScan } from '../lint/lint.js';
import type { Finding } from '../lint/model.js';
import { BOOT_RULES } from '../lint/rules/boot.js';
import { RULES } from '../lint/rules/index.js';
import { memoryLogger } from '../util/logger.js';
import { ConfigLintError, readUserConfig } from './boot-config.js';

const ROOT = path.resolve('fixtures/lint/rules');

interface FixtureCase {
  path: string;
  findings?: string[];
  versions?: string[];
  boot?: boolean;
  upgradeTo?: string;
}

function cases(rule: string): FixtureCase[] {
  return (JSON.parse(readFileSync(path.join(ROOT, rule, 'expect.json'), 'utf8')) as { cases: FixtureCase[] }).cases;
}

const BOOT_REFUSALS = [...BOOT_RULES.map((rule) => rule.id), 'ETCD-410'];

async function boot(rule: string, fixture: FixtureCase, etcdVersion = fixture.versions?.[0] ?? '3.5.21') {
  const cwd = path.join(ROOT, rule);
  return readUserConfig(path.join(cwd, fixture.path.replace(/\/$/, '')), {
    label: flagLabel,
    etcdVersion,
    cwd,
    logger: memoryLogger(),
  });
}

async function refusal(rule: string, fixture: FixtureCase): Promise<ConfigLintError> {
  try {
    await boot(rule, fixture);
  } catch (error) {
    if (error instanceof ConfigLintError) return error;
    throw error;
  }
  throw new Error(`${rule} ${fixture.path}: the boot did not refuse`);
}

const at = (finding: Finding) => `${finding.file}:${finding.line}`;

test('the boot refusals are every boot rule and the hidden-URL rule, each with its fixtures', () => {
  expect(BOOT_REFUSALS.sort()).toEqual(
    RULES.filter((rule) => /^ETCD-6\d\d$/.test(rule.id) || rule.id === 'ETCD-410')
      .map((rule) => rule.id)
      .sort(),
  );
  for (const rule of BOOT_REFUSALS) expect(cases(rule).some((fixture) => fixture.findings)).toBe(true);
});

describe.each(BOOT_REFUSALS)('%s', (rule) => {
  const bad = cases(rule).filter((fixture) => fixture.findings);
  const good = cases(rule).filter((fixture) => !fixture.findings && (fixture.boot || rule === 'ETCD-410'));

  test.each(bad.map((fixture) => [fixture.path, fixture] as const))(
    'run --config %s refuses, with the finding lint --boot reports',
    async (_path, fixture) => {
      const error = await refusal(rule, fixture);
      const own = error.findings.filter((finding) => finding.rule === rule && finding.severity === 'error');
      expect(own.map(at).sort()).toEqual([...(fixture.findings ?? [])].sort());

      const cwd = path.join(ROOT, rule);
      const { result } = await lintAndScan([fixture.path.replace(/\/$/, '')], {
        etcdVersion: fixture.versions?.[0] ?? '3.5.21',
        cwd,
        logger: memoryLogger(),
        boot: true,
      });
      expect(
        result.findings
          .filter((finding) => finding.rule === rule)
          .map(at)
          .sort(),
      ).toEqual(own.map(at).sort());
    },
  );

  test.each(bad.map((fixture) => [fixture.path, fixture] as const))(
    'assertBootable, which maps the members, refuses %s at the first of them',
    async (_path, fixture) => {
      const cwd = path.join(ROOT, rule);
      const { result, files } = await lintAndScan([fixture.path.replace(/\/$/, '')], {
        etcdVersion: '3.5.21',
        cwd,
        logger: memoryLogger(),
        boot: true,
      });
      const members = files.flatMap((file) => file.members);
      expect(result.findings.some((finding) => finding.rule === rule)).toBe(true);
      let thrown: unknown;
      try {
        assertBootable(members);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      const message = (thrown as Error).message;
      // The mapping refuses the first refusal in its own order; it is one of lint's, at its file and line.
      expect(
        result.findings.some(
          (finding) =>
            message.startsWith(`${finding.file}:${finding.line}:${finding.column}: `) &&
            message.includes(finding.message) &&
            message.includes(`(${finding.rule})`),
        ),
      ).toBe(true);
    },
  );

  test.each(good.map((fixture) => [fixture.path, fixture] as const))(
    'the good example %s boots',
    async (_path, fixture) => {
      const members = await boot(rule, fixture);
      expect(members.length).toBeGreaterThan(0);
      expect(() => assertBootable(members)).not.toThrow();
    },
  );
});

// The converse: what lint calls an error (any rule, without --boot), the boot refuses; the upgrade
// rules judge a release the boot does not run, so they are not among them.
const ERROR_RULES = RULES.filter((rule) => rule.severity === 'error' && !BOOT_REFUSALS.includes(rule.id)).map(
  (rule) => rule.id,
);
const errorCases = ERROR_RULES.flatMap((rule) =>
  cases(rule)
    .filter((fixture) => fixture.findings && !fixture.upgradeTo)
    .map((fixture) => [rule, fixture.path, fixture] as const),
);

test.each(errorCases)('%s %s: an error of lint stops the boot', async (rule, _path, fixture) => {
  const error = await refusal(rule, fixture);
  expect(error.findings.some((finding) => finding.rule === rule && finding.severity === 'error')).toBe(true);
});

test('the fixtures of every boot refusal are folders', () => {
  for (const rule of BOOT_RULES.map((info) => info.id))
    expect(readdirSync(path.join(ROOT, rule)).sort()).toEqual(['bad', 'expect.json', 'good']);
});
