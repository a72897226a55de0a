/**
 * Fields Kubernetes refuses to change on an existing object: changing one in the output means
 * the object must be deleted and created again (`kubectl apply` fails, Argo CD needs
 * `Replace=true`), and for storage the data goes with it.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#limitations
 */
export interface ImmutableField {
  /** API group (`apps`, `''` for the core group). */
  readonly group: string;
  readonly kind: string;
  /** Field path prefix, dotted (`spec.selector`). A change at or below it is refused. */
  readonly path: string;
  /** Why the change is dangerous, shown to the user. */
  readonly reason: string;
}

const REPLACE = 'the API server refuses this change: the object must be deleted and recreated';
const DATA = `${REPLACE}, and its volumes (with their data) are replaced`;

/** The immutable fields berth knows, by group and kind. */
export const IMMUTABLE_FIELDS: readonly ImmutableField[] = [
  { group: 'apps', kind: 'Deployment', path: 'spec.selector', reason: REPLACE },
  { group: 'apps', kind: 'ReplicaSet', path: 'spec.selector', reason: REPLACE },
  { group: 'apps', kind: 'DaemonSet', path: 'spec.selector', reason: REPLACE },
  { group: 'apps', kind: 'StatefulSet', path: 'spec.selector', reason: REPLACE },
  { group: 'apps', kind: 'StatefulSet', path: 'spec.volumeClaimTemplates', reason: DATA },
  { group: 'apps', kind: 'StatefulSet', path: 'spec.serviceName', reason: REPLACE },
  { group: 'apps', kind: 'StatefulSet', path: 'spec.podManagementPolicy', reason: REPLACE },
  { group: '', kind: 'PersistentVolumeClaim', path: 'spec.storageClassName', reason: DATA },
  { group: '', kind: 'PersistentVolumeClaim', path: 'spec.accessModes', reason: DATA },
  { group: '', kind: 'PersistentVolumeClaim', path: 'spec.volumeMode', reason: DATA },
  { group: '', kind: 'PersistentVolumeClaim', path: 'spec.volumeName', reason: DATA },
  { group: '', kind: 'PersistentVolumeClaim', path: 'spec.dataSource', reason: DATA },
  { group: '', kind: 'PersistentVolumeClaim', path: 'spec.dataSourceRef', reason: DATA },
  { group: '', kind: 'PersistentVolumeClaim', path: 'spec.selector', reason: DATA },
  { group: '', kind: 'Service', path: 'spec.clusterIP', reason: REPLACE },
  { group: '', kind: 'Service', path: 'spec.clusterIPs', reason: REPLACE },
  { group: 'batch', kind: 'Job', path: 'spec.template', reason: REPLACE },
  { group: 'batch', kind: 'Job', path: 'spec.selector', reason: REPLACE },
  { group: 'batch', kind: 'Job', path: 'spec.completionMode', reason: REPLACE },
  { group: 'storage.k8s.io', kind: 'StorageClass', path: 'provisioner', reason: REPLACE },
  { group: 'storage.k8s.io', kind: 'StorageClass', path: 'parameters', reason: REPLACE },
  { group: 'storage.k8s.io', kind: 'StorageClass', path: 'reclaimPolicy', reason: REPLACE },
  { group: 'storage.k8s.io', kind: 'StorageClass', path: 'volumeBindingMode', reason: REPLACE },
  { group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', path: 'spec.source', reason: REPLACE },
  { group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', path: 'spec.volumeSnapshotClassName', reason: REPLACE },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', path: 'roleRef', reason: REPLACE },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', path: 'roleRef', reason: REPLACE },
  { group: '', kind: 'Secret', path: 'type', reason: REPLACE },
];

/** Kinds whose replacement loses data (a rename of one of these is a data-loss warning). */
export const STATEFUL_KINDS: ReadonlySet<string> = new Set([
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StatefulSet',
  'VolumeSnapshot',
  'Namespace',
]);

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `''`). */
export function apiGroup(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The immutable-field rule a change at `path` (dotted, `[..]` for list items) breaks, if any. */
export function immutableFieldAt(apiVersion: string, kind: string, path: string): ImmutableField | undefined {
  const group = apiGroup(apiVersion);
  return IMMUTABLE_FIELDS.find(
    (f) =>
      f.group === group &&
      f.kind === kind &&
      (path === f.path || path.startsWith(`${f.path}.`) || path.startsWith(`${f.path}[`)),
  );
}
