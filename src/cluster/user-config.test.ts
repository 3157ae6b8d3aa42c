import { parse } from 'yaml';
import { ConfigurationError } from '../errors.js';
import type { MemberConfig } from '../lint/model.js';
import { memberAltNames } from '../pki/cluster-pki.js';
import { etcdConfigYaml, etcdFlags, memberListeners } from './flags.js';
import { relocatedMember } from './spec.js';
import { clusterSpecFromConfig, configMapping, rehostUrls } from './user-config.js';

/** A member as a reader gives it: each setting on its own line, the value after `name: `. */
function member(
  file: string,
  settings: Array<[string, string]>,
  form: MemberConfig['form'] = 'etcd-config-file',
): MemberConfig {
  return {
    name: settings.find(([name]) => name === 'name')?.[1] ?? 'default',
    form,
    file,
    includes: [],
    settings: settings.map(([name, value], index) => ({
      name,
      value,
      key: name,
      source: 'config-file',
      at: { file, line: index + 1, column: 1 },
      valueAt: { file, line: index + 1, column: name.length + 3 },
    })),
  };
}

const HOSTS = { alpha: '10.0.0.1', bravo: '10.0.0.2', charlie: '10.0.0.3' };
const INITIAL_CLUSTER = Object.entries(HOSTS)
  .map(([name, ip]) => `${name}=https://${ip}:12380`)
  .join(',');

/** One host's etcd.conf.yml, as the guides write it: TLS everywhere, custom ports and timing. */
function host(name: keyof typeof HOSTS, extra: Array<[string, string]> = []): MemberConfig {
  const ip = HOSTS[name];
  return member(`etc/${name}.yml`, [
    ['name', name],
    ['data-dir', '/var/lib/etcd'],
    ['wal-dir', '/var/lib/etcd-wal'],
    ['listen-client-urls', `https://${ip}:12379,https://127.0.0.1:12379`],
    ['advertise-client-urls', `https://${ip}:12379`],
    ['listen-peer-urls', `https://${ip}:12380`],
    ['initial-advertise-peer-urls', `https://${ip}:12380`],
    ['listen-metrics-urls', 'http://127.0.0.1:12381'],
    ['initial-cluster', INITIAL_CLUSTER],
    ['initial-cluster-token', 'prod-etcd'],
    ['initial-cluster-state', 'new'],
    ['heartbeat-interval', '50'],
    ['election-timeout', '300'],
    ['client-cert-auth', 'true'],
    ['trusted-ca-file', '/etc/etcd/pki/ca.crt'],
    ['cert-file', '/etc/etcd/pki/server.crt'],
    ['key-file', '/etc/etcd/pki/server.key'],
    ['client-crl-file', '/etc/etcd/pki/crl.pem'],
    ['peer-client-cert-auth', 'true'],
    ['peer-trusted-ca-file', '/etc/etcd/pki/ca.crt'],
    ['peer-cert-file', '/etc/etcd/pki/peer.crt'],
    ['peer-key-file', '/etc/etcd/pki/peer.key'],
    ['log-outputs', 'default'],
    ['auto-compaction-retention', '1'],
    ...extra,
  ]);
}

const SANDBOX = { addresses: ['127.0.0.11', '127.0.0.12', '127.0.0.13'] };
const OPTIONS = {
  topology: { baseAddress: '127.0.0.11', extraSans: [], certValidityDays: 1, keyAlgorithm: 'ecdsa-p256' as const },
  startupTimeoutMs: 20000,
  runId: 'r1',
};
const threeHosts = () =>
  clusterSpecFromConfig([host('alpha'), host('bravo'), host('charlie')], '/run/s', SANDBOX, OPTIONS);

/** The ConfigurationError message `work` throws. */
function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('nothing was refused');
}

