import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  READER_RULE_IDS,
  groupClusters,
  runRules
} from "./chunk-HACW6R6H.js";
import {
  bootRefusals,
  flagInfo,
  parseEtcdVersion,
  require_dist,
  upgradeRuleFindings,
  upgradeSteps
} from "./chunk-LNSQM2ZE.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";
import {
  __toESM
} from "./chunk-TQLHPLPM.js";

// src/lint/scan.ts
import { promises as fs2 } from "node:fs";

// src/lint/readers/file-tree.ts
import { promises as fs, constants as fsConstants } from "node:fs";
import path from "node:path";

// src/lint/readers/glob.ts
function isGlob(path3) {
  return /[*?]/.test(path3);
}
function splitGlob(glob) {
  const parts = glob.split("/");
  const first = parts.findIndex((part) => isGlob(part));
  const baseParts = parts.slice(0, first);
  const base = baseParts.length === 0 ? "." : baseParts.join("/") === "" ? "/" : baseParts.join("/");
  return { base, pattern: parts.slice(first).join("/") };
}
function escapeRegExp(text) {
  return text.replace(/[.+^${}()|[\]\\]/g, "\\$&");
}
function globPatternToRegExp(pattern) {
  const parts = pattern.split("/").filter((part) => part !== "");
  let source = "";
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (part === "**") {
      source += last ? ".*" : "(?:[^/]*/)*";
      return;
    }
    source += part.split("").map((char) => char === "*" ? "[^/]*" : char === "?" ? "[^/]" : escapeRegExp(char)).join("");
    if (!last) source += "/";
  });
  return new RegExp(`^${source}$`);
}

// src/lint/readers/file-tree.ts
var SKIPPED_FOLDERS = /* @__PURE__ */ new Set([".git", "node_modules"]);
function displayName(cwd, absolute, givenAbsolute) {
  const relative = path.relative(cwd, absolute).split(path.sep).join("/");
  if (givenAbsolute && (relative.startsWith("../") || relative === ".." || path.isAbsolute(relative)))
    return absolute.split(path.sep).join("/");
  return relative === "" ? "." : relative;
}
function isInside(child, root) {
  const relative = path.relative(root, child);
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
async function addFile(collector, absolute, file, explicit) {
  const real = await fs.realpath(absolute).catch(() => absolute);
  if (collector.seen.has(real)) return;
  collector.seen.add(real);
  collector.files.push({ absolute, file, explicit });
}
async function walk(collector, folder, root, givenAbsolute, visited, visit, wanted = () => true, base = folder) {
  const real = await fs.realpath(folder);
  if (visited.has(real)) return;
  visited.add(real);
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch((error) => {
    const file = displayName(collector.cwd, folder, givenAbsolute);
    collector.findings.push({
      file,
      line: 1,
      column: 1,
      severity: "notice",
      rule: READER_RULE_IDS.skipped,
      message: `Folder not read (${errorMessage(error)}): the files in it are not linted.`
    });
    return [];
  });
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    const absolute = path.join(folder, entry.name);
    const relative = path.relative(base, absolute).split(path.sep).join("/");
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await fs.realpath(absolute).catch(() => void 0);
      if (target === void 0) continue;
      if (!isInside(target, root)) {
        if (!wanted(relative)) continue;
        const file = displayName(collector.cwd, absolute, givenAbsolute);
        collector.findings.push({
          file,
          line: 1,
          column: 1,
          severity: "notice",
          rule: READER_RULE_IDS.skipped,
          message: `Symbolic link to ${target}, outside the scanned folder: not followed.`
        });
        continue;
      }
      const stat = await fs.stat(target);
      isDirectory = stat.isDirectory();
      isFile = stat.isFile();
    }
    if (isDirectory) await walk(collector, absolute, root, givenAbsolute, visited, visit, wanted, base);
    else if (isFile) await visit(absolute, relative);
  }
}
async function collectFiles(paths, cwd) {
  const collector = { cwd, files: [], seen: /* @__PURE__ */ new Set(), findings: [] };
  for (const given of paths) {
    const givenAbsolute = path.isAbsolute(given);
    if (isGlob(given)) {
      const { base, pattern } = splitGlob(given);
      const folder = path.resolve(cwd, base);
      const stat2 = await fs.stat(folder).catch(() => void 0);
      if (!stat2?.isDirectory()) throw new ConfigurationError(`lint path ${given}: the folder ${base} does not exist`);
      const matcher = globPatternToRegExp(pattern);
      let matched = false;
      const visit = async (absolute2, relative) => {
        if (!matcher.test(relative)) return;
        matched = true;
        await addFile(collector, absolute2, displayName(cwd, absolute2, givenAbsolute), true);
      };
      const wanted = (relative) => {
        if (matcher.test(relative)) matched = true;
        return matcher.test(relative);
      };
      await walk(collector, folder, await fs.realpath(folder), givenAbsolute, /* @__PURE__ */ new Set(), visit, wanted);
      if (!matched) throw new ConfigurationError(`lint path ${given} matches no file`);
      continue;
    }
    const absolute = path.resolve(cwd, given);
    const stat = await fs.stat(absolute).catch(() => void 0);
    if (!stat) throw new ConfigurationError(`lint path ${given} does not exist`);
    try {
      await fs.access(absolute, fsConstants.R_OK);
      if (stat.isDirectory()) await fs.readdir(absolute);
    } catch (error) {
      throw new ConfigurationError(`lint path ${given} cannot be read: ${errorMessage(error)}`);
    }
    if (stat.isDirectory()) {
      await walk(
        collector,
        absolute,
        await fs.realpath(absolute),
        givenAbsolute,
        /* @__PURE__ */ new Set(),
        async (file) => addFile(collector, file, displayName(cwd, file, givenAbsolute), false)
      );
    } else {
      await addFile(collector, absolute, displayName(cwd, absolute, givenAbsolute), true);
    }
  }
  return { files: collector.files, findings: collector.findings };
}

// src/lint/readers/include-resolver.ts
import path2 from "node:path";
function unitNameOf(file) {
  const parts = file.split("/");
  const folder = parts.length > 1 ? parts[parts.length - 2] : "";
  const dropIn = /^(.+\.(service|socket|target|timer))\.d$/.exec(folder);
  if (dropIn) return dropIn[1];
  const name = parts[parts.length - 1];
  return /\.(service|socket|target|timer)$/.test(name) ? name : void 0;
}
function expandSpecifiers(written, unit) {
  const full = unit ?? "";
  const withoutType = full.replace(/\.[^.]+$/, "");
  const at = withoutType.indexOf("@");
  const prefix = at >= 0 ? withoutType.slice(0, at) : withoutType;
  const instance = at >= 0 ? withoutType.slice(at + 1) : "";
  const lastDash = prefix.lastIndexOf("-");
  const known = {
    "%": "%",
    n: full,
    N: withoutType,
    p: prefix,
    P: prefix,
    i: instance,
    I: instance,
    j: lastDash >= 0 ? prefix.slice(lastDash + 1) : prefix,
    J: lastDash >= 0 ? prefix.slice(lastDash + 1) : prefix,
    f: `/${instance}`
  };
  return written.replace(/%(.)/g, (_whole, letter) => {
    if (letter === "%") return "%";
    if (unit !== void 0 && known[letter] !== void 0) return known[letter];
    return "*";
  });
}
function segmentPattern(segment) {
  const escaped = segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
  return new RegExp(`^${escaped}$`);
}
function endsWithSegments(file, suffix) {
  const parts = file.split("/");
  if (parts.length < suffix.length) return false;
  const tail2 = parts.slice(parts.length - suffix.length);
  return suffix.every((segment, index) => segmentPattern(segment).test(tail2[index]));
}
var byName = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var isUnder = (file, folder) => folder === "." || file.startsWith(`${folder}/`);
function suffixResolver(sources) {
  const byFile = new Map(sources.map((source) => [source.file, source]));
  return {
    resolve(written, from, accepts = () => true) {
      const named = expandSpecifiers(written, unitNameOf(from.file));
      const folder = path2.posix.dirname(from.file);
      if (!named.startsWith("/") && !named.includes("*")) {
        const beside = path2.posix.normalize(path2.posix.join(folder, named));
        const found = byFile.get(beside);
        if (found && found !== from && accepts(found)) return { found };
      }
      const parts = named.split("/").filter((part) => part !== "" && part !== "." && part !== "..");
      const otherForm = /* @__PURE__ */ new Set();
      for (let length = parts.length; length > 0; length--) {
        const suffix = parts.slice(-length);
        const matches = sources.filter((source) => source !== from && endsWithSegments(source.file, suffix));
        if (matches.length === 0) continue;
        const usable = matches.filter((source) => {
          if (accepts(source)) return true;
          if (isUnder(source.file, folder)) otherForm.add(source.file);
          return false;
        });
        if (usable.length === 0) continue;
        const ownTree = usable.filter((source) => isUnder(source.file, folder));
        if (ownTree.length === 1) return { found: ownTree[0] };
        const depth = (file) => file.split("/").length;
        const nearest = Math.min(...ownTree.map((source) => depth(source.file)));
        const closest = ownTree.filter((source) => depth(source.file) === nearest);
        if (closest.length === 1) return { found: closest[0] };
        if (usable.length === 1) return { found: usable[0] };
        return { ambiguous: usable.map((source) => source.file).sort(byName) };
      }
      return otherForm.size > 0 ? { otherForm: [...otherForm].sort(byName) } : {};
    }
  };
}

