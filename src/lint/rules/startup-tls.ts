/** Startup refusals about TLS: https listeners need a certificate and key, and TLS options must be ones Go knows. */
import { flagInfo } from '../etcd-flags.js';
import { settingOf, type Finding, type MemberConfig, type Setting } from '../model.js';
import {
  ALL_RELEASES,
  anchorOf,
  isTrue,
  refuses,
  report,
  valueOf,
  written,
  type Rule,
  type RuleContext,
} from './rule.js';
import { parseUrlList, type EtcdUrl } from './urls.js';

/** The URLs of a list setting as etcd uses them (written or default); invalid lists give none. */
export function urlsOf(member: MemberConfig, name: string, context: RuleContext): EtcdUrl[] {
  const value = valueOf(member, name, context.version);
  if (value === undefined || value.trim() === '') return [];
  const parsed = parseUrlList(value);
  return parsed.error ? [] : parsed.urls;
}

const isTls = (url: EtcdUrl) => url.scheme === 'https' || url.scheme === 'unixs';

/** The first of these settings that is written, as written; else the URL etcd uses by default. */
function shown(member: MemberConfig, names: string[], url: EtcdUrl): string {
  const setting = names.map((name) => settingOf(member, name)).find((candidate) => candidate !== undefined);
  return setting ? written(setting) : `The default URL ${url.text}`;
}
const filled = (setting: Setting | undefined) => (setting?.value.trim() ?? '') !== '';

/** A certificate/key pair with only one half written: etcd's error, at the half that is there. */
function halfPair(rule: Rule, cert: Setting | undefined, key: Setting | undefined): Finding[] {
  if (filled(cert) === filled(key)) return [];
  const present = (filled(cert) ? cert : key)!;
  const etcdMessage = `KeyFile and CertFile must both be present[key: ${key?.value ?? ''}, cert: ${cert?.value ?? ''}]`;
  return [
    report(
      rule.info,
      present,
      `${written(present)} is set without its ${filled(cert) ? 'key' : 'certificate'}; ${refuses(etcdMessage)}.`,
    ),
  ];
}

export const tlsFilesMissing: Rule = {
  info: {
    id: 'ETCD-111',
    severity: 'error',
    name: 'tls-files-missing',
    etcdDoes:
      'Refuses to start: an https listener needs a certificate and its key (client: cert-file/key-file, peer: peer-cert-file/peer-key-file), unless auto TLS makes them.',
    fix: 'Set both the certificate and the key for every https listener (for a YAML file: under client-transport-security / peer-transport-security).',
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const findings: Finding[] = [];
    const cert = settingOf(member, 'cert-file');
    const key = settingOf(member, 'key-file');
    const clientUrls = [
      ...urlsOf(member, 'listen-client-urls', context),
      ...urlsOf(member, 'listen-client-http-urls', context),
    ];
    const clientTls = clientUrls.find(isTls);
    if (clientTls) {
      if (!filled(cert) && !filled(key) && !isTrue(settingOf(member, 'auto-tls')?.value)) {
        const at = anchorOf(member, 'listen-client-urls', 'listen-client-http-urls');
        const etcdMessage = `TLS key/cert (--cert-file, --key-file) must be provided for client url ${clientTls.scheme}://${clientTls.host} with HTTPS scheme`;
        findings.push(
          report(
            this.info,
            at,
            `${shown(member, ['listen-client-urls', 'listen-client-http-urls'], clientTls)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`,
          ),
        );
      } else findings.push(...halfPair(this, cert, key));
    }
    const metricsTls = urlsOf(member, 'listen-metrics-urls', context).find(isTls);
    if (metricsTls && !filled(cert) && !filled(key) && !clientTls) {
      const at = anchorOf(member, 'listen-metrics-urls');
      const etcdMessage =
        context.version.minor === '3.4'
          ? `cannot listen on TLS for ${metricsTls.host}: KeyFile and CertFile are not presented`
          : 'client TLS key/cert (--cert-file, --key-file) must be provided for metrics secure url';
      findings.push(
        report(
          this.info,
          at,
          `${shown(member, ['listen-metrics-urls'], metricsTls)} is https, but no client certificate and key (cert-file, key-file) are set; ${refuses(etcdMessage)}.`,
        ),
      );
    }
    const peerTls = urlsOf(member, 'listen-peer-urls', context).find(isTls);
    if (peerTls) {
      const peerCert = settingOf(member, 'peer-cert-file');
      const peerKey = settingOf(member, 'peer-key-file');
      if (!filled(peerCert) && !filled(peerKey) && !isTrue(settingOf(member, 'peer-auto-tls')?.value)) {
        const at = anchorOf(member, 'listen-peer-urls');
        const etcdMessage = `cannot listen on TLS for ${peerTls.host}: KeyFile and CertFile are not presented`;
        findings.push(
          report(
            this.info,
            at,
            `${shown(member, ['listen-peer-urls'], peerTls)} is https, but no peer certificate and key (peer-cert-file, peer-key-file) are set; ${refuses(etcdMessage)}.`,
          ),
        );
      } else findings.push(...halfPair(this, peerCert, peerKey));
    }
    return findings;
  },
};

