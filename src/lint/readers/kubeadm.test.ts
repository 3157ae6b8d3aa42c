import { readFileSync } from 'node:fs';
import type { MemberConfig, ScannedFile } from '../model.js';
import { settingOf } from '../model.js';
import { isKubeadmConfig, readKubeadm } from './kubeadm.js';
import { sourceText } from './source.js';
import { parseYaml } from './yaml-source.js';

function read(text: string, file = 'kubeadm.yaml'): ScannedFile {
  const source = sourceText(file, text);
  return readKubeadm(source, parseYaml(source));
}

function recognised(text: string): boolean {
  return isKubeadmConfig(parseYaml(sourceText('x.yaml', text)));
}

function row(member: MemberConfig, name: string): string[] {
  const setting = settingOf(member, name);
  if (!setting) return [];
  return [
    setting.value,
    setting.source,
    setting.key,
    `${setting.at.line}:${setting.at.column}`,
    setting.valueAt ? `${setting.valueAt.line}:${setting.valueAt.column}` : '-',
  ];
}

const init = [
  'apiVersion: kubeadm.k8s.io/v1beta3',
  'kind: InitConfiguration',
  'nodeRegistration:',
  '  name: cp1',
  'localAPIEndpoint:',
  '  advertiseAddress: 10.0.0.6',
  '---',
];