// src/lint/readers/config-file.ts
var import_yaml2 = __toESM(require_dist(), 1);

// src/lint/readers/source.ts
function sourceText(file, text) {
  const clean = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lineStarts = [0];
  for (let i = 0; i < clean.length; i++) if (clean[i] === "\n") lineStarts.push(i + 1);
  return { file, text: clean, lineStarts };
}
function positionAt(source, offset) {
  let low = 0;
  let high = source.lineStarts.length - 1;
  while (low < high) {
    const middle = low + high + 1 >> 1;
    if (source.lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { file: source.file, line: low + 1, column: offset - source.lineStarts[low] + 1 };
}
function linesOf(source) {
  return source.lineStarts.map((start, index) => {
    const end = index + 1 < source.lineStarts.length ? source.lineStarts[index + 1] - 1 : source.text.length;
    const text = source.text.slice(start, end);
    return { text: text.endsWith("\r") ? text.slice(0, -1) : text, offset: start, number: index + 1 };
  });
}
function findingAtPosition(at, severity, rule, message) {
  return { file: at.file, line: at.line, column: at.column, severity, rule, message };
}
function contiguousWord(source, text, offset) {
  return { text, at: (index) => positionAt(source, offset + Math.min(index, Math.max(text.length - 1, 0))) };
}

// src/lint/readers/yaml-source.ts
var import_yaml = __toESM(require_dist(), 1);
function parseYaml(source) {
  const documents = (0, import_yaml.parseAllDocuments)(source.text, { version: "1.1", uniqueKeys: false, prettyErrors: false });
  return Array.isArray(documents) ? documents : [];
}
function yamlParseFindings(source, documents) {
  return documents.flatMap((document) => {
    const error = document.errors[0];
    if (!error) return [];
    const at = positionAt(source, error.pos[0]);
    const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return [findingAtPosition(at, "error", READER_RULE_IDS.parse, `YAML does not parse: ${message}`)];
  });
}
function nodePosition(source, node, fallback) {
  return node?.range ? positionAt(source, node.range[0]) : fallback;
}
function keyText(pair) {
  return (0, import_yaml.isScalar)(pair.key) && pair.key.value !== null ? String(pair.key.value) : void 0;
}
function pairsOf(node) {
  if (!(0, import_yaml.isMap)(node)) return [];
  return node.items.flatMap((pair) => {
    const key = (0, import_yaml.isPair)(pair) ? keyText(pair) : void 0;
    return key === void 0 ? [] : [{ key, pair }];
  });
}
function valueOf(node, key) {
  const found = pairsOf(node).filter((entry) => entry.key === key);
  return found.length > 0 ? found[found.length - 1].pair.value : void 0;
}
function pairOf(node, key) {
  const found = pairsOf(node).filter((entry) => entry.key === key);
  return found.length > 0 ? found[found.length - 1].pair : void 0;
}
function scalarText(node) {
  if (!(0, import_yaml.isScalar)(node) || node.value === null || node.value === void 0) return void 0;
  if (typeof node.value === "string") return node.value;
  if (typeof node.value === "boolean") return String(node.value);
  return node.source ?? String(node.value);
}
function flagValueOf(node) {
  if (node === null || node === void 0) return void 0;
  if ((0, import_yaml.isScalar)(node)) return scalarText(node);
  if ((0, import_yaml.isSeq)(node)) {
    return node.items.map((item) => (0, import_yaml.isScalar)(item) ? scalarText(item) : JSON.stringify(item.toJSON())).filter((item) => item !== void 0).join(",");
  }
  return JSON.stringify(node.toJSON());
}
function scalarWord(source, node) {
  const text = scalarText(node) ?? "";
  const start = node.range?.[0] ?? 0;
  const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
  return contiguousWord(source, text, start + (quoted ? 1 : 0));
}
function topLevelMappings(documents) {
  return documents.flatMap((document) => (0, import_yaml.isMap)(document.contents) ? [document.contents] : []);
}

// src/lint/readers/config-file.ts
var ETCD_CONFIG_KEYS = /* @__PURE__ */ new Set([
  "data-dir",
  "wal-dir",
  "initial-cluster",
  "initial-cluster-state",
  "initial-cluster-token",
  "listen-client-urls",
  "listen-peer-urls",
  "advertise-client-urls",
  "initial-advertise-peer-urls",
  "listen-metrics-urls",
  "client-transport-security",
  "peer-transport-security",
  "snapshot-count",
  "heartbeat-interval",
  "election-timeout",
  "quota-backend-bytes",
  "auto-compaction-retention",
  "discovery-srv"
]);
var TRANSPORT_SECURITY_FLAGS = {
  "client-transport-security": {
    "cert-file": "cert-file",
    "key-file": "key-file",
    "client-cert-file": "client-cert-file",
    "client-key-file": "client-key-file",
    "client-cert-auth": "client-cert-auth",
    "trusted-ca-file": "trusted-ca-file",
    "auto-tls": "auto-tls",
    "allowed-hostname": "client-cert-allowed-hostname"
  },
  "peer-transport-security": {
    "cert-file": "peer-cert-file",
    "key-file": "peer-key-file",
    "client-cert-file": "peer-client-cert-file",
    "client-key-file": "peer-client-key-file",
    "client-cert-auth": "peer-client-cert-auth",
    "trusted-ca-file": "peer-trusted-ca-file",
    "auto-tls": "peer-auto-tls",
    "allowed-cn": "peer-cert-allowed-cn",
    "allowed-hostname": "peer-cert-allowed-hostname",
    "skip-client-san-verification": "peer-skip-client-san-verification"
  }
};
function isEtcdConfigYaml(documents) {
  const mapping = documents[0]?.contents;
  if (!(0, import_yaml2.isMap)(mapping)) return false;
  const keys = pairsOf(mapping).map((entry) => entry.key.toLowerCase());
  if (keys.includes("apiversion") || keys.includes("kind")) return false;
  return keys.some((key) => ETCD_CONFIG_KEYS.has(key));
}
function settingsOfPair(source, key, keyNode, value, prefix) {
  const at = nodePosition(source, keyNode, positionAt(source, 0));
  const path3 = [...prefix, key];
  if ((0, import_yaml2.isMap)(value)) {
    const section = prefix.length === 0 ? TRANSPORT_SECURITY_FLAGS[key.toLowerCase()] : void 0;
    return pairsOf(value).flatMap((entry) => {
      const flag = section?.[entry.key.toLowerCase()];
      const settings = settingsOfPair(source, entry.key, entry.pair.key, entry.pair.value, path3);
      return flag ? settings.map((setting2) => ({ ...setting2, name: flag })) : settings;
    });
  }
  const text = flagValueOf(value);
  if (text === void 0) return [];
  const setting = {
    name: path3.join(".").toLowerCase(),
    value: text,
    key: path3.join("."),
    source: "config-file",
    at,
    valueAt: nodePosition(source, value, at)
  };
  const yamlType = yamlTypeOf(value);
  return [yamlType ? { ...setting, yamlType } : setting];
}
function yamlTypeOf(value) {
  if ((0, import_yaml2.isSeq)(value)) return "list";
  if ((0, import_yaml2.isMap)(value)) return "map";
  if (!(0, import_yaml2.isScalar)(value)) return void 0;
  const scalar = value.value;
  return typeof scalar === "number" || typeof scalar === "bigint" ? "number" : typeof scalar === "boolean" ? "boolean" : typeof scalar === "string" ? "string" : void 0;
}
function configFileSettings(source, documents) {
  const mapping = documents[0]?.contents;
  if (!(0, import_yaml2.isMap)(mapping)) return [];
  return pairsOf(mapping).flatMap((entry) => settingsOfPair(source, entry.key, entry.pair.key, entry.pair.value, []));
}
function readConfigFile(source, documents) {
  const settings = configFileSettings(source, documents);
  return { name: memberName(settings), form: "etcd-config-file", file: source.file, settings, includes: [] };
}
function memberName(settings) {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].name === "name") return settings[i].value;
  return "default";
}

