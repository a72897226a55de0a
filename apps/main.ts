import { Cpu, Environment, Platform, Size, Waivers } from 'berth-k8s';
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
          ? {
              cpu: { request: Cpu.millis(500), limit: Cpu.cores(2) },
              memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) },
            }
          : {
              cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
              memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) },
            },
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
