import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../report/model.js';
import { renderJson, renderMarkdown } from '../report/render.js';

/** Writes the JSON report to `file` (creating its folder). */
export async function writeJsonReport(report: Report, file: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, renderJson(report));
}

/** Appends the Markdown report to `file`, as GitHub's step summary file is appended to. */
export async function appendMarkdownReport(report: Report, file: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await appendFile(file, renderMarkdown(report));
}

/** The step outputs of a run, by their public names. */
export function reportOutputs(report: Report, reportJsonPath: string): Record<string, string> {
  return {
    endpoints: report.cluster.endpoints.join(','),
    leader: report.leader?.endpoint ?? '',
    'failover-ms': report.failover?.newLeaderMs === null || report.failover === null ? '' : String(report.failover.newLeaderMs),
    'report-json': reportJsonPath,
    passed: String(report.passed),
  };
}