// src/lint/readers/etcd-arguments.ts
var ANY_RELEASE = parseEtcdVersion("3.6");
function isBooleanFlag(name) {
  return name === "h" || name === "help" || flagInfo(name, ANY_RELEASE).spec?.kind === "bool";
}
function flagOfEnvironmentVariable(variable) {
  if (!variable.startsWith("ETCD_") || variable.length === "ETCD_".length) return void 0;
  const rest = variable.slice("ETCD_".length);
  const name = rest === rest.toUpperCase() ? rest.toLowerCase() : rest;
  return name.replace(/_/g, "-");
}
function parseEtcdArguments(words, source) {
  const settings = [];
  const positionals = [];
  const missingValues = [];
  let bareBoolean;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const afterBooleanFlag = bareBoolean;
    bareBoolean = void 0;
    if (word.text === "--") {
      positionals.push(...words.slice(i + 1).map((rest) => ({ word: rest })));
      break;
    }
    const dashes = word.text.startsWith("--") ? 2 : word.text.startsWith("-") ? 1 : 0;
    if (dashes === 0 || word.text.length === dashes || word.text[dashes] === "-" || word.text[dashes] === "=") {
      positionals.push({ word, afterBooleanFlag });
      continue;
    }
    const equals = word.text.indexOf("=");
    const name = word.text.slice(dashes, equals >= 0 ? equals : void 0);
    const key = word.text.slice(0, equals >= 0 ? equals : void 0);
    if (equals >= 0) {
      settings.push({
        name,
        value: word.text.slice(equals + 1),
        key,
        source,
        at: word.at(0),
        valueAt: word.at(equals + 1)
      });
    } else if (isBooleanFlag(name)) {
      settings.push({ name, value: "true", key, source, at: word.at(0) });
      bareBoolean = key;
    } else if (i + 1 < words.length) {
      const value = words[++i];
      settings.push({ name, value: value.text, key, source, at: word.at(0), valueAt: value.at(0) });
    } else {
      const setting = { name, value: "", key, source, at: word.at(0) };
      settings.push(setting);
      missingValues.push(setting);
    }
  }
  return { settings, positionals, missingValues };
}
function argumentFindings(parsed) {
  const findings = [];
  const first = parsed.positionals[0];
  if (first) {
    const text = first.word.text;
    const hint = first.afterBooleanFlag && (text === "true" || text === "false") ? ` A boolean flag takes its value only after "=": write ${first.afterBooleanFlag}=${text}.` : "";
    findings.push(
      findingAtPosition(
        first.word.at(0),
        "error",
        READER_RULE_IDS.parse,
        `etcd takes no arguments: "${text}" is no flag, and etcd exits ("${text}" is not a valid flag).${hint}`
      )
    );
  }
  for (const setting of parsed.missingValues) {
    findings.push(
      findingAtPosition(
        setting.at,
        "error",
        READER_RULE_IDS.parse,
        `${setting.key} needs a value, and the command line ends here: etcd exits (flag needs an argument: ${setting.key}).`
      )
    );
  }
  return findings;
}
function executableName(command) {
  return command.slice(command.lastIndexOf("/") + 1);
}

// src/lint/readers/env-file.ts
var ASSIGNMENT = /^(export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/;
function readValue(text, start) {
  let value = "";
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === "\n" || char === " " || char === "	" || char === "\r" && text[i + 1] === "\n") break;
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      value += text.slice(i + 1, end);
      i = end + 1;
    } else if (char === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) {
          const next = text[i + 1];
          if (next === "\n") i += 2;
          else if (next === "\r" && text[i + 2] === "\n") i += 3;
          else {
            value += '"\\$`'.includes(next) ? next : `\\${next}`;
            i += 2;
          }
        } else value += text[i++];
      }
      i++;
    } else if (char === "\\" && i + 1 < text.length) {
      const next = text[i + 1];
      if (next === "\n") i += 2;
      else if (next === "\r" && text[i + 2] === "\n") i += 3;
      else {
        value += next;
        i += 2;
      }
    } else {
      value += char;
      i++;
    }
  }
  return { value, end: Math.min(i, text.length) };
}
function parseEnvFile(source) {
  const { text } = source;
  const assignments = [];
  let statementCount = 0;
  let i = 0;
  while (i < text.length) {
    while (text[i] === " " || text[i] === "	") i++;
    const lineEnd = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    const line = text.slice(i, lineEnd).replace(/\r$/, "");
    if (line === "" || line.startsWith("#") || line.startsWith(";")) {
      i = lineEnd + 1;
      continue;
    }
    statementCount++;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      i = lineEnd + 1;
      continue;
    }
    const valueOffset = i + match[0].length;
    const { value, end } = readValue(text, valueOffset);
    assignments.push({ variable: match[2], value, variableOffset: i + (match[1]?.length ?? 0), valueOffset });
    const next = text.indexOf("\n", end);
    i = next < 0 ? text.length : next + 1;
  }
  return { assignments, statementCount };
}
function isEtcdEnvFile(content) {
  return content.assignments.length * 2 > content.statementCount && content.assignments.some((entry) => flagOfEnvironmentVariable(entry.variable));
}
function envFileSettings(source, content) {
  return content.assignments.flatMap((entry) => {
    const name = flagOfEnvironmentVariable(entry.variable);
    if (name === void 0) return [];
    const setting = {
      name,
      value: entry.value,
      key: entry.variable,
      source: "env",
      at: positionAt(source, entry.variableOffset),
      valueAt: positionAt(source, entry.valueOffset)
    };
    return [setting];
  });
}
function envFileVariables(content) {
  return new Map(content.assignments.map((entry) => [entry.variable, entry.value]));
}
function readEnvFile(source, content) {
  const settings = envFileSettings(source, content);
  return { name: memberName(settings), form: "env-file", file: source.file, settings, includes: [] };
}

