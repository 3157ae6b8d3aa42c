import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import {
  createCertificateAuthority,
  issueCertificate,
  newKey,
  type CertificateAuthority,
  type IssuedCertificate,
} from '../pki/generate.js';
import { describeEnd, endOfError, probe, verdictOf, whyCannotOffer, type ProbeEnd } from './tls-probe.js';

const errorWith = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('how a probe ended, from the error Node reports', () => {
  it('reads the alert the server sent from the error code or the message', () => {
    expect(endOfError(errorWith('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'))).toEqual({
      kind: 'alert',
      alert: 'certificate required',
    });
    expect(endOfError(errorWith('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'))).toEqual({
      kind: 'alert',
      alert: 'bad certificate',
    });
    expect(endOfError(errorWith('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'))).toEqual({
      kind: 'alert',
      alert: 'protocol version',
    });
    expect(
      endOfError(
        errorWith(
          '',
          'C0:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1605:SSL alert number 48',
        ),
      ),
    ).toEqual({
      kind: 'alert',
      alert: 'unknown ca',
    });
  });

  it('tells a reset, a port nothing listens on and other failures apart', () => {
    expect(endOfError(errorWith('ECONNRESET'))).toEqual({ kind: 'reset' });
    expect(endOfError(errorWith('EPIPE'))).toEqual({ kind: 'reset' });
    expect(endOfError(errorWith('ECONNREFUSED'))).toEqual({ kind: 'no-listener' });
    expect(
      endOfError(
        errorWith(
          'ERR_SSL_WRONG_VERSION_NUMBER',
          'C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number\nmore',
        ),
      ),
    ).toEqual({
      kind: 'error',
      code: 'ERR_SSL_WRONG_VERSION_NUMBER',
      message: 'SSL routines:ssl3_get_record:wrong version number',
    });
  });

  it('counts any answer as getting through, a timeout as showing nothing, everything else as refused', () => {
    const ends: Array<[ProbeEnd, string]> = [
      [{ kind: 'answered', httpStatus: 200, grpcStatus: 0 }, 'through'],
      [{ kind: 'answered', httpStatus: 200, grpcStatus: 3, grpcMessage: 'etcdserver: user name is empty' }, 'through'],
      [{ kind: 'answered', httpStatus: 404 }, 'through'],
      [{ kind: 'https-only', message: 'Client sent an HTTP request to an HTTPS server.' }, 'refused'],
      [{ kind: 'alert', alert: 'bad certificate' }, 'refused'],
      [{ kind: 'reset' }, 'refused'],
      [{ kind: 'closed' }, 'refused'],
      [{ kind: 'no-listener' }, 'refused'],
      [{ kind: 'error', code: 'ERR_HTTP2_ERROR', message: 'Protocol error' }, 'refused'],
      [{ kind: 'timeout', ms: 3000 }, 'unanswered'],
    ];
    for (const [end, verdict] of ends) expect(verdictOf(end)).toBe(verdict);
    expect(ends.map(([end]) => describeEnd(end))).toEqual([
      'the Range request was served',
      "etcd's API answered with gRPC error 3 (etcdserver: user name is empty)",
      'answered with HTTP status 404',
      'answered 400: Client sent an HTTP request to an HTTPS server.',
      'handshake alert: bad certificate',
      'connection reset by the server',
      'connection closed by the server without an answer',
      'connection refused: nothing listens there',
      'ERR_HTTP2_ERROR: Protocol error',
      'no answer within 3000 ms',
    ]);
  });
});

/** A CA and certificates made for these tests only. */
interface TestPki {
  ca: CertificateAuthority;
  server: IssuedCertificate;
  client: IssuedCertificate;
}

async function testPki(): Promise<TestPki> {
  const options = { validityDays: 1, now: new Date() };
  const [caKey, serverKey, clientKey] = await Promise.all([
    newKey('ecdsa-p256'),
    newKey('ecdsa-p256'),
    newKey('ecdsa-p256'),
  ]);
  const ca = await createCertificateAuthority(caKey, options);
  const server = await issueCertificate(
    ca,
    serverKey,
    { commonName: 'localhost', altNames: { dns: ['localhost'], ips: ['127.0.0.1'] }, usages: ['serverAuth'] },
    options,
  );
  const client = await issueCertificate(ca, clientKey, { commonName: 'client', usages: ['clientAuth'] }, options);
  return { ca, server, client };
}

