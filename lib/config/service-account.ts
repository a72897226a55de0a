import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkDnsSubdomain, checkNameAndLabels, checkUnicodeMap } from '../core/input-checks';
import { metadata, namespaceOf } from '../core/object-scope';
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
 * import { Platform, Environment, Application, ServiceAccount, Role } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'redis');
 * const sa = new ServiceAccount(app, 'Operator', { name: 'redis-operator', automountServiceAccountToken: true });
 * new Role(app, 'OperatorRole').grant(sa, ['get', 'list', 'watch'], [{ apiGroups: ['redis.redis.opstreelabs.in'], resources: ['redisclusters'] }]);
 */
export class ServiceAccount extends ApiResource implements IServiceAccount {
  /** Refers to a ServiceAccount that exists outside the app (no object is written). */
  public static fromName(scope: Construct, id: string, name: string, namespace?: string): IServiceAccount {
    checkDnsSubdomain(`${scope.node.path}/${id}`, 'serviceAccountName', name);
    return { serviceAccountName: name, namespace: namespace ?? namespaceOf(scope) };
  }

  public readonly serviceAccountName: string;
  public readonly namespace: string;

  private readonly pullSecrets: readonly ISecret[];

  public constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id, k8s.ServiceAccount.GVK, {
      metadata: metadata({
        name: props.name,
        labels: props.labels,
        annotations: props.annotations ? { ...props.annotations } : undefined,
      }),
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    });
    checkNameAndLabels(this.node.path, props);
    checkUnicodeMap(this.node.path, 'metadata.annotations', props.annotations);
    this.namespace = namespaceOf(this);
    this.pullSecrets = [...(props.imagePullSecrets ?? [])];
    this.serviceAccountName = this.name;
  }

  protected override renderFields(): Record<string, unknown> {
    return {
      ...super.renderFields(),
      imagePullSecrets: this.pullSecrets.length > 0 ? this.pullSecrets.map((s) => ({ name: s.secretName })) : undefined,
    };
  }
}
