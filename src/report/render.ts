import { escapeMarkdownCell, escapeTerminal } from '../util/escape.js';
import { painter, type Paint } from '../util/terminal.js';
import type { Report, ReportCheck } from './model.js';
import {
  checkFigures,
  checksTable,
  comparisonTable,
  CONFIG_MAPPING_NOTE,
  configFilesTable,
  configMappingTable,
  memberErrors,
  roundsTable,
  statusTable,
  statusTableNote,
  terminalStatusTable,
  verdict,
  type Table,
} from './tables.js';
import { boldHeader, fitTable, pairColumns, paragraph, TERMINAL_WIDTH } from '../util/text-layout.js';
import { checkTimeline, mermaidGantt } from './timeline.js';
import { figuresLegend } from './figures.js';

const COMPARISON_TITLE = 'Compared with the previous run';
const STATUS_TITLE = 'Endpoint status after the checks';
const SPREAD_TITLE = 'p50, P95 and Max over the rounds (nearest rank)';

function markdownTable(table: Table): string {
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  return [line(table.headers), `| ${table.headers.map(() => '---').join(' | ')} |`, ...table.rows.map(line)].join('\n');
}

/** A Markdown block folded under a one-line summary; the blank lines let GitHub render the Markdown inside. */
function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** Name-value pairs as a Markdown table of up to three FIGURE / VALUE column pairs, filled top to bottom. */
function pairsTable(pairs: Array<[string, string]>, columns = 3): Table {
  const rows = Math.ceil(pairs.length / columns);
  const used = Math.ceil(pairs.length / rows);
  return {
    headers: Array.from({ length: used }, () => ['FIGURE', 'VALUE']).flat(),
    rows: Array.from({ length: rows }, (_, row) =>
      Array.from({ length: used }, (_, column) => pairs[column * rows + row] ?? ['', '']).flat(),
    ),
  };
}

/** A check's section of the job summary: its timeline, its figures, and its notes and rounds folded away. */
function markdownCheck(check: ReportCheck): string[] {
  const parts: string[] = [];
  const timeline = checkTimeline(check);
  if (timeline)
    parts.push(`\`\`\`mermaid\n${mermaidGantt(timeline)}\n\`\`\``, `<sub>${escapeMarkdownCell(timeline.caveat)}</sub>`);
  const { spread, pairs } = checkFigures(check);
  if (spread) parts.push(`${SPREAD_TITLE}:`, markdownTable(spread));
  if (pairs.length > 0) parts.push(markdownTable(pairsTable(pairs)));
  for (const table of check.tables ?? []) parts.push(`**${escapeMarkdownCell(table.title)}**`, markdownTable(table));
  if (check.notes.length > 0) {
    parts.push(
      details(`Notes (${check.notes.length})`, check.notes.map((note) => `- ${escapeMarkdownCell(note)}`).join('\n')),
    );
  }
  const rounds = roundsTable(check);
  if (rounds) parts.push(details(`Each of the ${rounds.rows.length} rounds`, markdownTable(rounds)));
  return parts.length > 0 ? [`#### ${escapeMarkdownCell(check.name)}`, ...parts] : [];
}

/**
 * The job summary: the verdict, the checks at a glance, then each check with a Mermaid timeline of
 * failover and quorum-loss and its figures in tables, the status table as read after the checks, and
 * long detail (notes, rounds, the comparison, the configuration mapping) folded in `<details>`.
 */
