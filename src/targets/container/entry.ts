import { randomInt } from 'node:crypto';
import { etcdFlags } from '../../cluster/flags.js';
import { sandboxAddresses } from '../addressing.js';
import type { TargetEntry } from '../entry.js';
import { ContainerTarget, EARLIER_LOGS_DIR, MOVING_DIR } from './container-target.js';
import { imageCheck } from './engine.js';
import { memberInContainer, memberSubnet, officialImage } from './layout.js';
import { parseContainerOptions } from './options.js';

/** The container target: members as containers of Docker or Podman, on a bridge network of the run's own. */
export const CONTAINER_TARGET: TargetEntry<'container'> = {
  summary: 'one container per member on a bridge network of this run',
  addressesNamed: "the containers' /24",
  docs: {
    baseAddress: '`a.b.c.z` puts the members on `a.b.c.0/24`',
    defaultBase: { run: '`172.30.N.11`', certs: '`172.30.N.11`' },
  },
  ownOptions: ['image', 'network'],
  parseOptions: (read) => parseContainerOptions(read),
  addressing: () => ({
    refused: [{ name: 'member-list', allowed: 'nothing when target is container (use base-address)' }],
    // A /24 of its own per run.
    defaultBase: () => `172.30.${randomInt(16, 240)}.11`,
    // .1 is the network's gateway; members count up from the base within its /24.
    baseProblem: (octets, isIpv4, members) =>
      !isIpv4 ||
      octets[0] === 127 ||
      octets[0] === 0 ||
      octets[0] >= 224 ||
      octets[3] < 2 ||
      octets[3] + members - 1 > 254
        ? `an IPv4 address a.b.c.z, not loopback, with z from 2 to ${255 - members}: the members' network is a.b.c.0/24 (gateway a.b.c.1)`
        : undefined,
  }),
  placeConfig: (options, members, { baseAddress, label }) => [
    members,
    { addresses: sandboxAddresses(options.kind, baseAddress, members.length, label) },
  ],
  // What a move to another release leaves in the state folder (the upgrade check).
  stateDirEntries: [MOVING_DIR, EARLIER_LOGS_DIR],
  runsLocalBinary: false,
  imageOf: officialImage,
  countsRunningMembers: true,
  record: (options, { spec, etcdVersion }) => ({
    image: options.image ?? officialImage(etcdVersion),
    network: options.network ?? `etcd-ha-${spec.runId}`,
    subnet: memberSubnet(spec),
    networkCreated: false,
    containers: {},
  }),
  prepare: (options, etcdVersion, deps) => {
    // The version too: the members' flags do not wait for it, but the first start does.
    void imageCheck(options.image ?? officialImage(etcdVersion), deps).version();
  },
  create: (spec, state, deps) => new ContainerTarget(spec, state, deps),
  specAsRun: (spec) => spec,
  asRun: (member) => memberInContainer(member),
  runConfig: (spec, member) => ({
    file: 'flags.txt',
    text: `${etcdFlags(spec, memberInContainer(member)).join('\n')}\n`,
  }),
  etcdVersion: (state) => state.etcdVersion,
};
