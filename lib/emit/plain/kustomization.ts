export { KUBERNETES_VERSION_ANNOTATION } from '../../validate/environment-versions';

/**
 * A `kustomization.yaml`: of an app folder, it lists the object files in apply order, so
 * `kubectl apply -k dist/<env>/<app>` applies the app; of an environment folder, it lists the
 * app folders, so `kubectl apply -k dist/<env>` applies the environment.
 */
export function kustomization(
  fileNames: readonly string[],
  annotations?: Record<string, string>,
): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    ...(annotations ? { metadata: { annotations } } : {}),
    resources: [...fileNames],
  };
}
