/**
 * The Argo CD objects of an environment that declares its clusters: an AppProject restricting
 * the environment to its clusters, namespaces and cluster-scoped kinds, then either one
 * Application per app and cluster or one ApplicationSet stamping the apps out per cluster
 * (`gitops.applicationSets`). The ApplicationSet keeps the sync waves as a RollingSync
 * strategy: the apps of each wave, on every cluster, sync before those of the next.
 */
import { AppProject, Application as ArgoApplication, ApplicationSet } from '../imports/argoproj.io';
import { Cluster } from '../core/cluster';
import { Environment } from '../core/environment';
import { resolveValue } from '../core/resolve';
import type { GitOpsSettings } from '../model/gitops-settings';
import { AppManifests } from './collect';
import { syncWave } from './sync-wave';

/** One GitOps object of the output, at its file below `argocd/`. */
export interface GitOpsObject {
  readonly file: string;
  readonly app: string;
  readonly object: Record<string, unknown>;
}

/** The sync policy of every Application: pruned, healed, applied server-side. */
export function syncPolicy(): { automated: { prune: boolean; selfHeal: boolean }; syncOptions: string[] } {
  return { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] };
}

/** The labels of every GitOps object of `env` (and `app`). */
export function gitopsLabels(env: string, app?: string): Record<string, string> {
  return {
    ...(app ? { 'app.kubernetes.io/part-of': app } : {}),
    'app.kubernetes.io/managed-by': 'berth',
    'berth.dev/environment': env,
  };
}

/** The path of an app's folder in Git. */
export function appPath(gitops: GitOpsSettings, env: string, app: string): string {
  return `${(gitops.path ?? 'dist').replace(/\/+$/, '')}/${env}/${app}`;
}

/** The Argo CD destination of `cluster`: its server, or its name in Argo CD. */
function destination(cluster: Cluster, namespace: string): Record<string, string> {
  return cluster.destination.name !== undefined
    ? { name: cluster.destination.name, namespace }
    : { server: cluster.destination.server!, namespace };
}

/** `group/kind` of the cluster-scoped objects `apps` write, sorted. */
function clusterScopedKinds(apps: readonly AppManifests[]): { group: string; kind: string }[] {
  const seen = new Map<string, { group: string; kind: string }>();
  for (const a of apps) {
    for (const r of a.records) {
      if (r.object.metadata.namespace) continue;
      const v = r.object.apiVersion;
      const group = v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
      seen.set(`${group}/${r.object.kind}`, { group, kind: r.object.kind });
    }
  }
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}

/** The object of an environment (not of one app) at `argocd/<env>/<file>.yaml`, as plain data. */
function envObject(env: Environment, file: string, object: unknown): GitOpsObject {
  return { file: `argocd/${env.name}/${file}.yaml`, app: '', object: resolveValue(object) as Record<string, unknown> };
}

/** The metadata of an environment's AppProject and ApplicationSet: both are named after it. */
function envMetadata(
  env: Environment,
  gitops: GitOpsSettings,
): { name: string; namespace: string; labels: Record<string, string> } {
  return { name: env.name, namespace: gitops.argocdNamespace ?? 'argocd', labels: gitopsLabels(env.name) };
}

/** The AppProject of `env`: its repository, clusters × namespaces, and cluster-scoped kinds. */
function appProject(env: Environment, apps: readonly AppManifests[], gitops: GitOpsSettings): GitOpsObject {
  // The apps' namespaces, and any other an object of theirs names: Argo CD refuses the rest.
  const namespaces = [
    ...new Set(apps.flatMap((a) => [a.app.namespace!, ...a.records.flatMap((r) => r.object.metadata.namespace ?? [])])),
  ].sort();
  return envObject(
    env,
    'project',
    AppProject.manifest({
      metadata: envMetadata(env, gitops),
      spec: {
        description: `Berth environment ${env.name}`,
        sourceRepos: [gitops.repoURL],
        destinations: env.clusters.flatMap((c) => namespaces.map((ns) => destination(c, ns))),
        clusterResourceWhitelist: clusterScopedKinds(apps),
      },
    }),
  );
}

