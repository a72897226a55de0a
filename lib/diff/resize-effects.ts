import { KubeObject } from '../model/manifest';
import { isRecord } from '../model/is-record';
import { apiGroup } from './immutable-fields';

/** A field that differs (diff-objects' FieldChange, which imports this module). */
interface FieldChange {
  readonly path: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

/**
 * What a change of a container's resources does to running pods, as `berth diff` reports it.
 *
 * - `in-place`: a Pod's cpu or memory, with resizePolicy NotRequired (the default): the
 *   kubelet resizes the running container (in-place resize, GA in 1.35);
 * - `restart-container`: the same with resizePolicy RestartContainer: the container restarts
 *   with the new resources, the Pod stays;
 * - `recreate-pod`: a Pod's other resources (ephemeral-storage, GPUs, ...): the API server
 *   resizes only cpu and memory, so the Pod must be deleted and created again;
 * - `replace-pods`: a workload's pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet):
 *   any template change rolls the pods out, whatever their resize policy (which applies to
 *   running Pods: `kubectl patch --subresource resize`, a VerticalPodAutoscaler).
 */
export type ResizeEffectKind = 'in-place' | 'restart-container' | 'recreate-pod' | 'replace-pods';

/** What a resources change of one container does. */
export interface ResizeEffect {
  /** The container, as the field paths name it (`spec.containers[name=web]`). */
  readonly container: string;
  /** The resources whose requests or limits change, sorted. */
  readonly resources: readonly string[];
  readonly effect: ResizeEffectKind;
  /** The sentence the text output shows. */
  readonly reason: string;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const RESIZABLE = new Set(['cpu', 'memory']);
const CONTAINER = /^(.*?(?:containers|initContainers)\[name=([^\]]+)\])\.resources(.*)$/;
const ONE_RESOURCE = /^\.(?:requests|limits)(?:\.([A-Za-z_$][\w$-]*)|\[("(?:[^"\\]|\\.)*")\])$/;

/** The resource names a change under `.resources` touches. */
function resourcesOf(rest: string, f: FieldChange): string[] {
  const one = ONE_RESOURCE.exec(rest);
  if (one) return [one[1] ?? (JSON.parse(one[2]) as string)];
  const names = new Set<string>();
  const collect = (v: unknown, depth: number): void => {
    if (!isRecord(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (depth === 0 && (k === 'requests' || k === 'limits')) collect(x, 1);
      else if (depth === 1) names.add(k);
    }
  };
  // `.resources` itself (depth 0) or `.resources.requests` (depth 1) added or removed.
  const depth = rest === '' ? 0 : 1;
  collect(f.old, depth);
  collect(f.new, depth);
  return [...names];
}

/** The resize policy of container `name` of a Pod, per resource (NotRequired when unset). */
function policyOf(pod: KubeObject, name: string, resource: string): string {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  for (const list of ['containers', 'initContainers']) {
    const items = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    const c = items.find((x) => isRecord(x) && x.name === name);
    if (!isRecord(c) || !Array.isArray(c.resizePolicy)) continue;
    const p = c.resizePolicy.find((x) => isRecord(x) && x.resourceName === resource);
    if (isRecord(p) && typeof p.restartPolicy === 'string') return p.restartPolicy;
  }
  return 'NotRequired';
}

/** What the resources changes among `fields` do to the pods of `b` (empty for other kinds). */
export function resizeEffects(b: KubeObject, fields: readonly FieldChange[]): ResizeEffect[] {
  const isPod = b.kind === 'Pod' && apiGroup(b.apiVersion) === '';
  const isTemplate = TEMPLATE_KINDS.has(b.kind) && apiGroup(b.apiVersion) === 'apps';
  if (!isPod && !isTemplate) return [];
  const byContainer = new Map<string, { name: string; resources: Set<string> }>();
  for (const f of fields) {
    const m = CONTAINER.exec(f.path);
    if (!m) continue;
    const entry = byContainer.get(m[1]) ?? { name: m[2], resources: new Set<string>() };
    for (const r of resourcesOf(m[3], f)) entry.resources.add(r);
    byContainer.set(m[1], entry);
  }
  const out: ResizeEffect[] = [];
  for (const [container, { name, resources }] of byContainer) {
    const list = [...resources].sort();
    if (list.length === 0) continue;
    const what = `${container} ${list.join(', ')}`;
    if (isTemplate) {
      out.push({
        container,
        resources: list,
        effect: 'replace-pods',
        reason: `${what}: a pod template change replaces the ${b.kind}'s pods (a rollout), whatever their resizePolicy (which resizes running Pods in place: kubectl patch --subresource resize, a VerticalPodAutoscaler)`,
      });
      continue;
    }
    const fixed = list.filter((r) => !RESIZABLE.has(r));
    if (fixed.length > 0) {
      out.push({
        container,
        resources: list,
        effect: 'recreate-pod',
        reason: `${what}: the API server resizes only cpu and memory in place (not ${fixed.join(', ')}): the Pod must be deleted and created again`,
      });
      continue;
    }
    const restart = list.filter((r) => policyOf(b, name, r) === 'RestartContainer');
    out.push(
      restart.length > 0
        ? {
            container,
            resources: list,
            effect: 'restart-container',
            reason: `${what}: resized in place by restarting container ${name} (resizePolicy RestartContainer for ${restart.join(', ')}); the Pod stays`,
          }
        : {
            container,
            resources: list,
            effect: 'in-place',
            reason: `${what}: resized in place, container ${name} keeps running (resizePolicy NotRequired)`,
          },
    );
  }
  return out;
}

/** The label the text output puts before each effect. */
export const RESIZE_LABEL: Readonly<Record<ResizeEffectKind, string>> = {
  'in-place': 'RESIZED IN PLACE',
  'restart-container': 'RESTARTS CONTAINER',
  'recreate-pod': 'RECREATES POD',
  'replace-pods': 'REPLACES PODS',
};
