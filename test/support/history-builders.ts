import type { HistoryEvent } from '../../src/history/model.js';

/**
 * Builders for the checker's tests: operations written as
 * `[process, f, value, invoke, completion, outcome?, key?]`, turned into events in time order.
 */
export type OperationSpec = [
  process: number,
  f: 'put' | 'get',
  value: string | null,
  invoke: number,
  completion: number,
  outcome?: 'ok' | 'fail' | 'info' | 'none',
  key?: string,
];

/** The events of `specs`: each operation's invoke and completion (none for `none`), sorted by time, ties in spec order. */
export function eventsOf(specs: readonly OperationSpec[]): HistoryEvent[] {
  const events: (HistoryEvent & { order: number })[] = [];
  for (const [process, f, value, invoke, completion, outcome = 'ok', key = 'k'] of specs) {
    events.push({
      process,
      type: 'invoke',
      f,
      key,
      value: f === 'put' ? value : null,
      time: invoke,
      order: events.length,
    });
    if (outcome === 'none') continue;
    const completed: HistoryEvent & { order: number } = {
      process,
      type: outcome,
      f,
      key,
      time: completion,
      order: events.length,
    };
    if (f === 'get' && outcome === 'ok') completed.value = value;
    events.push(completed);
  }
  events.sort((a, b) => a.time - b.time || a.order - b.order);
  return events.map(({ order: _order, ...event }) => event);
}

/** A small deterministic random source (xorshift32), so a failing case can be replayed from its seed. */
export function randomSource(seed: number): { int(below: number): number; chance(p: number): boolean } {
  // Spread small seeds over 32 bits and skip the first outputs, which stay small for a small seed.
  let x = Math.imul(seed, 0x9e3779b1) ^ 0x5bd1e995 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  for (let i = 0; i < 8; i++) next();
  return { int: (below) => Math.floor(next() * below), chance: (p) => next() < p };
}

/**
 * A history a real register produced: `processes` clients each run operations one after another with
 * random, overlapping intervals; each takes effect at a random instant inside its interval (in that
 * order on a real register per key), so a get reads what the register held then. Some puts fail (no
 * effect) and some end `info` (with or without effect), some gets end `info`.
 */
export function registerHistory(
  random: ReturnType<typeof randomSource>,
  options: { operations: number; processes: number; keys: number; infoRate?: number; failRate?: number },
): { specs: OperationSpec[]; written: Set<string> } {
  const { operations, processes, keys, infoRate = 0.05, failRate = 0.05 } = options;
  const clock = new Array<number>(processes).fill(0);
  interface Planned {
    spec: OperationSpec;
    effectAt: number;
    takesEffect: boolean;
  }
  const planned: Planned[] = [];
  const written = new Set<string>();
  for (let index = 0; index < operations; index++) {
    const process = random.int(processes);
    const invoke = clock[process] + random.int(5);
    const effectAt = invoke + random.int(10) + 0.5;
    const completion = Math.ceil(effectAt) + random.int(10);
    clock[process] = completion;
    const f = random.chance(0.5) ? 'put' : 'get';
    const key = `k${random.int(keys)}`;
    const value = f === 'put' ? `v${index}` : null;
    let outcome: 'ok' | 'fail' | 'info' = 'ok';
    if (random.chance(infoRate)) outcome = 'info';
    else if (f === 'put' && random.chance(failRate)) outcome = 'fail';
    const takesEffect = outcome === 'ok' || (outcome === 'info' && random.chance(0.5));
    if (f === 'put' && value !== null && outcome !== 'fail') written.add(value);
    planned.push({ spec: [process, f, value, invoke, completion, outcome, key], effectAt, takesEffect });
  }
  const register = new Map<string, string | null>();
  for (const operation of [...planned].sort((a, b) => a.effectAt - b.effectAt)) {
    const [, f, value, , , , key = 'k'] = operation.spec;
    if (!operation.takesEffect) continue;
    if (f === 'put') register.set(key, value);
    else operation.spec[2] = register.get(key) ?? null;
  }
  // Events are generated per process in order; the builder sorts them by time.
  return { specs: planned.map((operation) => operation.spec), written };
}
