import { Construct } from 'constructs';
import { Application, Cpu, dependsOn, Environment, Namespace, Platform } from '../../lib';
import * as k8s from '../../lib/imports/k8s';
import * as redis from '../../lib/imports/redis.redis.opstreelabs.in';
import { collect } from '../../lib/render/collect';
import { applyOrder } from '../../lib/render/apply-order';

function order(platform: Platform): string[] {
  const { apps, problems } = collect(platform);
  expect(problems).toEqual([]);
  return applyOrder(apps[0].records).map((r) => `${r.object.kind}/${r.object.metadata.name}`);
}

describe('custom resources', () => {
  test('a custom resource that depends on its operator is applied after the operator Deployment, which follows its CRD', () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'prod', { config: {} }), 'redis');
    const cluster = new redis.RedisCluster(app, 'Cache', {
      metadata: { name: 'cache' },
      spec: { clusterSize: 3, kubernetesConfig: { image: 'quay.io/opstree/redis:v7.0.15' } },
    });
    const operator = new Construct(app, 'Operator');
    const crd = new k8s.CustomResourceDefinition(operator, 'Crd', {
      metadata: { name: 'redisclusters.redis.redis.opstreelabs.in' },
      spec: {
        group: 'redis.redis.opstreelabs.in',
        names: { kind: 'RedisCluster', plural: 'redisclusters' },
        scope: 'Namespaced',
        versions: [],
      },
    });
    const deployment = new k8s.Deployment(operator, 'Controller', {
      metadata: { name: 'redis-operator' },
      spec: {
        selector: { matchLabels: { app: 'redis-operator' } },
        template: { spec: { containers: [{ name: 'op', image: 'quay.io/opstree/redis-operator:v0.20.0' }] } },
      },
    });
    dependsOn(deployment, crd);
    dependsOn(cluster, operator);
    expect(order(platform)).toEqual([
      'CustomResourceDefinition/redisclusters.redis.redis.opstreelabs.in',
      'Deployment/redis-operator',
      'RedisCluster/cache',
    ]);
  });

  test('a dependency moves an object after a kind that would otherwise come later', () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'prod', { config: {} }), 'shop');
    const cm = new k8s.ConfigMap(app, 'Settings', { metadata: { name: 'settings' }, data: { a: '1' } });
    const job = new k8s.Job(app, 'Migrate', {
      metadata: { name: 'migrate' },
      spec: { template: { spec: { containers: [{ name: 'm', image: 'x:1' }] } } },
    });
    expect(order(platform)).toEqual(['ConfigMap/settings', 'Job/migrate']);
    dependsOn(cm, job);
    expect(order(platform)).toEqual(['Job/migrate', 'ConfigMap/settings']);
  });

  test('a dependency in another environment is an error naming both paths', () => {
    const platform = new Platform();
    const prod = new Application(new Environment(platform, 'prod', { config: {} }), 'redis');
    const dev = new Application(new Environment(platform, 'dev', { config: {} }), 'redis');
    expect(() => dependsOn(new Construct(dev, 'Cluster'), new Construct(prod, 'Operator'))).toThrow(
      'dev/redis/Cluster: field dependsOn: the dependency is in environment "prod" but dev/redis/Cluster is in "dev" (got "prod/redis/Operator").',
    );
  });

  test("an object that depends on the construct enclosing it depends on that construct's own object, not on its siblings", () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'prod', { config: {} }), 'shop');
    // Namespace is its own API object; the quota and limit range are its children and depend on it.
    const ns = new Namespace(app, 'Namespace', { name: 'shop' });
    ns.addResourceQuota('Quota', { requestsCpu: Cpu.cores(4) });
    ns.addLimitRange('Defaults', { container: { defaultRequest: { cpu: Cpu.millis(100) } } });
    // A plain construct enclosing L1 objects: its direct objects are its own.
    const group = new Construct(app, 'Group');
    new k8s.ConfigMap(group, 'Own', { metadata: { name: 'own' }, data: { a: '1' } });
    const inner = new Construct(group, 'Inner');
    const nested = new k8s.ConfigMap(inner, 'Nested', { metadata: { name: 'nested' }, data: { a: '1' } });
    dependsOn(nested, group);
    const { apps, problems } = collect(platform);
    expect(problems).toEqual([]);
    const deps = new Map(apps[0].records.map((r) => [r.constructPath, r.dependsOn]));
    expect(deps.get('prod/shop/Namespace/Quota')).toEqual(['prod/shop/Namespace']);
    expect(deps.get('prod/shop/Namespace/Defaults')).toEqual(['prod/shop/Namespace']);
    expect(deps.get('prod/shop/Namespace')).toEqual([]);
    expect(deps.get('prod/shop/Group/Inner/Nested')).toEqual(['prod/shop/Group/Own']);
    expect(order(platform)).toEqual([
      'Namespace/shop',
      'ResourceQuota/namespace-quota',
      'LimitRange/namespace-defaults',
      'ConfigMap/own',
      'ConfigMap/nested',
    ]);
  });
});
