/** Hand-made members for the rules' unit tests: settings written as `--flag`, `ETCD_VAR` or a YAML key, one per line. */
import type { ConfigForm, MemberConfig, Setting } from '../../src/lint/model.js';

/** One setting from how it is written: `--name`, `ETCD_NAME`, `name` or `client-transport-security.cert-file`. */
export function settingFrom(key: string, value: string, file: string, line: number): Setting {
  const at = { file, line, column: 1 };
  if (key.startsWith('-')) return { name: key.replace(/^--?/, ''), value, key, source: 'flag', at };
  if (key.startsWith('ETCD_'))
    return { name: key.slice(5).toLowerCase().replace(/_/g, '-'), value, key, source: 'env', at };
  const sections: Record<string, string> = { 'client-transport-security': '', 'peer-transport-security': 'peer-' };
  const [section, inner] = key.split('.');
  const name = inner !== undefined && section in sections ? `${sections[section]}${inner}` : key.toLowerCase();
  return { name, value, key, source: 'config-file', at };
}

/** A member of `file` with these settings, in order (line N holds the Nth). */
export function memberOf(file: string, written: Array<[string, string]>, form?: ConfigForm): MemberConfig {
  const settings = written.map(([key, value], index) => settingFrom(key, value, file, index + 1));
  const name = [...settings].reverse().find((setting) => setting.name === 'name')?.value ?? 'default';
  const guessed: ConfigForm = settings.some((setting) => setting.source === 'config-file')
    ? 'etcd-config-file'
    : settings.some((setting) => setting.source === 'flag')
      ? 'systemd-unit'
      : 'env-file';
  return { name, form: form ?? guessed, file, settings, includes: [] };
}

/** A good member as YAML keys (mutual TLS, one-member cluster), with some keys replaced, added or (value undefined) dropped. */
export function yamlMember(
  file: string,
  changes: Record<string, string | undefined> = {},
  ip = '10.0.0.11',
  name = 'etcd-1',
): MemberConfig {
  const base: Record<string, string> = {
    name,
    'data-dir': '/var/lib/etcd',
    'listen-peer-urls': `https://${ip}:2380`,
    'initial-advertise-peer-urls': `https://${ip}:2380`,
    'listen-client-urls': `https://${ip}:2379`,
    'advertise-client-urls': `https://${ip}:2379`,
    'initial-cluster': `${name}=https://${ip}:2380`,
    'initial-cluster-token': 'etcd-cluster-1',
    'initial-cluster-state': 'new',
    'client-transport-security.cert-file': '/etc/etcd/pki/server.crt',
    'client-transport-security.key-file': '/etc/etcd/pki/server.key',
    'client-transport-security.client-cert-auth': 'true',
    'client-transport-security.trusted-ca-file': '/etc/etcd/pki/ca.crt',
    'peer-transport-security.cert-file': '/etc/etcd/pki/peer.crt',
    'peer-transport-security.key-file': '/etc/etcd/pki/peer.key',
    'peer-transport-security.client-cert-auth': 'true',
    'peer-transport-security.trusted-ca-file': '/etc/etcd/pki/ca.crt',
  };
  const merged = { ...base, ...changes };
  return memberOf(
    file,
    Object.entries(merged).flatMap(([key, value]): Array<[string, string]> =>
      value === undefined ? [] : [[key, value]],
    ),
  );
}

/** The same good member as flags (`--name`), with changes keyed by flag name. */
export function flagMember(file: string, changes: Record<string, string | undefined> = {}): MemberConfig {
  const yaml = yamlMember(file);
  const flags: Record<string, string | undefined> = Object.fromEntries(
    yaml.settings.map((setting) => [setting.name, setting.value]),
  );
  Object.assign(flags, changes);
  return memberOf(
    file,
    Object.entries(flags).flatMap(([name, value]): Array<[string, string]> =>
      value === undefined ? [] : [[`--${name}`, value]],
    ),
  );
}
