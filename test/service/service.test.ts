import { Application, Deployment, Environment, Ingress, Platform, Service } from 'berth-k8s';
import { makeApp, render } from '../workloads/_helpers';

const SELECTOR = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' };

function web() {
  const ctx = makeApp();
  const d = new Deployment(ctx.app, 'web', {
    containers: [
      {
        image: 'web:1',
        ports: [
          { port: 8080, name: 'http' },
          { port: 9090, name: 'metrics' },
        ],
      },
    ],
  });
  return { ...ctx, d };
}

describe('Service', () => {
  test('exposeViaService defaults ports from the container ports and selects the workload', () => {
    const { d } = web();
    const json = render(d.exposeViaService());
    expect(json.metadata.name).toBe('web');
    expect(json.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(json.spec).toEqual({
      type: 'ClusterIP',
      selector: SELECTOR,
      ports: [
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      ],
    });
  });

  test('ports added to the container after exposing still reach the Service', () => {
    const { app } = makeApp();
    const d = new Deployment(app, 'web', { containers: [{ image: 'web:1' }] });
    const svc = d.exposeViaService();
    d.containers[0].addPort({ port: 8080 });
    expect(render(svc).spec.ports).toEqual([{ port: 8080, targetPort: 8080, protocol: 'TCP' }]);
  });

  test('NodePort, LoadBalancer and headless Services', () => {
    const { app, d } = web();
    const np = new Service(app, 'node', {
      selector: d,
      type: 'NodePort',
      ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }],
    });
    expect(render(np).spec).toEqual({
      type: 'NodePort',
      selector: SELECTOR,
      ports: [{ port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080 }],
    });
    const lb = d.exposeViaService({
      type: 'LoadBalancer',
      name: 'web-public',
      ports: [{ port: 443, targetPort: 8080 }],
    });
    expect(render(lb).metadata.name).toBe('web-public');
    expect(render(lb).spec).toEqual({
      type: 'LoadBalancer',
      selector: SELECTOR,
      ports: [{ port: 443, targetPort: 8080, protocol: 'TCP' }],
    });
    const hl = new Service(app, 'peers', { selector: d, type: 'Headless', ports: [{ port: 8080, name: 'http' }] });
    expect(render(hl).spec).toEqual({
      type: 'ClusterIP',
      clusterIP: 'None',
      selector: SELECTOR,
      ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(render(hl).metadata.labels['app.kubernetes.io/name']).toBe('web');
  });

  test('bad ports are refused with the path and fix', () => {
    const { app, d } = web();
    expect(() => new Service(app, 's1', { selector: d, ports: [{ port: 80, nodePort: 30080 }] })).toThrow(
      'dev/shop/s1: field ports[0].nodePort: not allowed (got 30080). Allowed: a node port only on NodePort and LoadBalancer Services',
    );
    expect(
      () => new Service(app, 's2', { selector: d, type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }),
    ).toThrow(
      'dev/shop/s2: field ports[0].nodePort: not allowed (got 80). Allowed: a whole number from 30000 to 32767',
    );
    expect(() => new Service(app, 's3', { selector: d, ports: [{ port: 80 }, { port: 80 }] })).toThrow(
      'dev/shop/s3: field ports[1].port: not allowed (got 80). Allowed: a port/protocol not already in this Service (80/TCP is)',
    );
    expect(() => new Service(app, 's4', { selector: d, ports: [{ port: 80, targetPort: 'grpc' }] })).toThrow(
      'dev/shop/s4: field ports[0].targetPort: not allowed (got "grpc"). Allowed: a container port name of dev/shop/web (http, metrics) or a number',
    );
    expect(() => new Service(app, 's5', { selector: d, ports: [{ port: 99999 }] })).toThrow(
      'dev/shop/s5: field ports[0].port: not allowed (got 99999)',
    );
    const bare = new Deployment(app, 'bare', { containers: [{ image: 'b:1' }] });
    expect(() => render(bare.exposeViaService())).toThrow(
      'dev/shop/bare/Service: field ports: not allowed (got []). Allowed: at least one port for a ClusterIP Service (dev/shop/bare declares no container ports)',
    );
  });

  test('a workload of another environment cannot be selected', () => {
    const platform = new Platform();
    const dev = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    const prod = new Application(new Environment(platform, 'prod', { config: {} }), 'shop');
    const d = new Deployment(dev, 'web', { containers: [{ image: 'a:1', ports: [{ port: 80 }] }] });
    expect(() => new Service(prod, 'web', { selector: d })).toThrow(
      'prod/shop/web: field selector: not allowed (got "dev/shop/web"). Allowed: a workload of environment "prod" (this one is in "dev")',
    );
  });
});

describe('Ingress', () => {
  test('routes hosts and paths to Services, with a class and TLS', () => {
    const { app, d } = web();
    const svc = d.exposeViaService();
    const ingress = new Ingress(app, 'public', { ingressClassName: 'nginx' });
    ingress.addRule('shop.example.com', '/', svc, 8080);
    ingress.addRule('shop.example.com', '/metrics', svc, 9090, { pathType: 'Exact' });
    ingress.addTls(['shop.example.com'], { secretName: 'shop-tls' });
    const json = render(ingress);
    expect(json.metadata.name).toBe('public');
    expect(json.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } },
              { path: '/metrics', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 9090 } } } },
            ],
          },
        },
      ],
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    });
  });

  test('bad hosts, paths and a missing port are refused', () => {
    const { app, d } = web();
    const svc = d.exposeViaService();
    const ingress = new Ingress(app, 'public');
    expect(() => ingress.addRule('Shop.Example.com', '/', svc, 80)).toThrow(
      'dev/shop/public: field rules[0].host: not allowed (got "Shop.Example.com"). Allowed: a lower-case DNS name',
    );
    expect(() => ingress.addRule('a.example.com', 'api', svc, 80)).toThrow(
      'dev/shop/public: field rules[0].path: not allowed (got "api"). Allowed: an absolute path starting with "/". Write "/api".',
    );
    ingress.addRule('a.example.com', '/', svc);
    expect(() => render(ingress)).toThrow(
      'dev/shop/public: field rules[0].backend.port: missing. Allowed: a port, since Service web has 2 ports',
    );
  });
});
