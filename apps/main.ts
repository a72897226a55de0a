import { Environment, Platform, Waivers } from 'berth-k8s';
import { dev, prod, PlatformConfig } from './config';
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
export const platform = new Platform();

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
  if (!config.highAvailability) {
    Waivers.of(env).waive('policy/min-replicas', 'dev runs one replica of each workload: it promises no availability');
  }
  shop(env);
  redis(env);
  mysql(env);
  training(env);
  etcd(env);
  wordpress(env);
}
