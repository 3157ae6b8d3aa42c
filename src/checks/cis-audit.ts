/**
 * The CIS Kubernetes Benchmark's etcd items 2.1 to 2.7, judged on the settings members run with by
 * the linter's own security rules (each rule names its item), so the audit and `etcd-ha lint` never
 * disagree.
 */
import type { EtcdVersion } from '../lint/etcd-flags.js';
import type { MemberConfig, RuleInfo, Setting } from '../lint/model.js';
import { RULE_LIST } from '../lint/rules/index.js';

/** What each item asks for, in the benchmark's words (its section 2, "etcd"). */
export const CIS_ITEMS: Record<string, string> = {
  '2.1': 'cert-file and key-file are set: clients are served over TLS',
  '2.2': 'client-cert-auth is true',
  '2.3': 'auto-tls is not true',
  '2.4': 'peer-cert-file and peer-key-file are set: peers talk over TLS',
  '2.5': 'peer-client-cert-auth is true',
  '2.6': 'peer-auto-tls is not true',
  '2.7': 'a unique certificate authority is used for etcd',
};

/** The lint rules that judge each item, by item. */
function rulesByItem(): Map<string, typeof RULE_LIST> {
  const byItem = new Map<string, typeof RULE_LIST>();
  for (const rule of RULE_LIST) {
    if (rule.info.cis === undefined || !rule.member) continue;
    byItem.set(rule.info.cis, [...(byItem.get(rule.info.cis) ?? []), rule]);
  }
  return byItem;
}

/** A member's settings, as etcd's flags name them, with where they were rendered (for the findings). */
export interface AuditedMember {
  name: string;
  /** Where the settings come from, as findings name it (the user's file, or the product's flags). */
  source: string;
  settings: Array<[string, string | boolean]>;
}

/** One item of the audit: what it asks, the rules that judged it, and what they found per member. */
export interface CisRow {
  id: string;
  requirement: string;
  rules: RuleInfo[];
  /** Empty when every member meets the item. */
  findings: Array<{ member: string; rule: string; message: string }>;
}

/** The member as the linter reads a member: each setting a command-line flag, on its own line. */
export function memberConfigOf(member: AuditedMember): MemberConfig {
  const settings = member.settings.map(([name, value], index): Setting => ({
    name,
    value: value === true ? 'true' : value === false ? 'false' : value,
    key: `--${name}`,
    source: 'flag',
    at: { file: member.source, line: index + 1, column: 1 },
  }));
  return { name: member.name, form: 'systemd-unit', file: member.source, settings, includes: [] };
}

/** Audits every member against items 2.1 to 2.7, in order. */
export function auditCis(members: AuditedMember[], version: EtcdVersion): CisRow[] {
  const byItem = rulesByItem();
  const configs = members.map(memberConfigOf);
  return Object.entries(CIS_ITEMS).map(([id, requirement]) => {
    const rules = byItem.get(id) ?? [];
    if (rules.length === 0) throw new Error(`no lint rule judges CIS ${id}`);
    const findings = configs.flatMap((config) =>
      rules.flatMap((rule) =>
        (rule.member?.(config, { version }) ?? []).map((finding) => ({
          member: config.name,
          rule: finding.rule,
          message: finding.message,
        })),
      ),
    );
    return { id, requirement, rules: rules.map((rule) => rule.info), findings };
  });
}
