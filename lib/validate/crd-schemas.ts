import { JsonSchema } from '../core/kind-registry';
import { asArray, asObject, asString } from './finding';
import { isRecord } from '../model/is-record';

/** The schema of one custom resource version, taken from a CRD object. */
export interface CrdVersionSchema {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly schema: JsonSchema;
  /** The CRD it came from, for messages. */
  readonly source: string;
}

/** Whether `o` is a CustomResourceDefinition. */
export function isCrd(o: unknown): boolean {
  const obj = asObject(o);
  return (
    obj.kind === 'CustomResourceDefinition' &&
    typeof obj.apiVersion === 'string' &&
    obj.apiVersion.startsWith('apiextensions.k8s.io/')
  );
}

/**
 * Every version schema declared by a CRD object (apiextensions v1 `spec.versions[].schema`, or
 * v1beta1's shared `spec.validation`). A version without a schema accepts anything.
 */
export function crdVersionSchemas(crd: unknown): CrdVersionSchema[] {
  const obj = asObject(crd);
  const spec = asObject(obj.spec);
  const group = asString(spec.group);
  const kind = asString(asObject(spec.names).kind);
  if (!group || !kind) return [];
  const name = asString(asObject(obj.metadata).name) ?? `${kind}.${group}`;
  const shared = asObject(asObject(spec.validation).openAPIV3Schema);
  const versions = asArray(spec.versions).filter(isRecord);
  if (versions.length === 0 && typeof spec.version === 'string') versions.push({ name: spec.version });
  return versions.flatMap((v) => {
    const version = asString(v.name);
    if (!version) return [];
    const own = asObject(asObject(v.schema).openAPIV3Schema);
    const schema =
      Object.keys(own).length > 0
        ? own
        : Object.keys(shared).length > 0
          ? shared
          : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    return [
      {
        apiVersion: `${group}/${version}`,
        kind,
        namespaced: spec.scope !== 'Cluster',
        schema,
        source: `CustomResourceDefinition ${name}`,
      },
    ];
  });
}
