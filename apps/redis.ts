import * as path from 'path';
import {
  Application,
  Environment,
  Namespace,
  NetworkPolicies,
  NetworkPolicy,
  Peer,
  Port,
  VendoredChart,
  dependsOn,
} from 'berth-k8s';
import { RedisCluster } from '../lib/imports/redis.redis.opstreelabs.in';
import { PlatformConfig } from './config';

/** The Redis the operator runs (pinned). */
const REDIS_IMAGE = 'quay.io/opstree/redis:v7.2.7';

/** The chart's defaults leave both security contexts empty, which the restricted profile refuses. */
export const RESTRICTED_OPERATOR = {
  podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
};

/**
 * The Redis operator from its upstream chart (third_party/charts/redis-operator: its four CRDs,
 * a ClusterRole bound to its ServiceAccount, its Deployment) and a RedisCluster sized per
 * environment, applied after the operator and its CRDs.
 */
export function redis(
  env: Environment<PlatformConfig>,
  options: { readonly operatorChart?: boolean } = {},
): Application {
  const app = new Application(env, 'redis');
  new Namespace(app, 'Namespace', { name: 'redis' });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);

  const operator =
    options.operatorChart === false
      ? undefined
      : new VendoredChart(app, 'operator', {
          chart: path.join(__dirname, '..', 'third_party', 'charts', 'redis-operator'),
          values: {
            ...RESTRICTED_OPERATOR,
            // Its default pulls the image on every start; the tag is pinned.
            redisOperator: { imagePullPolicy: 'IfNotPresent' },
            // A standby operator in production (it elects a leader).
            replicas: env.config.highAvailability ? 2 : 1,
          },
        });
  // The operator may reach the Kubernetes API server (its address differs per cluster).
  new NetworkPolicy(app, 'OperatorApiServer', {
    selector: { name: 'redis-operator' },
    egress: [{ peer: Peer.anyIpv4(), ports: [Port.tcp(443), Port.tcp(6443)] }],
  });

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
  if (operator) dependsOn(cluster, operator);
  return app;
}
