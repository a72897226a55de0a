import {
  Application,
  ConnectionIsolation,
  Environment,
  NetworkPolicies,
  Peer,
  Platform,
  Port,
  Waivers,
} from '../../lib';
import { FakeWorkload } from './fake-workload';

function setup(namespace = 'shop') {
  const platform = new Platform();
  const env = new Environment(platform, 'dev', { config: {}, namespace });
  const app = new Application(env, 'shop');
  return { platform, env, app };
}

function policies(platform: Platform): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const c of platform.node.findAll()) {
    const o = c as unknown as { kind?: string; toJson?: () => Record<string, unknown> };
    if (o.kind === 'NetworkPolicy' && typeof o.toJson === 'function') {
      const json = o.toJson();
      out[(json.metadata as { name: string }).name] = json;
    }
  }
  return out;
}

const sel = (name: string) => ({
  matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': name },
});

describe('the classic case: frontend may reach backend, only backend may reach the database', () => {
  const { platform, app } = setup();
  const frontend = new FakeWorkload(app, 'frontend', [8080]);
  const backend = new FakeWorkload(app, 'backend', [9000]);
  const db = new FakeWorkload(app, 'db', [5432]);
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  frontend.connections.allowTo(backend);
  backend.connections.allowTo(db);
  const p = policies(platform);

  test('writes exactly six policies with readable names', () => {
    expect(Object.keys(p).sort()).toEqual([
      'allow-dns-egress',
      'backend-egress-db',
      'backend-ingress-frontend',
      'db-ingress-backend',
      'default-deny',
      'frontend-egress-backend',
    ]);
  });

  test('default-deny selects every pod and isolates both directions with no rule', () => {
    expect(p['default-deny'].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect((p['default-deny'].metadata as { namespace: string }).namespace).toBe('shop');
  });

  test('allow-dns-egress lets every pod reach kube-dns in kube-system on UDP and TCP 53', () => {
    expect(p['allow-dns-egress'].spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  test('frontend-egress-backend allows the frontend pods out to the backend pods on the backend port', () => {
    expect(p['frontend-egress-backend'].spec).toEqual({
      podSelector: sel('frontend'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: sel('backend') }], ports: [{ port: 9000, protocol: 'TCP' }] }],
    });
    expect(p['frontend-egress-backend'].metadata).toMatchObject({
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'frontend' },
    });
  });

  test('backend-ingress-frontend allows the frontend pods into the backend pods on the backend port', () => {
    expect(p['backend-ingress-frontend'].spec).toEqual({
      podSelector: sel('backend'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: sel('frontend') }], ports: [{ port: 9000, protocol: 'TCP' }] }],
    });
  });

  test('backend-egress-db and db-ingress-backend use the database port', () => {
    expect(p['backend-egress-db'].spec).toEqual({
      podSelector: sel('backend'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: sel('db') }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    expect(p['db-ingress-backend'].spec).toEqual({
      podSelector: sel('db'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: sel('backend') }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
  });

  test('the policies are emitted by synth in the app directory', () => {
    // The fake workloads write no pods, so the policies select none (policy/network-policy-selector).
    Waivers.of(app).waive('policy/network-policy-selector', 'the fake workloads of this test run no pods');
    const result = platform.synth({ dryRun: true });
    const kinds = result.apps[0].records.map((r) => `${r.object.kind}/${r.object.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'NetworkPolicy/default-deny',
        'NetworkPolicy/frontend-egress-backend',
        'NetworkPolicy/db-ingress-backend',
      ]),
    );
  });
});

describe('connections', () => {
  test('explicit ports replace the default, and repeated calls join their ports in one policy per peer', () => {
    const { platform, app } = setup();
    const web = new FakeWorkload(app, 'web', [80]);
    const api = new FakeWorkload(app, 'api', [8080, 9090]);
    web.connections.allowTo(api, { ports: [Port.tcp(8080)] });
    web.connections.allowTo(api, { ports: [Port.tcp(8080), Port.udp(9999)] });
    const p = policies(platform);
    expect(Object.keys(p).sort()).toEqual(['api-ingress-web', 'web-egress-api']);
    expect((p['web-egress-api'].spec as { egress: unknown }).egress).toEqual([
      {
        to: [{ podSelector: sel('api') }],
        ports: [
          { port: 8080, protocol: 'TCP' },
          { port: 9999, protocol: 'UDP' },
        ],
      },
    ]);
  });

  test('default ports are every container port of the destination; none means every port', () => {
    const { platform, app } = setup();
    const a = new FakeWorkload(app, 'a');
    const b = new FakeWorkload(app, 'b', [8080, 9090]);
    a.connections.allowTo(b);
    b.connections.allowTo(a);
    const p = policies(platform);
    expect((p['a-egress-b'].spec as { egress: unknown[] }).egress[0]).toEqual({
      to: [{ podSelector: sel('b') }],
      ports: [
        { port: 8080, protocol: 'TCP' },
        { port: 9090, protocol: 'TCP' },
      ],
    });
    expect((p['b-egress-a'].spec as { egress: unknown[] }).egress[0]).toEqual({ to: [{ podSelector: sel('a') }] });
  });

  test('allowFrom writes the same two policies as allowTo from the other side, without duplicating rules', () => {
    const { platform, app } = setup();
    const web = new FakeWorkload(app, 'web');
    const api = new FakeWorkload(app, 'api', [8080]);
    api.connections.allowFrom(web);
    web.connections.allowTo(api);
    const p = policies(platform);
    expect(Object.keys(p).sort()).toEqual(['api-ingress-web', 'web-egress-api']);
    expect(p['api-ingress-web'].spec).toEqual({
      podSelector: sel('api'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: sel('web') }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
    expect((p['web-egress-api'].spec as { egress: unknown[] }).egress).toHaveLength(1);
  });

  test('allowFrom a namespace writes only the ingress policy on the workload', () => {
    const { platform, app } = setup();
    const api = new FakeWorkload(app, 'api', [8080]);
    api.connections.allowFrom(Peer.namespace('monitoring'), { ports: [Port.tcp(9090)] });
    const p = policies(platform);
    expect(Object.keys(p)).toEqual(['api-ingress-namespace-monitoring']);
    expect(p['api-ingress-namespace-monitoring'].spec).toEqual({
      podSelector: sel('api'),
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
          ports: [{ port: 9090, protocol: 'TCP' }],
        },
      ],
    });
  });

  test('allowTo an IP block and a namespace selector write egress rules with those peers', () => {
    const { platform, app } = setup();
    const api = new FakeWorkload(app, 'api');
    api.connections.allowTo(Peer.ipBlock('10.0.0.0/8', { except: ['10.1.0.0/16'] }), { ports: [Port.tcp(443)] });
    api.connections.allowTo(Peer.namespaceSelector({ labels: { team: 'data' } }));
    const p = policies(platform);
    expect((p['api-egress-cidr-10-0-0-0-8'].spec as { egress: unknown }).egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
    expect((p['api-egress-namespaces-data'].spec as { egress: unknown }).egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { team: 'data' } } }] },
    ]);
  });

  test('a workload in another app and namespace is selected with a namespaceSelector', () => {
    const platform = new Platform();
    const env = new Environment(platform, 'dev', { config: {} });
    const shop = new Application(env, 'shop');
    const pay = new Application(env, 'payments');
    const web = new FakeWorkload(shop, 'web');
    const api = new FakeWorkload(pay, 'api', [8443]);
    web.connections.allowTo(api);
    const p = policies(platform);
    expect((p['web-egress-api'].spec as { egress: unknown }).egress).toEqual([
      {
        to: [
          {
            podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'payments', 'app.kubernetes.io/name': 'api' } },
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } },
          },
        ],
        ports: [{ port: 8443, protocol: 'TCP' }],
      },
    ]);
    expect((p['api-ingress-web'].metadata as { namespace: string }).namespace).toBe('payments');
    expect((p['api-ingress-web'].spec as { ingress: Array<{ from: unknown }> }).ingress[0].from).toEqual([
      {
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'web' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
      },
    ]);
  });

  test('isolation SELF writes only the policy on the calling workload', () => {
    const { platform, app } = setup();
    const web = new FakeWorkload(app, 'web');
    const api = new FakeWorkload(app, 'api', [8080]);
    web.connections.allowTo(api, { isolation: ConnectionIsolation.SELF });
    expect(Object.keys(policies(platform))).toEqual(['web-egress-api']);
    const { platform: p2, app: app2 } = setup();
    const w2 = new FakeWorkload(app2, 'web');
    const a2 = new FakeWorkload(app2, 'api', [8080]);
    w2.connections.allowTo(a2, { isolation: ConnectionIsolation.PEER });
    expect(Object.keys(policies(p2))).toEqual(['api-ingress-web']);
  });

  test('a peer in another environment is an error naming both paths', () => {
    const platform = new Platform();
    const dev = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    const prod = new Application(new Environment(platform, 'prod', { config: {} }), 'shop');
    const web = new FakeWorkload(dev, 'web');
    const api = new FakeWorkload(prod, 'api');
    expect(() => web.connections.allowTo(api)).toThrow(
      'dev/shop/web: field connections.allowTo(peer): the workload is in environment "prod" but dev/shop/web is in "dev" (got "prod/shop/api").',
    );
  });

  test('defaultDeny can deny one direction only, and refuses to deny nothing', () => {
    const { platform, app } = setup();
    NetworkPolicies.defaultDeny(app, { egress: false });
    expect(policies(platform)['default-deny-ingress'].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(() => NetworkPolicies.defaultDeny(setup().app, { ingress: false, egress: false })).toThrow(
      'dev/shop: field NetworkPolicies.defaultDeny(options): ingress and egress are both false, so the policy would deny nothing.',
    );
  });
});
