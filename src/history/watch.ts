/**
 * The watch guarantees etcd documents (https://etcd.io/docs/v3.5/learning/api_guarantees/#watch-apis),
 * checked offline on a history's watch records against its writes and their revisions: for each watch
 * (a watcher's start or a resumption), events are filtered, ordered, unique, atomic, bookmarkable,
 * resumable and reliable; `prev_kv` and the create/modify fields agree with the writes before them; and a
 * watch from a compacted revision is refused with the compaction error.
 *
 * What the store did is known from acknowledged writes that carry their revision, and from the events
 * any watcher delivered (each must be explained by a write that may have taken effect: an acknowledged
 * one at that revision, or one of unknown outcome, or acknowledged without a revision). Writes of unknown
 * outcome that nobody saw may have taken effect or not; a key with such writes is not judged on `prev_kv`
 * and create/modify fields unless a watch covered every revision of the history on it.
 */
import type { Compaction, WatchEvent, WatchHistory, WatchResponse, WatchSegment, Write } from './watch-format.js';
import { ALL_KEYS_FROM } from './watch-format.js';

/** The guarantees, in the order a response's violations are named. */
export const WATCH_GUARANTEES = [
  'compaction',
  'filtered',
  'ordered',
  'unique',
  'atomic',
  'bookmarkable',
  'resumable',
  'reliable',
  'flags',
  'prev_kv',
] as const;
export type WatchGuarantee = (typeof WATCH_GUARANTEES)[number];

/** What each guarantee means, for the text. */
export const GUARANTEE_MEANING: Record<WatchGuarantee, string> = {
  compaction: 'a watch from a compacted revision is refused with the compaction error, and only such a watch',
  filtered: 'every event matches the watched key or range',
  ordered: 'revisions never go back on a watch',
  unique: 'no event (revision and key) twice on a watch',
  atomic: "a revision's events come in one response",
  bookmarkable: "no event at or below a progress notification's revision after it",
  resumable: 'a watch from revision R gets first the first event at or after R',
  reliable: 'no event missing between the first and the last revision a watch covered, and none made up',
  flags: 'create_revision and version agree with the writes before (a create has create_revision = mod_revision)',
  prev_kv: 'prev_kv is the key value before the event',
};

/** One broken guarantee, quoted. */
export interface WatchViolation {
  guarantee: WatchGuarantee;
  watcher: number;
  /** The response's line (for silence where an answer was due, the line that closed the watch or started it). */
  line: number;
  /** The line of the watch's start or resumption. */
  watchLine: number;
  revision?: number;
  key?: string;
  expected: string;
  got: string;
}

/** A guarantee the history could not show, and why. */
export interface NotChecked {
  guarantee: WatchGuarantee;
  reason: string;
}

export interface WatchSummary {
  watchers: number;
  /** Watch requests: starts and resumptions. */
  watches: number;
  resumptions: number;
  responses: number;
  progressNotifications: number;
  events: number;
  /** Events whose key's earlier writes are not all known, so that `prev_kv` and create/modify fields were not judged. */
  eventsNotJudgedOnFlags: number;
  /** The largest time from a write's acknowledgment to its event's delivery, in the history's time unit; null: none measured. */
  largestDelay: number | null;
}

export interface WatchResult {
  ok: boolean;
  verdict: 'hold' | 'violated';
  summary: WatchSummary;
  /** The first violations by line, at most MAX_VIOLATIONS. */
  violations: WatchViolation[];
  violationCount: number;
  notChecked: NotChecked[];
}

/** How many violations the result keeps. */
export const MAX_VIOLATIONS = 100;

/** An event the store made: from an acknowledged write with its revision, or delivered by a watcher. */
interface Known {
  type: 'PUT' | 'DELETE';
  key: string;
  value?: string;
  revision: number;
  /** A delete whose effect is not known (it may have deleted nothing) and no watcher delivered. */
  optional: boolean;
  /** Where it is known from, for the text. */
  from: string;
  ackTime?: number;
  createRevision?: number;
  version?: number;
  /** The key before it: undefined when not known. */
  before?: KeyState;
}

