import { IConstruct } from 'constructs';
import { Environment } from '../core/environment';
import { IPodSelectable } from '../core/selectable';
import { invalid } from '../core/input-checks';

/** Refuses a selected workload from another environment or namespace. @internal */
export function checkSameEnvironment(self: IConstruct, field: string, target: IPodSelectable, namespace?: string): void {
  const env = Environment.of(self).name;
  if (target.environmentName !== env) {
    throw invalid(self.node.path, field, target.node.path, `a workload of environment "${env}" (this one is in "${target.environmentName}")`,
      'select the workload built for the same environment');
  }
  if (namespace !== undefined && target.namespace !== namespace) {
    throw invalid(self.node.path, field, target.node.path, `a workload in namespace "${namespace}" (this one runs in "${target.namespace}")`,
      'create the object in the namespace of the pods it selects');
  }
}
