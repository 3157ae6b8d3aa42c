import { etcdFlags } from '../../cluster/flags.js';
import { withPeerProxies } from '../../cluster/spec.js';
import { LOOPBACK_BASE, sandboxAddresses } from '../addressing.js';
import type { TargetEntry } from '../entry.js';
import { localBinary } from '../local-binary.js';
import { LocalTarget, NO_LINK_CUTS, peerProxyPlan } from './local-target.js';
import { freeLoopbackBase } from './loopback-block.js';

/** The local target: members as processes of this machine, on loopback addresses. */
export const LOCAL_TARGET: TargetEntry<'local'> = {
  summary: 'processes, on loopback addresses',
  addressesNamed: 'loopback',
  docs: {
    defaultBase: {
      run: '`127.0.N.11`, a loopback block nothing listens on (`127.0.0.11` for certs and with {pki-dir})',
      certs: '`127.0.0.11`',
    },
    memberList: 'loopback addresses',
  },
  ownOptions: [],
  parseOptions: () => ({ kind: 'local' }),
  addressing: () => ({
    refused: [],
    ...LOOPBACK_BASE,
    // Where the certificates are made for later or elsewhere, the default stays the address they name.
    defaultBase: ({ freeLoopbackBlock }) =>
      freeLoopbackBlock ? freeLoopbackBase() : LOOPBACK_BASE.defaultBase({ freeLoopbackBlock }),
  }),
  placeConfig: (options, members, { baseAddress, label }) => [
    members,
    { addresses: sandboxAddresses(options.kind, baseAddress, members.length, label) },
  ],
  runsLocalBinary: true,
  countsRunningMembers: true,
  record: (_options, placement) => {
    // The proxy costs every peer connection a TLS hop through one process: only where links may be cut.
    const plan = placement.cutsLinks === false ? { reason: NO_LINK_CUTS } : peerProxyPlan(placement.spec);
    return {
      etcdBinary: localBinary('local', placement.binaries),
      processes: {},
      ...('port' in plan ? { peerProxy: { port: plan.port } } : {}),
    };
  },
  create: (spec, state, deps) => new LocalTarget(spec, state, deps),
  // The members advertise the peer proxy's URLs, and initial-cluster names those, where one is in front of them.
  specAsRun: (spec, state) => (state.peerProxy ? withPeerProxies(spec, state.peerProxy.port) : spec),
  asRun: (member) => member,
  runConfig: (spec, member) => ({ file: 'flags.txt', text: `${etcdFlags(spec, member).join('\n')}\n` }),
  etcdVersion: () => undefined,
};
