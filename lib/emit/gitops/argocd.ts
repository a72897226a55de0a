import { ManifestRecord } from '../../model/manifest';
import { pushTo } from '../../model/push-to';
import { toYaml } from '../../yaml/yaml';

/**
 * Writes the GitOps objects (render/gitops-records, validated with the rest): each at its file,
 * `argocd/<env>/<app>.yaml`, and `argocd/<env>/kustomization.yaml` listing an environment's.
 */
export function emitArgoCd(records: readonly ManifestRecord[]): Map<string, string> {
  const files = new Map<string, string>();
  const byEnv = new Map<string, string[]>();
  for (const r of records) {
    const file = r.file as string;
    files.set(file, toYaml(r.object));
    const [, env, name] = file.split('/');
    pushTo(byEnv, env, name);
  }
  for (const [env, list] of byEnv) {
    files.set(
      `argocd/${env}/kustomization.yaml`,
      toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: list,
      }),
    );
  }
  return files;
}
