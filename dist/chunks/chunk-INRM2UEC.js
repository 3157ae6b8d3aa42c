import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  SealError,
  seal,
  unseal,
  validateClusterPki
} from "./chunk-TNLH3DJP.js";
import {
  KEY_ALGORITHMS,
  buildClusterSpec,
  makeDirs,
  writeFileNoFollow
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError
} from "./chunk-BUAAGYJK.js";

// src/pki/fingerprints.ts
import { X509Certificate } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
async function certificateFingerprints(root) {
  const fingerprints = {};
  const walk = async (dir) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(".crt"))
        fingerprints[path.relative(root, full)] = new X509Certificate(await readFile(full)).fingerprint256;
    }
  };
  await walk(root);
  return fingerprints;
}

// src/pki/bundle.ts
import { chmod, mkdir, mkdtemp, readdir as readdir2, readFile as readFile2, rename, rm, stat, writeFile } from "node:fs/promises";
import path2 from "node:path";

// src/pki/bundle-manifest.ts
import { isIP } from "node:net";
var RUN_ID = /^[0-9a-f]{4,64}$/;
var DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
var DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
var CERT_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*\.crt$/;
var MAX_MEMBERS = 9;
var isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
var isHost = (value) => typeof value === "string" && (isIP(value) !== 0 || DNS_NAME.test(value));
var isInteger = (value, min, max) => typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
function validateBundleManifest(value, source) {
  const refuse = (field, what, allowed) => {
    throw new SealError(
      `${source} opened, but its manifest's ${field} is ${JSON.stringify(what) ?? String(what)}; allowed: ${allowed}. It was not sealed by etcd-ha; nothing was written`
    );
  };
  if (!isObject(value)) return refuse("content", typeof value, "a JSON object");
  const { schemaVersion, runId, topology, timing, certificates } = value;
  if (schemaVersion !== 1) refuse("schemaVersion", schemaVersion, "1");
  if (typeof runId !== "string" || !RUN_ID.test(runId)) refuse("runId", runId, "4 to 64 lower-case hex digits");
  if (!isObject(topology)) return refuse("topology", topology, "an object");
  if (!isObject(timing)) return refuse("timing", timing, "an object");
  if (!isObject(certificates)) return refuse("certificates", certificates, "an object of certificate fingerprints");
  if (!isInteger(topology.members, 1, MAX_MEMBERS)) refuse("topology.members", topology.members, `1 to ${MAX_MEMBERS}`);
  if (typeof topology.baseAddress !== "string" || isIP(topology.baseAddress) === 0)
    refuse("topology.baseAddress", topology.baseAddress, "an IP address");
  for (const port of ["clientPort", "peerPort"])
    if (!isInteger(topology[port], 1, 65535)) refuse(`topology.${port}`, topology[port], "a port, 1 to 65535");
  if (!Array.isArray(topology.extraSans) || !topology.extraSans.every(isHost))
    refuse("topology.extraSans", topology.extraSans, "a list of IP addresses and DNS names");
  if (!isInteger(topology.certValidityDays, 1, 3650))
    refuse("topology.certValidityDays", topology.certValidityDays, "1 to 3650");
  if (!KEY_ALGORITHMS.includes(topology.keyAlgorithm))
    refuse("topology.keyAlgorithm", topology.keyAlgorithm, KEY_ALGORITHMS.join(", "));
  if (topology.memberList !== void 0) {
    const list = topology.memberList;
    if (!Array.isArray(list) || list.length !== topology.members)
      refuse("topology.memberList", list, `a list of ${String(topology.members)} members`);
    const names = /* @__PURE__ */ new Set();
    for (const entry of list) {
      const member = isObject(entry) ? entry : {};
      const name = member.name;
      if (typeof name !== "string" || !DNS_LABEL.test(name) || names.has(name))
        return refuse("topology.memberList name", isObject(entry) ? name : entry, "a DNS label, once per member");
      if (!isHost(member.address))
        refuse(`topology.memberList address of ${name}`, member.address, "an IP address or DNS name");
      names.add(name);
    }
  }
  for (const field of ["heartbeatMs", "electionMs", "startupTimeoutMs"])
    if (!isInteger(timing[field], 1, 36e5)) refuse(`timing.${field}`, timing[field], "milliseconds, 1 to 3600000");
  const fingerprints = Object.entries(certificates);
  if (fingerprints.length === 0) refuse("certificates", certificates, "a fingerprint for every certificate");
  for (const [file, fingerprint] of fingerprints) {
    if (!CERT_PATH.test(file) || file.split("/").includes(".."))
      refuse("certificates path", file, "a relative path of a .crt file");
    if (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint))
      refuse(`certificates fingerprint of ${file}`, fingerprint, "a SHA-256 fingerprint (AA:BB:...)");
  }
  return value;
}
function assertFingerprintsMatch(manifest, found, source) {
  const files = /* @__PURE__ */ new Set([...Object.keys(manifest.certificates), ...Object.keys(found)]);
  for (const file of [...files].sort()) {
    if (manifest.certificates[file] !== found[file]) {
      const said = manifest.certificates[file] ?? "nothing";
      throw new SealError(
        `${source} opened, but its certificate pki/${file} is ${found[file] ?? "missing"} while its manifest says ${said}; nothing was written`
      );
    }
  }
}

