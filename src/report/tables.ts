import type { Report } from './model.js';

/** A table as plain cells, before it is rendered for a terminal or for Markdown. */
export interface Table {
  headers: string[];
  rows: string[][];
}

const STATUS_MARK: Record<string, string> = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIPPED' };

/** Bytes as etcdctl prints them (go-humanize: 20 kB, 37 kB, 1.2 MB; one decimal only below 10). */
export function humanBytes(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 10) return `${bytes} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  const exponent = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1000)));
  const value = Math.floor((bytes / 1000 ** exponent) * 10 + 0.5) / 10;
  // Go's %.0f rounds a half to even (20.5 -> 20), which toFixed does not.
  const whole = value % 1 === 0.5 ? 2 * Math.round(value / 2) : Math.round(value);
  return `${value < 10 ? value.toFixed(1) : whole} ${units[exponent]}`;
}

const cell = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** The `etcdctl endpoint status` table, plus a name column. */
export function statusTable(report: Report): Table {
  return {
    headers: ['NAME', 'ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'],
    rows: report.members.map((member) => [
      member.name,
      member.endpoint,
      cell(member.id),
      cell(member.version),
      humanBytes(member.dbSize),
      member.id === null ? '' : String(member.isLeader),
      member.id === null ? '' : String(member.isLearner),
      cell(member.raftTerm),
      cell(member.raftIndex),
      cell(member.raftAppliedIndex),
      member.errors.join('; '),
    ]),
  };
}

/** Formats a check's figures as `name=value` pairs. */
export function formatFigures(figures: Record<string, number>): string {
  return Object.entries(figures)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

export function checksTable(report: Report): Table {
  return {
    headers: ['CHECK', 'RESULT', 'TIME (ms)', 'FIGURES', 'SUMMARY'],
    rows: report.checks.map((check) => [check.name, STATUS_MARK[check.status], String(check.durationMs), formatFigures(check.figures), check.summary]),
  };
}

/** The verdict line shared by every rendering. */
export function verdict(report: Report): string {
  const { pass, fail, skipped } = report.summary;
  const outcome = report.passed ? 'PASSED' : 'FAILED';
  return (
    `etcd-ha ${outcome}: ${pass} passed, ${fail} failed, ${skipped} skipped on a ${report.cluster.members}-member ` +
    `${report.target} cluster (etcd ${report.etcdVersion || 'unknown'}) in ${report.durationMs} ms`
  );
}
