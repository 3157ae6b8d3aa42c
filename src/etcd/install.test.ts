import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { releaseCacheKey } from '../action/release-cache.js';
import { memoryLogger } from '../util/logger.js';
import { systemProcessRunner } from '../util/process.js';
import { resolveEtcdBinaries, type InstallDeps, type ReleaseCache } from './install.js';

const VERSION = '3.6.99';
const NAME = `etcd-v${VERSION}-linux-amd64`;
const BASE = 'https://mirror.example/releases';

describe('installing an etcd release', () => {
  let dir: string;
  let tarball: Buffer;
  let digest: string;
  let requests: string[];
  let files: Map<string, Buffer>;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-install-'));
    const release = path.join(dir, 'release', NAME);
    mkdirSync(release, { recursive: true });
    for (const binary of ['etcd', 'etcdctl']) {
      writeFileSync(path.join(release, binary), `#!/bin/sh\necho ${binary} ${VERSION}\n`);
      chmodSync(path.join(release, binary), 0o755);
    }
    execFileSync('tar', ['-czf', `${NAME}.tar.gz`, NAME], { cwd: path.join(dir, 'release') });
    tarball = readFileSync(path.join(dir, 'release', `${NAME}.tar.gz`));
    digest = createHash('sha256').update(tarball).digest('hex');
    requests = [];
    files = new Map([
      [`${BASE}/v${VERSION}/${NAME}.tar.gz`, tarball],
      [`${BASE}/v${VERSION}/SHA256SUMS`, Buffer.from(`${digest}  ${NAME}.tar.gz\n`)],
    ]);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const deps = (
    extra: Partial<Omit<InstallDeps, 'logger'>> = {},
  ): InstallDeps & { logger: ReturnType<typeof memoryLogger> } => ({
    runner: systemProcessRunner,
    logger: memoryLogger(),
    cacheRoot: path.join(dir, 'cache'),
    searchPath: [],
    arch: 'x64',
    platform: 'linux',
    http: async (url) => {
      requests.push(url);
      const body = files.get(url);
      return { status: body ? 200 : 404, body: body ?? Buffer.from('') };
    },
    ...extra,
  });
  const install = (extra: Partial<Omit<InstallDeps, 'logger'>> = {}, downloadUrl = BASE) =>
    resolveEtcdBinaries({ etcdVersion: VERSION, downloadUrl }, deps(extra));
  const cachedEtcd = () => path.join(dir, 'cache', 'etcd', VERSION, 'x64', 'etcd');

  test('a cached release is used without a request only while it is the verified release', async () => {
    expect((await install()).source).toBe('download');
    requests = [];
    expect((await install()).source).toBe('cache');
    expect(requests).toEqual([]);

    writeFileSync(cachedEtcd(), '#!/bin/sh\necho trojan\n');
    const logged = deps();
    expect((await resolveEtcdBinaries({ etcdVersion: VERSION, downloadUrl: BASE }, logged)).source).toBe('download');
    expect(logged.logger.lines.join('\n')).toMatch(
      /etcd in the tool cache .* is not the release it claims to be: .*etcd differs from the tarball's; downloading it again/,
    );
    expect(readFileSync(cachedEtcd(), 'utf8')).toContain(`etcd ${VERSION}`);
  });

  test('a cache whose tarball and SHA256SUMS were both swapped is refused for a pinned release', async () => {
    const pinned = { [VERSION]: { amd64: digest } };
    await install({ pinned });
    // Someone with write access to the cache replaces the tarball, the binaries and the sums together.
    const versionDir = path.join(dir, 'cache', 'etcd', VERSION);
    writeFileSync(cachedEtcd(), '#!/bin/sh\necho trojan\n');
    execFileSync('tar', ['-czf', path.join(versionDir, `${NAME}.tar.gz`), '-C', path.join(versionDir, '..'), '.'], {});
    const forged = createHash('sha256')
      .update(readFileSync(path.join(versionDir, `${NAME}.tar.gz`)))
      .digest('hex');
    writeFileSync(path.join(versionDir, 'SHA256SUMS'), `${forged}  ${NAME}.tar.gz\n`);
    const logged = deps({ pinned });
    expect((await resolveEtcdBinaries({ etcdVersion: VERSION, downloadUrl: BASE }, logged)).source).toBe('download');
    expect(logged.logger.lines.join('\n')).toContain(`its tarball's SHA-256 is ${forged}, not ${digest}`);
  });

  test('a pinned release is refused when the mirror’s SHA256SUMS and tarball agree on something else', async () => {
    await expect(install({ pinned: { [VERSION]: { amd64: 'f'.repeat(64) } } })).rejects.toThrow(
      `says ${digest} for ${NAME}.tar.gz, but etcd ${VERSION}'s published checksum is ${'f'.repeat(64)}; nothing was installed`,
    );
  });

  test('a release cached from one mirror is not used for another, and the workflow cache is keyed by URL', async () => {
    await install();
    const other = 'https://other.example/releases';
    for (const [url, body] of [...files]) files.set(url.replace(BASE, other), body);
    requests = [];
    expect((await install({}, other)).source).toBe('download');
    expect(requests.length).toBeGreaterThan(0);
    expect(releaseCacheKey(VERSION, `${BASE}/x.tar.gz`, 'linux', 'x64')).not.toBe(
      releaseCacheKey(VERSION, `${other}/x.tar.gz`, 'linux', 'x64'),
    );
  });

  test('a release the workflow cache restores is checked before use', async () => {
    await install();
    const saved = path.join(dir, 'saved');
    await cp(path.join(dir, 'cache', 'etcd', VERSION), saved, { recursive: true });
    writeFileSync(path.join(saved, 'x64', 'etcd'), '#!/bin/sh\necho trojan\n');
    await rm(path.join(dir, 'cache'), { recursive: true, force: true });
    const keys: string[] = [];
    const releaseCache: ReleaseCache = {
      restore: async (target, _version, url) => {
        keys.push(url);
        await cp(saved, target, { recursive: true });
        return true;
      },
      save: async () => undefined,
    };
    const logged = deps({ releaseCache });
    expect((await resolveEtcdBinaries({ etcdVersion: VERSION, downloadUrl: BASE }, logged)).source).toBe('download');
    expect(keys).toEqual([`${BASE}/v${VERSION}/${NAME}.tar.gz`]);
    expect(logged.logger.lines.join('\n')).toContain('etcd in the workflow cache');
  });
});
