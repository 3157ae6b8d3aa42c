import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  SealError,
  makeDirs,
  seal,
  unseal
} from "./chunk-4PGASSVN.js";
import {
  ConfigurationError,
  buildClusterSpec
} from "./chunk-ZQ6GT3P6.js";

// src/pki/bundle.ts
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
var BUNDLE_MANIFEST = "etcd-ha-bundle.json";
var TAR_TIMEOUT_MS = 6e4;
async function sealClusterPki(spec, key, file, runner) {
  const manifest = {
    schemaVersion: 1,
    runId: spec.runId,
    topology: spec.topology,
    timing: spec.timing
  };
  const manifestDir = await mkdtemp(path.join(spec.stateDir, ".bundle-"));
  try {
    await writeFile(path.join(manifestDir, BUNDLE_MANIFEST), JSON.stringify(manifest, null, 2));
    const tar = await runner.pipe(
      "tar",
      [
        "--create",
        "--file=-",
        "--numeric-owner",
        "--owner=0",
        "--group=0",
        "-C",
        spec.stateDir,
        path.relative(spec.stateDir, spec.pki.root),
        "-C",
        manifestDir,
        BUNDLE_MANIFEST
      ],
      void 0,
      TAR_TIMEOUT_MS
    );
    if (tar.code !== 0) throw new Error(`could not pack ${spec.pki.root}: ${tar.stderr.trim()}`);
    const sealed = await seal(tar.stdout, key);
    const target = path.resolve(file);
    await makeDirs(path.dirname(target), 448);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, sealed, { mode: 384 });
    await rename(temp, target);
    return { bytes: sealed.length };
  } finally {
    await rm(manifestDir, { recursive: true, force: true });
  }
}
async function checkEntries(tar, runner, source) {
  const listing = await runner.pipe("tar", ["--list", "--verbose", "--file=-"], tar, TAR_TIMEOUT_MS);
  if (listing.code !== 0)
    throw new SealError(`${source} opened, but what it holds is not a tar archive: ${listing.stderr.trim()}`);
  for (const line of listing.stdout.toString("utf8").split("\n").filter(Boolean)) {
    const type = line[0];
    const name = line.split(/\s+/).slice(5).join(" ");
    const safe = name === BUNDLE_MANIFEST || name === "pki/" || name.startsWith("pki/");
    if (type !== "-" && type !== "d" || !safe || name.split("/").includes("..")) {
      throw new SealError(
        `${source} holds '${name}' (type ${type}), which is not part of an etcd-ha PKI bundle; nothing was written`
      );
    }
  }
}
async function tightenModes(dir) {
  await chmod(dir, 448);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await tightenModes(full);
    else if (entry.name.endsWith(".key")) await chmod(full, 384);
  }
}
async function openClusterPki(file, key, outDir, runner, outLabel) {
  const source = path.resolve(file);
  let sealed;
  try {
    sealed = await readFile(source);
  } catch (error) {
    throw new ConfigurationError(
      `--from is '${file}'; allowed: a sealed bundle made by 'etcd-ha certs --seal' or age (${error.code ?? error})`
    );
  }
  const out = path.resolve(outDir);
  const existing = await readdir(out).catch(() => []);
  if (existing.length > 0)
    throw new ConfigurationError(`${outLabel} is '${outDir}'; allowed: a folder that does not exist yet or is empty`);
  const tar = Buffer.from(await unseal(sealed, key, source));
  await checkEntries(tar, runner, source);
  await makeDirs(path.dirname(out), 448);
  const work = await mkdtemp(path.join(path.dirname(out), ".etcd-ha-restore-"));
  try {
    await chmod(work, 448);
    const untar = await runner.pipe(
      "tar",
      ["--extract", "--file=-", "--no-same-owner", "--preserve-permissions", "-C", work],
      tar,
      TAR_TIMEOUT_MS
    );
    if (untar.code !== 0) throw new SealError(`${source} opened, but could not be unpacked: ${untar.stderr.trim()}`);
    let manifest;
    try {
      manifest = JSON.parse(await readFile(path.join(work, BUNDLE_MANIFEST), "utf8"));
    } catch {
      throw new SealError(`${source} opened, but holds no ${BUNDLE_MANIFEST}: it was not sealed by etcd-ha`);
    }
    if (manifest.schemaVersion !== 1)
      throw new SealError(`${source} has bundle schema ${String(manifest.schemaVersion)}; this version reads 1`);
    const spec = buildClusterSpec(out, manifest.topology, manifest.timing, manifest.runId);
    const staged = buildClusterSpec(work, manifest.topology, manifest.timing, manifest.runId);
    const required = [
      staged.pki.caCert,
      staged.pki.apiserverClientCert,
      staged.pki.apiserverClientKey,
      ...staged.members.flatMap((m) => [
        m.pki.caCert,
        m.pki.serverCert,
        m.pki.serverKey,
        m.pki.peerCert,
        m.pki.peerKey
      ])
    ];
    for (const needed of required) {
      if (!await stat(needed).then(
        (info) => info.isFile(),
        () => false
      )) {
        throw new SealError(`${source} lacks ${path.relative(work, needed)}; nothing was written`);
      }
    }
    await tightenModes(staged.pki.root);
    await mkdir(out, { recursive: true, mode: 448 });
    await rename(staged.pki.root, spec.pki.root);
    return spec;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export {
  sealClusterPki,
  openClusterPki
};