describe('kubeadm configuration', () => {
  it('v1beta3: the flags kubeadm writes for etcd.local, then extraArgs (a map) replacing them', () => {
    const scanned = read(
      [
        ...init,
        'apiVersion: kubeadm.k8s.io/v1beta3',
        'kind: ClusterConfiguration',
        'etcd:',
        '  local:',
        '    dataDir: /data/etcd',
        '    extraArgs:',
        '      snapshot-count: "5000"',
        '      election-timeout: "2500"',
      ].join('\n'),
    );
    expect(scanned.form).toBe('kubeadm');
    expect(scanned.members).toHaveLength(1);
    const member = scanned.members[0];
    expect(member).toMatchObject({
      name: 'cp1',
      form: 'kubeadm',
      file: 'kubeadm.yaml',
      command: 'etcd',
      certSans: { server: [], peer: [] },
    });
    expect(row(member, 'listen-client-urls')).toEqual([
      'https://127.0.0.1:2379,https://10.0.0.6:2379',
      'kubeadm-default',
      '--listen-client-urls',
      '11:3',
      '-',
    ]);
    expect(row(member, 'initial-cluster')).toEqual([
      'cp1=https://10.0.0.6:2380',
      'kubeadm-default',
      '--initial-cluster',
      '11:3',
      '-',
    ]);
    expect(row(member, 'data-dir')).toEqual(['/data/etcd', 'kubeadm', 'dataDir', '12:5', '12:14']);
    expect(row(member, 'snapshot-count')).toEqual(['5000', 'kubeadm', 'snapshot-count', '14:7', '14:23']);
    expect(row(member, 'election-timeout')).toEqual(['2500', 'kubeadm', 'election-timeout', '15:7', '15:25']);
    // What extraArgs replace, kubeadm does not write twice.
    expect(member.settings.filter((setting) => setting.name === 'snapshot-count')).toHaveLength(1);
    expect(member.settings.map((setting) => setting.name)).toEqual([
      'name',
      'listen-client-urls',
      'advertise-client-urls',
      'listen-peer-urls',
      'initial-advertise-peer-urls',
      'data-dir',
      'cert-file',
      'key-file',
      'trusted-ca-file',
      'client-cert-auth',
      'peer-cert-file',
      'peer-key-file',
      'peer-trusted-ca-file',
      'peer-client-cert-auth',
      'listen-metrics-urls',
      'experimental-initial-corrupt-check',
      'experimental-watch-progress-notify-interval',
      'initial-cluster',
      'snapshot-count',
      'election-timeout',
    ]);
    expect(row(member, 'peer-trusted-ca-file')[0]).toBe('/etc/kubernetes/pki/etcd/ca.crt');
  });

  it('takes the certificates folder and an IPv6 advertise address from a JoinConfiguration', () => {
    const member = read(
      [
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'kind: JoinConfiguration',
        'nodeRegistration: {name: cp2}',
        'controlPlane:',
        '  localAPIEndpoint: {advertiseAddress: "fd00::2"}',
        '---',
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'kind: ClusterConfiguration',
        'certificatesDir: /pki',
      ].join('\n'),
    ).members[0];
    expect(member.name).toBe('cp2');
    expect(row(member, 'listen-client-urls')[0]).toBe('https://[::1]:2379,https://[fd00::2]:2379');
    expect(row(member, 'listen-metrics-urls')[0]).toBe('http://[::1]:2381');
    expect(row(member, 'cert-file')[0]).toBe('/pki/etcd/server.crt');
    expect(row(member, 'data-dir')[0]).toBe('/var/lib/etcd');
    // No etcd key: the defaults sit at `kind:`.
    expect(row(member, 'name')).toEqual(['cp2', 'kubeadm-default', '--name', '8:1', '-']);
  });

  it('stands in for the node name and address when the file does not give them', () => {
    const member = read('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local: {}\n')
      .members[0];
    expect(member.name).toBe('<node-name>');
    expect(row(member, 'initial-advertise-peer-urls')).toEqual([
      'https://<advertise-address>:2380',
      'kubeadm-default',
      '--initial-advertise-peer-urls',
      '4:3',
      '-',
    ]);
  });

  it('reads ETCD_* extraEnvs as env settings', () => {
    const member = read(
      [
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'kind: ClusterConfiguration',
        'etcd:',
        '  local:',
        '    extraEnvs:',
        '    - name: ETCD_QUOTA_BACKEND_BYTES',
        '      value: "8589934592"',
        '    - name: GOGC',
        '      value: "50"',
      ].join('\n'),
    ).members[0];
    expect(row(member, 'quota-backend-bytes')).toEqual([
      '8589934592',
      'env',
      'ETCD_QUOTA_BACKEND_BYTES',
      '6:13',
      '7:14',
    ]);
    expect(member.settings[0].name).toBe('quota-backend-bytes');
    expect(member.settings.some((setting) => setting.key === 'GOGC')).toBe(false);
  });

  it('reads etcd.external as an external cluster, with no member', () => {
    const scanned = read(
      [
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'kind: ClusterConfiguration',
        'etcd:',
        '  external:',
        '    endpoints:',
        '    - https://10.0.0.6:2379',
        '    - https://10.0.0.7:2379',
        '    caFile: /etc/kubernetes/pki/etcd/ca.crt',
        '    certFile: /etc/kubernetes/pki/apiserver-etcd-client.crt',
        '    keyFile: /etc/kubernetes/pki/apiserver-etcd-client.key',
      ].join('\n'),
    );
    expect(scanned.members).toEqual([]);
    expect(scanned.findings).toEqual([]);
    expect(scanned.external).toEqual({
      file: 'kubeadm.yaml',
      at: { file: 'kubeadm.yaml', line: 4, column: 3 },
      endpoints: [
        { value: 'https://10.0.0.6:2379', at: { file: 'kubeadm.yaml', line: 6, column: 7 } },
        { value: 'https://10.0.0.7:2379', at: { file: 'kubeadm.yaml', line: 7, column: 7 } },
      ],
      caFile: { value: '/etc/kubernetes/pki/etcd/ca.crt', at: { file: 'kubeadm.yaml', line: 8, column: 13 } },
      certFile: {
        value: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
        at: { file: 'kubeadm.yaml', line: 9, column: 15 },
      },
      keyFile: {
        value: '/etc/kubernetes/pki/apiserver-etcd-client.key',
        at: { file: 'kubeadm.yaml', line: 10, column: 14 },
      },
    });
  });

  it('reports etcd.local beside etcd.external, which kubeadm refuses', () => {
    const scanned = read(
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    dataDir: /d\n  external:\n    endpoints: [https://a:2379]\n',
    );
    expect(scanned.findings.map((finding) => [finding.line, finding.column, finding.severity, finding.rule])).toEqual([
      [4, 3, 'error', 'ETCD-PARSE'],
    ]);
  });

  it('is kubeadm configuration only with a ClusterConfiguration', () => {
    expect(recognised('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n')).toBe(true);
    expect(recognised(init.slice(0, -1).join('\n'))).toBe(false);
    expect(recognised('apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n')).toBe(false);
    expect(recognised(readFileSync('fixtures/lint/guides/002-kubeadm-external-etcd/kubelet.conf', 'utf8'))).toBe(false);
  });

  it('002: the guide’s per-host kubeadmcfg.yaml (v1beta4, extraArgs as a list)', () => {
    const path = 'fixtures/lint/guides/002-kubeadm-external-etcd/kubeadmcfg.yaml';
    const scanned = read(readFileSync(path, 'utf8'), path);
    expect(scanned.members).toHaveLength(1);
    const member = scanned.members[0];
    expect(member.name).toBe('${NAME}');
    expect(member.certSans).toEqual({ server: ['${HOST}'], peer: ['${HOST}'] });
    expect(row(member, 'initial-cluster')).toEqual([
      '${NAMES[0]}=https://${HOSTS[0]}:2380,${NAMES[1]}=https://${HOSTS[1]}:2380,${NAMES[2]}=https://${HOSTS[2]}:2380',
      'kubeadm',
      'initial-cluster',
      '18:17',
      '19:18',
    ]);
    expect(row(member, 'listen-client-urls')).toEqual([
      'https://${HOST}:2379',
      'kubeadm',
      'listen-client-urls',
      '26:17',
      '27:18',
    ]);
    expect(row(member, 'cert-file')).toEqual([
      '/etc/kubernetes/pki/etcd/server.crt',
      'kubeadm-default',
      '--cert-file',
      '12:5',
      '-',
    ]);
    expect(row(member, 'listen-metrics-urls')[0]).toBe('http://127.0.0.1:2381');
    expect(member.settings.filter((setting) => setting.source === 'kubeadm')).toHaveLength(7);
  });
});
