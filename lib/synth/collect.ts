import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Application } from '../core/application';
import { Environment } from '../core/environment';
import { RenderError, renderObject } from '../core/api-resource';
import { ExternalObjects } from '../core/external-objects';
import { Waivers } from '../core/waivers';
import { Problem } from '../validate/problem';
import { annotateExternalReferences } from './external-annotations';
import { KubeObject, ManifestRecord } from './manifest';

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
}

function outermostApplication(c: IConstruct): Application | undefined {
  let found: Application | undefined;
  for (let s: IConstruct | undefined = c.node.scope; s; s = s.node.scope) {
    if (Application.isApplication(s)) found = s;
  }
  return found;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function nearestApplication(scope: IConstruct | undefined): Application | undefined {
  for (let c = scope; c; c = c.node.scope) {
    if (Application.isApplication(c)) return c;
  }
  return undefined;
}

function dependencyPaths(obj: ApiObject): string[] {
  const out: string[] = [];
  const ancestors = obj.node.scopes;
  const scopes: IConstruct[] = [obj, ...ancestors.filter((s) => !Chart.isChart(s))];
  for (const s of scopes) {
    for (const dep of s.node.dependencies) {
      // A dependency on an enclosing construct (a quota added to its Namespace) means its own
      // objects, not the siblings of this one.
      const enclosing = ancestors.includes(dep);
      for (const c of dep.node.findAll()) {
        if (ApiObject.isApiObject(c) && c !== obj && (!enclosing || c.node.scope === dep)) out.push(c.node.path);
      }
    }
  }
  return [...new Set(out)].sort();
}

/**
 * Renders every API object under `root` for the current resolve context, grouped by
 * environment and app. An object that cannot be rendered becomes a problem naming its
 * construct path and field, never an exception.
 */
export function collect(root: IConstruct): CollectResult {
  // One walk of the tree serves every question below (the tree can hold 100k constructs).
  const all = root.node.findAll();
  const problems: Problem[] = [...constructValidations(root, all)];
  const appsOf = new Map<Environment, Application[]>();
  const objectsOf = new Map<Application, ApiObject[]>();
  const externalOf = new Map<Application | undefined, Set<string>>();
  for (const c of all) {
    const declared = ExternalObjects.declaredOn(c);
    if (declared.length > 0) {
      // An app's declarations count for the outermost app it belongs to (ExternalObjects.collect(app)).
      const top = Application.isApplication(c) ? (outermostApplication(c) ?? c) : outermostApplication(c);
      const set = externalOf.get(top) ?? new Set<string>();
      for (const d of declared) set.add(d);
      externalOf.set(top, set);
    }
    if (ApiObject.isApiObject(c)) {
      const top = outermostApplication(c);
      if (top) push(objectsOf, top, c);
    } else if (Application.isApplication(c) && nearestApplication(c.node.scope) === undefined) {
      const env = Environment.tryOf(c);
      if (env) push(appsOf, env, c);
    }
  }
  const apps: AppManifests[] = [];
  for (const environment of all.filter((c): c is Environment => Environment.isEnvironment(c))) {
    for (const app of appsOf.get(environment) ?? []) {
      const records: ManifestRecord[] = [];
      const external: ReadonlySet<string> = externalOf.get(app) ?? new Set();
      for (const obj of objectsOf.get(app) ?? []) {
        let object: KubeObject;
        let nullFree: boolean;
        try {
          const rendered = renderObject(obj);
          object = annotateExternalReferences(rendered.json as unknown as KubeObject, external);
          nullFree = rendered.nullFree;
        } catch (e) {
          const re = e instanceof RenderError ? e : undefined;
          problems.push({
            severity: 'error',
            rule: 'render/invalid-value',
            message: re ? `cannot render field ${re.field}: ${re.message}` : String((e as Error)?.message ?? e),
            hint: 'Pass plain data (strings, numbers, booleans, arrays, objects) or a Berth value to this field.',
            environment: environment.name,
            app: app.appName,
            constructPath: obj.node.path,
            object: `${obj.kind}/${obj.name}`,
            field: re?.field,
          });
          continue;
        }
        records.push({
          environment: environment.name,
          app: app.appName,
          constructPath: obj.node.path,
          object,
          waivers: Waivers.collect(obj),
          dependsOn: dependencyPaths(obj),
          nullFree,
        });
      }
      apps.push({ environment, app, records });
    }
  }
  const external = new Set<string>();
  for (const set of externalOf.values()) for (const e of set) external.add(e);
  return { apps, problems, external: [...external].sort() };
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
      messages = [String((e as Error)?.message ?? e)];
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
