import { isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { MemberConfig, ScannedFile, Setting } from '../model.js';
import { memberName } from './config-file.js';
import { argumentFindings, executableName, flagOfEnvironmentVariable, parseEtcdArguments } from './etcd-arguments.js';
import { positionAt, type SourceText } from './source.js';
import { nodePosition, scalarText, scalarWord, topLevelMappings, valueOf } from './yaml-source.js';

/**
 * Static pod manifests that run etcd (kubeadm's /etc/kubernetes/manifests/etcd.yaml): a `kind: Pod`
 * whose container `command` starts with `etcd`, each flag its own list item (and `args` after it).
 */

interface EtcdContainer {
  command: Scalar;
  words: Scalar[];
  env: Node | null | undefined;
}

/** The containers of a Pod document whose command runs etcd. */
function etcdContainers(mapping: YAMLMap): EtcdContainer[] {
  if (scalarText(valueOf(mapping, 'kind')) !== 'Pod') return [];
  const containers = valueOf(valueOf(mapping, 'spec'), 'containers');
  if (!isSeq(containers)) return [];
  return containers.items.flatMap((container) => {
    const command = valueOf(container, 'command');
    const args = valueOf(container, 'args');
    if (!isSeq(command) || !isScalar(command.items[0])) return [];
    const executable = command.items[0] as Scalar;
    if (executableName(scalarText(executable) ?? '') !== 'etcd') return [];
    const words = [...command.items.slice(1), ...(isSeq(args) ? args.items : [])].filter((item): item is Scalar =>
      isScalar(item),
    );
    return [{ command: executable, words, env: valueOf(container, 'env') }];
  });
}

/** Whether a YAML file holds a Pod that runs etcd. */
export function isEtcdStaticPod(documents: Document.Parsed[]): boolean {
  return topLevelMappings(documents).some((mapping) => etcdContainers(mapping).length > 0);
}

/** A container's `ETCD_*` variables with literal values. */
function envSettings(source: SourceText, env: Node | null | undefined): Setting[] {
  if (!isSeq(env)) return [];
  return env.items.flatMap((item) => {
    const nameNode = valueOf(item, 'name');
    const variable = scalarText(nameNode);
    const name = variable === undefined ? undefined : flagOfEnvironmentVariable(variable);
    const valueNode = valueOf(item, 'value');
    if (variable === undefined || name === undefined || valueNode === undefined) return [];
    const at = nodePosition(source, nameNode, positionAt(source, 0));
    return [
      {
        name,
        value: scalarText(valueNode) ?? '',
        key: variable,
        source: 'env' as const,
        at,
        valueAt: nodePosition(source, valueNode, at),
      },
    ];
  });
}

/** The members a static pod manifest defines: one per container that runs etcd. */
export function readStaticPod(source: SourceText, documents: Document.Parsed[]): ScannedFile {
  const members: MemberConfig[] = [];
  const findings = [];
  for (const container of topLevelMappings(documents).flatMap(etcdContainers)) {
    const parsed = parseEtcdArguments(
      container.words.map((word) => scalarWord(source, word)),
      'flag',
    );
    findings.push(...argumentFindings(parsed));
    const settings = [...envSettings(source, container.env), ...parsed.settings];
    members.push({
      name: memberName(settings),
      form: 'static-pod',
      file: source.file,
      settings,
      includes: [],
      command: scalarText(container.command) ?? 'etcd',
    });
  }
  return { file: source.file, form: 'static-pod', members, findings };
}
