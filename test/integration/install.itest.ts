import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { resolveEtcdBinaries } from '../../src/etcd/install.js';
import { ConfigurationError } from '../../src/errors.js';
import { HttpRequestError, toolkitHttpGet } from '../../src/util/http.js';
import { memoryLogger } from '../../src/util/logger.js';
import { systemProcessRunner } from '../../src/util/process.js';
import { newTempDir } from '../support/helpers.js';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
const arch = GO_ARCH[process.arch];

/** Packs Debian's etcd and etcdctl like an official release tarball of `version` (with an `etcdutl`, as 3.5 and 3.6 have). */
function releaseTarball(work: string, version: string): Buffer {
  const name = `etcd-v${version}-linux-${arch}`;
  mkdirSync(path.join(work, name), { recursive: true });
  for (const binary of ['etcd', 'etcdctl']) copyFileSync(`/usr/bin/${binary}`, path.join(work, name, binary));
  copyFileSync('/usr/bin/etcdctl', path.join(work, name, 'etcdutl'));
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
    files.set(
      '/releases/v3.4.23/SHA256SUMS',
      Buffer.from(`${'0'.repeat(64)}  etcd-v3.4.23-darwin-amd64.zip\n${digest}  ${name}\n`),
    );
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

  const deps = (cacheRoot: string, searchPath: string[] = []) => ({
    runner: systemProcessRunner,
    logger: memoryLogger(),
    cacheRoot,
    searchPath,
  });

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
      new RegExp(
        `checksum mismatch for ${baseUrl}/v3.4.22/etcd-v3.4.22-linux-${arch}.tar.gz: SHA256SUMS says (ab){32}, the download is [0-9a-f]{64}; nothing was installed`,
      ),
    );
    expect(existsSync(path.join(cacheRoot, 'etcd', '3.4.22', process.arch))).toBe(false);
    expect(existsSync(path.join(cacheRoot, 'etcd', '3.4.22', `${process.arch}.complete`))).toBe(false);
  });

  it('names an unknown version as a configuration error', async () => {
    const attempt = resolveEtcdBinaries(
      { etcdVersion: '3.9.99', downloadUrl: baseUrl },
      deps(path.join(dir, 'cache-none')),
    );
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(
      `etcd-version is '3.9.99'; there is no such release at ${baseUrl}/v3.9.99/SHA256SUMS (HTTP 404)`,
    );
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
    await expect(
      resolveEtcdBinaries({ etcdPath: dir, downloadUrl: baseUrl }, deps(path.join(dir, 'c'))),
    ).rejects.toThrow(`etcd-path is '${dir}'; allowed: a folder holding executable etcd and etcdctl files`);
  });
});

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A name /etc/hosts gives a loopback address that the toolkit does not take for loopback itself (it never proxies localhost and 127.*). */
function loopbackAlias(): string | undefined {
  for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    const alias = address?.startsWith('127.')
      ? names.find((name) => name !== 'localhost' && !name.startsWith('localhost.'))
      : undefined;
    if (alias) return alias;
  }
  return undefined;
}

