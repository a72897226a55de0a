import { ManifestRecord } from '../model/manifest';
import { asArray, asObject, asString, groupOf, nameOf, namespaceOf } from './finding';
import { podTemplateOf, PodTemplate } from './pod-templates';
import { isRecord } from '../model/is-record';
import { pushTo } from '../model/push-to';
import { textOf } from '../model/text-of';

/** A pod template and the record it belongs to. */
export interface TemplateAt {
  readonly record: ManifestRecord;
  readonly template: PodTemplate;
  readonly namespace: string;
}

/** An object found by kind and name: its namespace, its record and its place in record order. */
interface Named {
  readonly namespace: string;
  readonly record: ManifestRecord;
  readonly order: number;
}

/**
 * The objects of one kind and name when there are several (one per app's namespace, say):
 * all of them, and by namespace, each in record order, so that lookups do not walk them all.
 */
interface SharedName {
  readonly all: Named[];
  readonly byNamespace: Map<string, Named[]>;
}

/** The pod templates of one namespace: all, and by label key and value, each in record order. */
interface TemplatesOfNamespace {
  readonly all: TemplateAt[];
  readonly byLabel: Map<string, Map<string, TemplateAt[]>>;
}

/** Most names are used once per kind: the object itself, else the objects sharing the name. */
type NameSlot = Named | SharedName;

function isShared(slot: NameSlot): slot is SharedName {
  return (slot as Partial<SharedName>).all !== undefined;
}

/**
 * The objects of one environment, indexed by kind, namespace and name, to resolve references.
 * An object without a namespace matches any namespace (it is applied with `-n`).
 *
 * The maps are nested (kind, then name; label key, then value) rather than keyed by joined
 * strings: at 30,000 objects the joined keys were most of the index's 12 MB.
 */
export class ObjectIndex {
  private readonly byKind = new Map<string, ManifestRecord[]>();
  /** kind → name → the objects of that kind and name, in record order. */
  private readonly byKindName = new Map<string, Map<string, NameSlot>>();
  /**
   * namespace → its pod templates, and by label key → label value, to find what a selector
   * selects without looking at other namespaces' pods (thousands of apps label theirs alike).
   */
  private readonly templatesByNamespace = new Map<string, TemplatesOfNamespace>();
  /** The place of each template in {@link templates}, to merge lists in record order. */
  private readonly templateOrder = new Map<TemplateAt, number>();
  /** namespace → the names of the claims StatefulSets' claim templates make there (as patterns). */
  private readonly claimTemplates = new Map<string, RegExp[]>();
  /** Every pod template, with its record. */
  public readonly templates: TemplateAt[] = [];

  public constructor(public readonly records: readonly ManifestRecord[]) {
    for (let order = 0; order < records.length; order++) {
      const record = records[order];
      const o = record.object as unknown;
      if (!isRecord(o) || typeof o.kind !== 'string') continue;
      const namespace = namespaceOf(o);
      const name = nameOf(o);
      const ofKind = this.byKind.get(o.kind);
      if (ofKind) ofKind.push(record);
      else this.byKind.set(o.kind, [record]);
      let names = this.byKindName.get(o.kind);
      if (!names) this.byKindName.set(o.kind, (names = new Map()));
      const entry: Named = { namespace, record, order };
      const slot = names.get(name);
      if (!slot) names.set(name, entry);
      else if (isShared(slot)) {
        slot.all.push(entry);
        pushTo(slot.byNamespace, namespace, entry);
      } else {
        const shared: SharedName = { all: [slot, entry], byNamespace: new Map([[slot.namespace, [slot]]]) };
        pushTo(shared.byNamespace, namespace, entry);
        names.set(name, shared);
      }
      const t = podTemplateOf(o);
      if (t) {
        const at = { record, template: t, namespace };
        this.templateOrder.set(at, this.templates.length);
        this.templates.push(at);
        let ofNamespace = this.templatesByNamespace.get(namespace);
        if (!ofNamespace) this.templatesByNamespace.set(namespace, (ofNamespace = { all: [], byLabel: new Map() }));
        ofNamespace.all.push(at);
        for (const k of Object.keys(t.labels)) {
          let values = ofNamespace.byLabel.get(k);
          if (!values) ofNamespace.byLabel.set(k, (values = new Map()));
          pushTo(values, textOf(t.labels[k]), at);
        }
      }
      if (o.kind === 'StatefulSet') {
        for (const vct of asArray(asObject(o.spec).volumeClaimTemplates)) {
          const tpl = asString(asObject(asObject(vct).metadata).name);
          if (tpl) pushTo(this.claimTemplates, namespace, new RegExp(`^${escape(tpl)}-${escape(name)}-[0-9]+$`));
        }
      }
    }
  }

  /** The record of `kind/name` in `namespace` (`` for cluster-scoped kinds), if present. */
  public find(kind: string, namespace: string, name: string): ManifestRecord | undefined {
    const slot = this.byKindName.get(kind)?.get(name);
    if (!slot) return undefined;
    if (!isShared(slot)) return sameNamespace(slot.namespace, namespace) ? slot.record : undefined;
    if (namespace === '') return slot.all[0].record;
    // The first in record order of those in the namespace and those without one.
    const inNamespace = slot.byNamespace.get(namespace)?.[0];
    const anywhere = slot.byNamespace.get('')?.[0];
    const first =
      inNamespace && anywhere
        ? inNamespace.order < anywhere.order
          ? inNamespace
          : anywhere
        : (inNamespace ?? anywhere);
    return first?.record;
  }

