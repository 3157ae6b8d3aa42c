import { readFileSync } from 'node:fs';
import type { MemberConfig } from '../model.js';
import { settingOf } from '../model.js';
import { isEtcdConfigYaml, readConfigFile } from './config-file.js';
import { sourceText } from './source.js';
import { parseYaml, yamlParseFindings } from './yaml-source.js';

function read(text: string, file = 'etcd.yml'): MemberConfig {
  const source = sourceText(file, text);
  return readConfigFile(source, parseYaml(source));
}

function recognised(text: string): boolean {
  return isEtcdConfigYaml(parseYaml(sourceText('x.yml', text)));
}

/** name, value, key position, value position: one row per setting. */
function rows(member: MemberConfig): string[][] {
  return member.settings.map((setting) => [
    setting.name,
    setting.value,
    `${setting.at.line}:${setting.at.column}`,
    setting.valueAt ? `${setting.valueAt.line}:${setting.valueAt.column}` : '-',
  ]);
}

describe('etcd configuration file', () => {
  it('reads top-level keys as flags, with the key and value positions the YAML parser gives', () => {
    const member = read(
      [
        "name: 'infra0'",
        'data-dir: /var/lib/etcd',
        '',
        '  # a comment',
        'initial-cluster:   "infra0=http://10.0.0.1:2380"',
        'snapshot-count: 10000',
      ].join('\n'),
    );
    expect(member.name).toBe('infra0');
    expect(member.form).toBe('etcd-config-file');
    expect(rows(member)).toEqual([
      ['name', 'infra0', '1:1', '1:7'],
      ['data-dir', '/var/lib/etcd', '2:1', '2:11'],
      ['initial-cluster', 'infra0=http://10.0.0.1:2380', '5:1', '5:20'],
      ['snapshot-count', '10000', '6:1', '6:17'],
    ]);
    expect(member.settings[0]).toMatchObject({ key: 'name', source: 'config-file', at: { file: 'etcd.yml' } });
  });

  it('maps the transport-security sections to their flags and keeps the written key', () => {
    const member = read(
      [
        'client-transport-security:',
        '  cert-file: /pki/server.crt',
        '  client-cert-auth: true',
        '  trusted-ca-file: /pki/ca.crt',
        '  auto-tls: false',
        '  allowed-hostname: [a.example, b.example]',
        'peer-transport-security:',
        '  cert-file: /pki/peer.crt',
        '  key-file: /pki/peer.key',
        '  client-cert-auth: yes',
        '  trusted-ca-file: /pki/ca.crt',
        '  auto-tls: off',
        '  allowed-cn: etcd-peer',
        '  allowed-hostname: peer.example',
        '  crl-file: /pki/crl.pem',
      ].join('\n'),
    );
    expect(member.settings.map((setting) => [setting.name, setting.value, setting.key])).toEqual([
      ['cert-file', '/pki/server.crt', 'client-transport-security.cert-file'],
      ['client-cert-auth', 'true', 'client-transport-security.client-cert-auth'],
      ['trusted-ca-file', '/pki/ca.crt', 'client-transport-security.trusted-ca-file'],
      ['auto-tls', 'false', 'client-transport-security.auto-tls'],
      ['client-cert-allowed-hostname', 'a.example,b.example', 'client-transport-security.allowed-hostname'],
      ['peer-cert-file', '/pki/peer.crt', 'peer-transport-security.cert-file'],
      ['peer-key-file', '/pki/peer.key', 'peer-transport-security.key-file'],
      ['peer-client-cert-auth', 'true', 'peer-transport-security.client-cert-auth'],
      ['peer-trusted-ca-file', '/pki/ca.crt', 'peer-transport-security.trusted-ca-file'],
      ['peer-auto-tls', 'false', 'peer-transport-security.auto-tls'],
      ['peer-cert-allowed-cn', 'etcd-peer', 'peer-transport-security.allowed-cn'],
      ['peer-cert-allowed-hostname', 'peer.example', 'peer-transport-security.allowed-hostname'],
      // etcd's YAML has no CRL key: the dotted name is no flag, so the rules can say etcd ignores it.
      ['peer-transport-security.crl-file', '/pki/crl.pem', 'peer-transport-security.crl-file'],
    ]);
    expect(settingOf(member, 'peer-cert-file')?.at).toEqual({ file: 'etcd.yml', line: 8, column: 3 });
    expect(settingOf(member, 'peer-cert-file')?.valueAt).toEqual({ file: 'etcd.yml', line: 8, column: 14 });
  });

  it('treats null values as not set, joins lists with commas and keeps empty strings', () => {
    const member = read(
      [
        'name: m1',
        'wal-dir:',
        'discovery: ~',
        'cors: null',
        "discovery-srv: ''",
        'log-outputs: [stderr]',
        'cipher-suites: [',
        '  TLS_A,',
        '  TLS_B',
        ']',
        'client-transport-security:',
        '  cert-file:',
      ].join('\n'),
    );
    expect(member.settings.map((setting) => [setting.name, setting.value])).toEqual([
      ['name', 'm1'],
      ['discovery-srv', ''],
      ['log-outputs', 'stderr'],
      ['cipher-suites', 'TLS_A,TLS_B'],
    ]);
  });

  it('matches keys case-insensitively as etcd does: the name is lower-case, the key as written', () => {
    const member = read('Name: m1\nData-Dir: /data\nPeer-Transport-Security:\n  Cert-File: /p.crt\n');
    expect(member.name).toBe('m1');
    expect(member.settings.map((setting) => [setting.name, setting.key])).toEqual([
      ['name', 'Name'],
      ['data-dir', 'Data-Dir'],
      ['peer-cert-file', 'Peer-Transport-Security.Cert-File'],
    ]);
  });

  it('keeps a repeated key twice (etcd takes the last, the rules report it)', () => {
    const member = read('name: a\ndata-dir: /one\ndata-dir: /two\n');
    expect(
      member.settings
        .filter((setting) => setting.name === 'data-dir')
        .map((setting) => [setting.value, setting.at.line]),
    ).toEqual([
      ['/one', 2],
      ['/two', 3],
    ]);
    expect(settingOf(member, 'data-dir')?.value).toBe('/two');
  });

  it("names the member etcd's default when no name is written", () => {
    expect(read('data-dir: /var/lib/etcd\n').name).toBe('default');
  });

  it('recognises etcd configuration files by their keys, and nothing else', () => {
    expect(recognised('listen-client-urls: http://127.0.0.1:2379\n')).toBe(true);
    expect(recognised('peer-transport-security:\n  cert-file: /a\n')).toBe(true);
    // A GitHub workflow has a name, but no etcd key.
    expect(
      recognised(
        'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo data-dir\n',
      ),
    ).toBe(false);
    // A Kubernetes object is none, whatever keys it has.
    expect(recognised('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\ndata-dir: /x\n')).toBe(false);
    expect(recognised('endpoints:\n- http://10.0.0.1:2379\n')).toBe(false);
    expect(recognised('- data-dir\n- name\n')).toBe(false);
    expect(recognised('just text\n')).toBe(false);
  });

  it('gives the line and column where a YAML that does not parse fails', () => {
    const source = sourceText('etcd.yml', 'name: a\ndata-dir: /data\n\tsnapshot-count: 5\n');
    expect(yamlParseFindings(source, parseYaml(source))).toEqual([
      {
        file: 'etcd.yml',
        line: 3,
        column: 1,
        severity: 'error',
        rule: 'ETCD-PARSE',
        message: 'YAML does not parse: Tabs are not allowed as indentation',
      },
    ]);
    expect(yamlParseFindings(source, parseYaml(sourceText('etcd.yml', 'name: a\n')))).toEqual([]);
  });
});

