import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckResult } from '../checks/check.js';
import { testSpec } from '../../test/support/test-spec.js';
import { buildReport, type Report } from '../report/model.js';
import { renderJson } from '../report/render.js';
import { parseValidated } from '../../test/support/report-schema.js';
import { checkFilesMarkdown, writeCheckFiles, writeJsonReport } from './outputs.js';

const spec = testSpec();

function reportWith(checks: CheckResult[]): Report {
  return buildReport({
    spec,
    target: 'local',
    etcdVersion: '3.4.23',
    toolVersion: '0.1.0',
    startedAt: new Date(0),
    durationMs: 1,
    phases: {},
    members: [],
    checks,
  });
}

const failedHistory: CheckResult = {
  name: 'history',
  status: 'fail',
  summary: 'the history is not linearizable',
  durationMs: 10,
  figures: { linearizable: false },
  notes: [],
  files: [
    { name: 'etcd-ha-history-abc123.jsonl', content: '{"process":0}\n' },
    { name: 'etcd-ha-history-abc123.txt', content: 'not linearizable\n' },
  ],
};

describe('files checks hand back', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-outputs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('are named in the JSON report, which holds no content of theirs, and written beside it', async () => {
    const report = reportWith([failedHistory]);
    const json = parseValidated('report', renderJson(report));
    expect(json.checks[0].files).toEqual(['etcd-ha-history-abc123.jsonl', 'etcd-ha-history-abc123.txt']);
    expect(json.artifacts).toBeUndefined();
    expect(renderJson(report)).not.toContain('not linearizable\\n');

    await writeJsonReport(report, path.join(dir, 'report.json'));
    const saved = await writeCheckFiles(report, dir);
    expect(saved).toEqual([
      path.join(dir, 'etcd-ha-history-abc123.jsonl'),
      path.join(dir, 'etcd-ha-history-abc123.txt'),
    ]);
    expect((await readdir(dir)).sort()).toEqual([
      'etcd-ha-history-abc123.jsonl',
      'etcd-ha-history-abc123.txt',
      'report.json',
    ]);
    expect(await readFile(saved[1], 'utf8')).toBe('not linearizable\n');
    expect(checkFilesMarkdown(saved)).toContain(`<code>${path.join(dir, 'etcd-ha-history-abc123.txt')}</code>`);
  });

  it('are absent from a report whose checks handed none back', async () => {
    const report = reportWith([{ ...failedHistory, status: 'pass', files: undefined }]);
    expect(parseValidated('report', renderJson(report)).checks[0].files).toBeUndefined();
    expect(await writeCheckFiles(report, dir)).toEqual([]);
    expect(checkFilesMarkdown([])).toBe('');
  });

  it('must have plain file names: a folder in one is a bug, refused before anything is written', async () => {
    const report = reportWith([
      {
        ...failedHistory,
        files: [
          { name: 'fine.txt', content: 'x' },
          { name: '../escape.txt', content: 'x' },
        ],
      },
    ]);
    await expect(writeCheckFiles(report, dir)).rejects.toThrow(
      "a check handed back a file named '../escape.txt', which is not a plain file name",
    );
    expect(await readdir(dir)).toEqual([]);
    expect(await readdir(path.dirname(dir))).not.toContain('escape.txt');
  });
});
