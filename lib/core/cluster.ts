import { IConstruct } from 'constructs';
import { InvalidInputError } from './invalid-input-error';
import { checkDnsLabel, checkDnsSubdomain } from './input-checks';

const OWNER = Symbol.for('berth.Cluster.owner');

/** Where Argo CD deploys to: exactly one of the cluster's API server URL or its name in Argo CD. */
export interface ClusterDestination {
  /** The API server URL, e.g. `https://kubernetes.default.svc` or `https://prod-eu.example.com`. */
  readonly server?: string;
  /** The cluster's name as registered in Argo CD (`argocd cluster add`). */
  readonly name?: string;
}

/** The kubeconfig Secret Flux uses to reach a remote cluster (in the Kustomization's namespace). */
export interface ClusterKubeConfig {
  /** The Secret's name. */
  readonly secretName: string;
  /** The key holding the kubeconfig. @default 'value' (Flux's default) */
  readonly key?: string;
}

/** Props of a {@link Cluster}. */
export interface ClusterProps {
  /**
   * Where Argo CD deploys to. @default - the cluster Argo CD runs in (`https://kubernetes.default.svc`)
   */
  readonly destination?: ClusterDestination;
  /** For Flux: the kubeconfig Secret of a remote cluster. @default - the cluster Flux runs in */
  readonly kubeConfig?: ClusterKubeConfig;
  /**
   * The cluster's Kubernetes version (`1.33`); a version other than the one Berth validates
   * against is a warning. @default - not checked
   */
  readonly kubernetesVersion?: string;
  /**
   * The StorageClasses the cluster provides (besides those the platform writes into it): a
   * claim naming another is an error. @default - not checked
   */
  readonly storageClasses?: readonly string[];
  /** The VolumeSnapshotClasses the cluster provides, likewise. @default - not checked */
  readonly snapshotClasses?: readonly string[];
  /** The IngressClasses the cluster provides, likewise. @default - not checked */
  readonly ingressClasses?: readonly string[];
  /** The GatewayClasses the cluster provides, likewise (for Gateways). @default - not checked */
  readonly gatewayClasses?: readonly string[];
  /**
   * Namespaces several environments may deploy into on this cluster (a shared `monitoring`);
   * two environments in any other namespace of one cluster are an error. @default - none
   */
  readonly sharedNamespaces?: readonly string[];
}

const VERSION = /^v?(\d+)\.(\d+)(\.\d+)?$/;

/**
 * A Kubernetes cluster environments deploy to. One Cluster object may serve several
 * environments (dev and staging in their own namespaces); an environment may deploy to several
 * clusters (prod in `prod-eu` and `prod-us`). Synth then checks that what the environments of
 * one cluster write does not collide, and the GitOps output targets each cluster.
 *
 * @example
 * import { Cluster, Environment, Platform } from 'berth-k8s';
 * const eu = new Cluster('prod-eu', { destination: { name: 'prod-eu' }, kubernetesVersion: '1.33' });
 * new Environment(new Platform(), 'prod', { config: {}, clusters: [eu] });
 */
export class Cluster {
  /**
   * Marks `resource` (a cluster-scoped object) as the owner of its copy on a cluster that
   * several environments share: the other environments' identical copies are then not written
   * (they refer to this one), rather than being an error.
   */
  public static markOwner(resource: IConstruct): void {
    Object.defineProperty(resource, OWNER, { value: true, configurable: true });
  }

  /** Whether `resource` was marked with {@link Cluster.markOwner}. */
  public static isOwner(resource: IConstruct): boolean {
    return OWNER in resource;
  }

  /** The cluster's name: unique in the platform, and the Argo CD Application suffix. */
  public readonly name: string;
  /** Where Argo CD deploys to. */
  public readonly destination: ClusterDestination;
  /** The kubeconfig Secret of a remote cluster, for Flux. */
  public readonly kubeConfig?: ClusterKubeConfig;
  /** The Kubernetes version, `major.minor`, when declared. */
  public readonly kubernetesVersion?: string;
  public readonly storageClasses?: readonly string[];
  public readonly snapshotClasses?: readonly string[];
  public readonly ingressClasses?: readonly string[];
  public readonly gatewayClasses?: readonly string[];
  public readonly sharedNamespaces: readonly string[];

  public constructor(name: string, props: ClusterProps = {}) {
    const path = `Cluster ${JSON.stringify(name)}`;
    this.name = checkDnsLabel(path, 'name', name);
    const d = props.destination;
    if (d !== undefined) {
      const count = (d.server !== undefined ? 1 : 0) + (d.name !== undefined ? 1 : 0);
      if (count !== 1 || d.server === '' || d.name === '') {
        throw new InvalidInputError(
          path,
          'destination',
          d,
          count === 2 ? 'names both a server and a name' : 'names neither a server nor a name',
          'exactly one of `server` (the API server URL) or `name` (the cluster as Argo CD knows it)',
          "Set destination: { server: 'https://...' } or destination: { name: '...' }, or leave destination out for the cluster Argo CD runs in.",
        );
      }
      if (d.server !== undefined && !/^https?:\/\/\S+$/.test(d.server)) {
        throw new InvalidInputError(
          path,
          'destination.server',
          d.server,
          'is not an http(s) URL',
          'the API server URL, e.g. https://kubernetes.default.svc',
          'Use the URL Argo CD lists for the cluster (`argocd cluster list`).',
        );
      }
      if (d.name !== undefined) checkDnsSubdomain(path, 'destination.name', d.name);
    }
    this.destination = d ?? { server: 'https://kubernetes.default.svc' };
    if (props.kubeConfig !== undefined) checkDnsSubdomain(path, 'kubeConfig.secretName', props.kubeConfig.secretName);
    this.kubeConfig = props.kubeConfig;
    if (props.kubernetesVersion !== undefined) {
      const m = VERSION.exec(props.kubernetesVersion);
      if (!m) {
        throw new InvalidInputError(
          path,
          'kubernetesVersion',
          props.kubernetesVersion,
          'is not a Kubernetes version',
          'major.minor, e.g. 1.33 (a patch and a leading v are accepted)',
          'Use the version `kubectl version` reports for the server.',
        );
      }
      this.kubernetesVersion = `${m[1]}.${m[2]}`;
    }
    const names = (field: string, list: readonly string[] | undefined): readonly string[] | undefined =>
      list === undefined ? undefined : Object.freeze(list.map((n, i) => checkDnsSubdomain(path, `${field}[${i}]`, n)));
    this.storageClasses = names('storageClasses', props.storageClasses);
    this.snapshotClasses = names('snapshotClasses', props.snapshotClasses);
    this.ingressClasses = names('ingressClasses', props.ingressClasses);
    this.gatewayClasses = names('gatewayClasses', props.gatewayClasses);
    this.sharedNamespaces = (props.sharedNamespaces ?? []).map((n, i) =>
      checkDnsLabel(path, `sharedNamespaces[${i}]`, n),
    );
  }
}
