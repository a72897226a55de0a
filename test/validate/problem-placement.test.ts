// What a problem placed on a record carries: its waiver.
import { KubeObject, ManifestRecord } from '../../lib/synth/manifest';
import { problemAt } from '../../lib/validate/finding';
import { Waiver } from '../../lib/validate/problem';
import { applySeverities } from '../../lib/validate/validate-manifests';

const WAIVER: Waiver = { rule: 'policy/image-tag', reason: 'the vendor publishes no versioned tags', constructPath: 'dev/shop/web' };

function record(extra: Partial<ManifestRecord> = {}): ManifestRecord {
  const object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'shop' }, data: { mode: 511 } };
  return { environment: 'dev', app: 'shop', constructPath: 'dev/shop/web/Resource', object, waivers: [], dependsOn: [], ...extra };
}

describe('waivers', () => {
  const waived = problemAt(record({ waivers: [WAIVER] }), { rule: 'policy/image-tag', message: 'the image has no tag', hint: 'Pin a tag.' });

  test('a problem placed on a record carries the waiver of its rule, and a copy of it too', () => {
    expect(waived.waiver).toEqual(WAIVER);
    expect({ ...waived }.waiver).toEqual(WAIVER);
  });

  test('a copied problem is still dropped as waived, with or without a severity override', () => {
    expect(applySeverities([{ ...waived }, { ...waived, message: 'reworded' }], {})).toEqual([]);
    expect(applySeverities([{ ...waived }], { severities: { 'policy/image-tag': 'warning' } })).toEqual([]);
  });

  test('a problem of another rule carries no waiver, and stays', () => {
    const other = problemAt(record({ waivers: [WAIVER] }), { rule: 'policy/resources', message: 'no limits', hint: 'Set limits.' });
    expect('waiver' in other).toBe(false);
    expect(applySeverities([{ ...other }], {})).toEqual([other]);
  });
});
