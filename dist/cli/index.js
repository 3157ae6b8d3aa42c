#!/usr/bin/env node
import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  checkOperationsInParallel
} from "../chunks/chunk-FR3SRIBX.js";
import {
  LINT_FORMATS,
  parseLintOptions,
  reachesFailOn,
  renderLintJson,
  renderLintText,
  renderSarif
} from "../chunks/chunk-FAEH3F6S.js";
import {
  parseCompareTo,
  withComparison
} from "../chunks/chunk-2H5HQDC3.js";
import {
  appendMarkdownReport,
  checkFilesMarkdown,
  teardownOnSignals,
  writeCheckFiles,
  writeJsonReport
} from "../chunks/chunk-CEXKK2ZF.js";
import {
  ConfigLintError,
  DIAGNOSTICS_WHEN,
  LOG_TAIL_LINES,
  adoptPkiPhase,
  binariesPhase,
  bringUp,
  certsPhase,
  checkReport,
  diagnosticsFileName,
  diagnosticsLine,
  diagnosticsMarkdown,
  diagnosticsOf,
  downPhase,
  findingLine,
  phaseTimer,
  prepareStateDir,
  prepareTarget,
  runAll,
  targetEntry,
  targetFor,
  upPhase,
  wantsDiagnostics,
  writeDiagnosticsBundle
} from "../chunks/chunk-K5W32H5N.js";
import {
  lintPaths,
  markdownCode,
  renderTerminal
} from "../chunks/chunk-DBON67XT.js";
import {
  openClusterPki,
  sealClusterPki
} from "../chunks/chunk-I5VOBK6S.js";
import {
  ETCDCTL_ENV_FILE,
  checkedClusterState,
  identitiesFromFile,
  isRunning,
  loadState,
  parseRecipients,
  passphraseFromEnv,
  processStartTime,
  recordedTargetKind,
  saveState,
  stateFilePath,
  systemDeps,
  targetKind
} from "../chunks/chunk-A35AFYWL.js";
import {
  CHECK_NAMES,
  DEFAULT_CHECKS,
  DEFAULT_DOWNLOAD_URL,
  DEFAULT_ETCD_VERSION,
  DEFAULT_KEY_ALGORITHM,
  KEY_ALGORITHMS,
  RULES,
  VERSION,
  appendFileNoFollow,
  consoleLogger,
  flagLabel,
  inertLines,
  memberCountWarning,
  optionReader,
  parseCheckSelection,
  parseClusterOptions,
  parseEtcdBinary,
  parseGivenCluster,
  parseProvidedPki,
  parseRounds,
  parseRunOptions,
  parseTarget,
  parseTiming,
  parseTopology,
  refuseReplacedOptions,
  renderHistoryJson,
  renderHistoryText,
  terminalMode
} from "../chunks/chunk-YZPOMTMV.js";
import {
  ConfigurationError,
  DEFAULT_MAX_MEMORY_MB,
  DEFAULT_MAX_STEPS,
  errorMessage,
  operationsOf,
  parseHistory
} from "../chunks/chunk-4XK2FF3S.js";
import "../chunks/chunk-TQLHPLPM.js";

// src/cli/broken-pipe.ts
function endQuietlyOnBrokenPipe(stream) {
  let broken = false;
  stream.on("error", (error) => {
    if (error.code === "EPIPE") broken = true;
    if (!broken) throw error;
  });
}

// src/cli/main.ts
import { access, constants, mkdtemp, readdir as readdir2, rmdir } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import path3 from "node:path";
import { parseArgs } from "node:util";

// src/cli/history.ts
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
var HISTORY_FORMATS = ["text", "json"];
var MAX_THREADS = 64;
var MAX_MEMORY_MB = 16384;
async function historyVerb(read, positionals, stdout, logger, parallel = {}) {
  const [command, file, ...extra] = positionals;
  if (command !== "check") {
    throw new ConfigurationError(
      `etcd-ha history ${command === void 0 ? "needs a command" : `'${command}' is not a command`}; allowed: check FILE`
    );
  }
  if (file === void 0 || extra.length > 0) {
    throw new ConfigurationError(
      `etcd-ha history check takes one FILE (JSON lines), ${file === void 0 ? "none was given" : `not ${positionals.length - 1}`}`
    );
  }
  const format = read.oneOf("format", "text", HISTORY_FORMATS);
  const maxSteps = read.integer("max-steps", DEFAULT_MAX_STEPS, 1, 1e9);
  const maxMemoryMb = read.integer("max-memory-mb", DEFAULT_MAX_MEMORY_MB, 1, MAX_MEMORY_MB);
  const threads = read.integer("threads", availableParallelism(), 1, MAX_THREADS);
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigurationError(
      `FILE is '${file}', which cannot be read (${errorMessage(error)}); allowed: a file of JSON lines`
    );
  }
  const operations = operationsOf(parseHistory(text, file), file);
  const { result, parts } = await checkOperationsInParallel(operations, {
    maxSteps,
    maxMemoryMb,
    parallelism: threads,
    ...parallel
  });
  logger?.debug(
    `history check: ${result.summary.keys} keys checked in ${parts === 1 ? "one thread" : `${parts} threads`}`
  );
  stdout(format === "json" ? renderHistoryJson(result) : renderHistoryText(result));
  if (result.verdict === "undecided" && format === "text") {
    const causes = new Set(result.failures.filter((f) => f.verdict === "undecided").map((f) => f.cause));
    if (causes.has("budget")) stdout(`raise --max-steps (now ${maxSteps}) to search further
`);
    if (causes.has("memory")) stdout(`raise --max-memory-mb (now ${maxMemoryMb}) to search further
`);
  }
  return result.ok ? 0 : 1;
}

