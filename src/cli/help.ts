import { CHECK_NAMES, DEFAULT_CHECKS } from '../checks/registry.js';
import { DEFAULT_DOWNLOAD_URL, DEFAULT_ETCD_VERSION } from '../etcd/releases.js';
import { DEFAULT_TARGET_KIND } from '../targets/kind.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STEPS } from '../history/linearizability.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS } from '../pki/key-algorithm.js';
import { DIAGNOSTICS_WHEN, LOG_TAIL_LINES } from '../run/diagnostics.js';
import { VERSION } from '../version.js';

/** How one flag reads in a verb's help. */
export interface FlagHelp {
  /** The heading it is listed under. */
  group: string;
  /** What it takes (`N`, `DIR`); none for a switch. */
  value?: string;
  meaning: string;
  /** What applies when it is not given; none when nothing does. */
  default?: string;
}

/**
 * Every flag of every verb, in the order help lists them. A verb takes exactly the flags its entry
 * in the CLI's table of options names; a flag there that is not here does not compile.
 */
export const FLAGS = {
  state: { group: 'Cluster', value: 'DIR', meaning: "the cluster's folder: PKI, data dirs, logs and the state file" },
  all: { group: 'Cluster', meaning: "every cluster 'etcd-ha ps' lists" },
  endpoints: {
    group: 'Cluster',
    value: 'URL,...',
    meaning:
      'a running cluster this did not start: its client URLs (https://host:port or name=https://host:port), with --pki-dir; ' +
      'checks that stop members are skipped with the reason',
  },
  config: {
    group: 'Cluster',
    value: 'PATH',
    meaning:
      "boot your own etcd configuration (a file or folder, read as lint reads it) on the target, with the run's data dirs, PKI and logs; " +
      'lint errors stop it (exit 1); not with --members, --member-list, --heartbeat-ms, --election-ms, --client-port, --peer-port',
  },
  members: {
    group: 'Cluster',
    value: 'N',
    meaning: 'number of members, 1 to 9 (the failover and quorum-loss checks need 2 or more)',
    default: '3',
  },
  'member-list': {
    group: 'Cluster',
    value: 'NAME=ADDRESS,...',
    meaning: 'members by name and address instead of --members and --base-address (local target: loopback addresses)',
  },
  'base-address': {
    group: 'Cluster',
    value: 'IP',
    meaning:
      'address of the first member; the others count up (container: a.b.c.z puts the members on a.b.c.0/24; not with ssh)',
    default:
      '127.0.N.11, a loopback block nothing listens on (127.0.0.11 for certs and with --pki-dir); container: 172.30.N.11; N random',
  },
  'client-port': { group: 'Cluster', value: 'N', meaning: 'client port of every member', default: '2379' },
  'peer-port': { group: 'Cluster', value: 'N', meaning: 'peer port of every member', default: '2380' },
  'heartbeat-ms': {
    group: 'Timing',
    value: 'N',
    meaning: 'etcd --heartbeat-interval in ms, 10 to 10000',
    default: '100',
  },
  'election-ms': {
    group: 'Timing',
    value: 'N',
    meaning: 'etcd --election-timeout in ms, at least 5 x --heartbeat-ms, at most 50000',
    default: '1000',
  },
  'startup-timeout-seconds': {
    group: 'Timing',
    value: 'N',
    meaning: 'how long the cluster may take to become healthy, 1 to 600',
    default: '60',
  },
  target: {
    group: 'Target',
    value: 'KIND',
    meaning: 'where the members run: local (processes), container or ssh (hosts)',
    default: DEFAULT_TARGET_KIND,
  },
  image: {
    group: 'Target',
    value: 'REF',
    meaning: 'container: the image the members run (etcd at /usr/local/bin/etcd)',
    default: 'gcr.io/etcd-development/etcd:vVERSION',
  },
  network: {
    group: 'Target',
    value: 'NAME',
    meaning: 'container: the bridge network to create',
    default: 'etcd-ha-RUNID',
  },
  hosts: { group: 'Target', value: 'USER@HOST[:PORT],...', meaning: 'ssh: one host per member' },
  'ssh-key': { group: 'Target', value: 'FILE', meaning: 'ssh: the private key file that logs in to every host' },
  'known-hosts': {
    group: 'Target',
    value: 'FILE',
    meaning: 'ssh: known_hosts lines for every host (host keys are always checked)',
  },
  'etcd-path': {
    group: 'etcd',
    value: 'DIR',
    meaning: 'a folder holding etcd and etcdctl to run',
    default: 'etcd on PATH, else a download',
  },
  'etcd-version': {
    group: 'etcd',
    value: 'X.Y.Z',
    meaning: 'etcd release to run, 3.4.0 or later (downloaded and checksum-verified when PATH has no etcd of it)',
    default: `etcd on PATH, else ${DEFAULT_ETCD_VERSION}`,
  },
  'etcd-download-url': {
    group: 'etcd',
    value: 'URL',
    meaning:
      "https base URL of release downloads (a mirror laid out like GitHub's releases; http only to localhost, 127.x.y.z or [::1])",
    default: DEFAULT_DOWNLOAD_URL,
  },
  'pki-dir': {
    group: 'PKI',
    value: 'DIR',
    meaning:
      "use this PKI (in the layout 'etcd-ha certs' writes) instead of generating one; it is validated first and never changed",
  },
  'min-cert-validity-days': {
    group: 'PKI',
    value: 'N',
    meaning: 'with --pki-dir: refuse certificates that expire within N days, 0 to 3650',
    default: '7',
  },
  'extra-sans': {
    group: 'PKI',
    value: 'LIST',
    meaning: "extra DNS names or IPs for every member's server and peer certificates",
  },
  'cert-validity-days': {
    group: 'PKI',
    value: 'N',
    meaning: 'validity of member and client certificates, 1 to 3650 (the CA gets 10 years)',
    default: '365',
  },
  'key-algorithm': {
    group: 'PKI',
    value: 'ALGORITHM',
    meaning: `the keys' algorithm: ${KEY_ALGORITHMS.join(', ')}`,
    default: DEFAULT_KEY_ALGORITHM,
  },
  // Refused with what replaced it, and never listed.
  'key-size': { group: 'PKI', value: 'BITS', meaning: 'replaced by --key-algorithm' },
  out: { group: 'PKI', value: 'DIR', meaning: 'a new or empty folder to write into' },
  seal: {
    group: 'Sealing',
    value: 'FILE',
    meaning: 'also pack the PKI with its cluster layout and seal it with age into FILE',
  },
  from: {
    group: 'Sealing',
    value: 'FILE',
    meaning: "the sealed bundle 'etcd-ha certs --seal' (or age --encrypt of such a tar) wrote",
  },
  'passphrase-env': { group: 'Sealing', value: 'VAR', meaning: 'the passphrase, from this environment variable' },
  recipient: {
    group: 'Sealing',
    value: 'AGE_PUBLIC_KEY',
    meaning: 'with --seal: seal for this age public key (age1...); may be repeated',
  },
  identity: {
    group: 'Sealing',
    value: 'FILE',
    meaning: 'open with the age identity in FILE (as age-keygen writes it); may be repeated',
  },
  checks: {
    group: 'Checks',
    value: 'LIST',
    meaning:
      `which checks to run, in this order, comma-separated: ${CHECK_NAMES.join(', ')}, ` +
      'or all (every check that can run on this cluster: one that cannot is skipped with the reason and does not fail the run; a named check that is skipped does)',
    default: DEFAULT_CHECKS.join(','),
  },
  rounds: {
    group: 'Checks',
    value: 'N',
    meaning:
      'run the checks that stop members N times on the same cluster, 1 to 50; each figure is then the p50, with its P95 and Max',
    default: '1',
  },
  'compare-to': {
    group: 'Checks',
    value: 'FILE',
    meaning: 'a JSON report of an earlier run: the report lists every figure both measured, with the change',
  },
  'max-regression-pct': {
    group: 'Checks',
    value: 'P',
    meaning:
      "with --compare-to: exit 1 when a millisecond figure's p50 grew by more than P percent, 0 to 1000 (only a note below 5 rounds)",
  },
  json: { group: 'Report', value: 'FILE', meaning: 'also write the JSON report to FILE' },
  summary: {
    group: 'Report',
    value: 'FILE',
    meaning: "also append the Markdown report to FILE (as GitHub's step summary is appended to)",
  },
  diagnostics: {
    group: 'Diagnostics',
    value: 'WHEN',
    meaning:
      `write a diagnostics bundle (each member's last ${LOG_TAIL_LINES} log lines, the flags or config file it ran with, status, member list, ` +
      `the JSON report, versions; never a key): ${DIAGNOSTICS_WHEN.join(', ')}`,
    default: 'on-failure',
  },
  'diagnostics-file': {
    group: 'Diagnostics',
    value: 'FILE',
    meaning: 'where the bundle is written (a gzipped tar; sealed with age when a passphrase or recipient is given)',
    default: "etcd-ha-diagnostics-RUNID.tar.gz[.age] beside --json, else in the system's temporary folder",
  },
  'diagnostics-passphrase-env': {
    group: 'Diagnostics',
    value: 'VAR',
    meaning: 'seal the bundle with age, with the passphrase in this environment variable',
  },
  'diagnostics-recipient': {
    group: 'Diagnostics',
    value: 'AGE_PUBLIC_KEY',
    meaning: 'seal the bundle with age for this public key (age1...); may be repeated',
  },
  format: {
    group: 'Output',
    value: 'FORMAT',
    meaning: 'how findings are printed: text, json or sarif',
    default: 'text',
  },
  'upgrade-to': {
    group: 'etcd',
    value: 'X.Y.Z',
    meaning: 'lint: a later etcd release the configuration is to be upgraded to',
  },
  boot: {
    group: 'Other',
    meaning: "lint: also report what 'etcd-ha run --config' refuses",
  },
  'fail-on': {
    group: 'Output',
    value: 'LEVEL',
    meaning: 'exit 1 when a finding is this severe or worse: error, warning or never',
    default: 'error',
  },
  'max-steps': {
    group: 'Output',
    value: 'N',
    meaning: 'how many steps the search may take before it stops undecided (exit 1)',
    default: String(DEFAULT_MAX_STEPS),
  },
  'max-memory-mb': {
    group: 'Output',
    value: 'N',
    meaning: "how many MiB each key's search may hold before it stops undecided (exit 1)",
    default: String(DEFAULT_MAX_MEMORY_MB),
  },
  threads: {
    group: 'Output',
    value: 'N',
    meaning:
      'how many keys are checked at once, each in a thread, for a history of 50000 operations or more; the verdict is the same for any N',
    default: 'the cores this process may use',
  },
  keep: { group: 'Other', meaning: 'keep data dirs, logs and PKI at teardown (the processes always end)' },
  verbose: { group: 'Other', meaning: 'also print debug lines on stderr' },
} satisfies Record<string, FlagHelp>;

