import { KubeObject } from '../model/manifest';
import { setOwn } from '../model/set-own';

/** The annotations that declare, on a consumer, the objects it uses from outside the app. */
const ANNOTATION: Readonly<Record<string, string>> = {
  Secret: 'berth.dev/external-secrets',
  ConfigMap: 'berth.dev/external-configmaps',
  PersistentVolumeClaim: 'berth.dev/external-pvcs',
};

/** Which kind a `parentKey.key` reference names (`secretKeyRef.name` → Secret, ...). */
function referencedKind(parentKey: string, key: string): string | undefined {
  if (key === 'name' && (parentKey === 'secretKeyRef' || parentKey === 'secretRef')) return 'Secret';
  if (parentKey === 'secret' && (key === 'secretName' || key === 'name')) return 'Secret';
  if (key === 'name' && (parentKey === 'configMapKeyRef' || parentKey === 'configMapRef' || parentKey === 'configMap'))
    return 'ConfigMap';
  if (parentKey === 'persistentVolumeClaim' && key === 'claimName') return 'PersistentVolumeClaim';
  if (key === 'persistentVolumeClaimName') return 'PersistentVolumeClaim';
  return undefined;
}

function references(value: unknown, parentKey: string, out: Map<string, Set<string>>): void {
  if (Array.isArray(value)) {
    for (const v of value) references(v, parentKey, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    const kind = typeof v === 'string' ? referencedKind(parentKey, key) : undefined;
    if (kind) {
      const set = out.get(kind) ?? new Set<string>();
      set.add(v as string);
      out.set(kind, set);
    } else {
      references(v, key === 'imagePullSecrets' ? 'secretRef' : key, out);
    }
  }
}

/**
 * Writes, on an object that refers to Secrets, ConfigMaps or claims declared external
 * (`SecretRef.fromName`, `PersistentVolumeClaim.fromClaimName`), the annotation that says so
 * (`berth.dev/external-secrets: a,b`), so the output documents what it expects to find in the
 * cluster and `berth validate` of the written YAML agrees with synth. Returns `object` itself
 * when it refers to nothing external.
 *
 * @param external declarations as `Kind/namespace/name`
 */
export function annotateExternalReferences(object: KubeObject, external: ReadonlySet<string>): KubeObject {
  if (external.size === 0) return object;
  const found = new Map<string, Set<string>>();
  references({ ...object, metadata: undefined }, '', found);
  const ns = object.metadata.namespace ?? '';
  const annotations: Record<string, string> = {};
  for (const [kind, names] of found) {
    const declared = [...names]
      .filter((n) => external.has(`${kind}/${ns}/${n}`) || external.has(`${kind}/${n}`))
      .sort();
    if (declared.length > 0) annotations[ANNOTATION[kind]] = declared.join(',');
  }
  if (Object.keys(annotations).length === 0) return object;
  const existing = (object.metadata.annotations ?? {}) as Record<string, string>;
  const merged: Record<string, string> = { ...existing };
  for (const [k, v] of Object.entries(annotations)) {
    merged[k] = existing[k] ? [...new Set([...existing[k].split(','), ...v.split(',')])].sort().join(',') : v;
  }
  const sorted: Record<string, string> = {};
  // setOwn: the user's annotations may hold a key `__proto__` (invalid, and reported as such).
  for (const k of Object.keys(merged).sort()) setOwn(sorted, k, merged[k]);
  return { ...object, metadata: { ...object.metadata, annotations: sorted } };
}
