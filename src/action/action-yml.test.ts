import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseBaselineName, parseRegressionGate } from '../options/comparison-options.js';
import { parseLintOptions } from '../options/lint-options.js';
import { CHECKS, DEFAULT_CHECKS } from '../checks/registry.js';
import {
  parseConfigPath,
  parseChecks,
  parseEtcdBinary,
  parseProvidedPki,
  parseRounds,
  parseTiming,
  parseTopology,
} from '../options/options.js';
import { flagLabel, inputLabel, optionReader } from '../options/reader.js';
import { DEFAULT_DOWNLOAD_URL } from '../etcd/releases.js';
import { parseTarget } from '../options/target-options.js';
import { VERSION } from '../version.js';

const action = parse(readFileSync('action.yml', 'utf8'));
const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));

describe('action.yml', () => {
  it('declares defaults that mean what the parser does without them', () => {
    const defaults: Record<string, string> = Object.fromEntries(
      Object.entries(action.inputs as Record<string, { default?: string }>).map(([name, input]) => [
        name,
        input.default ?? '',
      ]),
    );
    const withDefaults = optionReader((name) => defaults[name], flagLabel);
    const without = optionReader(() => undefined, flagLabel);
    expect(parseTopology(withDefaults)).toEqual(parseTopology(without));
    expect(parseTiming(withDefaults)).toEqual(parseTiming(without));
    expect(parseEtcdBinary(withDefaults)).toEqual(parseEtcdBinary(without));
    expect(parseChecks(withDefaults, 3)).toEqual([...DEFAULT_CHECKS]);
    expect(parseProvidedPki(withDefaults)).toEqual(parseProvidedPki(without));
    expect(parseTarget(withDefaults)).toEqual({ kind: 'local' });
    expect(parseRounds(withDefaults)).toBe(1);
    expect(parseBaselineName(withDefaults)).toBeUndefined();
    expect(parseRegressionGate(withDefaults, flagLabel, 'baseline')).toEqual(
      parseRegressionGate(without, flagLabel, 'baseline'),
    );
    expect(defaults['etcd-download-url']).toBe(DEFAULT_DOWNLOAD_URL);
    // The options a configuration decides default to empty, so the config input alone is not refused.
    expect(parseConfigPath(withDefaults)).toBeUndefined();
    expect(parseConfigPath(optionReader((name) => (name === 'config' ? 'etcd/' : defaults[name]), inputLabel))).toBe(
      'etcd/',
    );
  });

  it.each(['action.yml', 'check/action.yml'])("%s's checks input names every registered check and all", (file) => {
    const description = String(parse(readFileSync(file, 'utf8')).inputs.checks.description);
    for (const check of CHECKS) expect([check.name, description.includes(check.name)]).toEqual([check.name, true]);
    expect(description).toMatch(/\ball\b/);
  });

  it('runs the bundles on node24 with a post step, and lists the documented outputs', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/main/index.js', post: 'dist/post/index.js' });
    expect(Object.keys(action.outputs)).toEqual(['endpoints', 'leader', 'failover-ms', 'report-json', 'passed']);
  });

  it('is documented input by input in docs/inputs.md', () => {
    const page = readFileSync('docs/inputs.md', 'utf8');
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
      expect(page).toContain(`\`${name}\``);
  });

  it('up/action.yml takes every input of the all-in-one action but checks, rounds, the upgrade release, baseline, max-regression-pct and diagnostics, unchanged', () => {
    const up = parse(readFileSync('up/action.yml', 'utf8'));
    const {
      checks: _checks,
      rounds: _rounds,
      'upgrade-etcd-version': _upgradeVersion,
      'upgrade-etcd-path': _upgradePath,
      'upgrade-image': _upgradeImage,
      baseline: _baseline,
      'max-regression-pct': _gate,
      diagnostics: _diagnostics,
      'diagnostics-passphrase': _passphrase,
      'diagnostics-recipients': _recipients,
      ...rest
    } = action.inputs as Record<string, unknown>;
    expect(up.inputs).toEqual(rest);
  });

  it('check/action.yml has the outputs of the all-in-one action, and its rounds and baseline inputs', () => {
    const check = parse(readFileSync('check/action.yml', 'utf8'));
    expect(check.outputs).toEqual(action.outputs);
    for (const name of ['checks', 'rounds', 'baseline', 'max-regression-pct'])
      expect([name, check.inputs[name]]).toEqual([name, action.inputs[name]]);
  });

  it.each(['certs', 'restore', 'up', 'check', 'lint'])(
    '%s/action.yml runs its own bundle and is documented in docs/inputs.md',
    (name) => {
      const sub = parse(readFileSync(`${name}/action.yml`, 'utf8'));
      expect(sub.runs).toEqual({
        using: 'node24',
        main: `../dist/${name}/index.js`,
        ...(name === 'up' ? { post: '../dist/post/index.js' } : {}),
      });
      const page = readFileSync('docs/inputs.md', 'utf8');
      const at = page.indexOf(`\n## \`${name}\` inputs and outputs\n`);
      expect(at).toBeGreaterThan(0);
      const next = page.indexOf('\n## ', at + 1);
      const section = page.slice(at, next < 0 ? undefined : next);
      for (const input of [...Object.keys(sub.inputs), ...Object.keys(sub.outputs)])
        expect([input, section.includes(`\`${input}\``)]).toEqual([input, true]);
    },
  );

  it('lint/action.yml declares defaults that mean what the parser does without them, and its outputs', () => {
    const lint = parse(readFileSync('lint/action.yml', 'utf8'));
    const defaults: Record<string, string> = Object.fromEntries(
      Object.entries(lint.inputs as Record<string, { default?: string }>).map(([name, input]) => [
        name,
        input.default ?? '',
      ]),
    );
    expect(Object.keys(defaults)).toEqual(['path', 'etcd-version', 'upgrade-to', 'boot', 'fail-on', 'sarif-file']);
    expect(parseLintOptions(optionReader((name) => defaults[name], inputLabel))).toEqual(
      parseLintOptions(optionReader(() => undefined, inputLabel)),
    );
    expect(defaults['sarif-file']).toBe('');
    expect(Object.keys(lint.outputs)).toEqual(['errors', 'warnings', 'findings-json', 'sarif-file']);
  });

  it('states the same version as package.json', () => {
    expect(VERSION).toBe(packageJson.version);
  });
});
