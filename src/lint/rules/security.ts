/**
 * Security rules, one per CIS Kubernetes Benchmark etcd item (2.1 to 2.7): TLS for clients and
 * peers, certificate authentication, no self-signed auto TLS, a CA of etcd's own. Plus kubeadm's
 * external etcd, which the API server reaches over the endpoints it lists.
 */
import { findingAt, settingOf, type Finding, type MemberConfig, type RuleInfo, type Setting } from '../model.js';
import { anchorOf, isTrue, report, written, type Rule, type RuleContext } from './rule.js';
import { urlsOf } from './startup-tls.js';
import { isLoopback, parseEtcdUrl } from './urls.js';

const insecure = (scheme: string) => scheme === 'http';

/**
 * The http URL to report among these settings, with the setting to report at: the listen URLs as
 * etcd uses them (written or default), advertised URLs only as written (a missing one is another
 * rule's). A plain listener beyond loopback comes first, then a plain advertised URL; a plain
 * listener on loopback alone (`loopbackOnly`) last: only processes on the host reach it.
 */
function firstPlainUrl(
  member: MemberConfig,
  names: string[],
  context: RuleContext,
): { at: Pick<Setting, 'at'>; setting?: Setting; url: string; loopbackOnly: boolean } | undefined {
  const found: Array<{ name: string; url: string; loopback: boolean }> = [];
  for (const name of names) {
    if (!name.startsWith('listen') && !settingOf(member, name)) continue;
    for (const url of urlsOf(member, name, context)) {
      if (insecure(url.scheme))
        found.push({ name, url: url.text, loopback: name.startsWith('listen') && isLoopbackHost(url.hostname) });
    }
  }
  const exposed = found.filter((candidate) => !candidate.loopback);
  const listenOnly = found.filter((candidate) => candidate.loopback);
  const advertisedOnLoopback = exposed.every((candidate) => isLoopbackHost(hostOf(candidate.url)));
  const loopbackOnly = listenOnly.length > 0 && advertisedOnLoopback;
  const pick = loopbackOnly ? listenOnly[0] : exposed[0];
  if (!pick) return undefined;
  const setting = settingOf(member, pick.name);
  return { at: setting ?? anchorOf(member, ...names), setting, url: pick.url, loopbackOnly };
}

const isLoopbackHost = (hostname: string) => isLoopback(hostname.replace(/^\[|\]$/g, ''));
const hostOf = (url: string) => {
  const parsed = parseEtcdUrl(url);
  return 'url' in parsed ? parsed.url.hostname : '';
};

/**
 * Whether every URL a listen setting binds (written or etcd's default `localhost`) is loopback
 * (`localhost`, 127.0.0.0/8, ::1): only processes on the same host reach it.
 */
export function listensOnLoopbackOnly(member: MemberConfig, name: string, context: RuleContext): boolean {
  // Clients also reach the HTTP-only listener of 3.4.25+/3.5.8+ when one is set.
  const names = name === 'listen-client-urls' ? [name, 'listen-client-http-urls'] : [name];
  const urls = names
    .flatMap((each) => urlsOf(member, each, context))
    .filter((url) => url.scheme === 'http' || url.scheme === 'https');
  return urls.length > 0 && urls.every((url) => isLoopbackHost(url.hostname));
}

/** The rule's finding, or a notice saying why it matters less when the listener binds only to loopback. */
function exposureFinding(
  info: RuleInfo,
  at: Pick<Setting, 'at' | 'valueAt'>,
  message: string,
  atValue: boolean,
  loopbackOnly: boolean,
  listener: string,
): Finding {
  if (!loopbackOnly) return report(info, at, message, atValue);
  const note = ` Only this host reaches it: ${listener} binds to loopback alone, so this is a notice, not a warning.`;
  return findingAt(at, 'notice', info.id, `${message}${note}`, atValue);
}

