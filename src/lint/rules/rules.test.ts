import { groupClusters } from '../clusters.js';
import type { Finding, MemberConfig, ScannedFile } from '../model.js';
import { RULE_LIST, RULES, runRules } from './index.js';
import { flagMember, memberOf, yamlMember } from '../../../test/support/test-members.js';

/** Runs every rule on these members, each its own file, grouped as the linter groups them. */
function lint(members: MemberConfig[], etcdVersion = '3.5.21', extra: Partial<ScannedFile> = {}): Finding[] {
  const files: ScannedFile[] = members.map((member) => ({
    file: member.file,
    form: member.form,
    members: [member],
    findings: [],
    ...extra,
  }));
  return runRules(files, groupClusters(members), { etcdVersion });
}

const rulesOf = (findings: Finding[]) => findings.map((finding) => finding.rule).sort();
const only = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule);

describe('the rule list', () => {
  test('IDs are unique, ETCD- and a number or a reader’s name, and every error rule that refuses names its releases', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^ETCD-(\d{3}|PARSE|SKIPPED|UNRESOLVED-INCLUDE|RELEASE)$/);
    for (const rule of RULE_LIST) {
      if (rule.refusesIn) expect(rule.info.severity).toBe('error');
      if (/^Refuses to start/.test(rule.info.etcdDoes)) expect(rule.refusesIn).toBeDefined();
    }
  });

  test('the CIS items 2.1 to 2.7 each have a rule', () => {
    const cis = new Set(RULES.flatMap((rule) => (rule.cis ? [rule.cis] : [])));
    expect([...cis].sort()).toEqual(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7']);
  });
});

describe('a good member', () => {
  test.each(['3.4.23', '3.5.21', '3.6.5'])('has no finding with etcd %s, as YAML and as flags', (version) => {
    expect(lint([yamlMember('etcd.yml')], version)).toEqual([]);
    expect(lint([flagMember('etcd.service')], version)).toEqual([]);
  });
});

describe('startup refusals', () => {
  test('raft timing quotes etcd and sits at election-timeout', () => {
    const findings = only(
      lint([yamlMember('a.yml', { 'heartbeat-interval': '100', 'election-timeout': '400' })]),
      'ETCD-107',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 19, severity: 'error' });
    expect(findings[0].message).toContain(
      'etcd refuses to start: "--election-timeout[400ms] should be at least as 5 times as --heartbeat-interval[100ms]"',
    );
  });

  test('a value etcd cannot read is quoted as each source makes etcd say it', () => {
    const yaml = only(lint([yamlMember('a.yml', { 'heartbeat-interval': '100ms' })]), 'ETCD-114');
    expect(yaml[0].message).toContain(
      'json: cannot unmarshal string into Go struct field configYAML.heartbeat-interval',
    );
    const flag = only(lint([flagMember('a.service', { 'heartbeat-interval': '100ms' })]), 'ETCD-114');
    expect(flag[0].message).toContain('invalid value "100ms" for flag -heartbeat-interval: parse error');
    const env = only(
      lint([
        memberOf('a.env', [
          ['ETCD_NAME', 'etcd-1'],
          ['ETCD_HEARTBEAT_INTERVAL', '100ms'],
        ]),
      ]),
      'ETCD-114',
    );
    expect(env[0].message).toContain('invalid value "100ms" for ETCD_HEARTBEAT_INTERVAL: parse error');
    const bool = only(lint([flagMember('a.service', { 'strict-reconfig-check': 'yes' })]), 'ETCD-114');
    expect(bool[0].message).toContain('invalid boolean value "yes" for -strict-reconfig-check: parse error');
    // YAML 1.1 reads yes as true, and etcd reads its YAML so.
    expect(only(lint([yamlMember('a.yml', { 'strict-reconfig-check': 'yes' })]), 'ETCD-114')).toEqual([]);
  });

  test('a flag beside --config-file is still parsed, and an env var there is not', () => {
    const member = yamlMember('etcd.yml');
    member.ignoredSettings = memberOf('etcd.service', [
      ['--heartbeat-interval', 'abc'],
      ['ETCD_ELECTION_TIMEOUT', 'abc'],
    ]).settings;
    const findings = lint([member]);
    expect(only(findings, 'ETCD-114').map((finding) => finding.file)).toEqual(['etcd.service']);
    expect(only(findings, 'ETCD-307')).toHaveLength(2);
  });

  test('https listeners need a certificate and key, unless auto TLS makes them', () => {
    const noClientCert = {
      'client-transport-security.cert-file': undefined,
      'client-transport-security.key-file': undefined,
    };
    expect(only(lint([yamlMember('a.yml', noClientCert)]), 'ETCD-111')[0].message).toContain(
      'must be provided for client url https://10.0.0.11:2379 with HTTPS scheme',
    );
    expect(
      only(lint([yamlMember('a.yml', { ...noClientCert, 'client-transport-security.auto-tls': 'true' })]), 'ETCD-111'),
    ).toEqual([]);
    // Certificates on http URLs are no refusal: etcd ignores them.
    const plain = lint([
      yamlMember('a.yml', {
        'listen-client-urls': 'http://10.0.0.11:2379',
        'client-transport-security.key-file': undefined,
      }),
    ]);
    expect(only(plain, 'ETCD-111')).toEqual([]);
    expect(only(plain, 'ETCD-503')).toHaveLength(2);
  });

  test('advertise-client-urls is required beside listen-client-urls on the command line only', () => {
    expect(only(lint([flagMember('a.service', { 'advertise-client-urls': undefined })]), 'ETCD-108')).toHaveLength(1);
    const yaml = lint([yamlMember('a.yml', { 'advertise-client-urls': undefined })]);
    expect(rulesOf(yaml)).toEqual(['ETCD-505']);
  });

  test('the logger: capnslog is etcd 3.4’s default and removed in 3.5', () => {
    const outputs = { 'log-outputs': 'stderr,stdout' };
    expect(only(lint([yamlMember('a.yml', outputs)], '3.4.23'), 'ETCD-113')).toHaveLength(1);
    expect(only(lint([yamlMember('a.yml', outputs)], '3.5.21'), 'ETCD-113')).toEqual([]);
    expect(only(lint([yamlMember('a.yml', { logger: 'capnslog' })], '3.5.21'), 'ETCD-113')[0].message).toContain(
      '--logger=capnslog is removed in v3.5',
    );
    expect(rulesOf(lint([yamlMember('a.yml', { logger: 'capnslog' })], '3.4.23'))).toEqual(['ETCD-304']);
  });

  test('3.6 refuses an experimental setting under both names, and unknown feature gates', () => {
    const both = { 'experimental-compaction-batch-limit': '1000', 'compaction-batch-limit': '1000' };
    expect(rulesOf(lint([yamlMember('a.yml', both)], '3.6.5'))).toEqual(['ETCD-115', 'ETCD-304']);
    expect(
      only(
        lint([flagMember('a.service', { 'feature-gates': 'InitialCorruptCheck=true,NoSuchGate=true' })], '3.6.5'),
        'ETCD-116',
      )[0].message,
    ).toContain('unrecognized feature gate: NoSuchGate');
    expect(
      only(
        lint(
          [
            flagMember('a.service', {
              'experimental-initial-corrupt-check': 'true',
              'feature-gates': 'InitialCorruptCheck=true',
            }),
          ],
          '3.6.5',
        ),
        'ETCD-115',
      ),
    ).toHaveLength(1);
  });
});

