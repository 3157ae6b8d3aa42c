import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  HistoryFormatError,
  checkHistory,
  eventFrom
} from "./chunk-YYLDVE6W.js";
import {
  ALL_RELEASES,
  BOOT_RULES,
  FEATURE_GATES_3_6,
  FEATURE_GATE_FLAGS,
  FaultUnsupportedError,
  RENAMED_IN_3_6,
  SnapshotHash,
  TARGETS,
  UPGRADE_RULES,
  advertiseClientUrlsMissing,
  advertiseUrlWithoutHost,
  agreedLeader,
  anchorOf,
  appliedMember,
  clientUrlListedTwice,
  clusterVersionReached,
  collectStatus,
  configuredSpareMember,
  defaultOf,
  envOfFlag,
  findDowngradeRefusal,
  findingAt,
  flagInfo,
  flagOfYamlKey,
  flagValueError,
  invalidInitialCluster,
  invalidUrl,
  isAtLeast,
  isFlag,
  isIpLiteral,
  isLoopback,
  isTemplated,
  isTrue,
  knownFlags,
  knownYamlKeys,
  leaderOf,
  listenUrlNotIp,
  memberSettings,
  nearest,
  normalizeUrl,
  parseEtcdUrl,
  parseEtcdVersion,
  parseInitialCluster,
  parseTargetOptions,
  parseUrlList,
  parsedOccurrences,
  readsYaml,
  refuses,
  report,
  settingOf,
  statusWithAgreedLeader,
  targetAddressing,
  targetEntry,
  translateFlags,
  unsupportedFault,
  upgradeOrder,
  upgradePath,
  urlHiddenParts,
  usesDiscovery,
  valueOf,
  waitForApplied,
  waitForHealthyCluster,
  written,
  yamlKeyStatus
} from "./chunk-LNSQM2ZE.js";
import {
  flagLabel
} from "./chunk-LYGAK3AY.js";
import {
  DEFAULT_KEY_ALGORITHM,
  DEFAULT_TARGET_KIND,
  KEY_ALGORITHMS,
  KEY_PARAMETERS,
  PollTimeoutError,
  SPARE_DIR,
  TARGET_KINDS,
  describeKeyType,
  initialClusterOf,
  keyAlgorithmOf,
  lastLines,
  pollUntil,
  roundMs,
  spareMember,
  writeFileNoFollow
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/lint/readers/reader-rules.ts
var READER_RULE_IDS = {
  parse: "ETCD-PARSE",
  skipped: "ETCD-SKIPPED",
  unresolvedInclude: "ETCD-UNRESOLVED-INCLUDE",
  release: "ETCD-RELEASE"
};
var READER_RULES = [
  {
    id: READER_RULE_IDS.parse,
    severity: "error",
    name: "does-not-parse",
    etcdDoes: "A configuration that does not parse does not start etcd as written: etcd, kubeadm or systemd refuse the file, or systemd reads a unit line differently (a comment after a continuation backslash ends the line; a flag line without the backslash before it is ignored), and etcd exits on arguments that are no flags.",
    fix: "Fix the syntax at the position given: YAML indentation and quotes, a backslash as the very last character of each continued unit line with comments on lines of their own, `--flag=true` for boolean flags."
  },
  {
    id: READER_RULE_IDS.skipped,
    severity: "notice",
    name: "file-skipped",
    etcdDoes: "Nothing: the file is binary, over 1 MiB, cannot be read, or is a symbolic link leading out of the scanned folder, so the linter does not read it.",
    fix: "Lint the configuration file itself, or the folder its link points into."
  },
  {
    id: READER_RULE_IDS.unresolvedInclude,
    severity: "warning",
    name: "include-not-found",
    etcdDoes: "etcd gets the settings of an `EnvironmentFile=` or `--config-file` that is not among the scanned files; they are not linted, and with `--config-file` etcd ignores every other flag and ETCD_* variable.",
    fix: "Add the file to the scanned paths: in the unit\u2019s own folder, or as the one scanned file whose path ends like the one named (`cfg/etcd.conf` for `/opt/etcd/cfg/etcd.conf`); several candidates are only noted, with their names."
  },
  {
    id: READER_RULE_IDS.release,
    severity: "notice",
    name: "release-not-known",
    etcdDoes: "Nothing: the etcd version given is outside the releases the rules know (3.4, 3.5, 3.6), so the rules of the nearest one are applied; flags that release added, deprecated or removed are not judged.",
    fix: "Lint for a release the rules know (`--etcd-version 3.6.16`), or read that release\u2019s CHANGELOG for what changed."
  }
];

// src/lint/rules/bootstrap.ts
function bootstrapOf(member, { version }) {
  if (usesDiscovery(member)) return void 0;
  const state = valueOf(member, "initial-cluster-state", version) ?? "new";
  const name = valueOf(member, "name", version) ?? "default";
  const setting = settingOf(member, "initial-cluster");
  const advertised = settingOf(member, "initial-advertise-peer-urls");
  if ([setting, advertised, settingOf(member, "name")].some((written2) => written2 && isTemplated(written2.value)))
    return void 0;
  if (setting) {
    const parsed = parseInitialCluster(setting.value);
    return parsed.error ? void 0 : { setting, entries: parsed.entries, state, name };
  }
  if (name !== "default") return void 0;
  return { entries: [{ name: "default", url: "http://localhost:2380" }], state, name };
}
function advertisedPeerUrls(member, context) {
  const value = valueOf(member, "initial-advertise-peer-urls", context.version);
  const parsed = parseUrlList(value);
  return parsed.error ? void 0 : parsed.urls;
}
var urlString = (url) => `${url.scheme}://${url.host}`;
function mayMatch(a, b) {
  if (a.scheme !== b.scheme || a.port !== b.port) return false;
  return a.hostname.toLowerCase() === b.hostname.toLowerCase() || !isIpLiteral(a.hostname) || !isIpLiteral(b.hostname);
}
var nameNotInInitialCluster = {
  info: {
    id: "ETCD-201",
    severity: "error",
    name: "name-not-in-initial-cluster",
    etcdDoes: "Refuses to start (at its first start): the member\u2019s name must be one of the names in initial-cluster.",
    fix: "List the member in initial-cluster under the same name it has in name (names are case-sensitive)."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap || bootstrap.entries.some((entry) => entry.name === bootstrap.name)) return [];
    const at = bootstrap.setting ?? anchorOf(member, "name");
    const names = [...new Set(bootstrap.entries.map((entry) => entry.name))].join(", ");
    const listed = names === "" ? "no member" : names;
    const etcdMessage = `couldn't find local name ${JSON.stringify(bootstrap.name)} in the initial cluster configuration`;
    const what = bootstrap.setting ? written(bootstrap.setting) : "The default initial-cluster";
    return [
      report(
        this.info,
        at,
        `${what} lists ${listed} but not this member\u2019s name ${bootstrap.name}; ${refuses(etcdMessage)}.`,
        true
      )
    ];
  }
};
var advertisePeerUrlsMismatch = {
  info: {
    id: "ETCD-202",
    severity: "error",
    name: "advertise-peer-urls-mismatch",
    etcdDoes: "Refuses to start a new cluster when the member\u2019s initial-cluster entry and its initial-advertise-peer-urls differ (compared after DNS resolution).",
    fix: "Make the member\u2019s entry in initial-cluster the same URLs as its initial-advertise-peer-urls."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    const advertised = advertisedPeerUrls(member, context);
    if (!bootstrap || bootstrap.state !== "new" || !advertised) return [];
    const own = bootstrap.entries.filter((entry) => entry.name === bootstrap.name).flatMap((entry) => parseUrlList(entry.url).urls);
    if (own.length === 0) return [];
    const missingFromAdvertised = own.filter((url) => !advertised.some((other) => mayMatch(url, other)));
    const missingFromCluster = advertised.filter((url) => !own.some((other) => mayMatch(url, other)));
    if (missingFromAdvertised.length === 0 && missingFromCluster.length === 0) return [];
    const apText = advertised.map(urlString).sort().join(",");
    const etcdMessage = missingFromAdvertised.length > 0 ? `--initial-cluster has ${missingFromAdvertised.map((url) => `${bootstrap.name}=${urlString(url)}`).join(",")} but missing from --initial-advertise-peer-urls=${apText}` : `--initial-advertise-peer-urls has ${missingFromCluster.map(urlString).join(",")} but missing from --initial-cluster=${advertised.map((url) => `${bootstrap.name}=${urlString(url)}`).sort().join(",")}`;
    const apSetting = settingOf(member, "initial-advertise-peer-urls");
    const at = bootstrap.setting ?? apSetting ?? anchorOf(member, "name");
    const apWritten = apSetting ? written(apSetting) : "the default initial-advertise-peer-urls http://localhost:2380";
    const clusterWritten = bootstrap.setting ? `its entry in ${written(bootstrap.setting)}` : "the default initial-cluster default=http://localhost:2380";
    return [
      report(this.info, at, `${bootstrap.name}: ${clusterWritten} is not ${apWritten}; ${refuses(etcdMessage)}.`, true)
    ];
  }
};
var duplicateInitialClusterUrl = {
  info: {
    id: "ETCD-203",
    severity: "error",
    name: "duplicate-initial-cluster-url",
    etcdDoes: "Refuses to start (at its first start) when one URL appears twice in initial-cluster.",
    fix: "Give every member its own peer URL in initial-cluster."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap?.setting) return [];
    const urls = bootstrap.entries.map((entry) => urlString(parseUrlList(entry.url).urls[0]));
    const duplicate = urls.find((url, index) => urls.indexOf(url) !== index);
    if (!duplicate) return [];
    const mapText = bootstrap.entries.map((entry, index) => `${entry.name}=${urls[index]}`).sort().join(",");
    const etcdMessage = `initial cluster ${mapText} has duplicate url`;
    return [
      report(
        this.info,
        bootstrap.setting,
        `${written(bootstrap.setting)} lists ${duplicate} twice; ${refuses(etcdMessage)}.`,
        true
      )
    ];
  }
};

// src/lint/clusters.ts
import path from "node:path";
function normalizedInitialCluster(member) {
  const setting = settingOf(member, "initial-cluster");
  if (!setting || setting.value.trim() === "") return void 0;
  const { entries, error } = parseInitialCluster(setting.value);
  if (error || entries.length === 0) return void 0;
  return entries.map((entry) => `${entry.name}=${normalizeUrl(entry.url)}`).sort().join(",");
}
function peerUrlsNamed(member) {
  const urls = /* @__PURE__ */ new Set();
  const cluster = settingOf(member, "initial-cluster");
  if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) urls.add(normalizeUrl(entry.url));
  const advertised = settingOf(member, "initial-advertise-peer-urls");
  if (advertised) for (const url of parseUrlList(advertised.value).urls) urls.add(normalizeUrl(url.text));
  return urls;
}
function distinctMembersOf(a, b) {
  if (a.name === b.name) return false;
  const names = new Set(
    parseInitialCluster(settingOf(a, "initial-cluster")?.value ?? "").entries.map((entry) => entry.name)
  );
  return names.has(a.name) && names.has(b.name);
}
function groupClusters(members) {
  const parent = members.map((_, index) => index);
  const find = (index) => parent[index] === index ? index : parent[index] = find(parent[index]);
  const union = (a, b) => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };
  const clusters = members.map(normalizedInitialCluster);
  const peerUrls = members.map(peerUrlsNamed);
  const folders = members.map((member) => path.dirname(member.file));
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const sameCluster = clusters[a] !== void 0 && clusters[a] === clusters[b] && (folders[a] === folders[b] || distinctMembersOf(members[a], members[b]));
      const sharePeer = folders[a] === folders[b] && [...peerUrls[a]].some((url) => peerUrls[b].has(url));
      if (sameCluster || sharePeer) union(a, b);
    }
  }
  const byRoot = /* @__PURE__ */ new Map();
  members.forEach((member, index) => byRoot.set(find(index), [...byRoot.get(find(index)) ?? [], member]));
  const groups = [];
  const used = /* @__PURE__ */ new Map();
  for (const [root, grouped] of byRoot) {
    const shared = clusters[root];
    const allShare = shared !== void 0 && grouped.every((member) => normalizedInitialCluster(member) === shared);
    const folder = [...new Set(grouped.map((member) => path.dirname(member.file)))].join(", ");
    let key = allShare ? `initial-cluster ${shared}` : `folder ${folder}`;
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    if (seen > 0) key = `${key} #${seen + 1}`;
    groups.push({ key, members: grouped });
  }
  return groups;
}

// src/lint/rules/cluster.ts
var describe = (member) => `${member.name} (${member.file})`;
function bootstrappingTogether(group, { version }) {
  return group.members.filter(
    (member) => valueOf(member, "initial-cluster-state", version) === "new" && !usesDiscovery(member) && !isTemplated(settingOf(member, "initial-cluster")?.value ?? "")
  );
}
var initialClusterDisagreement = {
  info: {
    id: "ETCD-204",
    severity: "error",
    name: "initial-cluster-disagreement",
    etcdDoes: 'Members derive the cluster ID from initial-cluster: members that list different ones never form one cluster (peers reject each other: "request cluster ID mismatch").',
    fix: "Give every member of the cluster the same initial-cluster, character for character in names and URLs."
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context).filter(
      (member) => normalizedInitialCluster(member) !== void 0
    );
    const distinct = new Set(members.map(normalizedInitialCluster));
    if (distinct.size < 2) return [];
    return members.flatMap((member) => {
      const own = normalizedInitialCluster(member);
      const other = members.find((candidate) => normalizedInitialCluster(candidate) !== own);
      const setting = settingOf(member, "initial-cluster");
      const otherSetting = settingOf(other, "initial-cluster");
      const message = `${written(setting)} differs from the initial-cluster of ${describe(other)}, ${otherSetting.value}: members that bootstrap with different initial-cluster values get different cluster IDs and do not form one cluster.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var clusterTokenMismatch = {
  info: {
    id: "ETCD-205",
    severity: "error",
    name: "cluster-token-mismatch",
    etcdDoes: "Nothing at startup: the token goes into the member and cluster IDs, so members with different initial-cluster-token values silently form separate clusters.",
    fix: "Give every member of the cluster the same initial-cluster-token (and a token no other cluster uses)."
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context);
    const tokenOf = (member) => valueOf(member, "initial-cluster-token", context.version);
    if (new Set(members.map(tokenOf)).size < 2) return [];
    return members.map((member) => {
      const other = members.find((candidate) => tokenOf(candidate) !== tokenOf(member));
      const setting = settingOf(member, "initial-cluster-token");
      const own = setting ? written(setting) : `initial-cluster-token (not set: etcd uses ${tokenOf(member)})`;
      const message = `${own} differs from ${tokenOf(other)} of ${describe(other)}: etcd does not check this, the members silently form separate clusters.`;
      return report(this.info, setting ?? anchorOf(member, "initial-cluster"), message, setting !== void 0);
    });
  }
};
var duplicateMemberName = {
  info: {
    id: "ETCD-206",
    severity: "error",
    name: "duplicate-member-name",
    etcdDoes: "Two members with one name are one entry of initial-cluster: the second cannot bootstrap or join (name or peer URLs do not match).",
    fix: "Give every member its own name, and list each under it in initial-cluster."
  },
  group(group) {
    return group.members.flatMap((member) => {
      if (isTemplated(member.name)) return [];
      const other = group.members.find((candidate) => candidate !== member && candidate.name === member.name);
      if (!other) return [];
      const setting = settingOf(member, "name");
      const message = `${setting ? written(setting) : "name (not set: etcd uses default)"}: ${describe(other)} has the same name, so the two members cannot both be in the cluster.`;
      return [report(this.info, setting ?? anchorOf(member), message, setting !== void 0)];
    });
  }
};
function claimedAddresses(member) {
  const claimed = /* @__PURE__ */ new Map();
  for (const name of [
    "initial-advertise-peer-urls",
    "advertise-client-urls",
    "listen-peer-urls",
    "listen-client-urls"
  ]) {
    const setting = settingOf(member, name);
    if (!setting) continue;
    if (isTemplated(setting.value)) continue;
    for (const url of parseUrlList(setting.value).urls) {
      const unspecified = url.hostname === "0.0.0.0" || url.hostname === "::" || url.hostname === "" || url.hostname === "localhost" || url.hostname.startsWith("127.");
      const key = normalizeUrl(url.text);
      if (name.startsWith("listen") && unspecified || claimed.has(key)) continue;
      claimed.set(key, { name });
    }
  }
  return claimed;
}
var duplicateMemberAddress = {
  info: {
    id: "ETCD-207",
    severity: "error",
    name: "duplicate-member-address",
    etcdDoes: "Two members cannot listen on or advertise one address: the second cannot bind it, or peers and clients reach the wrong member.",
    fix: "Give every member its own IP address or port in its listen and advertise URLs."
  },
  group(group) {
    const findings = [];
    for (const member of group.members) {
      const claimed = claimedAddresses(member);
      for (const other of group.members) {
        if (other === member) continue;
        const otherClaimed = claimedAddresses(other);
        const shared = [...claimed.keys()].find((url) => otherClaimed.has(url));
        if (!shared) continue;
        const setting = settingOf(member, claimed.get(shared).name);
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: ${shared} is also used by ${describe(other)}; each member needs its own address.`,
            true
          )
        );
        break;
      }
    }
    return findings;
  }
};
function memberCount(group) {
  const names = /* @__PURE__ */ new Set();
  for (const member of group.members) {
    const cluster = settingOf(member, "initial-cluster");
    if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) names.add(entry.name);
  }
  return Math.max(names.size, group.members.length);
}
var evenMemberCount = {
  info: {
    id: "ETCD-208",
    severity: "warning",
    name: "even-member-count",
    etcdDoes: "Runs, but an even number of members tolerates no more failures than one member fewer (4 members: quorum 3, one may fail), with more members to fail.",
    fix: "Run an odd number of members: 3 (one may fail) or 5 (two may fail)."
  },
  group(group) {
    const count3 = memberCount(group);
    if (count3 < 2 || count3 % 2 !== 0) return [];
    return group.members.map((member) => {
      const setting = settingOf(member, "initial-cluster");
      const message = `${setting ? written(setting) : "The cluster"} has ${count3} members: quorum is ${count3 / 2 + 1}, so it survives ${count3 / 2 - 1} failure${count3 / 2 - 1 === 1 ? "" : "s"}, as ${count3 - 1} members would; etcd advises an odd count.`;
      return report(this.info, setting ?? anchorOf(member), message);
    });
  }
};
var mixedClusterState = {
  info: {
    id: "ETCD-209",
    severity: "notice",
    name: "mixed-cluster-state",
    etcdDoes: "A member with initial-cluster-state existing joins a running cluster (after etcdctl member add); members that bootstrap together must all say new, or the existing ones wait for a cluster that never forms.",
    fix: "Use new on every member of a first bootstrap; existing only for a member added to a running cluster."
  },
  group(group, { version }) {
    const stateOf = (member) => valueOf(member, "initial-cluster-state", version);
    const newMember = group.members.find((member) => stateOf(member) === "new");
    if (!newMember) return [];
    return group.members.flatMap((member) => {
      const setting = settingOf(member, "initial-cluster-state");
      if (!setting || setting.value !== "existing") return [];
      const message = `${written(setting)} while ${describe(newMember)} bootstraps with new: right for a member added to a running cluster with etcdctl member add, wrong if they bootstrap together.`;
      return [report(this.info, setting, message, true)];
    });
  }
};
var initialClusterNames = {
  info: {
    id: "ETCD-210",
    severity: "warning",
    name: "initial-cluster-names",
    etcdDoes: "Takes every initial-cluster entry as written: a name listed twice becomes one member with two peer URLs, and a space around a name becomes part of it, so the member of that name does not find itself and refuses to start.",
    fix: "List each member once, as name=URL, with no spaces around the commas."
  },
  member(member) {
    const setting = settingOf(member, "initial-cluster");
    if (!setting || isTemplated(setting.value) || usesDiscovery(member)) return [];
    const { entries, error } = parseInitialCluster(setting.value);
    if (error) return [];
    const problems = [];
    const padded = entries.filter((entry) => entry.name !== entry.name.trim()).map((entry) => JSON.stringify(entry.name));
    if (padded.length > 0)
      problems.push(
        `the name${padded.length > 1 ? "s" : ""} ${padded.join(", ")} carr${padded.length > 1 ? "y" : "ies"} spaces, which etcd keeps`
      );
    const seen = /* @__PURE__ */ new Set();
    const twice = [...new Set(entries.map((entry) => entry.name).filter((name) => seen.has(name) || !seen.add(name)))];
    if (twice.length > 0)
      problems.push(
        `${twice.join(", ")} ${twice.length > 1 ? "are" : "is"} listed twice, so etcd makes one member of both URLs`
      );
    if (problems.length === 0) return [];
    return [report(this.info, setting, `${written(setting)}: ${problems.join("; ")}.`, true)];
  }
};

// src/lint/rules/go-values.ts
function goParseBool(value) {
  if (/^(1|t|T|TRUE|true|True)$/.test(value)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(value)) return false;
  return void 0;
}
function goParseInteger(value, signed) {
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[1-9][0-9]*|0)$/.exec(value);
  if (!match || !signed && match[1] !== "") return void 0;
  const body = match[2].replace(/_/g, "");
  const digits = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  const magnitude = BigInt(digits);
  return match[1] === "-" ? -magnitude : magnitude;
}
var DURATION_UNITS = {
  ns: 1,
  us: 1e3,
  \u00B5s: 1e3,
  \u03BCs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 36e11
};
function goParseDuration(value) {
  const quoted = JSON.stringify(value);
  let rest = value.replace(/^[-+]/, "");
  const negative = value.startsWith("-");
  if (rest === "0") return { nanoseconds: 0 };
  if (rest === "") return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  while (rest !== "") {
    const number = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (!number) return { error: `time: invalid duration ${quoted}` };
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)[0];
    if (unit === "") return { error: `time: missing unit in duration ${quoted}` };
    if (!(unit in DURATION_UNITS)) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(number[0]) * DURATION_UNITS[unit];
    rest = rest.slice(unit.length);
  }
  return { nanoseconds: negative ? -total : total };
}
function yamlBool(value) {
  if (/^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(value)) return true;
  if (/^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(value)) return false;
  return void 0;
}
function yamlScalarType(value) {
  if (yamlBool(value) !== void 0) return "bool";
  if (/^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/.test(value)) return "integer";
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+][0-9]+)?$/.test(value)) return "number";
  return "string";
}

// src/lint/rules/startup-tls.ts
function urlsOf(member, name, context) {
  const value = valueOf(member, name, context.version);
  if (value === void 0 || value.trim() === "") return [];
  const parsed = parseUrlList(value);
  return parsed.error ? [] : parsed.urls;
}
var isTls = (url) => url.scheme === "https" || url.scheme === "unixs";
function shown(member, names, url) {
  const setting = names.map((name) => settingOf(member, name)).find((candidate) => candidate !== void 0);
  return setting ? written(setting) : `The default URL ${url.text}`;
}
var filled = (setting) => (setting?.value.trim() ?? "") !== "";
function halfPair(rule, cert, key) {
  if (filled(cert) === filled(key)) return [];
  const present = filled(cert) ? cert : key;
  const etcdMessage = `KeyFile and CertFile must both be present[key: ${key?.value ?? ""}, cert: ${cert?.value ?? ""}]`;
  return [
    report(
      rule.info,
      present,
      `${written(present)} is set without its ${filled(cert) ? "key" : "certificate"}; ${refuses(etcdMessage)}.`
    )
  ];
}
var tlsFilesMissing = {
  info: {
    id: "ETCD-111",
    severity: "error",
    name: "tls-files-missing",
    etcdDoes: "Refuses to start: an https listener needs a certificate and its key (client: cert-file/key-file, peer: peer-cert-file/peer-key-file), unless auto TLS makes them.",
    fix: "Set both the certificate and the key for every https listener (for a YAML file: under client-transport-security / peer-transport-security)."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings = [];
    const cert = settingOf(member, "cert-file");
    const key = settingOf(member, "key-file");
    const clientUrls = [
      ...urlsOf(member, "listen-client-urls", context),
      ...urlsOf(member, "listen-client-http-urls", context)
    ];
    const clientTls2 = clientUrls.find(isTls);
    if (clientTls2) {
      if (!filled(cert) && !filled(key) && !isTrue(settingOf(member, "auto-tls")?.value)) {
        const at = anchorOf(member, "listen-client-urls", "listen-client-http-urls");
        const etcdMessage = `TLS key/cert (--cert-file, --key-file) must be provided for client url ${clientTls2.scheme}://${clientTls2.host} with HTTPS scheme`;
        findings.push(
          report(
            this.info,
            at,
            `${shown(member, ["listen-client-urls", "listen-client-http-urls"], clientTls2)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`
          )
        );
      } else findings.push(...halfPair(this, cert, key));
    }
    const metricsTls = urlsOf(member, "listen-metrics-urls", context).find(isTls);
    if (metricsTls && !filled(cert) && !filled(key) && !clientTls2) {
      const at = anchorOf(member, "listen-metrics-urls");
      const etcdMessage = context.version.minor === "3.4" ? `cannot listen on TLS for ${metricsTls.host}: KeyFile and CertFile are not presented` : "client TLS key/cert (--cert-file, --key-file) must be provided for metrics secure url";
      findings.push(
        report(
          this.info,
          at,
          `${shown(member, ["listen-metrics-urls"], metricsTls)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`
        )
      );
    }
    const peerTls2 = urlsOf(member, "listen-peer-urls", context).find(isTls);
    if (peerTls2) {
      const peerCert = settingOf(member, "peer-cert-file");
      const peerKey = settingOf(member, "peer-key-file");
      if (!filled(peerCert) && !filled(peerKey) && !isTrue(settingOf(member, "peer-auto-tls")?.value)) {
        const at = anchorOf(member, "listen-peer-urls");
        const etcdMessage = `cannot listen on TLS for ${peerTls2.host}: KeyFile and CertFile are not presented`;
        findings.push(
          report(
            this.info,
            at,
            `${shown(member, ["listen-peer-urls"], peerTls2)} is https, but no peer certificate and key (peer-cert-file, peer-key-file) are set; ${refuses(etcdMessage)}.`
          )
        );
      } else findings.push(...halfPair(this, peerCert, peerKey));
    }
    return findings;
  }
};
var CIPHER_SUITES = /* @__PURE__ */ new Set([
  "TLS_AES_128_GCM_SHA256",
  "TLS_AES_256_GCM_SHA384",
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
  "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
  "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"
]);
var TLS_VERSIONS = ["", "TLS1.2", "TLS1.3"];
var invalidTlsOptions = {
  info: {
    id: "ETCD-112",
    severity: "error",
    name: "invalid-tls-options",
    etcdDoes: "Refuses to start on a cipher suite Go does not know, a TLS version other than TLS1.2/TLS1.3, a minimum above the maximum, or cipher suites with TLS 1.3 only.",
    fix: "Use Go cipher suite names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...) and tls-min-version/tls-max-version TLS1.2 or TLS1.3; TLS 1.3 suites cannot be chosen."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const ciphers = settingOf(member, "cipher-suites");
    const names = (ciphers?.value ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
    const unknown = names.find((name) => !CIPHER_SUITES.has(name));
    if (ciphers && unknown) {
      const etcdMessage = `unexpected TLS cipher suite ${JSON.stringify(unknown)}`;
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)}: ${unknown} is not a cipher suite Go knows; ${refuses(etcdMessage)}.`,
          true
        )
      );
    }
    if (!flagInfo("tls-min-version", version).known) return findings;
    const min = settingOf(member, "tls-min-version");
    const max = settingOf(member, "tls-max-version");
    for (const setting of [min, max]) {
      if (setting && !TLS_VERSIONS.includes(setting.value)) {
        const etcdMessage = `unexpected TLS version ${JSON.stringify(setting.value)} (must be one of: TLS1.2, TLS1.3)`;
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: etcd takes TLS1.2 or TLS1.3; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    if (findings.length > 0) return findings;
    const minVersion = min?.value || "TLS1.2";
    if (min && max && max.value !== "" && minVersion > max.value) {
      const etcdMessage = `min version (${min.value}) is greater than max version (${max.value})`;
      findings.push(report(this.info, min, `${written(min)} is above ${written(max)}; ${refuses(etcdMessage)}.`, true));
    } else if (min && minVersion === "TLS1.3" && ciphers && names.length > 0) {
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)} with ${written(min)}: Go does not let TLS 1.3 suites be chosen; ${refuses("cipher suites cannot be configured when only TLS1.3 is enabled")}.`
        )
      );
    }
    return findings;
  }
};

// src/lint/rules/startup-values.ts
function specOf(setting, version) {
  if (setting.source === "config-file") return flagOfYamlKey(setting.key, version);
  const status = flagInfo(setting.name, version);
  return status.known ? status.spec : void 0;
}
var JUDGED_ELSEWHERE = /* @__PURE__ */ new Set(["initial-cluster-state"]);
function commandLineError(setting, spec) {
  const value = setting.value.trim();
  if (setting.source === "env" && value === "") return void 0;
  switch (spec.kind) {
    case "bool":
      return goParseBool(value) === void 0 ? flagValueError(setting, "parse error", true) : void 0;
    case "uint":
    case "int": {
      const parsed = goParseInteger(value, spec.kind === "int");
      if (parsed === void 0) return flagValueError(setting, "parse error");
      const limit = spec.kind === "int" ? 2n ** 63n : 2n ** 64n;
      return parsed >= limit || parsed < -limit ? flagValueError(setting, "value out of range") : void 0;
    }
    case "duration":
      return "error" in goParseDuration(value) ? flagValueError(setting, "parse error") : void 0;
    case "enum":
      return spec.values.includes(value) ? void 0 : flagValueError(setting, "invalid value");
    default:
      return void 0;
  }
}
function yamlError(setting, spec) {
  const value = setting.value.trim();
  if (value === "" || value === "null" || value === "~") return void 0;
  const field = setting.key.includes(".") ? `securityConfig.${setting.key.toLowerCase()}` : `configYAML.${setting.key.toLowerCase()}`;
  const unmarshal = (what) => `json: cannot unmarshal ${what} into Go struct field ${field}`;
  const yamlType = setting.yamlType;
  if (yamlType === "map") return unmarshal("object");
  const type = yamlType === "boolean" ? "bool" : yamlType === "number" ? /^[-+]?\d+$/.test(value) ? "integer" : "number" : yamlType === "string" ? "string" : yamlScalarType(value);
  if (yamlType === "list") return yamlListField(spec.name) ? void 0 : unmarshal("array");
  if (spec.kind === "list" && yamlListField(spec.name))
    return yamlType === "string" || yamlType === "number" || yamlType === "boolean" ? unmarshal(yamlType === "boolean" ? "bool" : yamlType) : void 0;
  if (yamlType && (spec.kind === "string" || spec.kind === "urls" || spec.kind === "list" || spec.kind === "enum")) {
    return yamlType === "string" ? void 0 : unmarshal(yamlType === "boolean" ? "bool" : "number");
  }
  switch (spec.kind) {
    case "bool":
      if (yamlType) return yamlType === "boolean" ? void 0 : unmarshal(yamlType === "string" ? "string" : "number");
      return yamlBool(value) === void 0 ? unmarshal(type === "string" ? "string" : "number") : void 0;
    case "uint":
    case "int":
    case "duration":
      if (type === "string" || type === "bool") return unmarshal(type);
      if (type === "number" || spec.kind === "uint" && value.startsWith("-")) return unmarshal(`number ${value}`);
      return void 0;
    case "enum":
      if (setting.name !== "discovery-fallback" && setting.name !== "proxy") return void 0;
      return spec.values.includes(value) ? void 0 : `unexpected error setting up ${setting.name === "proxy" ? "proxyFlag" : "discovery-fallback flag"}: invalid value`;
    default:
      return void 0;
  }
}
function yamlListField(name) {
  return [
    "cipher-suites",
    "log-outputs",
    "log-output",
    "client-cert-allowed-hostname",
    "peer-cert-allowed-cn",
    "peer-cert-allowed-hostname",
    "discovery-endpoints"
  ].includes(name);
}
function rangeError(member, setting, context) {
  const { version } = context;
  const duration = goParseDuration(setting.value.trim());
  const nanoseconds = "nanoseconds" in duration ? duration.nanoseconds : Number(setting.value);
  switch (setting.name) {
    case "experimental-compact-hash-check-time":
    case "compact-hash-check-time":
      if (!Number.isNaN(nanoseconds) && nanoseconds <= 0 && (version.minor !== "3.5" || version.patch >= 5))
        return `--${setting.name} must be >0 (set to ${setting.value})`;
      return void 0;
    case "experimental-distributed-tracing-sampling-rate":
    case "distributed-tracing-sampling-rate": {
      const tracing = isTrue(settingOf(member, "experimental-enable-distributed-tracing")?.value) || isTrue(settingOf(member, "enable-distributed-tracing")?.value);
      const rate = Number(setting.value);
      if (!tracing || Number.isNaN(rate)) return void 0;
      if (rate < 0) return "distributed tracing configurition is not valid: (tracing sampling rate must be positive)";
      if (rate > 1e6)
        return "distributed tracing configurition is not valid: (tracing sampling rate must be less than 1000000)";
      return void 0;
    }
    case "auth-token": {
      const type = setting.value.split(",")[0].trim();
      return ["simple", "jwt", ""].includes(type) ? void 0 : "auth: invalid auth options";
    }
    default:
      return void 0;
  }
}
var invalidValue = {
  info: {
    id: "ETCD-114",
    severity: "error",
    name: "invalid-value",
    etcdDoes: "Refuses to start on a value it cannot read for the setting\u2019s type (flags and ETCD_*: Go syntax such as 100 or 5s; YAML: numbers and booleans, durations in nanoseconds) or outside its range.",
    fix: "Write the value as the setting\u2019s type: a whole number for milliseconds and bytes, true/false, a Go duration (5s) on the command line or nanoseconds in the YAML."
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings = [];
    const settings = [...member.settings, ...(member.ignoredSettings ?? []).filter(isFlag)];
    for (const setting of settings) {
      const spec = specOf(setting, context.version);
      if (!spec || JUDGED_ELSEWHERE.has(spec.name)) continue;
      const typeError = setting.source === "config-file" ? yamlError(setting, spec) : commandLineError(setting, spec);
      if (typeError) {
        const message = `${written(setting)} is not a value etcd reads for ${spec.name} (${describe2(spec, setting)}); ${refuses(typeError)}.`;
        findings.push(report(this.info, setting, message, true));
        continue;
      }
      const outOfRange = rangeError(member, setting, context);
      if (outOfRange)
        findings.push(
          report(this.info, setting, `${written(setting)} is a value etcd rejects; ${refuses(outOfRange)}.`, true)
        );
    }
    return findings;
  }
};
function describe2(spec, setting) {
  const yaml = setting.source === "config-file";
  switch (spec.kind) {
    case "bool":
      return "true or false";
    case "uint":
      return yaml ? "a whole number, without quotes" : "a whole number";
    case "int":
      return yaml ? "an integer, without quotes" : "an integer";
    case "duration":
      return yaml ? "a whole number of nanoseconds in the YAML" : "a Go duration such as 500ms or 5s";
    case "enum":
      return `one of ${spec.values.join(", ")}`;
    default:
      if (yaml && yamlListField(spec.name)) return "a YAML list such as [a, b]";
      return yaml ? "a string: write it in quotes" : "see etcd --help";
  }
}

