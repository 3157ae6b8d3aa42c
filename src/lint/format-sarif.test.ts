import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sarifSchemaErrors } from '../../test/support/lint-helpers.js';
import { VERSION } from '../version.js';
import { artifactLocation, renderSarif, ruleTitle, sarifLog } from './format-sarif.js';
import type { LintResult, RuleInfo } from './model.js';

const rules: RuleInfo[] = [
  {
    id: 'ETCD-008',
    severity: 'error',
    name: 'election-timeout-too-short',
    etcdDoes: 'etcd refuses to start.',
    fix: 'Raise election-timeout.',
  },
  {
    id: 'ETCD-101',
    severity: 'warning',
    name: 'unknown-setting',
    etcdDoes: 'etcd ignores an unknown key of the configuration file.',
    fix: 'Correct the key.',
  },
  {
    id: 'ETCD-301',
    severity: 'error',
    name: 'client-tls-missing',
    etcdDoes: 'etcd serves clients without TLS.',
    fix: 'Set cert-file and key-file.',
    cis: '2.1',
  },
  {
    id: 'ETCD-200',
    severity: 'notice',
    name: 'default-name',
    etcdDoes: 'etcd names the member default.',
    fix: 'Set name.',
  },
];

const result: LintResult = {
  schemaVersion: 1,
  findings: [
    {
      file: 'etc/etcd 1.conf.yml',
      line: 3,
      column: 11,
      severity: 'warning',
      rule: 'ETCD-101',
      message: 'initial-cluster-tokn is no etcd setting',
    },
    {
      file: 'etc/etcd 1.conf.yml',
      line: 12,
      column: 1,
      severity: 'error',
      rule: 'ETCD-008',
      message: 'election-timeout 100 is less than 500',
    },
    {
      file: './etc/etcd.env',
      line: 4,
      column: 1,
      severity: 'notice',
      rule: 'ETCD-200',
      message: 'ETCD_NAME is default',
    },
  ],
  files: [
    { file: 'etc/etcd 1.conf.yml', form: 'etcd-config-file', member: 'etcd-1' },
    { file: './etc/etcd.env', form: 'env-file', member: 'default' },
  ],
  summary: { errors: 1, warnings: 1, notices: 1 },
};

const empty: LintResult = {
  schemaVersion: 1,
  findings: [],
  files: [],
  summary: { errors: 0, warnings: 0, notices: 0 },
};

