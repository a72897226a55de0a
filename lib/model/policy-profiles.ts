import { Severity } from './problem';

/** Which built-in policy profile applies. */
export type PolicyProfile = 'restricted' | 'baseline' | 'none';

/** The policy profiles, for argument parsing. */
export const POLICY_PROFILES: readonly PolicyProfile[] = ['restricted', 'baseline', 'none'];

/** Every policy rule, with the severity it has in each profile. */
export const POLICY_RULES: Readonly<
  Record<
    string,
    { readonly restricted: Severity | 'off'; readonly baseline: Severity | 'off'; readonly summary: string }
  >
> = {
  // Pod Security Standards, baseline controls.
  'policy/privileged': { restricted: 'error', baseline: 'error', summary: 'no privileged containers' },
  'policy/host-namespaces': { restricted: 'error', baseline: 'error', summary: 'no hostNetwork, hostPID or hostIPC' },
  'policy/host-path': { restricted: 'error', baseline: 'error', summary: 'no hostPath volumes' },
  'policy/host-ports': { restricted: 'error', baseline: 'error', summary: 'no hostPort' },
  'policy/host-process': { restricted: 'error', baseline: 'error', summary: 'no Windows HostProcess containers' },
  'policy/capabilities': {
    restricted: 'error',
    baseline: 'error',
    summary: 'restricted: drop ALL, add only NET_BIND_SERVICE; baseline: add only the default set',
  },
  'policy/seccomp-profile': {
    restricted: 'error',
    baseline: 'error',
    summary: 'restricted: RuntimeDefault or Localhost set; baseline: not Unconfined',
  },
  'policy/apparmor-profile': { restricted: 'error', baseline: 'error', summary: 'AppArmor not Unconfined' },
  'policy/selinux-options': {
    restricted: 'error',
    baseline: 'error',
    summary: 'SELinux type limited to container types; no user or role',
  },
  'policy/proc-mount': { restricted: 'error', baseline: 'error', summary: 'procMount Default' },
  'policy/sysctls': { restricted: 'error', baseline: 'error', summary: 'only safe sysctls' },
  // Pod Security Standards, restricted controls.
  'policy/volume-types': {
    restricted: 'error',
    baseline: 'off',
    summary: 'only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret volumes',
  },
  'policy/allow-privilege-escalation': {
    restricted: 'error',
    baseline: 'off',
    summary: 'allowPrivilegeEscalation: false',
  },
  'policy/run-as-non-root': { restricted: 'error', baseline: 'off', summary: 'runAsNonRoot: true' },
  'policy/run-as-user': { restricted: 'error', baseline: 'off', summary: 'runAsUser not 0' },
  // Reliability and hygiene.
  'policy/resource-requests': { restricted: 'error', baseline: 'warning', summary: 'CPU and memory requests' },
  'policy/resource-limits': { restricted: 'error', baseline: 'warning', summary: 'CPU and memory limits' },
  'policy/readiness-probe': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'a readiness probe on containers behind a Service',
  },
  'policy/image-tag': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'images pinned to a tag other than latest, or a digest',
  },
  'policy/read-only-root-filesystem': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'readOnlyRootFilesystem: true',
  },
  'policy/default-deny-network-policy': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'a default-deny NetworkPolicy in every namespace with workloads',
  },
  'policy/secret-in-configmap': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'no secret-looking values in ConfigMaps',
  },
  'policy/secret-in-env': { restricted: 'error', baseline: 'warning', summary: 'no secret-looking literal env values' },
  'policy/duplicate-env': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'no env var name set twice in one container',
  },
  'policy/liveness-probe': {
    restricted: 'warning',
    baseline: 'off',
    summary: 'a liveness probe on the containers of long-running workloads',
  },
  'policy/probe-port': {
    restricted: 'warning',
    baseline: 'off',
    summary: 'a numeric probe port is one the container declares',
  },
  'policy/probe-port-protocol': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'no httpGet, tcpSocket or grpc probe on a UDP or SCTP port',
  },
  // High availability: advisory, as one replica is often meant (a dev environment, a singleton).
  'policy/min-replicas': {
    restricted: 'warning',
    baseline: 'off',
    summary: 'at least 2 replicas (Deployments, StatefulSets) or HPA minReplicas',
  },
  'policy/pod-anti-affinity': {
    restricted: 'warning',
    baseline: 'off',
    summary: 'pod anti-affinity or a topology spread over its own pods for a workload of 2+ replicas',
  },
  'policy/pdb-missing': {
    restricted: 'warning',
    baseline: 'off',
    summary: 'a PodDisruptionBudget selecting every workload of 2+ replicas',
  },
  'policy/pdb-no-disruption': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'a PodDisruptionBudget lets at least one pod be evicted',
  },
  // Objects that name others.
  'policy/network-policy-selector': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'a NetworkPolicy podSelector selects some pod of the environment',
  },
  'policy/statefulset-service': {
    restricted: 'error',
    baseline: 'warning',
    summary: "a StatefulSet's serviceName is a headless Service selecting its pods",
  },
  'policy/ingress-backend': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'an Ingress backend names an existing Service and one of its ports',
  },
  // RBAC.
  'policy/rbac-wildcard': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'no "*" in the verbs or resources of a Role or ClusterRole',
  },
  'policy/rbac-cluster-admin': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'no binding to the ClusterRole cluster-admin',
  },
  'policy/rbac-escalation': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'no escalate, bind or impersonate verbs',
  },
  'policy/rbac-pod-exec': {
    restricted: 'error',
    baseline: 'warning',
    summary: 'no access to pods/exec or pods/attach',
  },
  'policy/rbac-secrets': {
    restricted: 'warning',
    baseline: 'off',
    summary: 'no cluster-wide read of Secrets (a ClusterRole bound by a ClusterRoleBinding)',
  },
  'policy/rbac-create-pods': {
    restricted: 'warning',
    baseline: 'off',
    summary: 'no create on pods',
  },
};

/** The severity of `rule` under `profile` (`off` when the profile does not include it). */
export function policySeverity(profile: PolicyProfile, rule: string): Severity | 'off' {
  if (profile === 'none') return 'off';
  return POLICY_RULES[rule]?.[profile] ?? 'error';
}
