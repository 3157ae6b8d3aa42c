import { eventsOf, randomSource, registerHistory, type OperationSpec } from '../../test/support/history-builders.js';
import { checkHistory, checkOperations, DEFAULT_MAX_STEPS, type LinearizabilityResult } from './linearizability.js';
import { operationsOf, type Operation } from './model.js';

const check = (specs: OperationSpec[], maxSteps?: number) => checkHistory(eventsOf(specs), { maxSteps });

/** The failure of a history that must not be linearizable. */
function failureOf(result: LinearizabilityResult) {
  if (result.ok) throw new Error('expected a violation, the history was linearizable');
  return result;
}

const summaryOf = (operations: readonly Operation[]) => operations.map((o) => `${o.process}:${o.f}:${o.value}`);

describe('checkHistory: hand-made histories', () => {
  it('passes an empty history and a sequential one', () => {
    expect(checkHistory([])).toMatchObject({ ok: true, verdict: 'linearizable', summary: { operations: 0, keys: 0 } });
    const result = check([
      [1, 'get', null, 0, 1],
      [1, 'put', 'a', 2, 3],
      [2, 'get', 'a', 4, 5],
      [2, 'put', 'b', 6, 7],
      [1, 'get', 'b', 8, 9],
    ]);
    expect(result).toMatchObject({
      ok: true,
      verdict: 'linearizable',
      summary: { operations: 5, ok: 5, keys: 1, processes: 2, checked: 5 },
    });
  });

  it('finds a stale read: a get returns a value a completed put had overwritten', () => {
    const result = failureOf(
      check([
        [1, 'put', 'a', 0, 1],
        [1, 'put', 'b', 2, 3],
        [2, 'get', 'a', 4, 5],
      ]),
    );
    expect(result).toMatchObject({ verdict: 'not-linearizable', key: 'k' });
    expect(result.failures[0].cause).toBe('no-order');
    expect(summaryOf(result.operations)).toEqual(['2:get:a']);
    expect(summaryOf(result.failures[0].linearized)).toEqual(['1:put:a', '1:put:b']);
    expect(result.failures[0].state).toBe('b');
  });

  it('finds a lost acknowledged write: a later get does not see it', () => {
    const result = failureOf(
      check([
        [1, 'put', 'a', 0, 1],
        [2, 'put', 'b', 2, 3],
        [3, 'get', 'b', 4, 5],
        [1, 'put', 'c', 6, 7],
        [3, 'get', 'b', 8, 9],
      ]),
    );
    expect(result.verdict).toBe('not-linearizable');
    expect(summaryOf(result.operations)).toEqual(['3:get:b']);
    expect(result.failures[0].state).toBe('c');
    // A write lost to a key that was absent: the get sees null.
    const toAbsent = failureOf(
      check([
        [1, 'put', 'a', 0, 1],
        [2, 'get', null, 2, 3],
      ]),
    );
    expect(summaryOf(toAbsent.operations)).toEqual(['2:get:null']);
    expect(toAbsent.failures[0]).toMatchObject({ state: 'a', cause: 'no-order' });
  });

  it('finds a read of a value never written, and of a value only written after the read completed', () => {
    const never = failureOf(
      check([
        [1, 'put', 'a', 0, 1],
        [2, 'get', 'z', 2, 3],
      ]),
    );
    expect(never.failures[0]).toMatchObject({ cause: 'never-written', verdict: 'not-linearizable' });
    expect(summaryOf(never.operations)).toEqual(['2:get:z']);
    const later = failureOf(
      check([
        [2, 'get', 'a', 0, 1],
        [1, 'put', 'a', 2, 3],
      ]),
    );
    expect(later.failures[0].cause).toBe('written-later');
    expect(summaryOf(later.operations)).toEqual(['2:get:a']);
  });

  it('passes concurrent overlapping operations that some order explains', () => {
    // put a spans 0-10 and put b 5-12: b, then a, explains a read of a after a read of b.
    expect(
      check([
        [1, 'put', 'a', 0, 10],
        [2, 'get', null, 1, 2],
        [4, 'put', 'b', 5, 12],
        [3, 'get', 'b', 8, 9],
        [2, 'get', 'a', 11, 13],
      ]).ok,
    ).toBe(true);
    // But not once a read of a before b forces a before b.
    expect(
      check([
        [1, 'put', 'a', 0, 10],
        [3, 'get', 'a', 3, 4],
        [4, 'put', 'b', 5, 12],
        [3, 'get', 'b', 8, 9],
        [2, 'get', 'a', 11, 13],
      ]).ok,
    ).toBe(false);
    // Two concurrent puts: either may win.
    for (const winner of ['a', 'b']) {
      expect(
        check([
          [1, 'put', 'a', 0, 10],
          [2, 'put', 'b', 0, 10],
          [3, 'get', winner, 11, 12],
        ]).ok,
      ).toBe(true);
    }
    // Operations that touch at one instant count as concurrent.
    expect(
      check([
        [1, 'put', 'a', 0, 5],
        [2, 'get', null, 5, 6],
      ]).ok,
    ).toBe(true);
  });

  it('fails concurrent operations whose results no order explains', () => {
    const result = failureOf(
      check([
        [1, 'put', 'a', 0, 10],
        [2, 'put', 'b', 0, 10],
        [3, 'get', 'a', 11, 12],
        [3, 'get', 'b', 13, 14],
      ]),
    );
    expect(summaryOf(result.operations)).toEqual(['3:get:b']);
    // A read of the new value, then a read of the old one, both during the put.
    expect(
      check([
        [1, 'put', 'a', 0, 10],
        [2, 'get', 'a', 1, 2],
        [3, 'get', null, 3, 4],
      ]).ok,
    ).toBe(false);
  });

  it('lets a put of unknown outcome take effect at any time after its invocation, or never', () => {
    // Never took effect.
    expect(
      check([
        [1, 'put', 'a', 0, 1, 'info'],
        [2, 'get', null, 5, 6],
      ]).ok,
    ).toBe(true);
    // Took effect long after its invocation (and after its info).
    expect(
      check([
        [1, 'put', 'a', 0, 1, 'info'],
        [2, 'get', null, 100, 101],
        [2, 'get', 'a', 200, 201],
      ]).ok,
    ).toBe(true);
    // An invocation never completed counts the same way.
    expect(
      check([
        [1, 'put', 'a', 0, 0, 'none'],
        [2, 'get', null, 5, 6],
        [2, 'get', 'a', 7, 8],
      ]).ok,
    ).toBe(true);
    // But it cannot take effect twice, nor before its invocation.
    const twice = failureOf(
      check([
        [1, 'put', 'a', 0, 1, 'info'],
        [2, 'get', 'a', 2, 3],
        [2, 'get', null, 4, 5],
      ]),
    );
    expect(summaryOf(twice.operations)).toEqual(['2:get:null']);
    expect(twice.failures[0].state).toBe('a');
    expect(
      failureOf(
        check([
          [2, 'get', 'a', 0, 1],
          [1, 'put', 'a', 5, 6, 'info'],
        ]),
      ).failures[0].cause,
    ).toBe('written-later');
    // Nor hide a put that completed after it was read.
    const hidden = failureOf(
      check([
        [1, 'put', 'a', 0, 1, 'info'],
        [2, 'get', 'a', 2, 3],
        [3, 'put', 'b', 4, 5],
        [2, 'get', 'a', 6, 7],
      ]),
    );
    expect(summaryOf(hidden.operations)).toEqual(['2:get:a']);
  });

  it('leaves failed operations and gets of unknown outcome out', () => {
    expect(
      check([
        [1, 'put', 'a', 0, 1, 'fail'],
        [2, 'get', null, 2, 3],
      ]).ok,
    ).toBe(true);
    const failedPut = failureOf(
      check([
        [1, 'put', 'a', 0, 1, 'fail'],
        [2, 'get', 'a', 2, 3],
      ]),
    );
    expect(failedPut.failures[0].cause).toBe('never-written');
    expect(
      check([
        [1, 'put', 'a', 0, 1],
        [2, 'get', null, 2, 3, 'info'],
        [2, 'get', null, 4, 5, 'fail'],
      ]).ok,
    ).toBe(true);
    expect(
      check([
        [1, 'put', 'a', 0, 1],
        [2, 'get', null, 2, 3, 'info'],
      ]).summary,
    ).toMatchObject({ operations: 2, ok: 1, unknown: 1, checked: 1 });
  });

  it('checks each key on its own and names every failing key', () => {
    const result = failureOf(
      check([
        [1, 'put', 'a', 0, 1, 'ok', 'k1'],
        [2, 'get', 'a', 0, 1, 'ok', 'k2'],
        [1, 'get', 'a', 2, 3, 'ok', 'k1'],
        [2, 'put', 'x', 2, 3, 'ok', 'k3'],
        [3, 'get', null, 4, 5, 'ok', 'k3'],
      ]),
    );
    expect(result.failures.map((failure) => failure.key)).toEqual(['k2', 'k3']);
    expect(result.key).toBe('k2');
    expect(result.summary).toMatchObject({ keys: 3, operations: 5 });
  });

  /** Concurrent puts, each read by a concurrent get, then a read of the first value: the search tries many orders. */
  function busy(count: number, key = 'k'): OperationSpec[] {
    const specs: OperationSpec[] = [];
    for (let i = 0; i < count; i++)
      specs.push([i, 'put', `v${i}`, 0, 100, 'ok', key], [100 + i, 'get', `v${i}`, 0, 100, 'ok', key]);
    specs.push([99, 'get', 'v0', 101, 102, 'ok', key]);
    return specs;
  }

  it('is undecided, not a pass, when the step budget runs out', () => {
    const result = failureOf(check(busy(8), 5));
    expect(result).toMatchObject({ verdict: 'undecided', key: 'k' });
    expect(result.failures[0]).toMatchObject({ cause: 'budget', steps: 5 });
    expect(check(busy(8)).ok).toBe(true);
  });

  it('reports a violation before an undecided key', () => {
    const specs: OperationSpec[] = [
      [201, 'put', 'a', 0, 1, 'ok', 'a'],
      [201, 'put', 'b', 2, 3, 'ok', 'a'],
      [202, 'get', 'a', 4, 5, 'ok', 'a'],
      ...busy(10, 'busy'),
    ];
    const result = failureOf(checkOperations(operationsOf(eventsOf(specs)), { maxSteps: 15 }));
    expect(result.failures.map((failure) => [failure.key, failure.verdict])).toEqual([
      ['a', 'not-linearizable'],
      ['busy', 'undecided'],
    ]);
    expect(result).toMatchObject({ verdict: 'not-linearizable', key: 'a' });
  });

  it('orders many concurrent puts nobody reads without trying their subsets', () => {
    // 40 concurrent puts: a search over their subsets would not end; the first one's value is read last.
    const specs: OperationSpec[] = [];
    for (let i = 0; i < 40; i++) specs.push([i, 'put', `v${i}`, 0, 100]);
    specs.push([99, 'get', 'v0', 101, 102]);
    const result = check(specs, 10_000);
    expect(result).toMatchObject({ ok: true });
    expect(result.summary.steps).toBeLessThan(1000);
    // And a read of null after them all still fails quickly.
    specs[40][2] = null;
    expect(failureOf(check(specs, 10_000)).failures[0]).toMatchObject({
      verdict: 'not-linearizable',
      cause: 'no-order',
    });
  });

  /** `count` concurrent puts, then a concurrent get of each value: only one can be read, so no order explains them. */
  function readsOfEveryPut(count: number): OperationSpec[] {
    const specs: OperationSpec[] = [];
    for (let i = 0; i < count; i++) specs.push([i, 'put', `v${i}`, 0, 10]);
    for (let i = 0; i < count; i++) specs.push([i, 'get', `v${i}`, 11, 12]);
    return specs;
  }

  it('names the operations of a proven violation in as many steps again as the proof, not the whole budget', () => {
    // Proving it takes few steps (a put whose only reader cannot follow it is a dead end); the search
    // that names the operations, without that cut, would try the puts' 2^20 subsets up to the budget.
    const result = failureOf(check(readsOfEveryPut(20), 2_000_000));
    expect(result.failures[0]).toMatchObject({ verdict: 'not-linearizable', cause: 'no-order', checked: 40 });
    expect(result.failures[0].steps).toBeLessThan(20_000);
    // Still the operations where the search got furthest: every put, the get of the last, and the other gets.
    expect(result.failures[0].linearized).toHaveLength(21);
    expect(result.failures[0].operations).toHaveLength(19);
  });

  it('is undecided, not a pass and not a crash, when the memory budget runs out, and says which budget', () => {
    const specs = busy(12);
    expect(check(specs).ok).toBe(true);
    const result = failureOf(checkHistory(eventsOf(specs), { maxMemoryMb: 0.1 }));
    expect(result).toMatchObject({ verdict: 'undecided', key: 'k' });
    expect(result.failures[0]).toMatchObject({ verdict: 'undecided', cause: 'memory' });
    expect(result.failures[0].steps).toBeLessThan(DEFAULT_MAX_STEPS);
    // A proven violation found within the memory budget is still one.
    expect(failureOf(checkHistory(eventsOf(readsOfEveryPut(20)), { maxMemoryMb: 1 })).verdict).toBe('not-linearizable');
  });
});

