import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ScaleTargetRef } from '../availability/scalable';
import { Duration } from '../units/duration';
import { checkIntOrPercent, invalid } from '../core/input-checks';
import { Workload, WorkloadProps } from './workload';

/** Props of a {@link Deployment}. */
export interface DeploymentProps extends WorkloadProps {
  /** Pod count. @default - the environment's `defaults.replicas`, else 1 (omitted under an autoscaler) */
  readonly replicas?: number;
  /** `Recreate` stops every pod before starting new ones. @default 'RollingUpdate' */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  /** Rolling update: extra pods during a rollout (count or percent). @default - Kubernetes' default (25%) */
  readonly maxSurge?: number | string;
  /** Rolling update: pods that may be unavailable during a rollout. @default - Kubernetes' default (25%) */
  readonly maxUnavailable?: number | string;
  /** How long a new pod must be ready before it counts as available. @default - 0s */
  readonly minReady?: Duration;
}

/**
 * Stateless replicated pods.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, Cpu, Size, Probe } from 'berth';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const web = new Deployment(app, 'frontend', {
 *   replicas: 2,
 *   containers: [{
 *     image: 'ghcr.io/acme/frontend:1.4.2',
 *     ports: [{ port: 8080, name: 'http' }],
 *     resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) } },
 *     readiness: Probe.http('/healthz'),
 *   }],
 * });
 * web.exposeViaService();
 */
export class Deployment extends Workload {
  public constructor(scope: Construct, id: string, private readonly deploymentProps: DeploymentProps = {}) {
    super(scope, id, k8s.Deployment.GVK, deploymentProps);
    const p = deploymentProps;
    if (p.strategy === 'Recreate' && (p.maxSurge !== undefined || p.maxUnavailable !== undefined)) {
      throw invalid(this.node.path, 'strategy', 'Recreate', "'RollingUpdate' when maxSurge or maxUnavailable is set (\"Recreate\" does not take them)", "use strategy 'RollingUpdate' or drop maxSurge/maxUnavailable");
    }
    if (p.maxSurge !== undefined) checkIntOrPercent(this.node.path, 'maxSurge', p.maxSurge);
    if (p.maxUnavailable !== undefined) checkIntOrPercent(this.node.path, 'maxUnavailable', p.maxUnavailable);
    this.replicaCount(p.replicas);
  }

  public override get scaleTargetRef(): ScaleTargetRef {
    return { apiVersion: k8s.Deployment.GVK.apiVersion, kind: k8s.Deployment.GVK.kind, name: this.componentName };
  }

  protected override renderFields(): Record<string, unknown> {
    return { spec: this.renderSpec() };
  }

  private renderSpec(): unknown {
    const p = this.deploymentProps;
    const rolling = p.maxSurge !== undefined || p.maxUnavailable !== undefined;
    return {
      replicas: this.replicaCount(p.replicas),
      selector: this.labelSelector(),
      strategy: p.strategy || rolling
        ? { type: p.strategy ?? 'RollingUpdate', rollingUpdate: rolling ? { maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable } : undefined }
        : undefined,
      minReadySeconds: p.minReady?.toSeconds(`${this.node.path}: minReadySeconds`),
      template: this.renderPodTemplate(),
    };
  }
}
