import * as fs from 'fs';
import * as path from 'path';
import { isKubernetesVersion, KubernetesVersion } from '../model/kubernetes-version';
import { yamlLibrary } from '../yaml/yaml-library';

/** The annotation of an environment's `kustomization.yaml` naming its Kubernetes version. */
export const KUBERNETES_VERSION_ANNOTATION = 'berth.dev/kubernetes-version';

/**
 * The Kubernetes version each environment folder among `folders` was synthesized for, as its
 * `kustomization.yaml` records it (synth writes the annotation when an environment targets
 * another version than the default); folders without one are left out.
 */
export function environmentVersions(folders: Iterable<string>): Map<string, KubernetesVersion> {
  const out = new Map<string, KubernetesVersion>();
  for (const folder of new Set(folders)) {
    if (folder === '') continue;
    let text: string;
    try {
      text = fs.readFileSync(path.join(folder, 'kustomization.yaml'), 'utf8');
    } catch {
      continue;
    }
    let doc: unknown;
    try {
      doc = yamlLibrary().parse(text);
    } catch {
      continue;
    }
    const annotations = (doc as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata?.annotations;
    const version = annotations?.[KUBERNETES_VERSION_ANNOTATION];
    if (isKubernetesVersion(version)) out.set(folder, version);
  }
  return out;
}
