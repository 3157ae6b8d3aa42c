import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildClusterSpec } from '../cluster/spec.js';
import { parseTiming, parseTopology } from '../options/options.js';
import { flagLabel, optionReader } from '../options/reader.js';
import { buildReport, type Report } from '../report/model.js';
import {
  diagnosticsFiles,
  diagnosticsMarkdown,
  openCommand,
  wantsDiagnostics,
  withoutKeys,
  writeDiagnosticsBundle,
} from './diagnostics.js';
import type { ClusterState } from './state.js';

const defaults = optionReader(() => undefined, flagLabel);
// A key made for this test run, as a member's log could quote one by mistake.
const PEM_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'sec1', format: 'pem' })
  .toString()
  .trim();

function failedRun(): { state: ClusterState; report: Report } {
  const spec = buildClusterSpec('/tmp/etcd-ha-x', parseTopology(defaults), parseTiming(defaults));
  const state: ClusterState = { schemaVersion: 1, spec, local: { etcdBinary: '/usr/bin/etcd', processes: {} } };
  const report = buildReport({
    spec,
    asRun: (member) => member,
    target: 'local',
    etcdVersion: '3.4.23',
    toolVersion: '0.1.0',
    startedAt: new Date(0),
    durationMs: 10,
    phases: {},
    members: [],
    checks: [],
    error: 'etcd-2 exited while the cluster was starting',
  });
  return { state, report };
}

