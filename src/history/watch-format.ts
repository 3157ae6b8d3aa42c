import { eventFrom, HistoryFormatError, type HistoryEvent } from './model.js';

/**
 * The history format's writes beyond put/get and its watch records (docs/history-format.md, "Watch
 * records"), read from the same JSON-lines file as the put/get events.
 */

/** The writes a history may hold: put and get (the put/get checker's), delete, txn and compact. */
export const WRITE_FUNCTIONS = ['delete', 'txn', 'compact'] as const;
type WriteFunction = (typeof WRITE_FUNCTIONS)[number];

/** What a write does to one key: a put of a value, or a delete. */
export type WriteOp = { f: 'put'; key: string; value: string } | { f: 'delete'; key: string };

/** A put, delete or txn, its invocation paired with its completion. */
export interface Write {
  process: number;
  f: 'put' | 'delete' | 'txn';
  /** What it does when applied: one op for a put or a delete, the applied branch's ops for a txn. */
  ops: WriteOp[];
  outcome: 'ok' | 'fail' | 'info';
  /** The revision etcd returned with an `ok` (the response header's); absent when not recorded. */
  revision?: number;
  /** A delete's `ok`: how many keys it deleted (0: no event, and no new revision). */
  deleted?: number;
  invokeTime: number;
  /** `Infinity` for an unknown outcome. */
  returnTime: number;
  invokeLine: number;
  completeLine?: number;
}

/** A compaction of the store's history up to `revision`, acknowledged at `returnTime` (`Infinity`: unknown). */
export interface Compaction {
  revision: number;
  outcome: 'ok' | 'fail' | 'info';
  returnTime: number;
  line: number;
}

/** A key's earlier value as an event's `prevKv` carries it. */
export interface PrevKv {
  value: string;
  modRevision?: number;
  createRevision?: number;
  version?: number;
}

/** One event of a watch response. */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  key: string;
  /** A PUT's value; a DELETE's is absent. */
  value?: string;
  modRevision: number;
  createRevision?: number;
  version?: number;
  prevKv?: PrevKv;
}

/** One response on a watch. */
export interface WatchResponse {
  watcher: number;
  time: number;
  line: number;
  /** The response header's revision. */
  revision?: number;
  events: WatchEvent[];
  progressNotify: boolean;
  /** Set when the watch was refused because its start revision was compacted: the compaction's revision. */
  compactRevision?: number;
  canceled: boolean;
}

/** One watch request on the server: a watcher's start, or a resumption of it; its responses. */
export interface WatchSegment {
  watcher: number;
  kind: 'start' | 'resume';
  /** The watched key, or the start of the watched range. */
  key: string;
  /** The end of the range (exclusive; `"\u0000"`: every key from `key` on); absent for one key. */
  rangeEnd?: string;
  /** The revision the watch starts at; absent for "from now". */
  revision?: number;
  prevKv: boolean;
  progressNotify: boolean;
  member?: string;
  time: number;
  line: number;
  responses: WatchResponse[];
  /** The line that closed it (a cancel, a resume, a canceled response); absent when open at the end. */
  endLine?: number;
}

/** The writes, compactions and watches of a history, for the watch checker. */
export interface WatchHistory {
  writes: Write[];
  compactions: Compaction[];
  segments: WatchSegment[];
  /** Distinct watcher ids. */
  watchers: number;
  resumptions: number;
}

/** A history file read once: the put/get checker's events and the watch checker's history. */
export interface HistoryFile {
  /** The put/get events of keys no delete or txn writes (those keys are not registers of put/get alone). */
  events: HistoryEvent[];
  /** Keys left out of `events` because a delete or a txn writes them. */
  leftOutKeys: string[];
  /** Whether the file has any watch record. */
  hasWatch: boolean;
  watch: WatchHistory;
}

const WATCH_KINDS = ['start', 'response', 'resume', 'cancel'] as const;
type WatchKind = (typeof WATCH_KINDS)[number];

const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** The "\u0000" range end etcd uses for "every key from here on". */
export const ALL_KEYS_FROM = '\u0000';

