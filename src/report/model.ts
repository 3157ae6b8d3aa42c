import type { CheckResult, CheckStatus, MemberRow } from '../checks/check.js';
import type { ClusterSpec } from '../cluster/spec.js';
import type { RunTarget } from '../run/state.js';

/** One row of the members table in the JSON report. */
export interface ReportMember {
  name: string;
  endpoint: string;
  id: string | null;
  version: string | null;
  dbSize: number | null;
  isLeader: boolean;
  isLearner: boolean;
  raftTerm: number | null;
  raftIndex: number | null;
  raftAppliedIndex: number | null;
  healthy: boolean;
  errors: string[];
}

export interface ReportCheck {
  name: string;
  status: CheckStatus;
  summary: string;
  durationMs: number;
  figures: Record<string, number>;
  notes: string[];
}

/** The report, the public JSON shape (schemaVersion 1); Markdown and terminal text are rendered from it. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'etcd-ha'; version: string };
  target: RunTarget;
  etcdVersion: string;
  startedAt: string;
  durationMs: number;
  passed: boolean;
  cluster: { runId: string; members: number; heartbeatMs: number; electionMs: number; endpoints: string[] };
  /** Milliseconds spent in each phase that ran. */
  phases: Record<string, number>;
  /** The status table as read after the checks (the cluster the job's later steps get). */
  members: ReportMember[];
  leader: { name: string; endpoint: string; id: string } | null;
  checks: ReportCheck[];
  failover: { newLeaderMs: number | null; writeGapMs: number | null; etcdElectedMs: number | null; rejoinMs: number | null } | null;
  quorumLoss: { writeRefusedMs: number | null; linearizableReadRefusedMs: number | null; recoveryMs: number | null } | null;
  summary: Record<CheckStatus, number>;
  /** Why the run stopped before the checks, when it did. */
  error: string | null;
}

export function reportMember(row: MemberRow): ReportMember {
  const status = row.status;
  return {
    name: row.name,
    endpoint: row.endpoint,
    id: status?.id ?? null,
    version: status?.version ?? null,
    dbSize: status?.dbSize ?? null,
    isLeader: status?.isLeader ?? false,
    isLearner: status?.isLearner ?? false,
    raftTerm: status?.raftTerm ?? null,
    raftIndex: status?.raftIndex ?? null,
    raftAppliedIndex: status?.raftAppliedIndex ?? null,
    healthy: row.healthy,
    errors: row.error ? [row.error] : [],
  };
}

const figure = (check: CheckResult | undefined, name: string) => check?.figures[name] ?? null;

export interface ReportInput {
  spec: ClusterSpec;
  target: RunTarget;
  etcdVersion: string;
  toolVersion: string;
  startedAt: Date;
  durationMs: number;
  phases: Record<string, number>;
  members: MemberRow[];
  checks: CheckResult[];
  error?: string;
}

/** Builds the report; it passes only when there was no error, some check ran, and every check passed. */
export function buildReport(input: ReportInput): Report {
  const byName = (name: string) => input.checks.find((check) => check.name === name);
  const summary: Record<CheckStatus, number> = { pass: 0, fail: 0, skipped: 0 };
  for (const check of input.checks) summary[check.status]++;
  const leaderRow = input.members.find((row) => row.status?.isLeader);
  const failover = byName('failover');
  const quorumLoss = byName('quorum-loss');
  return {
    schemaVersion: 1,
    tool: { name: 'etcd-ha', version: input.toolVersion },
    target: input.target,
    etcdVersion: input.etcdVersion,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    passed: !input.error && input.checks.length > 0 && summary.fail === 0 && summary.skipped === 0,
    cluster: {
      runId: input.spec.runId,
      members: input.spec.members.length,
      heartbeatMs: input.spec.timing.heartbeatMs,
      electionMs: input.spec.timing.electionMs,
      endpoints: input.spec.members.map((member) => member.clientUrl),
    },
    phases: Object.fromEntries(Object.entries(input.phases).map(([name, ms]) => [name, Math.round(ms)])),
    members: input.members.map(reportMember),
    leader: leaderRow?.status ? { name: leaderRow.name, endpoint: leaderRow.endpoint, id: leaderRow.status.id } : null,
    checks: input.checks.map((check) => ({
      name: check.name,
      status: check.status,
      summary: check.summary,
      durationMs: Math.round(check.durationMs),
      figures: check.figures,
      notes: check.notes,
    })),
    failover: failover
      ? {
          newLeaderMs: figure(failover, 'newLeaderMs'),
          writeGapMs: figure(failover, 'writeGapMs'),
          etcdElectedMs: figure(failover, 'etcdElectedMs'),
          rejoinMs: figure(failover, 'rejoinMs'),
        }
      : null,
    quorumLoss: quorumLoss
      ? {
          writeRefusedMs: figure(quorumLoss, 'writeRefusedMs'),
          linearizableReadRefusedMs: figure(quorumLoss, 'linearizableReadRefusedMs'),
          recoveryMs: figure(quorumLoss, 'recoveryMs'),
        }
      : null,
    summary,
    error: input.error ?? null,
  };
}
