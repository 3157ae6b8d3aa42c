/**
 * What `etcd-ha run --config` refuses before it starts anything: the one verdict both the boot and
 * `lint --boot` give. etcd itself may well run such a configuration (discovery, unix sockets, a file
 * per host); the run cannot, as it boots every member of the set in a sandbox, so these rules judge
 * the members of the paths linted together as one cluster, and only when asked to (`--boot`).
 */
import { isIP } from 'node:net';
import {
  settingOf,
  type Finding,
  type MemberConfig,
  type RuleInfo,
  type Setting,
  type SourcePosition,
} from '../model.js';
import { urlHiddenParts, urlsWithHiddenParts } from './startup-urls.js';

/** The most members a run starts (as with `members`). */
export const MAX_CONFIG_MEMBERS = 9;

/** Where a member's name becomes a folder and a container name, it must be one. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?(.*)$/s;

/** Settings whose value is a list of URLs a member listens on or advertises: each is re-hosted to the member's address. */
export const URL_LISTS = new Set([
  'listen-client-urls',
  'listen-client-http-urls',
  'advertise-client-urls',
  'listen-peer-urls',
  'initial-advertise-peer-urls',
  'listen-metrics-urls',
]);

export interface UrlParts {
  scheme: string;
  /** Without IPv6 brackets. */
  host: string;
  port?: string;
  /** Whatever follows the port (a login part's host, a path, a query): never mapped, and the boot refuses it. */
  rest: string;
}

export function splitUrl(url: string): UrlParts | undefined {
  const match = URL_PARTS.exec(url.trim());
  if (!match) return undefined;
  const [, scheme, host, port, rest] = match;
  return { scheme: scheme.toLowerCase(), host: host.replace(/^\[(.*)\]$/, '$1'), port, rest };
}

export const isAddress = (host: string) => isIP(host) !== 0;

/** The items of a comma-separated list, trimmed, empty ones left out. */
export const listItems = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Every URL a setting holds (URL lists, and the URLs of `initial-cluster` entries). */
export function urlsOf(setting: Setting): string[] {
  if (setting.name === 'initial-cluster')
    return listItems(setting.value).map((entry) => entry.split(/=(.*)/s)[1] ?? '');
  return URL_LISTS.has(setting.name) ? listItems(setting.value) : [];
}

const FIX_SET =
  'Boot the folder that holds every member’s file, one file per member, each listing all of them in initial-cluster.';

function bootRule(id: string, name: string, etcdDoes: string, fix: string): RuleInfo {
  return { id, severity: 'error', name, etcdDoes: `\`etcd-ha run --config\` refuses to start: ${etcdDoes}`, fix };
}

/** The rules of the boot's refusals, in the order the boot checks them. */
export const BOOT_RULE_INFO = {
  tooManyMembers: bootRule(
    'ETCD-601',
    'boot-too-many-members',
    `the configuration has more than ${MAX_CONFIG_MEMBERS} members, the most a run starts.`,
    `Boot at most ${MAX_CONFIG_MEMBERS} members' files.`,
  ),
  memberTwice: bootRule(
    'ETCD-602',
    'boot-member-defined-twice',
    'two files define one member name, so the run cannot tell which to start.',
    'Give each member one file: leave the copy out of the folder booted.',
  ),
  unsafeName: bootRule(
    'ETCD-603',
    'boot-member-name',
    'the run names folders and containers after each member, so a name must be letters, digits, `.`, `_` and `-` (up to 63).',
    'Rename the member (and its initial-cluster entries).',
  ),
  discovery: bootRule(
    'ETCD-604',
    'boot-discovery',
    'a member bootstraps through discovery, which names no member; the run needs initial-cluster.',
    'Write initial-cluster naming every member instead of discovery or discovery-srv.',
  ),
  configFile: bootRule(
    'ETCD-605',
    'boot-config-file-not-given',
    'the member reads a --config-file that is not among the files given, so its settings are not known.',
    'Give that file too (in the folder booted).',
  ),
  unixSocket: bootRule(
    'ETCD-606',
    'boot-unix-socket-url',
    'a URL is a unix socket; the run maps every URL to a member’s address, which a unix socket has none of.',
    'Use scheme://host:port URLs in the configuration booted.',
  ),
  notUrl: bootRule(
    'ETCD-607',
    'boot-not-a-url',
    'a URL is not scheme://host:port (a path, or no scheme), so the run cannot map it to a member’s address.',
    'Write each URL as scheme://host:port.',
  ),
  noInitialCluster: bootRule(
    'ETCD-608',
    'boot-no-initial-cluster',
    'a member of a configuration of several has no initial-cluster, so it would start a cluster of its own.',
    FIX_SET,
  ),
  unknownMember: bootRule(
    'ETCD-609',
    'boot-member-without-file',
    'initial-cluster names a member no file given defines, so the run cannot start it.',
    FIX_SET,
  ),
  leftOut: bootRule(
    'ETCD-610',
    'boot-member-left-out',
    'a member’s initial-cluster leaves out a member another file defines.',
    FIX_SET,
  ),
  timing: bootRule(
    'ETCD-611',
    'boot-timing-not-milliseconds',
    'the first member’s heartbeat-interval or election-timeout is not a whole number of milliseconds, which the run’s timing needs.',
    'Write heartbeat-interval and election-timeout as whole milliseconds (100, 1000).',
  ),
} as const;

