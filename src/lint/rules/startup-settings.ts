/** Startup refusals about single settings: cluster state, bootstrap source, raft timing, compaction, leases. */
import { settingOf, type Finding, type MemberConfig, type Setting } from '../model.js';
import { goParseDuration, goParseInteger } from './go-values.js';
import { ALL_RELEASES, flagValueError, isTrue, readsYaml, refuses, report, written, type Rule } from './rule.js';
import { parsedOccurrences } from './startup-urls.js';

export const invalidClusterState: Rule = {
  info: {
    id: 'ETCD-105',
    severity: 'error',
    name: 'invalid-cluster-state',
    etcdDoes: 'Refuses to start: initial-cluster-state is new or existing.',
    fix: 'Use new for the members that bootstrap a cluster together, existing for a member added to a running cluster.',
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    return parsedOccurrences(member, 'initial-cluster-state').flatMap((setting) => {
      if (setting.value === 'new' || setting.value === 'existing') return [];
      if (setting.value === '' && setting.source !== 'flag') return [];
      const etcdMessage = readsYaml(member)
        ? `unexpected clusterState ${JSON.stringify(setting.value)}`
        : flagValueError(setting, 'invalid value');
      return [
        report(this.info, setting, `${written(setting)}: etcd takes new or existing; ${refuses(etcdMessage)}.`, true),
      ];
    });
  },
};

export const conflictingBootstrap: Rule = {
  info: {
    id: 'ETCD-106',
    severity: 'error',
    name: 'conflicting-bootstrap',
    etcdDoes:
      'Refuses to start: a member bootstraps from exactly one of initial-cluster, discovery, discovery-srv (3.6: or discovery-endpoints).',
    fix: 'Keep one way to bootstrap: initial-cluster for a static cluster, or one discovery setting.',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const sources = [
      'initial-cluster',
      'discovery',
      'discovery-srv',
      ...(version.minor === '3.6' ? ['discovery-endpoints'] : []),
    ];
    const set = sources
      .map((name) => settingOf(member, name))
      .filter((setting): setting is Setting => (setting?.value.trim() ?? '') !== '');
    if (set.length < 2) return [];
    const names =
      version.minor === '3.6'
        ? '"initial-cluster", "discovery", "discovery-endpoints" or "discovery-srv"'
        : '"initial-cluster", "discovery" or "discovery-srv"';
    const etcdMessage = `multiple discovery or bootstrap flags are set. Choose one of ${names}`;
    const listed = set.map((setting) => written(setting)).join(' and ');
    return set
      .slice(1)
      .map((setting) => report(this.info, setting, `${listed} are both set; ${refuses(etcdMessage)}.`));
  },
};

/** A whole number as etcd takes it for a uint setting, or undefined when it does not parse. */
function wholeNumber(setting: Setting | undefined, fallback: number): number | undefined {
  if (!setting) return fallback;
  const parsed = goParseInteger(setting.value.trim(), false);
  return parsed === undefined ? undefined : Number(parsed);
}

export const raftTiming: Rule = {
  info: {
    id: 'ETCD-107',
    severity: 'error',
    name: 'raft-timing',
    etcdDoes: 'Refuses to start unless 0 < 5 x heartbeat-interval <= election-timeout <= 50000 (milliseconds).',
    fix: 'Set heartbeat-interval near the round-trip time between members and election-timeout to about 10 times it (defaults 100 and 1000).',
  },
  refusesIn: ALL_RELEASES,
  member(member) {
    const heartbeatSetting = settingOf(member, 'heartbeat-interval');
    const electionSetting = settingOf(member, 'election-timeout');
    const heartbeat = wholeNumber(heartbeatSetting, 100);
    const election = wholeNumber(electionSetting, 1000);
    if (heartbeat === undefined || election === undefined) return [];
    const at = electionSetting ?? heartbeatSetting;
    let etcdMessage: string | undefined;
    let explanation = '';
    if (heartbeat === 0) {
      etcdMessage = '--heartbeat-interval must be >0 (set to 0ms)';
      explanation = 'heartbeat-interval is 0';
    } else if (election === 0) {
      etcdMessage = '--election-timeout must be >0 (set to 0ms)';
      explanation = 'election-timeout is 0';
    } else if (5 * heartbeat > election) {
      etcdMessage = `--election-timeout[${election}ms] should be at least as 5 times as --heartbeat-interval[${heartbeat}ms]`;
      explanation = `election-timeout ${election} ms is less than 5 x heartbeat-interval ${heartbeat} ms`;
    } else if (election > 50000) {
      etcdMessage = `--election-timeout[${election}ms] is too long, and should be set less than 50000ms`;
      explanation = `election-timeout ${election} ms is above 50000 ms`;
    }
    if (!etcdMessage || !at) return [];
    const shown = [heartbeatSetting, electionSetting]
      .filter((setting): setting is Setting => setting !== undefined)
      .map(written)
      .join(' with ');
    return [report(this.info, at, `${shown}: ${explanation}; ${refuses(etcdMessage)}.`, true)];
  },
};

