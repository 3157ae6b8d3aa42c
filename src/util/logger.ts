import { performance } from 'node:perf_hooks';
import { CLEAR_LINE, painter, phaseLine, seconds, terminalMode } from './terminal.js';
import { paragraph } from './text-layout.js';

/**
 * Whitespace the Actions runner trims before it looks for a workflow command on a line (.NET's
 * String.Trim), and the JavaScript spellings besides: a line is judged as the runner reads it.
 */
const LEADING_SPACE = /^[\s\u0085]*/;
/** What starts a workflow command once the runner has trimmed the line: `::error::`, or the older `##[error]`. */
const COMMAND_START = /^(::|##\[)/;

/**
 * Text made inert for a log the Actions runner reads: no line of it (the runner breaks lines at LF,
 * CR and CRLF) starts a workflow command, so a file named `x\n::add-mask::…` prints as a name, not as
 * a command. A lone CR is shown as `\r`; a line that would start a command gets a zero-width space
 * before its `::`. Colours and layout are kept: this is for whole reports too.
 */
export function inertLines(text: string): string {
  return text
    .replace(/\r(?!\n)/g, '\\r')
    .split('\n')
    .map((line) => {
      const indent = LEADING_SPACE.exec(line)?.[0] ?? '';
      return COMMAND_START.test(line.slice(indent.length)) ? `${indent}\u200b${line.slice(indent.length)}` : line;
    })
    .join('\n');
}

/**
 * A message for the log, from text that may quote the user's files: control characters but tab and
 * newline shown as escapes (`\x1b`), then made inert (see inertLines).
 */
export function inertMessage(text: string): string {
  const escaped = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]/g,
    (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return inertLines(escaped);
}

/** Where domain modules write what they do; the action maps it to @actions/core, the CLI to stderr. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** Where the console logger writes, and what it needs to know about that terminal. */
export interface ConsoleLoggerOptions {
  verbose?: boolean;
  /** stderr by default, so stdout stays the report. */
  stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Decides colours and the live phase line with the stream's isTTY (see terminalMode). */
  env?: Record<string, string | undefined>;
  /** Monotonic milliseconds, for the phase line's elapsed time. */
  now?: () => number;
  /** How often the phase line is redrawn. */
  redrawMs?: number;
}

/**
 * A logger for the terminal. On a terminal (see terminalMode) each group is a live phase line with
 * its elapsed time (`⠋ checks › check failover 0.4s`), redrawn in place under the log lines and
 * replaced by `✓ check failover 0.4s` when the group ends, and lines wrapped at 100 columns;
 * elsewhere plain lines (`== up`), one per message.
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const mode = terminalMode(stream.isTTY, options.env ?? process.env);
  const paint = painter(mode.color);
  const now = options.now ?? (() => performance.now());
  const phases: Array<{ name: string; started: number }> = [];
  let frame = 0;
  let drawn = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    const current = phases.at(-1);
    if (!current) return;
    stream.write(
      `${CLEAR_LINE}${paint(
        phaseLine(
          frame++,
          phases.map((phase) => phase.name),
          now() - current.started,
        ),
        'cyan',
      )}`,
    );
    drawn = true;
  };
  // On a terminal, long lines wrap at 100 columns with a hanging indent; logs elsewhere keep one line per message.
  const fit = (text: string) => (mode.live ? paragraph(text) : text);
  const line = (text: string) => {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
    stream.write(`${text}\n`);
    if (mode.live) draw();
  };
  return {
    // Messages quote the user's files (names, values): each is made inert before it is painted.
    info: (m) => line(fit(inertMessage(m))),
    warning: (m) => line(fit(`warning: ${inertMessage(m)}`).replace(/^warning:/, paint('warning:', 'yellow', 'bold'))),
    debug: (m) => {
      if (options.verbose) line(paint(fit(`debug: ${inertMessage(m)}`), 'dim'));
    },
    group: async (rawName, work) => {
      const name = inertMessage(rawName);
      if (!mode.live) {
        line(`== ${name}`);
        return work();
      }
      const started = now();
      phases.push({ name, started });
      timer ??= setInterval(draw, options.redrawMs ?? 100);
      // The redraw never keeps the process alive on its own.
      timer.unref?.();
      draw();
      let ended = false;
      try {
        const result = await work();
        ended = true;
        return result;
      } finally {
        phases.pop();
        if (phases.length === 0) {
          clearInterval(timer);
          timer = undefined;
        }
        line(`${ended ? paint('✓', 'green') : paint('✗', 'red')} ${name} ${paint(seconds(now() - started), 'dim')}`);
      }
    },
  };
}

/** A logger that keeps every line, for tests and for reports that quote what happened. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    group: async (name, work) => {
      lines.push(`== ${name}`);
      return work();
    },
  };
}
