import { stat } from 'node:fs/promises';
import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import { clusterSpecFromConfig } from '../cluster/user-config.js';
import { checkNamed, type CheckName } from '../checks/registry.js';
import type { TimingOptions, TopologyOptions } from '../cluster/topology.js';
import { memberCountWarning } from '../options/options.js';
import { type OptionLabel } from '../options/reader.js';
import type { TargetOptions } from '../targets/kind.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { lintAndScan } from '../lint/lint.js';
import type { Finding, LintResult, MemberConfig } from '../lint/model.js';
import { generateClusterPki } from '../pki/cluster-pki.js';
import { memberAsRunBy, placeConfig, specAsRunBy } from '../targets/registry.js';
import type { Logger } from '../util/logger.js';
import { saveState, type ClusterState } from './state.js';

/** The configuration has lint errors: nothing was started. Carries every finding, for the terminal or for annotations. */
export class ConfigLintError extends ConfigurationError {
  constructor(
    readonly configPath: string,
    readonly findings: Finding[],
  ) {
    const errors = findings.filter((finding) => finding.severity === 'error').length;
    const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
    super(
      `the etcd configuration in ${configPath} has ${errors} lint error${errors === 1 ? '' : 's'}; nothing was started`,
    );
    this.name = 'ConfigLintError';
    this.summary = { errors, warnings: count('warning'), notices: count('notice') };
  }

  /** The findings counted by severity, as the lint JSON's summary. */
  readonly summary: LintResult['summary'];
}

/** A finding on one line, as compilers print them: `file:line:column: severity rule: message`. */
export function findingLine(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.severity} ${finding.rule}: ${finding.message}`;
}

/**
 * Reads the user's configuration exactly as `lint` does and returns its members. A path that does not
 * exist or holds no etcd configuration, or one that names only a cluster that already runs (kubeadm's
 * `etcd.external`), is a ConfigurationError; any lint error, the boot's own refusals (`lint --boot`)
 * included, is a ConfigLintError. Warnings and notices
 * are logged and do not stop the run.
 */
export async function readUserConfig(
  configPath: string,
  options: { label: OptionLabel; etcdVersion: string; cwd: string; logger: Logger },
): Promise<MemberConfig[]> {
  const allowed =
    'a file or folder of etcd configuration: etcd.conf.yml, ETCD_* env files, systemd units, kubeadm configuration with etcd.local, static pod manifests';
  try {
    await stat(configPath);
  } catch (error) {
    throw new ConfigurationError(
      `${options.label('config')} is '${configPath}'; allowed: ${allowed} (${errorMessage(error)})`,
    );
  }
  const { result, files } = await lintAndScan([configPath], {
    etcdVersion: options.etcdVersion,
    cwd: options.cwd,
    logger: options.logger,
    // What the run refuses is a lint error too (the ETCD-6xx rules): one verdict for lint --boot and the boot.
    boot: true,
  });
  if (result.summary.errors > 0) throw new ConfigLintError(configPath, result.findings);
  for (const finding of result.findings) options.logger.warning(findingLine(finding));
  const members = files.flatMap((file) => file.members);
  if (members.length > 0) return members;
  const external = files.find((file) => file.external)?.external;
  if (external) {
    const endpoints = external.endpoints.map((endpoint) => endpoint.value).join(',');
    throw new ConfigurationError(
      `${options.label('config')} is '${configPath}': ${external.file}:${external.at.line}:${external.at.column} is kubeadm's etcd.external, ` +
        `a cluster that already runs${endpoints ? ` (${endpoints})` : ''}, so there is nothing to start; ` +
        `check that cluster with 'etcd-ha check --endpoints ${endpoints || 'URL,...'} --pki-dir DIR' (the check action's endpoints and pki-dir inputs)`,
    );
  }
  throw new ConfigurationError(
    `${options.label('config')} is '${configPath}'; allowed: ${allowed} (none was found there)`,
  );
}

