import type { KeyFailure, LinearizabilityResult } from './linearizability.js';
import type { Operation } from './model.js';

/** How many of the longest order's last operations the text and the JSON show. */
const ORDER_TAIL = 5;
/** How many operations that cannot be ordered the text shows per key (the JSON has all). */
const STUCK_SHOWN = 20;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One operation, as the text shows it: process, function, key, value, times and lines. */
export function describeOperation(operation: Operation): string {
  const what =
    operation.f === 'put'
      ? `put ${JSON.stringify(operation.key)} ${JSON.stringify(operation.value)}`
      : `get ${JSON.stringify(operation.key)} -> ${JSON.stringify(operation.value)}`;
  const returned = operation.returnTime === Infinity ? 'outcome unknown' : `returned ${operation.returnTime}`;
  const lines =
    operation.completeLine === undefined
      ? `line ${operation.invokeLine}`
      : `lines ${operation.invokeLine}, ${operation.completeLine}`;
  return `process ${operation.process}  ${what}  invoked ${operation.invokeTime}, ${returned}  (${lines})`;
}

/** The verdict for a terminal: a summary line, then for each failing key the operations that cannot be ordered. */
export function renderHistoryText(result: LinearizabilityResult): string {
  const { summary } = result;
  const operations = count(summary.operations, 'operation');
  const counts = `${operations} (${summary.ok} ok, ${summary.failed} failed, ${summary.unknown} unknown outcome) on ${count(summary.keys, 'key')} by ${count(summary.processes, 'process', 'processes')}`;
  const lines = [
    `${result.verdict.replace('-', ' ')}: ${counts}; ${summary.checked} to order, ${count(summary.steps, 'search step')}`,
  ];
  if (!result.ok) {
    for (const failure of result.failures) lines.push('', ...failureText(failure));
    if (result.verdict === 'undecided') lines.push('', 'an undecided history is not a pass');
  }
  return `${lines.join('\n')}\n`;
}

function failureText(failure: KeyFailure): string[] {
  const key = JSON.stringify(failure.key);
  const read = failure.operations[0]?.value;
  switch (failure.cause) {
    case 'never-written':
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which no put on this key wrote (failed puts do not count)`,
        `  ${describeOperation(failure.operations[0])}`,
      ];
    case 'written-later':
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which only puts invoked after it completed wrote`,
        `  ${describeOperation(failure.operations[0])}`,
      ];
    case 'no-order':
    case 'budget':
    case 'memory': {
      const undecided = `without finding an order of its ${failure.checked} operations or proving there is none`;
      const head =
        failure.cause === 'no-order'
          ? `key ${key}: not linearizable: no order of its ${failure.checked} operations explains every result`
          : failure.cause === 'budget'
            ? `key ${key}: undecided: the search stopped after ${count(failure.steps, 'step')} ${undecided}`
            : `key ${key}: undecided: the search stopped at its memory budget, after ${count(failure.steps, 'step')}, ${undecided}`;
      const order = failure.linearized;
      const tail = order.slice(-ORDER_TAIL);
      const lines = [head];
      lines.push(
        order.length === 0
          ? '  the search could order none of them;'
          : `  the furthest the search got: ${order.length} operations in an order that explains their results, the last ${tail.length}:`,
      );
      for (const operation of tail) lines.push(`    ${describeOperation(operation)}`);
      const next =
        failure.cause === 'no-order' ? 'one of these has to come next, and none can' : 'one of these has to come next';
      const held = `  then the register holds ${JSON.stringify(failure.state)}`;
      lines.push(failure.operations.length === 0 ? held : `${held}; ${next}:`);
      for (const operation of failure.operations.slice(0, STUCK_SHOWN))
        lines.push(`    ${describeOperation(operation)}`);
      if (failure.operations.length > STUCK_SHOWN)
        lines.push(`    ... and ${failure.operations.length - STUCK_SHOWN} more`);
      return lines;
    }
  }
}

/** An operation in the JSON: an unknown outcome's `returnTime` and a missing completion's line are null. */
export function operationJson(operation: Operation): Record<string, unknown> {
  return {
    process: operation.process,
    f: operation.f,
    key: operation.key,
    value: operation.value,
    outcome: operation.outcome,
    invokeTime: operation.invokeTime,
    returnTime: operation.returnTime === Infinity ? null : operation.returnTime,
    invokeLine: operation.invokeLine,
    completeLine: operation.completeLine ?? null,
  };
}

/** The verdict as one JSON object (`schemaVersion` 1), as docs/history-format.md documents it. */
export function historyJson(result: LinearizabilityResult): Record<string, unknown> {
  return {
    schemaVersion: 1,
    verdict: result.verdict,
    summary: { ...result.summary },
    failures: result.ok
      ? []
      : result.failures.map((failure) => ({
          key: failure.key,
          verdict: failure.verdict,
          cause: failure.cause,
          operations: failure.operations.map(operationJson),
          linearized: failure.linearized.length,
          lastLinearized: failure.linearized.slice(-ORDER_TAIL).map(operationJson),
          state: failure.state,
          checked: failure.checked,
          steps: failure.steps,
        })),
  };
}

/** The JSON verdict as text, with a final newline. */
export function renderHistoryJson(result: LinearizabilityResult): string {
  return `${JSON.stringify(historyJson(result), null, 2)}\n`;
}
