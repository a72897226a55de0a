/** Locates the berth package root (the directory whose package.json is named `berth`). */
import { existsSync, readFileSync } from 'fs';
import { DEFAULT_K8S_VERSION, KubernetesVersion } from '../model/kubernetes-version';
import { dirname, join } from 'path';

export function findPackageRoot(start: string = __dirname): string | undefined {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'berth-k8s') {
          return dir;
        }
      } catch {
        // not a readable package.json: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The Kubernetes definitions shipped with berth for `version` (`schemas/k8s/v1.33.0/_definitions.json`;
 * the other versions as `_definitions.json.gz`).
 */
export function defaultK8sSchemaFile(version: KubernetesVersion = DEFAULT_K8S_VERSION): string | undefined {
  const root = findPackageRoot();
  if (root === undefined) return undefined;
  const plain = join(root, 'schemas', 'k8s', `v${version}.0`, '_definitions.json');
  return existsSync(plain) ? plain : `${plain}.gz`;
}
