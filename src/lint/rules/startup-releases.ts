/** Startup refusals that only some releases make: 3.6's renamed flags and feature gates, v2 and discovery conflicts. */
import { FEATURE_GATE_FLAGS, FEATURE_GATES_3_6, RENAMED_IN_3_6 } from '../etcd-flags.js';
import { settingOf, type Finding, type MemberConfig, type Setting } from '../model.js';
import { isTrue, refuses, report, written, type Rule } from './rule.js';
import { featureGates } from './startup-settings.js';

/** Renamed flags whose old and new names etcd refuses together with one message (warning-unary-request-duration has its own). */
const REFUSED_TOGETHER = RENAMED_IN_3_6.filter((name) => name !== 'warning-unary-request-duration');

export const oldAndNewName: Rule = {
  info: {
    id: 'ETCD-115',
    severity: 'error',
    name: 'old-and-new-name',
    etcdDoes:
      'etcd 3.6 refuses to start when an experimental setting is given under both its old and its new name (or as a flag and as its feature gate).',
    fix: 'Keep only the new name (3.6 renamed experimental-X to X, and moved some to --feature-gates).',
  },
  refusesIn: ['3.6'],
  member(member, { version }) {
    if (version.minor !== '3.6') return [];
    const findings: Finding[] = [];
    for (const newName of REFUSED_TOGETHER) {
      const oldName = `experimental-${newName}`;
      const old = settingOf(member, oldName);
      const renamed = settingOf(member, newName);
      if (!old || !renamed) continue;
      const etcdMessage = `cannot set --${oldName} and --${newName} at the same time, please use --${newName} only`;
      findings.push(
        report(this.info, old, `${written(old)} and ${written(renamed)} are both set; ${refuses(etcdMessage)}.`),
      );
    }
    const unary = [
      settingOf(member, 'experimental-warning-unary-request-duration'),
      settingOf(member, 'warning-unary-request-duration'),
    ];
    if (unary[0] && unary[1]) {
      const etcdMessage =
        'both --experimental-warning-unary-request-duration and --warning-unary-request-duration flags are set. Use only --warning-unary-request-duration';
      findings.push(
        report(
          this.info,
          unary[0],
          `${written(unary[0])} and ${written(unary[1])} are both set; ${refuses(etcdMessage)}.`,
        ),
      );
    }
    const gatesSetting = settingOf(member, 'feature-gates');
    for (const [flag, gate] of Object.entries(FEATURE_GATE_FLAGS)) {
      const setting = settingOf(member, flag);
      if (!setting || !gatesSetting || !gatesSetting.value.includes(gate)) continue;
      const on = isTrue(setting.value);
      const etcdMessage = `cannot specify both flags: --${flag}=${on} and --feature-gates=${gate}=`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} and ${written(gatesSetting)} both set ${gate}; ${refuses(etcdMessage)}.`,
        ),
      );
    }
    return findings;
  },
};

export const invalidFeatureGate: Rule = {
  info: {
    id: 'ETCD-116',
    severity: 'error',
    name: 'invalid-feature-gate',
    etcdDoes: 'etcd 3.6 refuses to start on a feature gate it does not know or without a true/false value.',
    fix: `Write feature-gates as Name=true,Other=false with the gates of etcd 3.6: ${FEATURE_GATES_3_6.join(', ')}.`,
  },
  refusesIn: ['3.6'],
  member(member, { version }) {
    const setting = settingOf(member, 'feature-gates');
    if (version.minor !== '3.6' || !setting) return [];
    const gates = featureGates(member);
    for (const [name, value] of gates) {
      let etcdMessage: string | undefined;
      if (!(FEATURE_GATES_3_6 as readonly string[]).includes(name)) etcdMessage = `unrecognized feature gate: ${name}`;
      else if (value === undefined)
        etcdMessage = setting.value.includes(`${name}=`)
          ? `invalid value of ${name}=`
          : `missing bool value for ${name}`;
      if (etcdMessage)
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: ${name} is not a feature gate etcd 3.6 takes with true or false; ${refuses(etcdMessage)}.`,
            true,
          ),
        ];
    }
    return [];
  },
};

/** A setting that is written and not empty. */
function given(member: MemberConfig, name: string): Setting | undefined {
  const setting = settingOf(member, name);
  return setting && setting.value.trim() !== '' ? setting : undefined;
}

const V3_DISCOVERY = [
  'discovery-endpoints',
  'discovery-token',
  'discovery-cert',
  'discovery-key',
  'discovery-cacert',
  'discovery-user',
  'discovery-password',
];
const V2_DEPRECATION_ORDER = ['not-yet', 'write-only', 'write-only-drop-data', 'gone'];

export const conflictingV2OrDiscovery: Rule = {
  info: {
    id: 'ETCD-117',
    severity: 'error',
    name: 'conflicting-v2-or-discovery',
    etcdDoes:
      'etcd 3.5 refuses --enable-v2 with --v2-deprecation write-only or later; etcd 3.6 refuses discovery-fallback proxy, v2 and v3 discovery settings together, and a discovery token without endpoints (or the reverse).',
    fix: 'Drop the v2 API and v2 proxy settings; for 3.6 discovery give discovery-token and discovery-endpoints together and no discovery-proxy.',
  },
  refusesIn: ['3.5', '3.6'],
  member(member, { version }) {
    if (version.minor === '3.5') {
      const enableV2 = settingOf(member, 'enable-v2');
      const deprecation = settingOf(member, 'v2-deprecation');
      if (enableV2 && isTrue(enableV2.value) && deprecation && V2_DEPRECATION_ORDER.indexOf(deprecation.value) >= 1) {
        const etcdMessage = `--enable-v2 and --v2-deprecation=${deprecation.value} are mutually exclusive`;
        return [
          report(this.info, enableV2, `${written(enableV2)} with ${written(deprecation)}; ${refuses(etcdMessage)}.`),
        ];
      }
      return [];
    }
    if (version.minor !== '3.6') return [];
    const fallback = settingOf(member, 'discovery-fallback');
    if (fallback && fallback.value === 'proxy' && fallback.source !== 'config-file') {
      const etcdMessage = `v2 proxy is deprecated, and --discovery-fallback can't be configured as "proxy"`;
      return [
        report(this.info, fallback, `${written(fallback)}: etcd 3.6 has no v2 proxy; ${refuses(etcdMessage)}.`, true),
      ];
    }
    const v2 = given(member, 'discovery-proxy');
    const v3 = V3_DISCOVERY.map((name) => given(member, name)).find((setting) => setting !== undefined);
    if (v2 && v3) {
      const etcdMessage =
        'both v2 discovery settings (discovery, discovery-proxy) and v3 discovery settings (discovery-token, discovery-endpoints, discovery-cert, discovery-key, discovery-cacert, discovery-user, discovery-password) are set';
      return [report(this.info, v2, `${written(v2)} with ${written(v3)}; ${refuses(etcdMessage)}.`)];
    }
    const token = given(member, 'discovery-token');
    const endpoints = given(member, 'discovery-endpoints');
    if ((token === undefined) !== (endpoints === undefined)) {
      const at = (token ?? endpoints)!;
      return [
        report(
          this.info,
          at,
          `${written(at)} without ${token ? 'discovery-endpoints' : 'discovery-token'}; ${refuses('both --discovery-token and --discovery-endpoints must be set')}.`,
        ),
      ];
    }
    return [];
  },
};
