import * as path from 'path';
import {
  Application,
  ClusterRole,
  CustomResourceDefinitions,
  Deployment,
  Environment,
  Include,
  EnvValue,
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
 * the `redis` namespace only, its Deployment watching that namespace) and a RedisCluster sized
 * per environment, applied after the CRD.
 */
export function redis(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'redis');
  new Namespace(app, 'Namespace', { name: 'redis' });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);

  const crds = new CustomResourceDefinitions(app, 'Crds', {
    file: path.join(__dirname, '..', 'crds', 'redis.redis.opstreelabs.in_redisclusters.yaml'),
  });

  // Existing YAML, added as it is (paths are read from this folder, and must stay in it).
  new Include(app, 'AggregateRoles', {
    paths: 'upstream/redis-aggregate-roles.yaml',
    root: __dirname,
    appLabels: true,
  });

  const operator = new Deployment(app, 'redis-operator', {
    replicas: 1,
    containers: [
      {
        image: OPERATOR_IMAGE,
        args: ['--leader-elect'],
        // It manages the RedisClusters of its own namespace, where its role is bound.
        env: { WATCH_NAMESPACE: EnvValue.fromValue('redis') },
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

  // Bound in the redis namespace only: the Secrets it reads are those of its RedisClusters.
  const role = new ClusterRole(app, 'OperatorRole', { name: 'redis-operator' });
  role.bindInNamespace('redis', operator);
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
  dependsOn(cluster, crds, operator);
  return app;
}
