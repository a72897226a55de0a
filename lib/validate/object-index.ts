import { ManifestRecord } from '../synth/manifest';
import { asArray, asObject, asString, groupOf, nameOf, namespaceOf } from './finding';
import { podTemplateOf, PodTemplate } from './pod-templates';
import { isRecord } from '../core/is-record';

/** A pod template and the record it belongs to. */
export interface TemplateAt {
  readonly record: ManifestRecord;
  readonly template: PodTemplate;
  readonly namespace: string;
}

/** An object found by kind and name: its namespace, its record, and the next one of the same kind and name. */
interface Named {
  readonly namespace: string;
  readonly record: ManifestRecord;
  next?: Named;
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
  private readonly byKindName = new Map<string, Map<string, Named>>();
  /** label key → label value → pod templates with that label, to find what a selector selects. */
  private readonly templatesByLabel = new Map<string, Map<string, TemplateAt[]>>();
  private readonly claimTemplates: { namespace: string; pattern: RegExp }[] = [];
  /** Every pod template, with its record. */
  public readonly templates: TemplateAt[] = [];

  public constructor(public readonly records: readonly ManifestRecord[]) {
    for (const record of records) {
      const o = record.object as unknown;
      if (!isRecord(o) || typeof o.kind !== 'string') continue;
      const namespace = namespaceOf(o);
      const name = nameOf(o);
      const ofKind = this.byKind.get(o.kind);
      if (ofKind) ofKind.push(record);
      else this.byKind.set(o.kind, [record]);
      let names = this.byKindName.get(o.kind);
      if (!names) this.byKindName.set(o.kind, (names = new Map()));
      const entry: Named = { namespace, record };
      const first = names.get(name);
      if (!first) names.set(name, entry);
      else {
        let last = first;
        while (last.next) last = last.next;
        last.next = entry;
      }
      const t = podTemplateOf(o);
      if (t) {
        const at = { record, template: t, namespace };
        this.templates.push(at);
        for (const k of Object.keys(t.labels)) {
          let values = this.templatesByLabel.get(k);
          if (!values) this.templatesByLabel.set(k, (values = new Map()));
          const value = String(t.labels[k]);
          const withLabel = values.get(value);
          if (withLabel) withLabel.push(at);
          else values.set(value, [at]);
        }
      }
      if (o.kind === 'StatefulSet') {
        for (const vct of asArray(asObject(o.spec).volumeClaimTemplates)) {
          const tpl = asString(asObject(asObject(vct).metadata).name);
          if (tpl) this.claimTemplates.push({ namespace, pattern: new RegExp(`^${escape(tpl)}-${escape(name)}-[0-9]+$`) });
        }
      }
    }
  }

  /** The record of `kind/name` in `namespace` (`` for cluster-scoped kinds), if present. */
  public find(kind: string, namespace: string, name: string): ManifestRecord | undefined {
    for (let e = this.byKindName.get(kind)?.get(name); e; e = e.next) {
      if (sameNamespace(e.namespace, namespace)) return e.record;
    }
    return undefined;
  }

  /** Whether a PVC named `name` exists, including those a StatefulSet's claim templates create. */
  public hasClaim(namespace: string, name: string): boolean {
    return this.find('PersistentVolumeClaim', namespace, name) !== undefined
      || this.claimTemplates.some((c) => sameNamespace(c.namespace, namespace) && c.pattern.test(name));
  }

  /** The pod templates in `namespace`. */
  public templatesIn(namespace: string): TemplateAt[] {
    return this.templates.filter((t) => sameNamespace(t.namespace, namespace));
  }

  /**
   * The pod templates in `namespace` that carry every label of `matchLabels` (all of them when
   * it is empty): the candidates a selector can select, found through the label index.
   */
  public templatesWithLabels(namespace: string, matchLabels: Readonly<Record<string, unknown>>): TemplateAt[] {
    const keys = Object.keys(matchLabels);
    if (keys.length === 0) return this.templatesIn(namespace);
    let smallest: TemplateAt[] | undefined;
    for (const k of keys) {
      const list = this.templatesByLabel.get(k)?.get(String(matchLabels[k]));
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    const out: TemplateAt[] = [];
    for (const t of smallest!) {
      if (sameNamespace(t.namespace, namespace) && carriesLabels(t.template.labels, matchLabels, keys)) out.push(t);
    }
    return out;
  }

  /**
   * The earlier record that `record` duplicates: the first one before it with the same API
   * group, kind, namespace (exactly: unset and `` are one) and name. Most names are used once
   * per kind, which the index answers without comparing anything.
   */
  public duplicated(record: ManifestRecord): ManifestRecord | undefined {
    const o = record.object as unknown;
    if (!isRecord(o) || typeof o.kind !== 'string') return undefined;
    const first = this.byKindName.get(o.kind)?.get(nameOf(o));
    if (!first || !first.next) return undefined;
    const group = groupOf(typeof o.apiVersion === 'string' ? o.apiVersion : '');
    const namespace = namespaceOf(o);
    for (let e: Named | undefined = first; e && e.record !== record; e = e.next) {
      const other = e.record.object as unknown as Record<string, unknown>;
      const meta = asObject(other.metadata);
      // An object whose name or namespace is not a string names nothing (schema reports it).
      if (typeof meta.name !== 'string' || (meta.namespace !== undefined && typeof meta.namespace !== 'string')) continue;
      if (e.namespace === namespace && groupOf(typeof other.apiVersion === 'string' ? other.apiVersion : '') === group) return e.record;
    }
    return undefined;
  }

  /** Every record of `kind`, in record order. */
  public ofKind(kind: string): readonly ManifestRecord[] {
    return this.byKind.get(kind) ?? [];
  }
}

/** Whether `labels` has each of `keys` with the value `matchLabels` gives it (compared as strings). */
function carriesLabels(labels: Readonly<Record<string, unknown>>, matchLabels: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || String(labels[k]) !== String(matchLabels[k])) return false;
  }
  return true;
}

/** Namespaces match when equal or when either is unset. */
export function sameNamespace(a: string, b: string): boolean {
  return a === '' || b === '' || a === b;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