// src/cli/diagnostics.ts
import { tmpdir } from "node:os";
import path from "node:path";
function parseDiagnosticsFlags(read, recipients, env) {
  const when = read.oneOf("diagnostics", "on-failure", DIAGNOSTICS_WHEN);
  const passphraseEnv = read.raw("diagnostics-passphrase-env");
  if (passphraseEnv !== void 0 && recipients.length > 0) {
    throw new ConfigurationError(
      `--diagnostics-passphrase-env is '${passphraseEnv}' and --diagnostics-recipient is '${recipients.join(",")}'; allowed: one of them (age seals with a passphrase or for recipients, not both)`
    );
  }
  const flags = { when, file: read.raw("diagnostics-file") };
  if (passphraseEnv !== void 0) {
    flags.seal = {
      key: { passphrase: passphraseFromEnv(passphraseEnv, env, "--diagnostics-passphrase-env") },
      label: "--diagnostics-passphrase-env"
    };
  } else if (recipients.length > 0) {
    flags.seal = {
      key: { recipients: parseRecipients(recipients, "--diagnostics-recipient") },
      label: "--diagnostics-recipient"
    };
  }
  return flags;
}
async function emitDiagnostics(report, state, flags, read, deps) {
  if (!wantsDiagnostics(flags.when, report)) return;
  const json = read.raw("json");
  const file = flags.file ?? path.join(
    json ? path.dirname(path.resolve(json)) : tmpdir(),
    diagnosticsFileName(report.cluster.runId, flags.seal !== void 0)
  );
  const bundle = await writeDiagnosticsBundle(await diagnosticsOf(report, state, deps), file, flags);
  deps.logger.info(diagnosticsLine(bundle, bundle.file));
  const summary = read.raw("summary");
  if (summary) await appendFileNoFollow(summary, diagnosticsMarkdown(bundle, markdownCode(bundle.file), bundle.file));
}

