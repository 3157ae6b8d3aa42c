import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  downPhase,
  renderJson,
  renderMarkdown
} from "./chunk-VIVCTHY6.js";
import {
  markdownCode
} from "./chunk-DB3AA2TN.js";
import {
  appendFileNoFollow,
  writeFileNoFollow
} from "./chunk-MPNMEBN2.js";

// src/run/outputs.ts
import path from "node:path";
async function writeJsonReport(report, file) {
  await writeFileNoFollow(file, renderJson(report));
}
async function writeCheckFiles(report, folder) {
  const files = report.artifacts ?? [];
  if (files.length === 0) return [];
  const unfit = files.find((file) => path.basename(file.name) !== file.name || file.name.startsWith("."));
  if (unfit) throw new Error(`a check handed back a file named '${unfit.name}', which is not a plain file name`);
  const written = [];
  for (const file of files) {
    const target = path.join(folder, file.name);
    await writeFileNoFollow(target, file.content);
    written.push(target);
  }
  return written;
}
function checkFilesMarkdown(paths) {
  return paths.length === 0 ? "" : `
Files the checks saved: ${paths.map(markdownCode).join(", ")}
`;
}
async function appendMarkdownReport(report, file) {
  await appendFileNoFollow(file, renderMarkdown(report));
}
function reportOutputs(report, reportJsonPath) {
  return {
    endpoints: report.cluster.endpoints.join(","),
    leader: report.leader?.endpoint ?? "",
    "failover-ms": report.failover?.newLeaderMs === null || report.failover === null ? "" : String(report.failover.newLeaderMs),
    "report-json": reportJsonPath,
    passed: String(report.passed)
  };
}

// src/run/signals.ts
function teardownOnSignals(live, deps, options) {
  let handling = false;
  const handler = (signal) => {
    if (handling) return;
    handling = true;
    deps.logger.warning(`${signal} received: tearing the cluster down`);
    const done = () => process.exit(options.exitCode(signal));
    if (!live.state) done();
    else downPhase(live.state, { keep: options.keep }, deps).then(done, done);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

export {
  writeJsonReport,
  writeCheckFiles,
  checkFilesMarkdown,
  appendMarkdownReport,
  reportOutputs,
  teardownOnSignals
};
