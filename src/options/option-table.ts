import { CHECKS, CHECK_NAMES, DEFAULT_CHECKS } from '../checks/registry.js';
import { MAX_ROUNDS } from '../checks/rounds.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STEPS } from '../history/linearizability.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS } from '../pki/key-algorithm.js';
import { DIAGNOSTICS_WHEN, LOG_TAIL_LINES } from './diagnostics-options.js';
import { DEFAULT_TARGET_KIND, TARGET_KINDS, type TargetKind } from '../targets/kind.js';
import { TARGETS } from '../targets/registry.js';
import { FAIL_ON, LINT_FORMATS } from './lint-options.js';
import { DEFAULT_DOWNLOAD_URL, DEFAULT_ETCD_VERSION } from '../etcd/releases.js';
import { DECIDED_BY_CONFIG } from './options.js';

/**
 * Every option of the product in one table: each CLI flag and each action input, which verbs and
 * actions take it, what it takes, its default, its allowed values and what it does. The CLI's help,
 * the parser's list of each verb's flags, the `inputs:` of every action.yml and the docs' tables of
 * inputs and flags are all written from it (`npm run docs`; CI fails when they differ).
 *
 * Text conventions, so one description serves every surface:
 * - A description starts in lower case and has no final period, as the CLI's help shows it; the
 *   action.yml files and the docs start it with a capital and end it with a period.
 * - `{name}` names another option of the table as the surface calls it: `--members` in the help,
 *   `members` in an action.yml, `` `members` `` in the docs. `{allowed}` lists the allowed values.
 * - `code` in backquotes is shown as code in the docs, as plain text elsewhere.
 */

/** The CLI's verbs, in the order the overview lists them. */
export const CLI_VERBS = ['run', 'certs', 'restore', 'up', 'check', 'down', 'ps', 'lint', 'history'] as const;
export type Verb = (typeof CLI_VERBS)[number];

/** The actions: `run` is the all-in-one action of the repository's root. */
export const ACTIONS = ['run', 'up', 'check', 'certs', 'restore', 'lint'] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Each action's action.yml, relative to the repository's root. */
export const ACTION_FILES: Record<ActionName, string> = {
  run: 'action.yml',
  up: 'up/action.yml',
  check: 'check/action.yml',
  certs: 'certs/action.yml',
  restore: 'restore/action.yml',
  lint: 'lint/action.yml',
};

/** The headings the CLI's help lists flags under. */
export type HelpGroup =
  | 'Cluster'
  | 'Timing'
  | 'Target'
  | 'etcd'
  | 'PKI'
  | 'Sealing'
  | 'Artifact'
  | 'Checks'
  | 'Report'
  | 'Diagnostics'
  | 'Output'
  | 'Other';

/** What one verb (or action) says of an option where the shared wording does not fit it. */
export interface Wording {
  /** Replaces the shared description. */
  description?: string;
  /** Replaces what applies when the option is not given. */
  default?: string;
}

/** How an action takes an option. An action without its own wording takes that of the verb of its name. */
export interface ActionUse extends Wording {
  /** Replaces the shared details. */
  details?: string;
  /** The action.yml `default:` (empty when absent: then `default` above, or the option's, says what applies). */
  value?: string;
  required?: boolean;
}

