import type { ClusterSpec, MemberSpec } from './spec.js';

/**
 * etcd's settings for one member, keyed by etcd's own flag names. Every renderer (command-line
 * flags today) reads this, so a flag is decided in one place.
 */
export function memberSettings(spec: ClusterSpec, member: MemberSpec): Array<[string, string | boolean]> {
  const files = member.pki;
  return [
    ['name', member.name],
    ['data-dir', member.dataDir],
    ['listen-client-urls', member.clientUrl],
    ['advertise-client-urls', member.clientUrl],
    ['listen-peer-urls', member.peerUrl],
    ['initial-advertise-peer-urls', member.peerUrl],
    ['initial-cluster', spec.initialCluster],
    ['initial-cluster-token', spec.token],
    ['initial-cluster-state', 'new'],
    ['client-cert-auth', true],
    ['trusted-ca-file', files.caCert],
    ['cert-file', files.serverCert],
    ['key-file', files.serverKey],
    ['peer-client-cert-auth', true],
    ['peer-trusted-ca-file', files.caCert],
    ['peer-cert-file', files.peerCert],
    ['peer-key-file', files.peerKey],
    ['heartbeat-interval', String(spec.timing.heartbeatMs)],
    ['election-timeout', String(spec.timing.electionMs)],
    // A restarted member must not disrupt a healthy leader (etcd 3.5's default; 3.4 needs it said).
    ['pre-vote', true],
    ['logger', 'zap'],
    ['log-outputs', 'stderr'],
  ];
}

/** The member's settings as etcd command-line flags. */
export function etcdFlags(spec: ClusterSpec, member: MemberSpec): string[] {
  return memberSettings(spec, member).map(([name, value]) => (value === true ? `--${name}` : `--${name}=${value}`));
}
