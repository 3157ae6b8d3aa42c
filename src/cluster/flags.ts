import { stringify } from 'yaml';
import type { ClusterSpec, MemberSpec } from './spec.js';

/**
 * etcd's settings for one member, keyed by etcd's own flag names. Every renderer (command-line
 * flags, etcd.conf.yml) reads this, so a setting is decided in one place.
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

// etcd's config file nests the TLS settings (flag name -> section and key), as etcd's embed.Config reads them.
const TLS_SECTIONS: Record<string, [string, string]> = {
  'client-cert-auth': ['client-transport-security', 'client-cert-auth'],
  'trusted-ca-file': ['client-transport-security', 'trusted-ca-file'],
  'cert-file': ['client-transport-security', 'cert-file'],
  'key-file': ['client-transport-security', 'key-file'],
  'peer-client-cert-auth': ['peer-transport-security', 'client-cert-auth'],
  'peer-trusted-ca-file': ['peer-transport-security', 'trusted-ca-file'],
  'peer-cert-file': ['peer-transport-security', 'cert-file'],
  'peer-key-file': ['peer-transport-security', 'key-file'],
};
const NUMBERS = new Set(['heartbeat-interval', 'election-timeout']);
const LISTS = new Set(['log-outputs']);

/** The member's settings as an etcd.conf.yml (for `etcd --config-file`, as the guides' systemd units use it). */
export function etcdConfigYaml(spec: ClusterSpec, member: MemberSpec): string {
  const config: Record<string, unknown> = {};
  for (const [name, value] of memberSettings(spec, member)) {
    const section = TLS_SECTIONS[name];
    const typed = NUMBERS.has(name) ? Number(value) : LISTS.has(name) ? String(value).split(',') : value;
    if (section) ((config[section[0]] ??= {}) as Record<string, unknown>)[section[1]] = typed;
    else config[name] = typed;
  }
  return `# etcd member ${member.name}, written by etcd-ha from the cluster spec of run ${spec.runId}\n${stringify(config)}`;
}
