// Times `etcd-ha lint` over 1,000 configuration files as whole processes: 334 clusters of three
// members in a temporary folder, each cluster in one of the forms the linter reads (etcd.conf.yml,
// ETCD_* env file, systemd unit, kubeadm per-host configuration, static pod manifest), with a few
// mistakes so the rules have findings to make. Prints the median, min and max wall time and the
// findings of the last run.
// Usage: node bench/lint.mjs [runs=7] [files=1000]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 7);
const fileCount = Number(process.argv[3] ?? 1000);
const cli = path.resolve('dist/cli/index.js');

const peers = (cluster, scheme = 'https') =>
  [1, 2, 3].map((n) => `etcd-${n}=${scheme}://10.${cluster >> 8}.${cluster & 255}.${n}:2380`).join(',');
const host = (cluster, n) => `10.${cluster >> 8}.${cluster & 255}.${n}`;

/** One member's file in the form `form`, for member `n` (1..3) of cluster `cluster`. */
function memberFile(form, cluster, n) {
  const ip = host(cluster, n);
  // Every seventh cluster carries a typo (an unknown key) and every eleventh a timing etcd refuses.
  const typo = cluster % 7 === 0;
  const election = cluster % 11 === 0 ? 400 : 1000;
  switch (form) {
    case 'yml':
      return [
        `etcd${n}.conf.yml`,
        [
          `name: etcd-${n}`,
          'data-dir: /var/lib/etcd',
          `listen-peer-urls: https://${ip}:2380`,
          `listen-client-urls: https://${ip}:2379,https://127.0.0.1:2379`,
          `advertise-client-urls: https://${ip}:2379`,
          `initial-advertise-peer-urls: https://${ip}:2380`,
          `initial-cluster: ${peers(cluster)}`,
          `${typo ? 'initial-cluster-tokn' : 'initial-cluster-token'}: etcd-cluster-${cluster}`,
          'initial-cluster-state: new',
          'heartbeat-interval: 100',
          `election-timeout: ${election}`,
          'client-transport-security:',
          '  cert-file: /etc/etcd/pki/server.crt',
          '  key-file: /etc/etcd/pki/server.key',
          '  client-cert-auth: true',
          '  trusted-ca-file: /etc/etcd/pki/ca.crt',
          'peer-transport-security:',
          '  cert-file: /etc/etcd/pki/peer.crt',
          '  key-file: /etc/etcd/pki/peer.key',
          '  client-cert-auth: true',
          '  trusted-ca-file: /etc/etcd/pki/ca.crt',
          '',
        ].join('\n'),
      ];
    case 'env':
      return [
        `etcd-${n}.conf`,
        [
          '# etcd member settings',
          `ETCD_NAME="etcd-${n}"`,
          'ETCD_DATA_DIR="/var/lib/etcd/default.etcd"',
          `ETCD_LISTEN_PEER_URLS="https://${ip}:2380"`,
          `ETCD_LISTEN_CLIENT_URLS="https://${ip}:2379"`,
          `ETCD_INITIAL_ADVERTISE_PEER_URLS="https://${ip}:2380"`,
          `ETCD_ADVERTISE_CLIENT_URLS="https://${ip}:2379"`,
          `ETCD_INITIAL_CLUSTER="${peers(cluster)}"`,
          `${typo ? 'ETCD_INITIAL_CLUSRER_STATE' : 'ETCD_INITIAL_CLUSTER_STATE'}="new"`,
          `ETCD_INITIAL_CLUSTER_TOKEN="etcd-cluster-${cluster}"`,
          `ETCD_ELECTION_TIMEOUT=${election}`,
          'ETCD_CERT_FILE=/etc/etcd/pki/server.crt',
          'ETCD_KEY_FILE=/etc/etcd/pki/server.key',
          'ETCD_CLIENT_CERT_AUTH=true',
          'ETCD_TRUSTED_CA_FILE=/etc/etcd/pki/ca.crt',
          'ETCD_PEER_CERT_FILE=/etc/etcd/pki/peer.crt',
          'ETCD_PEER_KEY_FILE=/etc/etcd/pki/peer.key',
          'ETCD_PEER_CLIENT_CERT_AUTH=true',
          'ETCD_PEER_TRUSTED_CA_FILE=/etc/etcd/pki/ca.crt',
          '',
        ].join('\n'),
      ];
    case 'unit':
      return [
        `etcd-${n}.service`,
        [
          '[Unit]',
          'Description=etcd',
          '',
          '[Service]',
          'Type=notify',
          'ExecStart=/usr/local/bin/etcd \\',
          `  --name etcd-${n} \\`,
          '  --data-dir=/var/lib/etcd \\',
          `  --listen-peer-urls https://${ip}:2380 \\`,
          `  --listen-client-urls https://${ip}:2379 \\`,
          `  --advertise-client-urls https://${ip}:2379 \\`,
          `  --initial-advertise-peer-urls https://${ip}:2380 \\`,
          `  --initial-cluster ${peers(cluster)} \\`,
          `  --initial-cluster-token etcd-cluster-${cluster} \\`,
          `  --election-timeout ${election} \\`,
          '  --cert-file=/etc/etcd/pki/server.crt --key-file=/etc/etcd/pki/server.key \\',
          '  --trusted-ca-file=/etc/etcd/pki/ca.crt --client-cert-auth \\',
          '  --peer-cert-file=/etc/etcd/pki/peer.crt --peer-key-file=/etc/etcd/pki/peer.key \\',
          `  --peer-trusted-ca-file=/etc/etcd/pki/ca.crt --peer-client-cert-auth${typo ? ' --peer-auto-tls' : ''}`,
          'Restart=always',
          '',
          '[Install]',
          'WantedBy=multi-user.target',
          '',
        ].join('\n'),
      ];
    case 'kubeadm':
      return [
        `kubeadmcfg-${n}.yaml`,
        [
          'apiVersion: kubeadm.k8s.io/v1beta4',
          'kind: InitConfiguration',
          'nodeRegistration:',
          `  name: etcd-${n}`,
          'localAPIEndpoint:',
          `  advertiseAddress: ${ip}`,
          '---',
          'apiVersion: kubeadm.k8s.io/v1beta4',
          'kind: ClusterConfiguration',
          'etcd:',
          '  local:',
          '    serverCertSANs:',
          `    - ${ip}`,
          '    peerCertSANs:',
          `    - ${ip}`,
          '    extraArgs:',
          '    - name: initial-cluster',
          `      value: ${peers(cluster)}`,
          '    - name: initial-cluster-state',
          '      value: new',
          '    - name: name',
          `      value: etcd-${n}`,
          '    - name: listen-peer-urls',
          `      value: https://${ip}:2380`,
          '    - name: listen-client-urls',
          `      value: https://${ip}:2379`,
          '    - name: advertise-client-urls',
          `      value: https://${ip}:2379`,
          '    - name: initial-advertise-peer-urls',
          `      value: https://${ip}:2380`,
          ...(typo ? ['    - name: election-timeout', '      value: "400"'] : []),
          '',
        ].join('\n'),
      ];
    default:
      return [
        `etcd-${n}.yaml`,
        [
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: etcd',
          '  namespace: kube-system',
          'spec:',
          '  containers:',
          '  - name: etcd',
          '    image: registry.k8s.io/etcd:3.5.21-0',
          '    command:',
          '    - etcd',
          `    - --name=etcd-${n}`,
          `    - --advertise-client-urls=https://${ip}:2379`,
          `    - --listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
          `    - --listen-peer-urls=https://${ip}:2380`,
          `    - --initial-advertise-peer-urls=https://${ip}:2380`,
          `    - --initial-cluster=${peers(cluster)}`,
          '    - --data-dir=/var/lib/etcd',
          '    - --cert-file=/etc/kubernetes/pki/etcd/server.crt',
          '    - --key-file=/etc/kubernetes/pki/etcd/server.key',
          '    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
          '    - --client-cert-auth=true',
          '    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
          '    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
          '    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
          '    - --peer-client-cert-auth=true',
          `    - --election-timeout=${election}`,
          '',
        ].join('\n'),
      ];
  }
}

