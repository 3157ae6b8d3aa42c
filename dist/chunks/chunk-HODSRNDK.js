import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));

// src/cluster/spec.ts
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import path2 from "node:path";

// src/pki/layout.ts
import path from "node:path";
function pkiPaths(root) {
  return {
    root,
    caCert: path.join(root, "etcd", "ca.crt"),
    caKey: path.join(root, "etcd", "ca.key"),
    healthcheckClientCert: path.join(root, "etcd", "healthcheck-client.crt"),
    healthcheckClientKey: path.join(root, "etcd", "healthcheck-client.key"),
    apiserverClientCert: path.join(root, "apiserver-etcd-client.crt"),
    apiserverClientKey: path.join(root, "apiserver-etcd-client.key")
  };
}
function memberPkiPaths(pki, memberName) {
  const dir = path.join(pki.root, "members", memberName, "etcd");
  return {
    dir,
    caCert: path.join(dir, "ca.crt"),
    serverCert: path.join(dir, "server.crt"),
    serverKey: path.join(dir, "server.key"),
    peerCert: path.join(dir, "peer.crt"),
    peerKey: path.join(dir, "peer.key"),
    healthcheckClientCert: path.join(dir, "healthcheck-client.crt"),
    healthcheckClientKey: path.join(dir, "healthcheck-client.key")
  };
}

// src/pki/key-algorithm.ts
var KEY_ALGORITHMS = ["ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072", "rsa-4096"];
var DEFAULT_KEY_ALGORITHM = "ecdsa-p256";
var KEY_PARAMETERS = {
  "ecdsa-p256": { type: "ec", namedCurve: "P-256", hash: "SHA-256" },
  "ecdsa-p384": { type: "ec", namedCurve: "P-384", hash: "SHA-384" },
  "rsa-2048": { type: "rsa", modulusLength: 2048, hash: "SHA-256" },
  "rsa-3072": { type: "rsa", modulusLength: 3072, hash: "SHA-256" },
  "rsa-4096": { type: "rsa", modulusLength: 4096, hash: "SHA-256" }
};
var CURVE_NAMES = { prime256v1: "p256", secp384r1: "p384" };
function keyAlgorithmOf(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "rsa" && details?.modulusLength) return `rsa-${details.modulusLength}`;
  if (key.asymmetricKeyType === "ec" && details?.namedCurve && CURVE_NAMES[details.namedCurve])
    return `ecdsa-${CURVE_NAMES[details.namedCurve]}`;
  return void 0;
}
function describeKeyType(key) {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `${key.asymmetricKeyType ?? "unknown"}${curve ? ` (${curve})` : ""}`;
}

