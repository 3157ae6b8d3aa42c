import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  lintAndScan
} from "./chunk-R2NCJY2F.js";
import {
  DEFAULT_ETCD_VERSION,
  EtcdClient,
  MOVED_MEMBERS_TABLE,
  checkNamed,
  escapeMarkdownCell,
  escapeTerminal,
  generateClusterPki,
  isCheckName,
  isSummedFigure,
  markdownCode,
  memberCountWarning,
  nearestRank,
  readClientTls
} from "./chunk-HACW6R6H.js";
import {
  downPhase
} from "./chunk-FYRXKARN.js";
import {
  clusterSpecFromConfig,
  memberAsRunBy,
  memberRunConfigsBy,
  placeConfig,
  recordTarget,
  recordedTarget,
  specAsRunBy,
  startCluster,
  tarArchive,
  targetEtcdVersion,
  waitForHealthyCluster
} from "./chunk-LNSQM2ZE.js";
import {
  certificateNamesMember,
  seal,
  validateClusterPki
} from "./chunk-TNLH3DJP.js";
import {
  recordedTargetKind,
  saveState,
  writeEtcdctlEnv
} from "./chunk-HOS3525A.js";
import {
  TERMINAL_WIDTH,
  VERSION,
  appendFileNoFollow,
  boldHeader,
  fitTable,
  painter,
  pairColumns,
  paragraph,
  shellQuote,
  withTiming,
  writeFileNoFollow
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/report/tables.ts
var STATUS_MARK = { pass: "PASS", fail: "FAIL", skipped: "SKIPPED" };
function humanBytes(bytes) {
  if (bytes === null) return "";
  if (bytes < 10) return `${bytes} B`;
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  const exponent = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1e3)));
  const value = Math.floor(bytes / 1e3 ** exponent * 10 + 0.5) / 10;
  const whole = value % 1 === 0.5 ? 2 * Math.round(value / 2) : Math.round(value);
  return `${value < 10 ? value.toFixed(1) : whole} ${units[exponent]}`;
}
var cell = (value) => value === null || value === void 0 ? "" : String(value);
function statusTable(report) {
  return {
    headers: [
      "NAME",
      "ENDPOINT",
      "ID",
      "VERSION",
      "DB SIZE",
      "IS LEADER",
      "IS LEARNER",
      "RAFT TERM",
      "RAFT INDEX",
      "RAFT APPLIED INDEX",
      "ERRORS"
    ],
    rows: report.members.map((member) => [
      member.name,
      member.endpoint,
      cell(member.id),
      cell(member.version),
      humanBytes(member.dbSize),
      member.id === null ? "" : String(member.isLeader),
      member.id === null ? "" : String(member.isLearner),
      cell(member.raftTerm),
      cell(member.raftIndex),
      cell(member.raftAppliedIndex),
      member.errors.join("; ")
    ])
  };
}
function terminalStatusTable(report) {
  const versions = new Set(report.members.map((member) => member.version).filter((version) => version !== null));
  const showVersion = versions.size > 1 || versions.size === 1 && !versions.has(report.etcdVersion);
  const role = (member) => member.id === null ? "" : member.isLeader ? "leader" : member.isLearner ? "learner" : "follower";
  return {
    headers: [
      "NAME",
      "ENDPOINT",
      "ID",
      "ROLE",
      "TERM",
      "INDEX",
      "APPLIED",
      "DB SIZE",
      ...showVersion ? ["VERSION"] : []
    ],
    rows: report.members.map((member) => [
      member.name,
      member.endpoint,
      cell(member.id),
      role(member),
      cell(member.raftTerm),
      cell(member.raftIndex),
      cell(member.raftAppliedIndex),
      humanBytes(member.dbSize),
      ...showVersion ? [cell(member.version)] : []
    ])
  };
}
function memberErrors(report) {
  return report.members.flatMap((member) => member.errors.map((error) => `${member.name}: ${error}`));
}
function statusTableNote(report) {
  const leader = report.leader ? `the leader now is ${report.leader.name}` : "no member answered as the leader";
  const moved = report.checks.filter((check) => isCheckName(check.name) && checkNamed(check.name).stopsMembers && check.status !== "skipped").map((check) => check.name);
  const since = ` ${moved.join(" and ")} took members down and brought them back, leaders among them: a leader the checks name led at their time, not necessarily now.`;
  return `Read once the checks had finished: ${leader}.${moved.length > 0 ? since : ""}`;
}
function spreadFigures(check) {
  if (!check.rounds) return [];
  return Object.keys(check.figures).filter((name) => `${name}P95` in check.figures && `${name}Max` in check.figures);
}
function checksTable(report) {
  return {
    headers: ["CHECK", "RESULT", "TIME (ms)", "SUMMARY"],
    rows: report.checks.map((check) => [
      check.name,
      STATUS_MARK[check.status],
      String(check.durationMs),
      check.summary
    ])
  };
}
function checkFigures(check) {
  const spread = spreadFigures(check);
  const inSpread = new Set(spread.flatMap((name) => [name, `${name}P95`, `${name}Max`]));
  const pairs = Object.entries(check.figures).filter(([name]) => !inSpread.has(name)).map(([name, value]) => [
    check.rounds && isSummedFigure(name) ? `${name} (sum)` : name,
    String(value)
  ]);
  if (spread.length === 0) return { pairs };
  return {
    spread: {
      headers: ["FIGURE", "P50", "P95", "MAX"],
      rows: spread.map((name) => [
        name,
        String(check.figures[name]),
        String(check.figures[`${name}P95`]),
        String(check.figures[`${name}Max`])
      ])
    },
    pairs
  };
}
function roundsTable(check) {
  if (!check.rounds) return void 0;
  const names = [...new Set(check.rounds.flatMap((round) => Object.keys(round.figures)))];
  return {
    headers: ["ROUND", "RESULT", "TIME (ms)", ...names],
    rows: check.rounds.map((round) => [
      String(round.round),
      STATUS_MARK[round.status],
      String(Math.round(round.durationMs)),
      ...names.map((name) => cell(round.figures[name]))
    ])
  };
}
function comparisonTable(report) {
  if (!report.comparison) return void 0;
  return {
    headers: ["CHECK", "FIGURE", "PREVIOUS", "CURRENT", "CHANGE"],
    rows: report.comparison.map((row) => [
      row.check,
      row.figure,
      String(row.previous),
      String(row.current),
      row.changePct === null ? "n/a (previous 0)" : `${row.changePct > 0 ? "+" : ""}${row.changePct}%`
    ])
  };
}
function configFilesTable(report) {
  if (!report.configFiles) return void 0;
  return {
    headers: ["MEMBER", "FILE", "FORM"],
    rows: report.configFiles.map((row) => [
      row.member,
      row.file,
      row.derivedFrom ? `${row.form}; derived from ${row.derivedFrom} for the ${row.forCheck} check` : row.form
    ])
  };
}
function configMappingTable(report) {
  if (!report.configFiles || !report.configMapping) return void 0;
  return {
    headers: ["MEMBER", "SETTING", "IN THE CONFIG", "IN THE RUN"],
    rows: report.configMapping.map((row) => [
      row.member,
      row.setting,
      row.config ?? "(not set)",
      row.run ?? "(left out)"
    ])
  };
}
var CONFIG_MAPPING_NOTE = "The run is the configuration as written, except where a sandbox must differ: addresses (the target's, ports and schemes kept; on ssh hosts as written; where the local target cuts peer links, each member advertises its peer proxy's port), data dirs, certificates (the run's PKI, whose SANs also name the configuration's hosts), log outputs; CRL files are left out. Settings the configuration leaves out keep etcd's defaults. Members a check adds (membership) or restores beside the cluster (snapshot-restore) run the settings of the member they are derived from, compared here with that member's file: the same TLS, certificate and CA settings, timing and every other flag, with their own name, address (ports and schemes kept), data dir and certificates (from the run's CA), and the cluster they join or the restored one (initial-cluster, its token and state).";
function verdict(report) {
  const { pass, fail, skipped } = report.summary;
  const outcome = report.passed ? "PASSED" : "FAILED";
  if (report.error && pass + fail + skipped === 0) {
    const cause = report.error.split("\n")[0].replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").replace(/[;:]\s*$/, "");
    return `etcd-ha FAILED before any check ran: ${cause.length > 400 ? `${cause.slice(0, 399)}\u2026` : cause} (${report.cluster.members}-member ${report.target} cluster, etcd ${report.etcdVersion || "unknown"}, ${report.durationMs} ms)`;
  }
  return `etcd-ha ${outcome}: ${pass} passed, ${fail} failed, ${skipped} skipped on a ${report.cluster.members}-member ${report.target} cluster (etcd ${report.etcdVersion || "unknown"}) in ${report.durationMs} ms`;
}

