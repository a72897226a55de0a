import {
  Cluster,
  Application,
  CronJob,
  Environment,
  EnvValue,
  HelmHook,
  Job,
  Namespace,
  NetworkPolicies,
  Peer,
  PersistentVolumeClaim,
  Port,
  Probe,
  ReclaimPolicy,
  Schedule,
  SecretRef,
  StatefulSet,
  StorageClass,
  Volume,
  VolumeBindingMode,
  VolumeSnapshotClass,
  Waivers,
} from 'berth-k8s';
import { PlatformConfig } from './config';

const MYSQL_IMAGE = 'mysql:8.4.3';

/**
 * MySQL on a CSI volume: a StatefulSet using the claim `mysql-pvc`, a snapshot class
 * `ebs-snapclass` and a snapshot `db-snapshot` of the claim, a claim restored from that
 * snapshot, a nightly `mysqldump` to S3 (credentials from Secrets managed outside the app),
 * and a `db-init` Job that runs before everything else on install.
 */
export function mysql(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'mysql');
  new Namespace(app, 'Namespace', { name: app.namespace });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);

  const gp3 = new StorageClass(app, 'Gp3', {
    name: 'ebs-gp3',
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true' },
    reclaimPolicy: ReclaimPolicy.RETAIN,
    volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
    allowVolumeExpansion: true,
  });
  const data = new PersistentVolumeClaim(app, 'Data', {
    name: 'mysql-pvc',
    storage: env.config.mysqlStorage,
    storageClass: gp3,
  });
  const snapClass = new VolumeSnapshotClass(app, 'SnapClass', { name: 'ebs-snapclass', driver: 'ebs.csi.aws.com' });
  // The classes are the cluster's: written once per cluster, by the environment that owns them.
  if (env.config.ownsClusterObjects) {
    Cluster.markOwner(gp3);
    Cluster.markOwner(snapClass);
  }
  const snapshot = data.snapshot('Snapshot', { name: 'db-snapshot', snapshotClass: snapClass });
  PersistentVolumeClaim.fromSnapshot(app, 'Restored', snapshot, { name: 'mysql-restored', storageClass: gp3 });

  // Secrets managed outside the app (e.g. by External Secrets): declared, never inlined.
  const rootPassword = SecretRef.fromName(app, 'mysql-root', { keys: ['password'] });
  const s3 = SecretRef.fromName(app, 'backup-s3', { keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] });

  const db = new StatefulSet(app, 'mysql', {
    replicas: 1,
    volumes: [Volume.fromPersistentVolumeClaim(data)],
  });
  db.addContainer({
    image: MYSQL_IMAGE,
    ports: [{ port: 3306, name: 'mysql' }],
    env: { MYSQL_ROOT_PASSWORD: EnvValue.fromSecret(rootPassword, 'password') },
    readiness: Probe.exec(['mysqladmin', 'ping', '-h', '127.0.0.1']),
    liveness: Probe.tcp(3306),
    volumeMounts: [
      { volume: Volume.fromPersistentVolumeClaim(data), path: '/var/lib/mysql' },
      { volume: Volume.emptyDir('run'), path: '/var/run/mysqld' },
      { volume: Volume.emptyDir('tmp'), path: '/tmp' },
    ],
  });
  db.exposeViaService();
  // One MySQL on one ReadWriteOnce volume: a second replica would be a second, empty database.
  Waivers.of(db).waive('policy/min-replicas', 'single-instance MySQL on one ReadWriteOnce claim; not replicated');

  // Before anything else is installed: prepare the backup location, so the first nightly
  // backup cannot fail on a missing bucket prefix. (A Helm pre-install hook; plain YAML keeps
  // the same annotations, which kubectl ignores.)
  const init = new Job(app, 'db-init', {
    containers: [
      {
        image: 'ghcr.io/acme/mysqldump-s3:1.3.0',
        command: ['sh', '-c', 'aws s3api put-object --bucket acme-backups --key mysql/'],
        env: {
          AWS_ACCESS_KEY_ID: EnvValue.fromSecret(s3, 'AWS_ACCESS_KEY_ID'),
          AWS_SECRET_ACCESS_KEY: EnvValue.fromSecret(s3, 'AWS_SECRET_ACCESS_KEY'),
        },
        volumeMounts: [{ volume: Volume.emptyDir('tmp'), path: '/tmp' }],
      },
    ],
    backoffLimit: 3,
  });
  HelmHook.of(init).on('pre-install', { weight: -5, deletePolicy: ['before-hook-creation', 'hook-succeeded'] });

  const backup = new CronJob(app, 'backup', {
    schedule: Schedule.cron('0 2 * * *'),
    containers: [
      {
        image: 'ghcr.io/acme/mysqldump-s3:1.3.0',
        command: [
          'sh',
          '-c',
          'mysqldump -h mysql -uroot -p"$MYSQL_ROOT_PASSWORD" --all-databases | gzip | aws s3 cp - "s3://acme-backups/mysql/$(date +%F).sql.gz"',
        ],
        env: {
          MYSQL_ROOT_PASSWORD: EnvValue.fromSecret(rootPassword, 'password'),
          AWS_ACCESS_KEY_ID: EnvValue.fromSecret(s3, 'AWS_ACCESS_KEY_ID'),
          AWS_SECRET_ACCESS_KEY: EnvValue.fromSecret(s3, 'AWS_SECRET_ACCESS_KEY'),
        },
        volumeMounts: [{ volume: Volume.emptyDir('tmp'), path: '/tmp' }],
      },
    ],
  });

  backup.connections.allowTo(db);
  // Both talk to S3 over HTTPS.
  for (const s3Client of [init, backup]) {
    s3Client.connections.allowTo(Peer.anyIpv4(), { ports: [Port.tcp(443)] });
  }
  return app;
}
