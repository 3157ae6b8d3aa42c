import type { MemberConfig } from '../lint/model.js';
import { peerProxyPlan } from '../targets/local/local-target.js';
import { etcdFlags } from './flags.js';
import { spareMember, withPeerProxies } from './spec.js';
import { clusterSpecFromConfig, configFiles, configMapping, configuredSpareMember } from './user-config.js';
import { snapshotRestoreArgs } from '../etcd/snapshot.js';

/** A member as a reader gives it: each setting on its own line. */
function member(file: string, settings: Array<[string, string]>): MemberConfig {
  return {
    name: settings.find(([name]) => name === 'name')?.[1] ?? 'default',
    form: 'etcd-config-file',
    file,
    includes: [],
    settings: settings.map(([name, value], index) => ({
      name,
      value,
      key: name,
      source: 'config-file',
      at: { file, line: index + 1, column: 1 },
    })),
  };
}

const HOSTS = { alpha: '10.0.0.1', bravo: '10.0.0.2', charlie: '10.0.0.3' };

/** One host's etcd.conf.yml: TLS everywhere, its own ports, timing, cipher suites and quota. */
function host(name: keyof typeof HOSTS, scheme = 'https', tls = true): MemberConfig {
  const ip = HOSTS[name];
  const initialCluster = Object.entries(HOSTS)
    .map(([other, address]) => `${other}=${scheme}://${address}:12380`)
    .join(',');
  return member(`etc/${name}.yml`, [
    ['name', name],
    ['data-dir', '/var/lib/etcd'],
    ['wal-dir', '/var/lib/etcd-wal'],
    ['listen-client-urls', `${scheme}://${ip}:12379,${scheme}://127.0.0.1:12379`],
    ['advertise-client-urls', `${scheme}://${ip}:12379`],
    ['listen-peer-urls', `${scheme}://${ip}:12380`],
    ['initial-advertise-peer-urls', `${scheme}://${ip}:12380`],
    ['listen-metrics-urls', 'http://127.0.0.1:12381'],
    ['initial-cluster', initialCluster],
    ['initial-cluster-token', 'prod-etcd'],
    ['initial-cluster-state', 'new'],
    ['heartbeat-interval', '50'],
    ['election-timeout', '300'],
    ['quota-backend-bytes', '8589934592'],
    ...(tls
      ? ([
          ['client-cert-auth', 'true'],
          ['trusted-ca-file', '/etc/etcd/pki/ca.crt'],
          ['cert-file', '/etc/etcd/pki/server.crt'],
          ['key-file', '/etc/etcd/pki/server.key'],
          ['peer-client-cert-auth', 'true'],
          ['peer-trusted-ca-file', '/etc/etcd/pki/ca.crt'],
          ['peer-cert-file', '/etc/etcd/pki/peer.crt'],
          ['peer-key-file', '/etc/etcd/pki/peer.key'],
          ['cipher-suites', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
        ] as Array<[string, string]>)
      : []),
  ]);
}

const OPTIONS = {
  topology: { baseAddress: '127.0.0.11', extraSans: [], certValidityDays: 1, keyAlgorithm: 'ecdsa-p256' as const },
  startupTimeoutMs: 20000,
  runId: 'r1',
};
const SANDBOX = { addresses: ['127.0.0.11', '127.0.0.12', '127.0.0.13'] };
const threeHosts = (scheme = 'https', tls = true) =>
  clusterSpecFromConfig(
    [host('alpha', scheme, tls), host('bravo', scheme, tls), host('charlie', scheme, tls)],
    '/run/s',
    SANDBOX,
    OPTIONS,
  );

describe("members a check adds to a cluster from the user's configuration", () => {
  const spec = threeHosts();
  const joining = `${spec.initialCluster},etcd-4=https://127.0.0.14:12380`;
  const added = {
    ...configuredSpareMember(spec, spareMember(spec, 'etcd-4', '127.0.0.14')),
    bootstrap: { initialCluster: joining, token: 'prod-etcd', state: 'existing' as const },
  };

  it("run the first member's settings with their own name, address, data, certificates and bootstrap", () => {
    expect([added.clientUrl, added.peerUrl, added.configured?.derivedFrom]).toEqual([
      'https://127.0.0.14:12379',
      'https://127.0.0.14:12380',
      'alpha',
    ]);
    const pki = '/run/s/spare/pki/members/etcd-4/etcd';
    expect(etcdFlags(spec, added)).toEqual([
      '--name=etcd-4',
      '--data-dir=/run/s/data/etcd-4',
      '--wal-dir=/run/s/data/etcd-4/wal',
      '--listen-client-urls=https://127.0.0.14:12379',
      '--advertise-client-urls=https://127.0.0.14:12379',
      '--listen-peer-urls=https://127.0.0.14:12380',
      '--initial-advertise-peer-urls=https://127.0.0.14:12380',
      '--listen-metrics-urls=http://127.0.0.14:12381',
      `--initial-cluster=${joining}`,
      '--initial-cluster-token=prod-etcd',
      '--initial-cluster-state=existing',
      '--heartbeat-interval=50',
      '--election-timeout=300',
      '--quota-backend-bytes=8589934592',
      '--client-cert-auth=true',
      `--trusted-ca-file=${pki}/ca.crt`,
      `--cert-file=${pki}/server.crt`,
      `--key-file=${pki}/server.key`,
      '--peer-client-cert-auth=true',
      `--peer-trusted-ca-file=${pki}/ca.crt`,
      `--peer-cert-file=${pki}/peer.crt`,
      `--peer-key-file=${pki}/peer.key`,
      '--cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    ]);
    // A member of a cluster restored beside it: that cluster, its own token, started as new.
    const bootstrap = {
      initialCluster: 'etcd-4=https://127.0.0.14:12380',
      token: 'prod-etcd-restored',
      state: 'new' as const,
    };
    expect(etcdFlags(spec, { ...added, bootstrap }).filter((flag) => flag.startsWith('--initial-cluster'))).toEqual([
      '--initial-cluster=etcd-4=https://127.0.0.14:12380',
      '--initial-cluster-token=prod-etcd-restored',
      '--initial-cluster-state=new',
    ]);
  });

  it("follow the configuration's schemes: plain http where it speaks http", () => {
    const plain = threeHosts('http', false);
    const member = configuredSpareMember(plain, spareMember(plain, 'restored-1', '127.0.0.14'));
    expect([member.clientUrl, member.peerUrl]).toEqual(['http://127.0.0.14:12379', 'http://127.0.0.14:12380']);
    expect(etcdFlags(plain, member).filter((flag) => /cert|key|tls/.test(flag))).toEqual([]);
  });

  it('are shown in the mapping against the file of the member they come from, with the check that made them', () => {
    const derived = [{ member: added, check: 'membership' }];
    expect(configFiles(spec, derived).at(-1)).toEqual({
      member: 'etcd-4',
      file: 'etc/alpha.yml',
      form: 'etcd-config-file',
      derivedFrom: 'alpha',
      forCheck: 'membership',
    });
    const rows = configMapping(spec, undefined, derived).filter((row) => row.member === 'etcd-4');
    expect(rows).toContainEqual({ member: 'etcd-4', setting: 'name', config: 'alpha', run: 'etcd-4' });
    expect(rows).toContainEqual({
      member: 'etcd-4',
      setting: 'initial-cluster-state',
      config: 'new',
      run: 'existing',
    });
    // What it runs as the file writes it is no row.
    expect(rows.map((row) => row.setting)).not.toContain('cipher-suites');
    expect(rows.map((row) => row.setting)).not.toContain('heartbeat-interval');
  });

  it("restore a snapshot with the WAL where the configuration's wal-dir puts it", () => {
    expect(snapshotRestoreArgs(added, '/s/snap.db', '/d/etcd-4')).toContain('--wal-dir=/d/etcd-4/wal');
    const plain = spareMember(spec, 'etcd-4', '127.0.0.14', added.bootstrap);
    expect(snapshotRestoreArgs(plain, '/s/snap.db', '/d').some((arg) => arg.startsWith('--wal-dir'))).toBe(false);
  });

  it('leave a cluster that is no configuration alone', () => {
    const plain = { ...spec, members: spec.members.map(({ configured: _configured, ...rest }) => rest) };
    const member = spareMember(plain, 'etcd-4', '127.0.0.14');
    expect(configuredSpareMember(plain, member)).toBe(member);
  });
});

describe("the local target's peer proxy in front of a cluster from the user's configuration", () => {
  it('takes a port no member listens on (the metrics port is taken) and each member advertises it', () => {
    const spec = threeHosts();
    expect(peerProxyPlan(spec)).toEqual({ port: 12382 });
    const proxied = withPeerProxies(spec, 12382);
    const flags = etcdFlags(proxied, proxied.members[1]);
    expect(flags).toContain('--listen-peer-urls=https://127.0.0.12:12380');
    expect(flags).toContain('--initial-advertise-peer-urls=https://127.0.0.12:12382');
    expect(flags).toContain(
      '--initial-cluster=alpha=https://127.0.0.11:12382,bravo=https://127.0.0.12:12382,charlie=https://127.0.0.13:12382',
    );
  });

  it('is not used for peers that speak plain http, or TLS without certificate files: the reason says which', () => {
    expect(peerProxyPlan(threeHosts('http', false))).toEqual({
      reason: expect.stringMatching(
        /member alpha of the configuration \(etc\/alpha\.yml\) speaks plain http to its peers/,
      ),
    });
    const autoTls = clusterSpecFromConfig(
      (['alpha', 'bravo', 'charlie'] as const).map((name) => {
        const config = host(name, 'https', false);
        return {
          ...config,
          settings: [
            ...config.settings,
            { ...config.settings[0], name: 'peer-auto-tls', key: 'peer-auto-tls', value: 'true' },
          ],
        };
      }),
      '/run/s',
      SANDBOX,
      OPTIONS,
    );
    expect(peerProxyPlan(autoTls)).toEqual({
      reason: expect.stringMatching(/sets no peer-cert-file and peer-key-file/),
    });
  });
});
