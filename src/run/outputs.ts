import path from 'node:path';
import type { Report } from '../report/model.js';
import { renderJson, renderMarkdown } from '../report/render.js';
import { markdownCode } from '../util/escape.js';
import { appendFileNoFollow, writeFileNoFollow } from '../util/safe-write.js';

/** Writes the JSON report to `file` (creating its folder), never through a symbolic link. */
export async function writeJsonReport(report: Report, file: string): Promise<void> {
  await writeFileNoFollow(file, renderJson(report));
}

/**
 * Writes the files checks handed back (a failing history, say) into `folder`, where the JSON report
 * goes; resolves with their paths. A name that is not a plain file name is a check's bug.
 */
export async function writeCheckFiles(report: Report, folder: string): Promise<string[]> {
  const files = report.artifacts ?? [];
  if (files.length === 0) return [];
  const unfit = files.find((file) => path.basename(file.name) !== file.name || file.name.startsWith('.'));
  if (unfit) throw new Error(`a check handed back a file named '${unfit.name}', which is not a plain file name`);
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(folder, file.name);
    await writeFileNoFollow(target, file.content);
    written.push(target);
  }
  return written;
}

/** The Markdown lines that say where the files checks handed back are. */
export function checkFilesMarkdown(paths: string[]): string {
  return paths.length === 0 ? '' : `\nFiles the checks saved: ${paths.map(markdownCode).join(', ')}\n`;
}

/** Appends the Markdown report to `file`, as GitHub's step summary file is appended to (never through a link). */
export async function appendMarkdownReport(report: Report, file: string): Promise<void> {
  await appendFileNoFollow(file, renderMarkdown(report));
}

/** The step outputs of a run, by their public names. */
export function reportOutputs(report: Report, reportJsonPath: string): Record<string, string> {
  return {
    endpoints: report.cluster.endpoints.join(','),
    leader: report.leader?.endpoint ?? '',
    'failover-ms':
      report.failover?.newLeaderMs === null || report.failover === null ? '' : String(report.failover.newLeaderMs),
    'report-json': reportJsonPath,
    passed: String(report.passed),
  };
}