export const clientTls: Rule = {
  info: {
    id: 'ETCD-401',
    severity: 'warning',
    name: 'client-tls',
    etcdDoes:
      'Serves clients in clear text on http URLs: anyone on the network reads and alters every key, Kubernetes Secrets included.',
    fix: 'Serve clients on https URLs with cert-file and key-file (YAML: client-transport-security).',
    cis: '2.1',
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ['listen-client-urls', 'advertise-client-urls'], context);
    if (!plain) return [];
    const shown = plain.setting ? written(plain.setting) : `The default client URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown}: clients talk to etcd unencrypted (CIS 2.1: serve clients over https with cert-file and key-file).`,
        plain.setting !== undefined,
        plain.loopbackOnly,
        'listen-client-urls',
      ),
    ];
  },
};

export const clientCertAuth: Rule = {
  info: {
    id: 'ETCD-402',
    severity: 'warning',
    name: 'client-cert-auth',
    etcdDoes: 'Without client-cert-auth, accepts every client that reaches its port, with no certificate.',
    fix: 'Set client-cert-auth to true (YAML: client-transport-security.client-cert-auth) with trusted-ca-file naming the CA of the clients.',
    cis: '2.2',
  },
  member(member, context) {
    const setting = settingOf(member, 'client-cert-auth');
    if (isTrue(setting?.value)) return [];
    const shown = setting ? written(setting) : 'client-cert-auth is not set';
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, 'cert-file', 'listen-client-urls'),
        `${shown}: etcd accepts clients without a certificate (CIS 2.2: client-cert-auth true).`,
        setting !== undefined,
        listensOnLoopbackOnly(member, 'listen-client-urls', context),
        'listen-client-urls',
      ),
    ];
  },
};

export const autoTls: Rule = {
  info: {
    id: 'ETCD-403',
    severity: 'warning',
    name: 'client-auto-tls',
    etcdDoes:
      'With auto-tls, serves clients with a self-signed certificate it makes itself: clients cannot verify they talk to etcd.',
    fix: 'Set auto-tls to false and give cert-file and key-file signed by etcd’s CA.',
    cis: '2.3',
  },
  member(member) {
    const setting = settingOf(member, 'auto-tls');
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: etcd serves clients a self-signed certificate nobody can verify (CIS 2.3: auto-tls not true).`,
        true,
      ),
    ];
  },
};

export const peerTls: Rule = {
  info: {
    id: 'ETCD-404',
    severity: 'warning',
    name: 'peer-tls',
    etcdDoes:
      'Replicates in clear text between members on http peer URLs: anyone on the network reads the data and can pose as a member.',
    fix: 'Use https peer URLs with peer-cert-file and peer-key-file (YAML: peer-transport-security).',
    cis: '2.4',
  },
  member(member, context) {
    const plain = firstPlainUrl(member, ['listen-peer-urls', 'initial-advertise-peer-urls'], context);
    if (!plain) return [];
    const shown = plain.setting ? written(plain.setting) : `The default peer URL ${plain.url}`;
    return [
      exposureFinding(
        this.info,
        plain.at,
        `${shown}: members replicate unencrypted (CIS 2.4: peer URLs https with peer-cert-file and peer-key-file).`,
        plain.setting !== undefined,
        plain.loopbackOnly,
        'listen-peer-urls',
      ),
    ];
  },
};

export const peerClientCertAuth: Rule = {
  info: {
    id: 'ETCD-405',
    severity: 'warning',
    name: 'peer-client-cert-auth',
    etcdDoes:
      'Without peer-client-cert-auth, accepts any peer connection, so anyone reaching the peer port can pose as a member.',
    fix: 'Set peer-client-cert-auth to true (YAML: peer-transport-security.client-cert-auth) with peer-trusted-ca-file.',
    cis: '2.5',
  },
  member(member, context) {
    const setting = settingOf(member, 'peer-client-cert-auth');
    if (isTrue(setting?.value)) return [];
    const shown = setting ? written(setting) : 'peer-client-cert-auth is not set';
    return [
      exposureFinding(
        this.info,
        setting ?? anchorOf(member, 'peer-cert-file', 'listen-peer-urls'),
        `${shown}: etcd accepts peers without a certificate (CIS 2.5: peer-client-cert-auth true).`,
        setting !== undefined,
        listensOnLoopbackOnly(member, 'listen-peer-urls', context),
        'listen-peer-urls',
      ),
    ];
  },
};

export const peerAutoTls: Rule = {
  info: {
    id: 'ETCD-406',
    severity: 'warning',
    name: 'peer-auto-tls',
    etcdDoes:
      'With peer-auto-tls, members use self-signed certificates they make themselves: a member cannot verify its peers.',
    fix: 'Set peer-auto-tls to false and give peer-cert-file and peer-key-file signed by etcd’s CA.',
    cis: '2.6',
  },
  member(member) {
    const setting = settingOf(member, 'peer-auto-tls');
    if (!setting || !isTrue(setting.value)) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)}: members use self-signed certificates nobody can verify (CIS 2.6: peer-auto-tls not true).`,
        true,
      ),
    ];
  },
};

