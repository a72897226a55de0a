import { toYaml, toYamlDocuments } from '../yaml/yaml';

function isKubeObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.apiVersion === 'string' &&
    typeof o.kind === 'string' &&
    typeof o.metadata === 'object' &&
    o.metadata !== null
  );
}

/**
 * A jest snapshot serializer that prints Kubernetes objects (and lists of them) as the YAML
 * `berth synth` writes, so snapshot diffs read like manifest diffs.
 *
 * @example
 * import { yamlSerializer } from 'berth-k8s/testing';
 * expect.addSnapshotSerializer(yamlSerializer);
 */
export const yamlSerializer = {
  test(value: unknown): boolean {
    return isKubeObject(value) || (Array.isArray(value) && value.length > 0 && value.every(isKubeObject));
  },
  serialize(value: unknown): string {
    return (Array.isArray(value) ? toYamlDocuments(value) : toYaml(value)).replace(/\n$/, '');
  },
};
