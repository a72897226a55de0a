import fc from 'fast-check';
import { KubeObject, ManifestRecord } from '../../lib/model/manifest';
import { Problem } from '../../lib/model/problem';
import { formatReport, formatReportJson } from '../../lib/validate/report';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { cronScheduleError } from '../../lib/validate/cron-schedule';
import { dns1123Label, labelValue, qualifiedName } from '../../lib/model/name-grammar';
import { isQuantity } from '../../lib/model/quantity';

const KINDS: [string, string][] = [
  ['v1', 'ConfigMap'],
  ['v1', 'Service'],
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['batch/v1', 'CronJob'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['v1', 'PersistentVolumeClaim'],
  ['snapshot.storage.k8s.io/v1', 'VolumeSnapshot'],
  ['example.com/v1', 'Unknown'],
];

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double());
/** Values shaped a bit like Kubernetes objects: known keys mixed with random ones. */
const keyName = fc.oneof(
  fc.constantFrom(
    'spec',
    'template',
    'containers',
    'selector',
    'matchLabels',
    'labels',
    'name',
    'image',
    'ports',
    'volumes',
    'securityContext',
    'resources',
    'limits',
    'cpu',
    'env',
    'valueFrom',
    'secretKeyRef',
    'schedule',
    'ingress',
    'from',
    'ipBlock',
    'cidr',
    'source',
    'scaleTargetRef',
    'roleRef',
    'data',
    'metadata',
    'annotations',
    'jobTemplate',
    'podSelector',
    'policyTypes',
  ),
  fc.string({ maxLength: 8 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(keyName, tie('v'), { maxKeys: 4 }),
  ),
})).v;

const record = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    name: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('web', 'db', 'Web_1', '')),
    namespace: fc.option(fc.constantFrom('shop', 'Shop', ''), { nil: undefined }),
    body: fc.dictionary(keyName, value, { maxKeys: 4 }),
    environment: fc.constantFrom('', 'dev', 'prod'),
  })
  .map(({ kind, name, namespace, body, environment }): ManifestRecord => ({
    environment,
    app: '',
    constructPath: '',
    file: 'f.yaml',
    waivers: [],
    dependsOn: [],
    object: {
      ...body,
      apiVersion: kind[0],
      kind: kind[1],
      metadata: {
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        ...(typeof body.metadata === 'object' && body.metadata ? body.metadata : {}),
      },
    } as KubeObject,
  }));

function wellFormed(p: Problem): boolean {
  return (
    (p.severity === 'error' || p.severity === 'warning') &&
    /^(api|schema|grammar|reference|policy|validate)\/[a-z0-9-]+$/.test(p.rule) &&
    typeof p.message === 'string' &&
    p.message.length > 0 &&
    typeof p.hint === 'string' &&
    p.hint.length > 0 &&
    (p.field === undefined || typeof p.field === 'string') &&
    typeof p.object === 'string'
  );
}

