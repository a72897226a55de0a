import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Labels } from '../core/application';
import { readableName } from '../core/names';
import { IPodSelectable } from '../core/selectable';
import { checkSelectsSameEnvironment } from '../core/object-scope';
import { checkDnsLabel, checkIntOrPercent, invalid } from '../core/input-checks';

/** Options of `workload.addDisruptionBudget()`. Set at most one of the two. */
export interface DisruptionBudgetOptions {
  /** Pods that must stay available during voluntary disruptions (a count or `"50%"`). @default - unset; maxUnavailable applies */
  readonly minAvailable?: number | string;
  /** Pods that may be down during voluntary disruptions (a count or `"25%"`). @default 1 when minAvailable is unset */
  readonly maxUnavailable?: number | string;
}

/** Props of a {@link PodDisruptionBudget}. */
export interface PodDisruptionBudgetProps extends DisruptionBudgetOptions {
  /** The workload whose pods are protected. */
  readonly selector: IPodSelectable;
  /** The object name. @default - the workload's component name */
  readonly name?: string;
}

/**
 * Limits voluntary disruptions (node drains, upgrades) of a workload's pods.
 *
 * @example
 * import { Platform, Environment, Application, Deployment, PodDisruptionBudget } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'shop');
 * const web = new Deployment(app, 'web', { replicas: 3, containers: [{ image: 'nginx:1.27' }] });
 * new PodDisruptionBudget(app, 'web-pdb', { selector: web, minAvailable: 2 });
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export class PodDisruptionBudget extends ApiResource {
  private readonly selector: IPodSelectable;
  private readonly minAvailable: number | string | undefined;
  private readonly maxUnavailable: number | string | undefined;

  public constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    const component = props.selector.selectorLabels[Labels.NAME];
    super(scope, id, k8s.PodDisruptionBudget.GVK, {
      metadata: { name: props.name ?? component ?? readableName([id]), namespace: props.selector.namespace },
    });
    const path = this.node.path;
    checkSelectsSameEnvironment(this, 'selector', props.selector);
    if (props.minAvailable !== undefined && props.maxUnavailable !== undefined) {
      throw invalid(
        path,
        'maxUnavailable',
        props.maxUnavailable,
        'either minAvailable or maxUnavailable, not both',
        'remove one of the two',
      );
    }
    this.selector = props.selector;
    this.minAvailable =
      props.minAvailable === undefined ? undefined : checkIntOrPercent(path, 'minAvailable', props.minAvailable);
    this.maxUnavailable =
      props.maxUnavailable === undefined
        ? this.minAvailable === undefined
          ? 1
          : undefined
        : checkIntOrPercent(path, 'maxUnavailable', props.maxUnavailable);
    checkDnsLabel(path, 'name', this.name);
    this.metadata.addLabel(Labels.NAME, component ?? this.name);
  }

  protected override renderFields(): Record<string, unknown> {
    return {
      spec: {
        selector: { matchLabels: { ...this.selector.selectorLabels } },
        minAvailable: this.minAvailable,
        maxUnavailable: this.maxUnavailable,
      },
    };
  }
}