// src/run/boot-config.ts
import { stat } from "node:fs/promises";
var ConfigLintError = class extends ConfigurationError {
  constructor(configPath, findings) {
    const errors = findings.filter((finding) => finding.severity === "error").length;
    const count = (severity) => findings.filter((finding) => finding.severity === severity).length;
    super(
      `the etcd configuration in ${configPath} has ${errors} lint error${errors === 1 ? "" : "s"}; nothing was started`
    );
    this.configPath = configPath;
    this.findings = findings;
    this.name = "ConfigLintError";
    this.summary = { errors, warnings: count("warning"), notices: count("notice") };
  }
  configPath;
  findings;
  /** The findings counted by severity, as the lint JSON's summary. */
  summary;
};
function findingLine(finding) {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.severity} ${finding.rule}: ${finding.message}`;
}
async function readUserConfig(configPath, options) {
  const allowed = "a file or folder of etcd configuration: etcd.conf.yml, ETCD_* env files, systemd units, kubeadm configuration with etcd.local, static pod manifests";
  try {
    await stat(configPath);
  } catch (error) {
    throw new ConfigurationError(
      `${options.label("config")} is '${configPath}'; allowed: ${allowed} (${errorMessage(error)})`
    );
  }
  const { result, files } = await lintAndScan([configPath], {
    etcdVersion: options.etcdVersion,
    cwd: options.cwd,
    logger: options.logger,
    // What the run refuses is a lint error too (the ETCD-6xx rules): one verdict for lint --boot and the boot.
    boot: true
  });
  if (result.summary.errors > 0) throw new ConfigLintError(configPath, result.findings);
  for (const finding of result.findings) options.logger.warning(findingLine(finding));
  const members = files.flatMap((file) => file.members);
  if (members.length > 0) return members;
  const external = files.find((file) => file.external)?.external;
  if (external) {
    const endpoints = external.endpoints.map((endpoint) => endpoint.value).join(",");
    throw new ConfigurationError(
      `${options.label("config")} is '${configPath}': ${external.file}:${external.at.line}:${external.at.column} is kubeadm's etcd.external, a cluster that already runs${endpoints ? ` (${endpoints})` : ""}, so there is nothing to start; check that cluster with 'etcd-ha check --endpoints ${endpoints || "URL,..."} --pki-dir DIR' (the check action's endpoints and pki-dir inputs)`
    );
  }
  throw new ConfigurationError(
    `${options.label("config")} is '${configPath}'; allowed: ${allowed} (none was found there)`
  );
}
function configuredSpec(members, options, logger) {
  const chosen = (options.checks ?? []).map(checkNamed);
  const optional = new Set(options.optionalChecks ?? []);
  const tooFew = chosen.filter((check) => !optional.has(check.name) && (check.minMembers?.count ?? 1) > members.length);
  if (tooFew.length > 0) {
    const needed = Math.max(...tooFew.map((check) => check.minMembers?.count ?? 1));
    const fitting = chosen.filter((check) => !tooFew.includes(check)).map((check) => check.name);
    throw new ConfigurationError(
      `the configuration in ${options.configPath} has ${members.length} member${members.length === 1 ? "" : "s"} (${members.map((member) => `${member.name}, ${member.file}`).join("; ")}); the ${tooFew.map((check) => check.name).join(" and ")} check${tooFew.length > 1 ? "s need" : " needs"} at least ${needed} (${[...new Set(tooFew.map((check) => check.minMembers?.why))].join("; ")})` + (fitting.length > 0 ? `; to run only the ${fitting.join(" and ")} check${fitting.length > 1 ? "s" : ""}, set ${options.label("checks")} to ${fitting.join(",")}` : "")
    );
  }
  const { target } = options;
  const [ordered, sandbox] = placeConfig(target, members, {
    baseAddress: options.topology.baseAddress,
    label: options.label
  });
  const spec = clusterSpecFromConfig(ordered, options.stateDir, sandbox, {
    topology: options.topology,
    startupTimeoutMs: options.timing.startupTimeoutMs,
    pkiRoot: options.pkiDir
  });
  const warning = memberCountWarning(spec.members.length);
  if (warning) logger.warning(`${options.configPath}: ${warning}`);
  return spec;
}
async function configuredPkiPhase(spec, provided, deps) {
  const state = { schemaVersion: 1, spec, ...provided ? { pkiProvided: provided } : {} };
  if (deps.live) deps.live.state = state;
  if (!provided) await generateClusterPki(spec);
  await saveState(state);
  deps.logger.info(
    `booting the configuration: ${spec.members.map((member) => `${member.name} (${member.configured?.file ?? "?"}) on ${member.address}`).join(", ")}; heartbeat ${spec.timing.heartbeatMs} ms, election ${spec.timing.electionMs} ms`
  );
  return state;
}
function specAsRun(state) {
  return specAsRunBy(state, state.spec);
}
function memberAsRun(state) {
  return state ? memberAsRunBy(state) : (member) => member;
}

// src/report/timeline.ts
var numberFigures = (figures) => Object.fromEntries(
  Object.entries(figures).filter((entry) => typeof entry[1] === "number")
);
var ms = (value) => `${value} ms`;
function failoverBars(figures) {
  const bars = [{ section: "Cluster", label: "leader killed (SIGKILL)", startMs: 0, endMs: 0 }];
  const { newLeaderMs, writeGapMs, etcdElectedMs, rejoinMs, catchUpMs } = figures;
  const bar = (section, label, startMs, endMs, critical = false) => bars.push({ section, label, startMs, endMs, critical });
  if (newLeaderMs !== void 0) bar("Cluster", `no leader, new leader after ${ms(newLeaderMs)}`, 0, newLeaderMs, true);
  if (etcdElectedMs !== void 0)
    bar("Cluster", `etcd logged the election at ${ms(etcdElectedMs)}`, etcdElectedMs, etcdElectedMs);
  if (writeGapMs !== void 0) bar("Writes", `refused, resumed after ${ms(writeGapMs)}`, 0, writeGapMs, true);
  const restart = Math.max(newLeaderMs ?? 0, writeGapMs ?? 0);
  if (rejoinMs !== void 0)
    bar("Old leader", `restarted, rejoined as a follower in ${ms(rejoinMs)}`, restart, restart + rejoinMs);
  if (catchUpMs !== void 0) bar("Old leader", `caught up in ${ms(catchUpMs)}`, restart, restart + catchUpMs);
  return bars.length > 1 ? bars : [];
}
function quorumLossBars(figures) {
  const {
    followerStopMs,
    membersStopped,
    leaderLostMs,
    writeRefusedMs,
    linearizableReadRefusedMs,
    serializableReadMs,
    recoveryMs,
    allHealthyMs
  } = figures;
  if (followerStopMs === void 0) return [];
  const bars = [
    { section: "Majority", label: `followers killed in ${ms(followerStopMs)}`, startMs: 0, endMs: followerStopMs },
    {
      section: "Majority",
      label: `leader killed${membersStopped === void 0 ? "" : `, ${membersStopped} members down`}`,
      startMs: followerStopMs,
      endMs: followerStopMs
    }
  ];
  let at = followerStopMs;
  const next = (section, label, duration, critical = true) => {
    if (duration === void 0) return;
    bars.push({ section, label, startMs: at, endMs: at + duration, critical });
    at += duration;
  };
  next("Survivor", `notices it has no leader after ${ms(leaderLostMs ?? 0)}`, leaderLostMs);
  next("Survivor", `write refused in ${ms(writeRefusedMs ?? 0)}`, writeRefusedMs);
  next("Survivor", `linearizable read refused in ${ms(linearizableReadRefusedMs ?? 0)}`, linearizableReadRefusedMs);
  next("Survivor", `serializable read answered in ${ms(serializableReadMs ?? 0)}`, serializableReadMs, false);
  if (recoveryMs !== void 0)
    bars.push({
      section: "Restarted",
      label: `writes resumed after ${ms(recoveryMs)}`,
      startMs: at,
      endMs: at + recoveryMs
    });
  if (allHealthyMs !== void 0)
    bars.push({
      section: "Restarted",
      label: `all healthy after ${ms(allHealthyMs)}`,
      startMs: at,
      endMs: at + allHealthyMs
    });
  return bars;
}
var msCell = (cell2) => {
  const match = /^(\d+(?:\.\d+)?) ms$/.exec(cell2 ?? "");
  return match ? Number(match[1]) : void 0;
};
function upgradeBars(check) {
  const table = check.tables?.find((candidate) => candidate.title === MOVED_MEMBERS_TABLE.title);
  if (!table) return [];
  const column = (name) => table.headers.indexOf(name);
  const bars = [];
  let end = 0;
  for (const row of table.rows) {
    const [member, release] = [row[column("member")], row[column("release")]];
    const stoppedAt = msCell(row[column("stopped at")]);
    const downtime = msCell(row[column("downtime")]);
    const gap = msCell(row[column("write gap")]);
    if (stoppedAt === void 0 || downtime === void 0) continue;
    bars.push({
      section: member,
      label: `${release.replace(/→/g, "to")}, serving again after ${ms(downtime)}`,
      startMs: stoppedAt,
      endMs: stoppedAt + downtime
    });
    if (gap !== void 0 && gap > 0)
      bars.push({
        section: member,
        label: `longest write gap ${ms(gap)}`,
        startMs: stoppedAt,
        endMs: stoppedAt + gap,
        critical: true
      });
    end = Math.max(end, stoppedAt + downtime);
  }
  const clusterVersionMs = check.figures.clusterVersionMs;
  if (bars.length > 0 && typeof clusterVersionMs === "number")
    bars.push({
      section: "Cluster",
      label: `cluster version moved after ${ms(clusterVersionMs)}`,
      startMs: end,
      endMs: end + clusterVersionMs
    });
  return bars;
}
var TIMELINES = {
  failover: {
    title: "failover, from the kill of the leader",
    medianBy: "writeGapMs",
    bars: failoverBars,
    caveat: "The old leader is drawn restarting when writes resumed; it restarts a few unmeasured milliseconds later."
  },
  "quorum-loss": {
    title: "quorum-loss, from stopping the majority",
    medianBy: "recoveryMs",
    bars: quorumLossBars,
    caveat: "The survivor's probes are drawn end to end; the moments between them are not measured."
  }
};
var hasTimeline = (name) => name in TIMELINES;
function shownRound(check, medianBy) {
  if (!check.rounds || check.rounds.length === 0) return { figures: numberFigures(check.figures) };
  const count = check.rounds.length;
  const failed = check.rounds.find((round2) => round2.status !== "pass");
  if (failed)
    return { figures: numberFigures(failed.figures), round: `round ${failed.round} of ${count}, the one that failed` };
  const measured = check.rounds.map((round2) => ({ round: round2.round, figures: numberFigures(round2.figures) }));
  const ranked = measured.filter((round2) => round2.figures[medianBy] !== void 0);
  if (ranked.length === 0) return { figures: measured[0].figures, round: `round 1 of ${count}` };
  const median = nearestRank(
    ranked.map((round2) => round2.figures[medianBy]),
    50
  );
  const round = ranked.find((candidate) => candidate.figures[medianBy] === median) ?? ranked[0];
  return { figures: round.figures, round: `round ${round.round} of ${count}, the median by ${medianBy}` };
}
function checkTimeline(check) {
  if (check.status === "skipped") return void 0;
  if (check.name === "upgrade") {
    const bars2 = upgradeBars(check);
    return bars2.length > 0 ? {
      title: "upgrade, from the first member stopped",
      bars: bars2,
      caveat: "Each member's bar runs from its stop until it served a linearizable read on the other release; red: the longest time without an acknowledged write while it moved."
    } : void 0;
  }
  if (!hasTimeline(check.name)) return void 0;
  const spec = TIMELINES[check.name];
  const { figures, round } = shownRound(check, spec.medianBy);
  const bars = spec.bars(figures);
  return bars.length > 0 ? { title: spec.title, bars, round, caveat: spec.caveat } : void 0;
}
function mermaidGantt(timeline) {
  const endMs = Math.max(...timeline.bars.map((bar) => bar.endMs));
  const lines = [
    "gantt",
    `  title ${timeline.title}${timeline.round ? ` (${timeline.round})` : ""}`,
    "  dateFormat x",
    // Milliseconds below a second, seconds with milliseconds above (d3's formats; `-` drops the zero padding).
    `  axisFormat ${endMs < 1e3 ? "%-L ms" : "%-S.%L s"}`
  ];
  let section = "";
  for (const bar of timeline.bars) {
    if (bar.section !== section) lines.push(`  section ${bar.section}`);
    section = bar.section;
    const start = Math.round(bar.startMs);
    const milestone = bar.endMs === bar.startMs;
    const tags = [milestone ? "milestone" : "", bar.critical ? "crit" : ""].filter((tag) => tag !== "");
    const end = milestone ? start : Math.max(start + 1, Math.round(bar.endMs));
    lines.push(`  ${bar.label.replace(/[:#;]/g, " ")} :${[...tags, start, end].join(", ")}`);
  }
  return lines.join("\n");
}

// src/report/figures.ts
var KEYS_ACKNOWLEDGED = "keys the check wrote and etcd acknowledged during the drill";
var KEYS_LOST = "acknowledged keys missing at the end (must be 0); summed over rounds";
var DRILLS = [
  "failover",
  "quorum-loss",
  "partition",
  "membership",
  "snapshot-restore",
  "history",
  "watch",
  "upgrade"
];
var FIGURES = {
  members: { unit: "count", meaning: "members in the status table", checks: ["status"] },
  healthy: { unit: "count", meaning: "members that answered a linearizable read", checks: ["status"] },
  leaders: { unit: "count", meaning: "members that say they are the leader (must be 1)", checks: ["status"] },
  slowestHealthMs: { unit: "ms", meaning: "the slowest member's health read", checks: ["status"] },
  raftTerm: { unit: "term", meaning: "the highest raft term a member reported", checks: ["status"] },
  largestDbSizeBytes: { unit: "bytes", meaning: "the largest member's database size", checks: ["status"] },
  termBefore: {
    unit: "term",
    meaning: "the highest raft term before the fault",
    checks: ["failover", "partition"]
  },
  newLeaderMs: {
    unit: "ms",
    meaning: "from the fault (leader killed, leader cut off, leader removed) until the other members agree on a new leader",
    checks: ["failover", "partition", "membership"]
  },
  writeGapMs: {
    unit: "ms",
    meaning: "failover: from the kill of the leader until a write is acknowledged again (writes start every 10 ms); upgrade: the longest time between two acknowledged writes while a member moved (the longest of the members)",
    checks: ["failover", "upgrade"]
  },
  etcdElectedMs: {
    unit: "ms",
    meaning: `from the kill of the leader until the "elected leader" line a survivor logged, by that line's timestamp`,
    checks: ["failover"]
  },
  termAfter: {
    unit: "term",
    meaning: "the highest raft term at the end (failover: the term the new leader was elected in)",
    checks: ["failover", "partition"]
  },
  rejoinMs: {
    unit: "ms",
    meaning: "from the restart of the old leader until it follows the new leader",
    checks: ["failover"]
  },
  catchUpMs: {
    unit: "ms",
    meaning: "until a returning member has applied the leader's index: from its restart (failover), the heal (partition), its start (membership, the slower learner)",
    checks: ["failover", "partition", "membership"]
  },
  keysAcknowledged: {
    unit: "count",
    meaning: KEYS_ACKNOWLEDGED,
    checks: ["failover", "quorum-loss", "partition", "membership", "snapshot-restore", "upgrade"]
  },
  keysLost: {
    unit: "count",
    meaning: KEYS_LOST,
    checks: ["failover", "quorum-loss", "partition", "membership", "snapshot-restore", "upgrade"]
  },
  followerStopMs: { unit: "ms", meaning: "killing the followers of the majority", checks: ["quorum-loss"] },
  membersStopped: { unit: "count", meaning: "members killed: a majority", checks: ["quorum-loss"] },
  leaderLostMs: {
    unit: "ms",
    meaning: "from the kill of the leader until the survivor names no leader",
    checks: ["quorum-loss"]
  },
  writeRefusedMs: {
    unit: "ms",
    meaning: "a write to the member without quorum (quorum-loss: the survivor; partition: the cut-off leader) until refused",
    checks: ["quorum-loss", "partition"]
  },
  linearizableReadRefusedMs: {
    unit: "ms",
    meaning: "a linearizable read on the survivor until refused",
    checks: ["quorum-loss"]
  },
  serializableReadMs: {
    unit: "ms",
    meaning: "a serializable read answered from the survivor's local state",
    checks: ["quorum-loss"]
  },
  serializableKeysSeen: {
    unit: "count",
    meaning: "acknowledged keys that serializable read saw (possibly stale)",
    checks: ["quorum-loss"]
  },
  recoveryMs: {
    unit: "ms",
    meaning: "from the restart of the stopped members until a write is acknowledged again",
    checks: ["quorum-loss"]
  },
  allHealthyMs: {
    unit: "ms",
    meaning: "from the restart of the stopped members until every member is healthy",
    checks: ["quorum-loss"]
  },
  stepDownMs: {
    unit: "ms",
    meaning: "from the cut until the old leader's own status no longer says it leads",
    checks: ["partition"]
  },
  termElected: { unit: "term", meaning: "the majority's new leader's term", checks: ["partition"] },
  healMs: {
    unit: "ms",
    meaning: "from the heal until the old leader follows and has applied the leader's index",
    checks: ["partition"]
  },
  termAfterHeal: {
    unit: "term",
    meaning: "the highest term after the old leader's return (equals termElected with pre-vote)",
    checks: ["partition"]
  },
  addMs: { unit: "ms", meaning: "the slower `member add --learner` request", checks: ["membership"] },
  addWaitMs: {
    unit: "ms",
    meaning: "the slower wait for etcd's strict reconfiguration check before an add",
    checks: ["membership"]
  },
  promoteMs: { unit: "ms", meaning: "the slower promotion of a caught-up learner", checks: ["membership"] },
  removeMs: { unit: "ms", meaning: "the slower `member remove` request", checks: ["membership"] },
  removeWaitMs: {
    unit: "ms",
    meaning: "the slower wait for etcd's strict reconfiguration check before a removal",
    checks: ["membership"]
  },
  moveLeaderMs: {
    unit: "ms",
    meaning: "moving the leadership to the last added member",
    checks: ["membership"]
  },
  maxSize: { unit: "count", meaning: "the most voting members the cluster reached", checks: ["membership"] },
  finalSize: { unit: "count", meaning: "voting members at the end", checks: ["membership"] },
  snapshotMs: {
    unit: "ms",
    meaning: "streaming the leader's snapshot to a file and verifying its hash",
    checks: ["snapshot-restore"]
  },
  snapshotBytes: { unit: "bytes", meaning: "the snapshot's size", checks: ["snapshot-restore"] },
  restoreMs: {
    unit: "ms",
    meaning: "restoring the snapshot into every new member's data folder",
    checks: ["snapshot-restore"]
  },
  restoredHealthyMs: {
    unit: "ms",
    meaning: "from the start of the restored members until they agree on a leader",
    checks: ["snapshot-restore"]
  },
  keysRestored: {
    unit: "count",
    meaning: "the snapshot's keys the restored cluster holds with their value and revision",
    checks: ["snapshot-restore"]
  },
  revisionRestored: {
    unit: "revision",
    meaning: "the restored cluster's store revision (must equal the snapshot's)",
    checks: ["snapshot-restore"]
  },
  clients: { unit: "count", meaning: "clients that ran operations at once", checks: ["history"] },
  keys: { unit: "count", meaning: "keys the clients put and got", checks: ["history"] },
  loadMs: {
    unit: "ms",
    meaning: "the load with its faults, until the final reads (history) or the final write (watch)",
    checks: ["history", "watch"]
  },
  faults: {
    unit: "count",
    meaning: "faults injected during the load (the notes name them)",
    checks: ["history", "watch"]
  },
  checkMs: { unit: "ms", meaning: "the linearizability checker's time", checks: ["history"] },
  operations: { unit: "count", meaning: "operations in the history", checks: ["history", "upgrade"] },
  operationsOk: { unit: "count", meaning: "operations etcd acknowledged", checks: ["history"] },
  operationsFailed: {
    unit: "count",
    meaning: "operations etcd refused before proposing them",
    checks: ["history"]
  },
  operationsUnknown: {
    unit: "count",
    meaning: "operations whose outcome is unknown (a timeout, a lost connection)",
    checks: ["history"]
  },
  linearizable: {
    unit: "boolean",
    meaning: "whether the history is linearizable (false also when the checker could not decide); with rounds: true only if every round was",
    checks: ["history", "upgrade"]
  },
  membersMoved: {
    unit: "count",
    meaning: "members moved to the other release and serving on it (the table of moved members names each)",
    checks: ["upgrade"]
  },
  downtimeMs: {
    unit: "ms",
    meaning: "the longest of the members: from stopping it until it served a linearizable read on the other release",
    checks: ["upgrade"]
  },
  clusterVersionMs: {
    unit: "ms",
    meaning: "from the last member serving on the other release until a member's `/version` named its minor as the cluster version",
    checks: ["upgrade"]
  },
  eventsChecked: {
    unit: "count",
    meaning: "watch events delivered and checked against the writes and their revisions, the final watch included",
    checks: ["watch"]
  },
  watchers: {
    unit: "count",
    meaning: "watchers: from now and from a past revision, the one from a compacted revision and the final watch",
    checks: ["watch"]
  },
  resumptions: {
    unit: "count",
    meaning: "watches opened again on another member, from the revision after the last delivered, after their stream broke",
    checks: ["watch"]
  },
  largestDeliveryDelayMs: {
    unit: "ms",
    meaning: "the largest time from a write's acknowledgment to its event's delivery on a watch open before it",
    checks: ["watch"]
  },
  compactions: {
    unit: "count",
    meaning: "compactions etcd acknowledged, every few hundred ms during the load to a revision a little behind",
    checks: ["watch"]
  },
  integrityRevision: {
    unit: "revision",
    meaning: "after the drill: the store revision at which every running member was asked for HashKV (with rounds, Max is the last round's)",
    checks: DRILLS
  },
  hashKvAgree: {
    unit: "boolean",
    meaning: "after the drill: whether every running member gave the same HashKV hash and compacted revision at integrityRevision; with rounds: true only if every round was",
    checks: DRILLS
  },
  hashKvMembers: {
    unit: "count",
    meaning: "after the drill: members whose HashKV at integrityRevision agreed (the most common answer)",
    checks: DRILLS
  },
  logPanics: {
    unit: "count",
    meaning: "after the drill: panic and fatal lines in the members' logs (zap's panic, dpanic and fatal levels, capnslog's critical one, the Go runtime's panic and fatal error; must be 0); summed over rounds",
    checks: DRILLS
  },
  probes: { unit: "count", meaning: "TLS probes that got an answer (the control probe aside)", checks: ["tls"] },
  refused: { unit: "count", meaning: "of those, the probes the members refused", checks: ["tls"] },
  cisPassed: { unit: "count", meaning: "CIS etcd requirements met", checks: ["tls"] },
  cisFailed: { unit: "count", meaning: "CIS etcd requirements not met", checks: ["tls"] }
};
var ROUND_FIGURE_RULES = [
  {
    name: "<name>",
    unit: "the figure's",
    meaning: "with rounds: the p50 of the rounds (nearest rank); `keysLost` and `logPanics` are their sums, a boolean is true only if it was in every round"
  },
  { name: "<name>P95", unit: "the figure's", meaning: "with rounds: the p95 of a number figure (nearest rank)" },
  { name: "<name>Max", unit: "the figure's", meaning: "with rounds: the largest value of a number figure" },
  { name: "rounds", unit: "count", meaning: "with rounds: how many rounds ran" }
];
function isFigureName(name) {
  return Object.hasOwn(FIGURES, name);
}
function baseFigure(name) {
  if (isFigureName(name)) return name;
  const base = name.replace(/(P95|Max)$/, "");
  return base !== name && isFigureName(base) && FIGURES[base].unit !== "boolean" ? base : void 0;
}
function legendRow(name) {
  const info = FIGURES[name];
  return [`\`${name}\``, info.unit, info.meaning, info.checks.join(", ")];
}
var LEGEND_HEADERS = ["FIGURE", "UNIT", "MEANING", "CHECKS"];
function legendMarkdown(names = Object.keys(FIGURES), rounds = true) {
  const order = Object.keys(FIGURES);
  const rows = order.filter((name) => names.includes(name)).map(legendRow);
  if (rounds) rows.push(...ROUND_FIGURE_RULES.map((rule) => [`\`${rule.name}\``, rule.unit, rule.meaning, "all"]));
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(LEGEND_HEADERS), line(LEGEND_HEADERS.map(() => "---")), ...rows.map(line)].join("\n");
}
function figuresLegend(checks) {
  const reported = checks.flatMap((check) => [check.figures, ...(check.rounds ?? []).map((round) => round.figures)]);
  const names = new Set(reported.flatMap((figures) => Object.keys(figures).map(baseFigure)));
  const known = [...names].filter((name) => name !== void 0);
  if (known.length === 0) return void 0;
  return legendMarkdown(
    known,
    checks.some((check) => check.rounds !== void 0)
  );
}

