import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { Finding, SourcePosition } from '../model.js';
import { READER_RULE_IDS } from './reader-rules.js';
import { contiguousWord, findingAtPosition, positionAt, type PositionedWord, type SourceText } from './source.js';

/**
 * YAML as etcd, kubeadm and the kubelet read it (sigs.k8s.io/yaml on go-yaml v2: YAML 1.1, so `yes`
 * and `off` are booleans), with `yaml`'s own node ranges for positions. Repeated keys are kept, not
 * refused: go-yaml takes the last, and the rules report the repetition.
 */
export function parseYaml(source: SourceText): Document.Parsed[] {
  const documents = parseAllDocuments(source.text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  return Array.isArray(documents) ? documents : [];
}

/** The first error of each document that does not parse, positioned where the parser stopped. */
export function yamlParseFindings(source: SourceText, documents: Document.Parsed[]): Finding[] {
  return documents.flatMap((document) => {
    const error = document.errors[0];
    if (!error) return [];
    const at = positionAt(source, error.pos[0]);
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return [findingAtPosition(at, 'error', READER_RULE_IDS.parse, `YAML does not parse: ${message}`)];
  });
}

/** Where a node starts. */
export function nodePosition(
  source: SourceText,
  node: Node | null | undefined,
  fallback: SourcePosition,
): SourcePosition {
  return node?.range ? positionAt(source, node.range[0]) : fallback;
}

/** The key of a pair as text, when it is a scalar. */
export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) && pair.key.value !== null ? String(pair.key.value) : undefined;
}

/** A mapping's pairs with scalar keys (in order, repeated keys included). */
export function pairsOf(node: unknown): Array<{ key: string; pair: Pair<Scalar, Node | null> }> {
  if (!isMap(node)) return [];
  return (node as YAMLMap).items.flatMap((pair) => {
    const key = isPair(pair) ? keyText(pair) : undefined;
    return key === undefined ? [] : [{ key, pair: pair as Pair<Scalar, Node | null> }];
  });
}

/** The value of the last pair with this key (as go-yaml keeps it), matched exactly. */
export function valueOf(node: unknown, key: string): Node | null | undefined {
  const found = pairsOf(node).filter((entry) => entry.key === key);
  return found.length > 0 ? found[found.length - 1].pair.value : undefined;
}

/** The pair with this key, matched exactly (the last of repeated keys). */
export function pairOf(node: unknown, key: string): Pair<Scalar, Node | null> | undefined {
  const found = pairsOf(node).filter((entry) => entry.key === key);
  return found.length > 0 ? found[found.length - 1].pair : undefined;
}

/** A scalar's value as text (`true`, `10000` as written, strings as they are); undefined for null or no scalar. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'boolean') return String(node.value);
  return node.source ?? String(node.value);
}

/**
 * A value as etcd would take it as a flag: scalars as text, lists comma-joined (null items
 * dropped), undefined for null (not set).
 */
export function flagValueOf(node: Node | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  if (isScalar(node)) return scalarText(node);
  if (isSeq(node)) {
    return node.items
      .map((item) => (isScalar(item) ? scalarText(item) : JSON.stringify((item as Node).toJSON())))
      .filter((item): item is string => item !== undefined)
      .join(',');
  }
  return JSON.stringify(node.toJSON());
}

/** A scalar as a command-line word: each character positioned where it was written (exact for plain scalars). */
export function scalarWord(source: SourceText, node: Scalar): PositionedWord {
  const text = scalarText(node) ?? '';
  const start = node.range?.[0] ?? 0;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return contiguousWord(source, text, start + (quoted ? 1 : 0));
}

/** The documents' top-level mappings. */
export function topLevelMappings(documents: Document.Parsed[]): YAMLMap[] {
  return documents.flatMap((document) => (isMap(document.contents) ? [document.contents as YAMLMap] : []));
}
