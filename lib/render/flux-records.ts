/**
 * The Flux objects of an environment (`gitops.engine: flux`), at `flux/<env>/`: a GitRepository
 * source, and a Kustomization per app and cluster pointing at `dist/<env>/<app>`, pruning,
 * in the app's namespace, through the cluster's kubeconfig Secret when it is remote. An app
 * that owns no CRD `dependsOn` the apps of its environment and cluster that do: Flux's form of
 * Argo CD's sync waves.
 */
import { Kustomization } from '../imports/kustomize.toolkit.fluxcd.io';
import { GitRepository } from '../imports/source.toolkit.fluxcd.io';
import { Cluster } from '../core/cluster';
import { Environment } from '../core/environment';
import { resolveValue } from '../core/resolve';
import type { GitOpsSettings } from '../model/gitops-settings';
import { appPath, GitOpsObject, gitopsLabels as labels } from './argocd-clusters';
import { AppManifests } from './collect';
import { syncWave } from './sync-wave';

/** The `ref` of the GitRepository: a commit when the revision is one, else a branch; none for HEAD. */
function gitRef(revision: string | undefined): Record<string, string> | undefined {
  if (revision === undefined || revision === 'HEAD') return undefined;
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}

/** The Flux objects of `env`, its `apps` in sync-wave order. */
export function fluxObjects(env: Environment, apps: readonly AppManifests[], gitops: GitOpsSettings): GitOpsObject[] {
  const namespace = gitops.fluxNamespace ?? 'flux-system';
  const ref = gitRef(gitops.targetRevision);
  const source: GitOpsObject = {
    file: `flux/${env.name}/source.yaml`,
    app: '',
    object: resolveValue(
      GitRepository.manifest({
        metadata: { name: env.name, namespace, labels: labels(env.name) },
        spec: { interval: '1m', url: gitops.repoURL, ...(ref ? { ref } : {}) },
      }),
    ) as Record<string, unknown>,
  };
  // No declared cluster: the cluster Flux runs in, and names without a cluster suffix.
  const clusters: readonly (Cluster | undefined)[] = env.clusters.length > 0 ? env.clusters : [undefined];
  const nameOf = (app: AppManifests, cluster: Cluster | undefined): string =>
    cluster ? `${env.name}-${app.app.appName}-${cluster.name}` : `${env.name}-${app.app.appName}`;
  const first = apps.filter((a) => syncWave(a) === 0);
  const kustomizations = apps.flatMap((a) =>
    clusters.map((cluster) => {
      const dependsOn = syncWave(a) === 0 ? [] : first.map((f) => ({ name: nameOf(f, cluster) }));
      const kubeConfig = cluster?.kubeConfig;
      return {
        file: `flux/${env.name}/${nameOf(a, cluster).slice(env.name.length + 1)}.yaml`,
        app: a.app.appName,
        object: resolveValue(
          Kustomization.manifest({
            metadata: {
              name: nameOf(a, cluster),
              namespace,
              labels: { ...labels(env.name, a.app.appName), ...(cluster ? { 'berth.dev/cluster': cluster.name } : {}) },
            },
            spec: {
              interval: '10m',
              path: `./${appPath(gitops, env.name, a.app.appName)}`,
              prune: true,
              sourceRef: { kind: 'GitRepository', name: env.name },
              targetNamespace: a.app.namespace,
              ...(dependsOn.length > 0 ? { dependsOn } : {}),
              ...(kubeConfig
                ? { kubeConfig: { secretRef: { name: kubeConfig.secretName, key: kubeConfig.key ?? 'value' } } }
                : {}),
            },
          }),
        ) as Record<string, unknown>,
      };
    }),
  );
  return [source, ...kustomizations];
}