// src/lint/rules/operations.ts
var GiB = 1024 ** 3;
var MiB = 1024 ** 2;
function numberOf(setting) {
  if (!setting) return void 0;
  const parsed = goParseInteger(setting.value.trim(), true);
  return parsed === void 0 ? void 0 : Number(parsed);
}
var quotaTooLarge = {
  info: {
    id: "ETCD-501",
    severity: "warning",
    name: "quota-too-large",
    etcdDoes: 'Starts, but warns "quota exceeds the maximum value" above 8 GiB: a larger backend makes defragmentation, snapshots and member recovery slow.',
    fix: "Keep quota-backend-bytes at 8 GiB (8589934592) or less; compact and defragment instead of raising it."
  },
  member(member) {
    const setting = settingOf(member, "quota-backend-bytes");
    const bytes = numberOf(setting);
    if (!setting || bytes === void 0 || bytes <= 8 * GiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is ${(bytes / GiB).toFixed(1)} GiB, above the 8 GiB etcd recommends; etcd warns "quota exceeds the maximum value".`,
        true
      )
    ];
  }
};
var requestTooLarge = {
  info: {
    id: "ETCD-502",
    severity: "warning",
    name: "request-size-too-large",
    etcdDoes: 'Starts, but warns "exceeded recommended request limit" above 10 MiB: large requests block raft and lengthen leader elections.',
    fix: "Keep max-request-bytes at 10 MiB (10485760) or less (default 1.5 MiB)."
  },
  member(member) {
    const setting = settingOf(member, "max-request-bytes");
    const bytes = numberOf(setting);
    if (!setting || bytes === void 0 || bytes <= 10 * MiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is above the 10 MiB etcd recommends; etcd warns "exceeded recommended request limit".`,
        true
      )
    ];
  }
};
var settingIgnored = {
  info: {
    id: "ETCD-503",
    severity: "warning",
    name: "setting-ignored",
    etcdDoes: "Resets or ignores settings that cannot apply: snapshot-count 0 (back to the default), bcrypt-cost outside 4\u201331 (back to 10), certificates and cert auth on http URLs, auto TLS next to certificates.",
    fix: "Drop the setting, or give it a value that applies (https URLs for TLS settings)."
  },
  member(member, context) {
    const findings = [];
    const snapshots = settingOf(member, "snapshot-count");
    if (snapshots && numberOf(snapshots) === 0) {
      findings.push(
        report(
          this.info,
          snapshots,
          `${written(snapshots)}: etcd takes 0 as unset and uses its default instead.`,
          true
        )
      );
    }
    const bcrypt = settingOf(member, "bcrypt-cost");
    const cost = numberOf(bcrypt);
    if (bcrypt && cost !== void 0 && (cost < 4 || cost > 31)) {
      findings.push(
        report(
          this.info,
          bcrypt,
          `${written(bcrypt)}: etcd takes 4 to 31 and uses 10 instead ("Use default bcrypt-cost 10 instead of the invalid value ${cost}").`,
          true
        )
      );
    }
    findings.push(...tlsOnPlainUrls(this, member, context, "client"), ...tlsOnPlainUrls(this, member, context, "peer"));
    return findings;
  }
};
function tlsOnPlainUrls(rule, member, context, side) {
  const prefix = side === "peer" ? "peer-" : "";
  const urls = side === "peer" ? urlsOf(member, "listen-peer-urls", context) : [...urlsOf(member, "listen-client-urls", context), ...urlsOf(member, "listen-client-http-urls", context)];
  const findings = [];
  const certificate = [settingOf(member, `${prefix}cert-file`), settingOf(member, `${prefix}key-file`)].filter(
    (setting) => (setting?.value.trim() ?? "") !== ""
  );
  const auth = settingOf(member, `${prefix}client-cert-auth`);
  const autoTls2 = settingOf(member, `${prefix}auto-tls`);
  if (urls.length > 0 && urls.every((url) => url.scheme === "http" || url.scheme === "unix")) {
    for (const setting of certificate) {
      findings.push(
        report(
          rule.info,
          setting,
          `${written(setting)}: every ${side} URL is http, so etcd ignores it ("scheme is HTTP while key and cert files are present; ignoring key and cert files").`
        )
      );
    }
    if (auth && isTrue(auth.value)) {
      findings.push(
        report(
          rule.info,
          auth,
          `${written(auth)}: every ${side} URL is http, so etcd ignores it and checks no certificates.`
        )
      );
    }
  } else if (autoTls2 && isTrue(autoTls2.value) && certificate.length === 2) {
    findings.push(
      report(
        rule.info,
        autoTls2,
        `${written(autoTls2)}: ${prefix}cert-file and ${prefix}key-file are given, so etcd ignores it ("ignoring ${side} auto TLS since certs given").`
      )
    );
  }
  return findings;
}
var defaultName = {
  info: {
    id: "ETCD-504",
    severity: "warning",
    name: "default-name",
    etcdDoes: `Runs as member "default" (etcd 3.6 warns "it isn't recommended to use default name"): members that all keep it collide when one is added.`,
    fix: "Give every member its own name, the one it has in initial-cluster."
  },
  member(member) {
    const setting = settingOf(member, "name");
    if (member.name !== "default") return [];
    const shown2 = setting ? written(setting) : "name is not set, so etcd uses default";
    return [
      report(
        this.info,
        setting ?? anchorOf(member, "initial-cluster", "data-dir"),
        `${shown2}: etcd advises a name of its own per member ("it isn't recommended to use default name").`,
        setting !== void 0
      )
    ];
  }
};
var advertisesLocalhost = {
  info: {
    id: "ETCD-505",
    severity: "warning",
    name: "default-advertise-client-urls",
    etcdDoes: "Reading a config file with listen-client-urls but no advertise-client-urls, advertises its default http://localhost:2379: clients that sync endpoints connect to themselves.",
    fix: "Set advertise-client-urls to the URLs clients use to reach this member."
  },
  member(member) {
    const listen = settingOf(member, "listen-client-urls");
    if (!readsYaml(member) || !listen || settingOf(member, "advertise-client-urls")) return [];
    return [
      report(
        this.info,
        listen,
        `${written(listen)} without advertise-client-urls: etcd advertises http://localhost:2379 to clients and other members.`
      )
    ];
  }
};
var yamlDurationNanoseconds = {
  info: {
    id: "ETCD-506",
    severity: "warning",
    name: "yaml-duration-in-nanoseconds",
    etcdDoes: "Reads a duration in its config file as a whole number of nanoseconds: 5 is 5 ns, not 5 seconds.",
    fix: "Write the duration in nanoseconds (5 s = 5000000000), or pass it as a flag with a unit (5s)."
  },
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== "config-file" || specOf(setting, version)?.kind !== "duration") return [];
      const value = numberOf(setting);
      if (value === void 0 || value <= 0 || value >= 1e6) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ${value} ns (under a millisecond): etcd reads durations in its config file as nanoseconds.`,
          true
        )
      ];
    });
  }
};

// src/lint/rules/security.ts
var insecure = (scheme) => scheme === "http";
function firstPlainUrl(member, names, context) {
  const found = [];
  for (const name of names) {
    if (!name.startsWith("listen") && !settingOf(member, name)) continue;
    for (const url of urlsOf(member, name, context)) {
      if (insecure(url.scheme))
        found.push({ name, url: url.text, loopback: name.startsWith("listen") && isLoopbackHost(url.hostname) });
    }
  }
  const exposed = found.filter((candidate) => !candidate.loopback);
  const listenOnly = found.filter((candidate) => candidate.loopback);
  const advertisedOnLoopback = exposed.every((candidate) => isLoopbackHost(hostOf(candidate.url)));
  const loopbackOnly = listenOnly.length > 0 && advertisedOnLoopback;
  const pick = loopbackOnly ? listenOnly[0] : exposed[0];
  if (!pick) return void 0;
  const setting = settingOf(member, pick.name);
  return { at: setting ?? anchorOf(member, ...names), setting, url: pick.url, loopbackOnly };
}
var isLoopbackHost = (hostname) => isLoopback(hostname.replace(/^\[|\]$/g, ""));
var hostOf = (url) => {
  const parsed = parseEtcdUrl(url);
  return "url" in parsed ? parsed.url.hostname : "";
};
function listensOnLoopbackOnly(member, name, context) {
  const names = name === "listen-client-urls" ? [name, "listen-client-http-urls"] : [name];
  const urls = names.flatMap((each) => urlsOf(member, each, context)).filter((url) => url.scheme === "http" || url.scheme === "https");
  return urls.length > 0 && urls.every((url) => isLoopbackHost(url.hostname));
}
function exposureFinding(info, at, message, atValue, loopbackOnly, listener) {
  if (!loopbackOnly) return report(info, at, message, atValue);
  const note = ` Only this host reaches it: ${listener} binds to loopback alone, so this is a notice, not a warning.`;
  return findingAt(at, "notice", info.id, `${message}${note}`, atValue);
}
var clientTls = {
  info: {
    id: "ETCD-401",
    severity: "warning",
    name: "client-tls",
    etcdDoes: "Serves clients in clear text on http URLs: anyone on the network reads and alters every key, Kubernetes Secrets included.",
    fix: "Serve clients on https URLs with cert-file and key-file (YAML: client-transport-security).",
    cis: "2.1"
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ["listen-client-urls", "advertise-client-urls"], context);
    if (!plain) return [];
    const shown2 = plain.setting ? written(plain.setting) : `The default client URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown2}: clients talk to etcd unencrypted (CIS 2.1: serve clients over https with cert-file and key-file).`,
        plain.setting !== void 0,
        plain.loopbackOnly,
        "listen-client-urls"
      )
    ];
  }
};
var clientCertAuth = {
  info: {
    id: "ETCD-402",
    severity: "warning",
    name: "client-cert-auth",
    etcdDoes: "Without client-cert-auth, accepts every client that reaches its port, with no certificate.",
    fix: "Set client-cert-auth to true (YAML: client-transport-security.client-cert-auth) with trusted-ca-file naming the CA of the clients.",
    cis: "2.2"
  },
  member(member, context) {
    const setting = settingOf(member, "client-cert-auth");
    if (isTrue(setting?.value)) return [];
    const shown2 = setting ? written(setting) : "client-cert-auth is not set";
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, "cert-file", "listen-client-urls"),
        `${shown2}: etcd accepts clients without a certificate (CIS 2.2: client-cert-auth true).`,
        setting !== void 0,
        listensOnLoopbackOnly(member, "listen-client-urls", context),
        "listen-client-urls"
      )
    ];
  }
};
var autoTls = {
  info: {
    id: "ETCD-403",
    severity: "warning",
    name: "client-auto-tls",
    etcdDoes: "With auto-tls, serves clients with a self-signed certificate it makes itself: clients cannot verify they talk to etcd.",
    fix: "Set auto-tls to false and give cert-file and key-file signed by etcd\u2019s CA.",
    cis: "2.3"
  },
  member(member) {
    const setting = settingOf(member, "auto-tls");
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: etcd serves clients a self-signed certificate nobody can verify (CIS 2.3: auto-tls not true).`,
        true
      )
    ];
  }
};
var peerTls = {
  info: {
    id: "ETCD-404",
    severity: "warning",
    name: "peer-tls",
    etcdDoes: "Replicates in clear text between members on http peer URLs: anyone on the network reads the data and can pose as a member.",
    fix: "Use https peer URLs with peer-cert-file and peer-key-file (YAML: peer-transport-security).",
    cis: "2.4"
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ["listen-peer-urls", "initial-advertise-peer-urls"], context);
    if (!plain) return [];
    const shown2 = plain.setting ? written(plain.setting) : `The default peer URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown2}: members replicate unencrypted (CIS 2.4: peer URLs https with peer-cert-file and peer-key-file).`,
        plain.setting !== void 0,
        plain.loopbackOnly,
        "listen-peer-urls"
      )
    ];
  }
};
var peerClientCertAuth = {
  info: {
    id: "ETCD-405",
    severity: "warning",
    name: "peer-client-cert-auth",
    etcdDoes: "Without peer-client-cert-auth, accepts any peer connection, so anyone reaching the peer port can pose as a member.",
    fix: "Set peer-client-cert-auth to true (YAML: peer-transport-security.client-cert-auth) with peer-trusted-ca-file.",
    cis: "2.5"
  },
  member(member, context) {
    const setting = settingOf(member, "peer-client-cert-auth");
    if (isTrue(setting?.value)) return [];
    const shown2 = setting ? written(setting) : "peer-client-cert-auth is not set";
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, "peer-cert-file", "listen-peer-urls"),
        `${shown2}: etcd accepts peers without a certificate (CIS 2.5: peer-client-cert-auth true).`,
        setting !== void 0,
        listensOnLoopbackOnly(member, "listen-peer-urls", context),
        "listen-peer-urls"
      )
    ];
  }
};
var peerAutoTls = {
  info: {
    id: "ETCD-406",
    severity: "warning",
    name: "peer-auto-tls",
    etcdDoes: "With peer-auto-tls, members use self-signed certificates they make themselves: a member cannot verify its peers.",
    fix: "Set peer-auto-tls to false and give peer-cert-file and peer-key-file signed by etcd\u2019s CA.",
    cis: "2.6"
  },
  member(member) {
    const setting = settingOf(member, "peer-auto-tls");
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: members use self-signed certificates nobody can verify (CIS 2.6: peer-auto-tls not true).`,
        true
      )
    ];
  }
};
var trustedCaMissing = {
  info: {
    id: "ETCD-407",
    severity: "warning",
    name: "trusted-ca-missing",
    etcdDoes: "Checks client (or peer) certificates against the system\u2019s public CAs when no trusted CA file is set: certificates from any public CA get in.",
    fix: "Set trusted-ca-file and peer-trusted-ca-file to a CA used for etcd only.",
    cis: "2.7"
  },
  member(member) {
    const findings = [];
    for (const [auth, ca] of [
      ["client-cert-auth", "trusted-ca-file"],
      ["peer-client-cert-auth", "peer-trusted-ca-file"]
    ]) {
      const authSetting = settingOf(member, auth);
      if (!authSetting || !isTrue(authSetting.value) || (settingOf(member, ca)?.value.trim() ?? "") !== "") continue;
      findings.push(
        report(
          this.info,
          authSetting,
          `${written(authSetting)} without ${ca}: etcd verifies certificates against the system\u2019s public CAs (CIS 2.7: a CA for etcd alone).`
        )
      );
    }
    return findings;
  }
};
var KUBERNETES_CA = /(^|\/)kubernetes\/(pki|ssl|certs?)\/ca\.(crt|pem)$/;
var sharedKubernetesCa = {
  info: {
    id: "ETCD-408",
    severity: "notice",
    name: "shared-kubernetes-ca",
    etcdDoes: "Trusts every certificate the Kubernetes CA signs (kubelets, users, controllers) when that CA is its trusted CA.",
    fix: "Give etcd a CA of its own (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
    cis: "2.7"
  },
  member(member) {
    return ["trusted-ca-file", "peer-trusted-ca-file"].flatMap((name) => {
      const setting = settingOf(member, name);
      if (!setting || !KUBERNETES_CA.test(setting.value.trim())) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is the Kubernetes cluster CA: every certificate it signs can reach etcd (CIS 2.7: a CA for etcd alone).`,
          true
        )
      ];
    });
  }
};
var externalEtcdTls = {
  info: {
    id: "ETCD-409",
    severity: "warning",
    name: "external-etcd-tls",
    etcdDoes: "The API server talks to an external etcd in clear text over http endpoints, or without a client certificate when certFile/keyFile are missing.",
    fix: "List https endpoints under etcd.external and set caFile, certFile and keyFile."
  },
  file(file) {
    const external = file.external;
    if (!external) return [];
    const findings = [];
    for (const endpoint of external.endpoints) {
      const parsed = parseEtcdUrl(endpoint.value);
      if ("url" in parsed && parsed.url.scheme === "http") {
        findings.push(
          report(
            this.info,
            endpoint,
            `etcd.external endpoint ${endpoint.value} is http: the API server sends every object, Secrets included, unencrypted.`
          )
        );
      }
    }
    const missing = ["caFile", "certFile", "keyFile"].filter((key) => !external[key]?.value);
    if (missing.length > 0) {
      findings.push(
        report(
          this.info,
          external,
          `etcd.external has no ${missing.join(", ")}: the API server cannot verify etcd or present a client certificate.`
        )
      );
    }
    return findings;
  }
};

// src/lint/rules/settings.ts
var OWN_VARIABLES = /* @__PURE__ */ new Set(["ETCD_UNSUPPORTED_ARCH"]);
function spellLike(setting, replacement, version) {
  if (replacement.startsWith("the ") || replacement.startsWith("`")) return replacement;
  const [name, ...value] = replacement.split("=");
  const rest = value.length > 0 ? `=${value.join("=")}` : "";
  if (setting.source === "env") return `${envOfFlag(name)}${rest}`;
  if (setting.source === "config-file")
    return `${flagInfo(name, version).spec?.yaml[version.minor] ?? name}${rest.replace("=", ": ")}`;
  return `--${name}${rest}`;
}
function whyUnknown(setting, status, version, suggestion) {
  if (status.removedIn)
    return `etcd ${status.removedIn} removed it${status.use ? `; use ${spellLike(setting, status.use, version)}` : ""}`;
  if (status.since) return `etcd ${version.minor}.${version.patch} does not have it yet (it came in ${status.since})`;
  if (status.spec) return `etcd ${version.minor} does not have it`;
  return `etcd ${version.minor} has no such setting${suggestion ? ` (did you mean ${spellLike(setting, suggestion, version)}?)` : ""}`;
}
function commandLineFlags(member) {
  return [...member.settings, ...member.ignoredSettings ?? []].filter(isFlag);
}
var unknownFlag = {
  info: {
    id: "ETCD-301",
    severity: "error",
    name: "unknown-flag",
    etcdDoes: "Exits with status 2 on a command-line flag it does not know (a typo, or a flag this release removed or does not have yet), even beside --config-file.",
    fix: "Correct the flag name (see etcd --help of the release you run), or use the replacement the message names."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    return commandLineFlags(member).flatMap((setting) => {
      const status = flagInfo(setting.name, version);
      if (status.known || setting.name === "h" || setting.name === "help") return [];
      const suggestion = nearest(setting.name, knownFlags(version));
      const why = whyUnknown(setting, status, version, suggestion);
      const message = `${written(setting)}: ${why}; ${refuses(`flag provided but not defined: -${setting.name}`)}.`;
      return [report(this.info, setting, message)];
    });
  }
};
function sectionKeyOf(name, version) {
  const key = flagInfo(name, version).spec?.yaml[version.minor];
  return key?.includes("-transport-security.") ? key : void 0;
}
var unknownSetting = {
  info: {
    id: "ETCD-302",
    severity: "warning",
    name: "unknown-setting",
    etcdDoes: "Ignores a YAML key it does not know without a word, and an unknown ETCD_* variable with only a warning: the setting never applies.",
    fix: "Correct the key or variable name (YAML keys are flag names; variables are ETCD_ and the flag name in capitals with underscores)."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source === "env") {
        const status2 = flagInfo(setting.name, version);
        if (status2.known || OWN_VARIABLES.has(setting.key)) return [];
        const suggestion2 = nearest(setting.name, knownFlags(version));
        const why2 = whyUnknown(setting, status2, version, suggestion2);
        const message = `${written(setting)}: ${why2}; etcd only warns "unrecognized environment variable" and ignores it.`;
        return [report(this.info, setting, message)];
      }
      if (setting.source !== "config-file" || yamlKeyStatus(setting.key, version) === "known") return [];
      const name = setting.key.toLowerCase();
      if (!name.includes(".") && sectionKeyOf(name, version)) return [];
      if (name === "client-crl-file" || name === "peer-crl-file") {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd\u2019s config file has no CRL setting and ignores this key; a CRL needs the --${name} flag, without --config-file.`
          )
        ];
      }
      const status = flagInfo(name, version);
      const suggestion = nearest(name, knownYamlKeys(version));
      const why = whyUnknown(setting, status, version, suggestion);
      return [
        report(
          this.info,
          setting,
          `${written(setting)}: ${why}; etcd ignores keys of its config file it does not know, so this setting never applies.`
        )
      ];
    });
  }
};
var tlsKeyOutsideSection = {
  info: {
    id: "ETCD-303",
    severity: "warning",
    name: "tls-key-outside-section",
    etcdDoes: "Ignores TLS keys at the top level of its config file: it reads them only under client-transport-security and peer-transport-security, so TLS is silently not configured.",
    fix: "Move the key under client-transport-security (cert-file, key-file, trusted-ca-file, client-cert-auth, auto-tls) or peer-transport-security (the peer-* settings, without peer-)."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== "config-file" || setting.key.includes(".")) return [];
      const sectionKey = sectionKeyOf(setting.key.toLowerCase(), version);
      if (!sectionKey || yamlKeyStatus(setting.key, version) === "known") return [];
      const [section, key] = sectionKey.split(".");
      const where = section === "client-transport-security" ? `${section} (or peer-transport-security, for peer TLS)` : `${section} (as ${key})`;
      const message = `${written(setting)} at the top level: etcd\u2019s config file reads it only indented under ${where}, and ignores it here, so this TLS setting does not apply.`;
      return [report(this.info, setting, message)];
    });
  }
};
function atQuietDefault(setting, name, version) {
  const etcdWarns = version.minor === "3.6" || version.minor === "3.5" && setting.source !== "config-file";
  if (etcdWarns) return false;
  const spec = flagInfo(name, version).spec;
  return spec?.kind === "bool" ? !isTrue(setting.value) : setting.value === defaultOf(name, version);
}
var deprecatedSetting = {
  info: {
    id: "ETCD-304",
    severity: "warning",
    name: "deprecated-setting",
    etcdDoes: "Still takes a deprecated setting (often with a warning), and drops it in a later release.",
    fix: "Use the replacement the message names before upgrading."
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      const name = setting.source === "config-file" ? flagOfYamlKey(setting.key, version)?.name : setting.name;
      if (!name) return [];
      const status = flagInfo(name, version);
      if (status.known && status.deprecatedIn && atQuietDefault(setting, name, version)) return [];
      if (status.known && status.deprecatedIn) {
        const use = status.use ? `; use ${spellLike(setting, status.use, version)}` : "";
        return [
          report(this.info, setting, `${written(setting)}: etcd ${status.deprecatedIn} deprecates ${name}${use}.`)
        ];
      }
      if (name === "logger" && setting.value === "capnslog" && version.minor === "3.4") {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd 3.4 deprecates the capnslog logger and 3.5 removes it; use zap.`,
            true
          )
        ];
      }
      return [];
    });
  }
};
function effectiveSettings(member, version) {
  return member.settings.filter((setting) => {
    if (setting.source === "kubeadm-default") return false;
    if (setting.source === "config-file") return yamlKeyStatus(setting.key, version) === "known";
    return flagInfo(setting.name, version).known;
  });
}
var sourceKind = (setting) => setting.source === "env" ? "env" : setting.source === "config-file" ? "yaml" : "flag";
var duplicateSetting = {
  info: {
    id: "ETCD-305",
    severity: "warning",
    name: "duplicate-setting",
    etcdDoes: "Uses the last value of a setting given twice (flags, ETCD_* variables, YAML keys in any letter case); the earlier value silently does nothing.",
    fix: "Keep one occurrence of the setting, with the value you mean."
  },
  readsAsWritten: true,
  member(member, { version }) {
    const settings = effectiveSettings(member, version);
    const findings = [];
    settings.forEach((setting, index) => {
      const later = settings.slice(index + 1).find((other) => other.name === setting.name && sourceKind(other) === sourceKind(setting));
      if (!later) return;
      const where = later.at.file === setting.at.file ? `line ${later.at.line}` : `${later.at.file}:${later.at.line}`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} is set again at ${where} (${written(later)}); etcd uses the last value, so this one does nothing.`
        )
      );
    });
    return findings;
  }
};
var flagAndEnvironment = {
  info: {
    id: "ETCD-306",
    severity: "error",
    name: "flag-and-environment-variable",
    etcdDoes: "Exits when an option is given both as a command-line flag and as its ETCD_* variable (even an empty one).",
    fix: "Give each option once: remove the flag or the variable."
  },
  readsAsWritten: true,
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const flags = member.settings.filter(
      (setting) => setting.source === "flag" && flagInfo(setting.name, version).known
    );
    return member.settings.flatMap((setting) => {
      if (setting.source !== "env" || setting.key !== envOfFlag(setting.name)) return [];
      const flag = flags.find((candidate) => candidate.name === setting.name);
      if (!flag) return [];
      const etcdMessage = version.minor === "3.4" ? `conflicting environment variable ${JSON.stringify(setting.key)} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)` : "conflicting environment variable is shadowed by corresponding command-line flag (either unset environment variable or disable flag))";
      return [
        report(
          this.info,
          setting,
          `${written(setting)} and the flag ${written(flag)} set one option; ${refuses(etcdMessage)}.`
        )
      ];
    });
  }
};
var ignoredBesideConfigFile = {
  info: {
    id: "ETCD-307",
    severity: "warning",
    name: "ignored-beside-config-file",
    etcdDoes: "With --config-file (or ETCD_CONFIG_FILE), reads only that file: every other flag and ETCD_* variable is ignored.",
    fix: "Move the setting into the config file, or drop --config-file and give everything as flags."
  },
  member(member, { version }) {
    const configFile = member.settings.find((setting) => setting.name === "config-file");
    return (member.ignoredSettings ?? []).flatMap((setting) => {
      if (setting.name === "config-file" || isFlag(setting) && !flagInfo(setting.name, version).known) return [];
      const file = configFile ? ` ${configFile.value}` : "";
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ignored: etcd reads only its config file${file} when one is given.`
        )
      ];
    });
  }
};

// src/lint/rules/startup-logging.ts
var LEVELS = ["debug", "info", "warn", "error", "dpanic", "panic", "fatal"];
var CAPNSLOG_OUTPUTS = ["default", "stderr", "stdout"];
var invalidLogging = {
  info: {
    id: "ETCD-113",
    severity: "error",
    name: "invalid-logging",
    etcdDoes: "Refuses to start (or panics) on an unknown logger, log level, log output or log format; 3.5 removed the capnslog logger, and 3.4\u2019s capnslog takes one output of default, stderr or stdout.",
    fix: "Use logger zap, log-level debug/info/warn/error/panic/fatal, log-outputs stderr, stdout, default or file paths (3.6: log-format json or console)."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const loggerSetting = settingOf(member, "logger");
    const logger = valueOf(member, "logger", version);
    if (loggerSetting && logger === "capnslog" && version.minor !== "3.4") {
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd ${version.minor} logs with zap only; ${refuses("--logger=capnslog is removed in v3.5")}.`,
          true
        )
      );
      return findings;
    }
    if (loggerSetting && logger !== "capnslog" && logger !== "zap") {
      const etcdMessage = `unknown logger option ${JSON.stringify(logger)}`;
      findings.push(
        report(
          this.info,
          loggerSetting,
          `${written(loggerSetting)}: etcd takes zap${version.minor === "3.4" ? " or capnslog" : ""}; ${refuses(etcdMessage)}.`,
          true
        )
      );
      return findings;
    }
    const outputsSetting = settingOf(member, "log-outputs");
    if (outputsSetting) {
      const outputs = outputsSetting.value.split(",").map((output) => output.trim());
      if (logger === "capnslog" && outputs.length !== 1) {
        const etcdMessage = `--logger=capnslog supports only 1 value in '--log-outputs', got [${outputs.map((output) => JSON.stringify(output)).join(" ")}]`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true
          )
        );
      } else if (logger === "capnslog" && !CAPNSLOG_OUTPUTS.includes(outputs[0])) {
        const etcdMessage = `unknown log-output ${JSON.stringify(outputs[0])} (only supports "default", "stderr", "stdout")`;
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: etcd 3.4 logs with capnslog unless logger is zap; ${refuses(etcdMessage)}.`,
            true
          )
        );
      } else if (logger === "zap" && outputs.length > 1 && outputs.includes("default")) {
        const etcdMessage = 'multi logoutput for "default" is not supported yet';
        findings.push(
          report(
            this.info,
            outputsSetting,
            `${written(outputsSetting)}: default cannot be combined with other outputs; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    const level = settingOf(member, "log-level");
    const levelKnown = (text) => LEVELS.includes(text) || version.minor !== "3.4" && (LEVELS.includes(text.toLowerCase()) || text === "");
    if (level && !levelKnown(level.value)) {
      const etcdMessage = version.minor === "3.4" ? `panic: unknown level ${JSON.stringify(level.value)}` : `panic: unrecognized level: ${JSON.stringify(level.value)}`;
      findings.push(
        report(this.info, level, `${written(level)}: etcd takes ${LEVELS.join(", ")}; ${refuses(etcdMessage)}.`, true)
      );
    }
    const format = settingOf(member, "log-format");
    if (format && version.minor === "3.6" && !["json", "console"].includes(format.value)) {
      const etcdMessage = `unknown log format: ${format.value}, supported values json, console`;
      findings.push(
        report(this.info, format, `${written(format)}: etcd takes json or console; ${refuses(etcdMessage)}.`, true)
      );
    }
    return findings;
  }
};

// src/lint/rules/startup-settings.ts
var invalidClusterState = {
  info: {
    id: "ETCD-105",
    severity: "error",
    name: "invalid-cluster-state",
    etcdDoes: "Refuses to start: initial-cluster-state is new or existing.",
    fix: "Use new for the members that bootstrap a cluster together, existing for a member added to a running cluster."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return parsedOccurrences(member, "initial-cluster-state").flatMap((setting) => {
      if (setting.value === "new" || setting.value === "existing") return [];
      if (setting.value === "" && setting.source !== "flag") return [];
      const etcdMessage = readsYaml(member) ? `unexpected clusterState ${JSON.stringify(setting.value)}` : flagValueError(setting, "invalid value");
      return [
        report(this.info, setting, `${written(setting)}: etcd takes new or existing; ${refuses(etcdMessage)}.`, true)
      ];
    });
  }
};
var conflictingBootstrap = {
  info: {
    id: "ETCD-106",
    severity: "error",
    name: "conflicting-bootstrap",
    etcdDoes: "Refuses to start: a member bootstraps from exactly one of initial-cluster, discovery, discovery-srv (3.6: or discovery-endpoints).",
    fix: "Keep one way to bootstrap: initial-cluster for a static cluster, or one discovery setting."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const sources = [
      "initial-cluster",
      "discovery",
      "discovery-srv",
      ...version.minor === "3.6" ? ["discovery-endpoints"] : []
    ];
    const set = sources.map((name) => settingOf(member, name)).filter((setting) => (setting?.value.trim() ?? "") !== "");
    if (set.length < 2) return [];
    const names = version.minor === "3.6" ? '"initial-cluster", "discovery", "discovery-endpoints" or "discovery-srv"' : '"initial-cluster", "discovery" or "discovery-srv"';
    const etcdMessage = `multiple discovery or bootstrap flags are set. Choose one of ${names}`;
    const listed = set.map((setting) => written(setting)).join(" and ");
    return set.slice(1).map((setting) => report(this.info, setting, `${listed} are both set; ${refuses(etcdMessage)}.`));
  }
};
function wholeNumber(setting, fallback) {
  if (!setting) return fallback;
  const parsed = goParseInteger(setting.value.trim(), false);
  return parsed === void 0 ? void 0 : Number(parsed);
}
var raftTiming = {
  info: {
    id: "ETCD-107",
    severity: "error",
    name: "raft-timing",
    etcdDoes: "Refuses to start unless 0 < 5 x heartbeat-interval <= election-timeout <= 50000 (milliseconds).",
    fix: "Set heartbeat-interval near the round-trip time between members and election-timeout to about 10 times it (defaults 100 and 1000)."
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    const heartbeatSetting = settingOf(member, "heartbeat-interval");
    const electionSetting = settingOf(member, "election-timeout");
    const heartbeat = wholeNumber(heartbeatSetting, 100);
    const election = wholeNumber(electionSetting, 1e3);
    if (heartbeat === void 0 || election === void 0) return [];
    const at = electionSetting ?? heartbeatSetting;
    let etcdMessage;
    let explanation = "";
    if (heartbeat === 0) {
      etcdMessage = "--heartbeat-interval must be >0 (set to 0ms)";
      explanation = "heartbeat-interval is 0";
    } else if (election === 0) {
      etcdMessage = "--election-timeout must be >0 (set to 0ms)";
      explanation = "election-timeout is 0";
    } else if (5 * heartbeat > election) {
      etcdMessage = `--election-timeout[${election}ms] should be at least as 5 times as --heartbeat-interval[${heartbeat}ms]`;
      explanation = `election-timeout ${election} ms is less than 5 x heartbeat-interval ${heartbeat} ms`;
    } else if (election > 5e4) {
      etcdMessage = `--election-timeout[${election}ms] is too long, and should be set less than 50000ms`;
      explanation = `election-timeout ${election} ms is above 50000 ms`;
    }
    if (!etcdMessage || !at) return [];
    const shown2 = [heartbeatSetting, electionSetting].filter((setting) => setting !== void 0).map(written).join(" with ");
    return [report(this.info, at, `${shown2}: ${explanation}; ${refuses(etcdMessage)}.`, true)];
  }
};
var autoCompaction = {
  info: {
    id: "ETCD-109",
    severity: "error",
    name: "invalid-auto-compaction",
    etcdDoes: "Refuses to start: auto-compaction-mode is periodic or revision, and auto-compaction-retention a whole number or a duration.",
    fix: "Use auto-compaction-mode periodic with a retention such as 1h (or a number of hours), or revision with a number of revisions."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings = [];
    const mode = settingOf(member, "auto-compaction-mode");
    if (mode && mode.value !== "periodic" && mode.value !== "revision" && !(mode.value === "" && version.minor !== "3.6")) {
      const etcdMessage = mode.value === "" ? "undefined auto-compaction-mode" : `unknown auto-compaction-mode ${JSON.stringify(mode.value)}`;
      findings.push(
        report(this.info, mode, `${written(mode)}: etcd takes periodic or revision; ${refuses(etcdMessage)}.`, true)
      );
    }
    const retention = settingOf(member, "auto-compaction-retention");
    if (retention) {
      const whole = /^\d+$/.test(retention.value) && Number(retention.value) >= 0;
      const duration = goParseDuration(retention.value);
      if (!whole && "error" in duration) {
        const etcdMessage = `error parsing CompactionRetention: ${duration.error}`;
        findings.push(
          report(
            this.info,
            retention,
            `${written(retention)} is neither a whole number nor a duration such as 1h; ${refuses(etcdMessage)}.`,
            true
          )
        );
      }
    }
    return findings;
  }
};
var leaseCheckpointPersist = {
  info: {
    id: "ETCD-110",
    severity: "error",
    name: "lease-checkpoint-persist-alone",
    etcdDoes: "Refuses to start: persisting lease checkpoints needs lease checkpoints (3.4.20+, 3.5.2+; 3.6 as feature gates).",
    fix: "Enable experimental-enable-lease-checkpoint (3.6: feature gate LeaseCheckpoint) too, or drop the persist setting."
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const gates = featureGates(member);
    const persist = settingOf(member, "experimental-enable-lease-checkpoint-persist");
    const checkpoint = settingOf(member, "experimental-enable-lease-checkpoint");
    const persistOn = isTrue(persist?.value) || gates.get("LeaseCheckpointPersist") === true;
    const checkpointOn = isTrue(checkpoint?.value) || gates.get("LeaseCheckpoint") === true;
    if (!persistOn || checkpointOn) return [];
    const at = persist && isTrue(persist.value) ? persist : settingOf(member, "feature-gates");
    if (!at) return [];
    const etcdMessage = version.minor === "3.6" ? "enabling feature gate LeaseCheckpointPersist requires enabling feature gate LeaseCheckpoint" : "setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint";
    return [report(this.info, at, `${written(at)} without lease checkpoints enabled; ${refuses(etcdMessage)}.`)];
  }
};
function featureGates(member) {
  const gates = /* @__PURE__ */ new Map();
  for (const part of (settingOf(member, "feature-gates")?.value ?? "").split(",")) {
    const [name, value] = part.split("=").map((text) => text.trim());
    if (name)
      gates.set(
        name,
        value === void 0 ? void 0 : /^(1|t|true)$/i.test(value) ? true : /^(0|f|false)$/i.test(value) ? false : void 0
      );
  }
  return gates;
}

// src/lint/rules/startup-releases.ts
var REFUSED_TOGETHER = RENAMED_IN_3_6.filter((name) => name !== "warning-unary-request-duration");
var oldAndNewName = {
  info: {
    id: "ETCD-115",
    severity: "error",
    name: "old-and-new-name",
    etcdDoes: "etcd 3.6 refuses to start when an experimental setting is given under both its old and its new name (or as a flag and as its feature gate).",
    fix: "Keep only the new name (3.6 renamed experimental-X to X, and moved some to --feature-gates)."
  },
  refusesIn: ["3.6"],
  member(member, { version }) {
    if (version.minor !== "3.6") return [];
    const findings = [];
    for (const newName of REFUSED_TOGETHER) {
      const oldName = `experimental-${newName}`;
      const old = settingOf(member, oldName);
      const renamed = settingOf(member, newName);
      if (!old || !renamed) continue;
      const etcdMessage = `cannot set --${oldName} and --${newName} at the same time, please use --${newName} only`;
      findings.push(
        report(this.info, old, `${written(old)} and ${written(renamed)} are both set; ${refuses(etcdMessage)}.`)
      );
    }
    const unary = [
      settingOf(member, "experimental-warning-unary-request-duration"),
      settingOf(member, "warning-unary-request-duration")
    ];
    if (unary[0] && unary[1]) {
      const etcdMessage = "both --experimental-warning-unary-request-duration and --warning-unary-request-duration flags are set. Use only --warning-unary-request-duration";
      findings.push(
        report(
          this.info,
          unary[0],
          `${written(unary[0])} and ${written(unary[1])} are both set; ${refuses(etcdMessage)}.`
        )
      );
    }
    const gatesSetting = settingOf(member, "feature-gates");
    for (const [flag, gate] of Object.entries(FEATURE_GATE_FLAGS)) {
      const setting = settingOf(member, flag);
      if (!setting || !gatesSetting || !gatesSetting.value.includes(gate)) continue;
      const on = isTrue(setting.value);
      const etcdMessage = `cannot specify both flags: --${flag}=${on} and --feature-gates=${gate}=`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} and ${written(gatesSetting)} both set ${gate}; ${refuses(etcdMessage)}.`
        )
      );
    }
    return findings;
  }
};
var invalidFeatureGate = {
  info: {
    id: "ETCD-116",
    severity: "error",
    name: "invalid-feature-gate",
    etcdDoes: "etcd 3.6 refuses to start on a feature gate it does not know or without a true/false value.",
    fix: `Write feature-gates as Name=true,Other=false with the gates of etcd 3.6: ${FEATURE_GATES_3_6.join(", ")}.`
  },
  refusesIn: ["3.6"],
  member(member, { version }) {
    const setting = settingOf(member, "feature-gates");
    if (version.minor !== "3.6" || !setting) return [];
    const gates = featureGates(member);
    for (const [name, value] of gates) {
      let etcdMessage;
      if (!FEATURE_GATES_3_6.includes(name)) etcdMessage = `unrecognized feature gate: ${name}`;
      else if (value === void 0)
        etcdMessage = setting.value.includes(`${name}=`) ? `invalid value of ${name}=` : `missing bool value for ${name}`;
      if (etcdMessage)
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: ${name} is not a feature gate etcd 3.6 takes with true or false; ${refuses(etcdMessage)}.`,
            true
          )
        ];
    }
    return [];
  }
};
function given(member, name) {
  const setting = settingOf(member, name);
  return setting && setting.value.trim() !== "" ? setting : void 0;
}
var V3_DISCOVERY = [
  "discovery-endpoints",
  "discovery-token",
  "discovery-cert",
  "discovery-key",
  "discovery-cacert",
  "discovery-user",
  "discovery-password"
];
var V2_DEPRECATION_ORDER = ["not-yet", "write-only", "write-only-drop-data", "gone"];
var conflictingV2OrDiscovery = {
  info: {
    id: "ETCD-117",
    severity: "error",
    name: "conflicting-v2-or-discovery",
    etcdDoes: "etcd 3.5 refuses --enable-v2 with --v2-deprecation write-only or later; etcd 3.6 refuses discovery-fallback proxy, v2 and v3 discovery settings together, and a discovery token without endpoints (or the reverse).",
    fix: "Drop the v2 API and v2 proxy settings; for 3.6 discovery give discovery-token and discovery-endpoints together and no discovery-proxy."
  },
  refusesIn: ["3.5", "3.6"],
  member(member, { version }) {
    if (version.minor === "3.5") {
      const enableV2 = settingOf(member, "enable-v2");
      const deprecation = settingOf(member, "v2-deprecation");
      if (enableV2 && isTrue(enableV2.value) && deprecation && V2_DEPRECATION_ORDER.indexOf(deprecation.value) >= 1) {
        const etcdMessage = `--enable-v2 and --v2-deprecation=${deprecation.value} are mutually exclusive`;
        return [
          report(this.info, enableV2, `${written(enableV2)} with ${written(deprecation)}; ${refuses(etcdMessage)}.`)
        ];
      }
      return [];
    }
    if (version.minor !== "3.6") return [];
    const fallback = settingOf(member, "discovery-fallback");
    if (fallback && fallback.value === "proxy" && fallback.source !== "config-file") {
      const etcdMessage = `v2 proxy is deprecated, and --discovery-fallback can't be configured as "proxy"`;
      return [
        report(this.info, fallback, `${written(fallback)}: etcd 3.6 has no v2 proxy; ${refuses(etcdMessage)}.`, true)
      ];
    }
    const v2 = given(member, "discovery-proxy");
    const v3 = V3_DISCOVERY.map((name) => given(member, name)).find((setting) => setting !== void 0);
    if (v2 && v3) {
      const etcdMessage = "both v2 discovery settings (discovery, discovery-proxy) and v3 discovery settings (discovery-token, discovery-endpoints, discovery-cert, discovery-key, discovery-cacert, discovery-user, discovery-password) are set";
      return [report(this.info, v2, `${written(v2)} with ${written(v3)}; ${refuses(etcdMessage)}.`)];
    }
    const token = given(member, "discovery-token");
    const endpoints = given(member, "discovery-endpoints");
    if (token === void 0 !== (endpoints === void 0)) {
      const at = token ?? endpoints;
      return [
        report(
          this.info,
          at,
          `${written(at)} without ${token ? "discovery-endpoints" : "discovery-token"}; ${refuses("both --discovery-token and --discovery-endpoints must be set")}.`
        )
      ];
    }
    return [];
  }
};

