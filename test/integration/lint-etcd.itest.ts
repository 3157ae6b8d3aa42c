/**
 * The lint rules against real etcd releases: this machine's (Debian bookworm's 3.4.23 on PATH) and
 * Debian's 3.5.16 (trixie) and 3.5.30 (sid), which scripts/test.sh fetches into the test cache
 * (test/etcd-releases.ts). For every rule that says "etcd refuses to start", each bad fixture
 * (fixtures/lint/rules/<RULE>/, cases with `etcdSays` in expect.json) must make every release it
 * applies to exit non-zero at start with the text the rule quotes, and its good twin must start and
 * serve on that release. YAML fixtures run as `--config-file`, env files as the environment, units as
 * their ExecStart= flags and Environment= variables. Addresses, ports, data dir and certificate paths
 * are rewritten to loopback addresses (127.0.9.x and up, ports 2329-2339), a temporary folder and a
 * PKI made for the run.
 *
 * The refusals only etcd 3.6 makes are not applicable to any release here; a CI matrix job runs this
 * file with an official release on PATH and ETCD_HA_TEST_LINT_RELEASES=path (that etcd alone) for
 * them. The last test below checks that what no release here applies to is this list:
 *   3.6: ETCD-110 bad-3.6.*, ETCD-115 bad.*, ETCD-116 bad.*, ETCD-117 bad-discovery.*
 * (and each case's good twin).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flagInfo, knownFlags, parseEtcdVersion, type EtcdVersion } from '../../src/lint/etcd-flags.js';
import { RULE_LIST } from '../../src/lint/rules/index.js';
import { createCertificateAuthority, issueCertificate, newKey } from '../../src/pki/generate.js';
import { ETCD_35_RELEASES, etcdRelease } from '../support/etcd-releases.js';

const FIXTURES = path.resolve('fixtures/lint/rules');
const ALL_RELEASES = ['3.4.23', '3.5.21', '3.6.5'];
const WAIT_MS = 15_000;
/** What etcd logs once it serves clients (capnslog; zap in 3.4; zap in 3.5 and 3.6). */
const READY = [
  'ready to serve client requests',
  'serving client traffic securely',
  'serving client traffic insecurely',
];

interface FixtureCase {
  path: string;
  findings?: string[];
  etcdSays?: string;
  versions?: string[];
}

/** An etcd binary this file proves the rules against. */
interface Release {
  version: string;
  parsed: EtcdVersion;
  etcd: string;
}

function releaseOf(etcd: string): Release {
  const result = spawnSync(etcd, ['--version'], { encoding: 'utf8' });
  const version = /etcd Version: (\S+)/.exec(result.stdout ?? '')?.[1];
  if (!version) throw new Error(`${etcd} --version did not name a release: ${result.stdout}${result.stderr}`);
  return { version, parsed: parseEtcdVersion(version), etcd };
}

const system = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' }).stdout.trim();
if (!system) throw new Error('etcd is not on PATH: this test proves the lint rules against a real etcd');
/**
 * The etcd on PATH and the 3.5 releases of the test cache (which throws, naming the fix, when one is
 * missing); only the etcd on PATH where ETCD_HA_TEST_LINT_RELEASES=path (the CI matrix job).
 */
const RELEASES: Release[] = [
  releaseOf(system),
  ...(process.env.ETCD_HA_TEST_LINT_RELEASES === 'path'
    ? []
    : ETCD_35_RELEASES.map((version) => releaseOf(etcdRelease(version).etcd))),
];
const appliesTo = (versions: string[] | undefined, release: Release) =>
  (versions ?? ALL_RELEASES).some((version) => parseEtcdVersion(version).minor === release.parsed.minor);

/** Fresh loopback addresses, handed out as the cases are collected, so the certificate can name them all. */
const addresses: string[] = [];
function nextAddress(): string {
  const n = addresses.length;
  const address = `127.0.${9 + Math.floor(n / 240)}.${10 + (n % 240)}`;
  addresses.push(address);
  return address;
}

interface Run {
  title: string;
  release: Release;
  rule: string;
  file: string;
  /** Text etcd must print as it refuses; undefined: etcd must start. */
  etcdSays?: string;
  /** Each fixture address (10.0.0.x) and the loopback address it becomes. */
  addressMap: Map<string, string>;
}

function plan(release: Release, rule: string, file: string, etcdSays?: string): Run {
  const text = readFileSync(path.join(FIXTURES, rule, file), 'utf8');
  const addressMap = new Map<string, string>();
  for (const match of text.matchAll(/10\.0\.0\.\d+/g))
    if (!addressMap.has(match[0])) addressMap.set(match[0], nextAddress());
  return { title: `${rule} ${file}`, release, rule, file, etcdSays, addressMap };
}

