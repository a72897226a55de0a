import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Environment } from './environment';
import { readableName } from './names';
import { InvalidInputError } from './invalid-input-error';
import { checkDnsLabel, checkLabelValue } from './input-checks';
import { Labels, MANAGED_BY_BERTH } from '../model/labels';

function parentApplication(scope: IConstruct): Application | undefined {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    if (Application.isApplication(c)) return c;
  }
  return undefined;
}

export { Labels } from '../model/labels';

/** Props of an {@link Application}. */
export interface ApplicationProps {
  /** Namespace of the app's namespaced objects. @default - the environment's `namespaces[id]`, its namespace, else the app name */
  readonly namespace?: string;
  /** Extra labels on every object of the app. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

const APPLICATION = Symbol.for('berth.Application');

/**
 * An app in an environment: a cdk8s `Chart` whose objects are written to
 * `dist/<environment>/<app>/` and packaged as the Helm chart `<app>`.
 *
 * Every object gets the labels `app.kubernetes.io/part-of: <app>`,
 * `app.kubernetes.io/instance: <app>` and `app.kubernetes.io/managed-by: berth`, and a readable
 * name derived from its construct path (no hash suffix).
 *
 * @example
 * import { Platform, Environment, Application } from 'berth-k8s';
 * const platform = new Platform();
 * const dev = new Environment(platform, 'dev', { config: {} });
 * const shop = new Application(dev, 'shop');
 */
export class Application extends Chart {
  /** Whether `x` is an Application (brand check). */
  public static isApplication(x: unknown): x is Application {
    return typeof x === 'object' && x !== null && APPLICATION in x;
  }

  /** The application `scope` belongs to; throws when it belongs to none. */
  public static of(scope: IConstruct): Application {
    for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
      if (Application.isApplication(c)) {
        return c;
      }
    }
    throw new InvalidInputError(
      scope.node.path,
      'scope',
      undefined,
      'not inside an Application',
      'a scope inside an Application',
      'Create the construct under an Application (or under a construct inside one).',
    );
  }

  /** The app's name (its construct id). */
  public readonly appName: string;
  /** The environment the app is in. */
  public readonly environment: Environment;

  public constructor(scope: Construct, id: string, props: ApplicationProps = {}) {
    const environment = Environment.of(scope);
    // A nested app (a Helm subchart) lives in its parent's namespace and release.
    const parent = parentApplication(scope);
    super(scope, id, {
      namespace:
        props.namespace ??
        parent?.namespace ??
        (parent ? undefined : environment.namespaces[id]) ??
        environment.namespace ??
        readableName([id]),
      labels: {
        ...environment.defaults.labels,
        ...props.labels,
        [Labels.PART_OF]: id,
        [Labels.INSTANCE]: parent ? parent.labels[Labels.INSTANCE] : id,
        [Labels.MANAGED_BY]: MANAGED_BY_BERTH,
      },
    });
    Object.defineProperty(this, APPLICATION, { value: true });
    // The id is the value of the part-of and instance labels of every object of the app.
    checkLabelValue(this.node.path, 'id', id);
    if (props.namespace !== undefined) checkDnsLabel(this.node.path, 'namespace', props.namespace);
    this.appName = id;
    this.environment = environment;
  }

  /**
   * Names objects from their construct path below the app (`frontend`, `db-data`), without a
   * hash. Two objects of one kind with the same name are reported by validation.
   */
  public override generateObjectName(apiObject: ApiObject): string {
    const scopes = apiObject.node.scopes;
    const index = scopes.indexOf(this);
    const ids = scopes.slice(index + 1).map((s) => s.node.id);
    return readableName(ids) || readableName([this.appName]);
  }
}
