/**
 * Derived values: what differs between the environments' objects of one app becomes a chart
 * value, so `helm template -f values-<env>.yaml` gives back each environment's objects.
 *
 * - a leaf that differs becomes a value (`frontend.replicas`), rendered with `toJson`;
 * - a subtree that differs in shape (array lengths, keys) becomes an object or list value,
 *   rendered with `toYaml | nindent`;
 * - an object that exists in some environments only is guarded by `<object>.enabled`.
 *
 * Value paths are readable and deterministic: the object's name in camelCase and the shortest
 * tail of the field path that is unique in the chart.
 */
import { containsHole, Hole, HoleFormat, sameData } from './holes';

/** A value derived from a difference between environments. */
export interface DerivedValue {
  /** Candidate paths (segments), shortest first; {@link assignPaths} picks the first free one. */
  readonly candidates: readonly (readonly string[])[];
  /** The chosen path (set by {@link assignPaths}). */
  path: string;
  /** The value in each environment that has it. */
  readonly perEnvironment: ReadonlyMap<string, unknown>;
  /** The hole the value fills (a leaf), or none (an `enabled` condition). */
  readonly hole?: Hole;
}

/** How an object's derived values are named. */
export interface ObjectNaming {
  /** `frontend` */
  readonly base: string;
  /** `frontendDeployment` */
  readonly withKind: string;
  /** camelCase of the construct path below the app: always unique. */
  readonly unique: string;
}

/** A difference a chart cannot express (it involves a name or a declared value). */
export interface Inexpressible {
  readonly field: string;
  readonly values: ReadonlyMap<string, unknown>;
}

/** The result of merging one object's environments. */
export interface MergedObject {
  /** The object, with holes where environments differ. */
  readonly tree: unknown;
  readonly derived: DerivedValue[];
  readonly inexpressible: Inexpressible[];
}