// src/lint/readers/kubeadm.ts
var import_yaml3 = __toESM(require_dist(), 1);
var KUBEADM_UNKNOWN_NODE_NAME = "<node-name>";
var KUBEADM_UNKNOWN_ADVERTISE_ADDRESS = "<advertise-address>";
var DEFAULT_CERTIFICATES_DIR = "/etc/kubernetes/pki";
var DEFAULT_DATA_DIR = "/var/lib/etcd";
function isKubeadmDocument(mapping, kind) {
  const apiVersion = scalarText(valueOf(mapping, "apiVersion")) ?? "";
  return apiVersion.startsWith("kubeadm.k8s.io/") && (kind === void 0 || scalarText(valueOf(mapping, "kind")) === kind);
}
function isKubeadmConfig(documents) {
  return topLevelMappings(documents).some((mapping) => isKubeadmDocument(mapping, "ClusterConfiguration"));
}
function hasKubeadmDocument(documents) {
  return topLevelMappings(documents).some((mapping) => isKubeadmDocument(mapping));
}
function pathValue(node, ...keys) {
  let current = node;
  for (const key of keys) {
    current = valueOf(current, key);
    if (current === void 0 || current === null) return void 0;
  }
  return current;
}
function nodeOf(mappings) {
  for (const mapping of mappings) {
    if (isKubeadmDocument(mapping, "InitConfiguration")) {
      return {
        name: scalarText(pathValue(mapping, "nodeRegistration", "name")),
        advertiseAddress: scalarText(pathValue(mapping, "localAPIEndpoint", "advertiseAddress"))
      };
    }
    if (isKubeadmDocument(mapping, "JoinConfiguration")) {
      return {
        name: scalarText(pathValue(mapping, "nodeRegistration", "name")),
        advertiseAddress: scalarText(pathValue(mapping, "controlPlane", "localAPIEndpoint", "advertiseAddress"))
      };
    }
  }
  return {};
}
function joinHostPort(host, port) {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
function kubeadmConsistencyFlags(kubernetesVersion, etcdMinor) {
  const minor = kubernetesMinor(kubernetesVersion);
  const modern = minor !== void 0 ? minor >= 34 : etcdMinor === "3.6";
  if (modern)
    return [
      ["feature-gates", "InitialCorruptCheck=true"],
      ["watch-progress-notify-interval", "5s"]
    ];
  if (minor !== void 0 && minor < 22) return [];
  const flags = [["experimental-initial-corrupt-check", "true"]];
  if (minor === void 0 || minor >= 25) flags.push(["experimental-watch-progress-notify-interval", "5s"]);
  return flags;
}
function kubernetesMinor(version) {
  const match = /(?:^|[^\d])1\.(\d+)/.exec(version ?? "");
  return match ? Number(match[1]) : void 0;
}
function kubeadmDefaults(node, certificatesDir, dataDir, consistency) {
  const address = node.advertiseAddress ?? KUBEADM_UNKNOWN_ADVERTISE_ADDRESS;
  const name = node.name ?? KUBEADM_UNKNOWN_NODE_NAME;
  const localhost = address.includes(":") ? "::1" : "127.0.0.1";
  const clientUrl = `https://${joinHostPort(address, 2379)}`;
  const peerUrl = `https://${joinHostPort(address, 2380)}`;
  const pki = certificatesDir.replace(/\/+$/, "");
  return [
    ["name", name],
    ["listen-client-urls", `https://${joinHostPort(localhost, 2379)},${clientUrl}`],
    ["advertise-client-urls", clientUrl],
    ["listen-peer-urls", peerUrl],
    ["initial-advertise-peer-urls", peerUrl],
    ["data-dir", dataDir],
    ["cert-file", `${pki}/etcd/server.crt`],
    ["key-file", `${pki}/etcd/server.key`],
    ["trusted-ca-file", `${pki}/etcd/ca.crt`],
    ["client-cert-auth", "true"],
    ["peer-cert-file", `${pki}/etcd/peer.crt`],
    ["peer-key-file", `${pki}/etcd/peer.key`],
    ["peer-trusted-ca-file", `${pki}/etcd/ca.crt`],
    ["peer-client-cert-auth", "true"],
    ["snapshot-count", "10000"],
    ["listen-metrics-urls", `http://${joinHostPort(localhost, 2381)}`],
    ...consistency,
    ["initial-cluster", `${name}=${peerUrl}`]
  ];
}
function extraArgs(source, node, fallback) {
  const setting = (nameNode, valueNode) => {
    const name = scalarText(nameNode);
    if (name === void 0) return [];
    const at = nodePosition(source, nameNode, fallback);
    return [
      {
        name,
        value: scalarText(valueNode) ?? "",
        key: name,
        source: "kubeadm",
        at,
        valueAt: nodePosition(source, valueNode, at)
      }
    ];
  };
  if ((0, import_yaml3.isSeq)(node)) return node.items.flatMap((item) => setting(pathValue(item, "name"), pathValue(item, "value")));
  if ((0, import_yaml3.isMap)(node)) return node.items.flatMap((pair) => setting(pair.key, pair.value));
  return [];
}
function extraEnvs(source, node, fallback) {
  if (!(0, import_yaml3.isSeq)(node)) return [];
  return node.items.flatMap((item) => {
    const nameNode = pathValue(item, "name");
    const variable = scalarText(nameNode);
    const name = variable === void 0 ? void 0 : flagOfEnvironmentVariable(variable);
    if (variable === void 0 || name === void 0) return [];
    const valueNode = pathValue(item, "value");
    const at = nodePosition(source, nameNode, fallback);
    return [
      {
        name,
        value: scalarText(valueNode) ?? "",
        key: variable,
        source: "env",
        at,
        valueAt: nodePosition(source, valueNode, at)
      }
    ];
  });
}
function stringList(node) {
  return (0, import_yaml3.isSeq)(node) ? node.items.map((item) => scalarText(item)).filter((item) => item !== void 0) : [];
}
function externalEtcd(source, keyNode, node) {
  const at = nodePosition(source, keyNode, positionAt(source, 0));
  const field = (key) => {
    const value = valueOf(node, key);
    const text = scalarText(value);
    return text === void 0 ? void 0 : { value: text, at: nodePosition(source, value, at) };
  };
  const endpoints = valueOf(node, "endpoints");
  return {
    file: source.file,
    at,
    endpoints: (0, import_yaml3.isSeq)(endpoints) ? endpoints.items.flatMap(
      (item) => (0, import_yaml3.isScalar)(item) && scalarText(item) !== void 0 ? [{ value: scalarText(item), at: nodePosition(source, item, at) }] : []
    ) : [],
    caFile: field("caFile"),
    certFile: field("certFile"),
    keyFile: field("keyFile")
  };
}
function localMember(source, cluster, node, etcdMinor) {
  const etcdPair = pairOf(cluster, "etcd");
  const localPair = pairOf(etcdPair?.value, "local");
  const local = localPair?.value;
  const anchor = nodePosition(
    source,
    localPair?.key ?? etcdPair?.key ?? pairOf(cluster, "kind")?.key,
    positionAt(source, 0)
  );
  const certificatesDir = scalarText(valueOf(cluster, "certificatesDir")) ?? DEFAULT_CERTIFICATES_DIR;
  const dataDirPair = pairOf(local, "dataDir");
  const dataDir = scalarText(dataDirPair?.value);
  const overrides = extraArgs(source, valueOf(local, "extraArgs"), anchor);
  const overridden = new Set(overrides.map((setting) => setting.name));
  const consistency = kubeadmConsistencyFlags(scalarText(valueOf(cluster, "kubernetesVersion")), etcdMinor);
  const defaults = kubeadmDefaults(node, certificatesDir, dataDir ?? DEFAULT_DATA_DIR, consistency).filter(([name]) => !overridden.has(name)).map(([name, value]) => {
    if (name === "data-dir" && dataDir !== void 0 && dataDirPair) {
      const at = nodePosition(source, dataDirPair.key, anchor);
      return {
        name,
        value,
        key: "dataDir",
        source: "kubeadm",
        at,
        valueAt: nodePosition(source, dataDirPair.value, at)
      };
    }
    return { name, value, key: `--${name}`, source: "kubeadm-default", at: anchor };
  });
  const settings = [...extraEnvs(source, valueOf(local, "extraEnvs"), anchor), ...defaults, ...overrides];
  return {
    name: memberName(settings),
    form: "kubeadm",
    file: source.file,
    settings,
    includes: [],
    command: "etcd",
    certSans: {
      server: stringList(valueOf(local, "serverCertSANs")),
      peer: stringList(valueOf(local, "peerCertSANs"))
    }
  };
}
function readKubeadm(source, documents, etcdMinor) {
  const mappings = topLevelMappings(documents);
  const node = nodeOf(mappings);
  const members = [];
  const findings = [];
  let external;
  for (const cluster of mappings.filter((mapping) => isKubeadmDocument(mapping, "ClusterConfiguration"))) {
    const etcd = valueOf(cluster, "etcd");
    const externalPair = pairOf(etcd, "external");
    const localPair = pairOf(etcd, "local");
    if (externalPair && (0, import_yaml3.isMap)(externalPair.value)) {
      external = externalEtcd(source, externalPair.key, externalPair.value);
      if (localPair && localPair.value !== null) {
        const at = nodePosition(source, localPair.key, external.at);
        findings.push(
          findingAtPosition(
            at,
            "error",
            READER_RULE_IDS.parse,
            "etcd.local and etcd.external are both set: kubeadm refuses the configuration (they are mutually exclusive)."
          )
        );
      }
      continue;
    }
    members.push(localMember(source, cluster, node, etcdMinor));
  }
  return { file: source.file, form: "kubeadm", members, external, findings };
}

// src/lint/readers/static-pod.ts
var import_yaml4 = __toESM(require_dist(), 1);
function etcdContainers(mapping) {
  if (scalarText(valueOf(mapping, "kind")) !== "Pod") return [];
  const containers = valueOf(valueOf(mapping, "spec"), "containers");
  if (!(0, import_yaml4.isSeq)(containers)) return [];
  return containers.items.flatMap((container) => {
    const command = valueOf(container, "command");
    const args = valueOf(container, "args");
    if (!(0, import_yaml4.isSeq)(command) || !(0, import_yaml4.isScalar)(command.items[0])) return [];
    const executable = command.items[0];
    if (executableName(scalarText(executable) ?? "") !== "etcd") return [];
    const words = [...command.items.slice(1), ...(0, import_yaml4.isSeq)(args) ? args.items : []].filter(
      (item) => (0, import_yaml4.isScalar)(item)
    );
    return [{ command: executable, words, env: valueOf(container, "env") }];
  });
}
function isEtcdStaticPod(documents) {
  return topLevelMappings(documents).some((mapping) => etcdContainers(mapping).length > 0);
}
function envSettings(source, env) {
  if (!(0, import_yaml4.isSeq)(env)) return [];
  return env.items.flatMap((item) => {
    const nameNode = valueOf(item, "name");
    const variable = scalarText(nameNode);
    const name = variable === void 0 ? void 0 : flagOfEnvironmentVariable(variable);
    const valueNode = valueOf(item, "value");
    if (variable === void 0 || name === void 0 || valueNode === void 0) return [];
    const at = nodePosition(source, nameNode, positionAt(source, 0));
    return [
      {
        name,
        value: scalarText(valueNode) ?? "",
        key: variable,
        source: "env",
        at,
        valueAt: nodePosition(source, valueNode, at)
      }
    ];
  });
}
function readStaticPod(source, documents) {
  const members = [];
  const findings = [];
  for (const container of topLevelMappings(documents).flatMap(etcdContainers)) {
    const parsed = parseEtcdArguments(
      container.words.map((word) => scalarWord(source, word)),
      "flag"
    );
    findings.push(...argumentFindings(parsed));
    const settings = [...envSettings(source, container.env), ...parsed.settings];
    members.push({
      name: memberName(settings),
      form: "static-pod",
      file: source.file,
      settings,
      includes: [],
      command: scalarText(container.command) ?? "etcd"
    });
  }
  return { file: source.file, form: "static-pod", members, findings };
}

// src/lint/readers/unit-file.ts
var BLANK = /[ \t\r\n]/;
function parseUnitFile(source) {
  const lines = linesOf(source);
  const directives = [];
  const strayLines = [];
  let section = "";
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index];
    const start = first.text.length - first.text.trimStart().length;
    const head = first.text.slice(start);
    if (head === "" || head.startsWith("#") || head.startsWith(";")) continue;
    if (head.startsWith("[")) {
      const close = head.indexOf("]");
      section = close > 0 ? head.slice(1, close).trim() : head.slice(1).trim();
      continue;
    }
    const text = { chars: [], offsets: [] };
    let current = first;
    let lineStart = start;
    for (; ; ) {
      const trimmed = current.text.replace(/[ \t]+$/, "");
      const continued = trimmed.endsWith("\\");
      const end = continued ? trimmed.length - 1 : trimmed.length;
      for (let i = lineStart; i < end; i++) {
        text.chars.push(current.text[i]);
        text.offsets.push(current.offset + i);
      }
      if (!continued || index + 1 >= lines.length) break;
      text.chars.push(" ");
      text.offsets.push(current.offset + end);
      index++;
      while (index + 1 < lines.length && /^[ \t]*[#;]/.test(lines[index].text)) index++;
      current = lines[index];
      lineStart = 0;
    }
    const equals = text.chars.indexOf("=");
    if (equals < 0) {
      strayLines.push({
        section,
        text: text.chars.join("").trim(),
        offset: first.offset + start,
        line: first.number,
        lastLine: current.number
      });
      continue;
    }
    let valueStart = equals + 1;
    while (valueStart < text.chars.length && BLANK.test(text.chars[valueStart])) valueStart++;
    let valueEnd = text.chars.length;
    while (valueEnd > valueStart && BLANK.test(text.chars[valueEnd - 1])) valueEnd--;
    const broken = /\\[ \t]+[#;]/.exec(current.text);
    directives.push({
      section,
      key: text.chars.slice(0, equals).join("").trim(),
      keyOffset: first.offset + start,
      value: { chars: text.chars.slice(valueStart, valueEnd), offsets: text.offsets.slice(valueStart, valueEnd) },
      firstLine: first.number,
      lastLine: current.number,
      commentAfterBackslash: broken ? current.offset + broken.index : void 0
    });
  }
  return { directives, strayLines };
}
var ESCAPES = { n: "\n", t: "	", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", s: " " };
function splitUnitWords(value) {
  const words = [];
  const { chars, offsets } = value;
  let i = 0;
  let unterminatedQuote;
  while (i < chars.length) {
    while (i < chars.length && BLANK.test(chars[i])) i++;
    if (i >= chars.length) break;
    const word = { text: "", chars: [], offsets: [] };
    let quote;
    let quoteOffset = 0;
    for (; i < chars.length; i++) {
      const char = chars[i];
      if (!quote && BLANK.test(char)) break;
      if (char === quote) {
        quote = void 0;
        continue;
      }
      if (!quote && (char === '"' || char === "'")) {
        quote = char;
        quoteOffset = offsets[i];
        continue;
      }
      if (char === "\\" && i + 1 < chars.length) {
        i++;
        word.chars.push(ESCAPES[chars[i]] ?? chars[i]);
        word.offsets.push(offsets[i]);
        continue;
      }
      word.chars.push(char);
      word.offsets.push(offsets[i]);
    }
    if (quote) unterminatedQuote ??= quoteOffset;
    word.text = word.chars.join("");
    words.push(word);
  }
  return { words, unterminatedQuote };
}
function expandUnitWord(word, variables) {
  const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word.text);
  if (bare) {
    const value = variables.get(bare[1]);
    if (value === void 0) return [word];
    return value.split(/[ \t\r\n]+/).filter((part) => part !== "").map((part) => ({ text: part, chars: part.split(""), offsets: part.split("").map(() => word.offsets[0]) }));
  }
  const chars = [];
  const offsets = [];
  for (let i = 0; i < word.chars.length; i++) {
    const braced = word.text[i] === "$" && word.text[i + 1] === "{" ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(word.text.slice(i)) : null;
    const value = braced ? variables.get(braced[1]) : void 0;
    if (braced && value !== void 0) {
      chars.push(...value.split(""));
      offsets.push(...value.split("").map(() => word.offsets[i]));
      i += braced[0].length - 1;
    } else {
      chars.push(word.chars[i]);
      offsets.push(word.offsets[i]);
    }
  }
  return [{ text: chars.join(""), chars, offsets }];
}
function positionedUnitWord(source, word, fallbackOffset) {
  return {
    text: word.text,
    at: (index) => positionAt(source, word.offsets[Math.min(index, word.offsets.length - 1)] ?? fallbackOffset)
  };
}

// src/lint/readers/launchers.ts
var ETCD_WRAPPER_VARIABLES = /* @__PURE__ */ new Set([
  "ETCD_IMAGE",
  "ETCD_IMAGE_TAG",
  "ETCD_IMAGE_URL",
  "ETCD_IMAGE_ARGS",
  "ETCD_OPTS",
  "ETCD_SSL_DIR",
  "ETCD_USER"
]);
var CONTAINER_ENGINES = /* @__PURE__ */ new Set(["docker", "podman", "nerdctl"]);
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "dash", "ash", "zsh", "ksh"]);
var CONTAINER_BOOLEAN_OPTIONS = /* @__PURE__ */ new Set([
  "--detach",
  "--rm",
  "--interactive",
  "--tty",
  "--init",
  "--privileged",
  "--read-only",
  "--replace",
  "--publish-all",
  "--no-healthcheck",
  "--oom-kill-disable",
  "--quiet",
  "--sig-proxy",
  "--help"
]);
var CONTAINER_BOOLEAN_SHORT = /^-[dirtPq]+$/;
var NONE = /* @__PURE__ */ new Set();
function tail(word, start) {
  const chars = word.chars.slice(start);
  return { text: chars.join(""), chars, offsets: word.offsets.slice(start) };
}
var isAssignment = (text) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(text);
function launchedEtcd(words, depth = 0) {
  if (words.length === 0 || depth > 4) return void 0;
  const [first, ...rest] = words;
  const name = executableName(first.text);
  const direct = (launcherVariables, via = []) => ({
    command: first,
    argumentWords: rest,
    envWords: [],
    envFiles: [],
    via,
    inheritsUnitEnvironment: true,
    launcherVariables
  });
  if (name === "etcd") return direct(NONE);
  if (name === "etcd-wrapper") return direct(ETCD_WRAPPER_VARIABLES, ["etcd-wrapper"]);
  if (name === "env") return throughEnv(rest, depth);
  if (name === "exec") return launchedEtcd(rest, depth + 1);
  if (CONTAINER_ENGINES.has(name)) return throughContainer(name, rest, depth);
  if (SHELLS.has(name)) return throughShell(name, rest, depth);
  return void 0;
}
function throughEnv(words, depth) {
  const envWords = [];
  let index = 0;
  for (; index < words.length; index++) {
    const text = words[index].text;
    if (text === "-u" || text === "--unset" || text === "-C" || text === "--chdir") index++;
    else if (text.startsWith("-")) continue;
    else if (isAssignment(text)) envWords.push(words[index]);
    else break;
  }
  const inner = launchedEtcd(words.slice(index), depth + 1);
  return inner && { ...inner, envWords: [...envWords, ...inner.envWords], via: ["env", ...inner.via] };
}
function throughContainer(engine, words, depth) {
  let index = words[0]?.text === "container" ? 1 : 0;
  if (words[index]?.text !== "run") return void 0;
  index++;
  const envWords = [];
  const envFiles = [];
  let entrypoint;
  for (; index < words.length; index++) {
    const word = words[index];
    if (word.text === "--") {
      index++;
      break;
    }
    if (!word.text.startsWith("-")) break;
    const equals = word.text.indexOf("=");
    const option = word.text.startsWith("--") && equals > 0 ? word.text.slice(0, equals) : word.text;
    const inline = word.text.startsWith("--") && equals > 0 ? tail(word, equals + 1) : void 0;
    if (CONTAINER_BOOLEAN_OPTIONS.has(option) || CONTAINER_BOOLEAN_SHORT.test(option)) continue;
    const value = inline ?? words[++index];
    if (!value) break;
    if ((option === "-e" || option === "--env") && isAssignment(value.text)) envWords.push(value);
    if (option === "--env-file") envFiles.push(value);
    if (option === "--entrypoint") entrypoint = value;
  }
  const image = words[index];
  if (!image) return void 0;
  const via = [`${engine} run`];
  const command = words.slice(index + 1);
  if (entrypoint && executableName(entrypoint.text) === "etcd")
    return {
      command: entrypoint,
      argumentWords: command,
      envWords,
      envFiles,
      via,
      inheritsUnitEnvironment: false,
      launcherVariables: NONE
    };
  const inner = command.length > 0 && !command[0].text.startsWith("-") ? launchedEtcd(command, depth + 1) : void 0;
  if (inner) {
    return {
      ...inner,
      envWords: [...envWords, ...inner.envWords],
      envFiles: [...envFiles, ...inner.envFiles],
      via: [...via, ...inner.via],
      inheritsUnitEnvironment: false
    };
  }
  if (!/(^|\/)etcd[^/]*$/.test(image.text.replace(/[:@].*$/, ""))) return void 0;
  if (command.length > 0 && !command[0].text.startsWith("-")) return void 0;
  return {
    command: image,
    argumentWords: command,
    envWords,
    envFiles,
    via,
    inheritsUnitEnvironment: false,
    launcherVariables: NONE
  };
}
var SEPARATORS = /^(;|&&|\|\||\||&)$/;
function throughShell(shell, words, depth) {
  const flag = words.findIndex((word) => /^-[a-z]*c[a-z]*$/.test(word.text));
  const script = flag >= 0 ? words[flag + 1] : void 0;
  if (!script) return void 0;
  const split = splitUnitWords(script).words.flatMap(splitSeparators);
  let start = 0;
  for (let index = 0; index <= split.length; index++) {
    if (index < split.length && !SEPARATORS.test(split[index].text)) continue;
    const command = split.slice(start, index);
    start = index + 1;
    const prefix = command.findIndex((word) => !isAssignment(word.text));
    const assignments = prefix < 0 ? command : command.slice(0, prefix);
    const inner = launchedEtcd(prefix < 0 ? [] : command.slice(prefix), depth + 1);
    if (inner) return { ...inner, envWords: [...assignments, ...inner.envWords], via: [`${shell} -c`, ...inner.via] };
  }
  return void 0;
}
function splitSeparators(word) {
  const match = /^(.*?)(;|&&|\|\|)$/.exec(word.text);
  if (!match || match[1] === "") return [word];
  const cut = match[1].length;
  return [{ text: match[1], chars: word.chars.slice(0, cut), offsets: word.offsets.slice(0, cut) }, tail(word, cut)];
}

