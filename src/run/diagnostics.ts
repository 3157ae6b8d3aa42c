import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ClusterSpec } from '../cluster/spec.js';
import { errorMessage } from '../errors.js';
import { seal, type SealKey } from '../pki/seal.js';
import type { Report } from '../report/model.js';
import { renderJson } from '../report/render.js';
import { statusTable, type Table } from '../report/tables.js';
import { memberRunConfigsBy } from '../targets/registry.js';
import type { Target } from '../targets/target.js';
import { writeFileNoFollow } from '../util/safe-write.js';
import { shellQuote } from '../util/shell.js';
import { tarArchive, type TarFile } from '../util/tar.js';
import { recordedTargetKind, type ClusterState } from './state.js';
import { LOG_TAIL_LINES, type DiagnosticsWhen } from '../options/diagnostics-options.js';

/** How a run writes its diagnostics bundle. */
export interface DiagnosticsOptions {
  when: DiagnosticsWhen;
  /** Seal the bundle with age; `label` names the option or input that gave the key, for errors. */
  seal?: { key: SealKey; label: string };
}

/** The member logs a failed start read before its teardown removed them, by member name. */
export interface CapturedLogs {
  memberLogs?: Record<string, string>;
}

/** True when `when` asks for a bundle for this report. */
export function wantsDiagnostics(when: DiagnosticsWhen, report: Report): boolean {
  return when === 'always' || (when === 'on-failure' && !report.passed);
}

/** The last LOG_TAIL_LINES lines of every member's log, by member name; a log that cannot be read says why. */
export async function memberLogTails(spec: ClusterSpec, target: Target): Promise<Record<string, string>> {
  const logs: Record<string, string> = {};
  for (const member of spec.members) {
    try {
      logs[member.name] = await target.logs(member, LOG_TAIL_LINES);
    } catch (error) {
      logs[member.name] = `(the log could not be read: ${errorMessage(error)})\n`;
    }
  }
  return logs;
}

/** What each member ran with, as its target gave it: etcd.conf.yml on ssh hosts, command-line flags elsewhere. Paths only, never keys. */
export function memberRunConfigs(state: ClusterState): Record<string, { file: string; text: string }> {
  return recordedTargetKind(state) === undefined ? {} : memberRunConfigsBy(state, state.spec);
}

