import { recordedRuns, type LiveRun, type RunRegistry } from '../run/run-records.js';

/** What the CLI's verbs on recorded runs print to. */
export interface RunsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The runs the registry records whose folder is still there; says which entries went because their
 * folder did, and which files are no entry.
 */
export async function liveRuns(registry: RunRegistry, io: RunsIo): Promise<LiveRun[]> {
  const { live, removed, unreadable } = await recordedRuns(registry);
  for (const { entry, reason } of removed)
    io.stderr(`removed run ${entry.runId} (${entry.target}, started ${entry.startedAt}) from the list: ${reason}\n`);
  for (const file of unreadable) io.stderr(`warning: ${file} is not a run entry; it was left as it is\n`);
  return live;
}
