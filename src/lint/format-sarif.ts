import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VERSION } from '../version.js';
import type { Finding, LintResult, RuleInfo, Severity } from './model.js';

/**
 * The lint result as SARIF 2.1.0, as GitHub code scanning takes it (`github/codeql-action/upload-sarif`):
 * one run, every rule described once, each finding at its file, line and column.
 */

export type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', notice: 'note' };

/** GitHub ranks a security alert by this score: high, medium, low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', notice: '2.0' };

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity'?: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number };
    };
  }>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: {
      driver: { name: string; version: string; semanticVersion: string; informationUri?: string; rules: SarifRule[] };
    };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: SarifResult[];
  }>;
}

export interface SarifOptions {
  /**
   * The tool's home page (the action names its own repository); each rule's help links to its row
   * of the rule table in docs/lint.md there, or in docs/lint.md beside the CLI when no home page is known.
   */
  informationUri?: string;
  /** The folder relative file names are relative to (the repository root); recorded as `%SRCROOT%`. */
  srcRoot?: string;
}

/** Words of rule names that are written in capitals. */
const ACRONYMS: Readonly<Record<string, string>> = {
  tls: 'TLS',
  url: 'URL',
  urls: 'URLs',
  ip: 'IP',
  ca: 'CA',
  cn: 'CN',
  san: 'SAN',
  dns: 'DNS',
  yaml: 'YAML',
  wal: 'WAL',
  http: 'HTTP',
  https: 'HTTPS',
  id: 'ID',
};

/** `unknown-setting` -> `Unknown setting`, `listen-url-not-ip` -> `Listen URL not IP`. */
export function ruleTitle(name: string): string {
  const words = name.split('-').map((word) => ACRONYMS[word] ?? word);
  return words.join(' ').charAt(0).toUpperCase() + words.join(' ').slice(1);
}

/** The anchor of a rule's row in the rule table of docs/lint.md (`ETCD-101` -> `etcd-101`). */
export function ruleAnchor(id: string): string {
  return id.toLowerCase();
}

/** The page of the lint rules, from the repository root (home page or checkout). */
const RULES_PAGE = 'docs/lint.md';

/**
 * The rules' page that ships beside the built CLI (dist/<entry>/ and src/lint/ are both two folders
 * down): a rule's help when no home page is known, so a SARIF viewer still opens its row.
 */
const RULES_PAGE_URL = new URL(`../../${RULES_PAGE}`, import.meta.url).href;

/** The rules' page under a GitHub home page: its default branch's copy. */
function rulesPageUri(informationUri?: string): string {
  return informationUri ? `${informationUri}/blob/HEAD/${RULES_PAGE}` : RULES_PAGE_URL;
}

/** One reportingDescriptor per rule: what etcd does, how to fix it, its level, and its tags. */
export function sarifRule(rule: RuleInfo, informationUri?: string): SarifRule {
  const security = rule.cis !== undefined;
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: ruleTitle(rule.name) },
    fullDescription: { text: rule.etcdDoes },
    help: {
      text: `${rule.etcdDoes}\n\nFix: ${rule.fix}`,
      markdown: `${rule.etcdDoes}\n\n**Fix:** ${rule.fix}${security ? `\n\nCIS Kubernetes Benchmark ${rule.cis}.` : ''}`,
    },
    helpUri: `${rulesPageUri(informationUri)}#${ruleAnchor(rule.id)}`,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['etcd', 'configuration', ...(security ? ['security', `CIS-${rule.cis}`] : [])],
      ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
}

/**
 * A file name as a SARIF artifact location: relative names (and absolute ones inside `srcRoot`)
 * become a relative URI under `%SRCROOT%`; any other absolute name a file URI.
 */
export function artifactLocation(file: string, srcRoot?: string): { uri: string; uriBaseId?: string } {
  let relative = file;
  if (path.isAbsolute(file)) {
    const inside = srcRoot === undefined ? undefined : path.relative(srcRoot, file);
    if (inside === undefined || inside === '' || inside.startsWith('..') || path.isAbsolute(inside))
      return { uri: pathToFileURL(file).href };
    relative = inside;
  }
  const segments = relative.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  return { uri: segments.map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** A folder as a file URI ending in `/`, as SARIF wants a base URI. */
function folderUri(folder: string): string {
  const uri = pathToFileURL(path.resolve(folder)).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>, srcRoot?: string): SarifResult {
  const index = ruleIndex.get(finding.rule);
  return {
    ruleId: finding.rule,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, srcRoot),
          region: { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) },
        },
      },
    ],
  };
}

/** The SARIF log of a lint result, with `rules` (every rule there is) as the tool's rule descriptors. */
export function sarifLog(result: LintResult, rules: readonly RuleInfo[], options: SarifOptions = {}): SarifLog {
  const { informationUri } = options;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'etcd-ha lint',
            version: VERSION,
            semanticVersion: VERSION,
            ...(informationUri ? { informationUri } : {}),
            rules: rules.map((rule) => sarifRule(rule, informationUri)),
          },
        },
        ...(options.srcRoot === undefined
          ? {}
          : { originalUriBaseIds: { '%SRCROOT%': { uri: folderUri(options.srcRoot) } } }),
        results: result.findings.map((finding) => sarifResult(finding, ruleIndex, options.srcRoot)),
      },
    ],
  };
}

/** The SARIF log as the file upload-sarif reads. */
export function renderSarif(result: LintResult, rules: readonly RuleInfo[], options: SarifOptions = {}): string {
  return `${JSON.stringify(sarifLog(result, rules, options), null, 2)}\n`;
}
