import {
  clusterRole,
  clusterRoleBinding,
  Doc,
  hpa,
  limitRange,
  namespace,
  pdb,
  pv,
  pvc,
  resourceQuota,
  role,
  roleBinding,
  secret,
  SemanticCase,
  storageClass,
} from './bases';

/**
 * Storage, configuration, RBAC and availability kinds (core, storage, rbac, autoscaling and
 * policy validation).
 */

const NON_NEGATIVE = 'must be greater than or equal to 0';
const IN_WITHOUT_VALUES = "must be specified when `operator` is 'In' or 'NotIn'";

function c(
  name: string,
  manifest: () => Doc | readonly Doc[],
  defect: (m: Doc) => void,
  expect: string | readonly string[],
): SemanticCase {
  return { name, manifest, defect, expect };
}

export const storageCases: readonly SemanticCase[] = [
  c(
    'claim with empty access modes',
    pvc,
    (m) => {
      m.spec.accessModes = [];
    },
    'spec.accessModes: Required value: at least 1 access mode is required',
  ),
  c(
    'claim without access modes',
    pvc,
    (m) => {
      delete m.spec.accessModes;
    },
    'spec.accessModes: Required value: at least 1 access mode is required',
  ),
  c(
    'ReadWriteOncePod with another mode',
    pvc,
    (m) => {
      m.spec.accessModes = ['ReadWriteOncePod', 'ReadWriteOnce'];
    },
    'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
  ),
  c(
    'claim without a size',
    pvc,
    (m) => {
      m.spec.resources = { requests: {} };
    },
    'spec.resources[storage]: Required value',
  ),
  c(
    'claim of size 0',
    pvc,
    (m) => {
      m.spec.resources.requests.storage = '0';
    },
    'spec.resources[storage]: Invalid value: "0": must be greater than zero',
  ),
  c(
    'claim of negative size',
    pvc,
    (m) => {
      m.spec.resources.requests.storage = '-10Gi';
    },
    'spec.resources[storage]: Invalid value: "-10Gi": must be greater than zero',
  ),
  c(
    'storage class name with capitals',
    pvc,
    (m) => {
      m.spec.storageClassName = 'Fast-SSD';
    },
    "spec.storageClassName: Invalid value: \"Fast-SSD\": must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  ),
  c(
    'data source of another kind without apiGroup',
    pvc,
    (m) => {
      m.spec.dataSource = { kind: 'Backup', name: 'nightly' };
    },
    'spec.dataSource: Invalid value: "Backup": must be \'PersistentVolumeClaim\' when referencing the default apiGroup',
  ),
  c(
    'claim selector In without values',
    pvc,
    (m) => {
      m.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] };
    },
    `spec.selector.matchExpressions[0].values: Required value: ${IN_WITHOUT_VALUES}`,
  ),
  c(
    'volume without capacity',
    pv,
    (m) => {
      delete m.spec.capacity;
    },
    ['spec.capacity: Required value', 'spec.capacity: Unsupported value: {}: supported values: "storage"'],
  ),
  c(
    'volume of capacity 0',
    pv,
    (m) => {
      m.spec.capacity.storage = '0';
    },
    'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
  ),
  c(
    'volume capacity beyond storage',
    pv,
    (m) => {
      m.spec.capacity.iops = '3000';
    },
    'spec.capacity: Unsupported value: {"storage":"100Gi","iops":"3000"}: supported values: "storage"',
  ),
  c(
    'PersistentVolume with two sources',
    pv,
    (m) => {
      m.spec.hostPath = { path: '/mnt/share' };
    },
    'spec.nfs: Forbidden: may not specify more than 1 volume type',
  ),
  c(
    'PersistentVolume without source',
    pv,
    (m) => {
      delete m.spec.nfs;
    },
    'spec: Required value: must specify a volume type',
  ),
  c(
    'local volume without node affinity',
    pv,
    (m) => {
      delete m.spec.nfs;
      m.spec.local = { path: '/mnt/disks/ssd1' };
    },
    'spec.nodeAffinity: Required value: Local volume requires node affinity',
  ),
  c(
    'volume node affinity without required terms',
    pv,
    (m) => {
      m.spec.nodeAffinity = {};
    },
    'spec.nodeAffinity.required: Required value: must specify required node constraints',
  ),
  c(
    'volume without access modes',
    pv,
    (m) => {
      m.spec.accessModes = [];
    },
    'spec.accessModes: Required value',
  ),
  c(
    'provisioner with a space',
    storageClass,
    (m) => {
      m.provisioner = 'ebs csi';
    },
    "provisioner: Invalid value: \"ebs csi\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  ),
  c(
    'storage class parameter with an empty name',
    storageClass,
    (m) => {
      m.parameters[''] = 'x';
    },
    'parameters: Invalid value: "": field can not be empty.',
  ),
  c(
    'allowed topology term without expressions',
    storageClass,
    (m) => {
      m.allowedTopologies = [{ matchLabelExpressions: [] }];
    },
    'allowedTopologies[0].matchLabelExpressions: Required value: must have at least one label selector',
  ),
];

