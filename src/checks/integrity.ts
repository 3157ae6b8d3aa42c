import type { MemberSpec } from '../cluster/spec.js';
import type { HashKv } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import { pollUntil, PollTimeoutError } from '../util/poll.js';
import type { CheckContext, Figures } from './context.js';

/** How long the members get to answer `HashKV` at one revision, all agreeing (a member restarted moments ago catches up). */
export const INTEGRITY_BOUND_MS = 10_000;
const POLL_MS = 200;
const REQUEST_TIMEOUT_MS = 3000;
/** A panic or fatal line is quoted up to this many characters. */
const QUOTE_CHARS = 300;
/** etcd's answer to a revision compacted away (OUT_OF_RANGE, as "future revision" for one not applied yet). */
const COMPACTED = /required revision has been compacted/i;

/** What the integrity pass found: the figures and notes it adds, and what did not hold, if anything. */
export interface IntegrityOutcome {
  /** Undefined when the members agree and their logs are clean; else what did not hold, in a sentence or two. */
  failure?: string;
  figures: Figures;
  notes: string[];
}

/** One round of `HashKV` requests: the revision asked, and each running member's answer or error. */
interface HashRound {
  revision?: number;
  /** Why no revision was read, when none was. */
  revisionError?: string;
  answers: Map<string, HashKv>;
  errors: Map<string, string>;
}

/** A panic or fatal line of a member's log, as the pass reports it. */
export interface PanicLine {
  /** zap's `panic`/`dpanic`/`fatal` level, capnslog's critical level, or the Go runtime's own `panic:`/`fatal error:`. */
  kind: 'zap' | 'capnslog' | 'go runtime';
  line: string;
}

const ZAP_LEVELS = new Set(['panic', 'dpanic', 'fatal']);
/** zap's JSON level field, for a line cut short that JSON.parse refuses. */
const ZAP_LEVEL_FIELD = /"level":\s*"(?:panic|dpanic|fatal)"/i;
/** zap's console encoding (etcd's `--log-format=console`): time, tab, level in capitals, tab. */
const ZAP_CONSOLE = /^\S+\t(?:PANIC|DPANIC|FATAL)\t/;
/** capnslog (etcd 3.4's `--logger=capnslog`): `2024-01-02 15:04:05.000000 C | pkg: message`; C is critical (its Panic and Fatal). */
const CAPNSLOG_CRITICAL = /^(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? )?C \| /;
/** Any capnslog line, of whatever level: judged by its level letter alone. */
const CAPNSLOG_LINE = /^(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? )?[CEWNIDT] \| /;
/** What the Go runtime writes to stderr when a program panics or dies of a fatal error, at the start of a line. */
const GO_RUNTIME = /^(?:panic: |fatal error: )/;

/**
 * The panic and fatal lines of an etcd log: zap JSON lines by their `level` only (an info line whose
 * message mentions a panic is not one), zap console lines by their level column, capnslog lines by
 * their level letter, and the Go runtime's `panic:` and `fatal error:` at the start of a line.
 */
export function panicLines(log: string): PanicLine[] {
  const found: PanicLine[] = [];
  for (const raw of log.split('\n')) {
    const line = raw.trimEnd();
    const start = line.trimStart();
    if (start.startsWith('{')) {
      let level: unknown;
      try {
        level = (JSON.parse(start) as { level?: unknown }).level;
      } catch {
        if (ZAP_LEVEL_FIELD.test(start)) found.push({ kind: 'zap', line });
        continue;
      }
      if (typeof level === 'string' && ZAP_LEVELS.has(level.toLowerCase())) found.push({ kind: 'zap', line });
      continue;
    }
    if (ZAP_CONSOLE.test(line)) found.push({ kind: 'zap', line });
    else if (CAPNSLOG_LINE.test(line)) {
      if (CAPNSLOG_CRITICAL.test(line)) found.push({ kind: 'capnslog', line });
    } else if (GO_RUNTIME.test(line)) found.push({ kind: 'go runtime', line });
  }
  return found;
}

const quote = (line: string) => {
  const trimmed = line.trim();
  return trimmed.length > QUOTE_CHARS ? `${trimmed.slice(0, QUOTE_CHARS)}…` : trimmed;
};

