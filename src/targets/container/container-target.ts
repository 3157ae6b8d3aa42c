import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterSpec, MemberSpec, SparePlace } from '../../cluster/spec.js';
import { firstAsked } from '../../cluster/up.js';
import { ConfigurationError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { pollUntil } from '../../util/poll.js';
import type { ProcessRunner } from '../../util/process.js';
import {
  memberRelease,
  recordMove,
  type FaultSupport,
  type MemberRelease,
  type ReleaseSource,
  type Target,
} from '../target.js';
import { Engine, imageCheck } from './engine.js';
import { MemberFaults } from './faults.js';
import { RUN_LABEL, containerName, memberCreateArgs, memberInRunContainer, memberPkiFiles } from './layout.js';
import {
  attachSelf,
  detachSelf,
  findSelfContainer,
  readContainerHints,
  type ContainerHints,
  type SelfContainer,
} from './self-container.js';
import { restoreIntoVolume, sparePlaces } from './spares.js';
import type { ContainerTargetState } from './types.js';
import { lastLines } from '../../util/text-layout.js';

export interface ContainerTargetDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  onChange?: () => Promise<void>;
  /** What says whether this process runs in a container (default: its mounts, cgroups and host name). */
  containerHints?: () => Promise<ContainerHints | undefined>;
}

/**
 * Folders of the state folder while a member moves to another release (its data dir, copied out of its
 * old container), and for the logs of the containers moves removed: teardown removes both.
 */
export const MOVING_DIR = 'moving';
export const EARLIER_LOGS_DIR = 'container-logs';

