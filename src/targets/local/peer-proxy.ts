import type * as Fs from 'node:fs';
import { connect } from 'node:net';
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';

/** What the peer proxy process is started with: paths and ports, never key material. */
export interface PeerProxyConfig {
  /** The Unix socket the product controls the proxy on (0600, in the 0700 state folder). */
  control: string;
  caFile: string;
  /**
   * The cluster's state file: the proxy ends itself once none of the member processes it records
   * has run for `orphanAfterMs` (a teardown that never came), so it never outlives its cluster for long.
   */
  stateFile: string;
  orphanAfterMs: number;
  members: Array<{
    name: string;
    /** Where the proxy listens: the member's advertised peer URL. */
    listen: { host: string; port: number };
    /** Where it forwards to: the peer URL the member listens on. */
    upstream: { host: string; port: number };
    /** The member's peer certificate and key: the proxy shows them to the dialer and to the member. */
    certFile: string;
    keyFile: string;
  }>;
}

/** One request on the control socket (a JSON line); each is answered with one ProxyAnswer line. */
export type ProxyRequest = { op: 'ping' } | { op: 'isolate'; pairs: Array<[string, string]> } | { op: 'heal' };

export interface ProxyAnswer {
  ok: boolean;
  error?: string;
  /** The member pairs whose links are cut now. */
  cuts: Array<[string, string]>;
  /** Peer connections open through the proxy now. */
  connections: number;
}

/**
 * The peer proxy: for each member, a TLS listener on its advertised peer URL that forwards to the
 * peer URL the member listens on. It terminates TLS with the member's own peer certificate and
 * requires the dialer's (same CA), so it knows which member dials (the certificate's CN is the
 * member's name): every member on loopback dials from 127.0.0.1, so an address would not tell.
 * Links between cut pairs are refused and their open connections ended, in both directions, since
 * every peer connection of a member passes one of these listeners; the client port is untouched.
 *
 * It runs as a process of its own, made from this function's source (see peerProxyScript), so it
 * lives exactly as long as the members across the CLI's `up`, `check` and `down`: the function must
 * use only its parameters and globals, never an import.
 */
export async function peerProxyMain(
  config: PeerProxyConfig,
  io: { fs: typeof Fs; net: typeof Net; tls: typeof Tls },
): Promise<void> {
  const ca = io.fs.readFileSync(config.caFile);
  const cuts = new Map<string, [string, string]>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);
  const links = new Set<{ from: string; to: string; end: () => void }>();
  const log = (message: string) => process.stdout.write(`${new Date().toISOString()} ${message}\n`);
  const servers: Tls.Server[] = [];

  for (const member of config.members) {
    const cert = io.fs.readFileSync(member.certFile);
    const key = io.fs.readFileSync(member.keyFile);
    const server = io.tls.createServer({ cert, key, ca, requestCert: true, rejectUnauthorized: true }, (socket) => {
      const subject = socket.getPeerCertificate().subject as Record<string, string | string[]> | undefined;
      const from = String(subject?.CN ?? '');
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
        },
      };
      links.add(link);
      for (const side of [socket, upstream]) {
        side.on('error', link.end);
        side.on('close', link.end);
      }
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: member.listen.host, port: member.listen.port, exclusive: true }, () => resolve());
    });
    servers.push(server);
  }

  const answer = (line: string): ProxyAnswer => {
    let request: ProxyRequest;
    try {
      request = JSON.parse(line) as ProxyRequest;
    } catch {
      return { ok: false, error: 'not a JSON line', cuts: [...cuts.values()], connections: links.size };
    }
    if (request.op === 'isolate') {
      for (const [a, b] of request.pairs) cuts.set(pairKey(a, b), [a, b]);
      for (const link of [...links]) if (cuts.has(pairKey(link.from, link.to))) link.end();
      log(`cut ${request.pairs.map(([a, b]) => `${a}-${b}`).join(', ')}`);
    } else if (request.op === 'heal') {
      cuts.clear();
      log('healed every link');
    } else if (request.op !== 'ping') {
      return {
        ok: false,
        error: `unknown op ${String((request as { op?: unknown }).op)}`,
        cuts: [...cuts.values()],
        connections: links.size,
      };
    }
    return { ok: true, cuts: [...cuts.values()], connections: links.size };
  };
  const control = io.net.createServer((connection) => {
    let buffer = '';
    connection.setEncoding('utf8');
    connection.on('error', () => undefined);
    connection.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        connection.write(`${JSON.stringify(answer(line))}\n`);
      }
    });
  });
  io.fs.rmSync(config.control, { force: true });
  await new Promise<void>((resolve, reject) => {
    control.once('error', reject);
    control.listen(config.control, () => resolve());
  });
  io.fs.chmodSync(config.control, 0o600);
  log(
    `proxying the peer ports of ${config.members.map((member) => `${member.name} (${member.listen.host}:${member.listen.port})`).join(', ')}`,
  );

  const stop = () => {
    for (const link of [...links]) link.end();
    for (const server of servers) server.close();
    control.close();
    io.fs.rmSync(config.control, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  // A member process is alive while /proc/PID/stat holds its recorded start time (field 22).
  const anyMemberRuns = () => {
    try {
      const state = JSON.parse(io.fs.readFileSync(config.stateFile, 'utf8')) as {
        local?: { processes?: Record<string, { pid: number; startTime: string }> };
      };
      return Object.values(state.local?.processes ?? {}).some(({ pid, startTime }) => {
        try {
          const stat = io.fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return fields[0] !== 'Z' && fields[19] === startTime;
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
    Math.min(5000, config.orphanAfterMs),
  );
}

/** The proxy as an ES module for `node SCRIPT CONFIG_FILE`: this module's peerProxyMain, with node's modules passed in. */
export function peerProxyScript(): string {
  return [
    "import fs from 'node:fs';",
    "import net from 'node:net';",
    "import tls from 'node:tls';",
    // Run from source by tsx (as @github/local-action does), the function's text calls esbuild's
    // __name helper to keep names; the bundles do not. Naming nothing is all the proxy needs of it.
    'const __name = (target) => target;',
    `const peerProxyMain = ${peerProxyMain.toString()};`,
    "peerProxyMain(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), { fs, net, tls }).catch((error) => {",
    '  console.error(error);',
    '  process.exit(1);',
    '});',
    '',
  ].join('\n');
}

/** Sends one request to the proxy's control socket and reads its answer, within `timeoutMs`. */
export function proxyRequest(control: string, request: ProxyRequest, timeoutMs = 3000): Promise<ProxyAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(control);
    let buffer = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(new Error(`the peer proxy (${control}) did not answer ${request.op}: ${error.message}`));
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.setEncoding('utf8');
    socket.once('error', fail);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      socket.end();
      const answer = JSON.parse(buffer.slice(0, end)) as ProxyAnswer;
      if (answer.ok) resolve(answer);
      else reject(new Error(`the peer proxy refused ${request.op}: ${answer.error ?? 'no reason given'}`));
    });
    socket.write(`${JSON.stringify(request)}\n`);
  });
}
