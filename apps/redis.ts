import * as path from 'path';
import {
  Application,
  Cluster,
  ClusterRole,
  CustomResourceDefinitions,
  Deployment,
  Environment,
  EnvValue,
  Include,
  Namespace,
  NetworkPolicies,
  Peer,
  Port,
  Probe,
  Waivers,
  dependsOn,
} from 'berth-k8s';
import { RedisCluster } from '../lib/imports/redis.redis.opstreelabs.in';
import { PlatformConfig } from './config';

/** Pinned versions: the operator and the Redis it runs. */
const OPERATOR_IMAGE = 'quay.io/opstree/redis-operator:v0.20.2';
const REDIS_IMAGE = 'quay.io/opstree/redis:v7.2.7';

/**
 * The Redis operator (its CRD, a least-privilege ClusterRole bound to its own ServiceAccount in
 * the namespaces it serves only, its Deployment watching those) and a RedisCluster sized per
 * environment, applied after the CRD. An environment on a cluster another owns (staging on dev's)
 * uses that one's CRD and operator, which also serves the sharing environment's namespace: a
 * second operator would fight the first over the same objects.
 */
export function redis(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'redis');
  new Namespace(app, 'Namespace', { name: app.namespace });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);

  const crds = new CustomResourceDefinitions(app, 'Crds', {
    file: path.join(__dirname, '..', 'crds', 'redis.redis.opstreelabs.in_redisclusters.yaml'),
  });
  if (env.config.ownsClusterObjects) Cluster.markOwner(crds);
  const operator = env.config.ownsClusterObjects ? redisOperator(app, servedNamespaces(env, app)) : undefined;

  // Existing YAML, added as it is (paths are read from this folder, and must stay in it).
  const roles = new Include(app, 'AggregateRoles', {
    paths: 'upstream/redis-aggregate-roles.yaml',
    root: __dirname,
    appLabels: true,
  });
  // Cluster-scoped: written once per cluster, by the environment that owns its shared objects.
  if (env.config.ownsClusterObjects) Cluster.markOwner(roles);

  const cluster = new RedisCluster(app, 'cache', {
    metadata: { name: 'cache' },
    spec: {
      clusterSize: env.config.redisClusterSize,
      clusterVersion: 'v7',
      kubernetesConfig: {
        image: REDIS_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        resources: {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { cpu: '500m', memory: '128Mi' },
        },
      },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 },
    },
  });
  dependsOn(cluster, crds, ...(operator ? [operator] : []));
  return app;
}

/**
 * The namespaces the operator of `env` serves: its own app's, and that of the redis app of every
 * other environment on its clusters (staging's on dev's cluster).
 */
function servedNamespaces(env: Environment<PlatformConfig>, app: Application): string[] {
  const names = new Set([app.namespace ?? 'redis']);
  const platform = env.node.scope;
  for (const other of platform?.node.children ?? []) {
    if (!Environment.isEnvironment(other) || other === env) continue;
    if (!other.clusters.some((c) => env.clusters.includes(c))) continue;
    names.add(other.namespaces.redis ?? 'redis');
  }
  return [...names].sort();
}

/** The operator: its Deployment, allowed to reach the API server, with a least-privilege ClusterRole. */
function redisOperator(app: Application, namespaces: readonly string[]): Deployment {
  const operator = new Deployment(app, 'redis-operator', {
    replicas: 1,
    containers: [
      {
        image: OPERATOR_IMAGE,
        args: ['--leader-elect'],
        // It manages the RedisClusters of the namespaces where its role is bound (a comma list).
        env: { WATCH_NAMESPACE: EnvValue.fromValue(namespaces.join(',')) },
        ports: [{ port: 8081, name: 'probes' }],
        readiness: Probe.http('/readyz', { port: 8081 }),
        liveness: Probe.http('/healthz', { port: 8081 }),
      },
    ],
    automountServiceAccountToken: true, // the operator talks to the API server
  });
  // The operator may reach the Kubernetes API server (its address differs per cluster).
  operator.connections.allowTo(Peer.anyIpv4(), { ports: [Port.tcp(443), Port.tcp(6443)] });

  // One active operator at a time (leader election): a second replica would only stand by.
  Waivers.of(operator).waive('policy/min-replicas', 'leader-elected operator; a restart only delays reconciliation');

  // Bound in the namespaces it serves only: the Secrets it reads are those of its RedisClusters.
  const role = new ClusterRole(app, 'OperatorRole', { name: 'redis-operator' });
  for (const ns of namespaces) role.bindInNamespace(ns, operator);
  role.allow(
    ['get', 'list', 'watch', 'update', 'patch'],
    [
      { apiGroups: ['redis.redis.opstreelabs.in'], resources: ['redisclusters'] },
      { apiGroups: ['redis.redis.opstreelabs.in'], resources: ['redisclusters/status', 'redisclusters/finalizers'] },
    ],
  );
  role.allow(
    ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    [
      { apiGroups: ['apps'], resources: ['statefulsets'] },
      { resources: ['services', 'configmaps', 'secrets', 'persistentvolumeclaims'] },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'] },
    ],
  );
  // Its StatefulSets create the pods: it reads and deletes them only.
  role.allow(['get', 'list', 'watch', 'delete'], [{ resources: ['pods'] }]);
  role.allow(['create', 'patch'], [{ resources: ['events'] }]);
  return operator;
}
