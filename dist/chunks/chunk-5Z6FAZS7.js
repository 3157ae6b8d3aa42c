import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  DEFAULT_ETCD_VERSION,
  MIN_ETCD_VERSION,
  compareVersions,
  escapeMarkdownCell,
  escapeTerminal,
  parseEtcdVersion
} from "./chunk-HACW6R6H.js";
import {
  VERSION
} from "./chunk-HODSRNDK.js";

// src/options/lint-options.ts
var FAIL_ON = ["error", "warning", "never"];
var LINT_FORMATS = ["text", "json", "sarif"];
function parseLintOptions(read, paths, bootSwitch) {
  const named = paths ?? (read.raw("path") ?? "").split(/[\n,]/);
  const cleaned = named.map((item) => item.trim()).filter((item) => item !== "");
  const version = read.raw("etcd-version") ?? DEFAULT_ETCD_VERSION;
  const parsed = parseEtcdVersion(version);
  if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0) {
    read.fail("etcd-version", version, `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`);
  }
  const upgradeTo = read.raw("upgrade-to")?.trim() || void 0;
  if (upgradeTo !== void 0) {
    const target = parseEtcdVersion(upgradeTo);
    if (!target || !parsed || compareVersions(target, parsed) <= 0)
      read.fail("upgrade-to", upgradeTo, `a release version later than etcd-version ${version}, such as 3.6.16`);
  }
  return {
    paths: cleaned.length > 0 ? cleaned : ["."],
    etcdVersion: version.replace(/^v/, ""),
    failOn: read.oneOf("fail-on", "error", FAIL_ON),
    boot: bootSwitch ?? read.bool("boot", false),
    ...upgradeTo ? { upgradeTo: upgradeTo.replace(/^v/, "") } : {}
  };
}
function reachesFailOn(summary, failOn) {
  switch (failOn) {
    case "error":
      return summary.errors > 0;
    case "warning":
      return summary.errors + summary.warnings > 0;
    case "never":
      return false;
    default: {
      const unknown = failOn;
      throw new Error(`unknown fail-on ${String(unknown)}`);
    }
  }
}

// src/lint/format-sarif.ts
import path from "node:path";
import { pathToFileURL } from "node:url";
var LEVEL = { error: "error", warning: "warning", notice: "note" };
var SECURITY_SEVERITY = { error: "8.0", warning: "5.0", notice: "2.0" };
var ACRONYMS = {
  tls: "TLS",
  url: "URL",
  urls: "URLs",
  ip: "IP",
  ca: "CA",
  cn: "CN",
  san: "SAN",
  dns: "DNS",
  yaml: "YAML",
  wal: "WAL",
  http: "HTTP",
  https: "HTTPS",
  id: "ID"
};
function ruleTitle(name) {
  const words = name.split("-").map((word) => ACRONYMS[word] ?? word);
  return words.join(" ").charAt(0).toUpperCase() + words.join(" ").slice(1);
}
function ruleAnchor(id) {
  return id.toLowerCase();
}
var RULES_PAGE = "docs/lint.md";
var RULES_PAGE_URL = new URL(`../../${RULES_PAGE}`, import.meta.url).href;
function rulesPageUri(informationUri) {
  return informationUri ? `${informationUri}/blob/HEAD/${RULES_PAGE}` : RULES_PAGE_URL;
}
function sarifRule(rule, informationUri) {
  const security = rule.cis !== void 0;
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: ruleTitle(rule.name) },
    fullDescription: { text: rule.etcdDoes },
    help: {
      text: `${rule.etcdDoes}

Fix: ${rule.fix}`,
      markdown: `${rule.etcdDoes}

**Fix:** ${rule.fix}${security ? `

CIS Kubernetes Benchmark ${rule.cis}.` : ""}`
    },
    helpUri: `${rulesPageUri(informationUri)}#${ruleAnchor(rule.id)}`,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["etcd", "configuration", ...security ? ["security", `CIS-${rule.cis}`] : []],
      ...security ? { "security-severity": SECURITY_SEVERITY[rule.severity] } : {}
    }
  };
}
function artifactLocation(file, srcRoot) {
  let relative = file;
  if (path.isAbsolute(file)) {
    const inside = srcRoot === void 0 ? void 0 : path.relative(srcRoot, file);
    if (inside === void 0 || inside === "" || inside.startsWith("..") || path.isAbsolute(inside))
      return { uri: pathToFileURL(file).href };
    relative = inside;
  }
  const segments = relative.split(/[\\/]+/).filter((segment) => segment !== "" && segment !== ".");
  return { uri: segments.map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}
function folderUri(folder) {
  const uri = pathToFileURL(path.resolve(folder)).href;
  return uri.endsWith("/") ? uri : `${uri}/`;
}
function sarifResult(finding, ruleIndex, srcRoot) {
  const index = ruleIndex.get(finding.rule);
  return {
    ruleId: finding.rule,
    ...index === void 0 ? {} : { ruleIndex: index },
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, srcRoot),
          region: { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) }
        }
      }
    ]
  };
}
function sarifLog(result, rules, options = {}) {
  const { informationUri } = options;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "etcd-ha lint",
            version: VERSION,
            semanticVersion: VERSION,
            ...informationUri ? { informationUri } : {},
            rules: rules.map((rule) => sarifRule(rule, informationUri))
          }
        },
        ...options.srcRoot === void 0 ? {} : { originalUriBaseIds: { "%SRCROOT%": { uri: folderUri(options.srcRoot) } } },
        results: result.findings.map((finding) => sarifResult(finding, ruleIndex, options.srcRoot))
      }
    ]
  };
}
function renderSarif(result, rules, options = {}) {
  return `${JSON.stringify(sarifLog(result, rules, options), null, 2)}
`;
}

