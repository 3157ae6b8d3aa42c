import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { resolveEtcdBinaries } from '../src/etcd/install.js';
import { ConfigurationError } from '../src/errors.js';
import { memoryLogger } from '../src/util/logger.js';
import { systemProcessRunner } from '../src/util/process.js';
import { newTempDir } from './helpers.js';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
const arch = GO_ARCH[process.arch];

/** Packs Debian's etcd and etcdctl like an official release tarball of `version`. */
function releaseTarball(work: string, version: string): Buffer {
  const name = `etcd-v${version}-linux-${arch}`;
  mkdirSync(path.join(work, name), { recursive: true });
  for (const binary of ['etcd', 'etcdctl']) copyFileSync(`/usr/bin/${binary}`, path.join(work, name, binary));
  execFileSync('tar', ['-czf', `${name}.tar.gz`, name], { cwd: work });
  return readFileSync(path.join(work, `${name}.tar.gz`));
}

describe('downloading etcd', () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  const requests: string[] = [];
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-dl-');
    const tarball = releaseTarball(path.join(dir, 'release'), '3.4.23');
    const digest = createHash('sha256').update(tarball).digest('hex');
    const name = `etcd-v3.4.23-linux-${arch}.tar.gz`;
    files.set(`/releases/v3.4.23/${name}`, tarball);
    files.set('/releases/v3.4.23/SHA256SUMS', Buffer.from(`${'0'.repeat(64)}  etcd-v3.4.23-darwin-amd64.zip\n${digest}  ${name}\n`));
    // A mirror whose tarball does not match its checksum.
    const other = `etcd-v3.4.22-linux-${arch}.tar.gz`;
    files.set(`/releases/v3.4.22/${other}`, tarball);
    files.set('/releases/v3.4.22/SHA256SUMS', Buffer.from(`${'ab'.repeat(32)}  ${other}\n`));
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body = files.get(request.url ?? '');
      response.statusCode = body ? 200 : 404;
      response.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/releases`;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const deps = (cacheRoot: string, searchPath: string[] = []) => ({ runner: systemProcessRunner, logger: memoryLogger(), cacheRoot, searchPath });

  it('downloads, verifies and caches a release, then uses the cache without a request', async () => {
    const cacheRoot = path.join(dir, 'cache-ok');
    const first = await resolveEtcdBinaries({ etcdVersion: '3.4.23', downloadUrl: baseUrl }, deps(cacheRoot));
    expect(first).toEqual({
      etcd: path.join(cacheRoot, 'etcd', '3.4.23', process.arch, 'etcd'),
      etcdctl: path.join(cacheRoot, 'etcd', '3.4.23', process.arch, 'etcdctl'),
      version: '3.4.23',
      source: 'download',
    });
    expect(execFileSync(first.etcd, ['--version'], { encoding: 'utf8' })).toContain('etcd Version: 3.4.23');
    expect(existsSync(path.join(cacheRoot, 'etcd', '3.4.23', `${process.arch}.complete`))).toBe(true);

    const before = requests.length;
    const second = await resolveEtcdBinaries({ etcdVersion: '3.4.23', downloadUrl: baseUrl }, deps(cacheRoot));
    expect(second.source).toBe('cache');
    expect(requests.length).toBe(before);
  });

  it('installs nothing when the tarball does not match SHA256SUMS', async () => {
    const cacheRoot = path.join(dir, 'cache-bad');
    await expect(resolveEtcdBinaries({ etcdVersion: '3.4.22', downloadUrl: baseUrl }, deps(cacheRoot))).rejects.toThrow(
      new RegExp(`checksum mismatch for ${baseUrl}/v3.4.22/etcd-v3.4.22-linux-${arch}.tar.gz: SHA256SUMS says (ab){32}, the download is [0-9a-f]{64}; nothing was installed`),
    );
    expect(existsSync(path.join(cacheRoot, 'etcd', '3.4.22', process.arch))).toBe(false);
    expect(existsSync(path.join(cacheRoot, 'etcd', '3.4.22', `${process.arch}.complete`))).toBe(false);
  });

  it('names an unknown version as a configuration error', async () => {
    const attempt = resolveEtcdBinaries({ etcdVersion: '3.9.99', downloadUrl: baseUrl }, deps(path.join(dir, 'cache-none')));
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(`etcd-version is '3.9.99'; there is no such release at ${baseUrl}/v3.9.99/SHA256SUMS (HTTP 404)`);
  });

  it('prefers etcd on PATH unless another version is asked for', async () => {
    const cacheRoot = path.join(dir, 'cache-path');
    expect(await resolveEtcdBinaries({ downloadUrl: baseUrl }, deps(cacheRoot, ['/usr/bin']))).toEqual({
      etcd: '/usr/bin/etcd',
      etcdctl: '/usr/bin/etcdctl',
      version: '3.4.23',
      source: 'PATH',
    });
    const other = resolveEtcdBinaries({ etcdVersion: '3.4.22', downloadUrl: baseUrl }, deps(cacheRoot, ['/usr/bin']));
    await expect(other).rejects.toThrow(/checksum mismatch/);
  });

  it('refuses an etcd-path without the binaries', async () => {
    await expect(resolveEtcdBinaries({ etcdPath: dir, downloadUrl: baseUrl }, deps(path.join(dir, 'c')))).rejects.toThrow(
      `etcd-path is '${dir}'; allowed: a folder holding executable etcd and etcdctl files`,
    );
  });
});