// src/cli/help.ts
var FLAGS = {
  state: { group: "Cluster", value: "DIR", meaning: "the cluster's folder: PKI, data dirs, logs and the state file" },
  all: { group: "Cluster", meaning: "every cluster 'etcd-ha ps' lists" },
  endpoints: {
    group: "Cluster",
    value: "URL,...",
    meaning: "a running cluster this did not start: its client URLs (https://host:port or name=https://host:port), with --pki-dir; checks that stop members are skipped with the reason"
  },
  config: {
    group: "Cluster",
    value: "PATH",
    meaning: "boot your own etcd configuration (a file or folder, read as lint reads it) on the target, with the run's data dirs, PKI and logs; lint errors stop it (exit 1); not with --members, --member-list, --heartbeat-ms, --election-ms, --client-port, --peer-port"
  },
  members: {
    group: "Cluster",
    value: "N",
    meaning: "number of members, 1 to 9 (the failover and quorum-loss checks need 2 or more)",
    default: "3"
  },
  "member-list": {
    group: "Cluster",
    value: "NAME=ADDRESS,...",
    meaning: "members by name and address instead of --members and --base-address (local target: loopback addresses)"
  },
  "base-address": {
    group: "Cluster",
    value: "IP",
    meaning: "address of the first member; the others count up (container: a.b.c.z puts the members on a.b.c.0/24; not with ssh)",
    default: "127.0.N.11, a loopback block nothing listens on (127.0.0.11 for certs and with --pki-dir); container: 172.30.N.11; N random"
  },
  "client-port": { group: "Cluster", value: "N", meaning: "client port of every member", default: "2379" },
  "peer-port": { group: "Cluster", value: "N", meaning: "peer port of every member", default: "2380" },
  "heartbeat-ms": {
    group: "Timing",
    value: "N",
    meaning: "etcd --heartbeat-interval in ms, 10 to 10000",
    default: "100"
  },
  "election-ms": {
    group: "Timing",
    value: "N",
    meaning: "etcd --election-timeout in ms, at least 5 x --heartbeat-ms, at most 50000",
    default: "1000"
  },
  "startup-timeout-seconds": {
    group: "Timing",
    value: "N",
    meaning: "how long the cluster may take to become healthy, 1 to 600",
    default: "60"
  },
  target: {
    group: "Target",
    value: "KIND",
    meaning: "where the members run: local (processes), container or ssh (hosts)",
    default: "local"
  },
  image: {
    group: "Target",
    value: "REF",
    meaning: "container: the image the members run (etcd at /usr/local/bin/etcd)",
    default: "gcr.io/etcd-development/etcd:vVERSION"
  },
  network: {
    group: "Target",
    value: "NAME",
    meaning: "container: the bridge network to create",
    default: "etcd-ha-RUNID"
  },
  hosts: { group: "Target", value: "USER@HOST[:PORT],...", meaning: "ssh: one host per member" },
  "ssh-key": { group: "Target", value: "FILE", meaning: "ssh: the private key file that logs in to every host" },
  "known-hosts": {
    group: "Target",
    value: "FILE",
    meaning: "ssh: known_hosts lines for every host (host keys are always checked)"
  },
  "etcd-path": {
    group: "etcd",
    value: "DIR",
    meaning: "a folder holding etcd and etcdctl to run",
    default: "etcd on PATH, else a download"
  },
  "etcd-version": {
    group: "etcd",
    value: "X.Y.Z",
    meaning: "etcd release to run, 3.4.0 or later (downloaded and checksum-verified when PATH has no etcd of it)",
    default: `etcd on PATH, else ${DEFAULT_ETCD_VERSION}`
  },
  "etcd-download-url": {
    group: "etcd",
    value: "URL",
    meaning: "https base URL of release downloads (a mirror laid out like GitHub's releases; http only to localhost, 127.x.y.z or [::1])",
    default: DEFAULT_DOWNLOAD_URL
  },
  "pki-dir": {
    group: "PKI",
    value: "DIR",
    meaning: "use this PKI (in the layout 'etcd-ha certs' writes) instead of generating one; it is validated first and never changed"
  },
  "min-cert-validity-days": {
    group: "PKI",
    value: "N",
    meaning: "with --pki-dir: refuse certificates that expire within N days, 0 to 3650",
    default: "7"
  },
  "extra-sans": {
    group: "PKI",
    value: "LIST",
    meaning: "extra DNS names or IPs for every member's server and peer certificates"
  },
  "cert-validity-days": {
    group: "PKI",
    value: "N",
    meaning: "validity of member and client certificates, 1 to 3650 (the CA gets 10 years)",
    default: "365"
  },
  "key-algorithm": {
    group: "PKI",
    value: "ALGORITHM",
    meaning: `the keys' algorithm: ${KEY_ALGORITHMS.join(", ")}`,
    default: DEFAULT_KEY_ALGORITHM
  },
  // Refused with what replaced it, and never listed.
  "key-size": { group: "PKI", value: "BITS", meaning: "replaced by --key-algorithm" },
  out: { group: "PKI", value: "DIR", meaning: "a new or empty folder to write into" },
  seal: {
    group: "Sealing",
    value: "FILE",
    meaning: "also pack the PKI with its cluster layout and seal it with age into FILE"
  },
  from: {
    group: "Sealing",
    value: "FILE",
    meaning: "the sealed bundle 'etcd-ha certs --seal' (or age --encrypt of such a tar) wrote"
  },
  "passphrase-env": { group: "Sealing", value: "VAR", meaning: "the passphrase, from this environment variable" },
  recipient: {
    group: "Sealing",
    value: "AGE_PUBLIC_KEY",
    meaning: "with --seal: seal for this age public key (age1...); may be repeated"
  },
  identity: {
    group: "Sealing",
    value: "FILE",
    meaning: "open with the age identity in FILE (as age-keygen writes it); may be repeated"
  },
  checks: {
    group: "Checks",
    value: "LIST",
    meaning: `which checks to run, in this order, comma-separated: ${CHECK_NAMES.join(", ")}, or all (every check that can run on this cluster: one that cannot is skipped with the reason and does not fail the run; a named check that is skipped does)`,
    default: DEFAULT_CHECKS.join(",")
  },
  rounds: {
    group: "Checks",
    value: "N",
    meaning: "run the checks that stop members N times on the same cluster, 1 to 50; each figure is then the p50, with its P95 and Max",
    default: "1"
  },
  "compare-to": {
    group: "Checks",
    value: "FILE",
    meaning: "a JSON report of an earlier run: the report lists every figure both measured, with the change"
  },
  "max-regression-pct": {
    group: "Checks",
    value: "P",
    meaning: "with --compare-to: exit 1 when a millisecond figure's p50 grew by more than P percent, 0 to 1000 (only a note below 5 rounds)"
  },
  json: { group: "Report", value: "FILE", meaning: "also write the JSON report to FILE" },
  summary: {
    group: "Report",
    value: "FILE",
    meaning: "also append the Markdown report to FILE (as GitHub's step summary is appended to)"
  },
  diagnostics: {
    group: "Diagnostics",
    value: "WHEN",
    meaning: `write a diagnostics bundle (each member's last ${LOG_TAIL_LINES} log lines, the flags or config file it ran with, status, member list, the JSON report, versions; never a key): ${DIAGNOSTICS_WHEN.join(", ")}`,
    default: "on-failure"
  },
  "diagnostics-file": {
    group: "Diagnostics",
    value: "FILE",
    meaning: "where the bundle is written (a gzipped tar; sealed with age when a passphrase or recipient is given)",
    default: "etcd-ha-diagnostics-RUNID.tar.gz[.age] beside --json, else in the system's temporary folder"
  },
  "diagnostics-passphrase-env": {
    group: "Diagnostics",
    value: "VAR",
    meaning: "seal the bundle with age, with the passphrase in this environment variable"
  },
  "diagnostics-recipient": {
    group: "Diagnostics",
    value: "AGE_PUBLIC_KEY",
    meaning: "seal the bundle with age for this public key (age1...); may be repeated"
  },
  format: {
    group: "Output",
    value: "FORMAT",
    meaning: "how findings are printed: text, json or sarif",
    default: "text"
  },
  "upgrade-to": {
    group: "etcd",
    value: "X.Y.Z",
    meaning: "lint: a later etcd release the configuration is to be upgraded to"
  },
  boot: {
    group: "Other",
    meaning: "lint: also report what 'etcd-ha run --config' refuses"
  },
  "fail-on": {
    group: "Output",
    value: "LEVEL",
    meaning: "exit 1 when a finding is this severe or worse: error, warning or never",
    default: "error"
  },
  "max-steps": {
    group: "Output",
    value: "N",
    meaning: "how many steps the search may take before it stops undecided (exit 1)",
    default: String(DEFAULT_MAX_STEPS)
  },
  "max-memory-mb": {
    group: "Output",
    value: "N",
    meaning: "how many MiB each key's search may hold before it stops undecided (exit 1)",
    default: String(DEFAULT_MAX_MEMORY_MB)
  },
  threads: {
    group: "Output",
    value: "N",
    meaning: "how many keys are checked at once, each in a thread, for a history of 50000 operations or more; the verdict is the same for any N",
    default: "the cores this process may use"
  },
  keep: { group: "Other", meaning: "keep data dirs, logs and PKI at teardown (the processes always end)" },
  verbose: { group: "Other", meaning: "also print debug lines on stderr" }
};
var REPORT_EXIT = "0 every check passed; 1 a check failed or the cluster did not come up; 2 bad input (the message names the option)";
var VERB_HELP = {
  run: {
    summary: "start a cluster, run the checks, report, and tear the cluster down",
    usage: ["run [options]", "run --config PATH [options]"],
    description: "certs -> up -> checks -> report -> teardown, on the local target unless --target says otherwise. SIGINT or SIGTERM tears the cluster down before exiting (130 or 143); after a SIGKILL, 'etcd-ha down --all' ends what is left.",
    flags: {
      state: {
        meaning: "the folder for PKI, data dirs, logs and state; emptied at teardown unless --keep",
        default: "a new temporary folder"
      }
    },
    exit: REPORT_EXIT,
    examples: [
      "etcd-ha run",
      "etcd-ha run --members 5 --rounds 20 --json report.json",
      "etcd-ha run --target container --etcd-version 3.5.21"
    ]
  },
  certs: {
    summary: "generate the PKI and the cluster layout; nothing starts",
    usage: ["certs --out DIR [options]"],
    description: "The members' addresses follow --target and --hosts (or --base-address, --member-list), and the certificates name them.",
    flags: {
      out: { meaning: "a new or empty folder for the PKI and the cluster state" },
      "passphrase-env": { meaning: "with --seal: seal with the passphrase in this environment variable" },
      "heartbeat-ms": { meaning: "etcd --heartbeat-interval in ms, recorded for the cluster, 10 to 10000" },
      "election-ms": {
        meaning: "etcd --election-timeout in ms, recorded for the cluster, at least 5 x --heartbeat-ms"
      }
    },
    exit: "0 written; 2 bad input",
    examples: [
      "etcd-ha certs --out ./etcd --members 5",
      'etcd-ha certs --out ./pki-job --seal pki.age --recipient "$(age-keygen -y owner.key)"'
    ]
  },
  restore: {
    summary: "open a sealed PKI bundle into a folder 'etcd-ha up' starts",
    usage: ["restore --from FILE (--passphrase-env VAR | --identity FILE...) --out DIR"],
    flags: {
      out: { meaning: "a new or empty folder to restore the PKI (keys 0600) and the cluster state into" },
      "passphrase-env": { meaning: "open with the passphrase in this environment variable" }
    },
    exit: "0 restored; 2 bad input, a wrong key or a damaged bundle (nothing is written)",
    examples: ["etcd-ha restore --from pki.age --identity owner.key --out ./etcd && etcd-ha up --state ./etcd"]
  },
  up: {
    summary: "start a cluster and leave it running; writes DIR/etcdctl.env",
    usage: ["up --state DIR [options]"],
    description: "On a new or empty DIR, up generates the PKI there first (as 'certs --out DIR' would, from the cluster, timing and PKI options) and says where; on a folder 'certs --out' or 'restore --out' made, it starts that cluster; with --pki-dir, it starts on that PKI. '. DIR/etcdctl.env' then makes a plain etcdctl work; 'etcd-ha down --state DIR' ends the cluster.",
    flags: {
      state: {
        meaning: "the cluster's folder: new or empty (the PKI is generated there), or made by 'certs --out' or 'restore --out'"
      },
      "heartbeat-ms": { meaning: "etcd --heartbeat-interval in ms, 10 to 10000", default: "100, or the folder's" },
      "election-ms": {
        meaning: "etcd --election-timeout in ms, at least 5 x --heartbeat-ms",
        default: "1000, or the folder's"
      },
      "startup-timeout-seconds": { default: "60, or the folder's" }
    },
    exit: "0 the cluster is up; 1 it did not come up (each member that failed is named, with its log); 2 bad input",
    examples: [
      "etcd-ha up --state ./etcd && . ./etcd/etcdctl.env && etcdctl endpoint status -w table",
      "etcd-ha up --state ./etcd --target container"
    ]
  },
  check: {
    summary: "run the checks against a running cluster and report",
    usage: ["check --state DIR [options]", "check --endpoints URL,... --pki-dir DIR [options]"],
    flags: {
      state: { meaning: "the folder of a cluster 'etcd-ha up' started" },
      "pki-dir": {
        meaning: "with --endpoints: the cluster's PKI folder (etcd/ca.crt, apiserver-etcd-client.crt and .key are used)"
      },
      "heartbeat-ms": {
        meaning: "with --endpoints: the cluster's raft heartbeat, for the report only",
        default: "100"
      },
      "election-ms": {
        meaning: "with --endpoints: the cluster's election timeout, for the report only",
        default: "1000"
      }
    },
    exit: REPORT_EXIT,
    examples: [
      "etcd-ha check --state ./etcd --checks status,failover",
      "etcd-ha check --endpoints https://10.0.0.11:2379,https://10.0.0.12:2379 \\\n    --pki-dir /etc/kubernetes/pki --checks status"
    ]
  },
  down: {
    summary: "end a cluster (or every cluster ps lists) and remove its data, logs and PKI",
    usage: ["down --state DIR [--keep]", "down --all [--keep]"],
    description: "--all ends every cluster 'etcd-ha ps' lists, also one whose CLI was killed: the state file in its folder names its processes, containers or hosts. A listed run whose folder is gone is removed from the list, and down says so. A PKI given with --pki-dir is never removed.",
    flags: { state: { meaning: "the folder of the cluster to end" } },
    exit: "0 torn down; 1 something could not be ended or removed (each is named); 2 bad input",
    examples: ["etcd-ha down --state ./etcd", "etcd-ha down --all"]
  },
  ps: {
    summary: "list the clusters this machine's CLI started and did not tear down",
    usage: ["ps"],
    description: "'etcd-ha run' and 'etcd-ha up' record each cluster before its members start, in $ETCD_HA_STATE_HOME/runs, else $XDG_STATE_HOME/etcd-ha/runs, else ~/.local/state/etcd-ha/runs (one JSON file per run: run ID, target, state folder, start time, PID of the CLI); teardown removes the entry. A run whose folder is gone is removed from the list, and ps says so.",
    exit: "0 listed; 2 bad input",
    examples: ["etcd-ha ps", "etcd-ha ps && etcd-ha down --all"]
  },
  lint: {
    summary: "lint etcd configuration files, folders or globs; nothing starts",
    usage: ["lint [PATH...] [options]"],
    description: "PATH is any number of files, folders or globs ('.' if none); findings name each file as given.",
    flags: {
      "etcd-version": {
        meaning: "the etcd release the configuration is for, 3.4.0 or later",
        default: DEFAULT_ETCD_VERSION
      },
      "upgrade-to": {
        meaning: "also report what stops the configuration on this later release or on the way there (removed flags, a skipped minor, the patch etcd requires before it)"
      },
      boot: {
        meaning: "also report, as errors, what 'etcd-ha run --config' refuses: the paths' members are judged as one cluster, as the run boots them"
      },
      verbose: { meaning: "also print, on stderr, what each file was recognised as" }
    },
    exit: "0 no finding reaches --fail-on; 1 one does; 2 bad input or a path that does not exist",
    examples: [
      "etcd-ha lint deploy/etcd",
      "etcd-ha lint . --format sarif --etcd-version 3.5.21 > etcd-lint.sarif",
      "etcd-ha lint deploy/etcd --boot",
      "etcd-ha lint deploy/etcd --etcd-version 3.4.23 --upgrade-to 3.6.16"
    ]
  },
  history: {
    summary: "check a recorded history of operations for linearizability",
    usage: ["history check FILE [options]"],
    description: 'FILE holds JSON lines { "process": N, "type": "invoke" | "ok" | "fail" | "info", "f": "put" | "get", "key": "...", "value": "..." | null, "time": N }.',
    flags: { format: { meaning: "how the verdict is printed: text or json" } },
    exit: "0 linearizable; 1 not linearizable (the operations are named) or undecided; 2 not such a history",
    examples: ["etcd-ha history check history.jsonl"]
  }
};
var WIDTH = 100;
var INDENT = 2;
function wrap(text, first, indent) {
  const lines = [];
  let line = "";
  let room = WIDTH - first;
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - indent;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((text2, index) => index === 0 ? text2 : `${" ".repeat(indent)}${text2}`);
}
function verbHelp(verb, options) {
  const help = VERB_HELP[verb];
  const flags = Object.keys(FLAGS).filter((name) => options.includes(name)).map((name) => ({ name, ...FLAGS[name], ...help.flags?.[name] }));
  const column = Math.min(
    34,
    Math.max(
      ...flags.map((flag) => `--${flag.name}${flag.value ? ` ${flag.value}` : ""}`.length),
      "-h, --help".length
    )
  ) + INDENT + 2;
  const flagLine = (left, meaning) => {
    const start = `${" ".repeat(INDENT)}${left}`;
    const lead = start.length + 2 > column ? `${start}
${" ".repeat(column)}` : start.padEnd(column);
    return `${lead}${wrap(meaning, column, column).join("\n")}`;
  };
  const out = [
    `etcd-ha ${verb}: ${help.summary}`,
    "",
    "Usage:",
    ...help.usage.map((usage) => `  etcd-ha ${usage}`),
    ""
  ];
  if (help.description) out.push(...wrap(help.description, 0, 0), "");
  const groups = [...new Set(flags.map((flag) => flag.group))];
  for (const group of groups) {
    out.push(`${group}:`);
    for (const flag of flags.filter((candidate) => candidate.group === group)) {
      const meaning = flag.default === void 0 ? flag.meaning : `${flag.meaning} (default: ${flag.default})`;
      out.push(flagLine(`--${flag.name}${flag.value ? ` ${flag.value}` : ""}`, meaning));
    }
    out.push("");
  }
  out.push("Help:", flagLine("-h, --help", "print this help and exit"), "");
  out.push(
    ...wrap(`Exit: ${help.exit}`, 0, 6),
    "",
    "Examples:",
    ...help.examples.flatMap((example) => example.split("\n").map((line) => `  ${line}`)),
    ""
  );
  return `${out.join("\n")}
`;
}
function overview(verbs) {
  const width = Math.max(...verbs.map((verb) => verb.length));
  return `etcd-ha ${VERSION}: a highly available etcd cluster with mutual TLS, checked and reported

Usage: etcd-ha VERB [options]

Verbs:
` + verbs.map((verb) => `  ${verb.padEnd(width)}  ${VERB_HELP[verb]?.summary ?? ""}`.trimEnd()).join("\n") + `

'etcd-ha VERB --help' shows a verb's options, their defaults and an example; 'etcd-ha --version' the version.
`;
}

