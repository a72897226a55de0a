/**
 * The record sets of the Helm output: every app's objects rendered with chart values as Helm
 * markers, and the objects of conditional constructs that are detached in an environment (off
 * there, so absent from its plain output, but templated in the chart behind their condition).
 * Rendered here, in the render stage, so the chart emitter only turns records into files.
 */
import { ApiObject } from 'cdk8s';
import { Application } from '../core/application';
import { renderFailure } from '../core/api-resource';
import { withResolveContext } from '../core/resolve';
import { chartState } from '../chart/chart-state';
import { KubeObject } from '../model/manifest';
import { Problem } from '../model/problem';
import { AppManifests, collect } from './collect';
import { noteKind, SynthContext } from './synth-context';

/** One object of the Helm render, by the construct that made it. */
export interface HelmObject {
  readonly constructPath: string;
  readonly object: KubeObject;
}

/** What the chart emitter is given. */
export interface HelmRecords {
  /** The apps rendered with chart values as markers (the plain apps when no value is declared). */
  readonly apps: readonly AppManifests[];
  /** The objects of each Application's detached conditional constructs, in their order. */
  readonly detached: ReadonlyMap<Application, readonly HelmObject[]>;
  /** Objects that failed to render (`render/invalid-value`). */
  readonly problems: readonly Problem[];
}

/** The Applications at or below `app`, `app` first. */
function applicationsUnder(app: Application): Application[] {
  return app.node.findAll().filter((c): c is Application => Application.isApplication(c));
}

/**
 * Renders the Helm record sets of `apps` (the plain render of the environments synthesized):
 * again with the Helm resolve context when the tree declares chart values, and the detached
 * conditionals of each app and of the apps nested in it.
 */
export function helmRecords(context: SynthContext, apps: readonly AppManifests[]): HelmRecords {
  const helmApps = context.helmDiffers ? collect(context.root, context.helm).apps : apps;
  const detached = new Map<Application, HelmObject[]>();
  const problems: Problem[] = [];
  for (const a of apps) {
    for (const app of applicationsUnder(a.app)) {
      const objects: HelmObject[] = [];
      for (const c of chartState(app).conditionals) {
        if (!c.detached) continue;
        for (const obj of c.construct.node.findAll().filter((x): x is ApiObject => ApiObject.isApiObject(x))) {
          try {
            noteKind(context.kinds, obj);
            const object = withResolveContext(context.helm, () => obj.toJson()) as KubeObject;
            objects.push({ constructPath: obj.node.path, object });
          } catch (e) {
            problems.push({
              severity: 'error',
              rule: 'render/invalid-value',
              ...renderFailure(e),
              environment: a.environment.name,
              app: app.appName,
              constructPath: obj.node.path,
            });
          }
        }
      }
      if (objects.length > 0) detached.set(app, objects);
    }
  }
  return { apps: helmApps, detached, problems };
}
