import { ManifestRecord } from './manifest';

/**
 * The order objects are applied in: what others depend on comes first. Kinds not listed
 * (custom resources) come last, after the CRDs and controllers they need.
 */
const KIND_RANK: readonly string[] = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'VolumeSnapshotClass',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'ServiceAccount',
  'ClusterRole',
  'Role',
  'ClusterRoleBinding',
  'RoleBinding',
  'NetworkPolicy',
  'Secret',
  'ConfigMap',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'VolumeSnapshot',
  'Service',
  'Ingress',
  'DaemonSet',
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'Pod',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
];

const RANK = new Map(KIND_RANK.map((k, i) => [k, i]));

/** The apply rank of a kind (lower is earlier); unknown kinds rank after every known one. */
export function kindRank(kind: string): number {
  return RANK.get(kind) ?? KIND_RANK.length;
}

function compareRecords(a: ManifestRecord, b: ManifestRecord): number {
  const ra = kindRank(a.object.kind);
  const rb = kindRank(b.object.kind);
  if (ra !== rb) return ra - rb;
  const ka = `${a.object.kind}\u0000${a.object.metadata.namespace ?? ''}\u0000${a.object.metadata.name ?? ''}\u0000${a.constructPath}`;
  const kb = `${b.object.kind}\u0000${b.object.metadata.namespace ?? ''}\u0000${b.object.metadata.name ?? ''}\u0000${b.constructPath}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Sorts records into apply order: by kind rank, then kind, namespace and name; an object that
 * `dependsOn` another is moved after it (a topological sort that keeps the rank order
 * wherever dependencies allow). Dependency cycles are reported by throwing.
 */
export function applyOrder(records: readonly ManifestRecord[]): ManifestRecord[] {
  const sorted = [...records].sort(compareRecords);
  const byPath = new Map(sorted.map((r) => [r.constructPath, r]));
  const pending = new Map<ManifestRecord, number>();
  const dependents = new Map<ManifestRecord, ManifestRecord[]>();
  for (const r of sorted) {
    let n = 0;
    for (const dep of r.dependsOn) {
      const d = byPath.get(dep);
      if (d && d !== r) {
        n++;
        const list = dependents.get(d) ?? [];
        list.push(r);
        dependents.set(d, list);
      }
    }
    pending.set(r, n);
  }
  const out: ManifestRecord[] = [];
  const ready = sorted.filter((r) => pending.get(r) === 0);
  while (ready.length > 0) {
    ready.sort(compareRecords);
    const r = ready.shift()!;
    out.push(r);
    for (const d of dependents.get(r) ?? []) {
      const n = pending.get(d)! - 1;
      pending.set(d, n);
      if (n === 0) ready.push(d);
    }
  }
  if (out.length !== sorted.length) {
    const stuck = sorted.filter((r) => !out.includes(r)).map((r) => r.constructPath);
    throw new Error(`dependsOn cycle between: ${stuck.join(', ')}`);
  }
  return out;
}
