import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import "../chunks/chunk-AWSXHP63.js";
import {
  downPhase
} from "../chunks/chunk-FYRXKARN.js";
import "../chunks/chunk-LNSQM2ZE.js";
import {
  loadState,
  systemDeps
} from "../chunks/chunk-HOS3525A.js";
import {
  actionLogger
} from "../chunks/chunk-GWSLZKFP.js";
import {
  getState,
  group,
  info,
  warning
} from "../chunks/chunk-7KKMASNN.js";
import "../chunks/chunk-Y47RCCQM.js";
import "../chunks/chunk-HODSRNDK.js";
import {
  errorMessage
} from "../chunks/chunk-BUAAGYJK.js";
import "../chunks/chunk-TQLHPLPM.js";

// src/action/post.ts
import { rm } from "node:fs/promises";
async function removeOwnedFiles() {
  const listed = getState("owned-files" /* OwnedFiles */);
  const files = listed ? JSON.parse(listed) : [];
  for (const file of Array.isArray(files) ? files : []) {
    if (typeof file === "string")
      await rm(file, { force: true }).catch(
        (error) => warning(`etcd-ha teardown: ${file}: ${errorMessage(error)}`)
      );
  }
}
async function run() {
  try {
    const stateDir = getState("state-dir" /* StateDir */);
    if (!stateDir) {
      info("etcd-ha: the main step recorded no cluster; nothing to tear down");
      return;
    }
    const state = await loadState(stateDir, "state").catch(() => void 0);
    if (!state) {
      info(`etcd-ha: no cluster state in ${stateDir}; nothing to tear down`);
      return;
    }
    const keep = getState("keep" /* Keep */) === "true";
    const problems = await group(
      "Tear down the etcd cluster",
      () => downPhase(state, { keep }, systemDeps(process.env, actionLogger))
    );
    for (const problem of problems) warning(`etcd-ha teardown: ${problem}`);
    info(
      problems.length === 0 ? "etcd-ha: cluster torn down" : `etcd-ha: teardown finished with ${problems.length} problem(s)`
    );
  } catch (error) {
    warning(`etcd-ha teardown: ${errorMessage(error)}`);
  } finally {
    await removeOwnedFiles().catch((error) => warning(`etcd-ha teardown: ${errorMessage(error)}`));
  }
}

// src/entrypoints/post.ts
await run();