// src/lint/rules/index.ts
var RULE_LIST = [
  invalidUrl,
  listenUrlNotIp,
  advertiseUrlWithoutHost,
  invalidInitialCluster,
  invalidClusterState,
  conflictingBootstrap,
  raftTiming,
  advertiseClientUrlsMissing,
  autoCompaction,
  leaseCheckpointPersist,
  tlsFilesMissing,
  invalidTlsOptions,
  invalidLogging,
  invalidValue,
  oldAndNewName,
  invalidFeatureGate,
  conflictingV2OrDiscovery,
  clientUrlListedTwice,
  nameNotInInitialCluster,
  advertisePeerUrlsMismatch,
  duplicateInitialClusterUrl,
  initialClusterDisagreement,
  clusterTokenMismatch,
  duplicateMemberName,
  duplicateMemberAddress,
  evenMemberCount,
  mixedClusterState,
  initialClusterNames,
  unknownFlag,
  unknownSetting,
  tlsKeyOutsideSection,
  deprecatedSetting,
  duplicateSetting,
  flagAndEnvironment,
  ignoredBesideConfigFile,
  clientTls,
  clientCertAuth,
  autoTls,
  peerTls,
  peerClientCertAuth,
  peerAutoTls,
  trustedCaMissing,
  sharedKubernetesCa,
  externalEtcdTls,
  urlHiddenParts,
  quotaTooLarge,
  requestTooLarge,
  settingIgnored,
  defaultName,
  advertisesLocalhost,
  yamlDurationNanoseconds
];
var RULES = [
  ...READER_RULES,
  ...RULE_LIST.map((rule) => rule.info),
  ...BOOT_RULES,
  ...UPGRADE_RULES
];
var COMMAND_LINE_RULES = [unknownFlag, invalidValue, ignoredBesideConfigFile];
function withUnreadConfigFile(member) {
  const configFile = member.settings.find((setting) => setting.name === "config-file" && setting.value.trim() !== "");
  if (!configFile || member.settings.some((setting) => setting.source === "config-file")) return void 0;
  const others = member.settings.filter((setting) => setting !== configFile);
  return { ...member, settings: [configFile], ignoredSettings: [...others, ...member.ignoredSettings ?? []] };
}
function runRules(files, groups, options) {
  const context = { version: parseEtcdVersion(options.etcdVersion) };
  const findings = [];
  for (const file of files) {
    for (const rule of RULE_LIST) if (rule.file) findings.push(...rule.file(file, context));
    for (const member of file.members) {
      const unread = withUnreadConfigFile(member);
      const rules = unread ? COMMAND_LINE_RULES : RULE_LIST;
      const applied = appliedMember(unread ?? member, context.version);
      for (const rule of rules)
        if (rule.member) findings.push(...rule.member(rule.readsAsWritten ? unread ?? member : applied, context));
    }
  }
  for (const group of groups) {
    const members = group.members.filter((member) => !withUnreadConfigFile(member)).map((member) => appliedMember(member, context.version));
    for (const rule of RULE_LIST) if (rule.group) findings.push(...rule.group({ ...group, members }, context));
  }
  return findings;
}

// src/options/target-options.ts
function parseTarget(read, options = {}) {
  const access2 = options.access ?? true;
  const kind = read.oneOf("target", DEFAULT_TARGET_KIND, TARGET_KINDS);
  for (const owner of TARGET_KINDS) {
    if (owner === kind) continue;
    const { ownOptions, secretOptions = [] } = TARGETS[owner];
    for (const name of ownOptions) {
      const value = read.raw(name);
      if (value !== void 0)
        read.fail(
          name,
          secretOptions.includes(name) ? "***" : value,
          `nothing unless target is ${owner} (target is ${kind})`
        );
    }
  }
  return parseTargetOptions(kind, read, access2);
}

// src/options/options.ts
import { isIP as isIP3 } from "node:net";

// src/checks/rounds.ts
var MAX_ROUNDS = 50;
var SUMMED_FIGURES = /* @__PURE__ */ new Set(["keysLost", "logPanics"]);
function isSummedFigure(name) {
  return SUMMED_FIGURES.has(name);
}
function nearestRank(values, p) {
  if (values.length === 0) throw new Error("no values to take a percentile of");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p / 100 * sorted.length)) - 1];
}
function combineFigures(rounds) {
  const names = [...new Set(rounds.flatMap((figures) => Object.keys(figures)))];
  const combined = {};
  for (const name of names) {
    const given2 = rounds.map((figures) => figures[name]).filter((value) => value !== void 0);
    if (given2.some((value) => typeof value === "boolean")) {
      combined[name] = given2.every((value) => value === true);
      continue;
    }
    const values = given2.filter((value) => typeof value === "number");
    if (SUMMED_FIGURES.has(name)) {
      combined[name] = values.reduce((sum, value) => sum + value, 0);
      continue;
    }
    combined[name] = nearestRank(values, 50);
    combined[`${name}P95`] = nearestRank(values, 95);
    combined[`${name}Max`] = Math.max(...values);
  }
  combined.rounds = rounds.length;
  return combined;
}
function combineRounds(results, planned) {
  const [first] = results;
  if (!first) throw new Error("no rounds to combine");
  const failedIndex = results.findIndex((result) => result.status !== "pass");
  const failed = failedIndex === -1 ? void 0 : results[failedIndex];
  const last = results[results.length - 1];
  let summary;
  if (!failed) {
    summary = `all ${results.length} rounds passed (figures: p50, with P95 and Max beside them); the last: ${last.summary}`;
  } else {
    const round = failedIndex + 1;
    summary = `round ${round} of ${planned} failed: ${failed.summary}`;
    if (round > 1) summary += `; round${round > 2 ? `s 1 to ${round - 1}` : " 1"} passed`;
    if (round < planned)
      summary += `; round${planned - round > 1 ? `s ${round + 1} to ${planned}` : ` ${planned}`} did not run`;
  }
  return {
    name: first.name,
    status: failed ? "fail" : "pass",
    summary,
    durationMs: results.reduce((sum, result) => sum + result.durationMs, 0),
    figures: combineFigures(results.map((result) => result.figures)),
    notes: [
      `${results.length} of ${planned} rounds ran on the same cluster, restored whole before each; figures are p50 with P95 and Max (nearest rank) over the rounds, keysLost and logPanics are their sums; each round's own figures are in the JSON report`,
      ...failed ? failed.notes.map((note) => `round ${failedIndex + 1}: ${note}`) : []
    ],
    // Rounds stop at the first failure: the files handed back are that round's.
    ...failed?.files ? { files: failed.files } : {},
    rounds: results.map((result, index) => ({
      round: index + 1,
      status: result.status,
      summary: result.summary,
      durationMs: result.durationMs,
      figures: result.figures,
      notes: result.notes
    }))
  };
}

// src/checks/failover.ts
import { setMaxListeners } from "node:events";

// src/etcd/log.ts
var ELECTED = /(?:raft\.node: )?([0-9a-f]+) elected leader ([0-9a-f]+) at term (\d+)/;
function parseLogTime(ts) {
  if (typeof ts === "number") return ts * 1e3;
  if (typeof ts !== "string") return void 0;
  const parsed = Date.parse(ts.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(parsed) ? void 0 : parsed;
}
function electionsInLog(log) {
  const entries = [];
  for (const line of log.split("\n")) {
    if (!line.includes("elected leader")) continue;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const match = typeof record.msg === "string" ? ELECTED.exec(record.msg) : null;
    const timeMs = parseLogTime(record.ts);
    if (match && timeMs !== void 0) {
      entries.push({ timeMs, reporter: match[1], leader: match[2], term: Number(match[3]) });
    }
  }
  return entries;
}

// src/checks/integrity.ts
var INTEGRITY_BOUND_MS = 1e4;
var POLL_MS = 200;
var REQUEST_TIMEOUT_MS = 3e3;
var QUOTE_CHARS = 300;
var COMPACTED = /required revision has been compacted/i;
var ZAP_LEVELS = /* @__PURE__ */ new Set(["panic", "dpanic", "fatal"]);
var ZAP_LEVEL_FIELD = /"level":\s*"(?:panic|dpanic|fatal)"/i;
var ZAP_CONSOLE = /^\S+\t(?:PANIC|DPANIC|FATAL)\t/;
var CAPNSLOG_CRITICAL = /^(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? )?C \| /;
var CAPNSLOG_LINE = /^(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? )?[CEWNIDT] \| /;
var GO_RUNTIME = /^(?:panic: |fatal error: )/;
function panicLines(log) {
  const found = [];
  for (const raw of log.split("\n")) {
    const line = raw.trimEnd();
    const start = line.trimStart();
    if (start.startsWith("{")) {
      let level;
      try {
        level = JSON.parse(start).level;
      } catch {
        if (ZAP_LEVEL_FIELD.test(start)) found.push({ kind: "zap", line });
        continue;
      }
      if (typeof level === "string" && ZAP_LEVELS.has(level.toLowerCase())) found.push({ kind: "zap", line });
      continue;
    }
    if (ZAP_CONSOLE.test(line)) found.push({ kind: "zap", line });
    else if (CAPNSLOG_LINE.test(line)) {
      if (CAPNSLOG_CRITICAL.test(line)) found.push({ kind: "capnslog", line });
    } else if (GO_RUNTIME.test(line)) found.push({ kind: "go runtime", line });
  }
  return found;
}
var quote = (line) => {
  const trimmed = line.trim();
  return trimmed.length > QUOTE_CHARS ? `${trimmed.slice(0, QUOTE_CHARS)}\u2026` : trimmed;
};
function majorityAnswer(answers) {
  const key = ([, answer]) => `${answer.hash}/${answer.compactRevision}`;
  const counts = /* @__PURE__ */ new Map();
  for (const entry of answers) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
  let best = answers[0];
  for (const entry of answers) if ((counts.get(key(entry)) ?? 0) > (counts.get(key(best)) ?? 0)) best = entry;
  return best;
}
var agree = (a, b) => a.hash === b.hash && a.compactRevision === b.compactRevision;
async function readRevision(ctx, members) {
  let lastError;
  for (const member of members) {
    try {
      return await ctx.client.revision(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS, requireLeader: true });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error("no member to read the revision from");
}
async function compareHashes(ctx, members, boundMs) {
  let revision;
  let last = { answers: /* @__PURE__ */ new Map(), errors: /* @__PURE__ */ new Map() };
  try {
    await pollUntil(
      async () => {
        const round = { answers: /* @__PURE__ */ new Map(), errors: /* @__PURE__ */ new Map() };
        last = round;
        try {
          revision ??= await readRevision(ctx, members);
        } catch (error) {
          round.revisionError = errorMessage(error);
          return void 0;
        }
        const at = revision;
        round.revision = at;
        const asked = await Promise.allSettled(
          members.map((member) => ctx.client.hashKV(member.clientUrl, at, { timeoutMs: REQUEST_TIMEOUT_MS }))
        );
        asked.forEach((answer, index) => {
          const name = members[index].name;
          if (answer.status === "fulfilled") round.answers.set(name, answer.value);
          else round.errors.set(name, errorMessage(answer.reason));
        });
        if ([...round.errors.values()].some((error) => COMPACTED.test(error))) revision = void 0;
        if (round.errors.size > 0) return void 0;
        const answers = [...round.answers.values()];
        return answers.every((answer) => agree(answer, answers[0])) ? true : void 0;
      },
      { what: "the members to agree on HashKV", timeoutMs: boundMs, intervalMs: POLL_MS, clock: ctx.clock }
    );
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error;
  }
  return last;
}
function judgeHashes(round, members, boundMs) {
  if (round.revision === void 0) {
    return {
      failure: `no member answered a read of the store's revision within ${boundMs} ms (last error: ${round.revisionError})`,
      figures: { hashKvAgree: false, hashKvMembers: 0 },
      notes: []
    };
  }
  const revision = round.revision;
  const answered = members.filter((member) => round.answers.has(member.name)).map((member) => [member.name, round.answers.get(member.name)]);
  const problems = members.filter((member) => round.errors.has(member.name)).map(
    (member) => `${member.name} gave no HashKV at revision ${revision} within ${boundMs} ms (${round.errors.get(member.name)})`
  );
  if (answered.length === 0) {
    return {
      failure: problems.join("; "),
      figures: { integrityRevision: revision, hashKvAgree: false, hashKvMembers: 0 },
      notes: []
    };
  }
  const [referenceName, reference] = majorityAnswer(answered);
  const differing = answered.filter(([, answer]) => !agree(answer, reference));
  for (const [name, answer] of differing) {
    problems.push(
      `${name}'s HashKV at revision ${revision} is ${answer.hash} (compacted at ${answer.compactRevision}), ${referenceName}'s is ${reference.hash} (compacted at ${reference.compactRevision})`
    );
  }
  const hashKvMembers = answered.length - differing.length;
  const figures = {
    integrityRevision: revision,
    hashKvAgree: problems.length === 0,
    hashKvMembers
  };
  const notes = problems.length === 0 ? [
    `integrity: ${hashKvMembers} members agree on HashKV at revision ${revision}: ${reference.hash} (compacted at ${reference.compactRevision})`
  ] : answered.map(
    ([name, answer]) => `integrity: ${name}'s HashKV at revision ${revision}: ${answer.hash} (compacted at ${answer.compactRevision})`
  );
  return { failure: problems.length === 0 ? void 0 : problems.join("; "), figures, notes };
}
async function scanLogs(ctx, expected) {
  const notes = [];
  const scanned = await Promise.all(
    ctx.spec.members.map(async (member) => {
      try {
        return { member, lines: panicLines(await ctx.target.logs(member)).filter((found) => !expected(found.line)) };
      } catch (error) {
        notes.push(`integrity: ${member.name}'s log could not be read, so it was not scanned: ${errorMessage(error)}`);
        return { member, lines: [] };
      }
    })
  );
  const logPanics = scanned.reduce((sum, { lines }) => sum + lines.length, 0);
  const figures = { logPanics };
  const first = scanned.find(({ lines }) => lines.length > 0);
  if (!first) {
    const read = scanned.length - notes.length;
    notes.push(`integrity: no panic or fatal line in the logs of ${read} member${read === 1 ? "" : "s"}`);
    return { figures, notes };
  }
  const [line] = first.lines;
  const more = logPanics > 1 ? ` (${logPanics} panic or fatal lines in all)` : "";
  for (const { member, lines } of scanned) {
    for (const found of lines.slice(0, 3)) notes.push(`integrity: ${member.name}'s log: ${quote(found.line)}`);
  }
  return {
    failure: `${first.member.name}'s log holds a ${line.kind} panic or fatal line: ${quote(line.line)}${more}`,
    figures,
    notes
  };
}
async function checkIntegrity(ctx, options = {}) {
  if (ctx.spec.members.length === 0) return { figures: {}, notes: [] };
  const hashes = await checkHashKv(ctx, options.boundMs);
  const logs = await scanLogs(ctx, options.expected ?? (() => false));
  const failures = [hashes.failure, logs.failure].filter((failure) => failure !== void 0);
  return {
    ...failures.length > 0 ? { failure: failures.join("; ") } : {},
    figures: { ...hashes.figures, ...logs.figures },
    notes: [...hashes.notes, ...logs.notes]
  };
}
async function checkHashKv(ctx, boundMs = INTEGRITY_BOUND_MS) {
  const running = [];
  const notes = [];
  for (const member of ctx.spec.members) {
    if (await ctx.target.isRunning(member)) running.push(member);
    else notes.push(`integrity: ${member.name} does not run after the drill, so it was not asked for HashKV`);
  }
  if (running.length === 0)
    return {
      failure: "no member of the cluster runs after the drill",
      figures: { hashKvAgree: false, hashKvMembers: 0 },
      notes
    };
  const judged = judgeHashes(await compareHashes(ctx, running, boundMs), running, boundMs);
  return { ...judged, notes: [...notes, ...judged.notes] };
}

// src/checks/check.ts
function defineCheck(check) {
  return check;
}
var CheckFailure = class extends Error {
  constructor(message, figures = {}, notes = []) {
    super(message);
    this.figures = figures;
    this.notes = notes;
    this.name = "CheckFailure";
  }
  figures;
  notes;
};
var NO_TARGET = "needs a target that can stop and start members; this cluster was given by its endpoints (start it with up, or give the state-dir of an up step)";
function whySkipped(check, target) {
  if (!check.stopsMembers) return void 0;
  if (!target) return NO_TARGET;
  for (const fault of check.needs) {
    const reason = unsupportedFault(target, fault);
    if (reason !== void 0) return `${reason} (this check needs to ${fault} members)`;
  }
  return void 0;
}
async function runCheck(check, ctx) {
  const started = ctx.clock.now();
  let outcome;
  try {
    const skipped = whySkipped(check, ctx.target);
    if (skipped !== void 0) outcome = { status: "skipped", summary: skipped, figures: {}, notes: [] };
    else if (!check.stopsMembers) outcome = await check.run(ctx);
    else outcome = await check.run({ ...ctx, target: ctx.target });
  } catch (error) {
    outcome = error instanceof FaultUnsupportedError ? {
      status: "skipped",
      summary: `${error.reason} (this check needs to ${error.fault} members)`,
      figures: {},
      notes: []
    } : {
      status: "fail",
      summary: errorMessage(error),
      figures: error instanceof CheckFailure ? error.figures : {},
      notes: error instanceof CheckFailure ? error.notes : []
    };
  }
  if (outcome.status === "pass" && check.stopsMembers && ctx.target)
    outcome = await withIntegrity(outcome, { ...ctx, target: ctx.target });
  return { name: check.name, durationMs: ctx.clock.now() - started, ...outcome };
}
async function withIntegrity(outcome, ctx) {
  let integrity;
  try {
    integrity = await checkIntegrity(ctx);
  } catch (error) {
    integrity = { failure: errorMessage(error), figures: {}, notes: [] };
  }
  const merged = {
    ...outcome,
    figures: { ...outcome.figures, ...integrity.figures },
    notes: [...outcome.notes, ...integrity.notes]
  };
  if (integrity.failure === void 0) return merged;
  return { ...merged, status: "fail", summary: `${outcome.summary}; integrity: ${integrity.failure}` };
}

// src/checks/keys.ts
var BATCH = 10;
async function writeKeys(client, endpoint, prefix, count3, timeoutMs) {
  const acknowledged = /* @__PURE__ */ new Map();
  let firstError;
  for (let start = 0; start < count3; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, count3 - start) }, async (_, offset) => {
        const key = `${prefix}${String(start + offset).padStart(5, "0")}`;
        const value = `value-${start + offset}`;
        try {
          await client.put(endpoint, key, value, { timeoutMs });
          acknowledged.set(key, value);
        } catch (error) {
          firstError ??= errorMessage(error);
        }
      })
    );
  }
  return { acknowledged, firstError };
}
async function findLostKeys(client, endpoint, prefix, acknowledged, options) {
  const found = new Map(
    (await client.range(endpoint, prefix, { ...options, prefix: true })).map((kv) => [kv.key, kv.value])
  );
  return [...acknowledged].filter(([key, value]) => found.get(key) !== value).map(([key]) => key);
}

// src/checks/leaders.ts
function waitForNewLeader(client, members, notId, wait) {
  return pollUntil(
    async () => {
      const leader = agreedLeader(await collectStatus(client, members, wait.requestTimeoutMs));
      return leader !== void 0 && leader !== notId ? leader : void 0;
    },
    {
      what: `${members.map((member) => member.name).join(", ")} to agree on a leader other than ${notId}`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock
    }
  );
}
function waitForAgreedLeader(spec, client, wait) {
  return pollUntil(async () => await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs) ?? void 0, {
    what: "every member to answer and name one leader",
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    clock: wait.clock
  });
}
function highestTerm(rows) {
  return Math.max(0, ...rows.map((row) => row.status?.raftTerm ?? 0));
}

// src/checks/failover.ts
var KEYS_BEFORE_KILL = 50;
var PROBE_INTERVAL_MS = 10;
var STATUS_TIMEOUT_MS = 250;
var WRITE_ATTEMPT_TIMEOUT_MS = 1e3;
var REQUEST_TIMEOUT_MS2 = 5e3;
var failoverBoundMs = (electionMs) => Math.max(5e3, 20 * electionMs);
async function firstAcknowledgedWrite(client, survivors, prefix, acknowledged, deps) {
  const { clock, since, boundMs } = deps;
  const attempts = [];
  const pending = new AbortController();
  setMaxListeners(0, pending.signal);
  let firstAckMs;
  for (let i = 0; i < boundMs / PROBE_INTERVAL_MS && firstAckMs === void 0 && clock.now() - since < boundMs; i++) {
    const key = `${prefix}${String(i).padStart(5, "0")}`;
    attempts.push(
      client.put(survivors[i % survivors.length].clientUrl, key, `gap-${i}`, {
        timeoutMs: WRITE_ATTEMPT_TIMEOUT_MS,
        requireLeader: true,
        signal: pending.signal
      }).then(
        () => {
          acknowledged.set(key, `gap-${i}`);
          firstAckMs ??= clock.now() - since;
        },
        () => void 0
      )
    );
    await clock.sleep(PROBE_INTERVAL_MS);
  }
  pending.abort();
  await Promise.allSettled(attempts);
  return firstAckMs;
}
var failoverCheck = defineCheck({
  name: "failover",
  proves: "after the leader is killed the survivors elect a new one and take writes again; the old leader rejoins as a follower; no acknowledged key is lost",
  byDefault: true,
  minMembers: { count: 2, why: "a single member cannot fail over" },
  stopsMembers: true,
  needs: [],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}failover/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const boundMs = failoverBoundMs(spec.timing.electionMs);
    const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS2);
    if (!before) throw fail("the members did not agree on one leader before the leader was killed");
    const oldLeader = before.leader;
    const oldLeaderId = before.leaderId;
    figures.termBefore = highestTerm(before.rows);
    const { acknowledged, firstError } = await writeKeys(
      client,
      oldLeader.clientUrl,
      `${prefix}before/`,
      KEYS_BEFORE_KILL,
      REQUEST_TIMEOUT_MS2
    );
    if (firstError) throw fail(`a write before the failover was refused: ${firstError}`);
    const survivors = spec.members.filter((member) => member !== oldLeader);
    logger.info(`killing the leader ${oldLeader.name} (${oldLeaderId}) with SIGKILL`);
    const killedAt = clock.now();
    const killedAtWall = clock.wallNow();
    await target.kill(oldLeader);
    const newLeaderWait = waitForNewLeader(client, survivors, oldLeaderId, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS
    }).then((leader) => ({ leader, ms: clock.now() - killedAt }));
    const [newLeader, writeGapMs] = await Promise.all([
      newLeaderWait.catch((error) => error),
      firstAcknowledgedWrite(client, survivors, `${prefix}gap/`, acknowledged, { clock, since: killedAt, boundMs })
    ]);
    if (newLeader instanceof Error) throw fail(newLeader.message);
    figures.newLeaderMs = roundMs(newLeader.ms);
    if (writeGapMs === void 0) throw fail(`no write was acknowledged within ${boundMs} ms of killing the leader`);
    figures.writeGapMs = roundMs(writeGapMs);
    const newLeaderMember = leaderOf(before.rows, newLeader.leader);
    notes.push(
      `${newLeaderMember?.name ?? newLeader.leader} became leader ${figures.newLeaderMs} ms after the kill; writes resumed after ${figures.writeGapMs} ms`
    );
    const logs = await Promise.all(survivors.map((member) => target.logs(member)));
    const elections = logs.flatMap(electionsInLog).filter((entry) => entry.leader === newLeader.leader && entry.timeMs >= killedAtWall - 5);
    if (elections.length > 0) {
      figures.etcdElectedMs = roundMs(Math.min(...elections.map((entry) => entry.timeMs)) - killedAtWall);
      figures.termAfter = Math.max(...elections.map((entry) => entry.term));
    } else {
      notes.push(`no "elected leader" line was found in the survivors' logs after the kill`);
    }
    const restartedAt = clock.now();
    await target.start(oldLeader);
    const rejoined = await pollUntil(
      async () => {
        const status = await client.status(oldLeader.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS });
        return status.leader === newLeader.leader ? status : void 0;
      },
      {
        what: `${oldLeader.name} to rejoin and follow the new leader`,
        timeoutMs: boundMs,
        intervalMs: PROBE_INTERVAL_MS,
        clock
      }
    ).catch((error) => {
      throw fail(error.message);
    });
    figures.rejoinMs = roundMs(clock.now() - restartedAt);
    if (rejoined.isLeader) throw fail(`${oldLeader.name} came back as leader, not as a follower`);
    const leaderEndpoint = newLeaderMember?.clientUrl ?? survivors[0].clientUrl;
    const leaderIndex = (await client.status(leaderEndpoint, { timeoutMs: REQUEST_TIMEOUT_MS2 })).raftIndex;
    await waitForApplied(client, oldLeader, leaderIndex, {
      clock,
      timeoutMs: boundMs,
      intervalMs: PROBE_INTERVAL_MS,
      requestTimeoutMs: STATUS_TIMEOUT_MS
    }).catch((error) => {
      throw fail(error.message);
    });
    figures.catchUpMs = roundMs(clock.now() - restartedAt);
    figures.keysAcknowledged = acknowledged.size;
    const lost = await findLostKeys(client, leaderEndpoint, prefix, acknowledged, { timeoutMs: REQUEST_TIMEOUT_MS2 });
    const lostOnRejoined = await findLostKeys(client, oldLeader.clientUrl, prefix, acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS2,
      serializable: true
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw fail(
        `${lost.length} acknowledged keys are missing after the failover, e.g. ${lost.slice(0, 3).join(", ")}`
      );
    if (lostOnRejoined.length > 0) {
      throw fail(
        `${oldLeader.name} rejoined but lacks ${lostOnRejoined.length} acknowledged keys, e.g. ${lostOnRejoined.slice(0, 3).join(", ")}`
      );
    }
    await waitForHealthyCluster(spec, target, client, { clock });
    return {
      status: "pass",
      summary: `killed leader ${oldLeader.name}; ${newLeaderMember?.name ?? newLeader.leader} led after ${figures.newLeaderMs} ms, writes resumed after ${figures.writeGapMs} ms; ${oldLeader.name} rejoined as a follower in ${figures.rejoinMs} ms; all ${acknowledged.size} acknowledged keys intact`,
      figures,
      notes
    };
  }
});

// src/checks/history.ts
import { randomBytes } from "node:crypto";

// src/etcd/client.ts
import { createWriteStream } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { checkServerIdentity } from "node:tls";
import { pipeline } from "node:stream/promises";

// src/etcd/proto.ts
var WIRE_VARINT = 0;
var WIRE_64BIT = 1;
var WIRE_BYTES = 2;
var WIRE_32BIT = 5;
var ProtoWriter = class {
  parts = [];
  varint(value) {
    const bytes = [];
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn | 0x80n));
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.parts.push(Buffer.from(bytes));
  }
  tag(field, wire) {
    this.varint(BigInt(field << 3 | wire));
  }
  bytes(field, value) {
    if (value === void 0) return this;
    const buffer = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    if (buffer.length === 0) return this;
    this.tag(field, WIRE_BYTES);
    this.varint(BigInt(buffer.length));
    this.parts.push(buffer);
    return this;
  }
  uint64(field, value) {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }
  /** An embedded message, written even when empty (a oneof's empty member is still set). */
  message(field, value) {
    this.tag(field, WIRE_BYTES);
    this.varint(BigInt(value.length));
    this.parts.push(value);
    return this;
  }
  bool(field, value) {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(1n);
    return this;
  }
  finish() {
    return Buffer.concat(this.parts);
  }
};
function readFields(buffer) {
  const fields = /* @__PURE__ */ new Map();
  let offset = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (; ; ) {
      if (offset >= buffer.length) throw new Error("truncated protobuf varint");
      const byte = buffer[offset++];
      result |= BigInt(byte & 127) << shift;
      if ((byte & 128) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const tag = Number(readVarint());
    const field = tag >>> 3;
    const wire = tag & 7;
    let value;
    if (wire === WIRE_VARINT) value = readVarint();
    else if (wire === WIRE_BYTES) {
      const length = Number(readVarint());
      if (offset + length > buffer.length) throw new Error("truncated protobuf field");
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wire === WIRE_64BIT) {
      value = buffer.readBigUInt64LE(offset);
      offset += 8;
    } else if (wire === WIRE_32BIT) {
      value = BigInt(buffer.readUInt32LE(offset));
      offset += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}
var asBigInt = (values) => {
  const value = values?.[values.length - 1];
  return typeof value === "bigint" ? value : 0n;
};
var asNumber = (values) => Number(BigInt.asIntN(64, asBigInt(values)));
var asBuffer = (values) => {
  const value = values?.[values.length - 1];
  return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
};
var asBuffers = (values) => (values ?? []).filter((value) => Buffer.isBuffer(value));
function decodeHeader(buffer) {
  const fields = readFields(buffer);
  return {
    clusterId: asBigInt(fields.get(1)),
    memberId: asBigInt(fields.get(2)),
    revision: asNumber(fields.get(3)),
    raftTerm: asNumber(fields.get(4))
  };
}
function encodeRangeRequest(request) {
  return new ProtoWriter().bytes(1, request.key).bytes(2, request.rangeEnd).bool(7, request.serializable).finish();
}
function decodeRangeResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    kvs: asBuffers(fields.get(2)).map((kv) => {
      const kvFields = readFields(kv);
      return {
        key: asBuffer(kvFields.get(1)),
        value: asBuffer(kvFields.get(5)),
        modRevision: asNumber(kvFields.get(3))
      };
    })
  };
}
function encodePutRequest(request) {
  return new ProtoWriter().bytes(1, request.key).bytes(2, request.value).finish();
}
function encodeDeleteRangeRequest(request) {
  return new ProtoWriter().bytes(1, request.key).bytes(2, request.rangeEnd).finish();
}
function decodeWriteResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), deleted: asNumber(fields.get(2)) };
}
function encodeRequestOp(op) {
  const writer = new ProtoWriter();
  if ("range" in op) writer.message(1, encodeRangeRequest(op.range));
  else if ("put" in op) writer.message(2, encodePutRequest(op.put));
  else writer.message(3, encodeDeleteRangeRequest(op.deleteRange));
  return writer.finish();
}
function encodeTxnRequest(ops) {
  const writer = new ProtoWriter();
  for (const op of ops) writer.message(2, encodeRequestOp(op));
  return writer.finish();
}
function decodeTxnResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), succeeded: asBigInt(fields.get(2)) !== 0n };
}
function decodeStatusResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    version: asBuffer(fields.get(2)).toString("utf8"),
    dbSize: asNumber(fields.get(3)),
    leader: asBigInt(fields.get(4)),
    raftIndex: asNumber(fields.get(5)),
    raftTerm: asNumber(fields.get(6)),
    raftAppliedIndex: asNumber(fields.get(7)),
    errors: asBuffers(fields.get(8)).map((error) => error.toString("utf8")),
    dbSizeInUse: asNumber(fields.get(9)),
    isLearner: asBigInt(fields.get(10)) !== 0n
  };
}
function decodeMember(buffer) {
  const fields = readFields(buffer);
  return {
    id: asBigInt(fields.get(1)),
    name: asBuffer(fields.get(2)).toString("utf8"),
    peerUrls: asBuffers(fields.get(3)).map((url) => url.toString("utf8")),
    clientUrls: asBuffers(fields.get(4)).map((url) => url.toString("utf8")),
    isLearner: asBigInt(fields.get(5)) !== 0n
  };
}
function encodeMemberAddRequest(request) {
  const writer = new ProtoWriter();
  for (const url of request.peerUrls) writer.bytes(1, url);
  return writer.bool(2, request.isLearner).finish();
}
function decodeMemberAddResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    member: decodeMember(asBuffer(fields.get(2))),
    members: asBuffers(fields.get(3)).map(decodeMember)
  };
}
function encodeMemberIdRequest(id) {
  return new ProtoWriter().uint64(1, id).finish();
}
function encodeMemberListRequest(request) {
  return new ProtoWriter().bool(1, request.linearizable).finish();
}
function decodeMembersResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), members: asBuffers(fields.get(2)).map(decodeMember) };
}
function encodeHashKvRequest(revision) {
  return new ProtoWriter().uint64(1, BigInt(revision)).finish();
}
function decodeHashKvResponse(buffer) {
  const fields = readFields(buffer);
  const hashRevision = asNumber(fields.get(4));
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    hash: Number(BigInt.asUintN(32, asBigInt(fields.get(2)))),
    compactRevision: asNumber(fields.get(3)),
    ...hashRevision === 0 ? {} : { hashRevision }
  };
}
function encodeDowngradeRequest(request) {
  return new ProtoWriter().uint64(1, BigInt(request.action)).bytes(2, request.version).finish();
}
function decodeDowngradeResponse(buffer) {
  const fields = readFields(buffer);
  return { header: decodeHeader(asBuffer(fields.get(1))), version: asBuffer(fields.get(2)).toString("utf8") };
}
function decodeSnapshotResponse(buffer) {
  const fields = readFields(buffer);
  return { remainingBytes: asNumber(fields.get(2)), blob: asBuffer(fields.get(3)) };
}
function encodeCompactionRequest(request) {
  return new ProtoWriter().uint64(1, BigInt(request.revision)).bool(2, request.physical).finish();
}
function encodeWatchCreateRequest(request) {
  const create = new ProtoWriter().bytes(1, request.key).bytes(2, request.rangeEnd).uint64(3, request.startRevision === void 0 ? void 0 : BigInt(request.startRevision)).bool(4, request.progressNotify).bool(6, request.prevKv).finish();
  return new ProtoWriter().message(1, create).finish();
}
function encodeWatchProgressRequest() {
  return new ProtoWriter().message(3, Buffer.alloc(0)).finish();
}
function decodeFullKeyValue(buffer) {
  const fields = readFields(buffer);
  return {
    key: asBuffer(fields.get(1)),
    createRevision: asNumber(fields.get(2)),
    modRevision: asNumber(fields.get(3)),
    version: asNumber(fields.get(4)),
    value: asBuffer(fields.get(5)),
    lease: asNumber(fields.get(6))
  };
}
function decodeWatchResponse(buffer) {
  const fields = readFields(buffer);
  return {
    header: decodeHeader(asBuffer(fields.get(1))),
    watchId: asNumber(fields.get(2)),
    created: asBigInt(fields.get(3)) !== 0n,
    canceled: asBigInt(fields.get(4)) !== 0n,
    compactRevision: asNumber(fields.get(5)),
    cancelReason: asBuffer(fields.get(6)).toString("utf8"),
    fragment: asBigInt(fields.get(7)) !== 0n,
    events: asBuffers(fields.get(11)).map((event) => {
      const eventFields = readFields(event);
      const prev = eventFields.get(3);
      return {
        type: asBigInt(eventFields.get(1)) === 1n ? "DELETE" : "PUT",
        kv: decodeFullKeyValue(asBuffer(eventFields.get(2))),
        ...prev === void 0 ? {} : { prevKv: decodeFullKeyValue(asBuffer(prev)) }
      };
    })
  };
}

