import { KubeObject } from '../model/manifest';
import { apiGroup, immutableFieldAt, STATEFUL_KINDS } from './immutable-fields';
import { isRecord } from '../model/is-record';
import { compareStrings } from '../model/compare-strings';
import { parseQuantity } from '../units/quantity';
import { pushTo } from '../model/push-to';
import { canonicalJson } from '../model/canonical-json';
import { ResizeEffect, resizeEffects } from './resize-effects';

/** Which object: what the API server identifies it by (group, kind, namespace, name). */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One field that differs; `old` is absent for an added field, `new` for a removed one. */
export interface FieldChange {
  /** Dotted path; list items of named lists as `containers[name=web]`, others as `[0]`. */
  readonly path: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

/** Why a change needs attention: it replaces the object (and maybe its data). */
export interface Danger {
  /** The field at fault, when the danger is a field change. */
  readonly field?: string;
  readonly reason: string;
}

/** How one object differs between the old and the new output. */
export type ObjectDiff =
  | { readonly type: 'added'; readonly ref: ObjectRef; readonly object: KubeObject }
  | {
      readonly type: 'removed';
      readonly ref: ObjectRef;
      readonly object: KubeObject;
      readonly dangers: readonly Danger[];
    }
  | {
      readonly type: 'changed';
      readonly ref: ObjectRef;
      readonly fields: readonly FieldChange[];
      readonly dangers: readonly Danger[];
      /** What changed container resources do to running pods; absent when none changed. */
      readonly resize?: readonly ResizeEffect[];
    }
  | {
      readonly type: 'renamed';
      readonly from: ObjectRef;
      readonly ref: ObjectRef;
      readonly fields: readonly FieldChange[];
      readonly dangers: readonly Danger[];
    };

/** `group/Kind/namespace/name`: the identity objects are matched by (the version is ignored). */
export function objectKey(o: ObjectRef): string {
  return `${apiGroup(o.apiVersion)}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

/** The reference of a plain-data object. */
export function refOf(o: KubeObject): ObjectRef {
  const ns = o.metadata?.namespace;
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(ns ? { namespace: ns } : {}),
    name: String(o.metadata?.name ?? ''),
  };
}

/** Whether `v` is a Kubernetes object (apiVersion, kind and metadata), as objects are matched. */
export function isKubeObject(v: unknown): v is KubeObject {
  return isRecord(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && isRecord(v.metadata);
}

/** Lists whose items all have a distinct string `name` are matched by name, not position. */
function namedItems(list: readonly unknown[]): Map<string, unknown> | undefined {
  const m = new Map<string, unknown>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || m.has(item.name)) return undefined;
    m.set(item.name, item);
  }
  return m;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** Every leaf-level difference between `a` and `b`, in a stable order. */
export function diffValues(a: unknown, b: unknown, path = ''): FieldChange[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => {
      const p = join(path, k);
      // Own members only: `'constructor' in b` is true of every object.
      if (!Object.hasOwn(b, k)) return [{ path: p, old: a[k] }];
      if (!Object.hasOwn(a, k)) return [{ path: p, new: b[k] }];
      return diffValues(a[k], b[k], p);
    });
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = namedItems(a);
    const nb = namedItems(b);
    if (na && nb && (na.size > 0 || nb.size > 0)) {
      const names = [...na.keys(), ...[...nb.keys()].filter((n) => !na.has(n))];
      return names.flatMap((n) => {
        const p = `${path}[name=${n}]`;
        if (!nb.has(n)) return [{ path: p, old: na.get(n) }];
        if (!na.has(n)) return [{ path: p, new: nb.get(n) }];
        return diffValues(na.get(n), nb.get(n), p);
      });
    }
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= b.length) out.push({ path: p, old: a[i] });
      else if (i >= a.length) out.push({ path: p, new: b[i] });
      else out.push(...diffValues(a[i], b[i], p));
    }
    return out;
  }
  return Object.is(a, b) ? [] : [{ path, old: a, new: b }];
}

/** The fields that differ, ignoring `metadata.name` (for renames). */
function fieldChanges(a: KubeObject, b: KubeObject, ignoreName: boolean): FieldChange[] {
  const changes = diffValues(a, b);
  return ignoreName ? changes.filter((c) => c.path !== 'metadata.name') : changes;
}

function dangersOf(a: KubeObject, b: KubeObject, fields: readonly FieldChange[]): Danger[] {
  const out: Danger[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    const rule = immutableFieldAt(b.apiVersion, b.kind, f.path);
    if (rule && !seen.has(rule.path)) {
      seen.add(rule.path);
      out.push({ field: rule.path, reason: `${rule.path} is immutable: ${rule.reason}` });
    }
  }
  const shrunk = shrunkClaim(a, b);
  if (shrunk) out.push(shrunk);
  // A ConfigMap or Secret marked `immutable: true` cannot change its data either.
  if ((b.kind === 'ConfigMap' || b.kind === 'Secret') && apiGroup(b.apiVersion) === '' && a.immutable === true) {
    const data = fields.filter((f) => /^(data|binaryData|stringData|immutable)([.[]|$)/.test(f.path));
    if (data.length > 0) {
      out.push({
        field: data[0].path.split(/[.[]/)[0],
        reason: `the ${b.kind} is immutable: ${data[0].path.split(/[.[]/)[0]} cannot change; the object must be deleted and recreated`,
      });
    }
  }
  return out;
}

/** The storage a claim requests, in bytes, or undefined when it states none (or not a quantity). */
function claimStorage(o: KubeObject): number | undefined {
  const spec = (o as { spec?: { resources?: { requests?: { storage?: unknown } } } }).spec;
  const storage = spec?.resources?.requests?.storage;
  if (typeof storage !== 'string' && typeof storage !== 'number') return undefined;
  try {
    return parseQuantity(storage);
  } catch {
    return undefined;
  }
}

/** A PersistentVolumeClaim whose requested storage goes down: the API server refuses it (claims only grow). */
function shrunkClaim(a: KubeObject, b: KubeObject): Danger | undefined {
  if (b.kind !== 'PersistentVolumeClaim' || apiGroup(b.apiVersion) !== '') return undefined;
  const before = claimStorage(a);
  const after = claimStorage(b);
  if (before === undefined || after === undefined || after >= before) return undefined;
  return {
    field: 'spec.resources.requests.storage',
    reason:
      'spec.resources.requests.storage goes down: the API server refuses to shrink a claim (storage can only grow); keeping the data at the smaller size means a new claim and a copy',
  };
}

/**
 * What removing `o` from the output deletes where the output is applied with pruning (Argo CD
 * with prune, `kubectl apply --prune`): data, for storage objects and namespaces.
 */
function removalDangers(o: KubeObject): Danger[] {
  const pruned = 'where the output is applied with pruning (Argo CD prune, kubectl apply --prune)';
  switch (o.kind) {
    case 'PersistentVolumeClaim':
      return [
        {
          reason: `PersistentVolumeClaim removed: ${pruned}, the claim is deleted, and its volume's data with it when the reclaim policy is Delete`,
        },
      ];
    case 'PersistentVolume':
      return [
        {
          reason: `PersistentVolume removed: ${pruned}, it is deleted, and the storage behind it when its reclaim policy is Delete`,
        },
      ];
    case 'VolumeSnapshot':
      return [
        {
          reason: `VolumeSnapshot removed: ${pruned}, the snapshot is deleted, and its content when the deletion policy is Delete`,
        },
      ];
    case 'Namespace':
      return [{ reason: `Namespace removed: ${pruned}, the namespace and everything in it are deleted` }];
    case 'StatefulSet': {
      const policy =
        isRecord(o.spec) && isRecord(o.spec.persistentVolumeClaimRetentionPolicy)
          ? o.spec.persistentVolumeClaimRetentionPolicy
          : {};
      return policy.whenDeleted === 'Delete'
        ? [
            {
              field: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
              reason: `StatefulSet removed: ${pruned}, its claims are deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete), and their data`,
            },
          ]
        : [];
    }
    default:
      return [];
  }
}

