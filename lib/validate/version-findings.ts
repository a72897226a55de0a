/**
 * What a schema finding means across Kubernetes versions: an object checked against an older
 * version than Berth ships may use a field or kind a newer version has (`resizePolicy` before
 * 1.33, `resource.k8s.io/v1` before 1.34). Such findings name the first version that accepts
 * the object there, so the fix is clear: target that version, or do without the field.
 */
import { Finding } from './finding';
import { K8S_VERSIONS, KubernetesVersion } from './k8s-definitions';

/** Checks an object against the schemas of one version (a SchemaChecker's `check`). */
export type VersionCheck = (version: KubernetesVersion, object: unknown) => readonly Finding[];

function sameFinding(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.field === b.field;
}

/**
 * `findings` (of `object` checked against `version`), each that a newer shipped version does not
 * report naming the first such version. The newer versions are checked only for objects with
 * findings, so a valid object costs nothing.
 */
export function explainAcrossVersions(
  object: unknown,
  findings: readonly Finding[],
  version: KubernetesVersion,
  check: VersionCheck,
): Finding[] {
  if (findings.length === 0) return [];
  const newer = K8S_VERSIONS.slice(K8S_VERSIONS.indexOf(version) + 1);
  const out = [...findings];
  const open = new Set(out.keys());
  for (const v of newer) {
    if (open.size === 0) break;
    const there = check(v, object);
    for (const i of [...open]) {
      const f = out[i];
      if (there.some((t) => sameFinding(t, f))) continue;
      open.delete(i);
      out[i] = {
        ...f,
        message: `${f.message} (Kubernetes ${version}, the version validated against, lacks it; ${v} and later accept it)`,
        hint: `Target Kubernetes ${v} or later if the clusters run it (the Environment's kubernetesVersion; berth validate --kubernetes-version), else do without it. ${f.hint}`,
      };
    }
  }
  return out;
}
