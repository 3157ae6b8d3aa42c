import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  clientFor,
  diagnosticsFiles,
  etcdVersionOf,
  memberAsRun,
  memberLogTails,
  resolveEtcdBinaries,
  restoreCluster,
  specAsRun,
  targetFor
} from "./chunk-EIRDP26I.js";
import {
  checkNamed,
  combineRounds,
  readStatusTable,
  runCheck
} from "./chunk-HACW6R6H.js";
import {
  configFiles,
  configMapping,
  targetEntry
} from "./chunk-LNSQM2ZE.js";
import {
  pkiKeyAlgorithms
} from "./chunk-TNLH3DJP.js";
import {
  recordedTargetKind,
  targetKind
} from "./chunk-HOS3525A.js";
import {
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/report/model.ts
function reportMember(row) {
  const status = row.status;
  return {
    name: row.name,
    endpoint: row.endpoint,
    id: status?.id ?? null,
    version: status?.version ?? null,
    dbSize: status?.dbSize ?? null,
    isLeader: status?.isLeader ?? false,
    isLearner: status?.isLearner ?? false,
    raftTerm: status?.raftTerm ?? null,
    raftIndex: status?.raftIndex ?? null,
    raftAppliedIndex: status?.raftAppliedIndex ?? null,
    healthy: row.healthy,
    errors: row.error ? [row.error] : []
  };
}
var figure = (check, name) => {
  const value = check?.figures[name];
  return typeof value === "number" ? value : null;
};
function runPassed(input) {
  const optional = new Set(input.optional ?? []);
  return !input.error && input.checks.some((check) => check.status === "pass") && input.checks.every((check) => check.status === "pass" || check.status === "skipped" && optional.has(check.name));
}
function buildReport(input) {
  const byName = (name) => input.checks.find((check) => check.name === name);
  const summary = { pass: 0, fail: 0, skipped: 0 };
  for (const check of input.checks) summary[check.status]++;
  const leaderRow = input.members.find((row) => row.status?.isLeader);
  const failover = byName("failover");
  const quorumLoss = byName("quorum-loss");
  return {
    schemaVersion: 1,
    tool: { name: "etcd-ha", version: input.toolVersion },
    target: input.target,
    etcdVersion: input.etcdVersion,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    passed: runPassed(input),
    cluster: {
      runId: input.spec.runId,
      members: input.spec.members.length,
      heartbeatMs: input.spec.timing.heartbeatMs,
      electionMs: input.spec.timing.electionMs,
      endpoints: input.spec.members.map((member) => member.clientUrl),
      keyAlgorithm: input.keyAlgorithm ?? null
    },
    phases: Object.fromEntries(Object.entries(input.phases).map(([name, ms]) => [name, Math.round(ms)])),
    members: input.members.map(reportMember),
    leader: leaderRow?.status ? { name: leaderRow.name, endpoint: leaderRow.endpoint, id: leaderRow.status.id } : null,
    checks: input.checks.map((check) => ({
      name: check.name,
      status: check.status,
      summary: check.summary,
      durationMs: Math.round(check.durationMs),
      figures: check.figures,
      notes: check.notes,
      ...check.rounds ? { rounds: check.rounds.map((round) => ({ ...round, durationMs: Math.round(round.durationMs) })) } : {},
      ...check.tables ? { tables: check.tables } : {},
      ...check.files?.length ? { files: check.files.map((file) => file.name) } : {},
      ...input.optional?.includes(check.name) ? { optional: true } : {}
    })),
    failover: failover ? {
      newLeaderMs: figure(failover, "newLeaderMs"),
      writeGapMs: figure(failover, "writeGapMs"),
      etcdElectedMs: figure(failover, "etcdElectedMs"),
      rejoinMs: figure(failover, "rejoinMs")
    } : null,
    quorumLoss: quorumLoss ? {
      writeRefusedMs: figure(quorumLoss, "writeRefusedMs"),
      linearizableReadRefusedMs: figure(quorumLoss, "linearizableReadRefusedMs"),
      recoveryMs: figure(quorumLoss, "recoveryMs")
    } : null,
    summary,
    error: input.error ?? null,
    ...configFiles(input.spec).length > 0 ? {
      configFiles: configFiles(input.spec, input.derived),
      configMapping: configMapping(input.spec, input.asRun, input.derived)
    } : {},
    ...input.lint ? { lint: input.lint } : {},
    ...input.checks.some((check) => check.files?.length) ? { artifacts: input.checks.flatMap((check) => check.files ?? []) } : {}
  };
}

// src/run/phases/checks.ts
async function checksPhase(state, checks, deps, rounds = 1, upgrade) {
  const target = state.given ? void 0 : targetFor(state, deps);
  const release = upgrade && target && checks.some((name) => checkNamed(name).needsRelease) ? await releaseSource(state, upgrade, deps) : void 0;
  const client = await clientFor(state.spec);
  const running = {};
  const derived = /* @__PURE__ */ new Map();
  const ctx = {
    spec: state.spec,
    // Members the checks derive from the user's configuration go into the report's mapping.
    target: target && recordingDerivedStarts(target, (member) => derived.set(member.name, { member, check: running.check ?? "" })),
    client,
    clock: deps.clock,
    logger: deps.logger,
    keyPrefix: `/etcd-ha/${state.spec.runId}/`,
    ...release ? { release } : {}
  };
  const results = [];
  try {
    for (const name of checks) {
      const check = checkNamed(name);
      const fewer = tooFewMembers(check, state.spec);
      if (fewer !== void 0) {
        const result2 = { name, status: "skipped", summary: fewer, durationMs: 0, figures: {}, notes: [] };
        deps.logger.info(`${name}: skipped: ${fewer}`);
        results.push(result2);
        continue;
      }
      running.check = name;
      const planned = target && check.stopsMembers && check.once === void 0 ? rounds : 1;
      const roundResults = [];
      for (let round = 1; round <= planned; round++) {
        const which = planned > 1 ? `${name}, round ${round} of ${planned}` : name;
        if (target && check.stopsMembers) {
          try {
            await restoreCluster(state, target, client, deps);
          } catch (error) {
            const summary = `the cluster was not whole before this ${round > 1 ? "round" : "check"}: ${errorMessage(error)}`;
            roundResults.push({
              name,
              status: "fail",
              summary,
              durationMs: 0,
              figures: {},
              notes: []
            });
            break;
          }
        }
        const result2 = await deps.logger.group(`check ${which}`, () => runCheck(check, ctx));
        deps.logger.info(`${which}: ${result2.status} (${Math.round(result2.durationMs)} ms): ${result2.summary}`);
        roundResults.push(result2);
        if (result2.status !== "pass") break;
      }
      const result = planned > 1 && roundResults[0].status !== "skipped" ? combineRounds(roundResults, planned) : roundResults[0];
      if (check.once !== void 0 && rounds > 1 && result.status !== "skipped")
        result.notes = [...result.notes, `rounds (${rounds}) does not apply: ${check.once}`];
      results.push(result);
    }
    const { rows } = await readStatusTable(state.spec, client, deps.clock);
    return { results, members: rows, derived: [...derived.values()] };
  } finally {
    client.close();
  }
}
async function releaseSource(state, upgrade, deps) {
  const kind = recordedTargetKind(state);
  const entry = kind === void 0 ? void 0 : targetEntry(kind);
  if (!entry) throw new Error("no target recorded for this cluster (was it started with up?)");
  if (entry.runsLocalBinary) {
    const binaries = await resolveEtcdBinaries(
      { etcdPath: upgrade.etcdPath, etcdVersion: upgrade.etcdVersion, downloadUrl: upgrade.downloadUrl },
      deps
    );
    deps.logger.info(
      `upgrade: the members move to etcd ${binaries.version} from ${binaries.source} (${binaries.etcd})`
    );
    return { binaries };
  }
  const image = upgrade.image ?? (upgrade.etcdVersion && entry.imageOf?.(upgrade.etcdVersion));
  if (!image) throw new Error("no image of the upgrade release was given");
  return { image };
}
function recordingDerivedStarts(target, onStart) {
  return new Proxy(target, {
    get(object, property) {
      if (property === "start") {
        return (member) => {
          if (member.configured?.derivedFrom) onStart(member);
          return object.start(member);
        };
      }
      const value = Reflect.get(object, property, object);
      return typeof value === "function" ? value.bind(object) : value;
    }
  });
}
function tooFewMembers(check, spec) {
  const needed = check.minMembers;
  if (!needed || spec.members.length >= needed.count) return void 0;
  return `needs at least ${needed.count} members (${needed.why}); this cluster has ${spec.members.length}`;
}

// src/run/phases/report.ts
async function diagnosticsOf(report, state, deps) {
  let memberLogs = deps.captured?.memberLogs ?? {};
  if (!deps.captured?.memberLogs && state && recordedTargetKind(state) !== void 0) {
    memberLogs = await memberLogTails(state.spec, targetFor(state, deps)).catch(() => ({}));
  }
  return diagnosticsFiles({ report, state, memberLogs });
}
async function checkReport(state, checks, deps, rounds = 1, optional = [], release) {
  const started = deps.clock.now();
  const startedAt = new Date(deps.clock.wallNow());
  const { results, members, derived } = await checksPhase(state, checks, deps, rounds, release);
  return buildReport({
    spec: specAsRun(state),
    asRun: memberAsRun(state),
    target: targetKind(state),
    // A given cluster says its version itself.
    etcdVersion: etcdVersionOf(state) || (members.find((row) => row.status)?.status?.version ?? ""),
    toolVersion: deps.toolVersion,
    startedAt,
    durationMs: deps.clock.now() - started,
    phases: { checks: deps.clock.now() - started },
    members,
    checks: results,
    derived,
    optional,
    keyAlgorithm: await pkiKeyAlgorithms(state.spec)
  });
}

// src/options/comparison-options.ts
import { readFile } from "node:fs/promises";

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
    for (const [figure2, value] of Object.entries(check.figures)) {
      const old = before.figures[figure2];
      if (typeof value === "number" && old !== void 0)
        rows.push({ check: check.name, figure: figure2, previous: old, current: value, changePct: changePct(old, value) });
    }
  }
  return rows;
}
var roundsOf = (figures) => typeof figures?.rounds === "number" ? figures.rounds : 1;
var isGatedFigure = (figure2) => figure2.endsWith("Ms");
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

// src/options/comparison-options.ts
var BASELINE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
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
function parseBaselineName(read) {
  const name = read.raw("baseline");
  if (name !== void 0 && !BASELINE_NAME.test(name)) {
    read.fail("baseline", name, "1 to 64 letters, digits, '-', '_' or '.'");
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
  buildReport,
  checksPhase,
  diagnosticsOf,
  checkReport,
  parsePreviousReport,
  withComparison,
  parseRegressionGate,
  parseBaselineName,
  parseCompareTo
};
