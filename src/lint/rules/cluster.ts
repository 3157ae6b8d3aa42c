/**
 * Cross-member rules: members of one cluster must agree on how they bootstrap, and must not share
 * a name or an address. Each finding sits in every member file involved.
 */
import { normalizedInitialCluster } from '../clusters.js';
import { settingOf, type ClusterGroup, type Finding, type MemberConfig } from '../model.js';
import { anchorOf, isTemplated, report, valueOf, written, type Rule, type RuleContext } from './rule.js';
import { usesDiscovery } from './startup-urls.js';
import { normalizeUrl, parseInitialCluster, parseUrlList } from './urls.js';

/** `etcd-2 (etcd/b.yml)`. */
const describe = (member: MemberConfig) => `${member.name} (${member.file})`;

/** Members that bootstrap a new cluster from initial-cluster together (templated ones cannot be compared). */
function bootstrappingTogether(group: ClusterGroup, { version }: RuleContext): MemberConfig[] {
  return group.members.filter(
    (member) =>
      valueOf(member, 'initial-cluster-state', version) === 'new' &&
      !usesDiscovery(member) &&
      !isTemplated(settingOf(member, 'initial-cluster')?.value ?? ''),
  );
}

export const initialClusterDisagreement: Rule = {
  info: {
    id: 'ETCD-204',
    severity: 'error',
    name: 'initial-cluster-disagreement',
    etcdDoes:
      'Members derive the cluster ID from initial-cluster: members that list different ones never form one cluster (peers reject each other: "request cluster ID mismatch").',
    fix: 'Give every member of the cluster the same initial-cluster, character for character in names and URLs.',
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context).filter(
      (member) => normalizedInitialCluster(member) !== undefined,
    );
    const distinct = new Set(members.map(normalizedInitialCluster));
    if (distinct.size < 2) return [];
    return members.flatMap((member) => {
      const own = normalizedInitialCluster(member);
      const other = members.find((candidate) => normalizedInitialCluster(candidate) !== own)!;
      const setting = settingOf(member, 'initial-cluster')!;
      const otherSetting = settingOf(other, 'initial-cluster')!;
      const message = `${written(setting)} differs from the initial-cluster of ${describe(other)}, ${otherSetting.value}: members that bootstrap with different initial-cluster values get different cluster IDs and do not form one cluster.`;
      return [report(this.info, setting, message, true)];
    });
  },
};

export const clusterTokenMismatch: Rule = {
  info: {
    id: 'ETCD-205',
    severity: 'error',
    name: 'cluster-token-mismatch',
    etcdDoes:
      'Nothing at startup: the token goes into the member and cluster IDs, so members with different initial-cluster-token values silently form separate clusters.',
    fix: 'Give every member of the cluster the same initial-cluster-token (and a token no other cluster uses).',
  },
  group(group, context) {
    const members = bootstrappingTogether(group, context);
    const tokenOf = (member: MemberConfig) => valueOf(member, 'initial-cluster-token', context.version)!;
    if (new Set(members.map(tokenOf)).size < 2) return [];
    return members.map((member) => {
      const other = members.find((candidate) => tokenOf(candidate) !== tokenOf(member))!;
      const setting = settingOf(member, 'initial-cluster-token');
      const own = setting ? written(setting) : `initial-cluster-token (not set: etcd uses ${tokenOf(member)})`;
      const message = `${own} differs from ${tokenOf(other)} of ${describe(other)}: etcd does not check this, the members silently form separate clusters.`;
      return report(this.info, setting ?? anchorOf(member, 'initial-cluster'), message, setting !== undefined);
    });
  },
};

export const duplicateMemberName: Rule = {
  info: {
    id: 'ETCD-206',
    severity: 'error',
    name: 'duplicate-member-name',
    etcdDoes:
      'Two members with one name are one entry of initial-cluster: the second cannot bootstrap or join (name or peer URLs do not match).',
    fix: 'Give every member its own name, and list each under it in initial-cluster.',
  },
  group(group) {
    return group.members.flatMap((member) => {
      if (isTemplated(member.name)) return [];
      const other = group.members.find((candidate) => candidate !== member && candidate.name === member.name);
      if (!other) return [];
      const setting = settingOf(member, 'name');
      const message = `${setting ? written(setting) : 'name (not set: etcd uses default)'}: ${describe(other)} has the same name, so the two members cannot both be in the cluster.`;
      return [report(this.info, setting ?? anchorOf(member), message, setting !== undefined)];
    });
  },
};

/** The addresses a member claims: advertised peer and client URLs, and listen URLs on a specific IP. */
function claimedAddresses(member: MemberConfig): Map<string, { name: string }> {
  const claimed = new Map<string, { name: string }>();
  for (const name of [
    'initial-advertise-peer-urls',
    'advertise-client-urls',
    'listen-peer-urls',
    'listen-client-urls',
  ]) {
    const setting = settingOf(member, name);
    if (!setting) continue;
    if (isTemplated(setting.value)) continue;
    for (const url of parseUrlList(setting.value).urls) {
      const unspecified =
        url.hostname === '0.0.0.0' ||
        url.hostname === '::' ||
        url.hostname === '' ||
        url.hostname === 'localhost' ||
        url.hostname.startsWith('127.');
      const key = normalizeUrl(url.text);
      if ((name.startsWith('listen') && unspecified) || claimed.has(key)) continue;
      claimed.set(key, { name });
    }
  }
  return claimed;
}

