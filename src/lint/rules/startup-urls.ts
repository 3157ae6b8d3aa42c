/** Startup refusals about URLs: etcd checks every URL list and `initial-cluster` before it starts. */
import { settingOf, type MemberConfig, type Setting } from '../model.js';
import { ALL_RELEASES, isFlag, isTemplated, readsYaml, refuses, report, written, type Rule } from './rule.js';
import { hiddenUrlPartsMessage, isIpLiteral, parseInitialCluster, parseUrlList } from './urls.js';

export const LISTEN_URL_SETTINGS = [
  'listen-peer-urls',
  'listen-client-urls',
  'listen-client-http-urls',
  'listen-metrics-urls',
];
export const ADVERTISE_URL_SETTINGS = ['initial-advertise-peer-urls', 'advertise-client-urls'];
const URL_SETTINGS = [...LISTEN_URL_SETTINGS, ...ADVERTISE_URL_SETTINGS];

/**
 * The settings of `name` etcd parses: every command-line occurrence (Go's flag package parses each
 * one, and keeps the last), else the last one written.
 */
export function parsedOccurrences(member: MemberConfig, name: string): Setting[] {
  const all = member.settings.filter((setting) => setting.name === name && !isTemplated(setting.value));
  const flags = all.filter(isFlag);
  if (flags.length > 0) return flags;
  return all.length > 0 ? [all[all.length - 1]] : [];
}

/** URL settings whose every URL etcd takes, with their URLs. */
export function validUrlSettings(member: MemberConfig, names: string[]) {
  return names.flatMap((name) =>
    parsedOccurrences(member, name).flatMap((setting) => {
      if (setting.value.trim() === '') return [];
      const parsed = parseUrlList(setting.value);
      return parsed.error ? [] : [{ setting, urls: parsed.urls }];
    }),
  );
}

export const invalidUrl: Rule = {
  info: {
    id: 'ETCD-101',
    severity: 'error',
    name: 'invalid-url',
    etcdDoes:
      'Refuses to start: every listen and advertise URL must be http, https, unix or unixs, with host:port and no path.',
    fix: 'Write each URL as scheme://host:port, for example https://10.0.0.11:2380, separated by commas.',
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return URL_SETTINGS.flatMap((name) =>
      parsedOccurrences(member, name).flatMap((setting) => {
        if (setting.value.trim() === '') return [];
        const { error } = parseUrlList(setting.value);
        if (!error) return [];
        return [
          report(
            this.info,
            setting,
            `${written(setting)} is not a list of URLs etcd takes (scheme://host:port, no path); ${refuses(error)}.`,
            true,
          ),
        ];
      }),
    );
  },
};

