/*
 * The public API of Berth (`import ... from 'berth-k8s'`): every name a platform's code uses, and
 * nothing else. Each name is listed on purpose; the rest of lib/ is reachable only through its
 * module path and may change in any release. etc/berth.api.md records this surface and
 * `npm run api:check` (part of `npm test`) fails when it changes; after a deliberate change,
 * run `npm run api:update` and commit the report with it.
 */

// The base of every construct that is a Kubernetes object and what the code `berth import`
// generates calls (`ApiResource`, `registerKind`, `lazySchema`); objects declared to exist
// outside the app; the error bad input to a construct throws.
export { ApiResource, ExternalObjects, InvalidInputError, lazySchema, registerKind } from './core';
export type {
  ApiResourceProps,
  GroupVersionKind,
  JsonSchema,
  KindClass,
  KindInfo,
  LoadedKindSchema,
  SchemaDialect,
} from './core';

// The platform, its environments and apps; waivers.
export { Platform } from './synth/platform';
export { Environment } from './core/environment';
export type {
  EnvironmentDefaults,
  EnvironmentProps,
  RequestAndLimit,
  ResourceAmount,
  ResourceDefaults,
  ResourceQuantities,
} from './core/environment';
export type { CheckedResourceDefaults } from './core/resource-defaults';
export { K8S_VERSIONS } from './model/kubernetes-version';
export type { KubernetesVersion } from './model/kubernetes-version';
export { Cluster } from './core/cluster';
export type { ClusterDestination, ClusterKubeConfig, ClusterProps } from './core/cluster';
export { Application, Labels } from './core/application';
export type { ApplicationProps } from './core/application';
export { Waivers } from './core/waivers';
export type { IPodSelectable } from './core/selectable';

// Synth from code (`platform.synth()` or `synthesize`), what it returns and what it throws.
export { synthesize } from './synth/synthesizer';
export type { GitOpsSettings, OutputFormat, SynthOptions, SynthResult } from './synth/synthesizer';
export type { GitOpsEngine } from './model/gitops-settings';
export type { AppManifests } from './render/collect';
export type { KubeObject, ManifestRecord, YamlReading } from './model/manifest';
export { ValidationFailed } from './model/problem';
export type { Problem, Severity, Waiver } from './model/problem';
export type { ValidateOptions } from './validate/validate-manifests';
export type { PolicyProfile } from './model/policy-profiles';

// Units.
export { Cpu, Duration, Size } from './units';

// Workloads.
export {
  Container,
  CronJob,
  DaemonSet,
  Deployment,
  DeviceClass,
  EnvFrom,
  EnvValue,
  Job,
  NodeAffinity,
  PodAntiAffinity,
  Probe,
  ResourceClaimTemplate,
  Schedule,
  ServiceAccountRef,
  Spread,
  StatefulSet,
  Toleration,
  Volume,
  Workload,
} from './workloads';
export type {
  ClaimVolumeOptions,
  ContainerPort,
  ContainerProps,
  ContainerRole,
  ContainerResources,
  ContainerSecurityOptions,
  CronJobProps,
  DaemonSetProps,
  DeploymentProps,
  DeviceClaimMount,
  DeviceRequestSpec,
  EmptyDirOptions,
  EnvFromOptions,
  EnvReferenceOptions,
  GpuRequest,
  GrpcProbeOptions,
  HttpProbeOptions,
  IClaimSource,
  IConfigMapSource,
  IDeviceClaimSource,
  IDeviceClass,
  ISecretSource,
  IServiceAccountRef,
  JobOptions,
  JobProps,
  KeyVolumeOptions,
  PodAntiAffinityOptions,
  PodSecurityOptions,
  ProbeOptions,
  ResizePolicy,
  ResizeRestartPolicy,
  ResourceClaimTemplateProps,
  SpreadOptions,
  StatefulSetProps,
  TaintEffect,
  TolerationOptions,
  VolumeClaimTemplateProps,
  VolumeMount,
  VolumeOptions,
  VolumeSource,
  WorkloadProps,
} from './workloads';

