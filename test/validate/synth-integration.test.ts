import { Platform, Environment, Application, Waivers } from '../../lib';
import * as k8s from '../../lib/imports/k8s';
import * as snapshot from '../../lib/imports/snapshot.storage.k8s.io';
import { ValidationFailed } from '../../lib/model/problem';

function shop(): { platform: Platform; app: Application } {
  const platform = new Platform();
  const env = new Environment(platform, 'dev', { config: {} });
  return { platform, app: new Application(env, 'shop') };
}

function failures(platform: Platform, options: Parameters<Platform['synth']>[0] = {}): string[] {
  try {
    platform.synth({ dryRun: true, ...options });
  } catch (e) {
    if (e instanceof ValidationFailed)
      return e.problems.map((p) => `${p.severity} ${p.rule} ${p.constructPath} ${p.field}`);
    throw e;
  }
  return [];
}

test('synth refuses L1 objects that break the schema, naming the construct path and field', () => {
  const { platform, app } = shop();
  new k8s.ConfigMap(app, 'settings', { metadata: { name: 'settings' }, data: { RETRIES: 3 as unknown as string } });
  expect(failures(platform, { policy: 'none' })).toEqual(['error schema/type dev/shop/settings data.RETRIES']);
});

test('synth validates custom resources against their registered CRD schema', () => {
  const { platform, app } = shop();
  new snapshot.VolumeSnapshot(app, 'nightly', {
    metadata: { name: 'nightly' },
    spec: { source: { persistentVolumeClaimName: 'data' }, volumeSnapshotClassName: 'csi' },
  });
  expect(failures(platform, { policy: 'none' })).toEqual([
    'error reference/snapshot-source dev/shop/nightly spec.source.persistentVolumeClaimName',
  ]);
});

test('a waiver with a reason removes the waived policy problem at synth', () => {
  const { platform, app } = shop();
  const cm = new k8s.ConfigMap(app, 'settings', {
    metadata: { name: 'settings' },
    data: { ADMIN_PASSWORD: 'changeme' },
  });
  expect(failures(platform)).toEqual(['error policy/secret-in-configmap dev/shop/settings data.ADMIN_PASSWORD']);
  Waivers.of(cm).waive('policy/secret-in-configmap', 'a local demo password, never deployed');
  expect(failures(platform)).toEqual([]);
});

test('a waiver on the app removes the namespace-wide default-deny problem (placed on the first workload), and only that one', () => {
  const { platform, app } = shop();
  const labels = { 'app.kubernetes.io/name': 'web' };
  new k8s.Deployment(app, 'web', {
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.2' }] } },
    },
  });
  const rules = (): string[] => failures(platform).map((f) => f.split(' ')[1]);
  expect(rules()).toContain('policy/default-deny-network-policy');
  const before = rules().length;
  Waivers.of(app).waive('policy/default-deny-network-policy', 'this test is about the waiver, not the policy');
  expect(rules()).not.toContain('policy/default-deny-network-policy');
  expect(rules().length).toBe(before - 1);
});
