import { flagHelp, type FlagName, type Verb } from '../options/option-table.js';
import { VERSION } from '../version.js';

export type { FlagHelp, FlagName } from '../options/option-table.js';

/** One verb's help: how it is called, what it does, and examples; its flags are the table of options' (src/options/option-table.ts). */
export interface VerbHelp {
  /** One line: what the verb does (also the overview's line). */
  summary: string;
  /** Call forms, after `etcd-ha `. */
  usage: string[];
  /** A paragraph on what it does, if the summary is not enough. */
  description?: string;
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
    exit: '0 written; 2 bad input',
    examples: [
      'etcd-ha certs --out ./etcd --members 5',
      'etcd-ha certs --out ./pki-job --seal pki.age --recipient "$(age-keygen -y owner.key)"',
    ],
  },
  restore: {
    summary: "open a sealed PKI bundle into a folder 'etcd-ha up' starts",
    usage: ['restore --from FILE (--passphrase-env VAR | --identity FILE...) --out DIR'],
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
    exit: '0 the cluster is up; 1 it did not come up (each member that failed is named, with its log); 2 bad input',
    examples: [
      'etcd-ha up --state ./etcd && . ./etcd/etcdctl.env && etcdctl endpoint status -w table',
      'etcd-ha up --state ./etcd --target container',
    ],
  },
  check: {
    summary: 'run the checks against a running cluster and report',
    usage: ['check --state DIR [options]', 'check --endpoints URL,... --pki-dir DIR [options]'],
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
  const flags = options.map((name) => ({ name, ...flagHelp(name, verb as Verb) }));
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
