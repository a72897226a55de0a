import { container, deployment, Doc, pod, SemanticCase } from './bases';

/**
 * Pod templates (here a Deployment's, and a Pod's where a rule is the Pod's own): containers,
 * probes, hooks, env, mounts, resources, volumes, scheduling. Derived from reading core
 * validation (`ValidatePodSpec` and what it calls) and its tests.
 */

const T = 'spec.template.spec';
const C = `${T}.containers[0]`;
const PORT = 'must be between 1 and 65535, inclusive';
const NON_NEGATIVE = 'must be greater than or equal to 0';

/** The first container of the Deployment's template. */
function c0(m: Doc): Doc {
  return m.spec.template.spec.containers[0];
}

function spec(m: Doc): Doc {
  return m.spec.template.spec;
}

function d(name: string, defect: (m: Doc) => void, expect: string | readonly string[]): SemanticCase {
  return { name, manifest: deployment, defect, expect };
}

export const containerCases: readonly SemanticCase[] = [
  d(
    'containerPort above 65535',
    (m) => {
      c0(m).ports[0].containerPort = 70000;
    },
    `${C}.ports[0].containerPort: Invalid value: 70000: ${PORT}`,
  ),
  d(
    'containerPort 0',
    (m) => {
      c0(m).ports[0].containerPort = 0;
    },
    `${C}.ports[0].containerPort: Required value`,
  ),
  d(
    'containerPort negative',
    (m) => {
      c0(m).ports[0].containerPort = -80;
    },
    `${C}.ports[0].containerPort: Invalid value: -80: ${PORT}`,
  ),
  d(
    'hostPort above 65535',
    (m) => {
      c0(m).ports[0].hostPort = 70000;
    },
    `${C}.ports[0].hostPort: Invalid value: 70000: ${PORT}`,
  ),
  d(
    'hostPort unlike containerPort with hostNetwork',
    (m) => {
      spec(m).hostNetwork = true;
      c0(m).ports[0].hostPort = 9090;
    },
    `${C}.ports[0].hostPort: Invalid value: 9090: must match \`containerPort\` when \`hostNetwork\` is true`,
  ),
  d(
    'two containers on one hostPort',
    (m) => {
      c0(m).ports[0].hostPort = 8080;
      spec(m).containers.push({
        ...container(),
        name: 'side',
        ports: [{ name: 'http', containerPort: 9090, hostPort: 8080 }],
      });
    },
    `${T}.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`,
  ),
  d(
    'image missing',
    (m) => {
      delete c0(m).image;
    },
    `${C}.image: Required value`,
  ),
  d(
    'image empty',
    (m) => {
      c0(m).image = '';
    },
    `${C}.image: Required value`,
  ),
  {
    name: 'Pod image with spaces around',
    manifest: pod,
    defect: (m) => {
      m.spec.containers[0].image = ' nginx:1.27 ';
    },
    expect: 'spec.containers[0].image: Invalid value: " nginx:1.27 ": must not have leading or trailing whitespace',
  },
  d(
    'no container',
    (m) => {
      spec(m).containers = [];
    },
    `${T}.containers: Required value`,
  ),
  d(
    'regular container with restartPolicy',
    (m) => {
      c0(m).restartPolicy = 'Always';
    },
    `${C}.restartPolicy: Forbidden: may not be set for non-init containers`,
  ),
  d(
    'runAsUser negative',
    (m) => {
      c0(m).securityContext = { runAsUser: -1 };
    },
    `${C}.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
  ),
  d(
    'runAsGroup above int32',
    (m) => {
      c0(m).securityContext = { runAsGroup: 2147483648 };
    },
    `${C}.securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive`,
  ),
  d(
    'privileged without privilege escalation',
    (m) => {
      c0(m).securityContext = { allowPrivilegeEscalation: false, privileged: true };
    },
    `${C}.securityContext: Invalid value: {"allowPrivilegeEscalation":false,"privileged":true}: cannot set \`allowPrivilegeEscalation\` to false and \`privileged\` to true`,
  ),
];

