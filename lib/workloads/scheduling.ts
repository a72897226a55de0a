import type * as k8s from '../imports/k8s';
import { IPodSelectable } from '../core/selectable';
import { Duration } from '../units/duration';
import { checkInteger, invalid } from '../core/input-checks';

/** The effect of a taint. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** Options of {@link Toleration}. */
export interface TolerationOptions {
  /** Which taint effect is tolerated. @default - every effect */
  readonly effect?: TaintEffect;
  /** For `NoExecute`: how long the pod stays after the taint appears. @default - forever */
  readonly tolerationPeriod?: Duration;
}

/**
 * A toleration of a node taint.
 *
 * @example
 * import { Toleration } from 'berth-k8s';
 * const gpu = Toleration.exists('nvidia.com/gpu', { effect: 'NoSchedule' });
 * const pool = Toleration.equal('pool', 'batch');
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export class Toleration {
  /** Tolerates the taint `key` whatever its value. */
  public static exists(key: string, options: TolerationOptions = {}): Toleration {
    return new Toleration({ key, operator: 'Exists' }, options);
  }

  /** Tolerates the taint `key=value`. */
  public static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    return new Toleration({ key, operator: 'Equal', value }, options);
  }

  /** Tolerates every taint (use with care: the pod can land on any node). */
  public static all(): Toleration {
    return new Toleration({ operator: 'Exists' }, {});
  }

  private constructor(
    private readonly base: k8s.Toleration,
    private readonly options: TolerationOptions,
  ) {}

  /** The Kubernetes toleration; `path` and `field` name it in errors. */
  public render(path: string, field: string): k8s.Toleration {
    if (this.options.tolerationPeriod && this.options.effect !== 'NoExecute') {
      throw invalid(
        path,
        `${field}.tolerationSeconds`,
        this.options.tolerationPeriod.toSeconds(),
        'a period only with effect "NoExecute"',
        'set effect: "NoExecute" or drop tolerationPeriod',
      );
    }
    return {
      ...this.base,
      effect: this.options.effect,
      tolerationSeconds: this.options.tolerationPeriod?.toSeconds(`${path}: ${field}.tolerationSeconds`),
    };
  }
}

/**
 * A rule on node labels (node affinity).
 *
 * @example
 * import { NodeAffinity } from 'berth-k8s';
 * const ssd = NodeAffinity.requireIn('disktype', ['ssd']);
 * const zone = NodeAffinity.preferIn('topology.kubernetes.io/zone', ['eu-west-1a'], 50);
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export class NodeAffinity {
  /** The node must have label `key` with one of `values`. */
  public static requireIn(key: string, values: readonly string[]): NodeAffinity {
    return new NodeAffinity({ key, operator: 'In', values: [...values] }, undefined);
  }
  /** The node must not have label `key` with one of `values`. */
  public static requireNotIn(key: string, values: readonly string[]): NodeAffinity {
    return new NodeAffinity({ key, operator: 'NotIn', values: [...values] }, undefined);
  }
  /** The node must have label `key`. */
  public static requireExists(key: string): NodeAffinity {
    return new NodeAffinity({ key, operator: 'Exists' }, undefined);
  }
  /** Prefer nodes with label `key` in `values`; `weight` 1-100. */
  public static preferIn(key: string, values: readonly string[], weight = 1): NodeAffinity {
    return new NodeAffinity({ key, operator: 'In', values: [...values] }, weight);
  }

  private constructor(
    /** The match expression. */
    public readonly expression: { key: string; operator: string; values?: string[] },
    /** The weight of a preference; undefined for a requirement. */
    public readonly weight: number | undefined,
  ) {}
}

/** Renders node affinity rules: requirements are ANDed in one term, preferences are separate. */
export function renderNodeAffinity(path: string, rules: readonly NodeAffinity[]): k8s.Affinity['nodeAffinity'] {
  if (rules.length === 0) return undefined;
  const required = rules.filter((r) => r.weight === undefined);
  const preferred = rules.filter((r) => r.weight !== undefined);
  rules.forEach((r, i) => {
    if (r.expression.values !== undefined && r.expression.values.length === 0) {
      throw invalid(
        path,
        `nodeAffinity[${i}].values`,
        [],
        'at least one value for In/NotIn',
        'list the label values, or use requireExists',
      );
    }
    if (r.weight !== undefined) checkInteger(path, `nodeAffinity[${i}].weight`, r.weight, 1, 100);
  });
  return {
    requiredDuringSchedulingIgnoredDuringExecution: required.length
      ? { nodeSelectorTerms: [{ matchExpressions: required.map((r) => r.expression) }] }
      : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length
      ? preferred.map((r) => ({ weight: r.weight as number, preference: { matchExpressions: [r.expression] } }))
      : undefined,
  };
}