export interface OptionSpec {
  group: HelpGroup;
  /** What the flag takes (`N`, `DIR`); none for a switch. */
  value?: string;
  /** One line on what it does, for every surface (see the conventions above). */
  description: string;
  /** More, for the action.yml files and the docs only. */
  details?: string;
  /** What applies when it is not given; none when nothing does. */
  default?: string;
  /** The values it takes, where they are a list: `{allowed}` in the text. */
  allowed?: readonly string[];
  /** Where the CLI's flag differs from the action's input: added to the CLI's wording, its separator first (`; may be repeated`). */
  cli?: string;
  /** Where the action's input differs from the CLI's flag: added to the actions' wording, its separator first. */
  action?: string;
  /** The flag may be given more than once. */
  repeatable?: true;
  /** The option was replaced: it is refused with what replaced it (see refuseReplacedOptions) and never listed. */
  replaced?: true;
  /** The action input's name, where it is not the option's. */
  input?: string;
  /** The verbs that take the option as a flag `--<name>`, each with its own wording if it needs one. */
  verbs?: Partial<Record<Verb, Wording>>;
  /** The actions that take it as an input. */
  actions?: Partial<Record<ActionName, ActionUse>>;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `a`, `a and b`, `a, b and c`. */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The checks that stop members: those that run in rounds. */
const ROUND_CHECKS = CHECKS.filter((check) => check.stopsMembers && check.once === undefined).map(
  (check) => check.name,
);
/** The checks that move the members to another release: in `all` only when one is given. */
const RELEASE_CHECKS = CHECKS.filter((check) => check.needsRelease).map((check) => check.name);

/** The fewest members of each check that needs more than one: `failover and quorum-loss 2; ...`. */
function memberMinimums(): string {
  const counts = [...new Set(CHECKS.map((check) => check.minMembers?.count ?? 1))].filter((count) => count > 1);
  return counts
    .sort((a, b) => a - b)
    .map(
      (count) =>
        `${andList(CHECKS.filter((check) => (check.minMembers?.count ?? 1) === count).map((check) => check.name))} ${count}`,
    )
    .join('; ');
}

const DIAGNOSTICS_CONTENTS =
  `each member's last ${LOG_TAIL_LINES} log lines, the flags or config file it ran with, the status table, the member list, ` +
  'the JSON report, versions; never a key';

/** Every option, in the order the CLI's help and the action.yml files list them. */

/** `a`, `a or b`, `a, b or c`. */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

type KindDocs = (typeof TARGETS)[TargetKind]['docs'];

/** What the targets' entries say of one part of their addressing, each note written by `write`, joined by `separator`. */
function kindNotes(
  part: Exclude<keyof KindDocs, 'defaultBase'>,
  write: (kind: TargetKind, note: string) => string,
  separator = '',
): string {
  return TARGET_KINDS.flatMap((kind) => {
    const note = TARGETS[kind].docs[part];
    return note === undefined ? [] : [write(kind, note)];
  }).join(separator);
}

/** The default kind's first address, then each other kind's, named. */
function defaultBases(surface: 'run' | 'certs'): string {
  const others = TARGET_KINDS.filter((kind) => kind !== DEFAULT_TARGET_KIND).flatMap((kind) => {
    const base = TARGETS[kind].docs.defaultBase;
    return base === undefined ? [] : [`${kind}: ${base[surface]}`];
  });
  return [TARGETS[DEFAULT_TARGET_KIND].docs.defaultBase?.[surface] ?? '', ...others].join('; ');
}

/** `with {target} KIND`, for an option only that kind of target takes (its entry's own options). */
function withTarget(option: string): string {
  const kind = TARGET_KINDS.find((candidate: TargetKind) => TARGETS[candidate].ownOptions.includes(option));
  if (kind === undefined) throw new Error(`no target takes the option ${option}`);
  return `with {target} ${kind}`;
}

export const OPTIONS = {
  state: {
    group: 'Cluster',
    value: 'DIR',
    input: 'state-dir',
    description: "the cluster's folder: PKI, data dirs, logs and the state file",
    verbs: {
      run: {
        description: 'the folder for PKI, data dirs, logs and state; emptied at teardown unless {keep}',
        default: 'a new temporary folder',
      },
      up: {
        description:
          "the cluster's folder: new or empty (the PKI is generated there), or made by 'certs --out' or 'restore --out'",
      },
      check: { description: "the folder of a cluster 'etcd-ha up' started" },
      down: { description: 'the folder of the cluster to end' },
    },
    actions: {
      run: {
        description: 'the folder for PKI, data dirs, logs and state; removed by the post step unless {keep}',
        default: 'a new folder in `RUNNER_TEMP`',
      },
      up: {
        description: 'the folder for PKI, data dirs, logs and state; removed by the post step unless {keep}',
        default: 'a new folder in `RUNNER_TEMP`',
      },
      check: { description: 'the `state-dir` output of an up step of this job; give this or {endpoints}' },
    },
  },
  all: { group: 'Cluster', description: "every cluster 'etcd-ha ps' lists", verbs: { down: {} } },
  endpoints: {
    group: 'Cluster',
    value: 'URL,...',
    description:
      'a running cluster this did not start (long-lived hosts): its client URLs, `https://host:port` or `name=https://host:port`, ' +
      'comma- or newline-separated, with {pki-dir}; checks that stop members are skipped with the reason',
    details:
      'The members are `etcd-1`, ... unless named. A skipped check fails the run when it was named or is a default one: set ' +
      "{checks} to `status,tls`, or to `all` for every check that can run on it. The report's `target` is `external`",
    verbs: { check: {} },
    actions: { check: {} },
  },
  config: {
    group: 'Cluster',
    value: 'PATH',
    description:
      'boot your own etcd configuration instead (a file or folder: `etcd.conf.yml`, `ETCD_*` env files, systemd units, ' +
      'kubeadm configuration with `etcd.local`, static pod manifests), read as lint reads it, on the target with the ' +
      `run's data dirs, PKI and logs; lint errors stop it before anything starts; not with ${orList(DECIDED_BY_CONFIG.map((name) => `{${name}}`))}`,
    details: `Its members, names and settings run as written, on the target's addresses${kindNotes('config', (kind, note) => `. With target ${kind}, ${note}`)}`,
    action: '. The options it decides default to empty here, meaning the values the docs show',
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} },
  },
  members: {
    group: 'Cluster',
    value: 'N',
    description: `number of members, 1 to 9 (the fewest a check runs on: ${memberMinimums()}; an even count warns)`,
    details:
      'Fewer members than a named or default check needs are refused before anything starts; an even count (2, 4) ' +
      'adds no fault tolerance over one fewer',
    default: '3',
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: { value: '3' } },
  },
  'member-list': {
    group: 'Cluster',
    value: 'NAME=ADDRESS,...',
    description:
      'members by name and address instead of {members} and {base-address}: `name=address` entries (a DNS label, then an IP ' +
      `address or DNS name), comma- or newline-separated; ${kindNotes('memberList', (kind, note) => `the ${kind} target needs ${note}, `)}certs takes any`,
    details: 'For example `etcd-a=127.0.0.21,etcd-b=127.0.0.22,etcd-c=127.0.0.23`',
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: {} },
  },
  'base-address': {
    group: 'Cluster',
    value: 'IP',
    description: `address of the first member; the others count up (${kindNotes('baseAddress', (kind, note) => `${kind}: ${note}`, '; ')})`,
    details:
      'N is picked per run, so two runs on one machine (or jobs on one container engine) rarely collide; the report names ' +
      'the endpoints',
    default: `${defaultBases('run')}; N random`,
    verbs: { run: {}, certs: {}, up: {} },
    actions: {
      run: {},
      up: {},
      certs: {
        details: 'Give the same value to the up action in the other job',
        default: `${defaultBases('certs')}, N random`,
      },
    },
  },
  'client-port': {
    group: 'Cluster',
    value: 'N',
    description: 'client port of every member, 1024 to 65535',
    default: '2379',
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: { value: '2379' } },
  },
  'peer-port': {
    group: 'Cluster',
    value: 'N',
    description: 'peer port of every member, 1024 to 65535, not the client port',
    details: 'A port already taken is refused before any member starts',
    default: '2380',
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: { value: '2380' } },
  },
  'heartbeat-ms': {
    group: 'Timing',
    value: 'N',
    description: 'etcd `--heartbeat-interval` in ms, 10 to 10000',
    default: '100',
    verbs: {
      run: {},
      certs: { description: 'etcd `--heartbeat-interval` in ms, recorded for the cluster, 10 to 10000' },
      up: { default: "100, or the folder's" },
      check: { description: "with {endpoints}: the cluster's raft heartbeat, for the report only" },
    },
    actions: {
      run: {},
      up: { default: '100' },
      certs: { value: '100' },
      check: { value: '100' },
    },
  },
  'election-ms': {
    group: 'Timing',
    value: 'N',
    description: 'etcd `--election-timeout` in ms, at least 5 x {heartbeat-ms} (etcd refuses less), at most 50000',
    default: '1000',
    verbs: {
      run: {},
      certs: {
        description: 'etcd `--election-timeout` in ms, recorded for the cluster, at least 5 x {heartbeat-ms}',
      },
      up: { default: "1000, or the folder's" },
      check: { description: "with {endpoints}: the cluster's election timeout, for the report only" },
    },
    actions: {
      run: {},
      up: { default: '1000' },
      certs: { value: '1000' },
      check: { value: '1000' },
    },
  },
  'startup-timeout-seconds': {
    group: 'Timing',
    value: 'N',
    description: 'how long the cluster may take to become healthy, 1 to 600',
    details:
      "On timeout the error names each member that was not healthy, etcd's last logged error, and the end of its log",
    default: '60',
    verbs: { run: {}, certs: {}, up: { default: "60, or the folder's" } },
    actions: { run: { value: '60' }, up: { value: '60', default: '60' } },
  },
  target: {
    group: 'Target',
    value: 'KIND',
    description: `where the members run: ${inWords(TARGET_KINDS.map((kind) => `${kind} (${TARGETS[kind].summary})`))}`,
    allowed: TARGET_KINDS,
    default: DEFAULT_TARGET_KIND,
    verbs: {
      run: {},
      up: {},
      certs: {
        description:
          "the target the cluster will run on: it decides the members' addresses, which the certificates name " +
          `(${inWords(TARGET_KINDS.map((kind) => TARGETS[kind].addressesNamed))}): {allowed}`,
      },
    },
    actions: {
      run: { value: DEFAULT_TARGET_KIND },
      up: { value: DEFAULT_TARGET_KIND },
      certs: { value: DEFAULT_TARGET_KIND },
    },
  },
  image: {
    group: 'Target',
    value: 'REF',
    description: `${withTarget('image')}: the image the members run; it must hold etcd at \`/usr/local/bin/etcd\`, as the official images do`,
    default: `\`gcr.io/etcd-development/etcd:vVERSION\`, VERSION from {etcd-version}, else ${DEFAULT_ETCD_VERSION}`,
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} },
  },
  network: {
    group: 'Target',
    value: 'NAME',
    description: `${withTarget('network')}: the name of the bridge network to create`,
    default: '`etcd-ha-RUNID`',
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} },
  },
  hosts: {
    group: 'Target',
    value: 'USER@HOST[:PORT],...',
    description:
      `${withTarget('hosts')}: one \`user@host[:port]\` per member (the host an IP address, \`[IPv6]\` or DNS name), comma- or ` +
      "newline-separated; each member listens on its host's address; a user other than root needs passwordless sudo",
    verbs: {
      run: {},
      up: {},
      certs: {
        description: `${withTarget('hosts')}: one \`user@host[:port]\` per member; the certificates name each host`,
      },
    },
    actions: { run: {}, up: {}, certs: {} },
  },
  'ssh-key': {
    group: 'Target',
    value: 'FILE',
    description: `${withTarget('ssh-key')}: the private key that logs in to every host`,
    action: '; pass a secret. It is masked in the log, written 0600 for the job and removed by the post step',
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} },
  },
  'known-hosts': {
    group: 'Target',
    value: 'FILE',
    description:
      `${withTarget('known-hosts')}: the \`known_hosts\` lines of every host; host keys are always checked (\`StrictHostKeyChecking=yes\`), ` +
      'there is no way to turn that off',
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} },
  },
  'lint-path': {
    group: 'Output',
    input: 'path',
    description: 'files, folders or globs to lint, newline- or comma-separated, relative to the repository root',
    details: 'A path that does not exist fails the step, naming it',
    default: '.',
    actions: { lint: { value: '.' } },
  },
  'etcd-path': {
    group: 'etcd',
    value: 'DIR',
    description: 'a folder holding `etcd` and `etcdctl` to run instead of those on `PATH` or a download',
    default: 'etcd on `PATH`, else a download',
    verbs: { run: {}, up: {} },
    actions: { run: {}, up: {} },
  },
  'etcd-version': {
    group: 'etcd',
    value: 'X.Y.Z',
    description:
      'etcd release to run, 3.4.0 or later (downloaded and checksum-verified when `PATH` has no etcd of it; an etcd on `PATH` of another version is not used)',
    default: `etcd on \`PATH\`, else ${DEFAULT_ETCD_VERSION}`,
    verbs: {
      run: {},
      up: {},
      lint: { description: 'the etcd release the configuration is for, 3.4.0 or later', default: DEFAULT_ETCD_VERSION },
    },
    actions: {
      run: {},
      up: {},
      lint: {
        value: DEFAULT_ETCD_VERSION,
        details:
          'It decides, to the patch release, which settings exist, are deprecated or removed. A release the rules do not ' +
          'know yet is linted with the rules of the newest they know, and a notice (`ETCD-RELEASE`) says so',
      },
    },
  },
  'etcd-download-url': {
    group: 'etcd',
    value: 'URL',
    description:
      "the https base URL of release downloads (a mirror laid out like GitHub's releases; http only to `localhost`, `127.x.y.z` or `[::1]`)",
    details:
      "The tarball's SHA-256 is checked against the release's `SHA256SUMS` (and the checksum pinned in the code, for releases pinned " +
      'there), and checked again whenever a kept release is used; on a mismatch nothing is installed',
    default: DEFAULT_DOWNLOAD_URL,
    verbs: {
      run: {},
      up: {},
      check: { description: 'the https base URL of release downloads, for {upgrade-etcd-version}' },
    },
    actions: {
      run: { value: DEFAULT_DOWNLOAD_URL },
      up: { value: DEFAULT_DOWNLOAD_URL },
      check: { value: DEFAULT_DOWNLOAD_URL },
    },
  },
  'upgrade-etcd-version': {
    group: 'etcd',
    value: 'X.Y.Z',
    description:
      'the etcd release the upgrade check moves the members to, 3.4.0 or later: found or downloaded as {etcd-version} is; ' +
      'on targets that run images, the official image of it unless {upgrade-image} names one. With it, `all` includes the upgrade check',
    details:
      'An older release is a downgrade: etcd 3.6 and later downgrade through their downgrade API; a downgrade etcd refuses ' +
      '(3.5 to a 3.4 release that cannot run on its data) fails the check quoting etcd, the cluster left whole',
    verbs: { run: {}, check: {} },
    actions: { run: {}, check: {} },
  },
  'upgrade-etcd-path': {
    group: 'etcd',
    value: 'DIR',
    description:
      'a folder holding the `etcd` the upgrade check moves the members to, instead of {upgrade-etcd-version}, on targets that run ' +
      'an etcd of this machine (local, ssh)',
    verbs: { run: {}, check: {} },
    actions: { run: {}, check: {} },
  },
  'upgrade-image': {
    group: 'etcd',
    value: 'REF',
    description:
      'the image the upgrade check moves the members to, on targets that run images (container); it must hold etcd at ' +
      '`/usr/local/bin/etcd`, as the official images do',
    default: '`gcr.io/etcd-development/etcd:vVERSION`, VERSION from {upgrade-etcd-version}',
    verbs: { run: {}, check: {} },
    actions: { run: {}, check: {} },
  },
  'pki-dir': {
    group: 'PKI',
    value: 'DIR',
    description:
      "use this PKI (in the layout 'etcd-ha certs' and the certs action write) instead of generating one; it is validated " +
      'before anything starts and never changed',
    details:
      'The layout: `etcd/ca.crt`, `apiserver-etcd-client.crt`/`.key`, `members/NAME/etcd/server.crt`/`.key`, `peer.crt`/`.key`, ... ' +
      'Every certificate must parse, chain to the CA, be valid now and for {min-cert-validity-days} more, carry the usages etcd ' +
      "needs and cover its member's address; every key must match its certificate. Each problem is named with its file",
    verbs: {
      run: {},
      up: {},
      check: {
        description:
          "with {endpoints}: the cluster's PKI folder in kubeadm's layout (`etcd/ca.crt`, `apiserver-etcd-client.crt` and `.key` are used)",
      },
    },
    actions: { run: {}, up: {}, check: { details: "As on a kubeadm control-plane node's `/etc/kubernetes/pki`" } },
  },
  'min-cert-validity-days': {
    group: 'PKI',
    value: 'N',
    description: 'with {pki-dir}: refuse certificates that expire within this many days, 0 to 3650',
    default: '7',
    verbs: { run: {}, up: {} },
    actions: { run: { value: '7' }, up: { value: '7' } },
  },
  'extra-sans': {
    group: 'PKI',
    value: 'LIST',
    description: "extra DNS names or IPs for every member's server and peer certificates, comma- or newline-separated",
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: {}, up: {}, certs: {} },
  },
  'cert-validity-days': {
    group: 'PKI',
    value: 'N',
    description: 'validity of member and client certificates in days, 1 to 3650 (the CA gets 10 years)',
    default: '365',
    verbs: { run: {}, certs: {}, up: {} },
    actions: { run: { value: '365' }, up: { value: '365' }, certs: { value: '365' } },
  },
  'key-algorithm': {
    group: 'PKI',
    value: 'ALGORITHM',
    description: "the algorithm of every key of the generated PKI: {allowed} (ecdsa-p256 as kubeadm's ECDSA-P256)",
    details: 'It replaced key-size, which is refused with what to give instead (key-size 2048 is rsa-2048)',
    allowed: KEY_ALGORITHMS,
    default: DEFAULT_KEY_ALGORITHM,
    verbs: { run: {}, certs: {}, up: {} },
    actions: {
      run: { value: DEFAULT_KEY_ALGORITHM },
      up: { value: DEFAULT_KEY_ALGORITHM },
      certs: { value: DEFAULT_KEY_ALGORITHM },
    },
  },
  'key-size': {
    group: 'PKI',
    value: 'BITS',
    description: 'replaced by {key-algorithm}',
    replaced: true,
    verbs: { run: {}, certs: {}, up: {} },
  },
  'artifact-name': {
    group: 'Artifact',
    description: 'the name of the artifact the sealed bundle is uploaded as (no `" : < > | * ? \\ /` or line breaks)',
    default: 'etcd-pki',
    actions: {
      certs: { value: 'etcd-pki' },
      restore: { value: 'etcd-pki', description: 'the name of the artifact the certs action uploaded' },
    },
  },
  'retention-days': {
    group: 'Artifact',
    description: 'days the artifact is kept, 1 to 90',
    default: '1',
    actions: { certs: { value: '1' } },
  },
  'run-id': {
    group: 'Artifact',
    description: 'take the artifact from this workflow run instead of the current one (needs {github-token})',
    actions: { restore: {} },
  },
  'github-token': {
    group: 'Artifact',
    description: 'a token that may read the artifacts of {run-id}',
    actions: { restore: {} },
  },
  repository: {
    group: 'Artifact',
    description: 'the repository of {run-id}, as `owner/name`',
    default: 'the current repository',
    actions: { restore: {} },
  },
  out: {
    group: 'PKI',
    value: 'DIR',
    input: 'out-dir',
    description: 'a new or empty folder to write into',
    verbs: {
      certs: { description: 'a new or empty folder for the PKI and the cluster state' },
      restore: { description: 'a new or empty folder to restore the PKI (keys 0600) and the cluster state into' },
    },
    actions: {
      certs: {
        description: 'the folder the PKI is generated in, on this runner',
        default: 'a new folder in `RUNNER_TEMP`',
      },
      restore: {
        description: 'a new or empty folder to restore the PKI (keys 0600, folders 0700) and the cluster state into',
        default: '`RUNNER_TEMP/etcd-ha-restored`',
      },
    },
  },
  seal: {
    group: 'Sealing',
    value: 'FILE',
    description: 'also pack the PKI with its cluster layout and seal it with age into FILE',
    verbs: { certs: {} },
  },
  'sealed-path': {
    group: 'Sealing',
    input: 'path',
    description: 'where the sealed bundle is written (and, without an artifact service, left)',
    default: '`RUNNER_TEMP/ARTIFACT-NAME.age`',
    actions: { certs: {} },
  },
  from: {
    group: 'Sealing',
    value: 'FILE',
    input: 'path',
    description:
      "the sealed bundle to open, as the certs action or 'etcd-ha certs --seal' (or age `--encrypt` of such a tar) wrote it",
    action: ': a local file, opened instead of downloading an artifact',
    verbs: { restore: {} },
    actions: { restore: {} },
  },
  'passphrase-env': {
    group: 'Sealing',
    value: 'VAR',
    input: 'passphrase',
    description: 'the passphrase',
    cli: ' in this environment variable',
    action: ' (pass a secret)',
    verbs: {
      certs: { description: 'with {seal}: seal with the passphrase' },
      restore: { description: 'open with the passphrase' },
    },
    actions: {
      certs: { description: 'seal with this passphrase', details: 'Set this or {recipient}' },
      restore: { description: 'the passphrase the bundle was sealed with', details: 'Set this or {identity}' },
    },
  },
  recipient: {
    group: 'Sealing',
    value: 'AGE_PUBLIC_KEY',
    input: 'recipients',
    description: 'seal for age public keys (`age1...`)',
    details: 'Only their owners can open it. Set this or {passphrase-env}',
    cli: '; with {seal}; may be repeated',
    action: ', comma- or newline-separated',
    repeatable: true,
    verbs: { certs: {} },
    actions: { certs: {} },
  },
  identity: {
    group: 'Sealing',
    value: 'FILE',
    description: 'open with an age identity (`AGE-SECRET-KEY-1...`, as `age-keygen` writes it)',
    details: 'Set this or {passphrase-env}',
    cli: ' in FILE; may be repeated',
    action: ': the contents of the file (pass a secret)',
    repeatable: true,
    verbs: { restore: {} },
    actions: { restore: {} },
  },
  checks: {
    group: 'Checks',
    value: 'LIST',
    description:
      `which checks to run, in this order, comma-separated: ${CHECK_NAMES.join(', ')}, or all (every check that can run on this cluster: one that ` +
      'cannot is skipped with the reason and does not fail the run; a named or default check that is skipped does; ' +
      `${RELEASE_CHECKS.join(' and ')} only with {upgrade-etcd-version}, {upgrade-etcd-path} or {upgrade-image})`,
    details:
      'A check cannot run with fewer members than it needs, a fault the target cannot inject, or on a cluster given by its ' +
      'endpoints; one named for fewer members than it needs is refused before anything starts. A list that names no check (`,`) is refused',
    allowed: CHECK_NAMES,
    default: DEFAULT_CHECKS.join(','),
    verbs: { run: {}, check: {} },
    actions: { run: { value: DEFAULT_CHECKS.join(',') }, check: { value: DEFAULT_CHECKS.join(',') } },
  },
  rounds: {
    group: 'Checks',
    value: 'N',
    description:
      `how many times the checks that stop members (${ROUND_CHECKS.join(', ')}) run on the same cluster, 1 to ${MAX_ROUNDS}; ` +
      'each figure is then the p50, with its P95 and Max',
    details:
      'The cluster is restored whole before each round, and the rounds of a check stop at the first that fails; ' +
      '`keysLost` is the sum over the rounds, and each round is in the JSON report',
    default: '1',
    verbs: { run: {}, check: {} },
    actions: { run: { value: '1' }, check: { value: '1' } },
  },
  baseline: {
    group: 'Checks',
    description:
      "a name (1 to 64 letters, digits, `-`, `_` or `.`) to keep reports under in the Actions cache: the newest report saved under it is compared with this run's, and this run's report is saved if it passed",
    details: 'No previous report is a notice and a ' + 'cache that cannot be reached a warning; neither fails the step',
    default: 'no comparison',
    actions: { run: {}, check: {} },
  },
  'compare-to': {
    group: 'Checks',
    value: 'FILE',
    description: 'a JSON report of an earlier run: the report lists every figure both measured, with the change',
    verbs: { run: {}, check: {} },
  },
  'max-regression-pct': {
    group: 'Checks',
    value: 'P',
    description:
      "with {compare-to}: exit 1 when a millisecond figure's p50 grew by more than P percent, 0 to 1000 (only a note below 5 rounds)",
    verbs: { run: {}, check: {} },
    actions: {
      run: {
        description:
          "with {baseline}: fail the step when a millisecond figure's p50 grew by more than this percent over the previous report, " +
          '0 to 1000 (only a notice when either run had fewer than 5 rounds)',
        default: 'no limit',
      },
      check: {
        description:
          "with {baseline}: fail the step when a millisecond figure's p50 grew by more than this percent over the previous report, " +
          '0 to 1000 (only a notice when either run had fewer than 5 rounds)',
        default: 'no limit',
      },
    },
  },
  json: {
    group: 'Report',
    value: 'FILE',
    description: 'also write the JSON report to FILE',
    verbs: { run: {}, check: {} },
  },
  summary: {
    group: 'Report',
    value: 'FILE',
    description: "also append the Markdown report to FILE (as GitHub's step summary is appended to)",
    verbs: { run: {}, check: {} },
  },
  diagnostics: {
    group: 'Diagnostics',
    value: 'WHEN',
    description: `write a diagnostics bundle (${DIAGNOSTICS_CONTENTS}): {allowed}`,
    allowed: DIAGNOSTICS_WHEN,
    default: 'on-failure',
    verbs: { run: {}, check: {} },
    actions: {
      run: {
        value: 'on-failure',
        description: `when to collect a diagnostics bundle (${DIAGNOSTICS_CONTENTS}) and upload it as the artifact \`etcd-ha-diagnostics-RUNID\`: {allowed}`,
      },
    },
  },
  'diagnostics-file': {
    group: 'Diagnostics',
    value: 'FILE',
    description: 'where the bundle is written (a gzipped tar; sealed with age when a passphrase or recipient is given)',
    default: "`etcd-ha-diagnostics-RUNID.tar.gz[.age]` beside {json}, else in the system's temporary folder",
    verbs: { run: {}, check: {} },
  },
  'diagnostics-passphrase-env': {
    group: 'Diagnostics',
    value: 'VAR',
    input: 'diagnostics-passphrase',
    description: 'seal the bundle with age, with the passphrase',
    cli: ' in this environment variable',
    verbs: { run: {}, check: {} },
    actions: {
      run: {
        description:
          'seal the bundle with age with this passphrase; pass a secret (it is masked in the log); not with {diagnostics-recipient}',
      },
    },
  },
  'diagnostics-recipient': {
    group: 'Diagnostics',
    value: 'AGE_PUBLIC_KEY',
    input: 'diagnostics-recipients',
    description: 'seal the bundle with age for these public keys (`age1...`)',
    cli: '; may be repeated',
    action: ', comma- or newline-separated; with neither these nor a passphrase, the bundle is a plain `.tar.gz`',
    repeatable: true,
    verbs: { run: {}, check: {} },
    actions: { run: {} },
  },
  format: {
    group: 'Output',
    value: 'FORMAT',
    description: 'how findings are printed: {allowed}',
    allowed: LINT_FORMATS,
    default: 'text',
    verbs: { lint: {}, history: { description: 'how the verdict is printed: text or json' } },
  },
  'upgrade-to': {
    group: 'etcd',
    value: 'X.Y.Z',
    description:
      'a later etcd release the configuration is to be upgraded to: also report what stops it there or on the way (removed flags, a skipped minor, the patch etcd requires before it)',
    details:
      'Every rule is run for each release on the way, with the upgrade rules `ETCD-701` to `ETCD-704`; their messages say "on the way to"',
    verbs: { lint: {} },
    actions: { lint: { default: 'no upgrade findings' } },
  },
  boot: {
    group: 'Other',
    description:
      "also report, as errors, what 'etcd-ha run --config' refuses: the paths' members are judged as one cluster, as the run boots them",
    details:
      'The run refuses exactly what this reports, so a lint job with boot on the path a boot job gets passes when the boot gets past its configuration',
    verbs: { lint: {} },
    actions: {
      lint: {
        value: 'false',
        description:
          "also report, as errors, what the main action's {config} input (etcd-ha run --config) refuses, judging the members of the paths as one cluster: true or false",
      },
    },
  },
  'fail-on': {
    group: 'Output',
    value: 'LEVEL',
    description: 'exit 1 when a finding is this severe or worse: {allowed}',
    allowed: FAIL_ON,
    default: 'error',
    verbs: { lint: {} },
    actions: {
      lint: {
        value: 'error',
        description: 'fail the step when a finding is this severe or worse: {allowed} (never: report only)',
      },
    },
  },
  'sarif-file': {
    group: 'Output',
    description:
      'also write the findings as SARIF 2.1.0 to this path (its folder is created), for `github/codeql-action/upload-sarif`',
    default: 'no SARIF file',
    actions: { lint: {} },
  },
  'max-steps': {
    group: 'Output',
    value: 'N',
    description: 'how many steps the search may take before it stops undecided (exit 1)',
    default: String(DEFAULT_MAX_STEPS),
    verbs: { history: {} },
  },
  'max-memory-mb': {
    group: 'Output',
    value: 'N',
    description: "how many MiB each key's search may hold before it stops undecided (exit 1)",
    default: String(DEFAULT_MAX_MEMORY_MB),
    verbs: { history: {} },
  },
  threads: {
    group: 'Output',
    value: 'N',
    description:
      'how many keys are checked at once, each in a thread, for a history of 50000 operations or more; the verdict is the same for any N',
    default: 'the cores this process may use',
    verbs: { history: {} },
  },
  keep: {
    group: 'Other',
    description: 'keep data dirs, logs and PKI at teardown (the processes always end)',
    action: '. Never use it where the runner is shared',
    verbs: { run: {}, down: {} },
    actions: { run: { value: 'false' }, up: { value: 'false' } },
  },
  verbose: {
    group: 'Other',
    description: 'also print debug lines on stderr',
    verbs: {
      run: {},
      certs: {},
      restore: {},
      up: {},
      check: {},
      down: {},
      ps: {},
      lint: { description: 'also print, on stderr, what each file was recognised as' },
      history: {},
    },
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** The options that are CLI flags (`--<name>`). */
export type FlagName = {
  [K in OptionName]: (typeof OPTIONS)[K] extends { verbs: object } ? K : never;
}[OptionName];

/** The table's entry of an option, widened to its declared shape. */
export function optionSpec(name: OptionName): OptionSpec {
  return OPTIONS[name];
}

const NAMES = Object.keys(OPTIONS) as OptionName[];

/** Which flags each verb takes, in the table's order; any other is refused by name. */
export const VERB_OPTIONS: Record<Verb, readonly FlagName[]> = Object.fromEntries(
  CLI_VERBS.map((verb) => [verb, NAMES.filter((name) => optionSpec(name).verbs?.[verb] !== undefined)]),
) as Record<Verb, FlagName[]>;

/** Flags taken only to refuse them with what replaced them; never listed as allowed. */
export const REPLACED_OPTIONS: readonly string[] = NAMES.filter((name) => optionSpec(name).replaced);

/** Flags that may be given more than once. */
export const REPEATABLE: readonly string[] = NAMES.filter((name) => optionSpec(name).repeatable);

/** Flags that take no value. */
export const SWITCHES: readonly string[] = NAMES.filter(
  (name) => optionSpec(name).verbs !== undefined && optionSpec(name).value === undefined,
);

/** The options an action takes as inputs, in the table's order. */
export function actionOptions(action: ActionName): OptionName[] {
  return NAMES.filter((name) => optionSpec(name).actions?.[action] !== undefined);
}

/** The action input's name of an option. */
export function inputName(name: OptionName): string {
  return optionSpec(name).input ?? name;
}

/** Where text is shown: the CLI's help, an action's action.yml, or the docs (Markdown) for an action or the CLI. */
export type Surface =
  { kind: 'cli'; verb?: Verb } | { kind: 'action'; action: ActionName } | { kind: 'docs'; action?: ActionName };

/** A text of the table as `surface` shows it: option references by their name there, `{allowed}`, code marks. */
export function renderText(text: string, surface: Surface, allowed: readonly string[] = []): string {
  const named = text.replace(/\{([a-z][a-z0-9-]*)\}/g, (_, ref: string) => {
    if (ref === 'allowed') return orList(allowed);
    if (!(ref in OPTIONS)) throw new Error(`the option table names {${ref}}, which is no option`);
    const option = ref as OptionName;
    if (surface.kind === 'cli' || (surface.kind === 'docs' && surface.action === undefined)) {
      if (optionSpec(option).verbs === undefined) throw new Error(`{${ref}} is no CLI flag`);
      return surface.kind === 'docs' ? `\`--${ref}\`` : `--${ref}`;
    }
    if (optionSpec(option).actions === undefined) throw new Error(`{${ref}} is no action input`);
    return surface.kind === 'docs' ? `\`${inputName(option)}\`` : inputName(option);
  });
  return surface.kind === 'docs' ? named : named.replace(/`/g, '');
}

/** `text` as a sentence: a capital first letter (not for `etcd` or code) and a final period. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const capital = /^etcd\b/.test(trimmed) ? trimmed : trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** How one flag reads in a verb's help. */
export interface FlagHelp {
  /** The heading it is listed under. */
  group: HelpGroup;
  /** What it takes (`N`, `DIR`); none for a switch. */
  value?: string;
  meaning: string;
  /** What applies when it is not given; none when nothing does. */
  default?: string;
}

/** What a flag of `verb` shows in the help: its value, its meaning and its default. */
export function flagHelp(name: FlagName, verb: Verb): FlagHelp {
  const spec = optionSpec(name);
  const own = spec.verbs?.[verb];
  const surface: Surface = { kind: 'cli', verb };
  const meaning = renderText(`${own?.description ?? spec.description}${spec.cli ?? ''}`, surface, spec.allowed);
  const fallback = own?.default ?? spec.default;
  return {
    group: spec.group,
    ...(spec.value === undefined ? {} : { value: spec.value }),
    meaning,
    ...(fallback === undefined ? {} : { default: renderText(fallback, surface) }),
  };
}

/** How an action shows an input: its name, description (details included), action.yml default and what empty means. */
export function inputDoc(
  name: OptionName,
  action: ActionName,
  markdown: boolean,
): { input: string; description: string; value: string; required: boolean; meaning?: string } {
  const spec = optionSpec(name);
  const use: ActionUse = spec.actions?.[action] ?? {};
  const verbWording: Wording = (spec.verbs as Partial<Record<string, Wording>> | undefined)?.[action] ?? {};
  const surface: Surface = markdown ? { kind: 'docs', action } : { kind: 'action', action };
  const own = use.description ?? verbWording.description;
  const render = (text: string) => renderText(text, surface, spec.allowed);
  const sentences = [sentence(render(`${own ?? spec.description}${spec.action ?? ''}`))];
  const details = use.details ?? spec.details;
  if (details) sentences.push(sentence(render(details)));
  const value = use.value ?? '';
  const meaningText = use.default ?? verbWording.default ?? spec.default;
  const meaning = meaningText === undefined ? undefined : render(meaningText);
  return { input: inputName(name), description: sentences.join(' '), value, required: use.required ?? false, meaning };
}
