import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Cpu } from '../units/cpu';
import { Size } from '../units/size';
import { checkDnsLabel, checkDnsSubdomain } from '../core/input-checks';
import { InvalidInputError } from '../core/invalid-input-error';
import { metadata } from '../core/object-scope';

/** CPU and memory amounts. */
export interface ComputeAmounts {
  readonly cpu?: Cpu;
  readonly memory?: Size;
}

/** Limits for each container of the namespace. */
export interface ContainerLimits {
  /** Requests given to containers that set none. @default - none */
  readonly defaultRequest?: ComputeAmounts;
  /** Limits given to containers that set none. @default - none */
  readonly defaultLimit?: ComputeAmounts;
  /** The most a container may set. @default - no maximum */
  readonly max?: ComputeAmounts;
  /** The least a container may set. @default - no minimum */
  readonly min?: ComputeAmounts;
}

/** Limits for each claim of the namespace. */
export interface ClaimLimits {
  /** The largest claim. @default - no maximum */
  readonly max?: Size;
  /** The smallest claim. @default - no minimum */
  readonly min?: Size;
}

/** Props of a {@link LimitRange}. */
export interface LimitRangeProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The namespace. @default - the app's namespace */
  readonly namespace?: string;
  /** Per-container defaults and bounds. @default - none */
  readonly container?: ContainerLimits;
  /** Per-claim bounds. @default - none */
  readonly persistentVolumeClaim?: ClaimLimits;
}

function amounts(a: ComputeAmounts | undefined): Record<string, string> | undefined {
  if (!a || (a.cpu === undefined && a.memory === undefined)) return undefined;
  const out: Record<string, string> = {};
  if (a.cpu) out.cpu = a.cpu.toQuantity();
  if (a.memory) out.memory = a.memory.toQuantity();
  return out;
}

/**
 * A LimitRange: default requests and limits for containers that set none, and bounds for
 * containers and claims.
 *
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 * @example
 * import { Platform, Environment, Application, LimitRange, Cpu, Size } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'shop');
 * new LimitRange(app, 'Limits', {
 *   container: { defaultRequest: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) }, defaultLimit: { memory: Size.mebibytes(512) } },
 *   persistentVolumeClaim: { max: Size.gibibytes(100) },
 * });
 */
export class LimitRange extends ApiResource {
  private readonly limits: ReadonlyArray<Record<string, unknown>>;

  public constructor(scope: Construct, id: string, props: LimitRangeProps) {
    super(scope, id, k8s.LimitRange.GVK, { metadata: metadata({ name: props.name, namespace: props.namespace }) });
    if (props.name !== undefined) checkDnsSubdomain(this.node.path, 'metadata.name', props.name);
    if (props.namespace !== undefined) checkDnsLabel(this.node.path, 'metadata.namespace', props.namespace);
    const limits: Array<Record<string, unknown>> = [];
    const c = props.container;
    if (c) {
      const item = {
        type: 'Container',
        defaultRequest: amounts(c.defaultRequest),
        default: amounts(c.defaultLimit),
        max: amounts(c.max),
        min: amounts(c.min),
      };
      if (Object.values(item).filter((v) => v !== undefined).length > 1) limits.push(item);
    }
    const p = props.persistentVolumeClaim;
    if (p && (p.max || p.min)) {
      if (p.max && p.min && p.min.toBytes() > p.max.toBytes()) {
        throw new InvalidInputError(
          this.node.path,
          'spec.limits[PersistentVolumeClaim].min',
          p.min.toQuantity(),
          `above max ${p.max.toQuantity()}`,
          'min <= max',
          'Swap or fix the bounds.',
        );
      }
      limits.push({
        type: 'PersistentVolumeClaim',
        max: p.max ? { storage: p.max.toQuantity() } : undefined,
        min: p.min ? { storage: p.min.toQuantity() } : undefined,
      });
    }
    if (limits.length === 0) {
      throw new InvalidInputError(
        this.node.path,
        'spec.limits',
        [],
        'the LimitRange sets nothing',
        'container defaults or bounds, or claim bounds',
        'Set container or persistentVolumeClaim.',
      );
    }
    this.limits = limits;
  }

  protected override renderFields(): Record<string, unknown> {
    return { spec: { limits: this.limits } };
  }
}
