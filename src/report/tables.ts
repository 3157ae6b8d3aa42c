import type { Report, ReportCheck } from './model.js';

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

/** Figures with a spread (`x`, `xP95`, `xMax`) by their base name, in the check's order. */
function spreadFigures(check: ReportCheck): string[] {
  if (!check.rounds) return [];
  return Object.keys(check.figures).filter((name) => `${name}P95` in check.figures && `${name}Max` in check.figures);
}

/** A check's figures without the P95 and Max beside each p50, which the spread table shows. */
function headlineFigures(check: ReportCheck): Record<string, number> {
  const spread = new Set(spreadFigures(check).flatMap((name) => [`${name}P95`, `${name}Max`]));
  return Object.fromEntries(Object.entries(check.figures).filter(([name]) => !spread.has(name)));
}

export function checksTable(report: Report): Table {
  return {
    headers: ['CHECK', 'RESULT', 'TIME (ms)', 'FIGURES', 'SUMMARY'],
    rows: report.checks.map((check) => [check.name, STATUS_MARK[check.status], String(check.durationMs), formatFigures(headlineFigures(check)), check.summary]),
  };
}

/** p50, p95 and max of every figure of the checks that ran in rounds; undefined when none did. */
export function spreadTable(report: Report): Table | undefined {
  const rows = report.checks.flatMap((check) =>
    spreadFigures(check).map((name) => [
      check.name,
      name,
      String(check.figures.rounds ?? ''),
      String(check.figures[name]),
      String(check.figures[`${name}P95`]),
      String(check.figures[`${name}Max`]),
    ]),
  );
  return rows.length > 0 ? { headers: ['CHECK', 'FIGURE', 'ROUNDS', 'P50', 'P95', 'MAX'], rows } : undefined;
}

/** Every figure this run and the previous one both measured, with the change; undefined without a comparison. */
export function comparisonTable(report: Report): Table | undefined {
  if (!report.comparison) return undefined;
  return {
    headers: ['CHECK', 'FIGURE', 'PREVIOUS', 'CURRENT', 'CHANGE'],
    rows: report.comparison.map((row) => [
      row.check,
      row.figure,
      String(row.previous),
      String(row.current),
      row.changePct === null ? 'n/a (previous 0)' : `${row.changePct > 0 ? '+' : ''}${row.changePct}%`,
    ]),
  };
}

/** Which file each member came from, for a cluster from the user's configuration; undefined otherwise. */
export function configFilesTable(report: Report): Table | undefined {
  if (!report.configFiles) return undefined;
  return { headers: ['MEMBER', 'FILE', 'FORM'], rows: report.configFiles.map((row) => [row.member, row.file, row.form]) };
}

/** Each setting the run mapped, added or left out, beside what the configuration writes; undefined without a configuration. */
export function configMappingTable(report: Report): Table | undefined {
  if (!report.configFiles || !report.configMapping) return undefined;
  return {
    headers: ['MEMBER', 'SETTING', 'IN THE CONFIG', 'IN THE RUN'],
    rows: report.configMapping.map((row) => [row.member, row.setting, row.config ?? '(not set)', row.run ?? '(left out)']),
  };
}

/** Says what the mapping table holds and why, under it. */
export const CONFIG_MAPPING_NOTE =
  'The run is the configuration as written, except where a sandbox must differ: addresses (the target\'s, ports and schemes kept; ' +
  'on ssh hosts as written), data dirs, ' +
  "certificates (the run's PKI, whose SANs also name the configuration's hosts), log outputs; CRL files are left out. " +
  "Settings the configuration leaves out keep etcd's defaults.";

/** The verdict line shared by every rendering. */
export function verdict(report: Report): string {
  const { pass, fail, skipped } = report.summary;
  const outcome = report.passed ? 'PASSED' : 'FAILED';
  return (
    `etcd-ha ${outcome}: ${pass} passed, ${fail} failed, ${skipped} skipped on a ${report.cluster.members}-member ` +
    `${report.target} cluster (etcd ${report.etcdVersion || 'unknown'}) in ${report.durationMs} ms`
  );
}
