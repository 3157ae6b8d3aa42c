/**
 * Which members belong to one cluster, so the cross-member rules compare them: members that list
 * the same `initial-cluster`, and members of one folder that name a common peer URL (the files of
 * one cluster that disagree, which is what the cross-member rules are for).
 */
import path from 'node:path';
import { settingOf, type ClusterGroup, type MemberConfig } from './model.js';
import { normalizeUrl, parseInitialCluster, parseUrlList } from './rules/urls.js';

/** A member's written `initial-cluster` in one spelling (entries sorted), or undefined when it has none etcd takes. */
export function normalizedInitialCluster(member: MemberConfig): string | undefined {
  const setting = settingOf(member, 'initial-cluster');
  if (!setting || setting.value.trim() === '') return undefined;
  const { entries, error } = parseInitialCluster(setting.value);
  if (error || entries.length === 0) return undefined;
  return entries
    .map((entry) => `${entry.name}=${normalizeUrl(entry.url)}`)
    .sort()
    .join(',');
}

/** The peer URLs a member names: its initial-cluster entries and its advertised peer URLs. */
function peerUrlsNamed(member: MemberConfig): Set<string> {
  const urls = new Set<string>();
  const cluster = settingOf(member, 'initial-cluster');
  if (cluster) for (const entry of parseInitialCluster(cluster.value).entries) urls.add(normalizeUrl(entry.url));
  const advertised = settingOf(member, 'initial-advertise-peer-urls');
  if (advertised) for (const url of parseUrlList(advertised.value).urls) urls.add(normalizeUrl(url.text));
  return urls;
}

/**
 * Whether two members in different folders that list one initial-cluster are two of its members (a
 * folder per host): each has its own name, and both names are listed. Files alike in name too are
 * copies of one member (an example per folder, an environment per folder), not one cluster.
 */
function distinctMembersOf(a: MemberConfig, b: MemberConfig): boolean {
  if (a.name === b.name) return false;
  const names = new Set(
    parseInitialCluster(settingOf(a, 'initial-cluster')?.value ?? '').entries.map((entry) => entry.name),
  );
  return names.has(a.name) && names.has(b.name);
}

/**
 * Groups members into clusters: the same initial-cluster anywhere (members of different folders only
 * when they are different members of it), or a shared peer URL within a folder.
 */
export function groupClusters(members: MemberConfig[]): ClusterGroup[] {
  const parent = members.map((_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index])));
  const union = (a: number, b: number) => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };
  const clusters = members.map(normalizedInitialCluster);
  const peerUrls = members.map(peerUrlsNamed);
  const folders = members.map((member) => path.dirname(member.file));
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const sameCluster =
        clusters[a] !== undefined &&
        clusters[a] === clusters[b] &&
        (folders[a] === folders[b] || distinctMembersOf(members[a], members[b]));
      const sharePeer = folders[a] === folders[b] && [...peerUrls[a]].some((url) => peerUrls[b].has(url));
      if (sameCluster || sharePeer) union(a, b);
    }
  }

  const byRoot = new Map<number, MemberConfig[]>();
  members.forEach((member, index) => byRoot.set(find(index), [...(byRoot.get(find(index)) ?? []), member]));
  const groups: ClusterGroup[] = [];
  const used = new Map<string, number>();
  for (const [root, grouped] of byRoot) {
    const shared = clusters[root];
    const allShare = shared !== undefined && grouped.every((member) => normalizedInitialCluster(member) === shared);
    const folder = [...new Set(grouped.map((member) => path.dirname(member.file)))].join(', ');
    let key = allShare ? `initial-cluster ${shared}` : `folder ${folder}`;
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    if (seen > 0) key = `${key} #${seen + 1}`;
    groups.push({ key, members: grouped });
  }
  return groups;
}