// src/report/render.ts
var COMPARISON_TITLE = "Compared with the previous run";
var STATUS_TITLE = "Endpoint status after the checks";
var SPREAD_TITLE = "p50, P95 and Max over the rounds (nearest rank)";
function markdownTable(table) {
  const line = (cells) => `| ${cells.map(escapeMarkdownCell).join(" | ")} |`;
  return [line(table.headers), `| ${table.headers.map(() => "---").join(" | ")} |`, ...table.rows.map(line)].join("\n");
}
function details(summary, body) {
  return `<details><summary>${summary}</summary>

${body}

</details>`;
}
function pairsTable(pairs, columns = 3) {
  const rows = Math.ceil(pairs.length / columns);
  const used = Math.ceil(pairs.length / rows);
  return {
    headers: Array.from({ length: used }, () => ["FIGURE", "VALUE"]).flat(),
    rows: Array.from(
      { length: rows },
      (_, row) => Array.from({ length: used }, (_2, column) => pairs[column * rows + row] ?? ["", ""]).flat()
    )
  };
}
function markdownCheck(check) {
  const parts = [];
  const timeline = checkTimeline(check);
  if (timeline)
    parts.push(`\`\`\`mermaid
${mermaidGantt(timeline)}
\`\`\``, `<sub>${escapeMarkdownCell(timeline.caveat)}</sub>`);
  const { spread, pairs } = checkFigures(check);
  if (spread) parts.push(`${SPREAD_TITLE}:`, markdownTable(spread));
  if (pairs.length > 0) parts.push(markdownTable(pairsTable(pairs)));
  for (const table of check.tables ?? []) parts.push(`**${escapeMarkdownCell(table.title)}**`, markdownTable(table));
  if (check.notes.length > 0) {
    parts.push(
      details(`Notes (${check.notes.length})`, check.notes.map((note) => `- ${escapeMarkdownCell(note)}`).join("\n"))
    );
  }
  const rounds = roundsTable(check);
  if (rounds) parts.push(details(`Each of the ${rounds.rows.length} rounds`, markdownTable(rounds)));
  return parts.length > 0 ? [`#### ${escapeMarkdownCell(check.name)}`, ...parts] : [];
}
function renderMarkdown(report) {
  const parts = [`## ${report.passed ? "\u2705" : "\u274C"} ${escapeMarkdownCell(verdict(report))}`];
  if (report.error) parts.push(`**Failed:** ${escapeMarkdownCell(report.error)}`);
  if (report.lint)
    parts.push(
      markdownTable({
        headers: ["Where", "Severity", "Rule", "Finding"],
        rows: report.lint.findings.map((finding) => [
          `${finding.file}:${finding.line}:${finding.column}`,
          finding.severity,
          finding.rule,
          finding.message
        ])
      })
    );
  if (report.checks.length > 0) {
    const marks = { PASS: "\u2705 PASS", FAIL: "\u274C FAIL", SKIPPED: "\u23ED\uFE0F SKIPPED" };
    const table = checksTable(report);
    parts.push(
      "### Checks",
      markdownTable({
        ...table,
        rows: table.rows.map(([name, result, ...rest]) => [name, marks[result] ?? result, ...rest])
      })
    );
    for (const check of report.checks) parts.push(...markdownCheck(check));
    const legend = figuresLegend(report.checks);
    if (legend) parts.push(details("Legend", legend));
  }
  if (report.members.length > 0)
    parts.push(`### ${STATUS_TITLE}`, escapeMarkdownCell(statusTableNote(report)), markdownTable(statusTable(report)));
  const comparison = comparisonTable(report);
  if (comparison) {
    parts.push(
      comparison.rows.length > 0 ? details(`${COMPARISON_TITLE} (${comparison.rows.length} figures)`, markdownTable(comparison)) : `**${COMPARISON_TITLE}:** no figure in common with the previous report.`
    );
  }
  const files = configFilesTable(report);
  const mapping = configMappingTable(report);
  if (files && mapping) {
    const derived = report.configFiles?.filter((row) => row.derivedFrom).length ?? 0;
    const summary = `Your configuration: ${files.rows.length - derived} members` + (derived > 0 ? ` (and ${derived} derived from them by checks)` : "") + `, ${mapping.rows.length} settings mapped, added or left out`;
    parts.push(details(summary, [markdownTable(files), markdownTable(mapping), CONFIG_MAPPING_NOTE].join("\n\n")));
  }
  parts.push(
    `<sub>run ${escapeMarkdownCell(report.cluster.runId)}, heartbeat ${report.cluster.heartbeatMs} ms, election ${report.cluster.electionMs} ms; ` + (report.cluster.keyAlgorithm ? `keys ${escapeMarkdownCell(report.cluster.keyAlgorithm)}; ` : "") + `phases: ${Object.entries(report.phases).map(([name, ms2]) => `${name} ${ms2} ms`).join(", ")}</sub>`
  );
  return `${parts.join("\n\n")}
`;
}
var escapeTable = (table) => ({
  headers: table.headers,
  rows: table.rows.map((cells) => cells.map(escapeTerminal))
});
var RESULT_STYLE = { PASS: "green", FAIL: "red", SKIPPED: "yellow" };
function terminalCheck(check, summaryCut, paint) {
  const lines = [];
  const { spread, pairs } = checkFigures(check);
  if (spread) {
    lines.push(`  ${SPREAD_TITLE}:`, ...fitTable(escapeTable(spread), { indent: 2, paint: boldHeader(paint) }).lines);
  }
  lines.push(...pairColumns(pairs.map(([name2, value]) => [escapeTerminal(name2), value])));
  for (const table of check.tables ?? []) {
    const flexible = table.headers.map((_, column) => column);
    lines.push(
      paint(paragraph(`${escapeTerminal(table.title)}:`, { indent: 2 }), "bold"),
      ...fitTable(escapeTable(table), { indent: 2, flexible, paint: boldHeader(paint) }).lines
    );
  }
  for (const note of check.notes) lines.push(paragraph(`- ${escapeTerminal(note)}`, { indent: 2 }));
  if (lines.length === 0 && !summaryCut) return void 0;
  const name = paint(escapeTerminal(check.name), "bold");
  const heading = summaryCut ? paragraph(`${escapeTerminal(check.name)}: ${escapeTerminal(check.summary)}`).replace(
    escapeTerminal(check.name),
    () => name
  ) : name;
  return [heading, ...lines].join("\n");
}
function renderTerminal(report, options = {}) {
  const paint = painter(options.color ?? false);
  const blocks = [];
  const header = boldHeader(paint);
  if (report.checks.length > 0) {
    const resultColumn = 1;
    const { lines, truncatedRows } = fitTable(escapeTable(checksTable(report)), {
      flexible: [3],
      overflow: "truncate",
      paint: (row, column, text) => {
        if (row === -1) return paint(text, "bold");
        const status = report.checks[row].status.toUpperCase();
        return column === resultColumn ? paint(text, RESULT_STYLE[status], "bold") : text;
      }
    });
    blocks.push(lines.join("\n"));
    report.checks.forEach((check, index) => {
      const block = terminalCheck(check, truncatedRows.includes(index), paint);
      if (block) blocks.push(block);
    });
  }
  if (report.members.length > 0) {
    blocks.push(
      [
        paint(STATUS_TITLE, "bold"),
        paragraph(escapeTerminal(statusTableNote(report)), { hanging: 0 }),
        ...fitTable(escapeTable(terminalStatusTable(report)), { flexible: [0, 1], paint: header }).lines,
        ...memberErrors(report).map((error) => paint(paragraph(escapeTerminal(error)), "red"))
      ].join("\n")
    );
  }
  const comparison = comparisonTable(report);
  if (comparison) {
    blocks.push(
      [
        paint(`${COMPARISON_TITLE}:`, "bold"),
        ...comparison.rows.length > 0 ? fitTable(escapeTable(comparison), { flexible: [1], paint: header }).lines : ["  no figure in common with the previous report"]
      ].join("\n")
    );
  }
  const files = configFilesTable(report);
  const mapping = configMappingTable(report);
  if (files && mapping) {
    blocks.push(
      [
        paint("Your configuration:", "bold"),
        // One table per member, without a MEMBER column: the room goes to the values.
        ...files.rows.flatMap(([member, file, form]) => [
          // A function, so that `$&` or `$'` in a member's name is not read as a replacement pattern.
          paragraph(`${escapeTerminal(member)}: ${escapeTerminal(file)} (${escapeTerminal(form)})`).replace(
            escapeTerminal(member),
            () => paint(escapeTerminal(member), "bold")
          ),
          ...fitTable(
            escapeTable({
              headers: mapping.headers.slice(1),
              rows: mapping.rows.filter((row) => row[0] === member).map((row) => row.slice(1))
            }),
            {
              flexible: [1, 2],
              paint: header,
              indent: 2
            }
          ).lines
        ]),
        "",
        paragraph(CONFIG_MAPPING_NOTE, { hanging: 0 })
      ].join("\n")
    );
  }
  if (report.error) blocks.push(paint(paragraph(`failed: ${escapeTerminal(report.error)}`), "red"));
  const outcome = verdict(report);
  blocks.push(
    paint(
      outcome.length <= TERMINAL_WIDTH ? outcome : outcome.replace(/ (in \d+ ms)$/, "\n  $1"),
      "bold",
      report.passed ? "green" : "red"
    )
  );
  return `${blocks.join("\n\n")}
`;
}
function renderJson(report) {
  const { artifacts: _artifacts, ...json } = report;
  return `${JSON.stringify(json, null, 2)}
`;
}

