import {
  Application,
  Cpu,
  Environment,
  LimitRange,
  Namespace,
  Platform,
  PodSecurityLevel,
  ResourceQuota,
  Size,
} from '../../lib';

function app() {
  return new Application(new Environment(new Platform(), 'prod', { config: {} }), 'platform');
}

describe('Namespace', () => {
  test('is restricted by Pod Security admission by default, cluster-scoped', () => {
    const ns = new Namespace(app(), 'Shop');
    expect(ns.toJson()).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: {
          'app.kubernetes.io/instance': 'platform',
          'app.kubernetes.io/managed-by': 'berth',
          'app.kubernetes.io/part-of': 'platform',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
      },
    });
  });

  test('relaxing enforcement is explicit and keeps audit and warn restricted', () => {
    const ns = new Namespace(app(), 'Legacy', {
      name: 'legacy',
      podSecurity: { enforce: PodSecurityLevel.BASELINE, version: 'v1.33' },
    });
    expect((ns.toJson().metadata as { labels: Record<string, string> }).labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.33',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('bad names and versions are refused', () => {
    const a = app();
    expect(() => new Namespace(a, 'X', { name: 'My_Namespace' })).toThrow(
      'prod/platform/X: field metadata.name: not a valid DNS-1123 label (got "My_Namespace"). Allowed: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters. Did you mean "my-namespace"?',
    );
    expect(() => new Namespace(a, 'Y', { podSecurity: { version: '1.33' } })).toThrow(
      'prod/platform/Y: field podSecurity.version: not a Pod Security version (got "1.33"). Allowed: "latest" or "v1.<minor>".',
    );
    expect(() => new Namespace(a, 'Z', { labels: { team: 'a b' } })).toThrow(
      'prod/platform/Z: field metadata.labels.team: not a valid label value (got "a b")',
    );
  });

  test('addResourceQuota and addLimitRange write objects in the namespace, applied after it', () => {
    const a = app();
    const ns = new Namespace(a, 'Shop');
    const quota = ns.addResourceQuota('Quota', {
      requestsCpu: Cpu.cores(8),
      requestsMemory: Size.gibibytes(16),
      limitsCpu: Cpu.cores(16),
      limitsMemory: Size.gibibytes(32),
      requestsStorage: Size.tebibytes(1),
      pods: 50,
      persistentVolumeClaims: 10,
      services: 5,
      loadBalancers: 0,
      configMaps: 20,
      secrets: 20,
    });
    expect(quota.toJson()).toMatchObject({
      kind: 'ResourceQuota',
      metadata: { name: 'shop-quota', namespace: 'shop' },
      spec: {
        hard: {
          'requests.cpu': '8',
          'requests.memory': '16Gi',
          'limits.cpu': '16',
          'limits.memory': '32Gi',
          'requests.storage': '1Ti',
          pods: '50',
          persistentvolumeclaims: '10',
          services: '5',
          'services.loadbalancers': '0',
          configmaps: '20',
          secrets: '20',
        },
      },
    });
    const limits = ns.addLimitRange('Limits', {
      container: {
        defaultRequest: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) },
        defaultLimit: { memory: Size.mebibytes(512) },
        max: { cpu: Cpu.cores(2) },
      },
      persistentVolumeClaim: { min: Size.gibibytes(1), max: Size.gibibytes(100) },
    });
    expect(limits.toJson()).toMatchObject({
      kind: 'LimitRange',
      metadata: { namespace: 'shop' },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            default: { memory: '512Mi' },
            max: { cpu: '2' },
          },
          { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '100Gi' } },
        ],
      },
    });
    expect(quota.node.dependencies).toContain(ns);
  });

  test('an empty quota or limit range, a fractional count and min above max are refused', () => {
    const a = app();
    expect(() => new ResourceQuota(a, 'Q', {})).toThrow('prod/platform/Q: field spec.hard: the quota limits nothing');
    expect(() => new ResourceQuota(a, 'Q2', { pods: 1.5 })).toThrow(
      'prod/platform/Q2: field spec.hard.pods: not a count (got 1.5)',
    );
    expect(() => new LimitRange(a, 'L', {})).toThrow('prod/platform/L: field spec.limits: the LimitRange sets nothing');
    expect(
      () => new LimitRange(a, 'L2', { persistentVolumeClaim: { min: Size.gibibytes(10), max: Size.gibibytes(1) } }),
    ).toThrow('field spec.limits[PersistentVolumeClaim].min: above max 1Gi (got "10Gi")');
  });
});
