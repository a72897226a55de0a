/**
 * The workload `microservices(N)` written with Berth's generated L1 classes (`lib/imports/k8s`,
 * `lib/imports/snapshot.storage.k8s.io`), field by field as in `spec.ts`: the diagnostic
 * contender `berth-l1`, which shows what the L2 constructs add over the raw objects.
 */
import { Construct } from 'constructs';
import { Application } from '../../lib/core/application';
import { Environment } from '../../lib/core/environment';
import { Platform } from '../../lib/synth/platform';
import * as k8s from '../../lib/imports/k8s';
import * as snapshot from '../../lib/imports/snapshot.storage.k8s.io';
import { APP, imageOf, labelsOf, selectorOf, SERVICE_DEFAULTS, serviceNames } from './spec';

/** Adds service `i` of `n` to `app`: six objects. */
function addService(app: Application, i: number, n: number): void {
  const s = serviceNames(i, n);
  const d = SERVICE_DEFAULTS;
  const scope = new Construct(app, s.name);
  const name = { 'app.kubernetes.io/name': s.name };
  new k8s.ConfigMap(scope, 'Config', {
    metadata: { name: s.configMap, labels: { ...name } },
    data: { LOG_LEVEL: 'info', SERVICE_NAME: s.name, UPSTREAM_URL: `http://${s.caller}:${d.servicePort}` },
  });
  new k8s.PersistentVolumeClaim(scope, 'Data', {
    metadata: { name: s.claim, labels: { ...name } },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: d.storageClass,
      resources: { requests: { storage: d.storage } },
    },
  });
  new k8s.Deployment(scope, 'Deployment', {
    metadata: { name: s.name, labels: { ...name } },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: selectorOf(s.name) },
      template: {
        metadata: { labels: labelsOf(s.name) },
        spec: {
          automountServiceAccountToken: false,
          serviceAccountName: 'default',
          securityContext: { runAsNonRoot: true, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image: imageOf(s.name),
              ports: [{ name: 'http', containerPort: d.port, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: s.configMap } }],
              resources: { requests: { ...d.resources.requests }, limits: { ...d.resources.limits } },
              livenessProbe: {
                httpGet: { path: '/healthz', port: d.port },
                initialDelaySeconds: 10,
                periodSeconds: 10,
              },
              readinessProbe: { httpGet: { path: '/ready', port: d.port }, periodSeconds: 5 },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 1000,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: s.claim } }],
        },
      },
    },
  });
  new k8s.Service(scope, 'Service', {
    metadata: { name: s.name, labels: { ...name } },
    spec: {
      type: 'ClusterIP',
      selector: selectorOf(s.name),
      ports: [{ name: 'http', port: d.servicePort, targetPort: d.port, protocol: 'TCP' }],
    },
  });
  new k8s.NetworkPolicy(scope, 'AllowIngress', {
    metadata: { name: s.policy, labels: { ...name } },
    spec: {
      podSelector: { matchLabels: selectorOf(s.name) },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: selectorOf(s.caller) } }], ports: [{ protocol: 'TCP', port: d.port }] },
      ],
    },
  });
  new snapshot.VolumeSnapshot(scope, 'Snapshot', {
    metadata: { name: s.snapshot },
    spec: { volumeSnapshotClassName: d.snapshotClass, source: { persistentVolumeClaimName: s.claim } },
  });
}

/** The platform of the benchmark: one environment `bench`, one app `microservices` with `n` services. */
export function microservices(n: number): Platform {
  const platform = new Platform();
  const env = new Environment(platform, 'bench', { config: {} });
  const app = new Application(env, APP);
  // Its project turns off the rules for what the other contenders do not write (BENCH_RULES).
  for (let i = 0; i < n; i++) addService(app, i, n);
  return platform;
}
