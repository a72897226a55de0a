import { IConstruct } from 'constructs';
import { Application } from '../core/application';
import { Environment } from '../core/environment';
import { KubeObject } from '../model/manifest';
import { synthesize, SynthOptions } from '../synth/synthesizer';

/** Options of the in-memory synth helpers: validation settings (`policy`, `severities`). */
export type TestSynthOptions = Omit<SynthOptions, 'outdir' | 'dryRun' | 'environments' | 'format'>;

function synthEnvironments(root: IConstruct, environments: readonly string[] | undefined, options: TestSynthOptions) {
  return synthesize(root, { ...options, environments, dryRun: true, format: 'plain' }).apps;
}

/**
 * Renders and validates one app in memory (nothing is written) and returns its objects in
 * construct order. Throws `ValidationFailed` like `berth synth` when an object is invalid.
 *
 * @example
 * import { Application, Environment, Platform } from 'berth-k8s';
 * import { synthApp } from 'berth-k8s/testing';
 * const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
 * const objects = synthApp(app);
 */
export function synthApp(app: Application, options: TestSynthOptions = {}): KubeObject[] {
  const apps = synthEnvironments(app.node.root, [app.environment.name], options);
  const found = apps.find((a) => a.app === app);
  return found ? found.records.map((r) => r.object) : [];
}

/** Renders and validates every app of one environment in memory; returns their objects, app by app. */
export function synthEnvironment(env: Environment, options: TestSynthOptions = {}): KubeObject[] {
  return synthEnvironments(env.node.root, [env.name], options).flatMap((a) => a.records.map((r) => r.object));
}

/** Renders and validates a whole platform in memory; returns the objects by `<environment>/<app>`. */
export function synthPlatform(platform: IConstruct, options: TestSynthOptions = {}): Record<string, KubeObject[]> {
  const out: Record<string, KubeObject[]> = {};
  for (const a of synthEnvironments(platform, undefined, options)) {
    out[`${a.environment.name}/${a.app.appName}`] = a.records.map((r) => r.object);
  }
  return out;
}
