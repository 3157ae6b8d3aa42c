import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/report/compare.ts
var SCHEMA_VERSION = 1;
var GATING_MIN_ROUNDS = 5;
var isRecord = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
function parsePreviousReport(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const notReport = {
    problem: "it is JSON but not an etcd-ha report (it needs a whole-number schemaVersion and checks with named figures)"
  };
  if (!isRecord(data) || !Number.isInteger(data.schemaVersion) || !Array.isArray(data.checks)) return notReport;
  const schemaVersion = data.schemaVersion;
  if (schemaVersion > SCHEMA_VERSION) {
    return {
      problem: `it is a report of schemaVersion ${schemaVersion}, from a newer etcd-ha; this one reads schemaVersion ${SCHEMA_VERSION} and older`
    };
  }
  const checks = [];
  for (const check of data.checks) {
    if (!isRecord(check) || typeof check.name !== "string" || !isRecord(check.figures)) return notReport;
    const values = Object.entries(check.figures);
    if (!values.every(([, value]) => typeof value === "number" || typeof value === "boolean")) return notReport;
    const numbers = values.filter((entry) => typeof entry[1] === "number");
    checks.push({ name: check.name, figures: Object.fromEntries(numbers) });
  }
  return { report: { schemaVersion, checks } };
}
function changePct(previous, current) {
  return previous === 0 ? null : Math.round((current - previous) / previous * 1e3) / 10;
}
function comparisonRows(current, previous) {
  const rows = [];
  for (const check of current.checks) {
    const before = previous.checks.find((candidate) => candidate.name === check.name);
    if (!before) continue;
    for (const [figure, value] of Object.entries(check.figures)) {
      const old = before.figures[figure];
      if (typeof value === "number" && old !== void 0)
        rows.push({ check: check.name, figure, previous: old, current: value, changePct: changePct(old, value) });
    }
  }
  return rows;
}
var roundsOf = (figures) => typeof figures?.rounds === "number" ? figures.rounds : 1;
var isGatedFigure = (figure) => figure.endsWith("Ms");
function compareReports(current, previous, gate) {
  const comparison = comparisonRows(current, previous);
  const notes = /* @__PURE__ */ new Map();
  const regressions = [];
  const { maxRegressionPct } = gate;
  if (maxRegressionPct !== void 0) {
    for (const row of comparison) {
      if (!isGatedFigure(row.figure) || row.changePct === null || row.changePct <= maxRegressionPct) continue;
      const check = current.checks.find((candidate) => candidate.name === row.check);
      const roundsNow = roundsOf(check?.figures);
      const roundsBefore = roundsOf(previous.checks.find((candidate) => candidate.name === row.check)?.figures);
      const grew = `${row.figure}${roundsNow > 1 ? " (p50)" : ""} grew ${row.changePct}% (${row.previous} -> ${row.current} ms), more than ${gate.label} ${maxRegressionPct}`;
      if (Math.min(roundsNow, roundsBefore) >= GATING_MIN_ROUNDS) {
        regressions.push(`${row.check} ${grew}`);
      } else {
        notes.set(row.check, [
          ...notes.get(row.check) ?? [],
          `${grew}; only a notice: the previous run had ${roundsBefore} round${roundsBefore === 1 ? "" : "s"} of this check and this one ${roundsNow}, and fewer than ${GATING_MIN_ROUNDS} cannot gate (one sample is not a trend)`
        ]);
      }
    }
  }
  const regression = regressions.length > 0 ? `regression against the previous run: ${regressions.join("; ")}` : void 0;
  return {
    ...current,
    checks: current.checks.map(
      (check) => notes.has(check.name) ? { ...check, notes: [...check.notes, ...notes.get(check.name) ?? []] } : check
    ),
    passed: current.passed && !regression,
    error: regression ? current.error ? `${current.error}; ${regression}` : regression : current.error,
    comparison
  };
}
function withComparison(report, comparison) {
  return comparison ? compareReports(report, comparison.previous, comparison.gate) : report;
}

// src/config/comparison-options.ts
import { readFile } from "node:fs/promises";
var HISTORY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
function parseRegressionGate(read, label, source) {
  const given = read.raw("max-regression-pct");
  const maxRegressionPct = given === void 0 ? void 0 : read.integer("max-regression-pct", 0, 0, 1e3);
  if (given !== void 0 && read.raw(source) === void 0) {
    read.fail(
      "max-regression-pct",
      given,
      `nothing without ${label(source)}, which names the previous report to compare with`
    );
  }
  return { maxRegressionPct, label: label("max-regression-pct") };
}
function parseHistoryName(read) {
  const name = read.raw("history");
  if (name !== void 0 && !HISTORY_NAME.test(name)) {
    read.fail("history", name, "1 to 64 letters, digits, '-', '_' or '.'");
  }
  return name;
}
async function parseCompareTo(read, label) {
  const gate = parseRegressionGate(read, label, "compare-to");
  const file = read.raw("compare-to");
  if (file === void 0) return void 0;
  const allowed = `a JSON report etcd-ha wrote (--json), of schemaVersion ${SCHEMA_VERSION} or older`;
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    read.fail("compare-to", file, `${allowed}, in a file this user can read (${errorMessage(error)})`);
  }
  const parsed = parsePreviousReport(text);
  if ("problem" in parsed) return read.fail("compare-to", file, `${allowed}; ${parsed.problem}`);
  return { previous: parsed.report, gate };
}

export {
  parsePreviousReport,
  withComparison,
  parseRegressionGate,
  parseHistoryName,
  parseCompareTo
};
