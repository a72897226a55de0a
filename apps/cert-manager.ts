import * as path from 'path';
import { Application, Environment, Namespace, NetworkPolicies, VendoredChart, Waivers } from 'berth-k8s';
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
  const chart = new VendoredChart(app, 'cert-manager', {
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
  // What cert-manager is: it writes the Secrets of Certificates in every namespace.
  Waivers.of(chart).waive(
    'policy/rbac-secrets',
    'cert-manager issues certificates into Secrets of every namespace; its roles are upstream',
  );
  // Its ACME HTTP-01 solver runs as pods it creates.
  Waivers.of(chart).waive('policy/rbac-create-pods', 'cert-manager creates the pods of its ACME HTTP-01 solver');
  // The chart gives the CA injector no health endpoint to probe (upstream 1.21).
  Waivers.of(chart).waive('policy/liveness-probe', 'the upstream CA injector serves no health endpoint');
  // One controller and one webhook per environment: certificates renew ahead of expiry, so an
  // outage of minutes delays a renewal rather than breaking traffic.
  Waivers.of(chart).waive('policy/min-replicas', 'renewals tolerate minutes of controller or webhook outage');
  Waivers.of(chart).waive('policy/pdb-missing', 'renewals tolerate minutes of controller outage');
  Waivers.of(chart).waive('policy/pod-anti-affinity', 'renewals tolerate minutes of controller outage');
  return app;
}
