import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Application } from '../core/application';
import { Environment } from '../core/environment';
import { renderFailure, renderObject } from '../core/api-resource';
import { ExternalObjects } from '../core/external-objects';
import { ResolveContext, resolveContextOf, withResolveContext } from '../core/resolve';
import { Waivers } from '../core/waivers';
import { annotateExternalReferences } from './external-annotations';
import { annotateWaivers } from './waiver-annotations';
import { noteKind } from './synth-context';
import type { KindInfo } from '../core/kind-registry';
import { Problem, Waiver } from '../model/problem';
import { KubeObject, ManifestRecord } from '../model/manifest';
import { pushTo } from '../model/push-to';
import { thrownMessage } from '../model/thrown-value';

/** The rendered objects of one app in one environment. */
export interface AppManifests {
  readonly environment: Environment;
  readonly app: Application;
  readonly records: readonly ManifestRecord[];
}

/** The result of rendering a construct tree. */
export interface CollectResult {
  readonly apps: readonly AppManifests[];
  readonly problems: readonly Problem[];
  /** Every object declared external under the root (see {@link ExternalObjects}), sorted. */
  readonly external: readonly string[];
  /** The names of every Environment under the root (with or without apps), in tree order. */
  readonly environments: readonly string[];
}

/** What a construct inherits from its ancestors, carried down by {@link gather}. */
interface Inherited {
  /** The outermost Application above the construct (not the construct itself). */
  readonly app: Application | undefined;
  /** The waivers of the ancestors, outermost first (shared while no construct adds any). */
  readonly waivers: readonly Waiver[];
  /** Whether an ancestor that is not a Chart has `dependsOn` dependencies. */
  readonly dependencies: boolean;
}

/** What one walk of the tree finds. */
interface Gathered {
  /** Every construct, in preorder (as `node.findAll()` lists them). */
  readonly all: IConstruct[];
  readonly environments: Environment[];
  readonly appsOf: Map<Environment, Application[]>;
  readonly objectsOf: Map<Application, ObjectEntry[]>;
  readonly externalOf: Map<Application | undefined, Set<string>>;
}

/** An API object with what its ancestors give it. */
interface ObjectEntry {
  readonly obj: ApiObject;
  readonly waivers: readonly Waiver[];
  readonly dependencies: boolean;
}

const NO_WAIVERS: readonly Waiver[] = Object.freeze([]);
const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/**
 * Walks the tree once, in preorder, carrying down what ancestors give (the outermost app,
 * waivers, whether any has dependencies): no per-object walk back up to the root.
 */
function gather(root: IConstruct): Gathered {
  const g: Gathered = { all: [], environments: [], appsOf: new Map(), objectsOf: new Map(), externalOf: new Map() };
  const visit = (c: IConstruct, from: Inherited): void => {
    g.all.push(c);
    const isApp = Application.isApplication(c);
    const declared = ExternalObjects.declaredOn(c);
    if (declared.length > 0) {
      const top = isApp ? (from.app ?? c) : from.app;
      const set = g.externalOf.get(top) ?? new Set<string>();
      for (const d of declared) set.add(d);
      g.externalOf.set(top, set);
    }
    const own = Waivers.declaredOn(c);
    const waivers = own.length === 0 ? from.waivers : [...from.waivers, ...own];
    // Its own dependencies or an enclosing construct's (a Chart's are the chart's, not its objects').
    const dependencies = from.dependencies || (!Chart.isChart(c) && c.node.dependencies.length > 0);
    if (ApiObject.isApiObject(c)) {
      if (from.app) pushTo(g.objectsOf, from.app, { obj: c, waivers, dependencies });
    } else if (isApp) {
      if (from.app === undefined) {
        const env = Environment.tryOf(c);
        if (env) pushTo(g.appsOf, env, c);
      }
    } else if (Environment.isEnvironment(c)) {
      g.environments.push(c);
    }
    const below: Inherited = { app: from.app ?? (isApp ? c : undefined), waivers, dependencies };
    for (const child of c.node.children) visit(child, below);
  };
  visit(root, { app: undefined, waivers: NO_WAIVERS, dependencies: false });
  return g;
}

