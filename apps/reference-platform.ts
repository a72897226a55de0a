import { Cluster, Cpu, Environment, Platform, Size, Waivers } from 'berth-k8s';
import { dev, prod, staging, PlatformConfig } from './config';
import { etcd } from './etcd';
import { mysql } from './mysql';
import { redis } from './redis';
import { shop } from './shop';
import { training } from './training';
import { wordpress } from './wordpress';
import { blog } from './blog';
import { certManager } from './cert-manager';

/** What every cluster of the platform provides: its Kubernetes version and storage classes. */
const CLUSTER_FACTS = { kubernetesVersion: '1.33', storageClasses: ['standard'], snapshotClasses: [] } as const;

/** The non-production cluster, the one Argo CD and Flux run in: dev's, and staging's beside it. */
const devCluster = new Cluster('nonprod', CLUSTER_FACTS);
/** prod's two clusters, reached by their names in Argo CD and their kubeconfig Secrets in Flux. */
const prodClusters = ['prod-eu', 'prod-us'].map(
  (name) =>
    new Cluster(name, { ...CLUSTER_FACTS, destination: { name }, kubeConfig: { secretName: `${name}-kubeconfig` } }),
);

const APPS = [shop, redis, mysql, training, etcd, wordpress];

const environments: { name: string; config: PlatformConfig; clusters: Cluster[]; suffix?: string }[] = [
  { name: 'dev', config: dev, clusters: [devCluster] },
  // On dev's cluster, each app in `<app>-staging`, so that nothing of dev's is overwritten.
  { name: 'staging', config: staging, clusters: [devCluster], suffix: '-staging' },
  { name: 'prod', config: prod, clusters: prodClusters },
];

/**
 * The reference platform; with `vendoredCharts: false`, without the apps it takes from
 * third-party charts (what the bench compares a synth with the charts to): blog, certs, and
 * redis, whose operator and CRDs come from the upstream redis-operator chart.
 */
export function referencePlatform(options: { readonly vendoredCharts?: boolean } = {}): Platform {
  const vendored = options.vendoredCharts ?? true;
  const platform = new Platform();
  // Every environment exists before any app is added: an app may serve the other environments
  // of its cluster (dev's Redis operator watches staging's namespace too).
  const envs = environments.map(({ name, config, clusters, suffix }) => {
    const env = new Environment<PlatformConfig>(platform, name, {
      config,
      clusters,
      namespaces: suffix
        ? Object.fromEntries(
            ['shop', 'redis', 'mysql', 'training', 'etcd', 'wordpress'].map((a) => [a, `${a}${suffix}`]),
          )
        : undefined,
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
      Waivers.of(env).waive(
        'policy/min-replicas',
        'a non-production environment runs one replica of each workload: it promises no availability',
      );
    }
    return env;
  });
  for (const env of envs) {
    const config = env.config;
    for (const app of APPS) if (vendored || app !== redis) app(env);
    // Third-party charts (cert-manager, Bitnami WordPress) where the environment owns its
    // cluster's shared objects: their CRDs and cluster roles go into a cluster once.
    if (vendored && config.ownsClusterObjects) {
      blog(env);
      certManager(env);
    }
  }
  return platform;
}
