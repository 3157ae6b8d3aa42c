import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { relocatedMember } from '../cluster/spec.js';
import { etcdFlags } from '../cluster/flags.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { pollUntil } from '../util/poll.js';
import type { ProcessRunner, RunResult } from '../util/process.js';
import type { Target } from './target.js';

/** What the container target must remember between steps; names only, never key material. */
export interface ContainerTargetState {
  image: string;
  network: string;
  /** The network's /24, from the members' addresses. */
  subnet: string;
  /** True once this run created the network (only then is it removed). */
  networkCreated: boolean;
  /** Containers this run created, by member name. */
  containers: Record<string, string>;
  /** The version the image's etcd reports. */
  etcdVersion?: string;
}

export interface ContainerTargetDeps {
  runner: ProcessRunner;
  clock: Clock;
  logger: Logger;
  onChange?: () => Promise<void>;
}

/** Paths inside every member container: kubeadm's certificate folder and the guides' data dir. */
export const CONTAINER_PKI_DIR = '/etc/kubernetes/pki/etcd';
export const CONTAINER_DATA_DIR = '/var/lib/etcd';
/** Where the official etcd images keep etcd; an image given by the user must have it there too. */
export const CONTAINER_ETCD = '/usr/local/bin/etcd';
export const RUN_LABEL = 'io.github.etcd-ha.run';

const DOCKER_TIMEOUT_MS = 60_000;
const PULL_TIMEOUT_MS = 600_000;
const STOP_GRACE_SECONDS = 10;
const EXIT_WAIT_MS = 15_000;

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

export function containerName(spec: ClusterSpec, member: MemberSpec): string {
  return `etcd-ha-${spec.runId}-${member.name}`;
}

/**
 * One container per member on a bridge network of this run, driven through the `docker` CLI. Each
 * member has its own address on that network, which the host reaches directly; its certificates are
 * mounted read-only at kubeadm's path; its data lives in the container, so a stopped member that is
 * started again is the same member.
 */
