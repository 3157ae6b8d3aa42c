import { escapeMarkdownCell, escapeTerminal } from '../util/escape.js';
import type { Finding, LintResult, Severity } from './model.js';

/**
 * The lint result for people and for programs: the terminal (ESLint's "stylish" layout), the job
 * summary (Markdown) and the public lint JSON, all from the same LintResult.
 */

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `2 problems (1 error, 1 warning, 0 notices)`: the counts every format states alike. */
export function problemCount(summary: LintResult['summary']): string {
  const total = summary.errors + summary.warnings + summary.notices;
  return `${plural(total, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.notices, 'notice')})`;
}

/** Findings by file, in the order the result lists them. */
function byFile(findings: Finding[]): Map<string, Finding[]> {
  const files = new Map<string, Finding[]>();
  for (const finding of findings) files.set(finding.file, [...(files.get(finding.file) ?? []), finding]);
  return files;
}

/** Width of the terminal when none is known (a pipe, a file): a screen's usual width. */
export const DEFAULT_TEXT_WIDTH = 100;
/** Narrower than this, the message column would be a few letters: wrap at this width anyway. */
const MIN_MESSAGE_WIDTH = 30;

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/**
 * The terminal: each file with findings as a header, then `  line:col  severity  rule  message` with
 * the short columns aligned on the left, where the eye finds them, and the message wrapped to the
 * terminal's width under itself (never padded to the longest message); the total last, where the
 * eye lands.
 */
export function renderLintText(result: LintResult, options: { width?: number } = {}): string {
  const total = result.summary.errors + result.summary.warnings + result.summary.notices;
  if (total === 0) return `✔ 0 problems in ${plural(result.files.length, 'configuration')}\n`;
  const width = options.width && options.width > 0 ? options.width : DEFAULT_TEXT_WIDTH;
  const blocks: string[] = [];
  for (const [file, findings] of byFile(result.findings)) {
    const rows = findings.map((finding) => [
      `${finding.line}:${finding.column}`,
      finding.severity,
      finding.rule,
      escapeTerminal(finding.message),
    ]);
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((cells) => cells[column].length)));
    const indent = 2 + widths[0] + 2 + widths[1] + 2 + widths[2] + 2;
    const messageWidth = Math.max(MIN_MESSAGE_WIDTH, width - indent);
    const lines = rows.flatMap((cells) => {
      const [first, ...rest] = wrap(cells[3], messageWidth);
      const head = `  ${cells
        .slice(0, 3)
        .map((text, column) => text.padEnd(widths[column]))
        .join('  ')}  ${first}`;
      return [head, ...rest.map((line) => `${' '.repeat(indent)}${line}`)];
    });
    blocks.push([escapeTerminal(file), ...lines].join('\n'));
  }
  return `${blocks.join('\n\n')}\n\n✖ ${problemCount(result.summary)}\n`;
}

const SEVERITY_ICON: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' };

/** At most this many rows in the job summary, which GitHub caps at 1 MiB; the JSON and SARIF hold every finding. */
export const SUMMARY_ROWS = 500;

/** The job summary: the counts, then one table row per finding (file:line, severity, rule, message). */
export function renderLintMarkdown(result: LintResult): string {
  const { errors } = result.summary;
  const total = errors + result.summary.warnings + result.summary.notices;
  const icon = errors > 0 ? '❌' : total > 0 ? '⚠️' : '✅';
  const heading = `## ${icon} etcd-ha lint: ${problemCount(result.summary)} in ${plural(result.files.length, 'configuration')}`;
  if (total === 0) return `${heading}\n`;
  const cells = (finding: Finding) => [
    escapeMarkdownCell(`${finding.file}:${finding.line}`),
    SEVERITY_ICON[finding.severity],
    escapeMarkdownCell(finding.rule),
    escapeMarkdownCell(finding.message),
  ];
  const rows = result.findings.slice(0, SUMMARY_ROWS).map((finding) => `| ${cells(finding).join(' | ')} |`);
  const parts = [
    heading,
    ['| file:line | severity | rule | message |', '| --- | --- | --- | --- |', ...rows].join('\n'),
  ];
  if (result.findings.length > SUMMARY_ROWS)
    parts.push(`…and ${result.findings.length - SUMMARY_ROWS} more in the lint JSON.`);
  return `${parts.join('\n\n')}\n`;
}

/** The public lint JSON (schemaVersion 1, documented in docs/lint.md). */
export function renderLintJson(result: LintResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