// Services, ingress and Gateway API routes.
export { Certificate, Gateway, GRPCRoute, HTTPRoute, Ingress, Route, Service } from './service';
export type {
  AllowedRoutes,
  CertificateIssuer,
  CertificateProps,
  ExposeOptions,
  ExposeViaGatewayOptions,
  GatewayListener,
  GatewayProps,
  GatewayReferenceOptions,
  GrpcRouteRuleOptions,
  HttpRouteRuleOptions,
  IGateway,
  IngressProps,
  IngressRuleOptions,
  RouteBackendOptions,
  RouteProps,
  ServicePortSpec,
  ServiceProps,
  ServiceType,
} from './service';

// Network policies.
export { ConnectionIsolation, Connections, NetworkPolicies, NetworkPolicy, Peer, Port } from './network';
export type {
  AllowDnsEgressOptions,
  AllowFromOptions,
  AllowToOptions,
  DefaultDenyOptions,
  IpBlockOptions,
  NamespaceSelectorOptions,
  NetworkPeer,
  NetworkPolicyProps,
  NetworkPolicyRule,
  PodsPeerOptions,
  PortProtocol,
  TrafficDirection,
} from './network';

// Storage.
export {
  AccessMode,
  PersistentVolumeClaim,
  ReclaimPolicy,
  SnapshotDeletionPolicy,
  StorageClass,
  VolumeBindingMode,
  VolumeMode,
  VolumeSnapshot,
  VolumeSnapshotClass,
} from './storage';
export type {
  IPersistentVolumeClaim,
  IStorageClass,
  IVolumeSnapshot,
  IVolumeSnapshotClass,
  PersistentVolumeClaimProps,
  StorageClassProps,
  VolumeSnapshotClassProps,
  VolumeSnapshotOptions,
  VolumeSnapshotProps,
} from './storage';

// Configuration, namespaces and access control.
export {
  ClusterRole,
  ClusterRoleBinding,
  ConfigMap,
  LimitRange,
  Namespace,
  PodSecurityLevel,
  ResourceQuota,
  Role,
  RoleBinding,
  Secret,
  SecretRef,
  ServiceAccount,
  Subject,
} from './config';
export type {
  AddFileOptions,
  ClaimLimits,
  ClusterRoleBindingProps,
  ComputeAmounts,
  ConfigMapProps,
  ContainerLimits,
  IRoleRef,
  ISecret,
  IServiceAccount,
  LimitRangeProps,
  NamespaceProps,
  PodSecurityProps,
  RbacResource,
  RbacSubject,
  ResourceQuotaProps,
  RoleBindingProps,
  RoleProps,
  SecretKeySelector,
  SecretProps,
  SecretRefOptions,
  ServiceAccountProps,
} from './config';

// Availability: autoscaling and disruption budgets.
export { AutoscalingMetric, HorizontalPodAutoscaler, PodDisruptionBudget } from './availability';
export type {
  AutoscaleOptions,
  DescribedObject,
  DisruptionBudgetOptions,
  HorizontalPodAutoscalerProps,
  IScalable,
  MetricQuantity,
  MetricTargetOptions,
  ObjectMetricOptions,
  PodDisruptionBudgetProps,
  PodsMetricOptions,
  ScaleTargetRef,
  ScalingPolicy,
  ScalingRules,
} from './availability';

// Custom resources and ordering.
export { CustomResourceDefinitions, dependsOn, Include } from './custom';
export type { CustomResourceDefinitionsProps, IncludeProps } from './custom';

// Helm charts: declared values, conditionals, hooks and chart settings.
export {
  BooleanValue,
  ChartValue,
  ChartValues,
  Conditional,
  HelmChart,
  HelmHook,
  HelmTest,
  VendoredChart,
  VendoredChartObject,
} from './chart';
export type {
  BooleanValueOptions,
  HelmChartOptions,
  HelmTestProps,
  HookDeletePolicy,
  HookEvent,
  HookOptions,
  NumberValueOptions,
  StringValueOptions,
  StructuredValueOptions,
  ValueConstraints,
  ValueOptions,
  ValueType,
  VendoredChartProps,
} from './chart';