export const duplicateMemberAddress: Rule = {
  info: {
    id: 'ETCD-207',
    severity: 'error',
    name: 'duplicate-member-address',
    etcdDoes:
      'Two members cannot listen on or advertise one address: the second cannot bind it, or peers and clients reach the wrong member.',
    fix: 'Give every member its own IP address or port in its listen and advertise URLs.',
  },
  group(group) {
    const findings: Finding[] = [];
    for (const member of group.members) {
      const claimed = claimedAddresses(member);
      for (const other of group.members) {
        if (other === member) continue;
        const otherClaimed = claimedAddresses(other);
        const shared = [...claimed.keys()].find((url) => otherClaimed.has(url));
        if (!shared) continue;
        const setting = settingOf(member, claimed.get(shared)!.name)!;
        findings.push(
          report(
            this.info,
            setting,
            `${written(setting)}: ${shared} is also used by ${describe(other)}; each member needs its own address.`,
            true,
          ),
        );
        break;
      }
    }
    return findings;
  },
};

/** How many members the cluster has: the names in its initial-cluster, or the member files. */
function memberCount(group: ClusterGroup): number {
  const names = new Set<string>();
  for (const member of group.members) {
    const cluster = settingOf(member, 'initial-cluster');
    if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) names.add(entry.name);
  }
  return Math.max(names.size, group.members.length);
}

export const evenMemberCount: Rule = {
  info: {
    id: 'ETCD-208',
    severity: 'warning',
    name: 'even-member-count',
    etcdDoes:
      'Runs, but an even number of members tolerates no more failures than one member fewer (4 members: quorum 3, one may fail), with more members to fail.',
    fix: 'Run an odd number of members: 3 (one may fail) or 5 (two may fail).',
  },
  group(group) {
    const count = memberCount(group);
    if (count < 2 || count % 2 !== 0) return [];
    return group.members.map((member) => {
      const setting = settingOf(member, 'initial-cluster');
      const message = `${setting ? written(setting) : 'The cluster'} has ${count} members: quorum is ${count / 2 + 1}, so it survives ${count / 2 - 1} failure${count / 2 - 1 === 1 ? '' : 's'}, as ${count - 1} members would; etcd advises an odd count.`;
      return report(this.info, setting ?? anchorOf(member), message);
    });
  },
};

export const mixedClusterState: Rule = {
  info: {
    id: 'ETCD-209',
    severity: 'notice',
    name: 'mixed-cluster-state',
    etcdDoes:
      'A member with initial-cluster-state existing joins a running cluster (after etcdctl member add); members that bootstrap together must all say new, or the existing ones wait for a cluster that never forms.',
    fix: 'Use new on every member of a first bootstrap; existing only for a member added to a running cluster.',
  },
  group(group, { version }) {
    const stateOf = (member: MemberConfig) => valueOf(member, 'initial-cluster-state', version);
    const newMember = group.members.find((member) => stateOf(member) === 'new');
    if (!newMember) return [];
    return group.members.flatMap((member) => {
      const setting = settingOf(member, 'initial-cluster-state');
      if (!setting || setting.value !== 'existing') return [];
      const message = `${written(setting)} while ${describe(newMember)} bootstraps with new: right for a member added to a running cluster with etcdctl member add, wrong if they bootstrap together.`;
      return [report(this.info, setting, message, true)];
    });
  },
};

export const initialClusterNames: Rule = {
  info: {
    id: 'ETCD-210',
    severity: 'warning',
    name: 'initial-cluster-names',
    etcdDoes:
      'Takes every initial-cluster entry as written: a name listed twice becomes one member with two peer URLs, and a space around a name becomes part of it, so the member of that name does not find itself and refuses to start.',
    fix: 'List each member once, as name=URL, with no spaces around the commas.',
  },
  member(member) {
    const setting = settingOf(member, 'initial-cluster');
    if (!setting || isTemplated(setting.value) || usesDiscovery(member)) return [];
    const { entries, error } = parseInitialCluster(setting.value);
    if (error) return [];
    const problems: string[] = [];
    const padded = entries
      .filter((entry) => entry.name !== entry.name.trim())
      .map((entry) => JSON.stringify(entry.name));
    if (padded.length > 0)
      problems.push(
        `the name${padded.length > 1 ? 's' : ''} ${padded.join(', ')} carr${padded.length > 1 ? 'y' : 'ies'} spaces, which etcd keeps`,
      );
    const seen = new Set<string>();
    const twice = [...new Set(entries.map((entry) => entry.name).filter((name) => seen.has(name) || !seen.add(name)))];
    if (twice.length > 0)
      problems.push(
        `${twice.join(', ')} ${twice.length > 1 ? 'are' : 'is'} listed twice, so etcd makes one member of both URLs`,
      );
    if (problems.length === 0) return [];
    return [report(this.info, setting, `${written(setting)}: ${problems.join('; ')}.`, true)];
  },
};
