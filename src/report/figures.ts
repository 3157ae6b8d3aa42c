import type { CheckName } from '../checks/registry.js';

/** What a figure counts in: its values are numbers, except a `boolean` figure's (true or false). */
export type FigureUnit = 'ms' | 'count' | 'bytes' | 'term' | 'revision' | 'boolean';

/** One figure a check can report: its unit, what it means, and the checks that report it. */
export interface FigureInfo {
  readonly unit: FigureUnit;
  /** One sentence for the legends (docs/report.md, job summary, JSON Schema): what was measured, from when to when. */
  readonly meaning: string;
  readonly checks: readonly CheckName[];
}

const KEYS_ACKNOWLEDGED = 'keys the check wrote and etcd acknowledged during the drill';
const KEYS_LOST = 'acknowledged keys missing at the end (must be 0); summed over rounds';
/** The checks that stop, cut or replace members: each is followed by the integrity pass (src/checks/integrity.ts). */
const DRILLS = [
  'failover',
  'quorum-loss',
  'partition',
  'membership',
  'snapshot-restore',
  'history',
  'watch',
  'upgrade',
] as const;

/**
 * Every figure a check can put in `figures`, by name. The legend in docs/report.md, the job summary's legend
 * and the JSON Schema's figure descriptions are made from this table, and a unit test holds it to
 * the figures the checks' code sets: a figure named here is one some check reports, and the other way round.
 */
