import { ConfigurationError } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { ProcessRunner, RunResult } from '../../util/process.js';
import { tarArchive, type TarFile } from '../../util/tar.js';
import { CONTAINER_ETCD } from './layout.js';

const DOCKER_TIMEOUT_MS = 60_000;
const PULL_TIMEOUT_MS = 600_000;
/** How long a removal (of a container, volume or network) or a disconnection may take the engine. */
const REMOVE_TIMEOUT_MS = 30_000;
/** What podman says when `rm --force` meets a container that is exiting by itself; retried RM_ATTEMPTS times, RM_RETRY_MS apart. */
const EXITING = /container state improper|could not be stopped/i;
const RM_ATTEMPTS = 5;
const RM_RETRY_MS = 200;

/** The container engine, through the `docker` CLI. */
export class Engine {
  constructor(private readonly deps: { runner: ProcessRunner; clock: Clock }) {}

  run(args: string[], timeoutMs = DOCKER_TIMEOUT_MS): Promise<RunResult> {
    return this.deps.runner.run('docker', args, { timeoutMs });
  }

  /** Runs `docker ARGS` and gives its output; an exit other than 0 is an error that says `what` failed and why. */
  async ok(args: string[], what: string, timeoutMs = DOCKER_TIMEOUT_MS): Promise<string> {
    const result = await this.run(args, timeoutMs);
    if (result.code !== 0)
      throw new Error(
        `${what} failed: docker ${args[0]} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`,
      );
    return result.stdout.trim();
  }

  /**
   * Whether the docker CLI speaks API 1.44 or later to the engine (it takes a MAC address per network
   * only then); Docker Engine before 25 speaks 1.43 or older. A CLI that does not say is taken to.
   */
  async takesMacAddresses(): Promise<boolean> {
    const version = await this.run(['version', '--format', '{{.Client.APIVersion}}']);
    const [major, minor] = version.stdout.trim().split('.').map(Number);
    return version.code !== 0 || !(major < 1 || (major === 1 && minor < 44));
  }

  /** The container's status as the engine says it (`running`, `paused`, `exited`, ...), or undefined if it has none. */
  async status(container: string): Promise<string | undefined> {
    const result = await this.run(['inspect', '--format', '{{.State.Status}}', container]);
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  /**
   * Writes files into a container (created, started or not) with the engine's archive upload
   * (`docker cp` of a tar stream): a bind mount would need the engine to see this machine's paths,
   * which it does not when the CLI runs in a container (a job's `container:`, whose workspace and
   * temp folders the engine's machine knows by other names).
   */
  async copyInto(container: string, files: TarFile[], what: string): Promise<void> {
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

  /**
   * `docker rm --force` (with `--volumes`, its anonymous volumes too); undefined once the container is
   * gone (or never was), else what the engine said. With `whileExiting`, a removal that podman refuses
   * because the container is exiting by itself at that moment is tried again.
   */
  async removeContainer(
    container: string,
    options: { volumes?: boolean; whileExiting?: boolean } = {},
  ): Promise<string | undefined> {
    const remove = () =>
      this.run(['rm', '--force', ...(options.volumes ? ['--volumes'] : []), container], REMOVE_TIMEOUT_MS);
    let result = await remove();
    // Podman refuses a forced removal that races the container's own exit (etcd ends itself once
    // removed from the cluster); once it has exited, removing it works.
    for (
      let attempt = 1;
      options.whileExiting && attempt < RM_ATTEMPTS && result.code !== 0 && EXITING.test(result.stderr);
      attempt++
    ) {
      await this.deps.clock.sleep(RM_RETRY_MS);
      result = await remove();
    }
    return result.code !== 0 && !/no such container/i.test(result.stderr) ? result.stderr.trim() : undefined;
  }

  /** `docker stop --time 0`; undefined once the container is stopped (or does not exist), else what the engine said. */
  async stopNow(container: string): Promise<string | undefined> {
    const result = await this.run(['stop', '--time', '0', container], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/no such container/i.test(result.stderr) ? result.stderr.trim() : undefined;
  }

  /** `docker volume rm --force`; undefined once the volume is gone (or never was), else what the engine said. */
  async removeVolume(volume: string): Promise<string | undefined> {
    const result = await this.run(['volume', 'rm', '--force', volume], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/no such volume/i.test(result.stderr) ? result.stderr.trim() : undefined;
  }

  /** `docker network create` of a bridge network on the subnet, with the label; what the engine answered. */
  createNetwork(network: string, subnet: string, label: string): Promise<RunResult> {
    return this.run(['network', 'create', '--driver', 'bridge', '--subnet', subnet, '--label', label, network]);
  }

  /** `docker network rm`; undefined once the network is gone (or never was), else what the engine said. */
  async removeNetwork(network: string): Promise<string | undefined> {
    const result = await this.run(['network', 'rm', network], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/not found|no such network/i.test(result.stderr) ? result.stderr.trim() : undefined;
  }

  /** `docker network connect` at an address; what the engine answered. */
  connect(network: string, container: string, address: string): Promise<RunResult> {
    return this.run(['network', 'connect', '--ip', address, network, container]);
  }

  /** `docker network disconnect --force`; undefined once the container is off the network (or either is gone), else what the engine said. */
  async disconnect(network: string, container: string): Promise<string | undefined> {
    const result = await this.run(['network', 'disconnect', '--force', network, container], REMOVE_TIMEOUT_MS);
    return result.code !== 0 && !/no such container|not connected|no such network|not found/i.test(result.stderr)
      ? result.stderr.trim()
      : undefined;
  }
}

/** What `imageCheck` learns of an image: that it is here to run, then (when asked) its etcd's version. */
export interface ImageCheck {
  ready: Promise<void>;
  version(): Promise<string>;
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