/** A readable value-path segment: camelCase of `s` using only `[A-Za-z0-9_]`, not starting with a digit. */
export function valueSegment(s: string): string {
  const words = s.split(/[^A-Za-z0-9_]+/).filter((w) => w.length > 0);
  let out = words.map((w, i) => (i === 0 ? (/^[A-Z0-9_]+$/.test(w) ? w : w.charAt(0).toLowerCase() + w.slice(1)) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (out === '') out = 'x';
  return /^[0-9]/.test(out) ? `n${out}` : out;
}

const NOISE = new Set(['spec', 'template', 'metadata']);

interface Segment {
  readonly text: string;
  readonly named: boolean;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Hole.isHole(v);
}

const MARKER_TEXT = '${BerthValue:';

function hasMarker(v: unknown): boolean {
  if (typeof v === 'string') return v.includes(MARKER_TEXT);
  if (typeof v !== 'object' || v === null || Hole.isHole(v)) return false;
  return (Array.isArray(v) ? v : Object.entries(v).flat()).some(hasMarker);
}

function candidatesFor(segments: readonly Segment[], naming: ObjectNaming): string[][] {
  let segs = segments.filter((s) => !NOISE.has(s.text)).map((s) => s.text);
  // `env[LOG_LEVEL].value` reads better as `LOG_LEVEL`.
  const n = segments.length;
  if (n >= 2 && segments[n - 1].text === 'value' && segments[n - 2].named) segs = segs.slice(0, -1);
  if (segs.length === 0) segs = ['value'];
  const out: string[][] = [];
  for (let k = 1; k <= segs.length; k++) out.push([naming.base, ...segs.slice(segs.length - k)]);
  out.push([naming.withKind, ...segs]);
  out.push([naming.unique, ...segments.map((s) => s.text)]);
  return out;
}

/** Merges one object's data across the environments that have it (`entries` sorted by environment). */
export function mergeEnvironments(entries: readonly (readonly [string, unknown])[], naming: ObjectNaming): MergedObject {
  const derived: DerivedValue[] = [];
  const inexpressible: Inexpressible[] = [];

  const merge = (items: readonly (readonly [string, unknown])[], segments: readonly Segment[], field: string): unknown => {
    const first = items[0][1];
    if (items.every(([, v]) => sameData(v, first))) return first;
    if (items.every(([, v]) => isMap(v))) {
      const keys = Object.keys(first as object);
      const sameKeys = items.every(([, v]) => {
        const k = Object.keys(v as object);
        return k.length === keys.length && keys.every((x) => Object.prototype.hasOwnProperty.call(v, x));
      });
      if (sameKeys) {
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          out[k] = merge(items.map(([e, v]) => [e, (v as Record<string, unknown>)[k]] as const),
            [...segments, { text: valueSegment(k), named: false }], field ? `${field}.${k}` : k);
        }
        return out;
      }
    }
    if (items.every(([, v]) => Array.isArray(v) && v.length === (first as unknown[]).length)) {
      return (first as unknown[]).map((_, i) => {
        const column = items.map(([e, v]) => [e, (v as unknown[])[i]] as const);
        const names = column.map(([, x]) => (isMap(x) && typeof x.name === 'string' ? x.name : undefined));
        const named = names[0] !== undefined && names.every((x) => x === names[0]);
        const seg = { text: named ? valueSegment(names[0]!) : `item${i}`, named };
        return merge(column, [...segments, seg], `${field}[${i}]`);
      });
    }
    const values = new Map(items.map(([e, v]) => [e, v] as const));
    if (items.some(([, v]) => containsHole(v) || hasMarker(v))) {
      inexpressible.push({ field, values });
      return first;
    }
    const kinds = new Set(items.map(([, v]) => (Array.isArray(v) ? 'list' : isMap(v) ? 'map' : 'scalar')));
    const format: HoleFormat = kinds.size === 1 && !kinds.has('scalar') ? 'yaml' : 'json';
    const hole = new Hole({ hole: 'value', path: '', format });
    derived.push({ candidates: candidatesFor(segments, naming), path: '', perEnvironment: values, hole });
    return hole;
  };

  const tree = merge(entries, [], '');
  return { tree, derived, inexpressible };
}

/** The `enabled` condition of an object present in some environments only. */
export function conditionValue(naming: ObjectNaming, present: ReadonlyMap<string, boolean>): DerivedValue {
  return {
    candidates: [[naming.withKind, 'enabled'], [naming.unique, 'enabled']],
    path: '',
    perEnvironment: present,
  };
}

/**
 * Gives every derived value the first candidate path that neither equals nor nests with
 * another value's path (`a.b` and `a.b.c` cannot both be values). `fixed` are the declared
 * values' paths. Returns the values that found no free path (none in practice).
 */
export function assignPaths(values: readonly DerivedValue[], fixed: ReadonlySet<string>): DerivedValue[] {
  const chosen = values.map(() => 0);
  const pathOf = (i: number): string => values[i].candidates[Math.min(chosen[i], values[i].candidates.length - 1)].join('.');
  const fixedPrefixes = new Set<string>();
  for (const f of fixed) {
    const parts = f.split('.');
    for (let k = 1; k < parts.length; k++) fixedPrefixes.add(parts.slice(0, k).join('.'));
  }
  for (let round = 0; round < 64; round++) {
    const owners = new Map<string, number[]>();
    values.forEach((_, i) => {
      const p = pathOf(i);
      owners.set(p, [...(owners.get(p) ?? []), i]);
    });
    const conflicted = new Set<number>();
    values.forEach((_, i) => {
      const p = pathOf(i);
      if (owners.get(p)!.length > 1 || fixed.has(p) || fixedPrefixes.has(p)) conflicted.add(i);
      const parts = p.split('.');
      for (let k = 1; k < parts.length; k++) {
        const q = parts.slice(0, k).join('.');
        if (fixed.has(q)) conflicted.add(i);
        for (const j of owners.get(q) ?? []) {
          conflicted.add(i);
          conflicted.add(j);
        }
      }
    });
    const movable = [...conflicted].filter((i) => chosen[i] < values[i].candidates.length - 1);
    if (conflicted.size === 0 || movable.length === 0) {
      values.forEach((v, i) => {
        v.path = pathOf(i);
        if (v.hole && v.hole.spec.hole === 'value') v.hole.spec.path = v.path;
      });
      return [...conflicted].map((i) => values[i]);
    }
    for (const i of movable) chosen[i]++;
  }
  throw new Error('assignPaths: did not converge');
}
