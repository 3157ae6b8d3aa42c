import type { Report } from './model.js';
import { checksTable, statusTable, verdict, type Table } from './tables.js';

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
  if (report.error) parts.push(`**Stopped:** ${escapeMarkdownCell(report.error)}`);
  if (report.members.length > 0) parts.push('### Endpoint status', markdownTable(statusTable(report)));
  if (report.checks.length > 0) parts.push('### Checks', markdownTable(checksTable(report)));
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
  for (const check of report.checks) for (const note of check.notes) parts.push(`  ${check.name}: ${escapeTerminal(note)}`);
  if (report.error) parts.push(`stopped: ${escapeTerminal(report.error)}`);
  parts.push(verdict(report));
  return `${parts.join('\n')}\n`;
}

/** The JSON report. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