// src/options/diagnostics-options.ts
var DIAGNOSTICS_WHEN = ["on-failure", "always", "never"];
var LOG_TAIL_LINES = 500;

// src/run/diagnostics.ts
import path from "node:path";
import { gzipSync } from "node:zlib";
function wantsDiagnostics(when, report) {
  return when === "always" || when === "on-failure" && !report.passed;
}
async function memberLogTails(spec, target) {
  const logs = {};
  for (const member of spec.members) {
    try {
      logs[member.name] = await target.logs(member, LOG_TAIL_LINES);
    } catch (error) {
      logs[member.name] = `(the log could not be read: ${errorMessage(error)})
`;
    }
  }
  return logs;
}
function memberRunConfigs(state) {
  return recordedTargetKind(state) === void 0 ? {} : memberRunConfigsBy(state, state.spec);
}
function diagnosticsVersions(report) {
  return {
    tool: `${report.tool.name} ${report.tool.version}`,
    etcd: report.etcdVersion || "unknown",
    node: process.version,
    target: report.target,
    platform: `${process.platform} ${process.arch}`
  };
}
function plainTable(table) {
  const widths = table.headers.map(
    (header, column) => Math.max(header.length, ...table.rows.map((row) => row[column].length))
  );
  const line = (cells) => cells.map((cell2, column) => cell2.padEnd(widths[column])).join("  ").trimEnd();
  return `${[line(table.headers), ...table.rows.map(line)].join("\n")}
`;
}
var PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
var AGE_IDENTITY = /AGE-SECRET-KEY-1[0-9A-Z]+/g;
function withoutKeys(text) {
  return text.replace(PRIVATE_KEY_BLOCK, "[private key removed]").replace(AGE_IDENTITY, "[age identity removed]");
}
function memberFolder(name, index) {
  return /^[A-Za-z0-9._-]{1,40}$/.test(name) && name !== "." && name !== ".." ? name : `member-${index + 1}`;
}
function diagnosticsFiles(input) {
  const { report, state } = input;
  const root = `etcd-ha-diagnostics-${report.cluster.runId}`;
  const configs = state ? memberRunConfigs(state) : {};
  const specMembers = state?.spec.members ?? [];
  const members = specMembers.map((member) => {
    const row = report.members.find((candidate) => candidate.name === member.name);
    return {
      name: member.name,
      clientUrl: member.clientUrl,
      peerUrl: member.peerUrl,
      dataDir: member.dataDir,
      logFile: member.logFile,
      id: row?.id ?? null,
      isLeader: row?.isLeader ?? false,
      healthy: row?.healthy ?? false,
      errors: row?.errors ?? []
    };
  });
  const text = (name, body) => ({
    name: `${root}/${name}`,
    mode: 420,
    data: Buffer.from(withoutKeys(body))
  });
  const files = [
    text(
      "README.txt",
      `etcd-ha diagnostics of run ${report.cluster.runId} (${report.passed ? "passed" : "failed"}${report.error ? `: ${report.error}` : ""})

report.json        the JSON report
status.txt         the endpoint status table, as read after the checks (empty when the cluster did not come up)
members.json       the member list: names, URLs, data dirs, log files, IDs and health
members/NAME/      each member's last ${LOG_TAIL_LINES} log lines (etcd.log) and the flags (flags.txt) or config file (etcd.conf.yml) it ran with
versions.json      versions of etcd-ha, etcd, Node.js, the target and the platform

Certificates and keys are named by their paths only; no key is in this bundle.
`
    ),
    text("report.json", renderJson(report)),
    text(
      "status.txt",
      report.members.length > 0 ? plainTable(statusTable(report)) : "no member answered: the cluster did not come up\n"
    ),
    text("members.json", `${JSON.stringify(members, null, 2)}
`),
    text("versions.json", `${JSON.stringify(diagnosticsVersions(report), null, 2)}
`)
  ];
  specMembers.forEach((member, index) => {
    const folder = `members/${memberFolder(member.name, index)}`;
    const log = input.memberLogs[member.name];
    if (log !== void 0)
      files.push(
        text(`${folder}/etcd.log`, log === "" ? "(the log is empty)\n" : log.endsWith("\n") ? log : `${log}
`)
      );
    const config = configs[member.name];
    if (config) files.push(text(`${folder}/${config.file}`, config.text));
  });
  return files.filter((file) => !file.name.endsWith(".key"));
}
function diagnosticsFileName(runId, sealed) {
  return `etcd-ha-diagnostics-${runId}.tar.gz${sealed ? ".age" : ""}`;
}
async function writeDiagnosticsBundle(files, file, options) {
  const packed = gzipSync(tarArchive(files));
  let bytes = packed;
  if (options.seal) {
    try {
      bytes = await seal(packed, options.seal.key);
    } catch (error) {
      throw new Error(
        `the diagnostics bundle could not be sealed with ${options.seal.label} (${errorMessage(error)}); nothing was written`
      );
    }
  }
  const target = path.resolve(file);
  await writeFileNoFollow(target, bytes, { mode: 384 });
  return {
    file: target,
    bytes: bytes.length,
    sealed: options.seal ? "passphrase" in options.seal.key ? "passphrase" : "recipients" : void 0
  };
}
function openCommand(bundle, file) {
  const quoted = shellQuote(file);
  if (bundle.sealed === "recipients") return `age -d -i key.txt ${quoted} | tar -xz`;
  if (bundle.sealed === "passphrase") return `age -d ${quoted} | tar -xz`;
  return `tar -xzf ${quoted}`;
}
function sealedAs(bundle) {
  if (bundle.sealed === "recipients") return "sealed with age for the recipients given";
  return bundle.sealed === "passphrase" ? "sealed with age with the passphrase given" : "not sealed";
}
function diagnosticsLine(bundle, where, openWith = bundle.file) {
  return `diagnostics bundle (${bundle.bytes} bytes, ${sealedAs(bundle)}): ${where}; open it with: ${openCommand(bundle, openWith)}`;
}
function diagnosticsMarkdown(bundle, where, openWith = path.basename(bundle.file)) {
  return `
### Diagnostics

The diagnostics bundle (member logs, status, member list, flags or config files, report, versions; no keys; ${sealedAs(bundle)}) is ${where}. Open it with:

\`\`\`sh
${openCommand(bundle, openWith)}
\`\`\`
`;
}

