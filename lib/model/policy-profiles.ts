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
};

/** The severity of `rule` under `profile` (`off` when the profile does not include it). */
export function policySeverity(profile: PolicyProfile, rule: string): Severity | 'off' {
  if (profile === 'none') return 'off';
  return POLICY_RULES[rule]?.[profile] ?? 'error';
}