/** The range end of a prefix: the prefix with its last character incremented, dropping trailing maxima. */
export function prefixRangeEnd(prefix: string): string {
  let end = prefix;
  while (end.length > 0) {
    const last = end.charCodeAt(end.length - 1);
    if (last < 0xffff) return end.slice(0, -1) + String.fromCharCode(last + 1);
    end = end.slice(0, -1);
  }
  return ALL_KEYS_FROM;
}

/**
 * Reads a history file: put/get events (as parseHistory does, with its errors), deletes, txns and
 * compactions, and watch records. Throws a HistoryFormatError naming the line and field.
 */
export function parseHistoryFile(text: string, source = 'history'): HistoryFile {
  const putGet: HistoryEvent[] = [];
  const writes: Write[] = [];
  const compactions: Compaction[] = [];
  const segments: WatchSegment[] = [];
  const open = new Map<number, WatchSegment>();
  const seen = new Set<number>();
  const pending = new Map<number, { write?: Write; compaction?: Compaction; f: string; at: string }>();
  const leftOut = new Set<string>();
  let hasWatch = false;
  let resumptions = 0;
  let previousTime = -Infinity;
  let previousAt = '';
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index].trim();
    if (raw === '') continue;
    const line = index + 1;
    const at = `${source} line ${line}`;
    const fail = (what: string): never => {
      throw new HistoryFormatError(`${at}: ${what}`, line);
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new HistoryFormatError(
        `${at} is not JSON (${(error as Error).message}); allowed: one event or watch record per line (docs/history-format.md)`,
        line,
      );
    }
    const record = parsed as Record<string, unknown>;
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    const shown = (name: string) => (name in record ? JSON.stringify(record[name]) : 'missing');
    if (isObject && 'watch' in record) {
      hasWatch = true;
      const { watch, watcher, time } = record;
      if (!WATCH_KINDS.includes(watch as WatchKind))
        fail(`"watch" is ${shown('watch')}; allowed: ${WATCH_KINDS.join(', ')}`);
      if (!isWhole(watcher)) fail(`"watcher" is ${shown('watcher')}; allowed: a whole number`);
      if (typeof time !== 'number' || !Number.isFinite(time)) fail(`"time" is ${shown('time')}; allowed: a number`);
      if ((time as number) < previousTime)
        fail(`"time" ${time as number} is before ${previousTime} at ${previousAt}; allowed: records in time order`);
      previousTime = time as number;
      previousAt = at;
      const id = watcher as number;
      const current = open.get(id);
      const close = () => {
        if (current) current.endLine = line;
        open.delete(id);
      };
      switch (watch as WatchKind) {
        case 'start': {
          if (seen.has(id)) fail(`watcher ${id} starts again; allowed: one start per watcher, then "resume"`);
          seen.add(id);
          const segment = segmentFrom(record, 'start', id, time as number, line, fail, shown);
          segments.push(segment);
          open.set(id, segment);
          break;
        }
        case 'resume': {
          const first = segments.find((segment) => segment.watcher === id);
          if (!first) return fail(`watcher ${id} resumes, but it never started; allowed: "start" first`);
          if (!isWhole(record.revision) || record.revision < 1)
            fail(`"revision" is ${shown('revision')}; allowed: the revision the watch resumes at, a whole number ≥ 1`);
          close();
          const segment: WatchSegment = {
            ...first,
            kind: 'resume',
            revision: record.revision as number,
            time: time as number,
            line,
            responses: [],
            endLine: undefined,
          };
          if (typeof record.member === 'string') segment.member = record.member;
          segments.push(segment);
          open.set(id, segment);
          resumptions++;
          break;
        }
        case 'cancel':
          if (!seen.has(id)) fail(`watcher ${id} is cancelled, but it never started; allowed: "start" first`);
          close();
          break;
        case 'response': {
          if (!current)
            return fail(
              `a response to watcher ${id}, which has no watch open; allowed: responses between its "start" or "resume" and its cancel`,
            );
          const response = responseFrom(record, id, time as number, line, fail, shown);
          current.responses.push(response);
          if (response.canceled || response.compactRevision !== undefined) close();
          break;
        }
      }
      continue;
    }
    const f = isObject ? record.f : undefined;
    if (!WRITE_FUNCTIONS.includes(f as WriteFunction)) {
      const event = eventFrom(parsed, at, line);
      if (event.time < previousTime)
        fail(`"time" ${event.time} is before ${previousTime} at ${previousAt}; allowed: events in time order`);
      previousTime = event.time;
      previousAt = at;
      putGet.push(event);
      if (event.f === 'put') pairWrite(event.process, record, event.type, 'put', event.time, line, at);
      continue;
    }
    const { process, type, time } = record;
    if (!isWhole(process)) fail(`"process" is ${shown('process')}; allowed: a whole number`);
    if (!['invoke', 'ok', 'fail', 'info'].includes(type as string))
      fail(`"type" is ${shown('type')}; allowed: invoke, ok, fail, info`);
    if (typeof time !== 'number' || !Number.isFinite(time)) fail(`"time" is ${shown('time')}; allowed: a number`);
    if ((time as number) < previousTime)
      fail(`"time" ${time as number} is before ${previousTime} at ${previousAt}; allowed: events in time order`);
    previousTime = time as number;
    previousAt = at;
    pairWrite(process as number, record, type as string, f as string, time as number, line, at);
  }
  const watchers = new Set(segments.map((segment) => segment.watcher)).size;
  return {
    events: leftOut.size === 0 ? putGet : putGet.filter((event) => !leftOut.has(event.key)),
    leftOutKeys: [...leftOut].sort(),
    hasWatch,
    watch: { writes, compactions, segments, watchers, resumptions },
  };

  /** Pairs a write's invocation with its completion (the put/get checker pairs puts and gets again). */
  function pairWrite(
    process: number,
    record: Record<string, unknown>,
    type: string,
    f: string,
    time: number,
    line: number,
    at: string,
  ): void {
    const fail = (what: string): never => {
      throw new HistoryFormatError(`${at}: ${what}`, line);
    };
    const shown = (name: string) => (name in record ? JSON.stringify(record[name]) : 'missing');
    const open = pending.get(process);
    if (type === 'invoke') {
      if (open)
        fail(
          `process ${process} invokes again, but its ${open.f} at ${open.at} has no completion; allowed: one operation at a time per process`,
        );
      if (f === 'compact') {
        if (!isWhole(record.revision) || record.revision < 1)
          fail(`"revision" is ${shown('revision')}; allowed: the revision to compact at, a whole number ≥ 1`);
        const compaction: Compaction = {
          revision: record.revision as number,
          outcome: 'info',
          returnTime: Infinity,
          line,
        };
        compactions.push(compaction);
        pending.set(process, { compaction, f, at });
        return;
      }
      let ops: WriteOp[];
      if (f === 'put') ops = [{ f: 'put', key: record.key as string, value: record.value as string }];
      else if (f === 'delete') {
        if (typeof record.key !== 'string') fail(`"key" is ${shown('key')}; allowed: a string`);
        ops = [{ f: 'delete', key: record.key as string }];
      } else ops = opsFrom(record.ops, fail, shown);
      if (f !== 'put') for (const op of ops) leftOut.add(op.key);
      const write: Write = {
        process,
        f: f as Write['f'],
        ops,
        outcome: 'info',
        invokeTime: time,
        returnTime: Infinity,
        invokeLine: line,
      };
      writes.push(write);
      pending.set(process, { write, f, at });
      return;
    }
    if (!open) {
      if (f === 'put') return; // the put/get checker names it
      return fail(
        `an "${type}" of process ${process}, which has no invoke pending; allowed: a completion after its process's invoke`,
      );
    }
    if (open.f !== f) fail(`the ${type} is of ${f}, but process ${process} invoked ${open.f} at ${open.at}`);
    pending.delete(process);
    const outcome = type as 'ok' | 'fail' | 'info';
    if (open.compaction) {
      open.compaction.outcome = outcome;
      if (outcome !== 'info') open.compaction.returnTime = time;
      return;
    }
    const write = open.write as Write;
    write.outcome = outcome;
    write.completeLine = line;
    if (outcome !== 'info') write.returnTime = time;
    if (outcome !== 'ok') return;
    if ('revision' in record) {
      if (!isWhole(record.revision) || record.revision < 1)
        fail(`"revision" is ${shown('revision')}; allowed: the revision etcd returned, a whole number ≥ 1`);
      write.revision = record.revision as number;
    }
    if (f === 'delete' && 'deleted' in record) {
      if (!isWhole(record.deleted) || record.deleted < 0)
        fail(`"deleted" is ${shown('deleted')}; allowed: how many keys the delete deleted, a whole number`);
      write.deleted = record.deleted as number;
    }
    if (f === 'txn' && 'ops' in record) {
      write.ops = opsFrom(record.ops, fail, shown);
      for (const op of write.ops) leftOut.add(op.key);
    }
  }
}