export function renderMarkdown(report: Report): string {
  const parts = [`## ${report.passed ? '✅' : '❌'} ${escapeMarkdownCell(verdict(report))}`];
  if (report.error) parts.push(`**Failed:** ${escapeMarkdownCell(report.error)}`);
  if (report.lint)
    parts.push(
      markdownTable({
        headers: ['Where', 'Severity', 'Rule', 'Finding'],
        rows: report.lint.findings.map((finding) => [
          `${finding.file}:${finding.line}:${finding.column}`,
          finding.severity,
          finding.rule,
          finding.message,
        ]),
      }),
    );
  if (report.checks.length > 0) {
    const marks: Record<string, string> = { PASS: '✅ PASS', FAIL: '❌ FAIL', SKIPPED: '⏭️ SKIPPED' };
    const table = checksTable(report);
    parts.push(
      '### Checks',
      markdownTable({
        ...table,
        rows: table.rows.map(([name, result, ...rest]) => [name, marks[result] ?? result, ...rest]),
      }),
    );
    for (const check of report.checks) parts.push(...markdownCheck(check));
    const legend = figuresLegend(report.checks);
    if (legend) parts.push(details('Legend', legend));
  }
  if (report.members.length > 0)
    parts.push(`### ${STATUS_TITLE}`, escapeMarkdownCell(statusTableNote(report)), markdownTable(statusTable(report)));
  const comparison = comparisonTable(report);
  if (comparison) {
    parts.push(
      comparison.rows.length > 0
        ? details(`${COMPARISON_TITLE} (${comparison.rows.length} figures)`, markdownTable(comparison))
        : `**${COMPARISON_TITLE}:** no figure in common with the previous report.`,
    );
  }
  const files = configFilesTable(report);
  const mapping = configMappingTable(report);
  if (files && mapping) {
    const derived = report.configFiles?.filter((row) => row.derivedFrom).length ?? 0;
    const summary =
      `Your configuration: ${files.rows.length - derived} members` +
      (derived > 0 ? ` (and ${derived} derived from them by checks)` : '') +
      `, ${mapping.rows.length} settings mapped, added or left out`;
    parts.push(details(summary, [markdownTable(files), markdownTable(mapping), CONFIG_MAPPING_NOTE].join('\n\n')));
  }
  parts.push(
    `<sub>run ${escapeMarkdownCell(report.cluster.runId)}, heartbeat ${report.cluster.heartbeatMs} ms, election ${report.cluster.electionMs} ms; ` +
      (report.cluster.keyAlgorithm ? `keys ${escapeMarkdownCell(report.cluster.keyAlgorithm)}; ` : '') +
      `phases: ${Object.entries(report.phases)
        .map(([name, ms]) => `${name} ${ms} ms`)
        .join(', ')}</sub>`,
  );
  return `${parts.join('\n\n')}\n`;
}

/** A table's cells with control characters stripped. */
const escapeTable = (table: Table): Table => ({
  headers: table.headers,
  rows: table.rows.map((cells) => cells.map(escapeTerminal)),
});

const RESULT_STYLE = { PASS: 'green', FAIL: 'red', SKIPPED: 'yellow' } as const;

/** A check's block under the checks table: its summary in full if the table cut it, its figures aligned, its notes. */
function terminalCheck(check: ReportCheck, summaryCut: boolean, paint: Paint): string | undefined {
  const lines: string[] = [];
  const { spread, pairs } = checkFigures(check);
  if (spread) {
    lines.push(`  ${SPREAD_TITLE}:`, ...fitTable(escapeTable(spread), { indent: 2, paint: boldHeader(paint) }).lines);
  }
  lines.push(...pairColumns(pairs.map(([name, value]) => [escapeTerminal(name), value])));
  for (const table of check.tables ?? []) {
    const flexible = table.headers.map((_, column) => column);
    lines.push(
      paint(paragraph(`${escapeTerminal(table.title)}:`, { indent: 2 }), 'bold'),
      ...fitTable(escapeTable(table), { indent: 2, flexible, paint: boldHeader(paint) }).lines,
    );
  }
  for (const note of check.notes) lines.push(paragraph(`- ${escapeTerminal(note)}`, { indent: 2 }));
  if (lines.length === 0 && !summaryCut) return undefined;
  const name = paint(escapeTerminal(check.name), 'bold');
  const heading = summaryCut
    ? paragraph(`${escapeTerminal(check.name)}: ${escapeTerminal(check.summary)}`).replace(
        escapeTerminal(check.name),
        () => name,
      )
    : name;
  return [heading, ...lines].join('\n');
}