function dependencyPaths(obj: ApiObject): string[] {
  const out: string[] = [];
  const ancestors = obj.node.scopes;
  const scopes: IConstruct[] = [obj, ...ancestors.filter((s) => !Chart.isChart(s))];
  for (const s of scopes) {
    for (const dep of s.node.dependencies) {
      if (ancestors.includes(dep)) {
        // An enclosing construct: its own object (itself, or its direct API object children),
        // not the other objects below it, which include this one.
        if (ApiObject.isApiObject(dep)) {
          if (dep !== obj) out.push(dep.node.path);
        } else {
          for (const c of dep.node.children) if (ApiObject.isApiObject(c) && c !== obj) out.push(c.node.path);
        }
        continue;
      }
      for (const c of dep.node.findAll()) {
        if (ApiObject.isApiObject(c) && c !== obj) out.push(c.node.path);
      }
    }
  }
  return [...new Set(out)].sort();
}

/** The names of the environments under `root`, in the order synth renders them; nothing is rendered. */
export function environmentNames(root: IConstruct): string[] {
  return root.node
    .findAll()
    .filter(Environment.isEnvironment)
    .map((e) => e.name);
}

/**
 * Renders every API object under `root` for `context` (by default plain YAML, with the tokens of
 * the tree), grouped by environment and app. An object that cannot be rendered becomes a
 * problem naming its construct path and field, never an exception. The kinds the rendered
 * objects carry are added to `kinds` (a synth's `SynthContext.kinds`).
 */
export function collect(
  root: IConstruct,
  context: ResolveContext = resolveContextOf(root),
  kinds?: Map<string, KindInfo>,
): CollectResult {
  return withResolveContext(context, () => collectInContext(root, kinds));
}

function collectInContext(root: IConstruct, kinds: Map<string, KindInfo> | undefined): CollectResult {
  const { all, environments, appsOf, objectsOf, externalOf } = gather(root);
  const problems: Problem[] = [...constructValidations(root, all)];
  const apps: AppManifests[] = [];
  for (const environment of environments) {
    for (const app of appsOf.get(environment) ?? []) {
      const records: ManifestRecord[] = [];
      const external: ReadonlySet<string> = externalOf.get(app) ?? new Set();
      for (const { obj, waivers, dependencies } of objectsOf.get(app) ?? []) {
        let object: KubeObject;
        let nullFree: boolean;
        noteKind(kinds, obj);
        try {
          const rendered = renderObject(obj);
          object = annotateWaivers(
            annotateExternalReferences(rendered.json as unknown as KubeObject, external),
            waivers,
            environment.node.path,
          );
          nullFree = rendered.nullFree;
        } catch (e) {
          problems.push({
            severity: 'error',
            rule: 'render/invalid-value',
            ...renderFailure(e),
            environment: environment.name,
            app: app.appName,
            constructPath: obj.node.path,
            object: `${obj.kind}/${obj.name}`,
          });
          continue;
        }
        records.push({
          environment: environment.name,
          app: app.appName,
          constructPath: obj.node.path,
          object,
          waivers,
          dependsOn: dependencies ? dependencyPaths(obj) : NO_DEPENDENCIES,
          nullFree,
        });
      }
      apps.push({ environment, app, records });
    }
  }
  const external = new Set<string>();
  for (const set of externalOf.values()) for (const e of set) external.add(e);
  return { apps, problems, external: [...external].sort(), environments: environments.map((e) => e.name) };
}

/**
 * Runs the validations constructs registered with `node.addValidation` (cdk8s and constructs
 * convention) and turns each message into a problem naming the construct path.
 */
export function constructValidations(root: IConstruct, all: readonly IConstruct[] = root.node.findAll()): Problem[] {
  const problems: Problem[] = [];
  for (const c of all) {
    let messages: string[];
    try {
      messages = c.node.validate();
    } catch (e) {
      messages = [thrownMessage(e)];
    }
    for (const message of messages) {
      const env = Environment.tryOf(c);
      problems.push({
        severity: 'error',
        rule: 'construct/validation',
        message,
        hint: 'Fix the construct props named in the message.',
        environment: env?.name,
        constructPath: c.node.path,
      });
    }
  }
  return problems;
}
