import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, errorMessage } from '../errors.js';
import { HttpRequestError, toolkitHttpGet, type HttpGet } from '../util/http.js';
import type { Logger } from '../util/logger.js';
import type { ProcessRunner } from '../util/process.js';
import { DEFAULT_ETCD_VERSION } from './releases.js';

/** Where the etcd binaries come from, as the user chose them. */
export interface EtcdBinaryOptions {
  /** Folder holding `etcd` and `etcdctl`, or undefined to look on PATH and then download. */
  etcdPath?: string;
  /** Requested version, or undefined to take whatever is on PATH (downloading the default otherwise). */
  etcdVersion?: string;
  downloadUrl: string;
}

/** The etcd and etcdctl this run uses, and where they came from. */
export interface EtcdBinaries {
  etcd: string;
  etcdctl: string;
  version: string;
  source: 'etcd-path' | 'PATH' | 'cache' | 'download';
}

/**
 * Keeps downloaded releases across runs (the action plugs in @actions/cache; the CLI has none). `url`
 * is the tarball's URL: a release from one mirror is never restored for another.
 */
export interface ReleaseCache {
  restore(dir: string, version: string, url: string): Promise<boolean>;
  save(dir: string, version: string, url: string): Promise<void>;
}

/**
 * SHA-256 of official release tarballs, by version and Go architecture, as the release's own
 * SHA256SUMS lists them. A pinned release is installed and used from a cache only when its tarball
 * has this hash, whatever the mirror's SHA256SUMS (or a cache's copy of it) says. Add a release here
 * only with the digest copied from https://github.com/etcd-io/etcd/releases/download/vX.Y.Z/SHA256SUMS.
 */
export const PINNED_RELEASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

