/**
 * The Kubernetes minor versions Berth ships the OpenAPI definitions of (`schemas/k8s/`), oldest
 * first: each environment is validated against the one it targets.
 */
export const K8S_VERSIONS = ['1.32', '1.33', '1.34', '1.35', '1.36'] as const;

/** A Kubernetes minor version Berth can validate against. */
export type KubernetesVersion = (typeof K8S_VERSIONS)[number];

/** The version an environment that names none is validated against. */
export const DEFAULT_K8S_VERSION: KubernetesVersion = '1.33';

/** Whether `v` names a shipped version (`1.34`). */
export function isKubernetesVersion(v: unknown): v is KubernetesVersion {
  return typeof v === 'string' && (K8S_VERSIONS as readonly string[]).includes(v);
}
