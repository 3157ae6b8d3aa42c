import { HistoryFormatError } from './model.js';
import { checkWatch, renderWatchText, type WatchGuarantee, type WatchResult } from './watch.js';
import { parseHistoryFile, prefixRangeEnd } from './watch-format.js';

type Rec = Record<string, unknown>;
interface Ev {
  type?: 'PUT' | 'DELETE';
  key: string;
  value?: string;
  rev: number;
  create?: number;
  version?: number;
  prev?: Rec;
}

/** A history built record by record, each a time step after the last. */
class Builder {
  readonly lines: Rec[] = [];
  private time = 0;
  private add(record: Rec): this {
    this.lines.push({ ...record, time: ++this.time });
    return this;
  }
  put(process: number, key: string, value: string, revision?: number, outcome = 'ok'): this {
    this.add({ process, type: 'invoke', f: 'put', key, value });
    return this.add({ process, type: outcome, f: 'put', key, ...(revision !== undefined && { revision }) });
  }
  del(process: number, key: string, revision: number, deleted?: number): this {
    this.add({ process, type: 'invoke', f: 'delete', key });
    return this.add({ process, type: 'ok', f: 'delete', key, revision, ...(deleted !== undefined && { deleted }) });
  }
  txn(process: number, ops: Rec[], revision: number): this {
    this.add({ process, type: 'invoke', f: 'txn', ops });
    return this.add({ process, type: 'ok', f: 'txn', revision });
  }
  compact(process: number, revision: number): this {
    this.add({ process, type: 'invoke', f: 'compact', revision });
    return this.add({ process, type: 'ok', f: 'compact', revision });
  }
  start(watcher: number, fields: Rec): this {
    return this.add({ watch: 'start', watcher, ...fields });
  }
  resume(watcher: number, revision: number, member?: string): this {
    return this.add({ watch: 'resume', watcher, revision, ...(member && { member }) });
  }
  cancel(watcher: number): this {
    return this.add({ watch: 'cancel', watcher });
  }
  events(watcher: number, events: Ev[], revision?: number): this {
    return this.add({
      watch: 'response',
      watcher,
      ...(revision !== undefined && { revision }),
      events: events.map((e) => ({
        type: e.type ?? 'PUT',
        key: e.key,
        ...(e.value !== undefined && { value: e.value }),
        modRevision: e.rev,
        ...(e.create !== undefined && { createRevision: e.create }),
        ...(e.version !== undefined && { version: e.version }),
        ...(e.prev && { prevKv: e.prev }),
      })),
    });
  }
  progress(watcher: number, revision: number): this {
    return this.add({ watch: 'response', watcher, revision, progressNotify: true });
  }
  compacted(watcher: number, compactRevision: number): this {
    return this.add({ watch: 'response', watcher, compactRevision, canceled: true });
  }
  text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
  }
  check(): WatchResult {
    return checkWatch(parseHistoryFile(this.text(), 'h.jsonl').watch);
  }
}

/**
 * The writes of the valid histories: a=1 (rev 2), b=1 (rev 3), a txn a=2 b=2 (rev 4), a delete of a
 * (rev 5), a=3 (rev 6).
 */
const writes = () =>
  new Builder()
    .put(1, 'k/a', '1', 2)
    .put(1, 'k/b', '1', 3)
    .txn(
      2,
      [
        { f: 'put', key: 'k/a', value: '2' },
        { f: 'put', key: 'k/b', value: '2' },
      ],
      4,
    )
    .del(1, 'k/a', 5, 1)
    .put(2, 'k/a', '3', 6);

const A1 = { key: 'k/a', value: '1', rev: 2, create: 2, version: 1 };
const B1 = { key: 'k/b', value: '1', rev: 3, create: 3, version: 1 };
const A2 = { key: 'k/a', value: '2', rev: 4, create: 2, version: 2, prev: { value: '1', modRevision: 2 } };
const B2 = { key: 'k/b', value: '2', rev: 4, create: 3, version: 2, prev: { value: '1', modRevision: 3 } };
const DA = { type: 'DELETE' as const, key: 'k/a', rev: 5, prev: { value: '2', modRevision: 4 } };
const A3 = { key: 'k/a', value: '3', rev: 6, create: 6, version: 1 };

