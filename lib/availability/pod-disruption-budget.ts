import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Labels } from '../core/application';
import { readableName } from '../core/names';
import { IPodSelectable } from '../core/selectable';
import { checkSameEnvironment } from '../service/_select';
import { checkDnsLabel, checkIntOrPercent, invalid } from '../workloads/_validate';

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
 * import { Platform, Environment, Application, Deployment, PodDisruptionBudget } from 'berth';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'shop');
 * const web = new Deployment(app, 'web', { replicas: 3, containers: [{ image: 'nginx:1.27' }] });
 * new PodDisruptionBudget(app, 'web-pdb', { selector: web, minAvailable: 2 });
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export class PodDisruptionBudget extends Construct {
  /** The L1 object. */
  public readonly resource: k8s.PodDisruptionBudget;
  /** The object name. */
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id);
    const path = this.node.path;
    checkSameEnvironment(this, 'selector', props.selector);
    if (props.minAvailable !== undefined && props.maxUnavailable !== undefined) {
      throw invalid(path, 'maxUnavailable', props.maxUnavailable, 'either minAvailable or maxUnavailable, not both', 'remove one of the two');
    }
    const minAvailable = props.minAvailable === undefined ? undefined : checkIntOrPercent(path, 'minAvailable', props.minAvailable);
    const maxUnavailable = props.maxUnavailable === undefined
      ? (minAvailable === undefined ? 1 : undefined)
      : checkIntOrPercent(path, 'maxUnavailable', props.maxUnavailable);
    const component = props.selector.selectorLabels[Labels.NAME];
    this.name = checkDnsLabel(path, 'name', props.name ?? component ?? readableName([id]));
    this.resource = new k8s.PodDisruptionBudget(this, 'Resource', {
      metadata: { name: this.name, namespace: props.selector.namespace },
      spec: Lazy.any({
        produce: () => ({ selector: { matchLabels: { ...props.selector.selectorLabels } }, minAvailable, maxUnavailable }),
      }),
    });
    this.resource.metadata.addLabel(Labels.NAME, component ?? this.name);
  }
}
