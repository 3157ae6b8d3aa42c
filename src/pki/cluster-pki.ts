import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isIP } from 'node:net';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import type { MemberPkiPaths } from './layout.js';
import type { TopologyOptions } from '../cluster/topology.js';
import { writeFileNoFollow } from '../util/safe-write.js';
import {
  createCertificateAuthority,
  issueCertificate,
  loadCertificateAuthority,
  newKey,
  preloadX509,
  type CertificateAuthority,
  type GeneratedKey,
  type IssuedCertificate,
  type LeafRequest,
  type SubjectAltNames,
} from './generate.js';
import type { KeyAlgorithm } from './key-algorithm.js';

const CA_VALIDITY_DAYS = 3650;

/**
 * The SANs of a member's server and peer certificates: its name, its address, localhost and the
 * loopbacks, the member's own extras (the hosts its configuration names), plus extras for all.
 */
export function memberAltNames(member: MemberSpec, extraSans: string[]): SubjectAltNames {
  const names = [
    member.name,
    'localhost',
    member.address,
    '127.0.0.1',
    '::1',
    ...(member.extraSans ?? []),
    ...extraSans,
  ];
  const unique = [...new Set(names)];
  return {
    dns: unique.filter((name) => isIP(name) === 0),
    ips: unique.filter((name) => isIP(name) !== 0),
  };
}

async function writePem(file: string, text: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // A new file renamed into place, with exactly this mode: never through a link planted in the folder.
  await writeFileNoFollow(file, text, { mode });
}

/** A cluster's PKI made in memory, every certificate and key as PEM, before anything is written. */
export interface ClusterPkiMaterial {
  /** What the certificates say of the members (names, SANs), the key algorithm and the validity: a spec it fits says the same. */
  madeFor: string;
  ca: IssuedCertificate;
  healthcheck: IssuedCertificate;
  apiserver: IssuedCertificate;
  members: Array<{ server: IssuedCertificate; peer: IssuedCertificate }>;
}

type PkiTopology = Pick<TopologyOptions, 'extraSans' | 'certValidityDays' | 'keyAlgorithm'>;

function madeFor(members: MemberSpec[], topology: PkiTopology): string {
  const { keyAlgorithm, certValidityDays, extraSans } = topology;
  return JSON.stringify({
    keyAlgorithm,
    certValidityDays,
    members: members.map((member) => [member.name, memberAltNames(member, extraSans)]),
  });
}

/**
 * Keys made at once. RSA prime search holds one thread of libuv's pool (4 by default) per key for
 * up to a second; one thread is left free, so the file operations of work the PKI overlaps (finding
 * or downloading etcd) are not held up behind it.
 */
const KEY_JOBS = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);

async function newKeys(count: number, algorithm: KeyAlgorithm): Promise<GeneratedKey[]> {
  const keys: GeneratedKey[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      keys[index] = await newKey(algorithm);
    }
  };
  await Promise.all(Array.from({ length: Math.min(KEY_JOBS, count) }, worker));
  return keys;
}

/**
 * Makes a cluster's PKI in memory, as kubeadm lays it out: the etcd CA (10 years), a server and a peer
 * certificate per member, the healthcheck and apiserver client certificates. It needs only the
 * members and the topology, so it can start before anything else and run while etcd is found or
 * downloaded; writeClusterPki writes it.
 */
export async function makeClusterPki(
  members: MemberSpec[],
  topology: PkiTopology,
  now: Date = new Date(),
): Promise<ClusterPkiMaterial> {
  const { certValidityDays, extraSans, keyAlgorithm } = topology;
  const leaf = { validityDays: certValidityDays, now };
  preloadX509();
  const [caKey, healthcheckKey, apiserverKey, ...memberKeys] = await newKeys(3 + 2 * members.length, keyAlgorithm);
  const ca = await createCertificateAuthority(caKey, { validityDays: CA_VALIDITY_DAYS, now });
  const clientUsage: Array<'clientAuth'> = ['clientAuth'];
  const [healthcheck, apiserver, memberCertificates] = await Promise.all([
    issueCertificate(ca, healthcheckKey, { commonName: 'kube-etcd-healthcheck-client', usages: clientUsage }, leaf),
    issueCertificate(
      ca,
      apiserverKey,
      { commonName: 'kube-apiserver-etcd-client', organization: 'system:masters', usages: clientUsage },
      leaf,
    ),
    issueMemberCertificates(ca, members, memberKeys, extraSans, leaf),
  ]);
  return { madeFor: madeFor(members, topology), ca, healthcheck, apiserver, members: memberCertificates };
}

