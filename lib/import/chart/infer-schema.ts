/**
 * A JSON schema inferred from a chart's `values.yaml`, for charts without `values.schema.json`:
 * every key optional, each type that of its default, `unknown` (no type) where the default is
 * null. An object with keys is closed (a misspelt key is an error), an empty one (`podLabels:
 * {}`) takes any key, since charts leave maps empty for the user to fill; a list's items take the
 * types of the default's items (any item when the default is empty). The comment above a key in
 * values.yaml becomes its description.
 */
import type { Node, Pair } from 'yaml';
import { yamlLibrary } from '../../yaml/yaml-library';
import { ChartReadError, parseYamlDocument } from './read-chart';

type Schema = Record<string, unknown>;

/** The schema of the values in `text` (the file is named in errors). */
export function inferValuesSchema(file: string, text: string): Schema {
  const YAML = yamlLibrary();
  const doc = parseYamlDocument(file, text);
  const root = doc.contents;
  if (root === null || root === undefined) return { type: 'object', additionalProperties: false, properties: {} };
  if (!YAML.isMap(root)) throw new ChartReadError(file, 'values.yaml must hold a map of values at the top');
  return nodeSchema(root, true);
}

function nodeSchema(node: Node | null, top = false): Schema {
  const YAML = yamlLibrary();
  if (node === null || YAML.isAlias(node)) return {};
  if (YAML.isMap(node)) {
    const properties: Record<string, Schema> = {};
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const schema = nodeSchema(pair.value);
      const comment = commentOf(pair);
      properties[key] = comment ? { description: comment, ...schema } : schema;
    }
    const open = !top && node.items.length === 0;
    return { type: 'object', properties, additionalProperties: open ? {} : false };
  }
  if (YAML.isSeq(node)) {
    const items: Schema[] = [];
    const seen = new Set<string>();
    for (const item of node.items as (Node | null)[]) {
      const s = nodeSchema(item);
      const key = JSON.stringify(s);
      if (!seen.has(key)) {
        seen.add(key);
        items.push(s);
      }
    }
    return { type: 'array', items: items.length === 0 ? {} : items.length === 1 ? items[0] : { anyOf: items } };
  }
  if (YAML.isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return {};
    if (typeof v === 'boolean') return { type: 'boolean' };
    if (typeof v === 'number') return { type: 'number' };
    return { type: 'string' };
  }
  return {};
}

/** The comment written above a key (`# -- replicas of the operator`), without `#` and helm-docs' `--`. */
function commentOf(pair: Pair<Node, Node | null>): string | undefined {
  const before = (pair.key as { commentBefore?: string | null } | null)?.commentBefore;
  if (!before) return undefined;
  // Up to the first line that is commented-out YAML (an example value under the words).
  const lines: string[] = [];
  for (const raw of before.split('\n')) {
    const l = raw.replace(/^\s*-- ?/, '').trim();
    if (/^[\w.-]+:(\s|$)|^- /.test(l)) break;
    if (l !== '' && !l.startsWith('@')) lines.push(l);
  }
  const text = lines.join(' ').trim();
  return text === '' ? undefined : text;
}