export const trustedCaMissing: Rule = {
  info: {
    id: 'ETCD-407',
    severity: 'warning',
    name: 'trusted-ca-missing',
    etcdDoes:
      'Checks client (or peer) certificates against the system’s public CAs when no trusted CA file is set: certificates from any public CA get in.',
    fix: 'Set trusted-ca-file and peer-trusted-ca-file to a CA used for etcd only.',
    cis: '2.7',
  },
  member(member) {
    const findings: Finding[] = [];
    for (const [auth, ca] of [
      ['client-cert-auth', 'trusted-ca-file'],
      ['peer-client-cert-auth', 'peer-trusted-ca-file'],
    ] as const) {
      const authSetting = settingOf(member, auth);
      if (!authSetting || !isTrue(authSetting.value) || (settingOf(member, ca)?.value.trim() ?? '') !== '') continue;
      findings.push(
        report(
          this.info,
          authSetting,
          `${written(authSetting)} without ${ca}: etcd verifies certificates against the system’s public CAs (CIS 2.7: a CA for etcd alone).`,
        ),
      );
    }
    return findings;
  },
};

/**
 * The CA of the Kubernetes cluster itself: kubeadm's `pki/ca.crt` (etcd has its own, under
 * pki/etcd) and the hand-made guides' `/etc/kubernetes/ssl/ca.pem` (also `cert/`, `certs/`).
 */
const KUBERNETES_CA = /(^|\/)kubernetes\/(pki|ssl|certs?)\/ca\.(crt|pem)$/;

export const sharedKubernetesCa: Rule = {
  info: {
    id: 'ETCD-408',
    severity: 'notice',
    name: 'shared-kubernetes-ca',
    etcdDoes:
      'Trusts every certificate the Kubernetes CA signs (kubelets, users, controllers) when that CA is its trusted CA.',
    fix: 'Give etcd a CA of its own (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).',
    cis: '2.7',
  },
  member(member) {
    return ['trusted-ca-file', 'peer-trusted-ca-file'].flatMap((name) => {
      const setting = settingOf(member, name);
      if (!setting || !KUBERNETES_CA.test(setting.value.trim())) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is the Kubernetes cluster CA: every certificate it signs can reach etcd (CIS 2.7: a CA for etcd alone).`,
          true,
        ),
      ];
    });
  },
};

export const externalEtcdTls: Rule = {
  info: {
    id: 'ETCD-409',
    severity: 'warning',
    name: 'external-etcd-tls',
    etcdDoes:
      'The API server talks to an external etcd in clear text over http endpoints, or without a client certificate when certFile/keyFile are missing.',
    fix: 'List https endpoints under etcd.external and set caFile, certFile and keyFile.',
  },
  file(file) {
    const external = file.external;
    if (!external) return [];
    const findings: Finding[] = [];
    for (const endpoint of external.endpoints) {
      const parsed = parseEtcdUrl(endpoint.value);
      if ('url' in parsed && parsed.url.scheme === 'http') {
        findings.push(
          report(
            this.info,
            endpoint,
            `etcd.external endpoint ${endpoint.value} is http: the API server sends every object, Secrets included, unencrypted.`,
          ),
        );
      }
    }
    const missing = (['caFile', 'certFile', 'keyFile'] as const).filter((key) => !external[key]?.value);
    if (missing.length > 0) {
      findings.push(
        report(
          this.info,
          external,
          `etcd.external has no ${missing.join(', ')}: the API server cannot verify etcd or present a client certificate.`,
        ),
      );
    }
    return findings;
  },
};