/** Go's TLS cipher suite names (crypto/tls CipherSuites and InsecureCipherSuites), and etcd's two aliases. */
const CIPHER_SUITES = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_RC4_128_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
]);

const TLS_VERSIONS = ['', 'TLS1.2', 'TLS1.3'];

export const invalidTlsOptions: Rule = {
  info: {
    id: 'ETCD-112',
    severity: 'error',
    name: 'invalid-tls-options',
    etcdDoes:
      'Refuses to start on a cipher suite Go does not know, a TLS version other than TLS1.2/TLS1.3, a minimum above the maximum, or cipher suites with TLS 1.3 only.',
    fix: 'Use Go cipher suite names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...) and tls-min-version/tls-max-version TLS1.2 or TLS1.3; TLS 1.3 suites cannot be chosen.',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings: Finding[] = [];
    const ciphers = settingOf(member, 'cipher-suites');
    const names = (ciphers?.value ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const unknown = names.find((name) => !CIPHER_SUITES.has(name));
    if (ciphers && unknown) {
      const etcdMessage = `unexpected TLS cipher suite ${JSON.stringify(unknown)}`;
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)}: ${unknown} is not a cipher suite Go knows; ${refuses(etcdMessage)}.`,
          true,
        ),
      );
    }
    if (!flagInfo('tls-min-version', version).known) return findings;
    const min = settingOf(member, 'tls-min-version');
    const max = settingOf(member, 'tls-max-version');
    for (const setting of [min, max]) {
      if (setting && !TLS_VERSIONS.includes(setting.value)) {
        const etcdMessage = `unexpected TLS version ${JSON.stringify(setting.value)} (must be one of: TLS1.2, TLS1.3)`;
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: etcd takes TLS1.2 or TLS1.3; ${refuses(etcdMessage)}.`,
            true,
          ),
        );
      }
    }
    if (findings.length > 0) return findings;
    const minVersion = min?.value || 'TLS1.2';
    if (min && max && max.value !== '' && minVersion > max.value) {
      const etcdMessage = `min version (${min.value}) is greater than max version (${max.value})`;
      findings.push(report(this.info, min, `${written(min)} is above ${written(max)}; ${refuses(etcdMessage)}.`, true));
    } else if (min && minVersion === 'TLS1.3' && ciphers && names.length > 0) {
      findings.push(
        report(
          this.info,
          ciphers,
          `${written(ciphers)} with ${written(min)}: Go does not let TLS 1.3 suites be chosen; ${refuses('cipher suites cannot be configured when only TLS1.3 is enabled')}.`,
        ),
      );
    }
    return findings;
  },
};