const STOP_GRACE_SECONDS = 10;
const EXIT_WAIT_MS = 15_000;

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
  /** The engine, through the docker CLI. */
  private readonly engine: Engine;
  /** Pause, resume, isolate and heal. */
  private readonly memberFaults: MemberFaults;
  /** Members whose container was created with the ARP settings and not started since. */
  private readonly neighbourSettings = new Set<string>();
  /** The image's etcd version, asked by `preflight` and awaited by `start`. */
  private versionProbe?: Promise<void>;
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
  ) {
    this.engine = new Engine(deps);
    this.memberFaults = new MemberFaults({
      spec,
      state,
      engine: this.engine,
      runner: deps.runner,
      onChange: deps.onChange,
      status: (member) => this.status(member),
      selfContainer: () => this.selfContainer(),
    });
  }

  /** The member as its container sees it. */
  inContainer(member: MemberSpec): MemberSpec {
    return memberInRunContainer(this.state, member);
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
    this.macAddresses = this.engine.takesMacAddresses();
    const created = await this.engine.createNetwork(
      this.state.network,
      this.state.subnet,
      `${RUN_LABEL}=${this.spec.runId}`,
    );
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
    const options = { mac: (await this.macAddresses) ?? true, sysctls };
    for (;;) {
      const result = await this.engine.run(memberCreateArgs(this.spec, this.state, member, options));
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
    await this.engine.copyInto(
      name,
      await memberPkiFiles(member),
      `copying ${member.name}'s certificates into ${name}`,
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
    const result = await this.engine.run(['start', name]);
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
      await this.engine.ok(['rm', '--force', name], `removing ${member.name}'s container ${name}`);
      await this.create(member, false);
      await this.handOver(member);
      await this.engine.ok(['start', name], `starting ${member.name} (container ${name})`);
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
    await this.engine.ok(
      ['stop', '--time', String(STOP_GRACE_SECONDS), containerName(this.spec, member)],
      `stopping ${member.name}`,
      (STOP_GRACE_SECONDS + 30) * 1000,
    );
  }

  async kill(member: MemberSpec): Promise<void> {
    if (!this.state.containers[member.name]) return;
    // The engine refuses to kill a paused container.
    await this.resume(member);
    const result = await this.engine.run(['kill', '--signal', 'KILL', containerName(this.spec, member)]);
    // `docker kill` of a stopped container fails, and a stopped container is what was asked for.
    if (result.code !== 0 && (await this.isRunning(member)))
      throw new Error(`killing ${member.name} failed: ${result.stderr.trim()}`);
    await this.waitStopped(member);
  }

  async restart(member: MemberSpec): Promise<void> {
    await this.stop(member);
    await this.start(member);
  }

  /** Finds (or pulls) the other release's image and asks its etcd for its version. */
  async prepareRelease(from: string, source: ReleaseSource): Promise<string> {
    if (!source.image) throw new Error('the container target moves members to another image; none was given');
    const check = imageCheck(source.image, this.deps);
    let version: string;
    try {
      await check.ready;
      version = await check.version();
    } catch (error) {
      const text = errorMessage(error).replace(/^image is /, 'the image of the upgrade release is ');
      throw error instanceof ConfigurationError ? new ConfigurationError(text) : new Error(text);
    }
    this.state.release = { from, to: version, runs: source.image, moved: [] };
    await this.deps.onChange?.();
    this.deps.logger.info(`members may move to ${source.image} (etcd ${version})`);
    return version;
  }

  /**
   * Stops the member, copies its data dir out of its container (a volume's stays in the volume), keeps
   * its log, makes its container again from the other release's image at the same address, and copies
   * the certificates and the data back in before it starts.
   */
  async moveMember(member: MemberSpec, release: 'from' | 'to'): Promise<void> {
    const move = this.state.release;
    if (!move) throw new Error(`no other release was prepared to move ${member.name} to`);
    const name = containerName(this.spec, member);
    if (!this.state.containers[member.name]) throw new Error(`${member.name} has no container to move`);
    await this.stop(member);
    const dataDir = memberInRunContainer(this.state, member).dataDir;
    const inVolume = this.state.volumes?.[member.name] !== undefined;
    const staging = path.join(this.spec.stateDir, MOVING_DIR, member.name);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true, mode: 0o700 });
    try {
      if (!inVolume)
        await this.engine.ok(
          ['cp', `${name}:${dataDir}`, path.join(staging, 'data')],
          `copying ${member.name}'s data out of ${name}`,
          120_000,
        );
      await this.keepLog(member);
      await this.engine.ok(['rm', '--force', name], `removing ${member.name}'s container ${name}`);
      recordMove(move, member, release);
      await this.deps.onChange?.();
      await this.create(member);
      await this.handOver(member);
      if (!inVolume)
        await this.engine.ok(
          ['cp', `${path.join(staging, 'data')}/.`, `${name}:${dataDir}`],
          `copying ${member.name}'s data into ${name}`,
          120_000,
        );
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    await this.startContainer(member, name);
  }

  releaseOf(member: MemberSpec): MemberRelease | undefined {
    return memberRelease(this.state.release, member);
  }

  /** The log of the member's containers before its current one, kept beside the state when a move removed them. */
  private earlierLogFile(member: MemberSpec): string {
    return path.join(this.spec.stateDir, EARLIER_LOGS_DIR, `${member.name}.log`);
  }

  private async keepLog(member: MemberSpec): Promise<void> {
    const text = await this.containerLogs(member);
    await mkdir(path.dirname(this.earlierLogFile(member)), { recursive: true, mode: 0o700 });
    await appendFile(this.earlierLogFile(member), text.endsWith('\n') || text === '' ? text : `${text}\n`, {
      mode: 0o600,
    });
  }

  async isRunning(member: MemberSpec): Promise<boolean> {
    const status = await this.status(member);
    return status === 'running' || status === 'paused';
  }

  /** The container's status as the engine says it (`running`, `paused`, `exited`, ...), or undefined without one. */
  private async status(member: MemberSpec): Promise<string | undefined> {
    if (!this.state.containers[member.name]) return undefined;
    return this.engine.status(containerName(this.spec, member));
  }

  async pause(member: MemberSpec): Promise<void> {
    await this.memberFaults.pause(member);
  }

  async resume(member: MemberSpec): Promise<void> {
    await this.memberFaults.resume(member);
  }

  async isolate(members: MemberSpec[], from: MemberSpec[]): Promise<void> {
    await this.memberFaults.isolate(members, from);
  }

  async heal(): Promise<void> {
    await this.memberFaults.heal();
  }

  /** The container the CLI runs in, when it is one of the engine's (a job's `container:`); undefined elsewhere. */
  private selfContainer(): Promise<SelfContainer | undefined> {
    this.self ??= (this.deps.containerHints ?? readContainerHints)()
      .then((hints) => findSelfContainer(this.deps.runner, hints))
      .catch(() => undefined);
    return this.self;
  }

  /** The CLI's container joins the members' network, where it must to reach them (see `attachSelf`). */
  private async attach(): Promise<void> {
    await attachSelf(
      { ...this.deps, spec: this.spec, state: this.state, engine: this.engine },
      await this.selfContainer(),
    );
  }

  async sparePlaces(count: number): Promise<SparePlace[]> {
    return sparePlaces(this.spec, this.state, count);
  }

  /** Restores into a volume of this run (see `restoreIntoVolume`), for a member beyond the spec's. */
  async restoreSnapshot(member: MemberSpec, snapshotFile: string): Promise<string> {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    const etcdVersion = this.state.etcdVersion;
    if (!etcdVersion)
      throw new Error(`the version of the etcd in ${this.state.image} is not known yet (the target was not prepared)`);
    await this.recordSpare(member);
    return restoreIntoVolume(
      { spec: this.spec, state: this.state, engine: this.engine, onChange: this.deps.onChange, etcdVersion },
      member,
      snapshotFile,
    );
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
      // etcd ends itself once removed from the cluster: its container may be exiting at that moment.
      const problem = await this.engine.removeContainer(container, { volumes: true, whileExiting: true });
      if (problem !== undefined) problems.push(`container ${container}: ${problem}`);
      else delete this.state.containers[name];
    }
    const volume = this.state.volumes?.[name];
    if (volume && problems.length === 0) {
      const problem = await this.engine.removeVolume(volume);
      if (problem !== undefined) problems.push(`volume ${volume}: ${problem}`);
      else delete this.state.volumes?.[name];
    }
    return problems;
  }

  async logs(member: MemberSpec, tailLines?: number): Promise<string> {
    // A member moved to another release ran in containers before this one: their log comes first.
    const earlier = this.state.release ? await readFile(this.earlierLogFile(member), 'utf8').catch(() => '') : '';
    const current = await this.containerLogs(member, tailLines);
    if (earlier === '') return current;
    const text = earlier + current;
    return tailLines === undefined ? text : lastLines(text, tailLines);
  }

  /** The log of the member's current container, or its last `tailLines` lines. */
  private async containerLogs(member: MemberSpec, tailLines?: number): Promise<string> {
    if (!this.state.containers[member.name]) return '';
    const result = await this.engine.run([
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
      detachSelf(this.engine, this.state),
      ...Object.entries(this.state.containers).map(async ([member, name]) => {
        if (!options.keepData) return this.removeMember(member);
        const problem = await this.engine.stopNow(name);
        return problem !== undefined ? [`container ${name}: ${problem}`] : [];
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
      const problem = await this.engine.removeNetwork(this.state.network);
      if (problem !== undefined) problems.push(`network ${this.state.network}: ${problem}`);
      else this.state.networkCreated = false;
    }
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
    return problems;
  }

  /** Removes the containers of tools (a snapshot restore) that a run cut short left, forgetting each once it is gone. */
  private async removeTools(): Promise<string[]> {
    const problems: string[] = [];
    for (const name of this.state.tools ?? []) {
      const problem = await this.engine.removeContainer(name);
      if (problem !== undefined) problems.push(`container ${name}: ${problem}`);
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
