/**
 * The GitOps objects of an output, rendered with the rest so that validation checks them with
 * every other object before any file is written. Argo CD: for an environment without declared
 * clusters, one Application per app at `argocd/<env>/<app>.yaml` (the cluster Argo CD runs
 * in); for one with clusters, see argocd-clusters. Flux: see flux-records.
 */
import { Application as ArgoApplication } from '../imports/argoproj.io';
import { Environment } from '../core/environment';
import { resolveValue } from '../core/resolve';
import type { GitOpsSettings } from '../model/gitops-settings';
import { KubeObject, ManifestRecord } from '../model/manifest';
import { pushTo } from '../model/push-to';
import { argoCdClusterObjects, appPath, GitOpsObject, syncPolicy } from './argocd-clusters';
import { AppManifests } from './collect';
import { fluxObjects } from './flux-records';
import { inWaveOrder, syncWave } from './sync-wave';

export { syncWave } from './sync-wave';

/** Where the synthesized output lives in Git, for Argo CD to sync from. */
export type GitOpsOptions = GitOpsSettings;

/** The Argo CD Application for one app in one environment without declared clusters, as plain data. */
export function argoApplication(app: AppManifests, gitops: GitOpsOptions): Record<string, unknown> {
  const env = app.environment.name;
  const name = `${env}-${app.app.appName}`;
  return resolveValue(
    ArgoApplication.manifest({
      metadata: {
        name,
        namespace: gitops.argocdNamespace ?? 'argocd',
        labels: {
          'app.kubernetes.io/part-of': app.app.appName,
          'app.kubernetes.io/managed-by': 'berth',
          'berth.dev/environment': env,
        },
        annotations: { 'argocd.argoproj.io/sync-wave': String(syncWave(app)) },
      },
      spec: {
        project: gitops.project ?? 'default',
        source: {
          repoURL: gitops.repoURL,
          targetRevision: gitops.targetRevision ?? 'HEAD',
          path: appPath(gitops, env, app.app.appName),
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: app.app.namespace },
        syncPolicy: syncPolicy(),
      },
    }),
  ) as Record<string, unknown>;
}

/** The GitOps objects of `apps`, per environment, each with its file. */
export function gitopsRecords(apps: readonly AppManifests[], gitops: GitOpsSettings): ManifestRecord[] {
  const byEnv = new Map<Environment, AppManifests[]>();
  for (const a of inWaveOrder(apps)) pushTo(byEnv, a.environment, a);
  const objects: GitOpsObject[] = [];
  for (const [env, envApps] of byEnv) {
    if (gitops.engine === 'flux') objects.push(...fluxObjects(env, envApps, gitops));
    else if (env.clusters.length > 0) objects.push(...argoCdClusterObjects(env, envApps, gitops));
    else
      for (const a of envApps)
        objects.push({
          file: `argocd/${env.name}/${a.app.appName}.yaml`,
          app: a.app.appName,
          object: argoApplication(a, gitops),
        });
  }
  return objects.map((o) => ({
    environment: gitops.engine === 'flux' ? 'flux' : 'argocd',
    app: o.app,
    constructPath: '',
    file: o.file,
    object: o.object as unknown as KubeObject,
    waivers: [],
    dependsOn: [],
  }));
}
