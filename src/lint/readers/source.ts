import type { Finding, Severity, SourcePosition } from '../model.js';

/** One file's text as the readers see it, with the offsets where its lines start. */
export interface SourceText {
  /** The file as the user names it (relative to their current directory, `/` separators). */
  file: string;
  text: string;
  /** Offset of each line's first character; `lineStarts[0]` is 0. */
  lineStarts: number[];
}

/** The text of a file, ready for positions (a leading byte order mark is dropped). */
export function sourceText(file: string, text: string): SourceText {
  const clean = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineStarts = [0];
  for (let i = 0; i < clean.length; i++) if (clean[i] === '\n') lineStarts.push(i + 1);
  return { file, text: clean, lineStarts };
}

/** The 1-based line and column of an offset in the text. */
export function positionAt(source: SourceText, offset: number): SourcePosition {
  let low = 0;
  let high = source.lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (source.lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { file: source.file, line: low + 1, column: offset - source.lineStarts[low] + 1 };
}

/** The lines of the text without their line breaks (`\r\n` or `\n`), each with its starting offset. */
export function linesOf(source: SourceText): Array<{ text: string; offset: number; number: number }> {
  return source.lineStarts.map((start, index) => {
    const end = index + 1 < source.lineStarts.length ? source.lineStarts[index + 1] - 1 : source.text.length;
    const text = source.text.slice(start, end);
    return { text: text.endsWith('\r') ? text.slice(0, -1) : text, offset: start, number: index + 1 };
  });
}

/** A finding at a position. */
export function findingAtPosition(at: SourcePosition, severity: Severity, rule: string, message: string): Finding {
  return { file: at.file, line: at.line, column: at.column, severity, rule, message };
}

/**
 * A word of a command line or of an assignment list, with the source position of each of its
 * characters (quotes and escapes removed, so a character's position is where it was written).
 */
export interface PositionedWord {
  text: string;
  /** Position of `text[i]`; a word from an expanded variable has the variable's position for all. */
  at(index: number): SourcePosition;
}

/** A word whose characters were written one after the other from `offset` on. */
export function contiguousWord(source: SourceText, text: string, offset: number): PositionedWord {
  return { text, at: (index) => positionAt(source, offset + Math.min(index, Math.max(text.length - 1, 0))) };
}
