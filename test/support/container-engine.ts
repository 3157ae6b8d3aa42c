import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { etcdRelease, type Etcd35Release } from './etcd-releases.js';

/** The image the container tests run: Debian's etcd, where the official images keep it. */
export const TEST_IMAGE = 'localhost/etcd-ha-test/etcd:debian';

/**
 * The engines scripts/test.sh starts for a run: Docker Engine at DOCKER_HOST (what the container
 * tests use unless they say otherwise) and podman's Docker-compatible API at ETCD_HA_TEST_PODMAN_HOST.
 */
export type Engine = 'docker' | 'podman';

/**
 * What the docker CLI (and the etcd-ha CLI that runs it) needs in its environment to reach `engine`.
 * Throws, rather than letting a test skip, when the run did not start that engine.
 */
export function engineEnv(engine: Engine): NodeJS.ProcessEnv {
  if (engine === 'docker') return {};
  const host = process.env.ETCD_HA_TEST_PODMAN_HOST;
  if (!host) {
    throw new Error(
      'ETCD_HA_TEST_PODMAN_HOST is not set: the podman tests need the podman API that scripts/test.sh serves ' +
        '(scripts/test-engines.sh); run them through scripts/test.sh',
    );
  }
  // podman 4 reports API 1.41 but takes the per-network MAC address the container target sets (1.44).
  return { DOCKER_HOST: host, DOCKER_API_VERSION: process.env.ETCD_HA_TEST_PODMAN_API_VERSION ?? '1.44' };
}

export function docker(args: string[], engine: Engine = 'docker'): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('docker', args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...engineEnv(engine) },
  });
  return {
    code: result.status ?? -1,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? result.error?.message ?? '',
  };
}

/** The test image of an etcd release from the test cache (test/etcd-releases.ts), or of this machine's etcd. */
export function testImage(release?: Etcd35Release): string {
  return release ? `localhost/etcd-ha-test/etcd:${release}` : TEST_IMAGE;
}

/**
 * Fails unless the docker CLI reaches `engine` (scripts/test.sh starts both and sets DOCKER_HOST and
 * ETCD_HA_TEST_PODMAN_HOST), then builds the test image on it once: from this machine's etcd, or from
 * the binaries of `release` in the test cache. No registry is needed. Returns the image's name.
 */
export function ensureTestImage(engine: Engine = 'docker', release?: Etcd35Release): string {
  const image = testImage(release);
  const env = engineEnv(engine);
  const version = docker(['version', '--format', '{{.Server.Version}}'], engine);
  if (version.code !== 0) {
    throw new Error(
      `the container tests need a Docker API (${engine}, DOCKER_HOST=${env.DOCKER_HOST ?? process.env.DOCKER_HOST ?? ''}): ` +
        `${version.stderr.trim()}; run them through scripts/test.sh`,
    );
  }
  if (docker(['image', 'inspect', image], engine).code === 0) return image;
  const binaries = release ? etcdRelease(release) : { etcd: '/usr/bin/etcd', etcdctl: '/usr/bin/etcdctl' };
  const context = mkdtempSync(path.join(tmpdir(), 'etcd-ha-image-'));
  try {
    const files: Array<[string, string]> = [
      [binaries.etcd, 'usr/local/bin/etcd'],
      [binaries.etcdctl, 'usr/local/bin/etcdctl'],
      // etcd 3.5 restores snapshots with etcdutl; the container target looks for it in the image.
      ...('etcdutl' in binaries ? [[binaries.etcdutl, 'usr/local/bin/etcdutl'] as [string, string]] : []),
      ['/lib/x86_64-linux-gnu/libc.so.6', 'lib/x86_64-linux-gnu/libc.so.6'],
      ['/lib64/ld-linux-x86-64.so.2', 'lib64/ld-linux-x86-64.so.2'],
    ];
    for (const [from, to] of files) {
      mkdirSync(path.dirname(path.join(context, to)), { recursive: true });
      copyFileSync(from, path.join(context, to));
    }
    writeFileSync(
      path.join(context, 'Dockerfile'),
      'FROM scratch\nCOPY . /\nWORKDIR /var/lib/etcd\nCMD ["/usr/local/bin/etcd"]\n',
    );
    // The classic builder: Debian's docker CLI 20.10 and a newer CLI without buildx both use it
    // against Docker Engine 20.10 and podman, and it needs nothing but the engine.
    const build = spawnSync('docker', ['build', '--quiet', '--tag', image, context], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ...env, DOCKER_BUILDKIT: '0' },
    });
    if (build.status !== 0) {
      throw new Error(`docker build of ${image} on ${engine} failed: ${build.stderr ?? build.error?.message}`);
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return image;
}

/**
 * Names of the containers, networks and volumes on `engine` that carry this run's label. `volumes` is
 * there only when some are left, so `toEqual({ containers: [], networks: [] })` proves none is.
 */
export function leftovers(
  runId: string,
  engine: Engine = 'docker',
): { containers: string[]; networks: string[]; volumes?: string[] } {
  const filter = `label=io.github.etcd-ha.run=${runId}`;
  const list = (args: string[]) => docker(args, engine).stdout.split('\n').filter(Boolean);
  const volumes = list(['volume', 'ls', '--filter', filter, '--format', '{{.Name}}']);
  return {
    containers: list(['ps', '--all', '--filter', filter, '--format', '{{.Names}}']),
    networks: list(['network', 'ls', '--filter', filter, '--format', '{{.Name}}']),
    ...(volumes.length > 0 ? { volumes } : {}),
  };
}

/** Removes, by label, what a failed test may have left of a run on `engine`. */
export function removeRun(runId: string, engine: Engine = 'docker'): void {
  const { containers, networks, volumes } = leftovers(runId, engine);
  if (containers.length > 0) docker(['rm', '--force', '--volumes', ...containers], engine);
  if (networks.length > 0) docker(['network', 'rm', ...networks], engine);
  if (volumes) docker(['volume', 'rm', '--force', ...volumes], engine);
}