// src/run/phases/target-choice.ts
function chooseTarget(state, target, binaries, etcdVersion, cutsLinks) {
  recordTarget(state, target, {
    spec: state.spec,
    binaries,
    etcdVersion: etcdVersion ?? DEFAULT_ETCD_VERSION,
    cutsLinks
  });
}
function targetFor(state, deps) {
  const target = recordedTarget(state, state.spec, {
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    onChange: () => saveState(state)
  });
  if (!target) throw new Error(`no target recorded for this cluster (was it started with up?)`);
  return target;
}
function etcdVersionOf(state) {
  return (state && targetEtcdVersion(state)) ?? state?.binaries?.version ?? "";
}

// src/run/phases/cluster-client.ts
async function clientFor(spec) {
  const tls = await readClientTls({
    ca: spec.pki.caCert,
    cert: spec.pki.apiserverClientCert,
    key: spec.pki.apiserverClientKey
  });
  const named = await Promise.all(
    spec.members.map(
      async (member) => await certificateNamesMember(member.pki.serverCert, member.name) ? member : void 0
    )
  );
  return EtcdClient.create(
    tls,
    new Map(named.filter((member) => member !== void 0).map((member) => [member.clientUrl, member.name]))
  );
}
function peerProbeTls(spec) {
  return readClientTls({
    ca: spec.pki.caCert,
    cert: spec.pki.healthcheckClientCert,
    key: spec.pki.healthcheckClientKey
  });
}

