import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  ConfigLintError,
  checkFilesMarkdown,
  renderMarkdown,
  renderTerminal,
  reportOutputs,
  teardownOnSignals,
  writeCheckFiles,
  writeJsonReport
} from "./chunk-EIRDP26I.js";
import {
  targetOwnedFiles,
  writeTargetInputFiles
} from "./chunk-LNSQM2ZE.js";
import {
  inputLabel,
  optionReader
} from "./chunk-LYGAK3AY.js";
import {
  etcdctlEnvironment,
  systemDeps
} from "./chunk-HOS3525A.js";
import {
  actionLogger
} from "./chunk-GWSLZKFP.js";
import {
  addPath,
  debug,
  error,
  exportVariable,
  getInput,
  info,
  notice,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunk-7KKMASNN.js";
import {
  inertLines
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/action/cluster-steps.ts
import { tmpdir as tmpdir2 } from "node:os";
import path2 from "node:path";

// src/action/inputs.ts
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
async function getInputs(parse) {
  const read = optionReader((name) => getInput(name), inputLabel);
  const options = parse(read);
  const temp = process.env.RUNNER_TEMP || tmpdir();
  await mkdir(temp, { recursive: true });
  return {
    ...options,
    stateDir: read.raw("state-dir") ?? await mkdtemp(path.join(temp, "etcd-ha-")),
    keep: read.bool("keep", false)
  };
}

// src/action/release-cache.ts
import { createHash } from "node:crypto";

// src/action/actions-cache.ts
var emulationNoticed = false;
async function actionsCache(load = () => import("./cache-OAYTEC3B.js"), notice2 = (message) => notice(message)) {
  const cache = await load();
  if (typeof cache.isFeatureAvailable === "function")
    return cache.isFeatureAvailable() ? cache : void 0;
  const { restoreCache, saveCache } = cache;
  if (typeof restoreCache !== "function" || typeof saveCache !== "function") {
    notice2("@actions/cache here has neither isFeatureAvailable nor restoreCache and saveCache; nothing is cached");
    return void 0;
  }
  if (!emulationNoticed) {
    emulationNoticed = true;
    notice2(
      "@actions/cache here has no isFeatureAvailable (an emulation, as @github/local-action runs the action); its restoreCache and saveCache are used"
    );
  }
  const encode = (key) => key.replaceAll("%", "%25").replaceAll("/", "%2F");
  const decode = (key) => key.replaceAll("%2F", "/").replaceAll("%25", "%");
  return {
    restoreCache: async (paths, primaryKey, restoreKeys, ...rest) => {
      const restored = await restoreCache(paths, encode(primaryKey), restoreKeys?.map(encode), ...rest);
      return restored === void 0 ? void 0 : decode(restored);
    },
    saveCache: (paths, key, ...rest) => saveCache(paths, encode(key), ...rest)
  };
}

// src/action/release-cache.ts
var releaseCacheKey = (version, url, platform = process.platform, arch = process.arch) => `etcd-ha-etcd-${version}-${platform}-${arch}-${createHash("sha256").update(url).digest("hex").slice(0, 16)}`;
function workflowReleaseCache() {
  const available = () => actionsCache();
  return {
    restore: async (dir, version, url) => {
      const cache = await available();
      return cache !== void 0 && await cache.restoreCache([dir], releaseCacheKey(version, url)) !== void 0;
    },
    save: async (dir, version, url) => {
      await (await available())?.saveCache([dir], releaseCacheKey(version, url));
    }
  };
}

// src/action/cluster-steps.ts
async function clusterStep(parse, failure, work) {
  const live = {};
  const deps = systemDeps(process.env, actionLogger, { live, releaseCache: workflowReleaseCache() });
  const stopHandling = teardownOnSignals(live, deps, { keep: false, exitCode: () => 1 });
  try {
    const inputs = await getInputs(parse);
    for (const warning2 of inputs.warnings) warning(warning2);
    saveState("state-dir" /* StateDir */, inputs.stateDir);
    saveState("keep" /* Keep */, String(inputs.keep));
    const target = await writeTargetInputFiles(inputs.target, inputs.stateDir, (secret) => setSecret(secret));
    const owned = targetOwnedFiles(target);
    if (owned !== void 0) saveState("owned-files" /* OwnedFiles */, JSON.stringify(owned));
    await work({ inputs, target, deps });
  } catch (error2) {
    if (error2 instanceof ConfigLintError) annotateFindings(error2);
    else if (!(error2 instanceof ConfigurationError) && error2 instanceof Error && error2.stack) debug(error2.stack);
    setFailed(error2 instanceof ConfigurationError ? error2.message : `${failure}: ${errorMessage(error2)}`);
  } finally {
    stopHandling();
  }
}
function annotateFindings(error2) {
  for (const finding of error2.findings) {
    const properties = {
      file: finding.file,
      startLine: finding.line,
      startColumn: finding.column,
      title: finding.rule
    };
    if (finding.severity === "error") error(finding.message, properties);
    else if (finding.severity === "warning") warning(finding.message, properties);
    else notice(finding.message, properties);
  }
}
async function publishReport(report) {
  const reportPath = path2.join(process.env.RUNNER_TEMP || tmpdir2(), `etcd-ha-report-${report.cluster.runId}.json`);
  await writeJsonReport(report, reportPath);
  const saved = await writeCheckFiles(report, path2.dirname(reportPath));
  info(inertLines(renderTerminal(report)));
  for (const file of saved) info(inertLines(`saved ${file}`));
  if (process.env.GITHUB_STEP_SUMMARY)
    await summary.addRaw(renderMarkdown(report) + checkFilesMarkdown(saved)).write();
  for (const [name, value] of Object.entries(reportOutputs(report, reportPath))) setOutput(name, value);
}
function exportCluster(state) {
  for (const [name, value] of Object.entries(etcdctlEnvironment(state.spec))) exportVariable(name, value);
  if (state.binaries && (state.binaries.source === "download" || state.binaries.source === "cache")) {
    addPath(path2.dirname(state.binaries.etcdctl));
  }
}

export {
  actionsCache,
  clusterStep,
  annotateFindings,
  publishReport,
  exportCluster
};