// src/lint/readers/systemd-unit.ts
function isEnvironmentFile(source) {
  const content = parseEnvFile(source);
  return content.assignments.length === content.statementCount;
}
function isEtcdYamlFile(source) {
  if (isEnvironmentFile(source) && parseEnvFile(source).statementCount > 0) return false;
  if (/^[ \t]*\[[A-Za-z][\w-]*\][ \t]*\r?$/m.test(source.text)) return false;
  const documents = parseYaml(source);
  if (isEtcdConfigYaml(documents)) return true;
  return /\.ya?ml$/i.test(source.file) && documents.some((document) => document.errors.length > 0);
}
function listed(files) {
  return files.length < 2 ? files.join("") : `${files.slice(0, -1).join(", ")} and ${files[files.length - 1]}`;
}
function unboundReason(resolution, form) {
  if (resolution.ambiguous)
    return `several scanned files could be it (${listed(resolution.ambiguous)}) and none is beside the unit, so none is read`;
  if (resolution.otherForm)
    return `${listed(resolution.otherForm)} ${resolution.otherForm.length === 1 ? "ends" : "end"} like it but ${resolution.otherForm.length === 1 ? "is" : "are"} no ${form}, so ${resolution.otherForm.length === 1 ? "it is" : "they are"} not read as one`;
  return "it is not among the scanned files";
}
function withoutPrefix(word) {
  const prefix = /^[-@+!:]*/.exec(word.text)?.[0] ?? "";
  const chars = word.chars.slice(prefix.length);
  return { prefix, word: { text: chars.join(""), chars, offsets: word.offsets.slice(prefix.length) } };
}
function etcdExecStart(unit) {
  const starts = unit.directives.filter(
    (directive) => directive.section === "Service" && directive.key === "ExecStart"
  );
  const lastReset = starts.map((directive) => directive.value.chars.length === 0).lastIndexOf(true);
  for (const directive of starts.slice(lastReset + 1)) {
    const { words, unterminatedQuote } = splitUnitWords(directive.value);
    if (words.length === 0) continue;
    const { word, prefix } = withoutPrefix(words[0]);
    const launched = launchedEtcd([word, ...words.slice(prefix.includes("@") ? 2 : 1)]);
    if (launched) return { ...launched, directive, unterminatedQuote };
  }
  return void 0;
}
function unitStarts(unit) {
  const start = unit.directives.find((directive) => directive.section === "Service" && directive.key === "ExecStart");
  if (!start) return unit.directives.length > 0 ? "a unit without ExecStart=" : void 0;
  const words = splitUnitWords(start.value).words;
  return words.length > 0 ? `a unit whose ExecStart= runs ${withoutPrefix(words[0]).word.text}, not etcd` : void 0;
}
function isEtcdUnit(unit) {
  return etcdExecStart(unit) !== void 0;
}
function assignmentsOf(source, words, variables) {
  const settings = [];
  for (const word of words) {
    const equals = word.text.indexOf("=");
    if (equals <= 0) continue;
    const variable = word.text.slice(0, equals);
    const value = word.text.slice(equals + 1);
    variables.set(variable, value);
    const name = flagOfEnvironmentVariable(variable);
    if (name === void 0) continue;
    const valueOffset = word.offsets[equals + 1] ?? word.offsets[equals] + 1;
    settings.push({
      name,
      value,
      key: variable,
      source: "env",
      at: positionAt(source, word.offsets[0]),
      valueAt: positionAt(source, valueOffset)
    });
  }
  return settings;
}
function strayFlagLines(unit) {
  const fromDirectives = unit.directives.filter((directive) => directive.section === "Service" && directive.key.startsWith("-")).map((directive) => ({
    line: directive.firstLine,
    lastLine: directive.lastLine,
    offset: directive.keyOffset,
    text: `${directive.key}=${directive.value.chars.join("")}`
  }));
  const fromLines = unit.strayLines.filter(
    (line) => line.section === "Service" && line.text.startsWith("-")
  );
  return [...fromDirectives, ...fromLines].sort((a, b) => a.line - b.line);
}
function flagsOfLine(text) {
  return text.split(/\s+/).flatMap((word) => /^-{1,2}[^\s=-][^\s=]*/.exec(word)?.[0] ?? []);
}
function lineRange(first, last) {
  return first === last ? `line ${first}` : `lines ${first}\u2013${last}`;
}
function commandLineFindings(source, unit, exec, parsed) {
  const findings = [];
  const stray = strayFlagLines(unit);
  const followers = [];
  const later = unit.directives.filter(
    (directive) => directive.firstLine > exec.directive.lastLine && !directive.key.startsWith("-")
  );
  const nextDirectiveLine = later.length > 0 ? later[0].firstLine : Number.MAX_SAFE_INTEGER;
  for (const line of stray)
    if (line.line > exec.directive.lastLine && line.line < nextDirectiveLine) followers.push(line);
  const range = followers.length > 0 ? lineRange(followers[0].line, followers[followers.length - 1].lastLine) : "";
  const lostFlags = followers.flatMap((line) => flagsOfLine(line.text));
  const lost = lostFlags.join(", ");
  if (exec.directive.commentAfterBackslash !== void 0) {
    const at = positionAt(source, exec.directive.commentAfterBackslash);
    const lineEnd = source.text.indexOf("\n", exec.directive.commentAfterBackslash);
    const rest = source.text.slice(exec.directive.commentAfterBackslash, lineEnd < 0 ? void 0 : lineEnd).trimEnd();
    const shown = rest.length > 40 ? `${rest.slice(0, 40)}\u2026` : rest;
    const ignored = followers.length > 0 ? ` systemd ignores ${range} (${lost}): they are not part of ExecStart=.` : "";
    findings.push(
      findingAtPosition(
        at,
        "error",
        READER_RULE_IDS.parse,
        `ExecStart= ends on line ${at.line}: a comment follows the backslash, and systemd continues a line only when a backslash is its last character. etcd receives "${shown}" as arguments and exits (not a valid flag).${ignored} Put comments on lines of their own.`
      )
    );
  } else {
    if (followers.length > 0) {
      const at = positionAt(source, followers[0].offset);
      findings.push(
        findingAtPosition(
          at,
          "error",
          READER_RULE_IDS.parse,
          `${range[0].toUpperCase()}${range.slice(1)} ${range.startsWith("lines") ? "are" : "is"} not part of ExecStart=: line ${exec.directive.lastLine} does not end with a backslash, so systemd ignores ${lost} and etcd starts without ${lostFlags.length === 1 ? "it" : "them"}.`
        )
      );
    }
  }
  const fromArguments = argumentFindings(parsed);
  findings.push(
    ...exec.directive.commentAfterBackslash !== void 0 && parsed.positionals.length > 0 ? fromArguments.slice(1) : fromArguments
  );
  const others = stray.filter((line) => !followers.includes(line));
  for (const line of others) {
    findings.push(
      findingAtPosition(
        positionAt(source, line.offset),
        "error",
        READER_RULE_IDS.parse,
        `${flagsOfLine(line.text).join(", ")} ${flagsOfLine(line.text).length === 1 ? "is" : "are"} not part of any ExecStart=: systemd ignores this line.`
      )
    );
  }
  for (const line of unit.strayLines.filter((stray2) => !stray2.text.startsWith("-"))) {
    findings.push(
      findingAtPosition(
        positionAt(source, line.offset),
        "warning",
        READER_RULE_IDS.parse,
        `systemd ignores this line: it has no "=".`
      )
    );
  }
  return findings;
}
function readSystemdUnit(source, unit, resolver) {
  const exec = etcdExecStart(unit);
  if (!exec) return { file: source.file, form: "systemd-unit", members: [], findings: [] };
  const findings = [];
  const includes = [];
  const variables = /* @__PURE__ */ new Map();
  const service = unit.directives.filter((directive) => directive.section === "Service");
  const unitEnv = service.filter((directive) => directive.key === "Environment").flatMap((directive) => assignmentsOf(source, splitUnitWords(directive.value).words, variables));
  const environmentFiles = service.filter((directive) => directive.key === "EnvironmentFile");
  const lastFileReset = environmentFiles.map((directive) => directive.value.chars.length === 0).lastIndexOf(true);
  const fileEnv = [];
  const launcherEnv = [];
  for (const directive of environmentFiles.slice(lastFileReset + 1)) {
    const written = directive.value.chars.join("");
    const optional = written.startsWith("-");
    const path3 = optional ? written.slice(1).trim() : written;
    const resolution = resolver.resolve(path3, source, isEnvironmentFile);
    const included = resolution.found;
    if (included) {
      const content = parseEnvFile(included);
      for (const [name, value] of envFileVariables(content)) variables.set(name, value);
      fileEnv.push(...envFileSettings(included, content));
      if (!includes.includes(included.file)) includes.push(included.file);
      continue;
    }
    const at = positionAt(source, directive.value.offsets[0] ?? directive.keyOffset);
    const atRuntime = /^\/run\//.test(path3) && !resolution.ambiguous && !resolution.otherForm;
    const reason = atRuntime ? "a file written at runtime (under /run), so no scanned file can be it" : unboundReason(resolution, "environment file");
    findings.push(
      optional || resolution.ambiguous || atRuntime ? findingAtPosition(
        at,
        "notice",
        READER_RULE_IDS.unresolvedInclude,
        `EnvironmentFile=${written}: ${reason}${optional ? " (systemd starts etcd without it when it is missing)" : ""}; the ETCD_* settings it may hold are not linted.`
      ) : findingAtPosition(
        at,
        "warning",
        READER_RULE_IDS.unresolvedInclude,
        `EnvironmentFile=${path3}: ${reason}; the ETCD_* settings it holds are not linted; scan the folder that holds it too.`
      )
    );
  }
  for (const file of exec.envFiles) {
    const resolution = resolver.resolve(file.text, source, isEnvironmentFile);
    if (resolution.found) {
      const content = parseEnvFile(resolution.found);
      launcherEnv.push(...envFileSettings(resolution.found, content));
      if (!includes.includes(resolution.found.file)) includes.push(resolution.found.file);
    } else {
      findings.push(
        findingAtPosition(
          positionAt(source, file.offsets[0] ?? exec.directive.keyOffset),
          resolution.ambiguous ? "notice" : "warning",
          READER_RULE_IDS.unresolvedInclude,
          `--env-file ${file.text}: ${unboundReason(resolution, "environment file")}; the ETCD_* settings it gives the container are not linted.`
        )
      );
    }
  }
  const commandEnv = assignmentsOf(source, exec.envWords, /* @__PURE__ */ new Map());
  const words = exec.argumentWords.flatMap((word) => expandUnitWord(word, variables));
  const parsed = parseEtcdArguments(
    words.map((word) => positionedUnitWord(source, word, exec.directive.keyOffset)),
    "flag"
  );
  parsed.positionals = parsed.positionals.filter((positional) => !/^\$(\{\w+\}|\w+)$/.test(positional.word.text));
  findings.push(...commandLineFindings(source, unit, exec, parsed));
  if (exec.unterminatedQuote !== void 0) {
    findings.push(
      findingAtPosition(
        positionAt(source, exec.unterminatedQuote),
        "error",
        READER_RULE_IDS.parse,
        "This quote is never closed: systemd ignores the whole ExecStart= (unbalanced quoting), so etcd is not started."
      )
    );
  }
  const etcdSees = (setting) => !exec.launcherVariables.has(setting.key);
  const inherited = exec.inheritsUnitEnvironment ? [...unitEnv, ...fileEnv] : [];
  const settings = [...inherited, ...launcherEnv, ...commandEnv, ...parsed.settings].filter(etcdSees);
  const member = {
    name: memberName(settings),
    form: "systemd-unit",
    file: source.file,
    settings,
    includes,
    command: exec.command.text,
    ...exec.via.length > 0 ? { launcher: exec.via.join(" \u2192 ") } : {}
  };
  const configFile = [...settings].reverse().find((setting) => setting.name === "config-file" && setting.value !== "");
  if (configFile) {
    const resolution = resolver.resolve(configFile.value, source, isEtcdYamlFile);
    const included = resolution.found;
    if (included) {
      const documents = parseYaml(included);
      findings.push(...yamlParseFindings(included, documents));
      member.settings = [configFile, ...configFileSettings(included, documents)];
      member.ignoredSettings = settings.filter((setting) => setting !== configFile);
      member.name = memberName(member.settings);
      includes.push(included.file);
    } else {
      findings.push(
        findingAtPosition(
          configFile.valueAt ?? configFile.at,
          resolution.ambiguous ? "notice" : "warning",
          READER_RULE_IDS.unresolvedInclude,
          `${configFile.key} ${configFile.value}: ${unboundReason(resolution, "etcd configuration file")}. etcd takes its settings from that file alone and ignores the other flags and ETCD_* variables; scan the file too so its settings are linted.`
        )
      );
    }
  }
  return { file: source.file, form: "systemd-unit", members: [member], findings };
}