export const probeCases: readonly SemanticCase[] = [
  d(
    'readiness probe with two handlers',
    (m) => {
      c0(m).readinessProbe.tcpSocket = { port: 8080 };
    },
    `${C}.readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`,
  ),
  d(
    'liveness probe with exec and httpGet',
    (m) => {
      c0(m).livenessProbe = { exec: { command: ['/bin/check'] }, httpGet: { path: '/', port: 8080 } };
    },
    `${C}.livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type`,
  ),
  d(
    'probe with three handlers',
    (m) => {
      c0(m).livenessProbe = { exec: { command: ['/bin/check'] }, tcpSocket: { port: 8080 }, grpc: { port: 9090 } };
    },
    [
      `${C}.livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`,
      `${C}.livenessProbe.grpc: Forbidden: may not specify more than 1 handler type`,
    ],
  ),
  d(
    'probe without handler',
    (m) => {
      c0(m).livenessProbe = { periodSeconds: 10 };
    },
    `${C}.livenessProbe: Required value: must specify a handler type`,
  ),
  d(
    'liveness successThreshold 2',
    (m) => {
      c0(m).livenessProbe.successThreshold = 2;
    },
    `${C}.livenessProbe.successThreshold: Invalid value: 2: must be 1`,
  ),
  d(
    'startup successThreshold 3',
    (m) => {
      c0(m).startupProbe = { httpGet: { path: '/started', port: 8080 }, successThreshold: 3 };
    },
    `${C}.startupProbe.successThreshold: Invalid value: 3: must be 1`,
  ),
  d(
    'periodSeconds negative',
    (m) => {
      c0(m).readinessProbe.periodSeconds = -1;
    },
    `${C}.readinessProbe.periodSeconds: Invalid value: -1: ${NON_NEGATIVE}`,
  ),
  d(
    'failureThreshold negative',
    (m) => {
      c0(m).readinessProbe.failureThreshold = -3;
    },
    `${C}.readinessProbe.failureThreshold: Invalid value: -3: ${NON_NEGATIVE}`,
  ),
  d(
    'initialDelaySeconds negative',
    (m) => {
      c0(m).livenessProbe.initialDelaySeconds = -5;
    },
    `${C}.livenessProbe.initialDelaySeconds: Invalid value: -5: ${NON_NEGATIVE}`,
  ),
  d(
    'timeoutSeconds negative',
    (m) => {
      c0(m).livenessProbe.timeoutSeconds = -2;
    },
    `${C}.livenessProbe.timeoutSeconds: Invalid value: -2: ${NON_NEGATIVE}`,
  ),
  d(
    'probe terminationGracePeriodSeconds 0',
    (m) => {
      c0(m).livenessProbe.terminationGracePeriodSeconds = 0;
    },
    `${C}.livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`,
  ),
  d(
    'readiness probe with terminationGracePeriodSeconds',
    (m) => {
      c0(m).readinessProbe.terminationGracePeriodSeconds = 10;
    },
    `${C}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes`,
  ),
  d(
    'httpGet port 0',
    (m) => {
      c0(m).readinessProbe.httpGet.port = 0;
    },
    `${C}.readinessProbe.httpGet.port: Invalid value: 0: ${PORT}`,
  ),
  d(
    'tcpSocket port above 65535',
    (m) => {
      c0(m).livenessProbe.tcpSocket.port = 99999;
    },
    `${C}.livenessProbe.tcpSocket.port: Invalid value: 99999: ${PORT}`,
  ),
  d(
    'grpc port above 65535',
    (m) => {
      c0(m).readinessProbe = { grpc: { port: 70000 } };
    },
    `${C}.readinessProbe.grpc.port: Invalid value: 70000: ${PORT}`,
  ),
  d(
    'exec probe without command',
    (m) => {
      c0(m).livenessProbe = { exec: { command: [] } };
    },
    `${C}.livenessProbe.exec.command: Required value`,
  ),
  d(
    'preStop with exec and sleep',
    (m) => {
      c0(m).lifecycle = { preStop: { exec: { command: ['/bin/drain'] }, sleep: { seconds: 5 } } };
    },
    `${C}.lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type`,
  ),
  d(
    'preStop sleep longer than the grace period',
    (m) => {
      c0(m).lifecycle = { preStop: { sleep: { seconds: 60 } } };
    },
    `${C}.lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30)`,
  ),
  d(
    'postStart without handler',
    (m) => {
      c0(m).lifecycle = { postStart: {} };
    },
    `${C}.lifecycle.postStart: Required value: must specify a handler type`,
  ),
  d(
    'init container with a liveness probe',
    (m) => {
      spec(m).initContainers = [
        { name: 'init', image: 'busybox:1.36', command: ['true'], livenessProbe: { exec: { command: ['true'] } } },
      ];
    },
    `${T}.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
  ),
  d(
    'init container with lifecycle',
    (m) => {
      spec(m).initContainers = [
        { name: 'init', image: 'busybox:1.36', lifecycle: { preStop: { exec: { command: ['true'] } } } },
      ];
    },
    `${T}.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always`,
  ),
  d(
    'container claims a device claim the pod does not list',
    (m) => {
      c0(m).resources = { claims: [{ name: 'gpus' }] };
      spec(m).resourceClaims = [{ name: 'nics', resourceClaimTemplateName: 'nics' }];
    },
    `${C}.resources.claims[0]: Not found: "gpus": must be one of the names in pod.spec.resourceClaims: nics`,
  ),
  d(
    'container claims a device claim of a pod without resourceClaims',
    (m) => {
      c0(m).resources = { claims: [{ name: 'gpus' }] };
    },
    `${C}.resources.claims[0]: Not found: "gpus": must be one of the names in pod.spec.resourceClaims which is empty`,
  ),
  d(
    'container claims the same device claim twice',
    (m) => {
      c0(m).resources = { claims: [{ name: 'gpus' }, { name: 'gpus' }] };
      spec(m).resourceClaims = [{ name: 'gpus', resourceClaimTemplateName: 'gpus' }];
    },
    `${C}.resources.claims[1]: Duplicate value: "gpus"`,
  ),
  d(
    'pod resource claim with a claim and a template',
    (m) => {
      spec(m).resourceClaims = [{ name: 'gpus', resourceClaimName: 'shared', resourceClaimTemplateName: 'gpus' }];
    },
    `${T}.resourceClaims[0]: Forbidden: at most one of \`resourceClaimName\` or \`resourceClaimTemplateName\` may be specified`,
  ),
  d(
    'pod resource claim without a source',
    (m) => {
      spec(m).resourceClaims = [{ name: 'gpus' }];
    },
    `${T}.resourceClaims[0]: Required value: must specify one of: \`resourceClaimName\`, \`resourceClaimTemplateName\``,
  ),
  d(
    'user namespace sharing the host network',
    (m) => {
      spec(m).hostUsers = false;
      spec(m).hostNetwork = true;
    },
    `${T}.hostNetwork: Forbidden: when \`pod.Spec.HostUsers\` is false`,
  ),
  d(
    'sidecar liveness successThreshold 2',
    (m) => {
      spec(m).initContainers = [
        {
          name: 'proxy',
          image: 'envoy:1.31',
          restartPolicy: 'Always',
          livenessProbe: { tcpSocket: { port: 15000 }, successThreshold: 2 },
        },
      ];
    },
    `${T}.initContainers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1`,
  ),
];

