import { readFileSync } from 'node:fs';
import type { Report, ReportCheck } from './model.js';
import { checkTimeline, mermaidGantt } from './timeline.js';

const report: Report = JSON.parse(readFileSync('fixtures/report/three-members.json', 'utf8'));
const named = (name: string, from: Report = report) => from.checks.find((check) => check.name === name) as ReportCheck;

describe('the timelines of failover and quorum-loss', () => {
  it('draws the kill, the election, the write gap, the rejoin and the catch-up from the failover figures', () => {
    expect(mermaidGantt(checkTimeline(named('failover'))!)).toBe(
      [
        'gantt',
        '  title failover, from the kill of the leader',
        '  dateFormat x',
        '  axisFormat %-L ms',
        '  section Cluster',
        '  leader killed (SIGKILL) :milestone, 0, 0',
        '  no leader, new leader after 231.3 ms :crit, 0, 231',
        '  etcd logged the election at 223 ms :milestone, 223, 223',
        '  section Writes',
        '  refused, resumed after 233.4 ms :crit, 0, 233',
        '  section Old leader',
        '  restarted, rejoined as a follower in 75.8 ms :233, 309',
        '  caught up in 83.5 ms :233, 317',
      ].join('\n'),
    );
  });

  it('lays the quorum-loss probes end to end, each at least 1 ms long, on a seconds axis past one second', () => {
    const gantt = mermaidGantt(checkTimeline(named('quorum-loss'))!);
    expect(gantt).toContain('  axisFormat %-S.%L s');
    expect(gantt).toContain(
      '  notices it has no leader after 445 ms :crit, 305, 750\n  write refused in 1.1 ms :crit, 750, 751\n',
    );
    expect(gantt).toContain(
      '  section Restarted\n  writes resumed after 229.2 ms :753, 982\n  all healthy after 249.6 ms :753, 1003',
    );
  });

  it('draws what a failed check measured, and nothing for a skipped check or one without a timeline', () => {
    const failover = named('failover');
    const failed = checkTimeline({ ...failover, status: 'fail', figures: { termBefore: 2, newLeaderMs: 5000 } })!;
    expect(failed.bars.map((bar) => bar.label)).toEqual([
      'leader killed (SIGKILL)',
      'no leader, new leader after 5000 ms',
    ]);
    expect(checkTimeline({ ...failover, status: 'fail', figures: { termBefore: 2 } })).toBeUndefined();
    expect(checkTimeline({ ...failover, status: 'skipped', figures: {} })).toBeUndefined();
    expect(checkTimeline(named('status'))).toBeUndefined();
  });

  it('shows the median round of a check that ran in rounds, or the round that failed', () => {
    const failover = named('failover');
    const round = (n: number, writeGapMs: number, status: 'pass' | 'fail' = 'pass') => ({
      round: n,
      status,
      summary: '',
      durationMs: 1,
      notes: [],
      figures: { newLeaderMs: writeGapMs - 1, writeGapMs },
    });
    const rounds = { ...failover, rounds: [round(1, 300), round(2, 100), round(3, 200)] };
    const median = checkTimeline(rounds)!;
    expect(median.round).toBe('round 3 of 3, the median by writeGapMs');
    expect(median.bars.find((bar) => bar.section === 'Writes')?.endMs).toBe(200);
    expect(checkTimeline({ ...rounds, rounds: [round(1, 300), round(2, 100, 'fail')] })?.round).toBe(
      'round 2 of 2, the one that failed',
    );
  });
});

describe('the timeline of an upgrade', () => {
  const upgrade: ReportCheck = {
    name: 'upgrade',
    status: 'pass',
    summary: 'moved 3 members',
    durationMs: 9000,
    figures: { membersMoved: 3, clusterVersionMs: 2727.6 },
    notes: [],
    tables: [
      {
        title: 'Members moved, in order',
        headers: ['member', 'release', 'stopped at', 'downtime', 'write gap', 'version reported', 'HashKV'],
        rows: [
          ['etcd-1', '3.4.23 → 3.5.30', '2008.5 ms', '1184.2 ms', '19.3 ms', '3.5.30', 'agree (revision 2239)'],
          ['etcd-3', '3.4.23 → 3.5.30', '3218.5 ms', '1156.9 ms', '16.6 ms', '3.5.30', 'agree (revision 3276)'],
        ],
      },
    ],
  } as ReportCheck;

  it('draws each member from its stop until it served again, its longest write gap, then the cluster version', () => {
    expect(mermaidGantt(checkTimeline(upgrade)!)).toBe(
      [
        'gantt',
        '  title upgrade, from the first member stopped',
        '  dateFormat x',
        '  axisFormat %-S.%L s',
        '  section etcd-1',
        '  3.4.23 to 3.5.30, serving again after 1184.2 ms :2009, 3193',
        '  longest write gap 19.3 ms :crit, 2009, 2028',
        '  section etcd-3',
        '  3.4.23 to 3.5.30, serving again after 1156.9 ms :3219, 4375',
        '  longest write gap 16.6 ms :crit, 3219, 3235',
        '  section Cluster',
        '  cluster version moved after 2727.6 ms :4375, 7103',
      ].join('\n'),
    );
  });

  it('draws nothing without the table of moved members (a check that moved none)', () => {
    expect(checkTimeline({ ...upgrade, tables: [] })).toBeUndefined();
    expect(checkTimeline({ ...upgrade, status: 'skipped' })).toBeUndefined();
  });
});