// src/lint/readers/read-file.ts
var FileInput = class {
  constructor(source) {
    this.source = source;
  }
  source;
  yaml;
  env;
  systemd;
  get documents() {
    this.yaml ??= parseYaml(this.source);
    return this.yaml;
  }
  get envContent() {
    this.env ??= parseEnvFile(this.source);
    return this.env;
  }
  get unit() {
    this.systemd ??= parseUnitFile(this.source);
    return this.systemd;
  }
  /** Whether the YAML does not parse. */
  get yamlBroken() {
    return this.documents.some((document) => document.errors.length > 0);
  }
};
function yamlReader(form, recognise, read) {
  return {
    recognise,
    read: (input, context) => input.yamlBroken ? { file: input.source.file, form, members: [], findings: yamlParseFindings(input.source, input.documents) } : read(input.source, input.documents, context)
  };
}
function namedLikeEtcdYaml(input) {
  const name = input.source.file.slice(input.source.file.lastIndexOf("/") + 1).toLowerCase();
  return input.yamlBroken && name.includes("etcd") && /\.ya?ml$/.test(name);
}
var READERS = {
  "systemd-unit": {
    recognise: (input) => isEtcdUnit(input.unit),
    read: (input, context) => readSystemdUnit(input.source, input.unit, context.resolver)
  },
  "env-file": {
    recognise: (input) => isEtcdEnvFile(input.envContent),
    read: (input) => {
      const member = readEnvFile(input.source, input.envContent);
      return { file: input.source.file, form: "env-file", members: [member], findings: [] };
    }
  },
  kubeadm: yamlReader(
    "kubeadm",
    (input) => isKubeadmConfig(input.documents) || input.yamlBroken && hasKubeadmDocument(input.documents),
    (source, documents, context) => readKubeadm(source, documents, context.etcdMinor)
  ),
  "static-pod": yamlReader("static-pod", (input) => isEtcdStaticPod(input.documents), readStaticPod),
  "etcd-config-file": yamlReader(
    "etcd-config-file",
    (input) => isEtcdConfigYaml(input.documents) || namedLikeEtcdYaml(input),
    (source, documents) => ({
      file: source.file,
      form: "etcd-config-file",
      members: [readConfigFile(source, documents)],
      findings: []
    })
  )
};
var RECOGNITION_ORDER = [
  "systemd-unit",
  "env-file",
  "kubeadm",
  "static-pod",
  "etcd-config-file"
];
function recogniseForm(input) {
  return RECOGNITION_ORDER.find((form) => READERS[form].recognise(input));
}
function whyNotRead(input) {
  if (!/etcd/i.test(input.source.text)) return void 0;
  const forms = "an etcd.conf.yml, an ETCD_* env file, a systemd unit, kubeadm configuration or a static pod";
  if (input.source.text.startsWith("#!"))
    return `mentions etcd, but is a script: scripts are not read (put etcd's flags in ${forms})`;
  if (/^\s*\[(Unit|Service|Install)\]\s*$/m.test(input.source.text)) {
    const starts = unitStarts(input.unit);
    return `mentions etcd, but is ${starts ?? "a unit"} (the launchers read are env, etcd-wrapper, docker/podman run and sh -c)`;
  }
  if (!input.yamlBroken) {
    const kinds = input.documents.map((document) => document.contents?.get?.("kind")).filter((kind) => typeof kind === "string");
    if (kinds.length > 0)
      return `mentions etcd, but is a Kubernetes ${[...new Set(kinds)].join(", ")}, not a kubeadm configuration or an etcd static pod`;
  }
  const env = input.envContent;
  if (env.statementCount > 0 && env.assignments.length === env.statementCount)
    return "mentions etcd, but is an environment file without an ETCD_* variable etcd reads";
  return `mentions etcd, but is none of the forms read (${forms})`;
}

