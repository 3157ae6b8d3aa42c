import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  recordedTarget,
  targetStateDirEntries
} from "./chunk-LNSQM2ZE.js";
import {
  removeStateFile,
  saveState
} from "./chunk-HOS3525A.js";
import {
  ETCDCTL_ENV_FILE,
  SPARE_DIR
} from "./chunk-HODSRNDK.js";
import {
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/run/phases/down.ts
import { readdir, rm, rmdir } from "node:fs/promises";
import path from "node:path";
async function downPhase(state, options, deps) {
  const problems = [];
  const target = recordedTarget(state, state.spec, {
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    onChange: () => saveState(state)
  });
  if (target) problems.push(...await target.destroy({ keepData: options.keep }));
  if (!options.keep) {
    const dir = state.spec.stateDir;
    const ours = state.pkiProvided ? [] : [state.spec.pki.root];
    for (const item of [
      ...ours,
      path.join(dir, ETCDCTL_ENV_FILE),
      ...targetStateDirEntries().map((name) => path.join(dir, name)),
      path.join(dir, SPARE_DIR)
    ]) {
      await rm(item, { recursive: true, force: true }).catch(
        (error) => problems.push(`${item}: ${errorMessage(error)}`)
      );
    }
    await removeStateFile(dir).catch((error) => problems.push(`state file: ${errorMessage(error)}`));
    if ((await readdir(dir).catch(() => ["?"])).length === 0) await rmdir(dir).catch(() => void 0);
  }
  if (problems.length === 0) {
    await deps.runs?.unregister(state.spec.runId).catch((error) => problems.push(`run registry: ${errorMessage(error)}`));
  }
  return problems;
}

export {
  downPhase
};