export const BOOT_RULES: RuleInfo[] = Object.values(BOOT_RULE_INFO);

const at = (position: SourcePosition, rule: RuleInfo, message: string): Finding => ({
  file: position.file,
  line: position.line,
  column: position.column,
  severity: 'error',
  rule: rule.id,
  message,
});
const valueAt = (setting: Setting) => setting.valueAt ?? setting.at;
/** Where a member is defined: its `name` setting, or the start of its file. */
const memberAt = (member: MemberConfig): SourcePosition =>
  settingOf(member, 'name')?.at ?? { file: member.file, line: 1, column: 1 };

/**
 * Every refusal of the boot of these members (all the members the configuration path holds, as one
 * cluster), each at the file and line it is about, in the order the boot checks them. The boot
 * refuses on the first; `lint --boot` reports them all.
 */
export function bootRefusals(members: MemberConfig[]): Finding[] {
  const rules = BOOT_RULE_INFO;
  const found: Finding[] = [];
  if (members.length > MAX_CONFIG_MEMBERS) {
    const extra = members[MAX_CONFIG_MEMBERS];
    found.push(
      at(
        memberAt(extra),
        rules.tooManyMembers,
        `member ${extra.name} is member ${MAX_CONFIG_MEMBERS + 1} of ${members.length}; a run starts at most ${MAX_CONFIG_MEMBERS}`,
      ),
    );
  }
  const names = new Map<string, MemberConfig>();
  for (const member of members) {
    const earlier = names.get(member.name);
    if (earlier)
      found.push(
        at(
          memberAt(member),
          rules.memberTwice,
          `member ${member.name} is defined twice (also in ${earlier.file}); each member needs one file`,
        ),
      );
    if (!SAFE_NAME.test(member.name))
      found.push(
        at(
          memberAt(member),
          rules.unsafeName,
          `member name '${member.name}': the run needs names of letters, digits, '.', '_' and '-' (up to 63), as it names folders and containers after them`,
        ),
      );
    if (!earlier) names.set(member.name, member);
  }
  for (const member of members) {
    for (const name of ['discovery', 'discovery-srv'] as const) {
      const setting = settingOf(member, name);
      if (setting && setting.value.trim() !== '')
        found.push(
          at(
            setting.at,
            rules.discovery,
            `${setting.key} bootstraps member ${member.name} through discovery; a run needs initial-cluster, which names every member`,
          ),
        );
    }
    const configFile = settingOf(member, 'config-file');
    if (configFile)
      found.push(
        at(
          configFile.at,
          rules.configFile,
          `${configFile.key} names ${configFile.value}, which is not among the files given; give that file too, so its settings are known`,
        ),
      );
    for (const setting of member.settings) {
      // The URL rule's verdict, word for word: a URL that reads as one address and reaches another.
      const hidden = urlsWithHiddenParts(setting)[0];
      if (hidden) {
        found.push(at(valueAt(setting), urlHiddenParts.info, hidden));
        continue;
      }
      for (const url of urlsOf(setting)) {
        const parts = splitUrl(url);
        if (parts?.scheme === 'unix' || parts?.scheme === 'unixs')
          found.push(
            at(
              valueAt(setting),
              rules.unixSocket,
              `${setting.key} holds the unix socket URL '${url}'; a run maps every URL to a member's address, which a unix socket has none of`,
            ),
          );
        else if (!parts || parts.rest !== '')
          found.push(
            at(
              valueAt(setting),
              rules.notUrl,
              `${setting.key} holds '${url}', which is not a URL (scheme://host:port)`,
            ),
          );
      }
    }
    const initialCluster = settingOf(member, 'initial-cluster');
    if (!initialCluster) {
      if (members.length > 1)
        found.push(
          at(
            memberAt(member),
            rules.noInitialCluster,
            `member ${member.name} has no initial-cluster, so it would start a cluster of its own; name every member in it`,
          ),
        );
      continue;
    }
    const named = new Set(listItems(initialCluster.value).map((entry) => entry.split('=')[0]));
    for (const name of named)
      if (!names.has(name))
        found.push(
          at(
            valueAt(initialCluster),
            rules.unknownMember,
            `${initialCluster.key} names member ${name}, which no file given defines (members: ${[...names.keys()].join(', ')})`,
          ),
        );
    for (const name of names.keys())
      if (!named.has(name))
        found.push(
          at(
            valueAt(initialCluster),
            rules.leftOut,
            `${initialCluster.key} of member ${member.name} leaves out member ${name} (${names.get(name)?.file})`,
          ),
        );
  }
  const first = members[0];
  for (const name of ['heartbeat-interval', 'election-timeout'])
    if (first) {
      const setting = settingOf(first, name);
      if (setting && !/^\d+$/.test(setting.value.trim()))
        found.push(
          at(
            valueAt(setting),
            rules.timing,
            `${setting.key} is '${setting.value}'; etcd takes a whole number of milliseconds`,
          ),
        );
    }
  return found;
}
