import { KubeObject } from '../model/manifest';
import { asObject as rec, asObjects as list } from '../validate/finding';
import { LabelSelectorData, matchesSelector } from './label-selector';
import { pushTo } from '../model/push-to';

/** The kinds that run pods. */
export const WORKLOAD_KINDS: readonly string[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
];

/** A container port of a workload's pods. */
export interface PodPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
}

/** A workload as the network sees it: its pods' labels, namespace and ports. */
export interface WorkloadInfo {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** `namespace/name`, unique unless two kinds share a name (then `namespace/Kind/name`). */
  readonly id: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly PodPort[];
  readonly object: KubeObject;
}

type Rec = Record<string, unknown>;

/** The namespace of an object; `default` when it has none. */
export function namespaceOf(o: KubeObject): string {
  return typeof o.metadata?.namespace === 'string' && o.metadata.namespace ? o.metadata.namespace : 'default';
}

/** The pod template (metadata + spec) of a workload object, or the pod itself. */
export function podTemplateOf(o: KubeObject): { metadata: Rec; spec: Rec } | undefined {
  if (!WORKLOAD_KINDS.includes(o.kind)) return undefined;
  if (o.kind === 'Pod') return { metadata: rec(o.metadata), spec: rec(o.spec) };
  const spec = rec(o.spec);
  const template = o.kind === 'CronJob' ? rec(rec(rec(spec.jobTemplate).spec).template) : rec(spec.template);
  return { metadata: rec(template.metadata), spec: rec(template.spec) };
}

/** The containers (init containers included) of a pod spec. */
export function containersOf(podSpec: Rec): Rec[] {
  return [...list(podSpec.initContainers), ...list(podSpec.containers)];
}

/** The workloads among `objects`, in input order. */
export function workloadsOf(objects: readonly KubeObject[]): WorkloadInfo[] {
  const found = objects.filter((o) => podTemplateOf(o) !== undefined);
  const base = (o: KubeObject): string => `${namespaceOf(o)}/${String(o.metadata.name ?? '')}`;
  const count = new Map<string, number>();
  for (const o of found) count.set(base(o), (count.get(base(o)) ?? 0) + 1);
  return found.map((o) => {
    const t = podTemplateOf(o)!;
    const labels = Object.fromEntries(Object.entries(rec(t.metadata.labels)).map(([k, v]) => [k, String(v)]));
    const ports = containersOf(t.spec)
      .flatMap((c) => list(c.ports))
      .filter((p) => typeof p.containerPort === 'number')
      .map((p) => ({
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
        port: p.containerPort as number,
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      }));
    const name = String(o.metadata.name ?? '');
    const id = count.get(base(o))! > 1 ? `${namespaceOf(o)}/${o.kind}/${name}` : base(o);
    return { kind: o.kind, name, namespace: namespaceOf(o), id, podLabels: labels, ports, object: o };
  });
}

/**
 * Finds the workloads a selector selects through an index of their labels: the candidates are
 * those with the rarest of its `matchLabels` pairs (all, without any), then tested one by one.
 * In input order.
 */
export function selectorIndex(
  workloads: readonly WorkloadInfo[],
): (selector: LabelSelectorData | undefined) => WorkloadInfo[] {
  const byLabel = new Map<string, Map<string, WorkloadInfo[]>>();
  for (const w of workloads) {
    for (const [k, v] of Object.entries(w.podLabels)) {
      let values = byLabel.get(k);
      if (!values) byLabel.set(k, (values = new Map()));
      pushTo(values, v, w);
    }
  }
  return (selector) => {
    let candidates: readonly WorkloadInfo[] = workloads;
    for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
      const list = byLabel.get(k)?.get(String(v)) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    return candidates.filter((w) => matchesSelector(selector, w.podLabels));
  };
}
