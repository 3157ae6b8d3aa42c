/**
 * What stops a configuration on the way to a later etcd release (`lint --upgrade-to`): etcd upgrades
 * one minor at a time, wants a recent patch of the minor it leaves, drops the v2 store in 3.6 and
 * changes defaults. The flags each release removes or renames are judged by running every rule for
 * each release on the way (see upgradeFindings); these rules say what no single release's rules can.
 */
import { ETCD_MINORS, parseEtcdVersion, type EtcdMinor, type EtcdVersion } from '../etcd-flags.js';
import { settingOf, type Finding, type MemberConfig, type RuleInfo } from '../model.js';
import { anchorOf, isTrue, report, written } from './rule.js';

/**
 * The patch of a minor etcd's upgrade guide requires on every member before the next minor:
 * "Before upgrading to 3.6, make sure that all of your 3.5 members are updated to 3.5.32 or later"
 * (etcd.io/docs/v3.6/upgrades/upgrade_3_6, as of the July 2026 patch releases).
 */
export const REQUIRED_BEFORE_NEXT: Partial<Record<EtcdMinor, number>> = { '3.5': 32 };

export const UPGRADE_RULE_INFO = {
  skipsMinor: {
    id: 'ETCD-701',
    severity: 'error',
    name: 'upgrade-skips-minor',
    etcdDoes:
      'Supports upgrading one minor release at a time only: by its upgrade policy, "upgrades that skip a minor version are not supported and will likely fail".',
    fix: 'Upgrade every member to the next minor’s newest patch first (3.4 → 3.5 → 3.6), then to the release wanted.',
  },
  patchRequired: {
    id: 'ETCD-702',
    severity: 'error',
    name: 'upgrade-patch-required',
    etcdDoes:
      'Requires, by its upgrade guide, every 3.5 member on 3.5.32 or later before 3.6: earlier 3.5 patches leave upgrade blockers (too many learner members, v2 store content in the WAL).',
    fix: 'Upgrade every member to 3.5.32 or later (a patch upgrade, one member at a time) before the first 3.6 member.',
  },
  v2Store: {
    id: 'ETCD-703',
    severity: 'error',
    name: 'upgrade-v2-store',
    etcdDoes:
      '3.6 removes the v2 store and enable-v2: it refuses the flag, and refuses to start on a data dir whose v2 store (or WAL) holds custom content.',
    fix: 'Run `etcdutl check v2store` (of 3.5.32 or later) on each member, migrate or remove v2 data, then remove enable-v2 (flag, ETCD_ENABLE_V2, YAML key) from every member before 3.6.',
  },
  snapshotCountDefault: {
    id: 'ETCD-704',
    severity: 'notice',
    name: 'upgrade-snapshot-count-default',
    etcdDoes:
      '3.6 lowers the default snapshot-count from 100000 to 10000: a member that does not set it snapshots ten times as often, and keeps fewer entries in memory for slow followers.',
    fix: 'Nothing, if 10000 suits the cluster; else write the snapshot-count wanted.',
  },
} as const satisfies Record<string, RuleInfo>;

export const UPGRADE_RULES: RuleInfo[] = Object.values(UPGRADE_RULE_INFO);

/** The releases a configuration runs on the way from `from` to `to`: each minor between (its newest patch), then `to`. */
export function upgradeSteps(from: EtcdVersion, to: EtcdVersion): EtcdVersion[] {
  const first = ETCD_MINORS.indexOf(from.minor);
  const last = ETCD_MINORS.indexOf(to.minor);
  const between = ETCD_MINORS.slice(first + 1, last).map((minor) => parseEtcdVersion(minor));
  return [...between, to];
}

const crosses = (from: EtcdVersion, to: EtcdVersion, minor: EtcdMinor) =>
  ETCD_MINORS.indexOf(from.minor) < ETCD_MINORS.indexOf(minor) &&
  ETCD_MINORS.indexOf(to.minor) >= ETCD_MINORS.indexOf(minor);

/** Findings of the upgrade rules for one member, going from `from` to `to`. */
export function upgradeRuleFindings(member: MemberConfig, from: EtcdVersion, to: EtcdVersion): Finding[] {
  const rules = UPGRADE_RULE_INFO;
  const way = `on the way from etcd ${from.text} to ${to.text}`;
  const found: Finding[] = [];
  const anchor = anchorOf(member);
  const skipped = ETCD_MINORS.slice(ETCD_MINORS.indexOf(from.minor) + 1, ETCD_MINORS.indexOf(to.minor));
  if (skipped.length > 0)
    found.push(
      report(
        rules.skipsMinor,
        anchor,
        `${way}: the upgrade skips ${skipped.join(' and ')}; etcd upgrades one minor at a time (${[from.minor, ...skipped, to.minor].join(' → ')}), so member ${member.name} must run ${skipped.map((minor) => `${minor}.${REQUIRED_BEFORE_NEXT[minor] ?? 'x'} or later`).join(', then ')} first.`,
      ),
    );
  for (const [minor, patch] of Object.entries(REQUIRED_BEFORE_NEXT) as Array<[EtcdMinor, number]>) {
    const next = ETCD_MINORS[ETCD_MINORS.indexOf(minor) + 1];
    if (from.minor === minor && from.patch < patch && next && crosses(from, to, next))
      found.push(
        report(
          rules.patchRequired,
          anchor,
          `${way}: etcd's upgrade guide requires every ${minor} member on ${minor}.${patch} or later before ${next}; member ${member.name} runs ${from.text}, so upgrade it to ${minor}.${patch} or later first.`,
        ),
      );
  }
  if (crosses(from, to, '3.6')) {
    for (const name of ['enable-v2', 'experimental-enable-v2v3']) {
      const setting = settingOf(member, name);
      if (setting && (name === 'experimental-enable-v2v3' ? setting.value.trim() !== '' : isTrue(setting.value)))
        found.push(
          report(
            rules.v2Store,
            setting,
            `${way}: ${written(setting)} keeps the v2 store, which etcd 3.6 removes; check it with \`etcdutl check v2store\` (3.5.32 or later) and remove ${setting.key} from every member before the first 3.6 member.`,
          ),
        );
    }
    if (!settingOf(member, 'snapshot-count'))
      found.push(
        report(
          rules.snapshotCountDefault,
          anchor,
          `${way}: member ${member.name} does not set snapshot-count, whose default 3.6 lowers from 100000 to 10000.`,
        ),
      );
  }
  return found;
}
