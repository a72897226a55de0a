import { parseCrds } from '../../lib/import/parse-crds';

const CRD = (extra: string): string =>
  [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: things.example.com',
    extra,
    'spec:',
    '  group: example.com',
  ].join('\n');

// The yaml package's own check compares each key with every key before it; the importer finds
// repeated keys with a set instead (a 3.3 MB CRD with a 60,000-key map: 73 s before, 3 s after,
// timed by hand rather than here). The verdicts and their places stay the yaml package's.
test('a key repeated in a map of a CRD file is an error naming its line and column', () => {
  expect(parseCrds({ name: 'dup.yaml', text: CRD('  name: again') }).diagnostics).toEqual([
    {
      severity: 'error',
      file: 'dup.yaml',
      documentIndex: 0,
      message: 'not valid YAML (line 5, column 3): Map keys must be unique',
    },
  ]);
});

test('keys that only look alike are not repeats: another map, another spelling, a list item', () => {
  const text = CRD('  labels:\n    name: a\n    Name: b\n  annotations:\n    - name: x\n    - name: y');
  // The only error is the CRD's own (it has no names), not a repeated key.
  expect(parseCrds({ name: 'ok.yaml', text }).diagnostics.map((d) => d.message)).toEqual([
    'CustomResourceDefinition things.example.com: missing spec.names.kind',
  ]);
});
