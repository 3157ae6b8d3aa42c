import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OptionReader } from '../options/reader.js';
import type { Report } from '../report/model.js';
import { renderTerminal } from '../report/render.js';
import { appendMarkdownReport, checkFilesMarkdown, writeCheckFiles, writeJsonReport } from '../run/outputs.js';
import { appendFileNoFollow } from '../util/safe-write.js';
import { terminalMode } from '../util/terminal.js';
import type { Io } from './verbs/verb.js';

/** Prints the report, writes --json and appends --summary; returns the exit code it stands for. */
export async function emitReport(report: Report, read: OptionReader, io: Io): Promise<number> {
  io.stdout(renderTerminal(report, terminalMode(io.stdoutIsTTY, io.env)));
  const json = read.raw('json');
  if (json) await writeJsonReport(report, json);
  const summary = read.raw('summary');
  if (summary) await appendMarkdownReport(report, summary);
  // Files the checks handed back (a failing history) go beside --json, else into the temporary folder.
  const saved = await writeCheckFiles(report, json ? path.dirname(path.resolve(json)) : tmpdir());
  for (const file of saved) io.stderr(`saved ${file}\n`);
  if (summary && saved.length > 0) await appendFileNoFollow(summary, checkFilesMarkdown(saved));
  return report.passed ? 0 : 1;
}
