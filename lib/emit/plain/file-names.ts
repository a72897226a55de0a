import { KubeObject } from '../../model/manifest';

/**
 * The file name of an object inside `dist/<env>/<app>/`: `<kind>-<name>.yaml`, lower case,
 * with the namespace added only when two objects would otherwise share a file.
 */
export function objectFileName(o: KubeObject, withNamespace = false): string {
  const kind = o.kind.toLowerCase();
  const name = String(o.metadata.name ?? 'unnamed');
  const ns = withNamespace && o.metadata.namespace ? `${o.metadata.namespace}-` : '';
  return `${kind}-${ns}${name}.yaml`.replace(/[^a-zA-Z0-9._-]/g, '_');
}

/** File names for `objects`, unique, in the same order. */
export function objectFileNames(objects: readonly KubeObject[]): string[] {
  const plain = objects.map((o) => objectFileName(o));
  const count = new Map<string, number>();
  for (const f of plain) count.set(f, (count.get(f) ?? 0) + 1);
  const names = plain.map((f, i) => (count.get(f)! > 1 ? objectFileName(objects[i], true) : f));
  const seen = new Map<string, number>();
  return names.map((f) => {
    const n = seen.get(f) ?? 0;
    seen.set(f, n + 1);
    return n === 0 ? f : f.replace(/\.yaml$/, `-${n + 1}.yaml`);
  });
}
