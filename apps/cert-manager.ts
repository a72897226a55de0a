import * as path from 'path';
import { Application, Environment, Namespace, NetworkPolicies, VendoredChart } from 'berth-k8s';
import { PlatformConfig } from './config';

/**
 * cert-manager from its upstream chart (third_party/charts/cert-manager): its CRDs (rendered by
 * the chart when `crds.enabled`), controller, webhook and CA injector, and the post-install
 * hook that checks its API is up.
 */
export function certManager(env: Environment<PlatformConfig>): Application {
  // Not named cert-manager: the app chart's helpers (<app>.name, ...) would replace the vendored chart's.
  const app = new Application(env, 'certs', { namespace: 'cert-manager' });
  new Namespace(app, 'Namespace', { name: 'cert-manager' });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  // The chart sets no requests or limits (its values leave them to the operator of the cluster).
  const resources = {
    requests: { cpu: '50m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '128Mi' },
  };
  new VendoredChart(app, 'cert-manager', {
    chart: path.join(__dirname, '..', 'third_party', 'charts', 'cert-manager'),
    values: {
      crds: { enabled: true },
      // Its objects keep the names of a release called cert-manager (the app is not).
      fullnameOverride: 'cert-manager',
      replicaCount: env.config.replicas,
      // Its leader election leases live in the app's namespace, not kube-system.
      global: { leaderElection: { namespace: 'cert-manager' } },
      resources,
      // No Prometheus here: without it, the controller's and CA injector's Services (metrics only,
      // on pods with no readiness probe, which the restricted profile refuses) are left out.
      prometheus: { enabled: false },
      webhook: { resources },
      cainjector: { resources },
      startupapicheck: { resources },
    },
  });
  return app;
}
