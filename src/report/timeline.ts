import { nearestRank } from '../checks/rounds.js';
import type { CheckName } from '../checks/registry.js';
import { MOVED_MEMBERS_TABLE } from '../checks/upgrade.js';
import type { ReportCheck } from './model.js';

/** One bar (or, zero long, a milestone) of a timeline, in milliseconds from the timeline's start. */
interface Bar {
  section: string;
  label: string;
  startMs: number;
  endMs: number;
  /** A span the cluster was without something (a leader, writes): drawn in red. */
  critical?: boolean;
}

/** A check's timeline: what it starts from, its bars, and which round it shows. */
export interface Timeline {
  title: string;
  bars: Bar[];
  /** Which round is drawn, for a check that ran in rounds. */
  round?: string;
  /** What the drawing assumes beyond the figures. */
  caveat: string;
}

type Figures = Record<string, number>;

/** The number figures (a timeline draws milliseconds; a boolean verdict has no bar). */
const numberFigures = (figures: ReportCheck['figures']): Figures =>
  Object.fromEntries(
    Object.entries(figures).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );

const ms = (value: number) => `${value} ms`;

/** failover: the kill, the election, writes resuming, then the restarted old leader rejoining and catching up. */
function failoverBars(figures: Figures): Bar[] {
  const bars: Bar[] = [{ section: 'Cluster', label: 'leader killed (SIGKILL)', startMs: 0, endMs: 0 }];
  const { newLeaderMs, writeGapMs, etcdElectedMs, rejoinMs, catchUpMs } = figures;
  const bar = (section: string, label: string, startMs: number, endMs: number, critical = false) =>
    bars.push({ section, label, startMs, endMs, critical });
  if (newLeaderMs !== undefined) bar('Cluster', `no leader, new leader after ${ms(newLeaderMs)}`, 0, newLeaderMs, true);
  if (etcdElectedMs !== undefined)
    bar('Cluster', `etcd logged the election at ${ms(etcdElectedMs)}`, etcdElectedMs, etcdElectedMs);
  if (writeGapMs !== undefined) bar('Writes', `refused, resumed after ${ms(writeGapMs)}`, 0, writeGapMs, true);
  // The old leader is restarted once writes resumed and the survivors' logs were read (not measured: a few ms).
  const restart = Math.max(newLeaderMs ?? 0, writeGapMs ?? 0);
  if (rejoinMs !== undefined)
    bar('Old leader', `restarted, rejoined as a follower in ${ms(rejoinMs)}`, restart, restart + rejoinMs);
  if (catchUpMs !== undefined) bar('Old leader', `caught up in ${ms(catchUpMs)}`, restart, restart + catchUpMs);
  return bars.length > 1 ? bars : [];
}

/** quorum-loss: the majority stopping, the survivor losing its leader and refusing, then the restart and recovery. */
function quorumLossBars(figures: Figures): Bar[] {
  const {
    followerStopMs,
    membersStopped,
    leaderLostMs,
    writeRefusedMs,
    linearizableReadRefusedMs,
    serializableReadMs,
    recoveryMs,
    allHealthyMs,
  } = figures;
  if (followerStopMs === undefined) return [];
  const bars: Bar[] = [
    { section: 'Majority', label: `followers killed in ${ms(followerStopMs)}`, startMs: 0, endMs: followerStopMs },
    {
      section: 'Majority',
      label: `leader killed${membersStopped === undefined ? '' : `, ${membersStopped} members down`}`,
      startMs: followerStopMs,
      endMs: followerStopMs,
    },
  ];
  // The survivor's probes follow one another; the code between them takes microseconds.
  let at = followerStopMs;
  const next = (section: string, label: string, duration: number | undefined, critical = true) => {
    if (duration === undefined) return;
    bars.push({ section, label, startMs: at, endMs: at + duration, critical });
    at += duration;
  };
  next('Survivor', `notices it has no leader after ${ms(leaderLostMs ?? 0)}`, leaderLostMs);
  next('Survivor', `write refused in ${ms(writeRefusedMs ?? 0)}`, writeRefusedMs);
  next('Survivor', `linearizable read refused in ${ms(linearizableReadRefusedMs ?? 0)}`, linearizableReadRefusedMs);
  next('Survivor', `serializable read answered in ${ms(serializableReadMs ?? 0)}`, serializableReadMs, false);
  if (recoveryMs !== undefined)
    bars.push({
      section: 'Restarted',
      label: `writes resumed after ${ms(recoveryMs)}`,
      startMs: at,
      endMs: at + recoveryMs,
    });
  if (allHealthyMs !== undefined)
    bars.push({
      section: 'Restarted',
      label: `all healthy after ${ms(allHealthyMs)}`,
      startMs: at,
      endMs: at + allHealthyMs,
    });
  return bars;
}

/** A table cell `123.4 ms` as its number, or undefined. */
const msCell = (cell: string | undefined) => {
  const match = /^(\d+(?:\.\d+)?) ms$/.exec(cell ?? '');
  return match ? Number(match[1]) : undefined;
};

/**
 * upgrade: each member moved, one after the other, from its stop until it served on the other release
 * (its downtime), with the longest gap in acknowledged writes while it moved; then the cluster version.
 * Drawn from the check's table of moved members.
 */
