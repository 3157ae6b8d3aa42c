import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterSpec, MemberSpec, SparePlace } from '../../cluster/spec.js';
import { placeOnAddress, relocatedMember } from '../../cluster/spec.js';
import { etcdFlags } from '../../cluster/flags.js';
import { firstAsked } from '../../cluster/up.js';
import { restoreToolFor, snapshotRestoreArgs } from '../../etcd/snapshot.js';
import { ConfigurationError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { pollUntil } from '../../util/poll.js';
import type { ProcessRunner, RunResult } from '../../util/process.js';
import { tarArchive, type TarFile } from '../../util/tar.js';
import { FaultUnsupportedError, type FaultSupport, type Target } from '../target.js';
import { findSelfContainer, readContainerHints, type ContainerHints, type SelfContainer } from './self-container.js';
import type { ContainerTargetState } from './types.js';

export interface ContainerTargetDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  onChange?: () => Promise<void>;
  /** What says whether this process runs in a container (default: its mounts, cgroups and host name). */
  containerHints?: () => Promise<ContainerHints | undefined>;
}

/** Paths inside every member container: kubeadm's certificate folder and the guides' data dir. */
export const CONTAINER_PKI_DIR = '/etc/kubernetes/pki/etcd';
export const CONTAINER_DATA_DIR = '/var/lib/etcd';
/** Where the official etcd images keep etcd; an image given by the user must have it there too. */
export const CONTAINER_ETCD = '/usr/local/bin/etcd';
export const RUN_LABEL = 'io.github.etcd-ha.run';
/** Where a member restored from a snapshot keeps its data: in its volume, mounted at the data dir (etcdctl 3.4 restores only into a folder that does not exist). */
const RESTORED_DATA_DIR = `${CONTAINER_DATA_DIR}/restored`;
/** Where the restore container finds the snapshot. */
const SNAPSHOT_IN_CONTAINER = '/snapshot/snapshot.db';
const RESTORE_TIMEOUT_MS = 120_000;

const DOCKER_TIMEOUT_MS = 60_000;
const PULL_TIMEOUT_MS = 600_000;
const STOP_GRACE_SECONDS = 10;
const EXIT_WAIT_MS = 15_000;
/**
 * ARP in each member's network namespace: one probe, 100 ms, so connecting to an address no container
 * holds yet fails in about 100 ms ("no route to host") instead of waiting out etcd's timeout.
 */
const NEIGHBOUR_SYSCTLS = ['net.ipv4.neigh.eth0.mcast_solicit=1', 'net.ipv4.neigh.eth0.retrans_time_ms=100'];
/** What podman says when `rm --force` meets a container that is exiting by itself; retried RM_ATTEMPTS times, RM_RETRY_MS apart. */
const EXITING = /container state improper|could not be stopped/i;
const RM_ATTEMPTS = 5;
const RM_RETRY_MS = 200;
/** The iptables chain `isolate` fills in a member's network namespace, jumped to from INPUT and OUTPUT. */
const ISOLATE_CHAIN = 'ETCD-HA-ISOLATE';
/** The chain's first rule: TCP resets pass (see `isolate`). */
const RESETS_PASS = ['-p', 'tcp', '--tcp-flags', 'RST', 'RST', '-j', 'RETURN'];

/** The official etcd image of a version. */
export function officialImage(version: string): string {
  return `gcr.io/etcd-development/etcd:v${version}`;
}

/** The /24 that holds the members' addresses (validated to share one when the topology was parsed). */
export function memberSubnet(spec: ClusterSpec): string {
  const octets = spec.members[0].address.split('.');
  return `${octets.slice(0, 3).join('.')}.0/24`;
}

/**
 * A MAC address derived from the member's IPv4 address (Docker's own scheme before 28.0): a member
 * that is stopped and started keeps its MAC, so no neighbour cache on the network or this machine
 * points its address at the container that ran before.
 */
