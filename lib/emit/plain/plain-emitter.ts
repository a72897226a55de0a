import { applyOrder } from '../../render/apply-order';
import { AppManifests } from '../../render/collect';
import { objectFileNames } from './file-names';
import { kustomization, KUBERNETES_VERSION_ANNOTATION } from './kustomization';
import { DEFAULT_K8S_VERSION } from '../../model/kubernetes-version';
import { toYaml } from '../../yaml/yaml';
import { pushTo } from '../../model/push-to';

/** Receives each file as it is produced: relative path and content. */
export type FileSink = (rel: string, content: string) => void;

/**
 * Renders plain Kubernetes YAML: `<env>/<app>/<kind>-<name>.yaml`, one object per file, and a
 * `kustomization.yaml` listing them in apply order; `<env>/kustomization.yaml` lists the apps.
 * Each file goes to `sink` as soon as it is rendered (to write it while the next is rendered,
 * and to keep none in memory).
 */
export function emitPlainTo(apps: readonly AppManifests[], sink: FileSink): void {
  const appsOfEnvironment = new Map<string, string[]>();
  const versionOf = new Map<string, string>();
  for (const { environment, app, records } of apps) {
    versionOf.set(environment.name, environment.kubernetesVersion);
    const ordered = applyOrder(records);
    const names = objectFileNames(ordered.map((r) => r.object));
    const dir = `${environment.name}/${app.appName}`;
    ordered.forEach((r, i) => sink(`${dir}/${names[i]}`, toYaml(r.object)));
    sink(`${dir}/kustomization.yaml`, toYaml(kustomization(names)));
    pushTo(appsOfEnvironment, environment.name, app.appName);
  }
  // `kubectl apply -k dist/<env>` applies the whole environment: its apps' folders.
  for (const [environment, appNames] of appsOfEnvironment) {
    const version = versionOf.get(environment);
    const annotations =
      version !== undefined && version !== DEFAULT_K8S_VERSION
        ? { [KUBERNETES_VERSION_ANNOTATION]: version }
        : undefined;
    sink(`${environment}/kustomization.yaml`, toYaml(kustomization(appNames, annotations)));
  }
}

/** {@link emitPlainTo} into a map: relative path → content. */
export function emitPlain(apps: readonly AppManifests[]): Map<string, string> {
  const files = new Map<string, string>();
  emitPlainTo(apps, (rel, content) => files.set(rel, content));
  return files;
}
