#!/usr/bin/env node
import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  checkOperationsInParallel
} from "../chunks/chunk-W2VMTC63.js";
import {
  FAIL_ON,
  LINT_FORMATS,
  parseLintOptions,
  reachesFailOn,
  renderLintJson,
  renderLintText,
  renderSarif
} from "../chunks/chunk-5Z6FAZS7.js";
import {
  runAll
} from "../chunks/chunk-RIWLAGLD.js";
import {
  bringUp,
  phaseTimer
} from "../chunks/chunk-OUXGOBCA.js";
import {
  adoptPkiPhase,
  certsPhase,
  prepareStateDir
} from "../chunks/chunk-BVHJPOVA.js";
import {
  checkReport,
  diagnosticsOf,
  parseCompareTo,
  withComparison
} from "../chunks/chunk-Q5KT2E25.js";
import {
  ConfigLintError,
  DIAGNOSTICS_WHEN,
  LOG_TAIL_LINES,
  appendMarkdownReport,
  checkFilesMarkdown,
  diagnosticsFileName,
  diagnosticsLine,
  diagnosticsMarkdown,
  findingLine,
  renderTerminal,
  targetFor,
  teardownOnSignals,
  wantsDiagnostics,
  writeCheckFiles,
  writeDiagnosticsBundle,
  writeJsonReport
} from "../chunks/chunk-EIRDP26I.js";
import {
  lintPaths
} from "../chunks/chunk-R2NCJY2F.js";
import {
  CHECKS,
  CHECK_NAMES,
  DECIDED_BY_CONFIG,
  DEFAULT_CHECKS,
  DEFAULT_DOWNLOAD_URL,
  DEFAULT_ETCD_VERSION,
  MAX_ROUNDS,
  RULES,
  checkWatch,
  historyJson,
  markdownCode,
  memberCountWarning,
  parseCheckSelection,
  parseClusterOptions,
  parseEtcdBinary,
  parseGivenCluster,
  parseHistoryFile,
  parseProvidedPki,
  parseRounds,
  parseRunOptions,
  parseTarget,
  parseTiming,
  parseTopology,
  parseUpgradeRelease,
  refuseReplacedOptions,
  renderHistoryText,
  renderWatchText,
  targetRunsLocalBinary,
  watchJson
} from "../chunks/chunk-HACW6R6H.js";
import {
  DEFAULT_MAX_MEMORY_MB,
  DEFAULT_MAX_STEPS,
  operationsOf
} from "../chunks/chunk-YYLDVE6W.js";
import {
  downPhase
} from "../chunks/chunk-FYRXKARN.js";
import {
  TARGETS,
  countsRunningMembers,
  targetAccessFiles
} from "../chunks/chunk-LNSQM2ZE.js";
import {
  openClusterPki,
  sealClusterPki
} from "../chunks/chunk-INRM2UEC.js";
import {
  identitiesFromFile,
  parseRecipients,
  passphraseFromEnv
} from "../chunks/chunk-TNLH3DJP.js";
import {
  flagLabel,
  optionReader
} from "../chunks/chunk-LYGAK3AY.js";
import {
  checkedClusterState,
  loadState,
  recordedTargetKind,
  saveState,
  systemDeps,
  targetKind,
  targetKindOf
} from "../chunks/chunk-HOS3525A.js";
import {
  DEFAULT_KEY_ALGORITHM,
  DEFAULT_TARGET_KIND,
  ETCDCTL_ENV_FILE,
  KEY_ALGORITHMS,
  TARGET_KINDS,
  VERSION,
  appendFileNoFollow,
  consoleLogger,
  inertLines,
  isRunning,
  processStartTime,
  stateFilePath,
  terminalMode
} from "../chunks/chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "../chunks/chunk-BUAAGYJK.js";
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
import { parseArgs } from "node:util";

