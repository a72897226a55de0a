import { asArray, asObject } from './finding';
import { isRecord } from '../model/is-record';

/** The pod template inside a workload (or a Pod's own spec). */
export interface PodTemplate {
  /** The PodSpec. */
  readonly spec: Record<string, unknown>;
  /** Field path of the PodSpec, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** The pod's labels. */
  readonly labels: Record<string, unknown>;
  /** Field path of the pod's metadata, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
  /** The pod's annotations (template annotations, or a Pod's). */
  readonly annotations: Record<string, unknown>;
}

/** One container of a pod spec and where it is. */
export interface ContainerAt {
  readonly container: Record<string, unknown>;
  readonly path: string;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
}

const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'ReplicationController',
]);

/** Kinds that run pods (for policy and namespace coverage). */
export const WORKLOAD_KINDS = new Set([...TEMPLATE_KINDS, 'Pod', 'CronJob']);

/** Where the pod template's spec and metadata are in a workload, and in a CronJob. */
const TEMPLATE_PATHS = { spec: 'spec.template.spec', metadata: 'spec.template.metadata' } as const;
const CRONJOB_TEMPLATE_PATHS = {
  spec: 'spec.jobTemplate.spec.template.spec',
  metadata: 'spec.jobTemplate.spec.template.metadata',
} as const;

/** The pod template of `o`, when `o` is a Pod or a workload kind. */
export function podTemplateOf(o: unknown): PodTemplate | undefined {
  const obj = asObject(o);
  if (obj.kind === 'Pod') {
    const meta = asObject(obj.metadata);
    return isRecord(obj.spec)
      ? {
          spec: obj.spec,
          specPath: 'spec',
          labels: asObject(meta.labels),
          metadataPath: 'metadata',
          annotations: asObject(meta.annotations),
        }
      : undefined;
  }
  let template: unknown;
  let paths: { readonly spec: string; readonly metadata: string };
  if (obj.kind === 'CronJob') {
    template = asObject(asObject(asObject(obj.spec).jobTemplate).spec).template;
    paths = CRONJOB_TEMPLATE_PATHS;
  } else if (typeof obj.kind === 'string' && TEMPLATE_KINDS.has(obj.kind)) {
    template = asObject(obj.spec).template;
    paths = TEMPLATE_PATHS;
  } else {
    return undefined;
  }
  const t = asObject(template);
  if (!isRecord(t.spec)) return undefined;
  const meta = asObject(t.metadata);
  return {
    spec: t.spec,
    specPath: paths.spec,
    labels: asObject(meta.labels),
    metadataPath: paths.metadata,
    annotations: asObject(meta.annotations),
  };
}

/** Every container of a pod spec (init, regular and ephemeral). */
export function containersOf(t: PodTemplate): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    asArray(t.spec[list]).forEach((c, i) => {
      // `${specPath}.${list}[${i}]`, as child() would build it (the list names are identifiers).
      if (isRecord(c)) out.push({ container: c, path: `${t.specPath}.${list}[${i}]`, list });
    });
  }
  return out;
}

/** The workload's own selector (`spec.selector`), for kinds that have one. */
export function workloadSelectorOf(o: unknown): unknown {
  const obj = asObject(o);
  if (obj.kind === 'CronJob' || obj.kind === 'Pod') return undefined;
  return asObject(obj.spec).selector;
}