// src/etcd/client.ts
var clusterMember = (raw) => ({
  id: idToHex(raw.id),
  name: raw.name,
  peerUrls: raw.peerUrls,
  clientUrls: raw.clientUrls,
  isLearner: raw.isLearner
});
var idFromHex = (id) => BigInt(`0x${id}`);
var watchKeyValue = (kv) => ({
  key: kv.key.toString("utf8"),
  value: kv.value.toString("utf8"),
  createRevision: kv.createRevision,
  modRevision: kv.modRevision,
  version: kv.version
});
var EtcdRequestError = class extends Error {
  constructor(endpoint, operation, message, grpcCode, timedOut = false) {
    super(`${operation} on ${endpoint}: ${message}`);
    this.endpoint = endpoint;
    this.operation = operation;
    this.grpcCode = grpcCode;
    this.timedOut = timedOut;
    this.name = "EtcdRequestError";
  }
  endpoint;
  operation;
  grpcCode;
  timedOut;
};
async function readClientTls(files) {
  const [ca, cert, key] = await Promise.all([
    readFile(files.ca, "utf8"),
    readFile(files.cert, "utf8"),
    readFile(files.key, "utf8")
  ]);
  return { ca, cert, key };
}
var idToHex = (id) => id.toString(16);
function prefixRangeEnd(prefix) {
  const bytes = Buffer.from(prefix, "utf8");
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 255) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}
var passThrough = (value) => value;
var errorText = (error) => error instanceof Error ? error.message : String(error);
var CHANNEL_OPTIONS = {
  "grpc.initial_reconnect_backoff_ms": 20,
  "grpc.max_reconnect_backoff_ms": 100,
  "grpc.min_reconnect_backoff_ms": 20
};
var EtcdClient = class _EtcdClient {
  constructor(grpc, tls, serverNames) {
    this.grpc = grpc;
    this.tls = tls;
    this.serverNames = serverNames;
    this.credentials = grpc.credentials.createSsl(Buffer.from(tls.ca), Buffer.from(tls.key), Buffer.from(tls.cert));
  }
  grpc;
  tls;
  serverNames;
  channels = /* @__PURE__ */ new Map();
  credentials;
  /**
   * A client presenting `tls`. gRPC is loaded here, not when the program starts, so commands that
   * talk to no cluster start without it.
   * @param serverNames the name to verify each endpoint's certificate against (a DNS SAN); endpoints
   *   not listed are verified against their host. TLS forbids IP addresses as server names.
   */
  static async create(tls, serverNames = /* @__PURE__ */ new Map()) {
    const grpc = await import("./src-Y4LJCPFX.js");
    return new _EtcdClient(grpc.default ?? grpc, tls, serverNames);
  }
  /**
   * Verifies `endpoint`'s certificate against `serverName` (a DNS SAN) from now on, as for the
   * endpoints named at creation: for members that join later (TLS takes no IP address as a server name).
   */
  verifyAs(endpoint, serverName) {
    if (this.serverNames.get(endpoint) === serverName) return;
    this.serverNames.set(endpoint, serverName);
    this.channels.get(endpoint)?.close();
    this.channels.delete(endpoint);
  }
  /** Closes every channel. */
  close() {
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }
  channel(endpoint) {
    let channel = this.channels.get(endpoint);
    if (!channel) {
      const url = new URL(endpoint);
      const serverName = this.serverNames.get(endpoint);
      const options = serverName ? { ...CHANNEL_OPTIONS, "grpc.ssl_target_name_override": serverName } : CHANNEL_OPTIONS;
      const credentials = url.protocol === "http:" ? this.grpc.credentials.createInsecure() : this.credentials;
      channel = new this.grpc.Client(url.host, credentials, options);
      this.channels.set(endpoint, channel);
    }
    return channel;
  }
  /** The error etcd's answer `error` means, as thrown by every call (a timed-out call also drops its channel). */
  requestError(endpoint, channel, operation, error, timeoutMs) {
    const timedOut = error.code === this.grpc.status.DEADLINE_EXCEEDED;
    if (timedOut && this.channels.get(endpoint) === channel) {
      this.channels.delete(endpoint);
      channel.close();
    }
    const message = timedOut ? `no answer within ${timeoutMs} ms` : error.details || error.message;
    return new EtcdRequestError(endpoint, operation, message, error.code, timedOut);
  }
  /** Sends one unary call (`/etcdserverpb.KV/Range` and so on) and returns the raw answer. */
  call(endpoint, method, request, options) {
    const operation = method.split("/").pop() ?? method;
    const metadata = new this.grpc.Metadata();
    if (options.requireLeader) metadata.set("hasleader", "true");
    const channel = this.channel(endpoint);
    return new Promise((resolve, reject) => {
      const cancel = () => call.cancel();
      const call = channel.makeUnaryRequest(
        method,
        passThrough,
        passThrough,
        request,
        metadata,
        { deadline: Date.now() + options.timeoutMs },
        (error, response) => {
          options.signal?.removeEventListener("abort", cancel);
          if (error) reject(this.requestError(endpoint, channel, operation, error, options.timeoutMs));
          else resolve(response);
        }
      );
      if (options.signal?.aborted) call.cancel();
      else options.signal?.addEventListener("abort", cancel, { once: true });
    });
  }
  /** `etcdctl endpoint status` for one endpoint. */
  async status(endpoint, options) {
    const answer = decodeStatusResponse(
      await this.call(endpoint, "/etcdserverpb.Maintenance/Status", Buffer.alloc(0), options)
    );
    const id = idToHex(answer.header.memberId);
    const leader = answer.leader === 0n ? void 0 : idToHex(answer.leader);
    return {
      endpoint,
      id,
      version: answer.version,
      dbSize: answer.dbSize,
      dbSizeInUse: answer.dbSizeInUse,
      leader,
      isLeader: leader === id,
      isLearner: answer.isLearner,
      raftTerm: answer.raftTerm,
      raftIndex: answer.raftIndex,
      raftAppliedIndex: answer.raftAppliedIndex,
      errors: answer.errors
    };
  }
  /** Writes a key; resolves with the revision of the write once etcd acknowledged it. */
  async put(endpoint, key, value, options) {
    const request = encodePutRequest({ key: Buffer.from(key), value: Buffer.from(value) });
    return decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/Put", request, options)).header.revision;
  }
  /** Reads one key, or every key under a prefix; linearizable unless `serializable`. */
  async range(endpoint, key, options) {
    const request = encodeRangeRequest({
      key: Buffer.from(key),
      rangeEnd: options.prefix ? prefixRangeEnd(key) : void 0,
      serializable: options.serializable
    });
    const answer = decodeRangeResponse(await this.call(endpoint, "/etcdserverpb.KV/Range", request, options));
    return answer.kvs.map((kv) => ({
      key: kv.key.toString("utf8"),
      value: kv.value.toString("utf8"),
      modRevision: kv.modRevision
    }));
  }
  /** Deletes every key under a prefix; resolves with how many were deleted. */
  async deletePrefix(endpoint, prefix, options) {
    const request = encodeDeleteRangeRequest({ key: Buffer.from(prefix), rangeEnd: prefixRangeEnd(prefix) });
    return decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/DeleteRange", request, options)).deleted;
  }
  /** Deletes one key; resolves with the revision etcd answered and how many keys it deleted (0: no new revision). */
  async delete(endpoint, key, options) {
    const request = encodeDeleteRangeRequest({ key: Buffer.from(key) });
    const answer = decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/DeleteRange", request, options));
    return { revision: answer.header.revision, deleted: answer.deleted };
  }
  /**
   * A transaction without comparisons: its ops apply together, at one revision (a new one when any
   * of them writes). Resolves with the revision etcd answered and whether the success branch ran
   * (always, with no comparison).
   */
  async txn(endpoint, ops, options) {
    const request = encodeTxnRequest(
      ops.map(
        (op) => op.f === "put" ? { put: { key: Buffer.from(op.key), value: Buffer.from(op.value) } } : { deleteRange: { key: Buffer.from(op.key) } }
      )
    );
    const answer = decodeTxnResponse(await this.call(endpoint, "/etcdserverpb.KV/Txn", request, options));
    return { revision: answer.header.revision, succeeded: answer.succeeded };
  }
  /**
   * `etcdctl compaction`: drops the store's history before `revision`; resolves with the revision
   * etcd answered. etcd refuses a revision already compacted ("required revision has been compacted")
   * and one not written yet ("required revision is a future revision").
   */
  async compact(endpoint, revision, options) {
    const request = encodeCompactionRequest({ revision });
    return decodeWriteResponse(await this.call(endpoint, "/etcdserverpb.KV/Compact", request, options)).header.revision;
  }
  /**
   * Opens a watch on its own gRPC stream (`/etcdserverpb.Watch/Watch`): `onResponse` hears every
   * response in order (the creation's too), `onEnd` once when the stream ends, with the error unless
   * it was cancelled here. The stream has no deadline: cancel it.
   */
  watch(endpoint, request, onResponse, onEnd) {
    const metadata = new this.grpc.Metadata();
    if (request.requireLeader) metadata.set("hasleader", "true");
    const channel = this.channel(endpoint);
    const call = channel.makeBidiStreamRequest("/etcdserverpb.Watch/Watch", passThrough, passThrough, metadata, {});
    let cancelled = false;
    let ended = false;
    const end = (error) => {
      if (ended) return;
      ended = true;
      onEnd(cancelled ? void 0 : error);
    };
    call.on("data", (message) => {
      if (ended) return;
      let raw;
      try {
        raw = decodeWatchResponse(message);
      } catch (error) {
        end(new EtcdRequestError(endpoint, "Watch", `undecodable response: ${errorText(error)}`));
        call.cancel();
        return;
      }
      onResponse({
        revision: raw.header.revision,
        watchId: raw.watchId,
        created: raw.created,
        canceled: raw.canceled,
        compactRevision: raw.compactRevision,
        cancelReason: raw.cancelReason,
        events: raw.events.map((event) => ({
          type: event.type,
          kv: watchKeyValue(event.kv),
          ...event.prevKv ? { prevKv: watchKeyValue(event.prevKv) } : {}
        })),
        progressNotify: raw.events.length === 0 && !raw.created && !raw.canceled
      });
    });
    call.on(
      "error",
      (error) => end(new EtcdRequestError(endpoint, "Watch", error.details || error.message, error.code))
    );
    call.on("end", () => end(new EtcdRequestError(endpoint, "Watch", "the stream ended")));
    call.on("close", () => end(new EtcdRequestError(endpoint, "Watch", "the stream closed")));
    const rangeEnd = request.prefix ? prefixRangeEnd(request.key) : request.rangeEnd === void 0 ? void 0 : Buffer.from(request.rangeEnd, "utf8");
    call.write(
      encodeWatchCreateRequest({
        key: Buffer.from(request.key, "utf8"),
        rangeEnd,
        startRevision: request.startRevision,
        progressNotify: request.progressNotify,
        prevKv: request.prevKv
      })
    );
    return {
      cancel: () => {
        if (ended) return;
        cancelled = true;
        call.cancel();
        end();
      },
      requestProgress: () => {
        if (ended) return;
        try {
          call.write(encodeWatchProgressRequest());
        } catch {
        }
      }
    };
  }
  /**
   * `etcdctl endpoint health`: a linearizable read of the key "health" answers (etcdctl counts a
   * permission error as healthy too, since it proves the member served the request). A member with no
   * leader is refused at once rather than after etcd's request timeout.
   */
  async health(endpoint, options) {
    try {
      await this.range(endpoint, "health", { ...options, requireLeader: true });
    } catch (error) {
      if (error instanceof EtcdRequestError && /permission denied/i.test(error.message)) return;
      throw error;
    }
  }
  /** The store's revision as the member answers a linearizable read (the revision of the newest write). */
  async revision(endpoint, options) {
    const request = encodeRangeRequest({ key: Buffer.from("health") });
    return decodeRangeResponse(await this.call(endpoint, "/etcdserverpb.KV/Range", request, options)).header.revision;
  }
  /**
   * `etcdctl endpoint hashkv --rev`: the hash of the member's store up to `revision` (its current one
   * for 0). etcd answers a revision it has not applied yet with "required revision is a future
   * revision", and one compacted away with "required revision has been compacted" (both OUT_OF_RANGE).
   */
  async hashKV(endpoint, revision, options) {
    const answer = decodeHashKvResponse(
      await this.call(endpoint, "/etcdserverpb.Maintenance/HashKV", encodeHashKvRequest(revision), options)
    );
    return {
      endpoint,
      hash: answer.hash,
      compactRevision: answer.compactRevision,
      ...answer.hashRevision === void 0 ? {} : { hashRevision: answer.hashRevision },
      revision: answer.header.revision
    };
  }
  /**
   * The member's `GET /version` on its client URL (what `curl https://member:2379/version` shows):
   * its release and the cluster version, over the same mutual TLS as the gRPC calls.
   */
  versions(endpoint, options) {
    const url = new URL("/version", endpoint);
    const serverName = this.serverNames.get(endpoint);
    return new Promise((resolve, reject) => {
      const fail = (message) => reject(new EtcdRequestError(endpoint, "GET /version", message));
      const done = (response) => {
        const chunks = [];
        response.on("data", (chunk) => {
          chunks.push(chunk);
          if (chunks.reduce((total, part) => total + part.length, 0) > 64 * 1024)
            request.destroy(new Error("answer too long"));
        });
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let answer = {};
          try {
            answer = JSON.parse(text);
          } catch {
            answer = {};
          }
          if (response.statusCode !== 200 || typeof answer.etcdserver !== "string" || typeof answer.etcdcluster !== "string")
            fail(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
          else
            resolve({
              server: answer.etcdserver,
              cluster: answer.etcdcluster,
              ...typeof answer.etcdstorage === "string" ? { storage: answer.etcdstorage } : {}
            });
        });
        response.on("error", (error) => fail(errorText(error)));
      };
      const request = url.protocol === "http:" ? httpRequest(url, { timeout: options.timeoutMs }, done) : httpsRequest(
        url,
        {
          timeout: options.timeoutMs,
          ca: this.tls.ca,
          cert: this.tls.cert,
          key: this.tls.key,
          // Verified against the name the gRPC calls are verified against, where one is set.
          ...serverName ? {
            servername: serverName,
            checkServerIdentity: (_host, cert) => checkServerIdentity(serverName, cert)
          } : {}
        },
        done
      );
      request.on("timeout", () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
      request.on("error", (error) => fail(errorText(error)));
      request.end();
    });
  }
  /**
   * `etcdctl downgrade validate|enable|cancel VERSION` (etcd 3.6 and later; a 3.5 server answers
   * it too): Maintenance.Downgrade with the action and the target `major.minor`. Resolves with the
   * cluster version the member answers.
   */
  async downgrade(endpoint, action, version, options) {
    const actions = { VALIDATE: 0, ENABLE: 1, CANCEL: 2 };
    const request = encodeDowngradeRequest({ action: actions[action], version });
    return decodeDowngradeResponse(await this.call(endpoint, "/etcdserverpb.Maintenance/Downgrade", request, options)).version;
  }
  /** `etcdctl member list`: every member, learners too (linearizable where etcd offers it, 3.5 and later). */
  async memberList(endpoint, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberList",
      encodeMemberListRequest({ linearizable: true }),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl member add [--learner]`: resolves with the new member (no name yet) and every member after the add. */
  async memberAdd(endpoint, peerUrls, options) {
    const answer = decodeMemberAddResponse(
      await this.call(
        endpoint,
        "/etcdserverpb.Cluster/MemberAdd",
        encodeMemberAddRequest({ peerUrls, isLearner: options.isLearner }),
        options
      )
    );
    return { member: clusterMember(answer.member), members: answer.members.map(clusterMember) };
  }
  /** `etcdctl member promote`: makes a learner a voting member; etcd refuses one that has not caught up with the leader. */
  async memberPromote(endpoint, id, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberPromote",
      encodeMemberIdRequest(idFromHex(id)),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl member remove`: resolves with every member after the removal. */
  async memberRemove(endpoint, id, options) {
    const answer = await this.call(
      endpoint,
      "/etcdserverpb.Cluster/MemberRemove",
      encodeMemberIdRequest(idFromHex(id)),
      options
    );
    return decodeMembersResponse(answer).members.map(clusterMember);
  }
  /** `etcdctl move-leader`: the leader (`endpoint` must be it) hands its leadership to the member `targetId`. */
  async moveLeader(endpoint, targetId, options) {
    await this.call(
      endpoint,
      "/etcdserverpb.Maintenance/MoveLeader",
      encodeMemberIdRequest(idFromHex(targetId)),
      options
    );
  }
  /**
   * `etcdctl snapshot save`: streams the member's backend into `file` (0600) as etcd sends it, the
   * SHA-256 etcd appends included, and verifies that hash; a damaged or cut stream leaves no file.
   */
  async snapshot(endpoint, file, options) {
    const channel = this.channel(endpoint);
    const call = channel.makeServerStreamRequest(
      "/etcdserverpb.Maintenance/Snapshot",
      passThrough,
      passThrough,
      Buffer.alloc(0),
      new this.grpc.Metadata(),
      {
        deadline: Date.now() + options.timeoutMs
      }
    );
    const cancel = () => call.cancel();
    if (options.signal?.aborted) call.cancel();
    else options.signal?.addEventListener("abort", cancel, { once: true });
    const hash = new SnapshotHash();
    try {
      await pipeline(
        call,
        async function* (messages) {
          for await (const message of messages) {
            const { blob } = decodeSnapshotResponse(message);
            hash.update(blob);
            yield blob;
          }
        },
        createWriteStream(file, { mode: 384 })
      );
      hash.verify();
      return { bytes: hash.bytes };
    } catch (error) {
      await rm(file, { force: true });
      const grpcError = error;
      if (typeof grpcError.code === "number" && "details" in grpcError)
        throw this.requestError(endpoint, channel, "Snapshot", error, options.timeoutMs);
      throw error;
    } finally {
      options.signal?.removeEventListener("abort", cancel);
    }
  }
};

// src/history/format.ts
var ORDER_TAIL = 5;
var STUCK_SHOWN = 20;
var count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function describeOperation(operation) {
  const what = operation.f === "put" ? `put ${JSON.stringify(operation.key)} ${JSON.stringify(operation.value)}` : `get ${JSON.stringify(operation.key)} -> ${JSON.stringify(operation.value)}`;
  const returned = operation.returnTime === Infinity ? "outcome unknown" : `returned ${operation.returnTime}`;
  const lines = operation.completeLine === void 0 ? `line ${operation.invokeLine}` : `lines ${operation.invokeLine}, ${operation.completeLine}`;
  return `process ${operation.process}  ${what}  invoked ${operation.invokeTime}, ${returned}  (${lines})`;
}
function renderHistoryText(result) {
  const { summary } = result;
  const operations = count(summary.operations, "operation");
  const counts = `${operations} (${summary.ok} ok, ${summary.failed} failed, ${summary.unknown} unknown outcome) on ${count(summary.keys, "key")} by ${count(summary.processes, "process", "processes")}`;
  const lines = [
    `${result.verdict.replace("-", " ")}: ${counts}; ${summary.checked} to order, ${count(summary.steps, "search step")}`
  ];
  if (!result.ok) {
    for (const failure of result.failures) lines.push("", ...failureText(failure));
    if (result.verdict === "undecided") lines.push("", "an undecided history is not a pass");
  }
  return `${lines.join("\n")}
`;
}
function failureText(failure) {
  const key = JSON.stringify(failure.key);
  const read = failure.operations[0]?.value;
  switch (failure.cause) {
    case "never-written":
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which no put on this key wrote (failed puts do not count)`,
        `  ${describeOperation(failure.operations[0])}`
      ];
    case "written-later":
      return [
        `key ${key}: not linearizable: a get read ${JSON.stringify(read)}, which only puts invoked after it completed wrote`,
        `  ${describeOperation(failure.operations[0])}`
      ];
    case "no-order":
    case "budget":
    case "memory": {
      const undecided = `without finding an order of its ${failure.checked} operations or proving there is none`;
      const head = failure.cause === "no-order" ? `key ${key}: not linearizable: no order of its ${failure.checked} operations explains every result` : failure.cause === "budget" ? `key ${key}: undecided: the search stopped after ${count(failure.steps, "step")} ${undecided}` : `key ${key}: undecided: the search stopped at its memory budget, after ${count(failure.steps, "step")}, ${undecided}`;
      const order = failure.linearized;
      const tail2 = order.slice(-ORDER_TAIL);
      const lines = [head];
      lines.push(
        order.length === 0 ? "  the search could order none of them;" : `  the furthest the search got: ${order.length} operations in an order that explains their results, the last ${tail2.length}:`
      );
      for (const operation of tail2) lines.push(`    ${describeOperation(operation)}`);
      const next = failure.cause === "no-order" ? "one of these has to come next, and none can" : "one of these has to come next";
      const held = `  then the register holds ${JSON.stringify(failure.state)}`;
      lines.push(failure.operations.length === 0 ? held : `${held}; ${next}:`);
      for (const operation of failure.operations.slice(0, STUCK_SHOWN))
        lines.push(`    ${describeOperation(operation)}`);
      if (failure.operations.length > STUCK_SHOWN)
        lines.push(`    ... and ${failure.operations.length - STUCK_SHOWN} more`);
      return lines;
    }
  }
}
function operationJson(operation) {
  return {
    process: operation.process,
    f: operation.f,
    key: operation.key,
    value: operation.value,
    outcome: operation.outcome,
    invokeTime: operation.invokeTime,
    returnTime: operation.returnTime === Infinity ? null : operation.returnTime,
    invokeLine: operation.invokeLine,
    completeLine: operation.completeLine ?? null
  };
}
function historyJson(result) {
  return {
    schemaVersion: 1,
    verdict: result.verdict,
    summary: { ...result.summary },
    failures: result.ok ? [] : result.failures.map((failure) => ({
      key: failure.key,
      verdict: failure.verdict,
      cause: failure.cause,
      operations: failure.operations.map(operationJson),
      linearized: failure.linearized.length,
      lastLinearized: failure.linearized.slice(-ORDER_TAIL).map(operationJson),
      state: failure.state,
      checked: failure.checked,
      steps: failure.steps
    }))
  };
}

// src/checks/history.ts
var HISTORY_CLIENTS = 5;
var HISTORY_KEYS = 5;
var POLL_MS2 = 10;
var STATUS_TIMEOUT_MS2 = 250;
var REQUEST_TIMEOUT_MS3 = 5e3;
var MAX_OPERATIONS_PER_CLIENT = 2e4;
var FINAL_READ_ATTEMPTS = 3;
var REFUSED_BEFORE_PROPOSAL = [
  /: etcdserver: no leader$/,
  /: raft proposal dropped$/,
  /: etcdserver: too many requests$/
];
function outcomeOfError(error) {
  if (!(error instanceof EtcdRequestError) || error.timedOut || error.grpcCode === void 0) return "info";
  return REFUSED_BEFORE_PROPOSAL.some((pattern) => pattern.test(error.message)) ? "fail" : "info";
}
var HistoryRecorder = class {
  constructor(clock) {
    this.clock = clock;
    this.start = clock.now();
  }
  clock;
  events = [];
  start;
  record(event) {
    const time = Math.round((this.clock.now() - this.start) * 1e3) / 1e3;
    this.events.push({ ...event, time, line: this.events.length + 1 });
  }
  /** The events as JSON lines, as `etcd-ha history check` reads them. */
  toJsonLines() {
    return this.events.map(({ line: _line, ...event }) => JSON.stringify(event)).join("\n") + "\n";
  }
};
async function recordOperation(client, recorder, operation) {
  const { process: process2, endpoint, f, key, value, timeoutMs } = operation;
  const options = { timeoutMs, requireLeader: true };
  recorder.record(
    f === "put" ? { process: process2, type: "invoke", f, key, value } : { process: process2, type: "invoke", f, key, value: null }
  );
  try {
    if (f === "put") {
      await client.put(endpoint, key, value ?? "", options);
      recorder.record({ process: process2, type: "ok", f, key, value });
    } else {
      const [found] = await client.range(endpoint, key, options);
      recorder.record({ process: process2, type: "ok", f, key, value: found?.value ?? null });
    }
    return "ok";
  } catch (error) {
    const type = outcomeOfError(error);
    recorder.record(f === "put" ? { process: process2, type, f, key, value } : { process: process2, type, f, key });
    return type;
  }
}
async function runHistoryClient(ctx, recorder, process2, keys, stopped, timeoutMs) {
  const members = ctx.spec.members;
  let at = process2 % members.length;
  for (let sequence = 0; sequence < MAX_OPERATIONS_PER_CLIENT && !stopped(); sequence++) {
    const key = keys[Math.floor(Math.random() * keys.length)];
    const f = Math.random() < 0.5 ? "put" : "get";
    const outcome = await recordOperation(ctx.client, recorder, {
      process: process2,
      endpoint: members[at].clientUrl,
      f,
      key,
      value: `c${process2}-${sequence}`,
      timeoutMs
    });
    if (outcome !== "ok") at = (at + 1) % members.length;
  }
}
var FAULTS = [
  {
    name: "killed and restarted",
    inject: (ctx, leader) => ctx.target.kill(leader),
    undo: (ctx, leader) => ctx.target.start(leader)
  },
  {
    name: "cut off from its peers and healed",
    needs: "isolate",
    inject: (ctx, leader) => ctx.target.isolate(
      [leader],
      ctx.spec.members.filter((member) => member !== leader)
    ),
    undo: (ctx) => ctx.target.heal()
  },
  {
    name: "paused and resumed",
    needs: "pause",
    inject: (ctx, leader) => ctx.target.pause(leader),
    undo: (ctx, leader) => ctx.target.resume(leader)
  }
];
async function injectFaults(ctx, wait, holdMs, done) {
  const { spec, client, clock, logger, target } = ctx;
  for (const fault of FAULTS) {
    const reason = fault.needs ? unsupportedFault(target, fault.needs) : void 0;
    if (reason !== void 0) {
      done.skipped.push(`the leader was not ${fault.name}: ${reason}`);
      continue;
    }
    const before = await waitForAgreedLeader(spec, client, wait);
    logger.info(`history: the leader ${before.leader.name} is ${fault.name}`);
    await fault.inject(ctx, before.leader);
    done.injected.push(`leader ${before.leader.name} ${fault.name}`);
    await waitForNewLeader(
      client,
      spec.members.filter((member) => member !== before.leader),
      before.leaderId,
      wait
    );
    await clock.sleep(holdMs);
    await fault.undo(ctx, before.leader);
    await waitForAgreedLeader(spec, client, wait);
    await clock.sleep(holdMs);
  }
}
async function makeWhole(ctx) {
  const { target, spec } = ctx;
  if (target.faults.isolate.supported) await target.heal();
  for (const member of spec.members) {
    if (target.faults.pause.supported) await target.resume(member);
    if (!await target.isRunning(member)) await target.start(member);
  }
  await waitForHealthyCluster(spec, target, ctx.client, { clock: ctx.clock });
}
function historyFiles(runId, recorder, verdict) {
  return [
    { name: `etcd-ha-history-${runId}.jsonl`, content: recorder.toJsonLines() },
    { name: `etcd-ha-history-${runId}.txt`, content: verdict }
  ];
}
var historyCheck = defineCheck({
  name: "history",
  proves: "concurrent puts and gets while the leader is killed and restarted (and cut off, and paused, where the target can) form a linearizable history: no acknowledged write is lost, no read is stale",
  byDefault: false,
  minMembers: { count: 3, why: "the faults need a majority that survives the leader" },
  stopsMembers: true,
  needs: [],
  uses: FAULTS.flatMap((fault) => fault.needs ? [fault.needs] : []),
  async run(ctx) {
    const { spec, client, clock, logger } = ctx;
    const figures = { clients: HISTORY_CLIENTS, keys: HISTORY_KEYS };
    const notes = [];
    const wait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS2,
      requestTimeoutMs: STATUS_TIMEOUT_MS2
    };
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1e3, 2 * spec.timing.electionMs);
    const keysPrefix = `${ctx.keyPrefix}history/${randomBytes(4).toString("hex")}/`;
    const keys = Array.from({ length: HISTORY_KEYS }, (_, index) => `${keysPrefix}k${index}`);
    const recorder = new HistoryRecorder(clock);
    const faults = { injected: [], skipped: [] };
    let faultError;
    const loadStarted = clock.now();
    let stopped = false;
    const clients = Array.from(
      { length: HISTORY_CLIENTS },
      (_, process2) => runHistoryClient(ctx, recorder, process2, keys, () => stopped, operationTimeoutMs)
    );
    try {
      await clock.sleep(holdMs);
      await injectFaults(ctx, wait, holdMs, faults);
    } catch (error) {
      faultError = errorMessage(error);
    } finally {
      stopped = true;
      await Promise.all(clients);
    }
    figures.loadMs = roundMs(clock.now() - loadStarted);
    figures.faults = faults.injected.length;
    notes.push(`faults: ${faults.injected.join("; ") || "none"}`, ...faults.skipped);
    let whole = true;
    try {
      await makeWhole(ctx);
    } catch (error) {
      whole = false;
      faultError ??= `the cluster was not whole again after the faults: ${errorMessage(error)}`;
    }
    const leader = whole ? await waitForAgreedLeader(spec, client, wait).catch(() => void 0) : void 0;
    const unread = [];
    for (const [index, key] of keys.entries()) {
      let outcome = "skipped";
      for (let attempt = 0; leader && attempt < FINAL_READ_ATTEMPTS && outcome !== "ok"; attempt++) {
        outcome = await recordOperation(client, recorder, {
          process: HISTORY_CLIENTS + index,
          endpoint: leader.leader.clientUrl,
          f: "get",
          key,
          timeoutMs: REQUEST_TIMEOUT_MS3
        });
      }
      if (outcome !== "ok") unread.push(key);
    }
    const checkStarted = clock.now();
    const result = checkHistory(recorder.events);
    figures.checkMs = roundMs(clock.now() - checkStarted);
    figures.operations = result.summary.operations;
    figures.operationsOk = result.summary.ok;
    figures.operationsFailed = result.summary.failed;
    figures.operationsUnknown = result.summary.unknown;
    figures.linearizable = result.ok;
    const counted = `${result.summary.operations} operations by ${HISTORY_CLIENTS} clients on ${HISTORY_KEYS} keys (${result.summary.ok} ok, ${result.summary.failed} refused, ${result.summary.unknown} unknown outcome)`;
    const faultsSaid = `${faults.injected.length} faults`;
    const faultList = faults.injected.map((fault) => fault.replace(/^leader \S+ /, "")).join("; ");
    let failure;
    if (!result.ok) {
      const first = result.operations[0];
      failure = `the history is ${result.verdict.replace("-", " ")}: ${counted} under ${faultsSaid}; key ${result.key}` + (first ? `, e.g. ${describeOperation(first)}` : "");
    } else if (faultError !== void 0) {
      failure = `a fault did not play out: ${faultError}`;
    } else if (unread.length > 0) {
      failure = `the final read of ${unread.join(", ")} did not answer, so its last acknowledged write is unverified`;
    }
    if (failure === void 0) {
      return {
        status: "pass",
        summary: `${counted} under ${faultsSaid} of the leader (${faultList}): linearizable; every key read back its last acknowledged write`,
        figures,
        notes
      };
    }
    const files = historyFiles(spec.runId, recorder, renderHistoryText(result));
    notes.push(
      `the history and the checker's verdict are saved beside the report as ${files.map((file) => file.name).join(" and ")}; \`etcd-ha history check ${files[0].name}\` checks it again`
    );
    logger.warning(`history: ${failure}`);
    return { status: "fail", summary: failure, figures, notes, files };
  }
});

// src/checks/spare-members.ts
import { constants } from "node:fs";
import { access, rm as rm2 } from "node:fs/promises";
import path3 from "node:path";

// src/pki/cluster-pki.ts
import { chmod, mkdir, readFile as readFile2 } from "node:fs/promises";
import path2 from "node:path";
import { isIP } from "node:net";

// src/pki/generate.ts
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes as randomBytes2,
  sign,
  X509Certificate
} from "node:crypto";
import { promisify } from "node:util";
var asn1Modules;
var unwrap = (loaded, name) => name in loaded ? loaded : loaded.default;
var loadAsn1 = () => asn1Modules ??= Promise.all([import("./cjs-DAI4WIXT.js"), import("./cjs-BXPXNW55.js")]).then(
  ([x509, schema]) => ({ x509: unwrap(x509, "Certificate"), schema: unwrap(schema, "AsnConvert") })
);
var generate = promisify(generateKeyPair);
function preloadX509() {
  loadAsn1().catch(() => void 0);
}
var DAY_MS = 24 * 60 * 60 * 1e3;
function randomSerial() {
  const bytes = randomBytes2(16);
  bytes[0] &= 127;
  bytes[0] |= 1;
  return bytes.toString("hex");
}
async function newKey(algorithm) {
  const parameters = KEY_PARAMETERS[algorithm];
  const { publicKey, privateKey } = parameters.type === "ec" ? await generate("ec", { namedCurve: parameters.namedCurve }) : await generate("rsa", { modulusLength: parameters.modulusLength });
  return {
    algorithm,
    keyPem: privateKey.export({ type: parameters.type === "ec" ? "sec1" : "pkcs1", format: "pem" }),
    privateKey,
    spki: publicKey.export({ type: "spki", format: "der" })
  };
}
function signatureAlgorithm(asn1, algorithm) {
  const parameters = KEY_PARAMETERS[algorithm];
  if (parameters.type === "rsa")
    return new asn1.x509.AlgorithmIdentifier({ algorithm: "1.2.840.113549.1.1.11", parameters: null });
  return new asn1.x509.AlgorithmIdentifier({
    algorithm: parameters.hash === "SHA-384" ? "1.2.840.10045.4.3.3" : "1.2.840.10045.4.3.2"
  });
}
function nodeHash(algorithm) {
  return KEY_PARAMETERS[algorithm].hash === "SHA-384" ? "sha384" : "sha256";
}
function keyUsages(asn1, algorithm, isCa) {
  const { KeyUsageFlags } = asn1.x509;
  let usages = KeyUsageFlags.digitalSignature;
  if (KEY_PARAMETERS[algorithm].type === "rsa") usages |= KeyUsageFlags.keyEncipherment;
  if (isCa) usages |= KeyUsageFlags.keyCertSign;
  return usages;
}
function validity(now, days) {
  return { notBefore: new Date(now.getTime() - 6e4), notAfter: new Date(now.getTime() + days * DAY_MS) };
}
function distinguishedName(asn1, names) {
  const { Name, RelativeDistinguishedName, AttributeTypeAndValue, AttributeValue } = asn1.x509;
  const attribute = (type, value) => new RelativeDistinguishedName([
    new AttributeTypeAndValue({
      type,
      value: new AttributeValue(
        /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { printableString: value } : { utf8String: value }
      )
    })
  ]);
  return new Name([
    ...names.organization ? [attribute("2.5.4.10", names.organization)] : [],
    attribute("2.5.4.3", names.commonName)
  ]);
}
function extension(asn1, extnID, critical, value) {
  return new asn1.x509.Extension({
    extnID,
    critical,
    extnValue: new asn1.schema.OctetString(asn1.schema.AsnConvert.serialize(value))
  });
}
function keyIdentifierOf(asn1, spki) {
  const info = asn1.schema.AsnConvert.parse(spki, asn1.x509.SubjectPublicKeyInfo);
  return createHash("sha1").update(Buffer.from(info.subjectPublicKey)).digest("hex");
}
function certificatePem(der) {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return ["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----"].join("\n");
}
function signCertificate(asn1, fields, signer) {
  const { x509, schema } = asn1;
  const signatureAlgorithmId = signatureAlgorithm(asn1, signer.algorithm);
  const tbsCertificate = new x509.TBSCertificate({
    version: x509.Version.v3,
    serialNumber: new Uint8Array(Buffer.from(randomSerial(), "hex")).buffer,
    signature: signatureAlgorithmId,
    issuer: fields.issuer,
    validity: new x509.Validity(fields.validity),
    subject: fields.subject,
    subjectPublicKeyInfo: schema.AsnConvert.parse(fields.spki, x509.SubjectPublicKeyInfo),
    extensions: new x509.Extensions(fields.extensions)
  });
  const tbs = Buffer.from(schema.AsnConvert.serialize(tbsCertificate));
  const signature = sign(nodeHash(signer.algorithm), tbs, signer.privateKey);
  const certificate = new x509.Certificate({
    tbsCertificate,
    signatureAlgorithm: signatureAlgorithmId,
    signatureValue: new Uint8Array(signature).buffer
  });
  return certificatePem(Buffer.from(schema.AsnConvert.serialize(certificate)));
}
async function createCertificateAuthority(key, options) {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const subject = distinguishedName(asn1, { commonName: "etcd-ca" });
  const keyId = keyIdentifierOf(asn1, key.spki);
  const certPem = signCertificate(
    asn1,
    {
      subject,
      issuer: subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions: [
        extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: true })),
        extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, true))),
        extension(
          asn1,
          x509.id_ce_subjectKeyIdentifier,
          false,
          new x509.SubjectKeyIdentifier(new Uint8Array(Buffer.from(keyId, "hex")))
        )
      ]
    },
    key
  );
  return { subject, algorithm: key.algorithm, privateKey: key.privateKey, keyId, certPem, keyPem: key.keyPem };
}
async function issueCertificate(ca, key, request, options) {
  const asn1 = await loadAsn1();
  const { x509 } = asn1;
  const purposes = { serverAuth: x509.id_kp_serverAuth, clientAuth: x509.id_kp_clientAuth };
  const extensions = [
    extension(asn1, x509.id_ce_basicConstraints, true, new x509.BasicConstraints({ cA: false })),
    extension(asn1, x509.id_ce_keyUsage, true, new x509.KeyUsage(keyUsages(asn1, key.algorithm, false))),
    extension(
      asn1,
      x509.id_ce_extKeyUsage,
      false,
      new x509.ExtendedKeyUsage(request.usages.map((usage) => purposes[usage]))
    ),
    extension(
      asn1,
      x509.id_ce_authorityKeyIdentifier,
      false,
      new x509.AuthorityKeyIdentifier({
        keyIdentifier: new x509.KeyIdentifier(new Uint8Array(Buffer.from(ca.keyId, "hex")))
      })
    )
  ];
  if (request.altNames) {
    extensions.push(
      extension(
        asn1,
        x509.id_ce_subjectAltName,
        false,
        new x509.SubjectAlternativeName([
          ...request.altNames.dns.map((dNSName) => new x509.GeneralName({ dNSName })),
          ...request.altNames.ips.map((iPAddress) => new x509.GeneralName({ iPAddress }))
        ])
      )
    );
  }
  const certPem = signCertificate(
    asn1,
    {
      subject: distinguishedName(asn1, request),
      issuer: ca.subject,
      validity: validity(options.now, options.validityDays),
      spki: key.spki,
      extensions
    },
    ca
  );
  return { certPem, keyPem: key.keyPem };
}
async function loadCertificateAuthority(certPem, keyPem) {
  const privateKey = createPrivateKey(keyPem);
  const named = keyAlgorithmOf(privateKey);
  const algorithm = KEY_ALGORITHMS.find((candidate) => candidate === named);
  if (!algorithm)
    throw new Error(`the CA key is ${named ?? describeKeyType(privateKey)}; allowed: ${KEY_ALGORITHMS.join(", ")}`);
  const parsed = new X509Certificate(certPem);
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  if (!parsed.publicKey.export({ type: "spki", format: "der" }).equals(spki))
    throw new Error("the CA key does not belong to the CA certificate");
  const asn1 = await loadAsn1();
  const { x509, schema } = asn1;
  const { tbsCertificate } = schema.AsnConvert.parse(parsed.raw, x509.Certificate);
  const ski = tbsCertificate.extensions?.find((candidate) => candidate.extnID === x509.id_ce_subjectKeyIdentifier);
  const keyId = ski ? Buffer.from(schema.AsnConvert.parse(ski.extnValue, x509.SubjectKeyIdentifier).buffer).toString("hex") : keyIdentifierOf(asn1, spki);
  return { subject: tbsCertificate.subject, algorithm, privateKey, keyId, certPem, keyPem };
}

// src/pki/cluster-pki.ts
var CA_VALIDITY_DAYS = 3650;
function memberAltNames(member, extraSans) {
  const names = [
    member.name,
    "localhost",
    member.address,
    "127.0.0.1",
    "::1",
    ...member.extraSans ?? [],
    ...extraSans
  ];
  const unique = [...new Set(names)];
  return {
    dns: unique.filter((name) => isIP(name) === 0),
    ips: unique.filter((name) => isIP(name) !== 0)
  };
}
async function writePem(file, text, mode) {
  await mkdir(path2.dirname(file), { recursive: true, mode: 448 });
  await writeFileNoFollow(file, text, { mode });
}
function madeFor(members, topology) {
  const { keyAlgorithm, certValidityDays, extraSans } = topology;
  return JSON.stringify({
    keyAlgorithm,
    certValidityDays,
    members: members.map((member) => [member.name, memberAltNames(member, extraSans)])
  });
}
var KEY_JOBS = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);
async function newKeys(count3, algorithm) {
  const keys = [];
  let next = 0;
  const worker = async () => {
    while (next < count3) {
      const index = next++;
      keys[index] = await newKey(algorithm);
    }
  };
  await Promise.all(Array.from({ length: Math.min(KEY_JOBS, count3) }, worker));
  return keys;
}
async function makeClusterPki(members, topology, now = /* @__PURE__ */ new Date()) {
  const { certValidityDays, extraSans, keyAlgorithm } = topology;
  const leaf = { validityDays: certValidityDays, now };
  preloadX509();
  const [caKey, healthcheckKey, apiserverKey, ...memberKeys] = await newKeys(3 + 2 * members.length, keyAlgorithm);
  const ca = await createCertificateAuthority(caKey, { validityDays: CA_VALIDITY_DAYS, now });
  const clientUsage = ["clientAuth"];
  const [healthcheck, apiserver, memberCertificates] = await Promise.all([
    issueCertificate(ca, healthcheckKey, { commonName: "kube-etcd-healthcheck-client", usages: clientUsage }, leaf),
    issueCertificate(
      ca,
      apiserverKey,
      { commonName: "kube-apiserver-etcd-client", organization: "system:masters", usages: clientUsage },
      leaf
    ),
    issueMemberCertificates(ca, members, memberKeys, extraSans, leaf)
  ]);
  return { madeFor: madeFor(members, topology), ca, healthcheck, apiserver, members: memberCertificates };
}
function issueMemberCertificates(ca, members, keys, extraSans, leaf) {
  return Promise.all(
    members.map(async (member, index) => {
      const request = {
        commonName: member.name,
        altNames: memberAltNames(member, extraSans),
        usages: ["serverAuth", "clientAuth"]
      };
      const [server, peer] = await Promise.all([
        issueCertificate(ca, keys[2 * index], request, leaf),
        issueCertificate(ca, keys[2 * index + 1], request, leaf)
      ]);
      return { server, peer };
    })
  );
}
function memberPemWrites(files, caCertPem, { server, peer }) {
  return [
    writePem(files.caCert, caCertPem, 420),
    writePem(files.serverCert, server.certPem, 420),
    writePem(files.serverKey, server.keyPem, 384),
    writePem(files.peerCert, peer.certPem, 420),
    writePem(files.peerKey, peer.keyPem, 384)
  ];
}
async function writeClusterPki(spec, material) {
  if (material.madeFor !== madeFor(spec.members, spec.topology)) {
    throw new Error(
      `the PKI was made for other members or settings (${material.madeFor}) than these (${madeFor(spec.members, spec.topology)})`
    );
  }
  const { ca, healthcheck, apiserver } = material;
  const { pki } = spec;
  await mkdir(pki.root, { recursive: true, mode: 448 });
  await chmod(pki.root, 448);
  const writes = [
    writePem(pki.caCert, ca.certPem, 420),
    writePem(pki.caKey, ca.keyPem, 384),
    writePem(pki.healthcheckClientCert, healthcheck.certPem, 420),
    writePem(pki.healthcheckClientKey, healthcheck.keyPem, 384),
    writePem(pki.apiserverClientCert, apiserver.certPem, 420),
    writePem(pki.apiserverClientKey, apiserver.keyPem, 384)
  ];
  spec.members.forEach((member, index) => {
    const files = member.pki;
    writes.push(
      ...memberPemWrites(files, ca.certPem, material.members[index]),
      writePem(files.healthcheckClientCert, healthcheck.certPem, 420),
      writePem(files.healthcheckClientKey, healthcheck.keyPem, 384)
    );
  });
  await Promise.all(writes);
}
async function generateClusterPki(spec, now = /* @__PURE__ */ new Date(), made = makeClusterPki(spec.members, spec.topology, now)) {
  await writeClusterPki(spec, await made);
}
async function issueSpareMemberPki(spec, members, now = /* @__PURE__ */ new Date()) {
  const [caCertPem, caKeyPem] = await Promise.all([
    readFile2(spec.pki.caCert, "utf8"),
    readFile2(spec.pki.caKey, "utf8")
  ]);
  const ca = await loadCertificateAuthority(caCertPem, caKeyPem);
  const leaf = { validityDays: Math.max(1, spec.topology.certValidityDays), now };
  const keys = await newKeys(2 * members.length, ca.algorithm);
  const certificates = await issueMemberCertificates(ca, members, keys, spec.topology.extraSans, leaf);
  await Promise.all(members.flatMap((member, index) => memberPemWrites(member.pki, caCertPem, certificates[index])));
}