describe('downloading etcd through a proxy, with retries', () => {
  let dir: string;
  let files: Map<string, Buffer>;
  let fileServer: Server;
  let filePort: number;
  const served: string[] = [];
  // Answers to give before the real file, per path: a status, or 'reset' to drop the connection.
  const trouble = new Map<string, Array<number | 'reset'>>();
  let proxy: Server;
  let proxyUrl: string;
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const saved: Record<string, string | undefined> = {};
  const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-dl-proxy-');
    const tarball = releaseTarball(path.join(dir, 'release'), '3.4.23');
    const name = `etcd-v3.4.23-linux-${arch}.tar.gz`;
    files = new Map([
      [`/releases/v3.4.23/${name}`, tarball],
      ['/releases/v3.4.23/SHA256SUMS', Buffer.from(`${createHash('sha256').update(tarball).digest('hex')}  ${name}\n`)],
    ]);
    fileServer = createServer((request, response) => {
      const url = request.url ?? '';
      served.push(url);
      const next = trouble.get(url)?.shift();
      if (next === 'reset') {
        request.socket.destroy();
      } else if (next !== undefined) {
        response.statusCode = next;
        response.end('try later');
      } else {
        const body = files.get(url);
        response.statusCode = body ? 200 : 404;
        response.end(body ?? 'not found');
      }
    });
    filePort = await listen(fileServer);
    // A forward proxy as self-hosted runners have: it records each tunnel asked for and connects it
    // to the file server, whatever host was named (so no name is ever looked up).
    proxy = createServer((_request, response) => {
      response.statusCode = 405;
      response.end();
    });
    proxy.on('connect', (request, client: Socket) => {
      tunnels.push(request.url ?? '');
      const upstream = connect(filePort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => sockets.delete(socket));
      }
    });
    proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
    for (const name of PROXY_VARIABLES) saved[name] = process.env[name];
  });
  beforeEach(() => {
    for (const name of PROXY_VARIABLES) delete process.env[name];
    served.length = 0;
    tunnels.length = 0;
    trouble.clear();
  });
  afterAll(async () => {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    for (const socket of sockets) socket.destroy();
    await Promise.all([close(fileServer), close(proxy)]);
    await rm(dir, { recursive: true, force: true });
  });

  const install = (baseUrl: string, cache: string, logger = memoryLogger()) =>
    resolveEtcdBinaries(
      { etcdVersion: '3.4.23', downloadUrl: baseUrl },
      { runner: systemProcessRunner, logger, cacheRoot: path.join(dir, cache), searchPath: [], retryDelayMs: () => 20 },
    );

  it('goes through HTTP_PROXY for a release host the runner cannot reach itself', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    // Only the proxy knows this host: the download works only if it went through the proxy.
    const binaries = await install('http://etcd-releases.example/releases', 'cache-proxy');
    expect(binaries.source).toBe('download');
    expect(execFileSync(binaries.etcd, ['--version'], { encoding: 'utf8' })).toContain('etcd Version: 3.4.23');
    expect(tunnels).toEqual(['etcd-releases.example:80', 'etcd-releases.example:80']);
    // The whole release is kept: etcdutl, which restores snapshots from 3.5 on, sits beside etcd.
    expect(existsSync(path.join(path.dirname(binaries.etcd), 'etcdutl'))).toBe(true);
    expect(served).toEqual(['/releases/v3.4.23/SHA256SUMS', `/releases/v3.4.23/etcd-v3.4.23-linux-${arch}.tar.gz`]);
  });

  const alias = loopbackAlias();
  it(`connects directly to a host NO_PROXY names (${alias ?? 'no loopback name in /etc/hosts'})`, async () => {
    // The proxy client never proxies localhost itself, so this needs another name for a loopback
    // address (Debian names the machine on 127.0.1.1).
    if (!alias)
      throw new Error('/etc/hosts names no loopback address but localhost: add the machine name on 127.0.1.1');
    const baseUrl = `http://${alias}:${filePort}/releases`;
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = `other.example,${alias}`;
    expect((await install(baseUrl, 'cache-no-proxy')).source).toBe('download');
    expect(tunnels).toEqual([]);
    expect(served).toHaveLength(2);
    // The same host without NO_PROXY goes through the proxy.
    delete process.env.NO_PROXY;
    expect((await install(baseUrl, 'cache-via-proxy')).source).toBe('download');
    expect(tunnels).toEqual([`${alias}:${filePort}`, `${alias}:${filePort}`]);
  });

  it('tries again after a 503 and a dropped connection, and says so', async () => {
    trouble.set('/releases/v3.4.23/SHA256SUMS', [503]);
    trouble.set(`/releases/v3.4.23/etcd-v3.4.23-linux-${arch}.tar.gz`, ['reset']);
    const logger = memoryLogger();
    expect((await install(`http://127.0.0.1:${filePort}/releases`, 'cache-retry', logger)).source).toBe('download');
    expect(served).toEqual([
      '/releases/v3.4.23/SHA256SUMS',
      '/releases/v3.4.23/SHA256SUMS',
      `/releases/v3.4.23/etcd-v3.4.23-linux-${arch}.tar.gz`,
      `/releases/v3.4.23/etcd-v3.4.23-linux-${arch}.tar.gz`,
    ]);
    expect(logger.lines.filter((line) => line.includes('trying again'))).toEqual([
      `could not download http://127.0.0.1:${filePort}/releases/v3.4.23/SHA256SUMS: HTTP 503; trying again in 0 s (attempt 2 of 3)`,
      expect.stringMatching(
        new RegExp(
          `^could not download http://127\\.0\\.0\\.1:${filePort}/releases/v3\\.4\\.23/etcd-v3\\.4\\.23-linux-${arch}\\.tar\\.gz: .+; trying again in 0 s \\(attempt 2 of 3\\)$`,
        ),
      ),
    ]);
  });

  it('gives up after three attempts, and does not retry a 404 or another 4xx', async () => {
    trouble.set('/releases/v3.4.23/SHA256SUMS', [502, 502, 502]);
    const base = `http://127.0.0.1:${filePort}/releases`;
    await expect(install(base, 'cache-give-up')).rejects.toThrow(
      `could not download ${base}/v3.4.23/SHA256SUMS: HTTP 502`,
    );
    expect(served).toEqual(Array(3).fill('/releases/v3.4.23/SHA256SUMS'));
    expect(existsSync(path.join(dir, 'cache-give-up', 'etcd', '3.4.23', process.arch))).toBe(false);

    served.length = 0;
    trouble.set('/releases/v3.4.23/SHA256SUMS', [403]);
    await expect(install(base, 'cache-forbidden')).rejects.toThrow(
      `could not download ${base}/v3.4.23/SHA256SUMS: HTTP 403`,
    );
    expect(served).toEqual(['/releases/v3.4.23/SHA256SUMS']);

    served.length = 0;
    const missing = resolveEtcdBinaries(
      { etcdVersion: '3.9.99', downloadUrl: base },
      {
        runner: systemProcessRunner,
        logger: memoryLogger(),
        cacheRoot: path.join(dir, 'cache-404'),
        searchPath: [],
        retryDelayMs: () => 20,
      },
    );
    await expect(missing).rejects.toBeInstanceOf(ConfigurationError);
    expect(served).toEqual(['/releases/v3.9.99/SHA256SUMS']);
  });

  it('ends a request that gets no whole answer in time', async () => {
    const stalling = createServer((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('only part of it');
    });
    const port = await listen(stalling);
    try {
      const started = Date.now();
      const attempt = toolkitHttpGet(`http://127.0.0.1:${port}/slow`, 300);
      await expect(attempt).rejects.toBeInstanceOf(HttpRequestError);
      await expect(attempt).rejects.toThrow(
        `could not download http://127.0.0.1:${port}/slow: no whole answer within 300 ms`,
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      stalling.closeAllConnections();
      await close(stalling);
    }
  });
});