/** Options of {@link Spread.acrossZones} and {@link Spread.acrossNodes}. */
export interface SpreadOptions {
  /** The largest allowed difference in pod count between domains. @default 1 */
  readonly maxSkew?: number;
  /** Refuse to schedule rather than skew. @default false (ScheduleAnyway) */
  readonly required?: boolean;
}

/** What spreading renders to. */
export interface SpreadRendering {
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly podAntiAffinity?: NonNullable<k8s.Affinity['podAntiAffinity']>;
}

/**
 * How a workload's replicas spread over the cluster.
 *
 * @example
 * import { Spread } from 'berth-k8s';
 * const zones = Spread.acrossZones();
 * const nodes = Spread.onePerNode();
 */
export class Spread {
  /** Even spread across zones (`topology.kubernetes.io/zone`) with a topology spread constraint. */
  public static acrossZones(options: SpreadOptions = {}): Spread {
    return new Spread('topology.kubernetes.io/zone', 'constraint', options);
  }
  /** Even spread across nodes (`kubernetes.io/hostname`) with a topology spread constraint. */
  public static acrossNodes(options: SpreadOptions = {}): Spread {
    return new Spread('kubernetes.io/hostname', 'constraint', options);
  }
  /** At most one replica per node (required pod anti-affinity on `kubernetes.io/hostname`). */
  public static onePerNode(): Spread {
    return new Spread('kubernetes.io/hostname', 'antiAffinity', {});
  }

  private constructor(
    private readonly topologyKey: string,
    private readonly mode: 'constraint' | 'antiAffinity',
    private readonly options: SpreadOptions,
  ) {}

  /** Renders for a workload whose pods carry `selector`. */
  public render(path: string, selector: Readonly<Record<string, string>>): SpreadRendering {
    if (this.mode === 'antiAffinity') {
      return {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { ...selector } }, topologyKey: this.topologyKey },
          ],
        },
      };
    }
    return {
      topologySpreadConstraints: [
        {
          maxSkew: checkInteger(path, 'spread.maxSkew', this.options.maxSkew ?? 1, 1),
          topologyKey: this.topologyKey,
          whenUnsatisfiable: this.options.required ? 'DoNotSchedule' : 'ScheduleAnyway',
          labelSelector: { matchLabels: { ...selector } },
        },
      ],
    };
  }
}

/** Options of {@link PodAntiAffinity.avoid}. */
export interface PodAntiAffinityOptions {
  /** The domain in which to avoid the other pods. @default 'kubernetes.io/hostname' (same node) */
  readonly topologyKey?: string;
  /** A hard rule rather than a preference. @default false */
  readonly required?: boolean;
  /** The weight of a preference, 1-100. @default 100 */
  readonly weight?: number;
}

/**
 * Keeps a workload's pods away from another workload's pods.
 *
 * @example
 * import { PodAntiAffinity } from 'berth-k8s';
 * declare const cache: import('berth-k8s').IPodSelectable;
 * const rule = PodAntiAffinity.avoid(cache, { required: true });
 */
export class PodAntiAffinity {
  /** Avoid nodes (or another topology domain) running `other`'s pods. */
  public static avoid(other: IPodSelectable, options: PodAntiAffinityOptions = {}): PodAntiAffinity {
    return new PodAntiAffinity(other, options);
  }

  private constructor(
    public readonly other: IPodSelectable,
    private readonly options: PodAntiAffinityOptions,
  ) {}

  /** Adds this rule to `into`. */
  public renderInto(
    path: string,
    into: { required: k8s.PodAffinityTerm[]; preferred: k8s.WeightedPodAffinityTerm[] },
  ): void {
    const term = {
      labelSelector: { matchLabels: { ...this.other.selectorLabels } },
      topologyKey: this.options.topologyKey ?? 'kubernetes.io/hostname',
    } as k8s.PodAffinityTerm;
    if (this.options.required) {
      into.required.push(term);
    } else {
      into.preferred.push({
        weight: checkInteger(path, 'podAntiAffinity.weight', this.options.weight ?? 100, 1, 100),
        podAffinityTerm: term,
      });
    }
  }
}
