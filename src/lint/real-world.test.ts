/**
 * What real configurations need of the linter beyond one rule's fixtures: listeners on loopback,
 * releases to the patch, the flags kubeadm writes by its release, the guides' shared Kubernetes CA,
 * and a release the rules do not know. Each case lints files through the whole linter.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flagInfo, parseEtcdVersion } from './etcd-flags.js';
import { lintPaths } from './lint.js';
import type { Finding } from './model.js';
import { kubeadmConsistencyFlags } from './readers/kubeadm.js';

const silent = { debug() {}, info() {}, warning() {}, error() {} };
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'etcd-lint-real-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

async function lint(files: Record<string, string>, etcdVersion: string): Promise<Finding[]> {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return (await lintPaths(['.'], { etcdVersion, cwd: folder, logger: silent as never })).findings;
}

const shown = (findings: Finding[]) => findings.map((finding) => `${finding.rule} ${finding.severity} ${finding.line}`);

describe('loopback is not exposure', () => {
  const unit = (listen: string, peer: string) =>
    [
      '[Service]',
      'ExecStart=/usr/local/bin/etcd --name controller \\',
      `  --listen-client-urls ${listen} --advertise-client-urls ${listen} \\`,
      `  --listen-peer-urls ${peer} --initial-advertise-peer-urls ${peer} \\`,
      `  --initial-cluster controller=${peer}`,
      '',
    ].join('\n');

  it('clear text and no certificate authentication on 127.0.0.1 / ::1 / localhost are notices that say so', async () => {
    for (const [listen, peer] of [
      ['http://127.0.0.1:2379', 'http://127.0.0.1:2380'],
      ['http://[::1]:2379', 'http://[::1]:2380'],
      ['http://localhost:2379', 'http://localhost:2380'],
    ]) {
      const findings = await lint({ 'etcd.service': unit(listen, peer) }, '3.5.21');
      const security = findings.filter((finding) => /^ETCD-40[1245]$/.test(finding.rule));
      expect(security.map((finding) => `${finding.rule} ${finding.severity}`).sort()).toEqual([
        'ETCD-401 notice',
        'ETCD-402 notice',
        'ETCD-404 notice',
        'ETCD-405 notice',
      ]);
      for (const finding of security) expect(finding.message).toContain('binds to loopback alone');
    }
  });

  it('etcd’s default listeners (localhost) when none is written are loopback too', async () => {
    const findings = await lint({ 'etcd.env': 'ETCD_NAME=etcd-1\nETCD_DATA_DIR=/var/lib/etcd\n' }, '3.6.16');
    expect(findings.filter((finding) => /^ETCD-40[1245]$/.test(finding.rule)).map((f) => f.severity)).toEqual([
      'notice',
      'notice',
      'notice',
      'notice',
    ]);
  });

  it('a listener on a routable address or 0.0.0.0 stays a warning', async () => {
    const findings = await lint({ 'etcd.service': unit('http://0.0.0.0:2379', 'http://10.0.0.5:2380') }, '3.5.21');
    const security = findings.filter((finding) => /^ETCD-40[1245]$/.test(finding.rule));
    expect(security.map((finding) => finding.severity)).toEqual(['warning', 'warning', 'warning', 'warning']);
  });
});

describe('releases to the patch', () => {
  it('snapshot-count: deprecated from 3.6.0, the deprecation revoked in 3.6.8', () => {
    expect(flagInfo('snapshot-count', parseEtcdVersion('3.6.7')).deprecatedIn).toBe('3.6');
    expect(flagInfo('snapshot-count', parseEtcdVersion('3.6.8')).deprecatedIn).toBeUndefined();
    expect(flagInfo('snapshot-count', parseEtcdVersion('3.6')).deprecatedIn).toBeUndefined();
    expect(flagInfo('snapshot-count', parseEtcdVersion('3.5.21')).deprecatedIn).toBeUndefined();
    expect(flagInfo('max-snapshots', parseEtcdVersion('3.6.16')).deprecatedIn).toBe('3.6');
  });

  it('says nothing of snapshot-count in 3.6.8 and later, and warns in 3.6.0–3.6.7', async () => {
    const files = { 'etcd.env': 'ETCD_NAME=etcd-1\nETCD_SNAPSHOT_COUNT=10000\n' };
    expect(shown((await lint(files, '3.6.7')).filter((f) => f.rule === 'ETCD-304'))).toEqual(['ETCD-304 warning 2']);
    expect((await lint(files, '3.6.8')).filter((f) => f.rule === 'ETCD-304')).toEqual([]);
  });

  it('a deprecated setting at its harmless default is no deprecation where etcd says nothing (3.5 YAML)', async () => {
    const yaml = { 'etcd.conf.yml': 'name: etcd-1\nenable-v2: false\ndata-dir: /var/lib/etcd\n' };
    const quiet = await lint(yaml, '3.5.21');
    expect(quiet.filter((f) => f.rule === 'ETCD-304')).toEqual([]);
    // The same file for 3.6, which warns of every deprecated setting set: enable-v2 is gone there.
    expect(shown((await lint(yaml, '3.6.16')).filter((f) => f.rule === 'ETCD-302'))).toEqual(['ETCD-302 warning 2']);
    // etcd 3.5 warns of the flag on its command line, whatever its value; and of v2 switched on.
    expect(
      shown(
        (await lint({ 'etcd.env': 'ETCD_NAME=e\nETCD_ENABLE_V2=false\n' }, '3.5.21')).filter(
          (f) => f.rule === 'ETCD-304',
        ),
      ),
    ).toEqual(['ETCD-304 warning 2']);
    rmSync(path.join(folder, 'etcd.env'));
    writeFileSync(path.join(folder, 'etcd.conf.yml'), 'name: etcd-1\nenable-v2: true\ndata-dir: /var/lib/etcd\n');
    expect(shown((await lint({}, '3.5.21')).filter((f) => f.rule === 'ETCD-304'))).toEqual(['ETCD-304 warning 2']);
  });

  it('a release the rules do not know is not silently accepted: a notice names the rules applied', async () => {
    const findings = await lint({ 'etcd.env': 'ETCD_NAME=etcd-1\n' }, '3.7.0');
    const notice = findings.find((finding) => finding.rule === 'ETCD-RELEASE');
    expect(notice).toMatchObject({ severity: 'notice', file: 'etcd.env', line: 1 });
    expect(notice?.message).toContain('the rules of etcd 3.6 (its newest patch) were applied');
    expect((await lint({}, '3.6.16')).some((finding) => finding.rule === 'ETCD-RELEASE')).toBe(false);
  });
});

describe('kubeadm as kubeadm is', () => {
  const kubeadm = (kubernetesVersion?: string) =>
    [
      'apiVersion: kubeadm.k8s.io/v1beta3',
      'kind: ClusterConfiguration',
      ...(kubernetesVersion ? [`kubernetesVersion: ${kubernetesVersion}`] : []),
      'etcd:',
      '  local:',
      '    dataDir: /var/lib/etcd',
      '',
    ].join('\n');

  it('writes the flags of its release: the feature gate for 1.34 and later, the experimental flags before', () => {
    expect(kubeadmConsistencyFlags('v1.34.1', '3.5')).toEqual([
      ['feature-gates', 'InitialCorruptCheck=true'],
      ['watch-progress-notify-interval', '5s'],
    ]);
    expect(kubeadmConsistencyFlags('v1.31.0', '3.6')).toEqual([
      ['experimental-initial-corrupt-check', 'true'],
      ['experimental-watch-progress-notify-interval', '5s'],
    ]);
    expect(kubeadmConsistencyFlags('v1.23.4', '3.5')).toEqual([['experimental-initial-corrupt-check', 'true']]);
    expect(kubeadmConsistencyFlags('v1.21.0', '3.4')).toEqual([]);
    // Without kubernetesVersion, kubeadm deploys its own release's etcd: the release linted for decides.
    expect(kubeadmConsistencyFlags(undefined, '3.6')[0]).toEqual(['feature-gates', 'InitialCorruptCheck=true']);
    expect(kubeadmConsistencyFlags('stable', '3.5')[0]).toEqual(['experimental-initial-corrupt-check', 'true']);
  });

  it('current kubeadm for etcd 3.6: nothing to say about the flags it writes', async () => {
    const findings = await lint({ 'kubeadm.yaml': kubeadm('v1.34.1') }, '3.6.16');
    expect(findings.filter((finding) => finding.severity !== 'notice')).toEqual([]);
  });

  it('a finding about a flag kubeadm wrote is at most a notice naming kubeadm, never a warning on local:', async () => {
    const findings = await lint({ 'kubeadm.yaml': kubeadm('v1.31.0') }, '3.6.16');
    const local = findings.filter((finding) => finding.line === 5);
    expect(local.filter((finding) => finding.severity === 'warning')).toEqual([]);
    const deprecated = local.filter((finding) => finding.rule === 'ETCD-304');
    expect(deprecated).toHaveLength(2);
    for (const finding of deprecated) {
      expect(finding.severity).toBe('notice');
      expect(finding.message).toMatch(/^kubeadm writes this into the etcd static pod itself/);
    }
  });
});

describe('shared CA', () => {
  it('the guides’ /etc/kubernetes/ssl/ca.pem and kubeadm’s pki/ca.crt are the cluster-wide CA; etcd’s own is not', async () => {
    const unit = (ca: string) =>
      [
        '[Service]',
        'ExecStart=/usr/local/bin/etcd --name etcd-1 --client-cert-auth --peer-client-cert-auth \\',
        '  --cert-file=/etc/etcd/etcd.pem --key-file=/etc/etcd/etcd-key.pem \\',
        `  --trusted-ca-file=${ca} --peer-trusted-ca-file=/etc/etcd/ca.pem`,
        '',
      ].join('\n');
    for (const ca of ['/etc/kubernetes/ssl/ca.pem', '/etc/kubernetes/pki/ca.crt', '/etc/kubernetes/cert/ca.pem']) {
      const findings = await lint({ 'etcd.service': unit(ca) }, '3.5.21');
      expect(shown(findings.filter((finding) => finding.rule === 'ETCD-408'))).toEqual(['ETCD-408 notice 4']);
    }
    for (const ca of ['/etc/kubernetes/pki/etcd/ca.crt', '/etc/etcd/ssl/ca.pem']) {
      const findings = await lint({ 'etcd.service': unit(ca) }, '3.5.21');
      expect(findings.filter((finding) => finding.rule === 'ETCD-408')).toEqual([]);
    }
  });
});

describe('a whole repository at once', () => {
  it('gives exactly what its folders give alone: no member of one folder read in another’s form', async () => {
    const files: Record<string, string> = {
      // Folder a: a unit whose --config-file is not in the repository.
      'a/etcd.service': '[Service]\nExecStart=/usr/bin/etcd --config-file /etc/etcd/etcd.conf\n',
      // Folder b: a drop-in that happens to be called etcd.conf (a unit, not YAML).
      'b/etcd.service.d/etcd.conf':
        '[Service]\nEnvironment=ETCD_NAME=b1\nExecStart=\nExecStart=/usr/bin/etcd --data-dir=/d\n',
      // Folders c and d: the same member, once per environment (a copy, not a second member).
      'c/etcd.env':
        'ETCD_NAME=etcd1\nETCD_INITIAL_CLUSTER=etcd1=https://10.0.0.1:2380\nETCD_INITIAL_ADVERTISE_PEER_URLS=https://10.0.0.1:2380\n',
      'd/etcd.env':
        'ETCD_NAME=etcd1\nETCD_INITIAL_CLUSTER=etcd1=https://10.0.0.1:2380\nETCD_INITIAL_ADVERTISE_PEER_URLS=https://10.0.0.1:2380\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), text);
    }
    const key = (finding: Finding) =>
      `${finding.file}:${finding.line} ${finding.severity} ${finding.rule} ${finding.message}`;
    const run = async (paths: string[]) =>
      (await lintPaths(paths, { etcdVersion: '3.6.16', cwd: folder, logger: silent as never })).findings.map(key);
    const whole = await run(['.']);
    const alone = [...(await run(['a'])), ...(await run(['b'])), ...(await run(['c'])), ...(await run(['d']))];
    expect(whole.sort()).toEqual(alone.sort());
    expect(whole.filter((finding) => / error /.test(finding))).toEqual([]);
  });
});
