import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  actionsCache
} from "./chunk-AN7MTBXP.js";
import {
  parseBaselineName,
  parsePreviousReport,
  parseRegressionGate,
  withComparison
} from "./chunk-Q5KT2E25.js";
import {
  writeJsonReport
} from "./chunk-EIRDP26I.js";
import {
  inputLabel
} from "./chunk-LYGAK3AY.js";
import {
  info,
  notice,
  warning
} from "./chunk-7KKMASNN.js";
import {
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/run/baseline.ts
import { mkdir, readFile, rm, rmdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
var BASELINE_PATH = "~/.etcd-ha-baseline/report.json";
function baselineKeys(name, env) {
  const prefix = `etcd-ha-baseline/${name}/`;
  return { prefix, key: `${prefix}${env.GITHUB_RUN_ID || "0"}-${env.GITHUB_RUN_ATTEMPT || "1"}` };
}
async function compareWithBaseline(report, baseline, cache, context) {
  const { name } = baseline;
  const { key, prefix } = baselineKeys(name, context.env);
  const file = path.join(context.home ?? homedir(), BASELINE_PATH.slice(2));
  const { log } = context;
  let compared = report;
  try {
    await rm(file, { force: true });
    const restored = await cache.restore([BASELINE_PATH], key, [prefix]).catch((error) => {
      log.warning(
        `baseline '${name}': the Actions cache could not restore the previous report (${errorMessage(error)}); nothing compared`
      );
      return null;
    });
    if (restored === void 0)
      log.notice(`baseline '${name}': no previous report yet (no cache key starts with ${prefix}); nothing compared`);
    if (restored) {
      const text = await readFile(file, "utf8").catch((error) => `unreadable: ${errorMessage(error)}`);
      const parsed = parsePreviousReport(text);
      if ("problem" in parsed) {
        log.warning(
          `baseline '${name}': the previous report (cache key ${restored}) cannot be compared with: ${parsed.problem}`
        );
      } else {
        compared = withComparison(report, { previous: parsed.report, gate: baseline.gate });
        log.info(
          `baseline '${name}': compared with the previous report (cache key ${restored}), ${compared.comparison?.length ?? 0} figures in common`
        );
      }
    }
    if (!compared.passed) {
      log.info(
        `baseline '${name}': this run did not pass, so its report is not saved; the previous one stays the baseline`
      );
      return compared;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeJsonReport(compared, file);
    await cache.save([BASELINE_PATH], key).then(
      () => log.info(`baseline '${name}': saved this report to the Actions cache as ${key}`),
      (error) => log.warning(
        `baseline '${name}': the Actions cache could not save this report as ${key} (${errorMessage(error)})`
      )
    );
    return compared;
  } catch (error) {
    log.warning(`baseline '${name}': ${errorMessage(error)}`);
    return compared;
  } finally {
    await rm(file, { force: true }).catch(() => void 0);
    await rmdir(path.dirname(file)).catch(() => void 0);
  }
}

// src/action/baseline.ts
function parseBaselineInputs(read) {
  return { baseline: parseBaselineName(read), gate: parseRegressionGate(read, inputLabel, "baseline") };
}
async function workflowBaselineCache() {
  const cache = await actionsCache();
  if (!cache) return void 0;
  return {
    restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    save: async (paths, key) => {
      const id = await cache.saveCache(paths, key);
      if (id === void 0 || id === -1) throw new Error("the cache did not take it; its own message is above");
    }
  };
}
async function withBaseline(report, inputs, baselineCache = workflowBaselineCache) {
  if (inputs.baseline === void 0) return report;
  const store = await baselineCache();
  if (!store) {
    warning(
      `baseline '${inputs.baseline}': the Actions cache is not available here, so nothing is compared or saved`
    );
    return report;
  }
  return compareWithBaseline(report, { name: inputs.baseline, gate: inputs.gate }, store, {
    env: process.env,
    log: {
      info: (message) => info(message),
      notice: (message) => notice(message),
      warning: (message) => warning(message)
    }
  });
}

export {
  parseBaselineInputs,
  withBaseline
};
