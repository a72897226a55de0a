/**
 * Derived values: what differs between the environments' objects of one app becomes a chart
 * value, so `helm template -f values-<env>.yaml` gives back each environment's objects.
 *
 * - a leaf that differs becomes a value (`frontend.replicas`), rendered with `toJson`;
 * - a map key or a list item that exists in some environments only is guarded by a derived
 *   `<...>.enabled` boolean (see {@link mergeEnvironments});
 * - a subtree whose list items cannot be aligned becomes an object or list value, rendered
 *   with `toYaml | nindent`;
 * - an object that exists in some environments only is guarded by `<object>.enabled`.
 *
 * Value paths are readable and deterministic: the object's name in camelCase and the shortest
 * tail of the field path that is unique in the chart.
 */
import { alignLists, mergeOrder } from './align';
import { containsHole, Guard, Hole, HoleFormat, sameData } from './holes';
import { setOwn } from '../../model/set-own';
import { pushTo } from '../../model/push-to';

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
  /** What a condition means (the schema's description). @default - the object exists */
  readonly description?: string;
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
  let out = words
    .map((w, i) =>
      i === 0
        ? /^[A-Z0-9_]+$/.test(w)
          ? w
          : w.charAt(0).toLowerCase() + w.slice(1)
        : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
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

/** Value markers (`${BerthValue:`) and name markers (`${BerthName:`, `${BerthDns:`). */
const MARKER_TEXT = /\$\{Berth(Value|Name|Dns):/;

function hasMarker(v: unknown): boolean {
  if (typeof v === 'string') return MARKER_TEXT.test(v);
  if (typeof v !== 'object' || v === null || Hole.isHole(v)) return false;
  return (Array.isArray(v) ? v : Object.entries(v).flat()).some(hasMarker);
}

/**
 * Candidate paths of a value at `segments`, shortest first. `wholeList`: the value is a whole
 * list below a list item (a container's `command`), named from the item's list down
 * (`backup.containers.backup.command`), so that it stays right when a sibling item appears.
 */
function candidatesFor(segments: readonly Segment[], naming: ObjectNaming, wholeList = false): string[][] {
  let segs = segments.filter((s) => !NOISE.has(s.text)).map((s) => s.text);
  if (wholeList) {
    let item = -1;
    segments.forEach((s, i) => {
      if (s.named) item = i;
    });
    if (item >= 1) {
      const tail = segments.slice(item - 1).map((s) => s.text);
      const head = segments
        .slice(0, item - 1)
        .filter((s) => !NOISE.has(s.text))
        .map((s) => s.text);
      const out: string[][] = [];
      for (let k = 0; k <= head.length; k++) out.push([naming.base, ...head.slice(head.length - k), ...tail]);
      out.push([naming.withKind, ...head, ...tail]);
      out.push([naming.unique, ...segments.map((s) => s.text)]);
      return out;
    }
  }
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

/** Field path text: `spec.template`, `containers[0]`, `env[name=LOG_LEVEL]`. */
function childField(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

type Items = readonly (readonly [string, unknown])[];

/** Why a structural merge was not possible (the caller then tries a whole value). */
const NO_MERGE = Symbol('no merge');

/**
 * Merges one object's data across the environments that have it (`entries` sorted by
 * environment):
 * - a map key present everywhere is merged recursively; one present in some environments only
 *   is guarded by a derived `<...>.enabled` boolean (its subtree is merged over the
 *   environments that have it, so names and release expressions inside still work);
 * - list items are aligned (by `name`, else by position) and merged recursively; an item
 *   present in some environments only is guarded like a key;
 * - what cannot be aligned becomes a whole object or list value, unless it contains a name,
 *   a release expression or a declared value: then it is reported as inexpressible.
 */
export function mergeEnvironments(entries: Items, naming: ObjectNaming): MergedObject {
  const derived: DerivedValue[] = [];
  const inexpressible: Inexpressible[] = [];

  const guard = (
    items: Items,
    present: ReadonlySet<string>,
    segments: readonly Segment[],
    field: string,
    value: unknown,
  ): Guard => {
    const condition: DerivedValue = {
      candidates: candidatesFor(segments, naming).map((c) => [...c, 'enabled']),
      path: '',
      perEnvironment: new Map(items.map(([e]) => [e, present.has(e)] as const)),
      description: `Whether ${field} is set (derived: it is set in ${[...present].join(', ')} only).`,
    };
    derived.push(condition);
    return new Guard(condition, value);
  };

  const mergeMaps = (items: Items, segments: readonly Segment[], field: string): unknown => {
    const maps = items.map(([e, v]) => [e, v as Record<string, unknown>] as const);
    if (maps.some(([, m]) => Object.keys(m).length === 0)) return NO_MERGE;
    // One key order that keeps every environment's order (sorted keys stay sorted), else the union.
    const union: string[] = [];
    for (const [, m] of maps) for (const k of Object.keys(m)) if (!union.includes(k)) union.push(k);
    const keys = mergeOrder(maps.map(([, m]) => Object.keys(m))) ?? union;
    const has = (m: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);
    // At least one key everywhere, so no environment renders an empty (null) map.
    if (!keys.some((k) => maps.every(([, m]) => has(m, k)))) return NO_MERGE;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const present = maps.filter(([, m]) => has(m, k));
      const segs = [...segments, { text: valueSegment(k), named: false }];
      const f = childField(field, k);
      const child = merge(
        present.map(([e, m]) => [e, m[k]] as const),
        segs,
        f,
        false,
      );
      setOwn(
        out,
        k,
        present.length === maps.length ? child : guard(items, new Set(present.map(([e]) => e)), segs, f, child),
      );
    }
    return out;
  };

  const mergeLists = (items: Items, segments: readonly Segment[], field: string, inList: boolean): unknown => {
    const lists = items.map(([e, v]) => [e, v as unknown[]] as const);
    if (lists.some(([, l]) => l.length === 0)) return NO_MERGE;
    const aligned = alignLists(lists);
    if (!aligned) return NO_MERGE;
    // Items without a key (the words of a command, unnamed tolerations) are not merged by
    // position: a value named `item2` says nothing, and positions shift when an item is added.
    // The list is then one value named after its field, unless it holds names or values.
    if (aligned.every((a) => a.name === undefined) && !items.some(([, v]) => containsHole(v) || hasMarker(v)))
      return NO_MERGE;
    const partial = aligned.some((a) => a.indexByEnvironment.size !== lists.length);
    // A guarded item of a list inside a list would need `- - ` surgery: not supported.
    if (partial && inList) return NO_MERGE;
    return aligned.map((a) => {
      const column = lists
        .filter(([e]) => a.indexByEnvironment.has(e))
        .map(([e, l]) => [e, l[a.indexByEnvironment.get(e)!]] as const);
      const names = column.map(([, x]) => (isMap(x) && typeof x.name === 'string' ? x.name : undefined));
      const named = a.name !== undefined || (names[0] !== undefined && names.every((x) => x === names[0]));
      const seg = { text: named ? valueSegment(a.name ?? names[0]!) : `item${a.position}`, named };
      const f = a.name !== undefined ? `${field}[name=${a.name}]` : `${field}[${a.position}]`;
      const child = merge(column, [...segments, seg], f, true);
      return a.indexByEnvironment.size === lists.length
        ? child
        : guard(items, new Set(a.indexByEnvironment.keys()), [...segments, seg], f, child);
    });
  };

  const merge = (items: Items, segments: readonly Segment[], field: string, inList: boolean): unknown => {
    const first = items[0][1];
    if (items.every(([, v]) => sameData(v, first))) return first;
    if (items.every(([, v]) => isMap(v))) {
      const r = mergeMaps(items, segments, field);
      if (r !== NO_MERGE) return r;
    }
    if (items.every(([, v]) => Array.isArray(v))) {
      const r = mergeLists(items, segments, field, inList);
      if (r !== NO_MERGE) return r;
    }
    const values = new Map(items.map(([e, v]) => [e, v] as const));
    if (items.some(([, v]) => containsHole(v) || hasMarker(v))) {
      inexpressible.push({ field, values });
      return first;
    }
    const kinds = new Set(items.map(([, v]) => (Array.isArray(v) ? 'list' : isMap(v) ? 'map' : 'scalar')));
    const format: HoleFormat = kinds.size === 1 && !kinds.has('scalar') ? 'yaml' : 'json';
    const hole = new Hole({ hole: 'value', path: '', format });
    const candidates = candidatesFor(segments, naming, kinds.size === 1 && kinds.has('list'));
    derived.push({ candidates, path: '', perEnvironment: values, hole });
    return hole;
  };

  const tree = merge(entries, [], '', false);
  return { tree, derived, inexpressible };
}

/** The `enabled` condition of an object present in some environments only. */
export function conditionValue(naming: ObjectNaming, present: ReadonlyMap<string, boolean>): DerivedValue {
  return {
    candidates: [
      [naming.withKind, 'enabled'],
      [naming.unique, 'enabled'],
    ],
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
  const pathOf = (i: number): string =>
    values[i].candidates[Math.min(chosen[i], values[i].candidates.length - 1)].join('.');
  const fixedPrefixes = new Set<string>();
  for (const f of fixed) {
    const parts = f.split('.');
    for (let k = 1; k < parts.length; k++) fixedPrefixes.add(parts.slice(0, k).join('.'));
  }
  for (let round = 0; round < 64; round++) {
    const owners = new Map<string, number[]>();
    values.forEach((_, i) => {
      const p = pathOf(i);
      pushTo(owners, p, i);
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
