import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  parseLintOptions,
  problemCount,
  reachesFailOn,
  renderLintJson,
  renderLintMarkdown,
  renderLintText,
  renderSarif
} from "../chunks/chunk-5Z6FAZS7.js";
import {
  lintPaths
} from "../chunks/chunk-R2NCJY2F.js";
import {
  RULES
} from "../chunks/chunk-HACW6R6H.js";
import "../chunks/chunk-YYLDVE6W.js";
import "../chunks/chunk-LNSQM2ZE.js";
import {
  inputLabel,
  optionReader
} from "../chunks/chunk-LYGAK3AY.js";
import {
  actionLogger
} from "../chunks/chunk-GWSLZKFP.js";
import {
  error,
  getInput,
  info,
  notice,
  setFailed,
  setOutput,
  summary,
  warning
} from "../chunks/chunk-7KKMASNN.js";
import "../chunks/chunk-Y47RCCQM.js";
import {
  writeFileNoFollow
} from "../chunks/chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "../chunks/chunk-BUAAGYJK.js";
import "../chunks/chunk-TQLHPLPM.js";

// src/action/lint.ts
import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
function workspacePath(file, cwd, workspace) {
  const relative = path.relative(workspace, path.resolve(cwd, file));
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join("/");
}
function inWorkspace(result, cwd, workspace) {
  return {
    ...result,
    findings: result.findings.map((finding) => ({ ...finding, file: workspacePath(finding.file, cwd, workspace) })),
    files: result.files.map((file) => ({ ...file, file: workspacePath(file.file, cwd, workspace) }))
  };
}
function annotate(finding) {
  const properties = {
    title: finding.rule,
    file: finding.file,
    startLine: finding.line,
    startColumn: finding.column
  };
  if (finding.severity === "error") error(finding.message, properties);
  else if (finding.severity === "warning") warning(finding.message, properties);
  else notice(finding.message, properties);
}
function logUntrusted(text) {
  const token = randomUUID();
  info(`::stop-commands::${token}`);
  info(text);
  info(`::${token}::`);
}
async function writeSarifFile(file, text) {
  try {
    await writeFileNoFollow(file, text);
  } catch (error2) {
    throw new ConfigurationError(
      `${inputLabel("sarif-file")} is '${file}'; allowed: a file path this job can write (${errorMessage(error2)})`
    );
  }
}
async function run() {
  try {
    const read = optionReader((name) => getInput(name), inputLabel);
    const options = parseLintOptions(read);
    const sarifFile = read.raw("sarif-file");
    const cwd = process.cwd();
    const workspace = process.env.GITHUB_WORKSPACE || cwd;
    const result = inWorkspace(
      await lintPaths(options.paths, {
        etcdVersion: options.etcdVersion,
        upgradeTo: options.upgradeTo,
        boot: options.boot,
        cwd,
        logger: actionLogger
      }),
      cwd,
      workspace
    );
    for (const finding of result.findings) annotate(finding);
    logUntrusted(renderLintText(result));
    if (process.env.GITHUB_STEP_SUMMARY) await summary.addRaw(renderLintMarkdown(result)).write();
    const jsonFile = path.join(
      await mkdtemp(path.join(process.env.RUNNER_TEMP || tmpdir(), "etcd-ha-lint-")),
      "lint.json"
    );
    await writeFile(jsonFile, renderLintJson(result));
    if (sarifFile) {
      const { GITHUB_SERVER_URL: server, GITHUB_ACTION_REPOSITORY: repository } = process.env;
      const informationUri = server && repository ? `${server}/${repository}` : void 0;
      await writeSarifFile(
        path.resolve(cwd, sarifFile),
        renderSarif(result, RULES, { informationUri, srcRoot: workspace })
      );
    }
    setOutput("errors", String(result.summary.errors));
    setOutput("warnings", String(result.summary.warnings));
    setOutput("findings-json", jsonFile);
    setOutput("sarif-file", sarifFile ?? "");
    if (reachesFailOn(result.summary, options.failOn))
      setFailed(`etcd-ha lint: ${problemCount(result.summary)}; fail-on is ${options.failOn}`);
  } catch (error2) {
    setFailed(error2 instanceof ConfigurationError ? error2.message : `etcd-ha lint failed: ${errorMessage(error2)}`);
  }
}

// src/entrypoints/lint.ts
await run();
