/**
 * One probe of the `tls` check: one connection to a member's URL, made the way a client under test
 * would make it (without a certificate, with a foreign or expired one, in plaintext, with TLS 1.1),
 * carrying one request: on a client port a gRPC Range over HTTP/2, as clients speak there; on a peer
 * port an HTTP/1.1 GET /version, as peers speak there (etcd's peer port serves gRPC only to a plaintext
 * connection). How the connection ended says whether the member let it through: any answer, even a
 * gRPC error, means the request reached etcd.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as http2Connect, constants as http2Constants, type IncomingHttpHeaders } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, isIP } from 'node:net';
import {
  connect as tlsConnect,
  createServer as createTlsServer,
  type ConnectionOptions,
  type TLSSocket,
} from 'node:tls';
import { encodeRangeRequest } from '../etcd/proto.js';

/** How a probe's connection ended. */
export type ProbeEnd =
  /** An answer: the request reached etcd; `grpcStatus` 0 is a served Range. */
  | { kind: 'answered'; httpStatus: number; grpcStatus?: number; grpcMessage?: string }
  /** Go's answer to plaintext HTTP/1 on a TLS port ("Client sent an HTTP request to an HTTPS server"): refused. */
  | { kind: 'https-only'; message: string }
  /** The server ended the TLS handshake with an alert (`certificate required`, `bad certificate`, `protocol version`). */
  | { kind: 'alert'; alert: string }
  /** The server reset the connection. */
  | { kind: 'reset' }
  /** The server closed the connection without an answer. */
  | { kind: 'closed' }
  /** Nothing accepted the connection (no listener on the port). */
  | { kind: 'no-listener' }
  /** TLS failed in another way, or what came back was not HTTP/2 (`code` is Node's error code). */
  | { kind: 'error'; code: string; message: string }
  | { kind: 'timeout'; ms: number };

/** Whether a probe was refused (ended before any answer), got through (answered) or showed nothing (no answer in time). */
export type ProbeVerdict = 'refused' | 'through' | 'unanswered';

/** The verdict on a probe's end. */
export function verdictOf(end: ProbeEnd): ProbeVerdict {
  if (end.kind === 'answered') return 'through';
  if (end.kind === 'timeout') return 'unanswered';
  return 'refused';
}

/** What happened, in words for the report. */
export function describeEnd(end: ProbeEnd): string {
  switch (end.kind) {
    case 'answered':
      if (end.grpcStatus === 0) return 'the Range request was served';
      if (end.grpcStatus !== undefined)
        return `etcd's API answered with gRPC error ${end.grpcStatus}${end.grpcMessage ? ` (${end.grpcMessage})` : ''}`;
      return `answered with HTTP status ${end.httpStatus}`;
    case 'https-only':
      return `answered 400: ${end.message}`;
    case 'alert':
      return `handshake alert: ${end.alert}`;
    case 'reset':
      return 'connection reset by the server';
    case 'closed':
      return 'connection closed by the server without an answer';
    case 'no-listener':
      return 'connection refused: nothing listens there';
    case 'error':
      return `${end.code}: ${end.message}`;
    case 'timeout':
      return `no answer within ${end.ms} ms`;
    default: {
      const unknown: never = end;
      throw new Error(`unknown probe end ${JSON.stringify(unknown)}`);
    }
  }
}

// OpenSSL names a received alert in the error code (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED) and in the message.
const ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/;
const ALERT_MESSAGE = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+?)(?::|$)/i;

/** How a connection ended, from the error Node reported on it. */
export function endOfError(error: NodeJS.ErrnoException): ProbeEnd {
  const code = error.code ?? '';
  const alert =
    ALERT_CODE.exec(code)?.[1].toLowerCase().replace(/_/g, ' ') ?? ALERT_MESSAGE.exec(error.message)?.[1].toLowerCase();
  if (alert) return { kind: 'alert', alert };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'reset' };
  if (code === 'ECONNREFUSED') return { kind: 'no-listener' };
  // The first line of OpenSSL's message says it; the rest is its source position.
  return {
    kind: 'error',
    code: code || error.name,
    message: error.message.split('\n')[0].replace(/^[0-9A-F]+:error:[0-9A-F]+:/, ''),
  };
}

/** What a probe presents: nothing (plaintext), or TLS with these options (certificate, versions, ciphers). */
export type ProbeTls = Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'minVersion' | 'maxVersion' | 'ciphers'>;

export interface ProbeRequest {
  /** `https://host:port` or `http://host:port`; the scheme names the port's protocol, `tls` decides what is sent. */
  url: string;
  /** What the request is: a gRPC Range (client ports) or GET /version over HTTP/1.1 (peer ports). */
  speaks: 'grpc' | 'http1';
  /** TLS options, or undefined to speak plaintext HTTP/2 to the port whatever its scheme. */
  tls?: ProbeTls;
  /** The key the Range request reads (nothing is written). */
  key: string;
  timeoutMs: number;
}

