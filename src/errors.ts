/** A mistake in what the user asked for (an input, a flag, a file they gave), as opposed to a bug. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** The message of any thrown value, for logs and reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
