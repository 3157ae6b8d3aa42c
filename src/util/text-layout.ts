import type { Paint } from './terminal.js';

/** A table as plain cells: its header row and its rows. */
export interface Table {
  headers: string[];
  rows: string[][];
}

/** The width terminal output fits: every line, except one holding a URL that cannot break. */
export const TERMINAL_WIDTH = 100;

const GAP = '  ';
const ELLIPSIS = '…';
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Pieces of text that may end a line: words (a number keeps its unit: `347.8 ms`), split after `,`
 * and `;` (lists of URLs, settings) and, outside URLs, after `/` (paths). A URL between those stays whole.
 */
function pieces(text: string): string[] {
  return text
    .split(/(?<= )(?!(?:ms|s|kB|MB|GB)\b)/)
    .flatMap((word) => word.split(/(?<=[,;])/))
    .flatMap((piece) => (piece.includes('://') ? [piece] : piece.split(/(?<=\/)(?=[^/ ])/)));
}

/** Whether a piece cannot be broken: a URL may run past the width rather than break. */
const unbreakable = (piece: string) => piece.includes('://');

/**
 * Wraps text into lines of at most `width` characters (`nextWidth` after the first), at spaces, after
 * commas and semicolons and in paths after slashes; a longer piece is cut, except a URL, which keeps
 * its own line whole.
 */
export function wrapText(text: string, width: number, nextWidth = width): string[] {
  const lines: string[] = [];
  const limit = () => (lines.length === 0 ? width : nextWidth);
  let current = '';
  const push = () => {
    if (current.trimEnd() !== '') lines.push(current.trimEnd());
    current = '';
  };
  for (let piece of pieces(text)) {
    if ((current + piece).trimEnd().length <= limit()) {
      current += piece;
      continue;
    }
    push();
    piece = piece.trimStart();
    while (piece.trimEnd().length > limit() && !unbreakable(piece)) {
      const size = limit();
      lines.push(piece.slice(0, size));
      piece = piece.slice(size);
    }
    current = piece;
  }
  push();
  return lines.length > 0 ? lines : [''];
}

/** A paragraph wrapped to `width`, starting `indent` spaces in, each line after the first `hanging` spaces further. */
export function paragraph(text: string, options: { width?: number; indent?: number; hanging?: number } = {}): string {
  const indent = options.indent ?? 0;
  const hanging = options.hanging ?? 2;
  const width = (options.width ?? TERMINAL_WIDTH) - indent;
  return wrapText(text, width, width - hanging)
    .map((line, index) => ' '.repeat(indent + (index === 0 ? 0 : hanging)) + line)
    .join('\n');
}

/** Text cut to `width` characters, ending in an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}${ELLIPSIS}`;
}

/** How a table is fitted: which columns may be narrowed, and whether their text wraps or is cut. */
export interface FitOptions {
  width?: number;
  /** Columns that may be narrowed (the last by default). */
  flexible?: number[];
  /** `wrap` (the default) breaks a cell into lines; `truncate` cuts it to one line ending in `…`. */
  overflow?: 'wrap' | 'truncate';
  /** Paints a cell after layout (so widths count only visible characters); row -1 is the header. */
  paint?: (row: number, column: number, text: string) => string;
  indent?: number;
}

/** Narrowest a flexible column gets: its header, its longest URL, and at least this many characters. */
const MIN_FLEX_WIDTH = 12;

/** The widths the columns get: natural ones, with the flexible columns narrowed evenly from the widest until the table fits. */
function columnWidths(
  rows: string[][],
  flexible: number[],
  width: number,
  overflow: 'wrap' | 'truncate',
): { widths: number[]; natural: number[] } {
  const natural = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const minimum = natural.map((size, column) => {
    if (!flexible.includes(column)) return size;
    const urls =
      overflow === 'wrap'
        ? rows.slice(1).flatMap((cells) =>
            pieces(cells[column])
              .filter(unbreakable)
              .map((piece) => piece.trimEnd().length),
          )
        : [];
    return Math.min(size, Math.max(MIN_FLEX_WIDTH, rows[0][column].length, ...urls));
  });
  const total = (sizes: number[]) => sizes.reduce((sum, size) => sum + size, 0) + GAP.length * (sizes.length - 1);
  if (total(natural) <= width) return { widths: natural, natural };
  // The largest cap on the flexible columns that still fits; each keeps at least its minimum.
  const capped = (cap: number) =>
    natural.map((size, column) => (flexible.includes(column) ? Math.max(minimum[column], Math.min(size, cap)) : size));
  let cap = Math.max(...natural);
  while (cap > 0 && total(capped(cap)) > width) cap--;
  return { widths: capped(cap), natural };
}