function opsFrom(ops: unknown, fail: (what: string) => never, shown: (name: string) => string): WriteOp[] {
  if (!Array.isArray(ops))
    fail(
      `"ops" is ${shown('ops')}; allowed: the txn's writes, [{ "f": "put", "key", "value" } | { "f": "delete", "key" }]`,
    );
  return (ops as unknown[]).map((op, index) => {
    const o = (typeof op === 'object' && op !== null ? op : {}) as Record<string, unknown>;
    const field = `"ops"[${index}]`;
    if (typeof o.key !== 'string') fail(`${field}."key" is ${JSON.stringify(o.key) ?? 'missing'}; allowed: a string`);
    if (o.f === 'put') {
      if (typeof o.value !== 'string')
        fail(`${field}."value" is ${JSON.stringify(o.value) ?? 'missing'}; allowed: a string (the value written)`);
      return { f: 'put', key: o.key as string, value: o.value as string };
    }
    if (o.f === 'delete') return { f: 'delete', key: o.key as string };
    return fail(`${field}."f" is ${JSON.stringify(o.f) ?? 'missing'}; allowed: put, delete`);
  });
}

function segmentFrom(
  record: Record<string, unknown>,
  kind: 'start',
  watcher: number,
  time: number,
  line: number,
  fail: (what: string) => never,
  shown: (name: string) => string,
): WatchSegment {
  const { key, rangeEnd, prefix, revision, prevKv, progressNotify, member } = record;
  if (typeof key !== 'string') fail(`"key" is ${shown('key')}; allowed: the key or range start watched, a string`);
  if (rangeEnd !== undefined && typeof rangeEnd !== 'string')
    fail(`"rangeEnd" is ${shown('rangeEnd')}; allowed: the end of the range watched (exclusive), a string`);
  if (prefix !== undefined && typeof prefix !== 'boolean')
    fail(`"prefix" is ${shown('prefix')}; allowed: true or false`);
  if (prefix === true && rangeEnd !== undefined) fail(`"prefix" and "rangeEnd" are both given; allowed: one of them`);
  if (revision !== undefined && (!isWhole(revision) || revision < 1))
    fail(`"revision" is ${shown('revision')}; allowed: the revision the watch starts at, a whole number ≥ 1`);
  for (const flag of ['prevKv', 'progressNotify'])
    if (record[flag] !== undefined && typeof record[flag] !== 'boolean')
      fail(`"${flag}" is ${shown(flag)}; allowed: true or false`);
  if (member !== undefined && typeof member !== 'string')
    fail(`"member" is ${shown('member')}; allowed: the member or endpoint watched, a string`);
  const segment: WatchSegment = {
    watcher,
    kind,
    key: key as string,
    prevKv: prevKv === true,
    progressNotify: progressNotify === true,
    time,
    line,
    responses: [],
  };
  if (prefix === true) segment.rangeEnd = prefixRangeEnd(key as string);
  else if (rangeEnd !== undefined && rangeEnd !== '') segment.rangeEnd = rangeEnd as string;
  if (revision !== undefined) segment.revision = revision as number;
  if (member !== undefined) segment.member = member as string;
  return segment;
}

