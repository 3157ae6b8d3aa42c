import type { CheckFile, CheckResult, CheckStatus, CheckTable, MemberRow } from '../checks/check.js';
import type { RoundResult } from '../checks/rounds.js';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { configFiles, configMapping, type ConfigMappingRow } from '../cluster/user-config.js';
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

/** One round of a check that ran in rounds, as the check recorded it. */
export type ReportRound = RoundResult;

export interface ReportCheck {
  name: string;
  status: CheckStatus;
  summary: string;
  durationMs: number;
  /** With rounds: each figure's p50, `<name>P95`, `<name>Max`, `keysLost` summed, and `rounds`. */
  figures: Record<string, number>;
  notes: string[];
  /** Only when the check ran in more than one round: each round's own result. */
  rounds?: ReportRound[];
  /** Only for checks that show tables (`tls`: its probes and the CIS audit): each with its title, headers and rows of text. */
  tables?: CheckTable[];
  /** Only when the check handed files back (a failing history, say): their names, in the JSON report's folder. */
  files?: string[];
}

/** A figure both this run and the previous one measured. */
export interface ComparisonRow {
  check: string;
  figure: string;
  previous: number;
  current: number;
  /** Percent change from previous to current, one decimal; null when previous is 0. */
  changePct: number | null;
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
  /** `keyAlgorithm`: the PKI's keys as `key-algorithm` names them (`ecdsa-p256`, `rsa-2048`, ...), null if there was none. */
  cluster: {
    runId: string;
    members: number;
    heartbeatMs: number;
    electionMs: number;
    endpoints: string[];
    keyAlgorithm: string | null;
  };
  /** Milliseconds spent in each phase that ran. */
  phases: Record<string, number>;
  /** The status table as read after the checks (the cluster the job's later steps get). */
  members: ReportMember[];
  leader: { name: string; endpoint: string; id: string } | null;
  checks: ReportCheck[];
  failover: {
    newLeaderMs: number | null;
    writeGapMs: number | null;
    etcdElectedMs: number | null;
    rejoinMs: number | null;
  } | null;
  quorumLoss: {
    writeRefusedMs: number | null;
    linearizableReadRefusedMs: number | null;
    recoveryMs: number | null;
  } | null;
  summary: Record<CheckStatus, number>;
  /** Why the run failed other than by a check: it stopped before the checks, or a figure regressed past the allowed percentage. */
  error: string | null;
  /** Only when compared with a previous report: every figure both runs measured. */
  comparison?: ComparisonRow[];
  /** Only for a cluster from the user's configuration (`config`): the file each member came from, and its form. */
  configFiles?: Array<{ member: string; file: string; form: string }>;
  /** Only with `configFiles`: how the run differs from that configuration, each setting it mapped, added or left out (null: not set). */
  configMapping?: ConfigMappingRow[];
  /** Not in the JSON (renderJson leaves it out): the files checks handed back, written beside the JSON report (see writeCheckFiles). */
  artifacts?: CheckFile[];
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
  /** A member as its target runs it (its paths in a container), for the configuration mapping; the spec's member by default. */
  asRun?: (member: MemberSpec) => MemberSpec;
  target: RunTarget;
  etcdVersion: string;
  toolVersion: string;
  startedAt: Date;
  durationMs: number;
  phases: Record<string, number>;
  members: MemberRow[];
  checks: CheckResult[];
  error?: string;
  /** The PKI's key algorithms (see pkiKeyAlgorithms); null when there was no PKI. */
  keyAlgorithm?: string | null;
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
      keyAlgorithm: input.keyAlgorithm ?? null,
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
      ...(check.rounds
        ? { rounds: check.rounds.map((round) => ({ ...round, durationMs: Math.round(round.durationMs) })) }
        : {}),
      ...(check.tables ? { tables: check.tables } : {}),
      ...(check.files?.length ? { files: check.files.map((file) => file.name) } : {}),
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
    ...(configFiles(input.spec).length > 0
      ? { configFiles: configFiles(input.spec), configMapping: configMapping(input.spec, input.asRun) }
      : {}),
    ...(input.checks.some((check) => check.files?.length)
      ? { artifacts: input.checks.flatMap((check) => check.files ?? []) }
      : {}),
  };
}
