import { applyOrder } from './apply-order';
import { AppManifests } from './collect';
import { objectFileNames } from './file-names';
import { kustomization } from './kustomization';
import { toYaml } from './yaml';

/** Receives each file as it is produced: relative path and content. */
export type FileSink = (rel: string, content: string) => void;

/**
 * Writes plain Kubernetes YAML: `<env>/<app>/<kind>-<name>.yaml`, one object per file, and a
 * `kustomization.yaml` listing them in apply order. Returns relative path → content; each file
 * is also passed to `sink` as soon as it is rendered (to write while the next is rendered).
 */
export function emitPlain(apps: readonly AppManifests[], sink?: FileSink): Map<string, string> {
  const files = new Map<string, string>();
  const put = (rel: string, content: string): void => {
    files.set(rel, content);
    sink?.(rel, content);
  };
  for (const { environment, app, records } of apps) {
    const ordered = applyOrder(records);
    const names = objectFileNames(ordered.map((r) => r.object));
    const dir = `${environment.name}/${app.appName}`;
    ordered.forEach((r, i) => put(`${dir}/${names[i]}`, toYaml(r.object)));
    put(`${dir}/kustomization.yaml`, toYaml(kustomization(names)));
  }
  return files;
}