test('validateManifests never throws and returns well-formed problems for random objects', () => {
  fc.assert(
    fc.property(
      fc.array(record, { maxLength: 5 }),
      fc.constantFrom('restricted', 'baseline', 'none') as fc.Arbitrary<'restricted' | 'baseline' | 'none'>,
      (records, policy) => {
        const problems = validateManifests(records, { policy });
        for (const p of problems) {
          if (!wellFormed(p)) throw new Error(`malformed problem: ${JSON.stringify(p)}`);
          if (p.rule === 'validate/internal-error') throw new Error(`a check crashed: ${p.message}`);
        }
        expect(typeof formatReport(problems)).toBe('string');
        expect(JSON.parse(formatReportJson(problems)).summary.errors).toBe(
          problems.filter((p) => p.severity === 'error').length,
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('a name, namespace or kind that cannot become a string is a schema error, not a crash (found by the property above)', () => {
  for (const odd of [Object.create(null) as unknown, { toString: null }, [Object.create(null)]]) {
    for (const object of [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: odd } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: odd } },
      { apiVersion: 'v1', kind: odd, metadata: { name: 'a' } },
    ]) {
      const records = [0, 1].map(() => ({
        environment: '',
        app: '',
        constructPath: '',
        file: 'f.yaml',
        object: object as unknown as KubeObject,
        waivers: [],
        dependsOn: [],
      }));
      const problems = validateManifests(records, { policy: 'restricted' });
      expect(problems.every(wellFormed)).toBe(true);
      expect(problems.some((p) => p.severity === 'error' && p.rule.startsWith('schema/'))).toBe(true);
      expect(problems.map((p) => p.rule)).not.toContain('validate/internal-error');
    }
  }
});

test('label and selector values that cannot become strings are schema errors, not crashes (found by the property above)', () => {
  const odd = Object.create(null) as unknown;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'x' } },
    spec: { containers: [{ name: 'a', image: 'x' }] },
  };
  const template = (labels: unknown) => ({ metadata: { labels }, spec: { containers: [{ name: 'a', image: 'x' }] } });
  for (const object of [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { selector: { app: odd }, ports: [{ port: 80 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'b' } }, template: template({ app: odd }) },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'n' },
      spec: { podSelector: { matchLabels: { app: odd } } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'n' },
      spec: { podSelector: { matchExpressions: [{ key: odd, operator: 'In', values: [odd] }] } },
    },
  ]) {
    for (const policy of ['restricted', 'none'] as const) {
      const records = [object, pod].map((o) => ({
        environment: '',
        app: '',
        constructPath: '',
        file: 'f.yaml',
        object: o as unknown as KubeObject,
        waivers: [],
        dependsOn: [],
      }));
      const problems = validateManifests(records, { policy });
      expect(problems.every(wellFormed)).toBe(true);
      expect(problems.some((p) => p.severity === 'error' && p.rule.startsWith('schema/'))).toBe(true);
      expect(problems.map((p) => p.rule)).not.toContain('validate/internal-error');
    }
  }
});

test('validateManifests never throws for documents that are not objects', () => {
  fc.assert(
    fc.property(value, (v) => {
      const problems = validateManifests([
        {
          environment: '',
          app: '',
          constructPath: '',
          file: 'x.yaml',
          object: v as KubeObject,
          waivers: [],
          dependsOn: [],
        },
      ]);
      expect(problems.every(wellFormed)).toBe(true);
      expect(problems.length).toBeGreaterThan(0);
    }),
    { numRuns: 200 },
  );
});

test('every DNS-1123 label is a valid label value and a valid label key', () => {
  const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  fc.assert(
    fc.property(label, (l) => {
      expect(dns1123Label(l)).toEqual([]);
      expect(labelValue(l)).toEqual([]);
      expect(qualifiedName(`example.com/${l}`)).toEqual([]);
    }),
  );
});

test('label values longer than 63 characters are always refused', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z]{64,80}$/), (v) => {
      expect(labelValue(v)).toContain('must be no more than 63 characters');
    }),
  );
});

test('every quantity built from a number and a Kubernetes suffix is accepted', () => {
  const suffix = fc.constantFrom(
    '',
    'Ki',
    'Mi',
    'Gi',
    'Ti',
    'Pi',
    'Ei',
    'n',
    'u',
    'm',
    'k',
    'M',
    'G',
    'T',
    'P',
    'E',
    'e3',
    'E-2',
    'e+6',
  );
  fc.assert(
    fc.property(fc.nat(), fc.option(fc.nat(999), { nil: undefined }), suffix, (n, frac, s) => {
      expect(isQuantity(`${n}${frac !== undefined ? `.${frac}` : ''}${s}`)).toBe(true);
    }),
  );
});

test('every schedule built from valid fields is accepted', () => {
  const field = (min: number, max: number): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constant('*'),
      fc.integer({ min, max }).map(String),
      fc
        .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
        .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      fc.integer({ min: 1, max: 10 }).map((s) => `*/${s}`),
    );
  fc.assert(
    fc.property(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6), (...f) => {
      expect(cronScheduleError(f.join(' '))).toBeUndefined();
    }),
  );
});