// src/run/phases/up.ts
async function upPhase(state, placement, timing, deps) {
  if (timing) state.spec = withTiming(state.spec, timing);
  if (placement.binaries) state.binaries = placement.binaries;
  if (deps.live) deps.live.state = state;
  await validateClusterPki(state.spec, {
    now: new Date(deps.clock.wallNow()),
    minValidityDays: state.pkiProvided?.minValidityDays ?? 0
  });
  chooseTarget(state, placement.target, placement.binaries, placement.etcdVersion, placement.cutsLinks);
  await saveState(state);
  const target = targetFor(state, deps);
  const client = await clientFor(state.spec);
  await deps.runs?.register(state).catch((error) => {
    deps.logger.warning(
      `could not record this run in ${deps.runs?.dir} ('etcd-ha ps' will not list it): ${errorMessage(error)}`
    );
  });
  try {
    const { leader, elapsedMs } = await startCluster(state.spec, target, client, {
      ...deps,
      peerTls: await peerProbeTls(state.spec)
    });
    deps.logger.info(`cluster healthy in ${Math.round(elapsedMs)} ms; leader ${leader.name} (${leader.clientUrl})`);
    await writeEtcdctlEnv(state.spec);
    return state;
  } catch (error) {
    if (deps.captured) deps.captured.memberLogs = await memberLogTails(state.spec, target);
    const problems = await target.destroy({ keepData: false });
    for (const problem of problems) deps.logger.warning(`teardown after a failed start: ${problem}`);
    if (problems.length === 0) await deps.runs?.unregister(state.spec.runId).catch(() => void 0);
    throw error;
  } finally {
    client.close();
  }
}
async function restoreCluster(state, target, client, deps) {
  if (target.faults.isolate.supported) await target.heal();
  await Promise.all(
    state.spec.members.map(async (member) => {
      if (target.faults.pause.supported) await target.resume(member);
      if (!await target.isRunning(member)) {
        deps.logger.info(`restarting ${member.name}, left stopped by an earlier check`);
        await target.start(member);
      }
    })
  );
  await waitForHealthyCluster(state.spec, target, client, { clock: deps.clock });
}