/**
 * Brute force for small histories: every order of the operations that respects real time, with puts
 * of unknown outcome in it or left out, run on a register. The checker has to agree with it.
 */
function bruteForceLinearizable(operations: readonly Operation[]): boolean {
  const byKey = new Map<string, Operation[]>();
  for (const operation of operations) {
    if (operation.outcome === 'fail' || (operation.outcome === 'info' && operation.f === 'get')) continue;
    byKey.set(operation.key, [...(byKey.get(operation.key) ?? []), operation]);
  }
  const orderable = (list: Operation[]): boolean => {
    const placed = new Set<Operation>();
    const go = (state: string | null): boolean => {
      if (list.every((operation) => placed.has(operation) || operation.outcome === 'info')) return true;
      for (const operation of list) {
        if (placed.has(operation)) continue;
        // Everything that completed before this was invoked must be placed (or be an unknown put left out).
        if (list.some((other) => !placed.has(other) && other !== operation && other.returnTime < operation.invokeTime))
          continue;
        if (operation.f === 'get' && operation.value !== state) continue;
        placed.add(operation);
        const found = go(operation.f === 'put' ? operation.value : state);
        placed.delete(operation);
        if (found) return true;
      }
      return false;
    };
    return go(null);
  };
  return [...byKey.values()].every(orderable);
}

