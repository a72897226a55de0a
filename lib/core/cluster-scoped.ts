/**
 * Kinds of the Kubernetes API that are cluster-scoped: their objects carry no namespace.
 * (The OpenAPI definitions do not say; this list follows `kubectl api-resources --namespaced=false`
 * of Kubernetes v1.33.) Custom kinds say it in their CRD (`spec.scope`), which the importer records.
 */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'v1/Namespace',
  'v1/Node',
  'v1/PersistentVolume',
  'v1/ComponentStatus',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'node.k8s.io/RuntimeClass',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'snapshot.storage.k8s.io/VolumeSnapshotClass',
  'snapshot.storage.k8s.io/VolumeSnapshotContent',
]);

/** The kind names of {@link CLUSTER_SCOPED}: most objects are ruled out by their kind alone. */
const CLUSTER_SCOPED_KIND_NAMES: ReadonlySet<string> = new Set(
  [...CLUSTER_SCOPED].map((k) => k.slice(k.indexOf('/') + 1)),
);

/** Whether objects of `apiVersion`/`kind` are cluster-scoped (known core and snapshot kinds). */
export function isClusterScopedKind(apiVersion: string, kind: string): boolean {
  if (!CLUSTER_SCOPED_KIND_NAMES.has(kind)) return false;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? 'v1' : apiVersion.slice(0, slash);
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}