// src/cluster/spec.ts
function memberAddress(baseAddress, index) {
  const octets = baseAddress.split(".").map(Number);
  octets[3] += index;
  return octets.join(".");
}
function buildClusterSpec(stateDir, topology, timing, runId = randomBytes(4).toString("hex"), pkiRoot) {
  const root = path2.resolve(stateDir);
  const pki = pkiPaths(pkiRoot ? path2.resolve(pkiRoot) : path2.join(root, "pki"));
  const members = Array.from({ length: topology.members }, (_, index) => {
    const name = topology.memberList?.[index].name ?? `etcd-${index + 1}`;
    const address = topology.memberList?.[index].address ?? memberAddress(topology.baseAddress, index);
    return {
      name,
      address,
      clientUrl: urlOn(address, topology.clientPort),
      peerUrl: urlOn(address, topology.peerPort),
      dataDir: path2.join(root, "data", name),
      logFile: path2.join(root, "logs", `${name}.log`),
      pki: memberPkiPaths(pki, name)
    };
  });
  return {
    runId,
    token: `etcd-ha-${runId}`,
    stateDir: root,
    topology,
    timing,
    members,
    initialCluster: members.map((member) => `${member.name}=${member.peerUrl}`).join(","),
    pki
  };
}
var SPARE_DIR = "spare";
function placeOnAddress(spec, address) {
  return { address, clientPort: spec.topology.clientPort, peerPort: spec.topology.peerPort };
}
function spareMember(spec, name, place, bootstrap) {
  const { address, clientPort, peerPort } = typeof place === "string" ? placeOnAddress(spec, place) : place;
  return {
    name,
    address,
    clientUrl: urlOn(address, clientPort),
    peerUrl: urlOn(address, peerPort),
    dataDir: path2.join(spec.stateDir, "data", name),
    logFile: path2.join(spec.stateDir, "logs", `${name}.log`),
    pki: memberPkiPaths(pkiPaths(path2.join(spec.stateDir, SPARE_DIR, "pki")), name),
    ...bootstrap ? { bootstrap } : {}
  };
}
function initialClusterOf(members) {
  return members.map((member) => `${member.name}=${member.advertisedPeerUrl ?? member.peerUrl}`).join(",");
}
function urlOn(address, port) {
  return `https://${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
}
function withPeerProxies(spec, port) {
  const members = spec.members.map((member) => ({ ...member, advertisedPeerUrl: urlOn(member.address, port) }));
  return {
    ...spec,
    members,
    initialCluster: members.map((member) => `${member.name}=${member.advertisedPeerUrl}`).join(",")
  };
}
function withTiming(spec, timing) {
  return { ...spec, timing };
}
function clientEndpoints(spec) {
  return spec.members.map((member) => member.clientUrl).join(",");
}
function relocatedMember(member, paths) {
  const file = (name) => path2.posix.join(paths.pkiDir, name);
  return {
    ...member,
    dataDir: paths.dataDir,
    logFile: paths.logFile ?? member.logFile,
    pki: {
      dir: paths.pkiDir,
      caCert: file("ca.crt"),
      serverCert: file("server.crt"),
      serverKey: file("server.key"),
      peerCert: file("peer.crt"),
      peerKey: file("peer.key"),
      healthcheckClientCert: file("healthcheck-client.crt"),
      healthcheckClientKey: file("healthcheck-client.key")
    }
  };
}
function givenClusterSpec(given) {
  const pki = pkiPaths(path2.resolve(given.pkiDir));
  const members = given.members.map(({ name, clientUrl }) => ({
    name,
    address: new URL(clientUrl).hostname.replace(/^\[(.*)\]$/, "$1"),
    clientUrl,
    peerUrl: "",
    dataDir: "",
    logFile: "",
    pki: memberPkiPaths(pki, name)
  }));
  return {
    runId: randomBytes(4).toString("hex"),
    token: "",
    stateDir: pki.root,
    topology: {
      members: members.length,
      baseAddress: "",
      clientPort: 0,
      peerPort: 0,
      extraSans: [],
      certValidityDays: 0,
      keyAlgorithm: DEFAULT_KEY_ALGORITHM
    },
    timing: given.timing,
    members,
    initialCluster: "",
    pki
  };
}

// src/util/safe-write.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, rename, rm } from "node:fs/promises";
import path4 from "node:path";

// src/util/fs.ts
import { mkdir, stat } from "node:fs/promises";
import path3 from "node:path";
async function makeDirs(dir, mode) {
  const missing = [];
  let current = path3.resolve(dir);
  for (let depth = 0; depth < 4096; depth++) {
    const exists = await stat(current).then(
      (info) => {
        if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: "ENOTDIR" });
        return true;
      },
      (error) => {
        if (error.code === "ENOENT") return false;
        throw error;
      }
    );
    if (exists) break;
    missing.unshift(current);
    const parent = path3.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    await mkdir(folder, { mode }).catch((error) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}

// src/util/safe-write.ts
var SymlinkRefusedError = class extends Error {
  constructor(file, link) {
    super(
      link === file ? `${file} is a symbolic link; nothing is written through one` : `${file} is under ${link}, a symbolic link; nothing is written through one`
    );
    this.file = file;
    this.link = link;
    this.name = "SymlinkRefusedError";
  }
  file;
  link;
};
var workspaceOf = (options) => path4.resolve(options.workspace ?? (process.env.GITHUB_WORKSPACE || process.cwd()));
var isLink = (file) => lstat(file).then(
  (info) => info.isSymbolicLink(),
  () => false
);
async function assertNoSymlink(target, options = {}) {
  const file = path4.resolve(target);
  if (await isLink(file)) throw new SymlinkRefusedError(file, file);
  const workspace = workspaceOf(options);
  const relative = path4.relative(workspace, path4.dirname(file));
  if (relative.startsWith("..") || path4.isAbsolute(relative)) return;
  let current = workspace;
  for (const part of relative === "" ? [] : relative.split(path4.sep)) {
    current = path4.join(current, part);
    if (await isLink(current)) throw new SymlinkRefusedError(file, current);
  }
}
async function writeFileNoFollow(target, data, options = {}) {
  const file = path4.resolve(target);
  await assertNoSymlink(file, options);
  await makeDirs(path4.dirname(file), 493);
  await assertNoSymlink(file, options);
  const mode = options.mode ?? 420;
  const temp = path4.join(path4.dirname(file), `.${path4.basename(file)}.${randomBytes2(6).toString("hex")}.tmp`);
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode
  );
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => void 0);
    await rm(temp, { force: true });
    throw error;
  }
}
async function appendFileNoFollow(target, data, options = {}) {
  const file = path4.resolve(target);
  await assertNoSymlink(file, options);
  await makeDirs(path4.dirname(file), 493);
  let handle;
  try {
    handle = await open(
      file,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
      options.mode ?? 420
    );
  } catch (error) {
    if (error.code === "ELOOP") throw new SymlinkRefusedError(file, file);
    throw error;
  }
  try {
    await handle.appendFile(data);
  } finally {
    await handle.close();
  }
}

// src/util/process.ts
import { execFile, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path5 from "node:path";

// src/util/poll.ts
var PollTimeoutError = class extends Error {
  constructor(what, timeoutMs, lastError) {
    super(
      `timed out after ${timeoutMs} ms waiting for ${what}` + (lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : "")
    );
    this.lastError = lastError;
    this.name = "PollTimeoutError";
  }
  lastError;
};
async function pollUntil(attempt, options) {
  const { clock, timeoutMs, intervalMs } = options;
  const deadline = clock.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / Math.max(1, intervalMs)) + 1;
  let lastError;
  for (let i = 0; i < maxAttempts; i++) {
    try {
      const value = await attempt();
      if (value !== void 0) return value;
    } catch (error) {
      if (options.isFatal?.(error)) throw error;
      lastError = error;
    }
    if (clock.now() >= deadline) break;
    await clock.sleep(Math.min(intervalMs, Math.max(0, deadline - clock.now())));
  }
  throw new PollTimeoutError(options.what, timeoutMs, lastError);
}

// src/util/process.ts
var EXIT_POLL_MS = 10;
var BASE_VARIABLES = ["PATH", "HOME", "USER", "LOGNAME", "TZ", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR"];
var PROGRAM_VARIABLES = {
  // The docker CLI finds its engine (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, TLS) by these.
  docker: [/^DOCKER_[A-Z_]+$/, "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME"],
  podman: [/^CONTAINERS?_[A-Z_]+$/, "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME"],
  // etcd 3.4 on arm64 and other unsupported platforms runs only with this set by the user.
  etcd: ["ETCD_UNSUPPORTED_ARCH"]
};
function childEnvironment(command, env = process.env, extra = {}) {
  const wanted = [...BASE_VARIABLES, ...PROGRAM_VARIABLES[path5.basename(command)] ?? []];
  const child = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === void 0) continue;
    if (wanted.some((want) => typeof want === "string" ? want === name : want.test(name))) child[name] = value;
  }
  return { ...child, ...extra };
}
function procStat(pid) {
  let stat2;
  try {
    stat2 = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return void 0;
  }
  const fields = stat2.slice(stat2.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return void 0;
  return { state: fields[0], startTime: fields[19] };
}
function processStartTime(pid) {
  return procStat(pid)?.startTime;
}
function isStopped(handle) {
  const stat2 = procStat(handle.pid);
  return stat2?.startTime === handle.startTime && stat2.state.startsWith("T");
}
function isRunning(handle) {
  return processStartTime(handle.pid) === handle.startTime;
}
function signalProcess(handle, signal) {
  if (!isRunning(handle)) return false;
  try {
    process.kill(handle.pid, signal);
    return true;
  } catch {
    return false;
  }
}
var systemProcessRunner = {
  run(command, args, options = {}) {
    return new Promise((resolve) => {
      const child = execFile(
        command,
        args,
        {
          timeout: options.timeoutMs ?? 6e4,
          maxBuffer: 64 * 1024 * 1024,
          encoding: "utf8",
          env: childEnvironment(command, process.env, options.env)
        },
        (error, stdout, stderr) => {
          const code = error ? typeof error.code === "number" ? error.code : -1 : 0;
          resolve({ code, stdout, stderr: stderr || (error && code === -1 ? error.message : "") });
        }
      );
      if (options.input !== void 0) child.stdin?.end(options.input);
    });
  },
  pipe(command, args, input, timeoutMs) {
    return new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env: childEnvironment(command) });
      const out = [];
      let stderr = "";
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.stdout.on("data", (chunk) => out.push(chunk));
      child.stderr.on("data", (chunk) => stderr += chunk.toString("utf8"));
      child.once("error", (error) => {
        clearTimeout(timer);
        resolve({ code: -1, stdout: Buffer.alloc(0), stderr: error.message });
      });
      child.once("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr });
      });
      child.stdin.on("error", () => void 0);
      child.stdin.end(input ?? Buffer.alloc(0));
    });
  },
  startDetached(command, args, logFile) {
    return new Promise((resolve, reject) => {
      const fd = openSync(logFile, "a", 384);
      const child = spawn(command, args, { detached: true, stdio: ["ignore", fd, fd], env: childEnvironment(command) });
      child.once("error", (error) => {
        closeSync(fd);
        reject(error);
      });
      child.once("spawn", () => {
        closeSync(fd);
        child.unref();
        const pid = child.pid;
        const startTime = processStartTime(pid);
        if (startTime === void 0) {
          reject(new Error(`${command} exited at once (see ${logFile})`));
          return;
        }
        resolve({ pid, startTime });
      });
    });
  }
};
async function endProcess(handle, signal, options) {
  const exited = (timeoutMs) => pollUntil(async () => isRunning(handle) ? void 0 : true, {
    what: `${options.what} to exit`,
    timeoutMs,
    intervalMs: EXIT_POLL_MS,
    clock: options.clock
  }).catch(() => false);
  if (!signalProcess(handle, signal) || await exited(options.graceMs)) return;
  options.onEscalate?.();
  signalProcess(handle, "SIGKILL");
  if (!await exited(options.killWaitMs))
    throw new Error(`${options.what} (PID ${handle.pid}) is still running ${options.killWaitMs} ms after SIGKILL`);
}

// src/version.ts
var VERSION = "0.1.0";

// src/util/logger.ts
import { performance } from "node:perf_hooks";

// src/util/terminal.ts
function terminalMode(isTTY, env) {
  const tty = isTTY === true && env.TERM !== "dumb" && !env.NO_COLOR;
  return { color: tty, live: tty && !env.CI };
}
var SGR = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39]
};
function painter(color) {
  if (!color) return (text) => text;
  return (text, ...styles) => styles.reduce((painted, style) => `\x1B[${SGR[style][0]}m${painted}\x1B[${SGR[style][1]}m`, text);
}
var CLEAR_LINE = "\r\x1B[2K";
var SPINNER = ["\u280B", "\u2819", "\u2839", "\u2838", "\u283C", "\u2834", "\u2826", "\u2827", "\u2807", "\u280F"];
var seconds = (ms) => `${(Math.max(0, ms) / 1e3).toFixed(1)}s`;
function phaseLine(frame, phases, elapsedMs) {
  return `${SPINNER[frame % SPINNER.length]} ${phases.join(" \u203A ")} ${seconds(elapsedMs)}`;
}

// src/util/text-layout.ts
var TERMINAL_WIDTH = 100;
var GAP = "  ";
var ELLIPSIS = "\u2026";
var NUMBER = /^-?\d+(\.\d+)?$/;
function pieces(text) {
  return text.split(/(?<= )(?!(?:ms|s|kB|MB|GB)\b)/).flatMap((word) => word.split(/(?<=[,;])/)).flatMap((piece) => piece.includes("://") ? [piece] : piece.split(/(?<=\/)(?=[^/ ])/));
}
var unbreakable = (piece) => piece.includes("://");
function wrapText(text, width, nextWidth = width) {
  const lines = [];
  const limit = () => lines.length === 0 ? width : nextWidth;
  let current = "";
  const push = () => {
    if (current.trimEnd() !== "") lines.push(current.trimEnd());
    current = "";
  };
  for (let piece of pieces(text)) {
    if ((current + piece).trimEnd().length <= limit()) {
      current += piece;
      continue;
    }
    push();
    piece = piece.trimStart();
    while (piece.trimEnd().length > limit() && !unbreakable(piece)) {
      const size = limit();
      lines.push(piece.slice(0, size));
      piece = piece.slice(size);
    }
    current = piece;
  }
  push();
  return lines.length > 0 ? lines : [""];
}
function paragraph(text, options = {}) {
  const indent = options.indent ?? 0;
  const hanging = options.hanging ?? 2;
  const width = (options.width ?? TERMINAL_WIDTH) - indent;
  return wrapText(text, width, width - hanging).map((line, index) => " ".repeat(indent + (index === 0 ? 0 : hanging)) + line).join("\n");
}
function truncate(text, width) {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}${ELLIPSIS}`;
}
var MIN_FLEX_WIDTH = 12;
function columnWidths(rows, flexible, width, overflow) {
  const natural = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const minimum = natural.map((size, column) => {
    if (!flexible.includes(column)) return size;
    const urls = overflow === "wrap" ? rows.slice(1).flatMap(
      (cells) => pieces(cells[column]).filter(unbreakable).map((piece) => piece.trimEnd().length)
    ) : [];
    return Math.min(size, Math.max(MIN_FLEX_WIDTH, rows[0][column].length, ...urls));
  });
  const total = (sizes) => sizes.reduce((sum, size) => sum + size, 0) + GAP.length * (sizes.length - 1);
  if (total(natural) <= width) return { widths: natural, natural };
  const capped = (cap2) => natural.map((size, column) => flexible.includes(column) ? Math.max(minimum[column], Math.min(size, cap2)) : size);
  let cap = Math.max(...natural);
  while (cap > 0 && total(capped(cap)) > width) cap--;
  return { widths: capped(cap), natural };
}
function fitTable(table, options = {}) {
  const width = (options.width ?? TERMINAL_WIDTH) - (options.indent ?? 0);
  const overflow = options.overflow ?? "wrap";
  const rows = [table.headers, ...table.rows];
  const flexible = options.flexible ?? [table.headers.length - 1];
  const { widths, natural } = columnWidths(rows, flexible, width, overflow);
  const numeric = table.headers.map(
    (_, column) => table.rows.some((cells) => cells[column] !== "") && table.rows.every((cells) => cells[column] === "" || NUMBER.test(cells[column]))
  );
  const truncatedRows = /* @__PURE__ */ new Set();
  const lines = [];
  rows.forEach((cells, row) => {
    const wrapped = cells.map((text, column) => {
      if (widths[column] >= natural[column]) return [text];
      if (overflow === "truncate") {
        if (text.length > widths[column]) truncatedRows.add(row - 1);
        return [truncate(text, widths[column])];
      }
      return wrapText(text, widths[column]);
    });
    const height = Math.max(...wrapped.map((cell) => cell.length));
    for (let index = 0; index < height; index++) {
      const last = cells.length - 1;
      const line = wrapped.map((cell, column) => {
        const text = cell[index] ?? "";
        const padded = numeric[column] ? text.padStart(widths[column]) : column === last ? text : text.padEnd(widths[column]);
        return options.paint && text !== "" ? options.paint(row - 1, column, padded) : padded;
      }).join(GAP);
      lines.push(" ".repeat(options.indent ?? 0) + line.trimEnd());
    }
  });
  return { lines, truncatedRows: [...truncatedRows] };
}
var boldHeader = (paint) => (row, _column, text) => row === -1 ? paint(text, "bold") : text;
function pairColumns(pairs, options = {}) {
  if (pairs.length === 0) return [];
  const indent = options.indent ?? 2;
  const width = (options.width ?? TERMINAL_WIDTH) - indent;
  const columnGap = "    ";
  for (let columns = pairs.length; columns >= 1; columns--) {
    const rows = Math.ceil(pairs.length / columns);
    const groups = Array.from(
      { length: Math.ceil(pairs.length / rows) },
      (_, column) => pairs.slice(column * rows, (column + 1) * rows)
    );
    const sizes = groups.map((group) => ({
      name: Math.max(...group.map(([name]) => name.length)),
      value: Math.max(...group.map(([, value]) => value.length))
    }));
    const total = sizes.reduce((sum, size) => sum + size.name + 2 + size.value, 0) + columnGap.length * (groups.length - 1);
    if (total > width && columns > 1) continue;
    return Array.from(
      { length: rows },
      (_, row) => " ".repeat(indent) + groups.map(
        (group, column) => group[row] ? `${group[row][0].padEnd(sizes[column].name)}  ${group[row][1].padStart(sizes[column].value)}` : ""
      ).join(columnGap).trimEnd()
    );
  }
  return [];
}
function lastLines(text, count) {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

// src/util/logger.ts
var LEADING_SPACE = /^[\s\u0085]*/;
var COMMAND_START = /^(::|##\[)/;
function inertLines(text) {
  return text.replace(/\r(?!\n)/g, "\\r").split("\n").map((line) => {
    const indent = LEADING_SPACE.exec(line)?.[0] ?? "";
    return COMMAND_START.test(line.slice(indent.length)) ? `${indent}\u200B${line.slice(indent.length)}` : line;
  }).join("\n");
}
function inertMessage(text) {
  const escaped = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]/g,
    (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`
  );
  return inertLines(escaped);
}
function consoleLogger(options = {}) {
  const stream = options.stream ?? process.stderr;
  const mode = terminalMode(stream.isTTY, options.env ?? process.env);
  const paint = painter(mode.color);
  const now = options.now ?? (() => performance.now());
  const phases = [];
  let frame = 0;
  let drawn = false;
  let timer;
  const draw = () => {
    const current = phases.at(-1);
    if (!current) return;
    stream.write(
      `${CLEAR_LINE}${paint(
        phaseLine(
          frame++,
          phases.map((phase) => phase.name),
          now() - current.started
        ),
        "cyan"
      )}`
    );
    drawn = true;
  };
  const fit = (text) => mode.live ? paragraph(text) : text;
  const line = (text) => {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
    stream.write(`${text}
`);
    if (mode.live) draw();
  };
  return {
    // Messages quote the user's files (names, values): each is made inert before it is painted.
    info: (m) => line(fit(inertMessage(m))),
    warning: (m) => line(fit(`warning: ${inertMessage(m)}`).replace(/^warning:/, paint("warning:", "yellow", "bold"))),
    debug: (m) => {
      if (options.verbose) line(paint(fit(`debug: ${inertMessage(m)}`), "dim"));
    },
    group: async (rawName, work) => {
      const name = inertMessage(rawName);
      if (!mode.live) {
        line(`== ${name}`);
        return work();
      }
      const started = now();
      phases.push({ name, started });
      timer ??= setInterval(draw, options.redrawMs ?? 100);
      timer.unref?.();
      draw();
      let ended = false;
      try {
        const result = await work();
        ended = true;
        return result;
      } finally {
        phases.pop();
        if (phases.length === 0) {
          clearInterval(timer);
          timer = void 0;
        }
        line(`${ended ? paint("\u2713", "green") : paint("\u2717", "red")} ${name} ${paint(seconds(now() - started), "dim")}`);
      }
    }
  };
}

// src/util/clock.ts
import { performance as performance2 } from "node:perf_hooks";
var systemClock = {
  now: () => performance2.now(),
  wallNow: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
function roundMs(ms) {
  return Math.round(ms * 10) / 10;
}

// src/targets/kind.ts
var TARGET_KINDS = ["local", "container", "ssh"];
var DEFAULT_TARGET_KIND = "local";
function recordedKind(states) {
  return TARGET_KINDS.find((kind) => states[kind] !== void 0);
}

// src/cluster/state-files.ts
import path6 from "node:path";
var STATE_FILE = "etcd-ha-state.json";
var ETCDCTL_ENV_FILE = "etcdctl.env";
function stateFilePath(stateDir) {
  return path6.join(stateDir, STATE_FILE);
}

// src/util/shell.ts
var shellQuote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;

export {
  PollTimeoutError,
  pollUntil,
  TERMINAL_WIDTH,
  paragraph,
  fitTable,
  boldHeader,
  pairColumns,
  lastLines,
  systemClock,
  roundMs,
  pkiPaths,
  memberPkiPaths,
  KEY_ALGORITHMS,
  DEFAULT_KEY_ALGORITHM,
  KEY_PARAMETERS,
  keyAlgorithmOf,
  describeKeyType,
  memberAddress,
  buildClusterSpec,
  SPARE_DIR,
  placeOnAddress,
  spareMember,
  initialClusterOf,
  withPeerProxies,
  withTiming,
  clientEndpoints,
  relocatedMember,
  givenClusterSpec,
  makeDirs,
  writeFileNoFollow,
  appendFileNoFollow,
  TARGET_KINDS,
  DEFAULT_TARGET_KIND,
  recordedKind,
  STATE_FILE,
  ETCDCTL_ENV_FILE,
  stateFilePath,
  processStartTime,
  isStopped,
  isRunning,
  signalProcess,
  systemProcessRunner,
  endProcess,
  shellQuote,
  VERSION,
  terminalMode,
  painter,
  inertLines,
  inertMessage,
  consoleLogger
};