describe('sarifLog', () => {
  it('is valid SARIF 2.1.0 with findings of every level, and without any', () => {
    for (const log of [
      sarifLog(result, rules, { srcRoot: '/home/runner/work/repo' }),
      sarifLog(empty, rules),
      sarifLog(empty, []),
    ]) {
      expect(sarifSchemaErrors(JSON.parse(JSON.stringify(log)))).toEqual([]);
    }
    // The schema is really applied: a driver without a name, or a level SARIF does not have, is refused.
    expect(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toEqual([
      expect.stringContaining('name'),
    ]);
    const log = JSON.parse(renderSarif(result, rules));
    log.runs[0].results[2].level = 'notice';
    expect(sarifSchemaErrors(log)).toContain('/runs/0/results/2/level must be equal to one of the allowed values');
  });

  it('names the tool and describes every rule once, with its level, help and tags', () => {
    const home = 'https://github.com/example/etcd-ha-action';
    const driver = sarifLog(empty, rules, { informationUri: home }).runs[0].tool.driver;
    expect([driver.name, driver.version, driver.informationUri]).toEqual(['etcd-ha lint', VERSION, home]);
    expect(sarifLog(empty, rules).runs[0].tool.driver).not.toHaveProperty('informationUri');
    // Without a home page (the CLI), each rule's help is its row of docs/lint.md shipped beside the CLI.
    const page = sarifLog(empty, rules).runs[0].tool.driver.rules[0].helpUri ?? '';
    expect(page).toMatch(/^file:\/\/.*\/docs\/lint\.md#etcd-008$/);
    expect(existsSync(fileURLToPath(page.replace(/#.*$/, '')))).toBe(true);
    expect(driver.rules.map((rule) => [rule.id, rule.defaultConfiguration.level])).toEqual([
      ['ETCD-008', 'error'],
      ['ETCD-101', 'warning'],
      ['ETCD-301', 'error'],
      ['ETCD-200', 'note'],
    ]);
    expect(driver.rules[1]).toEqual({
      id: 'ETCD-101',
      name: 'unknown-setting',
      shortDescription: { text: 'Unknown setting' },
      fullDescription: { text: 'etcd ignores an unknown key of the configuration file.' },
      help: {
        text: 'etcd ignores an unknown key of the configuration file.\n\nFix: Correct the key.',
        markdown: 'etcd ignores an unknown key of the configuration file.\n\n**Fix:** Correct the key.',
      },
      helpUri: `${home}/blob/HEAD/docs/lint.md#etcd-101`,
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['etcd', 'configuration'] },
    });
  });

  it('tags the CIS rules as security, with their benchmark item and a security severity', () => {
    const rule = sarifLog(empty, rules, { informationUri: 'https://example.test/etcd-ha' }).runs[0].tool.driver
      .rules[2];
    expect(rule.properties).toEqual({
      tags: ['etcd', 'configuration', 'security', 'CIS-2.1'],
      'security-severity': '8.0',
    });
    expect(rule.help.markdown).toContain('CIS Kubernetes Benchmark 2.1.');
    expect(rule.helpUri).toBe('https://example.test/etcd-ha/blob/HEAD/docs/lint.md#etcd-301');
  });

  it('puts each finding at its rule, level, message, file (relative to %SRCROOT%), line and column', () => {
    const run = sarifLog(result, rules, { srcRoot: '/home/runner/work/repo' }).runs[0];
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/runner/work/repo/' } });
    expect(run.results).toEqual([
      {
        ruleId: 'ETCD-101',
        ruleIndex: 1,
        level: 'warning',
        message: { text: 'initial-cluster-tokn is no etcd setting' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'etc/etcd%201.conf.yml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 11 },
            },
          },
        ],
      },
      {
        ruleId: 'ETCD-008',
        ruleIndex: 0,
        level: 'error',
        message: { text: 'election-timeout 100 is less than 500' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'etc/etcd%201.conf.yml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 12, startColumn: 1 },
            },
          },
        ],
      },
      {
        ruleId: 'ETCD-200',
        ruleIndex: 3,
        level: 'note',
        message: { text: 'ETCD_NAME is default' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'etc/etcd.env', uriBaseId: '%SRCROOT%' },
              region: { startLine: 4, startColumn: 1 },
            },
          },
        ],
      },
    ]);
  });

  it('leaves out ruleIndex for a rule it has no descriptor of', () => {
    const [finding] = sarifLog({ ...result, findings: [{ ...result.findings[0], rule: 'ETCD-999' }] }, rules).runs[0]
      .results;
    expect(finding.ruleId).toBe('ETCD-999');
    expect(finding).not.toHaveProperty('ruleIndex');
  });
});

describe('ruleTitle', () => {
  it('makes a rule name a title, with acronyms in capitals', () => {
    expect(ruleTitle('unknown-setting')).toBe('Unknown setting');
    expect(ruleTitle('listen-url-not-ip')).toBe('Listen URL not IP');
    expect(ruleTitle('tls-without-ca')).toBe('TLS without CA');
  });
});

describe('artifactLocation', () => {
  it('makes names inside the repository relative, and others file URIs', () => {
    expect(artifactLocation('/repo/etc/a.yml', '/repo')).toEqual({ uri: 'etc/a.yml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/elsewhere/a#1.yml', '/repo')).toEqual({ uri: 'file:///elsewhere/a%231.yml' });
    expect(artifactLocation('etc/a#1.yml')).toEqual({ uri: 'etc/a%231.yml', uriBaseId: '%SRCROOT%' });
  });
});

describe('renderSarif', () => {
  it('is the log as JSON', () => {
    expect(JSON.parse(renderSarif(result, rules))).toEqual(sarifLog(result, rules));
  });
});
