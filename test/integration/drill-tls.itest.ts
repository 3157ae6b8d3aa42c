import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { ensureTestImage, leftovers, removeRun, TEST_IMAGE } from '../support/container-engine.js';
import { FAST, killEtcdUnder, livePidsMentioning, newTempDir } from '../support/helpers.js';
import { readReport } from '../support/report-schema.js';

/** Runs the CLI in this process, as `etcd-ha ARGS` would. */
async function etcdHa(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: process.env,
  });
  return { code, stdout, stderr };
}

interface ReportCheck {
  name: string;
  status: string;
  summary: string;
  figures: Record<string, number>;
  notes: string[];
  tables: Array<{ title: string; headers: string[]; rows: string[][] }>;
}

const tlsOf = (file: string): ReportCheck => {
  const report = readReport(file) as { checks: ReportCheck[] };
  const check = report.checks.find((candidate) => candidate.name === 'tls');
  if (!check) throw new Error(`no tls check in ${file}`);
  return check;
};

/** The probe table's rows as `probe port: what happened -> result`, members left out. */
const probeLines = (check: ReportCheck) =>
  check.tables[0].rows.map(([probe, port, , happened, result]) => `${probe} ${port}: ${happened} -> ${result}`);

describe('tls: what mutual TLS promises, tried on a running cluster', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-tls-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses every way in without a valid certificate on every client and peer URL, and meets CIS 2.1 to 2.7 (local)', async () => {
    const state = path.join(dir, 'state');
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--checks',
      'tls',
      '--base-address',
      '127.0.0.236',
      '--state',
      state,
      '--json',
      json,
      ...FAST,
    ]);
    const tls = tlsOf(json);
    expect(tls.summary).toBe(
      'all 30 probes refused on 6 URLs, a valid certificate served on each; the members meet CIS 2.1–2.7',
    );
    expect(tls.status).toBe('pass');
    expect(result.code).toBe(0);
    expect(tls.figures).toEqual({ probes: 30, refused: 30, cisPassed: 7, cisFailed: 0 });
    // What etcd 3.4 does with each, the same on the three members.
    expect(tls.tables[0].rows.every((row) => row[2] === 'etcd-1, etcd-2, etcd-3')).toBe(true);
    expect(probeLines(tls)).toEqual(
      ['client', 'peer'].flatMap((port) => [
        `a valid certificate (control) ${port}: ${port === 'client' ? 'the Range request was served' : 'answered with HTTP status 200'} -> served`,
        `a client without a certificate ${port}: handshake alert: bad certificate -> refused`,
        `a certificate from another CA ${port}: handshake alert: bad certificate -> refused`,
        `an expired certificate of the cluster's CA ${port}: handshake alert: bad certificate -> refused`,
        `plaintext ${port}: ${port === 'client' ? 'connection closed by the server without an answer' : 'connection reset by the server'} -> refused`,
        `TLS 1.1 with a valid certificate ${port}: handshake alert: protocol version -> refused`,
      ]),
    );
    expect(tls.tables[1].rows.map((row) => `${row[0]} ${row[2]} ${row[3]}`)).toEqual([
      '2.1 ETCD-401 pass',
      '2.2 ETCD-402 pass',
      '2.3 ETCD-403 pass',
      '2.4 ETCD-404 pass',
      '2.5 ETCD-405 pass',
      '2.6 ETCD-406 pass',
      '2.7 ETCD-407, ETCD-408 pass',
    ]);
    // The terminal shows both tables under the check.
    expect(result.stdout).toMatch(/^ {2}CIS +REQUIREMENT +LINT RULES +RESULT$/m);
    expect(result.stdout).toMatch(/^ {2}2\.2 +client-cert-auth is true +ETCD-402 +pass$/m);
    expect(livePidsMentioning(state)).toEqual([]);
  });

  it('fails, naming the probe, on a configuration that serves clients TLS without asking for a certificate', async () => {
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--config',
      'fixtures/boot/server-tls-only',
      '--checks',
      'tls',
      '--base-address',
      '127.0.0.239',
      '--state',
      path.join(dir, 'state'),
      '--json',
      json,
    ]);
    const tls = tlsOf(json);
    expect(tls.status).toBe('fail');
    expect(tls.summary).toMatch(
      /^a client without a certificate got through on alpha's client URL https:\/\/127\.0\.0\.239:2379: the Range request was served; /,
    );
    expect(result.code).toBe(1);
    expect(tls.figures).toEqual({ probes: 10, refused: 7, cisPassed: 6, cisFailed: 1 });
    expect(probeLines(tls)).toContain(
      'a certificate from another CA client: the Range request was served -> GOT THROUGH',
    );
    expect(probeLines(tls)).toContain(
      'a client without a certificate peer: handshake alert: bad certificate -> refused',
    );
    expect(tls.tables[1].rows).toContainEqual(['2.2', 'client-cert-auth is true', 'ETCD-402', 'FAIL (alpha)']);
    expect(tls.notes).toContainEqual(
      expect.stringMatching(
        /^CIS 2\.2 on alpha: ETCD-402: client-cert-auth is not set: etcd accepts clients without a certificate/,
      ),
    );
  });

  it('fails a configuration served over plain http, saying so, with nothing of TLS to probe', async () => {
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--config',
      'fixtures/boot/http-only',
      '--checks',
      'tls',
      '--base-address',
      '127.0.0.241',
      '--state',
      path.join(dir, 'state'),
      '--json',
      json,
    ]);
    const tls = tlsOf(json);
    expect(tls.summary).toMatch(
      /^the cluster serves clients over http \(http:\/\/127\.0\.0\.241:2379, http:\/\/127\.0\.0\.242:2379, http:\/\/127\.0\.0\.243:2379\); plaintext got through on delta's client URL/,
    );
    expect(result.code).toBe(1);
    expect(tls.figures).toEqual({ probes: 6, refused: 0, cisPassed: 3, cisFailed: 4 });
    expect(probeLines(tls)).toContain(
      'a client without a certificate client: the client URL is http: there is no TLS to probe -> skipped',
    );
    expect(existsSync(path.join(dir, 'state'))).toBe(false);
  });
});

describe('tls on the container target', () => {
  let dir: string;
  let runId: string | undefined;
  beforeAll(() => ensureTestImage(), 300_000);
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-tls-');
  });
  afterEach(async () => {
    if (runId) removeRun(runId);
    runId = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses every way in on a member's client and peer URL in its container, and meets CIS 2.1 to 2.7", async () => {
    const json = path.join(dir, 'report.json');
    const result = await etcdHa([
      'run',
      '--target',
      'container',
      '--image',
      TEST_IMAGE,
      '--members',
      '1',
      '--checks',
      'tls',
      '--base-address',
      '10.236.7.11',
      '--state',
      path.join(dir, 'state'),
      '--json',
      json,
      ...FAST,
    ]);
    runId = (readReport(json) as { cluster: { runId: string } }).cluster.runId;
    const tls = tlsOf(json);
    expect(tls.summary).toBe(
      'all 10 probes refused on 2 URLs, a valid certificate served on each; the members meet CIS 2.1–2.7',
    );
    expect(result.code).toBe(0);
    expect(tls.figures).toEqual({ probes: 10, refused: 10, cisPassed: 7, cisFailed: 0 });
    expect(probeLines(tls)).toContain(
      'a client without a certificate peer: handshake alert: bad certificate -> refused',
    );
    expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
  });
});
