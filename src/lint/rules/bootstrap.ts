/**
 * What etcd checks of a member's own `initial-cluster` at its first start (VerifyBootstrap and
 * VerifyJoinExisting): its name is listed, its entry equals its advertised peer URLs, no URL twice.
 */
import { settingOf, type MemberConfig, type Setting } from '../model.js';
import {
  ALL_RELEASES,
  anchorOf,
  isTemplated,
  refuses,
  report,
  valueOf,
  written,
  type Rule,
  type RuleContext,
} from './rule.js';
import { usesDiscovery } from './startup-urls.js';
import { isIpLiteral, parseInitialCluster, parseUrlList, type EtcdUrl, type InitialClusterEntry } from './urls.js';

interface Bootstrap {
  /** The setting the entries come from (undefined: etcd's default initial-cluster). */
  setting?: Setting;
  entries: InitialClusterEntry[];
  state: string;
  name: string;
}

/** The initial cluster etcd bootstraps this member with, when it bootstraps from one. */
function bootstrapOf(member: MemberConfig, { version }: RuleContext): Bootstrap | undefined {
  if (usesDiscovery(member)) return undefined;
  const state = valueOf(member, 'initial-cluster-state', version) ?? 'new';
  const name = valueOf(member, 'name', version) ?? 'default';
  const setting = settingOf(member, 'initial-cluster');
  const advertised = settingOf(member, 'initial-advertise-peer-urls');
  if ([setting, advertised, settingOf(member, 'name')].some((written) => written && isTemplated(written.value)))
    return undefined;
  if (setting) {
    const parsed = parseInitialCluster(setting.value);
    return parsed.error ? undefined : { setting, entries: parsed.entries, state, name };
  }
  // Without initial-cluster etcd lists the member under its advertised URLs, unless it keeps the default name.
  if (name !== 'default') return undefined;
  return { entries: [{ name: 'default', url: 'http://localhost:2380' }], state, name };
}

/** The advertised peer URLs etcd uses (written or default). */
function advertisedPeerUrls(member: MemberConfig, context: RuleContext): EtcdUrl[] | undefined {
  const value = valueOf(member, 'initial-advertise-peer-urls', context.version)!;
  const parsed = parseUrlList(value);
  return parsed.error ? undefined : parsed.urls;
}

const urlString = (url: EtcdUrl) => `${url.scheme}://${url.host}`;

/** Two URLs etcd may find equal: the same text, or the same scheme and port where a host name may resolve to the other host. */
function mayMatch(a: EtcdUrl, b: EtcdUrl): boolean {
  if (a.scheme !== b.scheme || a.port !== b.port) return false;
  return a.hostname.toLowerCase() === b.hostname.toLowerCase() || !isIpLiteral(a.hostname) || !isIpLiteral(b.hostname);
}

export const nameNotInInitialCluster: Rule = {
  info: {
    id: 'ETCD-201',
    severity: 'error',
    name: 'name-not-in-initial-cluster',
    etcdDoes: 'Refuses to start (at its first start): the member’s name must be one of the names in initial-cluster.',
    fix: 'List the member in initial-cluster under the same name it has in name (names are case-sensitive).',
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap || bootstrap.entries.some((entry) => entry.name === bootstrap.name)) return [];
    const at = bootstrap.setting ?? anchorOf(member, 'name');
    const names = [...new Set(bootstrap.entries.map((entry) => entry.name))].join(', ');
    const listed = names === '' ? 'no member' : names;
    const etcdMessage = `couldn't find local name ${JSON.stringify(bootstrap.name)} in the initial cluster configuration`;
    const what = bootstrap.setting ? written(bootstrap.setting) : 'The default initial-cluster';
    return [
      report(
        this.info,
        at,
        `${what} lists ${listed} but not this member’s name ${bootstrap.name}; ${refuses(etcdMessage)}.`,
        true,
      ),
    ];
  },
};

export const advertisePeerUrlsMismatch: Rule = {
  info: {
    id: 'ETCD-202',
    severity: 'error',
    name: 'advertise-peer-urls-mismatch',
    etcdDoes:
      'Refuses to start a new cluster when the member’s initial-cluster entry and its initial-advertise-peer-urls differ (compared after DNS resolution).',
    fix: 'Make the member’s entry in initial-cluster the same URLs as its initial-advertise-peer-urls.',
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    const advertised = advertisedPeerUrls(member, context);
    if (!bootstrap || bootstrap.state !== 'new' || !advertised) return [];
    const own = bootstrap.entries
      .filter((entry) => entry.name === bootstrap.name)
      .flatMap((entry) => parseUrlList(entry.url).urls);
    if (own.length === 0) return [];
    const missingFromAdvertised = own.filter((url) => !advertised.some((other) => mayMatch(url, other)));
    const missingFromCluster = advertised.filter((url) => !own.some((other) => mayMatch(url, other)));
    if (missingFromAdvertised.length === 0 && missingFromCluster.length === 0) return [];
    const apText = advertised.map(urlString).sort().join(',');
    const etcdMessage =
      missingFromAdvertised.length > 0
        ? `--initial-cluster has ${missingFromAdvertised.map((url) => `${bootstrap.name}=${urlString(url)}`).join(',')} but missing from --initial-advertise-peer-urls=${apText}`
        : `--initial-advertise-peer-urls has ${missingFromCluster.map(urlString).join(',')} but missing from --initial-cluster=${advertised
            .map((url) => `${bootstrap.name}=${urlString(url)}`)
            .sort()
            .join(',')}`;
    const apSetting = settingOf(member, 'initial-advertise-peer-urls');
    const at = bootstrap.setting ?? apSetting ?? anchorOf(member, 'name');
    const apWritten = apSetting ? written(apSetting) : 'the default initial-advertise-peer-urls http://localhost:2380';
    const clusterWritten = bootstrap.setting
      ? `its entry in ${written(bootstrap.setting)}`
      : 'the default initial-cluster default=http://localhost:2380';
    return [
      report(this.info, at, `${bootstrap.name}: ${clusterWritten} is not ${apWritten}; ${refuses(etcdMessage)}.`, true),
    ];
  },
};

export const duplicateInitialClusterUrl: Rule = {
  info: {
    id: 'ETCD-203',
    severity: 'error',
    name: 'duplicate-initial-cluster-url',
    etcdDoes: 'Refuses to start (at its first start) when one URL appears twice in initial-cluster.',
    fix: 'Give every member its own peer URL in initial-cluster.',
  },
  refusesIn: ALL_RELEASES,
  member(member, context) {
    const bootstrap = bootstrapOf(member, context);
    if (!bootstrap?.setting) return [];
    const urls = bootstrap.entries.map((entry) => urlString(parseUrlList(entry.url).urls[0]));
    const duplicate = urls.find((url, index) => urls.indexOf(url) !== index);
    if (!duplicate) return [];
    const mapText = bootstrap.entries
      .map((entry, index) => `${entry.name}=${urls[index]}`)
      .sort()
      .join(',');
    const etcdMessage = `initial cluster ${mapText} has duplicate url`;
    return [
      report(
        this.info,
        bootstrap.setting,
        `${written(bootstrap.setting)} lists ${duplicate} twice; ${refuses(etcdMessage)}.`,
        true,
      ),
    ];
  },
};