function optionalRevision(
  value: unknown,
  field: string,
  fail: (what: string) => never,
  min: number,
  what = 'a whole number',
): number | undefined {
  if (value === undefined) return undefined;
  if (!isWhole(value) || value < min)
    fail(`${field} is ${JSON.stringify(value)}; allowed: ${what}${min > 0 ? ` ≥ ${min}` : ''}`);
  return value as number;
}

function responseFrom(
  record: Record<string, unknown>,
  watcher: number,
  time: number,
  line: number,
  fail: (what: string) => never,
  shown: (name: string) => string,
): WatchResponse {
  const { events = [], progressNotify, canceled } = record;
  if (!Array.isArray(events)) fail(`"events" is ${shown('events')}; allowed: a list of events`);
  for (const flag of ['progressNotify', 'canceled'])
    if (record[flag] !== undefined && typeof record[flag] !== 'boolean')
      fail(`"${flag}" is ${shown(flag)}; allowed: true or false`);
  const response: WatchResponse = {
    watcher,
    time,
    line,
    events: (events as unknown[]).map((event, index) => eventOf(event, `"events"[${index}]`, fail)),
    progressNotify: progressNotify === true,
    canceled: canceled === true,
  };
  const revision = optionalRevision(record.revision, '"revision"', fail, 1, "the response header's revision");
  if (revision !== undefined) response.revision = revision;
  if (response.progressNotify && revision === undefined)
    fail(`a progress notification needs "revision", the revision up to which every event was sent`);
  const compact = optionalRevision(record.compactRevision, '"compactRevision"', fail, 1, 'the compacted revision');
  if (compact !== undefined) response.compactRevision = compact;
  return response;
}

