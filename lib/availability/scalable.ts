import { IPodSelectable } from '../core/selectable';

/** The object an autoscaler scales. */
export interface ScaleTargetRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** A workload an autoscaler can target. */
export interface IScalable extends IPodSelectable {
  /** The object to scale; undefined when the kind does not scale. */
  readonly scaleTargetRef: ScaleTargetRef | undefined;
  /** Hands the replica count to the autoscaler: the workload stops setting `replicas`. */
  markAutoscaled(): void;
  /** Whether every container requests `resource` (utilization targets need it). */
  requestsResource?(resource: 'cpu' | 'memory'): boolean;
}
