import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  checkFilesMarkdown,
  reportOutputs,
  teardownOnSignals,
  writeCheckFiles,
  writeJsonReport
} from "./chunk-LADEWL46.js";
import {
  ConfigLintError
} from "./chunk-4UC3EEWI.js";
import {
  renderMarkdown,
  renderTerminal
} from "./chunk-RBXAVP2F.js";
import {
  SSH_INPUTS_DIR,
  etcdctlEnvironment,
  makeDirs,
  systemDeps
} from "./chunk-4PGASSVN.js";
import {
  actionLogger
} from "./chunk-V22Z5MAN.js";
import {
  addPath,
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
  ConfigurationError,
  errorMessage,
  inputLabel,
  optionReader
} from "./chunk-ZQ6GT3P6.js";

// src/action/cluster-steps.ts
import { tmpdir as tmpdir2 } from "node:os";
import path2 from "node:path";

// src/action/inputs.ts
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
async function writeSshInputs(target, stateDir) {
  if (target.kind !== "ssh") return target;
  for (const line of target.sshKey.split("\n")) if (line.trim().length > 0) setSecret(line.trim());
  const dir = path.join(stateDir, SSH_INPUTS_DIR);
  await makeDirs(dir, 448);
  const keyFile = path.join(dir, "id_etcd_ha");
  const knownHostsFile = path.join(dir, "known_hosts");
  await writeFile(keyFile, `${target.sshKey.trim()}
`, { mode: 384 });
  await writeFile(knownHostsFile, `${target.knownHosts.trim()}
`, { mode: 384 });
  return { ...target, sshKey: keyFile, knownHosts: knownHostsFile, ownedFiles: [keyFile, knownHostsFile] };
}
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
var cacheKey = (version) => `etcd-ha-etcd-${version}-${process.platform}-${process.arch}`;
function workflowReleaseCache() {
  const available = async () => {
    const cache = await import("./cache-LICDKG6L.js");
    return cache.isFeatureAvailable() ? cache : void 0;
  };
  return {
    restore: async (dir, version) => {
      const cache = await available();
      return cache !== void 0 && await cache.restoreCache([dir], cacheKey(version)) !== void 0;
    },
    save: async (dir, version) => {
      await (await available())?.saveCache([dir], cacheKey(version));
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
    const target = await writeSshInputs(inputs.target, inputs.stateDir);
    if (target.kind === "ssh") saveState("owned-files" /* OwnedFiles */, JSON.stringify(target.ownedFiles ?? []));
    await work({ inputs, target, deps });
  } catch (error2) {
    if (error2 instanceof ConfigLintError) annotateFindings(error2);
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
  info(renderTerminal(report));
  for (const file of saved) info(`saved ${file}`);
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
  clusterStep,
  publishReport,
  exportCluster
};
