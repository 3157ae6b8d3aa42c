import type { FlagName } from '../../options/option-table.js';
import type { OptionReader } from '../../options/reader.js';
import type { PipelineDeps } from '../../run/phases/deps.js';
import type { RunRegistry } from '../../run/run-records.js';
import type { ClusterState } from '../../run/state.js';

/** Where the CLI prints, and what it knows of the terminal. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal: the report is then in colour (see terminalMode). */
  stdoutIsTTY?: boolean;
}

/** The CLI's deps always record runs, and always hold the cluster running now (for the signal teardown). */
export type CliDeps = PipelineDeps & { runs: RunRegistry; live: { state?: ClusterState } };

/** A verb's arguments, parsed and checked against the options it takes. */
export interface VerbArgs {
  /** The options that take a value. */
  read: OptionReader;
  /** Whether a switch (--keep, --all, --boot, ...) was given. */
  given: (name: FlagName) => boolean;
  /** Every value of an option that may be repeated (--recipient, --identity, ...). */
  all: (name: FlagName) => string[];
  /** The words that are no option (`lint`'s paths, `history`'s command and file). */
  positionals: string[];
}

/** A verb of the CLI: does its work and returns the exit code. */
export type VerbHandler = (args: VerbArgs, io: Io, deps: CliDeps) => Promise<number>;
