import { applyOrder, kindRank } from '../../lib/render/apply-order';
import { ManifestRecord } from '../../lib/model/manifest';

function record(
  kind: string,
  name: string,
  constructPath: string,
  dependsOn: string[] = [],
  namespace = 'shop',
): ManifestRecord {
  return {
    environment: 'dev',
    app: 'shop',
    constructPath,
    object: { apiVersion: 'v1', kind, metadata: { name, namespace } },
    waivers: [],
    dependsOn,
  };
}

/** A deterministic shuffle (the order records are rendered in must not matter). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const label = (r: ManifestRecord): string => `${r.object.kind}/${r.object.metadata.name}`;

describe('applyOrder', () => {
  const records = [
    record('Deployment', 'web', 'dev/shop/web/Resource'),
    record('Service', 'web', 'dev/shop/web/Service/Resource'),
    record('ConfigMap', 'b', 'dev/shop/b/Resource'),
    record('ConfigMap', 'a', 'dev/shop/a/Resource'),
    record('Namespace', 'shop', 'dev/shop/Namespace/Resource'),
    record('Widget', 'w', 'dev/shop/w/Resource'),
    record('ServiceAccount', 'web', 'dev/shop/web/ServiceAccount/Resource'),
  ];
  const expected = [
    'Namespace/shop',
    'ServiceAccount/web',
    'ConfigMap/a',
    'ConfigMap/b',
    'Service/web',
    'Deployment/web',
    'Widget/w',
  ];

  test.each([1, 2, 3, 4, 5])(
    'without dependsOn, the order is by kind rank, then name, whatever the input order (seed %i)',
    (seed) => {
      expect(applyOrder(shuffled(records, seed)).map(label)).toEqual(expected);
    },
  );

  test('a dependsOn that names no record, or the record itself, changes nothing', () => {
    const withDeps = records.map((r) =>
      r.object.kind === 'Service' ? { ...r, dependsOn: ['dev/shop/nowhere', r.constructPath] } : r,
    );
    expect(applyOrder(shuffled(withDeps, 7)).map(label)).toEqual(expected);
  });

  test('a dependsOn moves an object after the one it names, and nothing else', () => {
    const withDeps = records.map((r) =>
      r.object.kind === 'ConfigMap' && r.object.metadata.name === 'a'
        ? { ...r, dependsOn: ['dev/shop/web/Resource'] }
        : r,
    );
    expect(applyOrder(shuffled(withDeps, 3)).map(label)).toEqual([
      'Namespace/shop',
      'ServiceAccount/web',
      'ConfigMap/b',
      'Service/web',
      'Deployment/web',
      'ConfigMap/a',
      'Widget/w',
    ]);
  });

  test('unknown kinds rank after every known one', () => {
    expect(kindRank('Widget')).toBeGreaterThan(kindRank('PodDisruptionBudget'));
    expect(kindRank('Namespace')).toBe(0);
  });
});
