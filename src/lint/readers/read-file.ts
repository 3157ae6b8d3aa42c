import type { Document } from 'yaml';
import type { EtcdMinor } from '../etcd-flags.js';
import type { ConfigForm, ScannedFile } from '../model.js';
import { isEtcdConfigYaml, readConfigFile } from './config-file.js';
import { isEtcdEnvFile, parseEnvFile, readEnvFile, type EnvFileContent } from './env-file.js';
import { hasKubeadmDocument, isKubeadmConfig, readKubeadm } from './kubeadm.js';
import type { SourceText } from './source.js';
import { isEtcdStaticPod, readStaticPod } from './static-pod.js';
import type { IncludeResolver } from './include-resolver.js';
import { isEtcdUnit, readSystemdUnit, unitStarts } from './systemd-unit.js';
import { parseUnitFile, type UnitFile } from './unit-file.js';
import { parseYaml, yamlParseFindings } from './yaml-source.js';

/** One file as each reader may want it, parsed once and only when asked. */
export class FileInput {
  private yaml?: Document.Parsed[];
  private env?: EnvFileContent;
  private systemd?: UnitFile;

  constructor(readonly source: SourceText) {}

  get documents(): Document.Parsed[] {
    this.yaml ??= parseYaml(this.source);
    return this.yaml;
  }

  get envContent(): EnvFileContent {
    this.env ??= parseEnvFile(this.source);
    return this.env;
  }

  get unit(): UnitFile {
    this.systemd ??= parseUnitFile(this.source);
    return this.systemd;
  }

  /** Whether the YAML does not parse. */
  get yamlBroken(): boolean {
    return this.documents.some((document) => document.errors.length > 0);
  }
}

/** What a reader may need besides the file: the other scanned files, the etcd release linted for. */
export interface ReadContext {
  resolver: IncludeResolver;
  /** kubeadm writes different flags for etcd 3.6 than before when the file does not name its Kubernetes release. */
  etcdMinor?: EtcdMinor;
}

interface FormReader {
  /** Whether the file is of this form, by its content (for YAML forms: also when it is meant as one but does not parse). */
  recognise(input: FileInput): boolean;
  read(input: FileInput, context: ReadContext): ScannedFile;
}

/** A YAML form's reader: a file meant as this form that does not parse gives its parse error and no member. */
function yamlReader(
  form: ConfigForm,
  recognise: (input: FileInput) => boolean,
  read: (source: SourceText, documents: Document.Parsed[], context: ReadContext) => ScannedFile,
): FormReader {
  return {
    recognise,
    read: (input, context) =>
      input.yamlBroken
        ? { file: input.source.file, form, members: [], findings: yamlParseFindings(input.source, input.documents) }
        : read(input.source, input.documents, context),
  };
}

/** A YAML file that does not parse is meant as an etcd configuration file when its name says etcd. */
function namedLikeEtcdYaml(input: FileInput): boolean {
  const name = input.source.file.slice(input.source.file.lastIndexOf('/') + 1).toLowerCase();
  return input.yamlBroken && name.includes('etcd') && /\.ya?ml$/.test(name);
}

/** One reader per form; the compiler checks that every form has one. */
export const READERS = {
  'systemd-unit': {
    recognise: (input) => isEtcdUnit(input.unit),
    read: (input, context) => readSystemdUnit(input.source, input.unit, context.resolver),
  },
  'env-file': {
    recognise: (input) => isEtcdEnvFile(input.envContent),
    read: (input) => {
      const member = readEnvFile(input.source, input.envContent);
      return { file: input.source.file, form: 'env-file', members: [member], findings: [] };
    },
  },
  kubeadm: yamlReader(
    'kubeadm',
    (input) => isKubeadmConfig(input.documents) || (input.yamlBroken && hasKubeadmDocument(input.documents)),
    (source, documents, context) => readKubeadm(source, documents, context.etcdMinor),
  ),
  'static-pod': yamlReader('static-pod', (input) => isEtcdStaticPod(input.documents), readStaticPod),
  'etcd-config-file': yamlReader(
    'etcd-config-file',
    (input) => isEtcdConfigYaml(input.documents) || namedLikeEtcdYaml(input),
    (source, documents) => ({
      file: source.file,
      form: 'etcd-config-file',
      members: [readConfigFile(source, documents)],
      findings: [],
    }),
  ),
} satisfies Record<ConfigForm, FormReader>;

/**
 * The order forms are tried in: unit and env syntax first (an `ETCD_NAME=x` line is valid YAML too),
 * then the Kubernetes kinds, then a plain etcd configuration file (which no Kubernetes object is).
 */
export const RECOGNITION_ORDER: readonly ConfigForm[] = [
  'systemd-unit',
  'env-file',
  'kubeadm',
  'static-pod',
  'etcd-config-file',
];

/** The form a file is, by content, or undefined when it is no etcd configuration. */
export function recogniseForm(input: FileInput): ConfigForm | undefined {
  return RECOGNITION_ORDER.find((form) => READERS[form].recognise(input));
}

/**
 * Why a file that mentions etcd was not read as etcd configuration, for --verbose; undefined for a
 * file that does not mention etcd (most files of a repository).
 */
export function whyNotRead(input: FileInput): string | undefined {
  if (!/etcd/i.test(input.source.text)) return undefined;
  const forms = 'an etcd.conf.yml, an ETCD_* env file, a systemd unit, kubeadm configuration or a static pod';
  if (input.source.text.startsWith('#!'))
    return `mentions etcd, but is a script: scripts are not read (put etcd's flags in ${forms})`;
  if (/^\s*\[(Unit|Service|Install)\]\s*$/m.test(input.source.text)) {
    const starts = unitStarts(input.unit);
    return `mentions etcd, but is ${starts ?? 'a unit'} (the launchers read are env, etcd-wrapper, docker/podman run and sh -c)`;
  }
  if (!input.yamlBroken) {
    const kinds = input.documents
      .map((document) => (document.contents as { get?: (key: string) => unknown } | null)?.get?.('kind'))
      .filter((kind): kind is string => typeof kind === 'string');
    if (kinds.length > 0)
      return `mentions etcd, but is a Kubernetes ${[...new Set(kinds)].join(', ')}, not a kubeadm configuration or an etcd static pod`;
  }
  const env = input.envContent;
  if (env.statementCount > 0 && env.assignments.length === env.statementCount)
    return 'mentions etcd, but is an environment file without an ETCD_* variable etcd reads';
  return `mentions etcd, but is none of the forms read (${forms})`;
}