function eventOf(event: unknown, field: string, fail: (what: string) => never): WatchEvent {
  const e = (typeof event === 'object' && event !== null && !Array.isArray(event) ? event : undefined) as
    Record<string, unknown> | undefined;
  if (!e) return fail(`${field} is ${JSON.stringify(event)}; allowed: an event object`);
  const shown = (name: string) => (name in e ? JSON.stringify(e[name]) : 'missing');
  if (e.type !== 'PUT' && e.type !== 'DELETE') fail(`${field}."type" is ${shown('type')}; allowed: PUT, DELETE`);
  if (typeof e.key !== 'string') fail(`${field}."key" is ${shown('key')}; allowed: a string`);
  if (e.type === 'PUT' && typeof e.value !== 'string') fail(`${field}."value" is ${shown('value')}; allowed: a string`);
  const modRevision = optionalRevision(e.modRevision, `${field}."modRevision"`, fail, 1, "the event's revision");
  if (modRevision === undefined)
    fail(`${field}."modRevision" is missing; allowed: the event's revision, a whole number`);
  const result: WatchEvent = { type: e.type as 'PUT' | 'DELETE', key: e.key as string, modRevision: modRevision! };
  if (e.type === 'PUT') result.value = e.value as string;
  const createRevision = optionalRevision(e.createRevision, `${field}."createRevision"`, fail, 0);
  if (createRevision !== undefined) result.createRevision = createRevision;
  const version = optionalRevision(e.version, `${field}."version"`, fail, 0);
  if (version !== undefined) result.version = version;
  if (e.prevKv !== undefined && e.prevKv !== null) {
    const p = e.prevKv as Record<string, unknown>;
    if (typeof p !== 'object' || typeof p.value !== 'string')
      fail(`${field}."prevKv" is ${shown('prevKv')}; allowed: { "value": "...", "modRevision": N, ... } or null`);
    const prevKv: PrevKv = { value: p.value as string };
    const mod = optionalRevision(p.modRevision, `${field}."prevKv"."modRevision"`, fail, 1);
    if (mod !== undefined) prevKv.modRevision = mod;
    const create = optionalRevision(p.createRevision, `${field}."prevKv"."createRevision"`, fail, 1);
    if (create !== undefined) prevKv.createRevision = create;
    const version = optionalRevision(p.version, `${field}."prevKv"."version"`, fail, 1);
    if (version !== undefined) prevKv.version = version;
    result.prevKv = prevKv;
  }
  return result;
}
