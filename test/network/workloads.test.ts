import { Application, Deployment, Environment, NetworkPolicies, Platform } from '../../lib';
import { collect } from '../../lib/render/collect';

describe('connections on real workloads', () => {
  test('the classic case with Deployments: three lines plus DNS, ports read at synth', () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    const frontend = new Deployment(app, 'frontend', { containers: [{ image: 'web:1', ports: [{ port: 8080 }] }] });
    const backend = new Deployment(app, 'backend', { containers: [{ image: 'api:1', ports: [{ port: 9000 }] }] });
    const db = new Deployment(app, 'db');

    NetworkPolicies.defaultDeny(app);
    NetworkPolicies.allowDnsEgress(app);
    frontend.connections.allowTo(backend);
    backend.connections.allowTo(db);
    db.addContainer({ image: 'postgres:16', ports: [{ port: 5432 }] });

    const policies = new Map<string, Record<string, unknown>>();
    const { apps, problems } = collect(platform);
    expect(problems).toEqual([]);
    for (const r of apps[0].records) {
      if (r.object.kind === 'NetworkPolicy') policies.set(r.object.metadata.name!, r.object as Record<string, unknown>);
    }
    expect([...policies.keys()].sort()).toEqual([
      'allow-dns-egress',
      'backend-egress-db',
      'backend-ingress-frontend',
      'db-ingress-backend',
      'default-deny',
      'frontend-egress-backend',
    ]);
    expect(policies.get('backend-egress-db')!.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'backend' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'db' } } },
          ],
          ports: [{ port: 5432, protocol: 'TCP' }],
        },
      ],
    });
    expect(policies.get('db-ingress-backend')!.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'backend' },
              },
            },
          ],
          ports: [{ port: 5432, protocol: 'TCP' }],
        },
      ],
    });
  });
});