export class ContainerTarget implements Target {
  readonly kind = 'container' as const;

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
    if (result.code !== 0) throw new Error(`${what} failed: docker ${args[0]} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
    return result.stdout.trim();
  }

  /** The member as its container sees it. */
  inContainer(member: MemberSpec): MemberSpec {
    return relocatedMember(member, { dataDir: CONTAINER_DATA_DIR, pkiDir: CONTAINER_PKI_DIR });
  }

  /** Docker must answer, the image must hold etcd, and the network is created. */
  async preflight(): Promise<void> {
    const engine = await this.docker(['version', '--format', '{{.Server.Version}}'], 20_000);
    if (engine.code !== 0) {
      throw new ConfigurationError(
        `target is container, but the docker CLI cannot reach an engine (${engine.stderr.trim() || `exit ${engine.code}`}); ` +
          'allowed: a runner where `docker version` works (DOCKER_HOST is honoured)',
      );
    }
    const { image } = this.state;
    if ((await this.docker(['image', 'inspect', '--format', '{{.Id}}', image])).code !== 0) {
      this.deps.logger.info(`pulling ${image}`);
      const pull = await this.docker(['pull', '--quiet', image], PULL_TIMEOUT_MS);
      if (pull.code !== 0) throw new ConfigurationError(`image is '${image}'; it is not on this machine and could not be pulled: ${pull.stderr.trim()}`);
    }
    const version = await this.docker(['run', '--rm', '--network', 'none', '--entrypoint', CONTAINER_ETCD, image, '--version']);
    const match = /etcd Version: (\S+)/.exec(version.stdout);
    if (version.code !== 0 || !match) {
      throw new ConfigurationError(
        `image is '${image}'; allowed: an image with etcd at ${CONTAINER_ETCD}, as the official images have it ` +
          `(\`${CONTAINER_ETCD} --version\` gave exit ${version.code}: ${(version.stderr || version.stdout).trim().slice(0, 300)})`,
      );
    }
    this.state.etcdVersion = match[1];
    // Recorded first, so a teardown after a failure here still looks for it.
    this.state.networkCreated = true;
    await this.deps.onChange?.();
    const created = await this.docker(['network', 'create', '--driver', 'bridge', '--subnet', this.state.subnet, '--label', `${RUN_LABEL}=${this.spec.runId}`, this.state.network]);
    if (created.code !== 0) {
      this.state.networkCreated = false;
      await this.deps.onChange?.();
      throw new ConfigurationError(
        `could not create the network ${this.state.network} on ${this.state.subnet} (from base-address ${this.spec.members[0].address}): ${created.stderr.trim()}; ` +
          'allowed: a base-address whose /24 no other network uses, and a network name not taken',
      );
    }
    this.deps.logger.info(`created network ${this.state.network} (${this.state.subnet}); members run from ${image} (etcd ${match[1]})`);
  }

  async start(member: MemberSpec): Promise<void> {
    const name = containerName(this.spec, member);
    if (this.state.containers[member.name]) {
      await this.dockerOk(['start', name], `starting ${member.name} (container ${name})`);
      return;
    }
    this.state.containers[member.name] = name;
    await this.deps.onChange?.();
    const run = (mac: string[]) => [
      'run', '--detach', '--name', name, '--hostname', member.name,
      '--network', this.state.network, '--ip', member.address, ...mac, '--network-alias', member.name,
      '--label', `${RUN_LABEL}=${this.spec.runId}`,
      '--volume', `${member.pki.dir}:${CONTAINER_PKI_DIR}:ro`,
      '--entrypoint', CONTAINER_ETCD,
      this.state.image,
      ...etcdFlags(this.spec, this.inContainer(member)),
    ];
    const first = await this.docker(run(['--mac-address', memberMac(member.address)]));
    // The docker CLI takes a MAC address per network only from engines that speak API 1.44 or later;
    // older ones run the member with a MAC of their choosing.
    if (first.code !== 0 && /requires API version/i.test(first.stderr)) {
      this.deps.logger.debug(`the engine does not take a MAC address per network (${first.stderr.trim()}); ${member.name} gets the engine's`);
      await this.dockerOk(run([]), `creating ${member.name} (container ${name})`);
    } else if (first.code !== 0) {
      throw new Error(`creating ${member.name} (container ${name}) failed: docker run exited ${first.code}: ${first.stderr.trim()}`);
    }
    this.deps.logger.debug(`started ${member.name} as container ${name} on ${member.address}`);
  }

  async stop(member: MemberSpec): Promise<void> {
    // `docker stop` returns once the container has stopped, and succeeds for one that was stopped already.
    if (!this.state.containers[member.name]) return;
    await this.dockerOk(['stop', '--time', String(STOP_GRACE_SECONDS), containerName(this.spec, member)], `stopping ${member.name}`, (STOP_GRACE_SECONDS + 30) * 1000);
  }

  async kill(member: MemberSpec): Promise<void> {
    if (!this.state.containers[member.name]) return;
    const result = await this.docker(['kill', '--signal', 'KILL', containerName(this.spec, member)]);
    // `docker kill` of a stopped container fails, and a stopped container is what was asked for.
    if (result.code !== 0 && (await this.isRunning(member))) throw new Error(`killing ${member.name} failed: ${result.stderr.trim()}`);
    await this.waitStopped(member);
  }

  async restart(member: MemberSpec): Promise<void> {
    await this.stop(member);
    await this.start(member);
  }

  async isRunning(member: MemberSpec): Promise<boolean> {
    if (!this.state.containers[member.name]) return false;
    const result = await this.docker(['inspect', '--format', '{{.State.Running}}', containerName(this.spec, member)]);
    return result.code === 0 && result.stdout.trim() === 'true';
  }

  async logs(member: MemberSpec, tailLines?: number): Promise<string> {
    if (!this.state.containers[member.name]) return '';
    const result = await this.docker(['logs', ...(tailLines === undefined ? [] : ['--tail', String(tailLines)]), containerName(this.spec, member)]);
    // etcd logs to stderr; docker hands it back on the same stream.
    return result.stdout + result.stderr;
  }

  /** Removes the containers (with their data) and the network; with keepData, only stops the containers. */
  async destroy(options: { keepData: boolean }): Promise<string[]> {
    const problems: string[] = [];
    for (const member of this.spec.members) {
      const name = this.state.containers[member.name];
      if (!name) continue;
      const result = options.keepData
        ? await this.docker(['stop', '--time', '0', name], 30_000)
        : await this.docker(['rm', '--force', '--volumes', name], 30_000);
      if (result.code !== 0 && !/no such container/i.test(result.stderr)) problems.push(`container ${name}: ${result.stderr.trim()}`);
      else if (!options.keepData) delete this.state.containers[member.name];
    }
    if (options.keepData) {
      if (Object.keys(this.state.containers).length > 0) {
        this.deps.logger.info(`kept the stopped containers ${Object.values(this.state.containers).join(', ')} and network ${this.state.network}`);
      }
    } else if (this.state.networkCreated) {
      const result = await this.docker(['network', 'rm', this.state.network], 30_000);
      if (result.code !== 0 && !/not found|no such network/i.test(result.stderr)) problems.push(`network ${this.state.network}: ${result.stderr.trim()}`);
      else this.state.networkCreated = false;
    }
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
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