export type FlagName = keyof typeof FLAGS;

/** One verb's help: how it is called, what it does, what differs for it, and examples. */
export interface VerbHelp {
  /** One line: what the verb does (also the overview's line). */
  summary: string;
  /** Call forms, after `etcd-ha `. */
  usage: string[];
  /** A paragraph on what it does, if the summary is not enough. */
  description?: string;
  /** Where a flag means something particular for this verb. */
  flags?: Partial<Record<FlagName, Partial<FlagHelp>>>;
  exit: string;
  examples: string[];
}

const REPORT_EXIT =
  '0 every check passed; 1 a check failed or the cluster did not come up; 2 bad input (the message names the option)';

/** Every verb's help; a verb of the CLI without an entry here fails its unit test. */
export const VERB_HELP: Record<string, VerbHelp> = {
  run: {
    summary: 'start a cluster, run the checks, report, and tear the cluster down',
    usage: ['run [options]', 'run --config PATH [options]'],
    description:
      'certs -> up -> checks -> report -> teardown, on the local target unless --target says otherwise. SIGINT or SIGTERM tears the ' +
      "cluster down before exiting (130 or 143); after a SIGKILL, 'etcd-ha down --all' ends what is left.",
    flags: {
      state: {
        meaning: 'the folder for PKI, data dirs, logs and state; emptied at teardown unless --keep',
        default: 'a new temporary folder',
      },
    },
    exit: REPORT_EXIT,
    examples: [
      'etcd-ha run',
      'etcd-ha run --members 5 --rounds 20 --json report.json',
      'etcd-ha run --target container --etcd-version 3.5.21',
    ],
  },
  certs: {
    summary: 'generate the PKI and the cluster layout; nothing starts',
    usage: ['certs --out DIR [options]'],
    description:
      "The members' addresses follow --target and --hosts (or --base-address, --member-list), and the certificates name them.",
    flags: {
      out: { meaning: 'a new or empty folder for the PKI and the cluster state' },
      'passphrase-env': { meaning: 'with --seal: seal with the passphrase in this environment variable' },
      'heartbeat-ms': { meaning: 'etcd --heartbeat-interval in ms, recorded for the cluster, 10 to 10000' },
      'election-ms': {
        meaning: 'etcd --election-timeout in ms, recorded for the cluster, at least 5 x --heartbeat-ms',
      },
    },
    exit: '0 written; 2 bad input',
    examples: [
      'etcd-ha certs --out ./etcd --members 5',
      'etcd-ha certs --out ./pki-job --seal pki.age --recipient "$(age-keygen -y owner.key)"',
    ],
  },
  restore: {
    summary: "open a sealed PKI bundle into a folder 'etcd-ha up' starts",
    usage: ['restore --from FILE (--passphrase-env VAR | --identity FILE...) --out DIR'],
    flags: {
      out: { meaning: 'a new or empty folder to restore the PKI (keys 0600) and the cluster state into' },
      'passphrase-env': { meaning: 'open with the passphrase in this environment variable' },
    },
    exit: '0 restored; 2 bad input, a wrong key or a damaged bundle (nothing is written)',
    examples: ['etcd-ha restore --from pki.age --identity owner.key --out ./etcd && etcd-ha up --state ./etcd'],
  },
  up: {
    summary: 'start a cluster and leave it running; writes DIR/etcdctl.env',
    usage: ['up --state DIR [options]'],
    description:
      "On a new or empty DIR, up generates the PKI there first (as 'certs --out DIR' would, from the cluster, timing and PKI options) and says " +
      "where; on a folder 'certs --out' or 'restore --out' made, it starts that cluster; with --pki-dir, it starts on that PKI. " +
      "'. DIR/etcdctl.env' then makes a plain etcdctl work; 'etcd-ha down --state DIR' ends the cluster.",
    flags: {
      state: {
        meaning:
          "the cluster's folder: new or empty (the PKI is generated there), or made by 'certs --out' or 'restore --out'",
      },
      'heartbeat-ms': { meaning: 'etcd --heartbeat-interval in ms, 10 to 10000', default: "100, or the folder's" },
      'election-ms': {
        meaning: 'etcd --election-timeout in ms, at least 5 x --heartbeat-ms',
        default: "1000, or the folder's",
      },
      'startup-timeout-seconds': { default: "60, or the folder's" },
    },
    exit: '0 the cluster is up; 1 it did not come up (each member that failed is named, with its log); 2 bad input',
    examples: [
      'etcd-ha up --state ./etcd && . ./etcd/etcdctl.env && etcdctl endpoint status -w table',
      'etcd-ha up --state ./etcd --target container',
    ],
  },
  check: {
    summary: 'run the checks against a running cluster and report',
    usage: ['check --state DIR [options]', 'check --endpoints URL,... --pki-dir DIR [options]'],
    flags: {
      state: { meaning: "the folder of a cluster 'etcd-ha up' started" },
      'pki-dir': {
        meaning:
          "with --endpoints: the cluster's PKI folder (etcd/ca.crt, apiserver-etcd-client.crt and .key are used)",
      },
      'heartbeat-ms': {
        meaning: "with --endpoints: the cluster's raft heartbeat, for the report only",
        default: '100',
      },
      'election-ms': {
        meaning: "with --endpoints: the cluster's election timeout, for the report only",
        default: '1000',
      },
    },
    exit: REPORT_EXIT,
    examples: [
      'etcd-ha check --state ./etcd --checks status,failover',
      'etcd-ha check --endpoints https://10.0.0.11:2379,https://10.0.0.12:2379 \\\n    --pki-dir /etc/kubernetes/pki --checks status',
    ],
  },
  down: {
    summary: 'end a cluster (or every cluster ps lists) and remove its data, logs and PKI',
    usage: ['down --state DIR [--keep]', 'down --all [--keep]'],
    description:
      "--all ends every cluster 'etcd-ha ps' lists, also one whose CLI was killed: the state file in its folder names its processes, " +
      'containers or hosts. A listed run whose folder is gone is removed from the list, and down says so. A PKI given with --pki-dir is never removed.',
    flags: { state: { meaning: 'the folder of the cluster to end' } },
    exit: '0 torn down; 1 something could not be ended or removed (each is named); 2 bad input',
    examples: ['etcd-ha down --state ./etcd', 'etcd-ha down --all'],
  },
  ps: {
    summary: "list the clusters this machine's CLI started and did not tear down",
    usage: ['ps'],
    description:
      "'etcd-ha run' and 'etcd-ha up' record each cluster before its members start, in $ETCD_HA_STATE_HOME/runs, else " +
      '$XDG_STATE_HOME/etcd-ha/runs, else ~/.local/state/etcd-ha/runs (one JSON file per run: run ID, target, state folder, start time, ' +
      'PID of the CLI); teardown removes the entry. A run whose folder is gone is removed from the list, and ps says so.',
    exit: '0 listed; 2 bad input',
    examples: ['etcd-ha ps', 'etcd-ha ps && etcd-ha down --all'],
  },
  lint: {
    summary: 'lint etcd configuration files, folders or globs; nothing starts',
    usage: ['lint [PATH...] [options]'],
    description: "PATH is any number of files, folders or globs ('.' if none); findings name each file as given.",
    flags: {
      'etcd-version': {
        meaning: 'the etcd release the configuration is for, 3.4.0 or later',
        default: DEFAULT_ETCD_VERSION,
      },
      'upgrade-to': {
        meaning:
          'also report what stops the configuration on this later release or on the way there (removed flags, a skipped minor, the patch etcd requires before it)',
      },
      boot: {
        meaning:
          "also report, as errors, what 'etcd-ha run --config' refuses: the paths' members are judged as one cluster, as the run boots them",
      },
      verbose: { meaning: 'also print, on stderr, what each file was recognised as' },
    },
    exit: '0 no finding reaches --fail-on; 1 one does; 2 bad input or a path that does not exist',
    examples: [
      'etcd-ha lint deploy/etcd',
      'etcd-ha lint . --format sarif --etcd-version 3.5.21 > etcd-lint.sarif',
      'etcd-ha lint deploy/etcd --boot',
      'etcd-ha lint deploy/etcd --etcd-version 3.4.23 --upgrade-to 3.6.16',
    ],
  },
  history: {
    summary: 'check a recorded history of operations for linearizability',
    usage: ['history check FILE [options]'],
    description:
      'FILE holds JSON lines { "process": N, "type": "invoke" | "ok" | "fail" | "info", "f": "put" | "get", "key": "...", "value": "..." | null, "time": N }.',
    flags: { format: { meaning: 'how the verdict is printed: text or json' } },
    exit: '0 linearizable; 1 not linearizable (the operations are named) or undecided; 2 not such a history',
    examples: ['etcd-ha history check history.jsonl'],
  },
};

