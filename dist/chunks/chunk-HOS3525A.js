import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  DEFAULT_TARGET_KIND,
  ETCDCTL_ENV_FILE,
  STATE_FILE,
  VERSION,
  givenClusterSpec,
  recordedKind,
  shellQuote,
  stateFilePath,
  systemClock,
  systemProcessRunner
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError
} from "./chunk-BUAAGYJK.js";

// src/run/state.ts
import { constants } from "node:fs";
import { access, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
function recordedTargetKind(state) {
  return state.given ? void 0 : recordedKind(state);
}
function targetKindOf(state) {
  return recordedTargetKind(state) ?? DEFAULT_TARGET_KIND;
}
function targetKind(state) {
  return state.given ? "external" : recordedTargetKind(state) ?? DEFAULT_TARGET_KIND;
}
async function givenClusterState(given, label) {
  const spec = givenClusterSpec(given);
  for (const file of [spec.pki.caCert, spec.pki.apiserverClientCert, spec.pki.apiserverClientKey]) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ConfigurationError(
        `${label} is '${given.pkiDir}'; allowed: a PKI folder holding etcd/ca.crt, apiserver-etcd-client.crt and apiserver-etcd-client.key (${file} cannot be read)`
      );
    }
  }
  return { schemaVersion: 1, spec, given: true };
}
var pendingSaves = /* @__PURE__ */ new Map();
function saveState(state) {
  const file = stateFilePath(state.spec.stateDir);
  const text = JSON.stringify(state, null, 2);
  const write = async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 448 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, text, { mode: 384 });
    await rename(temp, file);
  };
  const next = (pendingSaves.get(file) ?? Promise.resolve()).then(write, write);
  pendingSaves.set(file, next);
  void next.finally(() => {
    if (pendingSaves.get(file) === next) pendingSaves.delete(file);
  }).catch(() => void 0);
  return next;
}
async function loadState(stateDir, label) {
  let text;
  try {
    text = await readFile(stateFilePath(stateDir), "utf8");
  } catch {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; allowed: a folder that holds a cluster, as 'etcd-ha up --state', 'etcd-ha run --keep', 'etcd-ha certs --out' or 'etcd-ha restore --out' leave it (it has no ${STATE_FILE}: none of them laid a cluster out there, or 'etcd-ha down' has removed it already)`
    );
  }
  const state = JSON.parse(text);
  if (state.schemaVersion !== 1) {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; its ${STATE_FILE} has schema ${String(state.schemaVersion)}, this version reads 1`
    );
  }
  return state;
}
async function removeStateFile(stateDir) {
  await rm(stateFilePath(stateDir), { force: true });
}
function etcdctlEnvironment(spec) {
  return {
    ETCDCTL_API: "3",
    ETCDCTL_ENDPOINTS: spec.members.map((member) => member.clientUrl).join(","),
    ETCDCTL_CACERT: spec.pki.caCert,
    ETCDCTL_CERT: spec.pki.apiserverClientCert,
    ETCDCTL_KEY: spec.pki.apiserverClientKey
  };
}
async function writeEtcdctlEnv(spec) {
  const file = path.join(spec.stateDir, ETCDCTL_ENV_FILE);
  const lines = Object.entries(etcdctlEnvironment(spec)).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  await writeFile(file, `${lines.join("\n")}
`, { mode: 384 });
  return file;
}
async function checkedClusterState(state, given, label) {
  if (state.dir === void 0 === (given === void 0)) {
    throw new ConfigurationError(
      `${state.label} is '${state.dir ?? ""}' and ${label("endpoints")} is '${given?.members.map((m) => m.clientUrl).join(",") ?? ""}'; allowed: exactly one of them (the state folder of an up, or the endpoints of a running cluster with ${label("pki-dir")})`
    );
  }
  return given ? givenClusterState(given, label("pki-dir")) : loadState(state.dir, state.label);
}

// src/run/system-deps.ts
import { homedir } from "node:os";
import path2 from "node:path";
function systemDeps(env, logger, extra = {}) {
  return {
    runner: systemProcessRunner,
    clock: systemClock,
    logger,
    // The runner's tool cache where there is one, else the user's cache folder.
    cacheRoot: env.RUNNER_TOOL_CACHE || path2.join(env.XDG_CACHE_HOME || path2.join(homedir(), ".cache"), "etcd-ha"),
    searchPath: (env.PATH ?? "").split(path2.delimiter).filter(Boolean),
    toolVersion: VERSION,
    ...extra
  };
}

export {
  recordedTargetKind,
  targetKindOf,
  targetKind,
  saveState,
  loadState,
  removeStateFile,
  etcdctlEnvironment,
  writeEtcdctlEnv,
  checkedClusterState,
  systemDeps
};
