// What a problem placed on a record carries: its waiver, and a fix written from the value as the
// file holds it, decided on the finding's data, not on its wording.
import { KubeObject, ManifestRecord, YamlReading } from '../../lib/model/manifest';
import { problemAt } from '../../lib/validate/finding';
import { Waiver } from '../../lib/model/problem';
import { applySeverities } from '../../lib/validate/validate-manifests';

const WAIVER: Waiver = {
  rule: 'policy/image-tag',
  reason: 'the vendor publishes no versioned tags',
  constructPath: 'dev/shop/web',
};

function record(extra: Partial<ManifestRecord> = {}): ManifestRecord {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web', namespace: 'shop' },
    data: { mode: 511 },
  };
  return {
    environment: 'dev',
    app: 'shop',
    constructPath: 'dev/shop/web/Resource',
    object,
    waivers: [],
    dependsOn: [],
    ...extra,
  };
}

describe('waivers', () => {
  const waived = problemAt(record({ waivers: [WAIVER] }), {
    rule: 'policy/image-tag',
    message: 'the image has no tag',
    hint: 'Pin a tag.',
  });

  test('a problem placed on a record carries the waiver of its rule, and a copy of it too', () => {
    expect(waived.waiver).toEqual(WAIVER);
    expect({ ...waived }.waiver).toEqual(WAIVER);
  });

  test('a copied problem is still dropped as waived, with or without a severity override', () => {
    expect(applySeverities([{ ...waived }, { ...waived, message: 'reworded' }], {})).toEqual([]);
    expect(applySeverities([{ ...waived }], { severities: { 'policy/image-tag': 'warning' } })).toEqual([]);
  });

  test('a problem of another rule carries no waiver, and stays', () => {
    const other = problemAt(record({ waivers: [WAIVER] }), {
      rule: 'policy/resources',
      message: 'no limits',
      hint: 'Set limits.',
    });
    expect('waiver' in other).toBe(false);
    expect(applySeverities([{ ...other }], {})).toEqual([other]);
  });
});

describe('a fix that quotes the value', () => {
  const readAs = new Map<string, YamlReading>([
    ['data.mode', { valueSource: '0777', note: 'written 0777, which YAML 1.1 readers read as the number 511' }],
  ]);

  test('quotes the value as the file writes it when the finding says its fix is quoting, whatever the wording', () => {
    const p = problemAt(record({ readAs }), {
      rule: 'schema/type',
      field: 'data.mode',
      value: 511,
      message: 'data.mode must be a string',
      hint: 'Write it as text: "511".',
      quoteValue: true,
    });
    expect(p.hint).toBe('Quote it: "0777".');
    expect(p.message).toBe('data.mode must be a string (written 0777, which YAML 1.1 readers read as the number 511)');
  });

  test('keeps a hint that is not a quoting fix, even one worded like it', () => {
    const p = problemAt(record({ readAs }), {
      rule: 'example/other',
      field: 'data.mode',
      value: 511,
      message: 'm',
      hint: 'Quote it: "511".',
    });
    expect(p.hint).toBe('Quote it: "511".');
  });
});