describe("a cluster from the user's configuration", () => {
  it("keeps the names, the count, the ports and the timing, on the sandbox's addresses", () => {
    const spec = threeHosts();
    expect(spec.members.map((m) => [m.name, m.address, m.clientUrl, m.peerUrl])).toEqual([
      ['alpha', '127.0.0.11', 'https://127.0.0.11:12379', 'https://127.0.0.11:12380'],
      ['bravo', '127.0.0.12', 'https://127.0.0.12:12379', 'https://127.0.0.12:12380'],
      ['charlie', '127.0.0.13', 'https://127.0.0.13:12379', 'https://127.0.0.13:12380'],
    ]);
    expect(spec.timing).toEqual({ heartbeatMs: 50, electionMs: 300, startupTimeoutMs: 20000 });
    expect(spec.token).toBe('prod-etcd');
    expect(spec.initialCluster).toBe(
      'alpha=https://127.0.0.11:12380,bravo=https://127.0.0.12:12380,charlie=https://127.0.0.13:12380',
    );
    expect(spec.members[1].configured?.file).toBe('etc/bravo.yml');
    expect(spec.members[1].dataDir).toBe('/run/s/data/bravo');
  });

  it('renders every setting as written except addresses, paths and log outputs, and adds nothing', () => {
    const spec = threeHosts();
    const bravo = spec.members[1];
    const pki = '/run/s/pki/members/bravo/etcd';
    expect(etcdFlags(spec, bravo)).toEqual([
      '--name=bravo',
      '--data-dir=/run/s/data/bravo',
      '--wal-dir=/run/s/data/bravo/wal',
      // Both listeners become one on the member's address.
      '--listen-client-urls=https://127.0.0.12:12379',
      '--advertise-client-urls=https://127.0.0.12:12379',
      '--listen-peer-urls=https://127.0.0.12:12380',
      '--initial-advertise-peer-urls=https://127.0.0.12:12380',
      '--listen-metrics-urls=http://127.0.0.12:12381',
      '--initial-cluster=alpha=https://127.0.0.11:12380,bravo=https://127.0.0.12:12380,charlie=https://127.0.0.13:12380',
      '--initial-cluster-token=prod-etcd',
      '--initial-cluster-state=new',
      '--heartbeat-interval=50',
      '--election-timeout=300',
      '--client-cert-auth=true',
      `--trusted-ca-file=${pki}/ca.crt`,
      `--cert-file=${pki}/server.crt`,
      `--key-file=${pki}/server.key`,
      '--peer-client-cert-auth=true',
      `--peer-trusted-ca-file=${pki}/ca.crt`,
      `--peer-cert-file=${pki}/peer.crt`,
      `--peer-key-file=${pki}/peer.key`,
      '--log-outputs=stderr',
      '--auto-compaction-retention=1',
    ]);
  });

  it('shows each changed, added or left-out setting in the mapping, and no unchanged one', () => {
    const rows = configMapping(threeHosts()).filter((row) => row.member === 'alpha');
    expect(rows).toContainEqual({
      member: 'alpha',
      setting: 'listen-client-urls',
      config: 'https://10.0.0.1:12379,https://127.0.0.1:12379',
      run: 'https://127.0.0.11:12379',
    });
    expect(rows).toContainEqual({
      member: 'alpha',
      setting: 'client-crl-file',
      config: '/etc/etcd/pki/crl.pem',
      run: null,
    });
    expect(rows).toContainEqual({
      member: 'alpha',
      setting: 'wal-dir',
      config: '/var/lib/etcd-wal',
      run: '/run/s/data/alpha/wal',
    });
    expect(rows).toContainEqual({ member: 'alpha', setting: 'log-outputs', config: 'default', run: 'stderr' });
    expect(rows.map((row) => row.setting)).not.toEqual(expect.arrayContaining(['heartbeat-interval']));
    expect(
      rows
        .map((row) => row.setting)
        .filter((name) =>
          ['name', 'initial-cluster-token', 'client-cert-auth', 'auto-compaction-retention'].includes(name),
        ),
    ).toEqual([]);
  });

  it("names the configuration's hosts in the member certificates, besides the sandbox address", () => {
    const alpha = threeHosts().members[0];
    const names = memberAltNames(alpha, []);
    expect(names.ips).toEqual(expect.arrayContaining(['127.0.0.11', '10.0.0.1', '127.0.0.1']));
    expect(names.ips).not.toContain('10.0.0.2');
  });

  it("names kubeadm's serverCertSANs and peerCertSANs too, leaving out what is no name", () => {
    const kubeadm = { ...host('alpha'), certSans: { server: ['etcd.example.com', '${HOST}'], peer: ['10.9.9.9'] } };
    const spec = clusterSpecFromConfig([kubeadm, host('bravo'), host('charlie')], '/run/s', SANDBOX, OPTIONS);
    expect(spec.members[0].extraSans).toEqual(expect.arrayContaining(['etcd.example.com', '10.9.9.9', '10.0.0.1']));
    expect(spec.members[0].extraSans).not.toContain('${HOST}');
  });

  it('maps paths again where a target runs the member elsewhere (containers)', () => {
    const spec = threeHosts();
    const inContainer = relocatedMember(spec.members[0], {
      dataDir: '/var/lib/etcd',
      pkiDir: '/etc/kubernetes/pki/etcd',
    });
    expect(etcdFlags(spec, inContainer)).toEqual(
      expect.arrayContaining([
        '--data-dir=/var/lib/etcd',
        '--wal-dir=/var/lib/etcd/wal',
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--listen-client-urls=https://127.0.0.11:12379',
      ]),
    );
  });

  it('listens where the configuration says, so a taken port is found before anything starts', () => {
    const spec = threeHosts();
    expect(memberListeners(spec, spec.members[2])).toEqual([
      { role: 'client', address: '127.0.0.13', port: 12379 },
      { role: 'peer', address: '127.0.0.13', port: 12380 },
      { role: 'metrics', address: '127.0.0.13', port: 12381 },
    ]);
  });

  it('renders an etcd.conf.yml with the values typed as etcd reads them', () => {
    const spec = threeHosts();
    const config = parse(etcdConfigYaml(spec, spec.members[0]));
    expect(config).toMatchObject({
      name: 'alpha',
      'heartbeat-interval': 50,
      'election-timeout': 300,
      'log-outputs': ['stderr'],
      'auto-compaction-retention': '1',
      'initial-cluster-token': 'prod-etcd',
      'client-transport-security': {
        'client-cert-auth': true,
        'cert-file': '/run/s/pki/members/alpha/etcd/server.crt',
      },
      'peer-transport-security': { 'client-cert-auth': true },
    });
  });

  it("runs a plain-http configuration without TLS, with etcd's defaults where it says nothing", () => {
    const initialCluster = 'a=http://10.1.0.1:2380,b=http://10.1.0.2:2380,c=http://10.1.0.3:2380';
    const members = ['a', 'b', 'c'].map((name, index) =>
      member(
        `env/${name}.env`,
        [
          ['name', name],
          ['initial-advertise-peer-urls', `http://10.1.0.${index + 1}:2380`],
          ['listen-peer-urls', 'http://0.0.0.0:2380'],
          ['listen-client-urls', 'http://0.0.0.0:2379'],
          ['advertise-client-urls', `http://10.1.0.${index + 1}:2379`],
          ['initial-cluster', initialCluster],
        ],
        'env-file',
      ),
    );
    const spec = clusterSpecFromConfig(members, '/run/h', SANDBOX, OPTIONS);
    expect(spec.timing).toMatchObject({ heartbeatMs: 100, electionMs: 1000 });
    expect(spec.token).toBe('etcd-cluster');
    const flags = etcdFlags(spec, spec.members[0]);
    expect(flags).toEqual([
      '--name=a',
      '--initial-advertise-peer-urls=http://127.0.0.11:2380',
      '--listen-peer-urls=http://127.0.0.11:2380',
      '--listen-client-urls=http://127.0.0.11:2379',
      '--advertise-client-urls=http://127.0.0.11:2379',
      '--initial-cluster=a=http://127.0.0.11:2380,b=http://127.0.0.12:2380,c=http://127.0.0.13:2380',
      '--data-dir=/run/h/data/a',
    ]);
    expect(spec.members[0].clientUrl).toBe('http://127.0.0.11:2379');
    expect(configMapping(spec)).toContainEqual({
      member: 'a',
      setting: 'data-dir',
      config: null,
      run: '/run/h/data/a',
    });
  });

  it("gives every member its own listeners where the configuration leaves them to etcd's localhost defaults", () => {
    const spec = clusterSpecFromConfig([member('one.yml', [['name', 'solo']])], '/run/one', SANDBOX, OPTIONS);
    expect(etcdFlags(spec, spec.members[0])).toEqual([
      '--name=solo',
      '--data-dir=/run/one/data/solo',
      '--listen-client-urls=http://127.0.0.11:2379',
      '--advertise-client-urls=http://127.0.0.11:2379',
      '--listen-peer-urls=http://127.0.0.11:2380',
      '--initial-advertise-peer-urls=http://127.0.0.11:2380',
    ]);
  });

  it('keeps one listener per port, of the scheme the member advertises', () => {
    expect(rehostUrls('http://127.0.0.1:2379,https://10.0.0.1:2379,https://10.0.0.1:4001', '127.0.0.11', 'https')).toBe(
      'https://127.0.0.11:2379,https://127.0.0.11:4001',
    );
    expect(rehostUrls('https://[fd00::1]:2379,https://etcd-1.example.com:2379', '127.0.0.11')).toBe(
      'https://127.0.0.11:2379',
    );
  });

  it("keeps every URL as written on the user's own hosts (ssh), mapping only paths and logs", () => {
    const spec = clusterSpecFromConfig(
      [host('alpha'), host('bravo'), host('charlie')],
      '/s',
      { addresses: Object.values(HOSTS), urlsAsWritten: true },
      OPTIONS,
    );
    const remote = relocatedMember(spec.members[0], {
      dataDir: '/var/lib/etcd-ha-r1-alpha/data',
      pkiDir: '/var/lib/etcd-ha-r1-alpha/pki',
    });
    const config = parse(etcdConfigYaml(spec, remote));
    expect(config).toMatchObject({
      'listen-client-urls': 'https://10.0.0.1:12379,https://127.0.0.1:12379',
      'initial-cluster': INITIAL_CLUSTER,
      'data-dir': '/var/lib/etcd-ha-r1-alpha/data',
      'client-transport-security': { 'cert-file': '/var/lib/etcd-ha-r1-alpha/pki/server.crt' },
    });
    expect(spec.members[0]).toMatchObject({
      address: '10.0.0.1',
      clientUrl: 'https://10.0.0.1:12379',
      peerUrl: 'https://10.0.0.1:12380',
    });
    expect(spec.initialCluster).toBe(INITIAL_CLUSTER);
    expect(configMapping(spec).map((row) => row.setting)).not.toContain('listen-client-urls');
  });

  it('starts members written to join a running cluster as a new one', () => {
    const spec = clusterSpecFromConfig(
      [host('alpha'), host('bravo', [['initial-cluster-state', 'existing']]), host('charlie')],
      '/run/s',
      SANDBOX,
      OPTIONS,
    );
    expect(etcdFlags(spec, spec.members[1])).toContain('--initial-cluster-state=new');
  });
});

