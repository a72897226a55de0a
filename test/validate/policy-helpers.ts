import { KubeObject, ManifestRecord } from '../../lib/model/manifest';
import { PolicyProfile } from '../../lib/model/policy-profiles';
import { checkPolicy } from '../../lib/validate/check-policy';

/** Objects and a report format for the tests of the policy rules. */

export function rec(object: object): ManifestRecord {
  return {
    environment: 'prod',
    app: 'shop',
    constructPath: '',
    object: object as KubeObject,
    waivers: [],
    dependsOn: [],
  };
}

export const LABELS = { app: 'web' };
export const container = (extra: object = {}): object => ({
  name: 'web',
  image: 'web:1.0.0',
  ports: [{ name: 'http', containerPort: 8080 }],
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  livenessProbe: { httpGet: { path: '/live', port: 8080 } },
  ...extra,
});
export const SPREAD = {
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: LABELS }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  },
};

export function workload(
  kind: string,
  name: string,
  spec: object = {},
  pod: object = {},
  containers = [container()],
): object {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'shop' },
    spec: {
      selector: { matchLabels: LABELS },
      template: { metadata: { labels: LABELS }, spec: { containers, ...pod } },
      ...spec,
    },
  };
}
export const deployment = (spec: object = {}, pod: object = {}, containers?: object[]): object =>
  workload('Deployment', 'web', spec, pod, containers);
export const pdb = (spec: object, name = 'web'): object => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'shop' },
  spec: { selector: { matchLabels: LABELS }, ...spec },
});
export const hpa = (minReplicas?: number, maxReplicas = 10): object => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    ...(minReplicas === undefined ? {} : { minReplicas }),
    maxReplicas,
  },
});

/** The problems of `rule`, one line each: severity, rule, object, field, value, message, fix. */
export function reported(
  rule: string,
  objects: object[],
  profile: PolicyProfile = 'restricted',
  options: { readonly partial?: boolean; readonly external?: readonly string[] } = {},
): string[] {
  return checkPolicy(objects.map(rec), profile, undefined, options)
    .filter((p) => p.rule === rule)
    .map(
      (p) =>
        `${p.severity} ${p.object} at ${p.field ?? '-'}${p.value === undefined ? '' : ` (${JSON.stringify(p.value)})`}: ${p.message} | fix: ${p.hint}`,
    );
}