/** What booting a configuration takes besides its members. */
export interface ConfiguredClusterOptions {
  configPath: string;
  target: TargetOptions;
  stateDir: string;
  topology: TopologyOptions;
  timing: TimingOptions;
  /** The checks that will run on it: those that stop members need at least 2. */
  checks?: CheckName[];
  /** The checks only `all` brought in: on too few members they are skipped when they come, not refused here. */
  optionalChecks?: CheckName[];
  pkiDir?: string;
  label: OptionLabel;
}

/** The spec of the user's cluster on this target; refuses, before anything is made, what cannot run. */
export function configuredSpec(
  members: MemberConfig[],
  options: ConfiguredClusterOptions,
  logger: Logger,
): ClusterSpec {
  const chosen = (options.checks ?? []).map(checkNamed);
  const optional = new Set(options.optionalChecks ?? []);
  const tooFew = chosen.filter((check) => !optional.has(check.name) && (check.minMembers?.count ?? 1) > members.length);
  if (tooFew.length > 0) {
    const needed = Math.max(...tooFew.map((check) => check.minMembers?.count ?? 1));
    const fitting = chosen.filter((check) => !tooFew.includes(check)).map((check) => check.name);
    throw new ConfigurationError(
      `the configuration in ${options.configPath} has ${members.length} member${members.length === 1 ? '' : 's'} (${members.map((member) => `${member.name}, ${member.file}`).join('; ')}); ` +
        `the ${tooFew.map((check) => check.name).join(' and ')} check${tooFew.length > 1 ? 's need' : ' needs'} at least ${needed} ` +
        `(${[...new Set(tooFew.map((check) => check.minMembers?.why))].join('; ')})` +
        (fitting.length > 0
          ? `; to run only the ${fitting.join(' and ')} check${fitting.length > 1 ? 's' : ''}, set ${options.label('checks')} to ${fitting.join(',')}`
          : ''),
    );
  }
  const { target } = options;
  const [ordered, sandbox] = placeConfig(target, members, {
    baseAddress: options.topology.baseAddress,
    label: options.label,
  });
  const spec = clusterSpecFromConfig(ordered, options.stateDir, sandbox, {
    topology: options.topology,
    startupTimeoutMs: options.timing.startupTimeoutMs,
    pkiRoot: options.pkiDir,
  });
  const warning = memberCountWarning(spec.members.length);
  if (warning) logger.warning(`${options.configPath}: ${warning}`);
  return spec;
}

/** Generates the PKI for the user's cluster (unless the user gave one) and records the state. */
export async function configuredPkiPhase(
  spec: ClusterSpec,
  provided: { minValidityDays: number } | undefined,
  deps: { logger: Logger; live?: { state?: ClusterState } },
): Promise<ClusterState> {
  const state: ClusterState = { schemaVersion: 1, spec, ...(provided ? { pkiProvided: provided } : {}) };
  if (deps.live) deps.live.state = state;
  if (!provided) await generateClusterPki(spec);
  await saveState(state);
  deps.logger.info(
    `booting the configuration: ${spec.members.map((member) => `${member.name} (${member.configured?.file ?? '?'}) on ${member.address}`).join(', ')}; ` +
      `heartbeat ${spec.timing.heartbeatMs} ms, election ${spec.timing.electionMs} ms`,
  );
  return state;
}

/**
 * The spec as the target of this state runs it: where the local target put its peer proxy in front of
 * the members, each advertises the proxy's URL and initial-cluster names those (so the report's
 * configuration mapping shows what etcd was given).
 */
export function specAsRun(state: ClusterState): ClusterSpec {
  return specAsRunBy(state, state.spec);
}

/** A member as the target of this state runs it: in a container, its data dir and certificates are the container's paths. */
export function memberAsRun(state: ClusterState | undefined): (member: MemberSpec) => MemberSpec {
  return state ? memberAsRunBy(state) : (member) => member;
}
