import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkIntOrPercent } from './_validate';
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
 * import { Platform, Environment, Application, DaemonSet, Toleration } from 'berth';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'ops');
 * new DaemonSet(app, 'log-shipper', {
 *   containers: [{ image: 'fluent/fluent-bit:3.1.9' }],
 *   tolerations: [Toleration.all()],
 * });
 */
export class DaemonSet extends Workload {
  /** The L1 object. */
  public readonly resource: k8s.DaemonSet;

  public constructor(scope: Construct, id: string, props: DaemonSetProps = {}) {
    super(scope, id, props);
    if (props.maxUnavailable !== undefined) checkIntOrPercent(this.node.path, 'maxUnavailable', props.maxUnavailable);
    this.resource = new k8s.DaemonSet(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: Lazy.any({
        produce: () => ({
          selector: this.labelSelector(),
          updateStrategy: props.maxUnavailable !== undefined ? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: props.maxUnavailable } } : undefined,
          template: this.renderPodTemplate(),
        }),
      }),
    });
    this.labelObject(this.resource);
  }
}
