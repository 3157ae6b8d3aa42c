/** Where domain modules write what they do; the action maps it to @actions/core, the CLI to stderr. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** A logger for the terminal: plain lines on stderr, so stdout stays the report. */
export function consoleLogger(options: { verbose?: boolean } = {}): Logger {
  return {
    info: (m) => process.stderr.write(`${m}\n`),
    warning: (m) => process.stderr.write(`warning: ${m}\n`),
    debug: (m) => {
      if (options.verbose) process.stderr.write(`debug: ${m}\n`);
    },
    group: async (name, work) => {
      process.stderr.write(`== ${name}\n`);
      return work();
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
