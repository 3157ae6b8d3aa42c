import { eventsOf, type OperationSpec } from '../../test/support/history-builders.js';
import { describeOperation, historyJson, renderHistoryText } from './format.js';
import { checkHistory } from './linearizability.js';
import { operationsOf } from './model.js';

describe('renderHistoryText and historyJson', () => {
  it('shows an operation of unknown outcome without a return time, and one never completed with its invoke line only', () => {
    const [info, pending] = operationsOf(
      eventsOf([
        [1, 'put', 'a\n"b"', 0, 5, 'info'],
        [2, 'get', null, 1, 0, 'none'],
      ]),
    );
    expect(describeOperation(info)).toBe('process 1  put "k" "a\\n\\"b\\""  invoked 0, outcome unknown  (lines 1, 3)');
    expect(describeOperation(pending)).toBe('process 2  get "k" -> null  invoked 1, outcome unknown  (line 2)');
    expect(
      historyJson(
        checkHistory(
          eventsOf([
            [1, 'put', 'a', 0, 5, 'info'],
            [2, 'get', 'b', 6, 7],
          ]),
        ),
      ),
    ).toMatchObject({ verdict: 'not-linearizable' });
  });

  it('names a read of a value only written later, and where the search got stuck', () => {
    const later = renderHistoryText(
      checkHistory(
        eventsOf([
          [2, 'get', 'a', 0, 1],
          [1, 'put', 'a', 5, 6, 'info'],
        ]),
      ),
    );
    expect(later.split('\n').slice(2, 4)).toEqual([
      'key "k": not linearizable: a get read "a", which only puts invoked after it completed wrote',
      '  process 2  get "k" -> "a"  invoked 0, returned 1  (lines 1, 2)',
    ]);
    const none = renderHistoryText(
      checkHistory(
        eventsOf([
          [1, 'put', 'a', 0, 10],
          [2, 'get', 'a', 1, 2],
          [3, 'get', null, 3, 4],
        ]),
      ),
    );
    expect(none.split('\n').slice(2)).toEqual([
      'key "k": not linearizable: no order of its 3 operations explains every result',
      '  the furthest the search got: 2 operations in an order that explains their results, the last 2:',
      '    process 1  put "k" "a"  invoked 0, returned 10  (lines 1, 6)',
      '    process 2  get "k" -> "a"  invoked 1, returned 2  (lines 2, 3)',
      '  then the register holds "a"; one of these has to come next, and none can:',
      '    process 3  get "k" -> null  invoked 3, returned 4  (lines 4, 5)',
      '',
    ]);
    const first = renderHistoryText(
      checkHistory(
        eventsOf([
          [1, 'get', null, 0, 10],
          [2, 'put', 'a', 1, 2],
          [3, 'get', 'a', 1, 2],
          [4, 'put', 'b', 3, 4],
          [1, 'get', 'a', 11, 12],
        ]),
      ),
    );
    expect(first).toMatch(
      /\n {2}then the register holds "b"; one of these has to come next, and none can:\n {4}process 1 {2}get "k" -> "a"/,
    );
  });

  it('names every failing key and says an undecided history is not a pass', () => {
    const specs: OperationSpec[] = [];
    for (let i = 0; i < 6; i++) specs.push([i, 'put', `v${i}`, 0, 100], [10 + i, 'get', `v${i}`, 0, 100]);
    const text = renderHistoryText(checkHistory(eventsOf([...specs, [99, 'get', 'v0', 101, 102]]), { maxSteps: 3 }));
    expect(text).toMatch(
      /^undecided: 13 operations .*; 13 to order, 3 search steps\n\nkey "k": undecided: the search stopped after 3 steps/,
    );
    expect(text).toMatch(/\n\nan undecided history is not a pass\n$/);
  });
});
