import { Application, Environment, EnvironmentDefaults, Platform } from 'berth-k8s';
import { KubeObject, ManifestRecord } from '../../lib/model/manifest';

/** A platform with one environment and one app, for rendering constructs in tests. */
export function makeApp(
  defaults: EnvironmentDefaults = {},
  envName = 'dev',
): { platform: Platform; env: Environment; app: Application } {
  const platform = new Platform();
  const env = new Environment(platform, envName, { config: {}, defaults });
  const app = new Application(env, 'shop');
  return { platform, env, app };
}

/** The rendered JSON of an L1 object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into rendered objects
export function render(obj: { toJson(): Record<string, unknown> }): any {
  return obj.toJson();
}

/** A record of `object` in environment dev, app shop, as validation reads it. */
export function recordOf(object: object): ManifestRecord {
  const o = object as KubeObject;
  return {
    environment: 'dev',
    app: 'shop',
    constructPath: `dev/shop/${String(o.metadata?.name)}/Resource`,
    object: o,
    waivers: [],
    dependsOn: [],
  };
}
