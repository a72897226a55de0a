import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as path from 'path';
import { Application } from '../core/application';
import { isClusterScopedKind } from '../core/cluster-scoped';
import { findKind } from '../core/kind-registry';
import { InvalidInputError } from '../core/invalid-input-error';
import { KubeObject } from '../model/manifest';
import { DEFAULT_K8S_VERSION } from '../model/kubernetes-version';
import { Environment } from '../core/environment';
import { ChartSource, ChartSourceError } from './chart-source';
import { HelmBinaryMissing } from './helm-binary';
import { HelmTemplateFailed, NonReproducibleRender, renderChart } from './helm-render';
import { orderHooks } from './helm-hooks';
import { checkVendoredValues, valuesError, VendoredValuesProblem } from './chart-values';
import { ChartReadError } from '../import/chart/read-chart';

/** The label and annotation maps of cdk8s's metadata. */
interface MetadataMaps {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Props of a {@link VendoredChart}. */
export interface VendoredChartProps<V extends object = Record<string, unknown>> {
  /**
   * The vendored chart: a directory holding `Chart.yaml`, or a package (`.tgz`), relative to the
   * current folder (give `path.join(__dirname, ...)` to be independent of it). Berth never
   * downloads a chart: fetch it once with `helm pull <repo>/<chart> --version <v> --untar`, and
   * vendor its dependencies under its `charts/`.
   */
  readonly chart: string;
  /** The values for this environment (`-f values`). @default - the chart's defaults */
  readonly values?: V;
}

/**
 * An object rendered by a {@link VendoredChart}: written as Helm rendered it (its own labels, no
 * Berth labels added), in the app's namespace when the template gives it none, without
 * `annotations: null` or `labels: null`, with the labels and annotations added through
 * `metadata` and the JSON patches added by `addJsonPatch` applied.
 */
export class VendoredChartObject extends ApiObject {
  public constructor(
    scope: Construct,
    id: string,
    /** The object as Helm rendered it. */
    public readonly rendered: KubeObject,
    private readonly defaultNamespace: string | undefined,
  ) {
    super(scope, id, {
      apiVersion: rendered.apiVersion,
      kind: rendered.kind,
      metadata: { name: rendered.metadata.name },
    });
    this.givenMetadata = this.metadata.toJson() as MetadataMaps;
  }

  /** cdk8s's metadata at construction (the app's labels): only what is added later is written. */
  private readonly givenMetadata: MetadataMaps;

  /** The object as Helm rendered it, in the app's namespace when it has none, patched. */
  public override toJson(): Record<string, unknown> {
    let body = JSON.parse(JSON.stringify(this.rendered)) as Record<string, unknown> & {
      metadata: Record<string, unknown>;
    };
    if (this.defaultNamespace !== undefined && body.metadata.namespace === undefined) {
      body.metadata = { ...body.metadata, namespace: this.defaultNamespace };
    }
    // A template that writes `annotations:` with nothing under it renders null, which kubectl
    // (kustomize) and the API server read as no annotations: written as no annotations.
    for (const key of ['annotations', 'labels']) if (body.metadata[key] === null) delete body.metadata[key];
    // Labels and annotations added with `metadata.addLabel` / `addAnnotation` after construction.
    const now = this.metadata.toJson() as MetadataMaps;
    for (const key of ['labels', 'annotations'] as const) {
      const added = Object.entries(now[key] ?? {}).filter(([k, v]) => this.givenMetadata[key]?.[k] !== v);
      if (added.length > 0)
        body.metadata = {
          ...body.metadata,
          [key]: { ...(body.metadata[key] as Record<string, string> | undefined), ...Object.fromEntries(added) },
        };
    }
    const patches = (this as unknown as { patches: JsonPatch[] }).patches;
    if (patches.length > 0) body = JsonPatch.apply(body, ...patches) as typeof body;
    return body;
  }
}

/**
 * A third-party Helm chart vendored in the repository, rendered at synth with the real Helm
 * binary (`helm template <app> <chart> --namespace <app's namespace> --include-crds
 * --kube-version <schemas' version> -f <values>`). Each rendered object becomes a child of this
 * construct, validated, ordered and written like the app's own objects; `find` returns one to
 * patch. Hooks keep their `helm.sh/hook` annotations and are applied in Helm's order.
 *
 * Generic over its values type, so an interface generated for the chart's values checks them.
 *
 * @example
 * import * as path from 'path';
 * import { JsonPatch } from 'cdk8s';
 * import { Application, Environment, Platform, VendoredChart } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'redis');
 * const redis = new VendoredChart(app, 'operator', { chart: path.join(__dirname, 'charts/redis-operator') });
 * redis.find('Deployment', 'redis-operator').addJsonPatch(JsonPatch.add('/spec/replicas', 2));
 */
export class VendoredChart<V extends object = Record<string, unknown>> extends Construct {
  /** The chart's name, from its `Chart.yaml`. */
  public readonly chartName: string;
  /** The chart's version, from its `Chart.yaml`. */
  public readonly chartVersion: string;
  /** The vendored chart. @internal */
  public readonly _source: ChartSource;
  /** The values it was rendered with. */
  public readonly values: V;
  /** Whether this synth read the render from the cache. @internal */
  public readonly _cached: boolean;
  private readonly objects: VendoredChartObject[] = [];

