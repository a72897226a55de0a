import { ManifestRecord } from '../synth/manifest';
import { asArray, asObject, asString, nameOf, namespaceOf } from './finding';
import { podTemplateOf, PodTemplate } from './pod-templates';
import { isRecord } from '../core/is-record';

/** A pod template and the record it belongs to. */
export interface TemplateAt {
  readonly record: ManifestRecord;
  readonly template: PodTemplate;
  readonly namespace: string;
}

/**
 * The objects of one environment, indexed by kind, namespace and name, to resolve references.
 * An object without a namespace matches any namespace (it is applied with `-n`).
 */
export class ObjectIndex {
  private readonly byKind = new Map<string, { namespace: string; name: string; record: ManifestRecord }[]>();
  /** `kind/name` → entries, so a reference is found without scanning the kind. */
  private readonly byKindName = new Map<string, { namespace: string; name: string; record: ManifestRecord }[]>();
  /** `key=value` → pod templates with that label, to find what a selector selects. */
  private readonly templatesByLabel = new Map<string, TemplateAt[]>();
  private readonly claimTemplates: { namespace: string; pattern: RegExp }[] = [];
  /** Every pod template, with its record. */
  public readonly templates: TemplateAt[] = [];

  public constructor(public readonly records: readonly ManifestRecord[]) {
    for (const record of records) {
      const o = record.object as unknown;
      if (!isRecord(o) || typeof o.kind !== 'string') continue;
      const entry = { namespace: namespaceOf(o), name: nameOf(o), record };
      const list = this.byKind.get(o.kind) ?? [];
      list.push(entry);
      this.byKind.set(o.kind, list);
      const key = `${o.kind}/${entry.name}`;
      const named = this.byKindName.get(key) ?? [];
      named.push(entry);
      this.byKindName.set(key, named);
      const t = podTemplateOf(o);
      if (t) {
        const at = { record, template: t, namespace: entry.namespace };
        this.templates.push(at);
        for (const [k, v] of Object.entries(t.labels)) {
          const label = `${k}=${String(v)}`;
          const withLabel = this.templatesByLabel.get(label) ?? [];
          withLabel.push(at);
          this.templatesByLabel.set(label, withLabel);
        }
      }
      if (o.kind === 'StatefulSet') {
        for (const vct of asArray(asObject(o.spec).volumeClaimTemplates)) {
          const tpl = asString(asObject(asObject(vct).metadata).name);
          if (tpl) this.claimTemplates.push({ namespace: entry.namespace, pattern: new RegExp(`^${escape(tpl)}-${escape(entry.name)}-[0-9]+$`) });
        }
      }
    }
  }

  /** The record of `kind/name` in `namespace` (`` for cluster-scoped kinds), if present. */
  public find(kind: string, namespace: string, name: string): ManifestRecord | undefined {
    return (this.byKindName.get(`${kind}/${name}`) ?? []).find((e) => sameNamespace(e.namespace, namespace))?.record;
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
      const list = this.templatesByLabel.get(`${k}=${String(matchLabels[k])}`);
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    const out: TemplateAt[] = [];
    for (const t of smallest!) {
      if (sameNamespace(t.namespace, namespace) && carriesLabels(t.template.labels, matchLabels, keys)) out.push(t);
    }
    return out;
  }

  /** Every record of `kind`. */
  public ofKind(kind: string): ManifestRecord[] {
    return (this.byKind.get(kind) ?? []).map((e) => e.record);
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
