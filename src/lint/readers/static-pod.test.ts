import { readFileSync } from 'node:fs';
import type { ScannedFile } from '../model.js';
import { settingOf } from '../model.js';
import { sourceText } from './source.js';
import { isEtcdStaticPod, readStaticPod } from './static-pod.js';
import { parseYaml } from './yaml-source.js';

function read(text: string, file = 'etcd.yaml'): ScannedFile {
  const source = sourceText(file, text);
  return readStaticPod(source, parseYaml(source));
}

function recognised(text: string): boolean {
  return isEtcdStaticPod(parseYaml(sourceText('x.yaml', text)));
}

describe('static pod manifests that run etcd', () => {
  it("reads kubeadm's etcd.yaml: one setting per command item, positioned on it", () => {
    const path = 'fixtures/lint/readers/etcd-static-pod.yaml';
    const scanned = read(readFileSync(path, 'utf8'), path);
    expect(scanned.form).toBe('static-pod');
    expect(scanned.findings).toEqual([]);
    expect(scanned.members).toHaveLength(1);
    const member = scanned.members[0];
    expect(member).toMatchObject({ name: 'cp1', form: 'static-pod', file: path, command: 'etcd', includes: [] });
    expect(member.settings).toHaveLength(19);
    expect(settingOf(member, 'advertise-client-urls')).toEqual({
      name: 'advertise-client-urls',
      value: 'https://10.0.0.6:2379',
      key: '--advertise-client-urls',
      source: 'flag',
      at: { file: path, line: 16, column: 7 },
      valueAt: { file: path, line: 16, column: 31 },
    });
    expect(settingOf(member, 'name')?.at.line).toBe(28);
    expect(settingOf(member, 'client-cert-auth')?.value).toBe('true');
  });

  it('reads args after command, quoted items, separate values and ETCD_* env', () => {
    const scanned = read(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: etcd-a}',
        'spec:',
        '  containers:',
        '  - name: sidecar',
        '    command: [/bin/sh, -c, sleep 1d]',
        '  - name: etcd',
        '    command: ["/usr/local/bin/etcd", "--name=etcd-a"]',
        '    args:',
        '    - --data-dir',
        '    - /var/lib/etcd',
        '    - --enable-pprof',
        '    env:',
        '    - name: ETCD_SNAPSHOT_COUNT',
        '      value: "5000"',
        '    - name: POD_IP',
        '      valueFrom: {fieldRef: {fieldPath: status.podIP}}',
      ].join('\n'),
    );
    const member = scanned.members[0];
    expect(scanned.members).toHaveLength(1);
    expect(member.command).toBe('/usr/local/bin/etcd');
    expect(
      member.settings.map((setting) => [
        setting.name,
        setting.value,
        setting.source,
        `${setting.at.line}:${setting.at.column}`,
        setting.valueAt ? `${setting.valueAt.line}:${setting.valueAt.column}` : '-',
      ]),
    ).toEqual([
      ['snapshot-count', '5000', 'env', '15:13', '16:14'],
      ['name', 'etcd-a', 'flag', '9:39', '9:46'],
      ['data-dir', '/var/lib/etcd', 'flag', '11:7', '12:7'],
      ['enable-pprof', 'true', 'flag', '13:7', '-'],
    ]);
  });

  it('reports an argument etcd rejects', () => {
    const scanned = read(
      'kind: Pod\nspec:\n  containers:\n  - command:\n    - etcd\n    - --client-cert-auth\n    - "false"\n',
    );
    expect(scanned.findings.map((finding) => [finding.line, finding.column, finding.severity, finding.rule])).toEqual([
      [7, 8, 'error', 'ETCD-PARSE'],
    ]);
    expect(scanned.findings[0].message).toContain('write --client-cert-auth=false');
  });

  it('is a static pod running etcd only for a Pod whose command starts with etcd', () => {
    expect(recognised('kind: Pod\nspec:\n  containers:\n  - command: [etcd]\n')).toBe(true);
    expect(recognised('kind: Pod\nspec:\n  containers:\n  - command: [nginx, -g, daemon off;]\n')).toBe(false);
    expect(recognised('kind: Pod\nspec:\n  containers:\n  - image: quay.io/coreos/etcd\n    args: [--name, a]\n')).toBe(
      false,
    );
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n';
    expect(recognised(deployment)).toBe(false);
    // The guide's StatefulSet runs etcd from a shell script: no configuration the readers can know.
    expect(
      recognised(readFileSync('fixtures/lint/guides/001-etcd-commands-statefulset/statefulset.yaml', 'utf8')),
    ).toBe(false);
  });
});