describe('bootstrap', () => {
  test('a name missing from initial-cluster is refused, and only that', () => {
    const findings = lint([yamlMember('a.yml', { 'initial-cluster': 'etcd1=https://10.0.0.11:2380' })]);
    expect(rulesOf(findings)).toEqual(['ETCD-201']);
    expect(findings[0].message).toContain('couldn\'t find local name "etcd-1" in the initial cluster configuration');
  });

  test('the entry must be the advertised peer URL; a host name may resolve to it', () => {
    expect(rulesOf(lint([yamlMember('a.yml', { 'initial-cluster': 'etcd-1=https://10.0.0.12:2380' })]))).toEqual([
      'ETCD-202',
    ]);
    expect(lint([yamlMember('a.yml', { 'initial-cluster': 'etcd-1=https://etcd-1.example.com:2380' })])).toEqual([]);
    expect(rulesOf(lint([yamlMember('a.yml', { 'initial-cluster': 'etcd-1=https://10.0.0.11:2381' })]))).toEqual([
      'ETCD-202',
    ]);
  });

  test('with the default name and no initial-cluster, etcd compares with default=http://localhost:2380', () => {
    const member = flagMember('a.service', { name: undefined, 'initial-cluster': undefined });
    const findings = lint([member]);
    expect(rulesOf(findings)).toEqual(['ETCD-202', 'ETCD-504']);
  });

  test('with discovery there is no initial-cluster to check', () => {
    const member = flagMember('a.service', {
      'initial-cluster': undefined,
      discovery: 'https://discovery.etcd.io/abc',
      name: 'etcd-9',
    });
    expect(lint([member])).toEqual([]);
  });
});

