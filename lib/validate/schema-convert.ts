import { JsonSchema } from '../core/kind-registry';
import { INT_OR_STRING_DEF, OBJECT_META, QUANTITY_DEF } from './k8s-definitions';
import { K8S_ENUMS, K8S_ITEM_ENUMS } from './k8s-enums';
import { setOwn } from '../model/set-own';

/**
 * Pure conversions from the two schema dialects Kubernetes uses to JSON Schema draft-07 as
 * `ajv` understands it, made strict the way `kubectl --validate=strict` is: every object with
 * declared properties refuses unknown ones.
 */

/** The keyword that checks the Quantity grammar (registered on the ajv instance). */
export const QUANTITY_KEYWORD = 'x-berth-quantity';

/**
 * The keyword that checks the range of an integer field (`int32`, or `int64`: what JavaScript
 * holds exactly), from the field's `format`: the API server refuses a number that does not fit
 * its Go type, and a larger number would be written in exponent form.
 */
export const INTEGER_RANGE_KEYWORD = 'x-berth-integer-range';

/** The range keyword's value for a schema node, from its type and format. */
function integerRange(node: JsonSchema): 'int32' | 'int64' | undefined {
  const type = node.type;
  const integer = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
  return integer && (node.format === 'int32' || node.format === 'int64') ? node.format : undefined;
}

type Mutable = Record<string, unknown>;

const DROPPED = new Set([
  'description',
  'format',
  'default',
  'example',
  'externalDocs',
  'title',
  'x-kubernetes-validations',
]);

/**
 * Converts a swagger 2 `definitions` map. `$ref: '#/definitions/X'` becomes `<id>#/definitions/X`
 * so that the map can be registered on ajv under `id`.
 */
export function convertSwaggerDefinitions(definitions: Readonly<Record<string, JsonSchema>>, id: string): JsonSchema {
  const out: Mutable = {};
  for (const [name, def] of Object.entries(definitions)) {
    if (name === QUANTITY_DEF) out[name] = { [QUANTITY_KEYWORD]: true };
    else if (name === INT_OR_STRING_DEF) out[name] = { type: ['integer', 'string'] };
    else out[name] = convertSwaggerNode(def, id, name);
  }
  return { $id: id, definitions: out };
}

function convertSwaggerNode(node: JsonSchema, id: string, definitionName?: string): JsonSchema {
  const out: Mutable = {};
  const range = integerRange(node);
  if (range) out[INTEGER_RANGE_KEYWORD] = range;
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k) || k.startsWith('x-kubernetes-')) continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.startsWith('#') ? `${id}${v}` : v;
    else if (k === 'properties' && isObj(v)) {
      const props: Mutable = {};
      for (const [p, s] of Object.entries(v)) setOwn(props, p, convertSwaggerNode(s as JsonSchema, id));
      out.properties = props;
    } else if ((k === 'items' || k === 'additionalProperties') && isObj(v)) out[k] = convertSwaggerNode(v, id);
    else if (k === 'oneOf' || k === 'anyOf' || k === 'allOf')
      out[k] = (v as JsonSchema[]).map((s) => convertSwaggerNode(s, id));
    else out[k] = v;
  }
  protoAsPattern(out);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (definitionName) {
    const enums = K8S_ENUMS[definitionName];
    const props = out.properties as Record<string, Mutable> | undefined;
    for (const [p, values] of Object.entries(enums ?? {}))
      if (props?.[p]) props[p] = { ...props[p], enum: [...values] };
    for (const [p, values] of Object.entries(K8S_ITEM_ENUMS[definitionName] ?? {})) {
      if (props?.[p]) props[p] = { ...props[p], items: { type: 'string', enum: [...values] } };
    }
  }
  return out;
}

/**
 * Converts a CRD's structural `openAPIV3Schema` (self-contained). `metaRef` is the `$ref` of
 * ObjectMeta (root `metadata` and embedded resources are checked against it).
 */
export function convertCrdSchema(schema: JsonSchema, metaRef: string): JsonSchema {
  const root = convertCrdNode(schema, metaRef, false) as Mutable;
  const props = { ...((root.properties as Mutable | undefined) ?? {}) };
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  props.metadata = { $ref: metaRef };
  root.properties = props;
  if (root.type === undefined) root.type = 'object';
  if (schema['x-kubernetes-preserve-unknown-fields'] !== true) root.additionalProperties = false;
  return root;
}

function convertCrdNode(node: JsonSchema, metaRef: string, inJunctor: boolean): JsonSchema {
  const out: Mutable = {};
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  const range = integerRange(node);
  if (range) out[INTEGER_RANGE_KEYWORD] = range;
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k) || k === 'nullable' || k.startsWith('x-kubernetes-')) continue;
    if (k === 'properties' && isObj(v)) {
      const props: Mutable = {};
      for (const [p, s] of Object.entries(v)) setOwn(props, p, convertCrdNode(s as JsonSchema, metaRef, false));
      out.properties = props;
    } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && isObj(v))
      out[k] = convertCrdNode(v, metaRef, k === 'not');
    else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf') && Array.isArray(v)) {
      if (intOrString && k === 'anyOf') continue;
      out[k] = v.map((s) => convertCrdNode(s as JsonSchema, metaRef, true));
    } else if (k === '$ref' || k === 'definitions' || k === '$schema' || k === 'id') continue;
    else out[k] = v;
  }
  if (intOrString) {
    out.type = ['integer', 'string'];
    delete out.allOf;
  }
  if (embedded) {
    const props = { ...((out.properties as Mutable | undefined) ?? {}) };
    props.apiVersion = { type: 'string' };
    props.kind = { type: 'string' };
    props.metadata = { $ref: metaRef };
    out.properties = props;
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
    out.type = 'object';
  }
  protoAsPattern(out);
  if (!inJunctor && !preserve && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * ajv ignores a property named `__proto__` (it guards against prototype pollution), so such a
 * field would be refused as unknown: it is checked through `patternProperties` instead.
 */
function protoAsPattern(out: Mutable): void {
  const props = out.properties as Mutable | undefined;
  if (!props || !Object.prototype.hasOwnProperty.call(props, '__proto__')) return;
  const schema = props.__proto__;
  const rest: Mutable = {};
  for (const k of Object.keys(props)) if (k !== '__proto__') rest[k] = props[k];
  out.properties = rest;
  const patterns: Mutable = { ...((out.patternProperties as Mutable | undefined) ?? {}) };
  patterns['^__proto__$'] = schema;
  out.patternProperties = patterns;
}

/** The `$ref` of ObjectMeta inside the converted core definitions registered under `id`. */
export function objectMetaRef(id: string): string {
  return `${id}#/definitions/${OBJECT_META}`;
}

function isObj(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
