import path from 'node:path';

/**
 * Where the certificates live, in kubeadm's layout. The root holds the control-plane view
 * (`etcd/ca.crt`, `etcd/ca.key`, `etcd/healthcheck-client.*`, `apiserver-etcd-client.*`, as in
 * /etc/kubernetes/pki); `members/<name>/etcd/` holds what each member host gets (no CA key).
 */
export interface PkiPaths {
  root: string;
  caCert: string;
  caKey: string;
  healthcheckClientCert: string;
  healthcheckClientKey: string;
  apiserverClientCert: string;
  apiserverClientKey: string;
}

export interface MemberPkiPaths {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  peerCert: string;
  peerKey: string;
  healthcheckClientCert: string;
  healthcheckClientKey: string;
}

export function pkiPaths(root: string): PkiPaths {
  return {
    root,
    caCert: path.join(root, 'etcd', 'ca.crt'),
    caKey: path.join(root, 'etcd', 'ca.key'),
    healthcheckClientCert: path.join(root, 'etcd', 'healthcheck-client.crt'),
    healthcheckClientKey: path.join(root, 'etcd', 'healthcheck-client.key'),
    apiserverClientCert: path.join(root, 'apiserver-etcd-client.crt'),
    apiserverClientKey: path.join(root, 'apiserver-etcd-client.key'),
  };
}

export function memberPkiPaths(pki: PkiPaths, memberName: string): MemberPkiPaths {
  const dir = path.join(pki.root, 'members', memberName, 'etcd');
  return {
    dir,
    caCert: path.join(dir, 'ca.crt'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
    peerCert: path.join(dir, 'peer.crt'),
    peerKey: path.join(dir, 'peer.key'),
    healthcheckClientCert: path.join(dir, 'healthcheck-client.crt'),
    healthcheckClientKey: path.join(dir, 'healthcheck-client.key'),
  };
}