/** A gRPC message frame: uncompressed, its length, the message. */
function grpcFrame(message: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

function grpcMessage(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Connects to `url` as the request says and sends one request; resolves with how that ended, never
 * rejects. Bounded by `timeoutMs`; the connection is always destroyed.
 */
export function probe(request: ProbeRequest): Promise<ProbeEnd> {
  return request.speaks === 'grpc' ? probeGrpc(request) : probeHttp1(request);
}

/** Options of a TLS connection that presents exactly what the probe asks for. */
function tlsOptions(host: string, tls: ProbeTls): ConnectionOptions {
  return {
    servername: isIP(host) ? undefined : host,
    // The probe tests what the member refuses, not its certificate: a name mismatch must not end it first.
    rejectUnauthorized: false,
    ...tls,
  };
}

const GO_HTTPS_ONLY = /Client sent an HTTP request to an HTTPS server/;
const BODY_LIMIT = 4096;

/** GET /version over HTTP/1.1 (TLS or plaintext), as a peer would ask. */
function probeHttp1(request: ProbeRequest): Promise<ProbeEnd> {
  return new Promise((resolve) => {
    const url = new URL('/version', request.url);
    const host = hostOf(url);
    const common = { host, port: Number(url.port), path: '/version', method: 'GET', agent: false as const };
    const get = request.tls ? httpsRequest({ ...common, ...tlsOptions(host, request.tls) }) : httpRequest(common);
    let settled = false;
    const finish = (end: ProbeEnd) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      get.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', ms: request.timeoutMs }), request.timeoutMs);
    get.on('error', (error) => finish(endOfError(error)));
    get.on('response', (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      response.on('error', (error) => finish(endOfError(error)));
      response.on('close', () => {
        const status = response.statusCode ?? 0;
        finish(
          status === 400 && GO_HTTPS_ONLY.test(body)
            ? { kind: 'https-only', message: body.trim() }
            : { kind: 'answered', httpStatus: status },
        );
      });
    });
    get.end();
  });
}

/** One gRPC Range request over HTTP/2 (TLS or plaintext), as a client would send it. */
function probeGrpc(request: ProbeRequest): Promise<ProbeEnd> {
  return new Promise((resolve) => {
    const url = new URL(request.url);
    const host = hostOf(url);
    const port = Number(url.port);
    const socket = request.tls
      ? tlsConnect({ host, port, ALPNProtocols: ['h2'], ...tlsOptions(host, request.tls) })
      : netConnect({ host, port });
    let answer: IncomingHttpHeaders | undefined;
    let settled = false;
    const finish = (end: ProbeEnd) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      socket.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', ms: request.timeoutMs }), request.timeoutMs);
    const answered = (headers: IncomingHttpHeaders) => {
      const status = headers['grpc-status'];
      finish({
        kind: 'answered',
        httpStatus: Number(answer?.[':status'] ?? 0),
        grpcStatus: status === undefined ? undefined : Number(status),
        grpcMessage: grpcMessage(headers['grpc-message']),
      });
    };
    // Registered before the session's own, so the socket's error (the TLS alert) is the one recorded.
    socket.on('error', (error) => finish(endOfError(error)));
    const session = http2Connect(`${request.tls ? 'https' : 'http'}://${url.host}`, { createConnection: () => socket });
    session.on('error', (error) => finish(endOfError(error)));
    const stream = session.request({
      [http2Constants.HTTP2_HEADER_METHOD]: 'POST',
      [http2Constants.HTTP2_HEADER_PATH]: '/etcdserverpb.KV/Range',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.on('error', (error) => finish(endOfError(error)));
    stream.on('response', (headers) => {
      answer = headers;
      // A gRPC error comes as headers only.
      if (headers['grpc-status'] !== undefined) answered(headers);
    });
    stream.on('trailers', (trailers) => answered(trailers));
    stream.on('close', () => {
      if (answer) answered(answer);
      // An error on the socket or session may still be on its way: it says more than "closed".
      else setImmediate(() => finish(socket.errored ? endOfError(socket.errored) : { kind: 'closed' }));
    });
    stream.resume();
    stream.end(grpcFrame(encodeRangeRequest({ key: Buffer.from(request.key) })));
  });
}

/**
 * Whether this machine's TLS client can offer what `tls` asks for at all (OpenSSL 3 may refuse to
 * offer TLS 1.1): a handshake with a server of our own on loopback that allows exactly those
 * versions and ciphers, with `server` as its certificate. Resolves undefined when it can, or why not.
 */
export function whyCannotOffer(
  tls: ProbeTls,
  server: { cert: string; key: string },
  timeoutMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    // The client ends the connection once it has seen the handshake through; ending it here first could cut that short.
    const listener = createTlsServer(
      { ...server, minVersion: tls.minVersion, maxVersion: tls.maxVersion, ciphers: tls.ciphers },
      (connection) => connection.on('error', () => undefined),
    );
    let client: TLSSocket | undefined;
    let settled = false;
    const finish = (why: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client?.destroy();
      listener.close();
      resolve(why);
    };
    const timer = setTimeout(
      () => finish(`no handshake with a TLS server on this machine within ${timeoutMs} ms`),
      timeoutMs,
    );
    listener.on('tlsClientError', (error) =>
      finish(`a TLS server on this machine refused it too: ${describeEnd(endOfError(error))}`),
    );
    listener.on('error', (error) => finish(`could not listen on loopback to find out: ${error.message}`));
    listener.listen(0, '127.0.0.1', () => {
      const address = listener.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      client = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...tls });
      client.on('secureConnect', () => {
        const protocol = client?.getProtocol();
        finish(protocol === tls.maxVersion ? undefined : `this machine's TLS made a ${protocol} handshake instead`);
      });
      client.on('error', (error) => finish(`this machine's TLS client could not: ${describeEnd(endOfError(error))}`));
    });
  });
}
