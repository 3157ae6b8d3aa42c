import { constants } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { spareMember, type ClusterSpec, type MemberSpec } from '../cluster/spec.js';
import { configuredSpareMember } from '../cluster/user-config.js';
import { errorMessage } from '../errors.js';
import { issueSpareMemberPki } from '../pki/cluster-pki.js';
import type { CheckContext } from './check.js';

/**
 * Why this cluster gets no members beyond its spec's, or undefined when it can: a new member's
 * certificates need the CA key, and a member derived from the user's configuration needs an address
 * of the run's (on the hosts the configuration names, every port is that member's).
 */
export async function whyNoSpareMembers(spec: ClusterSpec): Promise<string | undefined> {
  if (spec.members.some((member) => member.configured?.urlsAsWritten)) {
    return "the members run the user's configuration on the hosts its URLs name (ssh), with the ports it writes; a member derived from it would need a host of its own, which the configuration does not name";
  }
  try {
    await access(spec.pki.caKey, constants.R_OK);
  } catch {
    return `the PKI has no CA key (${spec.pki.caKey} cannot be read), so no certificate can be made for a new member: give a PKI with etcd/ca.key, or let the product generate one`;
  }
  return undefined;
}

/** `count` member names of the form `<base>-N` that no member of the spec has, counting up from the member count. */
export function spareNames(spec: ClusterSpec, base: string, count: number): string[] {
  const taken = new Set(spec.members.map((member) => member.name));
  const names: string[] = [];
  for (let index = spec.members.length + 1; names.length < count; index++) {
    if (!taken.has(`${base}-${index}`)) names.push(`${base}-${index}`);
  }
  return names;
}

/**
 * Members beyond the spec's at places (address and ports) the target has to spare, each with a server
 * and a peer certificate from the cluster's CA, made now. Their bootstrap (the cluster they start into) is set
 * by the caller before they start.
 */
export async function placeSpareMembers(ctx: CheckContext, names: string[]): Promise<MemberSpec[]> {
  const places = await ctx.target.sparePlaces(names.length);
  // On a cluster from the user's configuration, they run its settings (see configuredSpareMember).
  const members = names.map((name, index) =>
    configuredSpareMember(ctx.spec, spareMember(ctx.spec, name, places[index])),
  );
  await issueSpareMemberPki(ctx.spec, members, new Date(ctx.clock.wallNow()));
  // Their certificates name them (see memberAltNames), as those of the spec's members do.
  for (const member of members) ctx.client.verifyAs(member.clientUrl, member.name);
  return members;
}

/** Ends members beyond the spec's and removes their data and certificates; returns what it could not do. */
export async function discardSpareMembers(ctx: CheckContext, members: MemberSpec[]): Promise<string[]> {
  const problems: string[] = [];
  for (const member of members) {
    try {
      await ctx.target.discard(member);
    } catch (error) {
      problems.push(`${member.name}: ${errorMessage(error)}`);
    }
    // The member's certificate folder (members/<name>/etcd) goes with its parent.
    await rm(path.dirname(member.pki.dir), { recursive: true, force: true }).catch((error) =>
      problems.push(`${member.pki.dir}: ${errorMessage(error)}`),
    );
  }
  return problems;
}
