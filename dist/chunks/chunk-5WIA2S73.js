import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  adoptPkiPhase,
  certsPhase,
  prepareStateDir
} from "./chunk-VCVGJWKT.js";
import {
  configuredPkiPhase,
  configuredSpec,
  readUserConfig,
  upPhase
} from "./chunk-VJATDH43.js";
import {
  DEFAULT_ETCD_VERSION,
  makeClusterPki
} from "./chunk-DOTLQPJX.js";
import {
  prepareTarget,
  targetEntry
} from "./chunk-DDAHQPNE.js";
import {
  flagLabel
} from "./chunk-LYGAK3AY.js";
import {
  VERSION,
  buildClusterSpec
} from "./chunk-HWODRH63.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/etcd/install.ts
import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

// src/util/http.ts
var HttpRequestError = class extends Error {
  constructor(url, message) {
    super(`could not download ${url}: ${message}`);
    this.url = url;
    this.name = "HttpRequestError";
  }
  url;
};
function readAll(message) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    message.on("data", (chunk) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
    message.on("close", () => {
      if (!message.complete) reject(new Error("the connection closed before the whole answer arrived"));
    });
  });
}
var toolkitHttpGet = async (url, timeoutMs) => {
  const { HttpClient } = await import("./lib-IXEWLAWG.js");
  const client = new HttpClient(`etcd-ha/${VERSION}`, [], { socketTimeout: timeoutMs });
  let message;
  let timedOut = false;
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      message?.destroy();
      reject(new HttpRequestError(url, `no whole answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const request = client.get(url).then((response2) => {
      message = response2.message;
      if (timedOut) message.destroy();
      return response2;
    });
    const response = await Promise.race([request, deadline]);
    const body = await Promise.race([readAll(response.message), deadline]);
    return { status: response.message.statusCode ?? 0, body };
  } catch (error) {
    if (error instanceof HttpRequestError) throw error;
    throw new HttpRequestError(url, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
    client.dispose();
  }
};

// src/etcd/install.ts
var PINNED_RELEASES = {};
var GO_ARCH = { x64: "amd64", arm64: "arm64", ppc64: "ppc64le", s390x: "s390x" };
var SUMS_TIMEOUT_MS = 3e4;
var TARBALL_TIMEOUT_MS = 3e5;
var DOWNLOAD_ATTEMPTS = 3;
var toolCacheRetryDelayMs = () => 1e4 + Math.floor(Math.random() * 1e4);
var retryable = (status) => status >= 500 || status === 408 || status === 429;
async function isExecutable(file) {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
async function etcdVersionOf(etcd, runner) {
  const result = await runner.run(etcd, ["--version"], { timeoutMs: 1e4 });
  const match = /etcd Version:\s*v?(\S+)/.exec(result.stdout);
  if (result.code !== 0 || !match) {
    throw new Error(
      `${etcd} --version did not print a version (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 300)}`
    );
  }
  return match[1];
}
async function findPair(dirs) {
  for (const dir of dirs) {
    const etcd = path.join(dir, "etcd");
    const etcdctl = path.join(dir, "etcdctl");
    if (await isExecutable(etcd) && await isExecutable(etcdctl)) return { etcd, etcdctl };
  }
  return void 0;
}
function parseSha256Sums(text) {
  const sums = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line);
    if (match) sums.set(match[2], match[1].toLowerCase());
  }
  return sums;
}
async function resolveEtcdBinaries(options, deps) {
  const { runner, logger } = deps;
  if (options.etcdPath) {
    const pair = await findPair([options.etcdPath]);
    if (!pair) {
      throw new ConfigurationError(
        `etcd-path is '${options.etcdPath}'; allowed: a folder holding executable etcd and etcdctl files`
      );
    }
    return { ...pair, version: await etcdVersionOf(pair.etcd, runner), source: "etcd-path" };
  }
  const onPath = await findPair(deps.searchPath);
  if (onPath) {
    const version = await etcdVersionOf(onPath.etcd, runner);
    if (!options.etcdVersion || options.etcdVersion === version) return { ...onPath, version, source: "PATH" };
    logger.info(`etcd ${version} on PATH is not the requested ${options.etcdVersion}; using the release instead`);
  }
  return installRelease(options.etcdVersion ?? DEFAULT_ETCD_VERSION, options.downloadUrl, deps);
}
var SUMS_FILE = "SHA256SUMS";
var sha256 = (data) => createHash("sha256").update(data).digest("hex");
async function installRelease(version, baseUrl, deps) {
  const platform = deps.platform ?? process.platform;
  const goArch = GO_ARCH[deps.arch ?? process.arch];
  if (platform !== "linux" || !goArch) {
    throw new ConfigurationError(
      `etcd releases are downloaded for Linux only (this is ${platform}/${deps.arch ?? process.arch}); set etcd-path instead`
    );
  }
  const versionDir = path.join(deps.cacheRoot, "etcd", version);
  const dir = path.join(versionDir, deps.arch ?? process.arch);
  const name = `etcd-v${version}-linux-${goArch}`;
  const releaseUrl = `${baseUrl}/v${version}`;
  const sumsUrl = `${releaseUrl}/SHA256SUMS`;
  const tarballUrl = `${releaseUrl}/${name}.tar.gz`;
  const pinned = (deps.pinned ?? PINNED_RELEASES)[version]?.[goArch];
  const release = { versionDir, dir, name, tarballUrl, pinned };
  const binaries = (source) => ({
    etcd: path.join(dir, "etcd"),
    etcdctl: path.join(dir, "etcdctl"),
    version,
    source
  });
  if (await usableCache(release, deps, "the tool cache")) return binaries("cache");
  if (deps.releaseCache && await deps.releaseCache.restore(versionDir, version, tarballUrl).catch(() => false)) {
    if (await usableCache(release, deps, "the workflow cache")) {
      deps.logger.info(`restored etcd ${version} from the workflow cache`);
      return binaries("cache");
    }
  }
  const download = (url, timeoutMs) => downloadWithRetries(url, timeoutMs, version, deps);
  deps.logger.info(`downloading etcd ${version} from ${tarballUrl}`);
  const sums = await download(sumsUrl, SUMS_TIMEOUT_MS);
  const listed = parseSha256Sums(sums.toString("utf8")).get(`${name}.tar.gz`);
  if (!listed) throw new Error(`${sumsUrl} lists no checksum for ${name}.tar.gz; nothing was installed`);
  if (pinned && listed !== pinned) {
    throw new Error(
      `${sumsUrl} says ${listed} for ${name}.tar.gz, but etcd ${version}'s published checksum is ${pinned}; nothing was installed`
    );
  }
  const expected = pinned ?? listed;
  const tarball = await download(tarballUrl, TARBALL_TIMEOUT_MS);
  const actual = sha256(tarball);
  if (actual !== expected) {
    throw new Error(
      `checksum mismatch for ${tarballUrl}: ${pinned ? "the published checksum" : "SHA256SUMS"} says ${expected}, the download is ${actual}; nothing was installed`
    );
  }
  await mkdir(versionDir, { recursive: true });
  const work = await mkdtemp(path.join(versionDir, ".download-"));
  try {
    const archive = path.join(work, `${name}.tar.gz`);
    await writeFile(archive, tarball);
    const untar = await deps.runner.run("tar", ["-xzf", archive, "-C", work], { timeoutMs: 12e4 });
    if (untar.code !== 0) throw new Error(`could not unpack ${tarballUrl}: ${untar.stderr.trim()}`);
    const unpacked = path.join(work, name);
    if (!await findPair([unpacked])) throw new Error(`${tarballUrl} holds no ${name}/etcd and ${name}/etcdctl`);
    await copyFile(archive, path.join(versionDir, `${name}.tar.gz`));
    await writeFile(path.join(versionDir, SUMS_FILE), sums);
    const staged = `${dir}.${randomBytes(4).toString("hex")}`;
    await rename(unpacked, staged);
    await rm(dir, { recursive: true, force: true });
    await rename(staged, dir);
    await writeFile(`${dir}.complete`, JSON.stringify({ url: tarballUrl }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await deps.releaseCache?.save(versionDir, version, tarballUrl).catch(
    (error) => deps.logger.warning(`could not save etcd ${version} to the workflow cache: ${errorMessage(error)}`)
  );
  return binaries("download");
}
async function usableCache(release, deps, where) {
  const { dir } = release;
  const marker = await readFile(`${dir}.complete`, "utf8").then(
    (text) => JSON.parse(text),
    () => void 0
  );
  if (!marker || !await isExecutable(path.join(dir, "etcd"))) return false;
  if (marker.url !== release.tarballUrl) return false;
  const problem = await cacheProblem(release, deps);
  if (problem === void 0) return true;
  deps.logger.warning(`etcd in ${where} (${dir}) is not the release it claims to be: ${problem}; downloading it again`);
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.complete`, { force: true });
  return false;
}
async function cacheProblem(release, deps) {
  const { versionDir, dir, name, pinned } = release;
  const archive = path.join(versionDir, `${name}.tar.gz`);
  const tarball = await readFile(archive).catch(() => void 0);
  if (!tarball) return `its tarball ${archive} is missing`;
  const sums = await readFile(path.join(versionDir, SUMS_FILE), "utf8").catch(() => "");
  const expected = pinned ?? parseSha256Sums(sums).get(`${name}.tar.gz`);
  if (!expected) return `${path.join(versionDir, SUMS_FILE)} lists no checksum for ${name}.tar.gz`;
  const actual = sha256(tarball);
  if (actual !== expected) return `its tarball's SHA-256 is ${actual}, not ${expected}`;
  for (const binary of ["etcd", "etcdctl"]) {
    const inTarball = await deps.runner.pipe("tar", ["-xzOf", "-", `${name}/${binary}`], tarball, 12e4);
    if (inTarball.code !== 0) return `its tarball holds no ${name}/${binary} (${inTarball.stderr.trim()})`;
    const onDisk = await readFile(path.join(dir, binary)).catch(() => Buffer.alloc(0));
    if (sha256(onDisk) !== sha256(inTarball.stdout)) return `${path.join(dir, binary)} differs from the tarball's`;
  }
  return void 0;
}
async function downloadWithRetries(url, timeoutMs, version, deps) {
  const get = deps.http ?? toolkitHttpGet;
  for (let attempt = 1; ; attempt++) {
    let problem;
    try {
      const { status, body } = await get(url, timeoutMs);
      if (status >= 200 && status < 300) return body;
      if (status === 404) {
        throw new ConfigurationError(
          `etcd-version is '${version}'; there is no such release at ${url} (HTTP 404); allowed: a published etcd release`
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
      `${problem}; trying again in ${Math.round(delayMs / 1e3)} s (attempt ${attempt + 1} of ${DOWNLOAD_ATTEMPTS})`
    );
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

// src/run/phases/binaries.ts
async function binariesPhase(options, deps) {
  const binaries = await resolveEtcdBinaries(options, deps);
  deps.logger.info(`using etcd ${binaries.version} from ${binaries.source} (${binaries.etcd})`);
  return binaries;
}

// src/run/phases/bring-up.ts
async function bringUp(options, deps, timed, onState = () => void 0) {
  let layOut;
  if ("layOut" in options) {
    prepareTarget(options.target, options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
    const laidOut = await options.layOut();
    layOut = async () => laidOut;
  } else {
    const pkiDir = options.provided?.pkiDir;
    const made = options.config === void 0 && !pkiDir ? makeClusterPki(buildClusterSpec(options.stateDir, options.topology, options.timing).members, options.topology) : void 0;
    made?.catch(() => void 0);
    prepareTarget(options.target, options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
    layOut = async (binaries2) => ({ state: await newClusterState(options, binaries2, made, deps, timed) });
  }
  const binaries = targetEntry(options.target.kind).runsLocalBinary ? await timed("etcd", () => binariesPhase(options.binary, deps)) : void 0;
  const { state, timing } = await layOut(binaries);
  onState(state);
  await timed(
    "up",
    () => upPhase(
      state,
      {
        target: options.target,
        binaries,
        etcdVersion: options.binary.etcdVersion,
        cutsLinks: options.cutsLinks
      },
      timing,
      deps
    )
  );
  return state;
}
async function newClusterState(options, binaries, made, deps, timed) {
  const pkiDir = options.provided?.pkiDir;
  const configured = options.config === void 0 ? void 0 : await timed("config", () => configuredClusterSpec(options, options.config, binaries, deps));
  const stateDir = await prepareStateDir(options.stateDir, options.stateDirLabel);
  const minValidityDays = options.provided?.minValidityDays ?? 0;
  return timed(
    "pki",
    () => configured ? configuredPkiPhase(configured, pkiDir ? { minValidityDays } : void 0, deps) : pkiDir ? adoptPkiPhase(stateDir, options.topology, options.timing, { pkiDir, minValidityDays }, deps) : certsPhase(stateDir, options.topology, options.timing, deps, made)
  );
}
async function configuredClusterSpec(options, configPath, binaries, deps) {
  const label = options.label ?? flagLabel;
  const etcdVersion = binaries?.version ?? options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION;
  const members = await readUserConfig(configPath, { label, etcdVersion, cwd: process.cwd(), logger: deps.logger });
  return configuredSpec(
    members,
    {
      configPath,
      target: options.target,
      stateDir: options.stateDir,
      topology: options.topology,
      timing: options.timing,
      checks: options.checks,
      optionalChecks: options.optionalChecks,
      pkiDir: options.provided?.pkiDir,
      label
    },
    deps.logger
  );
}

// src/run/phases/phase-timer.ts
function phaseTimer(deps, phases) {
  return async (phase, work) => {
    const begin = deps.clock.now();
    try {
      return await deps.logger.group(phase, work);
    } finally {
      phases[phase] = deps.clock.now() - begin;
    }
  };
}

export {
  bringUp,
  phaseTimer
};