const expectHolds = (result: WatchResult) => {
  expect(result.violations).toEqual([]);
  expect(result.ok).toBe(true);
};
const expectBroken = (result: WatchResult, guarantee: WatchGuarantee) => {
  expect(result.ok).toBe(false);
  expect(result.violations[0]?.guarantee).toBe(guarantee);
  expect(renderWatchText(result)).toContain(`broke ${guarantee}`);
};

describe('watch guarantees: valid histories that look suspicious', () => {
  it('a prefix watch gets the txn events of one revision over two keys in one response, and deletes with prev_kv', () => {
    const h = writes()
      .start(1, { key: 'k/', prefix: true, revision: 2, prevKv: true, member: 'm1' })
      .events(1, [A1])
      .events(1, [B1])
      .events(1, [A2, B2])
      .events(1, [DA])
      .events(1, [A3]);
    const result = h.check();
    expectHolds(result);
    expect(result.summary).toMatchObject({
      watchers: 1,
      watches: 1,
      resumptions: 0,
      events: 6,
      eventsNotJudgedOnFlags: 0,
    });
    expect(result.notChecked.map((n) => n.guarantee)).toEqual(['compaction']);
  });

  it('a watch resumed on another member after a kill gets the events again from its resume revision', () => {
    const h = writes()
      .start(1, { key: 'k/a', revision: 2, member: 'm1' })
      .events(1, [A1])
      .events(1, [A2])
      .resume(1, 4, 'm2')
      .events(1, [A2])
      .events(1, [DA])
      .events(1, [A3]);
    const result = h.check();
    expectHolds(result);
    expect(result.summary).toMatchObject({ watchers: 1, watches: 2, resumptions: 1, events: 5 });
  });

  it('a progress notification followed by later events', () => {
    const h = writes()
      .start(1, { key: 'k/b', revision: 2, progressNotify: true })
      .events(1, [B1])
      .progress(1, 3)
      .events(1, [B2])
      .progress(1, 6);
    expectHolds(h.check());
  });

  it('a progress notification below an earlier one, as etcd 3.4 sends them, promises less and breaks nothing', () => {
    const h = writes()
      .start(1, { key: 'k/b', revision: 2, progressNotify: true })
      .events(1, [B1])
      .progress(1, 3)
      .progress(1, 2)
      .events(1, [B2])
      .progress(1, 6);
    expectHolds(h.check());
    // An event at or below the highest revision promised so far still breaks it.
    expectBroken(
      writes()
        .start(1, { key: 'k/b', revision: 2 })
        .events(1, [B1])
        .progress(1, 4)
        .progress(1, 3)
        .events(1, [B2])
        .check(),
      'bookmarkable',
    );
  });

  it('a watch from a compacted revision answered with the compaction error, then resumed above it', () => {
    const h = writes()
      .compact(3, 4)
      .start(1, { key: 'k/a', revision: 2 })
      .compacted(1, 4)
      .resume(1, 4)
      .events(1, [A2])
      .events(1, [DA])
      .events(1, [A3]);
    const result = h.check();
    expectHolds(result);
    expect(result.notChecked).toEqual([]);
  });

  it('a watch from now on a put of unknown outcome that took effect, with its delivery delay measured', () => {
    const h = new Builder()
      .put(1, 'k', 'x', 2)
      .start(1, { key: 'k', prevKv: true })
      .events(1, [], 2)
      .put(1, 'k', 'y', undefined, 'info')
      .put(2, 'k', 'z', 4)
      .events(1, [{ key: 'k', value: 'y', rev: 3, create: 2, version: 2, prev: { value: 'x' } }])
      .events(1, [{ key: 'k', value: 'z', rev: 4, create: 2, version: 3, prev: { value: 'y' } }]);
    const result = h.check();
    expectHolds(result);
    expect(result.summary.largestDelay).toBe(2);
  });

  it('without write revisions, says reliable and resumable were not checked', () => {
    const h = new Builder()
      .put(1, 'k', 'x')
      .start(1, { key: 'k', revision: 1 })
      .events(1, [{ key: 'k', value: 'x', rev: 2 }]);
    const result = h.check();
    expectHolds(result);
    expect(result.notChecked.map((n) => n.guarantee)).toEqual(['reliable', 'resumable', 'compaction']);
    expect(renderWatchText(result)).toContain('not checked: reliable (no acknowledged write carries the revision');
  });
});

