import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Labels } from '../core/application';
import { readableName } from '../core/names';
import { checkDnsLabel, checkInteger, invalid } from '../core/input-checks';
import { checkSelectsSameEnvironment } from '../core/object-scope';
import { Duration } from '../units/duration';
import { AutoscalingMetric } from './autoscaling-metric';
import { IScalable } from './scalable';
import { renderScalingRules, ScalingRules } from './scaling-rules';

/** Options of `workload.autoscale()`. */
export interface AutoscaleOptions {
  /** The fewest replicas. @default 1 */
  readonly minReplicas?: number;
  /** The most replicas. */
  readonly maxReplicas: number;
  /** Target average CPU utilization, percent of the CPU request. @default 80 when no other metric is set, else none */
  readonly cpuUtilization?: number;
  /** Target average memory utilization, percent of the memory request. @default - none */
  readonly memoryUtilization?: number;
  /**
   * Other metrics to scale on: per-pod, another object's, or external ones. When given, CPU is
   * targeted only if `cpuUtilization` is set.
   * @default - none
   */
  readonly metrics?: readonly AutoscalingMetric[];
  /** How to scale up: stabilization window, rate limits. @default - Kubernetes' defaults */
  readonly scaleUp?: ScalingRules;
  /** How to scale down: stabilization window, rate limits. @default - Kubernetes' defaults */
  readonly scaleDown?: ScalingRules;
  /**
   * How long to wait before scaling down after load drops (`scaleDown.stabilization` in short).
   * @default - Kubernetes' default (5 minutes)
   */
  readonly scaleDownStabilization?: Duration;
}

/** Props of a {@link HorizontalPodAutoscaler}. */
export interface HorizontalPodAutoscalerProps extends AutoscaleOptions {
  /** The workload to scale (a Deployment or StatefulSet). */
  readonly target: IScalable;
  /** The object name. @default - the target's component name */
  readonly name?: string;
}

/**
 * Scales a workload on CPU and memory utilization and on other metrics (`autoscaling/v2`), at
 * the pace its scale-up and scale-down rules allow. The workload then stops setting `replicas`,
 * so applying the manifests does not fight the autoscaler.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, HorizontalPodAutoscaler } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'shop');
 * const web = new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27' }] });
 * new HorizontalPodAutoscaler(app, 'web-hpa', { target: web, minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 });
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export class HorizontalPodAutoscaler extends ApiResource {
  /** Renders the spec (its inputs are checked when the autoscaler is made). */
  private readonly renderSpec: () => unknown;

  public constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id, k8s.HorizontalPodAutoscaler.GVK, {
      metadata: {
        name: props.name ?? props.target.selectorLabels[Labels.NAME] ?? readableName([id]),
        namespace: props.target.namespace,
      },
    });
    const path = this.node.path;
    const target = props.target.scaleTargetRef;
    if (!target) {
      throw invalid(
        path,
        'target',
        props.target.node.path,
        'a Deployment or StatefulSet',
        'autoscale a Deployment or StatefulSet; DaemonSets, Jobs and CronJobs do not scale',
      );
    }
    checkSelectsSameEnvironment(this, 'target', props.target);
    const min = checkInteger(path, 'minReplicas', props.minReplicas ?? 1, 1);
    const max = checkInteger(path, 'maxReplicas', props.maxReplicas, 1);
    if (min > max) {
      throw invalid(path, 'minReplicas', min, `at most maxReplicas (${max})`, 'lower minReplicas or raise maxReplicas');
    }
    const others = props.metrics ?? [];
    const cpu = props.cpuUtilization ?? (props.memoryUtilization === undefined && others.length === 0 ? 80 : undefined);
    if (cpu !== undefined) checkInteger(path, 'cpuUtilization', cpu, 1, 1000);
    if (props.memoryUtilization !== undefined)
      checkInteger(path, 'memoryUtilization', props.memoryUtilization, 1, 1000);
    if (props.scaleDownStabilization !== undefined && props.scaleDown?.stabilization !== undefined) {
      throw invalid(
        path,
        'scaleDownStabilization',
        props.scaleDownStabilization.toSeconds(`${path}: scaleDownStabilization`),
        'either scaleDownStabilization or scaleDown.stabilization, not both',
        'keep scaleDown.stabilization',
      );
    }
    // Checked and rendered now (they are values), so bad input fails where it is written.
    const customMetrics = others.map((m, i) => m._render(path, `metrics[${i}]`));
    const scaleDown: ScalingRules | undefined =
      props.scaleDownStabilization !== undefined
        ? { ...props.scaleDown, stabilization: props.scaleDownStabilization }
        : props.scaleDown;
    const behavior = {
      scaleUp: props.scaleUp ? renderScalingRules(path, 'behavior.scaleUp', props.scaleUp) : undefined,
      scaleDown: scaleDown ? renderScalingRules(path, 'behavior.scaleDown', scaleDown) : undefined,
    };
    checkDnsLabel(path, 'name', this.name);
    props.target.markAutoscaled();

    const metric = (name: 'cpu' | 'memory', utilization: number) => {
      if (props.target.requestsResource && !props.target.requestsResource(name)) {
        throw invalid(
          path,
          `metrics.${name}`,
          utilization,
          `a ${name} utilization target only when every container of ${props.target.node.path} requests ${name}`,
          `set resources.${name}.request on the containers or defaults.resources.${name}.request in the environment`,
        );
      }
      return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } };
    };
    this.renderSpec = () => ({
      scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        ...(cpu !== undefined ? [metric('cpu', cpu)] : []),
        ...(props.memoryUtilization !== undefined ? [metric('memory', props.memoryUtilization)] : []),
        ...customMetrics,
      ],
      behavior: behavior.scaleUp || behavior.scaleDown ? behavior : undefined,
    });
    this.metadata.addLabel(Labels.NAME, props.target.selectorLabels[Labels.NAME] ?? this.name);
  }

  protected override renderFields(): Record<string, unknown> {
    return { spec: this.renderSpec() };
  }
}
