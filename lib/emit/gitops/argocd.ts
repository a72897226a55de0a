import { Application as ArgoApplication } from '../../imports/argoproj.io';
import { AppManifests } from '../../render/collect';
import type { SynthContext } from '../../render/synth-context';
import type { GitOpsSettings, SynthOptions } from '../synth-options';
import { toYaml } from '../../yaml/yaml';
import { resolveValue } from '../../core/resolve';
import { KubeObject } from '../../model/manifest';
import { Problem } from '../../model/problem';
import { validateManifests } from '../../validate/validate-manifests';
import { pushTo } from '../../model/push-to';

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

/** Writes `argocd/<env>/<app>.yaml` (one Application each) and `argocd/<env>/kustomization.yaml`. */
export function emitArgoCd(
  _context: SynthContext,
  apps: readonly AppManifests[],
  options: SynthOptions,
): { files: Map<string, string>; problems: Problem[] } {
  const files = new Map<string, string>();
  const gitops = options.gitops;
  if (!gitops) return { files, problems: [] };
  const byEnv = new Map<string, string[]>();
  const records = [];
  const sorted = [...apps].sort(
    (a, b) => syncWave(a) - syncWave(b) || (a.app.appName < b.app.appName ? -1 : a.app.appName > b.app.appName ? 1 : 0),
  );
  for (const app of sorted) {
    const env = app.environment.name;
    const file = `${app.app.appName}.yaml`;
    const object = argoApplication(app, gitops);
    records.push({
      environment: 'argocd',
      app: app.app.appName,
      constructPath: '',
      file: `argocd/${env}/${file}`,
      object: object as unknown as KubeObject,
      waivers: [],
      dependsOn: [],
    });
    files.set(`argocd/${env}/${file}`, toYaml(object));
    pushTo(byEnv, env, file);
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
  // The Applications are checked against the Argo CD CRD's schema like every other object.
  return { files, problems: validateManifests(records, { policy: 'none' }) };
}