/** The regular files of a ustar archive, by name. */
function untar(archive: Buffer): Record<string, string> {
  const files: Record<string, string> = {};
  for (let offset = 0; offset + 512 <= archive.length;) {
    const name = archive.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(archive.toString('ascii', offset + 124, offset + 136).replace(/\0.*$/s, ''), 8);
    files[name] = archive.toString('utf8', offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('the diagnostics bundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-diagnostics-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written on failure by default, always with always, never with never', () => {
    const { report } = failedRun();
    expect(wantsDiagnostics('on-failure', report)).toBe(true);
    expect(wantsDiagnostics('on-failure', { ...report, passed: true })).toBe(false);
    expect(wantsDiagnostics('always', { ...report, passed: true })).toBe(true);
    expect(wantsDiagnostics('never', report)).toBe(false);
  });

  it('holds the report, status, member list, versions, each member log and flags: key paths, never a key', () => {
    const { state, report } = failedRun();
    const memberLogs = {
      'etcd-1': 'line 1\nline 2',
      'etcd-2': `oops\n${PEM_KEY}\nAGE-SECRET-KEY-1QQQQQQ\n`,
      'etcd-3': '',
    };
    const files = diagnosticsFiles({ report, state, memberLogs });
    const root = `etcd-ha-diagnostics-${report.cluster.runId}`;
    expect(files.map((file) => file.name.slice(root.length + 1)).sort()).toEqual([
      'README.txt',
      'members.json',
      'members/etcd-1/etcd.log',
      'members/etcd-1/flags.txt',
      'members/etcd-2/etcd.log',
      'members/etcd-2/flags.txt',
      'members/etcd-3/etcd.log',
      'members/etcd-3/flags.txt',
      'report.json',
      'status.txt',
      'versions.json',
    ]);
    const text = (name: string) => files.find((file) => file.name === `${root}/${name}`)?.data.toString('utf8') ?? '';
    expect(JSON.parse(text('report.json')).error).toBe('etcd-2 exited while the cluster was starting');
    expect(text('members/etcd-1/etcd.log')).toBe('line 1\nline 2\n');
    expect(text('members/etcd-3/etcd.log')).toBe('(the log is empty)\n');
    expect(text('members/etcd-2/etcd.log')).toBe('oops\n[private key removed]\n[age identity removed]\n');
    expect(text('members/etcd-1/flags.txt')).toContain(`--key-file=${state.spec.members[0].pki.serverKey}\n`);
    expect(JSON.parse(text('members.json')).map((member: { name: string }) => member.name)).toEqual([
      'etcd-1',
      'etcd-2',
      'etcd-3',
    ]);
    expect(JSON.parse(text('versions.json'))).toEqual({
      tool: 'etcd-ha 0.1.0',
      etcd: '3.4.23',
      node: process.version,
      target: 'local',
      platform: `${process.platform} ${process.arch}`,
    });
    expect(text('status.txt')).toContain('did not come up');
    for (const file of files) {
      expect(file.name).not.toMatch(/\.key$/);
      expect(file.data.toString('utf8')).not.toMatch(/PRIVATE KEY|AGE-SECRET-KEY-1/);
    }
  });

  it('shows the flags as the local target ran them: peer URLs through its peer proxy where it put one in front', () => {
    const { state, report } = failedRun();
    const proxied: ClusterState = {
      ...state,
      local: { etcdBinary: '/usr/bin/etcd', processes: {}, peerProxy: { port: 2381 } },
    };
    const files = diagnosticsFiles({ report, state: proxied, memberLogs: {} });
    const flags = files.find((file) => file.name.endsWith('/members/etcd-2/flags.txt'))?.data.toString('utf8') ?? '';
    expect(flags).toContain('--initial-advertise-peer-urls=https://127.0.0.12:2381\n');
    expect(flags).toContain('--listen-peer-urls=https://127.0.0.12:2380\n');
  });

  it('removes private key text of every PEM kind', () => {
    expect(withoutKeys(`a\n${PEM_KEY.replace(/EC /g, '')}\nb`)).toBe('a\n[private key removed]\nb');
    expect(withoutKeys(`-----BEGIN RSA ${'PRIVATE'} KEY-----\nAAAA (cut off)`)).toBe('[private key removed]');
  });

  it('is a gzipped tar (0600) when not sealed, opened with tar -xzf', async () => {
    const { state, report } = failedRun();
    const file = path.join(dir, 'out', 'bundle.tar.gz');
    const bundle = await writeDiagnosticsBundle(diagnosticsFiles({ report, state, memberLogs: {} }), file, {});
    expect(bundle).toEqual({ file, bytes: statSync(file).size, sealed: undefined });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.keys(untar(gunzipSync(readFileSync(file))))).toContain(
      `etcd-ha-diagnostics-${report.cluster.runId}/report.json`,
    );
    expect(openCommand(bundle, file)).toBe(`tar -xzf '${file}'`);
  });

  it('is sealed with age for the recipients given, and only their identity opens it', async () => {
    const { state, report } = failedRun();
    const identity = await generateIdentity();
    const file = path.join(dir, 'bundle.tar.gz.age');
    const bundle = await writeDiagnosticsBundle(
      diagnosticsFiles({ report, state, memberLogs: { 'etcd-1': 'hello' } }),
      file,
      {
        seal: { key: { recipients: [await identityToRecipient(identity)] }, label: '--diagnostics-recipient' },
      },
    );
    expect(bundle.sealed).toBe('recipients');
    const sealed = readFileSync(file);
    expect(sealed.toString('latin1')).toMatch(/^age-encryption\.org\/v1\n/);
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const files = untar(gunzipSync(await decrypter.decrypt(sealed, 'uint8array')));
    expect(files[`etcd-ha-diagnostics-${report.cluster.runId}/members/etcd-1/etcd.log`]).toBe('hello\n');
    expect(openCommand(bundle, 'b.age')).toBe("age -d -i key.txt 'b.age' | tar -xz");
    expect(diagnosticsMarkdown(bundle, 'the artifact `x`')).toContain(
      "```sh\nage -d -i key.txt 'bundle.tar.gz.age' | tar -xz\n```",
    );
  });

  it('is never written unsealed when sealing fails: the error names the option', async () => {
    const { state, report } = failedRun();
    const file = path.join(dir, 'bundle.tar.gz.age');
    await expect(
      writeDiagnosticsBundle(diagnosticsFiles({ report, state, memberLogs: {} }), file, {
        seal: { key: { recipients: ['age1notakey'] }, label: '--diagnostics-recipient' },
      }),
    ).rejects.toThrow(
      /^the diagnostics bundle could not be sealed with --diagnostics-recipient \(.*\); nothing was written$/,
    );
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