// src/pki/bundle.ts
var BUNDLE_MANIFEST = "etcd-ha-bundle.json";
var TAR_TIMEOUT_MS = 6e4;
async function sealClusterPki(spec, key, file, runner) {
  const manifest = {
    schemaVersion: 1,
    runId: spec.runId,
    topology: spec.topology,
    timing: spec.timing,
    certificates: await certificateFingerprints(spec.pki.root)
  };
  const manifestDir = await mkdtemp(path2.join(spec.stateDir, ".bundle-"));
  try {
    await writeFile(path2.join(manifestDir, BUNDLE_MANIFEST), JSON.stringify(manifest, null, 2));
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
        path2.relative(spec.stateDir, spec.pki.root),
        "-C",
        manifestDir,
        BUNDLE_MANIFEST
      ],
      void 0,
      TAR_TIMEOUT_MS
    );
    if (tar.code !== 0) throw new Error(`could not pack ${spec.pki.root}: ${tar.stderr.trim()}`);
    const sealed = await seal(tar.stdout, key);
    const target = path2.resolve(file);
    await makeDirs(path2.dirname(target), 448);
    await writeFileNoFollow(target, sealed, { mode: 384 });
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
  for (const entry of await readdir2(dir, { withFileTypes: true })) {
    const full = path2.join(dir, entry.name);
    if (entry.isDirectory()) await tightenModes(full);
    else if (entry.name.endsWith(".key")) await chmod(full, 384);
  }
}
async function openClusterPki(file, key, outDir, runner, outLabel) {
  const source = path2.resolve(file);
  let sealed;
  try {
    sealed = await readFile2(source);
  } catch (error) {
    throw new ConfigurationError(
      `--from is '${file}'; allowed: a sealed bundle made by 'etcd-ha certs --seal' or age (${error.code ?? error})`
    );
  }
  const out = path2.resolve(outDir);
  const existing = await readdir2(out).catch(() => []);
  if (existing.length > 0)
    throw new ConfigurationError(`${outLabel} is '${outDir}'; allowed: a folder that does not exist yet or is empty`);
  const tar = Buffer.from(await unseal(sealed, key, source));
  await checkEntries(tar, runner, source);
  await makeDirs(path2.dirname(out), 448);
  const work = await mkdtemp(path2.join(path2.dirname(out), ".etcd-ha-restore-"));
  try {
    await chmod(work, 448);
    const untar = await runner.pipe(
      "tar",
      ["--extract", "--file=-", "--no-same-owner", "--preserve-permissions", "-C", work],
      tar,
      TAR_TIMEOUT_MS
    );
    if (untar.code !== 0) throw new SealError(`${source} opened, but could not be unpacked: ${untar.stderr.trim()}`);
    let parsed;
    try {
      parsed = JSON.parse(await readFile2(path2.join(work, BUNDLE_MANIFEST), "utf8"));
    } catch {
      throw new SealError(`${source} opened, but holds no ${BUNDLE_MANIFEST}: it was not sealed by etcd-ha`);
    }
    const manifest = validateBundleManifest(parsed, source);
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
        throw new SealError(`${source} lacks ${path2.relative(work, needed)}; nothing was written`);
      }
    }
    assertFingerprintsMatch(manifest, await certificateFingerprints(staged.pki.root), source);
    try {
      await validateClusterPki(staged, { now: /* @__PURE__ */ new Date(), minValidityDays: 0 });
    } catch (error) {
      throw new SealError(`${source} opened, but its PKI is not one etcd-ha made: ${error.message}`);
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
  certificateFingerprints,
  sealClusterPki,
  openClusterPki
};
