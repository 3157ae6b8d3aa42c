import type { RuleInfo } from '../model.js';

/** The findings the readers themselves make, by rule ID. */
export const READER_RULE_IDS = {
  parse: 'ETCD-PARSE',
  skipped: 'ETCD-SKIPPED',
  unresolvedInclude: 'ETCD-UNRESOLVED-INCLUDE',
  release: 'ETCD-RELEASE',
} as const;

/**
 * The readers' rules (and the linter's own note on the etcd release it applied), described as every rule is (the rule table in docs/lint.md, SARIF's descriptors). The
 * severity is the usual one: ETCD-PARSE also warns (a unit line systemd ignores), and
 * ETCD-UNRESOLVED-INCLUDE only notes an optional `EnvironmentFile=-…`.
 */
export const READER_RULES: readonly RuleInfo[] = [
  {
    id: READER_RULE_IDS.parse,
    severity: 'error',
    name: 'does-not-parse',
    etcdDoes:
      'A configuration that does not parse does not start etcd as written: etcd, kubeadm or systemd refuse the file, or systemd reads a unit line differently (a comment after a continuation backslash ends the line; a flag line without the backslash before it is ignored), and etcd exits on arguments that are no flags.',
    fix: 'Fix the syntax at the position given: YAML indentation and quotes, a backslash as the very last character of each continued unit line with comments on lines of their own, `--flag=true` for boolean flags.',
  },
  {
    id: READER_RULE_IDS.skipped,
    severity: 'notice',
    name: 'file-skipped',
    etcdDoes:
      'Nothing: the file is binary, over 1 MiB, cannot be read, or is a symbolic link leading out of the scanned folder, so the linter does not read it.',
    fix: 'Lint the configuration file itself, or the folder its link points into.',
  },
  {
    id: READER_RULE_IDS.unresolvedInclude,
    severity: 'warning',
    name: 'include-not-found',
    etcdDoes:
      'etcd gets the settings of an `EnvironmentFile=` or `--config-file` that is not among the scanned files; they are not linted, and with `--config-file` etcd ignores every other flag and ETCD_* variable.',
    fix: 'Add the file to the scanned paths: in the unit’s own folder, or as the one scanned file whose path ends like the one named (`cfg/etcd.conf` for `/opt/etcd/cfg/etcd.conf`); several candidates are only noted, with their names.',
  },
  {
    id: READER_RULE_IDS.release,
    severity: 'notice',
    name: 'release-not-known',
    etcdDoes:
      'Nothing: the etcd version given is outside the releases the rules know (3.4, 3.5, 3.6), so the rules of the nearest one are applied; flags that release added, deprecated or removed are not judged.',
    fix: 'Lint for a release the rules know (`--etcd-version 3.6.16`), or read that release’s CHANGELOG for what changed.',
  },
];
