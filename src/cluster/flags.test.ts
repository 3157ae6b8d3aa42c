import { parse } from 'yaml';
import { testSpec } from '../../test/support/test-spec.js';
import { DEFAULT_ETCD_VERSION } from '../etcd/releases.js';
import { flagInfo, parseEtcdVersion, yamlKeyStatus } from '../lint/etcd-flags.js';
import { etcdConfigYaml, etcdFlags, memberSettings } from './flags.js';

const spec = testSpec({
  dir: '/var/lib/etcd-ha',
  timing: { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 60000 },
  runId: 'r1',
});

describe('member settings', () => {
  it('render as flags with https everywhere and mutual TLS on both sides', () => {
    const flags = etcdFlags(spec, spec.members[1]);
    expect(flags).toEqual(
      expect.arrayContaining([
        '--name=etcd-2',
        '--listen-client-urls=https://127.0.0.12:2379',
        '--initial-advertise-peer-urls=https://127.0.0.12:2380',
        '--initial-cluster=etcd-1=https://127.0.0.11:2380,etcd-2=https://127.0.0.12:2380,etcd-3=https://127.0.0.13:2380',
        '--initial-cluster-token=etcd-ha-r1',
        '--client-cert-auth',
        '--peer-client-cert-auth',
        '--heartbeat-interval=100',
        '--election-timeout=1000',
      ]),
    );
    expect(flags.some((flag) => flag.includes('http://'))).toBe(false);
  });

  it('render as an etcd.conf.yml with the same values, TLS nested as etcd reads it', () => {
    const config = parse(etcdConfigYaml(spec, spec.members[0]));
    expect(config).toMatchObject({
      name: 'etcd-1',
      'data-dir': '/var/lib/etcd-ha/data/etcd-1',
      'listen-peer-urls': 'https://127.0.0.11:2380',
      'initial-cluster-state': 'new',
      'heartbeat-interval': 100,
      'election-timeout': 1000,
      'pre-vote': true,
      'log-outputs': ['stderr'],
      'client-transport-security': {
        'client-cert-auth': true,
        'cert-file': '/var/lib/etcd-ha/pki/members/etcd-1/etcd/server.crt',
        'trusted-ca-file': '/var/lib/etcd-ha/pki/members/etcd-1/etcd/ca.crt',
      },
      'peer-transport-security': {
        'client-cert-auth': true,
        'key-file': '/var/lib/etcd-ha/pki/members/etcd-1/etcd/peer.key',
      },
    });
    expect(config['cert-file']).toBeUndefined();
  });
  // Debian's 3.4, the newest 3.5 and the default release (3.6): etcd refuses a flag it does not know.
  it.each(['3.4.23', '3.5.33', DEFAULT_ETCD_VERSION])(
    'are flags and config-file keys etcd %s knows, none of them deprecated',
    (release) => {
      const version = parseEtcdVersion(release);
      for (const [name] of memberSettings(spec, spec.members[0])) {
        expect([name, flagInfo(name, version)]).toEqual([name, expect.objectContaining({ known: true })]);
        expect([name, flagInfo(name, version).deprecatedIn]).toEqual([name, undefined]);
      }
      const config = parse(etcdConfigYaml(spec, spec.members[0])) as Record<string, unknown>;
      const keys = Object.entries(config).flatMap(([key, value]) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.keys(value).map((inner) => `${key}.${inner}`)
          : [key],
      );
      for (const key of keys) expect([key, yamlKeyStatus(key, version)]).toEqual([key, 'known']);
    },
  );
});
