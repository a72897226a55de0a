import { AppManifests } from './collect';

/**
 * The sync wave of an app: apps that own CustomResourceDefinitions sync first (wave 0), so
 * the custom resources of every other app (wave 1) find their kinds. Inside an app, Argo CD
 * applies the kustomization in Berth's apply order; Flux orders apps by `dependsOn` likewise.
 */
export function syncWave(app: AppManifests): number {
  return app.records.some((r) => r.object.kind === 'CustomResourceDefinition') ? 0 : 1;
}

/** `apps` in sync-wave order, then by app name (stable: environments keep their order). */
export function inWaveOrder(apps: readonly AppManifests[]): AppManifests[] {
  return [...apps].sort(
    (a, b) => syncWave(a) - syncWave(b) || (a.app.appName < b.app.appName ? -1 : a.app.appName > b.app.appName ? 1 : 0),
  );
}