describe('members of one cluster', () => {
  const cluster = 'etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380,etcd-3=https://10.0.0.13:2380';
  const three = (changes: Record<number, Record<string, string>> = {}) =>
    [1, 2, 3].map((index) =>
      yamlMember(
        `c/etcd-${index}.yml`,
        { 'initial-cluster': cluster, ...(changes[index] ?? {}) },
        `10.0.0.1${index}`,
        `etcd-${index}`,
      ),
    );

  test('three agreeing members have nothing to report', () => {
    expect(lint(three())).toEqual([]);
  });

  test('a token mismatch is reported in every member file', () => {
    const findings = lint(three({ 3: { 'initial-cluster-token': 'other' } }));
    expect(rulesOf(findings)).toEqual(['ETCD-205', 'ETCD-205', 'ETCD-205']);
    expect(findings.map((finding) => finding.file).sort()).toEqual(['c/etcd-1.yml', 'c/etcd-2.yml', 'c/etcd-3.yml']);
  });

  test('a member added later (existing) may list more members than the first ones', () => {
    const first = yamlMember(
      'c/etcd-1.yml',
      {
        'initial-cluster': 'etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380,etcd-3=https://10.0.0.13:2380',
      },
      '10.0.0.11',
      'etcd-1',
    );
    const joined = yamlMember(
      'c/etcd-4.yml',
      {
        'initial-cluster':
          'etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380,etcd-3=https://10.0.0.13:2380,etcd-4=https://10.0.0.14:2380',
        'initial-cluster-state': 'existing',
      },
      '10.0.0.14',
      'etcd-4',
    );
    const findings = lint([first, joined]);
    expect(only(findings, 'ETCD-204')).toEqual([]);
    expect(rulesOf(findings)).toEqual(['ETCD-208', 'ETCD-208', 'ETCD-209']);
  });

  test('members in different folders group only by an equal initial-cluster', () => {
    const a = yamlMember('x/etcd.yml', { 'initial-cluster': cluster }, '10.0.0.11', 'etcd-1');
    const b = yamlMember(
      'y/etcd.yml',
      { 'initial-cluster': cluster, 'initial-cluster-token': 'other' },
      '10.0.0.12',
      'etcd-2',
    );
    expect(groupClusters([a, b])).toHaveLength(1);
    const c = yamlMember(
      'z/etcd.yml',
      { 'initial-cluster': 'etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380' },
      '10.0.0.11',
      'etcd-1',
    );
    expect(groupClusters([a, c])).toHaveLength(2);
  });
});

describe('settings per release', () => {
  test('an unknown flag is an error with a suggestion; an unknown YAML key or variable a warning', () => {
    const flag = only(lint([flagMember('a.service', { 'initial-cluster-tocken': 'x' })]), 'ETCD-301');
    expect(flag[0]).toMatchObject({ severity: 'error' });
    expect(flag[0].message).toContain('did you mean --initial-cluster-token?');
    expect(flag[0].message).toContain('flag provided but not defined: -initial-cluster-tocken');
    const yaml = only(lint([yamlMember('a.yml', { 'initial-cluster-tocken': 'x' })]), 'ETCD-302');
    expect(yaml[0]).toMatchObject({ severity: 'warning' });
    const env = only(
      lint([
        memberOf('a.env', [
          ['ETCD_NAME', 'etcd-1'],
          ['ETCD_INITIAL_CLUSTER_TOCKEN', 'x'],
        ]),
      ]),
      'ETCD-302',
    );
    expect(env[0].message).toContain('did you mean ETCD_INITIAL_CLUSTER_TOKEN?');
  });

  test('removed and not-yet-added flags depend on the release', () => {
    expect(only(lint([flagMember('a.service', { 'log-output': 'stderr' })], '3.4.23'), 'ETCD-301')).toEqual([]);
    expect(
      only(lint([flagMember('a.service', { 'log-output': 'stderr' })], '3.5.21'), 'ETCD-301')[0].message,
    ).toContain('etcd 3.5 removed it; use --log-outputs');
    expect(
      only(lint([flagMember('a.service', { 'tls-min-version': 'TLS1.2' })], '3.4.23'), 'ETCD-301')[0].message,
    ).toContain('it came in 3.4.25');
    expect(only(lint([flagMember('a.service', { 'tls-min-version': 'TLS1.2' })], '3.4.25'), 'ETCD-301')).toEqual([]);
    expect(only(lint([flagMember('a.service', { 'enable-v2': 'false' })], '3.6.5'), 'ETCD-301')).toHaveLength(1);
    expect(rulesOf(lint([flagMember('a.service', { 'experimental-memory-mlock': 'true' })], '3.6.5'))).toEqual([
      'ETCD-304',
    ]);
  });

  test('TLS keys at the top level of the YAML are ignored by etcd, and the rules see them as missing', () => {
    const member = yamlMember('a.yml', {
      'client-transport-security.client-cert-auth': undefined,
      'client-cert-auth': 'true',
    });
    expect(rulesOf(lint([member]))).toEqual(['ETCD-303', 'ETCD-402']);
  });

  test('a flag and its variable together stop etcd', () => {
    const member = flagMember('a.service');
    member.settings.unshift(memberOf('a.service', [['ETCD_DATA_DIR', '/data']]).settings[0]);
    expect(only(lint([member], '3.4.23'), 'ETCD-306')[0].message).toContain(
      'conflicting environment variable "ETCD_DATA_DIR" is shadowed by corresponding command-line flag',
    );
    expect(only(lint([member], '3.5.21'), 'ETCD-306')[0].message).toContain(
      '"conflicting environment variable is shadowed by corresponding command-line flag',
    );
  });

  test('a --config-file the scan did not find: only the command line is judged', () => {
    const member = memberOf('a.service', [
      ['--config-file', '/etc/etcd/etcd.conf.yml'],
      ['--name', 'etcd-1'],
      ['--nmae', 'x'],
    ]);
    expect(rulesOf(lint([member]))).toEqual(['ETCD-301', 'ETCD-307']);
  });
});

