/**
 * Rules about the settings themselves, per etcd release: names etcd does not know (a typo, a flag
 * removed or not yet added), deprecated names, TLS keys outside their YAML section, settings given
 * twice, a flag and its ETCD_* variable together, flags beside --config-file.
 */
import {
  envOfFlag,
  flagInfo,
  flagOfYamlKey,
  knownFlags,
  knownYamlKeys,
  nearest,
  yamlKeyStatus,
  type EtcdVersion,
  type FlagStatus,
} from '../etcd-flags.js';
import type { Finding, MemberConfig, Setting } from '../model.js';
import { ALL_RELEASES, defaultOf, isFlag, isTrue, refuses, report, written, type Rule } from './rule.js';

/** Variables etcd reads itself that are no flags. */
const OWN_VARIABLES = new Set(['ETCD_UNSUPPORTED_ARCH']);

/**
 * A replacement (`log-outputs`, `feature-gates=X=true`, or words such as `the v3 API`) spelt the way
 * the setting is written: `--log-outputs`, `ETCD_LOG_OUTPUTS`, or the YAML key.
 */
function spellLike(setting: Setting, replacement: string, version: EtcdVersion): string {
  if (replacement.startsWith('the ') || replacement.startsWith('`')) return replacement;
  const [name, ...value] = replacement.split('=');
  const rest = value.length > 0 ? `=${value.join('=')}` : '';
  if (setting.source === 'env') return `${envOfFlag(name)}${rest}`;
  if (setting.source === 'config-file')
    return `${flagInfo(name, version).spec?.yaml[version.minor] ?? name}${rest.replace('=', ': ')}`;
  return `--${name}${rest}`;
}

/** Why a name is not known, and what to use: `etcd 3.5 removed it; use --log-outputs`. */
function whyUnknown(
  setting: Setting,
  status: FlagStatus,
  version: EtcdVersion,
  suggestion: string | undefined,
): string {
  if (status.removedIn)
    return `etcd ${status.removedIn} removed it${status.use ? `; use ${spellLike(setting, status.use, version)}` : ''}`;
  if (status.since) return `etcd ${version.minor}.${version.patch} does not have it yet (it came in ${status.since})`;
  if (status.spec) return `etcd ${version.minor} does not have it`;
  return `etcd ${version.minor} has no such setting${suggestion ? ` (did you mean ${spellLike(setting, suggestion, version)}?)` : ''}`;
}

/** Flags that are parsed: the member's, and those beside --config-file (Go's flag package parses them all). */
function commandLineFlags(member: MemberConfig): Setting[] {
  return [...member.settings, ...(member.ignoredSettings ?? [])].filter(isFlag);
}

export const unknownFlag: Rule = {
  info: {
    id: 'ETCD-301',
    severity: 'error',
    name: 'unknown-flag',
    etcdDoes:
      'Exits with status 2 on a command-line flag it does not know (a typo, or a flag this release removed or does not have yet), even beside --config-file.',
    fix: 'Correct the flag name (see etcd --help of the release you run), or use the replacement the message names.',
  },
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    return commandLineFlags(member).flatMap((setting) => {
      const status = flagInfo(setting.name, version);
      if (status.known || setting.name === 'h' || setting.name === 'help') return [];
      const suggestion = nearest(setting.name, knownFlags(version));
      const why = whyUnknown(setting, status, version, suggestion);
      const message = `${written(setting)}: ${why}; ${refuses(`flag provided but not defined: -${setting.name}`)}.`;
      return [report(this.info, setting, message)];
    });
  },
};

/** The transport-security section and key a top-level TLS key belongs under, for the flags that have one. */
function sectionKeyOf(name: string, version: EtcdVersion): string | undefined {
  const key = flagInfo(name, version).spec?.yaml[version.minor];
  return key?.includes('-transport-security.') ? key : undefined;
}