/** One Application per app and cluster, named `<env>-<app>-<cluster>`. */
function applications(env: Environment, apps: readonly AppManifests[], gitops: GitOpsSettings): GitOpsObject[] {
  return apps.flatMap((a) =>
    env.clusters.map((cluster) => ({
      file: `argocd/${env.name}/${a.app.appName}-${cluster.name}.yaml`,
      app: a.app.appName,
      object: resolveValue(
        ArgoApplication.manifest({
          metadata: {
            name: `${env.name}-${a.app.appName}-${cluster.name}`,
            namespace: gitops.argocdNamespace ?? 'argocd',
            labels: { ...gitopsLabels(env.name, a.app.appName), 'berth.dev/cluster': cluster.name },
            annotations: { 'argocd.argoproj.io/sync-wave': String(syncWave(a)) },
          },
          spec: {
            project: env.name,
            source: {
              repoURL: gitops.repoURL,
              targetRevision: gitops.targetRevision ?? 'HEAD',
              path: appPath(gitops, env.name, a.app.appName),
            },
            destination: destination(cluster, a.app.namespace!),
            syncPolicy: syncPolicy(),
          },
        }),
      ) as Record<string, unknown>,
    })),
  );
}

/**
 * One ApplicationSet for the environment: a list generator with an element per app and
 * cluster, and a RollingSync step per sync wave. The clusters of one ApplicationSet are all
 * named by server or all by name (checked before rendering), so the template names one field.
 */
function applicationSet(env: Environment, apps: readonly AppManifests[], gitops: GitOpsSettings): GitOpsObject {
  const byName = env.clusters[0].destination.name !== undefined;
  const elements = apps.flatMap((a) =>
    env.clusters.map((c) => ({
      app: a.app.appName,
      cluster: c.name,
      destination: (byName ? c.destination.name : c.destination.server)!,
      namespace: a.app.namespace!,
      path: appPath(gitops, env.name, a.app.appName),
      wave: String(syncWave(a)),
    })),
  );
  const waves = [...new Set(elements.map((e) => e.wave))];
  return envObject(
    env,
    'applicationset',
    ApplicationSet.manifest({
      metadata: envMetadata(env, gitops),
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements } }],
        strategy: {
          type: 'RollingSync',
          rollingSync: {
            steps: waves.map((w) => ({
              matchExpressions: [{ key: 'berth.dev/sync-wave', operator: 'In', values: [w] }],
            })),
          },
        },
        template: {
          metadata: {
            name: `${env.name}-{{.app}}-{{.cluster}}`,
            labels: {
              ...gitopsLabels(env.name),
              'app.kubernetes.io/part-of': '{{.app}}',
              'berth.dev/cluster': '{{.cluster}}',
              'berth.dev/sync-wave': '{{.wave}}',
            },
            annotations: { 'argocd.argoproj.io/sync-wave': '{{.wave}}' },
          },
          spec: {
            project: env.name,
            source: { repoURL: gitops.repoURL, targetRevision: gitops.targetRevision ?? 'HEAD', path: '{{.path}}' },
            destination: byName
              ? { name: '{{.destination}}', namespace: '{{.namespace}}' }
              : { server: '{{.destination}}', namespace: '{{.namespace}}' },
            // RollingSync syncs the apps itself: an automated policy would sync them all at once.
            syncPolicy: { syncOptions: syncPolicy().syncOptions },
          },
        },
      },
    }),
  );
}

/** The Argo CD objects of `env` (which declares clusters), its `apps` in sync-wave order. */
export function argoCdClusterObjects(
  env: Environment,
  apps: readonly AppManifests[],
  gitops: GitOpsSettings,
): GitOpsObject[] {
  const fanOut = (gitops.applicationSets ?? []).includes(env.name)
    ? [applicationSet(env, apps, gitops)]
    : applications(env, apps, gitops);
  return [appProject(env, apps, gitops), ...fanOut];
}
