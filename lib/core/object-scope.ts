/**
 * Helpers the constructs share: metadata without undefined members, the app's namespace, and
 * references that must stay inside one environment (any object) or one environment and
 * namespace (selected workloads).
 */
import { IConstruct } from 'constructs';
import { Application } from './application';
import { Environment } from './environment';
import { invalid } from './input-checks';
import { InvalidInputError } from './invalid-input-error';
import { IPodSelectable } from './selectable';

/** The name of the environment `c` belongs to, or '' when it belongs to none. */
export function environmentNameOf(c: IConstruct): string {
  return Environment.tryOf(c)?.name ?? '';
}

/**
 * Throws when `target` is in another environment than `from`: an object of `dev` may not refer
 * to an object of `prod`. The message names both construct paths.
 */
export function checkSameEnvironment(from: IConstruct, field: string, target: IConstruct, what: string): void {
  const a = environmentNameOf(from);
  const b = environmentNameOf(target);
  if (a !== b) {
    throw new InvalidInputError(
      from.node.path,
      field,
      target.node.path,
      `the ${what} is in environment "${b}" but ${from.node.path} is in "${a}"`,
      `an object of environment "${a}"`,
      `Create (or declare) the ${what} in environment "${a}" and refer to that one.`,
    );
  }
}

/**
 * Metadata without `undefined` members: cdk8s spreads the given metadata over the generated
 * name, so `{ name: undefined }` would erase it.
 */
export function metadata(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The namespace of the app `c` belongs to. */
export function namespaceOf(c: IConstruct): string {
  const ns = Application.of(c).namespace;
  if (!ns) {
    throw new InvalidInputError(
      c.node.path,
      'namespace',
      undefined,
      'the app has no namespace',
      'an Application or Environment with a namespace',
      'Give the Application or the Environment a namespace.',
    );
  }
  return ns;
}

/**
 * Refuses a selected workload from another environment or namespace than `self` (a Service,
 * PodDisruptionBudget or autoscaler selects pods of its own environment and namespace only).
 */
export function checkSelectsSameEnvironment(
  self: IConstruct,
  field: string,
  target: IPodSelectable,
  namespace?: string,
): void {
  const env = Environment.of(self).name;
  if (target.environmentName !== env) {
    throw invalid(
      self.node.path,
      field,
      target.node.path,
      `a workload of environment "${env}" (this one is in "${target.environmentName}")`,
      'select the workload built for the same environment',
    );
  }
  if (namespace !== undefined && target.namespace !== namespace) {
    throw invalid(
      self.node.path,
      field,
      target.node.path,
      `a workload in namespace "${namespace}" (this one runs in "${target.namespace}")`,
      'create the object in the namespace of the pods it selects',
    );
  }
}