// src/util/suggest.ts
function editDistance(a, b) {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from(
    { length: rows },
    (_, i) => Array.from({ length: cols }, (_2, j) => i === 0 ? j : j === 0 ? i : 0)
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
function closest(word, candidates) {
  const lower = word.toLowerCase();
  let best;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (best && best.distance <= Math.max(1, Math.floor(word.length / 3))) return best.candidate;
  const prefixed = candidates.filter((candidate) => lower.length >= 2 && candidate.toLowerCase().startsWith(lower));
  return prefixed.length === 1 ? prefixed[0] : void 0;
}

// src/run/registry.ts
import { mkdir, readdir, readFile as readFile2, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path2 from "node:path";
function runsDir(env) {
  if (env.ETCD_HA_STATE_HOME) return path2.join(path2.resolve(env.ETCD_HA_STATE_HOME), "runs");
  const stateHome = env.XDG_STATE_HOME && path2.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path2.join(homedir(), ".local", "state");
  return path2.join(stateHome, "etcd-ha", "runs");
}
var entryFile = (dir, runId) => path2.join(dir, `${runId.replace(/[^A-Za-z0-9._-]/g, "_")}.json`);
function isRunEntry(value) {
  const entry = value;
  return typeof entry === "object" && entry !== null && entry.schemaVersion === 1 && typeof entry.runId === "string" && typeof entry.stateDir === "string" && typeof entry.startedAt === "string" && typeof entry.cli?.pid === "number";
}
function runRegistry(dir, recorder) {
  return {
    dir,
    async register(state) {
      const entry = {
        schemaVersion: 1,
        runId: state.spec.runId,
        target: targetKind(state),
        members: state.spec.members.length,
        stateDir: state.spec.stateDir,
        startedAt: recorder.now().toISOString(),
        command: recorder.command,
        cli: recorder.cli
      };
      await mkdir(dir, { recursive: true, mode: 448 });
      const file = entryFile(dir, entry.runId);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(entry, null, 2)}
`, { mode: 384 });
      await rename(temp, file);
    },
    async unregister(runId) {
      await rm(entryFile(dir, runId), { force: true });
    },
    async list() {
      const names = await readdir(dir).catch((error) => {
        if (error.code === "ENOENT") return [];
        throw error;
      });
      const entries = [];
      const unreadable = [];
      for (const name of names.filter((item) => item.endsWith(".json")).sort()) {
        const file = path2.join(dir, name);
        try {
          const parsed = JSON.parse(await readFile2(file, "utf8"));
          if (isRunEntry(parsed)) entries.push(parsed);
          else unreadable.push(file);
        } catch {
          unreadable.push(file);
        }
      }
      entries.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      return { entries, unreadable };
    }
  };
}
async function recordedRuns(registry) {
  const { entries, unreadable } = await registry.list();
  const live = [];
  const removed = [];
  for (const entry of entries) {
    let reason;
    try {
      const state = await loadState(entry.stateDir, "state folder");
      if (state.spec.runId === entry.runId) live.push({ entry, state });
      else reason = `its folder ${entry.stateDir} now holds run ${state.spec.runId}`;
    } catch (error) {
      const folder = await stat(entry.stateDir).catch(() => void 0);
      reason = folder ? `its folder ${entry.stateDir} holds no readable cluster state (${errorMessage(error)})` : `its folder ${entry.stateDir} is gone`;
    }
    if (reason !== void 0) {
      await registry.unregister(entry.runId);
      removed.push({ entry, reason });
    }
  }
  return { live, removed, unreadable };
}
function cliRunning(entry) {
  return isRunning(entry.cli);
}

// src/cli/runs.ts
async function runningMembers(state, deps) {
  const kind = recordedTargetKind(state);
  if (kind === void 0 || kind === "ssh") return "?";
  try {
    const target = targetFor(state, deps);
    const running = await Promise.all(state.spec.members.map((member) => target.isRunning(member)));
    return `${running.filter(Boolean).length}/${state.spec.members.length}`;
  } catch {
    return "?";
  }
}
function reportRemoved(removed, unreadable, io) {
  for (const { entry, reason } of removed)
    io.stderr(`removed run ${entry.runId} (${entry.target}, started ${entry.startedAt}) from the list: ${reason}
`);
  for (const file of unreadable) io.stderr(`warning: ${file} is not a run entry; it was left as it is
`);
}
function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map(
    (row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()
  ).join("\n");
}
async function psVerb(registry, deps, io) {
  const { live, removed, unreadable } = await recordedRuns(registry);
  reportRemoved(removed, unreadable, io);
  if (live.length === 0) {
    io.stdout(
      `no clusters: etcd-ha started none on this machine that is still up (runs are recorded in ${registry.dir})
`
    );
    return 0;
  }
  const rows = [["RUN", "TARGET", "RUNNING", "STARTED", "BY", "STATE FOLDER"]];
  for (const { entry, state } of live) {
    const by = `${entry.command} (PID ${entry.cli.pid}, ${cliRunning(entry) ? "running" : "ended"})`;
    rows.push([entry.runId, entry.target, await runningMembers(state, deps), entry.startedAt, by, entry.stateDir]);
  }
  io.stdout(`${table(rows)}
`);
  return 0;
}
async function downRun({ entry, state }, keep, deps, io) {
  const problems = await downPhase(state, { keep }, deps);
  for (const problem of problems) io.stderr(`warning: teardown of run ${entry.runId}: ${problem}
`);
  if (problems.length === 0) {
    const kept = keep ? "; kept its data, logs and PKI" : "";
    io.stderr(
      `tore down run ${entry.runId} (${entry.members}-member ${entry.target} cluster in ${entry.stateDir})${kept}
`
    );
  }
  return problems;
}
async function downAllVerb(registry, keep, deps, io) {
  const { live, removed, unreadable } = await recordedRuns(registry);
  reportRemoved(removed, unreadable, io);
  let failed = 0;
  for (const run of live) if ((await downRun(run, keep, deps, io)).length > 0) failed++;
  if (live.length === 0)
    io.stderr(`nothing to tear down: no recorded cluster is up (runs are recorded in ${registry.dir})
`);
  return failed === 0 ? 0 : 1;
}

// src/cli/main.ts
var REPLACED_OPTIONS = ["key-size"];
var REPEATABLE = ["recipient", "identity", "diagnostics-recipient"];
var SWITCHES = ["keep", "verbose", "all", "boot"];
var DIAGNOSTICS_OPTIONS = [
  "diagnostics",
  "diagnostics-file",
  "diagnostics-passphrase-env",
  "diagnostics-recipient"
];
var TARGET_OPTIONS = ["target", "image", "network", "hosts", "ssh-key", "known-hosts"];
var TOPOLOGY_OPTIONS = [
  "members",
  "member-list",
  "base-address",
  "client-port",
  "peer-port",
  "extra-sans",
  "cert-validity-days",
  "key-algorithm",
  "key-size"
];
var TIMING_OPTIONS = ["heartbeat-ms", "election-ms", "startup-timeout-seconds"];
var ETCD_OPTIONS = ["etcd-path", "etcd-version", "etcd-download-url"];
var COMPARISON_OPTIONS = ["rounds", "compare-to", "max-regression-pct"];
var STRING_OPTIONS = [
  ...TOPOLOGY_OPTIONS,
  ...TIMING_OPTIONS,
  ...ETCD_OPTIONS,
  "checks",
  "state",
  "out",
  "json",
  "summary",
  "pki-dir",
  "min-cert-validity-days",
  ...COMPARISON_OPTIONS,
  "config",
  ...TARGET_OPTIONS,
  ...DIAGNOSTICS_OPTIONS
];
var VERB_OPTIONS = {
  run: [...STRING_OPTIONS.filter((name) => name !== "out"), "keep", "verbose"],
  certs: [
    "out",
    ...TOPOLOGY_OPTIONS,
    ...TIMING_OPTIONS,
    "seal",
    "passphrase-env",
    "recipient",
    "verbose",
    "target",
    "hosts"
  ],
  restore: ["from", "passphrase-env", "identity", "out", "verbose"],
  up: [
    "state",
    ...TIMING_OPTIONS,
    ...ETCD_OPTIONS,
    "pki-dir",
    "min-cert-validity-days",
    ...TOPOLOGY_OPTIONS,
    "verbose",
    "config",
    ...TARGET_OPTIONS
  ],
  check: [
    "state",
    "endpoints",
    "pki-dir",
    "heartbeat-ms",
    "election-ms",
    "checks",
    "json",
    "summary",
    "verbose",
    ...COMPARISON_OPTIONS,
    ...DIAGNOSTICS_OPTIONS
  ],
  down: ["state", "all", "keep", "verbose"],
  ps: ["verbose"],
  lint: ["format", "etcd-version", "upgrade-to", "boot", "fail-on", "verbose"],
  history: ["format", "max-steps", "max-memory-mb", "threads", "verbose"]
};
function pipelineDeps(env, verbose, live, verb) {
  const cli = { pid: process.pid, startTime: processStartTime(process.pid) ?? "" };
  return {
    ...systemDeps(env, consoleLogger({ verbose, env }), { live }),
    runs: runRegistry(runsDir(env), { command: verb, cli, now: () => /* @__PURE__ */ new Date() })
  };
}
function notACommand(word) {
  const verbs = Object.keys(VERB_OPTIONS);
  const guess = closest(word, verbs);
  return `'${word}' is not a command;${guess ? ` did you mean '${guess}'?` : ""} commands: ${verbs.join(", ")} ('etcd-ha help' says what each does)`;
}
function badArguments(verb, allowed, error) {
  const offered = allowed.filter((name) => !REPLACED_OPTIONS.includes(name));
  const usage = `usage: ${VERB_HELP[verb].usage.map((form) => `etcd-ha ${form}`).join(" | ")}; 'etcd-ha ${verb} --help' lists its options`;
  const code = error.code;
  const token = /'(-[^']*)'/.exec(errorMessage(error))?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && token) {
    const name = token.replace(/^-+/, "").split("=")[0];
    const guess = closest(name, offered);
    return `etcd-ha ${verb}: unknown option ${token}${guess ? `; did you mean --${guess}?` : ""} (${usage})`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && token === void 0) {
    const word = /'([^']*)'/.exec(errorMessage(error))?.[1] ?? "";
    return `etcd-ha ${verb}: takes no argument without an option, got '${word}' (${usage})`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && token) {
    return `etcd-ha ${verb}: option ${token.split(/[ <]/)[0]} needs a value (${usage})`;
  }
  return `etcd-ha ${verb}: ${errorMessage(error)} (${usage})`;
}
function helpOf(verb) {
  return verbHelp(
    verb,
    VERB_OPTIONS[verb].filter((name) => !REPLACED_OPTIONS.includes(name))
  );
}
function requireOption(read, name, allowed = "a folder path") {
  const value = read.raw(name);
  if (value === void 0) throw new ConfigurationError(`--${name} is missing; allowed: ${allowed}`);
  return value;
}
async function emitReport(report, read, io) {
  io.stdout(renderTerminal(report, terminalMode(io.stdoutIsTTY, io.env)));
  const json = read.raw("json");
  if (json) await writeJsonReport(report, json);
  const summary = read.raw("summary");
  if (summary) await appendMarkdownReport(report, summary);
  const saved = await writeCheckFiles(report, json ? path3.dirname(path3.resolve(json)) : tmpdir2());
  for (const file of saved) io.stderr(`saved ${file}
`);
  if (summary && saved.length > 0) await appendFileNoFollow(summary, checkFilesMarkdown(saved));
  return report.passed ? 0 : 1;
}
async function runVerb(read, keep, diagnostics, deps, live, io) {
  const { config, target, topology, timing, checks, optionalChecks, rounds, binary, provided, warnings } = parseRunOptions(read);
  if (diagnostics.when !== "never") deps.captured = {};
  const comparison = await parseCompareTo(read, flagLabel);
  await checkSshFiles(target);
  for (const warning of warnings) deps.logger.warning(warning);
  const madeStateDir = read.raw("state") === void 0;
  const stateDir = read.raw("state") ?? await mkdtemp(path3.join(tmpdir2(), "etcd-ha-"));
  const stopHandling = teardownOnSignals(live, deps, { keep, exitCode: (signal) => signal === "SIGINT" ? 130 : 143 });
  try {
    const { report: measured } = await runAll(
      {
        config,
        label: flagLabel,
        target,
        stateDir,
        stateDirLabel: "--state",
        topology,
        timing,
        binary,
        checks,
        optionalChecks,
        rounds,
        provided
      },
      deps
    );
    const report = withComparison(measured, comparison);
    const code = await emitReport(report, read, io);
    if (report.lint) {
      for (const finding of report.lint.findings) io.stderr(`${findingLine(finding)}
`);
      io.stderr(`error: ${report.error}
`);
    }
    if (!report.lint) await emitDiagnostics(report, live.state, diagnostics, read, deps);
    return code;
  } finally {
    if (live.state) {
      const problems = await downPhase(live.state, { keep }, deps);
      for (const problem of problems) deps.logger.warning(`teardown: ${problem}`);
      if (keep) deps.logger.info(`kept data, logs and PKI in ${live.state.spec.stateDir}`);
    } else if (madeStateDir) {
      await rmdir(stateDir).catch(() => void 0);
    }
    stopHandling();
  }
}
async function lintVerb(read, paths, boot, deps, io) {
  const options = parseLintOptions(read, paths, boot);
  const format = read.oneOf("format", "text", LINT_FORMATS);
  const cwd = process.cwd();
  const result = await lintPaths(options.paths, {
    etcdVersion: options.etcdVersion,
    upgradeTo: options.upgradeTo,
    boot: options.boot,
    cwd,
    logger: deps.logger
  });
  if (format === "json") io.stdout(renderLintJson(result));
  else if (format === "sarif") io.stdout(renderSarif(result, RULES, { srcRoot: cwd }));
  else io.stdout(renderLintText(result, { width: io.stdoutIsTTY ? process.stdout.columns : void 0 }));
  return reachesFailOn(result.summary, options.failOn) ? 1 : 0;
}
async function main(argv, io = {
  // What is printed quotes the user's files: on a runner, no line of it may become a workflow command.
  stdout: (text) => process.stdout.write(inertLines(text)),
  stderr: (text) => process.stderr.write(inertLines(text)),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY
}) {
  const [verb, ...rest] = argv;
  if (verb === void 0 || verb === "--help" || verb === "-h" || verb === "help" && rest.length === 0) {
    io.stdout(overview(Object.keys(VERB_OPTIONS)));
    return verb === void 0 ? 2 : 0;
  }
  const helpVerb = verb === "help" ? rest[0] : rest.includes("--help") || rest.includes("-h") ? verb : void 0;
  if (helpVerb !== void 0 && VERB_OPTIONS[helpVerb]) {
    io.stdout(helpOf(helpVerb));
    return 0;
  }
  if (verb === "--version") {
    io.stdout(`${VERSION}
verbs: ${Object.keys(VERB_OPTIONS).join(", ")} ('etcd-ha help' describes each)
`);
    return 0;
  }
  const live = {};
  let deps;
  try {
    if (verb === "help") throw new ConfigurationError(notACommand(rest[0]));
    const allowed = VERB_OPTIONS[verb];
    if (!allowed) throw new ConfigurationError(notACommand(verb));
    let parsed;
    try {
      parsed = parseArgs({
        args: attachValues(rest, allowed),
        options: Object.fromEntries(
          allowed.map((name) => [
            name,
            {
              type: SWITCHES.includes(name) ? "boolean" : "string",
              multiple: REPEATABLE.includes(name)
            }
          ])
        ),
        strict: true,
        allowPositionals: verb === "lint" || verb === "history"
      });
    } catch (error) {
      throw new ConfigurationError(badArguments(verb, allowed, error));
    }
    const values = parsed.values;
    const read = optionReader(
      (name) => typeof values[name] === "string" ? values[name] : void 0,
      flagLabel
    );
    refuseReplacedOptions(read);
    const keep = values.keep === true;
    deps = pipelineDeps(io.env, values.verbose === true, live, verb);
    const diagnosticsFlags = () => parseDiagnosticsFlags(read, values["diagnostics-recipient"] ?? [], io.env);
    switch (verb) {
      case "run":
        return await runVerb(read, keep, diagnosticsFlags(), deps, live, io);
      case "certs": {
        const topology = parseTopology(read, parseTarget(read, { access: false }));
        const warning = memberCountWarning(topology.members);
        if (warning) deps.logger.warning(warning);
        const sealTo = read.raw("seal");
        const sealKey = sealTo ? sealKeyFrom(read, values.recipient ?? [], io.env) : void 0;
        const dir = await prepareStateDir(requireOption(read, "out"), "--out");
        const state = await certsPhase(dir, topology, parseTiming(read), deps);
        if (sealTo && sealKey) {
          const { bytes } = await sealClusterPki(state.spec, sealKey, sealTo, deps.runner);
          deps.logger.info(
            `sealed the PKI into ${sealTo} (${bytes} bytes, age, ${"passphrase" in sealKey ? "passphrase" : `${sealKey.recipients.length} recipient(s)`})`
          );
        }
        io.stdout(`${state.spec.pki.root}
`);
        return 0;
      }
      case "restore": {
        const identities = values.identity ?? [];
        const passphraseEnv = read.raw("passphrase-env");
        if (passphraseEnv === void 0 === (identities.length === 0)) {
          throw new ConfigurationError("etcd-ha restore needs exactly one of --passphrase-env VAR or --identity FILE");
        }
        const key = passphraseEnv ? { passphrase: passphraseFromEnv(passphraseEnv, io.env, "--passphrase-env") } : {
          identities: (await Promise.all(identities.map((file) => identitiesFromFile(file, "--identity")))).flat()
        };
        const spec = await openClusterPki(
          requireOption(read, "from", "the path of a sealed bundle"),
          key,
          requireOption(read, "out"),
          deps.runner,
          "--out"
        );
        await saveState({ schemaVersion: 1, spec });
        deps.logger.info(`restored the PKI for ${spec.members.length} members into ${spec.pki.root}`);
        io.stdout(`${spec.pki.root}
`);
        return 0;
      }
      case "up": {
        const dir = requireOption(read, "state");
        if (read.raw("config") !== void 0) {
          const options = parseClusterOptions(read);
          await checkSshFiles(options.target);
          for (const warning of options.warnings) deps.logger.warning(warning);
          const state2 = await bringUp(
            { ...options, label: flagLabel, stateDir: dir, stateDirLabel: "--state" },
            deps,
            phaseTimer(deps, {})
          );
          io.stdout(`${path3.join(state2.spec.stateDir, ETCDCTL_ENV_FILE)}
`);
          return 0;
        }
        const provided = parseProvidedPki(read);
        const target = parseTarget(read);
        await checkSshFiles(target);
        const binary = parseEtcdBinary(read);
        prepareTarget(target, binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
        const state = provided.pkiDir ? await adoptPkiPhase(
          await prepareStateDir(dir, "--state"),
          parseTopology(read, target),
          parseTiming(read),
          { ...provided, pkiDir: provided.pkiDir },
          deps
        ) : await upState(dir, read, target, deps);
        const timingGiven = TIMING_OPTIONS.some((name) => read.raw(name) !== void 0);
        const timing = timingGiven ? parseTiming(optionReader((name) => read.raw(name) ?? String(defaultTiming(state, name)), flagLabel)) : void 0;
        const binaries = targetEntry(target.kind).runsLocalBinary ? await binariesPhase(binary, deps) : void 0;
        await upPhase(state, { target, binaries, etcdVersion: binary.etcdVersion }, timing, deps);
        io.stdout(`${path3.join(state.spec.stateDir, ETCDCTL_ENV_FILE)}
`);
        return 0;
      }
      case "check": {
        const diagnostics = diagnosticsFlags();
        const state = await checkedClusterState(
          { dir: read.raw("state"), label: "--state" },
          parseGivenCluster(read),
          flagLabel
        );
        const { checks, optional } = parseCheckSelection(read, state.spec.members.length);
        const [rounds, comparison] = [parseRounds(read), await parseCompareTo(read, flagLabel)];
        const report = withComparison(await checkReport(state, checks, deps, rounds, optional), comparison);
        const code = await emitReport(report, read, io);
        await emitDiagnostics(report, state, diagnostics, read, deps);
        return code;
      }
      case "ps":
        return await psVerb(deps.runs, deps, io);
      case "history":
        return await historyVerb(read, parsed.positionals, io.stdout, deps.logger);
      case "lint":
        return await lintVerb(read, parsed.positionals, values.boot === true, deps, io);
      case "down": {
        if (values.all === true) {
          const stateDir = read.raw("state");
          if (stateDir !== void 0)
            throw new ConfigurationError(`--state is '${stateDir}' and --all is given; allowed: one of them`);
          return await downAllVerb(deps.runs, keep, deps, io);
        }
        const state = await loadState(
          requireOption(read, "state", "a folder path (or --all: every cluster 'etcd-ha ps' lists)"),
          "--state"
        );
        const problems = await downPhase(state, { keep }, deps);
        for (const problem of problems) deps.logger.warning(`teardown: ${problem}`);
        return problems.length === 0 ? 0 : 1;
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof ConfigLintError) {
      for (const finding of error.findings) io.stderr(`${findingLine(finding)}
`);
      io.stderr(`error: ${error.message}
`);
      return 1;
    }
    if (error instanceof ConfigurationError) {
      io.stderr(`error: ${error.message}
`);
      return 2;
    }
    io.stderr(`error: etcd-ha ${verb} failed: ${errorMessage(error)}
`);
    return 1;
  }
}
var LAYOUT_OPTIONS = TOPOLOGY_OPTIONS.filter((name) => !REPLACED_OPTIONS.includes(name));
async function upState(dir, read, target, deps) {
  const entries = await readdir2(dir).catch(
    (error) => error.code === "ENOENT" ? [] : void 0
  );
  if (entries?.length === 0) {
    const topology = parseTopology(read, target, { freeLoopbackBlock: true });
    const warning = memberCountWarning(topology.members);
    if (warning) deps.logger.warning(warning);
    const state = await certsPhase(await prepareStateDir(dir, "--state"), topology, parseTiming(read), deps);
    deps.logger.info(
      `--state ${dir} held no cluster: a new one is laid out in ${state.spec.stateDir}, its PKI in ${state.spec.pki.root}`
    );
    return state;
  }
  const layout = LAYOUT_OPTIONS.find((name) => read.raw(name) !== void 0);
  if (layout) {
    const allowed = `nothing when --state '${dir}' holds a cluster already (its PKI and layout are made); use a new or empty folder, or --pki-dir`;
    read.fail(layout, read.raw(layout) ?? "", allowed);
  }
  if (entries !== void 0 && !entries.includes(path3.basename(stateFilePath(dir)))) {
    throw new ConfigurationError(
      `--state is '${dir}'; allowed: a new or empty folder (up generates the PKI there), or a folder made by 'etcd-ha certs --out' or 'etcd-ha restore --out' (this one holds files, but no ${path3.basename(stateFilePath(dir))})`
    );
  }
  return loadState(dir, "--state");
}
async function checkSshFiles(target) {
  if (target.kind !== "ssh") return;
  for (const [name, file] of [
    ["ssh-key", target.sshKey],
    ["known-hosts", target.knownHosts]
  ]) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ConfigurationError(`--${name} is '${file}'; allowed: a file this user can read`);
    }
  }
}
function sealKeyFrom(read, recipients, env) {
  const passphraseEnv = read.raw("passphrase-env");
  if (passphraseEnv === void 0 === (recipients.length === 0)) {
    throw new ConfigurationError(
      "--seal needs exactly one of --passphrase-env VAR or --recipient KEY (which may be repeated)"
    );
  }
  return passphraseEnv ? { passphrase: passphraseFromEnv(passphraseEnv, env, "--passphrase-env") } : { recipients: parseRecipients(recipients, "--recipient") };
}
function attachValues(args, allowed) {
  const joined = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : "";
    if (allowed.includes(name) && !SWITCHES.includes(name) && i + 1 < args.length)
      joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  return joined;
}
function defaultTiming(state, name) {
  const timing = state.spec.timing;
  if (name === "heartbeat-ms") return timing.heartbeatMs;
  if (name === "election-ms") return timing.electionMs;
  return timing.startupTimeoutMs / 1e3;
}

// src/entrypoints/cli.ts
endQuietlyOnBrokenPipe(process.stdout);
process.exitCode = await main(process.argv.slice(2));
