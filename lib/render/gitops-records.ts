/**
 * The GitOps objects of an output, rendered with the rest so that validation checks them with
 * every other object before any file is written: one Argo CD Application per app and
 * environment, at `argocd/<env>/<app>.yaml`.
 */
import { Application as ArgoApplication } from '../imports/argoproj.io';
import { resolveValue } from '../core/resolve';
import type { GitOpsSettings } from '../model/gitops-settings';
import { KubeObject, ManifestRecord } from '../model/manifest';
import { AppManifests } from './collect';

/** Where the synthesized output lives in Git, for Argo CD to sync from. */
export type GitOpsOptions = GitOpsSettings;

/**
 * The sync wave of an app: apps that own CustomResourceDefinitions sync first (wave 0), so
 * the custom resources of every other app (wave 1) find their kinds. Inside an app, Argo CD
 * applies the kustomization in Berth's apply order.
 */
export function syncWave(app: AppManifests): number {
  return app.records.some((r) => r.object.kind === 'CustomResourceDefinition') ? 0 : 1;
}

/** The Argo CD Application for one app in one environment, as plain data. */
export function argoApplication(app: AppManifests, gitops: GitOpsOptions): Record<string, unknown> {
  const env = app.environment.name;
  const name = `${env}-${app.app.appName}`;
  const base = (gitops.path ?? 'dist').replace(/\/+$/, '');
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
          path: `${base}/${env}/${app.app.appName}`,
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: app.app.namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['ServerSideApply=true'],
        },
      },
    }),
  ) as Record<string, unknown>;
}

/** The Applications of `apps`, in sync-wave order then by app name, each with its file. */
export function gitopsRecords(apps: readonly AppManifests[], gitops: GitOpsSettings): ManifestRecord[] {
  const sorted = [...apps].sort(
    (a, b) => syncWave(a) - syncWave(b) || (a.app.appName < b.app.appName ? -1 : a.app.appName > b.app.appName ? 1 : 0),
  );
  return sorted.map((app) => ({
    environment: 'argocd',
    app: app.app.appName,
    constructPath: '',
    file: `argocd/${app.environment.name}/${app.app.appName}.yaml`,
    object: argoApplication(app, gitops) as unknown as KubeObject,
    waivers: [],
    dependsOn: [],
  }));
}
