import * as path from 'path';
import {
  Application,
  Cluster,
  ClusterRole,
  CustomResourceDefinitions,
  Deployment,
  Environment,
  Namespace,
  NetworkPolicies,
  Peer,
  Port,
  Probe,
  dependsOn,
} from 'berth-k8s';
import { RedisCluster } from '../lib/imports/redis.redis.opstreelabs.in';
import { PlatformConfig } from './config';

/** Pinned versions: the operator and the Redis it runs. */
const OPERATOR_IMAGE = 'quay.io/opstree/redis-operator:v0.20.2';
const REDIS_IMAGE = 'quay.io/opstree/redis:v7.2.7';

/**
 * The Redis operator (its CRD, a least-privilege ClusterRole bound to its own ServiceAccount,
 * its Deployment) and a RedisCluster sized per environment, applied after the CRD. An
 * environment on a cluster another owns (staging on dev's) uses that one's CRD and operator,
 * which watches every namespace: a second operator would fight the first over the same objects.
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
  const operator = env.config.ownsClusterObjects ? redisOperator(app) : undefined;

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

/** The operator: its Deployment, allowed to reach the API server, with a least-privilege ClusterRole. */
function redisOperator(app: Application): Deployment {
  const operator = new Deployment(app, 'redis-operator', {
    replicas: 1,
    containers: [
      {
        image: OPERATOR_IMAGE,
        args: ['--leader-elect'],
        ports: [{ port: 8081, name: 'probes' }],
        readiness: Probe.http('/readyz', { port: 8081 }),
        liveness: Probe.http('/healthz', { port: 8081 }),
      },
    ],
    automountServiceAccountToken: true, // the operator talks to the API server
  });
  // The operator may reach the Kubernetes API server (its address differs per cluster).
  operator.connections.allowTo(Peer.anyIpv4(), { ports: [Port.tcp(443), Port.tcp(6443)] });

  const role = new ClusterRole(app, 'OperatorRole', { name: 'redis-operator' });
  role.grant(
    operator,
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
      { resources: ['services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'pods'] },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'] },
    ],
  );
  role.allow(['create', 'patch'], [{ resources: ['events'] }]);
  return operator;
}