/** A server and a peer certificate for each member (same names and usages, as kubeadm makes them), from `keys` two by two. */
function issueMemberCertificates(
  ca: CertificateAuthority,
  members: MemberSpec[],
  keys: GeneratedKey[],
  extraSans: string[],
  leaf: { validityDays: number; now: Date },
): Promise<Array<{ server: IssuedCertificate; peer: IssuedCertificate }>> {
  return Promise.all(
    members.map(async (member, index) => {
      const request: LeafRequest = {
        commonName: member.name,
        altNames: memberAltNames(member, extraSans),
        usages: ['serverAuth', 'clientAuth'],
      };
      const [server, peer] = await Promise.all([
        issueCertificate(ca, keys[2 * index], request, leaf),
        issueCertificate(ca, keys[2 * index + 1], request, leaf),
      ]);
      return { server, peer };
    }),
  );
}

/** A member's folder: the CA certificate, its server and peer certificates and keys (keys 0600). */
function memberPemWrites(
  files: MemberPkiPaths,
  caCertPem: string,
  { server, peer }: { server: IssuedCertificate; peer: IssuedCertificate },
): Array<Promise<void>> {
  return [
    writePem(files.caCert, caCertPem, 0o644),
    writePem(files.serverCert, server.certPem, 0o644),
    writePem(files.serverKey, server.keyPem, 0o600),
    writePem(files.peerCert, peer.certPem, 0o644),
    writePem(files.peerKey, peer.keyPem, 0o600),
  ];
}

/** Writes a PKI from makeClusterPki into the spec's folders (keys 0600, folders 0700); it must have been made for the spec's members. */
export async function writeClusterPki(spec: ClusterSpec, material: ClusterPkiMaterial): Promise<void> {
  if (material.madeFor !== madeFor(spec.members, spec.topology)) {
    throw new Error(
      `the PKI was made for other members or settings (${material.madeFor}) than these (${madeFor(spec.members, spec.topology)})`,
    );
  }
  const { ca, healthcheck, apiserver } = material;
  const { pki } = spec;
  await mkdir(pki.root, { recursive: true, mode: 0o700 });
  await chmod(pki.root, 0o700);
  const writes = [
    writePem(pki.caCert, ca.certPem, 0o644),
    writePem(pki.caKey, ca.keyPem, 0o600),
    writePem(pki.healthcheckClientCert, healthcheck.certPem, 0o644),
    writePem(pki.healthcheckClientKey, healthcheck.keyPem, 0o600),
    writePem(pki.apiserverClientCert, apiserver.certPem, 0o644),
    writePem(pki.apiserverClientKey, apiserver.keyPem, 0o600),
  ];
  spec.members.forEach((member, index) => {
    const files = member.pki;
    writes.push(
      ...memberPemWrites(files, ca.certPem, material.members[index]),
      writePem(files.healthcheckClientCert, healthcheck.certPem, 0o644),
      writePem(files.healthcheckClientKey, healthcheck.keyPem, 0o600),
    );
  });
  await Promise.all(writes);
}

/**
 * Generates the cluster's PKI and writes it in kubeadm's layout (see makeClusterPki). `made` is a PKI
 * started earlier for the same members and settings.
 */
export async function generateClusterPki(
  spec: ClusterSpec,
  now: Date = new Date(),
  made: Promise<ClusterPkiMaterial> = makeClusterPki(spec.members, spec.topology, now),
): Promise<void> {
  await writeClusterPki(spec, await made);
}

/**
 * Issues a server and a peer certificate for each member beyond the spec's (added to the running
 * cluster, or of a cluster restored beside it) from the cluster's CA (`etcd/ca.key`), with the CA's
 * key algorithm, and writes them with the CA certificate into each member's folder (keys 0600).
 */
export async function issueSpareMemberPki(
  spec: ClusterSpec,
  members: MemberSpec[],
  now: Date = new Date(),
): Promise<void> {
  const [caCertPem, caKeyPem] = await Promise.all([
    readFile(spec.pki.caCert, 'utf8'),
    readFile(spec.pki.caKey, 'utf8'),
  ]);
  const ca = await loadCertificateAuthority(caCertPem, caKeyPem);
  const leaf = { validityDays: Math.max(1, spec.topology.certValidityDays), now };
  const keys = await newKeys(2 * members.length, ca.algorithm);
  const certificates = await issueMemberCertificates(ca, members, keys, spec.topology.extraSans, leaf);
  await Promise.all(members.flatMap((member, index) => memberPemWrites(member.pki, caCertPem, certificates[index])));
}
