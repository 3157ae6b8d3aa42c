import type { Document } from 'yaml';
import type { ConfigForm, ScannedFile } from '../model.js';
import { isEtcdConfigYaml, readConfigFile } from './config-file.js';
import { isEtcdEnvFile, parseEnvFile, readEnvFile, type EnvFileContent } from './env-file.js';
import { hasKubeadmDocument, isKubeadmConfig, readKubeadm } from './kubeadm.js';
import type { SourceText } from './source.js';
import { isEtcdStaticPod, readStaticPod } from './static-pod.js';
import { isEtcdUnit, readSystemdUnit, type IncludeResolver } from './systemd-unit.js';
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

interface FormReader {
  /** Whether the file is of this form, by its content (for YAML forms: also when it is meant as one but does not parse). */
  recognise(input: FileInput): boolean;
  read(input: FileInput, resolver: IncludeResolver): ScannedFile;
}

/** A YAML form's reader: a file meant as this form that does not parse gives its parse error and no member. */
function yamlReader(
  form: ConfigForm,
  recognise: (input: FileInput) => boolean,
  read: (source: SourceText, documents: Document.Parsed[]) => ScannedFile,
): FormReader {
  return {
    recognise,
    read: (input) =>
      input.yamlBroken
        ? { file: input.source.file, form, members: [], findings: yamlParseFindings(input.source, input.documents) }
        : read(input.source, input.documents),
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
    read: (input, resolver) => readSystemdUnit(input.source, input.unit, resolver),
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
    readKubeadm,
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
