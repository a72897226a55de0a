import { KubeObject } from '../model/manifest';

/** The objects of one `kind` (e.g. `Deployment`), in order. */
export function findObjects(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

/**
 * The object of `kind` named `name`; throws, listing the objects of that kind, when there is
 * none or more than one (pass `namespace` to pick among namespaces).
 */
export function findObject(objects: readonly KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const ofKind = findObjects(objects, kind);
  const found = ofKind.filter(
    (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (found.length !== 1) {
    const names = ofKind.map((o) =>
      o.metadata.namespace ? `${o.metadata.namespace}/${String(o.metadata.name)}` : String(o.metadata.name),
    );
    const what = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
    throw new Error(
      `${found.length === 0 ? 'no' : `${found.length} objects match`} ${what}${found.length === 0 ? ' found' : ''}; ${kind} objects: ${names.join(', ') || '(none)'}`,
    );
  }
  return found[0];
}
