import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { EtcdMinor } from '../etcd-flags.js';
import type { ExternalEtcd, Finding, MemberConfig, ScannedFile, Setting, SourcePosition } from '../model.js';
import { memberName } from './config-file.js';
import { flagOfEnvironmentVariable } from './etcd-arguments.js';
import { READER_RULE_IDS } from './reader-rules.js';
import { findingAtPosition, positionAt, type SourceText } from './source.js';
import { nodePosition, pairOf, scalarText, topLevelMappings, valueOf } from './yaml-source.js';

/**
 * kubeadm configuration (`kubeadm.k8s.io/v1beta3`, `v1beta4`): a ClusterConfiguration's `etcd.local`
 * is a member whose flags kubeadm writes into the etcd static pod it generates (its defaults, then
 * `extraArgs` replacing them); `etcd.external` is a cluster that runs elsewhere. The node name and
 * advertise address come from an InitConfiguration or JoinConfiguration in the same file.
 */

/** Stand-in for the node name kubeadm takes from the machine's hostname when the file does not say it. */
export const KUBEADM_UNKNOWN_NODE_NAME = '<node-name>';
/** Stand-in for the address kubeadm takes from the machine's default route when the file does not say it. */
export const KUBEADM_UNKNOWN_ADVERTISE_ADDRESS = '<advertise-address>';

const DEFAULT_CERTIFICATES_DIR = '/etc/kubernetes/pki';
const DEFAULT_DATA_DIR = '/var/lib/etcd';

function isKubeadmDocument(mapping: YAMLMap, kind?: string): boolean {
  const apiVersion = scalarText(valueOf(mapping, 'apiVersion')) ?? '';
  return (
    apiVersion.startsWith('kubeadm.k8s.io/') && (kind === undefined || scalarText(valueOf(mapping, 'kind')) === kind)
  );
}

/** Whether a YAML file holds a kubeadm ClusterConfiguration. */
export function isKubeadmConfig(documents: Document.Parsed[]): boolean {
  return topLevelMappings(documents).some((mapping) => isKubeadmDocument(mapping, 'ClusterConfiguration'));
}

/** Whether a YAML file holds any kubeadm document (to tell what a file that does not parse was meant to be). */
export function hasKubeadmDocument(documents: Document.Parsed[]): boolean {
  return topLevelMappings(documents).some((mapping) => isKubeadmDocument(mapping));
}

/** The value at a path of mapping keys. */
function pathValue(node: unknown, ...keys: string[]): Node | null | undefined {
  let current: unknown = node;
  for (const key of keys) {
    current = valueOf(current, key);
    if (current === undefined || current === null) return undefined;
  }
  return current as Node;
}

/** The node's name and advertise address from the InitConfiguration or JoinConfiguration of the file. */
function nodeOf(mappings: YAMLMap[]): { name?: string; advertiseAddress?: string } {
  for (const mapping of mappings) {
    if (isKubeadmDocument(mapping, 'InitConfiguration')) {
      return {
        name: scalarText(pathValue(mapping, 'nodeRegistration', 'name')),
        advertiseAddress: scalarText(pathValue(mapping, 'localAPIEndpoint', 'advertiseAddress')),
      };
    }
    if (isKubeadmDocument(mapping, 'JoinConfiguration')) {
      return {
        name: scalarText(pathValue(mapping, 'nodeRegistration', 'name')),
        advertiseAddress: scalarText(pathValue(mapping, 'controlPlane', 'localAPIEndpoint', 'advertiseAddress')),
      };
    }
  }
  return {};
}

/** `host:port`, with brackets for an IPv6 address. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Which flags kubeadm adds for data consistency and watch progress, by the Kubernetes release it
 * deploys (its `kubernetesVersion`): since 1.34 (etcd 3.6) the feature gate and the graduated flag;
 * 1.25-1.33 (etcd 3.5) the experimental flags; 1.22-1.24 only the corrupt check; none before. Without
 * `kubernetesVersion`, kubeadm deploys its own release's etcd: the etcd release linted for decides.
 * From kubeadm's `getEtcdCommand` (cmd/kubeadm/app/phases/etcd/local.go) in each release.
 */
