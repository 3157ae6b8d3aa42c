import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { OptionReader } from '../../options/reader.js';
import { ConfigurationError, errorMessage } from '../../errors.js';
import { historyJson, renderHistoryText } from '../../history/format.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STEPS } from '../../history/linearizability.js';
import { operationsOf } from '../../history/model.js';
import { checkOperationsInParallel, type ParallelCheckOptions } from '../../history/parallel.js';
import { checkWatch, renderWatchText, watchJson } from '../../history/watch.js';
import { parseHistoryFile } from '../../history/watch-format.js';
import type { Logger } from '../../util/logger.js';
import type { VerbHandler } from './verb.js';

export const HISTORY_FORMATS = ['text', 'json'] as const;

/** The most threads --threads may ask for. */
const MAX_THREADS = 64;

/** The largest --max-memory-mb: a key's search keeps its configurations in arrays of at most 2^32 words. */
const MAX_MEMORY_MB = 16_384;

/**
 * `etcd-ha history check FILE [--format text|json] [--max-steps N] [--max-memory-mb N]`: exit 0 when
 * the history is linearizable, 1 when it is not or a search ran out of steps or memory (undecided),
 * and a ConfigurationError (exit 2) for usage or a file that is not such a history. The keys are
 * checked at once in up to `--threads` threads (default: the cores there are; `parallel`, for tests: how).
 */
export async function checkHistoryFile(
  read: OptionReader,
  positionals: string[],
  stdout: (text: string) => void,
  logger?: Pick<Logger, 'debug'>,
  parallel: Pick<ParallelCheckOptions, 'parallelism' | 'minOperations' | 'runPartition'> = {},
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
  const maxMemoryMb = read.integer('max-memory-mb', DEFAULT_MAX_MEMORY_MB, 1, MAX_MEMORY_MB);
  const threads = read.integer('threads', availableParallelism(), 1, MAX_THREADS);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `FILE is '${file}', which cannot be read (${errorMessage(error)}); allowed: a file of JSON lines`,
    );
  }
  const parsed = parseHistoryFile(text, file);
  const operations = operationsOf(parsed.events, file);
  const watch = parsed.hasWatch ? checkWatch(parsed.watch) : undefined;
  const { result, parts } = await checkOperationsInParallel(operations, {
    maxSteps,
    maxMemoryMb,
    parallelism: threads,
    ...parallel,
  });
  logger?.debug(
    `history check: ${result.summary.keys} keys checked in ${parts === 1 ? 'one thread' : `${parts} threads`}`,
  );
  const json = { ...historyJson(result), ...(watch && { watch: watchJson(watch) }) };
  stdout(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : renderHistoryText(result));
  if (format === 'text' && parsed.leftOutKeys.length > 0)
    stdout(`put/get check left out ${parsed.leftOutKeys.length} keys that deletes or txns write\n`);
  if (watch && format === 'text') stdout(renderWatchText(watch));
  if (result.verdict === 'undecided' && format === 'text') {
    const causes = new Set(result.failures.filter((f) => f.verdict === 'undecided').map((f) => f.cause));
    if (causes.has('budget')) stdout(`raise --max-steps (now ${maxSteps}) to search further\n`);
    if (causes.has('memory')) stdout(`raise --max-memory-mb (now ${maxMemoryMb}) to search further\n`);
  }
  return result.ok && (watch?.ok ?? true) ? 0 : 1;
}

/** `etcd-ha history check FILE`: see checkHistoryFile. */
export const historyVerb: VerbHandler = ({ read, positionals }, io, deps) =>
  checkHistoryFile(read, positionals, io.stdout, deps.logger);
