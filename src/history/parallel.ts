import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  checkKey,
  combineKeyResults,
  partitionByKey,
  type CheckOptions,
  type KeyFailure,
  type KeyResult,
  type KeyWork,
  type LinearizabilityResult,
} from './linearizability.js';
import type { Operation } from './model.js';

/**
 * Keys checked at once, on the cores this process may use. In the put/get model each key is a
 * register of its own, so the history splits by key, each part is checked on its own (one here, the
 * others in worker threads) and the verdict is made from every key's result in the history's key
 * order: the same whatever the parts, their number and which finished first.
 */

/**
 * Below this many operations to order, starting worker threads costs more than it saves: a thread
 * costs about 0.3 s of processor time (a fresh isolate, its code compiled again), and checking
 * 50,000 operations takes about that long (BENCHMARKS.md).
 */
export const PARALLEL_MIN_OPERATIONS = 50_000;

/** Checks some keys elsewhere (a worker thread), each with `checkKey`; their results in the order given. */
export type PartitionRunner = (keys: KeyWork[], options: CheckOptions) => Promise<KeyResult[]>;

export interface ParallelCheckOptions extends CheckOptions {
  /** How many parts at most (default: the cores this process may use). */
  parallelism?: number;
  /** Checked here, in one part, when fewer operations are to be ordered (default PARALLEL_MIN_OPERATIONS). */
  minOperations?: number;
  /** Checks every part but the first (default: a worker thread each). */
  runPartition?: PartitionRunner;
}

/** The verdict, and how many parts checked it at once (1: all here). */
export interface ParallelCheck {
  result: LinearizabilityResult;
  parts: number;
}

/** Checks paired operations as `checkOperations` does, with the keys split over the cores. */
export async function checkOperationsInParallel(
  operations: readonly Operation[],
  options: ParallelCheckOptions = {},
): Promise<ParallelCheck> {
  const { parallelism = availableParallelism(), minOperations = PARALLEL_MIN_OPERATIONS } = options;
  const limits: CheckOptions = { maxSteps: options.maxSteps, maxMemoryMb: options.maxMemoryMb };
  const { summary, keys } = partitionByKey(operations);
  const runPartition = options.runPartition ?? workerRunner();
  const parts = splitKeys(keys, Math.min(parallelism, keys.length));
  if (parts.length < 2 || summary.checked < minOperations || runPartition === undefined) {
    return {
      result: combineKeyResults(
        summary,
        keys.map(({ key, checked }) => checkKey(key, checked, limits)),
      ),
      parts: 1,
    };
  }
  const results: KeyResult[] = new Array<KeyResult>(keys.length);
  const elsewhere = parts.slice(1).map(async (part) => {
    const found = await runPartition(
      part.map((index) => keys[index]),
      limits,
    );
    part.forEach((index, position) => (results[index] = found[position]));
  });
  // The first part is checked here meanwhile; a failing part ends the check once all have ended.
  const settled = Promise.allSettled(elsewhere);
  for (const index of parts[0]) results[index] = checkKey(keys[index].key, keys[index].checked, limits);
  for (const outcome of await settled) if (outcome.status === 'rejected') throw outcome.reason;
  return { result: combineKeyResults(summary, results), parts: parts.length };
}

/**
 * The keys (by index) in at most `count` parts of about equal work: largest first, each to the part
 * with the fewest operations so far. Depends only on the keys, so the same history splits the same way.
 */
export function splitKeys(keys: readonly KeyWork[], count: number): number[][] {
  const parts = Array.from({ length: Math.max(1, count) }, () => ({ keys: [] as number[], load: 0 }));
  const bySize = keys.map((_, index) => index).sort((a, b) => keys[b].checked.length - keys[a].checked.length || a - b);
  for (const index of bySize) {
    let lightest = parts[0];
    for (const part of parts) if (part.load < lightest.load) lightest = part;
    lightest.keys.push(index);
    lightest.load += keys[index].checked.length + 1;
  }
  return parts.filter((part) => part.keys.length > 0).map((part) => part.keys.sort((a, b) => a - b));
}