/** The answer most members gave (hash and compacted revision), the first member's on a tie. */
function majorityAnswer(answers: Array<[string, HashKv]>): [string, HashKv] {
  const key = ([, answer]: [string, HashKv]) => `${answer.hash}/${answer.compactRevision}`;
  const counts = new Map<string, number>();
  for (const entry of answers) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
  let best = answers[0];
  for (const entry of answers) if ((counts.get(key(entry)) ?? 0) > (counts.get(key(best)) ?? 0)) best = entry;
  return best;
}

const agree = (a: HashKv, b: HashKv) => a.hash === b.hash && a.compactRevision === b.compactRevision;

/**
 * The store's revision, read (linearizably) from the first running member that answers.
 * Throws the last member's error when none does.
 */
async function readRevision(ctx: CheckContext, members: MemberSpec[]): Promise<number> {
  let lastError: unknown;
  for (const member of members) {
    try {
      return await ctx.client.revision(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS, requireLeader: true });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('no member to read the revision from');
}

/** Asks every running member for `HashKV` at one revision, until all answer alike or the bound runs out. */
async function compareHashes(ctx: CheckContext, members: MemberSpec[], boundMs: number): Promise<HashRound> {
  let revision: number | undefined;
  let last: HashRound = { answers: new Map(), errors: new Map() };
  try {
    await pollUntil(
      async () => {
        const round: HashRound = { answers: new Map(), errors: new Map() };
        last = round;
        try {
          revision ??= await readRevision(ctx, members);
        } catch (error) {
          round.revisionError = errorMessage(error);
          return undefined;
        }
        const at = revision;
        round.revision = at;
        const asked = await Promise.allSettled(
          members.map((member) => ctx.client.hashKV(member.clientUrl, at, { timeoutMs: REQUEST_TIMEOUT_MS })),
        );
        asked.forEach((answer, index) => {
          const name = members[index].name;
          if (answer.status === 'fulfilled') round.answers.set(name, answer.value);
          else round.errors.set(name, errorMessage(answer.reason));
        });
        // Compacted away (by a compaction the user's configuration runs, say): the next round reads a newer revision.
        if ([...round.errors.values()].some((error) => COMPACTED.test(error))) revision = undefined;
        // A member that has not applied the revision yet, or that is still starting, is asked again.
        if (round.errors.size > 0) return undefined;
        const answers = [...round.answers.values()];
        return answers.every((answer) => agree(answer, answers[0])) ? true : undefined;
      },
      { what: 'the members to agree on HashKV', timeoutMs: boundMs, intervalMs: POLL_MS, clock: ctx.clock },
    );
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error;
  }
  return last;
}

/** What the last round of `HashKV` shows: the figures, and what did not hold. */
function judgeHashes(round: HashRound, members: MemberSpec[], boundMs: number): IntegrityOutcome {
  if (round.revision === undefined) {
    return {
      failure: `no member answered a read of the store's revision within ${boundMs} ms (last error: ${round.revisionError})`,
      figures: { hashKvAgree: false, hashKvMembers: 0 },
      notes: [],
    };
  }
  const revision = round.revision;
  const answered = members
    .filter((member) => round.answers.has(member.name))
    .map((member): [string, HashKv] => [member.name, round.answers.get(member.name) as HashKv]);
  const problems = members
    .filter((member) => round.errors.has(member.name))
    .map(
      (member) =>
        `${member.name} gave no HashKV at revision ${revision} within ${boundMs} ms (${round.errors.get(member.name)})`,
    );
  if (answered.length === 0) {
    return {
      failure: problems.join('; '),
      figures: { integrityRevision: revision, hashKvAgree: false, hashKvMembers: 0 },
      notes: [],
    };
  }
  const [referenceName, reference] = majorityAnswer(answered);
  const differing = answered.filter(([, answer]) => !agree(answer, reference));
  for (const [name, answer] of differing) {
    problems.push(
      `${name}'s HashKV at revision ${revision} is ${answer.hash} (compacted at ${answer.compactRevision}), ` +
        `${referenceName}'s is ${reference.hash} (compacted at ${reference.compactRevision})`,
    );
  }
  const hashKvMembers = answered.length - differing.length;
  const figures: Figures = {
    integrityRevision: revision,
    hashKvAgree: problems.length === 0,
    hashKvMembers,
  };
  const notes =
    problems.length === 0
      ? [
          `integrity: ${hashKvMembers} members agree on HashKV at revision ${revision}: ${reference.hash} (compacted at ${reference.compactRevision})`,
        ]
      : answered.map(
          ([name, answer]) =>
            `integrity: ${name}'s HashKV at revision ${revision}: ${answer.hash} (compacted at ${answer.compactRevision})`,
        );
  return { failure: problems.length === 0 ? undefined : problems.join('; '), figures, notes };
}

/** Reads every member's log and finds its panic and fatal lines. */
async function scanLogs(ctx: CheckContext, expected: (line: string) => boolean): Promise<IntegrityOutcome> {
  const notes: string[] = [];
  const scanned = await Promise.all(
    ctx.spec.members.map(async (member) => {
      try {
        return { member, lines: panicLines(await ctx.target.logs(member)).filter((found) => !expected(found.line)) };
      } catch (error) {
        notes.push(`integrity: ${member.name}'s log could not be read, so it was not scanned: ${errorMessage(error)}`);
        return { member, lines: [] };
      }
    }),
  );
  const logPanics = scanned.reduce((sum, { lines }) => sum + lines.length, 0);
  const figures: Figures = { logPanics };
  const first = scanned.find(({ lines }) => lines.length > 0);
  if (!first) {
    const read = scanned.length - notes.length;
    notes.push(`integrity: no panic or fatal line in the logs of ${read} member${read === 1 ? '' : 's'}`);
    return { figures, notes };
  }
  const [line] = first.lines;
  const more = logPanics > 1 ? ` (${logPanics} panic or fatal lines in all)` : '';
  for (const { member, lines } of scanned) {
    for (const found of lines.slice(0, 3)) notes.push(`integrity: ${member.name}'s log: ${quote(found.line)}`);
  }
  return {
    failure: `${first.member.name}'s log holds a ${line.kind} panic or fatal line: ${quote(line.line)}${more}`,
    figures,
    notes,
  };
}

/**
 * The integrity pass after a drill that stops, cuts or replaces members: every running member of
 * the spec (members beyond it, such as spares, are not asked) gives `HashKV` at one revision (the
 * store's current one), asked again within INTEGRITY_BOUND_MS while a member lags ("future
 * revision"), is still starting, or disagrees on the hash or the compacted revision; all must agree.
 * Then every member's log must hold no panic or fatal line.
 */
export async function checkIntegrity(
  ctx: CheckContext,
  /** `expected`: fatal lines a drill caused on purpose (etcd refusing a downgrade), which the scan passes over. */
  options: { boundMs?: number; expected?: (line: string) => boolean } = {},
): Promise<IntegrityOutcome> {
  if (ctx.spec.members.length === 0) return { figures: {}, notes: [] };
  const hashes = await checkHashKv(ctx, options.boundMs);
  const logs = await scanLogs(ctx, options.expected ?? (() => false));
  const failures = [hashes.failure, logs.failure].filter((failure) => failure !== undefined);
  return {
    ...(failures.length > 0 ? { failure: failures.join('; ') } : {}),
    figures: { ...hashes.figures, ...logs.figures },
    notes: [...hashes.notes, ...logs.notes],
  };
}

/**
 * The first half of the integrity pass alone: every running member of the spec gives the same
 * `HashKV` at one revision (see checkIntegrity); its figures are `integrityRevision`, `hashKvAgree`
 * and `hashKvMembers`. For a drill that compares the members between its own steps, where reading
 * every log each time would add nothing the pass after it does not.
 */
export async function checkHashKv(ctx: CheckContext, boundMs = INTEGRITY_BOUND_MS): Promise<IntegrityOutcome> {
  const running: MemberSpec[] = [];
  const notes: string[] = [];
  for (const member of ctx.spec.members) {
    if (await ctx.target.isRunning(member)) running.push(member);
    else notes.push(`integrity: ${member.name} does not run after the drill, so it was not asked for HashKV`);
  }
  if (running.length === 0)
    return {
      failure: 'no member of the cluster runs after the drill',
      figures: { hashKvAgree: false, hashKvMembers: 0 },
      notes,
    };
  const judged = judgeHashes(await compareHashes(ctx, running, boundMs), running, boundMs);
  return { ...judged, notes: [...notes, ...judged.notes] };
}
