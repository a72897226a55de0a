import {
  Application,
  Certificate,
  Deployment,
  Environment,
  Gateway,
  GRPCRoute,
  HTTPRoute,
  Ingress,
  Peer,
  Platform,
} from 'berth-k8s';
import { synthEnvironment } from 'berth-k8s/testing';
import { makeApp, render } from '../workloads/_helpers';
import { thrownInvalidInput } from '../support/invalid-input';

function web(app: Application, name = 'web') {
  return new Deployment(app, name, {
    containers: [{ image: 'web:1.0', ports: [{ port: 8080, name: 'http' }] }],
  });
}

function byKind(objects: readonly { kind: string; metadata: { name?: string } }[], kind: string) {
  return objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);
}

describe('Gateway', () => {
  test('renders its listeners, TLS from a cert-manager Certificate and allowed namespaces', () => {
    const { app } = makeApp();
    const cert = new Certificate(app, 'shop', { dnsNames: ['shop.example.com'], issuer: { name: 'letsencrypt' } });
    const gw = new Gateway(app, 'public', {
      gatewayClassName: 'eg',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: 'All' },
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname: '*.example.com',
          certificate: cert,
          allowedRoutes: ['shop', 'blog'],
        },
      ],
    });
    const json = render(gw);
    expect(json.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(json.spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname: '*.example.com',
          tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'shop-tls' }] },
          allowedRoutes: {
            namespaces: {
              from: 'Selector',
              selector: {
                matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['blog', 'shop'] }],
              },
            },
          },
        },
      ],
    });
    expect(render(cert).spec).toEqual({
      secretName: 'shop-tls',
      dnsNames: ['shop.example.com'],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
  });

  test('a Certificate is accepted where a Secret is (Ingress TLS)', () => {
    const { app } = makeApp();
    const cert = new Certificate(app, 'shop', {
      dnsNames: ['shop.example.com'],
      issuer: { name: 'ca', kind: 'Issuer' },
      secretName: 'shop-cert',
    });
    const ingress = new Ingress(app, 'public');
    ingress.addRule('shop.example.com', '/', web(app).exposeViaService());
    ingress.addTls(['shop.example.com'], cert);
    expect(render(ingress).spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-cert' }]);
  });

  test('bad listeners fail where they are written', () => {
    const { app } = makeApp();
    const https = thrownInvalidInput(
      () =>
        new Gateway(app, 'a', { gatewayClassName: 'eg', listeners: [{ name: 'tls', port: 443, protocol: 'HTTPS' }] }),
    );
    expect(https.message).toBe(
      'dev/shop/a: field listeners[0].certificate: missing. Allowed: a certificate for an HTTPS listener. Pass a Secret of type kubernetes.io/tls, or a cert-manager Certificate.',
    );
    const host = thrownInvalidInput(
      () =>
        new Gateway(app, 'b', {
          gatewayClassName: 'eg',
          listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'Shop.example.com:80' }],
        }),
    );
    expect(host.field).toBe('listeners[0].hostname');
    const dup = thrownInvalidInput(
      () =>
        new Gateway(app, 'c', {
          gatewayClassName: 'eg',
          listeners: [
            { name: 'http', port: 80, protocol: 'HTTP' },
            { name: 'http', port: 8080, protocol: 'HTTP' },
          ],
        }),
    );
    expect(dup.field).toBe('listeners[1].name');
    expect(thrownInvalidInput(() => new Gateway(app, 'd', { gatewayClassName: 'eg', listeners: [] })).field).toBe(
      'listeners',
    );
  });
});

