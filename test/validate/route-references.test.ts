import 'berth-k8s'; // registers the Gateway API kinds, as a platform's program does
import { recordOf } from '../workloads/_helpers';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { hostnamesIntersect } from '../../lib/validate/check-routes';

const GW = 'gateway.networking.k8s.io/v1';

function gateway(listeners: object[], namespace = 'edge'): object {
  return {
    apiVersion: GW,
    kind: 'Gateway',
    metadata: { name: 'public', namespace },
    spec: { gatewayClassName: 'eg', listeners },
  };
}

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { ports: [{ port: 8080 }] },
};

function route(spec: object, kind = 'HTTPRoute', namespace = 'shop'): object {
  return { apiVersion: GW, kind, metadata: { name: 'web', namespace }, spec };
}

const ALL = { namespaces: { from: 'All' } };
const PARENT = { name: 'public', namespace: 'edge' };
const BACKEND = { rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }] };

/** The route problems (rule, field, message) of validating `objects`. */
function routeProblems(...objects: object[]) {
  return validateManifests(objects.map(recordOf), { policy: 'none' })
    .filter((p) => p.rule.startsWith('reference/route-'))
    .map((p) => ({ rule: p.rule, field: p.field, message: p.message }));
}

describe('Gateway API route references', () => {
  test('a route attached to an existing listener that admits it, to an existing Service port: no problem', () => {
    const listener = { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', allowedRoutes: ALL };
    expect(
      routeProblems(
        gateway([{ ...listener, tls: { certificateRefs: [{ name: 'tls' }] } }]),
        SERVICE,
        route({ parentRefs: [PARENT], hostnames: ['shop.example.com'], ...BACKEND }),
      ),
    ).toEqual([]);
  });

  test('a parent Gateway that does not exist', () => {
    expect(routeProblems(SERVICE, route({ parentRefs: [{ name: 'nope' }], ...BACKEND }))).toEqual([
      {
        rule: 'reference/route-parent',
        field: 'spec.parentRefs[0].name',
        message: 'the parent Gateway shop/nope does not exist in this environment: the HTTPRoute attaches to nothing',
      },
    ]);
  });

  test('a parent Gateway declared external is taken as existing', () => {
    const r = route({ parentRefs: [{ name: 'shared', namespace: 'infra' }], ...BACKEND }) as { metadata: object };
    const annotated = {
      ...r,
      metadata: { ...r.metadata, annotations: { 'berth.dev/external-refs': 'Gateway/infra/shared' } },
    };
    expect(routeProblems(SERVICE, annotated)).toEqual([]);
  });

  test('a sectionName no listener has', () => {
    expect(
      routeProblems(
        gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: ALL }]),
        SERVICE,
        route({ parentRefs: [{ ...PARENT, sectionName: 'https' }], ...BACKEND }),
      ),
    ).toEqual([
      {
        rule: 'reference/route-parent',
        field: 'spec.parentRefs[0].sectionName',
        message: 'Gateway edge/public has no listener named "https" (it has http)',
      },
    ]);
  });

  test('a listener that admits only routes of its own namespace (the default), or of selected ones', () => {
    const message =
      'no listener of Gateway edge/public admits a HTTPRoute from namespace shop (an HTTP or HTTPS listener whose allowedRoutes take it): the route stays detached';
    expect(
      routeProblems(
        gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]),
        SERVICE,
        route({ parentRefs: [PARENT], ...BACKEND }),
      ),
    ).toEqual([{ rule: 'reference/route-parent', field: 'spec.parentRefs[0].name', message }]);
    const selector = (values: string[]) => ({
      namespaces: {
        from: 'Selector',
        selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values }] },
      },
    });
    const listener = (values: string[]) => [
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: selector(values) },
    ];
    expect(
      routeProblems(gateway(listener(['blog'])), SERVICE, route({ parentRefs: [PARENT], ...BACKEND })),
    ).toHaveLength(1);
    expect(routeProblems(gateway(listener(['shop'])), SERVICE, route({ parentRefs: [PARENT], ...BACKEND }))).toEqual(
      [],
    );
  });

  test('a hostname the listener does not serve', () => {
    expect(
      routeProblems(
        gateway([{ name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: ALL }]),
        SERVICE,
        route({ parentRefs: [PARENT], hostnames: ['a.example.com', 'example.com', 'shop.example.org'], ...BACKEND }),
      ),
    ).toEqual([
      {
        rule: 'reference/route-hostname',
        field: 'spec.hostnames[1]',
        message:
          'the hostname "example.com" is not served by any listener of Gateway edge/public (*.example.com): requests for it never reach the route',
      },
      {
        rule: 'reference/route-hostname',
        field: 'spec.hostnames[2]',
        message:
          'the hostname "shop.example.org" is not served by any listener of Gateway edge/public (*.example.com): requests for it never reach the route',
      },
    ]);
  });

  test('a backend Service that does not exist, or lacks the port', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: ALL }]);
    expect(routeProblems(gw, route({ parentRefs: [PARENT], ...BACKEND }, 'GRPCRoute'))).toEqual([
      {
        rule: 'reference/route-backend',
        field: 'spec.rules[0].backendRefs[0].name',
        message: 'the backend Service shop/web does not exist in this environment: the GRPCRoute would answer 500',
      },
    ]);
    expect(
      routeProblems(
        gw,
        SERVICE,
        route({ parentRefs: [PARENT], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] }),
      ),
    ).toEqual([
      {
        rule: 'reference/route-backend',
        field: 'spec.rules[0].backendRefs[0].port',
        message: 'Service shop/web has no port 80 (it has 8080)',
      },
    ]);
  });

  test('a backend in another namespace needs a ReferenceGrant there', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]);
    const r = route(
      { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'web', namespace: 'shop', port: 8080 }] }] },
      'HTTPRoute',
      'edge',
    );
    expect(routeProblems(gw, SERVICE, r)).toEqual([
      {
        rule: 'reference/route-backend',
        field: 'spec.rules[0].backendRefs[0].namespace',
        message:
          'the backend Service shop/web is in another namespace and no ReferenceGrant in shop lets a HTTPRoute of namespace edge refer to it: the Gateway refuses the reference',
      },
    ]);
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'from-edge', namespace: 'shop' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }],
        to: [{ group: '', kind: 'Service' }],
      },
    };
    expect(routeProblems(gw, SERVICE, r, grant)).toEqual([]);
  });

  test('hostnames intersect as Gateway API matches them', () => {
    expect(hostnamesIntersect(undefined, 'a.b')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'example.com')).toBe(false);
    expect(hostnamesIntersect('shop.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('shop.example.com', 'blog.example.com')).toBe(false);
  });
});
