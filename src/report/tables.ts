import { checkNamed, isCheckName } from '../checks/registry.js';
import { isSummedFigure } from '../checks/rounds.js';
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

const cell = (value: number | boolean | string | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

/** The `etcdctl endpoint status` table, plus a name column. */
export function statusTable(report: Report): Table {
  return {
    headers: [
      'NAME',
      'ENDPOINT',
      'ID',
      'VERSION',
      'DB SIZE',
      'IS LEADER',
      'IS LEARNER',
      'RAFT TERM',
      'RAFT INDEX',
      'RAFT APPLIED INDEX',
      'ERRORS',
    ],
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

/**
 * The status table for a terminal, narrow enough for 100 columns: a ROLE column for IS LEADER and IS
 * LEARNER, short raft headers, VERSION only when the members differ (the verdict names the version),
 * and no ERRORS column (`memberErrors` lists them below the table).
 */
export function terminalStatusTable(report: Report): Table {
  const versions = new Set(report.members.map((member) => member.version).filter((version) => version !== null));
  const showVersion = versions.size > 1 || (versions.size === 1 && !versions.has(report.etcdVersion));
  const role = (member: Report['members'][number]) =>
    member.id === null ? '' : member.isLeader ? 'leader' : member.isLearner ? 'learner' : 'follower';
  return {
    headers: [
      'NAME',
      'ENDPOINT',
      'ID',
      'ROLE',
      'TERM',
      'INDEX',
      'APPLIED',
      'DB SIZE',
      ...(showVersion ? ['VERSION'] : []),
    ],
    rows: report.members.map((member) => [
      member.name,
      member.endpoint,
      cell(member.id),
      role(member),
      cell(member.raftTerm),
      cell(member.raftIndex),
      cell(member.raftAppliedIndex),
      humanBytes(member.dbSize),
      ...(showVersion ? [cell(member.version)] : []),
    ]),
  };
}

/** Each member's errors, as `name: error` lines, for under the terminal's status table. */
export function memberErrors(report: Report): string[] {
  return report.members.flatMap((member) => member.errors.map((error) => `${member.name}: ${error}`));
}

/** What the status table says about when it was read: after the checks, which may have changed the leader since the text above. */
export function statusTableNote(report: Report): string {
  const leader = report.leader ? `the leader now is ${report.leader.name}` : 'no member answered as the leader';
  // Checks that stop members may leave another leader than the one they started with.
  const moved = report.checks
    .filter((check) => isCheckName(check.name) && checkNamed(check.name).stopsMembers && check.status !== 'skipped')
    .map((check) => check.name);
  const since =
    ` ${moved.join(' and ')} took members down and brought them back, leaders among them: ` +
    'a leader the checks name led at their time, not necessarily now.';
  return `Read once the checks had finished: ${leader}.${moved.length > 0 ? since : ''}`;
}

/** Figures with a spread (`x`, `xP95`, `xMax`) by their base name, in the check's order. */
function spreadFigures(check: ReportCheck): string[] {
  if (!check.rounds) return [];
  return Object.keys(check.figures).filter((name) => `${name}P95` in check.figures && `${name}Max` in check.figures);
}

/** The checks at a glance: one row each, with the check's one-sentence summary. */
export function checksTable(report: Report): Table {
  return {
    headers: ['CHECK', 'RESULT', 'TIME (ms)', 'SUMMARY'],
    rows: report.checks.map((check) => [
      check.name,
      STATUS_MARK[check.status],
      String(check.durationMs),
      check.summary,
    ]),
  };
}

/**
 * A check's figures for reading: a single run's as name-value pairs; with rounds, a table of each
 * figure's p50, P95 and Max (nearest rank), and the rest (keysLost summed, the number of rounds) as pairs.
 */
export function checkFigures(check: ReportCheck): { spread?: Table; pairs: Array<[string, string]> } {
  const spread = spreadFigures(check);
  const inSpread = new Set(spread.flatMap((name) => [name, `${name}P95`, `${name}Max`]));
  const pairs = Object.entries(check.figures)
    .filter(([name]) => !inSpread.has(name))
    .map(([name, value]): [string, string] => [
      check.rounds && isSummedFigure(name) ? `${name} (sum)` : name,
      String(value),
    ]);
  if (spread.length === 0) return { pairs };
  return {
    spread: {
      headers: ['FIGURE', 'P50', 'P95', 'MAX'],
      rows: spread.map((name) => [
        name,
        String(check.figures[name]),
        String(check.figures[`${name}P95`]),
        String(check.figures[`${name}Max`]),
      ]),
    },
    pairs,
  };
}

/** Each round of a check that ran in rounds, with every figure any round measured; undefined without rounds. */
export function roundsTable(check: ReportCheck): Table | undefined {
  if (!check.rounds) return undefined;
  const names = [...new Set(check.rounds.flatMap((round) => Object.keys(round.figures)))];
  return {
    headers: ['ROUND', 'RESULT', 'TIME (ms)', ...names],
    rows: check.rounds.map((round) => [
      String(round.round),
      STATUS_MARK[round.status],
      String(Math.round(round.durationMs)),
      ...names.map((name) => cell(round.figures[name])),
    ]),
  };
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
  return {
    headers: ['MEMBER', 'FILE', 'FORM'],
    rows: report.configFiles.map((row) => [
      row.member,
      row.file,
      row.derivedFrom ? `${row.form}; derived from ${row.derivedFrom} for the ${row.forCheck} check` : row.form,
    ]),
  };
}

/** Each setting the run mapped, added or left out, beside what the configuration writes; undefined without a configuration. */
export function configMappingTable(report: Report): Table | undefined {
  if (!report.configFiles || !report.configMapping) return undefined;
  return {
    headers: ['MEMBER', 'SETTING', 'IN THE CONFIG', 'IN THE RUN'],
    rows: report.configMapping.map((row) => [
      row.member,
      row.setting,
      row.config ?? '(not set)',
      row.run ?? '(left out)',
    ]),
  };
}

/** Says what the mapping table holds and why, under it. */
export const CONFIG_MAPPING_NOTE =
  "The run is the configuration as written, except where a sandbox must differ: addresses (the target's, ports and schemes kept; " +
  "on ssh hosts as written; where the local target cuts peer links, each member advertises its peer proxy's port), data dirs, " +
  "certificates (the run's PKI, whose SANs also name the configuration's hosts), log outputs; CRL files are left out. " +
  "Settings the configuration leaves out keep etcd's defaults. " +
  'Members a check adds (membership) or restores beside the cluster (snapshot-restore) run the settings of the member they are derived from, ' +
  "compared here with that member's file: the same TLS, certificate and CA settings, timing and every other flag, with their own name, " +
  "address (ports and schemes kept), data dir and certificates (from the run's CA), and the cluster they join or the restored one " +
  '(initial-cluster, its token and state).';

/** The verdict line shared by every rendering. */
export function verdict(report: Report): string {
  const { pass, fail, skipped } = report.summary;
  const outcome = report.passed ? 'PASSED' : 'FAILED';
  // A run that stopped before any check (members that never started) says why, not "0 passed, 0 failed".
  if (report.error && pass + fail + skipped === 0) {
    // Its first line, without control characters: the verdict is printed as it is, and is the action's failure message.
    const cause = report.error
      .split('\n')[0]
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
      .replace(/[;:]\s*$/, '');
    return (
      `etcd-ha FAILED before any check ran: ${cause.length > 400 ? `${cause.slice(0, 399)}…` : cause} ` +
      `(${report.cluster.members}-member ${report.target} cluster, etcd ${report.etcdVersion || 'unknown'}, ${report.durationMs} ms)`
    );
  }
  return (
    `etcd-ha ${outcome}: ${pass} passed, ${fail} failed, ${skipped} skipped on a ${report.cluster.members}-member ` +
    `${report.target} cluster (etcd ${report.etcdVersion || 'unknown'}) in ${report.durationMs} ms`
  );
}
