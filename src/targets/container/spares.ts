import { readFile } from 'node:fs/promises';
import type { ClusterSpec, MemberSpec, SparePlace } from '../../cluster/spec.js';
import { placeOnAddress } from '../../cluster/spec.js';
import { restoreToolFor, snapshotRestoreArgs } from '../../etcd/snapshot.js';
import type { Engine } from './engine.js';
import { CONTAINER_DATA_DIR, RESTORED_DATA_DIR, RUN_LABEL, containerName } from './layout.js';
import type { ContainerTargetState } from './types.js';

/** Where the restore container finds the snapshot. */
const SNAPSHOT_IN_CONTAINER = '/snapshot/snapshot.db';
const RESTORE_TIMEOUT_MS = 120_000;

/** The next addresses of the run's /24 after the highest member address that no member uses, with the spec's ports. */
export function sparePlaces(spec: ClusterSpec, state: ContainerTargetState, count: number): SparePlace[] {
  const taken = new Set([...spec.members, ...Object.values(state.spare ?? {})].map((member) => member.address));
  const prefix = state.subnet.split('.').slice(0, 3).join('.');
  const found: string[] = [];
  for (
    let octet = Math.max(...spec.members.map((member) => Number(member.address.split('.')[3]))) + 1;
    octet <= 254 && found.length < count;
    octet++
  ) {
    if (!taken.has(`${prefix}.${octet}`)) found.push(`${prefix}.${octet}`);
  }
  if (found.length < count)
    throw new Error(
      `the network ${state.network} (${state.subnet}) has ${found.length} of ${count} addresses left after the members'`,
    );
  return found.map((address) => placeOnAddress(spec, address));
}

/**
 * Restores into a volume of this run with the image's own tool (etcdutl from etcd 3.5, etcdctl
 * before), run as a container of its own into which the snapshot is copied before it starts (as the
 * members' certificates are); the member's container then mounts the volume as its data. The volume
 * and the tool's container are recorded in the state before they exist, so teardown finds them. What
 * it ran, as a command line.
 */
export async function restoreIntoVolume(
  run: {
    spec: ClusterSpec;
    state: ContainerTargetState;
    engine: Engine;
    /** The version of the etcd in the image, whose restore tool runs. */
    etcdVersion: string;
    onChange?: () => Promise<void>;
  },
  member: MemberSpec,
  snapshotFile: string,
): Promise<string> {
  const { spec, state, engine } = run;
  const volume = `${containerName(spec, member)}-data`;
  // Recorded first, so a teardown after a failure here still removes it.
  state.volumes = { ...state.volumes, [member.name]: volume };
  await run.onChange?.();
  await engine.ok(
    ['volume', 'create', '--label', `${RUN_LABEL}=${spec.runId}`, volume],
    `creating the volume ${volume}`,
  );
  const tool = `/usr/local/bin/${restoreToolFor(run.etcdVersion)}`;
  const restorer = `${containerName(spec, member)}-restore`;
  const args = [
    '--network',
    'none',
    '--label',
    `${RUN_LABEL}=${spec.runId}`,
    '--volume',
    `${volume}:${CONTAINER_DATA_DIR}`,
    '--entrypoint',
    tool,
    state.image,
    ...snapshotRestoreArgs(member, SNAPSHOT_IN_CONTAINER, RESTORED_DATA_DIR),
  ];
  const what = `restoring the snapshot for ${member.name} with ${tool} in ${state.image}`;
  // Recorded first, so a teardown after a failure here still removes it.
  state.tools = [...(state.tools ?? []), restorer];
  await run.onChange?.();
  try {
    await engine.ok(['create', '--name', restorer, ...args], what);
    const snapshot = await readFile(snapshotFile);
    await engine.copyInto(
      restorer,
      [{ name: SNAPSHOT_IN_CONTAINER.slice(1), mode: 0o600, data: snapshot }],
      `copying the snapshot into ${restorer}`,
    );
    // The container's exit code is `start --attach`'s; its output says why it failed.
    await engine.ok(['start', '--attach', restorer], what, RESTORE_TIMEOUT_MS);
  } finally {
    if ((await engine.removeContainer(restorer)) === undefined) {
      state.tools = state.tools?.filter((name) => name !== restorer);
      await run.onChange?.();
    }
  }
  return `docker run --rm ${args.join(' ')} (the snapshot copied to ${SNAPSHOT_IN_CONTAINER})`;
}
