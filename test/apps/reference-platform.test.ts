import * as fs from 'fs';
import * as path from 'path';
import { KubeObject, synthesize } from 'berth-k8s';
import {
  berthMatchers,
  findObject,
  findObjects,
  RESTRICTED_SECURITY_CONTEXT,
  synthPlatform,
  yamlSerializer,
} from 'berth-k8s/testing';
import { platform } from '../../apps/main';

expect.extend(berthMatchers);
expect.addSnapshotSerializer(yamlSerializer);

const outputs = synthPlatform(platform);
const plain = synthesize(platform, { dryRun: true });
const objectsOf = (env: string, app: string): KubeObject[] => outputs[`${env}/${app}`];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into rendered specs
const spec = (o: KubeObject): Record<string, any> => o.spec as Record<string, any>;

describe('the reference platform', () => {
  test('synthesizes every app in dev, staging and prod with zero validation problems under the restricted profile', () => {
    const result = synthesize(platform, {
      dryRun: true,
      format: 'all',
      gitops: { repoURL: 'https://example.com/platform.git' },
    });
    expect(result.warnings).toEqual([]);
    // One replica where one is meant, each with its reason: dev as a whole, and the singletons;
    // and the database user names, which are not the names of objects.
    expect(result.waivers.map((w) => `${w.constructPath} ${w.rule}`).sort()).toEqual([
      'dev policy/min-replicas',
      'dev/blog/wordpress helm/literal-object-name',
      'dev/blog/wordpress policy/min-replicas',
      'dev/certs/cert-manager policy/liveness-probe',
      'dev/certs/cert-manager policy/min-replicas',
      'dev/certs/cert-manager policy/pdb-missing',
      'dev/certs/cert-manager policy/pod-anti-affinity',
      'dev/certs/cert-manager policy/rbac-create-pods',
      'dev/certs/cert-manager policy/rbac-secrets',
      'dev/mysql/mysql policy/min-replicas',
      'dev/redis/RedisClusterPeers policy/network-policy-selector',
      'dev/redis/RedisFromOperator policy/network-policy-selector',
      'dev/redis/operator/Deployment-redis-operator policy/min-replicas',
      'dev/redis/operator/Role-redis-operator policy/rbac-create-pods',
      'dev/redis/operator/Role-redis-operator policy/rbac-pod-exec',
      'dev/wordpress/mariadb/mariadb helm/literal-object-name',
      'dev/wordpress/mariadb/mariadb policy/min-replicas',
      'dev/wordpress/wordpress helm/literal-object-name',
      'prod/blog/wordpress helm/literal-object-name',
      'prod/blog/wordpress policy/min-replicas',
      'prod/certs/cert-manager policy/liveness-probe',
      'prod/certs/cert-manager policy/min-replicas',
      'prod/certs/cert-manager policy/pdb-missing',
      'prod/certs/cert-manager policy/pod-anti-affinity',
      'prod/certs/cert-manager policy/rbac-create-pods',
      'prod/certs/cert-manager policy/rbac-secrets',
      'prod/mysql/mysql policy/min-replicas',
      'prod/redis/RedisClusterPeers policy/network-policy-selector',
      'prod/redis/RedisFromOperator policy/network-policy-selector',
      'prod/redis/operator/Deployment-redis-operator policy/min-replicas',
      'prod/redis/operator/Role-redis-operator policy/rbac-create-pods',
      'prod/redis/operator/Role-redis-operator policy/rbac-pod-exec',
      'prod/wordpress/mariadb/mariadb helm/literal-object-name',
      'prod/wordpress/mariadb/mariadb policy/min-replicas',
      'prod/wordpress/wordpress helm/literal-object-name',
      'staging policy/min-replicas',
      'staging/mysql/mysql policy/min-replicas',
      'staging/redis/RedisClusterPeers policy/network-policy-selector',
      'staging/redis/RedisFromOperator policy/network-policy-selector',
      'staging/redis/SharedOperatorRole policy/rbac-create-pods',
      'staging/redis/SharedOperatorRole policy/rbac-pod-exec',
      'staging/wordpress/mariadb/mariadb helm/literal-object-name',
      'staging/wordpress/mariadb/mariadb policy/min-replicas',
      'staging/wordpress/wordpress helm/literal-object-name',
    ]);
    expect(Object.keys(outputs).sort()).toEqual([
      'dev/blog',
      'dev/certs',
      'dev/etcd',
      'dev/mysql',
      'dev/redis',
      'dev/shop',
      'dev/training',
      'dev/wordpress',
      'prod/blog',
      'prod/certs',
      'prod/etcd',
      'prod/mysql',
      'prod/redis',
      'prod/shop',
      'prod/training',
      'prod/wordpress',
      'staging/etcd',
      'staging/mysql',
      'staging/redis',
      'staging/shop',
      'staging/training',
      'staging/wordpress',
    ]);
  });

  describe('shop', () => {
    test.each(['dev', 'prod'])('in %s, frontend may reach backend only, and only backend may reach db', (env) => {
      const objects = objectsOf(env, 'shop');
      expect(objects).toAllowTraffic('frontend', 'backend', 9090);
      expect(objects).toAllowTraffic('backend', 'db', 5432);
      expect(objects).not.toAllowTraffic('frontend', 'db', 5432);
      expect(objects).not.toAllowTraffic('db', 'frontend', 8080);
      expect(objects).not.toAllowTraffic('backend', 'frontend', 8080);
      const deny = findObject(objects, 'NetworkPolicy', 'default-deny');
      expect(spec(deny)).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    });

    test('labels every component with its name and the app it is part of', () => {
      for (const name of ['frontend', 'backend']) {
        const labels = findObject(objectsOf('prod', 'shop'), 'Deployment', name).metadata.labels as Record<
          string,
          string
        >;
        expect(labels['app.kubernetes.io/name']).toBe(name);
        expect(labels['app.kubernetes.io/part-of']).toBe('shop');
      }
      const db = findObject(objectsOf('prod', 'shop'), 'StatefulSet', 'db').metadata.labels as Record<string, string>;
      expect(db['app.kubernetes.io/name']).toBe('db');
    });

    test('runs 3 replicas with disruption budgets and anti-affinity in prod, 1 replica without them in dev', () => {
      const prod = objectsOf('prod', 'shop');
      const dev = objectsOf('dev', 'shop');
      expect(
        findObjects(prod, 'PodDisruptionBudget')
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual(['backend', 'db', 'frontend']);
      expect(findObjects(dev, 'PodDisruptionBudget')).toEqual([]);
      expect(spec(findObject(prod, 'HorizontalPodAutoscaler', 'frontend')).minReplicas).toBe(3);
      expect(spec(findObject(dev, 'HorizontalPodAutoscaler', 'frontend')).minReplicas).toBe(1);
      const prodPod = spec(findObject(prod, 'Deployment', 'frontend')).template.spec;
      expect(prodPod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe(
        'kubernetes.io/hostname',
      );
      expect(spec(findObject(dev, 'Deployment', 'frontend')).template.spec.affinity).toBeUndefined();
      expect(
        findObjects(prod, 'HorizontalPodAutoscaler')
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual(['backend', 'frontend']);
      // The database is not autoscaled: it runs the environment's replicas, so its budget never blocks a drain.
      expect(spec(findObject(prod, 'StatefulSet', 'db')).replicas).toBe(3);
      expect(spec(findObject(dev, 'StatefulSet', 'db')).replicas).toBe(1);
    });

    test('every workload runs with the restricted security context', () => {
      for (const [kind, name] of [
        ['Deployment', 'frontend'],
        ['Deployment', 'backend'],
        ['StatefulSet', 'db'],
      ]) {
        expect(findObject(objectsOf('prod', 'shop'), kind, name)).toHaveSecurityContext(RESTRICTED_SECURITY_CONTEXT);
      }
    });
  });

  describe('redis', () => {
    test('sizes the RedisCluster per environment and pins its version', () => {
      expect(spec(findObject(objectsOf('prod', 'redis'), 'RedisCluster', 'cache')).clusterSize).toBe(3);
      expect(spec(findObject(objectsOf('dev', 'redis'), 'RedisCluster', 'cache')).clusterSize).toBe(1);
      expect(spec(findObject(objectsOf('prod', 'redis'), 'RedisCluster', 'cache')).kubernetesConfig.image).toBe(
        'quay.io/opstree/redis:v7.2.7',
      );
    });

    test('applies the CRDs first and the RedisCluster after the operator', () => {
      const result = synthesize(platform, { dryRun: true, environments: ['prod'] });
      const kustomization = result.contents.get('prod/redis/kustomization.yaml')!;
      const order = kustomization
        .split('\n')
        .filter((l) => l.startsWith('  - '))
        .map((l) => l.slice(4));
      expect(order.slice(0, 5)).toEqual([
        'namespace-redis.yaml',
        'customresourcedefinition-redis.redis.redis.opstreelabs.in.yaml',
        'customresourcedefinition-redisclusters.redis.redis.opstreelabs.in.yaml',
        'customresourcedefinition-redisreplications.redis.redis.opstreelabs.in.yaml',
        'customresourcedefinition-redissentinels.redis.redis.opstreelabs.in.yaml',
      ]);
      expect(order.indexOf('rediscluster-cache.yaml')).toBeGreaterThan(order.indexOf('deployment-redis-operator.yaml'));
      expect(order[order.length - 1]).toBe('rediscluster-cache.yaml');
    });

    test("in dev, renders the operator from its upstream chart, watching dev's and staging's namespaces", () => {
      const objects = objectsOf('dev', 'redis');
      const operator = findObject(objects, 'Deployment', 'redis-operator');
      expect(operator.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'redis-operator',
        'helm.sh/chart': 'redis-operator-0.26.1',
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/instance': 'redis',
        'app.kubernetes.io/version': '0.26.0',
        'app.kubernetes.io/component': 'operator',
        'app.kubernetes.io/part-of': 'redis',
      });
      const pod = spec(operator).template.spec;
      expect(pod.serviceAccountName).toBe('redis-operator');
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(pod.containers).toHaveLength(1);
      const container = pod.containers[0];
      expect(container.image).toBe('quay.io/opstree/redis-operator:v0.26.0');
      expect(container.imagePullPolicy).toBe('IfNotPresent');
      expect(container.env).toEqual([
        { name: 'INIT_CONTAINER_IMAGE', value: 'quay.io/opstree/redis-operator:v0.26.0' },
        { name: 'ENABLE_WEBHOOKS', value: 'false' },
        { name: 'WATCH_NAMESPACE', value: 'redis,redis-staging' },
        { name: 'SERVICE_DNS_DOMAIN', value: 'cluster.local' },
      ]);
      expect(container.resources).toEqual({
        limits: { cpu: '500m', memory: '128Mi' },
        requests: { cpu: '100m', memory: '128Mi' },
      });
      // prod's serves its own namespace only, sized for production.
      const prod = spec(findObject(objectsOf('prod', 'redis'), 'Deployment', 'redis-operator')).template.spec;
      expect(prod.containers[0].env[2]).toEqual({ name: 'WATCH_NAMESPACE', value: 'redis' });
      expect(prod.containers[0].resources).toEqual({
        limits: { cpu: '1', memory: '256Mi' },
        requests: { cpu: '200m', memory: '256Mi' },
      });
      // No webhook: no Service, certificate or webhook configuration (the chart would generate a
      // certificate on every render).
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ClusterRole/redis-operator-edit',
        'ClusterRole/redis-operator-view',
        'CustomResourceDefinition/redis.redis.redis.opstreelabs.in',
        'CustomResourceDefinition/redisclusters.redis.redis.opstreelabs.in',
        'CustomResourceDefinition/redisreplications.redis.redis.opstreelabs.in',
        'CustomResourceDefinition/redissentinels.redis.redis.opstreelabs.in',
        'Deployment/redis-operator',
        'Namespace/redis',
        'NetworkPolicy/allow-dns-egress',
        'NetworkPolicy/default-deny',
        'NetworkPolicy/redis-cluster-peers',
        'NetworkPolicy/redis-ingress-from-operator',
        'NetworkPolicy/redis-operator-egress',
        'RedisCluster/cache',
        'Role/redis-operator',
        'RoleBinding/redis-operator',
        'ServiceAccount/redis-operator',
      ]);
    });

    test("writes the chart's CRDs once per cluster: dev's on nonprod, prod's on its clusters", () => {
      const crdFiles = (env: string): string[] =>
        [...plain.contents.keys()]
          .filter((f) => f.startsWith(`${env}/redis/customresourcedefinition-`))
          .map((f) => f.slice(`${env}/redis/`.length))
          .sort();
      const all = [
        'customresourcedefinition-redis.redis.redis.opstreelabs.in.yaml',
        'customresourcedefinition-redisclusters.redis.redis.opstreelabs.in.yaml',
        'customresourcedefinition-redisreplications.redis.redis.opstreelabs.in.yaml',
        'customresourcedefinition-redissentinels.redis.redis.opstreelabs.in.yaml',
      ];
      expect(crdFiles('dev')).toEqual(all);
      expect(crdFiles('staging')).toEqual([]);
      expect(crdFiles('prod')).toEqual(all);
      // As the chart ships them: the RedisCluster of the app is of a version they serve.
      const crd = findObject(
        objectsOf('dev', 'redis'),
        'CustomResourceDefinition',
        'redisclusters.redis.redis.opstreelabs.in',
      );
      const versions = spec(crd).versions as Array<{ name: string; served: boolean }>;
      expect(versions.map((v) => [v.name, v.served])).toEqual([['v1beta2', true]]);
      expect(findObject(objectsOf('staging', 'redis'), 'RedisCluster', 'cache').apiVersion).toBe(
        'redis.redis.opstreelabs.in/v1beta2',
      );
      // The typed RedisCluster class is generated from crds/, which holds the chart's CRD unchanged.
      const repo = path.resolve(__dirname, '../..');
      const documents = fs
        .readFileSync(path.join(repo, 'third_party/charts/redis-operator/crds/crds.yaml'), 'utf8')
        .split(/^---\n/m);
      const copy = fs.readFileSync(path.join(repo, 'crds/redis.redis.opstreelabs.in_redisclusters.yaml'), 'utf8');
      expect(documents.length).toBe(4);
      expect(`---\n${documents[1]}` === copy).toBe(true);
    });

    test("grants the operator the chart's namespaced Role in each namespace it serves, and nothing cluster-wide", () => {
      const dev = objectsOf('dev', 'redis');
      const staging = objectsOf('staging', 'redis');
      // The only ClusterRoles are the aggregated view and edit roles (dev's stand in for staging's).
      for (const objects of [dev, staging, objectsOf('prod', 'redis')]) {
        expect(findObjects(objects, 'ClusterRoleBinding')).toEqual([]);
        expect(findObjects(objects, 'ClusterRole').map((r) => r.metadata.name)).toEqual(
          objects === staging ? [] : ['redis-operator-view', 'redis-operator-edit'],
        );
      }
      type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
      const chartRole = findObject(dev, 'Role', 'redis-operator');
      expect(chartRole.metadata.namespace).toBe('redis');
      const chartRules = chartRole.rules as Rule[];
      expect(chartRules.map((r) => r.apiGroups.join())).toEqual([
        'redis.redis.opstreelabs.in',
        'redis.redis.opstreelabs.in',
        'redis.redis.opstreelabs.in',
        '',
        'apps',
        'coordination.k8s.io',
        'policy',
      ]);
      // staging's namespace: the same rules, but leases (its leader election lease is in dev's namespace).
      const stagingRole = findObject(staging, 'Role', 'redis-operator');
      expect(stagingRole.metadata.namespace).toBe('redis-staging');
      expect(stagingRole.rules).toEqual(chartRules.filter((r) => !r.apiGroups.includes('coordination.k8s.io')));
      for (const [objects, namespace] of [
        [dev, 'redis'],
        [staging, 'redis-staging'],
      ] as const) {
        const binding = findObject(objects, 'RoleBinding', 'redis-operator');
        expect(binding.metadata.namespace).toBe(namespace);
        expect(binding.roleRef).toEqual({
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'redis-operator',
        });
        expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'redis-operator', namespace: 'redis' }]);
      }
      expect(findObjects(staging, 'Deployment')).toEqual([]);
    });

    test('lets the operator reach the API server and the Redis pods of the namespaces it serves', () => {
      const egress = findObject(objectsOf('dev', 'redis'), 'NetworkPolicy', 'redis-operator-egress');
      const redisPods = { podSelector: { matchLabels: { redis_setup_type: 'cluster' } } };
      const redisPort = [{ port: 6379, protocol: 'TCP' }];
      expect(spec(egress)).toEqual({
        egress: [
          {
            ports: [
              { port: 443, protocol: 'TCP' },
              { port: 6443, protocol: 'TCP' },
            ],
            to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
          },
          { ports: redisPort, to: [redisPods] },
          {
            ports: redisPort,
            to: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'redis-staging' } }, ...redisPods },
            ],
          },
        ],
        podSelector: { matchLabels: { name: 'redis-operator' } },
        policyTypes: ['Egress'],
      });
      const ingress = findObject(objectsOf('staging', 'redis'), 'NetworkPolicy', 'redis-ingress-from-operator');
      expect(spec(ingress)).toEqual({
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'redis' } },
                podSelector: { matchLabels: { name: 'redis-operator' } },
              },
            ],
            ports: redisPort,
          },
        ],
        podSelector: { matchLabels: { redis_setup_type: 'cluster' } },
        policyTypes: ['Ingress'],
      });
    });

    test('lets the members of each RedisCluster reach each other on the client port and the cluster bus', () => {
      const members = { podSelector: { matchLabels: { redis_setup_type: 'cluster' } } };
      const ports = [
        { port: 6379, protocol: 'TCP' },
        { port: 16379, protocol: 'TCP' },
      ];
      for (const env of ['dev', 'staging', 'prod']) {
        const peers = findObject(objectsOf(env, 'redis'), 'NetworkPolicy', 'redis-cluster-peers');
        expect(spec(peers)).toEqual({
          egress: [{ ports, to: [members] }],
          ingress: [{ from: [members], ports }],
          ...members,
          policyTypes: ['Ingress', 'Egress'],
        });
      }
    });
  });

  describe('mysql', () => {
    test('keeps the snapshot chain: mysql-pvc → db-snapshot (ebs-snapclass) → restored claim', () => {
      const objects = objectsOf('prod', 'mysql');
      expect(spec(findObject(objects, 'PersistentVolumeClaim', 'mysql-pvc'))).toMatchObject({
        storageClassName: 'ebs-gp3',
        resources: { requests: { storage: '100Gi' } },
      });
      expect(findObject(objects, 'StorageClass', 'ebs-gp3')).toMatchObject({ provisioner: 'ebs.csi.aws.com' });
      expect(findObject(objects, 'VolumeSnapshotClass', 'ebs-snapclass')).toMatchObject({ driver: 'ebs.csi.aws.com' });
      expect(spec(findObject(objects, 'VolumeSnapshot', 'db-snapshot'))).toEqual({
        source: { persistentVolumeClaimName: 'mysql-pvc' },
        volumeSnapshotClassName: 'ebs-snapclass',
      });
      expect(spec(findObject(objects, 'PersistentVolumeClaim', 'mysql-restored')).dataSource).toEqual({
        apiGroup: 'snapshot.storage.k8s.io',
        kind: 'VolumeSnapshot',
        name: 'db-snapshot',
      });
      expect(
        spec(findObject(objectsOf('dev', 'mysql'), 'PersistentVolumeClaim', 'mysql-pvc')).resources.requests.storage,
      ).toBe('5Gi');
    });

    test('backs up nightly with credentials from Secret references, never inline', () => {
      const backup = findObject(objectsOf('prod', 'mysql'), 'CronJob', 'backup');
      expect(spec(backup).schedule).toBe('0 2 * * *');
      const container = spec(backup).jobTemplate.spec.template.spec.containers[0];
      expect(container.command.join(' ')).toContain('mysqldump');
      expect(container.command.join(' ')).toContain('s3://');
      for (const env of container.env as Array<{ name: string; value?: string; valueFrom?: unknown }>) {
        expect(env.value).toBeUndefined();
        expect(env.valueFrom).toHaveProperty('secretKeyRef');
      }
      expect(findObjects(objectsOf('prod', 'mysql'), 'Secret')).toEqual([]);
    });

    test('runs db-init as a Helm pre-install hook', () => {
      const init = findObject(objectsOf('prod', 'mysql'), 'Job', 'db-init');
      expect(init.metadata.annotations).toEqual({
        'berth.dev/external-secrets': 'backup-s3',
        'helm.sh/hook': 'pre-install',
        'helm.sh/hook-weight': '-5',
        'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      });
    });
  });

  test('training requests two NVIDIA GPUs on a P100 node and tolerates the GPU taint', () => {
    const pod = spec(findObject(objectsOf('prod', 'training'), 'Job', 'train')).template.spec;
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(2);
    expect(pod.nodeSelector).toEqual({ accelerator: 'nvidia-tesla-p100' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('etcd runs 3 members in prod and 1 in dev', () => {
    expect(spec(findObject(objectsOf('prod', 'etcd'), 'EtcdCluster', 'etcd')).size).toBe(3);
    expect(spec(findObject(objectsOf('dev', 'etcd'), 'EtcdCluster', 'etcd')).size).toBe(1);
  });

  test('wordpress carries its MariaDB dependency in the plain output', () => {
    const objects = objectsOf('prod', 'wordpress');
    expect(findObject(objects, 'StatefulSet', 'mariadb').metadata.namespace).toBe('wordpress');
    expect(objects).toAllowTraffic('wordpress', 'mariadb', 3306);
  });

  test('wordpress spreads its 3 replicas and has a disruption budget in prod (policy/pod-anti-affinity, policy/pdb-missing)', () => {
    const objects = objectsOf('prod', 'wordpress');
    const pod = spec(findObject(objects, 'Deployment', 'wordpress')).template.spec;
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe(
      'kubernetes.io/hostname',
    );
    expect(pod.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(spec(findObject(objects, 'PodDisruptionBudget', 'wordpress')).minAvailable).toBe(1);
    expect(findObjects(objectsOf('dev', 'wordpress'), 'PodDisruptionBudget')).toEqual([]);
  });

  test.each(Object.keys(outputs).sort())('the objects of %s, in apply order', (key) => {
    // A small, reviewable net over each app and environment: what exists, by kind and name.
    expect(plain.contents.get(`${key}/kustomization.yaml`)).toMatchSnapshot();
  });

  test('the prod shop frontend, as YAML', () => {
    expect(findObject(objectsOf('prod', 'shop'), 'NetworkPolicy', 'frontend-egress-backend')).toMatchSnapshot();
  });
});
