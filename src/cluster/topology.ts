import type { KeyAlgorithm } from '../pki/key-algorithm.js';

/** A member named and placed by the user. */
export interface NamedMember {
  name: string;
  /** IPv4, IPv6 or a DNS name. */
  address: string;
}

/** Members, addresses, ports and certificate settings: what the certificates must be made for. */
export interface TopologyOptions {
  members: number;
  /** Members by name and address; when absent, members are etcd-1, etcd-2, ... on base-address counting up. */
  memberList?: NamedMember[];
  baseAddress: string;
  clientPort: number;
  peerPort: number;
  extraSans: string[];
  certValidityDays: number;
  keyAlgorithm: KeyAlgorithm;
}

/** Raft timing and how long a member may take to become healthy. */
export interface TimingOptions {
  heartbeatMs: number;
  electionMs: number;
  startupTimeoutMs: number;
}

/** A member of a cluster this product did not start, by name and client URL. */
export interface GivenMember {
  name: string;
  clientUrl: string;
}

/** A running cluster given by its client URLs and a PKI folder (for checks against long-lived hosts). */
export interface GivenCluster {
  members: GivenMember[];
  pkiDir: string;
  /** The cluster's raft timing as the user states it (etcd's defaults otherwise), for the report. */
  timing: TimingOptions;
}
