/**
 * Valid objects, one per kind, that each case of the table breaks in one place. Every base passes
 * validation (no problem at all) on its own or with the companions its case lists.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases edit deep paths of plain manifests
export type Doc = Record<string, any>;

/** One case: a valid object (and the objects it needs), the defect, what the API server says. */
export interface SemanticCase {
  readonly name: string;
  /** The object under test; further objects are companions it refers to. */
  readonly manifest: () => Doc | readonly Doc[];
  /** Breaks the object under test in one place. */
  readonly defect: (m: Doc) => void;
  /** `<field path>: <API server's message>`, one line per problem, in any order. */
  readonly expect: string | readonly string[];
}

const NS = 'shop';

export function container(): Doc {
  return {
    name: 'app',
    image: 'ghcr.io/acme/web:1.2.3',
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'MODE', value: 'prod' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    livenessProbe: { tcpSocket: { port: 8080 } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

export function podSpec(): Doc {
  return { containers: [container()], volumes: [{ name: 'tmp', emptyDir: {} }] };
}

function template(): Doc {
  return { metadata: { labels: { app: 'web' } }, spec: podSpec() };
}

export function deployment(): Doc {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

export function replicaSet(): Doc {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: NS },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

export function statefulSet(): Doc {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: NS },
    spec: {
      serviceName: 'db',
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        },
      ],
    },
  };
}

export function daemonSet(): Doc {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: NS },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

function jobSpec(): Doc {
  const spec = podSpec();
  spec.restartPolicy = 'OnFailure';
  return { backoffLimit: 3, template: { spec } };
}

export function job(): Doc {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: NS }, spec: jobSpec() };
}

export function cronJob(): Doc {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: NS },
    spec: { schedule: '30 2 * * *', timeZone: 'Europe/Paris', jobTemplate: { spec: jobSpec() } },
  };
}

export function pod(): Doc {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: NS }, spec: podSpec() };
}

export function service(): Doc {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

export function ingress(): Doc {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: NS },
    spec: {
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
      ],
    },
  };
}

export function networkPolicy(): Doc {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web', namespace: NS },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'gateway' } } }], ports: [{ port: 8080 }] }],
    },
  };
}

export function pvc(): Doc {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: NS },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } },
  };
}

export function pv(): Doc {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'nfs-share' },
    spec: {
      capacity: { storage: '100Gi' },
      accessModes: ['ReadWriteMany'],
      nfs: { server: 'nfs.example.com', path: '/exports/share' },
    },
  };
}

export function storageClass(): Doc {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3' },
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

export function secret(type: string, stringData: Doc): Doc {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: NS }, type, stringData };
}

export function namespace(): Doc {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };
}

export function resourceQuota(): Doc {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'quota', namespace: NS },
    spec: { hard: { 'requests.cpu': '10', 'limits.memory': '20Gi', pods: '50', 'count/deployments.apps': '20' } },
  };
}

export function limitRange(): Doc {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'limits', namespace: NS },
    spec: {
      limits: [
        {
          type: 'Container',
          min: { cpu: '50m', memory: '64Mi' },
          max: { cpu: '2', memory: '2Gi' },
          default: { cpu: '500m', memory: '256Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          maxLimitRequestRatio: { cpu: '10' },
        },
      ],
    },
  };
}

export function role(): Doc {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: NS },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  };
}

export function clusterRole(): Doc {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'metrics-reader' },
    rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
  };
}

export function roleBinding(): Doc {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'readers', namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [
      { kind: 'ServiceAccount', name: 'web' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'developers' },
    ],
  };
}

export function clusterRoleBinding(): Doc {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'viewers' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
  };
}

/** An HPA with the Deployment it scales. */
export function hpa(): Doc[] {
  return [
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: NS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        ],
      },
    },
    deployment(),
  ];
}

/** A PodDisruptionBudget with the Deployment it protects. */
export function pdb(): Doc[] {
  return [
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: NS },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    },
    deployment(),
  ];
}
