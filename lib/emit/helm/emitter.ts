/**
 * The Helm emitter: `dist/charts/<app>/` per app, built from every environment's objects of
 * the app as the render stage rendered them for Helm output (declared values as markers), plus
 * the objects of conditional constructs that are off in some environment.
 */
import { IConstruct } from 'constructs';
import { Application } from '../../core/application';
import { Environment } from '../../core/environment';
import { AppManifests } from '../../render/collect';
import type { HelmRecords } from '../../render/helm-records';
import { KubeObject } from '../../model/manifest';
import type { SynthContext } from '../../render/synth-context';
import { Problem, Waiver } from '../../model/problem';
import { ChartEnvironmentInput, ChartInput, ChartObjectInput, buildChart } from './chart-builder';
import { chartState, ConditionalRecord } from '../../chart/chart-state';
import { pushTo } from '../../model/push-to';
import { sameCanonicalJson } from '../../model/canonical-json';
import { VendoredChart } from '../../chart/vendored-chart';
import { VendoredChartInput } from './vendored-dependencies';

function keyOf(constructPath: string, envPath: string): string {
  return constructPath.startsWith(`${envPath}/`) ? constructPath.slice(envPath.length + 1) : constructPath;
}

function under(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

/** One app (top-level or nested) in one environment, with the objects it owns. */
interface EnvApp {
  readonly environment: Environment;
  readonly app: Application;
  /** The release's namespace (the top app's). */
  readonly namespace: string;
  /** Helm renderings of the app's objects, nested apps' included. */
  readonly objects: readonly { constructPath: string; object: KubeObject; waivers?: readonly Waiver[] }[];
}

function nearestApplication(scope: IConstruct | undefined): Application | undefined {
  for (let c = scope; c; c = c.node.scope) {
    if (Application.isApplication(c)) return c;
  }
  return undefined;
}

/** The Applications nested directly in `app`. */
function nestedApplications(app: Application): Application[] {
  return app.node
    .findAll()
    .filter(
      (c): c is Application => Application.isApplication(c) && c !== app && nearestApplication(c.node.scope) === app,
    );
}

/** The VendoredCharts of `app` itself (not of the apps nested in it). */
function vendoredChartsOf(app: Application): VendoredChart<object>[] {
  return app.node
    .findAll()
    .filter((c): c is VendoredChart<object> => c instanceof VendoredChart && nearestApplication(c) === app);
}

/**
 * The vendored charts of a top-level app that become dependencies of its chart, by their key
 * (construct path below the environment). A chart any of whose objects is written otherwise
 * than Helm rendered it, in any environment (a JSON patch, a namespace Berth filled in, the
 * annotation naming the external Secrets it uses), stays templates of the app's chart instead:
 * Helm's render of the dependency would not give the objects of the plain output. So do the charts
 * of nested apps (their values would belong to the nested chart's own values).
 */
function vendoredInputs(sorted: readonly EnvApp[]): Map<string, { input: VendoredChartInput; paths: Set<string> }> {
  const found = new Map<string, { input: VendoredChartInput; values: Map<string, object>; paths: Set<string> }>();
  const changed = new Set<string>();
  for (const plain of sorted) {
    const envPath = plain.environment.node.path;
    const charts = vendoredChartsOf(plain.app);
    // Apps without vendored charts (nearly all objects of a large platform) have nothing to compare.
    if (charts.length === 0) continue;
    const writtenAs = new Map(plain.objects.map((o) => [o.constructPath, o.object]));
    for (const v of charts) {
      const key = keyOf(v.node.path, envPath);
      const differs = (o: (typeof v.apiObjects)[number]): boolean => {
        const written = writtenAs.get(o.node.path);
        return written === undefined || !sameCanonicalJson(written, o.rendered);
      };
      if (v.apiObjects.some(differs)) changed.add(key);
      let entry = found.get(key);
      if (!entry) {
        const values = new Map<string, object>();
        entry = {
          values,
          paths: new Set(),
          input: {
            name: v.chartName,
            version: v.chartVersion,
            constructPath: v.node.path,
            files: v._source.files,
            values,
          },
        };
        found.set(key, entry);
      }
      entry.values.set(plain.environment.name, v.values);
      entry.paths.add(v.node.path);
    }
  }
  for (const key of changed) found.delete(key);
  return found;
}

/** The chart input of one app (its nested apps as subcharts), from its environments. */
function chartInputOf(
  context: SynthContext,
  detached: HelmRecords['detached'],
  appName: string,
  envApps: readonly EnvApp[],
  problems: Problem[],
  top = true,
): ChartInput {
  const sorted = [...envApps].sort((a, b) => (a.environment.name < b.environment.name ? -1 : 1));
  const vendored = top ? vendoredInputs(sorted) : new Map<string, never>();
  const dependencyPaths = [...vendored.values()].flatMap((v) => [...v.paths]);
  const environments: ChartEnvironmentInput[] = [];
  const declarations = [];
  const nested = new Map<string, EnvApp[]>();
  let settings = {};
  for (const plain of sorted) {
    const state = chartState(plain.app);
    declarations.push(...state.declarations);
    if (state.settingsPath) settings = state.settings;
    const envPath = plain.environment.node.path;
    const children = nestedApplications(plain.app);
    const objects = plain.objects.filter(
      (o) =>
        !children.some((c) => under(o.constructPath, c.node.path)) &&
        !dependencyPaths.some((p) => under(o.constructPath, p)),
    );
    for (const c of children) {
      const envApp: EnvApp = {
        environment: plain.environment,
        app: c,
        namespace: plain.namespace,
        objects: plain.objects.filter((o) => under(o.constructPath, c.node.path)),
      };
      pushTo(nested, c.appName, envApp);
    }
    for (const c of state.conditionals) problems.push(...checkConditional(appName, plain.environment.name, c));
    objects.push(...(detached.get(plain.app) ?? []));
    const conditionsOf = (path: string): string[] =>
      state.conditionals
        .filter((c) => c.declaration && c.declaration.type === 'boolean' && under(path, c.constructPath))
        .map((c) => c.declaration!.name);
    environments.push({
      environment: plain.environment.name,
      namespace: plain.namespace,
      objects: objects.map((o): ChartObjectInput => ({
        key: keyOf(o.constructPath, envPath),
        constructPath: o.constructPath,
        object: o.object,
        conditions: conditionsOf(o.constructPath),
        waivers: o.waivers,
      })),
    });
  }
  const subcharts = [...nested]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, list]) => chartInputOf(context, detached, name, list, problems, false));
  return {
    app: appName,
    environments,
    declarations,
    settings,
    subcharts,
    vendored: [...vendored.values()].map((v) => v.input),
    valueMarkers: context.helmDiffers,
    kinds: context.kinds,
  };
}