export const unknownSetting: Rule = {
  info: {
    id: 'ETCD-302',
    severity: 'warning',
    name: 'unknown-setting',
    etcdDoes:
      'Ignores a YAML key it does not know without a word, and an unknown ETCD_* variable with only a warning: the setting never applies.',
    fix: 'Correct the key or variable name (YAML keys are flag names; variables are ETCD_ and the flag name in capitals with underscores).',
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source === 'env') {
        const status = flagInfo(setting.name, version);
        if (status.known || OWN_VARIABLES.has(setting.key)) return [];
        const suggestion = nearest(setting.name, knownFlags(version));
        const why = whyUnknown(setting, status, version, suggestion);
        const message = `${written(setting)}: ${why}; etcd only warns "unrecognized environment variable" and ignores it.`;
        return [report(this.info, setting, message)];
      }
      if (setting.source !== 'config-file' || yamlKeyStatus(setting.key, version) === 'known') return [];
      const name = setting.key.toLowerCase();
      if (!name.includes('.') && sectionKeyOf(name, version)) return []; // ETCD-303 says where it belongs
      if (name === 'client-crl-file' || name === 'peer-crl-file') {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd’s config file has no CRL setting and ignores this key; a CRL needs the --${name} flag, without --config-file.`,
          ),
        ];
      }
      const status = flagInfo(name, version);
      const suggestion = nearest(name, knownYamlKeys(version));
      const why = whyUnknown(setting, status, version, suggestion);
      return [
        report(
          this.info,
          setting,
          `${written(setting)}: ${why}; etcd ignores keys of its config file it does not know, so this setting never applies.`,
        ),
      ];
    });
  },
};

export const tlsKeyOutsideSection: Rule = {
  info: {
    id: 'ETCD-303',
    severity: 'warning',
    name: 'tls-key-outside-section',
    etcdDoes:
      'Ignores TLS keys at the top level of its config file: it reads them only under client-transport-security and peer-transport-security, so TLS is silently not configured.',
    fix: 'Move the key under client-transport-security (cert-file, key-file, trusted-ca-file, client-cert-auth, auto-tls) or peer-transport-security (the peer-* settings, without peer-).',
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      if (setting.source !== 'config-file' || setting.key.includes('.')) return [];
      const sectionKey = sectionKeyOf(setting.key.toLowerCase(), version);
      if (!sectionKey || yamlKeyStatus(setting.key, version) === 'known') return [];
      const [section, key] = sectionKey.split('.');
      const where =
        section === 'client-transport-security'
          ? `${section} (or peer-transport-security, for peer TLS)`
          : `${section} (as ${key})`;
      const message = `${written(setting)} at the top level: etcd’s config file reads it only indented under ${where}, and ignores it here, so this TLS setting does not apply.`;
      return [report(this.info, setting, message)];
    });
  },
};

/**
 * Whether a deprecated setting is written at its default (`enable-v2: false`) where etcd says nothing
 * about it: 3.4 warns about no deprecated flag, 3.5 only about those on its command line and in
 * ETCD_* variables (not its YAML), 3.6 about every one set. Such a setting changes nothing.
 */
function atQuietDefault(setting: Setting, name: string, version: EtcdVersion): boolean {
  const etcdWarns = version.minor === '3.6' || (version.minor === '3.5' && setting.source !== 'config-file');
  if (etcdWarns) return false;
  const spec = flagInfo(name, version).spec;
  return spec?.kind === 'bool' ? !isTrue(setting.value) : setting.value === defaultOf(name, version);
}

export const deprecatedSetting: Rule = {
  info: {
    id: 'ETCD-304',
    severity: 'warning',
    name: 'deprecated-setting',
    etcdDoes: 'Still takes a deprecated setting (often with a warning), and drops it in a later release.',
    fix: 'Use the replacement the message names before upgrading.',
  },
  readsAsWritten: true,
  member(member, { version }) {
    return member.settings.flatMap((setting) => {
      const name = setting.source === 'config-file' ? flagOfYamlKey(setting.key, version)?.name : setting.name;
      if (!name) return [];
      const status = flagInfo(name, version);
      if (status.known && status.deprecatedIn && atQuietDefault(setting, name, version)) return [];
      if (status.known && status.deprecatedIn) {
        const use = status.use ? `; use ${spellLike(setting, status.use, version)}` : '';
        return [
          report(this.info, setting, `${written(setting)}: etcd ${status.deprecatedIn} deprecates ${name}${use}.`),
        ];
      }
      if (name === 'logger' && setting.value === 'capnslog' && version.minor === '3.4') {
        return [
          report(
            this.info,
            setting,
            `${written(setting)}: etcd 3.4 deprecates the capnslog logger and 3.5 removes it; use zap.`,
            true,
          ),
        ];
      }
      return [];
    });
  },
};

/** Settings that take effect as written (known names), for the duplicate check. */
function effectiveSettings(member: MemberConfig, version: EtcdVersion): Setting[] {
  return member.settings.filter((setting) => {
    if (setting.source === 'kubeadm-default') return false;
    if (setting.source === 'config-file') return yamlKeyStatus(setting.key, version) === 'known';
    return flagInfo(setting.name, version).known;
  });
}

/** The kind of source, for telling a repeated setting from a flag beside its variable. */
const sourceKind = (setting: Setting) =>
  setting.source === 'env' ? 'env' : setting.source === 'config-file' ? 'yaml' : 'flag';

export const duplicateSetting: Rule = {
  info: {
    id: 'ETCD-305',
    severity: 'warning',
    name: 'duplicate-setting',
    etcdDoes:
      'Uses the last value of a setting given twice (flags, ETCD_* variables, YAML keys in any letter case); the earlier value silently does nothing.',
    fix: 'Keep one occurrence of the setting, with the value you mean.',
  },
  readsAsWritten: true,
  member(member, { version }) {
    const settings = effectiveSettings(member, version);
    const findings: Finding[] = [];
    settings.forEach((setting, index) => {
      const later = settings
        .slice(index + 1)
        .find((other) => other.name === setting.name && sourceKind(other) === sourceKind(setting));
      if (!later) return;
      const where = later.at.file === setting.at.file ? `line ${later.at.line}` : `${later.at.file}:${later.at.line}`;
      findings.push(
        report(
          this.info,
          setting,
          `${written(setting)} is set again at ${where} (${written(later)}); etcd uses the last value, so this one does nothing.`,
        ),
      );
    });
    return findings;
  },
};

export const flagAndEnvironment: Rule = {
  info: {
    id: 'ETCD-306',
    severity: 'error',
    name: 'flag-and-environment-variable',
    etcdDoes:
      'Exits when an option is given both as a command-line flag and as its ETCD_* variable (even an empty one).',
    fix: 'Give each option once: remove the flag or the variable.',
  },
  readsAsWritten: true,
  refusesIn: ALL_RELEASES,
  member(member, { version }) {
    const flags = member.settings.filter(
      (setting) => setting.source === 'flag' && flagInfo(setting.name, version).known,
    );
    return member.settings.flatMap((setting) => {
      if (setting.source !== 'env' || setting.key !== envOfFlag(setting.name)) return [];
      const flag = flags.find((candidate) => candidate.name === setting.name);
      if (!flag) return [];
      const etcdMessage =
        version.minor === '3.4'
          ? `conflicting environment variable ${JSON.stringify(setting.key)} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`
          : 'conflicting environment variable is shadowed by corresponding command-line flag (either unset environment variable or disable flag))';
      return [
        report(
          this.info,
          setting,
          `${written(setting)} and the flag ${written(flag)} set one option; ${refuses(etcdMessage)}.`,
        ),
      ];
    });
  },
};

export const ignoredBesideConfigFile: Rule = {
  info: {
    id: 'ETCD-307',
    severity: 'warning',
    name: 'ignored-beside-config-file',
    etcdDoes:
      'With --config-file (or ETCD_CONFIG_FILE), reads only that file: every other flag and ETCD_* variable is ignored.',
    fix: 'Move the setting into the config file, or drop --config-file and give everything as flags.',
  },
  member(member, { version }) {
    const configFile = member.settings.find((setting) => setting.name === 'config-file');
    return (member.ignoredSettings ?? []).flatMap((setting) => {
      if (setting.name === 'config-file' || (isFlag(setting) && !flagInfo(setting.name, version).known)) return [];
      const file = configFile ? ` ${configFile.value}` : '';
      return [
        report(
          this.info,
          setting,
          `${written(setting)} is ignored: etcd reads only its config file${file} when one is given.`,
        ),
      ];
    });
  },
};