/**
 * The bundled worker, dist/history-worker/index.js: the entry beside the one (or the shared chunk)
 * this code is bundled into, both one folder below dist/. Run from the TypeScript sources (tests)
 * there is none, and the keys are checked here.
 */
function workerFile(): string | undefined {
  if (import.meta.url.endsWith('.ts')) return undefined;
  const file = fileURLToPath(new URL('../history-worker/index.js', import.meta.url));
  if (!existsSync(file)) throw new Error(`the history checker's worker ${file} is missing: rebuild dist/`);
  return file;
}

function workerRunner(): PartitionRunner | undefined {
  const file = workerFile();
  if (file === undefined) return undefined;
  return (keys, options) =>
    new Promise<KeyResult[]>((resolve, reject) => {
      const worker = new Worker(file, { workerData: { keys: keys.map(pack), options } satisfies WorkerInput });
      let answered = false;
      worker.once('message', (results: PackedResult[]) => {
        answered = true;
        resolve(results.map((result, index) => unpack(keys[index], result)));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (!answered) reject(new Error(`the history checker's worker ended (exit code ${code}) without a result`));
      });
    });
}

/**
 * A key's operations as a worker gets them: only what the search reads, in flat arrays (copying
 * a hundred thousand objects to a thread and back costs more than checking them).
 */
interface PackedKey {
  key: string;
  put: Uint8Array;
  values: (string | null)[];
  invoked: Float64Array;
  returned: Float64Array;
  ids: Float64Array;
}

/** A key's result as a worker posts it: the operations of its failure as positions in the key's list. */
interface PackedResult {
  steps: number;
  failure?: Omit<KeyFailure, 'operations' | 'linearized'> & { operations: number[]; linearized: number[] };
}

/** What a worker is given. */
export interface WorkerInput {
  keys: PackedKey[];
  options: CheckOptions;
}

function pack({ key, checked }: KeyWork): PackedKey {
  return {
    key,
    put: Uint8Array.from(checked, (operation) => (operation.f === 'put' ? 1 : 0)),
    values: checked.map((operation) => operation.value),
    invoked: Float64Array.from(checked, (operation) => operation.invokeTime),
    returned: Float64Array.from(checked, (operation) => operation.returnTime),
    ids: Float64Array.from(checked, (operation) => operation.id),
  };
}

/** The worker's side: checks the keys it was given and posts their results, in that order. */
export function checkPartition({ keys, options }: WorkerInput): PackedResult[] {
  return keys.map((packed) => {
    const operations = Array.from(packed.values, (value, index): Operation => ({
      id: packed.ids[index],
      process: 0,
      f: packed.put[index] === 1 ? 'put' : 'get',
      key: packed.key,
      value,
      outcome: 'ok',
      invokeTime: packed.invoked[index],
      returnTime: packed.returned[index],
      invokeLine: 0,
    }));
    const position = new Map(operations.map((operation, index) => [operation, index]));
    const { steps, failure } = checkKey(packed.key, operations, options);
    if (!failure) return { steps };
    const at = (list: Operation[]) => list.map((operation) => position.get(operation) as number);
    return { steps, failure: { ...failure, operations: at(failure.operations), linearized: at(failure.linearized) } };
  });
}

/** A key's result from a worker, with the key's own operations in it. */
function unpack({ key, checked }: KeyWork, { steps, failure }: PackedResult): KeyResult {
  if (!failure) return { key, steps };
  const of = (positions: number[]) => positions.map((index) => checked[index]);
  return {
    key,
    steps,
    failure: { ...failure, operations: of(failure.operations), linearized: of(failure.linearized) },
  };
}

/** Checks keys in this thread as a worker would, packed and unpacked: a PartitionRunner for tests. */
export const checkHere: PartitionRunner = async (keys, options) =>
  checkPartition({ keys: keys.map(pack), options }).map((result, index) => unpack(keys[index], result));