describe('checkHistory: generated histories', () => {
  it('passes every history a real register produced, with overlapping operations, failures and unknown outcomes', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = randomSource(seed);
      const { specs } = registerHistory(random, {
        operations: 20 + random.int(200),
        processes: 1 + random.int(8),
        keys: 1 + random.int(3),
        infoRate: 0.1,
        failRate: 0.1,
      });
      const result = check(specs);
      if (!result.ok)
        throw new Error(`seed ${seed}: a register's history was found ${result.verdict} on key ${result.key}`);
    }
  });

  it('fails each such history once a read returns a value never written', () => {
    let mutated = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = randomSource(seed);
      const { specs } = registerHistory(random, {
        operations: 20 + random.int(200),
        processes: 1 + random.int(8),
        keys: 1 + random.int(3),
      });
      const reads = specs.filter((spec) => spec[1] === 'get' && (spec[5] ?? 'ok') === 'ok');
      if (reads.length === 0) continue;
      const victim = reads[random.int(reads.length)];
      victim[2] = 'never-written';
      const result = failureOf(check(specs));
      expect(result.failures[0]).toMatchObject({ key: victim[6], cause: 'never-written' });
      expect(result.operations[0]).toMatchObject({ process: victim[0], invokeTime: victim[3], value: 'never-written' });
      mutated++;
    }
    expect(mutated).toBeGreaterThan(250);
  });

  it('fails such a history once a read returns an overwritten value with nothing concurrent', () => {
    // One client: a get that starts after two puts that do not even touch reads the older value.
    let stale = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const random = randomSource(seed);
      const { specs } = registerHistory(random, { operations: 50, processes: 1, keys: 1, infoRate: 0, failRate: 0 });
      const get = specs.find((spec) => {
        const puts = specs.filter((put) => put[1] === 'put' && put[4] < spec[3]);
        return spec[1] === 'get' && puts.length >= 2 && puts[puts.length - 2][4] < puts[puts.length - 1][3];
      });
      if (!get) continue;
      const puts = specs.filter((put) => put[1] === 'put' && put[4] < get[3]);
      get[2] = puts[puts.length - 2][2];
      const result = failureOf(check(specs));
      expect(result.failures[0].cause).toBe('no-order');
      expect(result.operations.map((operation) => operation.invokeTime)).toContain(get[3]);
      stale++;
    }
    expect(stale).toBeGreaterThan(50);
  });

  it('agrees with a brute-force search on small random histories, linearizable or not', () => {
    let violations = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const random = randomSource(seed);
      const specs: OperationSpec[] = [];
      const clock = [0, 0, 0];
      const count = 1 + random.int(7);
      for (let i = 0; i < count; i++) {
        const process = random.int(3);
        const invoke = clock[process] + random.int(3);
        const completion = invoke + random.int(4);
        clock[process] = completion;
        const f = random.chance(0.5) ? 'put' : 'get';
        // Puts of d and e are never read: those are ordered differently from the others.
        const value = f === 'put' ? ['a', 'b', 'c', 'd', 'e'][random.int(5)] : [null, 'a', 'b', 'c'][random.int(4)];
        const outcome = (['ok', 'ok', 'ok', 'ok', 'info', 'fail', 'none'] as const)[random.int(7)];
        specs.push([process, f, value, invoke, completion, outcome, random.chance(0.8) ? 'k' : 'j']);
      }
      // A process's operations must not overlap: drop any that would follow a never-completed one.
      const open = new Set<number>();
      const valid = specs.filter(([process, , , , , outcome]) => {
        if (open.has(process)) return false;
        if (outcome === 'none') open.add(process);
        return true;
      });
      const operations = operationsOf(eventsOf(valid));
      const expected = bruteForceLinearizable(operations);
      const result = checkOperations(operations);
      if (result.ok !== expected)
        throw new Error(
          `seed ${seed}: the checker says ${result.verdict}, brute force ${expected}: ${JSON.stringify(valid)}`,
        );
      if (!expected) violations++;
    }
    expect(violations).toBeGreaterThan(300);
  });
});