/** Writes `count` member files into `root`, three to a cluster folder. */
function writeCorpus(root, count) {
  const forms = ['yml', 'env', 'unit', 'kubeadm', 'pod'];
  for (let i = 0; i < count; i++) {
    const cluster = Math.floor(i / 3);
    const form = forms[cluster % forms.length];
    const dir = path.join(root, `cluster-${String(cluster).padStart(4, '0')}-${form}`);
    mkdirSync(dir, { recursive: true });
    const [name, text] = memberFile(form, cluster, (i % 3) + 1);
    writeFileSync(path.join(dir, name), text);
  }
}

const root = mkdtempSync(path.join(tmpdir(), 'etcd-ha-lint-bench-'));
try {
  writeCorpus(root, fileCount);
  const times = [];
  let last;
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    let output;
    try {
      output = execFileSync(process.execPath, [cli, 'lint', root, '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        timeout: 60_000,
      });
    } catch (error) {
      // Exit 1 means findings reached fail-on: the output is still the result.
      if (error.status !== 1) throw error;
      output = error.stdout;
    }
    const elapsed = performance.now() - started;
    if (i > 0) times.push(elapsed); // the first run warms the page cache
    last = JSON.parse(output);
  }
  times.sort((a, b) => a - b);
  const median =
    times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  const members = last.files.filter((file) => file.member !== null).length;
  console.log(
    `etcd-ha lint over ${fileCount} files (${members} members), ${runs} runs after one warm-up, whole process:`,
  );
  console.log(
    `wall time (ms)  median ${median.toFixed(0)}  min ${times[0].toFixed(0)}  max ${times[times.length - 1].toFixed(0)}`,
  );
  console.log(
    `findings: ${last.summary.errors} errors, ${last.summary.warnings} warnings, ${last.summary.notices} notices`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
