import * as path from 'path';
import { IConstruct } from 'constructs';
import {
  Application,
  Cluster,
  Environment,
  Include,
  Namespace,
  NetworkPolicies,
  NetworkPolicy,
  Peer,
  Port,
  Role,
  Subject,
  VendoredChart,
  Waivers,
  dependsOn,
} from 'berth-k8s';
import { RedisCluster } from '../lib/imports/redis.redis.opstreelabs.in';
import { PlatformConfig } from './config';

/** The repository, and the operator's upstream chart vendored in it. */
const ROOT = path.join(__dirname, '..');
const CHART = path.join(ROOT, 'third_party', 'charts', 'redis-operator');

/** Pinned versions: the operator (the chart's appVersion) and the Redis it runs. */
const OPERATOR_TAG = 'v0.26.0';
const REDIS_IMAGE = 'quay.io/opstree/redis:v7.2.7';
/** The operator's name, ServiceAccount and Role: the chart's defaults (`redisOperator.name`, `serviceAccountName`). */
const OPERATOR = 'redis-operator';
/** The labels of the chart's operator pods (its `redisOperator.selectorLabels`). */
const OPERATOR_POD_LABELS = { name: OPERATOR };
/** The labels the operator puts on the pods of a RedisCluster. */
const REDIS_POD_LABELS = { redis_setup_type: 'cluster' };
/** The port the operator reaches each Redis pod on (it runs `CLUSTER` commands there). */
const REDIS_PORT = Port.tcp(6379);
/** The Redis Cluster bus: members gossip and fail over on the client port plus 10000. */
const REDIS_BUS_PORT = Port.tcp(16379);

/**
 * The Redis operator from its upstream chart (third_party/charts/redis-operator: its CRDs, its
 * Deployment, ServiceAccount and namespaced Role) and a RedisCluster sized per environment,
 * applied after it. The environment that owns its clusters' shared objects renders the chart;
 * an environment on a cluster another owns (staging on dev's) uses that one's CRDs and
 * operator, which also watches the sharing environment's namespace (a second operator would
 * fight the first over the same objects): the sharing environment grants it access there.
 */
export function redis(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'redis');
  new Namespace(app, 'Namespace', { name: app.namespace });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);

  const operator = env.config.ownsClusterObjects
    ? redisOperator(app, env.config, servedNamespaces(env, app))
    : undefined;
  // Where another environment's operator serves this namespace: that one, granted access here.
  const shared = operator ? undefined : sharedOperator(env);
  if (shared) {
    grantSharedOperator(app, shared);
    // The chart's CRDs, as the owner's chart renders them, for validation and the app's Helm
    // chart (whose crds/ folder must be the same in every environment); the owner's copy stands
    // in for them in the plain output. Under the id of the owner's chart, so that the Helm chart
    // sees one object per CRD.
    new Include(app, 'operator', { paths: path.relative(ROOT, path.join(CHART, 'crds', 'crds.yaml')), root: ROOT });
  }

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
  // The Redis pods accept the operator (in this namespace or the owning environment's).
  const ingress = new NetworkPolicy(app, 'RedisFromOperator', {
    name: 'redis-ingress-from-operator',
    selector: REDIS_POD_LABELS,
    ingress: [
      {
        peer: Peer.pods(OPERATOR_POD_LABELS, { namespace: shared?.namespace ?? app.namespace }),
        ports: [REDIS_PORT],
      },
    ],
  });
  // Its pods are the operator's StatefulSets', which no template here shows.
  Waivers.of(ingress).waive(
    'policy/network-policy-selector',
    'selects the pods the operator creates for the RedisCluster',
  );
  // The cluster's members reach each other: clients on 6379, the cluster bus (gossip, failover)
  // on 16379. Without it the default-deny policies keep the members from forming a cluster.
  const peers = new NetworkPolicy(app, 'RedisClusterPeers', {
    name: 'redis-cluster-peers',
    selector: REDIS_POD_LABELS,
    ingress: [{ peer: Peer.pods(REDIS_POD_LABELS), ports: [REDIS_PORT, REDIS_BUS_PORT] }],
    egress: [{ peer: Peer.pods(REDIS_POD_LABELS), ports: [REDIS_PORT, REDIS_BUS_PORT] }],
  });
  Waivers.of(peers).waive(
    'policy/network-policy-selector',
    'selects the pods the operator creates for the RedisCluster',
  );
  if (operator) dependsOn(cluster, operator);
  return app;
}

/**
 * The namespaces the operator of `env` serves: its own app's, and that of the redis app of every
 * other environment on its clusters (staging's on dev's cluster). Every environment exists
 * before apps are added (apps/main.ts), so the list is complete.
 */
function servedNamespaces(env: Environment<PlatformConfig>, app: Application): string[] {
  const names = new Set([app.namespace ?? 'redis']);
  for (const other of otherEnvironmentsOnClusters(env)) names.add(other.namespaces.redis ?? 'redis');
  return [...names].sort();
}

/** The other environments deploying to one of `env`'s clusters. */
function otherEnvironmentsOnClusters(env: Environment<PlatformConfig>): Environment<PlatformConfig>[] {
  const out: Environment<PlatformConfig>[] = [];
  for (const other of env.node.scope?.node.children ?? []) {
    if (!Environment.isEnvironment(other) || other === env) continue;
    if (other.clusters.some((c) => env.clusters.includes(c))) out.push(other as Environment<PlatformConfig>);
  }
  return out;
}