function renameDanger(from: ObjectRef, to: ObjectRef): Danger {
  const what =
    from.namespace !== to.namespace && from.name === to.name
      ? `moved from namespace ${from.namespace ?? '(none)'} to ${to.namespace ?? '(none)'}`
      : `renamed from ${from.name} to ${to.name}`;
  const loss = STATEFUL_KINDS.has(to.kind)
    ? ': the old object and its data are deleted and a new, empty one is created'
    : ': the old object is deleted and a new one created (replacement)';
  return { field: 'metadata.name', reason: `${to.kind} ${what}${loss}` };
}

/** A possible rename: a removed object, an added one and how they differ (name aside). */
interface Candidate {
  readonly a: KubeObject;
  readonly b: KubeObject;
  readonly fields: FieldChange[];
  readonly keyA: string;
  readonly keyB: string;
}

/**
 * Removed × added pairs of one group and kind up to which every pair is compared; beyond it
 * (a renaming scheme changed for thousands of objects), each removed object is compared with
 * its nearest added ones by content only, so that diff stays fast.
 */
const FULL_PAIRING_LIMIT = 10_000;
/** How many added objects, nearest by content, a removed one is compared with beyond the limit. */
const NEIGHBOURS = 8;

/** The content of `o` without its name, to find objects that differ by name only. */
function contentOf(o: KubeObject): string {
  return canonicalJson({ ...o, metadata: { ...o.metadata, name: undefined } });
}

