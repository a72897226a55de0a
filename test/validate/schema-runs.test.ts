// Which schema a kind has is looked up per validation run: a kind registered between two runs
// is found by the second, even when both are given the same CRD map.
import { registerKind } from '../../lib/core/kind-registry';
import { checkSchema } from '../../lib/validate/check-schema';
import { CrdVersionSchema } from '../../lib/validate/crd-schemas';

test('a kind registered after a check is known to the next check with the same CRD map', () => {
  const crds = new Map<string, CrdVersionSchema>();
  const sprocket = {
    apiVersion: 'runs.test.berth.dev/v1',
    kind: 'Sprocket',
    metadata: { name: 's' },
    spec: { teeth: 'many' },
  };
  expect(checkSchema(sprocket, crds).map((f) => f.rule)).toEqual(['schema/unknown-kind']);
  registerKind({
    apiVersion: 'runs.test.berth.dev/v1',
    kind: 'Sprocket',
    source: 'test',
    namespaced: true,
    schema: () => ({
      dialect: 'crd-openapi-v3',
      root: { type: 'object', properties: { spec: { type: 'object', properties: { teeth: { type: 'integer' } } } } },
    }),
  });
  expect(checkSchema(sprocket, crds).map((f) => [f.rule, f.field])).toEqual([['schema/type', 'spec.teeth']]);
});
