/**
 * Contender: the workload `microservices(N)` with cdk8s-plus-33 L2 constructs and cdk8s
 * `App.synth()` (one Chart, one YAML file). The VolumeSnapshot has no cdk8s-plus construct and
 * is a raw `ApiObject`. Names are set explicitly (cdk8s would otherwise add a hash).
 *
 * Usage: node build/bench/contenders/cdk8s-plus.js N OUTDIR
 */
import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { APP, appLabels, imageOf, labelsOf, selectorOf, SERVICE_DEFAULTS, serviceNames } from '../workloads/spec';

function main(argv: readonly string[]): void {
  const n = Number(argv[0]);
  const outdir = argv[1];
  if (!Number.isInteger(n) || n < 1 || !outdir) {
    throw new Error('usage: cdk8s-plus.js N OUTDIR');
  }
  const d = SERVICE_DEFAULTS;
  const app = new App({ outdir });
  const chart = new Chart(app, APP, { namespace: APP });
  for (let i = 0; i < n; i++) {
    const s = serviceNames(i, n);
    const scope = new Construct(chart, s.name);
    const configMap = new kplus.ConfigMap(scope, 'config', {
      metadata: { name: s.configMap, labels: labelsOf(s.name) },
      data: { LOG_LEVEL: 'info', SERVICE_NAME: s.name, UPSTREAM_URL: `http://${s.caller}:${d.servicePort}` },
    });
    const claim = new kplus.PersistentVolumeClaim(scope, 'data', {
      metadata: { name: s.claim, labels: labelsOf(s.name) },
      storage: Size.gibibytes(1),
      storageClassName: d.storageClass,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    });
    const deployment = new kplus.Deployment(scope, 'deployment', {
      metadata: { name: s.name, labels: labelsOf(s.name) },
      podMetadata: { labels: labelsOf(s.name) },
      replicas: d.replicas,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, fsGroup: 1000 },
      containers: [
        {
          name: 'app',
          image: imageOf(s.name),
          ports: [{ name: 'http', number: d.port }],
          envFrom: [kplus.Env.fromConfigMap(configMap)],
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
          },
          liveness: kplus.Probe.fromHttpGet('/healthz', {
            port: d.port,
            initialDelaySeconds: Duration.seconds(10),
            periodSeconds: Duration.seconds(10),
          }),
          readiness: kplus.Probe.fromHttpGet('/ready', { port: d.port, periodSeconds: Duration.seconds(5) }),
          securityContext: {
            ensureNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            user: 1000,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          volumeMounts: [
            { path: '/data', volume: kplus.Volume.fromPersistentVolumeClaim(scope, 'volume', claim, { name: 'data' }) },
          ],
        },
      ],
    });
    deployment.exposeViaService({
      name: s.name,
      serviceType: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: d.servicePort, targetPort: d.port }],
    });
    new kplus.NetworkPolicy(scope, 'policy', {
      metadata: { name: s.policy, labels: labelsOf(s.name) },
      selector: deployment,
      ingress: {
        rules: [
          {
            peer: kplus.Pods.select(scope, 'caller', { labels: selectorOf(s.caller) }),
            ports: [kplus.NetworkPolicyPort.tcp(d.port)],
          },
        ],
      },
    });
    new ApiObject(scope, 'snapshot', {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: s.snapshot, labels: appLabels() },
      spec: { volumeSnapshotClassName: d.snapshotClass, source: { persistentVolumeClaimName: claim.name } },
    });
  }
  app.synth();
}

main(process.argv.slice(2));
