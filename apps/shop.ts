import {
  Application,
  Certificate,
  Cpu,
  Deployment,
  Duration,
  Environment,
  Gateway,
  Namespace,
  NetworkPolicies,
  Probe,
  Size,
  Spread,
  StatefulSet,
  Volume,
  Workload,
} from 'berth-k8s';
import { PlatformConfig } from './config';

/**
 * The shop: a frontend, a backend and a database. Default deny in the namespace; the
 * frontend may reach the backend only, the backend may reach the database. The frontend is
 * public through a Gateway (HTTPS with a cert-manager certificate) and an HTTPRoute.
 */
export function shop(env: Environment<PlatformConfig>): Application {
  const { config } = env;
  // In prod, replicas never share a node and spread across zones.
  const spread = config.highAvailability ? [Spread.onePerNode(), Spread.acrossZones()] : [];
  const app = new Application(env, 'shop');
  new Namespace(app, 'Namespace', { name: app.namespace });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);

  const frontend = new Deployment(app, 'frontend', {
    replicas: config.replicas,
    spread,
    containers: [
      {
        image: 'ghcr.io/acme/shop-frontend:1.8.2',
        ports: [{ port: 8080, name: 'http' }],
        readiness: Probe.http('/healthz', { port: 8080 }),
        liveness: Probe.http('/livez', { port: 8080 }),
        volumeMounts: [{ volume: Volume.emptyDir('tmp'), path: '/tmp' }],
      },
    ],
  });
  const backend = new Deployment(app, 'backend', {
    replicas: config.replicas,
    spread,
    containers: [
      {
        image: 'ghcr.io/acme/shop-backend:2.3.0',
        ports: [{ port: 9090, name: 'grpc' }],
        readiness: Probe.grpc(9090),
        liveness: Probe.tcp(9090),
      },
    ],
  });
  const db = new StatefulSet(app, 'db', {
    replicas: config.replicas,
    spread,
    volumeClaimTemplates: [{ name: 'data', storage: config.shopDbStorage }],
  });
  db.addContainer({
    image: 'postgres:16.4',
    ports: [{ port: 5432, name: 'postgres' }],
    resources: {
      cpu: { request: Cpu.millis(500), limit: Cpu.cores(2) },
      memory: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
    },
    readiness: Probe.exec(['pg_isready', '-U', 'postgres']),
    liveness: Probe.tcp(5432),
    volumeMounts: [
      { volume: db.claimVolume('data'), path: '/var/lib/postgresql/data' },
      { volume: Volume.emptyDir('run'), path: '/var/run/postgresql' },
      { volume: Volume.emptyDir('tmp'), path: '/tmp' },
    ],
  });

  // Who may talk to whom: three lines.
  frontend.connections.allowTo(backend);
  backend.connections.allowTo(db);

  for (const w of [frontend, backend, db] as Workload[]) {
    w.exposeViaService();
  }
  // Public HTTPS through the cluster's Gateway API implementation; the route reuses the
  // frontend's Service and lets the Gateway's pods reach the frontend.
  const certificate = new Certificate(app, 'shop', {
    dnsNames: [config.shopHostname],
    issuer: { name: 'letsencrypt' },
  });
  const gateway = new Gateway(app, 'public', {
    gatewayClassName: 'eg',
    listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: config.shopHostname, certificate }],
  });
  frontend.exposeViaGateway(gateway, { hostnames: [config.shopHostname] });
  for (const w of [frontend, backend]) {
    // Scale down by at most half the pods a minute, after 5 minutes of lower load.
    w.autoscale({
      ...config.autoscaling,
      cpuUtilization: 70,
      scaleDown: { stabilization: Duration.minutes(5), policies: [{ percent: 50, period: Duration.minutes(1) }] },
    });
  }
  if (config.highAvailability) {
    for (const w of [frontend, backend, db] as Workload[]) {
      w.addDisruptionBudget({ minAvailable: 1 });
    }
  }
  return app;
}