// src/run/outputs.ts
import path2 from "node:path";
async function writeJsonReport(report, file) {
  await writeFileNoFollow(file, renderJson(report));
}
async function writeCheckFiles(report, folder) {
  const files = report.artifacts ?? [];
  if (files.length === 0) return [];
  const unfit = files.find((file) => path2.basename(file.name) !== file.name || file.name.startsWith("."));
  if (unfit) throw new Error(`a check handed back a file named '${unfit.name}', which is not a plain file name`);
  const written = [];
  for (const file of files) {
    const target = path2.join(folder, file.name);
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

// src/etcd/install.ts
import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat as stat2, writeFile } from "node:fs/promises";
import path3 from "node:path";

// src/util/http.ts
var HttpRequestError = class extends Error {
  constructor(url, message) {
    super(`could not download ${url}: ${message}`);
    this.url = url;
    this.name = "HttpRequestError";
  }
  url;
};
function readAll(message) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    message.on("data", (chunk) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
    message.on("close", () => {
      if (!message.complete) reject(new Error("the connection closed before the whole answer arrived"));
    });
  });
}
var toolkitHttpGet = async (url, timeoutMs) => {
  const { HttpClient } = await import("./lib-IXEWLAWG.js");
  const client = new HttpClient(`etcd-ha/${VERSION}`, [], { socketTimeout: timeoutMs });
  let message;
  let timedOut = false;
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      message?.destroy();
      reject(new HttpRequestError(url, `no whole answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const request = client.get(url).then((response2) => {
      message = response2.message;
      if (timedOut) message.destroy();
      return response2;
    });
    const response = await Promise.race([request, deadline]);
    const body = await Promise.race([readAll(response.message), deadline]);
    return { status: response.message.statusCode ?? 0, body };
  } catch (error) {
    if (error instanceof HttpRequestError) throw error;
    throw new HttpRequestError(url, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
    client.dispose();
  }
};

// src/etcd/install.ts
var PINNED_RELEASES = {};
var GO_ARCH = { x64: "amd64", arm64: "arm64", ppc64: "ppc64le", s390x: "s390x" };
var SUMS_TIMEOUT_MS = 3e4;
var TARBALL_TIMEOUT_MS = 3e5;
var DOWNLOAD_ATTEMPTS = 3;
var toolCacheRetryDelayMs = () => 1e4 + Math.floor(Math.random() * 1e4);
var retryable = (status) => status >= 500 || status === 408 || status === 429;
async function isExecutable(file) {
  try {
    await access(file, constants.X_OK);
    return (await stat2(file)).isFile();
  } catch {
    return false;
  }
}
async function etcdVersionOf2(etcd, runner) {
  const result = await runner.run(etcd, ["--version"], { timeoutMs: 1e4 });
  const match = /etcd Version:\s*v?(\S+)/.exec(result.stdout);
  if (result.code !== 0 || !match) {
    throw new Error(
      `${etcd} --version did not print a version (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 300)}`
    );
  }
  return match[1];
}
async function findPair(dirs) {
  for (const dir of dirs) {
    const etcd = path3.join(dir, "etcd");
    const etcdctl = path3.join(dir, "etcdctl");
    if (await isExecutable(etcd) && await isExecutable(etcdctl)) return { etcd, etcdctl };
  }
  return void 0;
}
function parseSha256Sums(text) {
  const sums = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line);
    if (match) sums.set(match[2], match[1].toLowerCase());
  }
  return sums;
}
async function resolveEtcdBinaries(options, deps) {
  const { runner, logger } = deps;
  if (options.etcdPath) {
    const pair = await findPair([options.etcdPath]);
    if (!pair) {
      throw new ConfigurationError(
        `etcd-path is '${options.etcdPath}'; allowed: a folder holding executable etcd and etcdctl files`
      );
    }
    return { ...pair, version: await etcdVersionOf2(pair.etcd, runner), source: "etcd-path" };
  }
  const onPath = await findPair(deps.searchPath);
  if (onPath) {
    const version = await etcdVersionOf2(onPath.etcd, runner);
    if (!options.etcdVersion || options.etcdVersion === version) return { ...onPath, version, source: "PATH" };
    logger.info(`etcd ${version} on PATH is not the requested ${options.etcdVersion}; using the release instead`);
  }
  return installRelease(options.etcdVersion ?? DEFAULT_ETCD_VERSION, options.downloadUrl, deps);
}
var SUMS_FILE = "SHA256SUMS";
var sha256 = (data) => createHash("sha256").update(data).digest("hex");
async function installRelease(version, baseUrl, deps) {
  const platform = deps.platform ?? process.platform;
  const goArch = GO_ARCH[deps.arch ?? process.arch];
  if (platform !== "linux" || !goArch) {
    throw new ConfigurationError(
      `etcd releases are downloaded for Linux only (this is ${platform}/${deps.arch ?? process.arch}); set etcd-path instead`
    );
  }
  const versionDir = path3.join(deps.cacheRoot, "etcd", version);
  const dir = path3.join(versionDir, deps.arch ?? process.arch);
  const name = `etcd-v${version}-linux-${goArch}`;
  const releaseUrl = `${baseUrl}/v${version}`;
  const sumsUrl = `${releaseUrl}/SHA256SUMS`;
  const tarballUrl = `${releaseUrl}/${name}.tar.gz`;
  const pinned = (deps.pinned ?? PINNED_RELEASES)[version]?.[goArch];
  const release = { versionDir, dir, name, tarballUrl, pinned };
  const binaries = (source) => ({
    etcd: path3.join(dir, "etcd"),
    etcdctl: path3.join(dir, "etcdctl"),
    version,
    source
  });
  if (await usableCache(release, deps, "the tool cache")) return binaries("cache");
  if (deps.releaseCache && await deps.releaseCache.restore(versionDir, version, tarballUrl).catch(() => false)) {
    if (await usableCache(release, deps, "the workflow cache")) {
      deps.logger.info(`restored etcd ${version} from the workflow cache`);
      return binaries("cache");
    }
  }
  const download = (url, timeoutMs) => downloadWithRetries(url, timeoutMs, version, deps);
  deps.logger.info(`downloading etcd ${version} from ${tarballUrl}`);
  const sums = await download(sumsUrl, SUMS_TIMEOUT_MS);
  const listed = parseSha256Sums(sums.toString("utf8")).get(`${name}.tar.gz`);
  if (!listed) throw new Error(`${sumsUrl} lists no checksum for ${name}.tar.gz; nothing was installed`);
  if (pinned && listed !== pinned) {
    throw new Error(
      `${sumsUrl} says ${listed} for ${name}.tar.gz, but etcd ${version}'s published checksum is ${pinned}; nothing was installed`
    );
  }
  const expected = pinned ?? listed;
  const tarball = await download(tarballUrl, TARBALL_TIMEOUT_MS);
  const actual = sha256(tarball);
  if (actual !== expected) {
    throw new Error(
      `checksum mismatch for ${tarballUrl}: ${pinned ? "the published checksum" : "SHA256SUMS"} says ${expected}, the download is ${actual}; nothing was installed`
    );
  }
  await mkdir(versionDir, { recursive: true });
  const work = await mkdtemp(path3.join(versionDir, ".download-"));
  try {
    const archive = path3.join(work, `${name}.tar.gz`);
    await writeFile(archive, tarball);
    const untar = await deps.runner.run("tar", ["-xzf", archive, "-C", work], { timeoutMs: 12e4 });
    if (untar.code !== 0) throw new Error(`could not unpack ${tarballUrl}: ${untar.stderr.trim()}`);
    const unpacked = path3.join(work, name);
    if (!await findPair([unpacked])) throw new Error(`${tarballUrl} holds no ${name}/etcd and ${name}/etcdctl`);
    await copyFile(archive, path3.join(versionDir, `${name}.tar.gz`));
    await writeFile(path3.join(versionDir, SUMS_FILE), sums);
    const staged = `${dir}.${randomBytes(4).toString("hex")}`;
    await rename(unpacked, staged);
    await rm(dir, { recursive: true, force: true });
    await rename(staged, dir);
    await writeFile(`${dir}.complete`, JSON.stringify({ url: tarballUrl }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await deps.releaseCache?.save(versionDir, version, tarballUrl).catch(
    (error) => deps.logger.warning(`could not save etcd ${version} to the workflow cache: ${errorMessage(error)}`)
  );
  return binaries("download");
}
async function usableCache(release, deps, where) {
  const { dir } = release;
  const marker = await readFile(`${dir}.complete`, "utf8").then(
    (text) => JSON.parse(text),
    () => void 0
  );
  if (!marker || !await isExecutable(path3.join(dir, "etcd"))) return false;
  if (marker.url !== release.tarballUrl) return false;
  const problem = await cacheProblem(release, deps);
  if (problem === void 0) return true;
  deps.logger.warning(`etcd in ${where} (${dir}) is not the release it claims to be: ${problem}; downloading it again`);
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.complete`, { force: true });
  return false;
}
async function cacheProblem(release, deps) {
  const { versionDir, dir, name, pinned } = release;
  const archive = path3.join(versionDir, `${name}.tar.gz`);
  const tarball = await readFile(archive).catch(() => void 0);
  if (!tarball) return `its tarball ${archive} is missing`;
  const sums = await readFile(path3.join(versionDir, SUMS_FILE), "utf8").catch(() => "");
  const expected = pinned ?? parseSha256Sums(sums).get(`${name}.tar.gz`);
  if (!expected) return `${path3.join(versionDir, SUMS_FILE)} lists no checksum for ${name}.tar.gz`;
  const actual = sha256(tarball);
  if (actual !== expected) return `its tarball's SHA-256 is ${actual}, not ${expected}`;
  for (const binary of ["etcd", "etcdctl"]) {
    const inTarball = await deps.runner.pipe("tar", ["-xzOf", "-", `${name}/${binary}`], tarball, 12e4);
    if (inTarball.code !== 0) return `its tarball holds no ${name}/${binary} (${inTarball.stderr.trim()})`;
    const onDisk = await readFile(path3.join(dir, binary)).catch(() => Buffer.alloc(0));
    if (sha256(onDisk) !== sha256(inTarball.stdout)) return `${path3.join(dir, binary)} differs from the tarball's`;
  }
  return void 0;
}
async function downloadWithRetries(url, timeoutMs, version, deps) {
  const get = deps.http ?? toolkitHttpGet;
  for (let attempt = 1; ; attempt++) {
    let problem;
    try {
      const { status, body } = await get(url, timeoutMs);
      if (status >= 200 && status < 300) return body;
      if (status === 404) {
        throw new ConfigurationError(
          `etcd-version is '${version}'; there is no such release at ${url} (HTTP 404); allowed: a published etcd release`
        );
      }
      problem = `could not download ${url}: HTTP ${status}`;
      if (!retryable(status) || attempt === DOWNLOAD_ATTEMPTS) throw new Error(problem);
    } catch (error) {
      if (!(error instanceof HttpRequestError) || attempt === DOWNLOAD_ATTEMPTS) throw error;
      problem = errorMessage(error);
    }
    const delayMs = (deps.retryDelayMs ?? toolCacheRetryDelayMs)(attempt + 1);
    deps.logger.info(
      `${problem}; trying again in ${Math.round(delayMs / 1e3)} s (attempt ${attempt + 1} of ${DOWNLOAD_ATTEMPTS})`
    );
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

export {
  verdict,
  ConfigLintError,
  findingLine,
  readUserConfig,
  configuredSpec,
  configuredPkiPhase,
  specAsRun,
  memberAsRun,
  renderMarkdown,
  renderTerminal,
  DIAGNOSTICS_WHEN,
  LOG_TAIL_LINES,
  wantsDiagnostics,
  memberLogTails,
  diagnosticsFiles,
  diagnosticsFileName,
  writeDiagnosticsBundle,
  diagnosticsLine,
  diagnosticsMarkdown,
  resolveEtcdBinaries,
  clientFor,
  targetFor,
  etcdVersionOf,
  upPhase,
  restoreCluster,
  writeJsonReport,
  writeCheckFiles,
  checkFilesMarkdown,
  appendMarkdownReport,
  reportOutputs,
  teardownOnSignals
};
