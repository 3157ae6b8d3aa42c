import { memberSettings } from '../cluster/flags.js';
import { buildClusterSpec } from '../cluster/spec.js';
import { parseEtcdVersion } from '../lint/etcd-flags.js';
import { RULE_LIST } from '../lint/rules/index.js';
import { auditCis, CIS_ITEMS, memberConfigOf, type AuditedMember } from './cis-audit.js';

const version = parseEtcdVersion('3.4.23');
const topology = {
  members: 3,
  baseAddress: '127.0.0.11',
  clientPort: 2379,
  peerPort: 2380,
  extraSans: [],
  certValidityDays: 1,
  keyAlgorithm: 'ecdsa-p256' as const,
};
const spec = buildClusterSpec(
  '/tmp/etcd-ha-cis',
  topology,
  { heartbeatMs: 50, electionMs: 250, startupTimeoutMs: 1000 },
  'cafe',
);
const ours = (): AuditedMember[] =>
  spec.members.map((member) => ({ name: member.name, source: 'flags', settings: memberSettings(spec, member) }));

/** Etcd-1's settings with some replaced (value undefined: left out), the others as this product runs them. */
function withChanges(changes: Record<string, string | boolean | undefined>): AuditedMember[] {
  return ours().map((member, index) => {
    if (index > 0) return member;
    const kept = member.settings.filter(([name]) => !(name in changes));
    const added = Object.entries(changes).flatMap(([name, value]): Array<[string, string | boolean]> =>
      value === undefined ? [] : [[name, value]],
    );
    return { ...member, settings: [...kept, ...added] };
  });
}

const failed = (members: AuditedMember[]) =>
  auditCis(members, version)
    .filter((row) => row.findings.length > 0)
    .map((row) => [row.id, [...new Set(row.findings.map((finding) => `${finding.member} ${finding.rule}`))]]);

describe('CIS audit of the members’ settings', () => {
  it('covers items 2.1 to 2.7, each judged by the lint rules that name it', () => {
    const rows = auditCis(ours(), version);
    expect(rows.map((row) => row.id)).toEqual(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7']);
    expect(rows.map((row) => row.rules.map((rule) => rule.id))).toEqual([
      ['ETCD-401'],
      ['ETCD-402'],
      ['ETCD-403'],
      ['ETCD-404'],
      ['ETCD-405'],
      ['ETCD-406'],
      ['ETCD-407', 'ETCD-408'],
    ]);
    const itemsOfRules = new Set(RULE_LIST.flatMap((rule) => (rule.info.cis ? [rule.info.cis] : [])));
    expect([...itemsOfRules].sort()).toEqual(Object.keys(CIS_ITEMS));
  });

  it('passes every item on the settings this product runs members with', () => {
    expect(failed(ours())).toEqual([]);
  });

  it('fails each item where a member breaks it, naming the member and the rule', () => {
    expect(
      failed(
        withChanges({
          'listen-client-urls': 'http://127.0.0.11:2379',
          'client-cert-auth': false,
          'auto-tls': true,
          'listen-peer-urls': 'http://127.0.0.11:2380',
          'peer-client-cert-auth': undefined,
          'peer-auto-tls': true,
          'peer-trusted-ca-file': undefined,
        }),
      ),
    ).toEqual([
      ['2.1', ['etcd-1 ETCD-401']],
      ['2.2', ['etcd-1 ETCD-402']],
      ['2.3', ['etcd-1 ETCD-403']],
      ['2.4', ['etcd-1 ETCD-404']],
      ['2.5', ['etcd-1 ETCD-405']],
      ['2.6', ['etcd-1 ETCD-406']],
    ]);
    expect(failed(withChanges({ 'trusted-ca-file': undefined }))).toEqual([['2.7', ['etcd-1 ETCD-407']]]);
    expect(failed(withChanges({ 'trusted-ca-file': '/etc/kubernetes/pki/ca.crt' }))).toEqual([
      ['2.7', ['etcd-1 ETCD-408']],
    ]);
  });

  it('quotes the setting as a flag in what it found', () => {
    const [finding] = auditCis(withChanges({ 'client-cert-auth': false }), version)[1].findings;
    expect(finding).toEqual({
      member: 'etcd-1',
      rule: 'ETCD-402',
      message: expect.stringMatching(/^`--client-cert-auth=false`: etcd accepts clients without a certificate/),
    });
  });

  it('reads a boolean flag written bare as true', () => {
    const config = memberConfigOf({
      name: 'etcd-1',
      source: 'flags',
      settings: [
        ['client-cert-auth', true],
        ['name', 'etcd-1'],
      ],
    });
    expect(config.settings.map((setting) => [setting.key, setting.value, setting.at.line])).toEqual([
      ['--client-cert-auth', 'true', 1],
      ['--name', 'etcd-1', 2],
    ]);
  });
});
