import {
  Application,
  Deployment,
  Environment,
  EnvValue,
  Namespace,
  NetworkPolicies,
  Probe,
  SecretRef,
  Size,
  Spread,
  StatefulSet,
  Volume,
  Waivers,
} from 'berth-k8s';
import { PlatformConfig } from './config';

/**
 * WordPress with MariaDB as a dependency. MariaDB is a nested app: in Helm output it is the
 * subchart `mariadb` (switched by `mariadb.enabled`); in plain YAML its objects sit in the
 * wordpress folder, the same objects.
 */
export function wordpress(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'wordpress');
  new Namespace(app, 'Namespace', { name: app.namespace });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  const credentials = SecretRef.fromName(app, 'wordpress-db', { keys: ['password'] });

  // MariaDB first, so that WordPress can name its Service (`serviceName` follows the release
  // name in the chart, where a literal 'mariadb' would not).
  let db: StatefulSet | undefined;
  let dbHost = 'mariadb';
  if (env.config.wordpressMariadb) {
    const mariadb = new Application(app, 'mariadb');
    db = new StatefulSet(mariadb, 'mariadb', {
      replicas: 1,
      volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(8) }],
    });
    db.addContainer({
      image: 'mariadb:11.4.3',
      ports: [{ port: 3306, name: 'mysql' }],
      env: {
        MARIADB_PASSWORD: EnvValue.fromSecret(credentials, 'password'),
        MARIADB_USER: EnvValue.fromValue('wordpress'),
      },
      readiness: Probe.tcp(3306),
      liveness: Probe.tcp(3306),
      volumeMounts: [
        { volume: db.claimVolume('data'), path: '/var/lib/mysql' },
        { volume: Volume.emptyDir('run'), path: '/run/mysqld' },
        { volume: Volume.emptyDir('tmp'), path: '/tmp' },
      ],
    });
    dbHost = db.exposeViaService().serviceName;
    Waivers.of(db).waive('helm/literal-object-name', 'MARIADB_USER is a database user name, not the wordpress objects');
    Waivers.of(db).waive('policy/min-replicas', 'single-instance MariaDB; a second replica would be a second database');
  }

  const web = new Deployment(app, 'wordpress', {
    replicas: env.config.replicas,
    // In prod, replicas never share a node and spread across zones.
    spread: env.config.highAvailability ? [Spread.onePerNode(), Spread.acrossZones()] : [],
    containers: [
      {
        image: 'wordpress:6.6.2-php8.3-apache',
        ports: [{ port: 8080, name: 'http' }],
        env: {
          WORDPRESS_DB_HOST: EnvValue.fromValue(dbHost),
          WORDPRESS_DB_USER: EnvValue.fromValue('wordpress'),
          WORDPRESS_DB_PASSWORD: EnvValue.fromSecret(credentials, 'password'),
        },
        readiness: Probe.http('/wp-login.php', { port: 8080 }),
        // Apache answering at all: a database outage must not restart the web servers.
        liveness: Probe.tcp(8080),
        volumeMounts: [
          { volume: Volume.emptyDir('html'), path: '/var/www/html' },
          { volume: Volume.emptyDir('tmp'), path: '/tmp' },
          { volume: Volume.emptyDir('run'), path: '/var/run/apache2' },
        ],
      },
    ],
  });
  web.exposeViaService();
  if (env.config.highAvailability) web.addDisruptionBudget({ minAvailable: 1 });

  Waivers.of(web).waive(
    'helm/literal-object-name',
    'WORDPRESS_DB_USER is a database user name, not the wordpress objects',
  );
  if (db) web.connections.allowTo(db);
  return app;
}
