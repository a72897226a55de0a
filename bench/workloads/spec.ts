/**
 * The benchmark workload `microservices(N)` as plain Kubernetes objects (wire shape): the
 * reference every contender is checked against, the input of the floor contenders, and the
 * source of the Helm contender's values file.
 *
 * Per service `svc-<i>` (its caller is `svc-<(i+1) % N>`), six objects:
 * ConfigMap, PersistentVolumeClaim (1Gi on StorageClass `fast`), Deployment (one container:
 * image, CPU and memory requests and limits, liveness and readiness probes, restricted security
 * context, env from the ConfigMap, the claim mounted at /data), ClusterIP Service, NetworkPolicy
 * (ingress only from the caller's pods, TCP 8080) and a VolumeSnapshot of the claim.
 *
 * The objects carry the labels, selectors, namespace and ServiceAccount Berth's constructs give
 * them in the app `microservices`, so every contender but cdk8s-plus writes the same data as
 * Berth (key order aside). The VolumeSnapshot has no component label: Berth's VolumeSnapshot
 * construct puts only the app's labels on it.
 */

/** The kinds of the workload, each present N times. */
export const WORKLOAD_KINDS: readonly string[] = [
  'ConfigMap',
  'Deployment',
  'NetworkPolicy',
  'PersistentVolumeClaim',
  'Service',
  'VolumeSnapshot',
];

/** The app (and namespace) every contender puts the services in. */
export const APP = 'microservices';

/**
 * The rules the workload's project turns off (`berth.rules` in its cdk8s.yaml): it is exactly
 * six objects per service, as every contender writes them, so no namespace-wide default-deny
 * policy, PodDisruptionBudget or anti-affinity. Settings, not waivers: a waiver is written into
 * every object as annotations, which the other contenders' output does not have.
 */
export const BENCH_RULES = {
  'policy/default-deny-network-policy': 'off',
  'policy/pdb-missing': 'off',
  'policy/pod-anti-affinity': 'off',
} as const;

/** The workload project's cdk8s.yaml, `app` its program. */
export function benchProjectConfig(app: string): string {
  const rules = Object.entries(BENCH_RULES).map(([rule, severity]) => `    ${rule}: ${severity}\n`);
  return `app: ${app}\noutput: dist\nberth:\n  rules:\n${rules.join('')}`;
}

/** Names of one service's objects. */
export interface ServiceNames {
  readonly name: string;
  readonly caller: string;
  readonly configMap: string;
  readonly claim: string;
  readonly policy: string;
  readonly snapshot: string;
}

/** The names of service `i` of `n`. */
export function serviceNames(i: number, n: number): ServiceNames {
  const name = `svc-${i}`;
  return {
    name,
    caller: `svc-${(i + 1) % n}`,
    configMap: `${name}-config`,
    claim: `${name}-data`,
    policy: `${name}-allow-ingress`,
    snapshot: `${name}-snapshot`,
  };
}

/** Shared settings of every service (also the Helm chart's default values). */
export const SERVICE_DEFAULTS = {
  replicas: 2,
  port: 8080,
  servicePort: 80,
  storageClass: 'fast',
  storage: '1Gi',
  snapshotClass: 'csi-snapclass',
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
} as const;

/** The image of a service. */
export function imageOf(name: string): string {
  return `registry.example.com/${name}:1.0.0`;
}

/** The labels Berth puts on every object of the app (a fresh object each call: shared references could become YAML aliases). */
export function appLabels(): Record<string, string> {
  return {
    'app.kubernetes.io/instance': APP,
    'app.kubernetes.io/managed-by': 'berth',
    'app.kubernetes.io/part-of': APP,
  };
}

/** The labels of the objects of a service: the app's and the component's name. */
export function labelsOf(name: string): Record<string, string> {
  return { ...appLabels(), 'app.kubernetes.io/name': name };
}

/** The labels that select a service's pods. */
export function selectorOf(name: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': APP, 'app.kubernetes.io/name': name };
}

type Obj = Record<string, unknown>;

/** The six objects of service `i` of `n`, in wire shape. */
export function serviceObjects(i: number, n: number): Obj[] {
  const s = serviceNames(i, n);
  const d = SERVICE_DEFAULTS;
  const meta = (name: string, labels = labelsOf(s.name)): Obj => ({ name, namespace: APP, labels });
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(s.configMap),
      data: { LOG_LEVEL: 'info', SERVICE_NAME: s.name, UPSTREAM_URL: `http://${s.caller}:${d.servicePort}` },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(s.claim),
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: d.storageClass,
        resources: { requests: { storage: d.storage } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(s.name),
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
                resources: {
                  requests: { ...d.resources.requests },
                  limits: { ...d.resources.limits },
                },
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
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(s.name),
      spec: {
        type: 'ClusterIP',
        selector: selectorOf(s.name),
        ports: [{ name: 'http', port: d.servicePort, targetPort: d.port, protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(s.policy),
      spec: {
        podSelector: { matchLabels: selectorOf(s.name) },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: selectorOf(s.caller) } }],
            ports: [{ protocol: 'TCP', port: d.port }],
          },
        ],
      },
    },
    {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: meta(s.snapshot, appLabels()),
      spec: { volumeSnapshotClassName: d.snapshotClass, source: { persistentVolumeClaimName: s.claim } },
    },
  ];
}
