import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ScaleTargetRef } from '../availability/scalable';
import { Duration } from '../units/duration';
import { checkIntOrPercent, invalid } from '../core/input-checks';
import { Workload, WorkloadProps } from './workload';

/** The default `progressDeadlineSeconds` of a Deployment, in milliseconds. */
const PROGRESS_DEADLINE_MS = 600_000;

/** Whether an int-or-percent is 0 (`0`, `"0%"`). */
function isZero(v: number | string): boolean {
  return v === 0 || v === '0%';
}

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
 * import { Platform, Environment, Application, Deployment, Cpu, Size, Probe } from 'berth-k8s';
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
  public constructor(
    scope: Construct,
    id: string,
    private readonly deploymentProps: DeploymentProps = {},
  ) {
    super(scope, id, k8s.Deployment.GVK, deploymentProps);
    const p = deploymentProps;
    if (p.strategy === 'Recreate' && (p.maxSurge !== undefined || p.maxUnavailable !== undefined)) {
      throw invalid(
        this.node.path,
        'strategy',
        'Recreate',
        '\'RollingUpdate\' when maxSurge or maxUnavailable is set ("Recreate" does not take them)',
        "use strategy 'RollingUpdate' or drop maxSurge/maxUnavailable",
      );
    }
    if (p.maxSurge !== undefined) checkIntOrPercent(this.node.path, 'maxSurge', p.maxSurge);
    if (p.maxUnavailable !== undefined) checkIntOrPercent(this.node.path, 'maxUnavailable', p.maxUnavailable);
    // The API server refuses a rollout that can neither add nor remove a pod (both default to 25%).
    if (p.strategy !== 'Recreate' && isZero(p.maxSurge ?? '25%') && isZero(p.maxUnavailable ?? '25%')) {
      throw invalid(
        this.node.path,
        'maxUnavailable',
        p.maxUnavailable,
        'more than 0 when maxSurge is 0 (a rollout must add or remove a pod at a time)',
        'allow maxSurge: 1 (one extra pod during a rollout) or maxUnavailable: 1',
      );
    }
    // ... and a progress deadline (600 seconds, not set by Berth) not above minReadySeconds.
    if (p.minReady !== undefined && p.minReady.toMilliseconds() >= PROGRESS_DEADLINE_MS) {
      throw invalid(
        this.node.path,
        'minReady',
        `${p.minReady.toMilliseconds() / 1000}s`,
        "less than 600 seconds, the rollout's progress deadline",
        'shorten minReady: a pod must count as available before the rollout is judged stuck',
      );
    }
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
      strategy:
        p.strategy || rolling
          ? {
              type: p.strategy ?? 'RollingUpdate',
              rollingUpdate: rolling ? { maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable } : undefined,
            }
          : undefined,
      minReadySeconds: p.minReady?.toSeconds(`${this.node.path}: minReadySeconds`),
      template: this.renderPodTemplate(),
    };
  }
}