export const FIGURES = {
  members: { unit: 'count', meaning: 'members in the status table', checks: ['status'] },
  healthy: { unit: 'count', meaning: 'members that answered a linearizable read', checks: ['status'] },
  leaders: { unit: 'count', meaning: 'members that say they are the leader (must be 1)', checks: ['status'] },
  slowestHealthMs: { unit: 'ms', meaning: "the slowest member's health read", checks: ['status'] },
  raftTerm: { unit: 'term', meaning: 'the highest raft term a member reported', checks: ['status'] },
  largestDbSizeBytes: { unit: 'bytes', meaning: "the largest member's database size", checks: ['status'] },
  termBefore: {
    unit: 'term',
    meaning: 'the highest raft term before the fault',
    checks: ['failover', 'partition'],
  },
  newLeaderMs: {
    unit: 'ms',
    meaning:
      'from the fault (leader killed, leader cut off, leader removed) until the other members agree on a new leader',
    checks: ['failover', 'partition', 'membership'],
  },
  writeGapMs: {
    unit: 'ms',
    meaning:
      'failover: from the kill of the leader until a write is acknowledged again (writes start every 10 ms); upgrade: the longest time between two acknowledged writes while a member moved (the longest of the members)',
    checks: ['failover', 'upgrade'],
  },
  etcdElectedMs: {
    unit: 'ms',
    meaning: 'from the kill of the leader until the "elected leader" line a survivor logged, by that line\'s timestamp',
    checks: ['failover'],
  },
  termAfter: {
    unit: 'term',
    meaning: 'the highest raft term at the end (failover: the term the new leader was elected in)',
    checks: ['failover', 'partition'],
  },
  rejoinMs: {
    unit: 'ms',
    meaning: 'from the restart of the old leader until it follows the new leader',
    checks: ['failover'],
  },
  catchUpMs: {
    unit: 'ms',
    meaning:
      "until a returning member has applied the leader's index: from its restart (failover), the heal (partition), its start (membership, the slower learner)",
    checks: ['failover', 'partition', 'membership'],
  },
  keysAcknowledged: {
    unit: 'count',
    meaning: KEYS_ACKNOWLEDGED,
    checks: ['failover', 'quorum-loss', 'partition', 'membership', 'snapshot-restore', 'upgrade'],
  },
  keysLost: {
    unit: 'count',
    meaning: KEYS_LOST,
    checks: ['failover', 'quorum-loss', 'partition', 'membership', 'snapshot-restore', 'upgrade'],
  },
  followerStopMs: { unit: 'ms', meaning: 'killing the followers of the majority', checks: ['quorum-loss'] },
  membersStopped: { unit: 'count', meaning: 'members killed: a majority', checks: ['quorum-loss'] },
  leaderLostMs: {
    unit: 'ms',
    meaning: 'from the kill of the leader until the survivor names no leader',
    checks: ['quorum-loss'],
  },
  writeRefusedMs: {
    unit: 'ms',
    meaning:
      'a write to the member without quorum (quorum-loss: the survivor; partition: the cut-off leader) until refused',
    checks: ['quorum-loss', 'partition'],
  },
  linearizableReadRefusedMs: {
    unit: 'ms',
    meaning: 'a linearizable read on the survivor until refused',
    checks: ['quorum-loss'],
  },
  serializableReadMs: {
    unit: 'ms',
    meaning: "a serializable read answered from the survivor's local state",
    checks: ['quorum-loss'],
  },
  serializableKeysSeen: {
    unit: 'count',
    meaning: 'acknowledged keys that serializable read saw (possibly stale)',
    checks: ['quorum-loss'],
  },
  recoveryMs: {
    unit: 'ms',
    meaning: 'from the restart of the stopped members until a write is acknowledged again',
    checks: ['quorum-loss'],
  },
  allHealthyMs: {
    unit: 'ms',
    meaning: 'from the restart of the stopped members until every member is healthy',
    checks: ['quorum-loss'],
  },
  stepDownMs: {
    unit: 'ms',
    meaning: "from the cut until the old leader's own status no longer says it leads",
    checks: ['partition'],
  },
  termElected: { unit: 'term', meaning: "the majority's new leader's term", checks: ['partition'] },
  healMs: {
    unit: 'ms',
    meaning: "from the heal until the old leader follows and has applied the leader's index",
    checks: ['partition'],
  },
  termAfterHeal: {
    unit: 'term',
    meaning: "the highest term after the old leader's return (equals termElected with pre-vote)",
    checks: ['partition'],
  },
  addMs: { unit: 'ms', meaning: 'the slower `member add --learner` request', checks: ['membership'] },
  addWaitMs: {
    unit: 'ms',
    meaning: "the slower wait for etcd's strict reconfiguration check before an add",
    checks: ['membership'],
  },
  promoteMs: { unit: 'ms', meaning: 'the slower promotion of a caught-up learner', checks: ['membership'] },
  removeMs: { unit: 'ms', meaning: 'the slower `member remove` request', checks: ['membership'] },
  removeWaitMs: {
    unit: 'ms',
    meaning: "the slower wait for etcd's strict reconfiguration check before a removal",
    checks: ['membership'],
  },
  moveLeaderMs: {
    unit: 'ms',
    meaning: 'moving the leadership to the last added member',
    checks: ['membership'],
  },
  maxSize: { unit: 'count', meaning: 'the most voting members the cluster reached', checks: ['membership'] },
  finalSize: { unit: 'count', meaning: 'voting members at the end', checks: ['membership'] },
  snapshotMs: {
    unit: 'ms',
    meaning: "streaming the leader's snapshot to a file and verifying its hash",
    checks: ['snapshot-restore'],
  },
  snapshotBytes: { unit: 'bytes', meaning: "the snapshot's size", checks: ['snapshot-restore'] },
  restoreMs: {
    unit: 'ms',
    meaning: "restoring the snapshot into every new member's data folder",
    checks: ['snapshot-restore'],
  },
  restoredHealthyMs: {
    unit: 'ms',
    meaning: 'from the start of the restored members until they agree on a leader',
    checks: ['snapshot-restore'],
  },
  keysRestored: {
    unit: 'count',
    meaning: "the snapshot's keys the restored cluster holds with their value and revision",
    checks: ['snapshot-restore'],
  },
  revisionRestored: {
    unit: 'revision',
    meaning: "the restored cluster's store revision (must equal the snapshot's)",
    checks: ['snapshot-restore'],
  },
  clients: { unit: 'count', meaning: 'clients that ran operations at once', checks: ['history'] },
  keys: { unit: 'count', meaning: 'keys the clients put and got', checks: ['history'] },
  loadMs: {
    unit: 'ms',
    meaning: 'the load with its faults, until the final reads (history) or the final write (watch)',
    checks: ['history', 'watch'],
  },
  faults: {
    unit: 'count',
    meaning: 'faults injected during the load (the notes name them)',
    checks: ['history', 'watch'],
  },
  checkMs: { unit: 'ms', meaning: "the linearizability checker's time", checks: ['history'] },
  operations: { unit: 'count', meaning: 'operations in the history', checks: ['history', 'upgrade'] },
  operationsOk: { unit: 'count', meaning: 'operations etcd acknowledged', checks: ['history'] },
  operationsFailed: {
    unit: 'count',
    meaning: 'operations etcd refused before proposing them',
    checks: ['history'],
  },
  operationsUnknown: {
    unit: 'count',
    meaning: 'operations whose outcome is unknown (a timeout, a lost connection)',
    checks: ['history'],
  },
  linearizable: {
    unit: 'boolean',
    meaning:
      'whether the history is linearizable (false also when the checker could not decide); with rounds: true only if every round was',
    checks: ['history', 'upgrade'],
  },
  membersMoved: {
    unit: 'count',
    meaning: 'members moved to the other release and serving on it (the table of moved members names each)',
    checks: ['upgrade'],
  },
  downtimeMs: {
    unit: 'ms',
    meaning: 'the longest of the members: from stopping it until it served a linearizable read on the other release',
    checks: ['upgrade'],
  },
  clusterVersionMs: {
    unit: 'ms',
    meaning:
      "from the last member serving on the other release until a member's `/version` named its minor as the cluster version",
    checks: ['upgrade'],
  },
  eventsChecked: {
    unit: 'count',
    meaning: 'watch events delivered and checked against the writes and their revisions, the final watch included',
    checks: ['watch'],
  },
  watchers: {
    unit: 'count',
    meaning: 'watchers: from now and from a past revision, the one from a compacted revision and the final watch',
    checks: ['watch'],
  },
  resumptions: {
    unit: 'count',
    meaning:
      'watches opened again on another member, from the revision after the last delivered, after their stream broke',
    checks: ['watch'],
  },
  largestDeliveryDelayMs: {
    unit: 'ms',
    meaning: "the largest time from a write's acknowledgment to its event's delivery on a watch open before it",
    checks: ['watch'],
  },
  compactions: {
    unit: 'count',
    meaning: 'compactions etcd acknowledged, every few hundred ms during the load to a revision a little behind',
    checks: ['watch'],
  },
  integrityRevision: {
    unit: 'revision',
    meaning:
      "after the drill: the store revision at which every running member was asked for HashKV (with rounds, Max is the last round's)",
    checks: DRILLS,
  },
  hashKvAgree: {
    unit: 'boolean',
    meaning:
      'after the drill: whether every running member gave the same HashKV hash and compacted revision at integrityRevision; with rounds: true only if every round was',
    checks: DRILLS,
  },
  hashKvMembers: {
    unit: 'count',
    meaning: 'after the drill: members whose HashKV at integrityRevision agreed (the most common answer)',
    checks: DRILLS,
  },
  logPanics: {
    unit: 'count',
    meaning:
      "after the drill: panic and fatal lines in the members' logs (zap's panic, dpanic and fatal levels, capnslog's critical one, the Go runtime's panic and fatal error; must be 0); summed over rounds",
    checks: DRILLS,
  },
  probes: { unit: 'count', meaning: 'TLS probes that got an answer (the control probe aside)', checks: ['tls'] },
  refused: { unit: 'count', meaning: 'of those, the probes the members refused', checks: ['tls'] },
  cisPassed: { unit: 'count', meaning: 'CIS etcd requirements met', checks: ['tls'] },
  cisFailed: { unit: 'count', meaning: 'CIS etcd requirements not met', checks: ['tls'] },
} as const satisfies Record<string, FigureInfo>;