export const envCases: readonly SemanticCase[] = [
  d(
    'env name with "="',
    (m) => {
      c0(m).env[0].name = 'A=B';
    },
    `${C}.env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
  ),
  d(
    'env name with a tab',
    (m) => {
      c0(m).env[0].name = 'A\tB';
    },
    `${C}.env[0].name: Invalid value: "A\\tB": a valid environment variable name must consist only of printable ASCII characters other than '='`,
  ),
  d(
    'env name not ASCII',
    (m) => {
      c0(m).env[0].name = 'MÖDE';
    },
    `${C}.env[0].name: Invalid value: "MÖDE": a valid environment variable name must consist only of printable ASCII characters other than '='`,
  ),
  d(
    'env name empty',
    (m) => {
      c0(m).env[0].name = '';
    },
    `${C}.env[0].name: Required value`,
  ),
  d(
    'env valueFrom without source',
    (m) => {
      c0(m).env[0] = { name: 'MODE', valueFrom: {} };
    },
    `${C}.env[0].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``,
  ),
  d(
    'env value and valueFrom',
    (m) => {
      c0(m).env[0].valueFrom = { fieldRef: { fieldPath: 'metadata.name' } };
    },
    `${C}.env[0].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`,
  ),
  d(
    'env valueFrom with two sources',
    (m) => {
      c0(m).env[0] = {
        name: 'POD',
        valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { resource: 'limits.cpu' } },
      };
    },
    `${C}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time`,
  ),
  d(
    'env fieldRef to an unsupported field',
    (m) => {
      c0(m).env[0] = { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } };
    },
    `${C}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.hostname": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
  ),
  d(
    'env resourceFieldRef to an unsupported resource',
    (m) => {
      c0(m).env[0] = { name: 'GPUS', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } };
    },
    `${C}.env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"`,
  ),
  d(
    'env configMapKeyRef with an empty key',
    (m) => {
      c0(m).env[0] = { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: '', optional: true } } };
    },
    `${C}.env[0].valueFrom.configMapKeyRef.key: Required value`,
  ),
  d(
    'envFrom without source',
    (m) => {
      c0(m).envFrom = [{ prefix: 'APP_' }];
    },
    `${C}.envFrom: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``,
  ),
  d(
    'envFrom with two sources',
    (m) => {
      c0(m).envFrom = [
        { configMapRef: { name: 'settings', optional: true }, secretRef: { name: 'creds', optional: true } },
      ];
    },
    `${C}.envFrom: Invalid value: "": may not have more than one field specified at a time`,
  ),
  d(
    'envFrom prefix with "="',
    (m) => {
      c0(m).envFrom = [{ prefix: 'APP=', configMapRef: { name: 'settings', optional: true } }];
    },
    `${C}.envFrom[0].prefix: Invalid value: "APP=": a valid environment variable name must consist only of printable ASCII characters other than '='`,
  ),
];

export const mountCases: readonly SemanticCase[] = [
  d(
    'subPath climbing out of the volume',
    (m) => {
      c0(m).volumeMounts[0].subPath = '../etc';
    },
    `${C}.volumeMounts.subPath: Invalid value: "../etc": must not contain '..'`,
  ),
  d(
    'subPath with ".." inside',
    (m) => {
      c0(m).volumeMounts[0].subPath = 'cache/../../etc';
    },
    `${C}.volumeMounts.subPath: Invalid value: "cache/../../etc": must not contain '..'`,
  ),
  d(
    'absolute subPath',
    (m) => {
      c0(m).volumeMounts[0].subPath = '/etc';
    },
    `${C}.volumeMounts.subPath: Invalid value: "/etc": must be a relative path`,
  ),
  d(
    'subPath and subPathExpr',
    (m) => {
      Object.assign(c0(m).volumeMounts[0], { subPath: 'cache', subPathExpr: '$(POD_NAME)' });
    },
    `${C}.volumeMounts[0].subPathExpr: Invalid value: "$(POD_NAME)": subPathExpr and subPath are mutually exclusive`,
  ),
  d(
    'empty mountPath',
    (m) => {
      c0(m).volumeMounts[0].mountPath = '';
    },
    `${C}.volumeMounts[0].mountPath: Required value`,
  ),
  d(
    'Bidirectional propagation unprivileged',
    (m) => {
      c0(m).volumeMounts[0].mountPropagation = 'Bidirectional';
    },
    `${C}.volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers`,
  ),
  d(
    'recursiveReadOnly on a writable mount',
    (m) => {
      c0(m).volumeMounts[0].recursiveReadOnly = 'Enabled';
    },
    `${C}.volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true`,
  ),
];

export const resourceCases: readonly SemanticCase[] = [
  d(
    'memory request above the limit',
    (m) => {
      c0(m).resources.requests.memory = '512Mi';
    },
    `${C}.resources.requests: Invalid value: "512Mi": must be less than or equal to memory limit of 256Mi`,
  ),
  d(
    'memory request above the limit, written in another unit',
    (m) => {
      c0(m).resources.requests.memory = '1024Mi';
    },
    `${C}.resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 256Mi`,
  ),
  d(
    'cpu request above the limit',
    (m) => {
      c0(m).resources.requests.cpu = '1';
    },
    `${C}.resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`,
  ),
  d(
    'cpu request a hair above the limit',
    (m) => {
      c0(m).resources.requests.cpu = '0.5001';
    },
    `${C}.resources.requests: Invalid value: "500100u": must be less than or equal to cpu limit of 500m`,
  ),
  d(
    'negative memory limit',
    (m) => {
      c0(m).resources = { limits: { memory: '-1Gi' } };
    },
    `${C}.resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0`,
  ),
  d(
    'negative cpu request',
    (m) => {
      c0(m).resources.requests.cpu = '-100m';
    },
    `${C}.resources.requests[cpu]: Invalid value: "-100m": must be greater than or equal to 0`,
  ),
  d(
    'gpu request unlike its limit',
    (m) => {
      Object.assign(c0(m).resources.requests, { 'nvidia.com/gpu': 1 });
      Object.assign(c0(m).resources.limits, { 'nvidia.com/gpu': 2 });
    },
    `${C}.resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2`,
  ),
  d(
    'gpu request without a limit',
    (m) => {
      c0(m).resources.requests['nvidia.com/gpu'] = 1;
    },
    `${C}.resources.limits: Required value: Limit must be set for non overcommitable resources`,
  ),
  d(
    'half a gpu',
    (m) => {
      c0(m).resources.limits['nvidia.com/gpu'] = '0.5';
    },
    `${C}.resources.limits[nvidia.com/gpu]: Invalid value: "500m": must be an integer`,
  ),
  d(
    'resource name without a domain',
    (m) => {
      c0(m).resources.limits.gpu = '1';
    },
    `${C}.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
  ),
  d(
    'huge pages without cpu or memory',
    (m) => {
      c0(m).resources = { limits: { 'hugepages-2Mi': '128Mi' } };
    },
    `${C}.resources: Forbidden: HugePages require cpu or memory`,
  ),
  d(
    'huge pages request unlike the limit',
    (m) => {
      c0(m).resources.limits['hugepages-2Mi'] = '128Mi';
      c0(m).resources.requests['hugepages-2Mi'] = '64Mi';
    },
    `${C}.resources.requests: Invalid value: "64Mi": must be equal to hugepages-2Mi limit of 128Mi`,
  ),
];

