import path from 'node:path';
import { etcdConfigYaml } from '../../cluster/flags.js';
import { LOOPBACK_BASE } from '../addressing.js';
import type { TargetEntry } from '../entry.js';
import { localBinary } from '../local-binary.js';
import { SSH_INPUTS_DIR, writeSshInputs } from './inputs.js';
import { parseSshOptions } from './options.js';
import { membersOnHosts } from './placement.js';
import { memberOnHost, SshTarget } from './ssh-target.js';

/** The ssh target: members on the user's hosts, each reached over ssh. */
export const SSH_TARGET: TargetEntry<'ssh'> = {
  summary: 'one remote host per member; etcd as a systemd unit where the host runs systemd',
  addressesNamed: 'the hosts',
  docs: {
    baseAddress: 'not taken',
    config: 'each member runs on the host its URLs name ({hosts} must be those hosts)',
  },
  ownOptions: ['hosts', 'ssh-key', 'known-hosts'],
  secretOptions: ['ssh-key'],
  parseOptions: (read, access) => parseSshOptions(read, access),
  addressing: (options) => ({
    refused: ['member-list', 'base-address'].map((name) => ({
      name,
      allowed: 'nothing when target is ssh (the members are the hosts)',
    })),
    implied: {
      list: options.hosts.map((host, index) => ({ name: `etcd-${index + 1}`, address: host.host })),
      option: 'hosts',
    },
    ...LOOPBACK_BASE,
  }),
  // On the hosts where their URLs say, with every address as written.
  placeConfig: (options, members, { label }) => [
    membersOnHosts(
      members,
      options.hosts.map((host) => host.host),
      label,
    ),
    { addresses: options.hosts.map((host) => host.host), urlsAsWritten: true },
  ],
  // The key and known_hosts are files for the CLI.
  accessFiles: (options) => [
    { option: 'ssh-key', file: options.sshKey },
    { option: 'known-hosts', file: options.knownHosts },
  ],
  writeInputFiles: (options, stateDir, mask) => writeSshInputs(options, stateDir, mask),
  ownedFiles: (options) => options.ownedFiles ?? [],
  stateDirEntries: [SSH_INPUTS_DIR],
  runsLocalBinary: true,
  // Asking ssh hosts would take a connection to each; the state file lists them.
  countsRunningMembers: false,
  record: (options, placement) => ({
    hosts: options.hosts,
    keyFile: path.resolve(options.sshKey),
    knownHostsFile: path.resolve(options.knownHosts),
    etcdBinary: localBinary('ssh', placement.binaries),
    members: {},
    localFiles: options.ownedFiles ?? [],
  }),
  create: (spec, state, deps) => new SshTarget(spec, state, deps),
  specAsRun: (spec) => spec,
  asRun: (member) => member,
  // etcd.conf.yml on the hosts.
  runConfig: (spec, member) => ({ file: 'etcd.conf.yml', text: etcdConfigYaml(spec, memberOnHost(spec, member)) }),
  etcdVersion: () => undefined,
};
