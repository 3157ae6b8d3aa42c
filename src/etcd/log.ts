/** A leader election as etcd's raft logged it. */
export interface ElectionLogEntry {
  /** Wall-clock time of the log line, in milliseconds since the epoch. */
  timeMs: number;
  /** ID (hex) of the member that logged it. */
  reporter: string;
  leader: string;
  term: number;
}

const ELECTED = /(?:raft\.node: )?([0-9a-f]+) elected leader ([0-9a-f]+) at term (\d+)/;

/** Parses etcd's zap timestamps: ISO 8601 (with `Z` or `+0800`), or epoch seconds as a number. */
export function parseLogTime(ts: unknown): number | undefined {
  if (typeof ts === 'number') return ts * 1000;
  if (typeof ts !== 'string') return undefined;
  const parsed = Date.parse(ts.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Every "elected leader" line in an etcd log (zap JSON lines; other lines are passed over). */
export function electionsInLog(log: string): ElectionLogEntry[] {
  const entries: ElectionLogEntry[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('elected leader')) continue;
    let record: { ts?: unknown; msg?: unknown };
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const match = typeof record.msg === 'string' ? ELECTED.exec(record.msg) : null;
    const timeMs = parseLogTime(record.ts);
    if (match && timeMs !== undefined) {
      entries.push({ timeMs, reporter: match[1], leader: match[2], term: Number(match[3]) });
    }
  }
  return entries;
}