export const volumeCases: readonly SemanticCase[] = [
  d(
    'volume with two sources',
    (m) => {
      spec(m).volumes[0].hostPath = { path: '/var/log' };
    },
    `${T}.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type`,
  ),
  d(
    "volume with two sources, reported in the API server's order",
    (m) => {
      spec(m).volumes[0] = { name: 'tmp', downwardAPI: { items: [] }, emptyDir: {} };
    },
    `${T}.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type`,
  ),
  d(
    'volume without source',
    (m) => {
      spec(m).volumes[0] = { name: 'tmp' };
    },
    `${T}.volumes[0]: Required value: must specify a volume type`,
  ),
  d(
    'secret volume without secretName',
    (m) => {
      spec(m).volumes[0] = { name: 'tmp', secret: { optional: true } };
    },
    `${T}.volumes[0].secret.secretName: Required value`,
  ),
  d(
    'configMap volume defaultMode above 0777',
    (m) => {
      spec(m).volumes[0] = { name: 'tmp', configMap: { name: 'settings', optional: true, defaultMode: 1000 } };
    },
    `${T}.volumes[0].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive`,
  ),
  d(
    'configMap item path climbing out',
    (m) => {
      spec(m).volumes[0] = {
        name: 'tmp',
        configMap: { name: 'settings', optional: true, items: [{ key: 'a', path: '../a' }] },
      };
    },
    `${T}.volumes[0].configMap.items[0].path: Invalid value: "../a": must not contain '..'`,
  ),
  d(
    'configMap item path starting with ".."',
    (m) => {
      spec(m).volumes[0] = {
        name: 'tmp',
        configMap: { name: 'settings', optional: true, items: [{ key: 'a', path: '..data' }] },
      };
    },
    `${T}.volumes[0].configMap.items[0].path: Invalid value: "..data": must not start with '..'`,
  ),
  d(
    'downwardAPI item with an absolute path',
    (m) => {
      spec(m).volumes[0] = {
        name: 'tmp',
        downwardAPI: { items: [{ path: '/labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
      };
    },
    `${T}.volumes[0].downwardAPI.items[0].path: Invalid value: "/labels": must be a relative path`,
  ),
  d(
    'projected source with two kinds',
    (m) => {
      spec(m).volumes[0] = {
        name: 'tmp',
        projected: { sources: [{ serviceAccountToken: { path: 'token' }, downwardAPI: { items: [] } }] },
      };
    },
    `${T}.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source`,
  ),
  d(
    'token expiring in a minute',
    (m) => {
      spec(m).volumes[0] = {
        name: 'tmp',
        projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 60 } }] },
      };
    },
    `${T}.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes`,
  ),
  d(
    'negative emptyDir sizeLimit',
    (m) => {
      spec(m).volumes[0].emptyDir = { sizeLimit: '-1Gi' };
    },
    `${T}.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity`,
  ),
  d(
    'hostPath climbing up',
    (m) => {
      spec(m).volumes[0] = { name: 'tmp', hostPath: { path: '/var/../etc' } };
    },
    `${T}.volumes[0].hostPath.path: Invalid value: "/var/../etc": must not contain '..'`,
  ),
  d(
    'ephemeral volume without access modes',
    (m) => {
      spec(m).volumes[0] = {
        name: 'tmp',
        ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '1Gi' } } } } },
      };
    },
    `${T}.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required`,
  ),
  d(
    'claim volume with an empty claimName',
    (m) => {
      spec(m).volumes[0] = { name: 'tmp', persistentVolumeClaim: { claimName: '' } };
    },
    `${T}.volumes[0].persistentVolumeClaim.claimName: Required value`,
  ),
];

