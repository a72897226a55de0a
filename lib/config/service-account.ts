import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkDnsSubdomain, checkLabels } from './_validation';
import { metadata, namespaceOf } from './_scope';
import { ISecret } from './secret';

/** A ServiceAccount by name and namespace: what RBAC bindings and workloads need. */
export interface IServiceAccount {
  readonly serviceAccountName: string;
  readonly namespace: string;
}

/** Props of a {@link ServiceAccount}. */
export interface ServiceAccountProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /**
   * Whether pods mount the account's API token. Off unless the pods call the Kubernetes API.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /** Secrets used to pull images. @default - none */
  readonly imagePullSecrets?: readonly ISecret[];
  /** Annotations, e.g. `eks.amazonaws.com/role-arn` for IAM roles. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Extra labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A ServiceAccount: the identity pods run as. The API token is not mounted unless
 * `automountServiceAccountToken: true`. Pass it as a workload's `serviceAccount` and as the
 * subject of `role.grant(...)`.
 *
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/
 * @example
 * import { Platform, Environment, Application, ServiceAccount, Role } from 'berth';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'redis');
 * const sa = new ServiceAccount(app, 'Operator', { name: 'redis-operator', automountServiceAccountToken: true });
 * new Role(app, 'OperatorRole').grant(sa, ['get', 'list', 'watch'], [{ apiGroups: ['redis.redis.opstreelabs.in'], resources: ['redisclusters'] }]);
 */
export class ServiceAccount extends Construct implements IServiceAccount {
  /** Refers to a ServiceAccount that exists outside the app (no object is written). */
  public static fromName(scope: Construct, id: string, name: string, namespace?: string): IServiceAccount {
    checkDnsSubdomain(`${scope.node.path}/${id}`, 'serviceAccountName', name);
    return { serviceAccountName: name, namespace: namespace ?? namespaceOf(scope) };
  }

  /** The L1 object. */
  public readonly resource: k8s.ServiceAccount;
  public readonly serviceAccountName: string;
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id);
    if (props.name !== undefined) checkDnsSubdomain(this.node.path, 'metadata.name', props.name);
    const labels = props.labels ? checkLabels(this.node.path, 'metadata.labels', props.labels) : undefined;
    this.namespace = namespaceOf(this);
    const pullSecrets = [...(props.imagePullSecrets ?? [])];
    this.resource = new k8s.ServiceAccount(this, 'Resource', {
      metadata: metadata({ name: props.name, labels, annotations: props.annotations ? { ...props.annotations } : undefined }),
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      imagePullSecrets: Lazy.any({ produce: () => (pullSecrets.length > 0 ? pullSecrets.map((s) => ({ name: s.secretName })) : undefined) }),
    });
    this.serviceAccountName = this.resource.name;
  }
}
