import type { MemberSpec } from '../../cluster/spec.js';
import type { ProcessHandle } from '../../util/process.js';
import type { FirewallTool } from './link-rules.js';
import type { ReleaseMove } from '../target.js';

/** One remote host of the ssh target. */
export interface SshHost {
  user: string;
  /** IP address or DNS name; the member listens on it and its certificates name it. */
  host: string;
  port: number;
}

/** The ssh target as the user chose it. */
export interface SshTargetOptions {
  kind: 'ssh';
  hosts: SshHost[];
  /** The private key: a file for the CLI, the key itself for the action (which writes it to a 0600 file). */
  sshKey: string;
  /** known_hosts lines: a file for the CLI, the lines themselves for the action. */
  knownHosts: string;
  /** Files the product wrote for these options (the action's key and known_hosts), removed at teardown. */
  ownedFiles?: string[];
}

/** What one member's host holds of this run: exactly what teardown removes. */
export interface RemoteMember {
  /** This member's folder (binary, certificates, config, data, log); created by this run. */
  dir: string;
  /** systemd where the host runs it, else a plain process started with setsid. */
  supervisor: 'systemd' | 'process';
  /** The unit this run installed (systemd only). */
  unit?: string;
  /** The etcd process (process supervisor only). */
  process?: ProcessHandle;
}

/** What preflight learned of a host: how it runs members and how its peer links are cut. */
export interface HostFacts {
  supervisor: 'systemd' | 'process';
  /** The tool `isolate` cuts links with there, or why the host has none. */
  firewall: { tool: FirewallTool } | { reason: string };
}

/** What the ssh target must remember between steps: hosts, file paths and PIDs, never key material. */
export interface SshTargetState {
  /** One host per member, in member order. */
  hosts: SshHost[];
  keyFile: string;
  knownHostsFile: string;
  /** The etcd binary copied to every host. */
  etcdBinary: string;
  /** Local folder of ssh's connection sockets, one master connection per host. */
  controlDir?: string;
  /** The master connections this target started (`ssh -M -N`), by host address, ended by PID at teardown. */
  masters?: Record<string, ProcessHandle>;
  members: Record<string, RemoteMember>;
  /** Per host (`address:port` of its sshd), what preflight found there. */
  facts?: Record<string, HostFacts>;
  /** Members beyond the spec's, by name, recorded before anything of them exists on their host. */
  spare?: Record<string, MemberSpec>;
  /** Hosts (`address:port`) that may hold rules of `isolate`: removed by `heal` and at teardown. */
  cut?: string[];
  /** Files on this machine the product wrote for this target (a key from an action input), removed at teardown. */
  localFiles?: string[];
  /** The other etcd release members move to (the upgrade check), copied into each member's folder, and which of them run it. */
  release?: ReleaseMove;
}
