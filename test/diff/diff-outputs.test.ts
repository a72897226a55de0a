import { diffOutputs } from '../../lib/diff/diff-outputs';
import { formatDiffText } from '../../lib/diff/format-diff';

const cm = (name: string, value: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  k: ${value}\n`;

describe('diffOutputs', () => {
  test('compares the objects of files that differ; files equal on both sides are counted, not compared', () => {
    const before = new Map<string, string>();
    const after = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      before.set(`dev/shop/configmap-${i}.yaml`, cm(`c${i}`, 'a'));
      after.set(`dev/shop/configmap-${i}.yaml`, cm(`c${i}`, i === 7 ? 'b' : 'a'));
    }
    // A file holding two documents and a comment-only document, the same on both sides.
    const two = `# made by hand\n${cm('x', '1')}---\n${cm('y', '2')}---\n# nothing here\n`;
    before.set('dev/shop/pair.yaml', two);
    after.set('dev/shop/pair.yaml', two);
    // An object moved to another file is the same object.
    before.set('dev/shop/old-name.yaml', cm('moved', 'm'));
    after.set('dev/shop/new-name.yaml', cm('moved', 'm'));
    after.set('dev/shop/kustomization.yaml', 'resources: []\n');
    const diff = diffOutputs(before, after);
    expect(diff.objectCount).toBe(2003);
    // Changed, the same file's documents are parsed, and counted alike.
    after.set('dev/shop/pair.yaml', `${two}---\n${cm('z', '3')}`);
    expect(diffOutputs(before, after).objectCount).toBe(2004);
    after.set('dev/shop/pair.yaml', two);
    expect(diff.apps).toEqual([
      {
        environment: 'dev',
        app: 'shop',
        objects: [
          {
            type: 'changed',
            ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'c7' },
            fields: [{ path: 'data.k', old: 'a', new: 'b' }],
            dangers: [],
          },
        ],
      },
    ]);
    // Only the selected environments are counted.
    expect(diffOutputs(before, after, { environments: ['prod'] })).toEqual({
      apps: [],
      charts: [],
      files: [],
      objectCount: 0,
    });
  });

  test('an object held twice on one side (a copy of a file) is neither removed nor added: the copy is a file difference', () => {
    const files = new Map([
      ['dev/shop/configmap-a.yaml', cm('a', '1')],
      ['dev/shop/configmap-b.yaml', cm('b', '"2"')],
    ]);
    const copied = new Map([...files, ['dev/shop/copy.yaml', cm('b', '"2"')]]);
    expect(diffOutputs(copied, files)).toEqual({
      apps: [],
      charts: [],
      files: [{ file: 'dev/shop/copy.yaml', type: 'removed' }],
      objectCount: 2,
    });
    expect(diffOutputs(files, copied)).toEqual({
      apps: [],
      charts: [],
      files: [{ file: 'dev/shop/copy.yaml', type: 'added' }],
      objectCount: 3,
    });
    // A copy that differs: the object of the file synth writes is the one compared; the copy is extra.
    const changed = new Map([...files, ['dev/shop/copy.yaml', cm('b', '3')]]);
    expect(diffOutputs(changed, files)).toEqual({
      apps: [],
      charts: [],
      files: [{ file: 'dev/shop/copy.yaml', type: 'removed' }],
      objectCount: 2,
    });
  });

  test('an invalid file is still an error when it changed', () => {
    expect(() =>
      diffOutputs(new Map([['dev/shop/a.yaml', 'a: [']]), new Map([['dev/shop/a.yaml', cm('a', '1')]])),
    ).toThrow('dev/shop/a.yaml: not valid YAML');
  });
});

describe('formatDiffText', () => {
  test('a removed claim is a DANGEROUS removal, counted apart from replacements', () => {
    const claim =
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: shop\nspec:\n  storageClassName: fast\n';
    const before = new Map([
      ['dev/shop/persistentvolumeclaim-data.yaml', claim],
      ['dev/shop/configmap-a.yaml', cm('a', '1')],
    ]);
    const after = new Map<string, string>();
    expect(formatDiffText(diffOutputs(before, after))).toBe(
      [
        'dev/shop',
        '  - ConfigMap shop/a (removed)',
        '  ! PersistentVolumeClaim shop/data (removed) DANGEROUS',
        "      DANGEROUS: PersistentVolumeClaim removed: where the output is applied with pruning (Argo CD prune, kubectl apply --prune), the claim is deleted, and its volume's data with it when the reclaim policy is Delete",
        '',
        'Differences: 0 added, 2 removed, 0 changed, 0 renamed.',
        '1 DANGEROUS removals: where the output is applied with pruning, these objects are deleted with their data. Keep them, or back the data up first.',
        '',
      ].join('\n'),
    );
  });
});
