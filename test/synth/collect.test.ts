import { Construct } from 'constructs';
import { Application, dependsOn, Environment, ExternalObjects, Platform, Waivers } from '../../lib';
import * as k8s from '../../lib/imports/k8s';
import { collect } from '../../lib/render/collect';

function configMap(scope: Construct, id: string, name: string): k8s.ConfigMap {
  return new k8s.ConfigMap(scope, id, { metadata: { name }, data: { k: 'v' } });
}

/**
 * `collect` walks the tree once and carries down what ancestors give (the outermost app,
 * waivers, dependencies); these tests pin what each object receives.
 */
describe('collect', () => {
  test('groups objects by environment and outermost app, in tree order; nested apps belong to the outer one', () => {
    const platform = new Platform();
    const dev = new Environment(platform, 'dev', { config: {} });
    const prod = new Environment(platform, 'prod', { config: {} });
    const shop = new Application(dev, 'shop');
    configMap(shop, 'B', 'b');
    const inner = new Application(shop, 'inner');
    configMap(inner, 'C', 'c');
    configMap(shop, 'A', 'a');
    configMap(new Application(prod, 'shop'), 'P', 'p');
    const { apps, problems } = collect(platform);
    expect(problems).toEqual([]);
    expect(
      apps.map(
        (a) => `${a.environment.name}/${a.app.appName}: ${a.records.map((r) => r.object.metadata.name).join(',')}`,
      ),
    ).toEqual(['dev/shop: b,c,a', 'prod/shop: p']);
  });

  test('an object gets the waivers of every enclosing construct, outermost first, and none of its siblings', () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    Waivers.of(app).waive('policy/run-as-non-root', 'app-wide: the vendor images run as root');
    const legacy = new Construct(app, 'Legacy');
    Waivers.of(legacy).waive('policy/read-only-root-filesystem', 'legacy writes to /tmp; tracked in OPS-12');
    const waived = configMap(legacy, 'Old', 'old');
    Waivers.of(waived).waive('policy/image-tag', 'the object itself is waived too');
    configMap(app, 'New', 'new');
    const { apps } = collect(platform);
    const byName = new Map(
      apps[0].records.map((r) => [r.object.metadata.name, r.waivers.map((w) => `${w.rule}@${w.constructPath}`)]),
    );
    expect(byName.get('old')).toEqual([
      'policy/run-as-non-root@dev/shop',
      'policy/read-only-root-filesystem@dev/shop/Legacy',
      'policy/image-tag@dev/shop/Legacy/Old',
    ]);
    expect(byName.get('new')).toEqual(['policy/run-as-non-root@dev/shop']);
  });

  test('dependencies of the object or of an enclosing construct are listed; other objects list none', () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    const first = configMap(app, 'First', 'first');
    const group = new Construct(app, 'Group');
    configMap(group, 'InGroup', 'in-group');
    dependsOn(group, first);
    const own = configMap(app, 'Own', 'own');
    dependsOn(own, first);
    configMap(app, 'Free', 'free');
    const { apps } = collect(platform);
    const byName = new Map(apps[0].records.map((r) => [r.object.metadata.name, r.dependsOn]));
    expect(byName.get('in-group')).toEqual(['dev/shop/First']);
    expect(byName.get('own')).toEqual(['dev/shop/First']);
    expect(byName.get('first')).toEqual([]);
    expect(byName.get('free')).toEqual([]);
  });

  test('external objects declared on apps are gathered, sorted, and annotate only their app', () => {
    const platform = new Platform();
    const env = new Environment(platform, 'dev', { config: {} });
    const shop = new Application(env, 'shop');
    ExternalObjects.of(shop).declare('Secret', 'tls');
    const inner = new Application(shop, 'inner');
    ExternalObjects.of(inner).declare('ConfigMap', 'shared');
    ExternalObjects.of(new Application(env, 'blog')).declare('Secret', 'db');
    const { external, problems } = collect(platform);
    expect(problems).toEqual([]);
    expect(external).toEqual(['ConfigMap/shop/shared', 'Secret/blog/db', 'Secret/shop/tls']);
  });
});