export const autoCompaction: Rule = {
  info: {
    id: 'ETCD-109',
    severity: 'error',
    name: 'invalid-auto-compaction',
    etcdDoes:
      'Refuses to start: auto-compaction-mode is periodic or revision, and auto-compaction-retention a whole number or a duration.',
    fix: 'Use auto-compaction-mode periodic with a retention such as 1h (or a number of hours), or revision with a number of revisions.',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const findings: Finding[] = [];
    const mode = settingOf(member, 'auto-compaction-mode');
    if (
      mode &&
      mode.value !== 'periodic' &&
      mode.value !== 'revision' &&
      !(mode.value === '' && version.minor !== '3.6')
    ) {
      const etcdMessage =
        mode.value === ''
          ? 'undefined auto-compaction-mode'
          : `unknown auto-compaction-mode ${JSON.stringify(mode.value)}`;
      findings.push(
        report(this.info, mode, `${written(mode)}: etcd takes periodic or revision; ${refuses(etcdMessage)}.`, true),
      );
    }
    const retention = settingOf(member, 'auto-compaction-retention');
    if (retention) {
      const whole = /^\d+$/.test(retention.value) && Number(retention.value) >= 0;
      const duration = goParseDuration(retention.value);
      if (!whole && 'error' in duration) {
        const etcdMessage = `error parsing CompactionRetention: ${duration.error}`;
        findings.push(
          report(
            this.info,
            retention,
            `${written(retention)} is neither a whole number nor a duration such as 1h; ${refuses(etcdMessage)}.`,
            true,
          ),
        );
      }
    }
    return findings;
  },
};

export const leaseCheckpointPersist: Rule = {
  info: {
    id: 'ETCD-110',
    severity: 'error',
    name: 'lease-checkpoint-persist-alone',
    etcdDoes:
      'Refuses to start: persisting lease checkpoints needs lease checkpoints (3.4.20+, 3.5.2+; 3.6 as feature gates).',
    fix: 'Enable experimental-enable-lease-checkpoint (3.6: feature gate LeaseCheckpoint) too, or drop the persist setting.',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const gates = featureGates(member);
    const persist = settingOf(member, 'experimental-enable-lease-checkpoint-persist');
    const checkpoint = settingOf(member, 'experimental-enable-lease-checkpoint');
    const persistOn = isTrue(persist?.value) || gates.get('LeaseCheckpointPersist') === true;
    const checkpointOn = isTrue(checkpoint?.value) || gates.get('LeaseCheckpoint') === true;
    if (!persistOn || checkpointOn) return [];
    const at = persist && isTrue(persist.value) ? persist : settingOf(member, 'feature-gates');
    if (!at) return [];
    const etcdMessage =
      version.minor === '3.6'
        ? 'enabling feature gate LeaseCheckpointPersist requires enabling feature gate LeaseCheckpoint'
        : 'setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint';
    return [report(this.info, at, `${written(at)} without lease checkpoints enabled; ${refuses(etcdMessage)}.`)];
  },
};

/** The gates a 3.6 member sets in `feature-gates` (`Name=true,Other=false`). */
export function featureGates(member: MemberConfig): Map<string, boolean | undefined> {
  const gates = new Map<string, boolean | undefined>();
  for (const part of (settingOf(member, 'feature-gates')?.value ?? '').split(',')) {
    const [name, value] = part.split('=').map((text) => text.trim());
    if (name)
      gates.set(
        name,
        value === undefined
          ? undefined
          : /^(1|t|true)$/i.test(value)
            ? true
            : /^(0|f|false)$/i.test(value)
              ? false
              : undefined,
      );
  }
  return gates;
}
