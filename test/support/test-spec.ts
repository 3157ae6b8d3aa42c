// For unit tests: a cluster spec as `certs` lays one out by default, with what a test changes.
import { buildClusterSpec, type ClusterSpec } from '../../src/cluster/spec.js';
import type { TimingOptions, TopologyOptions } from '../../src/cluster/topology.js';

/** Three members from 127.0.0.11 on 2379/2380, ECDSA P-256, a year's certificates; with `overrides`. */
export function testTopology(overrides: Partial<TopologyOptions> = {}): TopologyOptions {
  return {
    members: 3,
    baseAddress: '127.0.0.11',
    clientPort: 2379,
    peerPort: 2380,
    extraSans: [],
    certValidityDays: 365,
    keyAlgorithm: 'ecdsa-p256',
    ...overrides,
  };
}

/** The spec of `testTopology(topology)` in `dir` at heartbeat 50 / election 250 (or `timing`), run `runId`. */
export function testSpec(
  options: { dir?: string; topology?: Partial<TopologyOptions>; timing?: Partial<TimingOptions>; runId?: string } = {},
): ClusterSpec {
  return buildClusterSpec(
    options.dir ?? '/tmp/unused',
    testTopology(options.topology),
    { heartbeatMs: 50, electionMs: 250, startupTimeoutMs: 10000, ...options.timing },
    options.runId ?? 'abc123',
  );
}