describe('security', () => {
  test('a member without TLS gets every CIS finding', () => {
    const member = memberOf('plain.yml', [
      ['name', 'etcd-1'],
      ['listen-client-urls', 'http://10.0.0.11:2379'],
      ['advertise-client-urls', 'http://10.0.0.11:2379'],
    ]);
    const cis = lint([member]).flatMap((finding) => RULES.find((rule) => rule.id === finding.rule)?.cis ?? []);
    expect(cis.sort()).toEqual(['2.1', '2.2', '2.4', '2.5']);
  });

  test('the Kubernetes CA as trusted CA is a notice', () => {
    const findings = lint([
      yamlMember('a.yml', { 'client-transport-security.trusted-ca-file': '/etc/kubernetes/pki/ca.crt' }),
    ]);
    expect(findings).toMatchObject([{ rule: 'ETCD-408', severity: 'notice' }]);
  });

  test('kubeadm’s external etcd over http', () => {
    const at = { file: 'kubeadm.yaml', line: 5, column: 3 };
    const findings = runRules(
      [
        {
          file: 'kubeadm.yaml',
          form: 'kubeadm',
          members: [],
          findings: [],
          external: {
            file: 'kubeadm.yaml',
            at,
            endpoints: [{ value: 'http://10.0.0.11:2379', at: { ...at, line: 7 } }],
          },
        },
      ],
      [],
      { etcdVersion: '3.5.21' },
    );
    expect(findings.map((finding) => finding.line).sort()).toEqual([5, 7]);
  });
});

describe('operations', () => {
  test('durations in the YAML are nanoseconds', () => {
    expect(rulesOf(lint([yamlMember('a.yml', { 'grpc-keepalive-timeout': '20' })]))).toEqual(['ETCD-506']);
    expect(lint([yamlMember('a.yml', { 'grpc-keepalive-timeout': '20000000000' })])).toEqual([]);
  });

  test('quota and request size above what etcd recommends', () => {
    expect(
      rulesOf(
        lint([
          yamlMember('a.yml', {
            'quota-backend-bytes': String(9 * 1024 ** 3),
            'max-request-bytes': String(11 * 1024 ** 2),
          }),
        ]),
      ),
    ).toEqual(['ETCD-501', 'ETCD-502']);
  });
});

describe('YAML types', () => {
  const typed = (key: string, value: string, yamlType: 'string' | 'number' | 'boolean' | 'list') => {
    const member = yamlMember('a.yml');
    member.settings.push({ ...memberOf('a.yml', [[key, value]]).settings[0], yamlType });
    return only(lint([member]), 'ETCD-114');
  };

  test('a number where etcd wants a string, a quoted number, a list where etcd wants one string', () => {
    expect(typed('auto-compaction-retention', '1', 'number')[0].message).toContain(
      'json: cannot unmarshal number into Go struct field configYAML.auto-compaction-retention',
    );
    expect(typed('auto-compaction-retention', '1', 'string')).toEqual([]);
    expect(typed('heartbeat-interval', '100', 'string')[0].message).toContain(
      'cannot unmarshal string into Go struct field configYAML.heartbeat-interval',
    );
    expect(typed('heartbeat-interval', '100', 'number')).toEqual([]);
    expect(typed('listen-metrics-urls', 'https://10.0.0.11:2381', 'list')[0].message).toContain(
      'cannot unmarshal array into Go struct field configYAML.listen-metrics-urls',
    );
    expect(typed('cipher-suites', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'string')[0].message).toContain(
      'a YAML list such as [a, b]',
    );
    expect(typed('cipher-suites', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'list')).toEqual([]);
    expect(typed('strict-reconfig-check', 'true', 'string')[0].message).toContain(
      'cannot unmarshal string into Go struct field configYAML.strict-reconfig-check',
    );
  });
});
