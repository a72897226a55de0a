import { parseAllDocuments } from 'yaml';

/** A parsed Kubernetes object, loosely typed for comparisons. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** The documents of a multi-document YAML text (a `helm template` render, a file), empty ones dropped. */
export function docs(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Obj)
    .filter((d) => d !== null && d !== undefined);
}

/**
 * An object without what Helm conventions add to its top-level labels: `helm.sh/chart` and
 * `app.kubernetes.io/managed-by` (`Helm` in a chart, `berth` in plain YAML). This is the only
 * difference the equivalence of plain and Helm output allows.
 */
export function withoutHelmLabels(o: Obj): Obj {
  const c = JSON.parse(JSON.stringify(o)) as Obj;
  if (c.metadata?.labels) {
    delete c.metadata.labels['helm.sh/chart'];
    delete c.metadata.labels['app.kubernetes.io/managed-by'];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return c;
}
