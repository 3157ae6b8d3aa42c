import type {
  CheckFile,
  CheckResult,
  CheckStatus,
  CheckTable,
  Figures,
  MemberRow,
  RoundResult,
} from '../checks/check.js';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { configFiles, configMapping, type ConfigMappingRow, type DerivedMember } from '../cluster/user-config.js';
import type { Finding, LintResult } from '../lint/model.js';
import type { TargetKind } from '../targets/kind.js';

/** Where the members run as the report says it: a target of this product's, or `external` for a cluster given by its endpoints. */
export type RunTarget = TargetKind | 'external';

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
  /**
   * Numbers, and booleans for verdicts (`linearizable`); every name, unit and meaning is in ./figures.ts.
   * With rounds: each figure's p50, `<name>P95`, `<name>Max`, `keysLost` summed, a boolean true only if
   * it was in every round, and `rounds`.
   */
  figures: Figures;
  notes: string[];
  /** Only when the check ran in more than one round: each round's own result. */
  rounds?: ReportRound[];
  /** Only for checks that show tables (`tls`: its probes and the CIS audit): each with its title, headers and rows of text. */
  tables?: CheckTable[];
  /** Only when the check handed files back (a failing history, say): their names, in the JSON report's folder. */
  files?: string[];
  /** Only on a check that only `all` brought in: skipped (it cannot run on this cluster), it does not fail the run. */
  optional?: true;
}

/** A number figure both this run and the previous one measured (a boolean figure is not compared). */
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
  /**
   * Only for a cluster from the user's configuration (`config`): the file each member came from, and its
   * form; for a member a check added or restored, the member whose settings it ran (`derivedFrom`) and the check.
   */
  configFiles?: Array<{ member: string; file: string; form: string; derivedFrom?: string; forCheck?: string }>;
  /** Only with `configFiles`: how the run differs from that configuration, each setting it mapped, added or left out (null: not set). */
  configMapping?: ConfigMappingRow[];
  /**
   * Only when lint refused the configuration (`config`) before anything started: the path given and
   * every finding, as the lint JSON has them; `error` names the refusal.
   */
  lint?: { configPath: string; findings: Finding[]; summary: LintResult['summary'] };
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

/** A millisecond figure of a check, or null when it did not measure it. */
const figure = (check: CheckResult | undefined, name: string): number | null => {
  const value = check?.figures[name];
  return typeof value === 'number' ? value : null;
};

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
  /** Members the checks added or restored with settings derived from the user's configuration, for the mapping. */
  derived?: DerivedMember[];
  /** The checks only `all` brought in (none named them): a skip of one does not fail the run. Every check is required by default. */
  optional?: readonly string[];
  /** The findings of a configuration lint refused (see Report.lint). */
  lint?: Report['lint'];
}

/**
 * Whether the run passed: no error, some check passed, none failed, and every skipped check is one
 * that only `all` brought in (`all` is every check that can run on this cluster; a check the user
 * named, or a default one, that could not run fails the run).
 */
export function runPassed(input: Pick<ReportInput, 'checks' | 'error' | 'optional'>): boolean {
  const optional = new Set(input.optional ?? []);
  return (
    !input.error &&
    input.checks.some((check) => check.status === 'pass') &&
    input.checks.every((check) => check.status === 'pass' || (check.status === 'skipped' && optional.has(check.name)))
  );
}

/** Builds the report; whether it passed is runPassed's rule. */
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
    passed: runPassed(input),
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
      ...(input.optional?.includes(check.name) ? { optional: true as const } : {}),
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
      ? {
          configFiles: configFiles(input.spec, input.derived),
          configMapping: configMapping(input.spec, input.asRun, input.derived),
        }
      : {}),
    ...(input.lint ? { lint: input.lint } : {}),
    ...(input.checks.some((check) => check.files?.length)
      ? { artifacts: input.checks.flatMap((check) => check.files ?? []) }
      : {}),
  };
}
