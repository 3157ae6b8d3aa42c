import type { Report } from './model.js';
import {
  checksTable,
  comparisonTable,
  CONFIG_MAPPING_NOTE,
  configFilesTable,
  configMappingTable,
  spreadTable,
  statusTable,
  verdict,
  type Table,
} from './tables.js';

const SPREAD_TITLE = 'Figures over the rounds (p50 / p95 / max, nearest rank)';
const COMPARISON_TITLE = 'Compared with the previous run';

/** Escapes text for a Markdown table cell: HTML-significant characters, pipes, and line breaks. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\r?\n/g, '<br>');
}

function markdownTable(table: Table): string {
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  return [line(table.headers), `| ${table.headers.map(() => '---').join(' | ')} |`, ...table.rows.map(line)].join('\n');
}

/** The job summary: verdict, status table, checks table, and notes. */
export function renderMarkdown(report: Report): string {
  const parts = [`## ${report.passed ? '✅' : '❌'} ${escapeMarkdownCell(verdict(report))}`];
  if (report.error) parts.push(`**Failed:** ${escapeMarkdownCell(report.error)}`);
  if (report.members.length > 0) parts.push('### Endpoint status', markdownTable(statusTable(report)));
  if (report.checks.length > 0) parts.push('### Checks', markdownTable(checksTable(report)));
  const spread = spreadTable(report);
  if (spread) parts.push(`### ${SPREAD_TITLE}`, markdownTable(spread));
  const comparison = comparisonTable(report);
  if (comparison) parts.push(`### ${COMPARISON_TITLE}`, comparison.rows.length > 0 ? markdownTable(comparison) : 'No figure in common with the previous report.');
  const files = configFilesTable(report);
  const mapping = configMappingTable(report);
  if (files && mapping) parts.push('### Your configuration', markdownTable(files), markdownTable(mapping), CONFIG_MAPPING_NOTE);
  const notes = report.checks.flatMap((check) => check.notes.map((note) => `- **${check.name}**: ${escapeMarkdownCell(note)}`));
  if (notes.length > 0) parts.push('### Notes', notes.join('\n'));
  parts.push(
    `<sub>run ${escapeMarkdownCell(report.cluster.runId)}, heartbeat ${report.cluster.heartbeatMs} ms, election ${report.cluster.electionMs} ms; ` +
      `phases: ${Object.entries(report.phases)
        .map(([name, ms]) => `${name} ${ms} ms`)
        .join(', ')}</sub>`,
  );
  return `${parts.join('\n\n')}\n`;
}

/** Strips control characters (terminal escapes included) from text etcd or a user wrote. */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?').replace(/\n/g, ' ');
}

function terminalTable(table: Table): string {
  const rows = [table.headers, ...table.rows].map((cells) => cells.map(escapeTerminal));
  const widths = table.headers.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const rule = `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+`;
  const line = (cells: string[]) => `| ${cells.map((text, column) => text.padEnd(widths[column])).join(' | ')} |`;
  return [rule, line(rows[0]), rule, ...rows.slice(1).map(line), rule].join('\n');
}

/** The same report for a terminal: etcdctl-style tables and the verdict last, where the eye lands. */
export function renderTerminal(report: Report): string {
  const parts: string[] = [];
  if (report.members.length > 0) parts.push(terminalTable(statusTable(report)));
  if (report.checks.length > 0) parts.push(terminalTable(checksTable(report)));
  const spread = spreadTable(report);
  if (spread) parts.push(`${SPREAD_TITLE}:`, terminalTable(spread));
  const comparison = comparisonTable(report);
  if (comparison) parts.push(`${COMPARISON_TITLE}:`, comparison.rows.length > 0 ? terminalTable(comparison) : '  no figure in common with the previous report');
  const files = configFilesTable(report);
  const mapping = configMappingTable(report);
  if (files && mapping) parts.push('Your configuration:', terminalTable(files), terminalTable(mapping), CONFIG_MAPPING_NOTE);
  for (const check of report.checks) for (const note of check.notes) parts.push(`  ${check.name}: ${escapeTerminal(note)}`);
  if (report.error) parts.push(`failed: ${escapeTerminal(report.error)}`);
  parts.push(verdict(report));
  return `${parts.join('\n')}\n`;
}

/** The JSON report. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
