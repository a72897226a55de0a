/**
 * API versions Kubernetes has stopped serving, and those it still serves but has deprecated,
 * with what replaces them (from Kubernetes' deprecated API migration guide). An object of a
 * removed apiVersion is refused by every cluster from that release on, whatever the manifest
 * says, so its finding names the release and the replacement rather than "unknown kind".
 */
import type { KubernetesVersion } from './k8s-definitions';

/** An apiVersion of a kind that Kubernetes stopped serving. */
export interface RemovedApi {
  /** The Kubernetes release that stopped serving it. */
  readonly removedIn: string;
  /** The apiVersion to use instead, or what replaces the kind. */
  readonly replacement: string;
}

const REMOVED: ReadonlyArray<readonly [string, readonly string[], string, string]> = [
  ['extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], '1.16', 'apps/v1'],
  ['apps/v1beta1', ['Deployment', 'StatefulSet', 'ControllerRevision'], '1.16', 'apps/v1'],
  ['apps/v1beta2', ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'], '1.16', 'apps/v1'],
  ['extensions/v1beta1', ['NetworkPolicy'], '1.16', 'networking.k8s.io/v1'],
  ['extensions/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1'],
  ['networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], '1.22', 'networking.k8s.io/v1'],
  [
    'admissionregistration.k8s.io/v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    '1.22',
    'admissionregistration.k8s.io/v1',
  ],
  ['apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.22', 'apiextensions.k8s.io/v1'],
  ['apiregistration.k8s.io/v1beta1', ['APIService'], '1.22', 'apiregistration.k8s.io/v1'],
  ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.22', 'certificates.k8s.io/v1'],
  ['coordination.k8s.io/v1beta1', ['Lease'], '1.22', 'coordination.k8s.io/v1'],
  [
    'rbac.authorization.k8s.io/v1beta1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    '1.22',
    'rbac.authorization.k8s.io/v1',
  ],
  ['scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.22', 'scheduling.k8s.io/v1'],
  ['storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], '1.22', 'storage.k8s.io/v1'],
  ['batch/v1beta1', ['CronJob'], '1.25', 'batch/v1'],
  ['discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.25', 'discovery.k8s.io/v1'],
  ['events.k8s.io/v1beta1', ['Event'], '1.25', 'events.k8s.io/v1'],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', 'autoscaling/v2'],
  ['policy/v1beta1', ['PodDisruptionBudget'], '1.25', 'policy/v1'],
  [
    'policy/v1beta1',
    ['PodSecurityPolicy'],
    '1.25',
    'Pod Security Admission (the pod-security.kubernetes.io labels of the Namespace)',
  ],
  ['node.k8s.io/v1beta1', ['RuntimeClass'], '1.25', 'node.k8s.io/v1'],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', 'autoscaling/v2'],
  [
    'flowcontrol.apiserver.k8s.io/v1beta1',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.26',
    'flowcontrol.apiserver.k8s.io/v1',
  ],
  ['storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.27', 'storage.k8s.io/v1'],
  [
    'flowcontrol.apiserver.k8s.io/v1beta2',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.29',
    'flowcontrol.apiserver.k8s.io/v1',
  ],
  [
    'flowcontrol.apiserver.k8s.io/v1beta3',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.32',
    'flowcontrol.apiserver.k8s.io/v1',
  ],
];

const removed = new Map<string, RemovedApi>();
for (const [apiVersion, kinds, removedIn, replacement] of REMOVED) {
  for (const kind of kinds) removed.set(`${apiVersion}/${kind}`, { removedIn, replacement });
}

/** Whether Kubernetes stopped serving `kind` in `apiVersion`, and what replaces it. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return removed.get(`${apiVersion}/${kind}`);
}

/** A kind Kubernetes still serves but has deprecated. */
export interface DeprecatedApi {
  readonly deprecatedIn: KubernetesVersion;
  readonly replacement: string;
}

const DEPRECATED: ReadonlyMap<string, DeprecatedApi> = new Map([
  ['v1/Endpoints', { deprecatedIn: '1.33', replacement: 'discovery.k8s.io/v1 EndpointSlice' }],
]);

/** Whether `kind` in `apiVersion` is deprecated in Kubernetes `version`. */
export function deprecatedApi(apiVersion: string, kind: string, version: KubernetesVersion): DeprecatedApi | undefined {
  const d = DEPRECATED.get(`${apiVersion}/${kind}`);
  return d && Number(version.split('.')[1]) >= Number(d.deprecatedIn.split('.')[1]) ? d : undefined;
}