/**
 * The rename candidates among removed and added objects, in the order to pair them: fewest
 * differing fields first, then by key. Objects that differ by name only are paired first (in
 * key order); the rest of a group and kind are compared pair by pair, or with their nearest
 * neighbours by content when there are too many pairs.
 */
function renameCandidates(removed: readonly KubeObject[], added: readonly KubeObject[]): Candidate[] {
  const kindOf = (o: KubeObject): string => `${apiGroup(o.apiVersion)}/${o.kind}`;
  const groups = new Map<string, { removed: KubeObject[]; added: KubeObject[] }>();
  const groupOf = (o: KubeObject) => {
    let g = groups.get(kindOf(o));
    if (!g) groups.set(kindOf(o), (g = { removed: [], added: [] }));
    return g;
  };
  for (const a of removed) groupOf(a).removed.push(a);
  for (const b of added) groupOf(b).added.push(b);
  const keys = new Map<KubeObject, string>();
  const key = (o: KubeObject): string => {
    let k = keys.get(o);
    if (k === undefined) keys.set(o, (k = objectKey(refOf(o))));
    return k;
  };
  const candidate = (a: KubeObject, b: KubeObject): Candidate => ({
    a,
    b,
    fields: fieldChanges(a, b, true),
    keyA: key(a),
    keyB: key(b),
  });
  const out: Candidate[] = [];
  for (const g of groups.values()) {
    if (g.removed.length === 0 || g.added.length === 0) continue;
    const byKey = (x: KubeObject, y: KubeObject): number => compareStrings(key(x), key(y));
    // Same content, another name: these pairs come first, in key order, as comparing every pair would give.
    const content = new Map<KubeObject, string>();
    for (const o of [...g.removed, ...g.added]) content.set(o, contentOf(o));
    // Each list in reverse key order, so that the next in key order is taken from its end.
    const addedByContent = new Map<string, KubeObject[]>();
    for (const b of [...g.added].sort(byKey).reverse()) pushTo(addedByContent, content.get(b)!, b);
    const restRemoved: KubeObject[] = [];
    const taken = new Set<KubeObject>();
    for (const a of [...g.removed].sort(byKey)) {
      const b = addedByContent.get(content.get(a)!)?.pop();
      if (b) {
        taken.add(b);
        out.push(candidate(a, b));
      } else {
        restRemoved.push(a);
      }
    }
    const restAdded = g.added.filter((b) => !taken.has(b)).sort(byKey);
    if (restRemoved.length * restAdded.length <= FULL_PAIRING_LIMIT) {
      for (const a of restRemoved) for (const b of restAdded) out.push(candidate(a, b));
      continue;
    }
    // Too many pairs: each removed object meets the added ones next to it in content order.
    const line = [
      ...restRemoved.map((o) => ({ o, removed: true })),
      ...restAdded.map((o) => ({ o, removed: false })),
    ].sort((x, y) => compareStrings(content.get(x.o)!, content.get(y.o)!) || byKey(x.o, y.o));
    line.forEach((entry, i) => {
      if (!entry.removed) return;
      let found = 0;
      for (let d = 1; found < NEIGHBOURS && (i - d >= 0 || i + d < line.length); d++) {
        for (const j of [i - d, i + d]) {
          if (j >= 0 && j < line.length && !line[j].removed && found < NEIGHBOURS) {
            out.push(candidate(entry.o, line[j].o));
            found++;
          }
        }
      }
    });
  }
  return out.sort(
    (x, y) => x.fields.length - y.fields.length || compareStrings(x.keyA, y.keyA) || compareStrings(x.keyB, y.keyB),
  );
}

