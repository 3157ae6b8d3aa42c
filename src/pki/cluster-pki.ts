import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isIP } from 'node:net';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { createCertificateAuthority, issueCertificate, newRsaKey, type LeafRequest, type SubjectAltNames } from './generate.js';

const CA_VALIDITY_DAYS = 3650;

/**
 * The SANs of a member's server and peer certificates: its name, its address, localhost and the
 * loopbacks, the member's own extras (the hosts its configuration names), plus extras for all.
 */
export function memberAltNames(member: MemberSpec, extraSans: string[]): SubjectAltNames {
  const names = [member.name, 'localhost', member.address, '127.0.0.1', '::1', ...(member.extraSans ?? []), ...extraSans];
  const unique = [...new Set(names)];
  return {
    dns: unique.filter((name) => isIP(name) === 0),
    ips: unique.filter((name) => isIP(name) !== 0),
  };
}

async function writePem(file: string, text: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, text, { mode });
  await chmod(file, mode); // writeFile's mode is only applied to new files
}

/**
 * Generates the cluster's PKI in kubeadm's layout: the etcd CA (10 years), a server and a peer
 * certificate per member, the healthcheck and apiserver client certificates. Keys are 0600, folders 0700.
 */
export async function generateClusterPki(spec: ClusterSpec, now: Date = new Date()): Promise<void> {
  const { keySize, certValidityDays, extraSans } = spec.topology;
  const leaf = { validityDays: certValidityDays, now };
  // Every key is generated at once: RSA prime search dominates the cost and runs on the thread pool.
  const [caKey, healthcheckKey, apiserverKey, ...memberKeys] = await Promise.all(
    Array.from({ length: 3 + 2 * spec.members.length }, () => newRsaKey(keySize)),
  );
  const ca = createCertificateAuthority(caKey, { validityDays: CA_VALIDITY_DAYS, now });
  const clientUsage: Array<'clientAuth'> = ['clientAuth'];
  const healthcheck = issueCertificate(ca, healthcheckKey, { commonName: 'kube-etcd-healthcheck-client', usages: clientUsage }, leaf);
  const apiserver = issueCertificate(
    ca,
    apiserverKey,
    { commonName: 'kube-apiserver-etcd-client', organization: 'system:masters', usages: clientUsage },
    leaf,
  );
  const memberCerts = spec.members.flatMap((member, index) => {
    const request: LeafRequest = { commonName: member.name, altNames: memberAltNames(member, extraSans), usages: ['serverAuth', 'clientAuth'] };
    return [issueCertificate(ca, memberKeys[2 * index], request, leaf), issueCertificate(ca, memberKeys[2 * index + 1], request, leaf)];
  });
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
    const server = memberCerts[index * 2];
    const peer = memberCerts[index * 2 + 1];
    const files = member.pki;
    writes.push(
      writePem(files.caCert, ca.certPem, 0o644),
      writePem(files.serverCert, server.certPem, 0o644),
      writePem(files.serverKey, server.keyPem, 0o600),
      writePem(files.peerCert, peer.certPem, 0o644),
      writePem(files.peerKey, peer.keyPem, 0o600),
      writePem(files.healthcheckClientCert, healthcheck.certPem, 0o644),
      writePem(files.healthcheckClientKey, healthcheck.keyPem, 0o600),
    );
  });
  await Promise.all(writes);
}