// src/checks/spare-members.ts
async function whyNoSpareMembers(spec) {
  if (spec.members.some((member) => member.configured?.urlsAsWritten)) {
    return "the members run the user's configuration on the hosts its URLs name (ssh), with the ports it writes; a member derived from it would need a host of its own, which the configuration does not name";
  }
  try {
    await access(spec.pki.caKey, constants.R_OK);
  } catch {
    return `the PKI has no CA key (${spec.pki.caKey} cannot be read), so no certificate can be made for a new member: give a PKI with etcd/ca.key, or let the product generate one`;
  }
  return void 0;
}
function spareNames(spec, base, count3) {
  const taken = new Set(spec.members.map((member) => member.name));
  const names = [];
  for (let index = spec.members.length + 1; names.length < count3; index++) {
    if (!taken.has(`${base}-${index}`)) names.push(`${base}-${index}`);
  }
  return names;
}
async function placeSpareMembers(ctx, names) {
  const places = await ctx.target.sparePlaces(names.length);
  const members = names.map(
    (name, index) => configuredSpareMember(ctx.spec, spareMember(ctx.spec, name, places[index]))
  );
  await issueSpareMemberPki(ctx.spec, members, new Date(ctx.clock.wallNow()));
  for (const member of members) ctx.client.verifyAs(member.clientUrl, member.name);
  return members;
}
async function discardSpareMembers(ctx, members) {
  const problems = [];
  for (const member of members) {
    try {
      await ctx.target.discard(member);
    } catch (error) {
      problems.push(`${member.name}: ${errorMessage(error)}`);
    }
    await rm2(path3.dirname(member.pki.dir), { recursive: true, force: true }).catch(
      (error) => problems.push(`${member.pki.dir}: ${errorMessage(error)}`)
    );
  }
  return problems;
}

// src/checks/membership.ts
var MEMBERS_ADDED = 2;
var KEYS_PER_SIZE = 10;
var POLL_MS3 = 20;
var STATUS_TIMEOUT_MS3 = 500;
var REQUEST_TIMEOUT_MS4 = 5e3;
var RECONFIGURE_BOUND_MS = 2e4;
var RECONFIGURE_RETRY_MS = 250;
var NOT_IN_SYNC = /can only promote a learner member which is in sync with leader/i;
var STILL_LEARNER = /rpc not supported for learner/i;
var NOT_READY = /unhealthy cluster|not enough started members/i;
function joiningCluster(listed, newId, newName) {
  return listed.flatMap((member) => member.peerUrls.map((url) => `${member.id === newId ? newName : member.name}=${url}`)).join(",");
}
var membershipCheck = defineCheck({
  name: "membership",
  proves: "learners added with fresh certificates catch up and are promoted (etcd refuses one that has not caught up); removing the leader and another member leaves the original members leading and taking writes; at every size no acknowledged key is lost",
  byDefault: false,
  minMembers: {
    count: 3,
    why: "the drill scales a cluster that survives the loss of a member by two and back, as the guides scale 3 -> 5 -> 3"
  },
  stopsMembers: true,
  needs: ["add"],
  async run(ctx) {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: "skipped", summary: noSpare, figures: {}, notes: [] };
    const drill = new MembershipDrill(ctx);
    let outcome;
    let failure;
    try {
      outcome = await drill.run();
    } catch (error) {
      failure = error;
    }
    const problems = await drill.cleanUp();
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== void 0) {
      const failed = failure instanceof CheckFailure ? failure : drill.fail(errorMessage(failure));
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the added members could not be taken out again: ${problems.join("; ")}`,
        outcome?.figures,
        outcome?.notes
      );
    return outcome;
  }
});
var MembershipDrill = class {
  constructor(ctx) {
    this.ctx = ctx;
    this.prefix = `${ctx.keyPrefix}membership/`;
    this.wait = {
      clock: ctx.clock,
      timeoutMs: failoverBoundMs(ctx.spec.timing.electionMs),
      intervalMs: POLL_MS3,
      requestTimeoutMs: STATUS_TIMEOUT_MS3
    };
    this.current = [...ctx.spec.members];
  }
  ctx;
  figures = {};
  notes = [];
  steps = {
    add: [],
    addWait: [],
    catchUp: [],
    promote: [],
    remove: [],
    removeWait: []
  };
  acknowledged = /* @__PURE__ */ new Map();
  prefix;
  wait;
  /** The voting members now. */
  current;
  /** Members added to the cluster (with the ID etcd gave them) or placed for it, until each is out again. */
  added = [];
  /** A failure that carries what the drill measured so far. */
  fail(message) {
    this.summarizeSteps();
    return new CheckFailure(message, this.figures, this.notes);
  }
  /** Each kind of step's figure: the slowest of its steps so far. */
  summarizeSteps() {
    for (const step of Object.keys(this.steps)) {
      if (this.steps[step].length > 0) this.figures[`${step}Ms`] = roundMs(Math.max(...this.steps[step]));
    }
  }
  /** The cluster as it is now: the spec's settings with the current members. */
  currentSpec() {
    return { ...this.ctx.spec, members: this.current };
  }
  isOriginal(member) {
    return this.ctx.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** Times `work`, recording its milliseconds as one step of `step`. */
  async timed(step, work) {
    const started = this.ctx.clock.now();
    const value = await work();
    this.steps[step].push(this.ctx.clock.now() - started);
    return value;
  }
  /**
   * Shows the cluster at its current size: etcd lists exactly the current members as voting members,
   * they agree on a leader, and each of them takes a write (ten through the leader, one through each).
   */
  async servesWrites() {
    const { client } = this.ctx;
    const size = this.current.length;
    const agreed = await waitForAgreedLeader(this.currentSpec(), client, this.wait).catch((error) => {
      throw this.fail(`at ${size} members: ${error.message}`);
    });
    const listed = await client.memberList(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 });
    const voting = listed.filter((member) => !member.isLearner).map((member) => member.name);
    const expected = this.current.map((member) => member.name);
    if (voting.length !== expected.length || !expected.every((name) => voting.includes(name))) {
      throw this.fail(
        `etcd lists the voting members ${voting.join(", ") || "(none)"}, where ${expected.join(", ")} were expected`
      );
    }
    const { acknowledged, firstError } = await writeKeys(
      client,
      agreed.leader.clientUrl,
      `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/`,
      KEYS_PER_SIZE,
      REQUEST_TIMEOUT_MS4
    );
    if (firstError)
      throw this.fail(
        `at ${size} members, a write through the leader ${agreed.leader.name} was refused: ${firstError}`
      );
    for (const [key, value] of acknowledged) this.acknowledged.set(key, value);
    for (const member of this.current) {
      const key = `${this.prefix}size-${size}-${this.steps.add.length}-${this.steps.remove.length}/via-${member.name}`;
      try {
        await pollUntil(
          async () => {
            await client.put(member.clientUrl, key, member.name, { timeoutMs: REQUEST_TIMEOUT_MS4 });
            return true;
          },
          {
            what: `${member.name} to take a write as a voting member`,
            timeoutMs: this.wait.timeoutMs,
            intervalMs: POLL_MS3,
            clock: this.ctx.clock,
            isFatal: (error) => !STILL_LEARNER.test(errorMessage(error))
          }
        );
      } catch (error) {
        throw this.fail(`at ${size} members, ${member.name} refused a write: ${errorMessage(error)}`);
      }
      this.acknowledged.set(key, member.name);
    }
    this.figures.maxSize = Math.max(this.figures.maxSize ?? 0, size);
    return agreed.leader;
  }
  async run() {
    const { ctx, figures, notes } = this;
    const { spec, client, clock, logger, target } = ctx;
    const startSize = spec.members.length;
    await this.servesWrites();
    const members = await placeSpareMembers(ctx, spareNames(spec, "etcd", MEMBERS_ADDED));
    for (const member of members) this.added.push({ member, removed: false });
    for (const entry of this.added) await this.grow(entry);
    let leader = (await this.leaderNow()).leader;
    const [first, last] = this.added;
    if (!this.added.some((entry) => entry.member.name === leader.name)) {
      const movedAt = clock.now();
      logger.info(
        `moving the leadership from ${leader.name} to ${last.member.name}, so that removing the leader leaves the original members`
      );
      await client.moveLeader(leader.clientUrl, last.id, { timeoutMs: this.wait.timeoutMs }).catch((error) => {
        throw this.fail(`moving the leadership to ${last.member.name} failed: ${errorMessage(error)}`);
      });
      const current = this.currentSpec();
      await pollUntil(
        async () => (await statusWithAgreedLeader(current, client, STATUS_TIMEOUT_MS3))?.leaderId === last.id ? true : void 0,
        {
          what: `every member to name ${last.member.name} the leader`,
          timeoutMs: this.wait.timeoutMs,
          intervalMs: POLL_MS3,
          clock
        }
      ).catch((error) => {
        throw this.fail(error.message);
      });
      figures.moveLeaderMs = roundMs(clock.now() - movedAt);
      leader = last.member;
    }
    const leaderEntry = leader.name === first.member.name ? first : last;
    const otherEntry = leaderEntry === first ? last : first;
    await this.shrink(leaderEntry, true);
    await this.shrink(otherEntry, false);
    const final = await this.servesWrites();
    const listed = await client.memberList(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 });
    figures.finalSize = listed.length;
    const names = listed.map((member) => member.name).sort();
    const original = spec.members.map((member) => member.name).sort();
    if (names.join(",") !== original.join(","))
      throw this.fail(`the cluster ended with the members ${names.join(", ")}, not ${original.join(", ")}`);
    await waitForHealthyCluster(spec, target, client, { clock });
    figures.keysAcknowledged = this.acknowledged.size;
    const lost = await findLostKeys(client, final.clientUrl, this.prefix, this.acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS4
    });
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw this.fail(
        `${lost.length} acknowledged keys are missing after the membership changes, e.g. ${lost.slice(0, 3).join(", ")}`
      );
    const leaderIndex = (await client.status(final.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 })).raftIndex;
    for (const member of spec.members) {
      await waitForApplied(client, member, leaderIndex, {
        clock,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS3,
        requestTimeoutMs: STATUS_TIMEOUT_MS3
      });
      const missing = await findLostKeys(client, member.clientUrl, this.prefix, this.acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS4,
        serializable: true
      });
      if (missing.length > 0)
        throw this.fail(
          `${member.name} lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(", ")}`
        );
    }
    this.summarizeSteps();
    const sizes = [startSize, startSize + 1, startSize + 2, startSize + 1, startSize].join(" -> ");
    return {
      status: "pass",
      summary: `scaled ${sizes}: each learner caught up in at most ${figures.catchUpMs} ms and was promoted in at most ${figures.promoteMs} ms (an early promotion refused); removed the leader ${leaderEntry.member.name} and ${otherEntry.member.name}; writes served at every size; all ${this.acknowledged.size} acknowledged keys intact`,
      figures,
      notes
    };
  }
  /** Adds one member as a learner, shows an early promotion refused, starts it, waits until it caught up, promotes it. */
  async grow(entry) {
    const { spec, client, clock, target, logger } = this.ctx;
    const { member } = entry;
    const leader = (await this.leaderNow()).leader;
    const adding = await this.whenReady(
      `etcd to add ${member.name}`,
      () => client.memberAdd(leader.clientUrl, [member.peerUrl], { timeoutMs: REQUEST_TIMEOUT_MS4, isLearner: true })
    ).catch((error) => {
      throw this.fail(`adding ${member.name} as a learner failed: ${errorMessage(error)}`);
    });
    this.steps.add.push(adding.requestMs);
    this.steps.addWait.push(adding.waitedMs);
    const { member: joined, members: listed } = adding.answer;
    entry.id = joined.id;
    logger.info(`added ${member.name} (${joined.id}) as a learner at ${member.peerUrl}`);
    const early = await client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS4 }).then(
      () => void 0,
      (error) => error
    );
    if (early === void 0)
      throw this.fail(
        `etcd promoted ${member.name} right after it was added, before it started or caught up with the leader`
      );
    if (!NOT_IN_SYNC.test(errorMessage(early)))
      throw this.fail(
        `promoting ${member.name} before it caught up failed, but not because it was behind: ${errorMessage(early)}`
      );
    this.notes.push(`promoting ${member.name} before it started was refused: ${errorMessage(early)}`);
    entry.member = {
      ...member,
      bootstrap: {
        initialCluster: joiningCluster(listed, joined.id, member.name),
        token: spec.token,
        state: "existing"
      }
    };
    const startedAt = clock.now();
    await target.start(entry.member);
    const leaderIndex = (await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS4 })).raftIndex;
    await waitForApplied(client, entry.member, leaderIndex, {
      clock,
      timeoutMs: spec.timing.startupTimeoutMs,
      intervalMs: POLL_MS3,
      requestTimeoutMs: STATUS_TIMEOUT_MS3
    }).catch(async (error) => {
      const log = await target.logs(entry.member, 5).catch(() => "");
      throw this.fail(
        `${member.name} did not catch up as a learner: ${error.message}${log ? `; the end of its log: ${log.trim().split("\n").join(" | ")}` : ""}`
      );
    });
    this.steps.catchUp.push(clock.now() - startedAt);
    await this.timed(
      "promote",
      () => pollUntil(() => client.memberPromote(leader.clientUrl, joined.id, { timeoutMs: REQUEST_TIMEOUT_MS4 }), {
        what: `etcd to promote ${member.name}`,
        timeoutMs: this.wait.timeoutMs,
        intervalMs: POLL_MS3,
        clock,
        isFatal: (error) => !NOT_IN_SYNC.test(errorMessage(error))
      })
    ).catch((error) => {
      throw this.fail(`promoting ${member.name} after it caught up failed: ${errorMessage(error)}`);
    });
    this.current = [...this.current, entry.member];
    const [add, addWait, catchUp, promote] = [
      this.steps.add.at(-1),
      this.steps.addWait.at(-1),
      this.steps.catchUp.at(-1),
      this.steps.promote.at(-1)
    ].map((ms) => roundMs(ms ?? 0));
    this.notes.push(
      `${member.name}: added as a learner in ${add} ms` + (adding.refusal ? ` (etcd called the cluster not ready for it for ${addWait} ms: ${adding.refusal})` : "") + `, caught up ${catchUp} ms after it started, promoted in ${promote} ms; ${this.current.length} voting members`
    );
    await this.servesWrites();
  }
  /** Removes one added member through an original one (retrying while etcd says it is too early), then ends it. */
  async shrink(entry, isLeader) {
    const { client, clock, target } = this.ctx;
    const stays = this.current.filter((member) => member.name !== entry.member.name);
    const via = stays.find((member) => this.isOriginal(member));
    const removal = await this.remove(entry, via);
    this.steps.remove.push(removal.requestMs);
    this.steps.removeWait.push(removal.waitedMs);
    const removedAt = clock.now();
    this.current = stays;
    if (isLeader) {
      await waitForNewLeader(client, stays, entry.id, this.wait).catch((error) => {
        throw this.fail(`after the leader ${entry.member.name} was removed: ${error.message}`);
      });
      this.figures.newLeaderMs = roundMs(clock.now() - removedAt);
    }
    await target.discard(entry.member);
    this.notes.push(
      `removed ${isLeader ? "the leader " : ""}${entry.member.name} in ${roundMs(removal.requestMs)} ms` + (removal.refusal ? ` (etcd called the cluster not ready for it for ${roundMs(removal.waitedMs)} ms: ${removal.refusal})` : "") + (isLeader ? `; the others agreed on a new leader ${this.figures.newLeaderMs} ms later` : "") + `; ${stays.length} voting members`
    );
    await this.servesWrites();
  }
  /**
   * MemberRemove, retried while etcd refuses it as too early; the time of the accepted request and of
   * the wait before it. etcd judges "too early" on the member asked, by how long its own peer
   * connections have been up, so each retry asks the next original member (`via` first).
   */
  async remove(entry, via) {
    const askers = [
      via,
      ...this.current.filter(
        (member) => member !== via && member.name !== entry.member.name && this.isOriginal(member)
      )
    ];
    let turn = 0;
    const removal = await this.whenReady(
      `etcd to remove ${entry.member.name}`,
      () => this.ctx.client.memberRemove(askers[turn++ % askers.length].clientUrl, entry.id, {
        timeoutMs: this.wait.timeoutMs
      })
    ).catch((error) => {
      throw this.fail(`removing ${entry.member.name} failed: ${errorMessage(error)}`);
    });
    entry.removed = true;
    return removal;
  }
  /**
   * Sends a membership change, again while etcd refuses it as too early (see RECONFIGURE_BOUND_MS);
   * resolves with its answer, the time of the accepted request, the wait before it and etcd's refusal.
   */
  async whenReady(what, send) {
    const { clock } = this.ctx;
    const began = clock.now();
    let refusal;
    const accepted = await pollUntil(
      async () => {
        const sent = clock.now();
        try {
          return { answer: await send(), requestMs: clock.now() - sent };
        } catch (error) {
          if (NOT_READY.test(errorMessage(error))) refusal = errorMessage(error);
          throw error;
        }
      },
      {
        what,
        timeoutMs: RECONFIGURE_BOUND_MS,
        intervalMs: RECONFIGURE_RETRY_MS,
        clock,
        isFatal: (error) => !NOT_READY.test(errorMessage(error))
      }
    );
    return { ...accepted, waitedMs: refusal === void 0 ? 0 : clock.now() - began - accepted.requestMs, refusal };
  }
  /** The current members' agreed leader. */
  leaderNow() {
    return waitForAgreedLeader(this.currentSpec(), this.ctx.client, this.wait).catch((error) => {
      throw this.fail(error.message);
    });
  }
  /**
   * Takes every added member out again: removes from the cluster those still in it (through a
   * member the cluster started with), ends them and removes their data and certificates. Returns
   * what it could not do.
   */
  async cleanUp() {
    const problems = [];
    const via = this.ctx.spec.members[0];
    for (const entry of this.added) {
      if (entry.id && !entry.removed) {
        try {
          await this.remove(entry, via);
          this.ctx.logger.info(`removed ${entry.member.name} from the cluster after the drill stopped`);
        } catch (error) {
          problems.push(`removing ${entry.member.name} from the cluster: ${errorMessage(error)}`);
        }
      }
    }
    problems.push(
      ...await discardSpareMembers(
        this.ctx,
        this.added.map((entry) => entry.member)
      )
    );
    return problems;
  }
};

// src/checks/partition.ts
var KEYS_PER_STEP = 20;
var POLL_MS4 = 10;
var STATUS_TIMEOUT_MS4 = 250;
var REQUEST_TIMEOUT_MS5 = 5e3;
function preVoteOf(spec, etcdVersion) {
  const values = spec.members.map((member) => memberSettings(spec, member).find(([name]) => name === "pre-vote")?.[1]);
  const on = (value) => value === true || value === "true" || value === "";
  if (values.every(on)) return { on: true, why: "pre-vote is on" };
  if (values.some((value) => value !== void 0 && !on(value)))
    return { on: false, why: "pre-vote is off in the configuration" };
  const [major, minor] = (etcdVersion ?? "").split(".").map(Number);
  const defaultOn = major > 3 || major === 3 && minor >= 5;
  return defaultOn ? { on: true, why: `pre-vote is not set, and etcd ${etcdVersion} runs with it by default` } : {
    on: false,
    why: `pre-vote is not set, and etcd ${etcdVersion || "of this version"} runs without it by default (3.5 and later run with it)`
  };
}
function waitForStepDown(ctx, member, since, wait) {
  return pollUntil(
    async () => (await ctx.client.status(member.clientUrl, { timeoutMs: wait.requestTimeoutMs })).isLeader ? void 0 : ctx.clock.now() - since,
    { what: `${member.name} to step down`, timeoutMs: wait.timeoutMs, intervalMs: wait.intervalMs, clock: wait.clock }
  );
}
async function waitForRejoin(ctx, member, wait) {
  const { client, spec } = ctx;
  const agreed = await pollUntil(
    async () => {
      const found = await statusWithAgreedLeader(spec, client, wait.requestTimeoutMs);
      if (found?.leader === member)
        throw new CheckFailure(`${member.name} leads again after the heal instead of following`);
      return found ?? void 0;
    },
    {
      what: `${member.name} to follow the leader again`,
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.intervalMs,
      clock: wait.clock,
      isFatal: (error) => error instanceof CheckFailure
    }
  );
  const leaderIndex = (await client.status(agreed.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS5 })).raftIndex;
  await waitForApplied(client, member, leaderIndex, {
    clock: wait.clock,
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    requestTimeoutMs: wait.requestTimeoutMs
  });
  return agreed;
}
var partitionCheck = defineCheck({
  name: "partition",
  proves: "a leader cut off from its peers steps down and refuses writes while the majority elects a new one; healed, it rejoins as a follower; a cut-off follower leaves the leader in place and catches up; no acknowledged key is lost",
  byDefault: false,
  minMembers: { count: 3, why: "a partition needs a majority and a minority" },
  stopsMembers: true,
  needs: ["isolate"],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}partition/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const wait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS4,
      requestTimeoutMs: STATUS_TIMEOUT_MS4
    };
    const failWith = (error) => {
      throw fail(errorMessage(error));
    };
    try {
      const before = await waitForAgreedLeader(spec, client, wait).catch(
        (error) => failWith(`before the partition: ${errorMessage(error)}`)
      );
      const oldLeader = before.leader;
      const preVote = preVoteOf(spec, before.rows.find((row) => row.status)?.status?.version);
      figures.termBefore = highestTerm(before.rows);
      const { acknowledged, firstError } = await writeKeys(
        client,
        oldLeader.clientUrl,
        `${prefix}before/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS5
      );
      if (firstError) throw fail(`a write before the partition was refused: ${firstError}`);
      const majority = spec.members.filter((member) => member !== oldLeader);
      logger.info(`cutting the leader ${oldLeader.name} off from ${majority.map((member) => member.name).join(", ")}`);
      const cutAt = clock.now();
      await target.isolate([oldLeader], majority);
      const [newLeader, stepDown] = await Promise.all([
        waitForNewLeader(client, majority, before.leaderId, wait).then(
          (id) => ({ id, ms: clock.now() - cutAt }),
          (error) => error
        ),
        waitForStepDown(ctx, oldLeader, cutAt, wait).catch((error) => error)
      ]);
      if (newLeader instanceof Error && stepDown instanceof Error) {
        throw fail(
          `${oldLeader.name} still leads ${wait.timeoutMs} ms after it was cut off from its peers, and they elected no new leader: the links were not cut`
        );
      }
      if (newLeader instanceof Error)
        throw fail(`the majority elected no new leader after the leader was cut off: ${newLeader.message}`);
      if (stepDown instanceof Error)
        throw fail(
          `${oldLeader.name} still says it leads ${wait.timeoutMs} ms after it was cut off, while the majority elected a new leader`
        );
      figures.newLeaderMs = roundMs(newLeader.ms);
      figures.stepDownMs = roundMs(stepDown);
      const leader = before.rows.find((row) => row.status?.id === newLeader.id)?.member;
      if (!leader) throw fail(`the new leader ${newLeader.id} is not a member of this cluster`);
      const elected = await client.status(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS5 });
      figures.termElected = elected.raftTerm;
      notes.push(
        `${leader.name} led the majority ${figures.newLeaderMs} ms after the cut (term ${figures.termElected}); ${oldLeader.name} stepped down after ${figures.stepDownMs} ms`
      );
      const refusedKey = `${prefix}refused-write`;
      const writeStarted = clock.now();
      const refused = await client.put(oldLeader.clientUrl, refusedKey, "must-not-appear", { timeoutMs: wait.timeoutMs, requireLeader: true }).then(
        () => void 0,
        (error) => error
      );
      figures.writeRefusedMs = roundMs(clock.now() - writeStarted);
      if (refused === void 0) throw fail(`${oldLeader.name} acknowledged a write while cut off from the majority`);
      if (refused instanceof EtcdRequestError && refused.timedOut)
        throw fail(`a write on the cut-off ${oldLeader.name} hung: no answer within ${wait.timeoutMs} ms`);
      notes.push(`${oldLeader.name} refused a write after ${figures.writeRefusedMs} ms: ${errorMessage(refused)}`);
      const during = await writeKeys(client, leader.clientUrl, `${prefix}majority/`, KEYS_PER_STEP, REQUEST_TIMEOUT_MS5);
      if (during.firstError) throw fail(`the majority refused a write during the partition: ${during.firstError}`);
      for (const [key, value] of during.acknowledged) acknowledged.set(key, value);
      const majorityTerms = await Promise.all(
        majority.map(
          (member) => client.status(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS5 }).then(
            (status) => status.raftTerm,
            () => 0
          )
        )
      );
      figures.termElected = Math.max(figures.termElected, ...majorityTerms);
      const healedAt = clock.now();
      await target.heal();
      const afterHeal = await waitForRejoin(ctx, oldLeader, wait).catch(failWith);
      figures.healMs = roundMs(clock.now() - healedAt);
      figures.termAfterHeal = highestTerm(afterHeal.rows);
      const raisedByHeal = figures.termAfterHeal > figures.termElected || afterHeal.leaderId !== newLeader.id;
      const healStory = `${oldLeader.name} rejoined as a follower ${figures.healMs} ms after the heal; ` + (raisedByHeal ? `its return forced an election: term ${figures.termElected} -> ${figures.termAfterHeal}, leader ${afterHeal.leader.name}` : `the term stayed ${figures.termElected}`);
      notes.push(`${healStory} (${preVote.why})`);
      if (raisedByHeal && preVote.on) throw fail(`${healStory}, although ${preVote.why}`);
      const leaderNow = afterHeal.leader;
      const follower = spec.members.find((member) => member !== leaderNow && member !== oldLeader) ?? spec.members.find((member) => member !== leaderNow);
      if (!follower) throw fail("no follower to cut off");
      const rest = spec.members.filter((member) => member !== follower);
      const termBeforeFollower = figures.termAfterHeal;
      logger.info(`cutting the follower ${follower.name} off from ${rest.map((member) => member.name).join(", ")}`);
      const followerCutAt = clock.now();
      await target.isolate([follower], rest);
      const whileCut = await writeKeys(
        client,
        leaderNow.clientUrl,
        `${prefix}follower-cut/`,
        KEYS_PER_STEP,
        REQUEST_TIMEOUT_MS5
      );
      if (whileCut.firstError)
        throw fail(`the leader refused a write while a follower was cut off: ${whileCut.firstError}`);
      for (const [key, value] of whileCut.acknowledged) acknowledged.set(key, value);
      const holdUntil = followerCutAt + 3 * spec.timing.electionMs;
      let followerLostLeader = false;
      while (clock.now() < holdUntil) {
        const rows = await collectStatus(client, spec.members, STATUS_TIMEOUT_MS4);
        const changed = rows.find(
          (row) => row.member !== follower && row.status && row.status.leader !== afterHeal.leaderId
        );
        if (changed)
          throw fail(
            `${changed.member.name} named ${changed.status?.leader ?? "no leader"} instead of ${leaderNow.name} while only the follower ${follower.name} was cut off`
          );
        if (rows.find((row) => row.member === follower)?.status?.leader === void 0) followerLostLeader = true;
        await clock.sleep(POLL_MS4);
      }
      notes.push(
        `${leaderNow.name} stayed leader while ${follower.name} was cut off for ${Math.round(clock.now() - followerCutAt)} ms` + (followerLostLeader ? `; ${follower.name} lost its leader meanwhile` : "")
      );
      const followerHealedAt = clock.now();
      await target.heal();
      const after = await waitForRejoin(ctx, follower, wait).catch(failWith);
      figures.catchUpMs = roundMs(clock.now() - followerHealedAt);
      figures.termAfter = highestTerm(after.rows);
      if (after.leaderId !== afterHeal.leaderId || figures.termAfter > termBeforeFollower) {
        const story = `the follower's return changed the leader or the term: ${leaderNow.name} at term ${termBeforeFollower} -> ${after.leader.name} at term ${figures.termAfter}`;
        if (preVote.on) throw fail(`${story}, although ${preVote.why}`);
        notes.push(`${story} (${preVote.why})`);
      }
      figures.keysAcknowledged = acknowledged.size;
      const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
        timeoutMs: REQUEST_TIMEOUT_MS5
      });
      figures.keysLost = lost.length;
      if (lost.length > 0)
        throw fail(
          `${lost.length} acknowledged keys are missing after the partitions, e.g. ${lost.slice(0, 3).join(", ")}`
        );
      for (const member of [oldLeader, follower]) {
        const missing = await findLostKeys(client, member.clientUrl, prefix, acknowledged, {
          timeoutMs: REQUEST_TIMEOUT_MS5,
          serializable: true
        });
        if (missing.length > 0)
          throw fail(
            `${member.name} rejoined but lacks ${missing.length} acknowledged keys, e.g. ${missing.slice(0, 3).join(", ")}`
          );
      }
      const ghost = await client.range(after.leader.clientUrl, refusedKey, { timeoutMs: REQUEST_TIMEOUT_MS5 });
      if (ghost.length > 0)
        throw fail(`the write ${oldLeader.name} refused while cut off appeared after the heal (${refusedKey})`);
      await waitForHealthyCluster(spec, target, client, { clock });
      return {
        status: "pass",
        summary: `cut off leader ${oldLeader.name}: ${leader.name} led after ${figures.newLeaderMs} ms, ${oldLeader.name} stepped down after ${figures.stepDownMs} ms and refused a write in ${figures.writeRefusedMs} ms, rejoined as a follower ${figures.healMs} ms after the heal; cut off follower ${follower.name}: the leader stayed, it caught up ${figures.catchUpMs} ms after the heal; term ${figures.termBefore} -> ${figures.termAfter}; all ${acknowledged.size} acknowledged keys intact`,
        figures,
        notes
      };
    } finally {
      await target.heal().catch((error) => logger.warning(`healing the links after the partition check: ${errorMessage(error)}`));
    }
  }
});

// src/checks/quorum-loss.ts
var KEYS_BEFORE = 20;
var POLL_MS5 = 10;
var REQUEST_TIMEOUT_MS6 = 5e3;
async function timed(ctx, work) {
  const started = ctx.clock.now();
  try {
    const value = await work();
    return { ms: ctx.clock.now() - started, value };
  } catch (error) {
    return { ms: ctx.clock.now() - started, error };
  }
}
var quorumLossCheck = defineCheck({
  name: "quorum-loss",
  proves: "without a majority a member refuses writes and linearizable reads instead of hanging; after restart writes resume and no acknowledged key is lost",
  byDefault: true,
  minMembers: { count: 2, why: "a single member cannot fail over" },
  stopsMembers: true,
  needs: [],
  async run(ctx) {
    const { spec, target, client, clock, logger } = ctx;
    const prefix = `${ctx.keyPrefix}quorum-loss/`;
    const figures = {};
    const notes = [];
    const fail = (message) => new CheckFailure(message, figures, notes);
    const boundMs = failoverBoundMs(spec.timing.electionMs);
    const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS6);
    if (!before) throw fail("the members did not agree on one leader before quorum was taken away");
    const { acknowledged, firstError } = await writeKeys(
      client,
      before.leader.clientUrl,
      `${prefix}before/`,
      KEYS_BEFORE,
      REQUEST_TIMEOUT_MS6
    );
    if (firstError) throw fail(`a write before quorum loss was refused: ${firstError}`);
    const survivor = spec.members.find((member) => member !== before.leader);
    if (!survivor) throw fail("quorum loss needs at least two members");
    const majority = Math.floor(spec.members.length / 2) + 1;
    const stopped = [
      before.leader,
      ...spec.members.filter((member) => member !== before.leader && member !== survivor)
    ].slice(0, majority);
    const leaderIndex = (await client.status(before.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 })).raftIndex;
    await waitForApplied(client, survivor, leaderIndex, {
      clock,
      timeoutMs: boundMs,
      intervalMs: POLL_MS5,
      requestTimeoutMs: REQUEST_TIMEOUT_MS6
    });
    const followersToStop = stopped.filter((member) => member !== before.leader);
    logger.info(
      `killing ${followersToStop.map((member) => member.name).join(", ")}, then the leader ${before.leader.name} (a majority of ${spec.members.length}); probing ${survivor.name}`
    );
    const stoppedAt = clock.now();
    await Promise.all(followersToStop.map((member) => target.kill(member)));
    figures.followerStopMs = roundMs(clock.now() - stoppedAt);
    const leaderKilledAt = clock.now();
    await target.kill(before.leader);
    figures.membersStopped = stopped.length;
    try {
      await pollUntil(
        async () => (await client.status(survivor.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS6 })).leader === void 0 ? true : void 0,
        { what: `${survivor.name} to notice it has no leader`, timeoutMs: boundMs, intervalMs: POLL_MS5, clock }
      );
      figures.leaderLostMs = roundMs(clock.now() - leaderKilledAt);
    } catch (error) {
      notes.push(
        `${survivor.name} still named a leader ${boundMs} ms after the majority stopped (${errorMessage(error)})`
      );
    }
    const probeKey = `${prefix}refused-write`;
    const write = await timed(
      ctx,
      () => client.put(survivor.clientUrl, probeKey, "must-not-appear", { timeoutMs: boundMs, requireLeader: true })
    );
    figures.writeRefusedMs = roundMs(write.ms);
    if (!write.error) throw fail(`${survivor.name} acknowledged a write without quorum`);
    if (write.error instanceof EtcdRequestError && write.error.timedOut) {
      throw fail(`the write on ${survivor.name} hung: no answer within ${boundMs} ms`);
    }
    notes.push(`write refused after ${figures.writeRefusedMs} ms: ${errorMessage(write.error)}`);
    const linearizable = await timed(
      ctx,
      () => client.range(survivor.clientUrl, `${prefix}before/`, { timeoutMs: boundMs, requireLeader: true, prefix: true })
    );
    figures.linearizableReadRefusedMs = roundMs(linearizable.ms);
    if (!linearizable.error) throw fail(`${survivor.name} answered a linearizable read without quorum`);
    if (linearizable.error instanceof EtcdRequestError && linearizable.error.timedOut) {
      throw fail(`the linearizable read on ${survivor.name} hung: no answer within ${boundMs} ms`);
    }
    const serializable = await timed(
      ctx,
      () => client.range(survivor.clientUrl, `${prefix}before/`, {
        timeoutMs: REQUEST_TIMEOUT_MS6,
        serializable: true,
        prefix: true
      })
    );
    if (serializable.error)
      throw fail(`a serializable read on ${survivor.name} failed: ${errorMessage(serializable.error)}`);
    figures.serializableReadMs = roundMs(serializable.ms);
    figures.serializableKeysSeen = serializable.value?.length ?? 0;
    notes.push(
      `serializable read answered from ${survivor.name}'s local state (possibly stale): ${figures.serializableKeysSeen} of ${acknowledged.size} keys`
    );
    const restartedAt = clock.now();
    await Promise.all(stopped.map((member) => target.start(member)));
    const recoveryKey = `${prefix}after-recovery`;
    await pollUntil(
      async () => {
        await client.put(survivor.clientUrl, recoveryKey, "ok", { timeoutMs: 1e3, requireLeader: true });
        return true;
      },
      {
        what: "a write to be acknowledged after the stopped members restarted",
        timeoutMs: boundMs,
        intervalMs: POLL_MS5,
        clock
      }
    ).catch((error) => {
      throw fail(error.message);
    });
    acknowledged.set(recoveryKey, "ok");
    figures.recoveryMs = roundMs(clock.now() - restartedAt);
    await waitForHealthyCluster(spec, target, client, { clock });
    figures.allHealthyMs = roundMs(clock.now() - restartedAt);
    const after = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS6);
    if (!after) throw fail("the members did not agree on a leader after recovery");
    const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
      timeoutMs: REQUEST_TIMEOUT_MS6
    });
    figures.keysAcknowledged = acknowledged.size;
    figures.keysLost = lost.length;
    if (lost.length > 0)
      throw fail(`${lost.length} acknowledged keys are missing after recovery, e.g. ${lost.slice(0, 3).join(", ")}`);
    const ghost = await client.range(after.leader.clientUrl, probeKey, { timeoutMs: REQUEST_TIMEOUT_MS6 });
    if (ghost.length > 0) throw fail(`the write refused during quorum loss appeared after recovery (${probeKey})`);
    return {
      status: "pass",
      summary: `stopped ${stopped.length} of ${spec.members.length}; ${survivor.name} refused a write in ${figures.writeRefusedMs} ms and a linearizable read in ${figures.linearizableReadRefusedMs} ms, served a serializable read; writes resumed ${figures.recoveryMs} ms after restart; all ${acknowledged.size} acknowledged keys intact, the refused write absent`,
      figures,
      notes
    };
  }
});