describe('a configuration that cannot be mapped is refused at its file and line', () => {
  it('a unix socket URL', () => {
    const alpha = host('alpha', [['listen-client-urls', 'unix:///var/run/etcd.sock']]);
    expect(
      refusal(() => clusterSpecFromConfig([alpha, host('bravo'), host('charlie')], '/s', SANDBOX, OPTIONS)),
    ).toMatch(/^etc\/alpha\.yml:25:21: listen-client-urls holds the unix socket URL 'unix:\/\/\/var\/run\/etcd\.sock'/);
  });

  it('discovery instead of initial-cluster', () => {
    const alpha = member('a.yml', [
      ['name', 'alpha'],
      ['discovery', 'https://discovery.etcd.io/abc'],
    ]);
    expect(refusal(() => clusterSpecFromConfig([alpha], '/s', SANDBOX, OPTIONS))).toMatch(
      /^a\.yml:2:1: discovery bootstraps member alpha through discovery; a run needs initial-cluster/,
    );
  });

  it('an initial-cluster that names a member no file defines', () => {
    expect(refusal(() => clusterSpecFromConfig([host('alpha'), host('bravo')], '/s', SANDBOX, OPTIONS))).toMatch(
      /^etc\/alpha\.yml:9:18: initial-cluster names member charlie, which no file given defines \(members: alpha, bravo\)/,
    );
  });

  it('an initial-cluster that leaves a member out', () => {
    const delta = member('etc/delta.yml', [
      ['name', 'delta'],
      ['initial-cluster', `${INITIAL_CLUSTER},delta=https://10.0.0.4:12380`],
    ]);
    expect(
      refusal(() =>
        clusterSpecFromConfig([host('alpha'), host('bravo'), host('charlie'), delta], '/s', { addresses: [] }, OPTIONS),
      ),
    ).toMatch(/^etc\/alpha\.yml:9:18: initial-cluster of member alpha leaves out member delta \(etc\/delta\.yml\)/);
  });

  it('more members than a run starts', () => {
    const names = Array.from({ length: 10 }, (_, index) => `m${index}`);
    const cluster = names.map((name) => `${name}=https://10.0.0.${names.indexOf(name) + 1}:2380`).join(',');
    const members = names.map((name) =>
      member(`etc/${name}.yml`, [
        ['name', name],
        ['initial-cluster', cluster],
      ]),
    );
    expect(refusal(() => clusterSpecFromConfig(members, '/s', { addresses: [] }, OPTIONS))).toMatch(
      /^etc\/m9\.yml:1:1: member m9 is member 10 of 10; a run starts at most 9/,
    );
  });

  it('several members without initial-cluster, a name twice, a name that is no folder name', () => {
    const bare = (file: string, name: string) => member(file, [['name', name]]);
    expect(
      refusal(() => clusterSpecFromConfig([bare('x.yml', 'x'), bare('y.yml', 'y')], '/s', SANDBOX, OPTIONS)),
    ).toMatch(/^x\.yml:1:1: member x has no initial-cluster/);
    expect(
      refusal(() => clusterSpecFromConfig([bare('x.yml', 'x'), bare('y.yml', 'x')], '/s', SANDBOX, OPTIONS)),
    ).toMatch(/^y\.yml:1:1: member x is defined twice \(also in x\.yml\)/);
    expect(refusal(() => clusterSpecFromConfig([bare('x.yml', '../x')], '/s', SANDBOX, OPTIONS))).toMatch(
      /^x\.yml:1:1: member name '\.\.\/x'/,
    );
  });

  it('a --config-file that was not among the files given', () => {
    const unit = member(
      'etcd.service',
      [
        ['name', 'u'],
        ['config-file', '/etc/etcd/etcd.conf.yml'],
      ],
      'systemd-unit',
    );
    expect(refusal(() => clusterSpecFromConfig([unit], '/s', SANDBOX, OPTIONS))).toMatch(
      /^etcd\.service:2:1: config-file names \/etc\/etcd\/etcd\.conf\.yml, which is not among the files given/,
    );
  });
});
