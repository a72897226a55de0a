import { DEFAULT_K8S_VERSION, isKubernetesVersion, K8S_VERSIONS, KubernetesVersion } from '../model/kubernetes-version';
import { Construct, IConstruct } from 'constructs';
import { InvalidInputError } from './invalid-input-error';
import { checkDnsLabel } from './input-checks';
import { CheckedResourceDefaults, checkResourceDefaults, ResourceDefaults } from './resource-defaults';

export type { ResourceAmount, RequestAndLimit, ResourceDefaults, ResourceQuantities } from './resource-defaults';
import { Cluster } from './cluster';

const ENVIRONMENT = Symbol.for('berth.Environment');

/** Settings that flow to every construct in an environment unless the construct overrides them. */
export interface EnvironmentDefaults {
  /**
   * Container resources, for containers that set none, in the shape containers take
   * (`{ cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(128) } }`); checked
   * when the environment is constructed.
   * @default - none: containers must set their own
   */
  readonly resources?: ResourceDefaults;
  /** StorageClass for claims that do not name one. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** Replicas for workloads that do not set them. @default 1 */
  readonly replicas?: number;
  /** Extra labels put on every object of the environment. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Props of an {@link Environment}. */
export interface EnvironmentProps<TConfig> {
  /** The environment's typed configuration: what differs between dev and prod. */
  readonly config: TConfig;
  /** Default namespace of the environment's apps. @default - each app's own name */
  readonly namespace?: string;
  /** Defaults for the constructs in the environment. @default - none */
  readonly defaults?: EnvironmentDefaults;
  /**
   * The Kubernetes minor version the environment's clusters run (`'1.35'`): its objects are
   * validated against that version's OpenAPI definitions, so a field or kind the version lacks
   * is an error naming the version that has it, and an API it no longer serves names its
   * replacement. One of the versions Berth ships (1.32 to 1.36).
   * @default - the version its clusters declare when they agree on one Berth ships, else '1.33'
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * The clusters the environment deploys to: each app goes to every one of them. Two
   * environments may share a cluster (in their own namespaces). @default - none declared: the
   * cluster Argo CD runs in, and no check across environments
   */
  readonly clusters?: readonly Cluster[];
  /**
   * The namespace of each app, by app name, where it is not the app's own (staging's `shop` in
   * `shop-staging`). An app's own `namespace` prop comes first. @default - none
   */
  readonly namespaces?: Readonly<Record<string, string>>;
}

/**
 * One deployment target (dev, prod, ...): a name, namespaces and a typed config. Apps are
 * written once as constructs of the config and added to every environment; synth writes each
 * environment to `dist/<environment>/<app>/`.
 *
 * @example
 * import { Platform, Environment } from 'berth-k8s';
 * interface Config { readonly replicas: number }
 * const platform = new Platform();
 * const dev = new Environment<Config>(platform, 'dev', { config: { replicas: 1 } });
 */
export class Environment<TConfig = unknown> extends Construct {
  /** Whether `x` is an Environment (a brand check that works across library copies). */
  public static isEnvironment(x: unknown): x is Environment {
    return typeof x === 'object' && x !== null && ENVIRONMENT in x;
  }

  /** The environment `scope` belongs to; throws when it belongs to none. */
  public static of(scope: IConstruct): Environment {
    const found = Environment.tryOf(scope);
    if (!found) {
      throw new InvalidInputError(
        scope.node.path,
        'scope',
        undefined,
        'not inside an Environment',
        'a scope inside an Environment',
        'Create apps with an Environment as their scope.',
      );
    }
    return found;
  }

  /** The environment `scope` belongs to, or undefined. */
  public static tryOf(scope: IConstruct): Environment | undefined {
    for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
      if (Environment.isEnvironment(c)) {
        return c;
      }
    }
    return undefined;
  }

  /** The environment's name (its construct id), e.g. `prod`. */
  public readonly name: string;
  /** The typed configuration. */
  public readonly config: TConfig;
  /** The default namespace of apps, when set. */
  public readonly namespace?: string;
  /** Defaults applied to constructs in this environment. */
  public readonly defaults: EnvironmentDefaults;
  /** The Kubernetes version the environment is validated against. */
  public readonly kubernetesVersion: KubernetesVersion;
  private readonly checkedResources?: CheckedResourceDefaults;
  /** The clusters the environment deploys to (empty: none declared). */
  public readonly clusters: readonly Cluster[];
  /** The namespaces of apps, by app name. */
  public readonly namespaces: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: EnvironmentProps<TConfig>) {
    super(scope, id);
    Object.defineProperty(this, ENVIRONMENT, { value: true });
    this.name = id;
    this.config = props.config;
    this.namespace =
      props.namespace === undefined ? undefined : checkDnsLabel(this.node.path, 'namespace', props.namespace);
    this.defaults = props.defaults ?? {};
    this.clusters = Object.freeze([...(props.clusters ?? [])]);
    const seen = new Set<string>();
    this.clusters.forEach((c, i) => {
      if (seen.has(c.name)) {
        throw new InvalidInputError(
          this.node.path,
          `clusters[${i}]`,
          c.name,
          'names a cluster the environment already lists',
          'each cluster once',
          'Remove the second entry, or give the two clusters their own names.',
        );
      }
      seen.add(c.name);
    });
    // No prototype: an app named `constructor` has no namespace here unless one is given.
    const namespaces: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [app, ns] of Object.entries(props.namespaces ?? {})) {
      namespaces[app] = checkDnsLabel(this.node.path, `namespaces.${app}`, ns);
    }
    this.namespaces = Object.freeze(namespaces);
    if (props.kubernetesVersion !== undefined && !isKubernetesVersion(props.kubernetesVersion)) {
      throw new InvalidInputError(
        this.node.path,
        'kubernetesVersion',
        props.kubernetesVersion,
        'not a Kubernetes version Berth ships the definitions of',
        K8S_VERSIONS.map((v) => `'${v}'`).join(', '),
        `Pick the minor version the environment's clusters run, e.g. kubernetesVersion: '${DEFAULT_K8S_VERSION}'.`,
      );
    }
    // Without its own, the version its clusters declare, when they agree on a shipped one.
    const declared = [...new Set(this.clusters.map((c) => c.kubernetesVersion?.replace(/^v/, '')))];
    this.kubernetesVersion =
      props.kubernetesVersion ??
      (declared.length === 1 && isKubernetesVersion(declared[0]) ? declared[0] : DEFAULT_K8S_VERSION);
    const resources = this.defaults.resources;
    this.checkedResources = resources === undefined ? undefined : checkResourceDefaults(this.node.path, resources);
  }

  /** The resource defaults as checked quantity strings (what containers render), when set. */
  public resourceDefaults(): CheckedResourceDefaults | undefined {
    return this.checkedResources;
  }
}