const WIDTH = 100;
const INDENT = 2;

/** Wraps `text` to WIDTH columns, every line after the first indented by `indent`. */
function wrap(text: string, first: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  let room = WIDTH - first;
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - indent;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((text, index) => (index === 0 ? text : `${' '.repeat(indent)}${text}`));
}

/** A verb's help: usage, what it does, each flag it takes with its default and meaning, grouped, exit codes and examples. */
export function verbHelp(verb: string, options: readonly FlagName[]): string {
  const help = VERB_HELP[verb];
  const flags = (Object.keys(FLAGS) as FlagName[])
    .filter((name) => options.includes(name))
    .map((name) => ({ name, ...FLAGS[name], ...help.flags?.[name] }) as FlagHelp & { name: FlagName });
  const column =
    Math.min(
      34,
      Math.max(
        ...flags.map((flag) => `--${flag.name}${flag.value ? ` ${flag.value}` : ''}`.length),
        '-h, --help'.length,
      ),
    ) +
    INDENT +
    2;
  const flagLine = (left: string, meaning: string) => {
    const start = `${' '.repeat(INDENT)}${left}`;
    const lead = start.length + 2 > column ? `${start}\n${' '.repeat(column)}` : start.padEnd(column);
    return `${lead}${wrap(meaning, column, column).join('\n')}`;
  };
  const out: string[] = [
    `etcd-ha ${verb}: ${help.summary}`,
    '',
    'Usage:',
    ...help.usage.map((usage) => `  etcd-ha ${usage}`),
    '',
  ];
  if (help.description) out.push(...wrap(help.description, 0, 0), '');
  const groups = [...new Set(flags.map((flag) => flag.group))];
  for (const group of groups) {
    out.push(`${group}:`);
    for (const flag of flags.filter((candidate) => candidate.group === group)) {
      const meaning = flag.default === undefined ? flag.meaning : `${flag.meaning} (default: ${flag.default})`;
      out.push(flagLine(`--${flag.name}${flag.value ? ` ${flag.value}` : ''}`, meaning));
    }
    out.push('');
  }
  out.push('Help:', flagLine('-h, --help', 'print this help and exit'), '');
  out.push(
    ...wrap(`Exit: ${help.exit}`, 0, 6),
    '',
    'Examples:',
    ...help.examples.flatMap((example) => example.split('\n').map((line) => `  ${line}`)),
    '',
  );
  return `${out.join('\n')}\n`;
}

/** The overview `etcd-ha --help` prints: one line per verb, and where each verb's help is. */
export function overview(verbs: readonly string[]): string {
  const width = Math.max(...verbs.map((verb) => verb.length));
  return (
    `etcd-ha ${VERSION}: a highly available etcd cluster with mutual TLS, checked and reported\n\n` +
    `Usage: etcd-ha VERB [options]\n\nVerbs:\n` +
    verbs.map((verb) => `  ${verb.padEnd(width)}  ${VERB_HELP[verb]?.summary ?? ''}`.trimEnd()).join('\n') +
    `\n\n'etcd-ha VERB --help' shows a verb's options, their defaults and an example; 'etcd-ha --version' the version.\n`
  );
}