// src/lint/format-text.ts
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
function problemCount(summary) {
  const total = summary.errors + summary.warnings + summary.notices;
  return `${plural(total, "problem")} (${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.notices, "notice")})`;
}
function byFile(findings) {
  const files = /* @__PURE__ */ new Map();
  for (const finding of findings) files.set(finding.file, [...files.get(finding.file) ?? [], finding]);
  return files;
}
var DEFAULT_TEXT_WIDTH = 100;
var MIN_MESSAGE_WIDTH = 30;
function wrap(text, width) {
  const lines = [];
  let current = "";
  for (const word of text.split(/\s+/).filter((part) => part !== "")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  if (current !== "" || lines.length === 0) lines.push(current);
  return lines;
}
function renderLintText(result, options = {}) {
  const total = result.summary.errors + result.summary.warnings + result.summary.notices;
  if (total === 0) return `\u2714 0 problems in ${plural(result.files.length, "configuration")}
`;
  const width = options.width && options.width > 0 ? options.width : DEFAULT_TEXT_WIDTH;
  const blocks = [];
  for (const [file, findings] of byFile(result.findings)) {
    const rows = findings.map((finding) => [
      `${finding.line}:${finding.column}`,
      finding.severity,
      finding.rule,
      escapeTerminal(finding.message)
    ]);
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((cells) => cells[column].length)));
    const indent = 2 + widths[0] + 2 + widths[1] + 2 + widths[2] + 2;
    const messageWidth = Math.max(MIN_MESSAGE_WIDTH, width - indent);
    const lines = rows.flatMap((cells) => {
      const [first, ...rest] = wrap(cells[3], messageWidth);
      const head = `  ${cells.slice(0, 3).map((text, column) => text.padEnd(widths[column])).join("  ")}  ${first}`;
      return [head, ...rest.map((line) => `${" ".repeat(indent)}${line}`)];
    });
    blocks.push([escapeTerminal(file), ...lines].join("\n"));
  }
  return `${blocks.join("\n\n")}

\u2716 ${problemCount(result.summary)}
`;
}
var SEVERITY_ICON = { error: "\u274C error", warning: "\u26A0\uFE0F warning", notice: "\u2139\uFE0F notice" };
var SUMMARY_ROWS = 500;
function renderLintMarkdown(result) {
  const { errors } = result.summary;
  const total = errors + result.summary.warnings + result.summary.notices;
  const icon = errors > 0 ? "\u274C" : total > 0 ? "\u26A0\uFE0F" : "\u2705";
  const heading = `## ${icon} etcd-ha lint: ${problemCount(result.summary)} in ${plural(result.files.length, "configuration")}`;
  if (total === 0) return `${heading}
`;
  const cells = (finding) => [
    escapeMarkdownCell(`${finding.file}:${finding.line}`),
    SEVERITY_ICON[finding.severity],
    escapeMarkdownCell(finding.rule),
    escapeMarkdownCell(finding.message)
  ];
  const rows = result.findings.slice(0, SUMMARY_ROWS).map((finding) => `| ${cells(finding).join(" | ")} |`);
  const parts = [
    heading,
    ["| file:line | severity | rule | message |", "| --- | --- | --- | --- |", ...rows].join("\n")
  ];
  if (result.findings.length > SUMMARY_ROWS)
    parts.push(`\u2026and ${result.findings.length - SUMMARY_ROWS} more in the lint JSON.`);
  return `${parts.join("\n\n")}
`;
}
function renderLintJson(result) {
  return `${JSON.stringify(result, null, 2)}
`;
}

export {
  FAIL_ON,
  LINT_FORMATS,
  parseLintOptions,
  reachesFailOn,
  renderSarif,
  problemCount,
  renderLintText,
  renderLintMarkdown,
  renderLintJson
};