export type FigureName = keyof typeof FIGURES;

/** The figures a check run in rounds adds, by rule rather than by name. */
export const ROUND_FIGURE_RULES = [
  {
    name: '<name>',
    unit: "the figure's",
    meaning:
      'with rounds: the p50 of the rounds (nearest rank); `keysLost` and `logPanics` are their sums, a boolean is true only if it was in every round',
  },
  { name: '<name>P95', unit: "the figure's", meaning: 'with rounds: the p95 of a number figure (nearest rank)' },
  { name: '<name>Max', unit: "the figure's", meaning: 'with rounds: the largest value of a number figure' },
  { name: 'rounds', unit: 'count', meaning: 'with rounds: how many rounds ran' },
] as const;

/** Whether `name` is in the table. */
export function isFigureName(name: string): name is FigureName {
  return Object.hasOwn(FIGURES, name);
}

/**
 * The table's figure a reported name stands for: itself, or with rounds the figure of a
 * `<name>P95`/`<name>Max`; undefined for `rounds` and for a name the table does not know.
 */
export function baseFigure(name: string): FigureName | undefined {
  if (isFigureName(name)) return name;
  const base = name.replace(/(P95|Max)$/, '');
  return base !== name && isFigureName(base) && FIGURES[base].unit !== 'boolean' ? base : undefined;
}