/**
 * The operator from its upstream chart, rendered where the environment owns its clusters'
 * shared objects (its CRDs go into a cluster once). The values the chart needed, and why:
 * - `redisOperator.imageTag`: pinned (the chart's default follows its appVersion, unpinned here).
 * - `redisOperator.imagePullPolicy: IfNotPresent`: the chart's `Always` pulls on every start,
 *   and a pinned tag needs no re-pull.
 * - `redisOperator.watchNamespace`: the namespaces it serves, a comma list (operator v0.26 splits
 *   WATCH_NAMESPACE on commas and caches those namespaces only, `internal/envs/envs.go`).
 * - `rbac.scope: namespace`: a Role and RoleBinding in its own namespace instead of the chart's
 *   default ClusterRole bound cluster-wide (Secrets, pods/exec of every namespace, and CRDs,
 *   namespaces and non-resource URLs it does not use when it watches listed namespaces only);
 *   each other namespace it serves grants it the same rules ({@link grantSharedOperator}).
 * - `redisOperator.webhook: false` (the default, set so that it stays so): with the webhook the
 *   chart generates a self-signed certificate on every render, and synth output would differ.
 * - `redisOperator.metrics.enabled: false`: nothing scrapes it here, so no port is open for it.
 * - `podSecurityContext` / `securityContext`: the restricted profile (non-root, no privilege
 *   escalation, every capability dropped, read-only root filesystem, RuntimeDefault seccomp);
 *   the chart sets none.
 * - `resources`: sized per environment (the chart's default is 500m CPU and 500Mi per operator).
 * - `redisOperator.automountServiceAccountToken` / `serviceAccount.automountServiceAccountToken`:
 *   true (the defaults, set so that they stay so): the operator talks to the API server.
 */
function redisOperator(app: Application, config: PlatformConfig, namespaces: readonly string[]): VendoredChart {
  const chart = new VendoredChart(app, 'operator', {
    chart: CHART,
    values: {
      redisOperator: {
        imageTag: OPERATOR_TAG,
        initContainerImageTag: OPERATOR_TAG,
        imagePullPolicy: 'IfNotPresent',
        watchNamespace: namespaces.join(','),
        webhook: false,
        automountServiceAccountToken: true,
        metrics: { enabled: false },
      },
      serviceAccount: { automountServiceAccountToken: true },
      rbac: { scope: 'namespace' },
      replicas: 1,
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      resources: config.highAvailability
        ? { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' } }
        : { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    },
  });
  // Its CRDs are cluster-scoped: this environment writes the cluster's copy.
  Cluster.markOwner(chart);

  // The operator reaches the Kubernetes API server (its address differs per cluster), and the
  // Redis pods of every namespace it serves.
  const egress = new NetworkPolicy(app, 'OperatorEgress', {
    name: 'redis-operator-egress',
    selector: OPERATOR_POD_LABELS,
    egress: [{ peer: Peer.anyIpv4(), ports: [Port.tcp(443), Port.tcp(6443)] }],
  });
  for (const ns of namespaces) egress.addEgressRule(Peer.pods(REDIS_POD_LABELS, { namespace: ns }), [REDIS_PORT]);

  // Waived: what the values cannot change.
  // One active operator at a time (leader election): a second replica would only stand by.
  Waivers.of(chart.find('Deployment', OPERATOR)).waive(
    'policy/min-replicas',
    'leader-elected operator; a restart only delays reconciliation',
  );
  waiveOperatorRules(chart.find('Role', OPERATOR));
  return chart;
}

/** The operator that serves `env`'s namespace: the one of the environment owning its cluster. */
function sharedOperator(env: Environment<PlatformConfig>): { namespace: string; chart: VendoredChart } {
  for (const owner of otherEnvironmentsOnClusters(env)) {
    if (!owner.config.ownsClusterObjects) continue;
    const chart = owner.node.tryFindChild('redis')?.node.tryFindChild('operator');
    if (chart instanceof VendoredChart) return { namespace: owner.namespaces.redis ?? 'redis', chart };
  }
  throw new Error(
    `environment ${env.node.id} owns no cluster objects, and no environment on its clusters that does has a redis operator yet: add the owning environment's apps first`,
  );
}

/**
 * In a namespace the operator of another environment serves: a Role with the rules of the
 * chart's own Role (read from its render, so they follow the chart), bound to that operator's
 * ServiceAccount. Leases are left out: its leader election lease is in its own namespace.
 */
function grantSharedOperator(app: Application, operator: { namespace: string; chart: VendoredChart }): void {
  const rendered = operator.chart.find('Role', OPERATOR).rendered as unknown as {
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  };
  const role = new Role(app, 'SharedOperatorRole', { name: OPERATOR });
  for (const rule of rendered.rules) {
    if (rule.apiGroups.includes('coordination.k8s.io')) continue;
    role.allow(rule.verbs, [{ apiGroups: rule.apiGroups, resources: rule.resources }]);
  }
  role.bind(Subject.serviceAccount(OPERATOR, operator.namespace));
  waiveOperatorRules(role);
}

/** The chart's Role rules, which no value narrows: what the operator does with them. */
function waiveOperatorRules(role: IConstruct): void {
  Waivers.of(role).waive(
    'policy/rbac-pod-exec',
    'the operator runs redis-cli in its Redis pods to form and heal the cluster (upstream Role)',
  );
  Waivers.of(role).waive(
    'policy/rbac-create-pods',
    "the chart's one rule for secrets, pods and services, which no value splits; the operator creates StatefulSets",
  );
}
