import { HistoryFormatError, operationsOf, parseHistory } from './model.js';

const line = (event: Record<string, unknown>) => JSON.stringify(event);
const invoke = (process: number, f: string, key: string, value: string | null, time: number) =>
  line({ process, type: 'invoke', f, key, value, time });
const done = (process: number, type: string, f: string, key: string, value: string | null, time: number) =>
  line({ process, type, f, key, value, time });

/** The HistoryFormatError that reading `lines` throws. */
function formatError(lines: string[]): HistoryFormatError {
  try {
    operationsOf(parseHistory(lines.join('\n'), 'h.jsonl'), 'h.jsonl');
  } catch (error) {
    if (error instanceof HistoryFormatError) return error;
    throw error;
  }
  throw new Error('the history was accepted');
}

describe('parseHistory and operationsOf', () => {
  it('pairs invocations with completions by process, with their lines, skipping blank lines and unknown fields', () => {
    const text = [
      invoke(1, 'put', 'k', 'a', 0),
      '',
      invoke(2, 'get', 'k', null, 1),
      line({ process: 1, type: 'ok', f: 'put', key: 'k', time: 2, error: null }),
      done(2, 'ok', 'get', 'k', null, 3),
      invoke(2, 'put', 'k', 'b', 4),
      done(2, 'info', 'put', 'k', null, 5),
      invoke(3, 'get', 'k', null, 6),
      done(3, 'fail', 'get', 'k', null, 7),
      invoke(1, 'get', 'k', null, 8),
      '',
    ].join('\n');
    const operations = operationsOf(parseHistory(text));
    expect(operations).toEqual([
      {
        id: 0,
        process: 1,
        f: 'put',
        key: 'k',
        value: 'a',
        outcome: 'ok',
        invokeTime: 0,
        returnTime: 2,
        invokeLine: 1,
        completeLine: 4,
      },
      {
        id: 1,
        process: 2,
        f: 'get',
        key: 'k',
        value: null,
        outcome: 'ok',
        invokeTime: 1,
        returnTime: 3,
        invokeLine: 3,
        completeLine: 5,
      },
      {
        id: 2,
        process: 2,
        f: 'put',
        key: 'k',
        value: 'b',
        outcome: 'info',
        invokeTime: 4,
        returnTime: Infinity,
        invokeLine: 6,
        completeLine: 7,
      },
      {
        id: 3,
        process: 3,
        f: 'get',
        key: 'k',
        value: null,
        outcome: 'fail',
        invokeTime: 6,
        returnTime: 7,
        invokeLine: 8,
        completeLine: 9,
      },
      // Never completed: unknown outcome.
      {
        id: 4,
        process: 1,
        f: 'get',
        key: 'k',
        value: null,
        outcome: 'info',
        invokeTime: 8,
        returnTime: Infinity,
        invokeLine: 10,
      },
    ]);
  });

  it('names the line that is not JSON', () => {
    const error = formatError([invoke(1, 'put', 'k', 'a', 0), '{"process": 1, "type": "ok"']);
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^h\.jsonl line 2 is not JSON \(.+\); allowed: one event per line, \{ "process": N/);
    expect(formatError(['[1, 2]']).message).toMatch(/^h\.jsonl line 1: is not an object; allowed: \{ "process"/);
  });

  it('names an unknown type, an unknown f and each malformed field', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { process: 1, type: 'done', f: 'put', key: 'k', value: 'a', time: 0 },
        /"type" is "done"; allowed: invoke, ok, fail, info$/,
      ],
      [{ process: 1, type: 'invoke', f: 'cas', key: 'k', value: 'a', time: 0 }, /"f" is "cas"; allowed: put, get$/],
      [{ process: 1, type: 'invoke', key: 'k', value: 'a', time: 0 }, /"f" is missing; allowed: put, get$/],
      [
        { process: '1', type: 'invoke', f: 'put', key: 'k', value: 'a', time: 0 },
        /"process" is "1"; allowed: a whole number$/,
      ],
      [
        { process: 1.5, type: 'invoke', f: 'put', key: 'k', value: 'a', time: 0 },
        /"process" is 1.5; allowed: a whole number$/,
      ],
      [{ process: 1, type: 'invoke', f: 'put', key: 7, value: 'a', time: 0 }, /"key" is 7; allowed: a string$/],
      [
        { process: 1, type: 'invoke', f: 'put', key: 'k', value: 3, time: 0 },
        /"value" is 3; allowed: a string or null$/,
      ],
      [{ process: 1, type: 'invoke', f: 'put', key: 'k', value: 'a', time: '0' }, /"time" is "0"; allowed: a number$/],
      [{ process: 1, type: 'invoke', f: 'put', key: 'k', value: 'a' }, /"time" is missing; allowed: a number$/],
      [{ process: 1, type: 'invoke', f: 'put', key: 'k', time: 0 }, /a put's invoke needs "value", a string/],
    ];
    for (const [event, message] of cases) {
      const error = formatError([invoke(9, 'get', 'k', null, 0), line(event)]);
      expect([error.line, error.message]).toEqual([
        2,
        expect.stringMatching(new RegExp(`^h\\.jsonl line 2: ${message.source}`)),
      ]);
    }
  });

  it('refuses a completion without an invocation, and a second invocation before the first completed', () => {
    const orphan = formatError([
      invoke(1, 'put', 'k', 'a', 0),
      done(1, 'ok', 'put', 'k', 'a', 1),
      done(1, 'ok', 'put', 'k', 'a', 2),
    ]);
    expect([orphan.line, orphan.message]).toEqual([
      3,
      'h.jsonl line 3: an "ok" of process 1, which has no invoke pending; allowed: a completion after its process\'s invoke',
    ]);
    const twice = formatError([
      invoke(1, 'put', 'k', 'a', 0),
      invoke(2, 'get', 'k', null, 1),
      invoke(1, 'get', 'k', null, 2),
    ]);
    expect([twice.line, twice.message]).toEqual([
      3,
      'h.jsonl line 3: process 1 invokes again, but its invoke at h.jsonl line 1 has no completion; allowed: one operation at a time per process',
    ]);
  });

  it('refuses a completion of another operation, a get without its value, and time running backwards', () => {
    expect(formatError([invoke(1, 'put', 'k', 'a', 0), done(1, 'ok', 'put', 'j', 'a', 1)]).message).toBe(
      'h.jsonl line 2: the ok is of put "j", but process 1 invoked put "k" at h.jsonl line 1',
    );
    expect(formatError([invoke(1, 'put', 'k', 'a', 0), done(1, 'ok', 'get', 'k', 'a', 1)]).message).toMatch(
      /the ok is of get "k", but process 1 invoked put "k"/,
    );
    expect(formatError([invoke(1, 'put', 'k', 'a', 0), done(1, 'ok', 'put', 'k', 'b', 1)]).message).toMatch(
      /the put's ok carries "b", but its invoke at h\.jsonl line 1 wrote "a"/,
    );
    const noValue = formatError([
      invoke(1, 'get', 'k', null, 0),
      line({ process: 1, type: 'ok', f: 'get', key: 'k', time: 1 }),
    ]);
    expect(noValue.message).toMatch(/^h\.jsonl line 2: a get's ok needs "value"/);
    const backwards = formatError([invoke(1, 'put', 'k', 'a', 5), invoke(2, 'put', 'k', 'b', 4)]);
    expect([backwards.line, backwards.message]).toEqual([
      2,
      'h.jsonl line 2: "time" 4 is before 5 at h.jsonl line 1; allowed: events in time order',
    ]);
  });

  it('names events by number for a history held in memory', () => {
    expect(() =>
      operationsOf([
        { process: 1, type: 'invoke', f: 'get', key: 'k', time: 0 },
        { process: 1, type: 'invoke', f: 'get', key: 'k', time: 1 },
      ]),
    ).toThrow('history event 2: process 1 invokes again, but its invoke at history event 1 has no completion');
  });
});
