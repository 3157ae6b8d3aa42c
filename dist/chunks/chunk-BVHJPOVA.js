import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  generateClusterPki
} from "./chunk-HACW6R6H.js";
import {
  saveState
} from "./chunk-HOS3525A.js";
import {
  buildClusterSpec,
  makeDirs
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/run/phases/pki.ts
async function certsPhase(stateDir, topology, timing, deps, made) {
  const spec = buildClusterSpec(stateDir, topology, timing);
  const state = { schemaVersion: 1, spec };
  if (deps.live) deps.live.state = state;
  const begin = deps.clock.now();
  await generateClusterPki(spec, /* @__PURE__ */ new Date(), made);
  const waited = Math.round(deps.clock.now() - begin);
  await saveState(state);
  deps.logger.info(
    `generated the etcd PKI for ${spec.members.length} members in ${spec.pki.root} (${topology.keyAlgorithm} keys; ${waited} ms${made ? " after the work it overlapped" : ""})`
  );
  return state;
}
async function adoptPkiPhase(stateDir, topology, timing, provided, deps) {
  const spec = buildClusterSpec(stateDir, topology, timing, void 0, provided.pkiDir);
  const state = { schemaVersion: 1, spec, pkiProvided: { minValidityDays: provided.minValidityDays } };
  if (deps.live) deps.live.state = state;
  await saveState(state);
  deps.logger.info(`using the PKI in ${spec.pki.root}`);
  return state;
}

// src/run/phases/state-dir.ts
import { access, constants, rm, writeFile } from "node:fs/promises";
import path from "node:path";
async function prepareStateDir(stateDir, label) {
  const dir = path.resolve(stateDir);
  try {
    await makeDirs(dir, 448);
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    await writeFile(probe, "");
    await rm(probe);
  } catch (error) {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; allowed: a folder this user can create and write (${errorMessage(error)})`
    );
  }
  return dir;
}

export {
  certsPhase,
  adoptPkiPhase,
  prepareStateDir
};
