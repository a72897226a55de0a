import { diffObjects } from '../../lib/diff/diff-objects';
import { diffOutputs } from '../../lib/diff/diff-outputs';
import { formatDiffText } from '../../lib/diff/format-diff';

type Resources = Record<string, Record<string, string>>;

function container(resources: Resources, resizePolicy?: object[]): Record<string, unknown> {
  return { name: 'web', image: 'web:1.0', resources, ...(resizePolicy ? { resizePolicy } : {}) };
}

function pod(resources: Resources, resizePolicy?: object[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { containers: [container(resources, resizePolicy)] },
  };
}

function deployment(resources: Resources, resizePolicy?: object[]): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { spec: { containers: [container(resources, resizePolicy)] } } },
  };
}

const SMALL = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
const MORE_CPU = { requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: '1', memory: '128Mi' } };
const MORE_MEMORY = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

function resizeOf(before: object, after: object) {
  const [d] = diffObjects([before], [after]);
  return d.type === 'changed' ? d.resize : 'not changed';
}

describe('berth diff: what a resources change does to running pods', () => {
  test('a Pod whose cpu changes under the default policy is resized in place', () => {
    expect(resizeOf(pod(SMALL), pod(MORE_CPU))).toEqual([
      {
        container: 'spec.containers[name=web]',
        resources: ['cpu'],
        effect: 'in-place',
        reason:
          'spec.containers[name=web] cpu: resized in place, container web keeps running (resizePolicy NotRequired)',
      },
    ]);
  });

  test('a Pod whose memory changes under RestartContainer restarts the container, not the Pod', () => {
    const policy = [
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
      { resourceName: 'memory', restartPolicy: 'RestartContainer' },
    ];
    expect(resizeOf(pod(SMALL, policy), pod(MORE_MEMORY, policy))).toEqual([
      {
        container: 'spec.containers[name=web]',
        resources: ['memory'],
        effect: 'restart-container',
        reason:
          'spec.containers[name=web] memory: resized in place by restarting container web (resizePolicy RestartContainer for memory); the Pod stays',
      },
    ]);
    // The cpu of the same container still resizes without a restart.
    expect(resizeOf(pod(SMALL, policy), pod(MORE_CPU, policy))).toEqual([
      expect.objectContaining({ resources: ['cpu'], effect: 'in-place' }),
    ]);
  });

  test('a Pod whose other resources change must be recreated', () => {
    const gpu = { ...SMALL, limits: { ...SMALL.limits, 'nvidia.com/gpu': '1' } };
    expect(resizeOf(pod(SMALL), pod(gpu))).toEqual([
      {
        container: 'spec.containers[name=web]',
        resources: ['nvidia.com/gpu'],
        effect: 'recreate-pod',
        reason:
          'spec.containers[name=web] nvidia.com/gpu: the API server resizes only cpu and memory in place (not nvidia.com/gpu): the Pod must be deleted and created again',
      },
    ]);
  });

  test("a Deployment's template change replaces its pods whatever the resize policy", () => {
    const policy = [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }];
    expect(resizeOf(deployment(SMALL, policy), deployment(MORE_CPU, policy))).toEqual([
      {
        container: 'spec.template.spec.containers[name=web]',
        resources: ['cpu'],
        effect: 'replace-pods',
        reason:
          "spec.template.spec.containers[name=web] cpu: a pod template change replaces the Deployment's pods (a rollout), whatever their resizePolicy (which resizes running Pods in place: kubectl patch --subresource resize, a VerticalPodAutoscaler)",
      },
    ]);
  });

  test('other changes carry no resize effect', () => {
    const a = pod(SMALL);
    const b = { ...a, metadata: { name: 'web', namespace: 'shop', labels: { x: 'y' } } };
    expect(resizeOf(a, b)).toBeUndefined();
  });

  test('the text output says it, before the fields', () => {
    const yaml = (cpu: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: web\n      image: web:1.0\n      resources:\n        requests:\n          cpu: ${cpu}\n`;
    const before = new Map([['dev/shop/pod-web.yaml', yaml('100m')]]);
    const after = new Map([['dev/shop/pod-web.yaml', yaml('200m')]]);
    expect(formatDiffText(diffOutputs(before, after))).toBe(
      [
        'dev/shop',
        '  ~ Pod shop/web (changed)',
        '      RESIZED IN PLACE: spec.containers[name=web] cpu: resized in place, container web keeps running (resizePolicy NotRequired)',
        '      spec.containers[name=web].resources.requests.cpu: "100m" → "200m"',
        '',
        'Differences: 0 added, 0 removed, 1 changed, 0 renamed.',
        '',
      ].join('\n'),
    );
  });
});
