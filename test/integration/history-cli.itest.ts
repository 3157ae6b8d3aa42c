import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderHistoryJson } from '../../src/history/format.js';
import { checkOperations } from '../../src/history/linearizability.js';
import { operationsOf, parseHistory } from '../../src/history/model.js';
import { eventsOf, randomSource, registerHistory, type OperationSpec } from '../support/history-builders.js';
import { bundleOf, removeBundle } from '../support/lint-helpers.js';

/** A history a register produced on 6 keys, large enough to be checked in worker threads; `stale`: k3's last get reads k3's first value. */
function historyFile(dir: string, name: string, stale: boolean): string {
  const { specs } = registerHistory(randomSource(11), { operations: 60_000, processes: 8, keys: 6 });
  if (stale) {
    const first = specs.find((spec) => spec[1] === 'put' && spec[5] === 'ok' && spec[6] === 'k3') as OperationSpec;
    const last = [...specs].reverse().find((spec) => spec[1] === 'get' && spec[5] === 'ok' && spec[6] === 'k3');
    (last as OperationSpec)[2] = first[2];
  }
  const file = path.join(dir, name);
  writeFileSync(
    file,
    eventsOf(specs)
      .map((event) => JSON.stringify(event))
      .join('\n') + '\n',
  );
  return file;
}

describe('etcd-ha history check (bundled CLI)', () => {
  let script: string;
  let dir: string;
  beforeAll(() => {
    script = bundleOf('cli');
    dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-history-itest-'));
  }, 300000);
  afterAll(() => {
    removeBundle(script);
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks the keys in worker threads from dist/ and prints the verdict the checker gives in one thread', () => {
    for (const stale of [false, true]) {
      const file = historyFile(dir, `history-${stale}.jsonl`, stale);
      const args = ['history', 'check', file, '--format', 'json', '--threads', '3', '--verbose'];
      const run = spawnSync(process.execPath, [script, ...args], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      });
      expect(run.status).toBe(stale ? 1 : 0);
      expect(run.stderr).toContain('history check: 6 keys checked in 3 threads');
      const expected = checkOperations(operationsOf(parseHistory(readFileSync(file, 'utf8'), file), file));
      expect(expected.ok).toBe(!stale);
      expect(run.stdout).toBe(renderHistoryJson(expected));
    }
  });

  it('ends quietly, with the verdict as its exit code, when the reader of its output goes away (EPIPE)', async () => {
    for (const stale of [false, true]) {
      const file = historyFile(dir, `piped-${stale}.jsonl`, stale);
      const child = spawn(process.execPath, [script, 'history', 'check', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      // As `| head -c 0` does: the reading end is closed before anything is written.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
      clearTimeout(timer);
      expect({ code, stderr }).toEqual({ code: stale ? 1 : 0, stderr: '' });
    }
  });
});