describe('HTTPRoute and GRPCRoute', () => {
  test('exposeViaGateway: an HTTPRoute to the workload Service, and the Gateway pods let in on its target port', () => {
    const { app, env } = makeApp();
    const gateway = new Gateway(app, 'public', {
      gatewayClassName: 'eg',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com' }],
    });
    const w = web(app);
    const route = w.exposeViaGateway(gateway, { hostnames: ['shop.example.com'], path: '/api' });
    expect(render(route)).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: expect.objectContaining({ 'app.kubernetes.io/name': 'web' }),
      },
      spec: {
        parentRefs: [{ name: 'public' }],
        hostnames: ['shop.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
            backendRefs: [{ name: 'web', port: 8080 }],
          },
        ],
      },
    });
    const objects = synthEnvironment(env, { policy: 'none' });
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'web-ingress-pods-public');
    expect(policy?.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } } }],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
    });
    // The Service exposeViaService made is reused, not duplicated.
    expect(byKind(objects, 'Service')).toEqual(['web']);
  });

  test('a route to a Service of another namespace brings a ReferenceGrant in that namespace', () => {
    const platform = new Platform();
    const env = new Environment(platform, 'dev', { config: {} });
    const edge = new Application(env, 'edge');
    const shop = new Application(env, 'shop');
    const gateway = new Gateway(edge, 'public', {
      gatewayClassName: 'eg',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
    });
    const svc = web(shop).exposeViaService();
    const route = new HTTPRoute(edge, 'shop', { gateway });
    route.addRule('/', svc, { weight: 10 });
    route.addRule('/exact', svc, { pathType: 'Exact', port: 8080 });
    expect(render(route).spec.rules[0].backendRefs).toEqual([
      { name: 'web', namespace: 'shop', port: 8080, weight: 10 },
    ]);
    const objects = synthEnvironment(env, { policy: 'none' });
    const grants = objects.filter((o) => o.kind === 'ReferenceGrant');
    expect(grants).toHaveLength(1);
    expect(grants[0].apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(grants[0].metadata.name).toBe('web-from-edge-httproute');
    expect(grants[0].metadata.namespace).toBe('shop');
    expect(grants[0].spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
      to: [{ group: '', kind: 'Service', name: 'web' }],
    });
    // The Gateway's pods (in edge) may reach the backend in shop.
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'shop');
    expect((policy?.spec as { ingress?: unknown } | undefined)?.ingress).toEqual([
      {
        from: [
          {
            podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } },
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
          },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  test('a Gateway outside the platform: the route names it external, the data plane given is let in', () => {
    const { app, env } = makeApp();
    const gateway = Gateway.fromName(app, 'shared', {
      namespace: 'infra',
      dataPlane: Peer.namespace('envoy-gateway-system'),
    });
    const api = new Deployment(app, 'api', {
      containers: [{ image: 'api:1.0', ports: [{ port: 9090, name: 'grpc' }] }],
    });
    const route = new GRPCRoute(app, 'api-route', {
      name: 'api',
      gateway,
      sectionName: 'grpc',
      hostnames: ['api.example.com'],
    });
    route.addRule(api.exposeViaService(), { grpcService: 'shop.v1.Cart', method: 'Get' });
    route.addRule(api.exposeViaService({ name: 'api-all' }));
    const json = render(route);
    expect(json.kind).toBe('GRPCRoute');
    expect(json.metadata.annotations).toEqual({ 'berth.dev/external-refs': 'Gateway/infra/shared' });
    expect(json.spec).toEqual({
      parentRefs: [{ name: 'shared', namespace: 'infra', sectionName: 'grpc' }],
      hostnames: ['api.example.com'],
      rules: [
        {
          matches: [{ method: { service: 'shop.v1.Cart', method: 'Get' } }],
          backendRefs: [{ name: 'api', port: 9090 }],
        },
        { backendRefs: [{ name: 'api-all', port: 9090 }] },
      ],
    });
    const objects = synthEnvironment(env, { policy: 'none' });
    expect(byKind(objects, 'NetworkPolicy')).toEqual(['api-ingress-namespace-envoy-gateway-system']);
  });

  test('bad route input fails where it is written', () => {
    const { app } = makeApp();
    const gateway = Gateway.fromName(app, 'shared', { namespace: 'infra' });
    const svc = web(app).exposeViaService();
    const route = new HTTPRoute(app, 'r', { gateway });
    expect(thrownInvalidInput(() => route.addRule('api', svc)).message).toBe(
      'dev/shop/r: field rules[0].matches[0].path.value: not allowed (got "api"). Allowed: an absolute path starting with "/". Write "/api".',
    );
    expect(thrownInvalidInput(() => new HTTPRoute(app, 'h', { gateway, hostnames: ['10.0.0.1:80'] })).field).toBe(
      'hostnames[0]',
    );
    const g = new GRPCRoute(app, 'g', { gateway });
    expect(thrownInvalidInput(() => g.addRule(svc, { method: 'Get' })).field).toBe('rules[0].matches[0].method.method');
    const other = makeApp({}, 'prod');
    expect(thrownInvalidInput(() => new HTTPRoute(other.app, 'x', { gateway })).message).toContain(
      'an object of environment "prod" (it is in "dev")',
    );
    const empty = new HTTPRoute(app, 'empty', { gateway });
    expect(thrownInvalidInput(() => empty.toJson()).field).toBe('rules');
  });
});