describe('watch guarantees: one history per violated guarantee', () => {
  const prefix = (b: Builder, fields: Rec = {}) =>
    b.start(1, { key: 'k/', prefix: true, revision: 2, prevKv: true, ...fields });

  it('ordered', () => {
    expectBroken(prefix(writes()).events(1, [A1]).events(1, [B1]).events(1, [A1]).check(), 'ordered');
  });
  it('unique', () => {
    const result = prefix(writes()).events(1, [A1]).events(1, [B1, B1]).check();
    expectBroken(result, 'unique');
    expect(result.violations[0]).toMatchObject({ watcher: 1, revision: 3, key: 'k/b' });
  });
  it('atomic', () => {
    expectBroken(prefix(writes()).events(1, [A1]).events(1, [B1]).events(1, [A2]).events(1, [B2]).check(), 'atomic');
  });
  it('filtered', () => {
    expectBroken(writes().start(1, { key: 'k/a', revision: 2 }).events(1, [A1]).events(1, [B1]).check(), 'filtered');
  });
  it('reliable: an event missing in the middle', () => {
    const result = prefix(writes()).events(1, [A1]).events(1, [A2, B2]).check();
    expectBroken(result, 'reliable');
    expect(result.violations[0]).toMatchObject({ revision: 3, key: 'k/b' });
    expect(result.violations[0].expected).toContain('PUT "k/b" = "1" at revision 3');
  });
  it('reliable: an event no write made', () => {
    const result = prefix(writes())
      .events(1, [A1])
      .events(1, [{ key: 'k/b', value: 'nobody', rev: 3 }])
      .check();
    expectBroken(result, 'reliable');
  });
  it('reliable: two watchers disagree on an unknown-outcome write', () => {
    const result = new Builder()
      .put(1, 'k', 'x', undefined, 'info')
      .start(1, { key: 'k', revision: 1 })
      .start(2, { key: 'k', revision: 1 })
      .events(1, [{ key: 'k', value: 'x', rev: 2 }])
      .events(2, [{ key: 'k', value: 'x', rev: 3 }])
      .check();
    expectBroken(result, 'reliable');
    expect(result.violations[0].watcher).toBe(2);
  });
  it('resumable', () => {
    const result = writes().start(1, { key: 'k/a', revision: 2 }).events(1, [A1]).resume(1, 3).events(1, [A3]).check();
    expectBroken(result, 'resumable');
    expect(result.violations[0].expected).toContain('PUT "k/a" = "2" at revision 4');
  });
  it('resumable: an event before the resume revision', () => {
    expectBroken(writes().start(1, { key: 'k/a', revision: 4 }).events(1, [A1]).check(), 'resumable');
  });
  it('bookmarkable', () => {
    expectBroken(
      writes().start(1, { key: 'k/b', revision: 2 }).events(1, [B1]).progress(1, 4).events(1, [B2]).check(),
      'bookmarkable',
    );
  });
  it('prev_kv', () => {
    const result = prefix(writes())
      .events(1, [A1])
      .events(1, [B1])
      .events(1, [A2, { ...B2, prev: { value: '2' } }])
      .check();
    expectBroken(result, 'prev_kv');
    expect(result.violations[0].expected).toBe('value "1", mod_revision 3, create_revision 3, version 1');
  });
  it('prev_kv: a delete with the wrong earlier value', () => {
    const result = prefix(writes())
      .events(1, [A1])
      .events(1, [B1])
      .events(1, [A2, B2])
      .events(1, [{ ...DA, prev: { value: '1' } }])
      .check();
    expectBroken(result, 'prev_kv');
  });
  it('flags: a modification marked as a create', () => {
    expectBroken(
      prefix(writes())
        .events(1, [A1])
        .events(1, [B1])
        .events(1, [{ ...A2, create: 4 }, B2])
        .check(),
      'flags',
    );
  });
  it('flags: a re-create after a delete with the old version', () => {
    expectBroken(
      writes()
        .start(1, { key: 'k/a', revision: 5 })
        .events(1, [DA])
        .events(1, [{ ...A3, create: 2, version: 3 }])
        .check(),
      'flags',
    );
  });
  it('compaction: a watch from a compacted revision gets events', () => {
    expectBroken(writes().compact(3, 4).start(1, { key: 'k/a', revision: 2 }).events(1, [A1]).check(), 'compaction');
  });
  it('compaction: silence until cancelled', () => {
    expectBroken(writes().compact(3, 4).start(1, { key: 'k/a', revision: 2 }).cancel(1).check(), 'compaction');
  });
  it('compaction: an error for a start the compaction keeps', () => {
    expectBroken(writes().compact(3, 4).start(1, { key: 'k/a', revision: 4 }).compacted(1, 4).check(), 'compaction');
  });
  it('quotes the first violation by line with the watcher, the line and expected/got', () => {
    const result = prefix(writes()).events(1, [A1]).events(1, [B1, B1]).check();
    const text = renderWatchText(result);
    expect(text).toMatch(/^watch guarantees violated: 1 watcher \(0 resumptions\)/);
    expect(text).toContain('watcher 1, response at line 13 (watch at line 11): broke unique');
    expect(text).toContain('expected: "k/b" at revision 3 once');
  });
});

