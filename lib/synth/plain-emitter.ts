import { applyOrder } from './apply-order';
import { AppManifests } from './collect';
import { objectFileNames } from './file-names';
import { kustomization } from './kustomization';
import { toYaml } from './yaml';

/**
 * Writes plain Kubernetes YAML: `<env>/<app>/<kind>-<name>.yaml`, one object per file, and a
 * `kustomization.yaml` listing them in apply order. Returns relative path → content.
 */
export function emitPlain(apps: readonly AppManifests[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const { environment, app, records } of apps) {
    const ordered = applyOrder(records);
    const names = objectFileNames(ordered.map((r) => r.object));
    const dir = `${environment.name}/${app.appName}`;
    ordered.forEach((r, i) => files.set(`${dir}/${names[i]}`, toYaml(r.object)));
    files.set(`${dir}/kustomization.yaml`, toYaml(kustomization(names)));
  }
  return files;
}