/**
 * Compares two sets of objects (the old and new output of one app) as data. Objects are
 * matched by API group, kind, namespace and name (the version may change). A removed object
 * and an added one of the same group and kind are reported as a rename (meaning replacement),
 * pairing the most similar first. Changes of immutable fields are flagged as dangers.
 * Documents that are not Kubernetes objects (no apiVersion/kind/metadata) are ignored.
 * Pure: the inputs are not modified; the result is sorted by object key.
 */
export function diffObjects(oldDocs: readonly unknown[], newDocs: readonly unknown[]): ObjectDiff[] {
  const index = (docs: readonly unknown[]): Map<string, KubeObject> => {
    const m = new Map<string, KubeObject>();
    for (const d of docs) if (isKubeObject(d)) m.set(objectKey(refOf(d)), d);
    return m;
  };
  const before = index(oldDocs);
  const after = index(newDocs);
  const out: ObjectDiff[] = [];
  const removed: KubeObject[] = [];
  const added: KubeObject[] = [];
  for (const [key, a] of before) {
    const b = after.get(key);
    if (!b) {
      removed.push(a);
      continue;
    }
    const fields = fieldChanges(a, b, false);
    if (fields.length > 0) {
      const resize = resizeEffects(b, fields);
      out.push({
        type: 'changed',
        ref: refOf(b),
        fields,
        dangers: dangersOf(a, b, fields),
        ...(resize.length > 0 ? { resize } : {}),
      });
    }
  }
  for (const [key, b] of after) if (!before.has(key)) added.push(b);

  // Pair removed and added objects of the same group and kind: the closest pairs first.
  const candidates = renameCandidates(removed, added);
  const paired = new Set<KubeObject>();
  for (const { a, b, fields } of candidates) {
    if (paired.has(a) || paired.has(b)) continue;
    paired.add(a);
    paired.add(b);
    const from = refOf(a);
    const ref = refOf(b);
    const rest = fields.filter((f) => f.path !== 'metadata.namespace');
    out.push({
      type: 'renamed',
      from,
      ref,
      fields: rest,
      dangers: [renameDanger(from, ref), ...dangersOf(a, b, rest)],
    });
  }
  for (const a of removed)
    if (!paired.has(a)) out.push({ type: 'removed', ref: refOf(a), object: a, dangers: removalDangers(a) });
  for (const b of added) if (!paired.has(b)) out.push({ type: 'added', ref: refOf(b), object: b });
  return out.sort((x, y) => compareStrings(objectKey(x.ref), objectKey(y.ref)) || compareStrings(x.type, y.type));
}