/** A figure's row in a legend: its name in code, its unit, its meaning and the checks that report it. */
export function legendRow(name: FigureName): [string, string, string, string] {
  const info: FigureInfo = FIGURES[name];
  return [`\`${name}\``, info.unit, info.meaning, info.checks.join(', ')];
}

const LEGEND_HEADERS = ['FIGURE', 'UNIT', 'MEANING', 'CHECKS'];

/**
 * The legend as a Markdown table: the figures named (every figure in the table by default), in the
 * table's order, then the rules for rounds when `rounds` is true. Our own text: no escaping needed.
 */
export function legendMarkdown(names: readonly FigureName[] = Object.keys(FIGURES) as FigureName[], rounds = true) {
  const order = Object.keys(FIGURES) as FigureName[];
  const rows: string[][] = order.filter((name) => names.includes(name)).map(legendRow);
  if (rounds) rows.push(...ROUND_FIGURE_RULES.map((rule) => [`\`${rule.name}\``, rule.unit, rule.meaning, 'all']));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(LEGEND_HEADERS), line(LEGEND_HEADERS.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A figure's description in the JSON Schema: its unit and meaning. */
export function schemaDescription(name: FigureName): string {
  const info: FigureInfo = FIGURES[name];
  return `${info.unit}: ${info.meaning} (${info.checks.join(', ')})`;
}

/**
 * The JSON Schema of a check's `figures`: each figure of the table by name and type, its `P95` and
 * `Max` with rounds, `rounds`, and nothing else. The committed schemas/report.schema.json holds
 * this under `$defs.figures` (a unit test keeps them equal).
 */
export function figuresSchema(): Record<string, unknown> {
  const names = Object.keys(FIGURES) as FigureName[];
  const numbers = names.filter((name) => FIGURES[name].unit !== 'boolean');
  const properties: Record<string, unknown> = {};
  for (const name of names) {
    properties[name] = {
      type: FIGURES[name].unit === 'boolean' ? 'boolean' : 'number',
      description: schemaDescription(name),
    };
  }
  properties.rounds = { type: 'integer', minimum: 1, description: 'count: with rounds, how many rounds ran' };
  return {
    type: 'object',
    description:
      'What the check measured. Milliseconds end in Ms. With rounds: each figure is the p50 of the rounds, with <name>P95 and <name>Max beside it; keysLost and logPanics are summed; a boolean is true only if it was in every round.',
    properties,
    patternProperties: {
      [`^(${numbers.join('|')})(P95|Max)$`]: {
        type: 'number',
        description: "with rounds: the p95 (nearest rank) or the largest value of the figure, in the figure's unit",
      },
    },
    additionalProperties: false,
  };
}

/**
 * The legend of the figures some check reported (each round's too), with the rules for rounds when a
 * check ran in rounds; undefined when no check reported a figure the table knows.
 */
export function figuresLegend(
  checks: ReadonlyArray<{
    figures: Record<string, unknown>;
    rounds?: ReadonlyArray<{ figures: Record<string, unknown> }>;
  }>,
): string | undefined {
  const reported = checks.flatMap((check) => [check.figures, ...(check.rounds ?? []).map((round) => round.figures)]);
  const names = new Set(reported.flatMap((figures) => Object.keys(figures).map(baseFigure)));
  const known = [...names].filter((name): name is FigureName => name !== undefined);
  if (known.length === 0) return undefined;
  return legendMarkdown(
    known,
    checks.some((check) => check.rounds !== undefined),
  );
}
