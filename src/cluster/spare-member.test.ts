import { etcdFlags } from './flags.js';
import { buildClusterSpec, spareMember } from './spec.js';

const spec = buildClusterSpec(
  '/state',
  {
    members: 3,
    baseAddress: '10.0.0.11',
    clientPort: 2379,
    peerPort: 2380,
    extraSans: [],
    certValidityDays: 1,
    keyAlgorithm: 'ecdsa-p256',
  },
  { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 1000 },
  'r1',
);

describe('members beyond the spec', () => {
  it("sit on their own address with the spec's ports, their data beside the members', their certificates in the state folder", () => {
    const member = spareMember(spec, 'etcd-4', '10.0.0.14');
    expect(member).toEqual({
      name: 'etcd-4',
      address: '10.0.0.14',
      clientUrl: 'https://10.0.0.14:2379',
      peerUrl: 'https://10.0.0.14:2380',
      dataDir: '/state/data/etcd-4',
      logFile: '/state/logs/etcd-4.log',
      pki: expect.objectContaining({
        dir: '/state/spare/pki/members/etcd-4/etcd',
        serverKey: '/state/spare/pki/members/etcd-4/etcd/server.key',
      }),
    });
  });

  it('start into the cluster their bootstrap names: joining it as existing, or a restored one as new', () => {
    const flags = (bootstrap: Parameters<typeof spareMember>[3]) =>
      etcdFlags(spec, spareMember(spec, 'etcd-4', '10.0.0.14', bootstrap)).filter((flag) =>
        flag.startsWith('--initial-cluster'),
      );
    const joining = `${spec.initialCluster},etcd-4=https://10.0.0.14:2380`;
    expect(flags({ initialCluster: joining, token: spec.token, state: 'existing' })).toEqual([
      `--initial-cluster=${joining}`,
      '--initial-cluster-token=etcd-ha-r1',
      '--initial-cluster-state=existing',
    ]);
    expect(
      flags({ initialCluster: 'etcd-4=https://10.0.0.14:2380', token: 'etcd-ha-r1-restored', state: 'new' }),
    ).toEqual([
      '--initial-cluster=etcd-4=https://10.0.0.14:2380',
      '--initial-cluster-token=etcd-ha-r1-restored',
      '--initial-cluster-state=new',
    ]);
    // The spec's own members keep the spec's bootstrap.
    expect(etcdFlags(spec, spec.members[0]).filter((flag) => flag.startsWith('--initial-cluster'))).toEqual([
      `--initial-cluster=${spec.initialCluster}`,
      '--initial-cluster-token=etcd-ha-r1',
      '--initial-cluster-state=new',
    ]);
  });
});