export const listenUrlNotIp: Rule = {
  info: {
    id: 'ETCD-102',
    severity: 'error',
    name: 'listen-url-not-ip',
    etcdDoes: 'Refuses to start: a listen URL must name an IP address (or localhost) to bind to, not a host name.',
    fix: 'Listen on the member’s IP (or 0.0.0.0) and put the host name in the advertise URLs.',
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return validUrlSettings(member, LISTEN_URL_SETTINGS).flatMap(({ setting, urls }) => {
      const named = urls.find(
        (url) => !url.scheme.startsWith('unix') && url.hostname !== 'localhost' && !isIpLiteral(url.hostname),
      );
      if (!named) return [];
      const message = `${written(setting)}: etcd binds a listen URL to an IP address or localhost, and ${named.hostname} is a host name; ${refuses(`expected IP in URL for binding (${named.scheme}://${named.host})`)}.`;
      return [report(this.info, setting, message, true)];
    });
  },
};

export const advertiseUrlWithoutHost: Rule = {
  info: {
    id: 'ETCD-103',
    severity: 'error',
    name: 'advertise-url-without-host',
    etcdDoes: 'Refuses to start: an advertised URL must name the host other members and clients reach.',
    fix: 'Write the member’s address or DNS name in the advertise URL, for example https://10.0.0.11:2380.',
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return validUrlSettings(member, ADVERTISE_URL_SETTINGS).flatMap(({ setting, urls }) => {
      const empty = urls.find((url) => url.hostname === '');
      if (!empty) return [];
      const all = urls.map((url) => `${url.scheme}://${url.host}`).join(',');
      const etcdMessage = `--${setting.name} ${JSON.stringify(all)} must be "host:port" (unexpected empty host (${empty.scheme}://${empty.host}))`;
      return [report(this.info, setting, `${written(setting)} has no host; ${refuses(etcdMessage)}.`, true)];
    });
  },
};

/** True when the member bootstraps from a discovery service instead of `initial-cluster`. */
export function usesDiscovery(member: MemberConfig): boolean {
  return ['discovery', 'discovery-srv', 'discovery-endpoints'].some(
    (name) => (settingOf(member, name)?.value ?? '').trim() !== '',
  );
}

export const invalidInitialCluster: Rule = {
  info: {
    id: 'ETCD-104',
    severity: 'error',
    name: 'invalid-initial-cluster',
    etcdDoes: 'Refuses to start: initial-cluster must be a comma-separated list of name=URL.',
    fix: 'Write initial-cluster as name=scheme://host:port for every member, for example etcd-1=https://10.0.0.11:2380,etcd-2=https://10.0.0.12:2380.',
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    const setting = settingOf(member, 'initial-cluster');
    if (!setting || setting.value.trim() === '' || isTemplated(setting.value) || usesDiscovery(member)) return [];
    const { error } = parseInitialCluster(setting.value);
    if (!error) return [];
    const message = `${written(setting)} is not a list of name=URL entries; ${refuses(`error setting up initial cluster: ${error}`)}.`;
    return [report(this.info, setting, message, true)];
  },
};

export const advertiseClientUrlsMissing: Rule = {
  info: {
    id: 'ETCD-108',
    severity: 'error',
    name: 'advertise-client-urls-missing',
    etcdDoes:
      'Refuses to start: with listen-client-urls given as a flag or ETCD_* variable, advertise-client-urls must be given too.',
    fix: 'Set advertise-client-urls to the client URLs clients use to reach this member.',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    if (readsYaml(member)) return [];
    const listen = settingOf(member, 'listen-client-urls');
    if (!listen || settingOf(member, 'advertise-client-urls')) return [];
    // etcd 3.4 and 3.5 allow it when the member may run as a v2 proxy.
    if (version.minor !== '3.6') {
      const proxy = settingOf(member, 'proxy')?.value ?? 'off';
      const fallback = settingOf(member, 'discovery-fallback')?.value ?? 'proxy';
      if (proxy !== 'off' || ((settingOf(member, 'discovery')?.value ?? '') !== '' && fallback === 'proxy')) return [];
    }
    const etcdMessage = '--advertise-client-urls is required when --listen-client-urls is set explicitly';
    return [
      report(this.info, listen, `${written(listen)} is set but advertise-client-urls is not; ${refuses(etcdMessage)}.`),
    ];
  },
};

export const clientUrlListedTwice: Rule = {
  info: {
    id: 'ETCD-118',
    severity: 'error',
    name: 'client-url-listed-twice',
    etcdDoes:
      'Refuses to start (3.4.25+, 3.5.8+, 3.6) when one URL is in both listen-client-urls and listen-client-http-urls.',
    fix: 'Give listen-client-http-urls its own port: it serves HTTP only, beside the gRPC of listen-client-urls.',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const http = validUrlSettings(member, ['listen-client-http-urls']);
    const grpc = validUrlSettings(member, ['listen-client-urls']).flatMap(({ urls }) =>
      urls.map((url) => `${url.scheme}://${url.host}`),
    );
    return http.flatMap(({ setting, urls }) => {
      const shared = urls.find((url) => grpc.includes(`${url.scheme}://${url.host}`));
      if (!shared) return [];
      const flags =
        version.minor === '3.6'
          ? '--listen-client-urls and --listen-client-http-urls'
          : '--client-listen-urls and --client-listen-http-urls';
      const etcdMessage = `cannot bind both ${flags} on the same url ${shared.scheme}://${shared.host}`;
      return [
        report(
          this.info,
          setting,
          `${written(setting)}: ${shared.text} is in listen-client-urls too; ${refuses(etcdMessage)}.`,
          true,
        ),
      ];
    });
  },
};

/**
 * The URLs of a setting that hold more than scheme://host:port, each with the verdict the boot of a
 * configuration gives too: URL lists item by item, `initial-cluster` entry by entry (decoded as etcd does).
 */
export function urlsWithHiddenParts(setting: Setting): string[] {
  const urls =
    setting.name === 'initial-cluster'
      ? parseInitialCluster(setting.value).entries.map((entry) => entry.url)
      : URL_SETTINGS.includes(setting.name)
        ? setting.value.split(',')
        : [];
  return urls.flatMap((url) => hiddenUrlPartsMessage(`\`${setting.key}\``, url) ?? []);
}

export const urlHiddenParts: Rule = {
  info: {
    id: 'ETCD-410',
    severity: 'error',
    name: 'url-hidden-parts',
    etcdDoes:
      'Takes a URL with a login part (user:password@), query or fragment and ignores those parts: it binds or advertises the host after the last @, so http://10.0.0.11:2381@0.0.0.0:2381 reads as one address and listens on every interface.',
    fix: 'Write each URL as scheme://host:port only.',
  },
  member(member) {
    return [...URL_SETTINGS, 'initial-cluster'].flatMap((name) =>
      // A URL list etcd refuses (a path, say) is invalid-url's finding.
      parsedOccurrences(member, name).flatMap((setting) =>
        (name !== 'initial-cluster' && parseUrlList(setting.value).error ? [] : urlsWithHiddenParts(setting))
          .slice(0, 1)
          .map((message) => report(this.info, setting, message, true)),
      ),
    );
  },
};
