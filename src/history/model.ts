import { ConfigurationError } from '../errors.js';

/** What happened to an operation: invoked, completed (`ok`), did not take effect (`fail`), or outcome unknown (`info`). */
export const EVENT_TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
export type HistoryEventType = (typeof EVENT_TYPES)[number];

/** The register operations a history holds: write a value, or read it (`null` when the key is absent). */
export const FUNCTIONS = ['put', 'get'] as const;
export type HistoryFunction = (typeof FUNCTIONS)[number];

/** One line of a history: an invocation or its completion, paired by `process`. */
export interface HistoryEvent {
  process: number;
  type: HistoryEventType;
  f: HistoryFunction;
  key: string;
  /** A put's invoke: the value written. A get's `ok`: the value read, `null` when absent. Otherwise optional. */
  value?: string | null;
  /** Any monotonic clock; the events are in this order. */
  time: number;
  /** Where the event is in the file it was read from, counted from 1. */
  line?: number;
}

/** An invocation paired with its completion. */
export interface Operation {
  /** Position among all operations, in invocation order (from 0). */
  id: number;
  process: number;
  f: HistoryFunction;
  key: string;
  /** A put: the value written. A get: the value read (`null`: absent); `null` for a get that did not complete ok. */
  value: string | null;
  /** `ok`, `fail`, or `info` (unknown; an invocation never completed counts as `info`). */
  outcome: 'ok' | 'fail' | 'info';
  invokeTime: number;
  /** When the completion came; `Infinity` for an unknown outcome, which may take effect at any later time. */
  returnTime: number;
  /** The lines (or, in memory, event numbers) of the invocation and completion; no completion for a never-completed invocation. */
  invokeLine: number;
  completeLine?: number;
}

/** A history that is not one: a line that is not JSON, not an event, or does not pair up. Names the line. */
export class HistoryFormatError extends ConfigurationError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'HistoryFormatError';
  }
}

const EVENT_SHAPE = `{ "process": N, "type": ${EVENT_TYPES.map((t) => `"${t}"`).join(' | ')}, "f": "put" | "get", "key": "...", "value": "..." | null, "time": N }`;

/**
 * Reads JSON lines into events, each with its line number; blank lines are skipped and fields other
 * than the event's are ignored. Throws a HistoryFormatError naming `source` and the line.
 */
export function parseHistory(text: string, source = 'history'): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index].trim();
    if (raw === '') continue;
    const line = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new HistoryFormatError(
        `${source} line ${line} is not JSON (${(error as Error).message}); allowed: one event per line, ${EVENT_SHAPE}`,
        line,
      );
    }
    events.push(eventFrom(parsed, `${source} line ${line}`, line));
  }
  return events;
}

/** One parsed line as an event; throws a HistoryFormatError naming `where` and the field. */
export function eventFrom(parsed: unknown, where: string, line: number): HistoryEvent {
  const fail = (what: string): never => {
    throw new HistoryFormatError(`${where}: ${what}`, line);
  };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    fail(`is not an object; allowed: ${EVENT_SHAPE}`);
  const record = parsed as Record<string, unknown>;
  const shown = (name: string) => (name in record ? JSON.stringify(record[name]) : 'missing');
  const { process, type, f, key, value, time } = record;
  if (typeof process !== 'number' || !Number.isSafeInteger(process))
    fail(`"process" is ${shown('process')}; allowed: a whole number`);
  if (!EVENT_TYPES.includes(type as HistoryEventType))
    fail(`"type" is ${shown('type')}; allowed: ${EVENT_TYPES.join(', ')}`);
  if (!FUNCTIONS.includes(f as HistoryFunction)) fail(`"f" is ${shown('f')}; allowed: ${FUNCTIONS.join(', ')}`);
  if (typeof key !== 'string') fail(`"key" is ${shown('key')}; allowed: a string`);
  if (typeof time !== 'number' || !Number.isFinite(time)) fail(`"time" is ${shown('time')}; allowed: a number`);
  if (value !== undefined && value !== null && typeof value !== 'string')
    fail(`"value" is ${shown('value')}; allowed: a string or null`);
  const event: HistoryEvent = {
    process: process as number,
    type: type as HistoryEventType,
    f: f as HistoryFunction,
    key: key as string,
    time: time as number,
    line,
  };
  if (value !== undefined) event.value = value as string | null;
  return event;
}

/**
 * Pairs each invocation with its process's next completion, in file order. `fail` and `info` are kept
 * (the checker decides what they mean); an invocation left without a completion counts as `info`.
 * Throws a HistoryFormatError for a history that does not pair up: a completion without an invocation,
 * a second invocation before the first completed, a completion of another function or key, a put
 * without a value, a get's `ok` without one, or time running backwards.
 */
export function operationsOf(events: readonly HistoryEvent[], source = 'history'): Operation[] {
  const operations: Operation[] = [];
  const pending = new Map<number, { operation: Operation; at: string }>();
  let previous: { time: number; at: string } | undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const line = event.line ?? index + 1;
    const at = event.line === undefined ? `${source} event ${line}` : `${source} line ${line}`;
    const fail = (what: string): never => {
      throw new HistoryFormatError(`${at}: ${what}`, line);
    };
    if (previous && event.time < previous.time)
      fail(`"time" ${event.time} is before ${previous.time} at ${previous.at}; allowed: events in time order`);
    previous = { time: event.time, at };
    const open = pending.get(event.process);
    if (event.type === 'invoke') {
      if (open)
        fail(
          `process ${event.process} invokes again, but its invoke at ${open.at} has no completion; allowed: one operation at a time per process`,
        );
      if (event.f === 'put' && typeof event.value !== 'string')
        fail(`a put's invoke needs "value", a string (the value written)`);
      const operation: Operation = {
        id: operations.length,
        process: event.process,
        f: event.f,
        key: event.key,
        value: event.f === 'put' ? (event.value as string) : null,
        outcome: 'info',
        invokeTime: event.time,
        returnTime: Infinity,
        invokeLine: line,
      };
      operations.push(operation);
      pending.set(event.process, { operation, at });
      continue;
    }
    if (!open) {
      return fail(
        `an "${event.type}" of process ${event.process}, which has no invoke pending; allowed: a completion after its process's invoke`,
      );
    }
    const { operation, at: invokedAt } = open;
    if (event.f !== operation.f || event.key !== operation.key) {
      fail(
        `the ${event.type} is of ${event.f} ${JSON.stringify(event.key)}, but process ${event.process} invoked ${operation.f} ${JSON.stringify(operation.key)} at ${invokedAt}`,
      );
    }
    if (operation.f === 'put' && typeof event.value === 'string' && event.value !== operation.value) {
      fail(
        `the put's ${event.type} carries ${JSON.stringify(event.value)}, but its invoke at ${invokedAt} wrote ${JSON.stringify(operation.value)}`,
      );
    }
    if (operation.f === 'get' && event.type === 'ok') {
      if (event.value === undefined) fail(`a get's ok needs "value": the value read, or null when the key was absent`);
      operation.value = event.value as string | null;
    }
    operation.outcome = event.type === 'ok' ? 'ok' : event.type;
    operation.completeLine = line;
    if (event.type !== 'info') operation.returnTime = event.time;
    pending.delete(event.process);
  }
  return operations;
}
