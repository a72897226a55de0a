import { IConstruct } from 'constructs';
import { checkSameEnvironment } from '../core/object-scope';

/**
 * Orders `dependent` after `dependencies` when applied: synth writes every API object under
 * `dependent` after every API object under each dependency (a custom resource after its CRD
 * and its operator's Deployment). A dependency in another environment is an error.
 *
 * This is `node.addDependency` with the environment check; both are honoured by synth.
 *
 * @example
 * import { Platform, Environment, Application, dependsOn } from 'berth-k8s';
 * import { Construct } from 'constructs';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'redis');
 * const operator = new Construct(app, 'Operator');
 * const cluster = new Construct(app, 'Cluster');
 * dependsOn(cluster, operator);
 */
export function dependsOn(dependent: IConstruct, ...dependencies: IConstruct[]): void {
  for (const d of dependencies) {
    checkSameEnvironment(dependent, 'dependsOn', d, 'dependency');
    dependent.node.addDependency(d);
  }
}