/**
 * A borderless table fitted to the terminal width: columns two spaces apart, numbers right-aligned,
 * flexible columns narrowed (wrapped or cut) when the table is too wide.
 * Returns the lines and the rows (0 is the first below the header) whose text was cut, so the caller
 * can print their full text below.
 */
export function fitTable(table: Table, options: FitOptions = {}): { lines: string[]; truncatedRows: number[] } {
  const width = (options.width ?? TERMINAL_WIDTH) - (options.indent ?? 0);
  const overflow = options.overflow ?? 'wrap';
  const rows = [table.headers, ...table.rows];
  const flexible = options.flexible ?? [table.headers.length - 1];
  const { widths, natural } = columnWidths(rows, flexible, width, overflow);
  const numeric = table.headers.map(
    (_, column) =>
      table.rows.some((cells) => cells[column] !== '') &&
      table.rows.every((cells) => cells[column] === '' || NUMBER.test(cells[column])),
  );
  const truncatedRows = new Set<number>();
  const lines: string[] = [];
  rows.forEach((cells, row) => {
    const wrapped = cells.map((text, column) => {
      if (widths[column] >= natural[column]) return [text];
      if (overflow === 'truncate') {
        if (text.length > widths[column]) truncatedRows.add(row - 1);
        return [truncate(text, widths[column])];
      }
      return wrapText(text, widths[column]);
    });
    const height = Math.max(...wrapped.map((cell) => cell.length));
    for (let index = 0; index < height; index++) {
      const last = cells.length - 1;
      const line = wrapped
        .map((cell, column) => {
          const text = cell[index] ?? '';
          const padded = numeric[column]
            ? text.padStart(widths[column])
            : column === last
              ? text
              : text.padEnd(widths[column]);
          return options.paint && text !== '' ? options.paint(row - 1, column, padded) : padded;
        })
        .join(GAP);
      lines.push(' '.repeat(options.indent ?? 0) + line.trimEnd());
    }
  });
  return { lines, truncatedRows: [...truncatedRows] };
}

/** The header row bold, the rest as written. */
export const boldHeader = (paint: Paint) => (row: number, _column: number, text: string) =>
  row === -1 ? paint(text, 'bold') : text;

/**
 * Name-value pairs as an aligned block, in as many columns as fit (filled top to bottom, then left to
 * right): each name padded, each value right-aligned, columns four spaces apart.
 */
export function pairColumns(
  pairs: Array<[string, string]>,
  options: { width?: number; indent?: number } = {},
): string[] {
  if (pairs.length === 0) return [];
  const indent = options.indent ?? 2;
  const width = (options.width ?? TERMINAL_WIDTH) - indent;
  const columnGap = '    ';
  for (let columns = pairs.length; columns >= 1; columns--) {
    const rows = Math.ceil(pairs.length / columns);
    const groups = Array.from({ length: Math.ceil(pairs.length / rows) }, (_, column) =>
      pairs.slice(column * rows, (column + 1) * rows),
    );
    const sizes = groups.map((group) => ({
      name: Math.max(...group.map(([name]) => name.length)),
      value: Math.max(...group.map(([, value]) => value.length)),
    }));
    const total =
      sizes.reduce((sum, size) => sum + size.name + 2 + size.value, 0) + columnGap.length * (groups.length - 1);
    if (total > width && columns > 1) continue;
    return Array.from(
      { length: rows },
      (_, row) =>
        ' '.repeat(indent) +
        groups
          .map((group, column) =>
            group[row]
              ? `${group[row][0].padEnd(sizes[column].name)}  ${group[row][1].padStart(sizes[column].value)}`
              : '',
          )
          .join(columnGap)
          .trimEnd(),
    );
  }
  return [];
}

/** The last `count` lines of a text (a log's tail), its trailing newline left off. */
export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