export function memberMac(address: string): string {
  return ['02', '42', ...address.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0'))].join(':');
}

/** A member as its container sees it: kubeadm's certificate folder, and the data dir (the guides' unless restored elsewhere). */
export function memberInContainer(member: MemberSpec, dataDir = CONTAINER_DATA_DIR): MemberSpec {
  return relocatedMember(member, { dataDir, pkiDir: CONTAINER_PKI_DIR });
}

export function containerName(spec: ClusterSpec, member: MemberSpec): string {
  return `etcd-ha-${spec.runId}-${member.name}`;
}

/** What `imageCheck` learns of an image: that it is here to run, then (when asked) its etcd's version. */
export interface ImageCheck {
  ready: Promise<void>;
  version(): Promise<string>;
}

/** The member's files of the PKI, each at its path in the container (kubeadm's), by the field that names it. */
const MEMBER_PKI_FILES = [
  'caCert',
  'serverCert',
  'serverKey',
  'peerCert',
  'peerKey',
  'healthcheckClientCert',
  'healthcheckClientKey',
] as const;
/** etcd needs these; the healthcheck client's pair is for the user's probes, and a PKI the user provides may lack it. */
const OPTIONAL_PKI_FILES = new Set<string>(['healthcheckClientCert', 'healthcheckClientKey']);

/**
 * The member's certificates and keys as its container gets them: at kubeadm's path, owned by root
 * (the user the official images run etcd as), keys 0600 and certificates 0644, whatever their modes
 * on this machine.
 */
export async function memberPkiFiles(member: MemberSpec): Promise<TarFile[]> {
  const inContainer = memberInContainer(member).pki;
  const files: TarFile[] = [];
  for (const field of MEMBER_PKI_FILES) {
    let data: Buffer;
    try {
      data = await readFile(member.pki[field]);
    } catch (error) {
      if (OPTIONAL_PKI_FILES.has(field) && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`reading ${member.name}'s ${path.basename(member.pki[field])} failed: ${errorMessage(error)}`);
    }
    files.push({ name: inContainer[field].replace(/^\/+/, ''), mode: field.endsWith('Key') ? 0o600 : 0o644, data });
  }
  return files;
}

/** Each image's check, per runner, so that `preflight` finds the one `up` started while the PKI was made. */
const imageChecks = new WeakMap<ProcessRunner, Map<string, ImageCheck>>();

/**
 * The engine answers and the image is here (pulled if not); then, when first asked, the image's etcd
 * says its version. Started once per image and runner, by `up` before the cluster exists and by
 * `preflight` otherwise; neither creates anything to tear down.
 */
export function imageCheck(image: string, deps: { runner: ProcessRunner; logger: Logger }): ImageCheck {
  let byImage = imageChecks.get(deps.runner);
  if (!byImage) imageChecks.set(deps.runner, (byImage = new Map()));
  let check = byImage.get(image);
  if (!check) {
    const ready = ensureImage(image, deps);
    // Awaited later (or never, when a run fails first): no rejection goes unhandled.
    ready.catch(() => undefined);
    let version: Promise<string> | undefined;
    check = {
      ready,
      version: () => {
        if (!version) {
          version = ready.then(() => imageEtcdVersion(image, deps.runner));
          version.catch(() => undefined);
        }
        return version;
      },
    };
    byImage.set(image, check);
  }
  return check;
}

/** The engine answers and the image is on this machine, pulled if it was not. */
async function ensureImage(image: string, deps: { runner: ProcessRunner; logger: Logger }): Promise<void> {
  const docker = (args: string[], timeoutMs = DOCKER_TIMEOUT_MS) => deps.runner.run('docker', args, { timeoutMs });
  if ((await docker(['image', 'inspect', '--format', '{{.Id}}', image])).code === 0) return;
  // Only now is it worth asking whether an engine answers at all.
  const engine = await docker(['version', '--format', '{{.Server.Version}}'], 20_000);
  if (engine.code !== 0) {
    throw new ConfigurationError(
      `target is container, but the docker CLI cannot reach an engine (${engine.stderr.trim() || `exit ${engine.code}`}); ` +
        'allowed: a runner where `docker version` works (DOCKER_HOST is honoured)',
    );
  }
  deps.logger.info(`pulling ${image}`);
  const pull = await docker(['pull', '--quiet', image], PULL_TIMEOUT_MS);
  if (pull.code !== 0)
    throw new ConfigurationError(
      `image is '${image}'; it is not on this machine and could not be pulled: ${pull.stderr.trim()}`,
    );
}

/** The version of the etcd in the image, from `etcd --version` in a container of its own; refuses an image without etcd. */
async function imageEtcdVersion(image: string, runner: ProcessRunner): Promise<string> {
  const version = await runner.run(
    'docker',
    ['run', '--rm', '--network', 'none', '--entrypoint', CONTAINER_ETCD, image, '--version'],
    { timeoutMs: DOCKER_TIMEOUT_MS },
  );
  const match = /etcd Version: (\S+)/.exec(version.stdout);
  if (version.code !== 0 || !match) {
    throw new ConfigurationError(
      `image is '${image}'; allowed: an image with etcd at ${CONTAINER_ETCD}, as the official images have it ` +
        `(\`${CONTAINER_ETCD} --version\` gave exit ${version.code}: ${(version.stderr || version.stdout).trim().slice(0, 300)})`,
    );
  }
  return match[1];
}

/**
 * One container per member on a bridge network of this run, driven through the `docker` CLI. Each
 * member has its own address on that network, which the host reaches directly; its certificates are
 * copied into its container at kubeadm's path before it first starts (through the engine, so the
 * engine need not see this machine's files: the CLI may run in a container of its own); its data
 * lives in the container, so a stopped member that is started again is the same member. Where the CLI
 * runs in a container of the same engine, that container joins the members' network for the run.
 */
export class ContainerTarget implements Target {
  readonly kind = 'container' as const;
  /**
   * `isolate` needs root (or passwordless sudo), nsenter and iptables on this machine, and an engine
   * whose container PIDs are this machine's; where that is missing, it says so and the check is skipped.
   */
  readonly faults: FaultSupport = {
    pause: { supported: true },
    isolate: { supported: true },
    add: { supported: true },
  };
  /** Members whose container was created with the ARP settings (NEIGHBOUR_SYSCTLS) and not started since. */
  private readonly neighbourSettings = new Set<string>();
  /** The image's etcd version, asked by `preflight` and awaited by `start`. */
  private versionProbe?: Promise<void>;
  /** How this machine enters a member's network namespace, once probed; or why it cannot. */
  private namespaceAccess?: { prefix: string[] } | { reason: string };
  /** The container the CLI runs in, when it is one of this engine's; asked once. */
  private self?: Promise<SelfContainer | undefined>;
  /**
   * Whether the docker CLI speaks API 1.44 or later to the engine (it takes a MAC address per network
   * only then), asked beside the network's creation; unknown before it (a create tries one, and goes without when refused).
   */
  private macAddresses?: Promise<boolean>;
  /** Copies of members' certificates that `preflight` set going, by member name: a member starts once its copy is in. */
  private readonly handoffs = new Map<string, Promise<void>>();

  constructor(
    private readonly spec: ClusterSpec,
    readonly state: ContainerTargetState,
    private readonly deps: ContainerTargetDeps,
  ) {}

  private docker(args: string[], timeoutMs = DOCKER_TIMEOUT_MS): Promise<RunResult> {
    return this.deps.runner.run('docker', args, { timeoutMs });
  }

  private async dockerOk(args: string[], what: string, timeoutMs = DOCKER_TIMEOUT_MS): Promise<string> {
    const result = await this.docker(args, timeoutMs);
    if (result.code !== 0)
      throw new Error(
        `${what} failed: docker ${args[0]} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`,
      );
    return result.stdout.trim();
  }

  /** The member as its container sees it. */
  inContainer(member: MemberSpec): MemberSpec {
    return memberInContainer(member, this.state.volumes?.[member.name] ? RESTORED_DATA_DIR : CONTAINER_DATA_DIR);
  }

  private isSpecMember(member: MemberSpec): boolean {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }

  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  private async recordSpare(member: MemberSpec): Promise<void> {
    if (this.isSpecMember(member) || this.state.spare?.[member.name]) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.();
  }

  /**
   * Docker must answer and the image must be here (`imageCheck`, which `up` started while the PKI was
   * made); then the network is created and every member's container with it, all at once, so that
   * `start` only starts them.
   */
  async preflight(): Promise<void> {
    const { image } = this.state;
    const check = imageCheck(image, this.deps);
    await check.ready;
    // The members' flags do not depend on it: the version is asked while the network and the
    // containers are made, and awaited when the first member starts.
    if (!this.state.etcdVersion) {
      this.versionProbe = check.version().then(async (version) => {
        this.state.etcdVersion = version;
        await this.deps.onChange?.();
        this.deps.logger.info(`members run from ${image} (etcd ${version})`);
      });
      // Awaited by the first start; if the network fails first, no rejection goes unhandled.
      this.versionProbe.catch(() => undefined);
    }
    // Recorded first, so a teardown after a failure here still looks for it.
    this.state.networkCreated = true;
    await this.deps.onChange?.();
    // Docker Engine before 25 speaks API 1.43 or older: each create would be refused once for the MAC address.
    this.macAddresses = this.docker(['version', '--format', '{{.Client.APIVersion}}']).then((version) => {
      const [major, minor] = version.stdout.trim().split('.').map(Number);
      return version.code !== 0 || !(major < 1 || (major === 1 && minor < 44));
    });
    const created = await this.docker([
      'network',
      'create',
      '--driver',
      'bridge',
      '--subnet',
      this.state.subnet,
      '--label',
      `${RUN_LABEL}=${this.spec.runId}`,
      this.state.network,
    ]);
    if (created.code !== 0) {
      this.state.networkCreated = false;
      await this.deps.onChange?.();
      throw new ConfigurationError(
        `could not create the network ${this.state.network} on ${this.state.subnet} (from base-address ${this.spec.members[0].address}): ${created.stderr.trim()}; ` +
          'allowed: a base-address whose /24 no other network uses, and a network name not taken',
      );
    }
    this.deps.logger.info(`created network ${this.state.network} (${this.state.subnet})`);
    // Recorded before any exists, so teardown finds each even if this process dies.
    for (const member of this.spec.members) this.state.containers[member.name] ??= containerName(this.spec, member);
    await this.deps.onChange?.();
    await Promise.all([...this.spec.members.map((member) => this.create(member)), this.attach()]);
    // The certificates go in one container at a time, in the order the members start (the first alone,
    // the others once it serves its peers): the first starts as soon as its own copy is in, and the
    // others' copies run while it starts, instead of every copy contending with every other at once.
    let previous = Promise.resolve();
    const first = firstAsked(this.spec.members);
    for (const member of [first, ...this.spec.members.filter((other) => other !== first)]) {
      const copy = previous.then(() => this.handOver(member));
      // Awaited by the member's start; a run that fails before it leaves no rejection unhandled.
      copy.catch(() => undefined);
      this.handoffs.set(member.name, copy);
      previous = copy.catch(() => undefined);
    }
  }

  /**
   * Creates the member's container (not started). Its ARP gives up on an address that does not answer
   * after one probe of 100 ms instead of about 3 s: the first member asks each peer whether the cluster
   * was bootstrapped already (with a 1 s timeout per peer) before it serves, and the peers' containers
   * do not exist yet. Local processes get "connection refused" at once for the same question.
   */
  private async create(member: MemberSpec, sysctls = true): Promise<void> {
    const name = containerName(this.spec, member);
    const volume = this.state.volumes?.[member.name];
    const args = (options: { mac: boolean; sysctls: boolean }) => [
      'create',
      '--name',
      name,
      '--hostname',
      member.name,
      '--network',
      this.state.network,
      '--ip',
      member.address,
      ...(options.mac ? ['--mac-address', memberMac(member.address)] : []),
      ...(options.sysctls ? NEIGHBOUR_SYSCTLS.flatMap((sysctl) => ['--sysctl', sysctl]) : []),
      '--network-alias',
      member.name,
      '--label',
      `${RUN_LABEL}=${this.spec.runId}`,
      ...(volume ? ['--volume', `${volume}:${CONTAINER_DATA_DIR}`] : []),
      '--entrypoint',
      CONTAINER_ETCD,
      this.state.image,
      ...etcdFlags(this.spec, this.inContainer(member)),
    ];
    const options = { mac: (await this.macAddresses) ?? true, sysctls };
    for (;;) {
      const result = await this.docker(args(options));
      if (result.code === 0) break;
      // The docker CLI takes a MAC address per network only from engines that speak API 1.44 or later;
      // older ones run the member with a MAC of their choosing. An engine that refuses the ARP settings
      // runs the member without them (the first member then serves a second or so later per peer).
      if (options.mac && /requires API version/i.test(result.stderr)) options.mac = false;
      else if (options.sysctls && /sysctl/i.test(result.stderr)) options.sysctls = false;
      else
        throw new Error(
          `creating ${member.name} (container ${name}) failed: docker create exited ${result.code}: ${result.stderr.trim()}`,
        );
      this.deps.logger.debug(
        `the engine refused a setting of ${member.name}'s container (${result.stderr.trim()}); creating it without`,
      );
    }
    if (options.sysctls) this.neighbourSettings.add(member.name);
    this.deps.logger.debug(`created ${member.name} as container ${name} on ${member.address}`);
  }

  /** Copies the member's certificates into its container (created, not started yet). */
  private async handOver(member: MemberSpec): Promise<void> {
    const name = containerName(this.spec, member);
    await this.copyInto(name, await memberPkiFiles(member), `copying ${member.name}'s certificates into ${name}`);
  }

  /**
   * Writes files into a container (created, started or not) with the engine's archive upload
   * (`docker cp` of a tar stream): a bind mount would need the engine to see this machine's paths,
   * which it does not when the CLI runs in a container (a job's `container:`, whose workspace and
   * temp folders the engine's machine knows by other names).
   */
  private async copyInto(container: string, files: TarFile[], what: string): Promise<void> {
    const result = await this.deps.runner.pipe(
      'docker',
      ['cp', '-', `${container}:/`],
      tarArchive(files),
      DOCKER_TIMEOUT_MS,
    );
    if (result.code !== 0)
      throw new Error(
        `${what} failed: docker cp exited ${result.code}${result.stderr.trim() ? `: ${result.stderr.trim()}` : ''}`,
      );
  }

  async start(member: MemberSpec): Promise<void> {
    const name = containerName(this.spec, member);
    if (!this.state.containers[member.name]) {
      await this.recordSpare(member);
      this.state.containers[member.name] = name;
      await this.deps.onChange?.();
      await this.create(member);
      await this.handOver(member);
    }
    // A member `preflight` created starts once its certificates are in (a copy that failed fails every start).
    const handoff = this.handoffs.get(member.name) ?? Promise.resolve();
    const [started, version] = await Promise.allSettled([
      handoff.then(() => {
        this.handoffs.delete(member.name);
        return this.startContainer(member, name);
      }),
      this.versionProbe,
    ]);
    // An image without etcd fails both; its reason is the one that says what to change.
    if (version.status === 'rejected') throw version.reason;
    if (started.status === 'rejected') throw started.reason;
  }

  /**
   * `docker start`. An engine that applies the ARP settings only when the container joins its network
   * (Docker moves them to the network endpoint) and refuses them there gets the container made again
   * without them.
   */
  private async startContainer(member: MemberSpec, name: string): Promise<void> {
    const result = await this.docker(['start', name]);
    if (result.code === 0) {
      // Started once, it keeps them; a later start that fails must not make a member with data again.
      this.neighbourSettings.delete(member.name);
      return;
    }
    if (this.neighbourSettings.has(member.name) && /sysctl/i.test(result.stderr)) {
      this.deps.logger.debug(
        `the engine refused the ARP settings of ${member.name}'s container (${result.stderr.trim()}); making it again without`,
      );
      this.neighbourSettings.delete(member.name);
      await this.dockerOk(['rm', '--force', name], `removing ${member.name}'s container ${name}`);
      await this.create(member, false);
      await this.handOver(member);
      await this.dockerOk(['start', name], `starting ${member.name} (container ${name})`);
      return;
    }
    throw new Error(
      `starting ${member.name} (container ${name}) failed: docker start exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }

  async stop(member: MemberSpec): Promise<void> {
    // `docker stop` returns once the container has stopped, and succeeds for one that was stopped already.
    if (!this.state.containers[member.name]) return;
    await this.resume(member);
    await this.dockerOk(
      ['stop', '--time', String(STOP_GRACE_SECONDS), containerName(this.spec, member)],
      `stopping ${member.name}`,
      (STOP_GRACE_SECONDS + 30) * 1000,
    );
  }

  async kill(member: MemberSpec): Promise<void> {
    if (!this.state.containers[member.name]) return;
    // The engine refuses to kill a paused container.
    await this.resume(member);
    const result = await this.docker(['kill', '--signal', 'KILL', containerName(this.spec, member)]);
    // `docker kill` of a stopped container fails, and a stopped container is what was asked for.
    if (result.code !== 0 && (await this.isRunning(member)))
      throw new Error(`killing ${member.name} failed: ${result.stderr.trim()}`);
    await this.waitStopped(member);
  }

  async restart(member: MemberSpec): Promise<void> {
    await this.stop(member);
    await this.start(member);
  }

  async isRunning(member: MemberSpec): Promise<boolean> {
    const status = await this.status(member);
    return status === 'running' || status === 'paused';
  }

  /** The container's status as the engine says it (`running`, `paused`, `exited`, ...), or undefined without one. */
  private async status(member: MemberSpec): Promise<string | undefined> {
    if (!this.state.containers[member.name]) return undefined;
    const result = await this.docker(['inspect', '--format', '{{.State.Status}}', containerName(this.spec, member)]);
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  /** `docker pause`: the engine freezes every process of the member's container. */
  async pause(member: MemberSpec): Promise<void> {
    await this.dockerOk(['pause', containerName(this.spec, member)], `pausing ${member.name}`);
  }

  /** `docker unpause`, for a paused member only. */
  async resume(member: MemberSpec): Promise<void> {
    if ((await this.status(member)) !== 'paused') return;
    await this.dockerOk(['unpause', containerName(this.spec, member)], `resuming ${member.name}`);
  }

  /**
   * Rejects TCP between each member of `members` and each of `from` with iptables in the network
   * namespace of each member of `members` (both directions, so open connections end at once); the
   * runner, which the clients are, stays reachable. `docker network disconnect` would cut clients too.
   */
  async isolate(members: MemberSpec[], from: MemberSpec[]): Promise<void> {
    const prefix = await this.namespacePrefix();
    for (const member of members) {
      const others = from.filter((other) => other.name !== member.name).map((other) => other.address);
      if (others.length === 0) continue;
      this.state.isolated = [...new Set([...(this.state.isolated ?? []), member.name])];
      await this.deps.onChange?.();
      const rules = others.flatMap((address) => [
        ['-A', ISOLATE_CHAIN, '-s', address, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset'],
        ['-A', ISOLATE_CHAIN, '-d', address, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset'],
      ]);
      await this.inNamespace(member, prefix, [
        // The chain and its jumps are made once per namespace; later cuts only add rules.
        ['-N', ISOLATE_CHAIN, '||', 'true'],
        ['-C', 'INPUT', '-j', ISOLATE_CHAIN, '||', '-I', 'INPUT', '-j', ISOLATE_CHAIN],
        ['-C', 'OUTPUT', '-j', ISOLATE_CHAIN, '||', '-I', 'OUTPUT', '-j', ISOLATE_CHAIN],
        // The resets REJECT sends carry a cut peer's address too: let them through, or no connection
        // would end, and each side would wait out TCP's retransmissions of a link that looks alive.
        ['-C', ISOLATE_CHAIN, ...RESETS_PASS, '||', '-I', ISOLATE_CHAIN, '1', ...RESETS_PASS],
        ...rules,
      ]);
    }
  }

  /** Empties the isolate chain in every member namespace that has one. */
  async heal(): Promise<void> {
    const isolated = this.state.isolated ?? [];
    if (isolated.length === 0) return;
    const prefix = await this.namespacePrefix();
    for (const member of this.spec.members.filter((candidate) => isolated.includes(candidate.name))) {
      // A member whose container stopped since has a new namespace without the rules.
      if ((await this.status(member)) === 'running')
        await this.inNamespace(member, prefix, [['-F', ISOLATE_CHAIN, '||', 'true']]);
    }
    this.state.isolated = [];
    await this.deps.onChange?.();
  }

  /** `[sudo -n] nsenter --net=/proc/PID/ns/net`, once this machine proved it can; else FaultUnsupportedError. */
  private async namespacePrefix(): Promise<string[]> {
    const self = await this.selfContainer();
    if (!this.namespaceAccess && self && self.pidMode !== 'host') {
      this.namespaceAccess = {
        reason:
          `the CLI runs in the container ${self.id.slice(0, 12)}, which does not see the members' processes (it has a PID namespace of its own), ` +
          "and the container target cuts links with iptables in each member's network namespace, entered through its process: " +
          "run the CLI on the engine's machine, or in a privileged container with `--pid host`, nsenter and iptables",
      };
    }
    if (!this.namespaceAccess) {
      const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
      const probe = await this.deps.runner.run(
        prefix[0] ?? 'nsenter',
        [
          ...prefix.slice(1),
          ...(prefix.length > 0 ? ['nsenter'] : []),
          '--net=/proc/self/ns/net',
          'iptables',
          '-w',
          '-S',
          'INPUT',
        ],
        { timeoutMs: 10_000 },
      );
      this.namespaceAccess =
        probe.code === 0
          ? { prefix }
          : {
              reason:
                "the container target cuts links with iptables in each member's network namespace, which needs root or passwordless sudo, nsenter and iptables on this machine " +
                `(${(probe.stderr.trim() || `exit ${probe.code}`).split('\n')[0]})`,
            };
    }
    if ('reason' in this.namespaceAccess) throw new FaultUnsupportedError('isolate', this.namespaceAccess.reason);
    return this.namespaceAccess.prefix;
  }

  /** The container the CLI runs in, when it is one of the engine's (a job's `container:`); undefined elsewhere. */
  private selfContainer(): Promise<SelfContainer | undefined> {
    this.self ??= (this.deps.containerHints ?? readContainerHints)()
      .then((hints) => findSelfContainer(this.deps.runner, hints))
      .catch(() => undefined);
    return this.self;
  }

  /**
   * Where the CLI runs in a container of this engine (a job's `container:` reaches the engine through
   * the socket the runner mounts), that container joins the members' network on an address no member
   * uses, so that it reaches the members as the engine's machine does; teardown disconnects it. A
   * container on the host's network (or another container's) reaches them already, or cannot join.
   */
  private async attach(): Promise<void> {
    const self = await this.selfContainer();
    if (!self) return;
    if (self.networkMode === 'host' || self.networkMode.startsWith('container:')) {
      this.deps.logger.debug(
        `the CLI runs in the container ${self.id.slice(0, 12)} on the network ${self.networkMode}; it joins no other`,
      );
      return;
    }
    const address = this.attachAddress();
    // Recorded first, so a teardown after a failure here still disconnects it.
    this.state.attached = self.id;
    await this.deps.onChange?.();
    const result = await this.docker(['network', 'connect', '--ip', address, this.state.network, self.id]);
    if (result.code !== 0)
      throw new Error(
        `the CLI runs in the container ${self.id.slice(0, 12)} of this engine, which must join the members' network to reach them; ` +
          `connecting it to ${this.state.network} at ${address} failed: ${result.stderr.trim()}`,
      );
    this.deps.logger.info(
      `this container (${self.id.slice(0, 12)}) joined the network ${this.state.network} at ${address} to reach the members`,
    );
  }

  /**
   * The address of the CLI's container on the members' network: the highest below the members' (members
   * beyond the spec's take the addresses above them), else the highest of the /24 that no member uses.
   */
  private attachAddress(): string {
    const octets = [...this.spec.members, ...Object.values(this.state.spare ?? {})].map((member) =>
      Number(member.address.split('.')[3]),
    );
    const prefix = this.state.subnet.split('.').slice(0, 3).join('.');
    const lowest = Math.min(...octets);
    // .1 is the network's gateway.
    if (lowest > 2) return `${prefix}.${lowest - 1}`;
    let octet = 254;
    while (octets.includes(octet)) octet--;
    return `${prefix}.${octet}`;
  }

  /** Disconnects the CLI's container from the members' network, if `attach` connected it; what went wrong, if anything. */
  private async detach(): Promise<string[]> {
    const attached = this.state.attached;
    if (!attached) return [];
    const result = await this.docker(['network', 'disconnect', '--force', this.state.network, attached], 30_000);
    if (result.code !== 0 && !/no such container|not connected|no such network|not found/i.test(result.stderr))
      return [
        `network ${this.state.network}: disconnecting the container ${attached.slice(0, 12)}: ${result.stderr.trim()}`,
      ];
    delete this.state.attached;
    return [];
  }

  /** Runs iptables commands (`||` joins a fallback) in the member's network namespace, through one shell. */
  private async inNamespace(member: MemberSpec, prefix: string[], commands: string[][]): Promise<void> {
    const pid = (
      await this.dockerOk(
        ['inspect', '--format', '{{.State.Pid}}', containerName(this.spec, member)],
        `finding ${member.name}'s process`,
      )
    ).trim();
    if (!/^[1-9]\d*$/.test(pid))
      throw new Error(`${member.name} has no process on this machine (docker inspect gave PID '${pid}')`);
    const line = (command: string[]) => {
      const at = command.indexOf('||');
      const iptables = (args: string[]) => ['iptables', '-w', ...args].join(' ');
      return at < 0
        ? iptables(command)
        : `${iptables(command.slice(0, at))} 2>/dev/null || ${command[at + 1] === 'true' ? 'true' : iptables(command.slice(at + 1))}`;
    };
    const script = ['set -e', ...commands.map(line)].join('\n');
    const args = [...prefix, 'nsenter', `--net=/proc/${pid}/ns/net`, 'sh', '-c', script];
    const result = await this.deps.runner.run(args[0], args.slice(1), { timeoutMs: 20_000 });
    if (result.code !== 0)
      throw new Error(
        `changing the rules in ${member.name}'s network namespace failed (exit ${result.code}): ${result.stderr.trim()}`,
      );
  }

  /** The next addresses of the run's /24 after the highest member address that no member uses, with the spec's ports. */
  async sparePlaces(count: number): Promise<SparePlace[]> {
    const taken = new Set(
      [...this.spec.members, ...Object.values(this.state.spare ?? {})].map((member) => member.address),
    );
    const prefix = this.state.subnet.split('.').slice(0, 3).join('.');
    const found: string[] = [];
    for (
      let octet = Math.max(...this.spec.members.map((member) => Number(member.address.split('.')[3]))) + 1;
      octet <= 254 && found.length < count;
      octet++
    ) {
      if (!taken.has(`${prefix}.${octet}`)) found.push(`${prefix}.${octet}`);
    }
    if (found.length < count)
      throw new Error(
        `the network ${this.state.network} (${this.state.subnet}) has ${found.length} of ${count} addresses left after the members'`,
      );
    return found.map((address) => placeOnAddress(this.spec, address));
  }

  /**
   * Restores into a volume of this run with the image's own tool (etcdutl from etcd 3.5, etcdctl
   * before), run as a container of its own into which the snapshot is copied before it starts (as the
   * members' certificates are); the member's container then mounts the volume as its data.
   */
  async restoreSnapshot(member: MemberSpec, snapshotFile: string): Promise<string> {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    if (!this.state.etcdVersion)
      throw new Error(`the version of the etcd in ${this.state.image} is not known yet (the target was not prepared)`);
    await this.recordSpare(member);
    const volume = `${containerName(this.spec, member)}-data`;
    // Recorded first, so a teardown after a failure here still removes it.
    this.state.volumes = { ...this.state.volumes, [member.name]: volume };
    await this.deps.onChange?.();
    await this.dockerOk(
      ['volume', 'create', '--label', `${RUN_LABEL}=${this.spec.runId}`, volume],
      `creating the volume ${volume}`,
    );
    const tool = `/usr/local/bin/${restoreToolFor(this.state.etcdVersion)}`;
    const restorer = `${containerName(this.spec, member)}-restore`;
    const args = [
      '--network',
      'none',
      '--label',
      `${RUN_LABEL}=${this.spec.runId}`,
      '--volume',
      `${volume}:${CONTAINER_DATA_DIR}`,
      '--entrypoint',
      tool,
      this.state.image,
      ...snapshotRestoreArgs(member, SNAPSHOT_IN_CONTAINER, RESTORED_DATA_DIR),
    ];
    const what = `restoring the snapshot for ${member.name} with ${tool} in ${this.state.image}`;
    // Recorded first, so a teardown after a failure here still removes it.
    this.state.tools = [...(this.state.tools ?? []), restorer];
    await this.deps.onChange?.();
    try {
      await this.dockerOk(['create', '--name', restorer, ...args], what);
      const snapshot = await readFile(snapshotFile);
      await this.copyInto(
        restorer,
        [{ name: SNAPSHOT_IN_CONTAINER.slice(1), mode: 0o600, data: snapshot }],
        `copying the snapshot into ${restorer}`,
      );
      // The container's exit code is `start --attach`'s; its output says why it failed.
      await this.dockerOk(['start', '--attach', restorer], what, RESTORE_TIMEOUT_MS);
    } finally {
      const removed = await this.docker(['rm', '--force', restorer], 30_000);
      if (removed.code === 0 || /no such container/i.test(removed.stderr)) {
        this.state.tools = this.state.tools?.filter((name) => name !== restorer);
        await this.deps.onChange?.();
      }
    }
    return `docker run --rm ${args.join(' ')} (the snapshot copied to ${SNAPSHOT_IN_CONTAINER})`;
  }

  async discard(member: MemberSpec): Promise<void> {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    const problems = await this.removeMember(member.name);
    if (problems.length > 0) throw new Error(`discarding ${member.name}: ${problems.join('; ')}`);
    delete this.state.spare?.[member.name];
    await this.deps.onChange?.();
  }

  /** Removes a member's container and its volume (if any), forgetting each once it is gone. */
  private async removeMember(name: string): Promise<string[]> {
    const problems: string[] = [];
    const container = this.state.containers[name];
    if (container) {
      const remove = () => this.docker(['rm', '--force', '--volumes', container], 30_000);
      let result = await remove();
      // Podman refuses a forced removal that races the container's own exit (etcd ends itself once
      // removed from the cluster); once it has exited, removing it works.
      for (let attempt = 1; attempt < RM_ATTEMPTS && result.code !== 0 && EXITING.test(result.stderr); attempt++) {
        await this.deps.clock.sleep(RM_RETRY_MS);
        result = await remove();
      }
      if (result.code !== 0 && !/no such container/i.test(result.stderr))
        problems.push(`container ${container}: ${result.stderr.trim()}`);
      else delete this.state.containers[name];
    }
    const volume = this.state.volumes?.[name];
    if (volume && problems.length === 0) {
      const result = await this.docker(['volume', 'rm', '--force', volume], 30_000);
      if (result.code !== 0 && !/no such volume/i.test(result.stderr))
        problems.push(`volume ${volume}: ${result.stderr.trim()}`);
      else delete this.state.volumes?.[name];
    }
    return problems;
  }

  async logs(member: MemberSpec, tailLines?: number): Promise<string> {
    if (!this.state.containers[member.name]) return '';
    const result = await this.docker([
      'logs',
      ...(tailLines === undefined ? [] : ['--tail', String(tailLines)]),
      containerName(this.spec, member),
    ]);
    // etcd logs to stderr; docker hands it back on the same stream.
    return result.stdout + result.stderr;
  }

  /** Removes the containers (with their data) and the network; with keepData, only stops the containers. */
  async destroy(options: { keepData: boolean }): Promise<string[]> {
    const problems: string[] = [];
    // A restore cut short: its container holds a member's volume, which cannot go before it.
    problems.push(...(await this.removeTools()));
    // Every container this run created: the members', and those of members beyond the spec's; and the
    // CLI's own container leaves the network. All at once: each takes the engine a fraction of a second.
    const ended = await Promise.all([
      this.detach(),
      ...Object.entries(this.state.containers).map(async ([member, name]) => {
        if (!options.keepData) return this.removeMember(member);
        const result = await this.docker(['stop', '--time', '0', name], 30_000);
        return result.code !== 0 && !/no such container/i.test(result.stderr)
          ? [`container ${name}: ${result.stderr.trim()}`]
          : [];
      }),
    ]);
    problems.push(...ended.flat());
    if (!options.keepData) {
      // A volume whose member never got a container (a restore that failed).
      for (const member of Object.keys(this.state.volumes ?? {})) problems.push(...(await this.removeMember(member)));
      if (problems.length === 0) delete this.state.spare;
    }
    if (options.keepData) {
      if (Object.keys(this.state.containers).length > 0) {
        this.deps.logger.info(
          `kept the stopped containers ${Object.values(this.state.containers).join(', ')} and network ${this.state.network}`,
        );
      }
    } else if (this.state.networkCreated) {
      const result = await this.docker(['network', 'rm', this.state.network], 30_000);
      if (result.code !== 0 && !/not found|no such network/i.test(result.stderr))
        problems.push(`network ${this.state.network}: ${result.stderr.trim()}`);
      else this.state.networkCreated = false;
    }
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
    return problems;
  }

  /** Removes the containers of tools (a snapshot restore) that a run cut short left, forgetting each once it is gone. */
  private async removeTools(): Promise<string[]> {
    const problems: string[] = [];
    for (const name of this.state.tools ?? []) {
      const result = await this.docker(['rm', '--force', name], 30_000);
      if (result.code !== 0 && !/no such container/i.test(result.stderr))
        problems.push(`container ${name}: ${result.stderr.trim()}`);
      else this.state.tools = this.state.tools?.filter((tool) => tool !== name);
    }
    return problems;
  }

  private async waitStopped(member: MemberSpec): Promise<void> {
    await pollUntil(async () => ((await this.isRunning(member)) ? undefined : true), {
      what: `${member.name}'s container to stop`,
      timeoutMs: EXIT_WAIT_MS,
      intervalMs: 50,
      clock: this.deps.clock,
    });
  }
}