const listening = <T extends HttpServer | Http2SecureServer | TcpServer>(
  server: T,
): Promise<{ server: T; url: (scheme: string) => string }> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: (scheme) => `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );

/** An HTTP/2 TLS server that answers every gRPC call with status 0, requiring a client certificate or not. */
function grpcServer(pki: TestPki, requireCert: boolean): Http2SecureServer {
  const server = createSecureServer({
    cert: pki.server.certPem,
    key: pki.server.keyPem,
    ca: pki.ca.certPem,
    requestCert: requireCert,
    rejectUnauthorized: requireCert,
  });
  server.on('stream', (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(Buffer.alloc(5));
  });
  return server;
}

describe('probe, against servers of its own', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await testPki();
  });
  const request = { key: '/etcd-ha/test/tls-probe', timeoutMs: 3000 };

  it('gets a Range served where no certificate is required, and refused with an alert where one is', async () => {
    const open = await listening(grpcServer(pki, false));
    const strict = await listening(grpcServer(pki, true));
    try {
      expect(await probe({ ...request, url: open.url('https'), speaks: 'grpc', tls: {} })).toEqual({
        kind: 'answered',
        httpStatus: 200,
        grpcStatus: 0,
      });
      const refused = await probe({ ...request, url: strict.url('https'), speaks: 'grpc', tls: {} });
      expect(refused).toEqual({ kind: 'alert', alert: 'certificate required' });
      const served = await probe({
        ...request,
        url: strict.url('https'),
        speaks: 'grpc',
        tls: { cert: pki.client.certPem, key: pki.client.keyPem },
      });
      expect(verdictOf(served)).toBe('through');
    } finally {
      open.server.close();
      strict.server.close();
    }
  });

  it('records a connection closed without an answer, and bounds one that never answers', async () => {
    const closing = await listening(createTcpServer((socket) => socket.end()));
    const silent = await listening(createTcpServer(() => undefined));
    try {
      expect(await probe({ ...request, url: closing.url('https'), speaks: 'grpc' })).toEqual({ kind: 'closed' });
      expect(await probe({ ...request, url: closing.url('https'), speaks: 'grpc', tls: {} })).toEqual({
        kind: 'reset',
      });
      expect(await probe({ ...request, url: silent.url('https'), speaks: 'grpc', tls: {}, timeoutMs: 200 })).toEqual({
        kind: 'timeout',
        ms: 200,
      });
    } finally {
      closing.server.close();
      silent.server.close();
    }
  });

  it('asks a peer port for /version over HTTP/1.1, and counts Go\'s "HTTP request to an HTTPS server" as refused', async () => {
    const https = await listening(
      createHttpsServer({ cert: pki.server.certPem, key: pki.server.keyPem }, (req, res) =>
        res.end(req.url === '/version' ? '{"etcdserver":"3.4.23"}' : ''),
      ),
    );
    const goTls = await listening(
      createHttpServer((_req, res) => {
        res.writeHead(400);
        res.end('Client sent an HTTP request to an HTTPS server.\n');
      }),
    );
    try {
      expect(await probe({ ...request, url: https.url('https'), speaks: 'http1', tls: {} })).toEqual({
        kind: 'answered',
        httpStatus: 200,
      });
      expect(await probe({ ...request, url: goTls.url('https'), speaks: 'http1' })).toEqual({
        kind: 'https-only',
        message: 'Client sent an HTTP request to an HTTPS server.',
      });
    } finally {
      https.server.close();
      goTls.server.close();
    }
  });
});

describe('whyCannotOffer', () => {
  it('says nothing when this machine can make the handshake, and why when it cannot', async () => {
    const pki = await testPki();
    const server = { cert: pki.server.certPem, key: pki.server.keyPem };
    expect(await whyCannotOffer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }, server, 3000)).toBeUndefined();
    // At OpenSSL 3's default security level TLS 1.1 has no signature algorithm left.
    expect(
      await whyCannotOffer({ minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT' }, server, 3000),
    ).toMatch(/refused it too|could not/);
  });
});