  /** Whether a PVC named `name` exists, including those a StatefulSet's claim templates create. */
  public hasClaim(namespace: string, name: string): boolean {
    if (this.find('PersistentVolumeClaim', namespace, name) !== undefined) return true;
    const matches = (patterns: readonly RegExp[] | undefined): boolean =>
      patterns !== undefined && patterns.some((p) => p.test(name));
    if (namespace === '') return [...this.claimTemplates.values()].some(matches);
    return matches(this.claimTemplates.get(namespace)) || matches(this.claimTemplates.get(''));
  }

  /** The pod templates in `namespace`. */
  public templatesIn(namespace: string): TemplateAt[] {
    if (namespace === '') return [...this.templates];
    const lists = [this.templatesByNamespace.get(namespace)?.all, this.templatesByNamespace.get('')?.all];
    return this.merged(lists.filter((l): l is TemplateAt[] => l !== undefined && l.length > 0));
  }

  /**
   * The pod templates in `namespace` that carry every label of `matchLabels` (all of them when
   * it is empty): the candidates a selector can select, found through the label index.
   */
  public templatesWithLabels(namespace: string, matchLabels: Readonly<Record<string, unknown>>): TemplateAt[] {
    const keys = Object.keys(matchLabels);
    if (keys.length === 0) return this.templatesIn(namespace);
    const found: TemplateAt[][] = [];
    for (const candidates of this.candidates(namespace, matchLabels, keys)) {
      const matching = candidates.filter((t) => carriesLabels(t.template.labels, matchLabels, keys));
      if (matching.length > 0) found.push(matching);
    }
    return this.merged(found);
  }

  /**
   * Whether some pod template in `namespace` carries every label of `matchLabels` and passes
   * `test`: {@link templatesWithLabels} without building the list (asked once per selector of
   * thousands).
   */
  public someTemplateWithLabels(
    namespace: string,
    matchLabels: Readonly<Record<string, unknown>>,
    test: (t: TemplateAt) => boolean,
  ): boolean {
    const keys = Object.keys(matchLabels);
    if (keys.length === 0) return this.templatesIn(namespace).some(test);
    return this.candidates(namespace, matchLabels, keys).some((candidates) =>
      candidates.some((t) => carriesLabels(t.template.labels, matchLabels, keys) && test(t)),
    );
  }

  /**
   * Per bucket of pod templates a selector can select (a namespace's own and those without a
   * namespace, applied into any; asked without a namespace, every namespace's), the shortest
   * list of those carrying one of its labels: the candidates, in record order.
   */
  private candidates(
    namespace: string,
    matchLabels: Readonly<Record<string, unknown>>,
    keys: readonly string[],
  ): TemplateAt[][] {
    const buckets =
      namespace === ''
        ? [...this.templatesByNamespace.values()]
        : [this.templatesByNamespace.get(namespace), this.templatesByNamespace.get('')];
    const out: TemplateAt[][] = [];
    for (const bucket of buckets) {
      if (!bucket) continue;
      let smallest: TemplateAt[] | undefined;
      for (const k of keys) {
        const list = bucket.byLabel.get(k)?.get(textOf(matchLabels[k]));
        if (!list) {
          smallest = undefined;
          break;
        }
        if (!smallest || list.length < smallest.length) smallest = list;
      }
      if (smallest) out.push(smallest);
    }
    return out;
  }

  /** Lists of templates, each in record order, merged in record order. */
  private merged(lists: readonly (readonly TemplateAt[])[]): TemplateAt[] {
    if (lists.length === 0) return [];
    if (lists.length === 1) return [...lists[0]];
    return lists.flat().sort((x, y) => this.templateOrder.get(x)! - this.templateOrder.get(y)!);
  }

  /**
   * The earlier record that `record` duplicates: the first one before it with the same API
   * group, kind, namespace (exactly: unset and `` are one) and name. Most names are used once
   * per kind, which the index answers without comparing anything.
   */
  public duplicated(record: ManifestRecord): ManifestRecord | undefined {
    const o = record.object as unknown;
    if (!namesAnObject(o)) return undefined;
    const slot = this.byKindName.get(o.kind)?.get(nameOf(o));
    if (!slot || !isShared(slot)) return undefined;
    const group = groupOf(typeof o.apiVersion === 'string' ? o.apiVersion : '');
    for (const e of slot.byNamespace.get(namespaceOf(o)) ?? []) {
      if (e.record === record) break;
      const other = e.record.object as unknown;
      if (namesAnObject(other) && groupOf(typeof other.apiVersion === 'string' ? other.apiVersion : '') === group)
        return e.record;
    }
    return undefined;
  }

  /** Every record of `kind`, in record order. */
  public ofKind(kind: string): readonly ManifestRecord[] {
    return this.byKind.get(kind) ?? [];
  }
}

/** Whether `labels` has each of `keys` with the value `matchLabels` gives it (compared as strings). */
function carriesLabels(
  labels: Readonly<Record<string, unknown>>,
  matchLabels: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): boolean {
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || textOf(labels[k]) !== textOf(matchLabels[k])) return false;
  }
  return true;
}

/**
 * Whether `o` has a string kind and name and a string namespace or none: an object that can
 * duplicate another (without, it gets schema errors and names nothing).
 */
function namesAnObject(o: unknown): o is Record<string, unknown> & { readonly kind: string } {
  if (!isRecord(o) || typeof o.kind !== 'string') return false;
  const meta = asObject(o.metadata);
  return typeof meta.name === 'string' && (meta.namespace === undefined || typeof meta.namespace === 'string');
}

/** Namespaces match when equal or when either is unset. */
export function sameNamespace(a: string, b: string): boolean {
  return a === '' || b === '' || a === b;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