/**
 * Emits one chart per app; paths are relative to `charts/`. With `put`, each file is handed to
 * it as soon as it is made (and `files` stays empty), so a large chart is never held whole.
 */
export function emitHelm(
  context: SynthContext,
  apps: readonly AppManifests[],
  helm: HelmRecords,
  put?: (path: string, content: string) => void,
): { files: Map<string, string>; problems: Problem[] } {
  const files = new Map<string, string>();
  const problems: Problem[] = [];
  const helmRenderOf = new Map(helm.apps.map((h) => [h.app, h]));
  const byApp = new Map<string, EnvApp[]>();
  for (const a of apps) {
    const helmApp = helmRenderOf.get(a.app);
    const envApp: EnvApp = {
      environment: a.environment,
      app: a.app,
      namespace: a.app.namespace ?? a.app.appName,
      objects: helmApp
        ? helmApp.records.map((r) => ({ constructPath: r.constructPath, object: r.object, waivers: r.waivers }))
        : [],
    };
    pushTo(byApp, a.app.appName, envApp);
  }

  for (const [appName, envApps] of [...byApp].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sink = (path: string, content: string): void => {
      if (put) put(`${appName}/${path}`, content);
      else files.set(`${appName}/${path}`, content);
    };
    const chart = buildChart(chartInputOf(context, helm.detached, appName, envApps, problems), sink);
    problems.push(...chart.problems);
  }
  return { files, problems };
}

function checkConditional(app: string, environment: string, c: ConditionalRecord): Problem[] {
  if (c.declaration && c.declaration.type === 'boolean') return [];
  const what = c.declaration
    ? `the ${c.declaration.type} value ${c.declaration.name}`
    : 'something that is not a chart value';
  return [
    {
      severity: 'error',
      rule: 'helm/condition-type',
      message: `Conditional.when is given ${what}; a condition must be a boolean chart value`,
      hint: "Declare the condition with ChartValues.of(app).condition('<name>.enabled', { default: false }) and pass that.",
      environment,
      app,
      constructPath: c.constructPath,
    },
  ];
}
