import type { ClusterSpec } from '../../cluster/spec.js';
import { EtcdClient, readClientTls, type ClientTls } from '../../etcd/client.js';
import { certificateNamesMember } from '../../pki/validate.js';

/**
 * An etcd client with the apiserver client certificate. Members whose server certificate names them
 * are verified by that name (TLS does not take IP addresses as server names); others by address.
 */
export async function clientFor(spec: ClusterSpec): Promise<EtcdClient> {
  const tls = await readClientTls({
    ca: spec.pki.caCert,
    cert: spec.pki.apiserverClientCert,
    key: spec.pki.apiserverClientKey,
  });
  const named = await Promise.all(
    spec.members.map(async (member) =>
      (await certificateNamesMember(member.pki.serverCert, member.name)) ? member : undefined,
    ),
  );
  return EtcdClient.create(
    tls,
    new Map(named.filter((member) => member !== undefined).map((member) => [member.clientUrl, member.name])),
  );
}

/** The healthcheck client's certificate, which the peer ports accept too (same CA, clientAuth). */
export function peerProbeTls(spec: ClusterSpec): Promise<ClientTls> {
  return readClientTls({
    ca: spec.pki.caCert,
    cert: spec.pki.healthcheckClientCert,
    key: spec.pki.healthcheckClientKey,
  });
}
