/**
 * Operational rules: settings etcd starts with but warns about, resets or ignores, and defaults
 * that do not fit a real cluster.
 */
import { settingOf, type Finding, type MemberConfig, type Setting } from '../model.js';
import { goParseInteger } from './go-values.js';
import { anchorOf, isTrue, readsYaml, report, written, type Rule, type RuleContext } from './rule.js';
import { urlsOf } from './startup-tls.js';
import { specOf } from './startup-values.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A whole-number setting's value, if it parses. */
function numberOf(setting: Setting | undefined): number | undefined {
  if (!setting) return undefined;
  const parsed = goParseInteger(setting.value.trim(), true);
  return parsed === undefined ? undefined : Number(parsed);
}

export const quotaTooLarge: Rule = {
  info: {
    id: 'ETCD-501',
    severity: 'warning',
    name: 'quota-too-large',
    etcdDoes:
      'Starts, but warns "quota exceeds the maximum value" above 8 GiB: a larger backend makes defragmentation, snapshots and member recovery slow.',
    fix: 'Keep quota-backend-bytes at 8 GiB (8589934592) or less; compact and defragment instead of raising it.',
  },
  member(member) {
    const setting = settingOf(member, 'quota-backend-bytes');
    const bytes = numberOf(setting);
    if (!setting || bytes === undefined || bytes <= 8 * GiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is ${(bytes / GiB).toFixed(1)} GiB, above the 8 GiB etcd recommends; etcd warns "quota exceeds the maximum value".`,
        true,
      ),
    ];
  },
};

export const requestTooLarge: Rule = {
  info: {
    id: 'ETCD-502',
    severity: 'warning',
    name: 'request-size-too-large',
    etcdDoes:
      'Starts, but warns "exceeded recommended request limit" above 10 MiB: large requests block raft and lengthen leader elections.',
    fix: 'Keep max-request-bytes at 10 MiB (10485760) or less (default 1.5 MiB).',
  },
  member(member) {
    const setting = settingOf(member, 'max-request-bytes');
    const bytes = numberOf(setting);
    if (!setting || bytes === undefined || bytes <= 10 * MiB) return [];
    return [
      report(
        this.info,
        setting,
        `${written(setting)} is above the 10 MiB etcd recommends; etcd warns "exceeded recommended request limit".`,
        true,
      ),
    ];
  },
};

export const settingIgnored: Rule = {
  info: {
    id: 'ETCD-503',
    severity: 'warning',
    name: 'setting-ignored',
    etcdDoes:
      'Resets or ignores settings that cannot apply: snapshot-count 0 (back to the default), bcrypt-cost outside 4–31 (back to 10), certificates and cert auth on http URLs, auto TLS next to certificates.',
    fix: 'Drop the setting, or give it a value that applies (https URLs for TLS settings).',
  },
  member(member, context) {
    const findings: Finding[] = [];
    const snapshots = settingOf(member, 'snapshot-count');
    if (snapshots && numberOf(snapshots) === 0) {
      findings.push(
        report(
          this.info,
          snapshots,
          `${written(snapshots)}: etcd takes 0 as unset and uses its default instead.`,
          true,
        ),
      );
    }
    const bcrypt = settingOf(member, 'bcrypt-cost');
    const cost = numberOf(bcrypt);
    if (bcrypt && cost !== undefined && (cost < 4 || cost > 31)) {
      findings.push(
        report(
          this.info,
          bcrypt,
          `${written(bcrypt)}: etcd takes 4 to 31 and uses 10 instead ("Use default bcrypt-cost 10 instead of the invalid value ${cost}").`,
          true,
        ),
      );
    }
    findings.push(...tlsOnPlainUrls(this, member, context, 'client'), ...tlsOnPlainUrls(this, member, context, 'peer'));
    return findings;
  },
};

/** TLS settings for a side whose every URL is http, and auto TLS beside certificates. */
function tlsOnPlainUrls(rule: Rule, member: MemberConfig, context: RuleContext, side: 'client' | 'peer'): Finding[] {
  const prefix = side === 'peer' ? 'peer-' : '';
  const urls =
    side === 'peer'
      ? urlsOf(member, 'listen-peer-urls', context)
      : [...urlsOf(member, 'listen-client-urls', context), ...urlsOf(member, 'listen-client-http-urls', context)];
  const findings: Finding[] = [];
  const certificate = [settingOf(member, `${prefix}cert-file`), settingOf(member, `${prefix}key-file`)].filter(
    (setting): setting is Setting => (setting?.value.trim() ?? '') !== '',
  );
  const auth = settingOf(member, `${prefix}client-cert-auth`);
  const autoTls = settingOf(member, `${prefix}auto-tls`);
  if (urls.length > 0 && urls.every((url) => url.scheme === 'http' || url.scheme === 'unix')) {
    for (const setting of certificate) {
      findings.push(
        report(
          rule.info,
          setting,
          `${written(setting)}: every ${side} URL is http, so etcd ignores it ("scheme is HTTP while key and cert files are present; ignoring key and cert files").`,
        ),
      );
    }
    if (auth && isTrue(auth.value)) {
      findings.push(
        report(
          rule.info,
          auth,
          `${written(auth)}: every ${side} URL is http, so etcd ignores it and checks no certificates.`,
        ),
      );
    }
  } else if (autoTls && isTrue(autoTls.value) && certificate.length === 2) {
    findings.push(
      report(
        rule.info,
        autoTls,
        `${written(autoTls)}: ${prefix}cert-file and ${prefix}key-file are given, so etcd ignores it ("ignoring ${side} auto TLS since certs given").`,
      ),
    );
  }
  return findings;
}

export const defaultName: Rule = {
  info: {
    id: 'ETCD-504',
    severity: 'warning',
    name: 'default-name',
    etcdDoes:
      'Runs as member "default" (etcd 3.6 warns "it isn\'t recommended to use default name"): members that all keep it collide when one is added.',
    fix: 'Give every member its own name, the one it has in initial-cluster.',
  },
  member(member) {
    const setting = settingOf(member, 'name');
    if (member.name !== 'default') return [];
    const shown = setting ? written(setting) : 'name is not set, so etcd uses default';
    return [
      report(
        this.info,
        setting ?? anchorOf(member, 'initial-cluster', 'data-dir'),
        `${shown}: etcd advises a name of its own per member ("it isn't recommended to use default name").`,
        setting !== undefined,
      ),
    ];
  },
};

export const advertisesLocalhost: Rule = {
  info: {
    id: 'ETCD-505',
    severity: 'warning',
    name: 'default-advertise-client-urls',
    etcdDoes:
      'Reading a config file with listen-client-urls but no advertise-client-urls, advertises its default http://localhost:2379: clients that sync endpoints connect to themselves.',
    fix: 'Set advertise-client-urls to the URLs clients use to reach this member.',
  },
  member(member) {
    const listen = settingOf(member, 'listen-client-urls');
    if (!readsYaml(member) || !listen || settingOf(member, 'advertise-client-urls')) return [];
    return [
      report(
        this.info,
        listen,
        `${written(listen)} without advertise-client-urls: etcd advertises http://localhost:2379 to clients and other members.`,
      ),
    ];
  },
};

export const yamlDurationNanoseconds: Rule = {
  info: {
    id: 'ETCD-506',
    severity: 'warning',
    name: 'yaml-duration-in-nanoseconds',
    etcdDoes: 'Reads a duration in its config file as a whole number of nanoseconds: 5 is 5 ns, not 5 seconds.',
    fix: 'Write the duration in nanoseconds (5 s = 5000000000), or pass it as a flag with a unit (5s).',
  },
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== 'config-file' || specOf(setting, version)?.kind !== 'duration') return [];
      const value = numberOf(setting);
      if (value === undefined || value <= 0 || value >= 1_000_000) return [];
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ${value} ns (under a millisecond): etcd reads durations in its config file as nanoseconds.`,
          true,
        ),
      ];
    });
  },
};
