import { asObject, asString } from './finding';

/**
 * How users declare objects that exist outside the validated set (created by another team, an
 * operator, or by hand), so that references to them are not reported as missing:
 *
 * - on the consuming object (or its pod template), an annotation listing names:
 *   `berth.dev/external-secrets: db-credentials,registry-auth`,
 *   `berth.dev/external-configmaps: ...`, `berth.dev/external-pvcs: ...`, or for any kind
 *   `berth.dev/external-refs: HorizontalPodAutoscaler/x,ClusterRole/y`;
 * - in the options, `external: ['Secret/db-credentials', 'Secret/prod/db-credentials', 'ClusterRole/viewer']`.
 */
export const EXTERNAL_ANNOTATIONS: Readonly<Record<string, string>> = {
  Secret: 'berth.dev/external-secrets',
  ConfigMap: 'berth.dev/external-configmaps',
  PersistentVolumeClaim: 'berth.dev/external-pvcs',
};

/** The annotation that declares external objects of any kind (`Kind/name` entries). */
export const EXTERNAL_REFS_ANNOTATION = 'berth.dev/external-refs';

/** The external declarations that apply to one consumer. */
export class ExternalRefs {
  private entries?: Set<string>;

  /**
   * @param global entries from the options (`Kind/name` or `Kind/namespace/name`)
   * @param annotationMaps the consumer's annotations (object and pod template); read on the
   *   first question, since most references are found without asking
   */
  public constructor(
    private readonly global: readonly string[],
    private readonly annotationMaps: readonly Record<string, unknown>[] | (() => readonly Record<string, unknown>[]),
  ) {}

  /** Whether `kind/name` in `namespace` is declared external. */
  public has(kind: string, namespace: string, name: string): boolean {
    const entries = this.entries ?? (this.entries = this.read());
    return entries.has(`${kind}/${name}`) || (namespace !== '' && entries.has(`${kind}/${namespace}/${name}`));
  }

  private read(): Set<string> {
    const entries = new Set<string>();
    for (const g of this.global) entries.add(g.trim());
    const maps = typeof this.annotationMaps === 'function' ? this.annotationMaps() : this.annotationMaps;
    for (const a of maps) {
      for (const [kind, key] of Object.entries(EXTERNAL_ANNOTATIONS)) {
        for (const name of split(a[key])) entries.add(`${kind}/${name}`);
      }
      for (const ref of split(a[EXTERNAL_REFS_ANNOTATION])) entries.add(ref);
    }
    return entries;
  }
}

function split(v: unknown): string[] {
  return (asString(v) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The annotations of an object. */
export function annotationsOf(o: unknown): Record<string, unknown> {
  return asObject(asObject(asObject(o).metadata).annotations);
}
