import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The image the container tests run: Debian's etcd, where the official images keep it. */
export const TEST_IMAGE = 'localhost/etcd-ha-test/etcd:debian';

export function docker(args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000 });
  return {
    code: result.status ?? -1,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? result.error?.message ?? '',
  };
}

/**
 * Fails unless the docker CLI reaches an engine (scripts/test.sh starts podman's Docker API and sets
 * DOCKER_HOST), then builds the test image once from this machine's etcd: no registry is needed.
 */
export function ensureTestImage(): void {
  const engine = docker(['version', '--format', '{{.Server.Version}}']);
  if (engine.code !== 0) {
    throw new Error(
      `the container tests need a Docker API (DOCKER_HOST=${process.env.DOCKER_HOST ?? ''}): ${engine.stderr.trim()}; run them through scripts/test.sh`,
    );
  }
  if (docker(['image', 'inspect', TEST_IMAGE]).code === 0) return;
  const context = mkdtempSync(path.join(tmpdir(), 'etcd-ha-image-'));
  try {
    const files: Array<[string, string]> = [
      ['/usr/bin/etcd', 'usr/local/bin/etcd'],
      ['/usr/bin/etcdctl', 'usr/local/bin/etcdctl'],
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
    const build = docker(['build', '--quiet', '--tag', TEST_IMAGE, context]);
    if (build.code !== 0) throw new Error(`docker build of ${TEST_IMAGE} failed: ${build.stderr}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Names of containers and networks that carry this run's label. */
export function leftovers(runId: string): { containers: string[]; networks: string[] } {
  const filter = `label=io.github.etcd-ha.run=${runId}`;
  const list = (args: string[]) => docker(args).stdout.split('\n').filter(Boolean);
  return {
    containers: list(['ps', '--all', '--filter', filter, '--format', '{{.Names}}']),
    networks: list(['network', 'ls', '--filter', filter, '--format', '{{.Name}}']),
  };
}

/** Removes, by label, what a failed test may have left of a run. */
export function removeRun(runId: string): void {
  const { containers, networks } = leftovers(runId);
  if (containers.length > 0) docker(['rm', '--force', '--volumes', ...containers]);
  if (networks.length > 0) docker(['network', 'rm', ...networks]);
}