const TLS = { 'tls.crt': 'CERT', 'tls.key': 'KEY' };
const DOCKER = { '.dockerconfigjson': '{"auths":{"ghcr.io":{"auth":"dXNlcjpwYXNz"}}}' };

export const configCases: readonly SemanticCase[] = [
  c(
    'TLS Secret without its key',
    () => secret('kubernetes.io/tls', { ...TLS }),
    (m) => {
      delete m.stringData['tls.key'];
    },
    'data[tls.key]: Required value',
  ),
  c(
    'TLS Secret without certificate and key',
    () => secret('kubernetes.io/tls', { ...TLS }),
    (m) => {
      m.stringData = { 'ca.crt': 'CA' };
    },
    ['data[tls.crt]: Required value', 'data[tls.key]: Required value'],
  ),
  c(
    'TLS Secret whose key is in data',
    () => secret('kubernetes.io/tls', { ...TLS }),
    (m) => {
      delete m.stringData['tls.crt'];
      m.data = { 'tls.crt2': 'Q0VSVA==' };
    },
    'data[tls.crt]: Required value',
  ),
  c(
    'registry Secret without .dockerconfigjson',
    () => secret('kubernetes.io/dockerconfigjson', { ...DOCKER }),
    (m) => {
      m.stringData = { config: '{}' };
    },
    'data[.dockerconfigjson]: Required value',
  ),
  c(
    'registry Secret that is not JSON',
    () => secret('kubernetes.io/dockerconfigjson', { ...DOCKER }),
    (m) => {
      m.stringData['.dockerconfigjson'] = 'auths: {}';
    },
    'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": the value is not valid JSON',
  ),
  c(
    'registry Secret holding a JSON list',
    () => secret('kubernetes.io/dockerconfigjson', { ...DOCKER }),
    (m) => {
      m.stringData['.dockerconfigjson'] = '[]';
    },
    'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": the value is JSON but not an object',
  ),
  c(
    'legacy registry Secret without .dockercfg',
    () => secret('kubernetes.io/dockercfg', { '.dockercfg': '{}' }),
    (m) => {
      m.stringData = {};
    },
    'data[.dockercfg]: Required value',
  ),
  c(
    'basic-auth Secret without username and password',
    () => secret('kubernetes.io/basic-auth', { username: 'admin', password: 'pw' }),
    (m) => {
      m.stringData = { user: 'admin' };
    },
    ['data[username]: Required value', 'data[password]: Required value'],
  ),
  c(
    'ssh-auth Secret with an empty key',
    () => secret('kubernetes.io/ssh-auth', { 'ssh-privatekey': 'KEY' }),
    (m) => {
      m.stringData['ssh-privatekey'] = '';
    },
    'data[ssh-privatekey]: Required value',
  ),
  c(
    'token Secret without its ServiceAccount',
    () => ({
      ...secret('kubernetes.io/service-account-token', {}),
      metadata: { name: 'token', namespace: 'shop', annotations: { 'kubernetes.io/service-account.name': 'web' } },
    }),
    (m) => {
      delete m.metadata.annotations;
    },
    'metadata.annotations[kubernetes.io/service-account.name]: Required value',
  ),
  c(
    'namespace finalizer without a domain',
    namespace,
    (m) => {
      m.spec = { finalizers: ['cleanup'] };
    },
    'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
  ),
  c(
    'quota of -1 pods',
    resourceQuota,
    (m) => {
      m.spec.hard.pods = '-1';
    },
    `spec.hard[pods]: Invalid value: "-1": ${NON_NEGATIVE}`,
  ),
  c(
    'quota of 1.5 pods',
    resourceQuota,
    (m) => {
      m.spec.hard.pods = '1.5';
    },
    'spec.hard[pods]: Invalid value: "1500m": must be an integer',
  ),
  c(
    'quota on an unknown resource',
    resourceQuota,
    (m) => {
      m.spec.hard.gpus = '2';
    },
    'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota',
  ),
  c(
    'quota with conflicting scopes',
    resourceQuota,
    (m) => {
      m.spec.scopes = ['Terminating', 'NotTerminating'];
    },
    'spec.scopes: Invalid value: ["Terminating","NotTerminating"]: conflicting scopes',
  ),
  c(
    'quota with an unknown scope',
    resourceQuota,
    (m) => {
      m.spec.scopes = ['Everything'];
    },
    'spec.scopes: Invalid value: ["Everything"]: unsupported scope',
  ),
  c(
    'limit min above max',
    limitRange,
    (m) => {
      m.spec.limits[0] = { type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } };
    },
    'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
  ),
  c(
    'limit min above the default request',
    limitRange,
    (m) => {
      m.spec.limits[0].min.memory = '200Mi';
    },
    [
      'spec.limits[0].defaultRequest[memory]: Invalid value: "128Mi": min value 200Mi is greater than default request value 128Mi',
    ],
  ),
  c(
    'limit ratio beyond max/min',
    limitRange,
    (m) => {
      m.spec.limits[0].maxLimitRequestRatio.cpu = '50';
    },
    'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "50": ratio 50 is greater than max/min = 40.000000',
  ),
  c(
    'limit default request above the default',
    limitRange,
    (m) => {
      m.spec.limits[0].defaultRequest.memory = '512Mi';
    },
    'spec.limits[0].defaultRequest[memory]: Invalid value: "512Mi": default request value 512Mi is greater than default limit value 256Mi',
  ),
  c(
    'limit default above max',
    limitRange,
    (m) => {
      m.spec.limits[0].default.memory = '4Gi';
    },
    'spec.limits[0].default[memory]: Invalid value: "2Gi": default value 4Gi is greater than max value 2Gi',
  ),
  c(
    'limit ratio below 1',
    limitRange,
    (m) => {
      m.spec.limits[0].maxLimitRequestRatio.cpu = '0.5';
    },
    'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1',
  ),
  c(
    'Pod limit with defaults',
    limitRange,
    (m) => {
      m.spec.limits[0] = { type: 'Pod', max: { cpu: '4' }, default: { cpu: '1' } };
    },
    "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
  ),
  c(
    'claim limit without storage bounds',
    limitRange,
    (m) => {
      m.spec.limits[0] = { type: 'PersistentVolumeClaim', max: {} };
    },
    'spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided',
  ),
  c(
    'two limits of one type',
    limitRange,
    (m) => {
      m.spec.limits.push({ type: 'Container', max: { cpu: '1' } });
    },
    'spec.limits[1].type: Duplicate value: "Container"',
  ),
];