export function kubeadmConsistencyFlags(
  kubernetesVersion: string | undefined,
  etcdMinor: EtcdMinor | undefined,
): Array<[string, string]> {
  const minor = kubernetesMinor(kubernetesVersion);
  const modern = minor !== undefined ? minor >= 34 : etcdMinor === '3.6';
  if (modern)
    return [
      ['feature-gates', 'InitialCorruptCheck=true'],
      ['watch-progress-notify-interval', '5s'],
    ];
  if (minor !== undefined && minor < 22) return [];
  const flags: Array<[string, string]> = [['experimental-initial-corrupt-check', 'true']];
  if (minor === undefined || minor >= 25) flags.push(['experimental-watch-progress-notify-interval', '5s']);
  return flags;
}

/** The minor of a Kubernetes version (`v1.33.2`, `1.34`, `stable-1.32` -> 33, 34, 32); undefined for `stable`, `latest` and the like. */
function kubernetesMinor(version: string | undefined): number | undefined {
  const match = /(?:^|[^\d])1\.(\d+)/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The flags kubeadm writes for etcd.local before extraArgs (kubeadm's getEtcdCommand). */
function kubeadmDefaults(
  node: { name?: string; advertiseAddress?: string },
  certificatesDir: string,
  dataDir: string,
  consistency: Array<[string, string]>,
): Array<[string, string]> {
  const address = node.advertiseAddress ?? KUBEADM_UNKNOWN_ADVERTISE_ADDRESS;
  const name = node.name ?? KUBEADM_UNKNOWN_NODE_NAME;
  const localhost = address.includes(':') ? '::1' : '127.0.0.1';
  const clientUrl = `https://${joinHostPort(address, 2379)}`;
  const peerUrl = `https://${joinHostPort(address, 2380)}`;
  const pki = certificatesDir.replace(/\/+$/, '');
  return [
    ['name', name],
    ['listen-client-urls', `https://${joinHostPort(localhost, 2379)},${clientUrl}`],
    ['advertise-client-urls', clientUrl],
    ['listen-peer-urls', peerUrl],
    ['initial-advertise-peer-urls', peerUrl],
    ['data-dir', dataDir],
    ['cert-file', `${pki}/etcd/server.crt`],
    ['key-file', `${pki}/etcd/server.key`],
    ['trusted-ca-file', `${pki}/etcd/ca.crt`],
    ['client-cert-auth', 'true'],
    ['peer-cert-file', `${pki}/etcd/peer.crt`],
    ['peer-key-file', `${pki}/etcd/peer.key`],
    ['peer-trusted-ca-file', `${pki}/etcd/ca.crt`],
    ['peer-client-cert-auth', 'true'],
    ['snapshot-count', '10000'],
    ['listen-metrics-urls', `http://${joinHostPort(localhost, 2381)}`],
    ...consistency,
    ['initial-cluster', `${name}=${peerUrl}`],
  ];
}

/** `extraArgs`: a map name -> value (v1beta3) or a list of `{name, value}` (v1beta4), as written. */
function extraArgs(source: SourceText, node: Node | null | undefined, fallback: SourcePosition): Setting[] {
  const setting = (nameNode: Node | null | undefined, valueNode: Node | null | undefined): Setting[] => {
    const name = scalarText(nameNode);
    if (name === undefined) return [];
    const at = nodePosition(source, nameNode, fallback);
    return [
      {
        name,
        value: scalarText(valueNode) ?? '',
        key: name,
        source: 'kubeadm',
        at,
        valueAt: nodePosition(source, valueNode, at),
      },
    ];
  };
  if (isSeq(node)) return node.items.flatMap((item) => setting(pathValue(item, 'name'), pathValue(item, 'value')));
  if (isMap(node)) return node.items.flatMap((pair) => setting(pair.key as Node, pair.value as Node | null));
  return [];
}

/** `extraEnvs` (v1beta4): the `ETCD_*` ones are settings etcd reads from its environment. */
function extraEnvs(source: SourceText, node: Node | null | undefined, fallback: SourcePosition): Setting[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const nameNode = pathValue(item, 'name');
    const variable = scalarText(nameNode);
    const name = variable === undefined ? undefined : flagOfEnvironmentVariable(variable);
    if (variable === undefined || name === undefined) return [];
    const valueNode = pathValue(item, 'value');
    const at = nodePosition(source, nameNode, fallback);
    return [
      {
        name,
        value: scalarText(valueNode) ?? '',
        key: variable,
        source: 'env' as const,
        at,
        valueAt: nodePosition(source, valueNode, at),
      },
    ];
  });
}

function stringList(node: Node | null | undefined): string[] {
  return isSeq(node)
    ? node.items.map((item) => scalarText(item)).filter((item): item is string => item !== undefined)
    : [];
}

