import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildClusterSpec, givenClusterSpec, type ClusterSpec } from '../cluster/spec.js';
import type { EtcdClient } from '../etcd/client.js';
import { generateClusterPki } from '../pki/cluster-pki.js';
import { systemClock } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { runCheck } from './check.js';
import { probeMaterial, tlsCheck } from './tls.js';

/**
 * A member played by two servers of this test: gRPC over HTTP/2 on the client port, GET /version on
 * the peer port, with the cluster's server certificate; `requireCert` decides whether they demand a
 * client certificate of the cluster's CA, as etcd's client-cert-auth does.
 */
interface FakeMember {
  client: Http2SecureServer;
  peer: HttpsServer;
}

async function listen(server: Http2SecureServer | HttpsServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const topology = (ports: { client: number; peer: number }) => ({
  members: 1,
  baseAddress: '127.0.0.1',
  clientPort: ports.client,
  peerPort: ports.peer,
  extraSans: [],
  certValidityDays: 1,
  keyAlgorithm: 'ecdsa-p256' as const,
});
const specIn = (dir: string, ports: { client: number; peer: number }) =>
  buildClusterSpec(dir, topology(ports), { heartbeatMs: 50, electionMs: 250, startupTimeoutMs: 1000 }, 'cafe');

/** Starts the member on ports the system picks; the spec of `dir` on those ports (the PKI's files do not depend on them). */
async function startFakeMember(dir: string, requireCert: boolean): Promise<{ member: FakeMember; spec: ClusterSpec }> {
  const files = specIn(dir, { client: 1, peer: 2 }).members[0].pki;
  const [cert, key, ca] = await Promise.all([
    readFile(files.serverCert),
    readFile(files.serverKey),
    readFile(files.caCert),
  ]);
  const tls = { cert, key, ca, requestCert: requireCert, rejectUnauthorized: requireCert };
  const client = createSecureServer(tls);
  client.on('stream', (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(Buffer.alloc(5));
  });
  const peer = createHttpsServer(tls, (_request, response) =>
    response.end('{"etcdserver":"3.4.23","etcdcluster":"3.4.0"}'),
  );
  const ports = { client: await listen(client), peer: await listen(peer) };
  return { member: { client, peer }, spec: specIn(dir, ports) };
}

const stopFakeMember = (member: FakeMember | undefined) => {
  member?.client.close();
  member?.peer.close();
};

const fakeClient = { status: async () => ({ version: '3.4.23' }) } as unknown as EtcdClient;

describe('tls check, against a member played by servers of this test', () => {
  let dir: string;
  let member: FakeMember | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-tls-'));
    await generateClusterPki(specIn(dir, { client: 1, peer: 2 }));
  });
  afterEach(async () => {
    stopFakeMember(member);
    member = undefined;
    await rm(dir, { recursive: true, force: true });
  });
  const run = (spec: ClusterSpec) =>
    runCheck(tlsCheck, {
      spec,
      client: fakeClient,
      clock: systemClock,
      logger: memoryLogger(),
      keyPrefix: '/etcd-ha/cafe/',
    });
  /** Starts the member, demanding a client certificate or not, and returns the spec of the cluster it plays. */
  const started = async (requireCert: boolean) => {
    const fake = await startFakeMember(dir, requireCert);
    member = fake.member;
    return fake.spec;
  };

  it('passes where every way in without a valid certificate is refused and a valid one is served', async () => {
    const result = await run(await started(true));
    expect(result.summary).toBe(
      'all 10 probes refused on 2 URLs, a valid certificate served on each; the members meet CIS 2.1–2.7',
    );
    expect(result.status).toBe('pass');
    expect(result.figures).toEqual({ probes: 10, refused: 10, cisPassed: 7, cisFailed: 0 });
    const [probes, cis] = result.tables ?? [];
    expect(probes.headers).toEqual(['PROBE', 'PORT', 'MEMBERS', 'WHAT HAPPENED', 'RESULT']);
    expect(probes.rows.map((row) => [row[0], row[1], row[4]])).toEqual(
      ['client', 'peer'].flatMap((port) => [
        ['a valid certificate (control)', port, 'served'],
        ...[
          'a client without a certificate',
          'a certificate from another CA',
          "an expired certificate of the cluster's CA",
          'plaintext',
          'TLS 1.1 with a valid certificate',
        ].map((probe) => [probe, port, 'refused']),
      ]),
    );
    expect(probes.rows).toContainEqual([
      'a client without a certificate',
      'client',
      'etcd-1',
      'handshake alert: certificate required',
      'refused',
    ]);
    expect(probes.rows).toContainEqual([
      'TLS 1.1 with a valid certificate',
      'peer',
      'etcd-1',
      'handshake alert: protocol version',
      'refused',
    ]);
    expect(probes.rows).toContainEqual([
      'a valid certificate (control)',
      'client',
      'etcd-1',
      'the Range request was served',
      'served',
    ]);
    expect(cis.rows.map((row) => [row[0], row[3]])).toEqual(
      ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7'].map((id) => [id, 'pass']),
    );
  });

  it('fails, naming the probe and the URL, where a client without a certificate gets through', async () => {
    const spec = await started(false);
    const result = await run(spec);
    expect(result.status).toBe('fail');
    expect(
      result.summary.startsWith(
        `a client without a certificate got through on etcd-1's client URL ${spec.members[0].clientUrl}: the Range request was served; `,
      ),
    ).toBe(true);
    expect(result.figures).toMatchObject({ probes: 10, refused: 4 });
    expect(result.tables?.[0].rows).toContainEqual([
      'a client without a certificate',
      'peer',
      'etcd-1',
      'answered with HTTP status 200',
      'GOT THROUGH',
    ]);
  });

  it('fails when a valid certificate is not served either: its refusals would prove nothing', async () => {
    const spec = await started(true);
    stopFakeMember(member);
    const result = await run(spec);
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(
      /^a client with a valid certificate was not served on etcd-1's client URL .* \(connection refused: nothing listens there\), so what it refused proves nothing/,
    );
  });

  it("presents an expired certificate the cluster's CA signed, and one another CA signed", async () => {
    const spec = specIn(dir, { client: 1, peer: 2 });
    const now = Date.now();
    const material = await probeMaterial(spec, now);
    const ca = new X509Certificate(await readFile(spec.pki.caCert));
    const presented = (name: 'expired' | 'other-ca') => {
      const presents = material[name];
      if (!('tls' in presents) || typeof presents.tls?.cert !== 'string')
        throw new Error(`${name} presents no certificate`);
      return new X509Certificate(presents.tls.cert);
    };
    const expired = presented('expired');
    expect(expired.checkIssued(ca) && expired.verify(ca.publicKey)).toBe(true);
    expect(new Date(expired.validTo).getTime()).toBeLessThan(now);
    const foreign = presented('other-ca');
    expect(foreign.verify(ca.publicKey)).toBe(false);
    expect(new Date(foreign.validTo).getTime()).toBeGreaterThan(now);
    expect(material['no-cert']).toEqual({ tls: {} });
    expect(material.plaintext).toEqual({});
  });

  it('skips the expired certificate, and says why, when the PKI has no CA key', async () => {
    const spec = await started(true);
    await rm(spec.pki.caKey);
    const result = await run(spec);
    expect(result.status).toBe('pass');
    expect(result.figures).toMatchObject({ probes: 8, refused: 8 });
    expect(result.notes).toContainEqual(
      expect.stringMatching(/^the PKI has no CA key \(.*etcd\/ca\.key\), as a provided PKI may not/),
    );
  });

  it('probes only client URLs of a cluster given by its endpoints, and makes no CIS audit', async () => {
    const spec = await started(true);
    const given = givenClusterSpec({
      members: [{ name: 'etcd-1', clientUrl: spec.members[0].clientUrl }],
      pkiDir: spec.pki.root,
      timing: spec.timing,
    });
    const result = await run(given);
    expect(result.status).toBe('pass');
    expect(result.figures).toEqual({ probes: 5, refused: 5 });
    expect(result.tables).toHaveLength(1);
    expect(result.notes).toContain(
      'the peer URLs of a cluster given by its endpoints are not known: only the client URLs were probed',
    );
  });
});