  public constructor(scope: Construct, id: string, props: VendoredChartProps<V>) {
    super(scope, id);
    const app = Application.of(this);
    this.values = props.values ?? ({} as V);
    const fail = (field: string, value: unknown, reason: string, allowed: string, hint: string): never => {
      throw new InvalidInputError(this.node.path, field, value, reason, allowed, hint);
    };
    let source: ChartSource | undefined;
    try {
      source = ChartSource.read(path.resolve(props.chart));
    } catch (e) {
      if (!(e instanceof ChartSourceError)) throw e;
      fail('chart', props.chart, e.reason, e.allowed, e.hint);
    }
    this._source = source!;
    this.chartName = this._source.metadata.name;
    this.chartVersion = this._source.metadata.version;
    const missing = this._source.missingDependencies();
    if (missing.length > 0)
      fail(
        'chart',
        props.chart,
        `the chart depends on ${missing.map((m) => JSON.stringify(m)).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not vendored under its charts/ folder`,
        'a chart whose dependencies are all under its charts/ folder (Berth never downloads)',
        'Run `helm dependency build` on the chart once and commit its charts/ folder.',
      );
    let rendered: { objects: KubeObject[]; cached: boolean } | undefined;
    try {
      rendered = renderChart({
        source: this._source,
        release: app.appName,
        namespace: app.namespace!,
        values: this.values,
        // The chart renders for the Kubernetes version its environment is validated against.
        kubeVersion: `v${Environment.tryOf(app)?.kubernetesVersion ?? DEFAULT_K8S_VERSION}.0`,
        check: () => this.checkValues(props.chart),
      });
    } catch (e) {
      if (e instanceof HelmBinaryMissing) fail('helm', undefined, e.message, 'a Helm binary', e.hint);
      if (e instanceof HelmTemplateFailed)
        fail(
          'values',
          undefined,
          `helm template failed: ${e.helmMessage}`,
          "values the chart's templates and values.schema.json accept",
          "Fix the values (or the chart) named in Helm's message.",
        );
      if (e instanceof NonReproducibleRender)
        fail(
          'values',
          undefined,
          `the chart renders differently each time, so every synth would write other output; fields that changed between two renders: ${e.differences.join('; ')}`,
          'values with which the chart renders the same objects every time',
          'Set the values the chart otherwise generates at random (passwords, certificates), or point the chart at an existing Secret (its `existingSecret`-style value).',
        );
      throw e;
    }
    this._cached = rendered!.cached;
    const clusterScopedKinds = customClusterScopedKinds(rendered!.objects);
    const ids = new Set<string>();
    for (const o of rendered!.objects) {
      const name = o.metadata?.name ?? '';
      const namespaced = !clusterScoped(o.apiVersion, o.kind, clusterScopedKinds);
      let id = `${o.kind}-${name}`;
      if (ids.has(id)) id = `${id}-${o.metadata.namespace ?? ''}`;
      ids.add(id);
      this.objects.push(new VendoredChartObject(this, id, o, namespaced ? app.namespace : undefined));
    }
    orderHooks(this.objects);
  }

  /**
   * Checks the values against the chart's values.schema.json (and its subcharts'), as Helm
   * would, before Helm runs: a bad value names its path, the chart's description and the fix.
   */
  private checkValues(given: string): void {
    let problems: VendoredValuesProblem[];
    try {
      const shown = this._source.packaged ? `${this._source.file}:${this.chartName}` : this._source.file;
      problems = checkVendoredValues(shown, this._source.files, this.values);
    } catch (e) {
      if (!(e instanceof ChartReadError)) throw e;
      throw new InvalidInputError(
        this.node.path,
        'chart',
        given,
        `the chart's ${e.file} cannot be used: ${e.detail}`,
        'a chart whose values.yaml is YAML and whose values.schema.json is a JSON schema (or that has none)',
        'Fix that file of the vendored chart, or vendor the chart again with `helm pull --untar`.',
      );
    }
    if (problems.length > 0) throw valuesError(this.node.path, problems);
  }

  /** Every object the chart rendered, in Helm's order. */
  public get apiObjects(): readonly VendoredChartObject[] {
    return this.objects;
  }

  /**
   * The rendered object of `kind` named `name` (in `namespace` when the chart renders two),
   * to patch with `addJsonPatch`; throws naming the objects of that kind when there is none.
   */
  public find(kind: string, name: string, namespace?: string): VendoredChartObject {
    const found = this.objects.filter(
      (o) =>
        o.kind === kind &&
        o.rendered.metadata.name === name &&
        (namespace === undefined || o.rendered.metadata.namespace === namespace),
    );
    if (found.length === 1) return found[0];
    const same = this.objects.filter((o) => o.kind === kind).map((o) => o.rendered.metadata.name ?? '');
    throw new InvalidInputError(
      this.node.path,
      'find',
      `${kind}/${name}`,
      found.length === 0
        ? `the chart ${this.chartName} rendered no ${kind} named ${JSON.stringify(name)}`
        : `the chart rendered ${found.length} objects ${kind}/${name}, in several namespaces`,
      same.length > 0 ? `the ${kind} objects it rendered: ${same.join(', ')}` : 'the kinds and names it rendered',
      found.length === 0 ? 'Use a kind and name of the render.' : 'Give the namespace too.',
    );
  }
}

/** The kinds the render's own CRDs declare cluster-scoped (`group/kind`). */
function customClusterScopedKinds(objects: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const spec = o.spec as { group?: string; scope?: string; names?: { kind?: string } } | undefined;
    if (spec?.scope === 'Cluster') out.add(`${spec.group}/${spec.names?.kind}`);
  }
  return out;
}

function clusterScoped(apiVersion: string, kind: string, custom: ReadonlySet<string>): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return (
    isClusterScopedKind(apiVersion, kind) ||
    findKind(apiVersion, kind)?.namespaced === false ||
    custom.has(`${group}/${kind}`)
  );
}