// src/lint/scan.ts
var MAX_FILE_BYTES = 1024 * 1024;
var CONFIGURATION_NAME = /(^|\/)[^/.]*$|\.(ya?ml|json|conf|cfg|env|service|ini|txt|toml)$|etcd[^/]*$/i;
function skipped(file, message) {
  return { file: file.file, line: 1, column: 1, severity: "notice", rule: READER_RULE_IDS.skipped, message };
}
async function readText(file) {
  try {
    const stat = await fs2.stat(file.absolute);
    if (stat.size > MAX_FILE_BYTES)
      return { skip: `Skipped: ${stat.size} bytes, over the 1 MiB a configuration file can have.` };
    const bytes = await fs2.readFile(file.absolute);
    if (bytes.includes(0)) return { skip: "Skipped: a binary file (it holds a NUL byte)." };
    return { source: sourceText(file.file, bytes.toString("utf8")) };
  } catch (error) {
    return { skip: `Skipped: the file cannot be read (${errorMessage(error)}).` };
  }
}
function recognition(scanned, includer, input) {
  if (includer) return `read as part of ${includer}${scanned ? ` (${scanned.form})` : ""}`;
  if (!scanned) return `not an etcd configuration${whyNotRead(input) ? `: ${whyNotRead(input)}` : ""}`;
  const members = scanned.members.map((member) => member.name).join(", ");
  const launchers = scanned.members.flatMap((member) => member.launcher ? [member.launcher] : []);
  const via = launchers.length > 0 ? ` (started through ${[...new Set(launchers)].join(", ")})` : "";
  if (scanned.members.length === 0 && !scanned.external && scanned.form === "systemd-unit")
    return `systemd-unit, no member: ${unitStarts(input.unit) ?? "no ExecStart="}`;
  return `${scanned.form}, ${members !== "" ? `member ${members}` : scanned.external ? "external etcd" : "no member"}${via}`;
}
async function scanPaths(paths, options) {
  const { logger } = options;
  const collected = await collectFiles(paths, options.cwd);
  const findings = [...collected.findings];
  const sources = [];
  for (const file of collected.files) {
    const { source, skip } = await readText(file);
    if (source) sources.push(source);
    else if (file.explicit || CONFIGURATION_NAME.test(file.file)) findings.push(skipped(file, skip ?? "Skipped."));
    else logger.debug(`${file.file}: ${skip ?? "skipped"}`);
  }
  const resolver = suffixResolver(sources);
  const etcdMinor = options.etcdVersion === void 0 ? void 0 : parseEtcdVersion(options.etcdVersion).minor;
  const read = sources.map((source) => {
    const input = new FileInput(source);
    const form = recogniseForm(input);
    return { source, input, scanned: form ? READERS[form].read(input, { resolver, etcdMinor }) : void 0 };
  });
  const includedBy = /* @__PURE__ */ new Map();
  for (const { scanned } of read) {
    for (const member of scanned?.members ?? [])
      for (const include of member.includes) if (!includedBy.has(include)) includedBy.set(include, member.file);
  }
  for (const { source, scanned, input } of read)
    logger.debug(`${source.file}: ${recognition(scanned, includedBy.get(source.file), input)}`);
  const files = read.flatMap(({ scanned }) => scanned && !includedBy.has(scanned.file) ? [scanned] : []);
  return { files, findings };
}

