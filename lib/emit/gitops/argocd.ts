import { ManifestRecord } from '../../model/manifest';
import { pushTo } from '../../model/push-to';
import { toYaml } from '../../yaml/yaml';

/**
 * Writes the GitOps objects (render/gitops-records, validated with the rest): each at its file,
 * `argocd/<env>/...` or `flux/<env>/...`, and a `kustomization.yaml` in each environment's
 * folder listing its objects.
 */
export function emitArgoCd(records: readonly ManifestRecord[]): Map<string, string> {
  const files = new Map<string, string>();
  const byFolder = new Map<string, string[]>();
  for (const r of records) {
    const file = r.file as string;
    files.set(file, toYaml(r.object));
    const [engine, env, name] = file.split('/');
    pushTo(byFolder, `${engine}/${env}`, name);
  }
  for (const [folder, list] of byFolder) {
    files.set(
      `${folder}/kustomization.yaml`,
      toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: list,
      }),
    );
  }
  return files;
}