export interface InstallDeps {
  runner: ProcessRunner;
  logger: Logger;
  /** Root of the tool cache: releases go to `<root>/etcd/<version>/<arch>`, as @actions/tool-cache lays them out. */
  cacheRoot: string;
  /** Folders searched for etcd and etcdctl when no etcd-path is given. */
  searchPath: string[];
  /** How releases are downloaded (default: the toolkit's HTTP client, which honours HTTPS_PROXY and NO_PROXY). */
  http?: HttpGet;
  /** The wait before download attempt `attempt` (2, 3); default 10 to 20 s, as @actions/tool-cache waits. */
  retryDelayMs?: (attempt: number) => number;
  releaseCache?: ReleaseCache;
  /** Tarball hashes that override SHA256SUMS (default: PINNED_RELEASES). */
  pinned?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  arch?: string;
  platform?: string;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' };
const SUMS_TIMEOUT_MS = 30_000;
const TARBALL_TIMEOUT_MS = 300_000;
// As @actions/tool-cache: three attempts, 10 to 20 s apart, for answers a later attempt may not get.
const DOWNLOAD_ATTEMPTS = 3;
const toolCacheRetryDelayMs = () => 10_000 + Math.floor(Math.random() * 10_000);
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The version `etcd --version` prints, e.g. 3.4.23. */
export async function etcdVersionOf(etcd: string, runner: ProcessRunner): Promise<string> {
  const result = await runner.run(etcd, ['--version'], { timeoutMs: 10_000 });
  const match = /etcd Version:\s*v?(\S+)/.exec(result.stdout);
  if (result.code !== 0 || !match) {
    throw new Error(
      `${etcd} --version did not print a version (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 300)}`,
    );
  }
  return match[1];
}

async function findPair(dirs: string[]): Promise<{ etcd: string; etcdctl: string } | undefined> {
  for (const dir of dirs) {
    const etcd = path.join(dir, 'etcd');
    const etcdctl = path.join(dir, 'etcdctl');
    if ((await isExecutable(etcd)) && (await isExecutable(etcdctl))) return { etcd, etcdctl };
  }
  return undefined;
}

/** Parses a SHA256SUMS file into file name -> hex digest. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line);
    if (match) sums.set(match[2], match[1].toLowerCase());
  }
  return sums;
}

/**
 * Finds etcd and etcdctl: in `etcd-path` if given; else on PATH (when no version was asked for, or
 * PATH has that version); else in the tool cache; else downloads the official release tarball,
 * verifies its SHA-256 against the release's SHA256SUMS, and caches it. Nothing is installed when
 * the checksum does not match.
 */
export async function resolveEtcdBinaries(options: EtcdBinaryOptions, deps: InstallDeps): Promise<EtcdBinaries> {
  const { runner, logger } = deps;
  if (options.etcdPath) {
    const pair = await findPair([options.etcdPath]);
    if (!pair) {
      throw new ConfigurationError(
        `etcd-path is '${options.etcdPath}'; allowed: a folder holding executable etcd and etcdctl files`,
      );
    }
    return { ...pair, version: await etcdVersionOf(pair.etcd, runner), source: 'etcd-path' };
  }
  const onPath = await findPair(deps.searchPath);
  if (onPath) {
    const version = await etcdVersionOf(onPath.etcd, runner);
    if (!options.etcdVersion || options.etcdVersion === version) return { ...onPath, version, source: 'PATH' };
    logger.info(`etcd ${version} on PATH is not the requested ${options.etcdVersion}; using the release instead`);
  }
  return installRelease(options.etcdVersion ?? DEFAULT_ETCD_VERSION, options.downloadUrl, deps);
}

/** Files kept beside a release in the cache, so that a restored release can be checked again. */
const SUMS_FILE = 'SHA256SUMS';
/** What the marker beside a cached release records: where its tarball came from. */
interface ReleaseMarker {
  url: string;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function installRelease(version: string, baseUrl: string, deps: InstallDeps): Promise<EtcdBinaries> {
  const platform = deps.platform ?? process.platform;
  const goArch = GO_ARCH[deps.arch ?? process.arch];
  if (platform !== 'linux' || !goArch) {
    throw new ConfigurationError(
      `etcd releases are downloaded for Linux only (this is ${platform}/${deps.arch ?? process.arch}); set etcd-path instead`,
    );
  }
  const versionDir = path.join(deps.cacheRoot, 'etcd', version);
  const dir = path.join(versionDir, deps.arch ?? process.arch);
  const name = `etcd-v${version}-linux-${goArch}`;
  const releaseUrl = `${baseUrl}/v${version}`;
  const sumsUrl = `${releaseUrl}/SHA256SUMS`;
  const tarballUrl = `${releaseUrl}/${name}.tar.gz`;
  const pinned = (deps.pinned ?? PINNED_RELEASES)[version]?.[goArch];
  const release: CachedRelease = { versionDir, dir, name, tarballUrl, pinned };
  const binaries = (source: EtcdBinaries['source']): EtcdBinaries => ({
    etcd: path.join(dir, 'etcd'),
    etcdctl: path.join(dir, 'etcdctl'),
    version,
    source,
  });

  if (await usableCache(release, deps, 'the tool cache')) return binaries('cache');
  if (deps.releaseCache && (await deps.releaseCache.restore(versionDir, version, tarballUrl).catch(() => false))) {
    if (await usableCache(release, deps, 'the workflow cache')) {
      deps.logger.info(`restored etcd ${version} from the workflow cache`);
      return binaries('cache');
    }
  }

  const download = (url: string, timeoutMs: number) => downloadWithRetries(url, timeoutMs, version, deps);
  deps.logger.info(`downloading etcd ${version} from ${tarballUrl}`);
  const sums = await download(sumsUrl, SUMS_TIMEOUT_MS);
  const listed = parseSha256Sums(sums.toString('utf8')).get(`${name}.tar.gz`);
  if (!listed) throw new Error(`${sumsUrl} lists no checksum for ${name}.tar.gz; nothing was installed`);
  if (pinned && listed !== pinned) {
    throw new Error(
      `${sumsUrl} says ${listed} for ${name}.tar.gz, but etcd ${version}'s published checksum is ${pinned}; nothing was installed`,
    );
  }
  const expected = pinned ?? listed;
  const tarball = await download(tarballUrl, TARBALL_TIMEOUT_MS);
  const actual = sha256(tarball);
  if (actual !== expected) {
    throw new Error(
      `checksum mismatch for ${tarballUrl}: ${pinned ? 'the published checksum' : 'SHA256SUMS'} says ${expected}, the download is ${actual}; nothing was installed`,
    );
  }

  await mkdir(versionDir, { recursive: true });
  const work = await mkdtemp(path.join(versionDir, '.download-'));
  try {
    const archive = path.join(work, `${name}.tar.gz`);
    await writeFile(archive, tarball);
    const untar = await deps.runner.run('tar', ['-xzf', archive, '-C', work], { timeoutMs: 120_000 });
    if (untar.code !== 0) throw new Error(`could not unpack ${tarballUrl}: ${untar.stderr.trim()}`);
    const unpacked = path.join(work, name);
    if (!(await findPair([unpacked]))) throw new Error(`${tarballUrl} holds no ${name}/etcd and ${name}/etcdctl`);
    // The verified tarball and SHA256SUMS stay beside the release: every later use checks it against them.
    await copyFile(archive, path.join(versionDir, `${name}.tar.gz`));
    await writeFile(path.join(versionDir, SUMS_FILE), sums);
    // A rename into place is atomic: a parallel job sees the whole release or none of it.
    const staged = `${dir}.${randomBytes(4).toString('hex')}`;
    await rename(unpacked, staged);
    await rm(dir, { recursive: true, force: true });
    await rename(staged, dir);
    await writeFile(`${dir}.complete`, JSON.stringify({ url: tarballUrl } satisfies ReleaseMarker));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await deps.releaseCache
    ?.save(versionDir, version, tarballUrl)
    .catch((error) =>
      deps.logger.warning(`could not save etcd ${version} to the workflow cache: ${errorMessage(error)}`),
    );
  return binaries('download');
}

/** Where a release sits in the cache and what it must match. */
interface CachedRelease {
  versionDir: string;
  dir: string;
  /** `etcd-vX.Y.Z-linux-ARCH`, the tarball's name without `.tar.gz` and its top folder. */
  name: string;
  tarballUrl: string;
  pinned?: string;
}

/**
 * True when the cache holds this release from this URL, checked again as at download: the kept
 * tarball has the pinned hash (or the one its SHA256SUMS lists, for a release not pinned), and etcd and
 * etcdctl are byte for byte the tarball's. A cache anyone else could have written (a shared runner's
 * tool cache, an Actions cache) is not trusted for being there. A release that fails is removed.
 */
async function usableCache(release: CachedRelease, deps: InstallDeps, where: string): Promise<boolean> {
  const { dir } = release;
  const marker = await readFile(`${dir}.complete`, 'utf8').then(
    (text) => JSON.parse(text) as Partial<ReleaseMarker>,
    () => undefined,
  );
  if (!marker || !(await isExecutable(path.join(dir, 'etcd')))) return false;
  // A release kept from another mirror is not this one.
  if (marker.url !== release.tarballUrl) return false;
  const problem = await cacheProblem(release, deps);
  if (problem === undefined) return true;
  deps.logger.warning(`etcd in ${where} (${dir}) is not the release it claims to be: ${problem}; downloading it again`);
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.complete`, { force: true });
  return false;
}

/** What is wrong with a cached release, or undefined when it is the verified release. */
async function cacheProblem(release: CachedRelease, deps: InstallDeps): Promise<string | undefined> {
  const { versionDir, dir, name, pinned } = release;
  const archive = path.join(versionDir, `${name}.tar.gz`);
  const tarball = await readFile(archive).catch(() => undefined);
  if (!tarball) return `its tarball ${archive} is missing`;
  const sums = await readFile(path.join(versionDir, SUMS_FILE), 'utf8').catch(() => '');
  const expected = pinned ?? parseSha256Sums(sums).get(`${name}.tar.gz`);
  if (!expected) return `${path.join(versionDir, SUMS_FILE)} lists no checksum for ${name}.tar.gz`;
  const actual = sha256(tarball);
  if (actual !== expected) return `its tarball's SHA-256 is ${actual}, not ${expected}`;
  for (const binary of ['etcd', 'etcdctl']) {
    const inTarball = await deps.runner.pipe('tar', ['-xzOf', '-', `${name}/${binary}`], tarball, 120_000);
    if (inTarball.code !== 0) return `its tarball holds no ${name}/${binary} (${inTarball.stderr.trim()})`;
    const onDisk = await readFile(path.join(dir, binary)).catch(() => Buffer.alloc(0));
    if (sha256(onDisk) !== sha256(inTarball.stdout)) return `${path.join(dir, binary)} differs from the tarball's`;
  }
  return undefined;
}

/**
 * GETs one file of a release: up to three attempts when nothing answered or the server answered 5xx,
 * 408 or 429; a 404 means the release does not exist.
 */
async function downloadWithRetries(
  url: string,
  timeoutMs: number,
  version: string,
  deps: InstallDeps,
): Promise<Buffer> {
  const get = deps.http ?? toolkitHttpGet;
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    try {
      const { status, body } = await get(url, timeoutMs);
      if (status >= 200 && status < 300) return body;
      if (status === 404) {
        throw new ConfigurationError(
          `etcd-version is '${version}'; there is no such release at ${url} (HTTP 404); allowed: a published etcd release`,
        );
      }
      problem = `could not download ${url}: HTTP ${status}`;
      if (!retryable(status) || attempt === DOWNLOAD_ATTEMPTS) throw new Error(problem);
    } catch (error) {
      if (!(error instanceof HttpRequestError) || attempt === DOWNLOAD_ATTEMPTS) throw error;
      problem = errorMessage(error);
    }
    const delayMs = (deps.retryDelayMs ?? toolCacheRetryDelayMs)(attempt + 1);
    deps.logger.info(
      `${problem}; trying again in ${Math.round(delayMs / 1000)} s (attempt ${attempt + 1} of ${DOWNLOAD_ATTEMPTS})`,
    );
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