function upgradeBars(check: ReportCheck): Bar[] {
  const table = check.tables?.find((candidate) => candidate.title === MOVED_MEMBERS_TABLE.title);
  if (!table) return [];
  const column = (name: (typeof MOVED_MEMBERS_TABLE.headers)[number]) => table.headers.indexOf(name);
  const bars: Bar[] = [];
  let end = 0;
  for (const row of table.rows) {
    const [member, release] = [row[column('member')], row[column('release')]];
    const stoppedAt = msCell(row[column('stopped at')]);
    const downtime = msCell(row[column('downtime')]);
    const gap = msCell(row[column('write gap')]);
    if (stoppedAt === undefined || downtime === undefined) continue;
    bars.push({
      section: member,
      label: `${release.replace(/→/g, 'to')}, serving again after ${ms(downtime)}`,
      startMs: stoppedAt,
      endMs: stoppedAt + downtime,
    });
    if (gap !== undefined && gap > 0)
      bars.push({
        section: member,
        label: `longest write gap ${ms(gap)}`,
        startMs: stoppedAt,
        endMs: stoppedAt + gap,
        critical: true,
      });
    end = Math.max(end, stoppedAt + downtime);
  }
  const clusterVersionMs = check.figures.clusterVersionMs;
  if (bars.length > 0 && typeof clusterVersionMs === 'number')
    bars.push({
      section: 'Cluster',
      label: `cluster version moved after ${ms(clusterVersionMs)}`,
      startMs: end,
      endMs: end + clusterVersionMs,
    });
  return bars;
}

/** The checks that have a timeline, the figure that picks the median round, and how its figures become bars. */
const TIMELINES = {
  failover: {
    title: 'failover, from the kill of the leader',
    medianBy: 'writeGapMs',
    bars: failoverBars,
    caveat: 'The old leader is drawn restarting when writes resumed; it restarts a few unmeasured milliseconds later.',
  },
  'quorum-loss': {
    title: 'quorum-loss, from stopping the majority',
    medianBy: 'recoveryMs',
    bars: quorumLossBars,
    caveat: "The survivor's probes are drawn end to end; the moments between them are not measured.",
  },
} satisfies Partial<
  Record<CheckName, { title: string; medianBy: string; bars: (figures: Figures) => Bar[]; caveat: string }>
>;

const hasTimeline = (name: string): name is keyof typeof TIMELINES => name in TIMELINES;

/**
 * The round a timeline shows: the only one; with rounds, the one that failed, or else the median
 * round (nearest rank) by the check's headline figure, since p50s of different figures may come from
 * different rounds and would not make one consistent timeline.
 */
function shownRound(check: ReportCheck, medianBy: string): { figures: Figures; round?: string } {
  if (!check.rounds || check.rounds.length === 0) return { figures: numberFigures(check.figures) };
  const count = check.rounds.length;
  const failed = check.rounds.find((round) => round.status !== 'pass');
  if (failed)
    return { figures: numberFigures(failed.figures), round: `round ${failed.round} of ${count}, the one that failed` };
  const measured = check.rounds.map((round) => ({ round: round.round, figures: numberFigures(round.figures) }));
  const ranked = measured.filter((round) => round.figures[medianBy] !== undefined);
  if (ranked.length === 0) return { figures: measured[0].figures, round: `round 1 of ${count}` };
  const median = nearestRank(
    ranked.map((round) => round.figures[medianBy]),
    50,
  );
  const round = ranked.find((candidate) => candidate.figures[medianBy] === median) ?? ranked[0];
  return { figures: round.figures, round: `round ${round.round} of ${count}, the median by ${medianBy}` };
}

/** The timeline of a failover or quorum-loss check, from its figures, or of an upgrade, from its table; undefined for other checks and for a check that measured nothing to draw. */
export function checkTimeline(check: ReportCheck): Timeline | undefined {
  if (check.status === 'skipped') return undefined;
  if (check.name === 'upgrade') {
    const bars = upgradeBars(check);
    return bars.length > 0
      ? {
          title: 'upgrade, from the first member stopped',
          bars,
          caveat:
            "Each member's bar runs from its stop until it served a linearizable read on the other release; red: the longest time without an acknowledged write while it moved.",
        }
      : undefined;
  }
  if (!hasTimeline(check.name)) return undefined;
  const spec = TIMELINES[check.name];
  const { figures, round } = shownRound(check, spec.medianBy);
  const bars = spec.bars(figures);
  return bars.length > 0 ? { title: spec.title, bars, round, caveat: spec.caveat } : undefined;
}

/**
 * The timeline as a Mermaid gantt chart on a millisecond axis (`dateFormat x`: times are milliseconds
 * from 0). Every label is the product's own text and numbers; `:`, `#` and `;`, which end a task's
 * name in Mermaid, never occur in one.
 */
export function mermaidGantt(timeline: Timeline): string {
  const endMs = Math.max(...timeline.bars.map((bar) => bar.endMs));
  const lines = [
    'gantt',
    `  title ${timeline.title}${timeline.round ? ` (${timeline.round})` : ''}`,
    '  dateFormat x',
    // Milliseconds below a second, seconds with milliseconds above (d3's formats; `-` drops the zero padding).
    `  axisFormat ${endMs < 1000 ? '%-L ms' : '%-S.%L s'}`,
  ];
  let section = '';
  for (const bar of timeline.bars) {
    if (bar.section !== section) lines.push(`  section ${bar.section}`);
    section = bar.section;
    const start = Math.round(bar.startMs);
    const milestone = bar.endMs === bar.startMs;
    const tags = [milestone ? 'milestone' : '', bar.critical ? 'crit' : ''].filter((tag) => tag !== '');
    // A bar ends at least 1 ms after it starts, so a sub-millisecond span still shows; a milestone takes no time.
    const end = milestone ? start : Math.max(start + 1, Math.round(bar.endMs));
    lines.push(`  ${bar.label.replace(/[:#;]/g, ' ')} :${[...tags, start, end].join(', ')}`);
  }
  return lines.join('\n');
}