/**
 * The same report for a terminal, fitting 100 columns: the checks with a one-line summary (in full
 * below when cut), each check's figures as an aligned block, the status table as read after the
 * checks, and the verdict last, where the eye lands. `color` paints it with ANSI codes.
 */
export function renderTerminal(report: Report, options: { color?: boolean } = {}): string {
  const paint = painter(options.color ?? false);
  const blocks: string[] = [];
  const header = boldHeader(paint);
  if (report.checks.length > 0) {
    const resultColumn = 1;
    const { lines, truncatedRows } = fitTable(escapeTable(checksTable(report)), {
      flexible: [3],
      overflow: 'truncate',
      paint: (row, column, text) => {
        if (row === -1) return paint(text, 'bold');
        const status = report.checks[row].status.toUpperCase() as keyof typeof RESULT_STYLE;
        return column === resultColumn ? paint(text, RESULT_STYLE[status], 'bold') : text;
      },
    });
    blocks.push(lines.join('\n'));
    report.checks.forEach((check, index) => {
      const block = terminalCheck(check, truncatedRows.includes(index), paint);
      if (block) blocks.push(block);
    });
  }
  if (report.members.length > 0) {
    blocks.push(
      [
        paint(STATUS_TITLE, 'bold'),
        paragraph(escapeTerminal(statusTableNote(report)), { hanging: 0 }),
        ...fitTable(escapeTable(terminalStatusTable(report)), { flexible: [0, 1], paint: header }).lines,
        ...memberErrors(report).map((error) => paint(paragraph(escapeTerminal(error)), 'red')),
      ].join('\n'),
    );
  }
  const comparison = comparisonTable(report);
  if (comparison) {
    blocks.push(
      [
        paint(`${COMPARISON_TITLE}:`, 'bold'),
        ...(comparison.rows.length > 0
          ? fitTable(escapeTable(comparison), { flexible: [1], paint: header }).lines
          : ['  no figure in common with the previous report']),
      ].join('\n'),
    );
  }
  const files = configFilesTable(report);
  const mapping = configMappingTable(report);
  if (files && mapping) {
    blocks.push(
      [
        paint('Your configuration:', 'bold'),
        // One table per member, without a MEMBER column: the room goes to the values.
        ...files.rows.flatMap(([member, file, form]) => [
          // A function, so that `$&` or `$'` in a member's name is not read as a replacement pattern.
          paragraph(`${escapeTerminal(member)}: ${escapeTerminal(file)} (${escapeTerminal(form)})`).replace(
            escapeTerminal(member),
            () => paint(escapeTerminal(member), 'bold'),
          ),
          ...fitTable(
            escapeTable({
              headers: mapping.headers.slice(1),
              rows: mapping.rows.filter((row) => row[0] === member).map((row) => row.slice(1)),
            }),
            {
              flexible: [1, 2],
              paint: header,
              indent: 2,
            },
          ).lines,
        ]),
        '',
        paragraph(CONFIG_MAPPING_NOTE, { hanging: 0 }),
      ].join('\n'),
    );
  }
  if (report.error) blocks.push(paint(paragraph(`failed: ${escapeTerminal(report.error)}`), 'red'));
  // Too long for one line, the verdict keeps its duration together on the next.
  const outcome = verdict(report);
  blocks.push(
    paint(
      outcome.length <= TERMINAL_WIDTH ? outcome : outcome.replace(/ (in \d+ ms)$/, '\n  $1'),
      'bold',
      report.passed ? 'green' : 'red',
    ),
  );
  return `${blocks.join('\n\n')}\n`;
}

/** The JSON report: every field but the files checks handed back, which are written beside it. */
export function renderJson(report: Report): string {
  const { artifacts: _artifacts, ...json } = report;
  return `${JSON.stringify(json, null, 2)}\n`;
}