/** The cases of each release, in order; and the cases no release here applies to (etcd 3.6 only). */
const runs = new Map<Release, Run[]>(RELEASES.map((release) => [release, []]));
const notApplicable: string[] = [];
for (const rule of RULE_LIST.filter((candidate) => candidate.refusesIn)) {
  const { cases } = JSON.parse(readFileSync(path.join(FIXTURES, rule.info.id, 'expect.json'), 'utf8')) as {
    cases: FixtureCase[];
  };
  for (const fixture of cases.filter((candidate) => candidate.findings && candidate.etcdSays)) {
    const releases = RELEASES.filter(
      (release) => rule.refusesIn!.includes(release.parsed.minor) && appliesTo(fixture.versions, release),
    );
    if (releases.length === 0) notApplicable.push(`${rule.info.id} ${fixture.path}`);
    for (const release of releases) {
      const planned = runs.get(release)!;
      planned.push(plan(release, rule.info.id, fixture.path, fixture.etcdSays));
      const extension = path.extname(fixture.path);
      const twin = cases.find(
        (candidate) =>
          !candidate.findings && path.extname(candidate.path) === extension && appliesTo(candidate.versions, release),
      );
      if (!twin) throw new Error(`${rule.info.id}: no good twin of ${fixture.path} for etcd ${release.version}`);
      if (!planned.some((run) => run.rule === rule.info.id && run.file === twin.path))
        planned.push(plan(release, rule.info.id, twin.path));
    }
  }
}

let root = '';
let pki = '';

beforeAll(async () => {
  root = path.join(tmpdir(), `etcd-ha-lint-etcd-${process.pid}`);
  pki = path.join(root, 'pki');
  mkdirSync(pki, { recursive: true });
  const now = new Date();
  const ca = await createCertificateAuthority(await newKey('ecdsa-p256'), { validityDays: 1, now });
  const leaf = await issueCertificate(
    ca,
    await newKey('ecdsa-p256'),
    {
      commonName: 'etcd',
      usages: ['serverAuth', 'clientAuth'],
      altNames: { dns: ['localhost'], ips: ['127.0.0.1', ...addresses] },
    },
    { validityDays: 1, now },
  );
  writeFileSync(path.join(pki, 'ca.crt'), ca.certPem);
  for (const name of ['server', 'peer']) {
    writeFileSync(path.join(pki, `${name}.crt`), leaf.certPem);
    writeFileSync(path.join(pki, `${name}.key`), leaf.keyPem, { mode: 0o600 });
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The fixture with loopback addresses, ports 2329-2339, the case's data dir and the run's PKI. */
function rewrite(text: string, run: Run, dataDir: string): string {
  return text
    .replace(/10\.0\.0\.\d+/g, (address) => run.addressMap.get(address)!)
    .replace(/:(23[7-8]\d)\b/g, (_, port: string) => `:${Number(port) - 50}`)
    .replace(/\/var\/lib\/etcd\b/g, dataDir)
    .replace(/\/etc\/etcd\/pki\//g, `${pki}/`);
}

/** How etcd is started for a fixture: its arguments and its ETCD_* variables. */
function commandOf(file: string, text: string, dir: string): { args: string[]; env: Record<string, string> } {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (file.endsWith('.yml')) {
    writeFileSync(path.join(dir, 'etcd.conf.yml'), text);
    return { args: [`--config-file=${path.join(dir, 'etcd.conf.yml')}`], env: {} };
  }
  if (file.endsWith('.env')) {
    return {
      args: [],
      env: Object.fromEntries(lines.map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string])),
    };
  }
  // A unit: Environment= variables and the words of ExecStart= after the executable.
  const joined = text.replace(/\\\n/g, ' ').split('\n');
  const env = Object.fromEntries(
    joined
      .filter((line) => line.startsWith('Environment='))
      .map((line) => line.slice('Environment='.length).split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  const exec = joined.find((line) => line.startsWith('ExecStart='))!;
  return { args: exec.slice('ExecStart='.length).trim().split(/\s+/).slice(1), env };
}

/** Fails if another program already listens where the case will. */
async function expectFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) =>
      reject(new Error(`${host}:${port} is in use (${error.message}); the case needs it free`)),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

let child: ChildProcess | undefined;
let caseDir: string | undefined;

afterEach(async () => {
  // Ends the etcd this test started, by its PID, even when an assertion failed.
  if (child && child.exitCode === null && child.signalCode === null) {
    const running = child;
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
    clearTimeout(timer);
  }
  child = undefined;
  if (caseDir) rmSync(caseDir, { recursive: true, force: true });
  caseDir = undefined;
});

/**
 * etcd's output with the message and error of each JSON log line (zap, the default logger of 3.5)
 * added as plain text: JSON escapes the quotes that the rules quote as etcd wrote them.
 */
function readable(output: string): string {
  const texts = output.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown> | null;
      return [entry?.msg, entry?.error].filter((text): text is string => typeof text === 'string');
    } catch {
      return [];
    }
  });
  return [output, ...texts].join('\n');
}