/** Versions of everything involved, for the bundle's versions.json. */
export function diagnosticsVersions(report: Report): Record<string, string> {
  return {
    tool: `${report.tool.name} ${report.tool.version}`,
    etcd: report.etcdVersion || 'unknown',
    node: process.version,
    target: report.target,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** A table as aligned plain text, for the bundle's status.txt. */
function plainTable(table: Table): string {
  const widths = table.headers.map((header, column) =>
    Math.max(header.length, ...table.rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return `${[line(table.headers), ...table.rows.map(line)].join('\n')}\n`;
}

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
const AGE_IDENTITY = /AGE-SECRET-KEY-1[0-9A-Z]+/g;

/** Removes any private key text (PEM blocks, age identities) from text that goes into the bundle: nothing here should hold one, and nothing may. */
export function withoutKeys(text: string): string {
  return text.replace(PRIVATE_KEY_BLOCK, '[private key removed]').replace(AGE_IDENTITY, '[age identity removed]');
}

/** The folder a member's files sit in within the bundle: its name where that is a short plain name. */
function memberFolder(name: string, index: number): string {
  return /^[A-Za-z0-9._-]{1,40}$/.test(name) && name !== '.' && name !== '..' ? name : `member-${index + 1}`;
}

/** What goes into a diagnostics bundle. */
export interface DiagnosticsInput {
  report: Report;
  /** The cluster's state, when there was one: its spec and target say what each member ran with. */
  state?: ClusterState;
  /** Each member's log tail, by member name. */
  memberLogs: Record<string, string>;
}

/**
 * The bundle's files, under one folder: the JSON report, the status table, the member list, each
 * member's log tail and the flags or config file it ran with, and versions. Paths of keys appear,
 * never a key: no file is named `*.key`, and any private key text is removed.
 */
export function diagnosticsFiles(input: DiagnosticsInput): TarFile[] {
  const { report, state } = input;
  const root = `etcd-ha-diagnostics-${report.cluster.runId}`;
  const configs = state ? memberRunConfigs(state) : {};
  const specMembers = state?.spec.members ?? [];
  const members = specMembers.map((member) => {
    const row = report.members.find((candidate) => candidate.name === member.name);
    return {
      name: member.name,
      clientUrl: member.clientUrl,
      peerUrl: member.peerUrl,
      dataDir: member.dataDir,
      logFile: member.logFile,
      id: row?.id ?? null,
      isLeader: row?.isLeader ?? false,
      healthy: row?.healthy ?? false,
      errors: row?.errors ?? [],
    };
  });
  const text = (name: string, body: string): TarFile => ({
    name: `${root}/${name}`,
    mode: 0o644,
    data: Buffer.from(withoutKeys(body)),
  });
  const files: TarFile[] = [
    text(
      'README.txt',
      `etcd-ha diagnostics of run ${report.cluster.runId} (${report.passed ? 'passed' : 'failed'}${report.error ? `: ${report.error}` : ''})\n\n` +
        'report.json        the JSON report\n' +
        'status.txt         the endpoint status table, as read after the checks (empty when the cluster did not come up)\n' +
        'members.json       the member list: names, URLs, data dirs, log files, IDs and health\n' +
        `members/NAME/      each member's last ${LOG_TAIL_LINES} log lines (etcd.log) and the flags (flags.txt) or config file (etcd.conf.yml) it ran with\n` +
        'versions.json      versions of etcd-ha, etcd, Node.js, the target and the platform\n\n' +
        'Certificates and keys are named by their paths only; no key is in this bundle.\n',
    ),
    text('report.json', renderJson(report)),
    text(
      'status.txt',
      report.members.length > 0 ? plainTable(statusTable(report)) : 'no member answered: the cluster did not come up\n',
    ),
    text('members.json', `${JSON.stringify(members, null, 2)}\n`),
    text('versions.json', `${JSON.stringify(diagnosticsVersions(report), null, 2)}\n`),
  ];
  specMembers.forEach((member, index) => {
    const folder = `members/${memberFolder(member.name, index)}`;
    const log = input.memberLogs[member.name];
    if (log !== undefined)
      files.push(
        text(`${folder}/etcd.log`, log === '' ? '(the log is empty)\n' : log.endsWith('\n') ? log : `${log}\n`),
      );
    const config = configs[member.name];
    if (config) files.push(text(`${folder}/${config.file}`, config.text));
  });
  return files.filter((file) => !file.name.endsWith('.key'));
}

/** A written bundle: where, how big, and how it is sealed. */
export interface DiagnosticsBundle {
  file: string;
  bytes: number;
  sealed: 'passphrase' | 'recipients' | undefined;
}

/** The bundle's file name for a run: `.tar.gz`, with `.age` when sealed. */
export function diagnosticsFileName(runId: string, sealed: boolean): string {
  return `etcd-ha-diagnostics-${runId}.tar.gz${sealed ? '.age' : ''}`;
}

/**
 * Writes the files as one gzipped tar to `file` (0600), sealed with age when `options.seal` is given.
 * If sealing fails, nothing is written and the error names the option that gave the key.
 */
export async function writeDiagnosticsBundle(
  files: TarFile[],
  file: string,
  options: Pick<DiagnosticsOptions, 'seal'>,
): Promise<DiagnosticsBundle> {
  const packed = gzipSync(tarArchive(files));
  let bytes: Uint8Array = packed;
  if (options.seal) {
    try {
      bytes = await seal(packed, options.seal.key);
    } catch (error) {
      throw new Error(
        `the diagnostics bundle could not be sealed with ${options.seal.label} (${errorMessage(error)}); nothing was written`,
      );
    }
  }
  const target = path.resolve(file);
  // The path may be in the checked-out tree: never written through a symbolic link planted there.
  await writeFileNoFollow(target, bytes, { mode: 0o600 });
  return {
    file: target,
    bytes: bytes.length,
    sealed: options.seal ? ('passphrase' in options.seal.key ? 'passphrase' : 'recipients') : undefined,
  };
}

/** The shell command that unpacks a bundle (named `file` where the user has it) into the current folder. */
export function openCommand(bundle: Pick<DiagnosticsBundle, 'sealed'>, file: string): string {
  const quoted = shellQuote(file);
  if (bundle.sealed === 'recipients') return `age -d -i key.txt ${quoted} | tar -xz`;
  if (bundle.sealed === 'passphrase') return `age -d ${quoted} | tar -xz`;
  return `tar -xzf ${quoted}`;
}

function sealedAs(bundle: DiagnosticsBundle): string {
  if (bundle.sealed === 'recipients') return 'sealed with age for the recipients given';
  return bundle.sealed === 'passphrase' ? 'sealed with age with the passphrase given' : 'not sealed';
}

/** One log line: where the bundle is (`where`), and the command that opens it as `openWith`. */
export function diagnosticsLine(bundle: DiagnosticsBundle, where: string, openWith = bundle.file): string {
  return `diagnostics bundle (${bundle.bytes} bytes, ${sealedAs(bundle)}): ${where}; open it with: ${openCommand(bundle, openWith)}`;
}

/** The job summary's section on the bundle: `where` is Markdown the caller escaped, `openWith` the file name the user will have. */
export function diagnosticsMarkdown(
  bundle: DiagnosticsBundle,
  where: string,
  openWith = path.basename(bundle.file),
): string {
  return (
    '\n### Diagnostics\n\nThe diagnostics bundle (member logs, status, member list, flags or config files, report, versions; ' +
    `no keys; ${sealedAs(bundle)}) is ${where}. ` +
    `Open it with:\n\n\`\`\`sh\n${openCommand(bundle, openWith)}\n\`\`\`\n`
  );
}