export const rbacCases: readonly SemanticCase[] = [
  c(
    'rule without verbs',
    role,
    (m) => {
      m.rules[0].verbs = [];
    },
    'rules[0].verbs: Required value: verbs must contain at least one value',
  ),
  c(
    'rule without API groups',
    role,
    (m) => {
      delete m.rules[0].apiGroups;
    },
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
  ),
  c(
    'rule without resources',
    role,
    (m) => {
      m.rules[0].resources = [];
    },
    'rules[0].resources: Required value: resource rules must supply at least one resource',
  ),
  c(
    'Role granting a URL',
    role,
    (m) => {
      m.rules[0] = { nonResourceURLs: ['/healthz'], verbs: ['get'] };
    },
    'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
  ),
  c(
    'ClusterRole rule on resources and URLs',
    clusterRole,
    (m) => {
      m.rules[0].resources = ['pods'];
      m.rules[0].apiGroups = [''];
    },
    'rules[0].nonResourceURLs: Invalid value: ["/metrics"]: rules cannot apply to both regular resources and non-resource URLs',
  ),
  c(
    'aggregation selector In without values',
    clusterRole,
    (m) => {
      m.aggregationRule = {
        clusterRoleSelectors: [
          { matchExpressions: [{ key: 'rbac.example.com/aggregate', operator: 'In', values: [] }] },
        ],
      };
    },
    `aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: Required value: ${IN_WITHOUT_VALUES}`,
  ),
  c(
    'roleRef in another API group',
    roleBinding,
    (m) => {
      m.roleRef.apiGroup = 'rbac';
    },
    'roleRef.apiGroup: Unsupported value: "rbac": supported values: "rbac.authorization.k8s.io"',
  ),
  c(
    'ClusterRoleBinding of a ServiceAccount without namespace',
    clusterRoleBinding,
    (m) => {
      delete m.subjects[0].namespace;
    },
    'subjects[0].namespace: Required value',
  ),
  c(
    'ServiceAccount subject with the RBAC API group',
    roleBinding,
    (m) => {
      m.subjects[0].apiGroup = 'rbac.authorization.k8s.io';
    },
    'subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
  ),
  c(
    'Group subject with another API group',
    roleBinding,
    (m) => {
      m.subjects[1].apiGroup = 'groups.example.com';
    },
    'subjects[1].apiGroup: Unsupported value: "groups.example.com": supported values: "rbac.authorization.k8s.io"',
  ),
  c(
    'subject without a name',
    roleBinding,
    (m) => {
      m.subjects[1].name = '';
    },
    'subjects[1].name: Required value',
  ),
  c(
    'ServiceAccount subject in capitals',
    roleBinding,
    (m) => {
      m.subjects[0].name = 'Web';
    },
    "subjects[0].name: Invalid value: \"Web\": must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  ),
];

const M0 = 'spec.metrics[0]';

export const availabilityCases: readonly SemanticCase[] = [
  c(
    'HPA minReplicas 0',
    hpa,
    (m) => {
      m.spec.minReplicas = 0;
    },
    'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
  ),
  c(
    'Resource metric described as pods',
    hpa,
    (m) => {
      m.spec.metrics[0] = {
        type: 'Resource',
        pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } },
      };
    },
    [
      `${M0}.resource: Required value: must populate information for the given metric source`,
      `${M0}.pods: Forbidden: must populate the given metric source only`,
    ],
  ),
  c(
    'utilization target without utilization',
    hpa,
    (m) => {
      m.spec.metrics[0].resource.target = { type: 'Utilization' };
    },
    `${M0}.resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization`,
  ),
  c(
    'utilization target 0',
    hpa,
    (m) => {
      m.spec.metrics[0].resource.target.averageUtilization = 0;
    },
    `${M0}.resource.target.averageUtilization: Invalid value: 0: must be greater than 0`,
  ),
  c(
    'target with utilization and value',
    hpa,
    (m) => {
      m.spec.metrics[0].resource.target.averageValue = '500m';
    },
    `${M0}.resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization`,
  ),
  c(
    'pods metric without averageValue',
    hpa,
    (m) => {
      m.spec.metrics[0] = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue' } } };
    },
    `${M0}.pods.target.averageValue: Required value: must specify a positive target averageValue`,
  ),
  c(
    'external target value 0',
    hpa,
    (m) => {
      m.spec.metrics[0] = {
        type: 'External',
        external: { metric: { name: 'queue' }, target: { type: 'Value', value: '0' } },
      };
    },
    `${M0}.external.target.value: Invalid value: "0": must be positive`,
  ),
  c(
    'scale-down window over an hour',
    hpa,
    (m) => {
      m.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 4000 } };
    },
    'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
  ),
  c(
    'scale-up rules with no policy',
    hpa,
    (m) => {
      m.spec.behavior = { scaleUp: { policies: [] } };
    },
    'spec.behavior.scaleUp.policies: Required value: must specify at least one Policy',
  ),
  c(
    'scaling policy period over 30 minutes',
    hpa,
    (m) => {
      m.spec.behavior = { scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 3600 }] } };
    },
    'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800',
  ),
  c(
    'scaling policy value 0',
    hpa,
    (m) => {
      m.spec.behavior = { scaleDown: { policies: [{ type: 'Percent', value: 0, periodSeconds: 60 }] } };
    },
    'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero',
  ),
  c(
    'PDB with minAvailable and maxUnavailable',
    pdb,
    (m) => {
      m.spec.maxUnavailable = 1;
    },
    'spec: Invalid value: {"minAvailable":1,"selector":{"matchLabels":{"app":"web"}},"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set',
  ),
  c(
    'PDB maxUnavailable above 100%',
    pdb,
    (m) => {
      delete m.spec.minAvailable;
      m.spec.maxUnavailable = '150%';
    },
    'spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
  ),
  c(
    'PDB minAvailable negative',
    pdb,
    (m) => {
      m.spec.minAvailable = -1;
    },
    `spec.minAvailable: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  c(
    'PDB minAvailable not a percentage',
    pdb,
    (m) => {
      m.spec.minAvailable = 'half';
    },
    "spec.minAvailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
  ),
  c(
    'PDB selector Exists with values',
    pdb,
    (m) => {
      m.spec.selector.matchExpressions = [{ key: 'app', operator: 'Exists', values: ['web'] }];
    },
    "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  ),
];
