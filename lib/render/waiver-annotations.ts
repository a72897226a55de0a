import { KubeObject } from '../model/manifest';
import { Waiver } from '../model/problem';
import { setOwn } from '../model/set-own';
import { waiverAnnotations } from '../model/waiver-annotations';

/**
 * Writes `waivers` (those of the object's construct and the constructs enclosing it) on the
 * object as annotations (`waive.berth.dev/<family>.<rule>: <reason>`, `waived-on.berth.dev/...`:
 * the construct's path inside `environmentPath`, and kube-linter's and
 * Polaris's keys for the same checks), so the waivers travel with the output: `berth validate`
 * of the written YAML waives what synth waived, and other linters see the reason. Returns
 * `object` itself when no waiver applies.
 */
export function annotateWaivers(object: KubeObject, waivers: readonly Waiver[], environmentPath: string): KubeObject {
  // A CRD is a schema, not something a policy rule examines, and must be the same in every
  // environment (a chart's crds/, a cluster several environments share): a waiver declared for a
  // whole environment does not change it.
  if (waivers.length === 0 || object.kind === 'CustomResourceDefinition') return object;
  const added = waiverAnnotations(waivers, environmentPath);
  const merged: Record<string, string> = { ...((object.metadata.annotations ?? {}) as Record<string, string>) };
  for (const [k, v] of Object.entries(added)) merged[k] = v;
  const sorted: Record<string, string> = {};
  // setOwn: the user's annotations may hold a key `__proto__` (invalid, and reported as such).
  for (const k of Object.keys(merged).sort()) setOwn(sorted, k, merged[k]);
  return { ...object, metadata: { ...object.metadata, annotations: sorted } };
}
