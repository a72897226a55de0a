import * as path from 'path';
import { Application, Environment, Namespace, NetworkPolicies, SecretRef, VendoredChart, Waivers } from 'berth-k8s';
import { PlatformConfig } from './config';

/**
 * A blog from Bitnami's upstream WordPress chart (third_party/charts/wordpress), which brings
 * MariaDB (and the unused Memcached) as subcharts vendored under its charts/. The chart would
 * generate random passwords on every render; its credentials come from Secrets that exist in
 * the cluster instead, so that every synth writes the same output and no password is committed.
 */
export function blog(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'blog');
  new Namespace(app, 'Namespace', { name: 'blog' });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  const site = SecretRef.fromName(app, 'blog-wordpress', { keys: ['wordpress-password'] });
  const db = SecretRef.fromName(app, 'blog-mariadb', {
    keys: ['mariadb-root-password', 'mariadb-password', 'mariadb-replication-password'],
  });
  const chart = new VendoredChart(app, 'wordpress', {
    chart: path.join(__dirname, '..', 'third_party', 'charts', 'wordpress'),
    values: {
      existingSecret: site.secretName,
      replicaCount: env.config.replicas,
      mariadb: { auth: { existingSecret: db.secretName } },
      persistence: { storageClass: 'standard' },
    },
  });
  // Bitnami's MariaDB subchart runs one primary: a second replica would be a second database.
  Waivers.of(chart).waive(
    'policy/min-replicas',
    'single-instance MariaDB subchart; a second replica would be a second database',
  );
  // The chart's own template writes its subchart's Service name; Helm renders it per release.
  Waivers.of(chart).waive('helm/literal-object-name', "the upstream chart's template names its MariaDB Service");
  return app;
}
