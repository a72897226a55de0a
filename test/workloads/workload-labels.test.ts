import { Deployment, Platform, StatefulSet, Size } from 'berth-k8s';
import { makeApp } from './_helpers';

type Json = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
};

/** Every object the platform renders (policy aside), as `Kind/name` → its JSON. */
function objects(platform: Platform): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const app of platform.synth({ dryRun: true, policy: 'none' }).apps)
    for (const r of app.records) {
      const o = r.object as unknown as Json;
      out.set(`${o.kind}/${o.metadata.name}`, o);
    }
  return out;
}

test("a workload's labels reach every object of the workload; names and selectors stay as they were", () => {
  const { platform, app } = makeApp({
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
  });
  const labels = { 'acme.com/team': 'payments' };
  const web = new Deployment(app, 'web', { labels, containers: [{ image: 'nginx:1.27.0', ports: [{ port: 8080 }] }] });
  const db = new StatefulSet(app, 'db', {
    labels: { 'acme.com/team': 'data' },
    containers: [{ image: 'postgres:16.4', ports: [{ port: 5432 }] }],
    volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1) }],
  });
  web.exposeViaService();
  web.autoscale({ minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 });
  web.addDisruptionBudget({ minAvailable: 1 });
  web.connections.allowTo(db);
  const all = objects(platform);
  const team = (id: string): string | undefined => all.get(id)?.metadata.labels?.['acme.com/team'];
  expect([...all.keys()].sort().map((id) => `${id} ${team(id) ?? '-'}`)).toEqual([
    'Deployment/web payments',
    'HorizontalPodAutoscaler/web payments',
    'NetworkPolicy/db-ingress-web data',
    'NetworkPolicy/web-egress-db payments',
    'PodDisruptionBudget/web payments',
    'Service/db-headless data',
    'Service/web payments',
    'ServiceAccount/db data',
    'ServiceAccount/web payments',
    'StatefulSet/db data',
  ]);
  const deployment = all.get('Deployment/web')!.spec as {
    selector: unknown;
    template: { metadata: { labels: Record<string, string> } };
  };
  expect(deployment.template.metadata.labels['acme.com/team']).toBe('payments');
  expect(deployment.selector).toEqual({
    matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'web' },
  });
  expect(all.get('Service/web')!.spec!.selector).toEqual({
    'app.kubernetes.io/instance': 'shop',
    'app.kubernetes.io/name': 'web',
  });
});
