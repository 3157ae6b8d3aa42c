import { stringify } from 'yaml';
import type { ClusterSpec, MemberSpec } from './spec.js';
import { configuredSettings } from './user-config.js';

/** etcd's settings by flag name, in order. */
export type Settings = Array<[string, string | boolean]>;

/**
 * What a target does to a member's settings before it renders them: written for another etcd
 * release than the one the member was started on (the upgrade check), say.
 */
export type SettingsAdjustment = (settings: Settings) => Settings;

/**
 * etcd's settings for one member, keyed by etcd's own flag names. Every renderer (command-line
 * flags, etcd.conf.yml) reads this, so a setting is decided in one place.
 */
export function memberSettings(spec: ClusterSpec, member: MemberSpec, adjust?: SettingsAdjustment): Settings {
  const settings = startedSettings(spec, member);
  return adjust ? adjust(settings) : settings;
}

/** The member's settings for the release it was started on. */
function startedSettings(spec: ClusterSpec, member: MemberSpec): Settings {
  // A member from the user's configuration runs their settings, mapped to this member's addresses and paths.
  if (member.configured) return configuredSettings(spec, { ...member, configured: member.configured });
  const files = member.pki;
  return [
    ['name', member.name],
    ['data-dir', member.dataDir],
    ['listen-client-urls', member.clientUrl],
    ['advertise-client-urls', member.clientUrl],
    ['listen-peer-urls', member.peerUrl],
    ['initial-advertise-peer-urls', member.advertisedPeerUrl ?? member.peerUrl],
    // A member beyond the spec's starts into the cluster its bootstrap names (joining, or restored).
    ['initial-cluster', member.bootstrap?.initialCluster ?? spec.initialCluster],
    ['initial-cluster-token', member.bootstrap?.token ?? spec.token],
    ['initial-cluster-state', member.bootstrap?.state ?? 'new'],
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
export function etcdFlags(spec: ClusterSpec, member: MemberSpec, adjust?: SettingsAdjustment): string[] {
  return memberSettings(spec, member, adjust).map(([name, value]) =>
    value === true ? `--${name}` : `--${name}=${value}`,
  );
}

const LISTENERS: Record<string, 'client' | 'peer' | 'metrics'> = {
  'listen-client-urls': 'client',
  'listen-client-http-urls': 'client',
  'listen-peer-urls': 'peer',
  'listen-metrics-urls': 'metrics',
};

/** Every address and port the member listens on, from the same settings its flags are rendered from. */
export function memberListeners(
  spec: ClusterSpec,
  member: MemberSpec,
): Array<{ role: 'client' | 'peer' | 'metrics'; address: string; port: number }> {
  return memberSettings(spec, member).flatMap(([name, value]) => {
    const role = LISTENERS[name];
    if (!role || typeof value !== 'string') return [];
    return value.split(',').flatMap((item) => {
      const match = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:?#]*):(\d+)/i.exec(item.trim());
      return match ? [{ role, address: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) }] : [];
    });
  });
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
  'auto-tls': ['client-transport-security', 'auto-tls'],
  'peer-auto-tls': ['peer-transport-security', 'auto-tls'],
};
const NUMBERS = new Set(['heartbeat-interval', 'election-timeout']);
const LISTS = new Set(['log-outputs', 'cipher-suites']);
// Settings etcd's config file reads as strings, even when the value looks like a number or a boolean.
const STRINGS = new Set([
  'name',
  'initial-cluster-token',
  'auto-compaction-retention',
  'discovery-srv-name',
  'discovery-token',
  'log-level',
]);
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const DURATION_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * A setting written as a flag, typed as etcd's config file takes it: whole numbers and booleans as
 * such, lists as lists, Go durations (`5s`) in nanoseconds, as etcd's YAML reads time.Duration.
 */
function configFileValue(name: string, value: string | boolean): unknown {
  if (typeof value === 'boolean' || STRINGS.has(name)) return value;
  if (NUMBERS.has(name) || /^\d+$/.test(value)) return Number(value);
  if (LISTS.has(name)) return value.split(',');
  if (value === 'true' || value === 'false') return value === 'true';
  if (GO_DURATION.test(value)) {
    return [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
      (total, [, amount, unit]) => total + Number(amount) * DURATION_NS[unit],
      0,
    );
  }
  return value;
}

/** The member's settings as an etcd.conf.yml (for `etcd --config-file`, as the guides' systemd units use it). */
export function etcdConfigYaml(spec: ClusterSpec, member: MemberSpec, adjust?: SettingsAdjustment): string {
  const config: Record<string, unknown> = {};
  for (const [name, value] of memberSettings(spec, member, adjust)) {
    const section = TLS_SECTIONS[name];
    const typed = configFileValue(name, value);
    if (section) ((config[section[0]] ??= {}) as Record<string, unknown>)[section[1]] = typed;
    else config[name] = typed;
  }
  return `# etcd member ${member.name}, written by etcd-ha from the cluster spec of run ${spec.runId}\n${stringify(config)}`;
}
