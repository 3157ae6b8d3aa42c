import { readFile } from 'node:fs/promises';
import type { OptionReader } from '../config/options.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { renderHistoryJson, renderHistoryText } from '../history/format.js';
import { checkOperations, DEFAULT_MAX_STEPS } from '../history/linearizability.js';
import { operationsOf, parseHistory } from '../history/model.js';

export const HISTORY_FORMATS = ['text', 'json'] as const;

/**
 * `etcd-ha history check FILE [--format text|json] [--max-steps N]`: exit 0 when the history is
 * linearizable, 1 when it is not or the search ran out of steps (undecided), and a ConfigurationError
 * (exit 2) for usage or a file that is not such a history.
 */
export async function historyVerb(
  read: OptionReader,
  positionals: string[],
  stdout: (text: string) => void,
): Promise<number> {
  const [command, file, ...extra] = positionals;
  if (command !== 'check') {
    throw new ConfigurationError(
      `etcd-ha history ${command === undefined ? 'needs a command' : `'${command}' is not a command`}; allowed: check FILE`,
    );
  }
  if (file === undefined || extra.length > 0) {
    throw new ConfigurationError(
      `etcd-ha history check takes one FILE (JSON lines), ${file === undefined ? 'none was given' : `not ${positionals.length - 1}`}`,
    );
  }
  const format = read.oneOf('format', 'text', HISTORY_FORMATS);
  const maxSteps = read.integer('max-steps', DEFAULT_MAX_STEPS, 1, 1_000_000_000);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `FILE is '${file}', which cannot be read (${errorMessage(error)}); allowed: a file of JSON lines`,
    );
  }
  const result = checkOperations(operationsOf(parseHistory(text, file), file), { maxSteps });
  stdout(format === 'json' ? renderHistoryJson(result) : renderHistoryText(result));
  if (result.verdict === 'undecided' && format === 'text')
    stdout(`raise --max-steps (now ${maxSteps}) to search further\n`);
  return result.ok ? 0 : 1;
}
