/**
 * Classes an object asks its cluster for (a claim's StorageClass, a snapshot's
 * VolumeSnapshotClass, an Ingress's IngressClass, a Gateway's GatewayClass), checked against what the cluster declares
 * it has plus the classes the platform writes into it. A cluster that does not declare a list
 * is not checked for that kind of class: Berth cannot know what it holds.
 */
import { Cluster } from '../core/cluster';
import { isRecord } from '../model/is-record';
import { ManifestRecord } from '../model/manifest';
import { Problem } from '../model/problem';

interface ClassKind {
  /** The kind of the class objects. */
  readonly kind: string;
  /** What the cluster declares. */
  readonly declared: (c: Cluster) => readonly string[] | undefined;
  /** The Cluster prop, for the hint. */
  readonly prop: string;
  /** The class names an object asks for, with their field. */
  readonly asked: (o: Record<string, unknown>) => { field: string; name: string }[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const spec = (o: Record<string, unknown>): Record<string, unknown> => (isRecord(o.spec) ? o.spec : {});

/** The class an object of `kind` names at `spec.<field>`. */
function specField(kind: string, field: string): ClassKind['asked'] {
  return (o) => {
    const name = o.kind === kind ? str(spec(o)[field]) : undefined;
    return name ? [{ field: `spec.${field}`, name }] : [];
  };
}

const CLASS_KINDS: readonly ClassKind[] = [
  {
    kind: 'StorageClass',
    declared: (c) => c.storageClasses,
    prop: 'storageClasses',
    asked: (o) => {
      const s = spec(o);
      if (o.kind === 'PersistentVolumeClaim') {
        const name = str(s.storageClassName);
        return name ? [{ field: 'spec.storageClassName', name }] : [];
      }
      if (o.kind !== 'StatefulSet' || !Array.isArray(s.volumeClaimTemplates)) return [];
      return s.volumeClaimTemplates.flatMap((t: unknown, i: number) => {
        const name = isRecord(t) ? str(spec(t).storageClassName) : undefined;
        return name ? [{ field: `spec.volumeClaimTemplates[${i}].spec.storageClassName`, name }] : [];
      });
    },
  },
  {
    kind: 'VolumeSnapshotClass',
    declared: (c) => c.snapshotClasses,
    prop: 'snapshotClasses',
    asked: specField('VolumeSnapshot', 'volumeSnapshotClassName'),
  },
  {
    kind: 'IngressClass',
    declared: (c) => c.ingressClasses,
    prop: 'ingressClasses',
    asked: specField('Ingress', 'ingressClassName'),
  },
  {
    kind: 'GatewayClass',
    declared: (c) => c.gatewayClasses,
    prop: 'gatewayClasses',
    asked: specField('Gateway', 'gatewayClassName'),
  },
];

/** The problems of `records` (everything written into cluster `name`) asking for classes it lacks. */
export function classReferences(name: string, cluster: Cluster, records: readonly ManifestRecord[]): Problem[] {
  const problems: Problem[] = [];
  for (const k of CLASS_KINDS) {
    const declared = k.declared(cluster);
    if (declared === undefined) continue;
    const written = records.filter((r) => r.object.kind === k.kind).map((r) => r.object.metadata.name ?? '');
    const has = new Set([...declared, ...written]);
    for (const r of records) {
      for (const { field, name: asked } of k.asked(r.object as Record<string, unknown>)) {
        if (has.has(asked)) continue;
        const list = [...has].sort();
        problems.push({
          severity: 'error',
          rule: 'cluster/unknown-class',
          message: `${r.object.kind} ${r.object.metadata.name ?? ''} asks for ${k.kind} ${JSON.stringify(asked)}, which cluster ${JSON.stringify(name)} does not have (it has ${list.length > 0 ? list.map((n) => JSON.stringify(n)).join(', ') : 'none'})`,
          hint: `Use one of the cluster's classes, write the ${k.kind} in the platform, or add ${JSON.stringify(asked)} to the cluster's ${k.prop} if it exists there.`,
          environment: r.environment,
          app: r.app,
          constructPath: r.constructPath,
          object: `${r.object.kind}/${r.object.metadata.namespace ? `${r.object.metadata.namespace}/` : ''}${r.object.metadata.name ?? ''}`,
          field,
          value: asked,
        });
      }
    }
  }
  return problems;
}
