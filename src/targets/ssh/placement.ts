import { hostsOf } from '../../cluster/user-config.js';
import type { OptionLabel } from '../../options/reader.js';
import { ConfigurationError } from '../../errors.js';
import type { MemberConfig } from '../../lint/model.js';

/**
 * The members in the order of the ssh hosts, each on the host its URLs name: with ssh, the cluster
 * runs on the user's hosts with every address as written.
 */
export function membersOnHosts(members: MemberConfig[], hosts: string[], label: OptionLabel): MemberConfig[] {
  if (hosts.length !== members.length) {
    throw new ConfigurationError(
      `${label('hosts')} is '${hosts.join(',')}'; allowed: one host per member of the configuration (${members.map((member) => `${member.name} in ${member.file}`).join(', ')})`,
    );
  }
  const ordered = hosts.map((host) => {
    const member = members.find((candidate) => hostsOf(candidate).includes(host));
    if (!member) {
      throw new ConfigurationError(
        `${label('hosts')} names ${host}, which no member's URLs name (${members.map((m) => `${m.name} in ${m.file}: ${hostsOf(m).join(', ') || 'none'}`).join('; ')}); ` +
          'with target ssh each member runs on the host its URLs name',
      );
    }
    return member;
  });
  const twice = ordered.find((member, index) => ordered.indexOf(member) !== index);
  if (twice)
    throw new ConfigurationError(
      `${label('hosts')} names two hosts of member ${twice.name} (${twice.file}); allowed: one host per member`,
    );
  return ordered;
}