describe('the guides’ etcd configuration files', () => {
  const guide = (path: string): MemberConfig => read(readFileSync(`fixtures/lint/guides/${path}`, 'utf8'), path);

  it('000: the file as printed, with the TLS keys at the top level, repeated', () => {
    const member = guide('000-etcd-conf-yml/etcd.conf.yaml');
    expect(member.name).toBe('etcd1');
    // `wal-dir:` (null) and `client-transport-security:` (null, its keys lost their indentation) set nothing.
    expect(
      member.settings.some(
        (setting) => setting.name === 'wal-dir' || setting.key.startsWith('client-transport-security'),
      ),
    ).toBe(false);
    expect(
      rows(member).filter(([name]) =>
        ['snapshot-count', 'initial-cluster-state', 'cert-file', 'peer-client-cert-auth'].includes(name),
      ),
    ).toEqual([
      ['snapshot-count', '10000', '5:1', '5:17'],
      ['initial-cluster-state', 'new', '15:1', '15:24'],
      ['cert-file', '/etc/etcd/etcd-client.crt', '20:1', '20:12'],
      ['cert-file', '/etc/etcd/etcd-peer.crt', '26:1', '26:12'],
      ['peer-client-cert-auth', 'true', '28:1', '28:24'],
    ]);
    expect(settingOf(member, 'initial-cluster')?.value).toBe(
      'etcd1=https://<etcd1-cluster-ip>:2380,etcd2=https://<etcd2-cluster-ip>:2380,etcd3=https://<etcd3-cluster-ip>:2380',
    );
  });

  it('004: the etcd-1 file and the etcd-3 file that names itself etcd-2', () => {
    const first = guide('004-etcd-yml/etcd-1/cfg/etcd.yml');
    expect(first.name).toBe('etcd-1');
    expect(
      rows(first).filter(([name]) =>
        ['heartbeat-interval', 'log-outputs', 'peer-client-cert-auth', 'auto-compaction-retention', 'proxy'].includes(
          name,
        ),
      ),
    ).toEqual([
      ['heartbeat-interval', '100', '7:1', '7:21'],
      ['proxy', 'off', '50:1', '50:8'],
      ['peer-client-cert-auth', 'false', '91:3', '91:21'],
      ['log-outputs', 'stderr', '108:1', '108:14'],
      ['auto-compaction-retention', '1', '114:1', '114:28'],
    ]);
    expect(settingOf(first, 'discovery')?.value).toBe('');
    const third = guide('004-etcd-yml/etcd-3/cfg/etcd.yml');
    expect(third.name).toBe('etcd-2');
    expect(rows(third).find(([name]) => name === 'listen-peer-urls')).toEqual([
      'listen-peer-urls',
      'https://192.168.66.41:2380',
      '14:1',
      '14:19',
    ]);
  });
});