interface KeyState {
  exists: boolean;
  value?: string;
  modRevision?: number;
  createRevision?: number;
  version?: number;
}

const eventId = (revision: number, key: string) => `${revision}\u0000${key}`;
const q = JSON.stringify;

function matcher(segment: WatchSegment): (key: string) => boolean {
  const { key: start, rangeEnd } = segment;
  if (rangeEnd === undefined) return (key) => key === start;
  if (rangeEnd === ALL_KEYS_FROM) return (key) => key >= start;
  return (key) => key >= start && key < rangeEnd;
}

function describeWatch(segment: WatchSegment): string {
  const what =
    segment.rangeEnd === undefined
      ? `key ${q(segment.key)}`
      : segment.rangeEnd === ALL_KEYS_FROM
        ? `keys from ${q(segment.key)}`
        : `range [${q(segment.key)}, ${q(segment.rangeEnd)})`;
  const from = segment.revision === undefined ? 'from now' : `from revision ${segment.revision}`;
  return `${segment.kind === 'resume' ? 'resumed' : 'started'} at line ${segment.line}, ${what} ${from}`;
}

function describeEvent(event: { type: string; key: string; value?: string }, revision: number): string {
  return `${event.type} ${q(event.key)}${event.type === 'PUT' ? ` = ${q(event.value)}` : ''} at revision ${revision}`;
}

function describeState(state: KeyState): string {
  if (!state.exists) return 'no previous value (the key was absent)';
  const parts = [`value ${q(state.value)}`];
  if (state.modRevision !== undefined) parts.push(`mod_revision ${state.modRevision}`);
  if (state.createRevision !== undefined) parts.push(`create_revision ${state.createRevision}`);
  if (state.version !== undefined) parts.push(`version ${state.version}`);
  return parts.join(', ');
}

