import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { MemberConfig, Setting } from '../model.js';
import { positionAt, type SourceText } from './source.js';
import { flagValueOf, nodePosition, pairsOf } from './yaml-source.js';

/**
 * etcd's `--config-file` YAML (etcd.conf.yml.sample): top-level keys are flag names; TLS sits under
 * `client-transport-security` and `peer-transport-security`. etcd matches keys case-insensitively
 * and ignores keys it does not know.
 */

/** Keys only an etcd configuration file has at its top level; one of them makes a YAML mapping one. */
const ETCD_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'data-dir',
  'wal-dir',
  'initial-cluster',
  'initial-cluster-state',
  'initial-cluster-token',
  'listen-client-urls',
  'listen-peer-urls',
  'advertise-client-urls',
  'initial-advertise-peer-urls',
  'listen-metrics-urls',
  'client-transport-security',
  'peer-transport-security',
  'snapshot-count',
  'heartbeat-interval',
  'election-timeout',
  'quota-backend-bytes',
  'auto-compaction-retention',
  'discovery-srv',
]);

/**
 * The flag each key of a transport-security section stands for. Keys without a flag of their own
 * (the client section's `allowed-cn`, `skip-client-san-verification`) and keys etcd does not read
 * there (`crl-file`: there is no CRL key in the YAML) keep the dotted name (`client-transport-security.allowed-cn`).
 */
export const TRANSPORT_SECURITY_FLAGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'client-transport-security': {
    'cert-file': 'cert-file',
    'key-file': 'key-file',
    'client-cert-file': 'client-cert-file',
    'client-key-file': 'client-key-file',
    'client-cert-auth': 'client-cert-auth',
    'trusted-ca-file': 'trusted-ca-file',
    'auto-tls': 'auto-tls',
    'allowed-hostname': 'client-cert-allowed-hostname',
  },
  'peer-transport-security': {
    'cert-file': 'peer-cert-file',
    'key-file': 'peer-key-file',
    'client-cert-file': 'peer-client-cert-file',
    'client-key-file': 'peer-client-key-file',
    'client-cert-auth': 'peer-client-cert-auth',
    'trusted-ca-file': 'peer-trusted-ca-file',
    'auto-tls': 'peer-auto-tls',
    'allowed-cn': 'peer-cert-allowed-cn',
    'allowed-hostname': 'peer-cert-allowed-hostname',
    'skip-client-san-verification': 'peer-skip-client-san-verification',
  },
};

/** Whether a YAML document is an etcd configuration file: a mapping with etcd's keys that is no Kubernetes object. */
export function isEtcdConfigYaml(documents: Document.Parsed[]): boolean {
  const mapping = documents[0]?.contents;
  if (!isMap(mapping)) return false;
  const keys = pairsOf(mapping).map((entry) => entry.key.toLowerCase());
  if (keys.includes('apiversion') || keys.includes('kind')) return false;
  return keys.some((key) => ETCD_CONFIG_KEYS.has(key));
}

/** The settings of one key (a section gives one per key it holds). */
function settingsOfPair(
  source: SourceText,
  key: string,
  keyNode: Node,
  value: Node | null,
  prefix: string[],
): Setting[] {
  const at = nodePosition(source, keyNode, positionAt(source, 0));
  const path = [...prefix, key];
  if (isMap(value)) {
    const section = prefix.length === 0 ? TRANSPORT_SECURITY_FLAGS[key.toLowerCase()] : undefined;
    return pairsOf(value).flatMap((entry) => {
      const flag = section?.[entry.key.toLowerCase()];
      const settings = settingsOfPair(source, entry.key, entry.pair.key, entry.pair.value, path);
      return flag ? settings.map((setting) => ({ ...setting, name: flag })) : settings;
    });
  }
  const text = flagValueOf(value);
  if (text === undefined) return [];
  const setting: Setting = {
    name: path.join('.').toLowerCase(),
    value: text,
    key: path.join('.'),
    source: 'config-file',
    at,
    valueAt: nodePosition(source, value, at),
  };
  const yamlType = yamlTypeOf(value);
  return [yamlType ? { ...setting, yamlType } : setting];
}

/** What YAML made of a value, which decides whether etcd can unmarshal it into its field (`1` is no string). */
function yamlTypeOf(value: Node | null): Setting['yamlType'] {
  if (isSeq(value)) return 'list';
  if (isMap(value)) return 'map';
  if (!isScalar(value)) return undefined;
  const scalar = value.value;
  return typeof scalar === 'number' || typeof scalar === 'bigint'
    ? 'number'
    : typeof scalar === 'boolean'
      ? 'boolean'
      : typeof scalar === 'string'
        ? 'string'
        : undefined;
}

/** Every setting of an etcd configuration file, in the order written; keys set to null (`~`, nothing) are not set. */
export function configFileSettings(source: SourceText, documents: Document.Parsed[]): Setting[] {
  const mapping = documents[0]?.contents;
  if (!isMap(mapping)) return [];
  return pairsOf(mapping).flatMap((entry) => settingsOfPair(source, entry.key, entry.pair.key, entry.pair.value, []));
}

/** The member an etcd configuration file defines. */
export function readConfigFile(source: SourceText, documents: Document.Parsed[]): MemberConfig {
  const settings = configFileSettings(source, documents);
  return { name: memberName(settings), form: 'etcd-config-file', file: source.file, settings, includes: [] };
}

/** The member's name: its last `name` setting, or etcd's default `default`. */
export function memberName(settings: Setting[]): string {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].name === 'name') return settings[i].value;
  return 'default';
}