/** Starts etcd for the case; resolves when it exits or says it serves clients, at the latest after WAIT_MS. */
async function startEtcd(
  run: Run,
): Promise<{ code: number | null; ready: boolean; output: string; timedOut: boolean }> {
  const dir = path.join(root, `${run.release.version}-${run.title}`.replace(/[^\w.-]+/g, '_'));
  mkdirSync(dir, { recursive: true });
  caseDir = dir;
  const text = rewrite(readFileSync(path.join(FIXTURES, run.rule, run.file), 'utf8'), run, path.join(dir, 'data'));
  for (const address of run.addressMap.values()) for (const port of [2329, 2330]) await expectFree(address, port);
  const { args, env } = commandOf(run.file, text, dir);
  const started = spawn(run.release.etcd, args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  let output = '';
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: { code: number | null; ready: boolean; timedOut: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, output });
    };
    const timer = setTimeout(() => settle({ code: null, ready: false, timedOut: true }), WAIT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!run.etcdSays && READY.some((text) => output.includes(text)))
        settle({ code: null, ready: true, timedOut: false });
    };
    started.stdout!.on('data', collect);
    started.stderr!.on('data', collect);
    started.once('exit', (code) => settle({ code, ready: false, timedOut: false }));
  });
}

describe.each(RELEASES.map((release) => [release.version, release] as const))(
  'lint rules against etcd %s',
  (_version, release) => {
    test('the flags etcd --help lists are the flags the linter knows for this release', () => {
      const help = spawnSync(release.etcd, ['--help'], { encoding: 'utf8' });
      const listed = [...`${help.stdout}${help.stderr}`.matchAll(/^\s+--([a-z0-9-]+)/gm)].map((match) => match[1]);
      expect(listed.length).toBeGreaterThan(50);
      expect(listed.filter((flag) => !flagInfo(flag, release.parsed).known)).toEqual([]);
    });

    test('etcd parses every flag the linter knows for this release', () => {
      const sample: Record<string, string> = {
        bool: 'false',
        uint: '1',
        int: '1',
        duration: '1s',
        urls: 'http://127.0.0.1:1',
        string: 'x',
        list: '*',
      };
      const args = knownFlags(release.parsed)
        .filter((flag) => flag !== 'version')
        .map((flag) => {
          const spec = flagInfo(flag, release.parsed).spec!;
          return `--${flag}=${spec.values?.[0] ?? sample[spec.kind]}`;
        });
      // Go's flag package parses every flag before etcd looks at --version: an unknown one exits 2.
      const result = spawnSync(release.etcd, [...args, '--version'], {
        encoding: 'utf8',
        timeout: WAIT_MS,
        env: { PATH: process.env.PATH },
      });
      expect({ status: result.status, stderr: result.stderr.split('\n')[0] }).toEqual({ status: 0, stderr: '' });
    });

    test.each(runs.get(release)!.map((run) => [run.title, run] as const))('%s', async (_title, run) => {
      const result = await startEtcd(run);
      if (run.etcdSays) {
        expect({ timedOut: result.timedOut, exitedNonZero: result.code !== 0 && result.code !== null }).toEqual({
          timedOut: false,
          exitedNonZero: true,
        });
        expect(readable(result.output)).toContain(run.etcdSays);
      } else {
        if (!result.ready) throw new Error(`etcd did not start (exit ${result.code}):\n${result.output.slice(-3000)}`);
        expect(result.ready).toBe(true);
      }
    });
  },
);

// With the releases scripts/test.sh provides, what none applies to is the 3.6 list of the header.
if (process.env.ETCD_HA_TEST_LINT_RELEASES !== 'path') {
  test('what no release here applies to is the etcd 3.6 refusals the header lists', () => {
    const only36 = /^ETCD-110 bad-3\.6\.|^ETCD-11[56] bad\.|^ETCD-117 bad-discovery\./;
    expect(notApplicable.filter((name) => !only36.test(name))).toEqual([]);
    expect([...new Set(notApplicable.map((name) => name.split(' ')[0]))].sort()).toEqual([
      'ETCD-110',
      'ETCD-115',
      'ETCD-116',
      'ETCD-117',
    ]);
  });
}
