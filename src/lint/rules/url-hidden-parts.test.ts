import { groupClusters } from '../clusters.js';
import type { Finding, MemberConfig, ScannedFile } from '../model.js';
import { runRules } from './index.js';
import { flagMember, yamlMember } from '../../../test/support/test-members.js';
import { hiddenUrlParts } from './urls.js';

function lint(members: MemberConfig[]): Finding[] {
  const files: ScannedFile[] = members.map((member) => ({
    file: member.file,
    form: member.form,
    members: [member],
    findings: [],
  }));
  return runRules(files, groupClusters(members), { etcdVersion: '3.5.21' }).filter(
    (finding) => finding.rule === 'ETCD-410',
  );
}

describe('URLs that read as one address and reach another (ETCD-410)', () => {
  test.each([
    ['http://10.40.0.11:12381@127.0.0.99:12381', ['a login part (10.40.0.11:12381@)']],
    ['http://user:secret@0.0.0.0:2381', ['a login part (user:secret@)']],
    ['https://10.0.0.11:2379?x=1', ['a query (?x=1)']],
    ['https://10.0.0.11:2379#frag', ['a fragment (#frag)']],
    ['https://10.0.0.11:2379/metrics', ['a path (/metrics)']],
    ['https://10.0.0.11:2379', []],
    ['HTTPS://[::1]:2379', []],
    ['unix://localhost:1', []],
  ])('%s has %j', (url, parts) => {
    expect(hiddenUrlParts(url)).toEqual(parts);
  });

  test('a listen URL with a login part is an error at its value, naming the address etcd binds', () => {
    const findings = lint([
      yamlMember('etcd.yml', { 'listen-metrics-urls': 'http://10.40.0.11:12381@127.0.0.99:12381' }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'etcd.yml', severity: 'error' });
    expect(findings[0].message).toContain('etcd binds or advertises 127.0.0.99:12381');
  });

  test('every URL setting and initial-cluster entries are judged; plain URLs are not', () => {
    expect(lint([yamlMember('a.yml')])).toEqual([]);
    expect(lint([flagMember('a.service', { 'advertise-client-urls': 'https://x@10.0.0.11:2379' })])).toHaveLength(1);
    expect(
      lint([yamlMember('a.yml', { 'initial-cluster': 'etcd-1=https://a%4010.0.0.11:2380@0.0.0.0:2380' })]),
    ).toHaveLength(1);
    // A path is etcd's own refusal (ETCD-101), not reported twice.
    expect(lint([yamlMember('a.yml', { 'listen-client-urls': 'https://10.0.0.11:2379/x' })])).toEqual([]);
  });
});
