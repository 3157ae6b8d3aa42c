import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  lintAndScan,
  renderJson,
  statusTable
} from "./chunk-DBON67XT.js";
import {
  ETCDCTL_ENV_FILE,
  SSH_INPUTS_DIR,
  certificateNamesMember,
  endProcess,
  isRunning,
  isStopped,
  pkiKeyAlgorithms,
  recordedTargetKind,
  removeStateFile,
  saveState,
  seal,
  shellQuote,
  signalProcess,
  stateFilePath,
  targetKind,
  validateClusterPki,
  writeEtcdctlEnv
} from "./chunk-A35AFYWL.js";
import {
  DEFAULT_ETCD_VERSION,
  EtcdClient,
  FaultUnsupportedError,
  SPARE_DIR,
  TARGET_KINDS,
  VERSION,
  buildClusterSpec,
  checkNamed,
  checksMayUse,
  clusterSpecFromConfig,
  combineRounds,
  configFiles,
  configMapping,
  etcdConfigYaml,
  etcdFlags,
  firstAsked,
  flagLabel,
  generateClusterPki,
  hostsOf,
  makeClusterPki,
  makeDirs,
  memberAddress,
  memberCountWarning,
  memberListeners,
  placeOnAddress,
  pollUntil,
  readClientTls,
  readStatusTable,
  recordedKind,
  relocatedMember,
  requireFault,
  restoreToolFor,
  runCheck,
  snapshotRestoreArgs,
  startCluster,
  tcpListeners,
  unhandledKind,
  waitForHealthyCluster,
  withPeerProxies,
  withTiming,
  writeFileNoFollow
} from "./chunk-YZPOMTMV.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-4XK2FF3S.js";

// src/targets/registry.ts
import path4 from "node:path";

// src/targets/container/container-target.ts
import { readFile as readFile2 } from "node:fs/promises";
import path from "node:path";

