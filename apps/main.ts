import { Environment, Platform } from 'berth-k8s';
import { dev, prod, PlatformConfig } from './config';
import { blog } from './blog';
import { certManager } from './cert-manager';
import { etcd } from './etcd';
import { mysql } from './mysql';
import { redis } from './redis';
import { shop } from './shop';
import { training } from './training';
import { wordpress } from './wordpress';

/**
 * The reference platform: every app in every environment. `berth synth` loads this module
 * and synthesizes the exported `platform`.
 */
export const platform = referencePlatform();

/**
 * The reference platform; with `vendoredCharts: false`, without the apps and the operator it
 * takes from third-party charts (what the bench compares a synth with the charts to).
 */
export function referencePlatform(options: { readonly vendoredCharts?: boolean } = {}): Platform {
  const vendored = options.vendoredCharts ?? true;
  const platform = new Platform();
  const environments: Record<string, PlatformConfig> = { dev, prod };
  for (const [name, config] of Object.entries(environments)) {
    const env = new Environment<PlatformConfig>(platform, name, {
      config,
      defaults: {
        replicas: config.replicas,
        storageClassName: 'standard',
        resources:
          name === 'prod'
            ? { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '512Mi' } }
            : { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      },
    });
    shop(env);
    redis(env, { operatorChart: vendored });
    mysql(env);
    training(env);
    etcd(env);
    wordpress(env);
    if (vendored) {
      blog(env);
      certManager(env);
    }
  }
  return platform;
}
