import { Cpu, Deployment, NetworkPolicies, Probe, Size, Volume } from 'berth-k8s';
import { makeApp } from './_helpers';

test('a workload with its Service, autoscaler and budget synthesizes and passes validation, in dependency order', () => {
  const { platform, app } = makeApp();
  NetworkPolicies.defaultDeny(app);
  const resources = {
    cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) },
  };
  const db = new Deployment(app, 'db', {
    containers: [
      { image: 'postgres:16.4', ports: [{ port: 5432, name: 'pg' }], resources, readiness: Probe.tcp('pg') },
    ],
  });
  db.exposeViaService();
  const web = new Deployment(app, 'web', {
    replicas: 2,
    containers: [
      {
        image: 'web:1.0.0',
        ports: [{ port: 8080, name: 'http' }],
        resources,
        readiness: Probe.http('/ready'),
        volumeMounts: [{ volume: Volume.emptyDir('tmp'), path: '/tmp' }],
      },
    ],
  });
  web.exposeViaService();
  web.autoscale({ minReplicas: 2, maxReplicas: 6 });
  web.addDisruptionBudget({ minAvailable: 1 });
  web.dependsOn(db);
  const result = platform.synth({ dryRun: true });
  const records = result.apps[0].records;
  const objects = records.map((r) => `${r.object.kind}/${r.object.metadata?.name}`);
  for (const o of [
    'Deployment/web',
    'ServiceAccount/web',
    'Service/web',
    'HorizontalPodAutoscaler/web',
    'PodDisruptionBudget/web',
    'Deployment/db',
    'Service/db',
  ]) {
    expect(objects).toContain(o);
  }
  const webRecord = records.find((r) => r.constructPath === 'dev/shop/web');
  expect(webRecord?.dependsOn).toEqual(expect.arrayContaining(['dev/shop/db', 'dev/shop/db/Service']));
});
