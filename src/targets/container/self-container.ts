import { access, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { ClusterSpec } from '../../cluster/spec.js';
import type { Logger } from '../../util/logger.js';
import type { ProcessRunner } from '../../util/process.js';
import type { Engine } from './engine.js';
import { attachAddress } from './layout.js';
import type { ContainerTargetState } from './types.js';

/**
 * What this process can see of a container it may run in: container IDs named by its own mounts and
 * cgroups, and its host name (an engine names a container's host after its ID unless told otherwise).
 */
export interface ContainerHints {
  ids: string[];
  hostname: string;
}

/** The container this process runs in, as the engine the docker CLI reaches knows it. */
export interface SelfContainer {
  id: string;
  /** `host` when it shares the engine machine's network (it reaches the members' network as that machine does). */
  networkMode: string;
  /** `host` when it sees the engine machine's processes (and so the members' network namespaces). */
  pidMode: string;
}

const CONTAINER_ID = /\b[0-9a-f]{64}\b/;
/** The files engines leave in a container they start (Docker's, podman's). */
const MARKERS = ['/.dockerenv', '/run/.containerenv'];

/**
 * Container IDs in /proc/self/mountinfo and /proc/self/cgroup: the file an engine bind-mounts at
 * /etc/hostname lives in the container's own folder (Docker's `containers/<id>/hostname`, podman's
 * `overlay-containers/<id>/userdata/hostname`), whatever the cgroup version; cgroup v1 paths, and v2
 * without a namespace of its own, end in `docker/<id>` or `libpod-<id>.scope`. Mounts elsewhere are
 * ignored: the engine machine itself sees every container's folders in its mounts.
 */
export function containerIdsFrom(mountinfo: string, cgroup: string): string[] {
  const ids: string[] = [];
  for (const line of mountinfo.split('\n')) {
    // Fields: ID, parent, major:minor, root, mount point, ...
    const [, , , root, mountPoint] = line.split(' ');
    const id = mountPoint === '/etc/hostname' ? CONTAINER_ID.exec(root ?? '')?.[0] : undefined;
    if (id) ids.push(id);
  }
  for (const line of cgroup.split('\n')) {
    const id = /(?:docker|libpod)[-/]([0-9a-f]{64})(?:\.scope)?$/.exec(line.trim())?.[1];
    if (id) ids.push(id);
  }
  return [...new Set(ids)];
}

/** What this process sees of a container around it, or undefined when nothing says it runs in one. */
export async function readContainerHints(): Promise<ContainerHints | undefined> {
  const read = (file: string) => readFile(file, 'utf8').catch(() => '');
  const ids = containerIdsFrom(await read('/proc/self/mountinfo'), await read('/proc/self/cgroup'));
  const marked = await Promise.all(
    MARKERS.map((file) =>
      access(file).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (ids.length === 0 && !marked.includes(true)) return undefined;
  return { ids, hostname: hostname() };
}

/**
 * The container of the engine the docker CLI reaches that this process runs in, or undefined: each
 * ID the hints name is asked of the engine, then the host name, which counts only when the container
 * of that name or ID has this very host name. An engine that does not know any (this process runs on
 * the engine's machine, or in a container of another engine) gives undefined.
 */
export async function findSelfContainer(
  runner: ProcessRunner,
  hints: ContainerHints | undefined,
): Promise<SelfContainer | undefined> {
  if (!hints) return undefined;
  const candidates = [...hints.ids.map((id) => ({ ref: id, byName: false })), { ref: hints.hostname, byName: true }];
  for (const { ref, byName } of candidates) {
    if (!ref || ref.startsWith('-')) continue;
    const result = await runner.run(
      'docker',
      [
        'inspect',
        '--type',
        'container',
        '--format',
        '{{.Id}} {{.State.Running}} {{.Config.Hostname}} {{.HostConfig.NetworkMode}} {{.HostConfig.PidMode}}',
        ref,
      ],
      { timeoutMs: 20_000 },
    );
    if (result.code !== 0) continue;
    const [id, running, name, networkMode = '', pidMode = ''] = result.stdout.trim().split(' ');
    if (running !== 'true' || !CONTAINER_ID.test(id ?? '')) continue;
    if (byName ? name !== hints.hostname : !id.startsWith(ref)) continue;
    return { id, networkMode, pidMode };
  }
  return undefined;
}

/**
 * Where the CLI runs in a container of this engine (a job's `container:` reaches the engine through
 * the socket the runner mounts), that container joins the members' network on an address no member
 * uses, so that it reaches the members as the engine's machine does; teardown disconnects it. A
 * container on the host's network (or another container's) reaches them already, or cannot join.
 */
export async function attachSelf(
  run: {
    spec: ClusterSpec;
    state: ContainerTargetState;
    engine: Engine;
    logger: Logger;
    onChange?: () => Promise<void>;
  },
  self: SelfContainer | undefined,
): Promise<void> {
  const { state, logger } = run;
  if (!self) return;
  if (self.networkMode === 'host' || self.networkMode.startsWith('container:')) {
    logger.debug(
      `the CLI runs in the container ${self.id.slice(0, 12)} on the network ${self.networkMode}; it joins no other`,
    );
    return;
  }
  const address = attachAddress(run.spec, state);
  // Recorded first, so a teardown after a failure here still disconnects it.
  state.attached = self.id;
  await run.onChange?.();
  const result = await run.engine.connect(state.network, self.id, address);
  if (result.code !== 0)
    throw new Error(
      `the CLI runs in the container ${self.id.slice(0, 12)} of this engine, which must join the members' network to reach them; ` +
        `connecting it to ${state.network} at ${address} failed: ${result.stderr.trim()}`,
    );
  logger.info(
    `this container (${self.id.slice(0, 12)}) joined the network ${state.network} at ${address} to reach the members`,
  );
}

/** Disconnects the CLI's container from the members' network, if `attachSelf` connected it; what went wrong, if anything. */
export async function detachSelf(engine: Engine, state: ContainerTargetState): Promise<string[]> {
  const attached = state.attached;
  if (!attached) return [];
  const problem = await engine.disconnect(state.network, attached);
  if (problem !== undefined)
    return [`network ${state.network}: disconnecting the container ${attached.slice(0, 12)}: ${problem}`];
  delete state.attached;
  return [];
}