/** A kubeadm `etcd.external` block. */
function externalEtcd(source: SourceText, keyNode: Node, node: YAMLMap): ExternalEtcd {
  const at = nodePosition(source, keyNode, positionAt(source, 0));
  const field = (key: string): { value: string; at: SourcePosition } | undefined => {
    const value = valueOf(node, key);
    const text = scalarText(value);
    return text === undefined ? undefined : { value: text, at: nodePosition(source, value, at) };
  };
  const endpoints = valueOf(node, 'endpoints');
  return {
    file: source.file,
    at,
    endpoints: isSeq(endpoints)
      ? endpoints.items.flatMap((item) =>
          isScalar(item) && scalarText(item) !== undefined
            ? [{ value: scalarText(item) as string, at: nodePosition(source, item, at) }]
            : [],
        )
      : [],
    caFile: field('caFile'),
    certFile: field('certFile'),
    keyFile: field('keyFile'),
  };
}

/** The local member a ClusterConfiguration defines. */
function localMember(
  source: SourceText,
  cluster: YAMLMap,
  node: { name?: string; advertiseAddress?: string },
  etcdMinor: EtcdMinor | undefined,
): MemberConfig {
  const etcdPair = pairOf(cluster, 'etcd');
  const localPair = pairOf(etcdPair?.value, 'local');
  const local = localPair?.value;
  const anchor = nodePosition(
    source,
    localPair?.key ?? etcdPair?.key ?? pairOf(cluster, 'kind')?.key,
    positionAt(source, 0),
  );
  const certificatesDir = scalarText(valueOf(cluster, 'certificatesDir')) ?? DEFAULT_CERTIFICATES_DIR;
  const dataDirPair = pairOf(local, 'dataDir');
  const dataDir = scalarText(dataDirPair?.value);
  const overrides = extraArgs(source, valueOf(local, 'extraArgs'), anchor);
  const overridden = new Set(overrides.map((setting) => setting.name));
  const consistency = kubeadmConsistencyFlags(scalarText(valueOf(cluster, 'kubernetesVersion')), etcdMinor);
  const defaults: Setting[] = kubeadmDefaults(node, certificatesDir, dataDir ?? DEFAULT_DATA_DIR, consistency)
    .filter(([name]) => !overridden.has(name))
    .map(([name, value]) => {
      if (name === 'data-dir' && dataDir !== undefined && dataDirPair) {
        const at = nodePosition(source, dataDirPair.key, anchor);
        return {
          name,
          value,
          key: 'dataDir',
          source: 'kubeadm',
          at,
          valueAt: nodePosition(source, dataDirPair.value, at),
        };
      }
      return { name, value, key: `--${name}`, source: 'kubeadm-default', at: anchor };
    });
  const settings = [...extraEnvs(source, valueOf(local, 'extraEnvs'), anchor), ...defaults, ...overrides];
  return {
    name: memberName(settings),
    form: 'kubeadm',
    file: source.file,
    settings,
    includes: [],
    command: 'etcd',
    certSans: {
      server: stringList(valueOf(local, 'serverCertSANs')),
      peer: stringList(valueOf(local, 'peerCertSANs')),
    },
  };
}

/** What a kubeadm configuration file defines: a local member per ClusterConfiguration, or its external cluster. */
export function readKubeadm(source: SourceText, documents: Document.Parsed[], etcdMinor?: EtcdMinor): ScannedFile {
  const mappings = topLevelMappings(documents);
  const node = nodeOf(mappings);
  const members: MemberConfig[] = [];
  const findings: Finding[] = [];
  let external: ExternalEtcd | undefined;
  for (const cluster of mappings.filter((mapping) => isKubeadmDocument(mapping, 'ClusterConfiguration'))) {
    const etcd = valueOf(cluster, 'etcd');
    const externalPair = pairOf(etcd, 'external');
    const localPair = pairOf(etcd, 'local');
    if (externalPair && isMap(externalPair.value)) {
      external = externalEtcd(source, externalPair.key, externalPair.value);
      if (localPair && localPair.value !== null) {
        const at = nodePosition(source, localPair.key, external.at);
        findings.push(
          findingAtPosition(
            at,
            'error',
            READER_RULE_IDS.parse,
            'etcd.local and etcd.external are both set: kubeadm refuses the configuration (they are mutually exclusive).',
          ),
        );
      }
      continue;
    }
    members.push(localMember(source, cluster, node, etcdMinor));
  }
  return { file: source.file, form: 'kubeadm', members, external, findings };
}