// src/checks/snapshot-restore.ts
import { mkdir as mkdir2, rm as rm3 } from "node:fs/promises";
import path4 from "node:path";
var KEYS_WRITTEN = 100;
var KEYS_OVERWRITTEN = 10;
var KEYS_DELETED = 5;
var REQUEST_TIMEOUT_MS7 = 5e3;
var SNAPSHOT_TIMEOUT_MS = 6e4;
function compareRestored(expected, restored) {
  const found = new Map(restored.map((kv) => [kv.key, kv]));
  const wanted = new Set(expected.map((kv) => kv.key));
  return {
    missing: expected.filter((kv) => !found.has(kv.key)).map((kv) => kv.key),
    changed: expected.filter((kv) => {
      const got = found.get(kv.key);
      return got !== void 0 && (got.value !== kv.value || got.modRevision !== kv.modRevision);
    }).map((kv) => kv.key),
    unexpected: restored.filter((kv) => !wanted.has(kv.key)).map((kv) => kv.key)
  };
}
var some = (keys) => `${keys.length} (e.g. ${keys.slice(0, 3).join(", ")})`;
var snapshotRestoreCheck = defineCheck({
  name: "snapshot-restore",
  proves: "a snapshot streamed from a member (its appended SHA-256 verified) restores, with etcd's own tool and a new token, into a cluster beside the original that has every key, value and revision; the original is untouched",
  byDefault: false,
  minMembers: { count: 1, why: "a snapshot of any cluster restores" },
  stopsMembers: true,
  needs: ["add"],
  async run(ctx) {
    const noSpare = await whyNoSpareMembers(ctx.spec);
    if (noSpare) return { status: "skipped", summary: noSpare, figures: {}, notes: [] };
    const snapshotFile = path4.join(ctx.spec.stateDir, SPARE_DIR, `snapshot-${ctx.spec.runId}.db`);
    const drill = { figures: {}, notes: [], restored: [] };
    let outcome;
    let failure;
    try {
      outcome = await restoreDrill(ctx, snapshotFile, drill);
    } catch (error) {
      failure = error;
    }
    const problems = await discardSpareMembers(ctx, drill.restored);
    await rm3(snapshotFile, { force: true }).catch((error) => problems.push(`${snapshotFile}: ${errorMessage(error)}`));
    if (failure instanceof FaultUnsupportedError) throw failure;
    if (failure !== void 0) {
      const failed = failure instanceof CheckFailure ? failure : new CheckFailure(errorMessage(failure), drill.figures, drill.notes);
      failed.notes.push(...problems.map((problem) => `cleanup: ${problem}`));
      throw failed;
    }
    if (problems.length > 0)
      throw new CheckFailure(
        `the restored cluster could not be removed: ${problems.join("; ")}`,
        drill.figures,
        drill.notes
      );
    return outcome;
  }
});
async function restoreDrill(ctx, snapshotFile, { figures, notes, restored }) {
  const { spec, client, clock, logger, target } = ctx;
  const prefix = `${ctx.keyPrefix}snapshot-restore/`;
  const fail = (message) => new CheckFailure(message, figures, notes);
  const before = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS7);
  if (!before) throw fail("the members did not agree on one leader before the snapshot");
  const source = before.leader;
  const { acknowledged, firstError } = await writeKeys(
    client,
    source.clientUrl,
    prefix,
    KEYS_WRITTEN,
    REQUEST_TIMEOUT_MS7
  );
  if (firstError) throw fail(`a write before the snapshot was refused: ${firstError}`);
  const keys = [...acknowledged.keys()].sort();
  for (const key of keys.slice(0, KEYS_OVERWRITTEN)) {
    await client.put(source.clientUrl, key, `${acknowledged.get(key)}-overwritten`, { timeoutMs: REQUEST_TIMEOUT_MS7 });
    acknowledged.set(key, `${acknowledged.get(key)}-overwritten`);
  }
  const deleted = keys.slice(-KEYS_DELETED);
  for (const key of deleted) {
    if (await client.deletePrefix(source.clientUrl, key, { timeoutMs: REQUEST_TIMEOUT_MS7 }) !== 1)
      throw fail(`deleting ${key} before the snapshot did not delete exactly that key`);
    acknowledged.delete(key);
  }
  const expected = await client.range(source.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS7, prefix: true });
  const revisionBefore = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS7 });
  await mkdir2(path4.dirname(snapshotFile), { recursive: true, mode: 448 });
  logger.info(`streaming a snapshot from ${source.name} into ${snapshotFile}`);
  const snapshotAt = clock.now();
  const { bytes } = await client.snapshot(source.clientUrl, snapshotFile, { timeoutMs: SNAPSHOT_TIMEOUT_MS }).catch((error) => {
    throw fail(`the snapshot from ${source.name} failed: ${errorMessage(error)}`);
  });
  figures.snapshotMs = roundMs(clock.now() - snapshotAt);
  figures.snapshotBytes = bytes;
  const revisionAfter = await client.revision(source.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS7 });
  notes.push(
    `${bytes} bytes from ${source.name} in ${figures.snapshotMs} ms; the SHA-256 etcd appended matched; the store was at revision ${revisionBefore}`
  );
  const names = spec.members.map((_, index) => `restored-${index + 1}`);
  const placed = await placeSpareMembers(ctx, names);
  const token = `${spec.token}-restored-${Math.floor(clock.wallNow()).toString(36)}`;
  const initialCluster = initialClusterOf(placed);
  const members = placed.map((member) => ({ ...member, bootstrap: { initialCluster, token, state: "new" } }));
  restored.push(...members);
  const restoreAt = clock.now();
  let command = "";
  for (const member of members) {
    command = await target.restoreSnapshot(member, snapshotFile).catch((error) => {
      throw fail(`restoring the snapshot for ${member.name} failed: ${errorMessage(error)}`);
    });
  }
  figures.restoreMs = roundMs(clock.now() - restoreAt);
  notes.push(`restored ${members.length} data dirs in ${figures.restoreMs} ms, the last with: ${command}`);
  const startedAt = clock.now();
  for (const member of members) await target.start(member);
  const restoredSpec = { ...spec, token, members, initialCluster };
  const { leader } = await waitForHealthyCluster(restoredSpec, target, client, { clock, members }).catch(
    (error) => {
      throw fail(`the restored cluster did not become healthy: ${errorMessage(error)}`);
    }
  );
  figures.restoredHealthyMs = roundMs(clock.now() - startedAt);
  const listed = (await client.memberList(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS7 })).map((member) => member.name).sort();
  if (listed.join(",") !== names.join(","))
    throw fail(`the restored cluster lists the members ${listed.join(", ")}, not ${names.join(", ")}`);
  const got = await client.range(leader.clientUrl, prefix, { timeoutMs: REQUEST_TIMEOUT_MS7, prefix: true });
  const { missing, changed, unexpected } = compareRestored(expected, got);
  figures.keysRestored = expected.length - missing.length - changed.length;
  if (missing.length > 0)
    throw fail(`the restored cluster lacks ${some(missing)} of the ${expected.length} keys of the snapshot`);
  if (changed.length > 0)
    throw fail(`the restored cluster has another value or revision for ${some(changed)} keys of the snapshot`);
  if (unexpected.length > 0)
    throw fail(`the restored cluster has ${some(unexpected)} keys the snapshot did not (deleted before it was taken)`);
  const revision = await client.revision(leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS7 });
  figures.revisionRestored = revision;
  if (revision < revisionBefore || revision > revisionAfter) {
    throw fail(
      `the restored cluster is at revision ${revision}; the snapshot was taken at ${revisionBefore === revisionAfter ? revisionBefore : `${revisionBefore} to ${revisionAfter}`}`
    );
  }
  const after = await statusWithAgreedLeader(spec, client, REQUEST_TIMEOUT_MS7);
  if (!after) throw fail("the original members did not agree on one leader after the restore");
  const original = (await client.memberList(after.leader.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS7 })).map((member) => member.name).sort();
  const originalNames = spec.members.map((member) => member.name).sort();
  if (original.join(",") !== originalNames.join(","))
    throw fail(
      `the original cluster lists the members ${original.join(", ")} after the restore, not ${originalNames.join(", ")}`
    );
  const lost = await findLostKeys(client, after.leader.clientUrl, prefix, acknowledged, {
    timeoutMs: REQUEST_TIMEOUT_MS7
  });
  figures.keysAcknowledged = acknowledged.size;
  figures.keysLost = lost.length;
  if (lost.length > 0) throw fail(`the original cluster lacks ${some(lost)} acknowledged keys after the snapshot`);
  return {
    status: "pass",
    summary: `a ${bytes}-byte snapshot from ${source.name} (hash verified) restored in ${figures.restoreMs} ms into ${members.length} new members with a new token; all ${figures.keysRestored} keys and revision ${revision} came back, no deleted key; the original kept all ${acknowledged.size} acknowledged keys`,
    figures,
    notes
  };
}

// src/checks/status-check.ts
var REQUEST_TIMEOUT_MS8 = 3e3;
async function readStatusTable(spec, client, clock) {
  let slowestHealthMs = 0;
  const health = await Promise.all(
    spec.members.map(async (member) => {
      const started = clock.now();
      try {
        await client.health(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS8 });
        slowestHealthMs = Math.max(slowestHealthMs, clock.now() - started);
        return void 0;
      } catch (error) {
        return errorMessage(error);
      }
    })
  );
  const statuses = await collectStatus(client, spec.members, REQUEST_TIMEOUT_MS8);
  const rows = statuses.map((row, index) => {
    const problems = [health[index], row.error, ...row.status?.errors ?? []].filter((p) => !!p);
    return {
      name: row.member.name,
      endpoint: row.member.clientUrl,
      status: row.status,
      healthy: problems.length === 0,
      error: problems.length > 0 ? problems.join("; ") : void 0
    };
  });
  return { rows, slowestHealthMs };
}
var statusCheck = defineCheck({
  name: "status",
  proves: "every endpoint is healthy, exactly one member is the leader and every member names it",
  byDefault: true,
  stopsMembers: false,
  async run(ctx) {
    const { rows, slowestHealthMs } = await readStatusTable(ctx.spec, ctx.client, ctx.clock);
    const answered = rows.filter((row) => row.status);
    const leaders = answered.filter((row) => row.status?.isLeader);
    const agreed = agreedLeader(rows);
    const figures = {
      members: rows.length,
      healthy: rows.filter((row) => row.healthy).length,
      leaders: leaders.length,
      slowestHealthMs: roundMs(slowestHealthMs),
      raftTerm: Math.max(0, ...answered.map((row) => row.status?.raftTerm ?? 0)),
      largestDbSizeBytes: Math.max(0, ...answered.map((row) => row.status?.dbSize ?? 0))
    };
    const problems = rows.filter((row) => !row.healthy).map((row) => `${row.name} (${row.endpoint}) is not healthy: ${row.error}`);
    if (leaders.length !== 1) problems.push(`${leaders.length} members say they are the leader; exactly one must`);
    if (answered.length === rows.length && !agreed) {
      problems.push(
        `members disagree on the leader: ${answered.map((row) => `${row.name} says ${row.status?.leader ?? "none"}`).join(", ")}`
      );
    }
    if (problems.length > 0) {
      return { status: "fail", summary: problems.join("; "), figures, notes: [], members: rows };
    }
    const leader = leaders[0];
    return {
      status: "pass",
      summary: `all ${rows.length} members healthy; ${leader.name} (${leader.status?.id}) is the one leader every member names`,
      figures,
      notes: [],
      members: rows
    };
  }
});

// src/checks/tls.ts
import { readFile as readFile3 } from "node:fs/promises";

// src/checks/cis-audit.ts
var CIS_ITEMS = {
  "2.1": "cert-file and key-file are set: clients are served over TLS",
  "2.2": "client-cert-auth is true",
  "2.3": "auto-tls is not true",
  "2.4": "peer-cert-file and peer-key-file are set: peers talk over TLS",
  "2.5": "peer-client-cert-auth is true",
  "2.6": "peer-auto-tls is not true",
  "2.7": "a unique certificate authority is used for etcd"
};
function rulesByItem() {
  const byItem = /* @__PURE__ */ new Map();
  for (const rule of RULE_LIST) {
    if (rule.info.cis === void 0 || !rule.member) continue;
    byItem.set(rule.info.cis, [...byItem.get(rule.info.cis) ?? [], rule]);
  }
  return byItem;
}
function memberConfigOf(member) {
  const settings = member.settings.map(([name, value], index) => ({
    name,
    value: value === true ? "true" : value === false ? "false" : value,
    key: `--${name}`,
    source: "flag",
    at: { file: member.source, line: index + 1, column: 1 }
  }));
  return { name: member.name, form: "systemd-unit", file: member.source, settings, includes: [] };
}
function auditCis(members, version) {
  const byItem = rulesByItem();
  const configs = members.map(memberConfigOf);
  return Object.entries(CIS_ITEMS).map(([id, requirement]) => {
    const rules = byItem.get(id) ?? [];
    if (rules.length === 0) throw new Error(`no lint rule judges CIS ${id}`);
    const findings = configs.flatMap(
      (config) => rules.flatMap(
        (rule) => (rule.member?.(config, { version }) ?? []).map((finding) => ({
          member: config.name,
          rule: finding.rule,
          message: finding.message
        }))
      )
    );
    return { id, requirement, rules: rules.map((rule) => rule.info), findings };
  });
}

// src/checks/tls-probe.ts
import { request as httpRequest2 } from "node:http";
import { connect as http2Connect, constants as http2Constants } from "node:http2";
import { request as httpsRequest2 } from "node:https";
import { connect as netConnect, isIP as isIP2 } from "node:net";
import {
  connect as tlsConnect,
  createServer as createTlsServer
} from "node:tls";
function verdictOf(end) {
  if (end.kind === "answered") return "through";
  if (end.kind === "timeout") return "unanswered";
  return "refused";
}
function describeEnd(end) {
  switch (end.kind) {
    case "answered":
      if (end.grpcStatus === 0) return "the Range request was served";
      if (end.grpcStatus !== void 0)
        return `etcd's API answered with gRPC error ${end.grpcStatus}${end.grpcMessage ? ` (${end.grpcMessage})` : ""}`;
      return `answered with HTTP status ${end.httpStatus}`;
    case "https-only":
      return `answered 400: ${end.message}`;
    case "alert":
      return `handshake alert: ${end.alert}`;
    case "reset":
      return "connection reset by the server";
    case "closed":
      return "connection closed by the server without an answer";
    case "no-listener":
      return "connection refused: nothing listens there";
    case "error":
      return `${end.code}: ${end.message}`;
    case "timeout":
      return `no answer within ${end.ms} ms`;
    default: {
      const unknown = end;
      throw new Error(`unknown probe end ${JSON.stringify(unknown)}`);
    }
  }
}
var ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/;
var ALERT_MESSAGE = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+?)(?::|$)/i;
function endOfError(error) {
  const code = error.code ?? "";
  const alert = ALERT_CODE.exec(code)?.[1].toLowerCase().replace(/_/g, " ") ?? ALERT_MESSAGE.exec(error.message)?.[1].toLowerCase();
  if (alert) return { kind: "alert", alert };
  if (code === "ECONNRESET" || code === "EPIPE") return { kind: "reset" };
  if (code === "ECONNREFUSED") return { kind: "no-listener" };
  return {
    kind: "error",
    code: code || error.name,
    message: error.message.split("\n")[0].replace(/^[0-9A-F]+:error:[0-9A-F]+:/, "")
  };
}
function grpcFrame(message) {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}
var hostOf2 = (url) => url.hostname.replace(/^\[(.*)\]$/, "$1");
function grpcMessage(value) {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return void 0;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
function probe(request) {
  return request.speaks === "grpc" ? probeGrpc(request) : probeHttp1(request);
}
function tlsOptions(host, tls) {
  return {
    servername: isIP2(host) ? void 0 : host,
    // The probe tests what the member refuses, not its certificate: a name mismatch must not end it first.
    rejectUnauthorized: false,
    ...tls
  };
}
var GO_HTTPS_ONLY = /Client sent an HTTP request to an HTTPS server/;
var BODY_LIMIT = 4096;
function probeHttp1(request) {
  return new Promise((resolve) => {
    const url = new URL("/version", request.url);
    const host = hostOf2(url);
    const common = { host, port: Number(url.port), path: "/version", method: "GET", agent: false };
    const get = request.tls ? httpsRequest2({ ...common, ...tlsOptions(host, request.tls) }) : httpRequest2(common);
    let settled = false;
    const finish = (end) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      get.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", ms: request.timeoutMs }), request.timeoutMs);
    get.on("error", (error) => finish(endOfError(error)));
    get.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      response.on("error", (error) => finish(endOfError(error)));
      response.on("close", () => {
        const status = response.statusCode ?? 0;
        finish(
          status === 400 && GO_HTTPS_ONLY.test(body) ? { kind: "https-only", message: body.trim() } : { kind: "answered", httpStatus: status }
        );
      });
    });
    get.end();
  });
}
function probeGrpc(request) {
  return new Promise((resolve) => {
    const url = new URL(request.url);
    const host = hostOf2(url);
    const port = Number(url.port);
    const socket = request.tls ? tlsConnect({ host, port, ALPNProtocols: ["h2"], ...tlsOptions(host, request.tls) }) : netConnect({ host, port });
    let answer;
    let settled = false;
    const finish = (end) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      socket.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", ms: request.timeoutMs }), request.timeoutMs);
    const answered = (headers) => {
      const status = headers["grpc-status"];
      finish({
        kind: "answered",
        httpStatus: Number(answer?.[":status"] ?? 0),
        grpcStatus: status === void 0 ? void 0 : Number(status),
        grpcMessage: grpcMessage(headers["grpc-message"])
      });
    };
    socket.on("error", (error) => finish(endOfError(error)));
    const session = http2Connect(`${request.tls ? "https" : "http"}://${url.host}`, { createConnection: () => socket });
    session.on("error", (error) => finish(endOfError(error)));
    const stream = session.request({
      [http2Constants.HTTP2_HEADER_METHOD]: "POST",
      [http2Constants.HTTP2_HEADER_PATH]: "/etcdserverpb.KV/Range",
      "content-type": "application/grpc",
      te: "trailers"
    });
    stream.on("error", (error) => finish(endOfError(error)));
    stream.on("response", (headers) => {
      answer = headers;
      if (headers["grpc-status"] !== void 0) answered(headers);
    });
    stream.on("trailers", (trailers) => answered(trailers));
    stream.on("close", () => {
      if (answer) answered(answer);
      else setImmediate(() => finish(socket.errored ? endOfError(socket.errored) : { kind: "closed" }));
    });
    stream.resume();
    stream.end(grpcFrame(encodeRangeRequest({ key: Buffer.from(request.key) })));
  });
}
function whyCannotOffer(tls, server, timeoutMs) {
  return new Promise((resolve) => {
    const listener = createTlsServer(
      { ...server, minVersion: tls.minVersion, maxVersion: tls.maxVersion, ciphers: tls.ciphers },
      (connection) => connection.on("error", () => void 0)
    );
    let client;
    let settled = false;
    const finish = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client?.destroy();
      listener.close();
      resolve(why);
    };
    const timer = setTimeout(
      () => finish(`no handshake with a TLS server on this machine within ${timeoutMs} ms`),
      timeoutMs
    );
    listener.on(
      "tlsClientError",
      (error) => finish(`a TLS server on this machine refused it too: ${describeEnd(endOfError(error))}`)
    );
    listener.on("error", (error) => finish(`could not listen on loopback to find out: ${error.message}`));
    listener.listen(0, "127.0.0.1", () => {
      const address = listener.address();
      const port = typeof address === "object" && address ? address.port : 0;
      client = tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...tls });
      client.on("secureConnect", () => {
        const protocol = client?.getProtocol();
        finish(protocol === tls.maxVersion ? void 0 : `this machine's TLS made a ${protocol} handshake instead`);
      });
      client.on("error", (error) => finish(`this machine's TLS client could not: ${describeEnd(endOfError(error))}`));
    });
  });
}

// src/checks/tls.ts
var PROBE_TIMEOUT_MS = 3e3;
var DAY_MS2 = 24 * 60 * 60 * 1e3;
var SUMMARY_PROBLEMS = 3;
var TLS_PROBES = ["no-cert", "other-ca", "expired", "plaintext", "tls-1.1"];
var PROBE_LABELS = {
  control: "a valid certificate (control)",
  "no-cert": "a client without a certificate",
  "other-ca": "a certificate from another CA",
  expired: "an expired certificate of the cluster's CA",
  plaintext: "plaintext",
  "tls-1.1": "TLS 1.1 with a valid certificate"
};
var TLS_1_1 = { minVersion: "TLSv1.1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" };
async function probeMaterial(spec, wallNow) {
  const now = new Date(wallNow);
  const [cert, key] = await Promise.all([
    readFile3(spec.pki.apiserverClientCert, "utf8"),
    readFile3(spec.pki.apiserverClientKey, "utf8")
  ]);
  const valid = { cert, key };
  const day = { validityDays: 1, now };
  const [foreignCaKey, foreignClientKey, selfTestKey, expiredKey] = await Promise.all(
    Array.from({ length: 4 }, () => newKey(DEFAULT_KEY_ALGORITHM))
  );
  const foreignCa = await createCertificateAuthority(foreignCaKey, day);
  const [foreign, selfTestServer] = await Promise.all([
    issueCertificate(foreignCa, foreignClientKey, { commonName: "etcd-ha-tls-probe", usages: ["clientAuth"] }, day),
    issueCertificate(
      foreignCa,
      selfTestKey,
      { commonName: "localhost", altNames: { dns: ["localhost"], ips: ["127.0.0.1"] }, usages: ["serverAuth"] },
      day
    )
  ]);
  const tls11 = { ...valid, ...TLS_1_1 };
  const cannotOffer = await whyCannotOffer(
    tls11,
    { cert: selfTestServer.certPem, key: selfTestServer.keyPem },
    PROBE_TIMEOUT_MS
  );
  return {
    control: { tls: valid },
    "no-cert": { tls: {} },
    "other-ca": { tls: { cert: foreign.certPem, key: foreign.keyPem } },
    expired: await expiredCertificate(spec, expiredKey, now).then(
      (expired) => ({ tls: { cert: expired.certPem, key: expired.keyPem } }),
      (error) => ({ skipped: error.message })
    ),
    plaintext: {},
    "tls-1.1": cannotOffer === void 0 ? { tls: tls11 } : {
      skipped: `this machine's TLS client cannot offer TLS 1.1, so nothing was proven about it (${cannotOffer})`
    }
  };
}
async function expiredCertificate(spec, key, now) {
  let caKey;
  try {
    caKey = await readFile3(spec.pki.caKey, "utf8");
  } catch (error) {
    const code = error.code;
    throw new Error(
      `the PKI has no CA key (${spec.pki.caKey}${code && code !== "ENOENT" ? `: ${code}` : ""}), as a provided PKI may not: no expired certificate of the cluster's CA could be made`
    );
  }
  try {
    const ca = await loadCertificateAuthority(await readFile3(spec.pki.caCert, "utf8"), caKey);
    return await issueCertificate(
      ca,
      key,
      { commonName: "etcd-ha-tls-probe-expired", usages: ["clientAuth"] },
      { validityDays: 1, now: new Date(now.getTime() - 2 * DAY_MS2) }
    );
  } catch (error) {
    throw new Error(`no expired certificate of the cluster's CA could be made: ${errorMessage(error)}`);
  }
}
function probedUrls(spec) {
  return spec.members.flatMap((member) => [
    { member: member.name, port: "client", url: member.clientUrl },
    ...member.peerUrl ? [{ member: member.name, port: "peer", url: member.peerUrl }] : []
  ]);
}
var isPlain = (url) => url.startsWith("http://");
async function probeUrl(at, material, key, timeoutMs = PROBE_TIMEOUT_MS) {
  const speaks = at.port === "client" ? "grpc" : "http1";
  const records = [];
  for (const name of ["control", ...TLS_PROBES]) {
    const plainUrl = isPlain(at.url);
    const presents = plainUrl && name === "control" ? {} : material[name];
    if (plainUrl && name !== "plaintext" && name !== "control")
      records.push({ at, probe: name, skipped: `the ${at.port} URL is http: there is no TLS to probe` });
    else if ("skipped" in presents) records.push({ at, probe: name, skipped: presents.skipped });
    else
      records.push({ at, probe: name, end: await probe({ url: at.url, tls: presents.tls, speaks, key, timeoutMs }) });
  }
  return records;
}
var RESULT_WORDS = {
  refused: "refused",
  through: "GOT THROUGH",
  unanswered: "NO ANSWER"
};
function resultOf(record) {
  if (!record.end) return "skipped";
  const verdict = verdictOf(record.end);
  if (record.probe === "control") return verdict === "through" ? "served" : "NOT SERVED";
  return RESULT_WORDS[verdict];
}
function probeTable(records) {
  const rows = /* @__PURE__ */ new Map();
  for (const record of records) {
    const cells = [
      PROBE_LABELS[record.probe],
      record.at.port,
      record.end ? describeEnd(record.end) : record.skipped ?? "",
      resultOf(record)
    ];
    const id = cells.join("\n");
    const row = rows.get(id) ?? { cells, members: [] };
    row.members.push(record.at.member);
    rows.set(id, row);
  }
  return {
    title: "Probes (client ports: a gRPC Range; peer ports: GET /version)",
    headers: ["PROBE", "PORT", "MEMBERS", "WHAT HAPPENED", "RESULT"],
    rows: [...rows.values()].map(({ cells: [probe2, port, happened, result], members }) => [
      probe2,
      port,
      members.join(", "),
      happened,
      result
    ])
  };
}
function probeProblems(records) {
  return records.flatMap((record) => {
    if (!record.end) return [];
    const where = `${record.at.member}'s ${record.at.port} URL ${record.at.url}`;
    const verdict = verdictOf(record.end);
    const happened = describeEnd(record.end);
    if (record.probe === "control") {
      return verdict === "through" ? [] : [
        `a client with a valid certificate was not served on ${where} (${happened}), so what it refused proves nothing`
      ];
    }
    if (verdict === "through") return [`${PROBE_LABELS[record.probe]} got through on ${where}: ${happened}`];
    if (verdict === "unanswered")
      return [`${PROBE_LABELS[record.probe]} on ${where} was neither refused nor answered: ${happened}`];
    return [];
  });
}
function cisTable(rows) {
  return {
    title: "CIS Kubernetes Benchmark, etcd (the members' settings as they run, judged by the lint rules)",
    headers: ["CIS", "REQUIREMENT", "LINT RULES", "RESULT"],
    rows: rows.map((row) => [
      row.id,
      row.requirement,
      row.rules.map((rule) => rule.id).join(", "),
      row.findings.length === 0 ? "pass" : `FAIL (${[...new Set(row.findings.map((finding) => finding.member))].join(", ")})`
    ])
  };
}
function cisNotes(rows) {
  return rows.flatMap((row) => {
    const byMessage = /* @__PURE__ */ new Map();
    for (const finding of row.findings) {
      const message = `${finding.rule}: ${finding.message}`;
      byMessage.set(message, [.../* @__PURE__ */ new Set([...byMessage.get(message) ?? [], finding.member])]);
    }
    return [...byMessage.entries()].map(([message, members]) => `CIS ${row.id} on ${members.join(", ")}: ${message}`);
  });
}
async function reportedVersion(ctx) {
  for (const member of ctx.spec.members) {
    try {
      return (await ctx.client.status(member.clientUrl, { timeoutMs: PROBE_TIMEOUT_MS })).version;
    } catch {
    }
  }
  return "";
}
var settingsKnown = (spec) => spec.members.every((member) => member.peerUrl !== "");
var tlsCheck = defineCheck({
  name: "tls",
  proves: "every member's client and peer URL refuse a client without a certificate, one from another CA, an expired one, plaintext and TLS 1.1, while serving a valid certificate; the members' settings meet CIS Kubernetes Benchmark etcd 2.1\u20132.7",
  byDefault: false,
  stopsMembers: false,
  async run(ctx) {
    const { spec } = ctx;
    const notes = [];
    const material = await probeMaterial(spec, ctx.clock.wallNow());
    for (const presents of Object.values(material)) if ("skipped" in presents) notes.push(presents.skipped);
    const known = settingsKnown(spec);
    if (!known)
      notes.push("the peer URLs of a cluster given by its endpoints are not known: only the client URLs were probed");
    const urls = probedUrls(spec);
    const records = (await Promise.all(urls.map((at) => probeUrl(at, material, `${ctx.keyPrefix}tls-probe`)))).flat();
    const tried = records.filter((record) => record.probe !== "control" && record.end);
    const refused = tried.filter((record) => record.end && verdictOf(record.end) === "refused").length;
    const problems = probeProblems(records);
    const plainUrls = urls.filter((at) => isPlain(at.url));
    if (plainUrls.some((at) => at.port === "client"))
      problems.unshift(
        `the cluster serves clients over http (${plainUrls.filter((at) => at.port === "client").map((at) => at.url).join(", ")})`
      );
    const tables = [probeTable(records)];
    const figures = { probes: tried.length, refused };
    if (known) {
      const version = parseEtcdVersion(await reportedVersion(ctx));
      const rows = auditCis(
        spec.members.map((member) => ({
          name: member.name,
          source: member.configured?.file ?? `${member.name} (etcd-ha's settings)`,
          settings: memberSettings(spec, member)
        })),
        version
      );
      tables.push(cisTable(rows));
      notes.push(...cisNotes(rows));
      const cisFailed = rows.filter((row) => row.findings.length > 0).map((row) => row.id);
      figures.cisPassed = rows.length - cisFailed.length;
      figures.cisFailed = cisFailed.length;
      if (cisFailed.length > 0) problems.push(`CIS ${cisFailed.join(", ")} not met (see the notes)`);
    } else {
      notes.push(
        "the settings of a cluster given by its endpoints are not known: the CIS audit was not made (run `etcd-ha lint` on the members' configuration)"
      );
    }
    if (problems.length > 0) {
      const more = problems.length > SUMMARY_PROBLEMS ? `; and ${problems.length - SUMMARY_PROBLEMS} more (see the tables)` : "";
      return { status: "fail", summary: problems.slice(0, SUMMARY_PROBLEMS).join("; ") + more, figures, notes, tables };
    }
    const cis = known ? "; the members meet CIS 2.1\u20132.7" : "";
    return {
      status: "pass",
      summary: `all ${tried.length} probes refused on ${urls.length} URLs, a valid certificate served on each${cis}`,
      figures,
      notes,
      tables
    };
  }
});

// src/checks/upgrade.ts
import { randomBytes as randomBytes3 } from "node:crypto";
var POLL_MS6 = 20;
var STATUS_TIMEOUT_MS5 = 500;
var REQUEST_TIMEOUT_MS9 = 5e3;
var WRITE_EVERY_MS = 10;
var MAX_WRITES = 5e4;
var CLUSTER_VERSION_BOUND_MS = 6e4;
var memberReadyBoundMs = (electionMs) => Math.max(6e4, 30 * electionMs);
var MOVED_MEMBERS_TABLE = {
  title: "Members moved, in order",
  headers: ["member", "release", "stopped at", "downtime", "write gap", "version reported", "HashKV"]
};
var KeyWriter = class {
  constructor(ctx, prefix) {
    this.ctx = ctx;
    this.prefix = prefix;
  }
  ctx;
  prefix;
  acknowledged = /* @__PURE__ */ new Map();
  /** When each acknowledged put completed, in clock ms, in order. */
  ackTimes = [];
  stopped = false;
  done;
  start() {
    this.done = this.loop();
  }
  async stop() {
    this.stopped = true;
    await this.done;
  }
  async loop() {
    const { client, clock, spec } = this.ctx;
    let at = 0;
    for (let sequence = 0; sequence < MAX_WRITES && !this.stopped; sequence++) {
      const started = clock.now();
      const key = `${this.prefix}${String(sequence).padStart(6, "0")}`;
      const value = `v${sequence}`;
      try {
        await client.put(spec.members[at].clientUrl, key, value, { timeoutMs: 1e3, requireLeader: true });
        this.acknowledged.set(key, value);
        this.ackTimes.push(clock.now());
      } catch {
        at = (at + 1) % spec.members.length;
      }
      const left = WRITE_EVERY_MS - (clock.now() - started);
      if (left > 0) await clock.sleep(left);
    }
  }
  /** The longest time between two acknowledged writes that overlaps [from, to]: the writes' gap while a member moved. */
  gapDuring(from, to) {
    let gap = 0;
    for (let i = 1; i < this.ackTimes.length; i++) {
      const [before, after] = [this.ackTimes[i - 1], this.ackTimes[i]];
      if (after >= from && before <= to) gap = Math.max(gap, after - before);
    }
    return gap;
  }
};
async function runningRelease(ctx) {
  const versions = await Promise.all(
    ctx.spec.members.map(
      async (member) => (await ctx.client.status(member.clientUrl, { timeoutMs: REQUEST_TIMEOUT_MS9 })).version
    )
  );
  if (new Set(versions).size !== 1)
    throw new CheckFailure(
      `the members run different etcd releases (${ctx.spec.members.map((member, index) => `${member.name} ${versions[index]}`).join(", ")}); the drill moves a cluster whose members run one`
    );
  return versions[0];
}
async function waitServing(ctx, member, release, boundMs) {
  const { client, clock, target } = ctx;
  return pollUntil(
    async () => {
      if (!await target.isRunning(member)) return { exited: true, log: await target.logs(member) };
      const status = await client.status(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS5 });
      if (status.version !== release) return void 0;
      await client.health(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS5 });
      return { exited: false, version: status.version };
    },
    { what: `${member.name} to serve on etcd ${release}`, timeoutMs: boundMs, intervalMs: POLL_MS6, clock }
  );
}
function withoutStack(line) {
  try {
    const { stacktrace: _stack, ...record } = JSON.parse(line);
    return JSON.stringify(record);
  } catch {
    return line;
  }
}
var minorOf = (release) => release.split(".").slice(0, 2).join(".");
var tail = (log) => lastLines(log, 8);
function planFlags(ctx, from, to) {
  const changes = /* @__PURE__ */ new Set();
  const refused = [];
  for (const member of ctx.spec.members) {
    const translated = translateFlags(memberSettings(ctx.spec, member), from, to);
    for (const translation of translated.translations) changes.add(`${translation.text} (${translation.reason})`);
    refused.push(...translated.refused);
  }
  return { changes: [...changes], refused };
}
async function waitClusterVersion(client, members, to, clock) {
  const since = clock.now();
  let at = 0;
  const cluster = await pollUntil(
    async () => {
      const member = members[at++ % members.length];
      const versions = await client.versions(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS5 });
      return clusterVersionReached(versions.cluster, to) ? versions.cluster : void 0;
    },
    {
      what: `the cluster version to reach ${minorOf(to)}`,
      timeoutMs: CLUSTER_VERSION_BOUND_MS,
      intervalMs: 100,
      clock
    }
  );
  return { ms: roundMs(clock.now() - since), cluster };
}
async function waitDowngradeReady(client, members, to, clock) {
  const started = clock.now();
  for (const member of members) {
    await pollUntil(
      async () => {
        const versions = await client.versions(member.clientUrl, { timeoutMs: STATUS_TIMEOUT_MS5 });
        return clusterVersionReached(versions.cluster, to) && (versions.storage === void 0 || clusterVersionReached(versions.storage, to)) ? true : void 0;
      },
      {
        what: `${member.name} to say cluster version ${minorOf(to)} after the downgrade was enabled`,
        timeoutMs: CLUSTER_VERSION_BOUND_MS,
        intervalMs: 100,
        clock
      }
    );
  }
  return roundMs(clock.now() - started);
}
async function refusedDowngrade(ctx, path5, figures, notes) {
  const { spec, client, target, logger } = ctx;
  const wait = leaderWait(ctx);
  const { leader } = await waitForAgreedLeader(spec, client, wait);
  const member = upgradeOrder(spec.members, leader.name)[0];
  const writer = new KeyWriter(ctx, `${ctx.keyPrefix}upgrade/${randomBytes3(4).toString("hex")}/`);
  writer.start();
  let refusal;
  let ran;
  let cause;
  try {
    logger.info(`upgrade: moving ${member.name} from etcd ${path5.from} to ${path5.to}, which etcd refuses`);
    await target.moveMember(member, "to");
    const outcome = await waitServing(ctx, member, path5.to, memberReadyBoundMs(spec.timing.electionMs)).catch(
      (error) => ({ exited: true, log: "", error: errorMessage(error) })
    );
    if (outcome.exited) {
      const log = outcome.log || await target.logs(member);
      refusal = findDowngradeRefusal(log);
      if (!refusal) cause = "error" in outcome ? outcome.error : `it exited; the last lines of its log:
${tail(log)}`;
    } else ran = outcome.version;
  } finally {
    try {
      await target.moveMember(member, "from");
      await makeWhole(ctx);
    } finally {
      await writer.stop();
    }
  }
  const back = await runningRelease(ctx);
  const lost = await lostKeys(ctx, writer);
  const { acknowledged } = writer;
  await client.put(spec.members[0].clientUrl, `${ctx.keyPrefix}upgrade/after-refusal`, "served", {
    timeoutMs: REQUEST_TIMEOUT_MS9,
    requireLeader: true
  });
  const integrity = await checkIntegrity(ctx, { expected: (line) => findDowngradeRefusal(line) !== void 0 });
  figures.keysAcknowledged = acknowledged.size;
  figures.keysLost = lost.length;
  Object.assign(figures, integrity.figures);
  notes.push(...integrity.notes);
  const whole = lost.length === 0 && integrity.failure === void 0 ? `the cluster was left whole on etcd ${back}: ${member.name} runs it again, every member's HashKV agrees, none of ${acknowledged.size} acknowledged keys is lost and writes are served` : `the cluster was NOT left whole: ${[lost.length > 0 ? `${lost.length} acknowledged keys lost (e.g. ${lost[0]})` : "", integrity.failure ?? ""].filter(Boolean).join("; ")}`;
  if (ran !== void 0)
    return {
      status: "fail",
      summary: `etcd ${path5.to} ran on ${member.name}'s data written by ${path5.from}, where etcd allows no such downgrade (${path5.reason}); ${whole}`,
      figures,
      notes
    };
  if (!refusal)
    return {
      status: "fail",
      summary: `etcd ${path5.to} did not serve on ${member.name}'s data written by ${path5.from}, and its log holds none of etcd's downgrade refusals: ${cause ?? "unknown"}; ${whole}`,
      figures,
      notes
    };
  notes.push(`etcd's refusal, as ${member.name} logged it: ${withoutStack(refusal.line)}`);
  return {
    status: "fail",
    summary: `etcd cannot downgrade from ${path5.from} to ${path5.to}: ${member.name} on ${path5.to} refused the data, "${refusal.message}"${refusal.clusterVersion ? ` (cluster version ${refusal.clusterVersion})` : ""}; ${whole}`,
    figures,
    notes
  };
}
var leaderWait = (ctx) => ({
  clock: ctx.clock,
  timeoutMs: failoverBoundMs(ctx.spec.timing.electionMs),
  intervalMs: POLL_MS6,
  requestTimeoutMs: STATUS_TIMEOUT_MS5
});
async function lostKeys(ctx, writer) {
  const expected = new Map(writer.acknowledged);
  if (expected.size === 0) return [];
  const { leader } = await waitForAgreedLeader(ctx.spec, ctx.client, leaderWait(ctx));
  return findLostKeys(ctx.client, leader.clientUrl, writer.prefix, expected, { timeoutMs: REQUEST_TIMEOUT_MS9 });
}
var upgradeCheck = defineCheck({
  name: "upgrade",
  proves: "every member moves to the release `upgrade-etcd-version` (or `upgrade-etcd-path`, `upgrade-image`) names, one at a time, followers first and the leader last, under writes: each serves again on its data, no acknowledged key is lost, every member's HashKV agrees after each, the cluster version follows and the history is linearizable; a downgrade etcd refuses fails quoting etcd, the cluster left whole",
  byDefault: false,
  minMembers: { count: 3, why: "a majority must keep serving writes while a member moves" },
  stopsMembers: true,
  needs: [],
  once: "one upgrade per run: the members stay on the release they moved to",
  needsRelease: true,
  async run(ctx) {
    const { spec, client, clock, logger, target } = ctx;
    if (!ctx.release)
      throw new CheckFailure(
        "no release to move to was given (upgrade-etcd-version, upgrade-etcd-path or upgrade-image)"
      );
    const moved = spec.members.filter((member) => target.releaseOf(member) !== void 0);
    if (moved.length > 0)
      throw new CheckFailure(
        `${moved.map((member) => member.name).join(", ")} moved to etcd ${target.releaseOf(moved[0])?.to} in an earlier upgrade check of this cluster; the drill moves a cluster once: start a cluster on that release to move it on`
      );
    const from = await runningRelease(ctx);
    const to = await target.prepareRelease(from, ctx.release);
    const path5 = upgradePath(from, to);
    const figures = {};
    const notes = [path5.reason, ...path5.requirements.map((requirement) => `requires: ${requirement}`)];
    const flags = planFlags(ctx, from, to);
    notes.push(
      flags.changes.length > 0 ? `settings written for etcd ${to}: ${flags.changes.join("; ")}` : `no setting changes between etcd ${from} and ${to}`
    );
    if (flags.refused.length > 0)
      throw new CheckFailure(
        `etcd ${to} cannot run these members' settings, so none was moved: ${flags.refused.map((refusal) => `${refusal.text} (${refusal.reason})`).join("; ")}`,
        figures,
        notes
      );
    if (!path5.supported && path5.kind === "minor-downgrade") return refusedDowngrade(ctx, path5, figures, notes);
    if (!path5.supported) throw new CheckFailure(`the members were not moved: ${path5.reason}`, figures, notes);
    const wait = leaderWait(ctx);
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1e3, 2 * spec.timing.electionMs);
    const run = randomBytes3(4).toString("hex");
    const keys = Array.from({ length: HISTORY_KEYS }, (_, index) => `${ctx.keyPrefix}upgrade/${run}/h${index}`);
    const recorder = new HistoryRecorder(clock);
    const writer = new KeyWriter(ctx, `${ctx.keyPrefix}upgrade/${run}/k`);
    const moves = [];
    let failure;
    let stopped = false;
    const clients = Array.from(
      { length: HISTORY_CLIENTS },
      (_, process2) => runHistoryClient(ctx, recorder, process2, keys, () => stopped, operationTimeoutMs)
    );
    writer.start();
    const started = clock.now();
    try {
      await clock.sleep(holdMs);
      const { leader } = await waitForAgreedLeader(spec, client, wait);
      const order = upgradeOrder(spec.members, leader.name);
      notes.push(
        `order: ${order.map((member) => member.name).join(", ")} (followers first, the leader ${leader.name} last)`
      );
      if (path5.procedure === "downgrade-api") {
        const target2 = path5.downgradeTarget ?? minorOf(to);
        await client.downgrade(leader.clientUrl, "VALIDATE", target2, { timeoutMs: REQUEST_TIMEOUT_MS9 });
        const version2 = await client.downgrade(leader.clientUrl, "ENABLE", target2, { timeoutMs: REQUEST_TIMEOUT_MS9 });
        const ready = await waitDowngradeReady(client, spec.members, to, clock);
        notes.push(
          `downgrade validated and enabled to ${target2} on ${leader.name} (the cluster version was ${version2}); every member said cluster version ${target2} after ${ready} ms`
        );
      }
      for (const member of order) {
        const stoppedAt = clock.now();
        logger.info(`upgrade: moving ${member.name} from etcd ${from} to ${to}`);
        await target.moveMember(member, "to");
        const outcome = await waitServing(ctx, member, to, memberReadyBoundMs(spec.timing.electionMs));
        if (outcome.exited) {
          const refusal = findDowngradeRefusal(outcome.log);
          throw new Error(
            `${member.name} exited on etcd ${to}` + (refusal ? `: "${refusal.message}"` : `; the last lines of its log:
${tail(outcome.log)}`)
          );
        }
        const ready = clock.now();
        const lost2 = await lostKeys(ctx, writer);
        if (lost2.length > 0)
          throw new Error(
            `after ${member.name} moved, ${lost2.length} acknowledged keys are missing or changed (e.g. ${lost2[0]})`
          );
        const hashes = await checkHashKv(ctx);
        if (hashes.failure !== void 0) throw new Error(`after ${member.name} moved: ${hashes.failure}`);
        moves.push({
          member,
          stoppedAtMs: roundMs(stoppedAt - started),
          downtimeMs: roundMs(ready - stoppedAt),
          writeGapMs: roundMs(writer.gapDuring(stoppedAt, ready)),
          reported: outcome.version,
          hashKv: `agree (revision ${hashes.figures.integrityRevision ?? "?"})`
        });
      }
      const version = await waitClusterVersion(client, spec.members, to, clock);
      figures.clusterVersionMs = version.ms;
      notes.push(`the cluster version reached ${version.cluster} ${version.ms} ms after the last member served`);
      await clock.sleep(holdMs);
    } catch (error) {
      failure = errorMessage(error);
    } finally {
      stopped = true;
      await Promise.all([...clients, writer.stop()]);
    }
    figures.membersMoved = moves.length;
    if (moves.length > 0) {
      figures.downtimeMs = Math.max(...moves.map((move) => move.downtimeMs));
      figures.writeGapMs = Math.max(...moves.map((move) => move.writeGapMs));
    }
    if (failure !== void 0) {
      await makeWhole(ctx).catch(
        (error) => notes.push(`the cluster was not whole again: ${errorMessage(error)}`)
      );
    }
    const lost = await lostKeys(ctx, writer).catch(() => void 0);
    figures.keysAcknowledged = writer.acknowledged.size;
    if (lost !== void 0) figures.keysLost = lost.length;
    const result = checkHistory(recorder.events);
    figures.operations = result.summary.operations;
    figures.linearizable = result.ok;
    const tables = moves.length === 0 ? [] : [
      {
        title: MOVED_MEMBERS_TABLE.title,
        headers: [...MOVED_MEMBERS_TABLE.headers],
        rows: moves.map((move) => [
          move.member.name,
          `${from} \u2192 ${to}`,
          `${move.stoppedAtMs} ms`,
          `${move.downtimeMs} ms`,
          `${move.writeGapMs} ms`,
          move.reported,
          move.hashKv
        ])
      }
    ];
    if (failure === void 0 && lost !== void 0 && lost.length > 0)
      failure = `${lost.length} acknowledged keys are missing or changed at the end (e.g. ${lost[0]})`;
    if (failure === void 0 && !result.ok) {
      const first = result.operations[0];
      failure = `the history is ${result.verdict.replace("-", " ")} (${result.summary.operations} operations); key ${result.key}` + (first ? `, e.g. ${describeOperation(first)}` : "");
    }
    if (failure !== void 0) {
      logger.warning(`upgrade: ${failure}`);
      return {
        status: "fail",
        summary: `moving from etcd ${from} to ${to} failed after ${moves.length} of ${spec.members.length} members: ${failure}`,
        figures,
        notes,
        tables
      };
    }
    return {
      status: "pass",
      summary: `moved ${moves.length} members from etcd ${from} to ${to} one at a time under writes: longest downtime ${figures.downtimeMs} ms, longest write gap ${figures.writeGapMs} ms; cluster version ${minorOf(to)} after ${figures.clusterVersionMs} ms; ${writer.acknowledged.size} keys acknowledged, none lost; ${result.summary.operations} operations linearizable`,
      figures,
      notes,
      tables
    };
  }
});