describe('watch records: the format', () => {
  const refuse = (lines: Rec[], pattern: RegExp) => {
    const text = lines.map((line) => JSON.stringify(line)).join('\n');
    expect(() => parseHistoryFile(text, 'h.jsonl')).toThrow(HistoryFormatError);
    expect(() => parseHistoryFile(text, 'h.jsonl')).toThrow(pattern);
  };
  it('names the line and the field', () => {
    refuse([{ watch: 'begin', watcher: 1, time: 0 }], /^h\.jsonl line 1: "watch" is "begin"; allowed: start/);
    refuse(
      [
        { watch: 'start', watcher: 1, key: 'k', time: 0 },
        { watch: 'response', watcher: 1, time: 1, events: [{ type: 'PUT', key: 'k', value: 'v' }] },
      ],
      /^h\.jsonl line 2: "events"\[0\]\."modRevision" is missing/,
    );
    refuse([{ watch: 'response', watcher: 2, time: 0 }], /line 1: a response to watcher 2, which has no watch open/);
    refuse([{ watch: 'start', watcher: 1, key: 'k', revision: 0, time: 0 }], /line 1: "revision" is 0/);
    refuse(
      [
        { watch: 'start', watcher: 1, key: 'k', time: 0 },
        { watch: 'response', watcher: 1, time: 1, progressNotify: true },
      ],
      /line 2: a progress notification needs "revision"/,
    );
    refuse(
      [{ process: 1, type: 'invoke', f: 'txn', ops: [{ f: 'cas', key: 'k' }], time: 0 }],
      /line 1: "ops"\[0\]\."f" is "cas"; allowed: put, delete/,
    );
    refuse(
      [
        { process: 1, type: 'invoke', f: 'delete', key: 'k', time: 0 },
        { process: 1, type: 'ok', f: 'put', key: 'k', time: 1 },
      ],
      /line 2: the ok is of put, but process 1 invoked delete/,
    );
  });
  it('keeps put/get files as they were and leaves keys written by deletes out of the put/get check', () => {
    const file = parseHistoryFile(writes().text());
    expect(file.hasWatch).toBe(false);
    expect(file.leftOutKeys).toEqual(['k/a', 'k/b']);
    expect(file.events).toEqual([]);
    const plain = parseHistoryFile(new Builder().put(1, 'x', 'v', 2).text());
    expect(plain.events.map((e) => e.type)).toEqual(['invoke', 'ok']);
    expect(plain.watch.writes[0]).toMatchObject({ f: 'put', revision: 2, outcome: 'ok' });
  });
  it('turns a prefix into its range end', () => {
    expect(prefixRangeEnd('k/')).toBe('k0');
    expect(prefixRangeEnd('')).toBe('\u0000');
  });
});
