import { eventsOf, randomSource, registerHistory } from '../../test/support/history-builders.js';
import { checkOperations, partitionByKey, type KeyResult } from './linearizability.js';
import { operationsOf, type Operation } from './model.js';
import { checkHere, checkOperationsInParallel, splitKeys, type PartitionRunner } from './parallel.js';

/** A generated history on `keys` keys; `stale`: one late get on each of a few keys reads the key's first value. */
function history(seed: number, keys: number, stale: boolean): Operation[] {
  const { specs } = registerHistory(randomSource(seed), { operations: 600, processes: 6, keys });
  if (stale) {
    for (const key of ['k0', 'k2']) {
      const first = specs.find((spec) => spec[1] === 'put' && spec[5] === 'ok' && spec[6] === key);
      const get = [...specs].reverse().find((spec) => spec[1] === 'get' && spec[5] === 'ok' && spec[6] === key);
      if (first && get && get[2] !== first[2]) get[2] = first[2];
    }
  }
  return operationsOf(eventsOf(specs));
}

/** Checks a part in this thread, answering after `delay(part)` ms: parts then finish in another order than given. */
const inProcess =
  (delay: (keys: string[]) => number, calls: string[][] = []): PartitionRunner =>
  (keys, options) => {
    calls.push(keys.map((work) => work.key));
    return checkHere(keys, options).then(
      (results) =>
        new Promise<KeyResult[]>((resolve) => setTimeout(() => resolve(results), delay(keys.map((k) => k.key)))),
    );
  };

describe('checkOperationsInParallel', () => {
  it('gives the verdict checkOperations gives, whatever the parts and the order they finish in', async () => {
    for (const [seed, stale] of [
      [1, false],
      [2, true],
      [3, true],
    ] as const) {
      const operations = history(seed, 7, stale);
      const expected = checkOperations(operations);
      expect(expected.ok).toBe(!stale);
      for (const parallelism of [2, 3, 4]) {
        const calls: string[][] = [];
        const later = (keys: string[]) => (keys.includes('k0') ? 30 : 5 - keys.length);
        const { result, parts } = await checkOperationsInParallel(operations, {
          parallelism,
          minOperations: 0,
          runPartition: inProcess(later, calls),
        });
        expect(parts).toBe(parallelism);
        expect(calls).toHaveLength(parallelism - 1);
        expect(result).toEqual(expected);
      }
    }
  });

  it('checks everything here below the size that pays for threads, or with one core', async () => {
    const operations = history(4, 5, true);
    const never: PartitionRunner = () => Promise.reject(new Error('no part should go elsewhere'));
    const small = await checkOperationsInParallel(operations, { parallelism: 2, runPartition: never });
    expect(small.parts).toBe(1);
    const one = await checkOperationsInParallel(operations, { parallelism: 1, minOperations: 0, runPartition: never });
    expect(one.parts).toBe(1);
    expect(one.result).toEqual(checkOperations(operations));
  });

  it('fails when a part fails, after every part has ended', async () => {
    const operations = history(5, 4, false);
    let finished = 0;
    const runner: PartitionRunner = (keys) =>
      new Promise((resolve, reject) =>
        setTimeout(() => {
          finished++;
          if (keys.some((work) => work.key === 'k1')) reject(new Error('worker died'));
          else resolve([]);
        }, 5),
      );
    await expect(
      checkOperationsInParallel(operations, { parallelism: 4, minOperations: 0, runPartition: runner }),
    ).rejects.toThrow('worker died');
    expect(finished).toBe(3);
  });
});

describe('splitKeys', () => {
  it('splits the keys into parts of about equal work, the same way every time', () => {
    const operations = history(6, 9, false);
    const { keys } = partitionByKey(operations);
    const parts = splitKeys(keys, 3);
    expect(parts).toEqual(splitKeys(keys, 3));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(keys.map((_, index) => index));
    const loads = parts.map((part) => part.reduce((sum, index) => sum + keys[index].checked.length, 0));
    const largest = Math.max(...keys.map((work) => work.checked.length));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(largest);
    // No empty part: fewer keys than parts gives one part per key.
    expect(splitKeys(keys.slice(0, 2), 4)).toHaveLength(2);
  });
});
