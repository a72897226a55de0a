/**
 * Normalization of JSON schemas before type mapping: a list of named rules, each a pure
 * function from one schema node (whose children are already normalized) to its replacement.
 * The input is never mutated: `normalizeSchema` deep-clones first.
 */
import { setOwn } from '../model/set-own';

export type SchemaNode = { [keyword: string]: unknown };

/** A rule returns the replacement node, or undefined when it does not apply. */
export type NormalizeRule = (node: SchemaNode) => SchemaNode | undefined;

const SUBSCHEMA_MAPS = ['properties', 'definitions', 'patternProperties'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not'];

/** Keywords whose presence makes a combinator branch carry type information. */
const TYPE_KEYWORDS = ['type', '$ref', 'enum', 'items', 'additionalProperties', 'x-kubernetes-int-or-string'];

export const rules = new Map<string, NormalizeRule>();

rules.set('true additionalProperties means values of any type', (node) => {
  if (node.additionalProperties === true) {
    return { ...node, additionalProperties: {} };
  }
  if (node.additionalProperties === false) {
    const { additionalProperties: _dropped, ...rest } = node;
    return rest;
  }
  return undefined;
});

rules.set('int-or-string becomes number | string', (node) => {
  if (node['x-kubernetes-int-or-string'] !== true) {
    return undefined;
  }
  const { type: _type, oneOf: _oneOf, ...rest } = node;
  return { ...rest, anyOf: [{ type: 'integer' }, { type: 'string' }] };
});

rules.set('validation-only combinators are dropped', (node) => {
  let changed = false;
  const out: SchemaNode = { ...node };
  for (const key of SUBSCHEMA_LISTS) {
    const branches = node[key];
    if (Array.isArray(branches) && !branches.some((b) => carriesType(b))) {
      delete out[key];
      changed = true;
    }
  }
  return changed ? out : undefined;
});

rules.set('allOf merges into one object', (node) => {
  const branches = node.allOf;
  if (!Array.isArray(branches)) {
    return undefined;
  }
  const { allOf: _allOf, ...merged } = node;
  let properties = isObject(merged.properties) ? { ...merged.properties } : undefined;
  let required = Array.isArray(merged.required) ? [...merged.required] : undefined;
  for (const branch of branches) {
    if (!isObject(branch)) continue;
    for (const [k, v] of Object.entries(branch)) {
      if (k === 'properties' && isObject(v)) {
        properties = { ...v, ...(properties ?? {}) };
      } else if (k === 'required' && Array.isArray(v)) {
        required = [...new Set([...(required ?? []), ...v])];
      } else if (!Object.hasOwn(merged, k)) {
        setOwn(merged, k, v);
      }
    }
  }
  if (properties) merged.properties = properties;
  if (required) merged.required = required;
  return merged;
});

rules.set('embedded resource declares apiVersion, kind and metadata', (node) => {
  if (node['x-kubernetes-embedded-resource'] !== true) {
    return undefined;
  }
  const declared = isObject(node.properties) ? node.properties : {};
  if (Object.hasOwn(declared, 'apiVersion') && Object.hasOwn(declared, 'kind') && Object.hasOwn(declared, 'metadata')) {
    return undefined;
  }
  return {
    ...node,
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      ...declared,
    },
  };
});

/** Returns a normalized deep copy of `schema`; `schema` itself is left untouched. */
export function normalizeSchema(schema: unknown): SchemaNode {
  const node = normalizeNode(structuredClone(schema));
  return isObject(node) ? node : {};
}

function normalizeNode(value: unknown): unknown {
  if (!isObject(value)) {
    return value;
  }
  let node: SchemaNode = { ...value };
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (isObject(map)) {
      const out: SchemaNode = {};
      // setOwn: a property named `__proto__` assigned would set the map's prototype and vanish.
      for (const [name, sub] of Object.entries(map)) setOwn(out, name, normalizeNode(sub));
      node[key] = out;
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) node[key] = list.map(normalizeNode);
  }
  for (const key of SUBSCHEMAS) {
    if (isObject(node[key])) node[key] = normalizeNode(node[key]);
  }
  for (const rule of rules.values()) {
    node = rule(node) ?? node;
  }
  return node;
}

function carriesType(branch: unknown): boolean {
  if (!isObject(branch)) {
    return false;
  }
  if (TYPE_KEYWORDS.some((k) => Object.hasOwn(branch, k))) {
    return true;
  }
  const props = branch.properties;
  return isObject(props) && Object.values(props).some(carriesType);
}

export function isObject(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
