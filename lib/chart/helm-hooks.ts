import { ApiObject } from 'cdk8s';
import { KubeObject } from '../model/manifest';

/** The objects of a chart render, with what Helm says about them. */
interface Rendered extends ApiObject {
  readonly rendered: KubeObject;
}

const HOOK = 'helm.sh/hook';
const WEIGHT = 'helm.sh/hook-weight';

function annotation(o: Rendered, key: string): string | undefined {
  const a = o.rendered.metadata.annotations as Record<string, unknown> | undefined;
  const v = a?.[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Orders a chart's hooks as `helm install` runs them, through `dependsOn` (so that the apply
 * order and the kustomization follow it): the chart's CRDs first (the kind order does it), then
 * the `pre-install` hooks by `helm.sh/hook-weight`, then the other objects, then every other
 * hook (`post-install`, ...) by weight. The annotations stay, for Argo CD and Helm.
 */
export function orderHooks(objects: readonly Rendered[]): void {
  const pre: Rendered[] = [];
  const post: Rendered[] = [];
  const rest: Rendered[] = [];
  for (const o of objects) {
    const hook = annotation(o, HOOK);
    if (hook === undefined) rest.push(o);
    else if (hook.split(',').some((h) => h.trim() === 'pre-install')) pre.push(o);
    else post.push(o);
  }
  const weight = (o: Rendered): number => Number(annotation(o, WEIGHT) ?? '0') || 0;
  const byWeight = (hooks: Rendered[]): void => {
    for (const a of hooks) for (const b of hooks) if (weight(b) < weight(a)) a.node.addDependency(b);
  };
  byWeight(pre);
  byWeight(post);
  for (const o of rest) if (o.kind !== 'CustomResourceDefinition') for (const h of pre) o.node.addDependency(h);
  for (const h of post) for (const o of [...pre, ...rest]) h.node.addDependency(o);
}
