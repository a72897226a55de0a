import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ApiResource } from '../core/api-resource';
import { Application } from '../core/application';
import { InvalidInputError } from '../core/invalid-input-error';
import { installedResolveContext, ResolveContext } from '../core/resolve';
import { IncludedManifest, IncludeInputError, projectRoot, readIncluded } from './include-files';

/** Props of {@link Include}. */
export interface IncludeProps {
  /**
   * The YAML to add: a file, a folder (its `.yaml` and `.yml` files, subfolders included, in
   * path order), or several; relative to the project folder, and inside it.
   */
  readonly paths: string | readonly string[];
  /**
   * Whether the objects get the app's labels (`app.kubernetes.io/part-of`, `instance`,
   * `managed-by: berth` and the app's own), as Berth's objects do; their own labels win.
   * @default false - the objects keep exactly the labels of the file
   */
  readonly appLabels?: boolean;
  /**
   * The project folder the paths are read from.
   * @default - the nearest folder at or above the working directory that holds `cdk8s.yaml`
   */
  readonly root?: string;
}

/**
 * Existing YAML added to an app: upstream manifests, or a `kustomize build` output committed
 * to the project. Each object becomes an object of the app, like Berth's own: validated,
 * apply-ordered, written to the plain output and the app's Helm chart (where its name follows
 * the release). An object without a namespace gets the app's, unless its kind is cluster-scoped
 * (a built-in kind, an imported CRD, or a CRD of the included YAML); one with a namespace keeps
 * it. Bad YAML, a document that is not an object, two included objects with one name, or one
 * that has the name of another object of the app fail with the file and line.
 *
 * @example
 * import { Platform, Environment, Application, Include } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'monitoring');
 * new Include(app, 'Upstream', { paths: 'apps/upstream/dashboards.yaml', appLabels: true });
 */
export class Include extends Construct {
  /** The included objects, in file order. */
  public readonly objects: readonly ApiResource[];

  public constructor(scope: Construct, id: string, props: IncludeProps) {
    super(scope, id);
    const app = Application.of(this);
    const paths = typeof props.paths === 'string' ? [props.paths] : props.paths;
    if (paths.length === 0)
      throw new InvalidInputError(
        this.node.path,
        'paths',
        [],
        'no file or folder given',
        'a file or a folder of the project',
        'Pass paths: a YAML file or a folder of them.',
      );
    let manifests: IncludedManifest[];
    try {
      manifests = readIncluded(props.root ?? projectRoot(), paths);
    } catch (e) {
      if (!(e instanceof IncludeInputError)) throw e;
      throw new InvalidInputError(
        this.node.path,
        'paths',
        e.where,
        e.reason,
        'YAML files of Kubernetes objects inside the project',
        e.hint,
      );
    }
    const clusterKinds = clusterScopedByCrds(manifests);
    const seen = new Map<string, IncludedManifest>();
    this.objects = manifests.map((m) => {
      const { apiVersion, kind, metadata } = m.object;
      const key = `${groupOf(apiVersion)}/${kind}/${metadata.namespace ?? ''}/${metadata.name}`;
      const first = seen.get(key);
      if (first)
        throw new InvalidInputError(
          this.node.path,
          'paths',
          `${m.file}:${m.line}`,
          `${kind} ${metadata.name} is included twice: at ${first.file}:${first.line} and at ${m.file}:${m.line}`,
          'each object once',
          'Remove one of them from the YAML.',
        );
      seen.set(key, m);
      const ns = metadata.namespace === undefined ? '' : `-${metadata.namespace}`;
      return new IncludedObject(this, `${kind}${ns}-${metadata.name}`, m, {
        appLabels: props.appLabels === true,
        clusterScoped: clusterKinds.has(`${groupOf(apiVersion)}/${kind}`),
        appLabelKeys: Object.keys(app.labels),
      });
    });
  }

  /** The included object of `kind` named `name` (in `namespace`, when given), for patches (`addJsonPatch`). */
  public find(kind: string, name: string, namespace?: string): ApiResource | undefined {
    return this.objects.find(
      (o) => o.kind === kind && o.name === name && (namespace === undefined || o.metadata.namespace === namespace),
    );
  }
}

interface IncludedOptions {
  readonly appLabels: boolean;
  readonly clusterScoped: boolean;
  readonly appLabelKeys: readonly string[];
}

/**
 * The included objects. Not `instanceof`: cdk8s's ApiObject answers `instanceof` for every API
 * object (`Symbol.hasInstance`), subclasses included.
 */
const INCLUDED = new WeakSet<IConstruct>();

/** One included object: rendered as the file has it, with the app's namespace and, if asked, labels. */
class IncludedObject extends ApiResource {
  public constructor(
    scope: Construct,
    id: string,
    private readonly source: IncludedManifest,
    private readonly options: IncludedOptions,
  ) {
    const { apiVersion, kind } = source.object;
    super(scope, id, { apiVersion, kind }, source.object);
    INCLUDED.add(this);
  }

  public override toJson(): Record<string, unknown> {
    const clash = ownObjectNamed(this);
    if (clash)
      throw new InvalidInputError(
        this.node.path,
        'metadata.name',
        this.name,
        `${this.kind} ${this.name} from ${this.source.file}:${this.source.line} has the name of the app's own object ${clash.node.path}`,
        'a name no other object of the app has',
        `Rename one of them, or drop the object from ${this.source.file} if Berth's ${clash.node.path} replaces it.`,
      );
    let body = super.toJson();
    const metadata = { ...(body.metadata as Record<string, unknown>) };
    if (this.options.clusterScoped) delete metadata.namespace;
    if (!this.options.appLabels && metadata.labels !== undefined) {
      // cdk8s gives every object its chart's labels; the file's own labels are what is asked for.
      const own = (this.source.object.metadata.labels ?? {}) as Record<string, unknown>;
      const labels = { ...(metadata.labels as Record<string, unknown>) };
      for (const k of this.options.appLabelKeys) if (!Object.prototype.hasOwnProperty.call(own, k)) delete labels[k];
      if (Object.keys(labels).length === 0) delete metadata.labels;
      else metadata.labels = labels;
    }
    body = { ...body, metadata };
    return body;
  }
}

/** `group/Kind` of each kind a CustomResourceDefinition of the included YAML declares cluster-scoped. */
function clusterScopedByCrds(manifests: readonly IncludedManifest[]): Set<string> {
  const out = new Set<string>();
  for (const { object } of manifests) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = object.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
    if (spec?.scope === 'Cluster' && typeof spec.group === 'string' && typeof spec.names?.kind === 'string')
      out.add(`${spec.group}/${spec.names.kind}`);
  }
  return out;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Per render (its resolve context), per app: Berth's own objects by kind, namespace and name. */
const ownObjects = new WeakMap<ResolveContext, Map<Application, Map<string, ApiObject>>>();

/** The app's own (not included) object with the same group, kind, namespace and name as `o`, if any. */
function ownObjectNamed(o: IncludedObject): ApiObject | undefined {
  const app = Application.of(o);
  const context = installedResolveContext();
  let byApp = context ? ownObjects.get(context) : undefined;
  if (context && !byApp) ownObjects.set(context, (byApp = new Map()));
  let index = byApp?.get(app);
  if (!index) {
    index = new Map();
    for (const c of app.node.findAll() as IConstruct[])
      if (ApiObject.isApiObject(c) && !INCLUDED.has(c)) index.set(keyOf(c), c);
    byApp?.set(app, index);
  }
  return index.get(keyOf(o));
}

function keyOf(o: ApiObject): string {
  return `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.name}`;
}