// src/util/tar.ts
var BLOCK = 512;
function octal(value, width) {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}
function tarArchive(files) {
  const parts = [];
  for (const file of files) {
    if (Buffer.byteLength(file.name) >= 100 || file.name.startsWith("/") || file.name.split("/").includes("..")) {
      throw new Error(`tar entry name ${file.name} is not a short relative path`);
    }
    const header = Buffer.alloc(BLOCK, 0);
    header.write(file.name, 0, "utf8");
    header.write(octal(file.mode & 4095, 8), 100, "ascii");
    header.write(octal(0, 8), 108, "ascii");
    header.write(octal(0, 8), 116, "ascii");
    header.write(octal(file.data.length, 12), 124, "ascii");
    header.write(octal(0, 12), 136, "ascii");
    header.write(" ".repeat(8), 148, "ascii");
    header.write("0", 156, "ascii");
    header.write("ustar\0", 257, "ascii");
    header.write("00", 263, "ascii");
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(octal(sum, 7) + " ", 148, "ascii");
    parts.push(header, file.data, Buffer.alloc((BLOCK - file.data.length % BLOCK) % BLOCK, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

// src/targets/container/self-container.ts
import { access, readFile } from "node:fs/promises";
import { hostname } from "node:os";
var CONTAINER_ID = /\b[0-9a-f]{64}\b/;
var MARKERS = ["/.dockerenv", "/run/.containerenv"];
function containerIdsFrom(mountinfo, cgroup) {
  const ids = [];
  for (const line of mountinfo.split("\n")) {
    const [, , , root, mountPoint] = line.split(" ");
    const id = mountPoint === "/etc/hostname" ? CONTAINER_ID.exec(root ?? "")?.[0] : void 0;
    if (id) ids.push(id);
  }
  for (const line of cgroup.split("\n")) {
    const id = /(?:docker|libpod)[-/]([0-9a-f]{64})(?:\.scope)?$/.exec(line.trim())?.[1];
    if (id) ids.push(id);
  }
  return [...new Set(ids)];
}
async function readContainerHints() {
  const read = (file) => readFile(file, "utf8").catch(() => "");
  const ids = containerIdsFrom(await read("/proc/self/mountinfo"), await read("/proc/self/cgroup"));
  const marked = await Promise.all(
    MARKERS.map(
      (file) => access(file).then(
        () => true,
        () => false
      )
    )
  );
  if (ids.length === 0 && !marked.includes(true)) return void 0;
  return { ids, hostname: hostname() };
}
async function findSelfContainer(runner, hints) {
  if (!hints) return void 0;
  const candidates = [...hints.ids.map((id) => ({ ref: id, byName: false })), { ref: hints.hostname, byName: true }];
  for (const { ref, byName } of candidates) {
    if (!ref || ref.startsWith("-")) continue;
    const result = await runner.run(
      "docker",
      [
        "inspect",
        "--type",
        "container",
        "--format",
        "{{.Id}} {{.State.Running}} {{.Config.Hostname}} {{.HostConfig.NetworkMode}} {{.HostConfig.PidMode}}",
        ref
      ],
      { timeoutMs: 2e4 }
    );
    if (result.code !== 0) continue;
    const [id, running, name, networkMode = "", pidMode = ""] = result.stdout.trim().split(" ");
    if (running !== "true" || !CONTAINER_ID.test(id ?? "")) continue;
    if (byName ? name !== hints.hostname : !id.startsWith(ref)) continue;
    return { id, networkMode, pidMode };
  }
  return void 0;
}

// src/targets/container/container-target.ts
var CONTAINER_PKI_DIR = "/etc/kubernetes/pki/etcd";
var CONTAINER_DATA_DIR = "/var/lib/etcd";
var CONTAINER_ETCD = "/usr/local/bin/etcd";
var RUN_LABEL = "io.github.etcd-ha.run";
var RESTORED_DATA_DIR = `${CONTAINER_DATA_DIR}/restored`;
var SNAPSHOT_IN_CONTAINER = "/snapshot/snapshot.db";
var RESTORE_TIMEOUT_MS = 12e4;
var DOCKER_TIMEOUT_MS = 6e4;
var PULL_TIMEOUT_MS = 6e5;
var STOP_GRACE_SECONDS = 10;
var EXIT_WAIT_MS = 15e3;
var NEIGHBOUR_SYSCTLS = ["net.ipv4.neigh.eth0.mcast_solicit=1", "net.ipv4.neigh.eth0.retrans_time_ms=100"];
var EXITING = /container state improper|could not be stopped/i;
var RM_ATTEMPTS = 5;
var RM_RETRY_MS = 200;
var ISOLATE_CHAIN = "ETCD-HA-ISOLATE";
var RESETS_PASS = ["-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "RETURN"];
function officialImage(version) {
  return `gcr.io/etcd-development/etcd:v${version}`;
}
function memberSubnet(spec) {
  const octets = spec.members[0].address.split(".");
  return `${octets.slice(0, 3).join(".")}.0/24`;
}
function memberMac(address) {
  return ["02", "42", ...address.split(".").map((octet) => Number(octet).toString(16).padStart(2, "0"))].join(":");
}
function memberInContainer(member, dataDir = CONTAINER_DATA_DIR) {
  return relocatedMember(member, { dataDir, pkiDir: CONTAINER_PKI_DIR });
}
function containerName(spec, member) {
  return `etcd-ha-${spec.runId}-${member.name}`;
}
var MEMBER_PKI_FILES = [
  "caCert",
  "serverCert",
  "serverKey",
  "peerCert",
  "peerKey",
  "healthcheckClientCert",
  "healthcheckClientKey"
];
var OPTIONAL_PKI_FILES = /* @__PURE__ */ new Set(["healthcheckClientCert", "healthcheckClientKey"]);
async function memberPkiFiles(member) {
  const inContainer = memberInContainer(member).pki;
  const files = [];
  for (const field of MEMBER_PKI_FILES) {
    let data;
    try {
      data = await readFile2(member.pki[field]);
    } catch (error) {
      if (OPTIONAL_PKI_FILES.has(field) && error.code === "ENOENT") continue;
      throw new Error(`reading ${member.name}'s ${path.basename(member.pki[field])} failed: ${errorMessage(error)}`);
    }
    files.push({ name: inContainer[field].replace(/^\/+/, ""), mode: field.endsWith("Key") ? 384 : 420, data });
  }
  return files;
}
var imageChecks = /* @__PURE__ */ new WeakMap();
function imageCheck(image, deps) {
  let byImage = imageChecks.get(deps.runner);
  if (!byImage) imageChecks.set(deps.runner, byImage = /* @__PURE__ */ new Map());
  let check = byImage.get(image);
  if (!check) {
    const ready = ensureImage(image, deps);
    ready.catch(() => void 0);
    let version;
    check = {
      ready,
      version: () => {
        if (!version) {
          version = ready.then(() => imageEtcdVersion(image, deps.runner));
          version.catch(() => void 0);
        }
        return version;
      }
    };
    byImage.set(image, check);
  }
  return check;
}
async function ensureImage(image, deps) {
  const docker = (args, timeoutMs = DOCKER_TIMEOUT_MS) => deps.runner.run("docker", args, { timeoutMs });
  if ((await docker(["image", "inspect", "--format", "{{.Id}}", image])).code === 0) return;
  const engine = await docker(["version", "--format", "{{.Server.Version}}"], 2e4);
  if (engine.code !== 0) {
    throw new ConfigurationError(
      `target is container, but the docker CLI cannot reach an engine (${engine.stderr.trim() || `exit ${engine.code}`}); allowed: a runner where \`docker version\` works (DOCKER_HOST is honoured)`
    );
  }
  deps.logger.info(`pulling ${image}`);
  const pull = await docker(["pull", "--quiet", image], PULL_TIMEOUT_MS);
  if (pull.code !== 0)
    throw new ConfigurationError(
      `image is '${image}'; it is not on this machine and could not be pulled: ${pull.stderr.trim()}`
    );
}
async function imageEtcdVersion(image, runner) {
  const version = await runner.run(
    "docker",
    ["run", "--rm", "--network", "none", "--entrypoint", CONTAINER_ETCD, image, "--version"],
    { timeoutMs: DOCKER_TIMEOUT_MS }
  );
  const match = /etcd Version: (\S+)/.exec(version.stdout);
  if (version.code !== 0 || !match) {
    throw new ConfigurationError(
      `image is '${image}'; allowed: an image with etcd at ${CONTAINER_ETCD}, as the official images have it (\`${CONTAINER_ETCD} --version\` gave exit ${version.code}: ${(version.stderr || version.stdout).trim().slice(0, 300)})`
    );
  }
  return match[1];
}
var ContainerTarget = class {
  constructor(spec, state, deps) {
    this.spec = spec;
    this.state = state;
    this.deps = deps;
  }
  spec;
  state;
  deps;
  kind = "container";
  /**
   * `isolate` needs root (or passwordless sudo), nsenter and iptables on this machine, and an engine
   * whose container PIDs are this machine's; where that is missing, it says so and the check is skipped.
   */
  faults = {
    pause: { supported: true },
    isolate: { supported: true },
    add: { supported: true }
  };
  /** Members whose container was created with the ARP settings (NEIGHBOUR_SYSCTLS) and not started since. */
  neighbourSettings = /* @__PURE__ */ new Set();
  /** The image's etcd version, asked by `preflight` and awaited by `start`. */
  versionProbe;
  /** How this machine enters a member's network namespace, once probed; or why it cannot. */
  namespaceAccess;
  /** The container the CLI runs in, when it is one of this engine's; asked once. */
  self;
  /**
   * Whether the docker CLI speaks API 1.44 or later to the engine (it takes a MAC address per network
   * only then), asked beside the network's creation; unknown before it (a create tries one, and goes without when refused).
   */
  macAddresses;
  /** Copies of members' certificates that `preflight` set going, by member name: a member starts once its copy is in. */
  handoffs = /* @__PURE__ */ new Map();
  docker(args, timeoutMs = DOCKER_TIMEOUT_MS) {
    return this.deps.runner.run("docker", args, { timeoutMs });
  }
  async dockerOk(args, what, timeoutMs = DOCKER_TIMEOUT_MS) {
    const result = await this.docker(args, timeoutMs);
    if (result.code !== 0)
      throw new Error(
        `${what} failed: docker ${args[0]} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`
      );
    return result.stdout.trim();
  }
  /** The member as its container sees it. */
  inContainer(member) {
    return memberInContainer(member, this.state.volumes?.[member.name] ? RESTORED_DATA_DIR : CONTAINER_DATA_DIR);
  }
  isSpecMember(member) {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  async recordSpare(member) {
    if (this.isSpecMember(member) || this.state.spare?.[member.name]) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.();
  }
  /**
   * Docker must answer and the image must be here (`imageCheck`, which `up` started while the PKI was
   * made); then the network is created and every member's container with it, all at once, so that
   * `start` only starts them.
   */
  async preflight() {
    const { image } = this.state;
    const check = imageCheck(image, this.deps);
    await check.ready;
    if (!this.state.etcdVersion) {
      this.versionProbe = check.version().then(async (version) => {
        this.state.etcdVersion = version;
        await this.deps.onChange?.();
        this.deps.logger.info(`members run from ${image} (etcd ${version})`);
      });
      this.versionProbe.catch(() => void 0);
    }
    this.state.networkCreated = true;
    await this.deps.onChange?.();
    this.macAddresses = this.docker(["version", "--format", "{{.Client.APIVersion}}"]).then((version) => {
      const [major, minor] = version.stdout.trim().split(".").map(Number);
      return version.code !== 0 || !(major < 1 || major === 1 && minor < 44);
    });
    const created = await this.docker([
      "network",
      "create",
      "--driver",
      "bridge",
      "--subnet",
      this.state.subnet,
      "--label",
      `${RUN_LABEL}=${this.spec.runId}`,
      this.state.network
    ]);
    if (created.code !== 0) {
      this.state.networkCreated = false;
      await this.deps.onChange?.();
      throw new ConfigurationError(
        `could not create the network ${this.state.network} on ${this.state.subnet} (from base-address ${this.spec.members[0].address}): ${created.stderr.trim()}; allowed: a base-address whose /24 no other network uses, and a network name not taken`
      );
    }
    this.deps.logger.info(`created network ${this.state.network} (${this.state.subnet})`);
    for (const member of this.spec.members) this.state.containers[member.name] ??= containerName(this.spec, member);
    await this.deps.onChange?.();
    await Promise.all([...this.spec.members.map((member) => this.create(member)), this.attach()]);
    let previous = Promise.resolve();
    const first = firstAsked(this.spec.members);
    for (const member of [first, ...this.spec.members.filter((other) => other !== first)]) {
      const copy = previous.then(() => this.handOver(member));
      copy.catch(() => void 0);
      this.handoffs.set(member.name, copy);
      previous = copy.catch(() => void 0);
    }
  }
  /**
   * Creates the member's container (not started). Its ARP gives up on an address that does not answer
   * after one probe of 100 ms instead of about 3 s: the first member asks each peer whether the cluster
   * was bootstrapped already (with a 1 s timeout per peer) before it serves, and the peers' containers
   * do not exist yet. Local processes get "connection refused" at once for the same question.
   */
  async create(member, sysctls = true) {
    const name = containerName(this.spec, member);
    const volume = this.state.volumes?.[member.name];
    const args = (options2) => [
      "create",
      "--name",
      name,
      "--hostname",
      member.name,
      "--network",
      this.state.network,
      "--ip",
      member.address,
      ...options2.mac ? ["--mac-address", memberMac(member.address)] : [],
      ...options2.sysctls ? NEIGHBOUR_SYSCTLS.flatMap((sysctl) => ["--sysctl", sysctl]) : [],
      "--network-alias",
      member.name,
      "--label",
      `${RUN_LABEL}=${this.spec.runId}`,
      ...volume ? ["--volume", `${volume}:${CONTAINER_DATA_DIR}`] : [],
      "--entrypoint",
      CONTAINER_ETCD,
      this.state.image,
      ...etcdFlags(this.spec, this.inContainer(member))
    ];
    const options = { mac: await this.macAddresses ?? true, sysctls };
    for (; ; ) {
      const result = await this.docker(args(options));
      if (result.code === 0) break;
      if (options.mac && /requires API version/i.test(result.stderr)) options.mac = false;
      else if (options.sysctls && /sysctl/i.test(result.stderr)) options.sysctls = false;
      else
        throw new Error(
          `creating ${member.name} (container ${name}) failed: docker create exited ${result.code}: ${result.stderr.trim()}`
        );
      this.deps.logger.debug(
        `the engine refused a setting of ${member.name}'s container (${result.stderr.trim()}); creating it without`
      );
    }
    if (options.sysctls) this.neighbourSettings.add(member.name);
    this.deps.logger.debug(`created ${member.name} as container ${name} on ${member.address}`);
  }
  /** Copies the member's certificates into its container (created, not started yet). */
  async handOver(member) {
    const name = containerName(this.spec, member);
    await this.copyInto(name, await memberPkiFiles(member), `copying ${member.name}'s certificates into ${name}`);
  }
  /**
   * Writes files into a container (created, started or not) with the engine's archive upload
   * (`docker cp` of a tar stream): a bind mount would need the engine to see this machine's paths,
   * which it does not when the CLI runs in a container (a job's `container:`, whose workspace and
   * temp folders the engine's machine knows by other names).
   */
  async copyInto(container, files, what) {
    const result = await this.deps.runner.pipe(
      "docker",
      ["cp", "-", `${container}:/`],
      tarArchive(files),
      DOCKER_TIMEOUT_MS
    );
    if (result.code !== 0)
      throw new Error(
        `${what} failed: docker cp exited ${result.code}${result.stderr.trim() ? `: ${result.stderr.trim()}` : ""}`
      );
  }
  async start(member) {
    const name = containerName(this.spec, member);
    if (!this.state.containers[member.name]) {
      await this.recordSpare(member);
      this.state.containers[member.name] = name;
      await this.deps.onChange?.();
      await this.create(member);
      await this.handOver(member);
    }
    const handoff = this.handoffs.get(member.name) ?? Promise.resolve();
    const [started, version] = await Promise.allSettled([
      handoff.then(() => {
        this.handoffs.delete(member.name);
        return this.startContainer(member, name);
      }),
      this.versionProbe
    ]);
    if (version.status === "rejected") throw version.reason;
    if (started.status === "rejected") throw started.reason;
  }
  /**
   * `docker start`. An engine that applies the ARP settings only when the container joins its network
   * (Docker moves them to the network endpoint) and refuses them there gets the container made again
   * without them.
   */
  async startContainer(member, name) {
    const result = await this.docker(["start", name]);
    if (result.code === 0) {
      this.neighbourSettings.delete(member.name);
      return;
    }
    if (this.neighbourSettings.has(member.name) && /sysctl/i.test(result.stderr)) {
      this.deps.logger.debug(
        `the engine refused the ARP settings of ${member.name}'s container (${result.stderr.trim()}); making it again without`
      );
      this.neighbourSettings.delete(member.name);
      await this.dockerOk(["rm", "--force", name], `removing ${member.name}'s container ${name}`);
      await this.create(member, false);
      await this.handOver(member);
      await this.dockerOk(["start", name], `starting ${member.name} (container ${name})`);
      return;
    }
    throw new Error(
      `starting ${member.name} (container ${name}) failed: docker start exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`
    );
  }
  async stop(member) {
    if (!this.state.containers[member.name]) return;
    await this.resume(member);
    await this.dockerOk(
      ["stop", "--time", String(STOP_GRACE_SECONDS), containerName(this.spec, member)],
      `stopping ${member.name}`,
      (STOP_GRACE_SECONDS + 30) * 1e3
    );
  }
  async kill(member) {
    if (!this.state.containers[member.name]) return;
    await this.resume(member);
    const result = await this.docker(["kill", "--signal", "KILL", containerName(this.spec, member)]);
    if (result.code !== 0 && await this.isRunning(member))
      throw new Error(`killing ${member.name} failed: ${result.stderr.trim()}`);
    await this.waitStopped(member);
  }
  async restart(member) {
    await this.stop(member);
    await this.start(member);
  }
  async isRunning(member) {
    const status = await this.status(member);
    return status === "running" || status === "paused";
  }
  /** The container's status as the engine says it (`running`, `paused`, `exited`, ...), or undefined without one. */
  async status(member) {
    if (!this.state.containers[member.name]) return void 0;
    const result = await this.docker(["inspect", "--format", "{{.State.Status}}", containerName(this.spec, member)]);
    return result.code === 0 ? result.stdout.trim() : void 0;
  }
  /** `docker pause`: the engine freezes every process of the member's container. */
  async pause(member) {
    await this.dockerOk(["pause", containerName(this.spec, member)], `pausing ${member.name}`);
  }
  /** `docker unpause`, for a paused member only. */
  async resume(member) {
    if (await this.status(member) !== "paused") return;
    await this.dockerOk(["unpause", containerName(this.spec, member)], `resuming ${member.name}`);
  }
  /**
   * Rejects TCP between each member of `members` and each of `from` with iptables in the network
   * namespace of each member of `members` (both directions, so open connections end at once); the
   * runner, which the clients are, stays reachable. `docker network disconnect` would cut clients too.
   */
  async isolate(members, from) {
    const prefix = await this.namespacePrefix();
    for (const member of members) {
      const others = from.filter((other) => other.name !== member.name).map((other) => other.address);
      if (others.length === 0) continue;
      this.state.isolated = [.../* @__PURE__ */ new Set([...this.state.isolated ?? [], member.name])];
      await this.deps.onChange?.();
      const rules = others.flatMap((address) => [
        ["-A", ISOLATE_CHAIN, "-s", address, "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"],
        ["-A", ISOLATE_CHAIN, "-d", address, "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"]
      ]);
      await this.inNamespace(member, prefix, [
        // The chain and its jumps are made once per namespace; later cuts only add rules.
        ["-N", ISOLATE_CHAIN, "||", "true"],
        ["-C", "INPUT", "-j", ISOLATE_CHAIN, "||", "-I", "INPUT", "-j", ISOLATE_CHAIN],
        ["-C", "OUTPUT", "-j", ISOLATE_CHAIN, "||", "-I", "OUTPUT", "-j", ISOLATE_CHAIN],
        // The resets REJECT sends carry a cut peer's address too: let them through, or no connection
        // would end, and each side would wait out TCP's retransmissions of a link that looks alive.
        ["-C", ISOLATE_CHAIN, ...RESETS_PASS, "||", "-I", ISOLATE_CHAIN, "1", ...RESETS_PASS],
        ...rules
      ]);
    }
  }
  /** Empties the isolate chain in every member namespace that has one. */
  async heal() {
    const isolated = this.state.isolated ?? [];
    if (isolated.length === 0) return;
    const prefix = await this.namespacePrefix();
    for (const member of this.spec.members.filter((candidate) => isolated.includes(candidate.name))) {
      if (await this.status(member) === "running")
        await this.inNamespace(member, prefix, [["-F", ISOLATE_CHAIN, "||", "true"]]);
    }
    this.state.isolated = [];
    await this.deps.onChange?.();
  }
  /** `[sudo -n] nsenter --net=/proc/PID/ns/net`, once this machine proved it can; else FaultUnsupportedError. */
  async namespacePrefix() {
    const self = await this.selfContainer();
    if (!this.namespaceAccess && self && self.pidMode !== "host") {
      this.namespaceAccess = {
        reason: `the CLI runs in the container ${self.id.slice(0, 12)}, which does not see the members' processes (it has a PID namespace of its own), and the container target cuts links with iptables in each member's network namespace, entered through its process: run the CLI on the engine's machine, or in a privileged container with \`--pid host\`, nsenter and iptables`
      };
    }
    if (!this.namespaceAccess) {
      const prefix = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
      const probe = await this.deps.runner.run(
        prefix[0] ?? "nsenter",
        [
          ...prefix.slice(1),
          ...prefix.length > 0 ? ["nsenter"] : [],
          "--net=/proc/self/ns/net",
          "iptables",
          "-w",
          "-S",
          "INPUT"
        ],
        { timeoutMs: 1e4 }
      );
      this.namespaceAccess = probe.code === 0 ? { prefix } : {
        reason: `the container target cuts links with iptables in each member's network namespace, which needs root or passwordless sudo, nsenter and iptables on this machine (${(probe.stderr.trim() || `exit ${probe.code}`).split("\n")[0]})`
      };
    }
    if ("reason" in this.namespaceAccess) throw new FaultUnsupportedError("isolate", this.namespaceAccess.reason);
    return this.namespaceAccess.prefix;
  }
  /** The container the CLI runs in, when it is one of the engine's (a job's `container:`); undefined elsewhere. */
  selfContainer() {
    this.self ??= (this.deps.containerHints ?? readContainerHints)().then((hints) => findSelfContainer(this.deps.runner, hints)).catch(() => void 0);
    return this.self;
  }
  /**
   * Where the CLI runs in a container of this engine (a job's `container:` reaches the engine through
   * the socket the runner mounts), that container joins the members' network on an address no member
   * uses, so that it reaches the members as the engine's machine does; teardown disconnects it. A
   * container on the host's network (or another container's) reaches them already, or cannot join.
   */
  async attach() {
    const self = await this.selfContainer();
    if (!self) return;
    if (self.networkMode === "host" || self.networkMode.startsWith("container:")) {
      this.deps.logger.debug(
        `the CLI runs in the container ${self.id.slice(0, 12)} on the network ${self.networkMode}; it joins no other`
      );
      return;
    }
    const address = this.attachAddress();
    this.state.attached = self.id;
    await this.deps.onChange?.();
    const result = await this.docker(["network", "connect", "--ip", address, this.state.network, self.id]);
    if (result.code !== 0)
      throw new Error(
        `the CLI runs in the container ${self.id.slice(0, 12)} of this engine, which must join the members' network to reach them; connecting it to ${this.state.network} at ${address} failed: ${result.stderr.trim()}`
      );
    this.deps.logger.info(
      `this container (${self.id.slice(0, 12)}) joined the network ${this.state.network} at ${address} to reach the members`
    );
  }
  /**
   * The address of the CLI's container on the members' network: the highest below the members' (members
   * beyond the spec's take the addresses above them), else the highest of the /24 that no member uses.
   */
  attachAddress() {
    const octets = [...this.spec.members, ...Object.values(this.state.spare ?? {})].map(
      (member) => Number(member.address.split(".")[3])
    );
    const prefix = this.state.subnet.split(".").slice(0, 3).join(".");
    const lowest = Math.min(...octets);
    if (lowest > 2) return `${prefix}.${lowest - 1}`;
    let octet = 254;
    while (octets.includes(octet)) octet--;
    return `${prefix}.${octet}`;
  }
  /** Disconnects the CLI's container from the members' network, if `attach` connected it; what went wrong, if anything. */
  async detach() {
    const attached = this.state.attached;
    if (!attached) return [];
    const result = await this.docker(["network", "disconnect", "--force", this.state.network, attached], 3e4);
    if (result.code !== 0 && !/no such container|not connected|no such network|not found/i.test(result.stderr))
      return [
        `network ${this.state.network}: disconnecting the container ${attached.slice(0, 12)}: ${result.stderr.trim()}`
      ];
    delete this.state.attached;
    return [];
  }
  /** Runs iptables commands (`||` joins a fallback) in the member's network namespace, through one shell. */
  async inNamespace(member, prefix, commands) {
    const pid = (await this.dockerOk(
      ["inspect", "--format", "{{.State.Pid}}", containerName(this.spec, member)],
      `finding ${member.name}'s process`
    )).trim();
    if (!/^[1-9]\d*$/.test(pid))
      throw new Error(`${member.name} has no process on this machine (docker inspect gave PID '${pid}')`);
    const line = (command) => {
      const at = command.indexOf("||");
      const iptables = (args2) => ["iptables", "-w", ...args2].join(" ");
      return at < 0 ? iptables(command) : `${iptables(command.slice(0, at))} 2>/dev/null || ${command[at + 1] === "true" ? "true" : iptables(command.slice(at + 1))}`;
    };
    const script = ["set -e", ...commands.map(line)].join("\n");
    const args = [...prefix, "nsenter", `--net=/proc/${pid}/ns/net`, "sh", "-c", script];
    const result = await this.deps.runner.run(args[0], args.slice(1), { timeoutMs: 2e4 });
    if (result.code !== 0)
      throw new Error(
        `changing the rules in ${member.name}'s network namespace failed (exit ${result.code}): ${result.stderr.trim()}`
      );
  }
  /** The next addresses of the run's /24 after the highest member address that no member uses, with the spec's ports. */
  async sparePlaces(count) {
    const taken = new Set(
      [...this.spec.members, ...Object.values(this.state.spare ?? {})].map((member) => member.address)
    );
    const prefix = this.state.subnet.split(".").slice(0, 3).join(".");
    const found = [];
    for (let octet = Math.max(...this.spec.members.map((member) => Number(member.address.split(".")[3]))) + 1; octet <= 254 && found.length < count; octet++) {
      if (!taken.has(`${prefix}.${octet}`)) found.push(`${prefix}.${octet}`);
    }
    if (found.length < count)
      throw new Error(
        `the network ${this.state.network} (${this.state.subnet}) has ${found.length} of ${count} addresses left after the members'`
      );
    return found.map((address) => placeOnAddress(this.spec, address));
  }
  /**
   * Restores into a volume of this run with the image's own tool (etcdutl from etcd 3.5, etcdctl
   * before), run as a container of its own into which the snapshot is copied before it starts (as the
   * members' certificates are); the member's container then mounts the volume as its data.
   */
  async restoreSnapshot(member, snapshotFile) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    if (!this.state.etcdVersion)
      throw new Error(`the version of the etcd in ${this.state.image} is not known yet (the target was not prepared)`);
    await this.recordSpare(member);
    const volume = `${containerName(this.spec, member)}-data`;
    this.state.volumes = { ...this.state.volumes, [member.name]: volume };
    await this.deps.onChange?.();
    await this.dockerOk(
      ["volume", "create", "--label", `${RUN_LABEL}=${this.spec.runId}`, volume],
      `creating the volume ${volume}`
    );
    const tool = `/usr/local/bin/${restoreToolFor(this.state.etcdVersion)}`;
    const restorer = `${containerName(this.spec, member)}-restore`;
    const args = [
      "--network",
      "none",
      "--label",
      `${RUN_LABEL}=${this.spec.runId}`,
      "--volume",
      `${volume}:${CONTAINER_DATA_DIR}`,
      "--entrypoint",
      tool,
      this.state.image,
      ...snapshotRestoreArgs(member, SNAPSHOT_IN_CONTAINER, RESTORED_DATA_DIR)
    ];
    const what = `restoring the snapshot for ${member.name} with ${tool} in ${this.state.image}`;
    this.state.tools = [...this.state.tools ?? [], restorer];
    await this.deps.onChange?.();
    try {
      await this.dockerOk(["create", "--name", restorer, ...args], what);
      const snapshot = await readFile2(snapshotFile);
      await this.copyInto(
        restorer,
        [{ name: SNAPSHOT_IN_CONTAINER.slice(1), mode: 384, data: snapshot }],
        `copying the snapshot into ${restorer}`
      );
      await this.dockerOk(["start", "--attach", restorer], what, RESTORE_TIMEOUT_MS);
    } finally {
      const removed = await this.docker(["rm", "--force", restorer], 3e4);
      if (removed.code === 0 || /no such container/i.test(removed.stderr)) {
        this.state.tools = this.state.tools?.filter((name) => name !== restorer);
        await this.deps.onChange?.();
      }
    }
    return `docker run --rm ${args.join(" ")} (the snapshot copied to ${SNAPSHOT_IN_CONTAINER})`;
  }
  async discard(member) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    const problems = await this.removeMember(member.name);
    if (problems.length > 0) throw new Error(`discarding ${member.name}: ${problems.join("; ")}`);
    delete this.state.spare?.[member.name];
    await this.deps.onChange?.();
  }
  /** Removes a member's container and its volume (if any), forgetting each once it is gone. */
  async removeMember(name) {
    const problems = [];
    const container = this.state.containers[name];
    if (container) {
      const remove = () => this.docker(["rm", "--force", "--volumes", container], 3e4);
      let result = await remove();
      for (let attempt = 1; attempt < RM_ATTEMPTS && result.code !== 0 && EXITING.test(result.stderr); attempt++) {
        await this.deps.clock.sleep(RM_RETRY_MS);
        result = await remove();
      }
      if (result.code !== 0 && !/no such container/i.test(result.stderr))
        problems.push(`container ${container}: ${result.stderr.trim()}`);
      else delete this.state.containers[name];
    }
    const volume = this.state.volumes?.[name];
    if (volume && problems.length === 0) {
      const result = await this.docker(["volume", "rm", "--force", volume], 3e4);
      if (result.code !== 0 && !/no such volume/i.test(result.stderr))
        problems.push(`volume ${volume}: ${result.stderr.trim()}`);
      else delete this.state.volumes?.[name];
    }
    return problems;
  }
  async logs(member, tailLines) {
    if (!this.state.containers[member.name]) return "";
    const result = await this.docker([
      "logs",
      ...tailLines === void 0 ? [] : ["--tail", String(tailLines)],
      containerName(this.spec, member)
    ]);
    return result.stdout + result.stderr;
  }
  /** Removes the containers (with their data) and the network; with keepData, only stops the containers. */
  async destroy(options) {
    const problems = [];
    problems.push(...await this.removeTools());
    const ended = await Promise.all([
      this.detach(),
      ...Object.entries(this.state.containers).map(async ([member, name]) => {
        if (!options.keepData) return this.removeMember(member);
        const result = await this.docker(["stop", "--time", "0", name], 3e4);
        return result.code !== 0 && !/no such container/i.test(result.stderr) ? [`container ${name}: ${result.stderr.trim()}`] : [];
      })
    ]);
    problems.push(...ended.flat());
    if (!options.keepData) {
      for (const member of Object.keys(this.state.volumes ?? {})) problems.push(...await this.removeMember(member));
      if (problems.length === 0) delete this.state.spare;
    }
    if (options.keepData) {
      if (Object.keys(this.state.containers).length > 0) {
        this.deps.logger.info(
          `kept the stopped containers ${Object.values(this.state.containers).join(", ")} and network ${this.state.network}`
        );
      }
    } else if (this.state.networkCreated) {
      const result = await this.docker(["network", "rm", this.state.network], 3e4);
      if (result.code !== 0 && !/not found|no such network/i.test(result.stderr))
        problems.push(`network ${this.state.network}: ${result.stderr.trim()}`);
      else this.state.networkCreated = false;
    }
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
    return problems;
  }
  /** Removes the containers of tools (a snapshot restore) that a run cut short left, forgetting each once it is gone. */
  async removeTools() {
    const problems = [];
    for (const name of this.state.tools ?? []) {
      const result = await this.docker(["rm", "--force", name], 3e4);
      if (result.code !== 0 && !/no such container/i.test(result.stderr))
        problems.push(`container ${name}: ${result.stderr.trim()}`);
      else this.state.tools = this.state.tools?.filter((tool) => tool !== name);
    }
    return problems;
  }
  async waitStopped(member) {
    await pollUntil(async () => await this.isRunning(member) ? void 0 : true, {
      what: `${member.name}'s container to stop`,
      timeoutMs: EXIT_WAIT_MS,
      intervalMs: 50,
      clock: this.deps.clock
    });
  }
};

// src/targets/local/local-target.ts
import { access as access2, constants, mkdir, readFile as readFile3, rm, writeFile } from "node:fs/promises";
import path2 from "node:path";

// src/targets/ports.ts
import { createServer } from "node:net";
function tryBind(address, port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
async function portsFree(address, ports) {
  for (const port of ports) {
    try {
      await tryBind(address, port);
    } catch {
      return false;
    }
  }
  return true;
}
async function assertListenersFree(listeners) {
  for (const listener of listeners) {
    try {
      await tryBind(listener.address, listener.port);
    } catch (error) {
      const code = error.code;
      const reason = code === "EADDRINUSE" ? "is already in use" : `cannot be bound (${code ?? String(error)})`;
      throw new ConfigurationError(
        `${listener.address}:${listener.port} (the ${listener.role} port of ${listener.member}) ${reason}; ` + (listener.fix ?? `choose another ${listener.role}-port or base-address`)
      );
    }
  }
}

// src/targets/local/peer-proxy.ts
import { connect } from "node:net";
async function peerProxyMain(config, io) {
  const ca = io.fs.readFileSync(config.caFile);
  const cuts = /* @__PURE__ */ new Map();
  const pairKey = (a, b) => a < b ? `${a}
${b}` : `${b}
${a}`;
  const links = /* @__PURE__ */ new Set();
  const log = (message) => process.stdout.write(`${(/* @__PURE__ */ new Date()).toISOString()} ${message}
`);
  const servers = [];
  for (const member of config.members) {
    const cert = io.fs.readFileSync(member.certFile);
    const key = io.fs.readFileSync(member.keyFile);
    const server = io.tls.createServer({ cert, key, ca, requestCert: true, rejectUnauthorized: true }, (socket) => {
      const subject = socket.getPeerCertificate().subject;
      const from = String(subject?.CN ?? "");
      if (cuts.has(pairKey(from, member.name))) {
        socket.destroy();
        return;
      }
      const upstream = io.tls.connect({ host: member.upstream.host, port: member.upstream.port, ca, cert, key });
      const link = {
        from,
        to: member.name,
        end: () => {
          links.delete(link);
          socket.destroy();
          upstream.destroy();
        }
      };
      links.add(link);
      for (const side of [socket, upstream]) {
        side.on("error", link.end);
        side.on("close", link.end);
      }
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    server.on("tlsClientError", () => void 0);
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: member.listen.host, port: member.listen.port, exclusive: true }, () => resolve());
    });
    servers.push(server);
  }
  const answer = (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return { ok: false, error: "not a JSON line", cuts: [...cuts.values()], connections: links.size };
    }
    if (request.op === "isolate") {
      for (const [a, b] of request.pairs) cuts.set(pairKey(a, b), [a, b]);
      for (const link of [...links]) if (cuts.has(pairKey(link.from, link.to))) link.end();
      log(`cut ${request.pairs.map(([a, b]) => `${a}-${b}`).join(", ")}`);
    } else if (request.op === "heal") {
      cuts.clear();
      log("healed every link");
    } else if (request.op !== "ping") {
      return {
        ok: false,
        error: `unknown op ${String(request.op)}`,
        cuts: [...cuts.values()],
        connections: links.size
      };
    }
    return { ok: true, cuts: [...cuts.values()], connections: links.size };
  };
  const control = io.net.createServer((connection) => {
    let buffer = "";
    connection.setEncoding("utf8");
    connection.on("error", () => void 0);
    connection.on("data", (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        connection.write(`${JSON.stringify(answer(line))}
`);
      }
    });
  });
  io.fs.rmSync(config.control, { force: true });
  await new Promise((resolve, reject) => {
    control.once("error", reject);
    control.listen(config.control, () => resolve());
  });
  io.fs.chmodSync(config.control, 384);
  log(
    `proxying the peer ports of ${config.members.map((member) => `${member.name} (${member.listen.host}:${member.listen.port})`).join(", ")}`
  );
  const stop = () => {
    for (const link of [...links]) link.end();
    for (const server of servers) server.close();
    control.close();
    io.fs.rmSync(config.control, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const anyMemberRuns = () => {
    try {
      const state = JSON.parse(io.fs.readFileSync(config.stateFile, "utf8"));
      return Object.values(state.local?.processes ?? {}).some(({ pid, startTime }) => {
        try {
          const stat3 = io.fs.readFileSync(`/proc/${pid}/stat`, "utf8");
          const fields = stat3.slice(stat3.lastIndexOf(")") + 2).split(" ");
          return fields[0] !== "Z" && fields[19] === startTime;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  };
  let lastSeen = Date.now();
  setInterval(
    () => {
      if (anyMemberRuns()) lastSeen = Date.now();
      else if (Date.now() - lastSeen > config.orphanAfterMs) {
        log(`no member has run for ${config.orphanAfterMs} ms: ending`);
        stop();
      }
    },
    Math.min(5e3, config.orphanAfterMs)
  );
}
function peerProxyScript() {
  return [
    "import fs from 'node:fs';",
    "import net from 'node:net';",
    "import tls from 'node:tls';",
    // Run from source by tsx (as @github/local-action does), the function's text calls esbuild's
    // __name helper to keep names; the bundles do not. Naming nothing is all the proxy needs of it.
    "const __name = (target) => target;",
    `const peerProxyMain = ${peerProxyMain.toString()};`,
    "peerProxyMain(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), { fs, net, tls }).catch((error) => {",
    "  console.error(error);",
    "  process.exit(1);",
    "});",
    ""
  ].join("\n");
}
function proxyRequest(control, request, timeoutMs = 3e3) {
  return new Promise((resolve, reject) => {
    const socket = connect(control);
    let buffer = "";
    const fail = (error) => {
      socket.destroy();
      reject(new Error(`the peer proxy (${control}) did not answer ${request.op}: ${error.message}`));
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.setEncoding("utf8");
    socket.once("error", fail);
    socket.on("data", (chunk) => {
      buffer += chunk;
      const end = buffer.indexOf("\n");
      if (end < 0) return;
      socket.end();
      const answer = JSON.parse(buffer.slice(0, end));
      if (answer.ok) resolve(answer);
      else reject(new Error(`the peer proxy refused ${request.op}: ${answer.error ?? "no reason given"}`));
    });
    socket.write(`${JSON.stringify(request)}
`);
  });
}

// src/targets/local/local-target.ts
var NO_LINK_CUTS = "the local target runs its peer proxy, in which isolate cuts links, only when a check of the run may cut links (partition, history) or for up, whose checks come later; these members were started without it";
var MAX_SOCKET_PATH = 100;
var proxyDir = (spec) => path2.join(spec.stateDir, "peer-proxy");
var controlSocket = (spec) => path2.join(proxyDir(spec), "control.sock");
function peerProxyPlan(spec) {
  const configured = spec.members.find((member) => member.configured);
  if (configured) {
    const why = whyConfiguredPeersUnproxied(spec);
    if (why) return { reason: `the local target cuts peer links in its peer proxy, which ${why}` };
  }
  if (controlSocket(spec).length > MAX_SOCKET_PATH) {
    return {
      reason: `the local target's peer proxy needs a state folder path of at most ${MAX_SOCKET_PATH - 25} characters for its control socket (${spec.stateDir})`
    };
  }
  const { peerPort, clientPort } = spec.topology;
  const taken = /* @__PURE__ */ new Set([
    clientPort,
    ...spec.members.flatMap((member) => memberListeners(spec, member)).map((l) => l.port)
  ]);
  const candidates = [peerPort + 1, peerPort + 2, peerPort + 3, peerPort - 1, peerPort - 2, peerPort - 3].filter(
    (port) => !taken.has(port) && port >= 1024 && port <= 65535
  );
  if (candidates.length === 0)
    return { reason: `the local target's peer proxy found no free port within 3 of the peer port ${peerPort}` };
  return { port: candidates[0] };
}
function whyConfiguredPeersUnproxied(spec) {
  for (const member of spec.members) {
    const settings = new Set(member.configured?.settings.map((setting) => setting.name) ?? []);
    if (!member.configured) continue;
    if (!member.peerUrl.startsWith("https://"))
      return `tells members apart by their peer certificates, and member ${member.name} of the configuration (${member.configured.file}) speaks plain http to its peers (${member.peerUrl})`;
    const missing = ["peer-cert-file", "peer-key-file"].filter((name) => !settings.has(name));
    if (missing.length > 0)
      return `tells members apart by their peer certificates, and member ${member.name} of the configuration (${member.configured.file}) sets no ${missing.join(" and ")} (peer-auto-tls certificates are its own, not the run's)`;
  }
  return void 0;
}
var STOP_GRACE_MS = 1e4;
var EXIT_WAIT_MS2 = 5e3;
var SIGNAL_WAIT_MS = 2e3;
var PROXY_START_MS = 5e3;
var PROXY_ORPHAN_MS = 6e4;
var RESTORE_TIMEOUT_MS2 = 12e4;
var SPARE_ADDRESS_TRIES = 64;
var IPV4_LOOPBACK = /^127\.\d+\.\d+\.\d+$/;
var ipv4Number = (address) => address.split(".").reduce((total, octet) => total * 256 + Number(octet), 0);
var ipv4Text = (value) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
var LocalTarget = class {
  constructor(spec, state, deps) {
    this.spec = spec;
    this.state = state;
    this.deps = deps;
    const plan = peerProxyPlan(spec);
    this.running = state.peerProxy ? withPeerProxies(spec, state.peerProxy.port) : spec;
    this.faults = {
      pause: { supported: true },
      isolate: state.peerProxy ? { supported: true } : {
        supported: false,
        reason: "reason" in plan ? plan.reason : NO_LINK_CUTS
      },
      add: spec.members.every((member) => IPV4_LOOPBACK.test(member.address)) ? { supported: true } : {
        supported: false,
        reason: "the local target places members beyond the spec's on the loopback addresses after the members' IPv4 ones, and these members run on ::1"
      }
    };
  }
  spec;
  state;
  deps;
  kind = "local";
  faults;
  /** The spec the members run: with the proxy's advertised peer URLs where the peers are proxied. */
  running;
  /** The spec's members and those beyond it that this target placed. */
  allMembers() {
    return [...this.spec.members, ...Object.values(this.state.spare ?? {})];
  }
  isSpecMember(member) {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  async recordSpare(member) {
    if (this.isSpecMember(member) || this.state.spare?.[member.name]) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.(this.state);
  }
  /** Checks every listener is free before any member starts, so a taken port leaves nothing running. */
  async preflight() {
    for (const member of this.spec.members) {
      if (!IPV4_LOOPBACK.test(member.address) && member.address !== "::1") {
        throw new ConfigurationError(
          `member ${member.name} has the address ${member.address}; the local target runs every member on this machine, so it needs loopback addresses (127.x.y.z or ::1)`
        );
      }
    }
    const proxy = this.state.peerProxy;
    await assertListenersFree(
      this.spec.members.flatMap((member) => [
        ...memberListeners(this.spec, member).map((listener) => ({
          member: member.name,
          ...listener,
          // A configuration's ports are its own; only the addresses are the run's.
          ...member.configured ? { fix: "choose another base-address" } : {}
        })),
        ...proxy ? [
          {
            member: member.name,
            role: "peer",
            address: member.address,
            port: proxy.port,
            fix: `choose another peer-port or base-address (the peer proxy listens on port ${proxy.port})`
          }
        ] : []
      ])
    );
    await this.ensurePeerProxy();
  }
  async start(member) {
    const running = this.state.processes[member.name];
    if (running && isRunning(running)) throw new Error(`${member.name} is already running (PID ${running.pid})`);
    await this.recordSpare(member);
    await mkdir(member.dataDir, { recursive: true, mode: 448 });
    await mkdir(path2.dirname(member.logFile), { recursive: true, mode: 448 });
    await this.ensurePeerProxy();
    const proxied = this.running.members.find((candidate) => candidate.name === member.name) ?? member;
    const handle = await this.deps.runner.startDetached(
      this.state.etcdBinary,
      etcdFlags(this.running, proxied),
      member.logFile
    );
    this.state.processes[member.name] = handle;
    this.deps.logger.debug(`started ${member.name} as PID ${handle.pid}`);
    await this.deps.onChange?.(this.state);
  }
  async stop(member) {
    await this.end(member, "SIGTERM", STOP_GRACE_MS);
  }
  async kill(member) {
    await this.end(member, "SIGKILL", EXIT_WAIT_MS2);
  }
  async restart(member) {
    await this.stop(member);
    await this.start(member);
  }
  async isRunning(member) {
    const handle = this.state.processes[member.name];
    return handle !== void 0 && isRunning(handle);
  }
  /** SIGSTOP, and waits until the process is stopped. */
  async pause(member) {
    const handle = this.state.processes[member.name];
    if (!handle || !signalProcess(handle, "SIGSTOP")) throw new Error(`cannot pause ${member.name}: it is not running`);
    await this.waitUntil(() => isStopped(handle), `${member.name} (PID ${handle.pid}) to stop after SIGSTOP`);
  }
  /** SIGCONT to a stopped member, and waits until it runs again. */
  async resume(member) {
    const handle = this.state.processes[member.name];
    if (!handle || !isStopped(handle)) return;
    signalProcess(handle, "SIGCONT");
    await this.waitUntil(() => !isStopped(handle), `${member.name} (PID ${handle.pid}) to run after SIGCONT`);
  }
  /** Tells the peer proxy to cut every link between the two groups (and to end their open connections). */
  async isolate(members, from) {
    requireFault(this, "isolate");
    await this.ensurePeerProxy();
    const pairs = members.flatMap(
      (a) => from.filter((b) => b.name !== a.name).map((b) => [a.name, b.name])
    );
    await proxyRequest(controlSocket(this.spec), { op: "isolate", pairs });
    this.deps.logger.debug(`cut the peer links ${pairs.map((pair) => pair.join("-")).join(", ")}`);
  }
  async heal() {
    const proxy = this.state.peerProxy?.process;
    if (!proxy || !isRunning(proxy)) return;
    await proxyRequest(controlSocket(this.spec), { op: "heal" });
  }
  /** The next loopback addresses after the highest member address whose client and peer ports are free now, with those ports. */
  async sparePlaces(count) {
    requireFault(this, "add");
    const taken = new Set(this.allMembers().map((member) => member.address));
    const { clientPort, peerPort } = this.spec.topology;
    const found = [];
    let candidate = Math.max(...this.spec.members.map((member) => ipv4Number(member.address)));
    for (let tried = 0; found.length < count && tried < SPARE_ADDRESS_TRIES; tried++) {
      candidate += 1;
      const address = ipv4Text(candidate);
      if (!IPV4_LOOPBACK.test(address) || address.endsWith(".255")) break;
      if (!taken.has(address) && await portsFree(address, [clientPort, peerPort])) found.push(address);
    }
    if (found.length < count) {
      throw new Error(
        `found ${found.length} of ${count} loopback addresses after ${this.spec.members.at(-1)?.address} with ports ${clientPort} and ${peerPort} free`
      );
    }
    return found.map((address) => placeOnAddress(this.spec, address));
  }
  /** Runs etcdutl (etcd 3.5 and later ship it beside etcd), else etcdctl (3.4), from etcd's folder into the member's data dir. */
  async restoreSnapshot(member, snapshotFile) {
    requireFault(this, "add");
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    await this.recordSpare(member);
    const dir = path2.dirname(this.state.etcdBinary);
    const tools = [path2.join(dir, "etcdutl"), path2.join(dir, "etcdctl")];
    let tool;
    for (const candidate of tools) {
      if (await access2(candidate, constants.X_OK).then(
        () => true,
        () => false
      )) {
        tool = candidate;
        break;
      }
    }
    if (!tool) throw new Error(`neither ${tools.join(" nor ")} can be run, so no snapshot can be restored`);
    await mkdir(path2.dirname(member.dataDir), { recursive: true, mode: 448 });
    const args = snapshotRestoreArgs(member, snapshotFile, member.dataDir);
    const result = await this.deps.runner.run(tool, args, { timeoutMs: RESTORE_TIMEOUT_MS2 });
    if (result.code !== 0)
      throw new Error(
        `${path2.basename(tool)} snapshot restore for ${member.name} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(-500)}`
      );
    return [tool, ...args].join(" ");
  }
  async discard(member) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    await this.kill(member);
    await rm(member.dataDir, { recursive: true, force: true });
    if (this.state.spare?.[member.name]) {
      delete this.state.spare[member.name];
      await this.deps.onChange?.(this.state);
    }
  }
  async logs(member, tailLines) {
    let text;
    try {
      text = await readFile3(member.logFile, "utf8");
    } catch {
      return "";
    }
    return tailLines === void 0 ? text : text.trimEnd().split("\n").slice(-tailLines).join("\n");
  }
  async destroy(options) {
    const problems = [];
    for (const member of this.allMembers()) {
      try {
        await this.kill(member);
      } catch (error) {
        problems.push(`${member.name}: ${errorMessage(error)}`);
      }
    }
    const proxy = this.state.peerProxy?.process;
    if (proxy) {
      try {
        await endProcess(proxy, "SIGTERM", {
          graceMs: SIGNAL_WAIT_MS,
          killWaitMs: EXIT_WAIT_MS2,
          clock: this.deps.clock,
          what: "the peer proxy"
        });
        delete this.state.peerProxy?.process;
        await this.deps.onChange?.(this.state);
      } catch (error) {
        problems.push(`peer proxy: ${errorMessage(error)}`);
      }
    }
    await rm(proxyDir(this.spec), { recursive: true, force: true }).catch(
      (error) => problems.push(`${proxyDir(this.spec)}: ${errorMessage(error)}`)
    );
    if (!options.keepData) {
      for (const dir of [path2.join(this.spec.stateDir, "data"), path2.join(this.spec.stateDir, "logs")]) {
        await rm(dir, { recursive: true, force: true }).catch(
          (error) => problems.push(`${dir}: ${errorMessage(error)}`)
        );
      }
      if (this.state.spare && problems.length === 0) {
        delete this.state.spare;
        await this.deps.onChange?.(this.state);
      }
    }
    return problems;
  }
  /**
   * Starts the peer proxy unless it runs (once per cluster, before the first member; again if it
   * died), and waits until it answers on its control socket.
   */
  async ensurePeerProxy() {
    const proxy = this.state.peerProxy;
    if (!proxy || proxy.process && isRunning(proxy.process)) return;
    const dir = proxyDir(this.spec);
    await mkdir(dir, { recursive: true, mode: 448 });
    await mkdir(path2.join(this.spec.stateDir, "logs"), { recursive: true, mode: 448 });
    const endpoint = (url) => {
      const parsed = new URL(url);
      return { host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(parsed.port) };
    };
    const config = {
      control: controlSocket(this.spec),
      caFile: this.spec.pki.caCert,
      // The state file the steps share: the proxy reads the member PIDs from it.
      stateFile: stateFilePath(this.spec.stateDir),
      orphanAfterMs: PROXY_ORPHAN_MS,
      members: this.running.members.map((member) => ({
        name: member.name,
        listen: endpoint(member.advertisedPeerUrl ?? member.peerUrl),
        upstream: endpoint(member.peerUrl),
        certFile: member.pki.peerCert,
        keyFile: member.pki.peerKey
      }))
    };
    const script = path2.join(dir, "peer-proxy.mjs");
    const configFile = path2.join(dir, "config.json");
    const logFile = path2.join(this.spec.stateDir, "logs", "peer-proxy.log");
    await writeFile(script, peerProxyScript(), { mode: 384 });
    await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 384 });
    const handle = await this.deps.runner.startDetached(process.execPath, [script, configFile], logFile);
    proxy.process = handle;
    await this.deps.onChange?.(this.state);
    const exited = new Error("it exited");
    try {
      await pollUntil(
        async () => {
          if (!isRunning(handle)) throw exited;
          return (await proxyRequest(config.control, { op: "ping" }, 500)).ok || void 0;
        },
        {
          what: "the peer proxy to answer",
          timeoutMs: PROXY_START_MS,
          intervalMs: 20,
          clock: this.deps.clock,
          isFatal: (error) => error === exited
        }
      );
    } catch (error) {
      const log = await readFile3(logFile, "utf8").catch(() => "");
      throw new Error(
        `the peer proxy did not start (${errorMessage(error)}); its log: ${log.trim().split("\n").slice(-5).join(" | ") || "(empty)"}`
      );
    }
    this.deps.logger.debug(
      `started the peer proxy as PID ${handle.pid} on port ${proxy.port} of every member's address`
    );
  }
  async waitUntil(done, what) {
    await pollUntil(async () => done() ? true : void 0, {
      what,
      timeoutMs: SIGNAL_WAIT_MS,
      intervalMs: 5,
      clock: this.deps.clock
    });
  }
  /** Signals a member and waits for it to exit; escalates to SIGKILL after `graceMs`. */
  async end(member, signal, graceMs) {
    const handle = this.state.processes[member.name];
    if (!handle) return;
    if (isStopped(handle)) signalProcess(handle, "SIGCONT");
    await endProcess(handle, signal, {
      graceMs,
      killWaitMs: EXIT_WAIT_MS2,
      clock: this.deps.clock,
      what: member.name,
      onEscalate: () => this.deps.logger.warning(
        `${member.name} (PID ${handle.pid}) did not exit ${graceMs} ms after ${signal}; killing it`
      )
    });
    delete this.state.processes[member.name];
    await this.deps.onChange?.(this.state);
  }
};

// src/targets/ssh/ssh-target.ts
import { constants as constants2 } from "node:fs";
import { access as access3, mkdtemp, readFile as readFile4, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import path3 from "node:path";

// src/targets/ssh/link-rules.ts
import { createHash } from "node:crypto";
import { isIP } from "node:net";
var FIREWALL_PROBE = `fw_why=
if command -v iptables >/dev/null 2>&1; then
  if fw_out=$(iptables -w -S INPUT 2>&1 >/dev/null); then echo firewall iptables; exit 0; fi
  fw_why="iptables -S INPUT failed: $(printf '%s' "$fw_out" | head -n 1)"
fi
if command -v nft >/dev/null 2>&1; then
  if fw_out=$(nft list tables 2>&1 >/dev/null); then echo firewall nft; exit 0; fi
  fw_why="\${fw_why:+$fw_why; }nft list tables failed: $(printf '%s' "$fw_out" | head -n 1)"
fi
echo "firewall none \${fw_why:-neither iptables nor nft is installed}"`;
function parseFirewallProbe(output) {
  const line = output.split("\n").map((text) => text.trim()).find((text) => text.startsWith("firewall "));
  if (line === void 0) return void 0;
  const [, tool, ...why] = line.split(" ");
  if (tool === "iptables" || tool === "nft") return { tool };
  return { reason: why.join(" ") || "neither iptables nor nft is installed" };
}
function ruleSetName(runId, tool) {
  const id = /^[A-Za-z0-9]{1,16}$/.test(runId) ? runId : createHash("sha256").update(runId).digest("hex").slice(0, 16);
  return tool === "iptables" ? `ETCD-HA-${id}` : `etcd_ha_${id}`;
}
var ADDRESS = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
function checkEnd(end) {
  if (isIP(end.address) === 0 && !ADDRESS.test(end.address))
    throw new Error(`the address ${end.address} is neither an IP address nor a host name, so no rule names it`);
  if (!Number.isInteger(end.peerPort) || end.peerPort < 1 || end.peerPort > 65535)
    throw new Error(`the peer port ${end.peerPort} of ${end.address} is not a port (1-65535)`);
}
function linkMatches(cut) {
  const { local, remote } = cut;
  return [
    { from: remote.address, to: local.address, port: "dport", value: local.peerPort },
    { from: local.address, to: remote.address, port: "sport", value: local.peerPort },
    { from: local.address, to: remote.address, port: "dport", value: remote.peerPort },
    { from: remote.address, to: local.address, port: "sport", value: remote.peerPort }
  ];
}
function cutScript(tool, runId, cuts) {
  for (const cut of cuts) {
    checkEnd(cut.local);
    checkEnd(cut.remote);
    if (cut.local.address === cut.remote.address)
      throw new Error(
        `the members at ${cut.local.address}:${cut.local.peerPort} and :${cut.remote.peerPort} share a host, and rules by address and port cannot tell their peer connections from others there`
      );
  }
  const name = shellQuote(ruleSetName(runId, tool));
  const lines = ["set -e"];
  if (tool === "iptables") {
    const commands = [...new Set(cuts.map((cut) => iptablesFor(cut.remote.address)))];
    for (const command of commands) {
      const resets = "-p tcp --tcp-flags RST RST -j RETURN";
      lines.push(
        `${command} -w -N ${name} 2>/dev/null || true`,
        `${command} -w -C INPUT -j ${name} 2>/dev/null || ${command} -w -I INPUT -j ${name}`,
        `${command} -w -C OUTPUT -j ${name} 2>/dev/null || ${command} -w -I OUTPUT -j ${name}`,
        `${command} -w -C ${name} ${resets} 2>/dev/null || ${command} -w -I ${name} 1 ${resets}`
      );
    }
    for (const cut of cuts) {
      const command = iptablesFor(cut.remote.address);
      for (const match of linkMatches(cut)) {
        const rule = `${name} -s ${shellQuote(match.from)} -d ${shellQuote(match.to)} -p tcp --${match.port} ${match.value} -j REJECT --reject-with tcp-reset`;
        lines.push(`${command} -w -C ${rule} 2>/dev/null || ${command} -w -A ${rule}`);
      }
    }
    return lines.join("\n");
  }
  lines.push(
    `nft list table inet ${name} >/dev/null 2>&1 || nft -f - <<'EOF'`,
    `table inet ${ruleSetName(runId, tool)} {`,
    "  chain cut {",
    "    tcp flags & rst == rst return",
    "  }",
    "  chain input {",
    "    type filter hook input priority 0; policy accept;",
    "    jump cut",
    "  }",
    "  chain output {",
    "    type filter hook output priority 0; policy accept;",
    "    jump cut",
    "  }",
    "}",
    "EOF"
  );
  for (const cut of cuts) {
    const family = isIP(cut.remote.address) === 6 ? "ip6" : "ip";
    for (const match of linkMatches(cut)) {
      lines.push(
        `nft add rule inet ${name} cut ${family} saddr ${shellQuote(match.from)} ${family} daddr ${shellQuote(match.to)} tcp ${match.port} ${match.value} reject with tcp reset`
      );
    }
  }
  return lines.join("\n");
}
var iptablesFor = (address) => isIP(address) === 6 ? "ip6tables" : "iptables";
function removeRulesScript(tool, runId) {
  const name = shellQuote(ruleSetName(runId, tool));
  if (tool === "nft") {
    return [
      `nft list table inet ${name} >/dev/null 2>&1 || exit 0`,
      `nft delete table inet ${name}`,
      `! nft list table inet ${name} >/dev/null 2>&1`
    ].join("\n");
  }
  return `left=
for t in iptables ip6tables; do
  command -v $t >/dev/null 2>&1 || continue
  $t -w -S ${name} >/dev/null 2>&1 || continue
  for hook in INPUT OUTPUT; do
    i=0; while [ $i -lt 20 ] && $t -w -D $hook -j ${name} 2>/dev/null; do i=$((i+1)); done
  done
  $t -w -F ${name} && $t -w -X ${name} || left="$left $t"
done
if [ -n "$left" ]; then echo "the chain "${name}" is still there for:$left" >&2; exit 1; fi`;
}

// src/targets/ssh/ssh-target.ts
var COMMAND_TIMEOUT_MS = 6e4;
var RESTORE_TIMEOUT_MS3 = 12e4;
var SPARE_PORT_STEP = 10;
var SPARE_PORT_TRIES = 50;
var UPLOAD_TIMEOUT_MS = 3e5;
var MASTER_WAIT_MS = 1e4;
var ARCH = {
  x64: "x86_64",
  arm64: "aarch64",
  arm: "armv7l",
  ppc64: "ppc64le",
  s390x: "s390x"
};
function remoteNames(spec, member) {
  return { dir: `/var/lib/etcd-ha-${spec.runId}-${member.name}`, unit: `etcd-ha-${spec.runId}-${member.name}.service` };
}
function memberOnHost(spec, member) {
  const { dir } = remoteNames(spec, member);
  return relocatedMember(member, { dataDir: `${dir}/data`, pkiDir: `${dir}/pki`, logFile: `${dir}/etcd.log` });
}
function systemdUnit(spec, member, dir) {
  return [
    "[Unit]",
    `Description=etcd member ${member.name} (etcd-ha run ${spec.runId})`,
    "Documentation=https://etcd.io/docs/",
    "After=network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    "Type=notify",
    `ExecStart=${dir}/etcd --config-file=${dir}/etcd.conf.yml`,
    "Restart=no",
    "TimeoutStartSec=infinity",
    "TimeoutStopSec=10",
    "LimitNOFILE=65536",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    ""
  ].join("\n");
}
var PROCESS_FUNCTIONS = `
alive() { s=$(cat /proc/$1/stat 2>/dev/null) || return 1; set -- "$2" \${s##*) }; [ "$2" != Z ] && [ "$2" != X ] && [ "\${21}" = "$1" ]; }
until_not() { i=0; while "$@" && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; ! "$@"; }
unit_up() { st=$(systemctl is-active "$1" 2>/dev/null); [ "$st" = active ] || [ "$st" = activating ] || [ "$st" = deactivating ]; }
`;
var hostKey = (host) => `${host.host}:${host.port}`;
var portOf = (url) => Number(new URL(url).port || 443);
function listeningPorts(procNetTcp) {
  return new Set(tcpListeners(procNetTcp).map((listener) => listener.port));
}
function sparePorts(base, taken, listening) {
  for (let step = 1; step <= SPARE_PORT_TRIES; step++) {
    const clientPort = base.clientPort + step * SPARE_PORT_STEP;
    const peerPort = base.peerPort + step * SPARE_PORT_STEP;
    if (clientPort > 65535 || peerPort > 65535) return void 0;
    if ([clientPort, peerPort].some((port) => taken.has(port) || listening.has(port))) continue;
    return { clientPort, peerPort };
  }
  return void 0;
}
var SshTarget = class {
  constructor(spec, state, deps) {
    this.spec = spec;
    this.state = state;
    this.deps = deps;
  }
  spec;
  state;
  deps;
  kind = "ssh";
  /**
   * Pausing and adding members work on every host; cutting links needs iptables or nft on each
   * (found by preflight: before it, or for a state recorded without it, `isolate` probes the hosts).
   */
  get faults() {
    const missing = this.state.hosts.map((host) => ({ host, facts: this.state.facts?.[hostKey(host)] })).filter(({ facts }) => facts !== void 0 && "reason" in facts.firewall);
    return {
      pause: { supported: true },
      isolate: missing.length === 0 ? { supported: true } : { supported: false, reason: noFirewall(missing.map(({ host, facts }) => [host, facts])) },
      add: { supported: true }
    };
  }
  /** The host of a member of the spec (by its place in the spec) or of one beyond it (by its address). */
  hostOf(member) {
    const index = this.spec.members.findIndex((candidate) => candidate.name === member.name);
    const host = index >= 0 ? this.state.hosts[index] : this.state.hosts.find((candidate) => candidate.host === member.address);
    if (!host) throw new Error(`no host for member ${member.name} (${member.address})`);
    return host;
  }
  isSpecMember(member) {
    return this.spec.members.some((candidate) => candidate.name === member.name);
  }
  /** The spec's members and those beyond it that this target placed. */
  allMembers() {
    return [...this.spec.members, ...Object.values(this.state.spare ?? {})];
  }
  /** Records a member beyond the spec's before anything of it exists, so teardown finds it even if this process dies. */
  async recordSpare(member) {
    if (this.isSpecMember(member)) return;
    this.state.spare = { ...this.state.spare, [member.name]: member };
    await this.deps.onChange?.();
  }
  destination(host) {
    return ["-p", String(host.port), `${host.user}@${host.host}`];
  }
  sshOptions(master = "no") {
    return [
      "-F",
      "/dev/null",
      "-i",
      this.state.keyFile,
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "BatchMode=yes",
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      `UserKnownHostsFile=${this.state.knownHostsFile}`,
      "-o",
      "GlobalKnownHostsFile=/dev/null",
      "-o",
      "ConnectTimeout=10",
      "-o",
      "ServerAliveInterval=5",
      "-o",
      "ServerAliveCountMax=3",
      "-o",
      "LogLevel=ERROR",
      // Commands share the master connection while it runs and connect on their own otherwise.
      ...this.state.controlDir ? ["-o", `ControlMaster=${master}`, "-o", `ControlPath=${this.state.controlDir}/%C`] : []
    ];
  }
  /**
   * Starts one master connection per host (a process of this target's, so it ends by PID), and waits
   * a bounded time for its socket. A host it cannot reach is reported by the probe that follows.
   */
  async startMasters() {
    const dir = this.state.controlDir;
    this.state.masters ??= {};
    const masters = this.state.masters;
    await Promise.all(
      this.state.hosts.map(async (host, index) => {
        if (masters[host.host] && isRunning(masters[host.host])) return;
        const args = [...this.sshOptions("yes"), "-N", ...this.destination(host)];
        masters[host.host] = await this.deps.runner.startDetached(
          "ssh",
          args,
          path3.join(dir, `master-${index + 1}.log`)
        );
      })
    );
    await this.deps.onChange?.();
    const check = (host) => this.deps.runner.pipe("ssh", [...this.sshOptions(), "-O", "check", ...this.destination(host)], void 0, 5e3);
    await pollUntil(
      async () => {
        if (this.state.hosts.some((host) => !isRunning(masters[host.host]))) return true;
        return (await Promise.all(this.state.hosts.map(check))).every((result) => result.code === 0) ? true : void 0;
      },
      { what: "the ssh master connections", timeoutMs: MASTER_WAIT_MS, intervalMs: 100, clock: this.deps.clock }
    ).catch(() => void 0);
  }
  /** Ends the master connections, by PID; returns what it could not end. */
  async endMasters() {
    const problems = [];
    await Promise.all(
      Object.entries(this.state.masters ?? {}).map(
        ([host, handle]) => endProcess(handle, "SIGTERM", {
          graceMs: 1e3,
          killWaitMs: 1e3,
          clock: this.deps.clock,
          what: `the ssh master connection to ${host}`
        }).catch((error) => problems.push(errorMessage(error)))
      )
    );
    delete this.state.masters;
    return problems;
  }
  /** Runs a shell script on a host as root (through `sudo -n` for another user). */
  async remote(host, script, options = {}) {
    const command = `${host.user === "root" ? "" : "sudo -n "}sh -c ${shellQuote(`${PROCESS_FUNCTIONS}
${script}`)}`;
    const result = await this.deps.runner.pipe(
      "ssh",
      [...this.sshOptions(), ...this.destination(host), command],
      options.input,
      options.timeoutMs ?? COMMAND_TIMEOUT_MS
    );
    return { code: result.code, stdout: result.stdout.toString("utf8"), stderr: result.stderr };
  }
  async remoteOk(host, script, what, options = {}) {
    const result = await this.remote(host, script, options);
    if (result.code !== 0) {
      const why = result.stderr.trim() || `exit ${result.code}`;
      const hint = /host key verification failed|no matching host key|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(why) ? " (the host key is not in known-hosts)" : /permission denied/i.test(why) ? " (ssh-key is not accepted for this user)" : /password is required/i.test(why) ? " (this user needs passwordless sudo)" : "";
      throw new Error(`${what} on ${host.user}@${host.host}:${host.port} failed${hint}: ${why}`);
    }
    return result.stdout;
  }
  /**
   * Probes every host (architecture, systemd, tar, and the firewall tool `isolate` needs), then copies
   * binary, certificates, config (and unit) to each, all hosts at once.
   */
  async preflight() {
    this.state.controlDir ??= await mkdtemp(path3.join(tmpdir(), "etcd-ha-ssh-"));
    await this.startMasters();
    const arch = ARCH[process.arch] ?? process.arch;
    const binary = await readFile4(this.state.etcdBinary);
    await Promise.all(
      this.spec.members.map(async (member) => {
        const host = this.hostOf(member);
        const probe = await this.remoteOk(
          host,
          `uname -m; if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo systemd; else echo process; fi
command -v tar >/dev/null 2>&1 || echo no-tar
${FIREWALL_PROBE}`,
          "probing the host",
          { timeoutMs: 3e4 }
        ).catch((error) => {
          throw new ConfigurationError(`hosts: ${errorMessage(error)}`);
        });
        const [remoteArch, supervisor, ...rest] = probe.trim().split("\n");
        if (remoteArch !== arch) {
          throw new ConfigurationError(
            `hosts: ${host.host} is ${remoteArch}; allowed: hosts of this runner's architecture (${arch}), which the etcd binary is built for`
          );
        }
        if (rest.includes("no-tar"))
          throw new ConfigurationError(`hosts: ${host.host} has no tar, which copying the member's files needs`);
        const facts = {
          supervisor: supervisor === "systemd" ? "systemd" : "process",
          firewall: parseFirewallProbe(probe) ?? { reason: "the probe of its firewall tools said nothing" }
        };
        this.state.facts = { ...this.state.facts, [hostKey(host)]: facts };
        await this.install(member, host, facts.supervisor, binary, { dataDir: true });
      })
    );
    this.deps.logger.info(
      `installed ${this.spec.members.length} members: ${this.spec.members.map((m) => `${m.name} on ${m.address} (${this.state.members[m.name].supervisor})`).join(", ")}`
    );
  }
  /**
   * Makes the member's folder on its host with its files (and `extra` ones), and its unit; with
   * `dataDir`, an empty data dir too (a restore makes its own, and refuses one that exists).
   */
  async install(member, host, supervisor, binary, options) {
    const { dir, unit } = remoteNames(this.spec, member);
    const remoteMember = memberOnHost(this.spec, member);
    const files = [
      { name: "etcd", mode: 448, data: binary },
      { name: "etcd.conf.yml", mode: 384, data: Buffer.from(etcdConfigYaml(this.spec, remoteMember)) },
      { name: "pki/ca.crt", mode: 420, data: await readFile4(member.pki.caCert) },
      { name: "pki/server.crt", mode: 420, data: await readFile4(member.pki.serverCert) },
      { name: "pki/server.key", mode: 384, data: await readFile4(member.pki.serverKey) },
      { name: "pki/peer.crt", mode: 420, data: await readFile4(member.pki.peerCert) },
      { name: "pki/peer.key", mode: 384, data: await readFile4(member.pki.peerKey) },
      ...supervisor === "systemd" ? [{ name: "etcd.service", mode: 420, data: Buffer.from(systemdUnit(this.spec, member, dir)) }] : [],
      ...options.extra ?? []
    ];
    this.state.members[member.name] = { dir, supervisor, ...supervisor === "systemd" ? { unit } : {} };
    await this.deps.onChange?.();
    const [qDir, qUnitFile] = [shellQuote(dir), shellQuote(`/etc/systemd/system/${unit}`)];
    const installUnit = supervisor === "systemd" ? `if [ -e ${qUnitFile} ]; then echo "unit "${shellQuote(unit)}" exists already" >&2; exit 4; fi
cp ${qDir}/etcd.service ${qUnitFile} && systemctl daemon-reload` : "";
    const makeDataDir = options.dataDir ? `mkdir -m 700 ${qDir}/data || exit 5
` : "";
    const result = await this.remote(
      host,
      `umask 077
if ! mkdir -m 700 ${qDir} 2>/dev/null; then echo ${qDir}" exists already or cannot be made" >&2; exit 3; fi
${makeDataDir}tar -x -f - -C ${qDir} || exit 5
${installUnit}`,
      { input: tarArchive(files), timeoutMs: UPLOAD_TIMEOUT_MS }
    );
    if (result.code === 3) delete this.state.members[member.name];
    if (result.code === 4) delete this.state.members[member.name].unit;
    if (result.code !== 0) {
      await this.deps.onChange?.();
      throw new Error(
        `installing ${member.name} in ${dir} on ${host.host} failed: ${result.stderr.trim() || `exit ${result.code}`}`
      );
    }
  }
  /** How the host runs members: as preflight found, else as its member of the spec was installed. */
  supervisorOn(host) {
    const found = this.state.facts?.[hostKey(host)]?.supervisor;
    if (found) return found;
    const index = this.state.hosts.findIndex((candidate) => hostKey(candidate) === hostKey(host));
    return this.state.members[this.spec.members[index]?.name ?? ""]?.supervisor ?? "process";
  }
  /** Starts a member; one beyond the spec's is recorded and installed on its host first (unless a restore did). */
  async start(member) {
    const host = this.hostOf(member);
    if (!this.isSpecMember(member) && !this.state.members[member.name]) {
      await this.recordSpare(member);
      const binary = await readFile4(this.state.etcdBinary);
      await this.install(member, host, this.supervisorOn(host), binary, { dataDir: true });
    }
    const installed = this.state.members[member.name];
    if (!installed) throw new Error(`${member.name} is not installed on ${host.host}`);
    if (installed.supervisor === "systemd") {
      const unit = shellQuote(installed.unit ?? "");
      await this.remoteOk(
        host,
        `systemctl reset-failed ${unit} 2>/dev/null; systemctl start --no-block ${unit}`,
        `starting ${member.name}`
      );
      return;
    }
    if (installed.process && await this.isRunning(member))
      throw new Error(`${member.name} is already running on ${host.host} (PID ${installed.process.pid})`);
    const dir = shellQuote(installed.dir);
    const out = await this.remoteOk(
      host,
      `cd ${dir} || exit 1
if command -v setsid >/dev/null 2>&1; then run=setsid; else run=; fi
$run ${dir}/etcd --config-file=${dir}/etcd.conf.yml >>${dir}/etcd.log 2>&1 </dev/null &
pid=$!
s=$(cat /proc/$pid/stat) || exit 1
set -- \${s##*) }
echo "$pid \${20}"`,
      `starting ${member.name}`
    );
    const [pid, startTime] = out.trim().split(" ");
    installed.process = { pid: Number(pid), startTime };
    await this.deps.onChange?.();
    this.deps.logger.debug(`started ${member.name} on ${host.host} as PID ${pid}`);
  }
  async stop(member) {
    await this.end(member, false);
  }
  async kill(member) {
    await this.end(member, true);
  }
  async end(member, kill) {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === "systemd") {
      if (!installed.unit) return;
      const unit = shellQuote(installed.unit);
      await this.remoteOk(
        host,
        kill ? `systemctl kill --signal=SIGKILL ${unit} 2>/dev/null; until_not unit_up ${unit}` : `systemctl stop ${unit}`,
        `${kill ? "killing" : "stopping"} ${member.name}`
      );
      return;
    }
    const handle = installed.process;
    if (!handle) return;
    const [pid, startTime] = [shellQuote(String(handle.pid)), shellQuote(handle.startTime ?? "")];
    await this.remoteOk(
      host,
      `alive ${pid} ${startTime} || exit 0
kill -CONT ${pid}
kill -${kill ? "KILL" : "TERM"} ${pid}
until_not alive ${pid} ${startTime} && exit 0
kill -KILL ${pid} 2>/dev/null; until_not alive ${pid} ${startTime}`,
      `${kill ? "killing" : "stopping"} ${member.name} (PID ${handle.pid})`,
      { timeoutMs: 4e4 }
    );
    delete installed.process;
    await this.deps.onChange?.();
  }
  async restart(member) {
    await this.stop(member);
    await this.start(member);
  }
  /** SIGSTOP to the member's etcd (through systemd for a unit, by the recorded PID otherwise). */
  async pause(member) {
    await this.signal(member, "STOP", "pausing");
  }
  /** SIGCONT to the member's etcd; harmless for one that runs. */
  async resume(member) {
    await this.signal(member, "CONT", "resuming");
  }
  /**
   * Rejects the peer connections between each member of `members` and each of `from` with rules on
   * the host of each member of `members` (iptables, else nft; see cutScript), in a chain or table
   * named from the run id. The host is recorded before its rules are made, so `heal`, teardown and
   * `down` remove them.
   */
  async isolate(members, from) {
    const byHost = /* @__PURE__ */ new Map();
    for (const member of members) {
      const others = from.filter((other) => other.name !== member.name);
      if (others.length === 0) continue;
      const host = this.hostOf(member);
      const group = byHost.get(hostKey(host)) ?? { host, cuts: [], names: [] };
      group.names.push(member.name);
      group.cuts.push(...others.map((other) => ({ local: peerEnd(member), remote: peerEnd(other) })));
      byHost.set(hostKey(host), group);
    }
    const groups = [...byHost.values()];
    const tools = await Promise.all(groups.map(({ host }) => this.firewallOf(host)));
    this.state.cut = [.../* @__PURE__ */ new Set([...this.state.cut ?? [], ...byHost.keys()])];
    await this.deps.onChange?.();
    await Promise.all(
      groups.map(
        ({ host, cuts, names }, index) => this.remoteOk(
          host,
          cutScript(tools[index], this.spec.runId, cuts),
          `cutting the peer links of ${names.join(", ")} with ${tools[index]}`
        )
      )
    );
    this.deps.logger.debug(
      `cut the peer links ${groups.flatMap(({ names }) => names).join(", ")} | ${from.map((m) => m.name).join(", ")}`
    );
  }
  /** Removes the run's rules from every host `isolate` cut links on. */
  async heal() {
    const problems = await this.removeRules();
    if (problems.length > 0) throw new Error(`healing the cut peer links failed: ${problems.join("; ")}`);
  }
  /** The host's firewall tool (probed now where preflight did not), or FaultUnsupportedError saying why there is none. */
  async firewallOf(host) {
    let facts = this.state.facts?.[hostKey(host)];
    if (!facts) {
      const probe = await this.remoteOk(host, FIREWALL_PROBE, "probing the firewall tools", { timeoutMs: 3e4 });
      facts = {
        supervisor: this.supervisorOn(host),
        firewall: parseFirewallProbe(probe) ?? { reason: "the probe of its firewall tools said nothing" }
      };
      this.state.facts = { ...this.state.facts, [hostKey(host)]: facts };
      await this.deps.onChange?.();
    }
    if ("reason" in facts.firewall) throw new FaultUnsupportedError("isolate", noFirewall([[host, facts]]));
    return facts.firewall.tool;
  }
  /** Removes the run's rules from the hosts recorded as cut, all at once, forgetting each cleared; returns what failed. */
  async removeRules() {
    const keys = new Set(this.state.cut ?? []);
    if (keys.size === 0) return [];
    const hosts = [...new Map(this.state.hosts.map((host) => [hostKey(host), host])).values()].filter(
      (host) => keys.has(hostKey(host))
    );
    const problems = [];
    const cleared = /* @__PURE__ */ new Set();
    await Promise.all(
      hosts.map(async (host) => {
        const firewall = this.state.facts?.[hostKey(host)]?.firewall;
        if (firewall && "tool" in firewall) {
          try {
            await this.remoteOk(
              host,
              removeRulesScript(firewall.tool, this.spec.runId),
              `removing the rules that cut peer links (${firewall.tool})`
            );
          } catch (error) {
            problems.push(errorMessage(error));
            return;
          }
        }
        cleared.add(hostKey(host));
      })
    );
    this.state.cut = [...keys].filter((key) => !cleared.has(key));
    await this.deps.onChange?.();
    return problems;
  }
  /**
   * Places on the hosts in turn (the first on the first member's host, ...), each at the ports of the
   * host's member plus SPARE_PORT_STEP (twice that, ... where those are taken or something listens
   * there), so a member beyond the spec's runs beside the host's own.
   */
  async sparePlaces(count) {
    const homes = this.spec.members.map((member, index) => ({ member, host: this.state.hosts[index] }));
    if (homes.some(({ host }) => !host)) throw new Error("the ssh target has fewer hosts than members");
    const listening = /* @__PURE__ */ new Map();
    const places = [];
    for (let index = 0; index < count; index++) {
      const { member, host } = homes[index % homes.length];
      if (!listening.has(hostKey(host)))
        listening.set(
          hostKey(host),
          this.remoteOk(host, "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; true", "listing its listening ports").then(
            listeningPorts
          )
        );
      const taken = new Set(
        [...this.allMembers().map(placeOf), ...places].filter((place) => place.address === host.host).flatMap((place) => [place.clientPort, place.peerPort])
      );
      const base = placeOf(member);
      const ports = sparePorts(base, taken, await listening.get(hostKey(host)));
      if (!ports)
        throw new Error(
          `${host.host} has no free pair of ports ${base.clientPort}+${SPARE_PORT_STEP}n and ${base.peerPort}+${SPARE_PORT_STEP}n (n up to ${SPARE_PORT_TRIES}) for a member beyond the spec's`
        );
      places.push({ address: host.host, ...ports });
    }
    return places;
  }
  /**
   * Copies the snapshot and etcd's restore tool (etcdutl from 3.5, etcdctl before; the one beside the
   * etcd binary) into the member's folder on its host, restores there into its data dir, and removes
   * both again.
   */
  async restoreSnapshot(member, snapshotFile) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster; a snapshot is restored only into a member beyond it`);
    const tool = await restoreTool(this.state.etcdBinary);
    const toolName = path3.basename(tool);
    const host = this.hostOf(member);
    const [binary, toolBinary, snapshot] = await Promise.all(
      [this.state.etcdBinary, tool, snapshotFile].map((file) => readFile4(file))
    );
    await this.recordSpare(member);
    await this.install(member, host, this.supervisorOn(host), binary, {
      dataDir: false,
      extra: [
        { name: toolName, mode: 448, data: toolBinary },
        { name: "snapshot.db", mode: 384, data: snapshot }
      ]
    });
    const { dir } = remoteNames(this.spec, member);
    const remoteMember = memberOnHost(this.spec, member);
    const command = [
      `${dir}/${toolName}`,
      ...snapshotRestoreArgs(remoteMember, `${dir}/snapshot.db`, remoteMember.dataDir)
    ];
    await this.remoteOk(
      host,
      `cd ${shellQuote(dir)} || exit 1
ETCDCTL_API=3 ${command.map(shellQuote).join(" ")}
rc=$?
rm -f ${shellQuote(`${dir}/snapshot.db`)} ${shellQuote(`${dir}/${toolName}`)}
exit $rc`,
      `restoring the snapshot for ${member.name} with ${toolName}`,
      { timeoutMs: RESTORE_TIMEOUT_MS3 }
    );
    return `${command.join(" ")} (on ${host.host})`;
  }
  /** Ends a member beyond the spec's, removes its unit and folder from its host, and forgets it. */
  async discard(member) {
    if (this.isSpecMember(member))
      throw new Error(`${member.name} is a member of the cluster's spec; only members beyond it are discarded`);
    await this.remove(member, false);
    if (this.state.spare?.[member.name]) {
      delete this.state.spare[member.name];
      await this.deps.onChange?.();
    }
  }
  /** Kills a member and, unless keepData, removes its unit and folder and forgets it. */
  async remove(member, keepData) {
    const installed = this.state.members[member.name];
    if (!installed) return;
    await this.kill(member);
    if (keepData) return;
    const unit = installed.unit;
    await this.remoteOk(
      this.hostOf(member),
      (unit ? `systemctl reset-failed ${shellQuote(unit)} 2>/dev/null; rm -f ${shellQuote(`/etc/systemd/system/${unit}`)}; systemctl daemon-reload
` : "") + `rm -rf ${shellQuote(installed.dir)}`,
      `removing ${member.name}`
    );
    delete this.state.members[member.name];
    await this.deps.onChange?.();
  }
  async signal(member, signal, what) {
    const installed = this.state.members[member.name];
    if (!installed) return;
    const host = this.hostOf(member);
    if (installed.supervisor === "systemd") {
      if (!installed.unit) return;
      const unit = shellQuote(installed.unit);
      await this.remoteOk(
        host,
        `unit_up ${unit} || exit 0
systemctl kill --signal=SIG${signal} ${unit}`,
        `${what} ${member.name}`
      );
      return;
    }
    const handle = installed.process;
    if (!handle) return;
    const pid = shellQuote(String(handle.pid));
    await this.remoteOk(
      host,
      `alive ${pid} ${shellQuote(handle.startTime ?? "")} || exit 0
kill -${signal} ${pid}`,
      `${what} ${member.name} (PID ${handle.pid})`
    );
  }
  async isRunning(member) {
    const installed = this.state.members[member.name];
    if (!installed) return false;
    if (installed.supervisor === "systemd") {
      return installed.unit !== void 0 && (await this.remote(this.hostOf(member), `unit_up ${shellQuote(installed.unit)}`)).code === 0;
    }
    const handle = installed.process;
    return handle !== void 0 && (await this.remote(
      this.hostOf(member),
      `alive ${shellQuote(String(handle.pid))} ${shellQuote(handle.startTime ?? "")}`
    )).code === 0;
  }
  async logs(member, tailLines) {
    const installed = this.state.members[member.name];
    if (!installed) return "";
    const lines = tailLines === void 0 ? "" : `-n ${shellQuote(String(tailLines))}`;
    const log = shellQuote(`${installed.dir}/etcd.log`);
    const script = installed.supervisor === "systemd" ? `journalctl -u ${shellQuote(installed.unit ?? "")} --no-pager -o cat ${lines}` : tailLines === void 0 ? `cat ${log}` : `tail ${lines} ${log}`;
    const result = await this.remote(this.hostOf(member), `${script} 2>/dev/null`, { timeoutMs: 3e4 });
    return result.stdout;
  }
  /**
   * Removes the run's rules from the hosts it cut links on; ends every member (those beyond the
   * spec's too) and, unless keepData, removes the unit and the member's folder on each host, all
   * hosts at once. Then closes the ssh connections and removes local files this target wrote.
   */
  async destroy(options) {
    const problems = (await this.removeRules()).map((problem) => `rules: ${problem}`);
    await Promise.all(
      this.allMembers().map(async (member) => {
        try {
          await this.remove(member, options.keepData);
        } catch (error) {
          problems.push(`${member.name}: ${errorMessage(error)}`);
        }
      })
    );
    for (const name of Object.keys(this.state.spare ?? {})) {
      if (!this.state.members[name]) delete this.state.spare?.[name];
    }
    problems.push(...await this.endMasters());
    if (this.state.controlDir) {
      await rm2(this.state.controlDir, { recursive: true, force: true }).catch(
        (error) => problems.push(`${this.state.controlDir}: ${errorMessage(error)}`)
      );
      delete this.state.controlDir;
    }
    for (const file of this.state.localFiles ?? []) {
      await rm2(file, { force: true }).catch((error) => problems.push(`${file}: ${errorMessage(error)}`));
    }
    this.state.localFiles = [];
    await this.deps.onChange?.().catch((error) => problems.push(`state: ${errorMessage(error)}`));
    return problems;
  }
};
function placeOf(member) {
  return { address: member.address, clientPort: portOf(member.clientUrl), peerPort: portOf(member.peerUrl) };
}
function peerEnd(member) {
  return { address: member.address, peerPort: portOf(member.peerUrl) };
}
function noFirewall(hosts) {
  const why = hosts.map(
    ([host, facts]) => `${host.host} has none that works (${"reason" in facts.firewall ? facts.firewall.reason : ""})`
  );
  return `the ssh target cuts peer links with iptables or nft on each host, and ${why.join("; ")}`;
}
async function restoreTool(etcdBinary) {
  const dir = path3.dirname(etcdBinary);
  const tools = [path3.join(dir, "etcdutl"), path3.join(dir, "etcdctl")];
  for (const tool of tools) {
    if (await access3(tool, constants2.X_OK).then(
      () => true,
      () => false
    ))
      return tool;
  }
  throw new Error(`neither ${tools.join(" nor ")} can be run, so no snapshot can be restored`);
}

// src/targets/registry.ts
function localBinary(kind, binaries) {
  if (!binaries) throw new Error(`the ${kind} target needs etcd binaries`);
  return binaries.etcd;
}
var TARGETS = {
  local: {
    runsLocalBinary: true,
    record: (_options, placement) => {
      const plan = placement.cutsLinks === false ? { reason: NO_LINK_CUTS } : peerProxyPlan(placement.spec);
      return {
        etcdBinary: localBinary("local", placement.binaries),
        processes: {},
        ..."port" in plan ? { peerProxy: { port: plan.port } } : {}
      };
    },
    create: (spec, state, deps) => new LocalTarget(spec, state, deps),
    asRun: (member) => member,
    etcdVersion: () => void 0
  },
  container: {
    runsLocalBinary: false,
    record: (options, { spec, etcdVersion }) => ({
      image: options.image ?? officialImage(etcdVersion),
      network: options.network ?? `etcd-ha-${spec.runId}`,
      subnet: memberSubnet(spec),
      networkCreated: false,
      containers: {}
    }),
    prepare: (options, etcdVersion, deps) => {
      void imageCheck(options.image ?? officialImage(etcdVersion), deps).version();
    },
    create: (spec, state, deps) => new ContainerTarget(spec, state, deps),
    asRun: (member) => memberInContainer(member),
    etcdVersion: (state) => state.etcdVersion
  },
  ssh: {
    runsLocalBinary: true,
    record: (options, placement) => ({
      hosts: options.hosts,
      keyFile: path4.resolve(options.sshKey),
      knownHostsFile: path4.resolve(options.knownHosts),
      etcdBinary: localBinary("ssh", placement.binaries),
      members: {},
      localFiles: options.ownedFiles ?? []
    }),
    create: (spec, state, deps) => new SshTarget(spec, state, deps),
    asRun: (member) => member,
    etcdVersion: () => void 0
  }
};
function targetEntry(kind) {
  return TARGETS[kind];
}
function stateOf(states, kind) {
  return states[kind];
}
function recordTarget(states, options, placement) {
  const recorded = {
    [options.kind]: stateOf(states, options.kind) ?? targetEntry(options.kind).record(options, placement)
  };
  Object.assign(states, recorded);
}
function prepareTarget(options, etcdVersion, deps) {
  targetEntry(options.kind).prepare?.(options, etcdVersion, deps);
}
function recordedTarget(states, spec, deps) {
  const kind = recordedKind(states);
  return kind === void 0 ? void 0 : createTarget(states, kind, spec, deps);
}
function createTarget(states, kind, spec, deps) {
  return targetEntry(kind).create(spec, stateOf(states, kind), deps);
}
function memberAsRunBy(states) {
  const kind = recordedKind(states);
  return kind === void 0 ? (member) => member : targetEntry(kind).asRun;
}
function targetEtcdVersion(states) {
  for (const kind of TARGET_KINDS) {
    const version = versionOf(states, kind);
    if (version !== void 0) return version;
  }
  return void 0;
}
function versionOf(states, kind) {
  const state = stateOf(states, kind);
  return state === void 0 ? void 0 : targetEntry(kind).etcdVersion(state);
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
function sandboxAddresses(target, baseAddress, count, label) {
  const last = Number(baseAddress.split(".")[3]) + count - 1;
  if (last > 254) {
    throw new ConfigurationError(
      `${label("base-address")} is '${baseAddress}'; allowed: an address whose last number leaves room for the configuration's ${count} members (at most ${255 - count}) on the ${target} target`
    );
  }
  return Array.from({ length: count }, (_, index) => memberAddress(baseAddress, index));
}
function membersOnHosts(members, hosts, label) {
  if (hosts.length !== members.length) {
    throw new ConfigurationError(
      `${label("hosts")} is '${hosts.join(",")}'; allowed: one host per member of the configuration (${members.map((member) => `${member.name} in ${member.file}`).join(", ")})`
    );
  }
  const ordered = hosts.map((host) => {
    const member = members.find((candidate) => hostsOf(candidate).includes(host));
    if (!member) {
      throw new ConfigurationError(
        `${label("hosts")} names ${host}, which no member's URLs name (${members.map((m) => `${m.name} in ${m.file}: ${hostsOf(m).join(", ") || "none"}`).join("; ")}); with target ssh each member runs on the host its URLs name`
      );
    }
    return member;
  });
  const twice = ordered.find((member, index) => ordered.indexOf(member) !== index);
  if (twice)
    throw new ConfigurationError(
      `${label("hosts")} names two hosts of member ${twice.name} (${twice.file}); allowed: one host per member`
    );
  return ordered;
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
  const [ordered, sandbox] = placeConfiguredMembers(members, target, options);
  const spec = clusterSpecFromConfig(ordered, options.stateDir, sandbox, {
    topology: options.topology,
    startupTimeoutMs: options.timing.startupTimeoutMs,
    pkiRoot: options.pkiDir
  });
  const warning = memberCountWarning(spec.members.length);
  if (warning) logger.warning(`${options.configPath}: ${warning}`);
  return spec;
}
function placeConfiguredMembers(members, target, options) {
  switch (target.kind) {
    case "ssh":
      return [
        membersOnHosts(
          members,
          target.hosts.map((host) => host.host),
          options.label
        ),
        { addresses: target.hosts.map((host) => host.host), urlsAsWritten: true }
      ];
    case "local":
    case "container":
      return [
        members,
        { addresses: sandboxAddresses(target.kind, options.topology.baseAddress, members.length, options.label) }
      ];
    default:
      return unhandledKind(target);
  }
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
  const peerProxy = state.local?.peerProxy;
  return peerProxy ? withPeerProxies(state.spec, peerProxy.port) : state.spec;
}
function memberAsRun(state) {
  return state ? memberAsRunBy(state) : (member) => member;
}

// src/run/pipeline.ts
import { access as access5, constants as constants4, readdir, rm as rm4, rmdir, writeFile as writeFile3 } from "node:fs/promises";
import path7 from "node:path";

// src/etcd/install.ts
import { createHash as createHash2, randomBytes } from "node:crypto";
import { constants as constants3 } from "node:fs";
import { access as access4, copyFile, mkdir as mkdir2, mkdtemp as mkdtemp2, readFile as readFile5, rename, rm as rm3, stat as stat2, writeFile as writeFile2 } from "node:fs/promises";
import path5 from "node:path";

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
    await access4(file, constants3.X_OK);
    return (await stat2(file)).isFile();
  } catch {
    return false;
  }
}
async function etcdVersionOf(etcd, runner) {
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
    const etcd = path5.join(dir, "etcd");
    const etcdctl = path5.join(dir, "etcdctl");
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
    return { ...pair, version: await etcdVersionOf(pair.etcd, runner), source: "etcd-path" };
  }
  const onPath = await findPair(deps.searchPath);
  if (onPath) {
    const version = await etcdVersionOf(onPath.etcd, runner);
    if (!options.etcdVersion || options.etcdVersion === version) return { ...onPath, version, source: "PATH" };
    logger.info(`etcd ${version} on PATH is not the requested ${options.etcdVersion}; using the release instead`);
  }
  return installRelease(options.etcdVersion ?? DEFAULT_ETCD_VERSION, options.downloadUrl, deps);
}
var SUMS_FILE = "SHA256SUMS";
var sha256 = (data) => createHash2("sha256").update(data).digest("hex");
async function installRelease(version, baseUrl, deps) {
  const platform = deps.platform ?? process.platform;
  const goArch = GO_ARCH[deps.arch ?? process.arch];
  if (platform !== "linux" || !goArch) {
    throw new ConfigurationError(
      `etcd releases are downloaded for Linux only (this is ${platform}/${deps.arch ?? process.arch}); set etcd-path instead`
    );
  }
  const versionDir = path5.join(deps.cacheRoot, "etcd", version);
  const dir = path5.join(versionDir, deps.arch ?? process.arch);
  const name = `etcd-v${version}-linux-${goArch}`;
  const releaseUrl = `${baseUrl}/v${version}`;
  const sumsUrl = `${releaseUrl}/SHA256SUMS`;
  const tarballUrl = `${releaseUrl}/${name}.tar.gz`;
  const pinned = (deps.pinned ?? PINNED_RELEASES)[version]?.[goArch];
  const release = { versionDir, dir, name, tarballUrl, pinned };
  const binaries = (source) => ({
    etcd: path5.join(dir, "etcd"),
    etcdctl: path5.join(dir, "etcdctl"),
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
  await mkdir2(versionDir, { recursive: true });
  const work = await mkdtemp2(path5.join(versionDir, ".download-"));
  try {
    const archive = path5.join(work, `${name}.tar.gz`);
    await writeFile2(archive, tarball);
    const untar = await deps.runner.run("tar", ["-xzf", archive, "-C", work], { timeoutMs: 12e4 });
    if (untar.code !== 0) throw new Error(`could not unpack ${tarballUrl}: ${untar.stderr.trim()}`);
    const unpacked = path5.join(work, name);
    if (!await findPair([unpacked])) throw new Error(`${tarballUrl} holds no ${name}/etcd and ${name}/etcdctl`);
    await copyFile(archive, path5.join(versionDir, `${name}.tar.gz`));
    await writeFile2(path5.join(versionDir, SUMS_FILE), sums);
    const staged = `${dir}.${randomBytes(4).toString("hex")}`;
    await rename(unpacked, staged);
    await rm3(dir, { recursive: true, force: true });
    await rename(staged, dir);
    await writeFile2(`${dir}.complete`, JSON.stringify({ url: tarballUrl }));
  } finally {
    await rm3(work, { recursive: true, force: true });
  }
  await deps.releaseCache?.save(versionDir, version, tarballUrl).catch(
    (error) => deps.logger.warning(`could not save etcd ${version} to the workflow cache: ${errorMessage(error)}`)
  );
  return binaries("download");
}
async function usableCache(release, deps, where) {
  const { dir } = release;
  const marker = await readFile5(`${dir}.complete`, "utf8").then(
    (text) => JSON.parse(text),
    () => void 0
  );
  if (!marker || !await isExecutable(path5.join(dir, "etcd"))) return false;
  if (marker.url !== release.tarballUrl) return false;
  const problem = await cacheProblem(release, deps);
  if (problem === void 0) return true;
  deps.logger.warning(`etcd in ${where} (${dir}) is not the release it claims to be: ${problem}; downloading it again`);
  await rm3(dir, { recursive: true, force: true });
  await rm3(`${dir}.complete`, { force: true });
  return false;
}
async function cacheProblem(release, deps) {
  const { versionDir, dir, name, pinned } = release;
  const archive = path5.join(versionDir, `${name}.tar.gz`);
  const tarball = await readFile5(archive).catch(() => void 0);
  if (!tarball) return `its tarball ${archive} is missing`;
  const sums = await readFile5(path5.join(versionDir, SUMS_FILE), "utf8").catch(() => "");
  const expected = pinned ?? parseSha256Sums(sums).get(`${name}.tar.gz`);
  if (!expected) return `${path5.join(versionDir, SUMS_FILE)} lists no checksum for ${name}.tar.gz`;
  const actual = sha256(tarball);
  if (actual !== expected) return `its tarball's SHA-256 is ${actual}, not ${expected}`;
  for (const binary of ["etcd", "etcdctl"]) {
    const inTarball = await deps.runner.pipe("tar", ["-xzOf", "-", `${name}/${binary}`], tarball, 12e4);
    if (inTarball.code !== 0) return `its tarball holds no ${name}/${binary} (${inTarball.stderr.trim()})`;
    const onDisk = await readFile5(path5.join(dir, binary)).catch(() => Buffer.alloc(0));
    if (sha256(onDisk) !== sha256(inTarball.stdout)) return `${path5.join(dir, binary)} differs from the tarball's`;
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

// src/run/diagnostics.ts
import path6 from "node:path";
import { gzipSync } from "node:zlib";
var DIAGNOSTICS_WHEN = ["on-failure", "always", "never"];
var LOG_TAIL_LINES = 500;
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
  const configs = {};
  const kind = recordedTargetKind(state);
  if (kind === void 0) return configs;
  const asRun = memberAsRunBy(state);
  const peerProxy = state.local?.peerProxy;
  const spec = peerProxy ? withPeerProxies(state.spec, peerProxy.port) : state.spec;
  for (const member of spec.members) {
    configs[member.name] = kind === "ssh" ? { file: "etcd.conf.yml", text: etcdConfigYaml(spec, memberOnHost(spec, member)) } : { file: "flags.txt", text: `${etcdFlags(spec, asRun(member)).join("\n")}
` };
  }
  return configs;
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
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
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
  const target = path6.resolve(file);
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
function diagnosticsMarkdown(bundle, where, openWith = path6.basename(bundle.file)) {
  return `
### Diagnostics

The diagnostics bundle (member logs, status, member list, flags or config files, report, versions; no keys; ${sealedAs(bundle)}) is ${where}. Open it with:

\`\`\`sh
${openCommand(bundle, openWith)}
\`\`\`
`;
}

// src/run/pipeline.ts
async function prepareStateDir(stateDir, label) {
  const dir = path7.resolve(stateDir);
  try {
    await makeDirs(dir, 448);
    await access5(dir, constants4.W_OK);
    const probe = path7.join(dir, `.write-test-${process.pid}`);
    await writeFile3(probe, "");
    await rm4(probe);
  } catch (error) {
    throw new ConfigurationError(
      `${label} is '${stateDir}'; allowed: a folder this user can create and write (${errorMessage(error)})`
    );
  }
  return dir;
}
async function certsPhase(stateDir, topology, timing, deps, made) {
  const spec = buildClusterSpec(stateDir, topology, timing);
  const state = { schemaVersion: 1, spec };
  if (deps.live) deps.live.state = state;
  const begin = deps.clock.now();
  await generateClusterPki(spec, /* @__PURE__ */ new Date(), made);
  const waited = Math.round(deps.clock.now() - begin);
  await saveState(state);
  deps.logger.info(
    `generated the etcd PKI for ${spec.members.length} members in ${spec.pki.root} (${topology.keyAlgorithm} keys; ${waited} ms${made ? " after the work it overlapped" : ""})`
  );
  return state;
}
async function adoptPkiPhase(stateDir, topology, timing, provided, deps) {
  const spec = buildClusterSpec(stateDir, topology, timing, void 0, provided.pkiDir);
  const state = { schemaVersion: 1, spec, pkiProvided: { minValidityDays: provided.minValidityDays } };
  if (deps.live) deps.live.state = state;
  await saveState(state);
  deps.logger.info(`using the PKI in ${spec.pki.root}`);
  return state;
}
async function binariesPhase(options, deps) {
  const binaries = await resolveEtcdBinaries(options, deps);
  deps.logger.info(`using etcd ${binaries.version} from ${binaries.source} (${binaries.etcd})`);
  return binaries;
}
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
function etcdVersionOf2(state) {
  return (state && targetEtcdVersion(state)) ?? state?.binaries?.version ?? "";
}
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
async function checksPhase(state, checks, deps, rounds = 1) {
  const target = state.given ? void 0 : targetFor(state, deps);
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
    keyPrefix: `/etcd-ha/${state.spec.runId}/`
  };
  const results = [];
  try {
    for (const name of checks) {
      const check = checkNamed(name);
      const fewer = tooFewMembers(check, state.spec);
      if (fewer !== void 0) {
        const result = { name, status: "skipped", summary: fewer, durationMs: 0, figures: {}, notes: [] };
        deps.logger.info(`${name}: skipped: ${fewer}`);
        results.push(result);
        continue;
      }
      running.check = name;
      const planned = target && check.stopsMembers ? rounds : 1;
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
        const result = await deps.logger.group(`check ${which}`, () => runCheck(check, ctx));
        deps.logger.info(`${which}: ${result.status} (${Math.round(result.durationMs)} ms): ${result.summary}`);
        roundResults.push(result);
        if (result.status !== "pass") break;
      }
      results.push(
        planned > 1 && roundResults[0].status !== "skipped" ? combineRounds(roundResults, planned) : roundResults[0]
      );
    }
    const { rows } = await readStatusTable(state.spec, client, deps.clock);
    return { results, members: rows, derived: [...derived.values()] };
  } finally {
    client.close();
  }
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
async function downPhase(state, options, deps) {
  const problems = [];
  const target = recordedTarget(state, state.spec, {
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    onChange: () => saveState(state)
  });
  if (target) problems.push(...await target.destroy({ keepData: options.keep }));
  if (!options.keep) {
    const dir = state.spec.stateDir;
    const ours = state.pkiProvided ? [] : [state.spec.pki.root];
    for (const item of [
      ...ours,
      path7.join(dir, ETCDCTL_ENV_FILE),
      path7.join(dir, SSH_INPUTS_DIR),
      path7.join(dir, SPARE_DIR)
    ]) {
      await rm4(item, { recursive: true, force: true }).catch(
        (error) => problems.push(`${item}: ${errorMessage(error)}`)
      );
    }
    await removeStateFile(dir).catch((error) => problems.push(`state file: ${errorMessage(error)}`));
    if ((await readdir(dir).catch(() => ["?"])).length === 0) await rmdir(dir).catch(() => void 0);
  }
  if (problems.length === 0) {
    await deps.runs?.unregister(state.spec.runId).catch((error) => problems.push(`run registry: ${errorMessage(error)}`));
  }
  return problems;
}
async function bringUp(options, deps, timed, onState = () => void 0) {
  const pkiDir = options.provided?.pkiDir;
  const made = options.config === void 0 && !pkiDir ? makeClusterPki(buildClusterSpec(options.stateDir, options.topology, options.timing).members, options.topology) : void 0;
  made?.catch(() => void 0);
  prepareTarget(options.target, options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
  const binaries = targetEntry(options.target.kind).runsLocalBinary ? await timed("etcd", () => binariesPhase(options.binary, deps)) : void 0;
  const configured = options.config === void 0 ? void 0 : await timed("config", () => configuredClusterSpec(options, options.config, binaries, deps));
  const stateDir = await prepareStateDir(options.stateDir, options.stateDirLabel);
  const minValidityDays = options.provided?.minValidityDays ?? 0;
  const state = await timed(
    "pki",
    () => configured ? configuredPkiPhase(configured, pkiDir ? { minValidityDays } : void 0, deps) : pkiDir ? adoptPkiPhase(stateDir, options.topology, options.timing, { pkiDir, minValidityDays }, deps) : certsPhase(stateDir, options.topology, options.timing, deps, made)
  );
  onState(state);
  await timed(
    "up",
    () => upPhase(
      state,
      {
        target: options.target,
        binaries,
        etcdVersion: options.binary.etcdVersion,
        cutsLinks: options.cutsLinks
      },
      void 0,
      deps
    )
  );
  return state;
}
async function configuredClusterSpec(options, configPath, binaries, deps) {
  const label = options.label ?? flagLabel;
  const etcdVersion = binaries?.version ?? options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION;
  const members = await readUserConfig(configPath, { label, etcdVersion, cwd: process.cwd(), logger: deps.logger });
  return configuredSpec(
    members,
    {
      configPath,
      target: options.target,
      stateDir: options.stateDir,
      topology: options.topology,
      timing: options.timing,
      checks: options.checks,
      optionalChecks: options.optionalChecks,
      pkiDir: options.provided?.pkiDir,
      label
    },
    deps.logger
  );
}
function phaseTimer(deps, phases) {
  return async (phase, work) => {
    const begin = deps.clock.now();
    try {
      return await deps.logger.group(phase, work);
    } finally {
      phases[phase] = deps.clock.now() - begin;
    }
  };
}
async function diagnosticsOf(report, state, deps) {
  let memberLogs = deps.captured?.memberLogs ?? {};
  if (!deps.captured?.memberLogs && state && recordedTargetKind(state) !== void 0) {
    memberLogs = await memberLogTails(state.spec, targetFor(state, deps)).catch(() => ({}));
  }
  return diagnosticsFiles({ report, state, memberLogs });
}
async function checkReport(state, checks, deps, rounds = 1, optional = []) {
  const started = deps.clock.now();
  const startedAt = new Date(deps.clock.wallNow());
  const { results, members, derived } = await checksPhase(state, checks, deps, rounds);
  return buildReport({
    spec: specAsRun(state),
    asRun: memberAsRun(state),
    target: targetKind(state),
    // A given cluster says its version itself.
    etcdVersion: etcdVersionOf2(state) || (members.find((row) => row.status)?.status?.version ?? ""),
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
async function runAll(options, deps) {
  const { clock } = deps;
  const startedAt = new Date(clock.wallNow());
  const started = clock.now();
  const phases = {};
  const timed = phaseTimer(deps, phases);
  let state;
  let results = [];
  let members = [];
  let derived = [];
  let failure;
  let lint;
  try {
    const running = await bringUp(
      { ...options, cutsLinks: checksMayUse(options.checks, "isolate") },
      deps,
      timed,
      (made) => state = made
    );
    ({ results, members, derived } = await timed(
      "checks",
      () => checksPhase(running, options.checks, deps, options.rounds)
    ));
  } catch (error) {
    if (error instanceof ConfigLintError) {
      failure = error.message;
      lint = { configPath: error.configPath, findings: error.findings, summary: error.summary };
    } else if (error instanceof ConfigurationError) throw error;
    else failure = errorMessage(error);
    if (error instanceof Error && error.stack) deps.logger.debug(error.stack);
  }
  const report = buildReport({
    spec: state ? specAsRun(state) : buildClusterSpec(path7.resolve(options.stateDir), options.topology, options.timing, "none"),
    asRun: memberAsRun(state),
    target: options.target.kind,
    etcdVersion: etcdVersionOf2(state),
    toolVersion: deps.toolVersion,
    startedAt,
    durationMs: clock.now() - started,
    phases,
    members,
    checks: results,
    derived,
    optional: options.optionalChecks ?? [],
    error: failure,
    keyAlgorithm: state ? await pkiKeyAlgorithms(state.spec) : null,
    lint
  });
  return { report, state };
}

export {
  targetEntry,
  prepareTarget,
  ConfigLintError,
  findingLine,
  DIAGNOSTICS_WHEN,
  LOG_TAIL_LINES,
  wantsDiagnostics,
  diagnosticsFileName,
  writeDiagnosticsBundle,
  diagnosticsLine,
  diagnosticsMarkdown,
  prepareStateDir,
  certsPhase,
  adoptPkiPhase,
  binariesPhase,
  targetFor,
  upPhase,
  downPhase,
  bringUp,
  phaseTimer,
  diagnosticsOf,
  checkReport,
  runAll
};
