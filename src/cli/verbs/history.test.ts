import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventsOf, type OperationSpec } from '../../../test/support/history-builders.js';
import { flagLabel, optionReader } from '../../options/reader.js';
import { ConfigurationError } from '../../errors.js';
import { checkHere } from '../../history/parallel.js';
import { checkHistoryFile } from './history.js';

describe('etcd-ha history check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-history-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const history = (name: string, specs: OperationSpec[]) =>
    write(
      name,
      eventsOf(specs)
        .map((event) => JSON.stringify(event))
        .join('\n') + '\n',
    );

  /** Runs the verb; its exit code and what it printed. */
  async function run(
    positionals: string[],
    flags: Record<string, string> = {},
  ): Promise<{ code: number; out: string }> {
    let out = '';
    const read = optionReader((name) => flags[name], flagLabel);
    const code = await checkHistoryFile(read, positionals, (text) => (out += text));
    return { code, out };
  }
  const refusal = async (positionals: string[], flags: Record<string, string> = {}) => {
    const error = await run(positionals, flags).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  };

  const stale: OperationSpec[] = [
    [1, 'put', 'a', 0, 1, 'ok', 'k1'],
    [2, 'get', 'a', 1, 2, 'ok', 'k2'],
    [1, 'put', 'b', 2, 3, 'ok', 'k1'],
    [2, 'put', 'x', 3, 4, 'ok', 'k2'],
    [3, 'get', 'a', 4, 5, 'ok', 'k1'],
  ];

  it('exits 0 for a linearizable history and says so', async () => {
    const file = history('good.jsonl', [
      [1, 'put', 'a', 0, 2],
      [2, 'get', 'a', 1, 3],
      [3, 'put', 'b', 4, 5, 'info'],
      [2, 'get', null, 4, 6, 'fail'],
    ]);
    const { code, out } = await run(['check', file]);
    expect(code).toBe(0);
    expect(out).toBe(
      'linearizable: 4 operations (2 ok, 1 failed, 1 unknown outcome) on 1 key by 3 processes; 2 to order, 2 search steps\n',
    );
  });

  it('exits 1 for a stale read and names the operations that cannot be ordered, with processes, values, times and lines', async () => {
    const { code, out } = await run(['check', history('stale.jsonl', stale)]);
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      'not linearizable: 5 operations (5 ok, 0 failed, 0 unknown outcome) on 2 keys by 3 processes; 5 to order, 8 search steps',
      '',
      'key "k1": not linearizable: no order of its 3 operations explains every result',
      '  the furthest the search got: 2 operations in an order that explains their results, the last 2:',
      '    process 1  put "k1" "a"  invoked 0, returned 1  (lines 1, 2)',
      '    process 1  put "k1" "b"  invoked 2, returned 3  (lines 5, 6)',
      '  then the register holds "b"; one of these has to come next, and none can:',
      '    process 3  get "k1" -> "a"  invoked 4, returned 5  (lines 9, 10)',
      '',
      'key "k2": not linearizable: a get read "a", which no put on this key wrote (failed puts do not count)',
      '  process 2  get "k2" -> "a"  invoked 1, returned 2  (lines 3, 4)',
      '',
    ]);
  });

  it('prints the verdict as JSON with --format json', async () => {
    const { code, out } = await run(['check', history('stale-json.jsonl', stale)], { format: 'json' });
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'verdict', 'summary', 'failures']);
    expect(json).toMatchObject({
      schemaVersion: 1,
      verdict: 'not-linearizable',
      summary: { operations: 5, keys: 2, processes: 3 },
    });
    expect(json.failures[0]).toEqual({
      key: 'k1',
      verdict: 'not-linearizable',
      cause: 'no-order',
      operations: [
        {
          process: 3,
          f: 'get',
          key: 'k1',
          value: 'a',
          outcome: 'ok',
          invokeTime: 4,
          returnTime: 5,
          invokeLine: 9,
          completeLine: 10,
        },
      ],
      linearized: 2,
      lastLinearized: [
        {
          process: 1,
          f: 'put',
          key: 'k1',
          value: 'a',
          outcome: 'ok',
          invokeTime: 0,
          returnTime: 1,
          invokeLine: 1,
          completeLine: 2,
        },
        {
          process: 1,
          f: 'put',
          key: 'k1',
          value: 'b',
          outcome: 'ok',
          invokeTime: 2,
          returnTime: 3,
          invokeLine: 5,
          completeLine: 6,
        },
      ],
      state: 'b',
      checked: 3,
      steps: 8,
    });
    expect(json.failures[1]).toMatchObject({ key: 'k2', cause: 'never-written', linearized: 0, state: null });
  });

  it('exits 1 for a search that runs out of --max-steps, saying it is undecided and not a pass', async () => {
    // Concurrent puts, each read by a concurrent get, then a read of the first value: the search tries many orders.
    const specs: OperationSpec[] = [];
    for (let i = 0; i < 8; i++)
      specs.push([i, 'put', `v${i}`, 0, 100, i === 7 ? 'info' : 'ok'], [100 + i, 'get', `v${i}`, 0, 100]);
    specs.push([99, 'get', 'v0', 101, 102]);
    const file = history('busy.jsonl', specs);
    const { code, out } = await run(['check', file], { 'max-steps': '10' });
    expect(code).toBe(1);
    expect(out).toMatch(/^undecided: 17 operations/);
    expect(out).toMatch(
      /\nkey "k": undecided: the search stopped after 10 steps without finding an order of its 17 operations or proving there is none\n/,
    );
    expect(out).toMatch(/then the register holds "v\d"; one of these has to come next:\n/);
    expect(out).toMatch(/\nan undecided history is not a pass\nraise --max-steps \(now 10\) to search further\n$/);
    expect(await run(['check', file])).toMatchObject({ code: 0 });
    const json = JSON.parse((await run(['check', file], { 'max-steps': '10', format: 'json' })).out);
    expect(json).toMatchObject({
      verdict: 'undecided',
      failures: [{ key: 'k', verdict: 'undecided', cause: 'budget', steps: 10 }],
    });
  });

  it('exits 1 for a search that runs out of --max-memory-mb, saying which budget to raise', async () => {
    const specs: OperationSpec[] = [];
    for (let i = 0; i < 16; i++) specs.push([i, 'put', `v${i}`, 0, 100], [100 + i, 'get', `v${i}`, 0, 100]);
    specs.push([99, 'get', 'v0', 101, 102]);
    const file = history('memory.jsonl', specs);
    const { code, out } = await run(['check', file], { 'max-memory-mb': '1' });
    expect(code).toBe(1);
    expect(out).toMatch(/^undecided: 33 operations/);
    expect(out).toMatch(
      /\nkey "k": undecided: the search stopped at its memory budget, after \d+ steps, without finding/,
    );
    expect(out).toMatch(/\nan undecided history is not a pass\nraise --max-memory-mb \(now 1\) to search further\n$/);
    const json = JSON.parse((await run(['check', file], { 'max-memory-mb': '1', format: 'json' })).out);
    expect(json.failures).toMatchObject([{ key: 'k', verdict: 'undecided', cause: 'memory' }]);
    expect(await refusal(['check', file], { 'max-memory-mb': '0' })).toBe(
      "--max-memory-mb is '0'; allowed: a whole number from 1 to 16384",
    );
  });

  it('prints the same verdict whether the keys are checked in one thread or in several', async () => {
    const specs: OperationSpec[] = [];
    ['a', 'b', 'c', 'd'].forEach((key, n) =>
      specs.push(...stale.map(([p, f, v, i, c, o]) => [p + 10 * n, f, v, i, c, o, key] as OperationSpec)),
    );
    const file = history('keys.jsonl', specs);
    const one = await run(['check', file]);
    let out = '';
    const parts: string[] = [];
    const read = optionReader(() => undefined, flagLabel);
    const code = await checkHistoryFile(
      read,
      ['check', file],
      (text) => (out += text),
      { debug: (line) => parts.push(line) },
      {
        parallelism: 3,
        minOperations: 0,
        runPartition: checkHere,
      },
    );
    expect({ code, out }).toEqual(one);
    expect(parts).toEqual(['history check: 4 keys checked in 3 threads']);
  });

  it('refuses a file that is not such a history, naming the file and line (exit 2)', async () => {
    const file = write(
      'bad.jsonl',
      '{"process":1,"type":"invoke","f":"get","key":"k","time":0}\n{"process":1,"type":"ok",\n',
    );
    expect(await refusal(['check', file])).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 2 is not JSON`),
    );
    const orphan = write('orphan.jsonl', '{"process":1,"type":"ok","f":"get","key":"k","value":null,"time":0}\n');
    expect(await refusal(['check', orphan])).toMatch(
      /orphan\.jsonl line 1: an "ok" of process 1, which has no invoke pending/,
    );
  });

  it('refuses bad usage: no command, another command, no file or two, a file that cannot be read, a bad flag value', async () => {
    expect(await refusal([])).toBe('etcd-ha history needs a command; allowed: check FILE');
    expect(await refusal(['verify', 'x'])).toBe("etcd-ha history 'verify' is not a command; allowed: check FILE");
    expect(await refusal(['check'])).toBe('etcd-ha history check takes one FILE (JSON lines), none was given');
    expect(await refusal(['check', 'a', 'b'])).toBe('etcd-ha history check takes one FILE (JSON lines), not 2');
    expect(await refusal(['check', path.join(dir, 'missing.jsonl')])).toMatch(
      /^FILE is '.*missing\.jsonl', which cannot be read \((Error: )?ENOENT.*\); allowed: a file of JSON lines$/,
    );
    const file = history('fine.jsonl', [[1, 'get', null, 0, 1]]);
    expect(await refusal(['check', file], { format: 'xml' })).toBe("--format is 'xml'; allowed: one of text, json");
    expect(await refusal(['check', file], { 'max-steps': '0' })).toBe(
      "--max-steps is '0'; allowed: a whole number from 1 to 1000000000",
    );
    expect(await refusal(['check', file], { threads: '0' })).toBe(
      "--threads is '0'; allowed: a whole number from 1 to 64",
    );
  });

  it('checks the watch records too: exit 0 when the guarantees hold, 1 for a violation, 2 for a bad record', async () => {
    const lines = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const base = [
      { process: 1, type: 'invoke', f: 'put', key: 'k', value: 'a', time: 0 },
      { process: 1, type: 'ok', f: 'put', key: 'k', revision: 2, time: 1 },
      { watch: 'start', watcher: 1, key: 'k', revision: 2, time: 2 },
    ];
    const event = { type: 'PUT', key: 'k', value: 'a', modRevision: 2, createRevision: 2, version: 1 };
    const good = write(
      'watch-good.jsonl',
      lines([...base, { watch: 'response', watcher: 1, events: [event], time: 3 }]),
    );
    const ok = await run(['check', good]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('watch guarantees hold: 1 watcher (0 resumptions), 1 watch, 1 response, 1 event checked');
    const twice = { watch: 'response', watcher: 1, events: [event, event], time: 3 };
    const bad = await run(['check', write('watch-bad.jsonl', lines([...base, twice]))], { format: 'json' });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({
      verdict: 'linearizable',
      watch: { verdict: 'violated', violations: [{ guarantee: 'unique', watcher: 1, line: 4 }] },
    });
    expect(
      await refusal(['check', write('watch-broken.jsonl', lines([...base, { watch: 'response', time: 3 }]))]),
    ).toMatch(/watch-broken\.jsonl line 4: "watcher" is missing; allowed: a whole number$/);
  });
});
