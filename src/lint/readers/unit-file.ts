import { linesOf, positionAt, type PositionedWord, type SourceText } from './source.js';

/**
 * systemd's unit file syntax as systemd reads it: `[Section]` headers, `Key=value` lines, `#` and `;`
 * comment lines (also between continued lines), a backslash at the very end of a line continuing it
 * (replaced by a space). A `#` after a backslash is no comment: the backslash then does not end the
 * line, so the line is not continued.
 */

/** Text with the source offset of each character. */
export interface PositionedText {
  chars: string[];
  offsets: number[];
}

/** One `Key=value` of a unit. */
export interface UnitDirective {
  section: string;
  key: string;
  keyOffset: number;
  value: PositionedText;
  /** 1-based numbers of the first and last line it spans. */
  firstLine: number;
  lastLine: number;
  /** Offset of a backslash that a comment follows on the directive's last line (`\ # …`): no continuation to systemd. */
  commentAfterBackslash?: number;
}

/** A line systemd ignores: it has no `=`. */
export interface StrayLine {
  section: string;
  text: string;
  offset: number;
  /** 1-based numbers of the first and last line it spans. */
  line: number;
  lastLine: number;
}

/** A unit file's directives and the lines systemd ignores. */
export interface UnitFile {
  directives: UnitDirective[];
  strayLines: StrayLine[];
}

const BLANK = /[ \t\r\n]/;

/** Reads a unit file into its directives, in order. */
export function parseUnitFile(source: SourceText): UnitFile {
  const lines = linesOf(source);
  const directives: UnitDirective[] = [];
  const strayLines: StrayLine[] = [];
  let section = '';
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index];
    const start = first.text.length - first.text.trimStart().length;
    const head = first.text.slice(start);
    if (head === '' || head.startsWith('#') || head.startsWith(';')) continue;
    if (head.startsWith('[')) {
      const close = head.indexOf(']');
      section = close > 0 ? head.slice(1, close).trim() : head.slice(1).trim();
      continue;
    }
    // Join the continued lines, each backslash becoming a space, comment lines between them skipped.
    const text: PositionedText = { chars: [], offsets: [] };
    let current = first;
    let lineStart = start;
    for (;;) {
      const trimmed = current.text.replace(/[ \t]+$/, '');
      const continued = trimmed.endsWith('\\');
      const end = continued ? trimmed.length - 1 : trimmed.length;
      for (let i = lineStart; i < end; i++) {
        text.chars.push(current.text[i]);
        text.offsets.push(current.offset + i);
      }
      if (!continued || index + 1 >= lines.length) break;
      text.chars.push(' ');
      text.offsets.push(current.offset + end);
      index++;
      while (index + 1 < lines.length && /^[ \t]*[#;]/.test(lines[index].text)) index++;
      current = lines[index];
      lineStart = 0;
    }
    const equals = text.chars.indexOf('=');
    if (equals < 0) {
      strayLines.push({
        section,
        text: text.chars.join('').trim(),
        offset: first.offset + start,
        line: first.number,
        lastLine: current.number,
      });
      continue;
    }
    let valueStart = equals + 1;
    while (valueStart < text.chars.length && BLANK.test(text.chars[valueStart])) valueStart++;
    let valueEnd = text.chars.length;
    while (valueEnd > valueStart && BLANK.test(text.chars[valueEnd - 1])) valueEnd--;
    const broken = /\\[ \t]+[#;]/.exec(current.text);
    directives.push({
      section,
      key: text.chars.slice(0, equals).join('').trim(),
      keyOffset: first.offset + start,
      value: { chars: text.chars.slice(valueStart, valueEnd), offsets: text.offsets.slice(valueStart, valueEnd) },
      firstLine: first.number,
      lastLine: current.number,
      commentAfterBackslash: broken ? current.offset + broken.index : undefined,
    });
  }
  return { directives, strayLines };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', s: ' ' };

/** A word of a command line with its characters' offsets. */
export interface UnitWord extends PositionedText {
  text: string;
}

/**
 * Splits a value into words as systemd splits ExecStart= and Environment=: blanks separate words,
 * double or single quotes group them (anywhere in a word), a backslash escapes the next character.
 * `unterminatedQuote` is the offset of a quote never closed (systemd then ignores the whole line).
 */
export function splitUnitWords(value: PositionedText): { words: UnitWord[]; unterminatedQuote?: number } {
  const words: UnitWord[] = [];
  const { chars, offsets } = value;
  let i = 0;
  let unterminatedQuote: number | undefined;
  while (i < chars.length) {
    while (i < chars.length && BLANK.test(chars[i])) i++;
    if (i >= chars.length) break;
    const word: UnitWord = { text: '', chars: [], offsets: [] };
    let quote: string | undefined;
    let quoteOffset = 0;
    for (; i < chars.length; i++) {
      const char = chars[i];
      if (!quote && BLANK.test(char)) break;
      if (char === quote) {
        quote = undefined;
        continue;
      }
      if (!quote && (char === '"' || char === "'")) {
        quote = char;
        quoteOffset = offsets[i];
        continue;
      }
      if (char === '\\' && i + 1 < chars.length) {
        i++;
        word.chars.push(ESCAPES[chars[i]] ?? chars[i]);
        word.offsets.push(offsets[i]);
        continue;
      }
      word.chars.push(char);
      word.offsets.push(offsets[i]);
    }
    if (quote) unterminatedQuote ??= quoteOffset;
    word.text = word.chars.join('');
    words.push(word);
  }
  return { words, unterminatedQuote };
}

/**
 * Expands `${NAME}` in a word, and a word that is `$NAME` alone into the value's blank-separated
 * words, as systemd does for ExecStart=; variables not known are kept as written.
 */
export function expandUnitWord(word: UnitWord, variables: ReadonlyMap<string, string>): UnitWord[] {
  const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word.text);
  if (bare) {
    const value = variables.get(bare[1]);
    if (value === undefined) return [word];
    return value
      .split(/[ \t\r\n]+/)
      .filter((part) => part !== '')
      .map((part) => ({ text: part, chars: part.split(''), offsets: part.split('').map(() => word.offsets[0]) }));
  }
  const chars: string[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < word.chars.length; i++) {
    const braced =
      word.text[i] === '$' && word.text[i + 1] === '{'
        ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(word.text.slice(i))
        : null;
    const value = braced ? variables.get(braced[1]) : undefined;
    if (braced && value !== undefined) {
      chars.push(...value.split(''));
      offsets.push(...value.split('').map(() => word.offsets[i]));
      i += braced[0].length - 1;
    } else {
      chars.push(word.chars[i]);
      offsets.push(word.offsets[i]);
    }
  }
  return [{ text: chars.join(''), chars, offsets }];
}

/** A unit word as a positioned word of the model. */
export function positionedUnitWord(source: SourceText, word: UnitWord, fallbackOffset: number): PositionedWord {
  return {
    text: word.text,
    at: (index) => positionAt(source, word.offsets[Math.min(index, word.offsets.length - 1)] ?? fallbackOffset),
  };
}