// src/checks/watch.ts
import { randomBytes as randomBytes4 } from "node:crypto";

// src/history/watch-format.ts
var WRITE_FUNCTIONS = ["delete", "txn", "compact"];
var WATCH_KINDS = ["start", "response", "resume", "cancel"];
var isWhole = (value) => typeof value === "number" && Number.isSafeInteger(value);
var ALL_KEYS_FROM = "\0";
function prefixRangeEnd2(prefix) {
  let end = prefix;
  while (end.length > 0) {
    const last = end.charCodeAt(end.length - 1);
    if (last < 65535) return end.slice(0, -1) + String.fromCharCode(last + 1);
    end = end.slice(0, -1);
  }
  return ALL_KEYS_FROM;
}
function parseHistoryFile(text, source = "history") {
  const putGet = [];
  const writes = [];
  const compactions = [];
  const segments = [];
  const open = /* @__PURE__ */ new Map();
  const seen = /* @__PURE__ */ new Set();
  const pending = /* @__PURE__ */ new Map();
  const leftOut = /* @__PURE__ */ new Set();
  let hasWatch = false;
  let resumptions = 0;
  let previousTime = -Infinity;
  let previousAt = "";
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index].trim();
    if (raw === "") continue;
    const line = index + 1;
    const at = `${source} line ${line}`;
    const fail = (what) => {
      throw new HistoryFormatError(`${at}: ${what}`, line);
    };
    let parsed;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new HistoryFormatError(
        `${at} is not JSON (${error.message}); allowed: one event or watch record per line (docs/history-format.md)`,
        line
      );
    }
    const record = parsed;
    const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    const shown2 = (name) => name in record ? JSON.stringify(record[name]) : "missing";
    if (isObject && "watch" in record) {
      hasWatch = true;
      const { watch, watcher, time: time2 } = record;
      if (!WATCH_KINDS.includes(watch))
        fail(`"watch" is ${shown2("watch")}; allowed: ${WATCH_KINDS.join(", ")}`);
      if (!isWhole(watcher)) fail(`"watcher" is ${shown2("watcher")}; allowed: a whole number`);
      if (typeof time2 !== "number" || !Number.isFinite(time2)) fail(`"time" is ${shown2("time")}; allowed: a number`);
      if (time2 < previousTime)
        fail(`"time" ${time2} is before ${previousTime} at ${previousAt}; allowed: records in time order`);
      previousTime = time2;
      previousAt = at;
      const id = watcher;
      const current = open.get(id);
      const close = () => {
        if (current) current.endLine = line;
        open.delete(id);
      };
      switch (watch) {
        case "start": {
          if (seen.has(id)) fail(`watcher ${id} starts again; allowed: one start per watcher, then "resume"`);
          seen.add(id);
          const segment = segmentFrom(record, "start", id, time2, line, fail, shown2);
          segments.push(segment);
          open.set(id, segment);
          break;
        }
        case "resume": {
          const first = segments.find((segment2) => segment2.watcher === id);
          if (!first) return fail(`watcher ${id} resumes, but it never started; allowed: "start" first`);
          if (!isWhole(record.revision) || record.revision < 1)
            fail(`"revision" is ${shown2("revision")}; allowed: the revision the watch resumes at, a whole number \u2265 1`);
          close();
          const segment = {
            ...first,
            kind: "resume",
            revision: record.revision,
            time: time2,
            line,
            responses: [],
            endLine: void 0
          };
          if (typeof record.member === "string") segment.member = record.member;
          segments.push(segment);
          open.set(id, segment);
          resumptions++;
          break;
        }
        case "cancel":
          if (!seen.has(id)) fail(`watcher ${id} is cancelled, but it never started; allowed: "start" first`);
          close();
          break;
        case "response": {
          if (!current)
            return fail(
              `a response to watcher ${id}, which has no watch open; allowed: responses between its "start" or "resume" and its cancel`
            );
          const response = responseFrom(record, id, time2, line, fail, shown2);
          current.responses.push(response);
          if (response.canceled || response.compactRevision !== void 0) close();
          break;
        }
      }
      continue;
    }
    const f = isObject ? record.f : void 0;
    if (!WRITE_FUNCTIONS.includes(f)) {
      const event = eventFrom(parsed, at, line);
      if (event.time < previousTime)
        fail(`"time" ${event.time} is before ${previousTime} at ${previousAt}; allowed: events in time order`);
      previousTime = event.time;
      previousAt = at;
      putGet.push(event);
      if (event.f === "put") pairWrite(event.process, record, event.type, "put", event.time, line, at);
      continue;
    }
    const { process: process2, type, time } = record;
    if (!isWhole(process2)) fail(`"process" is ${shown2("process")}; allowed: a whole number`);
    if (!["invoke", "ok", "fail", "info"].includes(type))
      fail(`"type" is ${shown2("type")}; allowed: invoke, ok, fail, info`);
    if (typeof time !== "number" || !Number.isFinite(time)) fail(`"time" is ${shown2("time")}; allowed: a number`);
    if (time < previousTime)
      fail(`"time" ${time} is before ${previousTime} at ${previousAt}; allowed: events in time order`);
    previousTime = time;
    previousAt = at;
    pairWrite(process2, record, type, f, time, line, at);
  }
  const watchers = new Set(segments.map((segment) => segment.watcher)).size;
  return {
    events: leftOut.size === 0 ? putGet : putGet.filter((event) => !leftOut.has(event.key)),
    leftOutKeys: [...leftOut].sort(),
    hasWatch,
    watch: { writes, compactions, segments, watchers, resumptions }
  };
  function pairWrite(process2, record, type, f, time, line, at) {
    const fail = (what) => {
      throw new HistoryFormatError(`${at}: ${what}`, line);
    };
    const shown2 = (name) => name in record ? JSON.stringify(record[name]) : "missing";
    const open2 = pending.get(process2);
    if (type === "invoke") {
      if (open2)
        fail(
          `process ${process2} invokes again, but its ${open2.f} at ${open2.at} has no completion; allowed: one operation at a time per process`
        );
      if (f === "compact") {
        if (!isWhole(record.revision) || record.revision < 1)
          fail(`"revision" is ${shown2("revision")}; allowed: the revision to compact at, a whole number \u2265 1`);
        const compaction = {
          revision: record.revision,
          outcome: "info",
          returnTime: Infinity,
          line
        };
        compactions.push(compaction);
        pending.set(process2, { compaction, f, at });
        return;
      }
      let ops;
      if (f === "put") ops = [{ f: "put", key: record.key, value: record.value }];
      else if (f === "delete") {
        if (typeof record.key !== "string") fail(`"key" is ${shown2("key")}; allowed: a string`);
        ops = [{ f: "delete", key: record.key }];
      } else ops = opsFrom(record.ops, fail, shown2);
      if (f !== "put") for (const op of ops) leftOut.add(op.key);
      const write2 = {
        process: process2,
        f,
        ops,
        outcome: "info",
        invokeTime: time,
        returnTime: Infinity,
        invokeLine: line
      };
      writes.push(write2);
      pending.set(process2, { write: write2, f, at });
      return;
    }
    if (!open2) {
      if (f === "put") return;
      return fail(
        `an "${type}" of process ${process2}, which has no invoke pending; allowed: a completion after its process's invoke`
      );
    }
    if (open2.f !== f) fail(`the ${type} is of ${f}, but process ${process2} invoked ${open2.f} at ${open2.at}`);
    pending.delete(process2);
    const outcome = type;
    if (open2.compaction) {
      open2.compaction.outcome = outcome;
      if (outcome !== "info") open2.compaction.returnTime = time;
      return;
    }
    const write = open2.write;
    write.outcome = outcome;
    write.completeLine = line;
    if (outcome !== "info") write.returnTime = time;
    if (outcome !== "ok") return;
    if ("revision" in record) {
      if (!isWhole(record.revision) || record.revision < 1)
        fail(`"revision" is ${shown2("revision")}; allowed: the revision etcd returned, a whole number \u2265 1`);
      write.revision = record.revision;
    }
    if (f === "delete" && "deleted" in record) {
      if (!isWhole(record.deleted) || record.deleted < 0)
        fail(`"deleted" is ${shown2("deleted")}; allowed: how many keys the delete deleted, a whole number`);
      write.deleted = record.deleted;
    }
    if (f === "txn" && "ops" in record) {
      write.ops = opsFrom(record.ops, fail, shown2);
      for (const op of write.ops) leftOut.add(op.key);
    }
  }
}
function opsFrom(ops, fail, shown2) {
  if (!Array.isArray(ops))
    fail(
      `"ops" is ${shown2("ops")}; allowed: the txn's writes, [{ "f": "put", "key", "value" } | { "f": "delete", "key" }]`
    );
  return ops.map((op, index) => {
    const o = typeof op === "object" && op !== null ? op : {};
    const field = `"ops"[${index}]`;
    if (typeof o.key !== "string") fail(`${field}."key" is ${JSON.stringify(o.key) ?? "missing"}; allowed: a string`);
    if (o.f === "put") {
      if (typeof o.value !== "string")
        fail(`${field}."value" is ${JSON.stringify(o.value) ?? "missing"}; allowed: a string (the value written)`);
      return { f: "put", key: o.key, value: o.value };
    }
    if (o.f === "delete") return { f: "delete", key: o.key };
    return fail(`${field}."f" is ${JSON.stringify(o.f) ?? "missing"}; allowed: put, delete`);
  });
}
function segmentFrom(record, kind, watcher, time, line, fail, shown2) {
  const { key, rangeEnd, prefix, revision, prevKv, progressNotify, member } = record;
  if (typeof key !== "string") fail(`"key" is ${shown2("key")}; allowed: the key or range start watched, a string`);
  if (rangeEnd !== void 0 && typeof rangeEnd !== "string")
    fail(`"rangeEnd" is ${shown2("rangeEnd")}; allowed: the end of the range watched (exclusive), a string`);
  if (prefix !== void 0 && typeof prefix !== "boolean")
    fail(`"prefix" is ${shown2("prefix")}; allowed: true or false`);
  if (prefix === true && rangeEnd !== void 0) fail(`"prefix" and "rangeEnd" are both given; allowed: one of them`);
  if (revision !== void 0 && (!isWhole(revision) || revision < 1))
    fail(`"revision" is ${shown2("revision")}; allowed: the revision the watch starts at, a whole number \u2265 1`);
  for (const flag of ["prevKv", "progressNotify"])
    if (record[flag] !== void 0 && typeof record[flag] !== "boolean")
      fail(`"${flag}" is ${shown2(flag)}; allowed: true or false`);
  if (member !== void 0 && typeof member !== "string")
    fail(`"member" is ${shown2("member")}; allowed: the member or endpoint watched, a string`);
  const segment = {
    watcher,
    kind,
    key,
    prevKv: prevKv === true,
    progressNotify: progressNotify === true,
    time,
    line,
    responses: []
  };
  if (prefix === true) segment.rangeEnd = prefixRangeEnd2(key);
  else if (rangeEnd !== void 0 && rangeEnd !== "") segment.rangeEnd = rangeEnd;
  if (revision !== void 0) segment.revision = revision;
  if (member !== void 0) segment.member = member;
  return segment;
}
function optionalRevision(value, field, fail, min, what = "a whole number") {
  if (value === void 0) return void 0;
  if (!isWhole(value) || value < min)
    fail(`${field} is ${JSON.stringify(value)}; allowed: ${what}${min > 0 ? ` \u2265 ${min}` : ""}`);
  return value;
}
function responseFrom(record, watcher, time, line, fail, shown2) {
  const { events = [], progressNotify, canceled } = record;
  if (!Array.isArray(events)) fail(`"events" is ${shown2("events")}; allowed: a list of events`);
  for (const flag of ["progressNotify", "canceled"])
    if (record[flag] !== void 0 && typeof record[flag] !== "boolean")
      fail(`"${flag}" is ${shown2(flag)}; allowed: true or false`);
  const response = {
    watcher,
    time,
    line,
    events: events.map((event, index) => eventOf(event, `"events"[${index}]`, fail)),
    progressNotify: progressNotify === true,
    canceled: canceled === true
  };
  const revision = optionalRevision(record.revision, '"revision"', fail, 1, "the response header's revision");
  if (revision !== void 0) response.revision = revision;
  if (response.progressNotify && revision === void 0)
    fail(`a progress notification needs "revision", the revision up to which every event was sent`);
  const compact = optionalRevision(record.compactRevision, '"compactRevision"', fail, 1, "the compacted revision");
  if (compact !== void 0) response.compactRevision = compact;
  return response;
}
function eventOf(event, field, fail) {
  const e = typeof event === "object" && event !== null && !Array.isArray(event) ? event : void 0;
  if (!e) return fail(`${field} is ${JSON.stringify(event)}; allowed: an event object`);
  const shown2 = (name) => name in e ? JSON.stringify(e[name]) : "missing";
  if (e.type !== "PUT" && e.type !== "DELETE") fail(`${field}."type" is ${shown2("type")}; allowed: PUT, DELETE`);
  if (typeof e.key !== "string") fail(`${field}."key" is ${shown2("key")}; allowed: a string`);
  if (e.type === "PUT" && typeof e.value !== "string") fail(`${field}."value" is ${shown2("value")}; allowed: a string`);
  const modRevision = optionalRevision(e.modRevision, `${field}."modRevision"`, fail, 1, "the event's revision");
  if (modRevision === void 0)
    fail(`${field}."modRevision" is missing; allowed: the event's revision, a whole number`);
  const result = { type: e.type, key: e.key, modRevision };
  if (e.type === "PUT") result.value = e.value;
  const createRevision = optionalRevision(e.createRevision, `${field}."createRevision"`, fail, 0);
  if (createRevision !== void 0) result.createRevision = createRevision;
  const version = optionalRevision(e.version, `${field}."version"`, fail, 0);
  if (version !== void 0) result.version = version;
  if (e.prevKv !== void 0 && e.prevKv !== null) {
    const p = e.prevKv;
    if (typeof p !== "object" || typeof p.value !== "string")
      fail(`${field}."prevKv" is ${shown2("prevKv")}; allowed: { "value": "...", "modRevision": N, ... } or null`);
    const prevKv = { value: p.value };
    const mod = optionalRevision(p.modRevision, `${field}."prevKv"."modRevision"`, fail, 1);
    if (mod !== void 0) prevKv.modRevision = mod;
    const create = optionalRevision(p.createRevision, `${field}."prevKv"."createRevision"`, fail, 1);
    if (create !== void 0) prevKv.createRevision = create;
    const version2 = optionalRevision(p.version, `${field}."prevKv"."version"`, fail, 1);
    if (version2 !== void 0) prevKv.version = version2;
    result.prevKv = prevKv;
  }
  return result;
}

// src/history/watch.ts
var WATCH_GUARANTEES = [
  "compaction",
  "filtered",
  "ordered",
  "unique",
  "atomic",
  "bookmarkable",
  "resumable",
  "reliable",
  "flags",
  "prev_kv"
];
var GUARANTEE_MEANING = {
  compaction: "a watch from a compacted revision is refused with the compaction error, and only such a watch",
  filtered: "every event matches the watched key or range",
  ordered: "revisions never go back on a watch",
  unique: "no event (revision and key) twice on a watch",
  atomic: "a revision's events come in one response",
  bookmarkable: "no event at or below a progress notification's revision after it",
  resumable: "a watch from revision R gets first the first event at or after R",
  reliable: "no event missing between the first and the last revision a watch covered, and none made up",
  flags: "create_revision and version agree with the writes before (a create has create_revision = mod_revision)",
  prev_kv: "prev_kv is the key value before the event"
};
var MAX_VIOLATIONS = 100;
var eventId = (revision, key) => `${revision}\0${key}`;
var q = JSON.stringify;
function matcher(segment) {
  const { key: start, rangeEnd } = segment;
  if (rangeEnd === void 0) return (key) => key === start;
  if (rangeEnd === ALL_KEYS_FROM) return (key) => key >= start;
  return (key) => key >= start && key < rangeEnd;
}
function describeWatch(segment) {
  const what = segment.rangeEnd === void 0 ? `key ${q(segment.key)}` : segment.rangeEnd === ALL_KEYS_FROM ? `keys from ${q(segment.key)}` : `range [${q(segment.key)}, ${q(segment.rangeEnd)})`;
  const from = segment.revision === void 0 ? "from now" : `from revision ${segment.revision}`;
  return `${segment.kind === "resume" ? "resumed" : "started"} at line ${segment.line}, ${what} ${from}`;
}
function describeEvent(event, revision) {
  return `${event.type} ${q(event.key)}${event.type === "PUT" ? ` = ${q(event.value)}` : ""} at revision ${revision}`;
}
function describeState(state) {
  if (!state.exists) return "no previous value (the key was absent)";
  const parts = [`value ${q(state.value)}`];
  if (state.modRevision !== void 0) parts.push(`mod_revision ${state.modRevision}`);
  if (state.createRevision !== void 0) parts.push(`create_revision ${state.createRevision}`);
  if (state.version !== void 0) parts.push(`version ${state.version}`);
  return parts.join(", ");
}
function checkWatch(history) {
  const { writes, compactions, segments } = history;
  const violations = [];
  const rank = new Map(WATCH_GUARANTEES.map((g, i) => [g, i]));
  const violate = (guarantee, segment, line, expected, got, revision, key) => {
    const violation = {
      guarantee,
      watcher: segment.watcher,
      line,
      watchLine: segment.line,
      expected,
      got
    };
    if (revision !== void 0) violation.revision = revision;
    if (key !== void 0) violation.key = key;
    violations.push(violation);
  };
  const known = /* @__PURE__ */ new Map();
  const exact = /* @__PURE__ */ new Map();
  let withRevision = 0;
  for (const write of writes) {
    if (write.outcome !== "ok" || write.revision === void 0) continue;
    withRevision++;
    const revision = write.revision;
    if (write.f === "delete" && write.deleted === 0) continue;
    let certain = write.ops.length > 0;
    for (const op of write.ops) {
      const optional = op.f === "delete" && !(write.f === "delete" && write.deleted !== void 0);
      if (optional) certain = false;
      const entry = {
        type: op.f === "put" ? "PUT" : "DELETE",
        key: op.key,
        revision,
        optional,
        from: `the ${write.f} acknowledged at line ${write.completeLine ?? write.invokeLine}`,
        ackTime: write.returnTime
      };
      if (op.f === "put") entry.value = op.value;
      known.set(eventId(revision, op.key), entry);
    }
    if (certain) exact.set(revision, write);
  }
  const unlocatedPuts = /* @__PURE__ */ new Map();
  const unlocatedDeletes = /* @__PURE__ */ new Map();
  const putAt = /* @__PURE__ */ new Map();
  for (const write of writes) {
    if (write.outcome === "fail") continue;
    const acked = write.outcome === "ok" && write.revision !== void 0;
    for (const op of write.ops) {
      if (op.f === "put") {
        const id = `${op.key}\0${op.value}`;
        if (acked) putAt.set(id, write);
        else pushTo(unlocatedPuts, id, write);
      } else if (!acked) pushTo(unlocatedDeletes, op.key, write);
    }
  }
  let events = 0;
  let responses = 0;
  let progressNotifications = 0;
  for (const segment of segments) {
    for (const response of segment.responses) {
      responses++;
      if (response.progressNotify) progressNotifications++;
      for (const event of response.events) {
        events++;
        explain(segment, response, event);
      }
    }
  }
  function explain(segment, response, event) {
    const revision = event.modRevision;
    const id = eventId(revision, event.key);
    const entry = known.get(id);
    const got = describeEvent(event, revision);
    if (entry) {
      if (entry.type !== event.type || event.type === "PUT" && entry.value !== event.value) {
        violate(
          "reliable",
          segment,
          response.line,
          `${describeEvent(entry, revision)} (${entry.from})`,
          got,
          revision,
          event.key
        );
        return;
      }
      if (entry.optional) {
        entry.optional = false;
      }
      if (entry.createRevision === void 0 && event.createRevision !== void 0)
        entry.createRevision = event.createRevision;
      if (entry.version === void 0 && event.version !== void 0) entry.version = event.version;
      return;
    }
    const whole = exact.get(revision);
    if (whole) {
      violate(
        "reliable",
        segment,
        response.line,
        `only the events of the ${whole.f} acknowledged at line ${whole.completeLine} at revision ${revision}`,
        got,
        revision,
        event.key
      );
      return;
    }
    let ackTime;
    if (writes.length > 0) {
      if (event.type === "PUT") {
        const valueId = `${event.key}\0${event.value}`;
        const candidates = unlocatedPuts.get(valueId);
        const acked = putAt.get(valueId);
        if (!candidates || candidates.length === 0) {
          const expected = acked ? `${q(event.value)} at revision ${acked.revision}, where its write was acknowledged (line ${acked.completeLine})` : `a value some put of ${q(event.key)} that may have taken effect wrote`;
          violate("reliable", segment, response.line, expected, got, revision, event.key);
          return;
        }
        const write = candidates.pop();
        if (write.outcome === "ok") ackTime = write.returnTime;
      } else {
        const candidates = unlocatedDeletes.get(event.key);
        if (!candidates || candidates.length === 0) {
          violate(
            "reliable",
            segment,
            response.line,
            `a delete of ${q(event.key)} at revision ${revision} that may have taken effect`,
            got,
            revision,
            event.key
          );
          return;
        }
        const write = candidates.pop();
        if (write.outcome === "ok") ackTime = write.returnTime;
      }
    }
    const entry2 = {
      type: event.type,
      key: event.key,
      revision,
      optional: false,
      from: `delivered to watcher ${segment.watcher} at line ${response.line}`
    };
    if (event.value !== void 0) entry2.value = event.value;
    if (ackTime !== void 0) entry2.ackTime = ackTime;
    if (event.createRevision !== void 0) entry2.createRevision = event.createRevision;
    if (event.version !== void 0) entry2.version = event.version;
    known.set(id, entry2);
  }
  const byKey = /* @__PURE__ */ new Map();
  for (const entry of known.values()) pushTo(byKey, entry.key, entry);
  const all = [];
  let lowest = Infinity;
  let highest = 0;
  for (const entry of known.values()) {
    lowest = Math.min(lowest, entry.revision);
    highest = Math.max(highest, entry.revision);
  }
  const incompleteKeys = /* @__PURE__ */ new Set();
  const hasUnlocated = (map, keyOf, needOk) => {
    for (const [id, list] of map)
      for (const w of list) if (!needOk || w.outcome === "ok") incompleteKeys.add(keyOf(id));
  };
  const covering = segments.filter(
    (s) => s.responses.length > 0 && (s.revision ?? Infinity) <= lowest && coveredUpTo(s) >= highest
  );
  const covered = (key) => covering.some((s) => matcher(s)(key));
  hasUnlocated(unlocatedPuts, (id) => id.slice(0, id.indexOf("\0")), true);
  hasUnlocated(unlocatedDeletes, (id) => id, true);
  for (const [id, list] of unlocatedPuts) {
    const key = id.slice(0, id.indexOf("\0"));
    if (list.length > 0 && !covered(key)) incompleteKeys.add(key);
  }
  for (const [key, list] of unlocatedDeletes) if (list.length > 0 && !covered(key)) incompleteKeys.add(key);
  let wholeUpTo = 1;
  while (exact.has(wholeUpTo + 1)) wholeUpTo++;
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.revision - b.revision);
    const judged = !incompleteKeys.has(key);
    let state = list[0].revision <= wholeUpTo + 1 ? { exists: false } : void 0;
    const kept = [];
    for (const entry of list) {
      if (entry.optional && state !== void 0) {
        if (!state.exists) continue;
        entry.optional = false;
      }
      entry.before = judged ? state : void 0;
      if (entry.optional) {
        state = void 0;
      } else if (entry.type === "DELETE") {
        state = { exists: false };
      } else {
        const next = { exists: true, value: entry.value, modRevision: entry.revision };
        if (state && !state.exists) {
          next.createRevision = entry.revision;
          next.version = 1;
        } else if (state?.createRevision !== void 0 && state.version !== void 0) {
          next.createRevision = state.createRevision;
          next.version = state.version + 1;
        } else {
          next.createRevision = entry.createRevision;
          next.version = entry.version;
        }
        state = next;
      }
      kept.push(entry);
      all.push(entry);
    }
    byKey.set(key, kept);
  }
  all.sort((a, b) => a.revision - b.revision || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const compactedBy = compactionsOf(compactions, segments);
  let largestDelay = null;
  let eventsNotJudgedOnFlags = 0;
  const revisionsKnown = withRevision > 0 || writes.length === 0;
  for (const segment of segments) {
    const matches = matcher(segment);
    const seen = /* @__PURE__ */ new Set();
    let lastEvent = 0;
    let lastProgress = 0;
    let previousResponseLast = 0;
    let refused;
    for (const response of segment.responses) {
      if (response.compactRevision !== void 0) {
        refused = response;
        const start = segment.revision;
        if (start === void 0 || start >= response.compactRevision)
          violate(
            "compaction",
            segment,
            response.line,
            `events from ${start === void 0 ? "now" : `revision ${start}`}, which compaction at ${response.compactRevision} keeps`,
            `the compaction error, compact revision ${response.compactRevision}`
          );
      }
      const evs = response.events;
      if (evs.length > 0) {
        if (evs[0].modRevision === previousResponseLast)
          violate(
            "atomic",
            segment,
            response.line,
            `the events of revision ${previousResponseLast} in one response`,
            `more of them after the response that ended at revision ${previousResponseLast}`,
            previousResponseLast,
            evs[0].key
          );
        previousResponseLast = evs[evs.length - 1].modRevision;
      }
      for (const event of evs) {
        const revision = event.modRevision;
        const got = describeEvent(event, revision);
        if (!matches(event.key))
          violate(
            "filtered",
            segment,
            response.line,
            `events of the watch's ${describeWatch(segment).split(", ")[1]}`,
            got,
            revision,
            event.key
          );
        if (revision < lastEvent)
          violate("ordered", segment, response.line, `a revision at or after ${lastEvent}`, got, revision, event.key);
        const id = eventId(revision, event.key);
        if (seen.has(id))
          violate(
            "unique",
            segment,
            response.line,
            `${q(event.key)} at revision ${revision} once`,
            `${got} again`,
            revision,
            event.key
          );
        seen.add(id);
        if (revision <= lastProgress)
          violate(
            "bookmarkable",
            segment,
            response.line,
            `events after revision ${lastProgress}, which a progress notification reported complete`,
            got,
            revision,
            event.key
          );
        lastEvent = revision;
        const entry = known.get(id);
        if (entry?.ackTime !== void 0 && entry.ackTime >= segment.time && entry.ackTime !== Infinity) {
          const delay = Math.max(0, response.time - entry.ackTime);
          if (largestDelay === null || delay > largestDelay) largestDelay = delay;
        }
        if (entry && entry.type === event.type && (event.type === "DELETE" || entry.value === event.value)) {
          if (entry.before === void 0) eventsNotJudgedOnFlags++;
          else judgeFlags(segment, response, event, entry.before);
        }
      }
      if (response.progressNotify) lastProgress = Math.max(lastProgress, response.revision);
    }
    const compacted = compactedBy(segment.time);
    if (segment.revision !== void 0 && compacted !== void 0 && segment.revision < compacted.revision && !refused) {
      const first2 = segment.responses.find((r) => r.events.length > 0);
      if (first2 || segment.endLine !== void 0)
        violate(
          "compaction",
          segment,
          first2?.line ?? segment.endLine,
          `the compaction error: revision ${segment.revision} is below the compaction at ${compacted.revision} (${compacted.from})`,
          first2 ? describeEvent(first2.events[0], first2.events[0].modRevision) : "no answer before the watch ended",
          segment.revision
        );
    }
    if (refused || !revisionsKnown) continue;
    const delivered = firstEvent(segment);
    if (segment.revision !== void 0 && delivered) {
      const wanted = nextEvent(segment.revision, matches, segment.rangeEnd === void 0 ? segment.key : void 0);
      const gotRevision = delivered.event.modRevision;
      const got = describeEvent(delivered.event, gotRevision);
      if (gotRevision < segment.revision)
        violate(
          "resumable",
          segment,
          delivered.response.line,
          `a first event at or after revision ${segment.revision}`,
          got,
          gotRevision,
          delivered.event.key
        );
      else if (wanted && gotRevision > wanted.revision)
        violate(
          "resumable",
          segment,
          delivered.response.line,
          `${describeEvent(wanted, wanted.revision)} first (${wanted.from})`,
          got,
          wanted.revision,
          wanted.key
        );
    }
    const first = firstRevision(segment);
    const last = coveredUpTo(segment);
    if (first === void 0 || last < first) continue;
    const candidates = segment.rangeEnd === void 0 ? byKey.get(segment.key) ?? [] : all;
    for (let i = lowerBound(candidates, first); i < candidates.length && candidates[i].revision <= last; i++) {
      const entry = candidates[i];
      if (entry.optional || !matches(entry.key) || seen.has(eventId(entry.revision, entry.key))) continue;
      const response = segment.responses.find((r) => coverage(r) >= entry.revision);
      violate(
        "reliable",
        segment,
        response.line,
        `${describeEvent(entry, entry.revision)} (${entry.from}) by the response that covers revision ${entry.revision}`,
        response.progressNotify ? `a progress notification at revision ${response.revision} without it` : `no such event; this response goes on to revision ${coverage(response)}`,
        entry.revision,
        entry.key
      );
    }
  }
  function judgeFlags(segment, response, event, before) {
    const revision = event.modRevision;
    const got = describeEvent(event, revision);
    if (event.type === "DELETE") {
      if (!before.exists)
        violate(
          "flags",
          segment,
          response.line,
          `no DELETE event: ${q(event.key)} was absent before revision ${revision}`,
          got,
          revision,
          event.key
        );
    } else if (!before.exists) {
      if (event.createRevision !== void 0 && event.createRevision !== revision || event.version !== void 0 && event.version !== 1)
        violate(
          "flags",
          segment,
          response.line,
          `a create: create_revision ${revision}, version 1 (the key was absent before)`,
          `${got} with create_revision ${event.createRevision}, version ${event.version}`,
          revision,
          event.key
        );
    } else {
      const createOk = event.createRevision === void 0 || before.createRevision === void 0 || event.createRevision === before.createRevision;
      const versionOk = event.version === void 0 || before.version === void 0 || event.version === before.version + 1;
      if (!createOk || !versionOk || event.createRevision === revision)
        violate(
          "flags",
          segment,
          response.line,
          `a modification: create_revision ${before.createRevision ?? "(unknown)"}, version ${before.version === void 0 ? "(unknown)" : before.version + 1}`,
          `${got} with create_revision ${event.createRevision}, version ${event.version}`,
          revision,
          event.key
        );
    }
    const prev = event.prevKv;
    if (!segment.prevKv || !prev) return;
    const wrong = !before.exists || prev.value !== before.value || prev.modRevision !== void 0 && before.modRevision !== void 0 && prev.modRevision !== before.modRevision || prev.createRevision !== void 0 && before.createRevision !== void 0 && prev.createRevision !== before.createRevision || prev.version !== void 0 && before.version !== void 0 && prev.version !== before.version;
    if (wrong)
      violate(
        "prev_kv",
        segment,
        response.line,
        describeState(before),
        `prev_kv ${describeState({ exists: true, ...prev })} on ${got}`,
        revision,
        event.key
      );
  }
  function nextEvent(from, matches, key) {
    const list = key === void 0 ? all : byKey.get(key) ?? [];
    for (let i = lowerBound(list, from); i < list.length; i++)
      if (!list[i].optional && matches(list[i].key)) return list[i];
    return void 0;
  }
  violations.sort((a, b) => a.line - b.line || rank.get(a.guarantee) - rank.get(b.guarantee));
  const notChecked = [];
  if (writes.length === 0) {
    for (const guarantee of ["reliable", "resumable", "flags", "prev_kv"])
      notChecked.push({ guarantee, reason: "the history has no writes" });
  } else if (withRevision === 0) {
    for (const guarantee of ["reliable", "resumable"])
      notChecked.push({ guarantee, reason: "no acknowledged write carries the revision etcd returned" });
  }
  if (compactions.length === 0 && !segments.some((s) => s.responses.some((r) => r.compactRevision !== void 0)))
    notChecked.push({ guarantee: "compaction", reason: "the history has no compaction" });
  const ok = violations.length === 0;
  return {
    ok,
    verdict: ok ? "hold" : "violated",
    summary: {
      watchers: history.watchers,
      watches: segments.length,
      resumptions: history.resumptions,
      responses,
      progressNotifications,
      events,
      eventsNotJudgedOnFlags,
      largestDelay
    },
    violations: violations.slice(0, MAX_VIOLATIONS),
    violationCount: violations.length,
    notChecked
  };
}
function pushTo(map, key, value) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
function lowerBound(list, revision) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (list[mid].revision < revision) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function coverage(response) {
  if (response.progressNotify) return response.revision;
  const events = response.events;
  return events.length > 0 ? events[events.length - 1].modRevision : 0;
}
function coveredUpTo(segment) {
  for (let i = segment.responses.length - 1; i >= 0; i--) {
    const covered = coverage(segment.responses[i]);
    if (covered > 0) return covered;
  }
  return 0;
}
function firstRevision(segment) {
  if (segment.revision !== void 0) return segment.revision;
  const first = segment.responses[0];
  if (!first) return void 0;
  if (first.events.length > 0) return first.events[0].modRevision;
  return first.revision === void 0 ? void 0 : first.revision + 1;
}
function firstEvent(segment) {
  for (const response of segment.responses)
    if (response.events.length > 0) return { event: response.events[0], response };
  return void 0;
}
function compactionsOf(compactions, segments) {
  const points = [];
  for (const c of compactions)
    if (c.outcome === "ok")
      points.push({ time: c.returnTime, revision: c.revision, from: `compaction acknowledged, line ${c.line}` });
  for (const s of segments)
    for (const r of s.responses)
      if (r.compactRevision !== void 0)
        points.push({
          time: r.time,
          revision: r.compactRevision,
          from: `compaction error to watcher ${s.watcher}, line ${r.line}`
        });
  points.sort((a, b) => a.time - b.time);
  return (time) => {
    let best;
    for (const p of points) {
      if (p.time >= time) break;
      if (!best || p.revision > best.revision) best = p;
    }
    return best;
  };
}
var count2 = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function renderWatchText(result) {
  const s = result.summary;
  const figures = `${count2(s.watchers, "watcher")} (${count2(s.resumptions, "resumption")}), ${count2(s.watches, "watch", "watches")}, ${count2(s.responses, "response")}, ${count2(s.events, "event")} checked; largest delivery delay ${s.largestDelay ?? "not measured"}`;
  const lines = [`watch guarantees ${result.ok ? "hold" : "violated"}: ${figures}`];
  for (const { guarantee, reason } of result.notChecked) lines.push(`not checked: ${guarantee} (${reason})`);
  if (s.eventsNotJudgedOnFlags > 0)
    lines.push(
      `not judged on prev_kv and create/modify fields: ${count2(s.eventsNotJudgedOnFlags, "event")} whose key's earlier writes are not all known`
    );
  if (!result.ok) {
    lines.push("", `${count2(result.violationCount, "violation")}; the first:`);
    lines.push(...violationText(result.violations[0]));
    if (result.violations.length > 1) {
      lines.push("", "then:");
      for (const v of result.violations.slice(1, 10))
        lines.push(`  ${v.guarantee}: watcher ${v.watcher}, line ${v.line}`);
    }
  }
  return `${lines.join("\n")}
`;
}
function violationText(v) {
  return [
    `watcher ${v.watcher}, response at line ${v.line} (watch at line ${v.watchLine}): broke ${v.guarantee}: ${GUARANTEE_MEANING[v.guarantee]}`,
    `  expected: ${v.expected}`,
    `  got:      ${v.got}`
  ];
}
function watchJson(result) {
  return {
    verdict: result.verdict,
    summary: { ...result.summary },
    notChecked: result.notChecked,
    violationCount: result.violationCount,
    violations: result.violations
  };
}

