/**
 * The workload `microservices(N)` written with Berth's L2 constructs, as a user would write it
 * (see `spec.ts` for what it contains; `berth-microservices-l1.ts` is the same with L1 classes).
 */
import { Construct } from 'constructs';
import {
  Application,
  ConfigMap,
  Cpu,
  Deployment,
  Duration,
  EnvFrom,
  Environment,
  NetworkPolicy,
  PersistentVolumeClaim,
  Peer,
  Platform,
  Port,
  Probe,
  ServiceAccountRef,
  Size,
  Volume,
  VolumeSnapshotClass,
} from '../../lib';
import { APP, imageOf, SERVICE_DEFAULTS, serviceNames } from './spec';

/** Which Berth API the workload is written with. */
export const BERTH_WORKLOAD_API =
  'L2 constructs (Deployment, Service via exposeViaService, NetworkPolicy, PersistentVolumeClaim, VolumeSnapshot, ConfigMap)';

/** The platform of the benchmark: one environment `bench`, one app `microservices` with `n` services. */
export function microservices(n: number): Platform {
  const d = SERVICE_DEFAULTS;
  const platform = new Platform();
  const env = new Environment(platform, 'bench', { config: {} });
  const app = new Application(env, APP);
  // Its project turns off the rules for what the other contenders do not write (BENCH_RULES).
  const snapshotClass = VolumeSnapshotClass.fromName(app, 'SnapshotClass', d.snapshotClass);
  // Pods run as the namespace's `default` ServiceAccount (a Deployment would otherwise add its own).
  const serviceAccount = ServiceAccountRef.fromName('default');
  const deployments: Deployment[] = [];
  const scopes: Construct[] = [];
  for (let i = 0; i < n; i++) {
    const s = serviceNames(i, n);
    const scope = new Construct(app, s.name);
    const component = { 'app.kubernetes.io/name': s.name };
    const config = new ConfigMap(scope, 'Config', {
      name: s.configMap,
      labels: component,
      data: { LOG_LEVEL: 'info', SERVICE_NAME: s.name, UPSTREAM_URL: `http://${s.caller}:${d.servicePort}` },
    });
    const claim = new PersistentVolumeClaim(scope, 'Data', {
      name: s.claim,
      labels: component,
      storage: Size.gibibytes(1),
      storageClass: d.storageClass,
    });
    claim.snapshot('Snapshot', { name: s.snapshot, snapshotClass });
    const deployment = new Deployment(scope, 'Deployment', {
      name: s.name,
      replicas: d.replicas,
      serviceAccount,
      securityContext: { fsGroup: 1000 },
      containers: [
        {
          name: 'app',
          image: imageOf(s.name),
          ports: [{ name: 'http', port: d.port }],
          envFrom: [EnvFrom.configMap(config)],
          resources: {
            cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
          },
          liveness: Probe.http('/healthz', {
            port: d.port,
            initialDelay: Duration.seconds(10),
            period: Duration.seconds(10),
          }),
          readiness: Probe.http('/ready', { port: d.port, period: Duration.seconds(5) }),
          securityContext: { runAsUser: 1000 },
          volumeMounts: [{ volume: Volume.fromPersistentVolumeClaim(claim, { name: 'data' }), path: '/data' }],
        },
      ],
    });
    deployment.exposeViaService({ ports: [{ name: 'http', port: d.servicePort, targetPort: d.port }] });
    deployments.push(deployment);
    scopes.push(scope);
  }
  // Ingress only from the calling service's pods (created after every Deployment exists).
  for (let i = 0; i < n; i++) {
    const s = serviceNames(i, n);
    new NetworkPolicy(scopes[i], 'AllowIngress', {
      name: s.policy,
      selector: deployments[i],
      ingress: [{ peer: Peer.workload(deployments[(i + 1) % n]), ports: [Port.tcp(d.port)] }],
    });
  }
  return platform;
}
