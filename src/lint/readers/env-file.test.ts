import { readFileSync } from 'node:fs';
import type { MemberConfig } from '../model.js';
import { envFileVariables, isEtcdEnvFile, parseEnvFile, readEnvFile } from './env-file.js';
import { sourceText } from './source.js';

function read(text: string, file = 'etcd.conf'): MemberConfig {
  const source = sourceText(file, text);
  return readEnvFile(source, parseEnvFile(source));
}

function recognised(text: string): boolean {
  return isEtcdEnvFile(parseEnvFile(sourceText('x', text)));
}

function rows(member: MemberConfig): string[][] {
  return member.settings.map((setting) => [
    setting.name,
    setting.value,
    setting.key,
    `${setting.at.line}:${setting.at.column}`,
    `${setting.valueAt?.line}:${setting.valueAt?.column}`,
  ]);
}

describe('ETCD_* env files', () => {
  it('reads quotes, export, comments and blank lines, positioning the variable and the value', () => {
    const member = read(
      [
        '# etcd settings',
        '; another comment',
        '',
        'ETCD_NAME=infra0',
        'export ETCD_DATA_DIR="/var/lib/etcd"',
        "  ETCD_INITIAL_CLUSTER='infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380'",
        'ETCD_INITIAL_CLUSTER_TOKEN=tkn # the token',
        'ETCD_ADVERTISE_CLIENT_URLS="http://10.0.0.1:2379" # quoted, then a comment',
        'ETCD_LOG_LEVEL=',
      ].join('\r\n'),
    );
    expect(member.name).toBe('infra0');
    expect(member.form).toBe('env-file');
    expect(rows(member)).toEqual([
      ['name', 'infra0', 'ETCD_NAME', '4:1', '4:11'],
      ['data-dir', '/var/lib/etcd', 'ETCD_DATA_DIR', '5:8', '5:22'],
      [
        'initial-cluster',
        'infra0=http://10.0.0.1:2380,infra1=http://10.0.0.2:2380',
        'ETCD_INITIAL_CLUSTER',
        '6:3',
        '6:24',
      ],
      ['initial-cluster-token', 'tkn', 'ETCD_INITIAL_CLUSTER_TOKEN', '7:1', '7:28'],
      ['advertise-client-urls', 'http://10.0.0.1:2379', 'ETCD_ADVERTISE_CLIENT_URLS', '8:1', '8:28'],
      ['log-level', '', 'ETCD_LOG_LEVEL', '9:1', '9:16'],
    ]);
    expect(member.settings.every((setting) => setting.source === 'env')).toBe(true);
  });

  it("keeps escapes in double quotes, a value continued over lines, and ignores other programs' variables", () => {
    const content = parseEnvFile(
      sourceText(
        'x',
        'ETCDCTL_API=3\nPATH=/bin\nETCD_NAME="a \\"b\\" c"\nETCD_DATA_DIR=/var/\\\nlib/etcd\nETCD_MAX_WALS=5\n',
      ),
    );
    const member = readEnvFile(sourceText('x', ''), content);
    expect(member.settings.map((setting) => [setting.name, setting.value])).toEqual([
      ['name', 'a "b" c'],
      ['data-dir', '/var/lib/etcd'],
      ['max-wals', '5'],
    ]);
    expect(envFileVariables(content).get('PATH')).toBe('/bin');
  });

  it("keeps a variable's name when it is not upper-case, since etcd reads no such variable", () => {
    expect(read('ETCD_Name=a\nETCD_DATA_DIR=/d\n').settings.map((setting) => setting.name)).toEqual([
      'Name',
      'data-dir',
    ]);
  });

  it('is an env file when most lines are assignments and one sets an etcd flag', () => {
    expect(recognised('ETCD_NAME=a\n')).toBe(true);
    expect(
      recognised('# only etcdctl\nexport ETCDCTL_ENDPOINTS=https://10.0.0.1:2379\nexport ETCDCTL_CACERT=/ca.pem\n'),
    ).toBe(false);
    expect(recognised('KUBELET_EXTRA_ARGS=--node-ip=10.0.0.1\n')).toBe(false);
    const makefile = [
      'ETCD_VERSION ?= 3.5.0',
      'ETCD_IMAGE=quay.io/coreos/etcd',
      '',
      'build:',
      '\tdocker build .',
      'test:',
      '\tgo test ./...',
      'clean:',
      '\trm -rf bin',
    ].join('\n');
    expect(recognised(makefile)).toBe(false);
    expect(recognised('server {\n  listen 80;\n  server_name etcd.example;\n}\n')).toBe(false);
    expect(recognised('net.ipv4.ip_forward=1\nvm.swappiness=10\n')).toBe(false);
  });

  it('003: the guide’s /opt/etcd/cfg/etcd.conf, typo and all', () => {
    const path = 'fixtures/lint/guides/003-env-file/cfg/etcd.conf';
    const member = read(readFileSync(path, 'utf8'), path);
    expect(member.name).toBe('etcd-1');
    expect(
      rows(member).filter(([name]) =>
        ['name', 'initial-cluster', 'initial-clusrer-state', 'advertise-client-urls'].includes(name),
      ),
    ).toEqual([
      ['name', 'etcd-1', 'ETCD_NAME', '2:1', '2:11'],
      [
        'initial-cluster',
        'etcd-1=https://192.168.31.71:2380, etcd-2=https://192.168.31.72:2380,etcd-2=https://192.168.31.73:2380',
        'ETCD_INITIAL_CLUSTER',
        '8:1',
        '8:22',
      ],
      ['initial-clusrer-state', 'new', 'ETCD_INITIAL_CLUSRER_STATE', '9:1', '9:28'],
      ['advertise-client-urls', 'http://192.168.31.71:2379', 'ETCD_ADVERTISE_CLIENT_URLS', '11:1', '11:28'],
    ]);
    expect(member.settings[0].at.file).toBe(path);
  });

  it('000: the guide’s ETCDCTL_* exports are no etcd configuration', () => {
    expect(recognised(readFileSync('fixtures/lint/guides/000-etcd-conf-yml/etcdctl.env', 'utf8'))).toBe(false);
  });
});
