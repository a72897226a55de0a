import { ManifestRecord } from '../model/manifest';
import { compareStrings } from '../model/compare-strings';

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
  'DeviceClass',
  'ResourceClaim',
  'ResourceClaimTemplate',
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

/** A record with what it sorts by, computed once per record rather than on every comparison. */
interface SortEntry {
  readonly r: ManifestRecord;
  readonly rank: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

function decorate(r: ManifestRecord): SortEntry {
  const m = r.object.metadata;
  return {
    r,
    rank: kindRank(r.object.kind),
    kind: r.object.kind,
    namespace: String(m.namespace ?? ''),
    name: String(m.name ?? ''),
  };
}

/**
 * The order after the kind rank: kind, namespace, name, construct path, each compared as a
 * string (field by field, so that no key string is built for every record).
 */
function compareEntries(a: SortEntry, b: SortEntry): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  return (
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.namespace, b.namespace) ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.r.constructPath, b.r.constructPath)
  );
}

/**
 * Sorts records into apply order: by kind rank, then kind, namespace and name; an object that
 * `dependsOn` another is moved after it (a topological sort that keeps the rank order
 * wherever dependencies allow). Dependency cycles are reported by throwing.
 */
export function applyOrder(records: readonly ManifestRecord[]): ManifestRecord[] {
  const decorated = records.map(decorate);
  decorated.sort(compareEntries);
  const sorted = decorated.map((d) => d.r);
  // Without dependsOn (most outputs), the sort order is the apply order.
  if (!records.some((r) => r.dependsOn.length > 0)) return sorted;
  // Position in the sorted order; records that compare equal share one.
  const position = new Map<ManifestRecord, number>();
  decorated.forEach((d, i) => {
    const prev = decorated[i - 1];
    position.set(d.r, i > 0 && compareEntries(prev, d) === 0 ? position.get(prev.r)! : i);
  });
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
  // Kahn's algorithm; the next record is always the first ready one in sort order, ties in the
  // order they became ready (a min-heap on (position, sequence)).
  const out: ManifestRecord[] = [];
  const ready = new ReadyQueue();
  for (const r of sorted) {
    if (pending.get(r) === 0) ready.push(r, position.get(r)!);
  }
  while (ready.size > 0) {
    const r = ready.pop();
    out.push(r);
    for (const d of dependents.get(r) ?? []) {
      const n = pending.get(d)! - 1;
      pending.set(d, n);
      if (n === 0) ready.push(d, position.get(d)!);
    }
  }
  if (out.length !== sorted.length) {
    const done = new Set(out);
    const stuck = sorted.filter((r) => !done.has(r)).map((r) => r.constructPath);
    throw new DependencyCycleError(`dependsOn cycle between: ${stuck.join(', ')}`);
  }
  return out;
}

/** A binary min-heap of records ordered by (position, insertion sequence). */
class ReadyQueue {
  private readonly heap: Array<{ readonly r: ManifestRecord; readonly position: number; readonly seq: number }> = [];
  private seq = 0;

  public get size(): number {
    return this.heap.length;
  }

  public push(r: ManifestRecord, position: number): void {
    const h = this.heap;
    h.push({ r, position, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  public pop(): ManifestRecord {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(l, m)) m = l;
        if (r < h.length && this.less(r, m)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top.r;
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    return x.position !== y.position ? x.position < y.position : x.seq < y.seq;
  }
}

/** Thrown by {@link applyOrder} when `dependsOn` calls form a cycle. */
export class DependencyCycleError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DependencyCycleError';
  }
}
