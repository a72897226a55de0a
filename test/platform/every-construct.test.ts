import {
  Application,
  ClusterRole,
  ConfigMap,
  Cpu,
  CronJob,
  DaemonSet,
  Deployment,
  Environment,
  EnvFrom,
  EnvValue,
  Ingress,
  Job,
  KubeObject,
  Namespace,
  NetworkPolicies,
  PersistentVolumeClaim,
  Peer,
  Platform,
  Probe,
  Role,
  RoleBinding,
  Schedule,
  Secret,
  SecretRef,
  ServiceAccount,
  Service,
  Size,
  Spread,
  StatefulSet,
  StorageClass,
  Subject,
  Toleration,
  Volume,
  VolumeSnapshotClass,
  Waivers,
  dependsOn,
  synthesize,
} from 'berth-k8s';
import { findObject, findObjects } from 'berth-k8s/testing';

interface Config {
  readonly replicas: number;
  readonly storage: Size;
  readonly ha: boolean;
}

/** One app that uses every construct of the SDK. */
function everything(env: Environment<Config>): void {
  const app = new Application(env, 'kitchen-sink');
  const ns = new Namespace(app, 'Namespace', { name: 'kitchen-sink' });
  ns.addResourceQuota('Quota', { requestsCpu: Cpu.cores(8), requestsMemory: Size.gibibytes(16), pods: 50 });
  ns.addLimitRange('Defaults', {
    container: { defaultRequest: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) } },
  });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);

  const settings = new ConfigMap(app, 'Settings', { data: { LOG_LEVEL: 'info', RETRIES: '3', ENABLED: 'yes' } });
  const devSecret = new Secret(app, 'Token', {
    stringData: { token: 'not-a-real-token' },
    allowPlaintextInOutput: true,
  });
  const external = SecretRef.fromName(app, 'registry-auth', { keys: ['password'] });

  const fast = new StorageClass(app, 'Fast', {
    name: 'fast',
    provisioner: 'pd.csi.storage.gke.io',
    parameters: { type: 'pd-ssd' },
    allowVolumeExpansion: true,
  });
  const snapClass = new VolumeSnapshotClass(app, 'SnapClass', {
    name: 'fast-snapshots',
    driver: 'pd.csi.storage.gke.io',
  });
  const data = new PersistentVolumeClaim(app, 'Data', {
    name: 'data',
    storage: env.config.storage,
    storageClass: fast,
  });
  const snap = data.snapshot('Nightly', { snapshotClass: snapClass });
  PersistentVolumeClaim.fromSnapshot(app, 'Restored', snap, { name: 'data-restored', storageClass: fast });
  new PersistentVolumeClaim(app, 'Clone', { name: 'data-clone', cloneFrom: data, storageClass: fast });

  const api = new Deployment(app, 'api', {
    replicas: env.config.replicas,
    spread: env.config.ha ? [Spread.acrossZones()] : [],
    containers: [
      {
        image: 'ghcr.io/acme/api:3.1.4',
        ports: [{ port: 8080, name: 'http' }],
        env: {
          LOG_LEVEL: EnvValue.fromConfigMap(settings, 'LOG_LEVEL'),
          TOKEN: EnvValue.fromSecret(devSecret, 'token'),
          REGISTRY_PASSWORD: EnvValue.fromSecret(external, 'password'),
        },
        envFrom: [EnvFrom.configMap(settings)],
        readiness: Probe.http('/ready', { port: 8080 }),
        liveness: Probe.tcp(8080),
        startup: Probe.exec(['cat', '/tmp/started']),
        volumeMounts: [
          { volume: Volume.fromPersistentVolumeClaim(data), path: '/data' },
          { volume: Volume.fromConfigMap(settings), path: '/etc/settings', readOnly: true },
          { volume: Volume.emptyDir('tmp'), path: '/tmp' },
        ],
      },
    ],
  });
  const web = new Deployment(app, 'web', {
    replicas: env.config.replicas,
    containers: [
      {
        image: 'ghcr.io/acme/web:1.0.0',
        ports: [{ port: 8080, name: 'http' }],
        readiness: Probe.http('/', { port: 8080 }),
        liveness: Probe.tcp(8080),
      },
    ],
    spread: env.config.ha ? [Spread.onePerNode()] : [],
  });
  if (env.config.ha) web.addDisruptionBudget();
  web.connections.allowTo(api);
  web.connections.allowFrom(Peer.namespace('ingress-nginx'));
  api.exposeViaService();
  const webService = web.exposeViaService();
  new Service(app, 'web-public', { selector: web, type: 'LoadBalancer', ports: [{ port: 80, targetPort: 'http' }] });
  new Service(app, 'web-node', {
    selector: web,
    type: 'NodePort',
    ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }],
  });
  const ingress = new Ingress(app, 'public', { ingressClassName: 'nginx' });
  ingress.addRule('shop.example.com', '/', webService, 8080);
  ingress.addTls(['shop.example.com'], { secretName: 'shop-tls' });
  api.autoscale({ minReplicas: env.config.replicas, maxReplicas: 5, cpuUtilization: 75 });
  if (env.config.ha) api.addDisruptionBudget({ minAvailable: 1 });

  const db = new StatefulSet(app, 'db', {
    replicas: 1,
    volumeClaimTemplates: [{ name: 'pgdata', storage: Size.gibibytes(5) }],
  });
  db.addContainer({
    image: 'postgres:16.4',
    ports: [{ port: 5432, name: 'postgres' }],
    readiness: Probe.exec(['pg_isready']),
    liveness: Probe.tcp(5432),
    volumeMounts: [
      { volume: db.claimVolume('pgdata'), path: '/var/lib/postgresql/data' },
      { volume: Volume.emptyDir('run'), path: '/var/run/postgresql' },
    ],
  });
  db.exposeViaService();
  Waivers.of(db).waive('policy/min-replicas', 'one PostgreSQL instance, not replicated');
  api.connections.allowTo(db);

  const logs = new DaemonSet(app, 'log-shipper', {
    containers: [
      {
        image: 'fluent/fluent-bit:3.1.9',
        ports: [{ port: 2020, name: 'metrics' }],
        liveness: Probe.http('/api/v1/health', { port: 2020 }),
        volumeMounts: [{ volume: Volume.emptyDir('buffer'), path: '/buffer' }],
      },
    ],
    tolerations: [Toleration.all()],
  });
  Waivers.of(logs).waive(
    'policy/readiness-probe',
    'a node agent that no Service selects; readiness is meaningless here',
  );

  const migrate = new Job(app, 'migrate', {
    containers: [{ image: 'ghcr.io/acme/api:3.1.4', args: ['migrate'] }],
    backoffLimit: 2,
  });
  migrate.connections.allowTo(db);
  new CronJob(app, 'report', {
    schedule: Schedule.cron('30 3 * * 1'),
    containers: [{ image: 'ghcr.io/acme/report:0.9.0' }],
  });
  new Job(app, 'gpu', {
    containers: [{ image: 'nvcr.io/nvidia/cuda:12.6.2-base-ubuntu24.04', gpu: { count: 1, vendor: 'nvidia.com' } }],
  });

  const robot = new ServiceAccount(app, 'Robot', { name: 'robot' });
  const reader = new Role(app, 'Reader', { name: 'config-reader' });
  reader.grant(robot, ['get', 'list', 'watch'], [{ resources: ['configmaps'] }]);
  new RoleBinding(app, 'Viewers', {
    role: ClusterRole.fromName(app, 'View', 'view'),
    subjects: [Subject.group('devs')],
  });
  const cluster = new ClusterRole(app, 'Nodes', { name: 'kitchen-sink-nodes' });
  cluster.grant(robot, ['get', 'list'], [{ resources: ['nodes'] }]);
  dependsOn(migrate, db);
}

