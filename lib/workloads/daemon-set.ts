import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkIntOrPercent, invalid } from '../core/input-checks';
import { Workload, WorkloadProps } from './workload';

/** Props of a {@link DaemonSet}. */
export interface DaemonSetProps extends WorkloadProps {
  /** Nodes whose pod may be down during a rollout. @default - Kubernetes' default (1) */
  readonly maxUnavailable?: number | string;
}

/**
 * One pod per (selected) node: agents, log shippers, node exporters.
 *
 * @example
 * import { Platform, Environment, Application, DaemonSet, Toleration } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'ops');
 * new DaemonSet(app, 'log-shipper', {
 *   containers: [{ image: 'fluent/fluent-bit:3.1.9' }],
 *   tolerations: [Toleration.all()],
 * });
 */
export class DaemonSet extends Workload {
  public constructor(
    scope: Construct,
    id: string,
    private readonly daemonSetProps: DaemonSetProps = {},
  ) {
    super(scope, id, k8s.DaemonSet.GVK, daemonSetProps);
    const props = daemonSetProps;
    if (props.maxUnavailable !== undefined) checkIntOrPercent(this.node.path, 'maxUnavailable', props.maxUnavailable);
    // maxSurge stays 0 here, and the API server refuses a rollout that can neither stop nor add a pod.
    if (props.maxUnavailable === 0 || props.maxUnavailable === '0%') {
      throw invalid(
        this.node.path,
        'maxUnavailable',
        props.maxUnavailable,
        'more than 0 (a DaemonSet rollout replaces the pod of a node at a time)',
        'use maxUnavailable: 1, the default, or a percentage above "0%"',
      );
    }
  }

  protected override renderFields(): Record<string, unknown> {
    const props = this.daemonSetProps;
    return {
      spec: {
        selector: this.labelSelector(),
        updateStrategy:
          props.maxUnavailable !== undefined
            ? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: props.maxUnavailable } }
            : undefined,
        template: this.renderPodTemplate(),
      },
    };
  }
}
