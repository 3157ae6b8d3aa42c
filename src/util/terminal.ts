/** How text is written to one terminal stream: with colours, and with a phase line redrawn in place. */
export interface TerminalMode {
  /** ANSI colours and bold. */
  color: boolean;
  /** A live phase line with the elapsed time (`⠋ up 1.2s`), redrawn in place; otherwise plain lines. */
  live: boolean;
}

/**
 * Colours and the live line only on a terminal: not when the stream is not a TTY (a pipe, a file, CI
 * logs), when NO_COLOR is set (https://no-color.org: any value but the empty string), when TERM is
 * `dumb`, or in CI (`CI` set), whose logs keep every redraw.
 */
export function terminalMode(isTTY: boolean | undefined, env: Record<string, string | undefined>): TerminalMode {
  const tty = isTTY === true && env.TERM !== 'dumb' && !env.NO_COLOR;
  return { color: tty, live: tty && !env.CI };
}

/** The terminal styles the product uses. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

const SGR: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** Paints text in styles when `color`; returns it unchanged otherwise, so plain output has no escape code. */
export type Paint = (text: string, ...styles: Style[]) => string;

export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.reduce((painted, style) => `\u001b[${SGR[style][0]}m${painted}\u001b[${SGR[style][1]}m`, text);
}

/** Moves to the start of the line and erases it, before the live line is redrawn or a log line takes its place. */
export const CLEAR_LINE = '\r\u001b[2K';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Seconds with one decimal, as the phase line shows them: `1.2s`. */
export const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)}s`;

/** The live phase line: a spinner frame, the phases from outermost to innermost, the innermost's elapsed time. */
export function phaseLine(frame: number, phases: string[], elapsedMs: number): string {
  return `${SPINNER[frame % SPINNER.length]} ${phases.join(' › ')} ${seconds(elapsedMs)}`;
}