// src/lint/lint.ts
var ORDER = { error: 0, warning: 1, notice: 2 };
function creditKubeadm(findings, members) {
  const kubeadmWrote = /* @__PURE__ */ new Set();
  for (const member of members)
    for (const setting of member.settings)
      if (setting.source === "kubeadm-default")
        kubeadmWrote.add(`${setting.at.file}:${setting.at.line}:${setting.at.column}`);
  return findings.map(
    (finding) => finding.severity === "warning" && kubeadmWrote.has(`${finding.file}:${finding.line}:${finding.column}`) ? {
      ...finding,
      severity: "notice",
      message: `kubeadm writes this into the etcd static pod itself (the file does not set it): ${finding.message}`
    } : finding
  );
}
function upgradeFindings(files, current, etcdVersion, upgradeTo) {
  const from = parseEtcdVersion(etcdVersion);
  const to = parseEtcdVersion(upgradeTo);
  const members = files.flatMap((file) => file.members);
  const key = (finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`;
  const seen = new Set(current.map(key));
  const found = [];
  for (const step of upgradeSteps(from, to)) {
    const onTheWay = step === to ? `on the way to etcd ${to.text}` : `on the way to etcd ${to.text}, at ${step.minor}`;
    for (const finding of creditKubeadm(runRules(files, groupClusters(members), { etcdVersion: step.text }), members)) {
      if (seen.has(key(finding))) continue;
      seen.add(key(finding));
      found.push({ ...finding, message: `${onTheWay}: ${finding.message}` });
    }
  }
  for (const member of members) found.push(...upgradeRuleFindings(member, from, to));
  return found;
}
async function lintPaths(paths, options) {
  return (await lintAndScan(paths, options)).result;
}
async function lintAndScan(paths, options) {
  const scan = await scanPaths(paths, { cwd: options.cwd, logger: options.logger, etcdVersion: options.etcdVersion });
  const members = scan.files.flatMap((file) => file.members);
  const findings = [
    ...scan.findings,
    ...scan.files.flatMap((file) => file.findings),
    ...creditKubeadm(runRules(scan.files, groupClusters(members), { etcdVersion: options.etcdVersion }), members)
  ];
  if (options.upgradeTo)
    findings.push(...upgradeFindings(scan.files, findings, options.etcdVersion, options.upgradeTo));
  if (options.boot) {
    const seen = new Set(
      findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}:${finding.column}`)
    );
    for (const refusal of bootRefusals(members))
      if (!seen.has(`${refusal.rule} ${refusal.file}:${refusal.line}:${refusal.column}`)) findings.push(refusal);
  }
  const version = parseEtcdVersion(options.etcdVersion);
  if (version.rulesOf) {
    const message = `etcd ${options.etcdVersion} is not a release these rules know (3.4, 3.5, 3.6): the rules of etcd ${version.rulesOf} (its newest patch) were applied, and what ${options.etcdVersion} added, deprecated or removed is not judged.`;
    options.logger.info(message);
    const first = [...scan.files.map((file) => file.file)].sort((a, b) => a.localeCompare(b))[0];
    if (first)
      findings.push({ file: first, line: 1, column: 1, severity: "notice", rule: READER_RULE_IDS.release, message });
  }
  findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || ORDER[a.severity] - ORDER[b.severity] || a.rule.localeCompare(b.rule)
  );
  const result = {
    schemaVersion: 1,
    findings,
    files: scan.files.flatMap(
      (file) => file.members.length > 0 ? file.members.map((member) => ({ file: file.file, form: file.form, member: member.name })) : [{ file: file.file, form: file.form, member: null }]
    ),
    summary: {
      errors: findings.filter((finding) => finding.severity === "error").length,
      warnings: findings.filter((finding) => finding.severity === "warning").length,
      notices: findings.filter((finding) => finding.severity === "notice").length
    }
  };
  return { result, files: scan.files };
}

export {
  lintPaths,
  lintAndScan
};
