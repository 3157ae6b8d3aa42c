import type { ClientTls, EtcdClient } from '../etcd/client.js';
import { errorMessage } from '../errors.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { pollUntil, PollTimeoutError } from '../util/poll.js';
import { waitForPeerApi } from './listener.js';
import type { ClusterSpec, MemberSpec } from './spec.js';
import { statusWithAgreedLeader } from './status.js';
import { lastLines } from '../util/text-layout.js';

/** The cluster did not become healthy; says which member and shows the end of its log. */
export class ClusterStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterStartError';
  }
}

/**
 * What starting a cluster and waiting for it asks of where its members run: every target is one (the
 * targets' interface builds on the cluster, not the other way round).
 */
export interface MemberRunner {
  preflight(): Promise<void>;
  start(member: MemberSpec): Promise<void>;
  isRunning(member: MemberSpec): Promise<boolean>;
  logs(member: MemberSpec, tailLines?: number): Promise<string>;
}

const HEALTH_POLL_MS = 50;
const LOG_TAIL_LINES = 15;

/** The last error etcd logged (zap levels error, panic, fatal), as `message: error`. */
export function lastLoggedError(log: string): string | undefined {
  const lines = log.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!/"level":"(error|dpanic|panic|fatal)"/.test(lines[i])) continue;
    try {
      const record = JSON.parse(lines[i]) as { msg?: string; error?: string };
      return [record.msg, record.error].filter(Boolean).join(': ');
    } catch {
      return lines[i];
    }
  }
  return undefined;
}

async function describeMember(target: MemberRunner, member: MemberSpec, why: string): Promise<string> {
  const log = await target.logs(member);
  const lastError = lastLoggedError(log);
  const tail = lastLines(log, LOG_TAIL_LINES);
  return (
    `${member.name} (${member.clientUrl}) ${why}` +
    (lastError ? `; etcd's last error: ${lastError}` : '') +
    `; last lines of its log:\n${tail || '(empty log)'}`
  );
}

/**
 * Waits, bounded by the startup timeout, until every member answers a linearizable read and all
 * agree on one leader. A member that does not answer and whose process exited fails the wait at once.
 */
export async function waitForHealthyCluster(
  spec: ClusterSpec,
  target: MemberRunner,
  client: EtcdClient,
  deps: { clock: Clock; members?: MemberSpec[] },
): Promise<{ leader: MemberSpec; elapsedMs: number }> {
  const { clock } = deps;
  const members = deps.members ?? spec.members;
  const started = clock.now();
  const healthy = new Set<string>();
  const lastErrors = new Map<string, string>();
  try {
    const leader = await pollUntil(
      async () => {
        // Only a member that is not healthy is asked whether it still runs (a container target asks its engine).
        const exited: MemberSpec[] = [];
        await Promise.all(
          members
            .filter((member) => !healthy.has(member.name))
            .map(async (member) => {
              try {
                await client.health(member.clientUrl, { timeoutMs: Math.max(1000, spec.timing.electionMs * 2) });
                healthy.add(member.name);
              } catch (error) {
                lastErrors.set(member.name, errorMessage(error));
                if (!(await target.isRunning(member))) exited.push(member);
              }
            }),
        );
        if (exited.length > 0)
          throw new ClusterStartError(await describeMember(target, exited[0], 'exited while the cluster was starting'));
        if (healthy.size < members.length) return undefined;
        return (await statusWithAgreedLeader(spec, client, 1000))?.leader;
      },
      {
        what: 'every member to be healthy and agree on a leader',
        timeoutMs: spec.timing.startupTimeoutMs,
        intervalMs: HEALTH_POLL_MS,
        clock,
        isFatal: (error) => error instanceof ClusterStartError,
      },
    );
    return { leader, elapsedMs: clock.now() - started };
  } catch (error) {
    if (error instanceof ClusterStartError) throw error;
    if (!(error instanceof PollTimeoutError)) throw error;
    const unhealthy = members.filter((member) => !healthy.has(member.name));
    const details = await Promise.all(
      unhealthy.map((member) =>
        describeMember(target, member, `was not healthy (${lastErrors.get(member.name) ?? 'no answer'})`),
      ),
    );
    throw new ClusterStartError(
      `the cluster was not healthy within ${spec.timing.startupTimeoutMs} ms` +
        (details.length > 0 ? `:\n${details.join('\n')}` : ' (all members answered but did not agree on a leader)'),
    );
  }
}

const PEER_LISTENER_WAIT_MS = 5000;

/**
 * The member every other member asks first whether the cluster exists: etcd asks its peers in the
 * sorted order of their peer URLs (as its initial cluster names them) and stops at the first answer.
 */
export function firstAsked(members: MemberSpec[]): MemberSpec {
  const url = (member: MemberSpec) => member.advertisedPeerUrl ?? member.peerUrl;
  return [...members].sort((a, b) => (url(a) < url(b) ? -1 : url(a) > url(b) ? 1 : 0))[0];
}

/**
 * Checks the target, starts the members and waits until the cluster is healthy. A new etcd member
 * asks its peers, before it serves, whether the cluster was bootstrapped already, in the sorted order
 * of their peer URLs, and stops at the first answer; a peer whose port is bound but not yet served
 * makes that question wait out a one-second timeout. So the member every other asks first starts
 * alone; once it serves its peer API, all the others start at once, and each has its answer from it.
 */
export async function startCluster(
  spec: ClusterSpec,
  target: MemberRunner,
  client: EtcdClient,
  deps: { clock: Clock; logger: Logger; peerTls: ClientTls },
): Promise<{ leader: MemberSpec; elapsedMs: number }> {
  await target.preflight();
  const started = deps.clock.now();
  const first = firstAsked(spec.members);
  await target.start(first);
  const serving = await waitForPeerApi(first.peerUrl, deps.peerTls, {
    clock: deps.clock,
    timeoutMs: Math.min(PEER_LISTENER_WAIT_MS, spec.timing.startupTimeoutMs),
    stillRunning: () => target.isRunning(first),
  });
  if (!(await target.isRunning(first))) {
    throw new ClusterStartError(await describeMember(target, first, 'exited while the cluster was starting'));
  }
  if (!serving)
    deps.logger.debug(
      `${first.name} did not serve its peer API within ${PEER_LISTENER_WAIT_MS} ms; starting the other members anyway`,
    );
  await Promise.all(spec.members.filter((member) => member !== first).map((member) => target.start(member)));
  deps.logger.info(`started ${spec.members.length} members: ${spec.members.map((m) => m.clientUrl).join(', ')}`);
  const { leader } = await waitForHealthyCluster(spec, target, client, deps);
  return { leader, elapsedMs: deps.clock.now() - started };
}
