/** Anything that names a ServiceAccount (an identity construct, or `ServiceAccountRef.fromName('ci')`). */
export interface IServiceAccountRef {
  readonly serviceAccountName: string;
}

/**
 * A reference to an existing ServiceAccount, for `serviceAccount:` on a workload.
 *
 * @example
 * import { ServiceAccountRef } from 'berth-k8s';
 * const ci = ServiceAccountRef.fromName('ci-runner');
 */
export class ServiceAccountRef implements IServiceAccountRef {
  /** A ServiceAccount that exists in the workload's namespace. */
  public static fromName(serviceAccountName: string): IServiceAccountRef {
    return new ServiceAccountRef(serviceAccountName);
  }
  private constructor(public readonly serviceAccountName: string) {}
}
