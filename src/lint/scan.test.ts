import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import { memoryLogger } from '../util/logger.js';
import type { Finding, ScannedFile } from './model.js';
import { MAX_FILE_BYTES, scanPaths } from './scan.js';

let root: string;

/** Writes files (path -> content) under the test folder. */
function write(files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
}

async function scan(
  paths: string[],
  cwd = root,
): Promise<{ files: ScannedFile[]; findings: Finding[]; log: string[] }> {
  const logger = memoryLogger();
  const result = await scanPaths(paths, { cwd, logger });
  return { ...result, log: logger.lines };
}

/** file, form and member names: what the lint result lists. */
function listed(files: ScannedFile[]): string[] {
  return files.map((file) => `${file.file} ${file.form} ${file.members.map((member) => member.name).join(',') || '-'}`);
}

function brief(findings: Finding[]): string[] {
  return findings.map(
    (finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule}`,
  );
}

const ETCD_YAML = 'name: infra0\nlisten-client-urls: http://10.0.0.1:2379\n';

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'etcd-lint-scan-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('scanPaths', () => {
  it('walks folders and recognises each form by content, whatever the file is called', async () => {
    write({
      'configs/etcd-1.yml': ETCD_YAML,
      'configs/settings.txt': 'ETCD_NAME=infra1\nETCD_DATA_DIR=/d\n',
      'configs/etcd.service': '[Service]\nExecStart=/usr/bin/etcd --name infra2\n',
      'configs/cluster.yaml': 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local: {}\n',
      'manifests/etcd.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command: [etcd, --name=infra3]\n',
      '.github/workflows/ci.yml':
        'name: CI\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
      'deploy/web.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n',
      'nginx.conf': 'server {\n  listen 80;\n}\n',
      Makefile: 'ETCD_VERSION=3.5.0\n\nbuild:\n\tgo build ./...\ntest:\n\tgo test ./...\n',
      '.git/etcd.yml': ETCD_YAML,
      'node_modules/pkg/etcd.yml': ETCD_YAML,
    });
    const { files, findings, log } = await scan(['.']);
    expect(listed(files)).toEqual([
      'configs/cluster.yaml kubeadm <node-name>',
      'configs/etcd-1.yml etcd-config-file infra0',
      'configs/etcd.service systemd-unit infra2',
      'configs/settings.txt env-file infra1',
      'manifests/etcd.yaml static-pod infra3',
    ]);
    expect(findings).toEqual([]);
    expect(log).toEqual(
      expect.arrayContaining([
        'debug: configs/etcd-1.yml: etcd-config-file, member infra0',
        'debug: configs/settings.txt: env-file, member infra1',
        'debug: .github/workflows/ci.yml: not an etcd configuration',
        'debug: deploy/web.yaml: not an etcd configuration',
        'debug: nginx.conf: not an etcd configuration',
        'debug: Makefile: not an etcd configuration: mentions etcd, but is none of the forms read (an etcd.conf.yml, an ETCD_* env file, a systemd unit, kubeadm configuration or a static pod)',
      ]),
    );
    expect(log.some((line) => line.includes('node_modules') || line.includes('.git/'))).toBe(false);
  });

  it('names files relative to the current directory, as the user would', async () => {
    write({ 'repo/hosts/a/etcd.yml': ETCD_YAML });
    const fromRepo = await scan(['hosts'], path.join(root, 'repo'));
    expect(listed(fromRepo.files)).toEqual(['hosts/a/etcd.yml etcd-config-file infra0']);
    expect(fromRepo.files[0].members[0].settings[0].at).toEqual({ file: 'hosts/a/etcd.yml', line: 1, column: 1 });
    mkdirSync(path.join(root, 'repo/hosts/b'), { recursive: true });
    const fromBelow = await scan(['../a/etcd.yml'], path.join(root, 'repo/hosts/b'));
    expect(listed(fromBelow.files)).toEqual(['../a/etcd.yml etcd-config-file infra0']);
    const absolute = path.join(root, 'repo/hosts/a/etcd.yml');
    expect(listed((await scan([absolute], path.join(root, 'repo/hosts/b'))).files)).toEqual([
      `${absolute} etcd-config-file infra0`,
    ]);
  });

  it('reads a unit’s EnvironmentFile= and --config-file as part of its member, not as members of their own', async () => {
    write({
      'node1/etcd.service': '[Service]\nEnvironmentFile=-/etc/default/etcd\nExecStart=/usr/bin/etcd $DAEMON_ARGS\n',
      'node1/default/etcd': 'ETCD_NAME=node1\nDAEMON_ARGS="--snapshot-count 5000"\n',
      'node2/etcd.service': '[Service]\nExecStart=/usr/bin/etcd --config-file /etc/etcd/etcd.conf.yml\n',
      'node2/etcd/etcd.conf.yml': 'name: node2\ndata-dir: /d\n',
      'spare/etcd.conf.yml': 'name: spare\ndata-dir: /d\n',
    });
    const { files, log } = await scan(['.']);
    expect(listed(files)).toEqual([
      'node1/etcd.service systemd-unit node1',
      'node2/etcd.service systemd-unit node2',
      'spare/etcd.conf.yml etcd-config-file spare',
    ]);
    expect(files[0].members[0].includes).toEqual(['node1/default/etcd']);
    expect(
      files[0].members[0].settings.map(
        (setting) => `${setting.name}=${setting.value} ${setting.at.file}:${setting.at.line}`,
      ),
    ).toEqual(['name=node1 node1/default/etcd:1', 'snapshot-count=5000 node1/etcd.service:3']);
    expect(files[1].members[0].includes).toEqual(['node2/etcd/etcd.conf.yml']);
    expect(log).toContain('debug: node1/default/etcd: read as part of node1/etcd.service (env-file)');
    expect(log).toContain('debug: node2/etcd/etcd.conf.yml: read as part of node2/etcd.service (etcd-config-file)');
  });

  it('reports a file meant as etcd configuration that does not parse, at the place the parser gives', async () => {
    write({
      'etcd-broken.yml': 'name: a\ndata-dir: /d\n\tsnapshot-count: 5\n',
      'conf/member.yml': 'name: a\nlisten-peer-urls: [http://10.0.0.1:2380\n',
      'values.yml': 'replicas: 3\n\timage: nginx\n',
      'kubeadm.yaml': 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n\tlocal: {}\n',
    });
    const { files, findings } = await scan(['.']);
    expect(listed(files)).toEqual([
      'conf/member.yml etcd-config-file -',
      'etcd-broken.yml etcd-config-file -',
      'kubeadm.yaml kubeadm -',
    ]);
    expect(findings).toEqual([]);
    expect(files.flatMap((file) => brief(file.findings))).toEqual([
      'conf/member.yml:3:1 error ETCD-PARSE',
      'etcd-broken.yml:3:1 error ETCD-PARSE',
      'kubeadm.yaml:4:1 error ETCD-PARSE',
    ]);
  });

  it('skips binary and oversized files with a notice, quietly for files that are no configuration', async () => {
    write({
      'etcd.yml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x00, 0x01]),
      'big/etcd.conf': `ETCD_NAME=a\n${'#'.repeat(MAX_FILE_BYTES)}\n`,
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]),
      'ok.yml': ETCD_YAML,
    });
    const walked = await scan(['.']);
    expect(listed(walked.files)).toEqual(['ok.yml etcd-config-file infra0']);
    expect(brief(walked.findings)).toEqual([
      'big/etcd.conf:1:1 notice ETCD-SKIPPED',
      'etcd.yml:1:1 notice ETCD-SKIPPED',
    ]);
    expect(walked.findings[0].message).toContain('1 MiB');
    expect(walked.findings[1].message).toContain('binary');
    expect(walked.log).toContain('debug: logo.png: Skipped: a binary file (it holds a NUL byte).');
    // A file the user names is always reported.
    expect(brief((await scan(['logo.png'])).findings)).toEqual(['logo.png:1:1 notice ETCD-SKIPPED']);
  });

  it('does not follow symbolic links that leave the scanned folder', async () => {
    write({
      'outside/etcd.yml': ETCD_YAML,
      'outside/dir/etcd.yml': ETCD_YAML,
      'tree/real/etcd.yml': 'name: inside\ndata-dir: /d\n',
    });
    symlinkSync(path.join(root, 'outside/etcd.yml'), path.join(root, 'tree/link.yml'));
    symlinkSync(path.join(root, 'outside/dir'), path.join(root, 'tree/linked-dir'));
    symlinkSync(path.join(root, 'tree/real'), path.join(root, 'tree/alias'));
    const { files, findings } = await scan(['tree']);
    // The link inside the tree leads to a file already read: read once.
    expect(listed(files)).toEqual(['tree/alias/etcd.yml etcd-config-file inside']);
    expect(brief(findings)).toEqual([
      'tree/link.yml:1:1 notice ETCD-SKIPPED',
      'tree/linked-dir:1:1 notice ETCD-SKIPPED',
    ]);
    expect(findings[0].message).toContain('not followed');
    // A glob reports only the links it would have read.
    expect(brief((await scan(['tree/**/etcd.yml'])).findings)).toEqual([]);
    expect(brief((await scan(['tree/*.yml'])).findings)).toEqual(['tree/link.yml:1:1 notice ETCD-SKIPPED']);
    // A link the user names is read: its own real path is the tree.
    expect(listed((await scan(['tree/link.yml'])).files)).toEqual(['tree/link.yml etcd-config-file infra0']);
  });

  it('expands globs with *, ** and ?', async () => {
    write({
      'hosts/etcd-1.yml': ETCD_YAML,
      'hosts/a/etcd-2.yml': ETCD_YAML,
      'hosts/a/b/etcd-3.yml': ETCD_YAML,
      'hosts/etcd-10.yml': ETCD_YAML,
      'other/etcd-4.yml': ETCD_YAML,
      'hosts/notes.txt': 'ETCD_NAME=n\n',
    });
    const names = async (glob: string): Promise<string[]> => (await scan([glob])).files.map((file) => file.file);
    expect(await names('hosts/*.yml')).toEqual(['hosts/etcd-1.yml', 'hosts/etcd-10.yml']);
    expect(await names('hosts/**/*.yml')).toEqual([
      'hosts/a/b/etcd-3.yml',
      'hosts/a/etcd-2.yml',
      'hosts/etcd-1.yml',
      'hosts/etcd-10.yml',
    ]);
    expect(await names('hosts/**/etcd-?.yml')).toEqual([
      'hosts/a/b/etcd-3.yml',
      'hosts/a/etcd-2.yml',
      'hosts/etcd-1.yml',
    ]);
    expect(await names('*/etcd-4.yml')).toEqual(['other/etcd-4.yml']);
    expect(await names(`${root}/hosts/a/*.yml`)).toEqual(['hosts/a/etcd-2.yml']);
  });

  it('refuses a path that does not exist, naming it', async () => {
    write({ 'etcd.yml': ETCD_YAML });
    await expect(scan(['etcd.yml', 'missing/etcd.yml'])).rejects.toThrow(ConfigurationError);
    await expect(scan(['missing/etcd.yml'])).rejects.toThrow('missing/etcd.yml');
    await expect(scan(['missing/*.yml'])).rejects.toThrow(/missing\/\*\.yml.*missing/);
    await expect(scan(['*.conf'])).rejects.toThrow('lint path *.conf matches no file');
  });

  it('reads the guides’ configurations: each guide’s members, and nothing from files that are none', async () => {
    const { files, findings } = await scan(['fixtures/lint/guides'], process.cwd());
    expect(findings).toEqual([]);
    expect(listed(files)).toEqual([
      'fixtures/lint/guides/000-etcd-conf-yml/etcd.conf.yaml etcd-config-file etcd1',
      'fixtures/lint/guides/000-etcd-conf-yml/etcd.service systemd-unit default',
      'fixtures/lint/guides/002-kubeadm-external-etcd/kubeadmcfg.yaml kubeadm ${NAME}',
      'fixtures/lint/guides/003-env-file/cfg/etcd.conf env-file etcd-1',
      'fixtures/lint/guides/004-etcd-yml/etcd-1/etcd.service systemd-unit etcd-1',
      'fixtures/lint/guides/004-etcd-yml/etcd-2/cfg/etcd.yml etcd-config-file etcd-2',
      'fixtures/lint/guides/004-etcd-yml/etcd-3/cfg/etcd.yml etcd-config-file etcd-2',
    ]);
  });
});