// src/options/option-table.ts
var CLI_VERBS = ["run", "certs", "restore", "up", "check", "down", "ps", "lint", "history"];
function orList(items) {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
function andList(items) {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
var ROUND_CHECKS = CHECKS.filter((check) => check.stopsMembers && check.once === void 0).map(
  (check) => check.name
);
var RELEASE_CHECKS = CHECKS.filter((check) => check.needsRelease).map((check) => check.name);
function memberMinimums() {
  const counts = [...new Set(CHECKS.map((check) => check.minMembers?.count ?? 1))].filter((count) => count > 1);
  return counts.sort((a, b) => a - b).map(
    (count) => `${andList(CHECKS.filter((check) => (check.minMembers?.count ?? 1) === count).map((check) => check.name))} ${count}`
  ).join("; ");
}
var DIAGNOSTICS_CONTENTS = `each member's last ${LOG_TAIL_LINES} log lines, the flags or config file it ran with, the status table, the member list, the JSON report, versions; never a key`;
function inWords(items) {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
function kindNotes(part, write, separator = "") {
  return TARGET_KINDS.flatMap((kind) => {
    const note = TARGETS[kind].docs[part];
    return note === void 0 ? [] : [write(kind, note)];
  }).join(separator);
}
function defaultBases(surface) {
  const others = TARGET_KINDS.filter((kind) => kind !== DEFAULT_TARGET_KIND).flatMap((kind) => {
    const base = TARGETS[kind].docs.defaultBase;
    return base === void 0 ? [] : [`${kind}: ${base[surface]}`];
  });
  return [TARGETS[DEFAULT_TARGET_KIND].docs.defaultBase?.[surface] ?? "", ...others].join("; ");
}
function withTarget(option) {
  const kind = TARGET_KINDS.find((candidate) => TARGETS[candidate].ownOptions.includes(option));
  if (kind === void 0) throw new Error(`no target takes the option ${option}`);
  return `with {target} ${kind}`;
}
var OPTIONS = {
  state: {
    group: "Cluster",
    value: "DIR",
    input: "state-dir",
    description: "the cluster's folder: PKI, data dirs, logs and the state file",
    verbs: {
      run: {
        description: "the folder for PKI, data dirs, logs and state; emptied at teardown unless {keep}",
        default: "a new temporary folder"
      },
      up: {
        description: "the cluster's folder: new or empty (the PKI is generated there), or made by 'certs --out' or 'restore --out'"
      },
      check: { description: "the folder of a cluster 'etcd-ha up' started" },
      down: { description: "the folder of the cluster to end" }
    },
    actions: {
      run: {
        description: "the folder for PKI, data dirs, logs and state; removed by the post step unless {keep}",
        default: "a new folder in `RUNNER_TEMP`"
      },
      up: {
        description: "the folder for PKI, data dirs, logs and state; removed by the post step unless {keep}",
        default: "a new folder in `RUNNER_TEMP`"
      },
      check: { description: "the `state-dir` output of an up step of this job; give this or {endpoints}" }
    }
  },
  all: { group: "Cluster", description: "every cluster 'etcd-ha ps' lists", verbs: { down: {} } },
  endpoints: {
    group: "Cluster",
    value: "URL,...",
    description: "a running cluster this did not start (long-lived hosts): its client URLs, `https://host:port` or `name=https://host:port`, comma- or newline-separated, with {pki-dir}; checks that stop members are skipped with the reason",
    details: "The members are `etcd-1`, ... unless named. A skipped check fails the run when it was named or is a default one: set {checks} to `status,tls`, or to `all` for every check that can run on it. The report's `target` is `external`",
    verbs: { check: {} },
    actions: { check: {} }
  },
  config: {
    group: "Cluster",
    value: "PATH",
    description: `boot your own etcd configuration instead (a file or folder: \`etcd.conf.yml\`, \`ETCD_*\` env files, systemd units, kubeadm configuration with \`etcd.local\`, static pod manifests), read as lint reads it, on the target with the run's data dirs, PKI and logs; lint errors stop it before anything starts; not with ${orList(DECIDED_BY_CONFIG.map((name) => `{${name}}`))}`,
    details: `Its members, names and settings run as written, on the target's addresses${kindNotes("config", (kind, note) => `. With target ${kind}, ${note}`)}`,
    action: ". The options it decides default to empty here, meaning the values the docs show",
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} }
  },
  members: {
    group: "Cluster",
    value: "N",
    description: `number of members, 1 to 9 (the fewest a check runs on: ${memberMinimums()}; an even count warns)`,
    details: "Fewer members than a named or default check needs are refused before anything starts; an even count (2, 4) adds no fault tolerance over one fewer",
    default: "3",
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: { value: "3" } }
  },
  "member-list": {
    group: "Cluster",
    value: "NAME=ADDRESS,...",
    description: `members by name and address instead of {members} and {base-address}: \`name=address\` entries (a DNS label, then an IP address or DNS name), comma- or newline-separated; ${kindNotes("memberList", (kind, note) => `the ${kind} target needs ${note}, `)}certs takes any`,
    details: "For example `etcd-a=127.0.0.21,etcd-b=127.0.0.22,etcd-c=127.0.0.23`",
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: {} }
  },
  "base-address": {
    group: "Cluster",
    value: "IP",
    description: `address of the first member; the others count up (${kindNotes("baseAddress", (kind, note) => `${kind}: ${note}`, "; ")})`,
    details: "N is picked per run, so two runs on one machine (or jobs on one container engine) rarely collide; the report names the endpoints",
    default: `${defaultBases("run")}; N random`,
    verbs: { run: {}, certs: {}, up: {} },
    actions: {
      run: {},
      up: {},
      certs: {
        details: "Give the same value to the up action in the other job",
        default: `${defaultBases("certs")}, N random`
      }
    }
  },
  "client-port": {
    group: "Cluster",
    value: "N",
    description: "client port of every member, 1024 to 65535",
    default: "2379",
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: { value: "2379" } }
  },
  "peer-port": {
    group: "Cluster",
    value: "N",
    description: "peer port of every member, 1024 to 65535, not the client port",
    details: "A port already taken is refused before any member starts",
    default: "2380",
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: { value: "2380" } }
  },
  "heartbeat-ms": {
    group: "Timing",
    value: "N",
    description: "etcd `--heartbeat-interval` in ms, 10 to 10000",
    default: "100",
    verbs: {
      run: {},
      certs: { description: "etcd `--heartbeat-interval` in ms, recorded for the cluster, 10 to 10000" },
      up: { default: "100, or the folder's" },
      check: { description: "with {endpoints}: the cluster's raft heartbeat, for the report only" }
    },
    actions: {
      run: {},
      up: { default: "100" },
      certs: { value: "100" },
      check: { value: "100" }
    }
  },
  "election-ms": {
    group: "Timing",
    value: "N",
    description: "etcd `--election-timeout` in ms, at least 5 x {heartbeat-ms} (etcd refuses less), at most 50000",
    default: "1000",
    verbs: {
      run: {},
      certs: {
        description: "etcd `--election-timeout` in ms, recorded for the cluster, at least 5 x {heartbeat-ms}"
      },
      up: { default: "1000, or the folder's" },
      check: { description: "with {endpoints}: the cluster's election timeout, for the report only" }
    },
    actions: {
      run: {},
      up: { default: "1000" },
      certs: { value: "1000" },
      check: { value: "1000" }
    }
  },
  "startup-timeout-seconds": {
    group: "Timing",
    value: "N",
    description: "how long the cluster may take to become healthy, 1 to 600",
    details: "On timeout the error names each member that was not healthy, etcd's last logged error, and the end of its log",
    default: "60",
    verbs: { run: {}, certs: {}, up: { default: "60, or the folder's" } },
    actions: { run: { value: "60" }, up: { value: "60", default: "60" } }
  },
  target: {
    group: "Target",
    value: "KIND",
    description: `where the members run: ${inWords(TARGET_KINDS.map((kind) => `${kind} (${TARGETS[kind].summary})`))}`,
    allowed: TARGET_KINDS,
    default: DEFAULT_TARGET_KIND,
    verbs: {
      run: {},
      up: {},
      certs: {
        description: `the target the cluster will run on: it decides the members' addresses, which the certificates name (${inWords(TARGET_KINDS.map((kind) => TARGETS[kind].addressesNamed))}): {allowed}`
      }
    },
    actions: {
      run: { value: DEFAULT_TARGET_KIND },
      up: { value: DEFAULT_TARGET_KIND },
      certs: { value: DEFAULT_TARGET_KIND }
    }
  },
  image: {
    group: "Target",
    value: "REF",
    description: `${withTarget("image")}: the image the members run; it must hold etcd at \`/usr/local/bin/etcd\`, as the official images do`,
    default: `\`gcr.io/etcd-development/etcd:vVERSION\`, VERSION from {etcd-version}, else ${DEFAULT_ETCD_VERSION}`,
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} }
  },
  network: {
    group: "Target",
    value: "NAME",
    description: `${withTarget("network")}: the name of the bridge network to create`,
    default: "`etcd-ha-RUNID`",
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} }
  },
  hosts: {
    group: "Target",
    value: "USER@HOST[:PORT],...",
    description: `${withTarget("hosts")}: one \`user@host[:port]\` per member (the host an IP address, \`[IPv6]\` or DNS name), comma- or newline-separated; each member listens on its host's address; a user other than root needs passwordless sudo`,
    verbs: {
      run: {},
      up: {},
      certs: {
        description: `${withTarget("hosts")}: one \`user@host[:port]\` per member; the certificates name each host`
      }
    },
    actions: { run: {}, up: {}, certs: {} }
  },
  "ssh-key": {
    group: "Target",
    value: "FILE",
    description: `${withTarget("ssh-key")}: the private key that logs in to every host`,
    action: "; pass a secret. It is masked in the log, written 0600 for the job and removed by the post step",
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} }
  },
  "known-hosts": {
    group: "Target",
    value: "FILE",
    description: `${withTarget("known-hosts")}: the \`known_hosts\` lines of every host; host keys are always checked (\`StrictHostKeyChecking=yes\`), there is no way to turn that off`,
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} }
  },
  "lint-path": {
    group: "Output",
    input: "path",
    description: "files, folders or globs to lint, newline- or comma-separated, relative to the repository root",
    details: "A path that does not exist fails the step, naming it",
    default: ".",
    actions: { lint: { value: "." } }
  },
  "etcd-path": {
    group: "etcd",
    value: "DIR",
    description: "a folder holding `etcd` and `etcdctl` to run instead of those on `PATH` or a download",
    default: "etcd on `PATH`, else a download",
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} }
  },
  "etcd-version": {
    group: "etcd",
    value: "X.Y.Z",
    description: "etcd release to run, 3.4.0 or later (downloaded and checksum-verified when `PATH` has no etcd of it; an etcd on `PATH` of another version is not used)",
    default: `etcd on \`PATH\`, else ${DEFAULT_ETCD_VERSION}`,
    verbs: {
      run: {},
      up: {},
      lint: { description: "the etcd release the configuration is for, 3.4.0 or later", default: DEFAULT_ETCD_VERSION }
    },
    actions: {
      run: {},
      up: {},
      lint: {
        value: DEFAULT_ETCD_VERSION,
        details: "It decides, to the patch release, which settings exist, are deprecated or removed. A release the rules do not know yet is linted with the rules of the newest they know, and a notice (`ETCD-RELEASE`) says so"
      }
    }
  },
  "etcd-download-url": {
    group: "etcd",
    value: "URL",
    description: "the https base URL of release downloads (a mirror laid out like GitHub's releases; http only to `localhost`, `127.x.y.z` or `[::1]`)",
    details: "The tarball's SHA-256 is checked against the release's `SHA256SUMS` (and the checksum pinned in the code, for releases pinned there), and checked again whenever a kept release is used; on a mismatch nothing is installed",
    default: DEFAULT_DOWNLOAD_URL,
    verbs: {
      run: {},
      up: {},
      check: { description: "the https base URL of release downloads, for {upgrade-etcd-version}" }
    },
    actions: {
      run: { value: DEFAULT_DOWNLOAD_URL },
      up: { value: DEFAULT_DOWNLOAD_URL },
      check: { value: DEFAULT_DOWNLOAD_URL }
    }
  },
  "upgrade-etcd-version": {
    group: "etcd",
    value: "X.Y.Z",
    description: "the etcd release the upgrade check moves the members to, 3.4.0 or later: found or downloaded as {etcd-version} is; on targets that run images, the official image of it unless {upgrade-image} names one. With it, `all` includes the upgrade check",
    details: "An older release is a downgrade: etcd 3.6 and later downgrade through their downgrade API; a downgrade etcd refuses (3.5 to a 3.4 release that cannot run on its data) fails the check quoting etcd, the cluster left whole",
    verbs: { run: {}, check: {} },
    actions: { run: {}, check: {} }
  },
  "upgrade-etcd-path": {
    group: "etcd",
    value: "DIR",
    description: "a folder holding the `etcd` the upgrade check moves the members to, instead of {upgrade-etcd-version}, on targets that run an etcd of this machine (local, ssh)",
    verbs: { run: {}, check: {} },
    actions: { run: {}, check: {} }
  },
  "upgrade-image": {
    group: "etcd",
    value: "REF",
    description: "the image the upgrade check moves the members to, on targets that run images (container); it must hold etcd at `/usr/local/bin/etcd`, as the official images do",
    default: "`gcr.io/etcd-development/etcd:vVERSION`, VERSION from {upgrade-etcd-version}",
    verbs: { run: {}, check: {} },
    actions: { run: {}, check: {} }
  },
  "pki-dir": {
    group: "PKI",
    value: "DIR",
    description: "use this PKI (in the layout 'etcd-ha certs' and the certs action write) instead of generating one; it is validated before anything starts and never changed",
    details: "The layout: `etcd/ca.crt`, `apiserver-etcd-client.crt`/`.key`, `members/NAME/etcd/server.crt`/`.key`, `peer.crt`/`.key`, ... Every certificate must parse, chain to the CA, be valid now and for {min-cert-validity-days} more, carry the usages etcd needs and cover its member's address; every key must match its certificate. Each problem is named with its file",
    verbs: {
      run: {},
      up: {},
      check: {
        description: "with {endpoints}: the cluster's PKI folder in kubeadm's layout (`etcd/ca.crt`, `apiserver-etcd-client.crt` and `.key` are used)"
      }
    },
    actions: { run: {}, up: {}, check: { details: "As on a kubeadm control-plane node's `/etc/kubernetes/pki`" } }
  },
  "min-cert-validity-days": {
    group: "PKI",
    value: "N",
    description: "with {pki-dir}: refuse certificates that expire within this many days, 0 to 3650",
    default: "7",
    verbs: { run: {}, up: {} },
    actions: { run: { value: "7" }, up: { value: "7" } }
  },
  "extra-sans": {
    group: "PKI",
    value: "LIST",
    description: "extra DNS names or IPs for every member's server and peer certificates, comma- or newline-separated",
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: {} }
  },
  "cert-validity-days": {
    group: "PKI",
    value: "N",
    description: "validity of member and client certificates in days, 1 to 3650 (the CA gets 10 years)",
    default: "365",
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: { value: "365" }, up: { value: "365" }, certs: { value: "365" } }
  },
  "key-algorithm": {
    group: "PKI",
    value: "ALGORITHM",
    description: "the algorithm of every key of the generated PKI: {allowed} (ecdsa-p256 as kubeadm's ECDSA-P256)",
    details: "It replaced key-size, which is refused with what to give instead (key-size 2048 is rsa-2048)",
    allowed: KEY_ALGORITHMS,
    default: DEFAULT_KEY_ALGORITHM,
    verbs: { run: {}, certs: {}, up: {} },
    actions: {
      run: { value: DEFAULT_KEY_ALGORITHM },
      up: { value: DEFAULT_KEY_ALGORITHM },
      certs: { value: DEFAULT_KEY_ALGORITHM }
    }
  },
  "key-size": {
    group: "PKI",
    value: "BITS",
    description: "replaced by {key-algorithm}",
    replaced: true,
    verbs: { run: {}, certs: {}, up: {} }
  },
  "artifact-name": {
    group: "Artifact",
    description: 'the name of the artifact the sealed bundle is uploaded as (no `" : < > | * ? \\ /` or line breaks)',
    default: "etcd-pki",
    actions: {
      certs: { value: "etcd-pki" },
      restore: { value: "etcd-pki", description: "the name of the artifact the certs action uploaded" }
    }
  },
  "retention-days": {
    group: "Artifact",
    description: "days the artifact is kept, 1 to 90",
    default: "1",
    actions: { certs: { value: "1" } }
  },
  "run-id": {
    group: "Artifact",
    description: "take the artifact from this workflow run instead of the current one (needs {github-token})",
    actions: { restore: {} }
  },
  "github-token": {
    group: "Artifact",
    description: "a token that may read the artifacts of {run-id}",
    actions: { restore: {} }
  },
  repository: {
    group: "Artifact",
    description: "the repository of {run-id}, as `owner/name`",
    default: "the current repository",
    actions: { restore: {} }
  },
  out: {
    group: "PKI",
    value: "DIR",
    input: "out-dir",
    description: "a new or empty folder to write into",
    verbs: {
      certs: { description: "a new or empty folder for the PKI and the cluster state" },
      restore: { description: "a new or empty folder to restore the PKI (keys 0600) and the cluster state into" }
    },
    actions: {
      certs: {
        description: "the folder the PKI is generated in, on this runner",
        default: "a new folder in `RUNNER_TEMP`"
      },
      restore: {
        description: "a new or empty folder to restore the PKI (keys 0600, folders 0700) and the cluster state into",
        default: "`RUNNER_TEMP/etcd-ha-restored`"
      }
    }
  },
  seal: {
    group: "Sealing",
    value: "FILE",
    description: "also pack the PKI with its cluster layout and seal it with age into FILE",
    verbs: { certs: {} }
  },
  "sealed-path": {
    group: "Sealing",
    input: "path",
    description: "where the sealed bundle is written (and, without an artifact service, left)",
    default: "`RUNNER_TEMP/ARTIFACT-NAME.age`",
    actions: { certs: {} }
  },
  from: {
    group: "Sealing",
    value: "FILE",
    input: "path",
    description: "the sealed bundle to open, as the certs action or 'etcd-ha certs --seal' (or age `--encrypt` of such a tar) wrote it",
    action: ": a local file, opened instead of downloading an artifact",
    verbs: { restore: {} },
    actions: { restore: {} }
  },
  "passphrase-env": {
    group: "Sealing",
    value: "VAR",
    input: "passphrase",
    description: "the passphrase",
    cli: " in this environment variable",
    action: " (pass a secret)",
    verbs: {
      certs: { description: "with {seal}: seal with the passphrase" },
      restore: { description: "open with the passphrase" }
    },
    actions: {
      certs: { description: "seal with this passphrase", details: "Set this or {recipient}" },
      restore: { description: "the passphrase the bundle was sealed with", details: "Set this or {identity}" }
    }
  },
  recipient: {
    group: "Sealing",
    value: "AGE_PUBLIC_KEY",
    input: "recipients",
    description: "seal for age public keys (`age1...`)",
    details: "Only their owners can open it. Set this or {passphrase-env}",
    cli: "; with {seal}; may be repeated",
    action: ", comma- or newline-separated",
    repeatable: true,
    verbs: { certs: {} },
    actions: { certs: {} }
  },
  identity: {
    group: "Sealing",
    value: "FILE",
    description: "open with an age identity (`AGE-SECRET-KEY-1...`, as `age-keygen` writes it)",
    details: "Set this or {passphrase-env}",
    cli: " in FILE; may be repeated",
    action: ": the contents of the file (pass a secret)",
    repeatable: true,
    verbs: { restore: {} },
    actions: { restore: {} }
  },
  checks: {
    group: "Checks",
    value: "LIST",
    description: `which checks to run, in this order, comma-separated: ${CHECK_NAMES.join(", ")}, or all (every check that can run on this cluster: one that cannot is skipped with the reason and does not fail the run; a named or default check that is skipped does; ${RELEASE_CHECKS.join(" and ")} only with {upgrade-etcd-version}, {upgrade-etcd-path} or {upgrade-image})`,
    details: "A check cannot run with fewer members than it needs, a fault the target cannot inject, or on a cluster given by its endpoints; one named for fewer members than it needs is refused before anything starts. A list that names no check (`,`) is refused",
    allowed: CHECK_NAMES,
    default: DEFAULT_CHECKS.join(","),
    verbs: { run: {}, check: {} },
    actions: { run: { value: DEFAULT_CHECKS.join(",") }, check: { value: DEFAULT_CHECKS.join(",") } }
  },
  rounds: {
    group: "Checks",
    value: "N",
    description: `how many times the checks that stop members (${ROUND_CHECKS.join(", ")}) run on the same cluster, 1 to ${MAX_ROUNDS}; each figure is then the p50, with its P95 and Max`,
    details: "The cluster is restored whole before each round, and the rounds of a check stop at the first that fails; `keysLost` is the sum over the rounds, and each round is in the JSON report",
    default: "1",
    verbs: { run: {}, check: {} },
    actions: { run: { value: "1" }, check: { value: "1" } }
  },
  baseline: {
    group: "Checks",
    description: "a name (1 to 64 letters, digits, `-`, `_` or `.`) to keep reports under in the Actions cache: the newest report saved under it is compared with this run's, and this run's report is saved if it passed",
    details: "No previous report is a notice and a cache that cannot be reached a warning; neither fails the step",
    default: "no comparison",
    actions: { run: {}, check: {} }
  },
  "compare-to": {
    group: "Checks",
    value: "FILE",
    description: "a JSON report of an earlier run: the report lists every figure both measured, with the change",
    verbs: { run: {}, check: {} }
  },
  "max-regression-pct": {
    group: "Checks",
    value: "P",
    description: "with {compare-to}: exit 1 when a millisecond figure's p50 grew by more than P percent, 0 to 1000 (only a note below 5 rounds)",
    verbs: { run: {}, check: {} },
    actions: {
      run: {
        description: "with {baseline}: fail the step when a millisecond figure's p50 grew by more than this percent over the previous report, 0 to 1000 (only a notice when either run had fewer than 5 rounds)",
        default: "no limit"
      },
      check: {
        description: "with {baseline}: fail the step when a millisecond figure's p50 grew by more than this percent over the previous report, 0 to 1000 (only a notice when either run had fewer than 5 rounds)",
        default: "no limit"
      }
    }
  },
  json: {
    group: "Report",
    value: "FILE",
    description: "also write the JSON report to FILE",
    verbs: { run: {}, check: {} }
  },
  summary: {
    group: "Report",
    value: "FILE",
    description: "also append the Markdown report to FILE (as GitHub's step summary is appended to)",
    verbs: { run: {}, check: {} }
  },
  diagnostics: {
    group: "Diagnostics",
    value: "WHEN",
    description: `write a diagnostics bundle (${DIAGNOSTICS_CONTENTS}): {allowed}`,
    allowed: DIAGNOSTICS_WHEN,
    default: "on-failure",
    verbs: { run: {}, check: {} },
    actions: {
      run: {
        value: "on-failure",
        description: `when to collect a diagnostics bundle (${DIAGNOSTICS_CONTENTS}) and upload it as the artifact \`etcd-ha-diagnostics-RUNID\`: {allowed}`
      }
    }
  },
  "diagnostics-file": {
    group: "Diagnostics",
    value: "FILE",
    description: "where the bundle is written (a gzipped tar; sealed with age when a passphrase or recipient is given)",
    default: "`etcd-ha-diagnostics-RUNID.tar.gz[.age]` beside {json}, else in the system's temporary folder",
    verbs: { run: {}, check: {} }
  },
  "diagnostics-passphrase-env": {
    group: "Diagnostics",
    value: "VAR",
    input: "diagnostics-passphrase",
    description: "seal the bundle with age, with the passphrase",
    cli: " in this environment variable",
    verbs: { run: {}, check: {} },
    actions: {
      run: {
        description: "seal the bundle with age with this passphrase; pass a secret (it is masked in the log); not with {diagnostics-recipient}"
      }
    }
  },
  "diagnostics-recipient": {
    group: "Diagnostics",
    value: "AGE_PUBLIC_KEY",
    input: "diagnostics-recipients",
    description: "seal the bundle with age for these public keys (`age1...`)",
    cli: "; may be repeated",
    action: ", comma- or newline-separated; with neither these nor a passphrase, the bundle is a plain `.tar.gz`",
    repeatable: true,
    verbs: { run: {}, check: {} },
    actions: { run: {} }
  },
  format: {
    group: "Output",
    value: "FORMAT",
    description: "how findings are printed: {allowed}",
    allowed: LINT_FORMATS,
    default: "text",
    verbs: { lint: {}, history: { description: "how the verdict is printed: text or json" } }
  },
  "upgrade-to": {
    group: "etcd",
    value: "X.Y.Z",
    description: "a later etcd release the configuration is to be upgraded to: also report what stops it there or on the way (removed flags, a skipped minor, the patch etcd requires before it)",
    details: 'Every rule is run for each release on the way, with the upgrade rules `ETCD-701` to `ETCD-704`; their messages say "on the way to"',
    verbs: { lint: {} },
    actions: { lint: { default: "no upgrade findings" } }
  },
  boot: {
    group: "Other",
    description: "also report, as errors, what 'etcd-ha run --config' refuses: the paths' members are judged as one cluster, as the run boots them",
    details: "The run refuses exactly what this reports, so a lint job with boot on the path a boot job gets passes when the boot gets past its configuration",
    verbs: { lint: {} },
    actions: {
      lint: {
        value: "false",
        description: "also report, as errors, what the main action's {config} input (etcd-ha run --config) refuses, judging the members of the paths as one cluster: true or false"
      }
    }
  },
  "fail-on": {
    group: "Output",
    value: "LEVEL",
    description: "exit 1 when a finding is this severe or worse: {allowed}",
    allowed: FAIL_ON,
    default: "error",
    verbs: { lint: {} },
    actions: {
      lint: {
        value: "error",
        description: "fail the step when a finding is this severe or worse: {allowed} (never: report only)"
      }
    }
  },
  "sarif-file": {
    group: "Output",
    description: "also write the findings as SARIF 2.1.0 to this path (its folder is created), for `github/codeql-action/upload-sarif`",
    default: "no SARIF file",
    actions: { lint: {} }
  },
  "max-steps": {
    group: "Output",
    value: "N",
    description: "how many steps the search may take before it stops undecided (exit 1)",
    default: String(DEFAULT_MAX_STEPS),
    verbs: { history: {} }
  },
  "max-memory-mb": {
    group: "Output",
    value: "N",
    description: "how many MiB each key's search may hold before it stops undecided (exit 1)",
    default: String(DEFAULT_MAX_MEMORY_MB),
    verbs: { history: {} }
  },
  threads: {
    group: "Output",
    value: "N",
    description: "how many keys are checked at once, each in a thread, for a history of 50000 operations or more; the verdict is the same for any N",
    default: "the cores this process may use",
    verbs: { history: {} }
  },
  keep: {
    group: "Other",
    description: "keep data dirs, logs and PKI at teardown (the processes always end)",
    action: ". Never use it where the runner is shared",
    verbs: { run: {}, down: {} },
    actions: { run: { value: "false" }, up: { value: "false" } }
  },
  verbose: {
    group: "Other",
    description: "also print debug lines on stderr",
    verbs: {
      run: {},
      certs: {},
      restore: {},
      up: {},
      check: {},
      down: {},
      ps: {},
      lint: { description: "also print, on stderr, what each file was recognised as" },
      history: {}
    }
  }
};
function optionSpec(name) {
  return OPTIONS[name];
}
var NAMES = Object.keys(OPTIONS);
var VERB_OPTIONS = Object.fromEntries(
  CLI_VERBS.map((verb) => [verb, NAMES.filter((name) => optionSpec(name).verbs?.[verb] !== void 0)])
);
var REPLACED_OPTIONS = NAMES.filter((name) => optionSpec(name).replaced);
var REPEATABLE = NAMES.filter((name) => optionSpec(name).repeatable);
var SWITCHES = NAMES.filter(
  (name) => optionSpec(name).verbs !== void 0 && optionSpec(name).value === void 0
);
function inputName(name) {
  return optionSpec(name).input ?? name;
}
function renderText(text, surface, allowed = []) {
  const named = text.replace(/\{([a-z][a-z0-9-]*)\}/g, (_, ref) => {
    if (ref === "allowed") return orList(allowed);
    if (!(ref in OPTIONS)) throw new Error(`the option table names {${ref}}, which is no option`);
    const option = ref;
    if (surface.kind === "cli" || surface.kind === "docs" && surface.action === void 0) {
      if (optionSpec(option).verbs === void 0) throw new Error(`{${ref}} is no CLI flag`);
      return surface.kind === "docs" ? `\`--${ref}\`` : `--${ref}`;
    }
    if (optionSpec(option).actions === void 0) throw new Error(`{${ref}} is no action input`);
    return surface.kind === "docs" ? `\`${inputName(option)}\`` : inputName(option);
  });
  return surface.kind === "docs" ? named : named.replace(/`/g, "");
}
function flagHelp(name, verb) {
  const spec = optionSpec(name);
  const own = spec.verbs?.[verb];
  const surface = { kind: "cli", verb };
  const meaning = renderText(`${own?.description ?? spec.description}${spec.cli ?? ""}`, surface, spec.allowed);
  const fallback = own?.default ?? spec.default;
  return {
    group: spec.group,
    ...spec.value === void 0 ? {} : { value: spec.value },
    meaning,
    ...fallback === void 0 ? {} : { default: renderText(fallback, surface) }
  };
}

// src/cli/help.ts
var REPORT_EXIT = "0 every check passed; 1 a check failed or the cluster did not come up; 2 bad input (the message names the option)";
var VERB_HELP = {
  run: {
    summary: "start a cluster, run the checks, report, and tear the cluster down",
    usage: ["run [options]", "run --config PATH [options]"],
    description: "certs -> up -> checks -> report -> teardown, on the local target unless --target says otherwise. SIGINT or SIGTERM tears the cluster down before exiting (130 or 143); after a SIGKILL, 'etcd-ha down --all' ends what is left.",
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
    exit: "0 written; 2 bad input",
    examples: [
      "etcd-ha certs --out ./etcd --members 5",
      'etcd-ha certs --out ./pki-job --seal pki.age --recipient "$(age-keygen -y owner.key)"'
    ]
  },
  restore: {
    summary: "open a sealed PKI bundle into a folder 'etcd-ha up' starts",
    usage: ["restore --from FILE (--passphrase-env VAR | --identity FILE...) --out DIR"],
    exit: "0 restored; 2 bad input, a wrong key or a damaged bundle (nothing is written)",
    examples: ["etcd-ha restore --from pki.age --identity owner.key --out ./etcd && etcd-ha up --state ./etcd"]
  },
  up: {
    summary: "start a cluster and leave it running; writes DIR/etcdctl.env",
    usage: ["up --state DIR [options]"],
    description: "On a new or empty DIR, up generates the PKI there first (as 'certs --out DIR' would, from the cluster, timing and PKI options) and says where; on a folder 'certs --out' or 'restore --out' made, it starts that cluster; with --pki-dir, it starts on that PKI. '. DIR/etcdctl.env' then makes a plain etcdctl work; 'etcd-ha down --state DIR' ends the cluster.",
    exit: "0 the cluster is up; 1 it did not come up (each member that failed is named, with its log); 2 bad input",
    examples: [
      "etcd-ha up --state ./etcd && . ./etcd/etcdctl.env && etcdctl endpoint status -w table",
      "etcd-ha up --state ./etcd --target container"
    ]
  },
  check: {
    summary: "run the checks against a running cluster and report",
    usage: ["check --state DIR [options]", "check --endpoints URL,... --pki-dir DIR [options]"],
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
  const flags = options.map((name) => ({ name, ...flagHelp(name, verb) }));
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

// src/run/run-records.ts
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
function runsDir(env) {
  if (env.ETCD_HA_STATE_HOME) return path.join(path.resolve(env.ETCD_HA_STATE_HOME), "runs");
  const stateHome = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(homedir(), ".local", "state");
  return path.join(stateHome, "etcd-ha", "runs");
}
var entryFile = (dir, runId) => path.join(dir, `${runId.replace(/[^A-Za-z0-9._-]/g, "_")}.json`);
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
        const file = path.join(dir, name);
        try {
          const parsed = JSON.parse(await readFile(file, "utf8"));
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

// src/cli/option-checks.ts
import { access, constants } from "node:fs/promises";
function requireOption(read, name, allowed = "a folder path") {
  const value = read.raw(name);
  if (value === void 0) throw new ConfigurationError(`--${name} is missing; allowed: ${allowed}`);
  return value;
}
async function checkAccessFiles(target) {
  for (const { option, file } of targetAccessFiles(target)) {
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new ConfigurationError(`--${option} is '${file}'; allowed: a file this user can read`);
    }
  }
}

// src/cli/verbs/certs.ts
var certsVerb = async ({ read, all }, io, deps) => {
  const topology = parseTopology(read, parseTarget(read, { access: false }));
  const warning = memberCountWarning(topology.members);
  if (warning) deps.logger.warning(warning);
  const sealTo = read.raw("seal");
  const sealKey = sealTo ? sealKeyFrom(read, all("recipient"), io.env) : void 0;
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
};
function sealKeyFrom(read, recipients, env) {
  const passphraseEnv = read.raw("passphrase-env");
  if (passphraseEnv === void 0 === (recipients.length === 0)) {
    throw new ConfigurationError(
      "--seal needs exactly one of --passphrase-env VAR or --recipient KEY (which may be repeated)"
    );
  }
  return passphraseEnv ? { passphrase: passphraseFromEnv(passphraseEnv, env, "--passphrase-env") } : { recipients: parseRecipients(recipients, "--recipient") };
}

// src/cli/diagnostics.ts
import { tmpdir } from "node:os";
import path2 from "node:path";
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
  const file = flags.file ?? path2.join(
    json ? path2.dirname(path2.resolve(json)) : tmpdir(),
    diagnosticsFileName(report.cluster.runId, flags.seal !== void 0)
  );
  const bundle = await writeDiagnosticsBundle(await diagnosticsOf(report, state, deps), file, flags);
  deps.logger.info(diagnosticsLine(bundle, bundle.file));
  const summary = read.raw("summary");
  if (summary) await appendFileNoFollow(summary, diagnosticsMarkdown(bundle, markdownCode(bundle.file), bundle.file));
}

// src/cli/report-output.ts
import { tmpdir as tmpdir2 } from "node:os";
import path3 from "node:path";
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

// src/cli/verbs/check.ts
var checkVerb = async ({ read, all }, io, deps) => {
  const diagnostics = parseDiagnosticsFlags(read, all("diagnostics-recipient"), io.env);
  const state = await checkedClusterState(
    { dir: read.raw("state"), label: "--state" },
    parseGivenCluster(read),
    flagLabel
  );
  const release = parseUpgradeRelease(read, targetRunsLocalBinary(targetKindOf(state)));
  const { checks, optional } = parseCheckSelection(read, state.spec.members.length, release !== void 0);
  const [rounds, comparison] = [parseRounds(read), await parseCompareTo(read, flagLabel)];
  const report = withComparison(await checkReport(state, checks, deps, rounds, optional, release), comparison);
  const code = await emitReport(report, read, io);
  await emitDiagnostics(report, state, diagnostics, read, deps);
  return code;
};

// src/cli/recorded-runs.ts
async function liveRuns(registry, io) {
  const { live, removed, unreadable } = await recordedRuns(registry);
  for (const { entry, reason } of removed)
    io.stderr(`removed run ${entry.runId} (${entry.target}, started ${entry.startedAt}) from the list: ${reason}
`);
  for (const file of unreadable) io.stderr(`warning: ${file} is not a run entry; it was left as it is
`);
  return live;
}

// src/cli/verbs/down.ts
var downVerb = async ({ read, given }, io, deps) => {
  const keep = given("keep");
  if (given("all")) {
    const stateDir = read.raw("state");
    if (stateDir !== void 0)
      throw new ConfigurationError(`--state is '${stateDir}' and --all is given; allowed: one of them`);
    return await downAll(deps.runs, keep, deps, io);
  }
  const state = await loadState(
    requireOption(read, "state", "a folder path (or --all: every cluster 'etcd-ha ps' lists)"),
    "--state"
  );
  const problems = await downPhase(state, { keep }, deps);
  for (const problem of problems) deps.logger.warning(`teardown: ${problem}`);
  return problems.length === 0 ? 0 : 1;
};
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
async function downAll(registry, keep, deps, io) {
  const live = await liveRuns(registry, io);
  let failed = 0;
  for (const run of live) if ((await downRun(run, keep, deps, io)).length > 0) failed++;
  if (live.length === 0)
    io.stderr(`nothing to tear down: no recorded cluster is up (runs are recorded in ${registry.dir})
`);
  return failed === 0 ? 0 : 1;
}

// src/cli/verbs/history.ts
import { readFile as readFile2 } from "node:fs/promises";
import { availableParallelism } from "node:os";
var HISTORY_FORMATS = ["text", "json"];
var MAX_THREADS = 64;
var MAX_MEMORY_MB = 16384;
async function checkHistoryFile(read, positionals, stdout, logger, parallel = {}) {
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
    text = await readFile2(file, "utf8");
  } catch (error) {
    throw new ConfigurationError(
      `FILE is '${file}', which cannot be read (${errorMessage(error)}); allowed: a file of JSON lines`
    );
  }
  const parsed = parseHistoryFile(text, file);
  const operations = operationsOf(parsed.events, file);
  const watch = parsed.hasWatch ? checkWatch(parsed.watch) : void 0;
  const { result, parts } = await checkOperationsInParallel(operations, {
    maxSteps,
    maxMemoryMb,
    parallelism: threads,
    ...parallel
  });
  logger?.debug(
    `history check: ${result.summary.keys} keys checked in ${parts === 1 ? "one thread" : `${parts} threads`}`
  );
  const json = { ...historyJson(result), ...watch && { watch: watchJson(watch) } };
  stdout(format === "json" ? `${JSON.stringify(json, null, 2)}
` : renderHistoryText(result));
  if (format === "text" && parsed.leftOutKeys.length > 0)
    stdout(`put/get check left out ${parsed.leftOutKeys.length} keys that deletes or txns write
`);
  if (watch && format === "text") stdout(renderWatchText(watch));
  if (result.verdict === "undecided" && format === "text") {
    const causes = new Set(result.failures.filter((f) => f.verdict === "undecided").map((f) => f.cause));
    if (causes.has("budget")) stdout(`raise --max-steps (now ${maxSteps}) to search further
`);
    if (causes.has("memory")) stdout(`raise --max-memory-mb (now ${maxMemoryMb}) to search further
`);
  }
  return result.ok && (watch?.ok ?? true) ? 0 : 1;
}
var historyVerb = ({ read, positionals }, io, deps) => checkHistoryFile(read, positionals, io.stdout, deps.logger);

// src/cli/verbs/lint.ts
var lintVerb = async ({ read, given, positionals }, io, deps) => {
  const options = parseLintOptions(read, positionals, given("boot"));
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
};

// src/cli/verbs/ps.ts
var psVerb = async (_args, io, deps) => {
  const registry = deps.runs;
  const live = await liveRuns(registry, io);
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
};
async function runningMembers(state, deps) {
  const kind = recordedTargetKind(state);
  if (kind === void 0 || !countsRunningMembers(kind)) return "?";
  try {
    const target = targetFor(state, deps);
    const running = await Promise.all(state.spec.members.map((member) => target.isRunning(member)));
    return `${running.filter(Boolean).length}/${state.spec.members.length}`;
  } catch {
    return "?";
  }
}
function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map(
    (row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()
  ).join("\n");
}

// src/cli/verbs/restore.ts
var restoreVerb = async ({ read, all }, io, deps) => {
  const identities = all("identity");
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
};

// src/cli/verbs/run.ts
import { mkdtemp, rmdir } from "node:fs/promises";
import { tmpdir as tmpdir3 } from "node:os";
import path4 from "node:path";
var runVerb = async ({ read, given, all }, io, deps) => {
  const diagnostics = parseDiagnosticsFlags(read, all("diagnostics-recipient"), io.env);
  const keep = given("keep");
  const { live } = deps;
  const { config, target, topology, timing, checks, optionalChecks, rounds, binary, provided, warnings, release } = parseRunOptions(read);
  if (diagnostics.when !== "never") deps.captured = {};
  const comparison = await parseCompareTo(read, flagLabel);
  await checkAccessFiles(target);
  for (const warning of warnings) deps.logger.warning(warning);
  const madeStateDir = read.raw("state") === void 0;
  const stateDir = read.raw("state") ?? await mkdtemp(path4.join(tmpdir3(), "etcd-ha-"));
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
        release,
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
};

// src/cli/verbs/up.ts
import { readdir as readdir2 } from "node:fs/promises";
import path5 from "node:path";
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
var LAYOUT_OPTIONS = TOPOLOGY_OPTIONS.filter((name) => !REPLACED_OPTIONS.includes(name));
var untimed = (_phase, work) => work();
var upVerb = async ({ read }, io, deps) => {
  const dir = requireOption(read, "state");
  let state;
  if (read.raw("config") !== void 0) {
    const options = parseClusterOptions(read);
    await checkAccessFiles(options.target);
    for (const warning of options.warnings) deps.logger.warning(warning);
    state = await bringUp(
      { ...options, label: flagLabel, stateDir: dir, stateDirLabel: "--state" },
      deps,
      phaseTimer(deps, {})
    );
  } else {
    const provided = parseProvidedPki(read);
    const target = parseTarget(read);
    await checkAccessFiles(target);
    const binary = parseEtcdBinary(read);
    state = await bringUp(
      { target, binary, layOut: () => laidOutCluster(dir, read, target, provided, deps) },
      deps,
      untimed
    );
  }
  io.stdout(`${path5.join(state.spec.stateDir, ETCDCTL_ENV_FILE)}
`);
  return 0;
};
async function laidOutCluster(dir, read, target, provided, deps) {
  const state = provided.pkiDir ? await adoptPkiPhase(
    await prepareStateDir(dir, "--state"),
    parseTopology(read, target),
    parseTiming(read),
    { ...provided, pkiDir: provided.pkiDir },
    deps
  ) : await upState(dir, read, target, deps);
  const timingGiven = TIMING_OPTIONS.some((name) => read.raw(name) !== void 0);
  const timing = timingGiven ? parseTiming(optionReader((name) => read.raw(name) ?? String(defaultTiming(state, name)), flagLabel)) : void 0;
  return { state, timing };
}
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
  if (entries !== void 0 && !entries.includes(path5.basename(stateFilePath(dir)))) {
    throw new ConfigurationError(
      `--state is '${dir}'; allowed: a new or empty folder (up generates the PKI there), or a folder made by 'etcd-ha certs --out' or 'etcd-ha restore --out' (this one holds files, but no ${path5.basename(stateFilePath(dir))})`
    );
  }
  return loadState(dir, "--state");
}
function defaultTiming(state, name) {
  const timing = state.spec.timing;
  if (name === "heartbeat-ms") return timing.heartbeatMs;
  if (name === "election-ms") return timing.electionMs;
  return timing.startupTimeoutMs / 1e3;
}

// src/cli/verbs/index.ts
var VERBS = {
  run: runVerb,
  certs: certsVerb,
  restore: restoreVerb,
  up: upVerb,
  check: checkVerb,
  down: downVerb,
  ps: psVerb,
  lint: lintVerb,
  history: historyVerb
};

// src/cli/main.ts
var VERB_OPTIONS2 = VERB_OPTIONS;
function pipelineDeps(env, verbose, verb) {
  const live = {};
  const cli = { pid: process.pid, startTime: processStartTime(process.pid) ?? "" };
  return {
    ...systemDeps(env, consoleLogger({ verbose, env }), { live }),
    live,
    runs: runRegistry(runsDir(env), { command: verb, cli, now: () => /* @__PURE__ */ new Date() })
  };
}
function isVerb(word) {
  return CLI_VERBS.includes(word);
}
function notACommand(word) {
  const verbs = Object.keys(VERB_OPTIONS2);
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
    VERB_OPTIONS2[verb].filter((name) => !REPLACED_OPTIONS.includes(name))
  );
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
    io.stdout(overview(Object.keys(VERB_OPTIONS2)));
    return verb === void 0 ? 2 : 0;
  }
  const helpVerb = verb === "help" ? rest[0] : rest.includes("--help") || rest.includes("-h") ? verb : void 0;
  if (helpVerb !== void 0 && VERB_OPTIONS2[helpVerb]) {
    io.stdout(helpOf(helpVerb));
    return 0;
  }
  if (verb === "--version") {
    io.stdout(`${VERSION}
verbs: ${Object.keys(VERB_OPTIONS2).join(", ")} ('etcd-ha help' describes each)
`);
    return 0;
  }
  try {
    if (verb === "help") throw new ConfigurationError(notACommand(rest[0]));
    if (!isVerb(verb)) throw new ConfigurationError(notACommand(verb));
    const allowed = VERB_OPTIONS2[verb];
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
    const deps = pipelineDeps(io.env, values.verbose === true, verb);
    const args = {
      read,
      given: (name) => values[name] === true,
      all: (name) => values[name] ?? [],
      positionals: parsed.positionals
    };
    return await VERBS[verb](args, io, deps);
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

// src/entrypoints/cli.ts
endQuietlyOnBrokenPipe(process.stdout);
process.exitCode = await main(process.argv.slice(2));
