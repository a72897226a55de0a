/**
 * The chart's values files: `values.yaml` (defaults), `values-<env>.yaml` (what each
 * environment changes) and `values.schema.json` (so `helm install/template` rejects a value of
 * the wrong type, outside its range, or not matching its pattern).
 */
import { sameData } from './holes';
import { ValueConstraints, ValueType } from '../../chart/tokens';
import { setOwn } from '../../model/set-own';

/** One value of the chart, declared or derived. */
export interface ChartValueSpec {
  /** `frontend.replicas` */
  readonly path: string;
  /** The JSON Schema of the value. */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly defaultValue: unknown;
  /** The value per environment (only environments that set one). */
  readonly perEnvironment: ReadonlyMap<string, unknown>;
}

/** A valid Helm value path: dot-separated identifiers usable as `.Values.a.b`. */
export const VALUE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** JSON Schema of a declared value. */
export function declaredSchema(type: ValueType, c: ValueConstraints): Record<string, unknown> {
  const s: Record<string, unknown> = { ...(c.schema ?? {}) };
  s.type = type === 'list' ? 'array' : type;
  if (c.description !== undefined) s.description = c.description;
  if (c.enum !== undefined) s.enum = [...c.enum];
  if (c.minimum !== undefined) s.minimum = c.minimum;
  if (c.maximum !== undefined) s.maximum = c.maximum;
  if (c.pattern !== undefined) s.pattern = c.pattern;
  return s;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** JSON Schema of a derived value: the types its environments' settings have. */
export function derivedSchema(values: readonly unknown[], description: string): Record<string, unknown> {
  const types = new Set(values.map(jsonType));
  if (types.has('number')) types.delete('integer');
  const list = [...types].sort();
  return { type: list.length === 1 ? list[0] : list, description };
}

/**
 * The own member `key` of `node` that is an object, made when missing. Own members only: a
 * path segment such as `constructor` or `__proto__` must not reach the prototype's.
 */
function childNode(
  node: Record<string, unknown>,
  key: string,
  make: () => Record<string, unknown>,
): Record<string, unknown> {
  const existing = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
  if (typeof existing === 'object' && existing !== null && !Array.isArray(existing))
    return existing as Record<string, unknown>;
  const made = make();
  setOwn(node, key, made);
  return made;
}

function setPath(tree: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const p of parts.slice(0, -1)) node = childNode(node, p, () => ({}));
  setOwn(node, parts[parts.length - 1], value);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) setOwn(out, k, sortKeys((v as Record<string, unknown>)[k]));
  return out;
}

/** The `values.yaml` data. */
export function defaultValues(values: readonly ChartValueSpec[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const v of values) setPath(tree, v.path, v.defaultValue);
  return sortKeys(tree) as Record<string, unknown>;
}

/** The `values-<environment>.yaml` data: the values that differ from the defaults. */
export function environmentValues(values: readonly ChartValueSpec[], environment: string): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const v of values) {
    if (!v.perEnvironment.has(environment)) continue;
    const value = v.perEnvironment.get(environment);
    if (!sameData(value, v.defaultValue)) setPath(tree, v.path, value);
  }
  return sortKeys(tree) as Record<string, unknown>;
}

/** Notes `key` as required in `node` (the lists are written, sorted, once every key is known). */
function addRequired(
  required: Map<Record<string, unknown>, Set<string>>,
  node: Record<string, unknown>,
  key: string,
): void {
  const keys = required.get(node);
  if (keys) keys.add(key);
  else required.set(node, new Set([key]));
}

/** The `values.schema.json` document; every value is required. */
export function valuesSchema(values: readonly ChartValueSpec[], title: string): Record<string, unknown> {
  const root: Record<string, unknown> = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    type: 'object',
    properties: {},
  };
  const required = new Map<Record<string, unknown>, Set<string>>();
  for (const v of [...values].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const parts = v.path.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      addRequired(required, node, p);
      node = childNode(node.properties as Record<string, unknown>, p, () => ({ type: 'object', properties: {} }));
    }
    const last = parts[parts.length - 1];
    // A path below a leaf value: assignPaths found no free path and reported helm/value-conflict.
    if (node.properties === undefined) continue;
    setOwn(node.properties as Record<string, unknown>, last, v.schema);
    addRequired(required, node, last);
  }
  for (const [node, keys] of required) node.required = [...keys].sort();
  return sortKeys(root) as Record<string, unknown>;
}