export const schedulingCases: readonly SemanticCase[] = [
  {
    name: 'Pod activeDeadlineSeconds 0',
    manifest: pod,
    defect: (m) => {
      m.spec.activeDeadlineSeconds = 0;
    },
    expect: 'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
  },
  d(
    'dnsPolicy None without dnsConfig',
    (m) => {
      spec(m).dnsPolicy = 'None';
    },
    `${T}.dnsConfig: Required value: must provide \`dnsConfig\` when \`dnsPolicy\` is None`,
  ),
  d(
    'dnsPolicy None without nameservers',
    (m) => {
      spec(m).dnsPolicy = 'None';
      spec(m).dnsConfig = { searches: ['svc.cluster.local'] };
    },
    `${T}.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when \`dnsPolicy\` is None`,
  ),
  d(
    'four nameservers',
    (m) => {
      spec(m).dnsConfig = { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] };
    },
    `${T}.dnsConfig.nameservers: Invalid value: ["10.0.0.1","10.0.0.2","10.0.0.3","10.0.0.4"]: must not have more than 3 nameservers`,
  ),
  d(
    'nameserver that is not an IP',
    (m) => {
      spec(m).dnsConfig = { nameservers: ['dns.example.com'] };
    },
    `${T}.dnsConfig.nameservers[0]: Invalid value: "dns.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
  ),
  d(
    'hostname with an underscore',
    (m) => {
      spec(m).hostname = 'web_1';
    },
    `${T}.hostname: Invalid value: "web_1": must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
  ),
  d(
    'serviceAccountName in capitals',
    (m) => {
      spec(m).serviceAccountName = 'Web';
    },
    `${T}.serviceAccountName: Invalid value: "Web": must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
  ),
  d(
    'nodeSelector value with a space',
    (m) => {
      spec(m).nodeSelector = { pool: 'gpu nodes' };
    },
    `${T}.nodeSelector: Invalid value: "gpu nodes": must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
  ),
  d(
    'toleration without key and operator Equal',
    (m) => {
      spec(m).tolerations = [{ operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
    },
    `${T}.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when \`key\` is empty, which means "match all values and all keys"`,
  ),
  d(
    'tolerationSeconds without NoExecute',
    (m) => {
      spec(m).tolerations = [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 },
      ];
    },
    `${T}.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
  ),
  d(
    'toleration Exists with a value',
    (m) => {
      spec(m).tolerations = [{ key: 'dedicated', operator: 'Exists', value: 'gpu' }];
    },
    `${T}.tolerations[0].operator: Invalid value: {"key":"dedicated","operator":"Exists","value":"gpu"}: value must be empty when \`operator\` is 'Exists'`,
  ),
  d(
    'maxSkew 0',
    (m) => {
      spec(m).topologySpreadConstraints = [
        { maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' },
      ];
    },
    `${T}.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero`,
  ),
  d(
    'minDomains with ScheduleAnyway',
    (m) => {
      spec(m).topologySpreadConstraints = [
        { maxSkew: 1, minDomains: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
      ];
    },
    `${T}.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`,
  ),
  d(
    'minDomains 0',
    (m) => {
      spec(m).topologySpreadConstraints = [
        { maxSkew: 1, minDomains: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' },
      ];
    },
    `${T}.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero`,
  ),
  d(
    'empty topologyKey',
    (m) => {
      spec(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }];
    },
    `${T}.topologySpreadConstraints[0].topologyKey: Required value: can not be empty`,
  ),
  d(
    'two spread constraints alike',
    (m) => {
      const c = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' };
      spec(m).topologySpreadConstraints = [c, { ...c, maxSkew: 2 }];
    },
    `${T}.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{topology.kubernetes.io/zone, DoNotSched..."`,
  ),
  d(
    'spread selector In without values',
    (m) => {
      spec(m).topologySpreadConstraints = [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
        },
      ];
    },
    `${T}.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
  ),
  d(
    'matchLabelKeys without labelSelector',
    (m) => {
      spec(m).topologySpreadConstraints = [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          matchLabelKeys: ['pod-template-hash'],
        },
      ];
    },
    `${T}.topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set`,
  ),
  d(
    'required node affinity without terms',
    (m) => {
      spec(m).affinity = {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
      };
    },
    `${T}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term`,
  ),
  d(
    'node affinity Gt with two values',
    (m) => {
      spec(m).affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4', '8'] }] }],
          },
        },
      };
    },
    `${T}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`,
  ),
  d(
    'node affinity Exists with values',
    (m) => {
      spec(m).affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists', values: ['true'] }] }],
          },
        },
      };
    },
    `${T}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
  ),
  d(
    'preferred node affinity weight 0',
    (m) => {
      spec(m).affinity = {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 0, preference: { matchExpressions: [{ key: 'pool', operator: 'In', values: ['fast'] }] } },
          ],
        },
      };
    },
    `${T}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100`,
  ),
  d(
    'preferred node affinity In without values',
    (m) => {
      spec(m).affinity = {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [{ key: 'pool', operator: 'In', values: [] }] } },
          ],
        },
      };
    },
    `${T}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
  ),
  d(
    'pod anti-affinity without topologyKey',
    (m) => {
      spec(m).affinity = {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: '' },
          ],
        },
      };
    },
    `${T}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty`,
  ),
  d(
    'pod affinity weight 101',
    (m) => {
      spec(m).affinity = {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 101,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: 'cache' } },
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      };
    },
    `${T}.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100`,
  ),
  d(
    'fsGroup negative',
    (m) => {
      spec(m).securityContext = { fsGroup: -1 };
    },
    `${T}.securityContext.fsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
  ),
  d(
    'shareProcessNamespace with hostPID',
    (m) => {
      spec(m).shareProcessNamespace = true;
      spec(m).hostPID = true;
    },
    `${T}.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled`,
  ),
  d(
    'Localhost seccomp without a profile',
    (m) => {
      spec(m).securityContext = { seccompProfile: { type: 'Localhost' } };
    },
    `${T}.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost`,
  ),
  d(
    'network sysctl with hostNetwork',
    (m) => {
      spec(m).hostNetwork = true;
      spec(m).securityContext = { sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] };
    },
    `${T}.securityContext.sysctls[0].name: Invalid value: "net.ipv4.ip_local_port_range": may not be specified when 'hostNetwork' is true`,
  ),
  d(
    'ephemeral containers in a template',
    (m) => {
      spec(m).ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36' }];
    },
    `${T}.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template`,
  ),
];