/** Checks every watch of `history`. */
export function checkWatch(history: WatchHistory): WatchResult {
  const { writes, compactions, segments } = history;
  const violations: WatchViolation[] = [];
  const rank = new Map(WATCH_GUARANTEES.map((g, i) => [g, i]));
  const violate = (
    guarantee: WatchGuarantee,
    segment: WatchSegment,
    line: number,
    expected: string,
    got: string,
    revision?: number,
    key?: string,
  ) => {
    const violation: WatchViolation = {
      guarantee,
      watcher: segment.watcher,
      line,
      watchLine: segment.line,
      expected,
      got,
    };
    if (revision !== undefined) violation.revision = revision;
    if (key !== undefined) violation.key = key;
    violations.push(violation);
  };

  // 1. What acknowledged writes with revisions say the store did.
  const known = new Map<string, Known>();
  /** Revisions whose write is known whole: no other event at that revision. */
  const exact = new Map<number, Write>();
  let withRevision = 0;
  for (const write of writes) {
    if (write.outcome !== 'ok' || write.revision === undefined) continue;
    withRevision++;
    const revision = write.revision;
    if (write.f === 'delete' && write.deleted === 0) continue;
    let certain = write.ops.length > 0;
    for (const op of write.ops) {
      const optional = op.f === 'delete' && !(write.f === 'delete' && write.deleted !== undefined);
      if (optional) certain = false;
      const entry: Known = {
        type: op.f === 'put' ? 'PUT' : 'DELETE',
        key: op.key,
        revision,
        optional,
        from: `the ${write.f} acknowledged at line ${write.completeLine ?? write.invokeLine}`,
        ackTime: write.returnTime,
      };
      if (op.f === 'put') entry.value = op.value;
      known.set(eventId(revision, op.key), entry);
    }
    if (certain) exact.set(revision, write);
  }
  // Writes that may have taken effect at a revision not recorded: located by the events delivered.
  const unlocatedPuts = new Map<string, Write[]>();
  const unlocatedDeletes = new Map<string, Write[]>();
  const putAt = new Map<string, Write>();
  for (const write of writes) {
    if (write.outcome === 'fail') continue;
    const acked = write.outcome === 'ok' && write.revision !== undefined;
    for (const op of write.ops) {
      if (op.f === 'put') {
        const id = `${op.key}\u0000${op.value}`;
        if (acked) putAt.set(id, write);
        else pushTo(unlocatedPuts, id, write);
      } else if (!acked) pushTo(unlocatedDeletes, op.key, write);
    }
  }

  // 2. Every delivered event must be one the store made; the first delivery of one unknown makes it known.
  let events = 0;
  let responses = 0;
  let progressNotifications = 0;
  for (const segment of segments) {
    for (const response of segment.responses) {
      responses++;
      if (response.progressNotify) progressNotifications++;
      for (const event of response.events) {
        events++;
        explain(segment, response, event);
      }
    }
  }

  function explain(segment: WatchSegment, response: WatchResponse, event: WatchEvent): void {
    const revision = event.modRevision;
    const id = eventId(revision, event.key);
    const entry = known.get(id);
    const got = describeEvent(event, revision);
    if (entry) {
      if (entry.type !== event.type || (event.type === 'PUT' && entry.value !== event.value)) {
        violate(
          'reliable',
          segment,
          response.line,
          `${describeEvent(entry, revision)} (${entry.from})`,
          got,
          revision,
          event.key,
        );
        return;
      }
      if (entry.optional) {
        entry.optional = false;
      }
      if (entry.createRevision === undefined && event.createRevision !== undefined)
        entry.createRevision = event.createRevision;
      if (entry.version === undefined && event.version !== undefined) entry.version = event.version;
      return;
    }
    const whole = exact.get(revision);
    if (whole) {
      violate(
        'reliable',
        segment,
        response.line,
        `only the events of the ${whole.f} acknowledged at line ${whole.completeLine} at revision ${revision}`,
        got,
        revision,
        event.key,
      );
      return;
    }
    let ackTime: number | undefined;
    if (writes.length > 0) {
      if (event.type === 'PUT') {
        const valueId = `${event.key}\u0000${event.value}`;
        const candidates = unlocatedPuts.get(valueId);
        const acked = putAt.get(valueId);
        if (!candidates || candidates.length === 0) {
          const expected = acked
            ? `${q(event.value)} at revision ${acked.revision}, where its write was acknowledged (line ${acked.completeLine})`
            : `a value some put of ${q(event.key)} that may have taken effect wrote`;
          violate('reliable', segment, response.line, expected, got, revision, event.key);
          return;
        }
        const write = candidates.pop() as Write;
        if (write.outcome === 'ok') ackTime = write.returnTime;
      } else {
        const candidates = unlocatedDeletes.get(event.key);
        if (!candidates || candidates.length === 0) {
          violate(
            'reliable',
            segment,
            response.line,
            `a delete of ${q(event.key)} at revision ${revision} that may have taken effect`,
            got,
            revision,
            event.key,
          );
          return;
        }
        const write = candidates.pop() as Write;
        if (write.outcome === 'ok') ackTime = write.returnTime;
      }
    }
    const entry2: Known = {
      type: event.type,
      key: event.key,
      revision,
      optional: false,
      from: `delivered to watcher ${segment.watcher} at line ${response.line}`,
    };
    if (event.value !== undefined) entry2.value = event.value;
    if (ackTime !== undefined) entry2.ackTime = ackTime;
    if (event.createRevision !== undefined) entry2.createRevision = event.createRevision;
    if (event.version !== undefined) entry2.version = event.version;
    known.set(id, entry2);
  }

  // 3. Each key's events in revision order, with the key's state before each where it is known.
  const byKey = new Map<string, Known[]>();
  for (const entry of known.values()) pushTo(byKey, entry.key, entry);
  const all: Known[] = [];
  let lowest = Infinity;
  let highest = 0;
  for (const entry of known.values()) {
    lowest = Math.min(lowest, entry.revision);
    highest = Math.max(highest, entry.revision);
  }
  const incompleteKeys = new Set<string>();
  const hasUnlocated = (map: Map<string, Write[]>, keyOf: (id: string) => string, needOk: boolean) => {
    for (const [id, list] of map)
      for (const w of list) if (!needOk || w.outcome === 'ok') incompleteKeys.add(keyOf(id));
  };
  // Unlocated writes acknowledged without a revision leave their key's history unknown; unlocated writes
  // of unknown outcome too, unless a watch covered every revision of the history on the key.
  const covering = segments.filter(
    (s) => s.responses.length > 0 && (s.revision ?? Infinity) <= lowest && coveredUpTo(s) >= highest,
  );
  const covered = (key: string) => covering.some((s) => matcher(s)(key));
  hasUnlocated(unlocatedPuts, (id) => id.slice(0, id.indexOf('\u0000')), true);
  hasUnlocated(unlocatedDeletes, (id) => id, true);
  for (const [id, list] of unlocatedPuts) {
    const key = id.slice(0, id.indexOf('\u0000'));
    if (list.length > 0 && !covered(key)) incompleteKeys.add(key);
  }
  for (const [key, list] of unlocatedDeletes) if (list.length > 0 && !covered(key)) incompleteKeys.add(key);
  // Revision 1 is the empty store: while every revision from 2 on is known whole, a key none of them
  // wrote is absent.
  let wholeUpTo = 1;
  while (exact.has(wholeUpTo + 1)) wholeUpTo++;
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.revision - b.revision);
    const judged = !incompleteKeys.has(key);
    let state: KeyState | undefined = list[0].revision <= wholeUpTo + 1 ? { exists: false } : undefined;
    const kept: Known[] = [];
    for (const entry of list) {
      if (entry.optional && state !== undefined) {
        if (!state.exists) continue; // a delete of an absent key makes no event
        entry.optional = false;
      }
      entry.before = judged ? state : undefined;
      if (entry.optional) {
        state = undefined;
      } else if (entry.type === 'DELETE') {
        state = { exists: false };
      } else {
        const next: KeyState = { exists: true, value: entry.value, modRevision: entry.revision };
        if (state && !state.exists) {
          next.createRevision = entry.revision;
          next.version = 1;
        } else if (state?.createRevision !== undefined && state.version !== undefined) {
          next.createRevision = state.createRevision;
          next.version = state.version + 1;
        } else {
          next.createRevision = entry.createRevision;
          next.version = entry.version;
        }
        state = next;
      }
      kept.push(entry);
      all.push(entry);
    }
    byKey.set(key, kept);
  }
  all.sort((a, b) => a.revision - b.revision || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // 4. Each watch on its own.
  const compactedBy = compactionsOf(compactions, segments);
  let largestDelay: number | null = null;
  let eventsNotJudgedOnFlags = 0;
  const revisionsKnown = withRevision > 0 || writes.length === 0;
  for (const segment of segments) {
    const matches = matcher(segment);
    const seen = new Set<string>();
    let lastEvent = 0;
    let lastProgress = 0;
    let previousResponseLast = 0;
    let refused: WatchResponse | undefined;
    for (const response of segment.responses) {
      if (response.compactRevision !== undefined) {
        refused = response;
        const start = segment.revision;
        if (start === undefined || start >= response.compactRevision)
          violate(
            'compaction',
            segment,
            response.line,
            `events from ${start === undefined ? 'now' : `revision ${start}`}, which compaction at ${response.compactRevision} keeps`,
            `the compaction error, compact revision ${response.compactRevision}`,
          );
      }
      const evs = response.events;
      if (evs.length > 0) {
        if (evs[0].modRevision === previousResponseLast)
          violate(
            'atomic',
            segment,
            response.line,
            `the events of revision ${previousResponseLast} in one response`,
            `more of them after the response that ended at revision ${previousResponseLast}`,
            previousResponseLast,
            evs[0].key,
          );
        previousResponseLast = evs[evs.length - 1].modRevision;
      }
      for (const event of evs) {
        const revision = event.modRevision;
        const got = describeEvent(event, revision);
        if (!matches(event.key))
          violate(
            'filtered',
            segment,
            response.line,
            `events of the watch's ${describeWatch(segment).split(', ')[1]}`,
            got,
            revision,
            event.key,
          );
        if (revision < lastEvent)
          violate('ordered', segment, response.line, `a revision at or after ${lastEvent}`, got, revision, event.key);
        const id = eventId(revision, event.key);
        if (seen.has(id))
          violate(
            'unique',
            segment,
            response.line,
            `${q(event.key)} at revision ${revision} once`,
            `${got} again`,
            revision,
            event.key,
          );
        seen.add(id);
        if (revision <= lastProgress)
          violate(
            'bookmarkable',
            segment,
            response.line,
            `events after revision ${lastProgress}, which a progress notification reported complete`,
            got,
            revision,
            event.key,
          );
        lastEvent = revision;
        const entry = known.get(id);
        if (entry?.ackTime !== undefined && entry.ackTime >= segment.time && entry.ackTime !== Infinity) {
          const delay = Math.max(0, response.time - entry.ackTime);
          if (largestDelay === null || delay > largestDelay) largestDelay = delay;
        }
        if (entry && entry.type === event.type && (event.type === 'DELETE' || entry.value === event.value)) {
          if (entry.before === undefined) eventsNotJudgedOnFlags++;
          else judgeFlags(segment, response, event, entry.before);
        }
      }
      // As etcd's robustness tests judge it: a notification promises every event up to its revision was
      // delivered, so an event at or below it afterwards breaks the promise; a notification whose revision
      // is below an earlier one's or an event's already delivered promises less and breaks nothing.
      if (response.progressNotify) lastProgress = Math.max(lastProgress, response.revision as number);
    }

    // Compaction: a watch from below a compaction acknowledged before it started is refused.
    const compacted = compactedBy(segment.time);
    if (
      segment.revision !== undefined &&
      compacted !== undefined &&
      segment.revision < compacted.revision &&
      !refused
    ) {
      const first = segment.responses.find((r) => r.events.length > 0);
      if (first || segment.endLine !== undefined)
        violate(
          'compaction',
          segment,
          first?.line ?? (segment.endLine as number),
          `the compaction error: revision ${segment.revision} is below the compaction at ${compacted.revision} (${compacted.from})`,
          first ? describeEvent(first.events[0], first.events[0].modRevision) : 'no answer before the watch ended',
          segment.revision,
        );
    }
    if (refused || !revisionsKnown) continue;

    // Resumable: the first event is the first the store made at or after the start revision.
    const delivered: { event: WatchEvent; response: WatchResponse } | undefined = firstEvent(segment);
    if (segment.revision !== undefined && delivered) {
      const wanted = nextEvent(segment.revision, matches, segment.rangeEnd === undefined ? segment.key : undefined);
      const gotRevision = delivered.event.modRevision;
      const got = describeEvent(delivered.event, gotRevision);
      if (gotRevision < segment.revision)
        violate(
          'resumable',
          segment,
          delivered.response.line,
          `a first event at or after revision ${segment.revision}`,
          got,
          gotRevision,
          delivered.event.key,
        );
      else if (wanted && gotRevision > wanted.revision)
        violate(
          'resumable',
          segment,
          delivered.response.line,
          `${describeEvent(wanted, wanted.revision)} first (${wanted.from})`,
          got,
          wanted.revision,
          wanted.key,
        );
    }

    // Reliable: every event the store made between the first and last revision covered was delivered.
    const first = firstRevision(segment);
    const last = coveredUpTo(segment);
    if (first === undefined || last < first) continue;
    const candidates = segment.rangeEnd === undefined ? (byKey.get(segment.key) ?? []) : all;
    for (let i = lowerBound(candidates, first); i < candidates.length && candidates[i].revision <= last; i++) {
      const entry = candidates[i];
      if (entry.optional || !matches(entry.key) || seen.has(eventId(entry.revision, entry.key))) continue;
      const response = segment.responses.find((r) => coverage(r) >= entry.revision) as WatchResponse;
      violate(
        'reliable',
        segment,
        response.line,
        `${describeEvent(entry, entry.revision)} (${entry.from}) by the response that covers revision ${entry.revision}`,
        response.progressNotify
          ? `a progress notification at revision ${response.revision} without it`
          : `no such event; this response goes on to revision ${coverage(response)}`,
        entry.revision,
        entry.key,
      );
    }
  }

  function judgeFlags(segment: WatchSegment, response: WatchResponse, event: WatchEvent, before: KeyState): void {
    const revision = event.modRevision;
    const got = describeEvent(event, revision);
    if (event.type === 'DELETE') {
      if (!before.exists)
        violate(
          'flags',
          segment,
          response.line,
          `no DELETE event: ${q(event.key)} was absent before revision ${revision}`,
          got,
          revision,
          event.key,
        );
    } else if (!before.exists) {
      if (
        (event.createRevision !== undefined && event.createRevision !== revision) ||
        (event.version !== undefined && event.version !== 1)
      )
        violate(
          'flags',
          segment,
          response.line,
          `a create: create_revision ${revision}, version 1 (the key was absent before)`,
          `${got} with create_revision ${event.createRevision}, version ${event.version}`,
          revision,
          event.key,
        );
    } else {
      const createOk =
        event.createRevision === undefined ||
        before.createRevision === undefined ||
        event.createRevision === before.createRevision;
      const versionOk =
        event.version === undefined || before.version === undefined || event.version === before.version + 1;
      if (!createOk || !versionOk || event.createRevision === revision)
        violate(
          'flags',
          segment,
          response.line,
          `a modification: create_revision ${before.createRevision ?? '(unknown)'}, version ${before.version === undefined ? '(unknown)' : before.version + 1}`,
          `${got} with create_revision ${event.createRevision}, version ${event.version}`,
          revision,
          event.key,
        );
    }
    const prev = event.prevKv;
    if (!segment.prevKv || !prev) return;
    const wrong =
      !before.exists ||
      prev.value !== before.value ||
      (prev.modRevision !== undefined && before.modRevision !== undefined && prev.modRevision !== before.modRevision) ||
      (prev.createRevision !== undefined &&
        before.createRevision !== undefined &&
        prev.createRevision !== before.createRevision) ||
      (prev.version !== undefined && before.version !== undefined && prev.version !== before.version);
    if (wrong)
      violate(
        'prev_kv',
        segment,
        response.line,
        describeState(before),
        `prev_kv ${describeState({ exists: true, ...prev })} on ${got}`,
        revision,
        event.key,
      );
  }

  function nextEvent(from: number, matches: (key: string) => boolean, key: string | undefined): Known | undefined {
    const list = key === undefined ? all : (byKey.get(key) ?? []);
    for (let i = lowerBound(list, from); i < list.length; i++)
      if (!list[i].optional && matches(list[i].key)) return list[i];
    return undefined;
  }

  violations.sort((a, b) => a.line - b.line || (rank.get(a.guarantee) as number) - (rank.get(b.guarantee) as number));
  const notChecked: NotChecked[] = [];
  if (writes.length === 0) {
    for (const guarantee of ['reliable', 'resumable', 'flags', 'prev_kv'] as const)
      notChecked.push({ guarantee, reason: 'the history has no writes' });
  } else if (withRevision === 0) {
    for (const guarantee of ['reliable', 'resumable'] as const)
      notChecked.push({ guarantee, reason: 'no acknowledged write carries the revision etcd returned' });
  }
  if (compactions.length === 0 && !segments.some((s) => s.responses.some((r) => r.compactRevision !== undefined)))
    notChecked.push({ guarantee: 'compaction', reason: 'the history has no compaction' });
  const ok = violations.length === 0;
  return {
    ok,
    verdict: ok ? 'hold' : 'violated',
    summary: {
      watchers: history.watchers,
      watches: segments.length,
      resumptions: history.resumptions,
      responses,
      progressNotifications,
      events,
      eventsNotJudgedOnFlags,
      largestDelay,
    },
    violations: violations.slice(0, MAX_VIOLATIONS),
    violationCount: violations.length,
    notChecked,
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function lowerBound(list: readonly Known[], revision: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].revision < revision) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The highest revision a response says the watch has delivered everything up to. */
function coverage(response: WatchResponse): number {
  if (response.progressNotify) return response.revision as number;
  const events = response.events;
  return events.length > 0 ? events[events.length - 1].modRevision : 0;
}

/** The last revision a watch covered: its last progress notification's or last event's (0: none). */
function coveredUpTo(segment: WatchSegment): number {
  for (let i = segment.responses.length - 1; i >= 0; i--) {
    const covered = coverage(segment.responses[i]);
    if (covered > 0) return covered;
  }
  return 0;
}

/** The first revision a watch covers: its start revision; else after its first response's header, or its first event's. */
function firstRevision(segment: WatchSegment): number | undefined {
  if (segment.revision !== undefined) return segment.revision;
  const first = segment.responses[0];
  if (!first) return undefined;
  if (first.events.length > 0) return first.events[0].modRevision;
  return first.revision === undefined ? undefined : first.revision + 1;
}

function firstEvent(segment: WatchSegment): { event: WatchEvent; response: WatchResponse } | undefined {
  for (const response of segment.responses)
    if (response.events.length > 0) return { event: response.events[0], response };
  return undefined;
}

/** The highest revision known compacted by a time: from acknowledged compactions and from compaction errors. */
function compactionsOf(
  compactions: readonly Compaction[],
  segments: readonly WatchSegment[],
): (time: number) => { revision: number; from: string } | undefined {
  const points: { time: number; revision: number; from: string }[] = [];
  for (const c of compactions)
    if (c.outcome === 'ok')
      points.push({ time: c.returnTime, revision: c.revision, from: `compaction acknowledged, line ${c.line}` });
  for (const s of segments)
    for (const r of s.responses)
      if (r.compactRevision !== undefined)
        points.push({
          time: r.time,
          revision: r.compactRevision,
          from: `compaction error to watcher ${s.watcher}, line ${r.line}`,
        });
  points.sort((a, b) => a.time - b.time);
  return (time) => {
    let best: { revision: number; from: string } | undefined;
    for (const p of points) {
      if (p.time >= time) break;
      if (!best || p.revision > best.revision) best = p;
    }
    return best;
  };
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The watch verdict for a terminal. */
export function renderWatchText(result: WatchResult): string {
  const s = result.summary;
  const figures = `${count(s.watchers, 'watcher')} (${count(s.resumptions, 'resumption')}), ${count(s.watches, 'watch', 'watches')}, ${count(s.responses, 'response')}, ${count(s.events, 'event')} checked; largest delivery delay ${s.largestDelay ?? 'not measured'}`;
  const lines = [`watch guarantees ${result.ok ? 'hold' : 'violated'}: ${figures}`];
  for (const { guarantee, reason } of result.notChecked) lines.push(`not checked: ${guarantee} (${reason})`);
  if (s.eventsNotJudgedOnFlags > 0)
    lines.push(
      `not judged on prev_kv and create/modify fields: ${count(s.eventsNotJudgedOnFlags, 'event')} whose key's earlier writes are not all known`,
    );
  if (!result.ok) {
    lines.push('', `${count(result.violationCount, 'violation')}; the first:`);
    lines.push(...violationText(result.violations[0]));
    if (result.violations.length > 1) {
      lines.push('', 'then:');
      for (const v of result.violations.slice(1, 10))
        lines.push(`  ${v.guarantee}: watcher ${v.watcher}, line ${v.line}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function violationText(v: WatchViolation): string[] {
  return [
    `watcher ${v.watcher}, response at line ${v.line} (watch at line ${v.watchLine}): broke ${v.guarantee}: ${GUARANTEE_MEANING[v.guarantee]}`,
    `  expected: ${v.expected}`,
    `  got:      ${v.got}`,
  ];
}

/** The watch verdict as JSON (the `watch` field of the history check's JSON). */
export function watchJson(result: WatchResult): Record<string, unknown> {
  return {
    verdict: result.verdict,
    summary: { ...result.summary },
    notChecked: result.notChecked,
    violationCount: result.violationCount,
    violations: result.violations,
  };
}