function build(): Platform {
  const platform = new Platform();
  const envs: Record<string, Config> = {
    dev: { replicas: 1, storage: Size.gibibytes(1), ha: false },
    prod: { replicas: 3, storage: Size.gibibytes(100), ha: true },
  };
  for (const [name, config] of Object.entries(envs)) {
    const env = new Environment<Config>(platform, name, {
      config,
      defaults: {
        storageClassName: 'standard',
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '128Mi' } },
      },
    });
    if (!config.ha) Waivers.of(env).waive('policy/min-replicas', 'dev runs one replica of each workload');
    everything(env);
  }
  return platform;
}

describe('a platform using every construct', () => {
  const result = synthesize(build(), { dryRun: true });
  const objects = (env: string): KubeObject[] =>
    result.apps.find((a) => a.environment.name === env)!.records.map((r) => r.object);

  test('synthesizes for dev and prod with zero problems: Kubernetes and CRD schemas, references and the restricted policy', () => {
    expect(result.warnings).toEqual([]);
    expect(result.waivers.map((w) => `${w.constructPath} ${w.rule}`).sort()).toEqual([
      'dev policy/min-replicas',
      'dev/kitchen-sink/db policy/min-replicas',
      'dev/kitchen-sink/log-shipper policy/readiness-probe',
      'prod/kitchen-sink/db policy/min-replicas',
      'prod/kitchen-sink/log-shipper policy/readiness-probe',
    ]);
  });

  test('emits every kind it was asked for', () => {
    const kinds = new Set(objects('prod').map((o) => o.kind));
    expect([...kinds].sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'ConfigMap',
      'CronJob',
      'DaemonSet',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Job',
      'LimitRange',
      'Namespace',
      'NetworkPolicy',
      'PersistentVolumeClaim',
      'PodDisruptionBudget',
      'ResourceQuota',
      'Role',
      'RoleBinding',
      'Secret',
      'Service',
      'ServiceAccount',
      'StatefulSet',
      'StorageClass',
      'VolumeSnapshot',
      'VolumeSnapshotClass',
    ]);
    expect(findObjects(objects('dev'), 'PodDisruptionBudget')).toEqual([]);
  });

  test('keeps the storage fields that matter: class, size, restore and clone sources', () => {
    const prod = objects('prod');
    expect(findObject(prod, 'PersistentVolumeClaim', 'data').spec as Record<string, unknown>).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '100Gi' } },
      storageClassName: 'fast',
    });
    expect(
      (findObject(prod, 'PersistentVolumeClaim', 'data-clone').spec as { dataSource?: unknown }).dataSource,
    ).toEqual({ kind: 'PersistentVolumeClaim', name: 'data' });
    expect(
      (findObject(prod, 'PersistentVolumeClaim', 'data-restored').spec as { dataSource: { kind: string } }).dataSource
        .kind,
    ).toBe('VolumeSnapshot');
    expect(findObject(prod, 'StorageClass', 'fast').metadata.namespace).toBeUndefined();
  });

  test('quotes strings that YAML 1.1 readers would take for booleans or numbers', () => {
    const file = [...result.contents.entries()].find(([k]) => k.startsWith('prod/kitchen-sink/configmap-'))![1];
    expect(file).toContain('ENABLED: "yes"');
    expect(file).toContain('RETRIES: "3"');
  });
});
