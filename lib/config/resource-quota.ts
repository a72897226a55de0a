import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Cpu } from '../units/cpu';
import { Size } from '../units/size';
import { checkDnsLabel, checkDnsSubdomain } from '../core/input-checks';
import { InvalidInputError } from '../core/invalid-input-error';
import { metadata } from '../core/object-scope';

/** Props of a {@link ResourceQuota}. */
export interface ResourceQuotaProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The namespace. @default - the app's namespace */
  readonly namespace?: string;
  /** Total CPU requests (`requests.cpu`). @default - no limit */
  readonly requestsCpu?: Cpu;
  /** Total memory requests (`requests.memory`). @default - no limit */
  readonly requestsMemory?: Size;
  /** Total CPU limits (`limits.cpu`). @default - no limit */
  readonly limitsCpu?: Cpu;
  /** Total memory limits (`limits.memory`). @default - no limit */
  readonly limitsMemory?: Size;
  /** Total storage requested by claims (`requests.storage`). @default - no limit */
  readonly requestsStorage?: Size;
  /** Number of pods. @default - no limit */
  readonly pods?: number;
  /** Number of PersistentVolumeClaims. @default - no limit */
  readonly persistentVolumeClaims?: number;
  /** Number of Services. @default - no limit */
  readonly services?: number;
  /** Number of Services of type LoadBalancer. @default - no limit */
  readonly loadBalancers?: number;
  /** Number of ConfigMaps. @default - no limit */
  readonly configMaps?: number;
  /** Number of Secrets. @default - no limit */
  readonly secrets?: number;
}

/**
 * A ResourceQuota: caps on what a namespace may request in total.
 *
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * @example
 * import { Platform, Environment, Application, ResourceQuota, Cpu, Size } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'shop');
 * new ResourceQuota(app, 'Quota', { requestsCpu: Cpu.cores(4), limitsMemory: Size.gibibytes(8), pods: 20 });
 */
export class ResourceQuota extends ApiResource {
  private readonly hard: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: ResourceQuotaProps) {
    super(scope, id, k8s.ResourceQuota.GVK, { metadata: metadata({ name: props.name, namespace: props.namespace }) });
    if (props.name !== undefined) checkDnsSubdomain(this.node.path, 'metadata.name', props.name);
    if (props.namespace !== undefined) checkDnsLabel(this.node.path, 'metadata.namespace', props.namespace);
    const hard: Record<string, string> = {};
    const q = (key: string, v: Cpu | Size | undefined) => {
      if (v !== undefined) hard[key] = v.toQuantity();
    };
    const n = (key: string, v: number | undefined) => {
      if (v === undefined) return;
      if (!Number.isInteger(v) || v < 0) {
        throw new InvalidInputError(
          this.node.path,
          `spec.hard.${key}`,
          v,
          'not a count',
          'a whole number >= 0',
          'Round it to a whole number.',
        );
      }
      hard[key] = String(v);
    };
    q('requests.cpu', props.requestsCpu);
    q('requests.memory', props.requestsMemory);
    q('limits.cpu', props.limitsCpu);
    q('limits.memory', props.limitsMemory);
    q('requests.storage', props.requestsStorage);
    n('pods', props.pods);
    n('persistentvolumeclaims', props.persistentVolumeClaims);
    n('services', props.services);
    n('services.loadbalancers', props.loadBalancers);
    n('configmaps', props.configMaps);
    n('secrets', props.secrets);
    if (Object.keys(hard).length === 0) {
      throw new InvalidInputError(
        this.node.path,
        'spec.hard',
        {},
        'the quota limits nothing',
        'at least one of requestsCpu, requestsMemory, limitsCpu, limitsMemory, requestsStorage, pods, ...',
        'Set the limits the namespace needs.',
      );
    }
    this.hard = hard;
  }

  protected override renderFields(): Record<string, unknown> {
    return { spec: { hard: this.hard } };
  }
}