// src/checks/watch-known-bugs.ts
var KNOWN_WATCH_BUGS = [
  {
    guarantees: ["bookmarkable"],
    what: "requested watcher progress notifications are not synchronised with the stream",
    fixedIn: { "3.4": "3.4.25", "3.5": "3.5.8" },
    fixes: "etcd-io/etcd#15697 (3.4), #15695 (3.5)"
  },
  {
    // A watch from the compaction's revision misses the DELETE there: the first event it was due
    // (resumable) or one within what its first response covers (reliable).
    guarantees: ["resumable", "reliable"],
    expects: /^DELETE /,
    what: "a compaction removed the tombstone at its own revision, so a watch starting there missed the DELETE",
    fixedIn: { "3.4": "3.4.34", "3.5": "3.5.16" },
    fixes: "etcd-io/etcd#18475 (3.4), #18474 (3.5)"
  }
];
function knownWatchBug(guarantee, version, expected = "") {
  if (version === void 0) return void 0;
  const release = parseEtcdVersion(version);
  const fixedIn = (bug) => release.rulesOf === void 0 ? bug.fixedIn[release.minor] : void 0;
  return KNOWN_WATCH_BUGS.find((bug) => {
    const fix = fixedIn(bug);
    return bug.guarantees.includes(guarantee) && (bug.expects === void 0 || bug.expects.test(expected)) && fix !== void 0 && !isAtLeast(release, fix);
  });
}
function knownWatchBugText(bug, version) {
  return `etcd ${version} has a known bug that breaks it, fixed in ${bug.fixedIn[parseEtcdVersion(version).minor]} (${bug.what}; ${bug.fixes})`;
}

// src/checks/watch.ts
var WATCH_WRITERS = 3;
var WATCH_KEYS = 4;
var POLL_MS7 = 10;
var STATUS_TIMEOUT_MS6 = 250;
var REQUEST_TIMEOUT_MS10 = 5e3;
var MAX_OPERATIONS_PER_WRITER = 2e4;
var COMPACT_EVERY_MS = 300;
var COMPACT_BEHIND_ELECTIONS = 4;
var PROGRESS_EVERY_MS = 200;
var CATCH_UP_MS = 5e3;
var COMPACTED_ANSWER_MS = 3e3;
var RESUME_PAUSE_MS = 50;
var MAX_RESUMES = 200;
var LineRecorder = class {
  constructor(clock) {
    this.clock = clock;
    this.start = clock.now();
  }
  clock;
  lines = [];
  start;
  record(record) {
    const time = Math.round((this.clock.now() - this.start) * 1e3) / 1e3;
    this.lines.push(JSON.stringify({ ...record, time }));
  }
  text() {
    return this.lines.join("\n") + "\n";
  }
};
function responseRecord(watcher, response) {
  const record = {
    watch: "response",
    watcher,
    // A response etcd sends without a header (a watch canceled for want of a leader) has no revision.
    ...response.revision > 0 ? { revision: response.revision } : {},
    events: response.events.map((event) => {
      const out = { type: event.type, key: event.kv.key, modRevision: event.kv.modRevision };
      if (event.type === "PUT")
        Object.assign(out, {
          value: event.kv.value,
          createRevision: event.kv.createRevision,
          version: event.kv.version
        });
      if (event.prevKv)
        out.prevKv = {
          value: event.prevKv.value,
          modRevision: event.prevKv.modRevision,
          createRevision: event.prevKv.createRevision,
          version: event.prevKv.version
        };
      return out;
    })
  };
  if (response.progressNotify) record.progressNotify = true;
  if (response.compactRevision > 0) record.compactRevision = response.compactRevision;
  if (response.canceled) record.canceled = true;
  return record;
}
var Watcher = class {
  constructor(plan, ctx, recorder, newestAcknowledged) {
    this.plan = plan;
    this.ctx = ctx;
    this.recorder = recorder;
    this.newestAcknowledged = newestAcknowledged;
  }
  plan;
  ctx;
  recorder;
  newestAcknowledged;
  stream;
  /** The highest revision up to which it knows every event was delivered (an event's, a progress notification's). */
  delivered = 0;
  /** The revision to resume at. */
  next;
  /** The compaction that refused it, if one did. */
  compacted;
  /** Why its last stream ended, when it broke. */
  lastError;
  resumes = 0;
  stopped = false;
  at = 0;
  resuming;
  get member() {
    return this.plan.members[this.at % this.plan.members.length];
  }
  /** Opens the watch: from `startRevision`, or from now. */
  start(startRevision) {
    const { request, id } = this.plan;
    const record = { watch: "start", watcher: id, key: request.key };
    if (request.prefix) record.prefix = true;
    if (startRevision !== void 0) record.revision = startRevision;
    Object.assign(record, {
      prevKv: request.prevKv === true,
      progressNotify: request.progressNotify === true,
      member: this.member.name
    });
    this.recorder.record(record);
    this.open(startRevision);
  }
  open(startRevision) {
    const fromNow = startRevision === void 0;
    if (fromNow) this.next = this.newestAcknowledged() + 1;
    else this.next = startRevision;
    const stream = this.ctx.client.watch(
      this.member.clientUrl,
      { ...this.plan.request, startRevision, requireLeader: true },
      (response) => {
        if (this.stream !== stream) return;
        if (response.created && !response.canceled && response.compactRevision === 0) {
          if (fromNow) this.seen(response.revision);
          return;
        }
        this.recorder.record(responseRecord(this.plan.id, response));
        for (const event of response.events) this.seen(event.kv.modRevision);
        if (response.progressNotify) this.seen(response.revision);
        if (response.compactRevision > 0) {
          this.compacted = response.compactRevision;
          this.stopped = true;
          this.stream = void 0;
          stream.cancel();
        } else if (response.canceled) {
          this.lastError = `canceled: ${response.cancelReason || "no reason given"}`;
          this.stream = void 0;
          stream.cancel();
          this.resume();
        }
      },
      (error) => {
        if (this.stream !== stream) return;
        this.stream = void 0;
        this.lastError = error ? errorMessage(error) : "the stream ended";
        this.resume();
      }
    );
    this.stream = stream;
  }
  seen(revision) {
    if (revision > this.delivered) this.delivered = revision;
    if (revision + 1 > (this.next ?? 0)) this.next = revision + 1;
  }
  /** Opens the watch again on the next member, after a pause, from the revision after the last delivered. */
  resume() {
    if (this.stopped || this.resuming) return;
    if (this.resumes >= MAX_RESUMES) {
      this.stopped = true;
      return;
    }
    this.resuming = (async () => {
      await this.ctx.clock.sleep(RESUME_PAUSE_MS);
      this.resuming = void 0;
      if (this.stopped) return;
      this.at++;
      this.resumes++;
      const revision = Math.max(1, this.next ?? this.newestAcknowledged() + 1);
      this.recorder.record({ watch: "resume", watcher: this.plan.id, revision, member: this.member.name });
      try {
        this.open(revision);
      } catch (error) {
        this.lastError = errorMessage(error);
        this.resume();
      }
    })();
  }
  requestProgress() {
    this.stream?.requestProgress();
  }
  /** Cancels its stream and stops resuming; records the cancel once. */
  async stop() {
    const wasStopped = this.stopped;
    this.stopped = true;
    await this.resuming;
    const stream = this.stream;
    this.stream = void 0;
    stream?.cancel();
    if (!wasStopped || stream) this.recorder.record({ watch: "cancel", watcher: this.plan.id });
  }
};
var TXN_EVERY = 4;
async function runWriter(ctx, recorder, process2, keys, stopped, timeoutMs, revisions) {
  const members = ctx.spec.members;
  let at = process2 % members.length;
  for (let sequence = 0; sequence < MAX_OPERATIONS_PER_WRITER && !stopped(); sequence++) {
    const index = Math.floor(Math.random() * keys.length);
    const key = keys[index];
    const value = `w${process2}-${sequence}`;
    let write;
    if (keys.length > 1 && Math.random() < 1 / TXN_EVERY) {
      const other = keys[(index + 1 + Math.floor(Math.random() * (keys.length - 1))) % keys.length];
      write = {
        ops: [
          { f: "put", key, value },
          Math.random() < 0.5 ? { f: "put", key: other, value: `${value}-2` } : { f: "delete", key: other }
        ]
      };
    } else write = { key, value: Math.random() < 0.75 ? value : void 0 };
    const ok = await recordWrite(ctx, recorder, process2, members[at].clientUrl, timeoutMs, revisions, write);
    if (!ok) at = (at + 1) % members.length;
  }
}
async function recordWrite(ctx, recorder, process2, endpoint, timeoutMs, revisions, write) {
  const options = { timeoutMs, requireLeader: true };
  const acknowledged = (revision) => {
    revisions.newest = Math.max(revisions.newest, revision);
    revisions.first ??= revision;
    revisions.acknowledged.push({ at: ctx.clock.now(), revision });
    return revision;
  };
  if ("ops" in write) {
    const { ops } = write;
    recorder.record({ process: process2, type: "invoke", f: "txn", ops });
    try {
      const { revision, succeeded } = await ctx.client.txn(endpoint, ops, options);
      if (!succeeded) {
        recorder.record({ process: process2, type: "ok", f: "txn", revision, ops: [] });
        return revision;
      }
      recorder.record({ process: process2, type: "ok", f: "txn", revision });
      return acknowledged(revision);
    } catch (error) {
      recorder.record({ process: process2, type: outcomeOfError(error), f: "txn" });
      return void 0;
    }
  }
  const { key, value } = write;
  if (value !== void 0) {
    recorder.record({ process: process2, type: "invoke", f: "put", key, value });
    try {
      const revision = await ctx.client.put(endpoint, key, value, options);
      recorder.record({ process: process2, type: "ok", f: "put", key, value, revision });
      return acknowledged(revision);
    } catch (error) {
      recorder.record({ process: process2, type: outcomeOfError(error), f: "put", key, value });
      return void 0;
    }
  }
  recorder.record({ process: process2, type: "invoke", f: "delete", key });
  try {
    const { revision, deleted } = await ctx.client.delete(endpoint, key, options);
    recorder.record({ process: process2, type: "ok", f: "delete", key, revision, deleted });
    return deleted > 0 ? acknowledged(revision) : revision;
  } catch (error) {
    recorder.record({ process: process2, type: outcomeOfError(error), f: "delete", key });
    return void 0;
  }
}
var ALREADY_COMPACTED = /required revision has been compacted/;
async function recordCompaction(ctx, recorder, process2, endpoint, revision, timeoutMs) {
  recorder.record({ process: process2, type: "invoke", f: "compact", revision });
  try {
    await ctx.client.compact(endpoint, revision, { timeoutMs, requireLeader: true });
    recorder.record({ process: process2, type: "ok", f: "compact" });
    return "ok";
  } catch (error) {
    const type = ALREADY_COMPACTED.test(errorMessage(error)) ? "fail" : outcomeOfError(error);
    recorder.record({ process: process2, type, f: "compact" });
    return type;
  }
}
function noteAcknowledged(done, revision) {
  done.acknowledged++;
  done.highestAcknowledged = Math.max(done.highestAcknowledged, revision);
}
async function runCompactor(ctx, recorder, process2, stopped, revisions, done, timeoutMs) {
  const members = ctx.spec.members;
  let at = 0;
  let last = 0;
  while (!stopped()) {
    await ctx.clock.sleep(COMPACT_EVERY_MS);
    if (stopped()) return;
    const before = ctx.clock.now() - Math.max(200, COMPACT_BEHIND_ELECTIONS * ctx.spec.timing.electionMs);
    let revision = 0;
    for (const entry of revisions.acknowledged) if (entry.at <= before) revision = Math.max(revision, entry.revision);
    if (revision <= last) continue;
    last = revision;
    const outcome = await recordCompaction(ctx, recorder, process2, members[at].clientUrl, revision, timeoutMs);
    if (outcome === "ok") noteAcknowledged(done, revision);
    if (outcome !== "fail") done.highest = Math.max(done.highest, revision);
    if (outcome !== "ok") at = (at + 1) % members.length;
  }
}
async function waitUntil(clock, boundMs, done, poke) {
  const until = clock.now() + boundMs;
  let poked = -Infinity;
  while (!done()) {
    if (clock.now() >= until) return false;
    if (poke && clock.now() - poked >= PROGRESS_EVERY_MS) {
      poke();
      poked = clock.now();
    }
    await clock.sleep(POLL_MS7);
  }
  return true;
}
function describePlan(watcher) {
  const { request, id } = watcher.plan;
  return `watcher ${id} (${request.prefix ? "prefix" : "key"} ${request.key})`;
}
function watchFiles(runId, recorder, verdict) {
  return [
    { name: `etcd-ha-watch-${runId}.jsonl`, content: recorder.text() },
    { name: `etcd-ha-watch-${runId}.txt`, content: verdict }
  ];
}
var watchCheck = defineCheck({
  name: "watch",
  proves: "watches on a key and a prefix, from now and from past revisions, deliver every event once, in order, with correct prev_kv, and resume after their member is killed, while members are killed and restarted (and cut off, and paused, where the target can) and the store is compacted",
  byDefault: false,
  minMembers: { count: 3, why: "the faults need a majority that survives the member they stop" },
  stopsMembers: true,
  needs: [],
  uses: FAULTS.flatMap((fault) => fault.needs ? [fault.needs] : []),
  async run(ctx) {
    const { spec, client, clock, logger, target } = ctx;
    const figures = {};
    const notes = [];
    const wait = {
      clock,
      timeoutMs: failoverBoundMs(spec.timing.electionMs),
      intervalMs: POLL_MS7,
      requestTimeoutMs: STATUS_TIMEOUT_MS6
    };
    const holdMs = 2 * spec.timing.electionMs;
    const operationTimeoutMs = Math.max(1e3, 2 * spec.timing.electionMs);
    const prefix = `${ctx.keyPrefix}watch/${randomBytes4(4).toString("hex")}/`;
    const keys = Array.from({ length: WATCH_KEYS }, (_, index) => `${prefix}k${index}`);
    const recorder = new LineRecorder(clock);
    const revisions = { newest: 0, acknowledged: [] };
    const compactions = { acknowledged: 0, highestAcknowledged: 0, highest: 0 };
    const injected = [];
    let faultError;
    const watchers = [];
    const timers = [];
    const newWatcher = (plan) => {
      const watcher = new Watcher({ ...plan, id: watchers.length + 1 }, ctx, recorder, () => revisions.newest);
      watchers.push(watcher);
      return watcher;
    };
    try {
      const start = await waitForAgreedLeader(spec, client, wait);
      const victim = start.leader;
      const victimId = start.leaderId;
      const others = spec.members.filter((member) => member !== victim);
      const order = (first) => [first, ...spec.members.filter((member) => member !== first)];
      newWatcher({ request: { key: prefix, prefix: true, prevKv: true }, members: order(victim), asksProgress: false });
      newWatcher({ request: { key: keys[0], prevKv: true }, members: order(victim), asksProgress: true });
      newWatcher({
        request: { key: prefix, prefix: true, progressNotify: true },
        members: order(others[0]),
        asksProgress: true
      });
      for (const watcher of watchers) watcher.start();
      const loadStarted = clock.now();
      let stopped = false;
      const writers = Array.from(
        { length: WATCH_WRITERS },
        (_, process2) => runWriter(ctx, recorder, process2, keys, () => stopped, operationTimeoutMs, revisions)
      );
      const compactor = runCompactor(
        ctx,
        recorder,
        WATCH_WRITERS,
        () => stopped,
        revisions,
        compactions,
        operationTimeoutMs
      );
      timers.push(
        setInterval(() => {
          for (const watcher of watchers) if (watcher.plan.asksProgress) watcher.requestProgress();
        }, PROGRESS_EVERY_MS)
      );
      try {
        await clock.sleep(holdMs);
        const past = revisions.first ?? Math.max(1, revisions.newest);
        newWatcher({
          request: { key: prefix, prefix: true, prevKv: true },
          members: order(others[others.length - 1]),
          asksProgress: false
        }).start(past);
        newWatcher({ request: { key: keys[1] }, members: order(others[0]), asksProgress: false }).start(past);
        for (const [index, fault] of FAULTS.entries()) {
          const reason = fault.needs ? unsupportedFault(target, fault.needs) : void 0;
          if (reason !== void 0) {
            notes.push(`no member was ${fault.name}: ${reason}`);
            continue;
          }
          const current = await waitForAgreedLeader(spec, client, wait);
          const member = index === 0 ? victim : current.leader;
          const memberId = index === 0 ? victimId : current.leaderId;
          logger.info(`watch: ${member.name} is ${fault.name}`);
          await fault.inject(ctx, member);
          injected.push(`${member.name} ${fault.name}`);
          await waitForNewLeader(
            client,
            spec.members.filter((candidate) => candidate !== member),
            memberId,
            wait
          );
          await clock.sleep(holdMs);
          await fault.undo(ctx, member);
          await waitForAgreedLeader(spec, client, wait);
          await clock.sleep(holdMs);
        }
      } catch (error) {
        faultError = errorMessage(error);
      } finally {
        stopped = true;
        await Promise.all([...writers, compactor]);
      }
      figures.loadMs = roundMs(clock.now() - loadStarted);
      figures.faults = injected.length;
      notes.unshift(`faults: ${injected.join("; ") || "none"}`);
      try {
        await makeWhole(ctx);
      } catch (error) {
        faultError ??= `the cluster was not whole again after the faults: ${errorMessage(error)}`;
      }
      const leader = await waitForAgreedLeader(spec, client, wait).catch(() => void 0);
      const endpoint = (leader?.leader ?? spec.members[0]).clientUrl;
      const finalRevision = await recordWrite(
        ctx,
        recorder,
        WATCH_WRITERS + 1,
        endpoint,
        REQUEST_TIMEOUT_MS10,
        revisions,
        { key: keys[0], value: "final" }
      );
      const behind = [];
      if (finalRevision === void 0) faultError ??= `the final write to ${keys[0]} was not acknowledged`;
      else {
        const open = watchers.filter((watcher) => watcher.compacted === void 0);
        await waitUntil(
          clock,
          CATCH_UP_MS,
          () => open.every((watcher) => watcher.delivered >= finalRevision),
          () => open.forEach((watcher) => watcher.requestProgress())
        );
        for (const watcher of open)
          if (watcher.delivered < finalRevision)
            behind.push(
              `${describePlan(watcher)} delivered up to revision ${watcher.delivered}, not the final write's ${finalRevision}, within ${CATCH_UP_MS} ms of it` + (watcher.lastError ? ` (its last stream ended: ${watcher.lastError})` : "")
            );
      }
      for (const watcher of watchers) await watcher.stop();
      if (compactions.acknowledged === 0 && revisions.first !== void 0) {
        const revision = Math.min(revisions.newest, Math.max(revisions.first, compactions.highest + 1));
        const outcome = await recordCompaction(
          ctx,
          recorder,
          WATCH_WRITERS + 2,
          endpoint,
          revision,
          REQUEST_TIMEOUT_MS10
        );
        if (outcome === "ok") noteAcknowledged(compactions, revision);
        if (outcome !== "fail") compactions.highest = Math.max(compactions.highest, revision);
      }
      figures.compactions = compactions.acknowledged;
      if (compactions.highestAcknowledged > 1) {
        const compacted = newWatcher({
          request: { key: prefix, prefix: true },
          members: order(others[0]),
          asksProgress: false
        });
        compacted.start(compactions.highestAcknowledged - 1);
        await waitUntil(clock, COMPACTED_ANSWER_MS, () => compacted.compacted !== void 0);
        await compacted.stop();
      }
      if (finalRevision !== void 0) {
        const full = newWatcher({
          request: { key: prefix, prefix: true, prevKv: true },
          members: order(leader?.leader ?? spec.members[0]),
          asksProgress: false
        });
        full.start(Math.max(1, compactions.highest));
        const replayed = await waitUntil(
          clock,
          CATCH_UP_MS,
          () => full.delivered >= finalRevision || full.compacted !== void 0
        );
        await full.stop();
        if (!replayed)
          behind.push(
            `the final watch from revision ${Math.max(1, compactions.highest)} delivered up to revision ${full.delivered}, not the final write's ${finalRevision}, within ${CATCH_UP_MS} ms`
          );
        else if (full.compacted !== void 0)
          notes.push(
            `the final watch from revision ${compactions.highest} was refused: compacted at ${full.compacted} (a compaction whose answer was lost took effect)`
          );
      }
      const result = checkWatch(parseHistoryFile(recorder.text(), "watch history").watch);
      const { summary } = result;
      figures.eventsChecked = summary.events;
      figures.watchers = summary.watchers;
      figures.resumptions = summary.resumptions;
      if (summary.largestDelay !== null) figures.largestDeliveryDelayMs = roundMs(summary.largestDelay);
      for (const missing of result.notChecked) notes.push(`not checked: ${missing.guarantee}: ${missing.reason}`);
      const counted = `${summary.events} events on ${summary.watchers} watchers (${summary.resumptions} resumptions) under ${injected.length} faults and ${compactions.acknowledged} compactions`;
      let failure;
      if (!result.ok) {
        const first = result.violations[0];
        failure = `watch guarantees violated (${result.violationCount}): watcher ${first.watcher} broke ${first.guarantee} (${GUARANTEE_MEANING[first.guarantee]}) at history line ${first.line}: expected ${first.expected}; got ${first.got}`;
        const version = await runningVersion(ctx);
        const firstOf = new Map(
          [...result.violations].reverse().map((violation) => [violation.guarantee, violation])
        );
        for (const [guarantee, violation] of firstOf) {
          const bug = knownWatchBug(guarantee, version, violation.expected);
          if (bug && version) {
            const text = `${guarantee}: ${knownWatchBugText(bug, version)}`;
            if (guarantee === first.guarantee) failure += `; ${text}`;
            else notes.push(text);
          }
        }
      } else if (faultError !== void 0) failure = `a fault did not play out: ${faultError}`;
      else if (behind.length > 0) failure = behind[0];
      notes.push(...behind.slice(failure === behind[0] ? 1 : 0));
      if (failure === void 0)
        return {
          status: "pass",
          summary: `${counted}: filtered, ordered, unique, atomic, resumable, reliable, with correct prev_kv; every watcher delivered the final write`,
          figures,
          notes
        };
      const files = watchFiles(spec.runId, recorder, renderWatchText(result));
      notes.push(
        `the history and the checker's verdict are saved beside the report as ${files.map((file) => file.name).join(" and ")}; \`etcd-ha history check ${files[0].name}\` checks it again`
      );
      logger.warning(`watch: ${failure}`);
      return { status: "fail", summary: `${counted}; ${failure}`, figures, notes, files };
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const watcher of watchers) await watcher.stop().catch(() => void 0);
    }
  }
});
async function runningVersion(ctx) {
  for (const member of ctx.spec.members) {
    try {
      return (await ctx.client.status(member.clientUrl, { timeoutMs: 1e3 })).version;
    } catch {
    }
  }
  return void 0;
}

// src/checks/registry.ts
var CHECKS = [
  statusCheck,
  failoverCheck,
  quorumLossCheck,
  partitionCheck,
  membershipCheck,
  snapshotRestoreCheck,
  historyCheck,
  watchCheck,
  tlsCheck,
  // Last: the members stay on the release it moved them to.
  upgradeCheck
];
var CHECK_NAMES = CHECKS.map((check) => check.name);
var DEFAULT_CHECKS = CHECKS.filter((check) => check.byDefault).map(
  (check) => check.name
);
function checkNamed(name) {
  const check = CHECKS.find((candidate) => candidate.name === name);
  if (!check) throw new Error(`no check named ${name}`);
  return check;
}
function checksMayUse(names, fault) {
  return names.some((name) => {
    const check = checkNamed(name);
    return check.stopsMembers && (check.needs.includes(fault) || (check.uses ?? []).includes(fault));
  });
}
function isCheckName(name) {
  return CHECK_NAMES.includes(name);
}

// src/etcd/releases.ts
var DEFAULT_ETCD_VERSION = "3.6.16";
var DEFAULT_DOWNLOAD_URL = "https://github.com/etcd-io/etcd/releases/download";
var MIN_ETCD_VERSION = [3, 4, 0];

// src/options/options.ts
var DNS_NAME = /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
function parseMemberList(read) {
  const entries = read.list("member-list");
  if (entries.length === 0) return void 0;
  const allowed = "name=address entries (a DNS label, then an IP address or DNS name), one per member, comma- or newline-separated";
  const list = entries.map((entry) => {
    const [name, address, ...rest] = entry.split("=");
    if (!name || !address || rest.length > 0 || !DNS_LABEL.test(name) || isIP3(address) === 0 && !DNS_NAME.test(address)) {
      read.fail("member-list", entry, allowed);
    }
    return { name, address };
  });
  for (const key of ["name", "address"]) {
    const seen = /* @__PURE__ */ new Set();
    for (const member of list) {
      if (seen.has(member[key]))
        read.fail("member-list", read.raw("member-list") ?? "", `${allowed}; the ${key} ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  if (list.length > 9)
    read.fail("member-list", read.raw("member-list") ?? "", `at most 9 members (${list.length} given)`);
  return list;
}
function parseTopology(read, target = { kind: DEFAULT_TARGET_KIND }, { freeLoopbackBlock = false } = {}) {
  const addressing = targetAddressing(target);
  for (const { name, allowed } of addressing.refused) {
    const value = read.raw(name);
    if (value !== void 0) read.fail(name, value, allowed);
  }
  const memberList = addressing.implied?.list ?? parseMemberList(read);
  const members = read.integer("members", memberList?.length ?? 3, 1, 9);
  if (memberList && members !== memberList.length) {
    const source = addressing.implied?.option ?? "member-list";
    read.fail("members", String(members), `${memberList.length}, the number of entries in ${source} (or leave it out)`);
  }
  const baseAddress = read.raw("base-address") ?? addressing.defaultBase({ freeLoopbackBlock });
  const baseProblem = addressing.baseProblem(baseAddress.split(".").map(Number), isIP3(baseAddress) === 4, members);
  if (baseProblem !== void 0) read.fail("base-address", baseAddress, baseProblem);
  const clientPort = read.integer("client-port", 2379, 1024, 65535);
  const peerPort = read.integer("peer-port", 2380, 1024, 65535);
  if (clientPort === peerPort) {
    read.fail("peer-port", String(peerPort), `a port other than the client port ${clientPort}`);
  }
  const extraSans = read.list("extra-sans");
  for (const san of extraSans) {
    if (isIP3(san) === 0 && !DNS_NAME.test(san)) {
      read.fail("extra-sans", san, "IP addresses and DNS names, separated by commas or new lines");
    }
  }
  return {
    members,
    ...memberList ? { memberList } : {},
    baseAddress,
    clientPort,
    peerPort,
    extraSans,
    certValidityDays: read.integer("cert-validity-days", 365, 1, 3650),
    keyAlgorithm: parseKeyAlgorithm(read)
  };
}
function parseKeyAlgorithm(read) {
  refuseReplacedOptions(read);
  return read.oneOf("key-algorithm", DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS);
}
function refuseReplacedOptions(read) {
  const keySize = read.raw("key-size");
  if (keySize !== void 0) {
    const name = (option) => read.label === flagLabel ? `--${option}` : option;
    const algorithm = `rsa-${keySize}`;
    const hint = KEY_ALGORITHMS.includes(algorithm) ? `${name("key-size")} '${keySize}' is ${name("key-algorithm")} ${algorithm}` : `allowed: ${name("key-algorithm")}, one of ${KEY_ALGORITHMS.join(", ")}`;
    throw new ConfigurationError(
      `${read.label("key-size")} was replaced by ${name("key-algorithm")} (e.g. rsa-2048); ${hint}`
    );
  }
}
function parseTiming(read) {
  const heartbeatMs = read.integer("heartbeat-ms", 100, 10, 1e4);
  const electionMs = read.integer("election-ms", 1e3, 50, 5e4);
  if (electionMs < 5 * heartbeatMs) {
    read.fail(
      "election-ms",
      String(electionMs),
      `at least 5 x heartbeat-ms (${5 * heartbeatMs} for heartbeat-ms ${heartbeatMs}), as etcd requires`
    );
  }
  const startupTimeoutMs = read.integer("startup-timeout-seconds", 60, 1, 600) * 1e3;
  return { heartbeatMs, electionMs, startupTimeoutMs };
}
function parseEtcdVersion2(value) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(value);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : void 0;
}
function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
function parseEtcdBinary(read) {
  const etcdVersion = read.raw("etcd-version");
  if (etcdVersion !== void 0) {
    const parsed = parseEtcdVersion2(etcdVersion);
    if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0) {
      read.fail("etcd-version", etcdVersion, `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`);
    }
  }
  const downloadUrl = read.raw("etcd-download-url") ?? DEFAULT_DOWNLOAD_URL;
  let url;
  try {
    url = new URL(downloadUrl);
  } catch {
    url = void 0;
  }
  const loopback = url !== void 0 && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
  if (!url || url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    read.fail(
      "etcd-download-url",
      downloadUrl,
      "an https URL of a folder laid out like etcd release downloads (http only to localhost, 127.x.y.z or [::1])"
    );
  }
  return {
    etcdPath: read.raw("etcd-path"),
    etcdVersion: etcdVersion?.replace(/^v/, ""),
    downloadUrl: downloadUrl.replace(/\/+$/, "")
  };
}
var IMAGE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/;
function parseUpgradeRelease(read, runsLocalBinary) {
  const etcdVersion = read.raw("upgrade-etcd-version");
  const etcdPath = read.raw("upgrade-etcd-path");
  const image = read.raw("upgrade-image");
  if (etcdVersion === void 0 && etcdPath === void 0 && image === void 0) return void 0;
  if (etcdVersion !== void 0) {
    const parsed = parseEtcdVersion2(etcdVersion);
    if (!parsed || compareVersions(parsed, MIN_ETCD_VERSION) < 0)
      read.fail(
        "upgrade-etcd-version",
        etcdVersion,
        `a release version such as ${DEFAULT_ETCD_VERSION}, 3.4.0 or later`
      );
  }
  if (runsLocalBinary && image !== void 0)
    read.fail(
      "upgrade-image",
      image,
      `nothing on this target, whose members run an etcd binary of this machine: give ${read.label("upgrade-etcd-version")} or ${read.label("upgrade-etcd-path")}`
    );
  if (!runsLocalBinary && etcdPath !== void 0)
    read.fail(
      "upgrade-etcd-path",
      etcdPath,
      `nothing on this target, whose members run images: give ${read.label("upgrade-image")} or ${read.label("upgrade-etcd-version")}`
    );
  if (image !== void 0 && !IMAGE_REFERENCE.test(image))
    read.fail("upgrade-image", image, "an image reference such as gcr.io/etcd-development/etcd:v3.5.21");
  return {
    ...etcdVersion === void 0 ? {} : { etcdVersion: etcdVersion.replace(/^v/, "") },
    ...etcdPath === void 0 ? {} : { etcdPath },
    ...image === void 0 ? {} : { image },
    downloadUrl: parseEtcdBinary(read).downloadUrl
  };
}
function parseProvidedPki(read) {
  return { pkiDir: read.raw("pki-dir"), minValidityDays: read.integer("min-cert-validity-days", 7, 0, 3650) };
}
var RELEASE_OPTIONS = ["upgrade-etcd-version", "upgrade-etcd-path", "upgrade-image"];
function parseCheckSelection(read, members, releaseGiven = false) {
  const allowed = `a list of ${CHECK_NAMES.join(", ")}, or all`;
  const names = read.list("checks");
  const raw = read.raw("checks");
  if (raw !== void 0 && names.length === 0) read.fail("checks", raw, allowed);
  const checks = [];
  const required = /* @__PURE__ */ new Set();
  for (const name of names.length === 0 ? DEFAULT_CHECKS : names) {
    if (name === "all")
      checks.push(...CHECKS.filter((check) => releaseGiven || !check.needsRelease).map((check) => check.name));
    else if (isCheckName(name)) {
      if (checkNamed(name).needsRelease && !releaseGiven)
        read.fail(
          "checks",
          name,
          `${name} only together with ${read.label(RELEASE_OPTIONS[0])}, ${read.label(RELEASE_OPTIONS[1])} or ${read.label(RELEASE_OPTIONS[2])}, which name the release it moves the members to`
        );
      checks.push(name);
      required.add(name);
    } else read.fail("checks", name, allowed);
  }
  const unique = [...new Set(checks)];
  const tooFew = CHECKS.filter((check) => required.has(check.name) && (check.minMembers?.count ?? 1) > members);
  if (tooFew.length > 0) {
    const needed = Math.max(...tooFew.map((check) => check.minMembers?.count ?? 1));
    const counts = `${needed} to 9`;
    const why = [...new Set(tooFew.map((check) => check.minMembers?.why))].join("; ");
    const fitting = unique.filter((name) => !tooFew.some((check) => check.name === name));
    const plural = (list) => list.length > 1 ? "s" : "";
    read.fail(
      "members",
      String(members),
      `${counts} for the ${tooFew.map((check) => check.name).join(" and ")} check${plural(tooFew)} (${why})` + (fitting.length > 0 ? `; to run only the ${fitting.join(" and ")} check${plural(fitting)} on ${members} member${members === 1 ? "" : "s"}, set checks to ${fitting.join(",")}` : "")
    );
  }
  return { checks: unique, optional: unique.filter((name) => !required.has(name)) };
}
function parseRounds(read) {
  return read.integer("rounds", 1, 1, MAX_ROUNDS);
}
var DECIDED_BY_CONFIG = [
  "members",
  "member-list",
  "heartbeat-ms",
  "election-ms",
  "client-port",
  "peer-port"
];
function parseConfigPath(read) {
  const config = read.raw("config");
  if (config === void 0) return void 0;
  for (const name of DECIDED_BY_CONFIG) {
    const value = read.raw(name);
    if (value !== void 0) {
      read.fail(
        name,
        value,
        `nothing together with ${read.label("config")} '${config}': the configuration decides the members, their names, ports and timing`
      );
    }
  }
  return config;
}
function parseClusterOptions(read) {
  const target = parseTarget(read);
  const config = parseConfigPath(read);
  const provided = parseProvidedPki(read);
  const topology = parseTopology(read, target, { freeLoopbackBlock: provided.pkiDir === void 0 });
  const warning = config === void 0 ? memberCountWarning(topology.members) : void 0;
  return {
    ...config === void 0 ? {} : { config },
    target,
    topology,
    timing: parseTiming(read),
    binary: parseEtcdBinary(read),
    provided,
    warnings: warning ? [warning] : []
  };
}
function parseRunOptions(read) {
  const options = parseClusterOptions(read);
  const release = parseUpgradeRelease(read, targetRunsLocalBinary(options.target.kind));
  const { checks, optional } = parseCheckSelection(read, options.topology.members, release !== void 0);
  return {
    ...options,
    checks,
    optionalChecks: optional,
    rounds: parseRounds(read),
    ...release === void 0 ? {} : { release }
  };
}
function memberCountWarning(members) {
  if (members > 1 && members % 2 === 0) {
    const tolerated = Math.floor((members - 1) / 2);
    return `members is ${members}: an even count adds no fault tolerance over ${members - 1} (both tolerate ${tolerated} failed member${tolerated === 1 ? "" : "s"}) and needs a larger quorum`;
  }
  return void 0;
}
function parseGivenCluster(read) {
  const entries = read.list("endpoints");
  if (entries.length === 0) return void 0;
  const allowed = "https://host:port or name=https://host:port entries, one per member, comma- or newline-separated";
  const members = entries.map((entry, index) => {
    const [name, rawUrl] = entry.includes("=") ? entry.split(/=(.*)/s) : [`etcd-${index + 1}`, entry];
    let url;
    try {
      url = new URL(rawUrl);
    } catch {
      url = void 0;
    }
    if (!url || url.protocol !== "https:" || !url.port || url.pathname !== "/" && url.pathname !== "" || !DNS_LABEL.test(name)) {
      return read.fail("endpoints", entry, allowed);
    }
    return { name, clientUrl: `https://${url.host}` };
  });
  for (const key of ["name", "clientUrl"]) {
    const seen = /* @__PURE__ */ new Set();
    for (const member of members) {
      if (seen.has(member[key]))
        read.fail("endpoints", read.raw("endpoints") ?? "", `${allowed}; ${member[key]} appears twice`);
      seen.add(member[key]);
    }
  }
  const pkiDir = read.raw("pki-dir");
  if (pkiDir === void 0)
    read.fail(
      "pki-dir",
      "",
      "the PKI folder of the cluster (etcd/ca.crt and apiserver-etcd-client.crt/.key, as kubeadm lays them out), with endpoints"
    );
  return { members, pkiDir, timing: parseTiming(read) };
}
function targetRunsLocalBinary(kind) {
  return targetEntry(kind).runsLocalBinary;
}

// src/util/escape.ts
var MARKDOWN_SYNTAX = /[\\`*_[\]!|~]/g;
function literalMarkdown(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(MARKDOWN_SYNTAX, (char) => `\\${char}`).replace(/\r?\n|\r/g, "<br>");
}
function escapeMarkdownCell(text) {
  return text.split(/(`[^`\n]+`)/).map((part) => /^`[^`\n]+`$/.test(part) ? markdownCode(part.slice(1, -1)) : literalMarkdown(part)).join("");
}
function markdownCode(text) {
  return `<code>${literalMarkdown(text)}</code>`;
}
function escapeTerminal(text) {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "?").replace(/\n/g, " ");
}

export {
  MAX_ROUNDS,
  isSummedFigure,
  nearestRank,
  combineRounds,
  runCheck,
  readClientTls,
  EtcdClient,
  renderHistoryText,
  historyJson,
  makeClusterPki,
  generateClusterPki,
  readStatusTable,
  READER_RULE_IDS,
  groupClusters,
  RULES,
  runRules,
  MOVED_MEMBERS_TABLE,
  parseHistoryFile,
  checkWatch,
  renderWatchText,
  watchJson,
  CHECKS,
  CHECK_NAMES,
  DEFAULT_CHECKS,
  checkNamed,
  checksMayUse,
  isCheckName,
  DEFAULT_ETCD_VERSION,
  DEFAULT_DOWNLOAD_URL,
  MIN_ETCD_VERSION,
  parseTarget,
  parseTopology,
  refuseReplacedOptions,
  parseTiming,
  parseEtcdVersion2 as parseEtcdVersion,
  compareVersions,
  parseEtcdBinary,
  parseUpgradeRelease,
  parseProvidedPki,
  parseCheckSelection,
  parseRounds,
  DECIDED_BY_CONFIG,
  parseClusterOptions,
  parseRunOptions,
  memberCountWarning,
  parseGivenCluster,
  targetRunsLocalBinary,
  escapeMarkdownCell,
  markdownCode,
  escapeTerminal
};
