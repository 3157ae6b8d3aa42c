import { isIP } from 'node:net';
import type { TimingOptions, TopologyOptions } from '../cluster/topology.js';
import { KEY_ALGORITHMS } from './key-algorithm.js';
import { SealError } from './seal.js';

/** What a sealed bundle says about the cluster its PKI was made for. */
export interface BundleManifest {
  schemaVersion: 1;
  runId: string;
  topology: TopologyOptions;
  timing: TimingOptions;
  /** SHA-256 fingerprint (as X509Certificate.fingerprint256) of every certificate, by its path under pki/. */
  certificates: Record<string, string>;
}

const RUN_ID = /^[0-9a-f]{4,64}$/;
const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const CERT_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*\.crt$/;
const MAX_MEMBERS = 9;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isHost = (value: unknown) => typeof value === 'string' && (isIP(value) !== 0 || DNS_NAME.test(value));
const isInteger = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * The manifest of an opened bundle, checked field by field before anything in it is used: a bundle
 * sealed to an age recipient is not authenticated (anyone with the public key can seal one), and its
 * run ID, member names and addresses go into paths, certificates, commands and, on ssh hosts,
 * remote scripts. Only what etcd-ha itself writes passes: a hex run ID, DNS-label member names, IP
 * addresses or DNS names, ports, bounded numbers, and a fingerprint for every certificate.
 */
export function validateBundleManifest(value: unknown, source: string): BundleManifest {
  const refuse = (field: string, what: unknown, allowed: string): never => {
    throw new SealError(
      `${source} opened, but its manifest's ${field} is ${JSON.stringify(what) ?? String(what)}; allowed: ${allowed}. It was not sealed by etcd-ha; nothing was written`,
    );
  };
  if (!isObject(value)) return refuse('content', typeof value, 'a JSON object');
  const { schemaVersion, runId, topology, timing, certificates } = value;
  if (schemaVersion !== 1) refuse('schemaVersion', schemaVersion, '1');
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) refuse('runId', runId, '4 to 64 lower-case hex digits');
  if (!isObject(topology)) return refuse('topology', topology, 'an object');
  if (!isObject(timing)) return refuse('timing', timing, 'an object');
  if (!isObject(certificates)) return refuse('certificates', certificates, 'an object of certificate fingerprints');

  if (!isInteger(topology.members, 1, MAX_MEMBERS)) refuse('topology.members', topology.members, `1 to ${MAX_MEMBERS}`);
  if (typeof topology.baseAddress !== 'string' || isIP(topology.baseAddress) === 0)
    refuse('topology.baseAddress', topology.baseAddress, 'an IP address');
  for (const port of ['clientPort', 'peerPort'] as const)
    if (!isInteger(topology[port], 1, 65535)) refuse(`topology.${port}`, topology[port], 'a port, 1 to 65535');
  if (!Array.isArray(topology.extraSans) || !topology.extraSans.every(isHost))
    refuse('topology.extraSans', topology.extraSans, 'a list of IP addresses and DNS names');
  if (!isInteger(topology.certValidityDays, 1, 3650))
    refuse('topology.certValidityDays', topology.certValidityDays, '1 to 3650');
  if (!(KEY_ALGORITHMS as readonly unknown[]).includes(topology.keyAlgorithm))
    refuse('topology.keyAlgorithm', topology.keyAlgorithm, KEY_ALGORITHMS.join(', '));
  if (topology.memberList !== undefined) {
    const list = topology.memberList;
    if (!Array.isArray(list) || list.length !== topology.members)
      refuse('topology.memberList', list, `a list of ${String(topology.members)} members`);
    const names = new Set<string>();
    for (const entry of list as unknown[]) {
      const member = isObject(entry) ? entry : {};
      const name = member.name;
      if (typeof name !== 'string' || !DNS_LABEL.test(name) || names.has(name))
        return refuse('topology.memberList name', isObject(entry) ? name : entry, 'a DNS label, once per member');
      if (!isHost(member.address))
        refuse(`topology.memberList address of ${name}`, member.address, 'an IP address or DNS name');
      names.add(name);
    }
  }
  for (const field of ['heartbeatMs', 'electionMs', 'startupTimeoutMs'] as const)
    if (!isInteger(timing[field], 1, 3_600_000)) refuse(`timing.${field}`, timing[field], 'milliseconds, 1 to 3600000');

  const fingerprints = Object.entries(certificates);
  if (fingerprints.length === 0) refuse('certificates', certificates, 'a fingerprint for every certificate');
  for (const [file, fingerprint] of fingerprints) {
    if (!CERT_PATH.test(file) || file.split('/').includes('..'))
      refuse('certificates path', file, 'a relative path of a .crt file');
    if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint))
      refuse(`certificates fingerprint of ${file}`, fingerprint, 'a SHA-256 fingerprint (AA:BB:...)');
  }
  return value as unknown as BundleManifest;
}

/** Refuses a bundle whose certificates are not exactly those its manifest fingerprints. */
export function assertFingerprintsMatch(manifest: BundleManifest, found: Record<string, string>, source: string): void {
  const files = new Set([...Object.keys(manifest.certificates), ...Object.keys(found)]);
  for (const file of [...files].sort()) {
    if (manifest.certificates[file] !== found[file]) {
      const said = manifest.certificates[file] ?? 'nothing';
      throw new SealError(
        `${source} opened, but its certificate pki/${file} is ${found[file] ?? 'missing'} while its manifest says ${said}; nothing was written`,
      );
    }
  }
}
