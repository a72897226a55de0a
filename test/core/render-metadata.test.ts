import { ApiObjectMetadata, App, Chart } from 'cdk8s';
import { ApiResource, Application, Environment, Platform } from 'berth-k8s';
import { renderMetadata } from '../../lib/core/api-resource';

/** Metadata of every shape cdk8s keeps: set at construction and added later. */
const CASES: readonly {
  readonly name: string;
  readonly metadata: ApiObjectMetadata;
  readonly add?: (r: ApiResource) => void;
}[] = [
  { name: 'a name only', metadata: { name: 'web' } },
  {
    name: 'labels and annotations, in any key order',
    metadata: { name: 'web', labels: { z: '1', a: '2' }, annotations: { 'b.io/x': 'y', 'a.io/y': '' } },
  },
  {
    name: 'empty labels, annotations, finalizers and owner references',
    metadata: { name: 'web', labels: {}, annotations: {}, finalizers: [], ownerReferences: [] },
  },
  {
    name: 'undefined values',
    metadata: { name: 'web', labels: { a: undefined as unknown as string }, namespace: undefined },
  },
  {
    name: 'finalizers and owner references with unset fields',
    metadata: {
      name: 'web',
      finalizers: ['x/y'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: '1', controller: undefined }],
    },
  },
  {
    name: 'additional attributes, nested empties and nulls',
    metadata: { name: 'web', generateName: 'web-', extra: { empty: {}, list: [], nested: { keep: 1, drop: null } } },
  },
  {
    name: 'additional attributes named like Object.prototype members',
    metadata: { name: 'web', toString: 'x', valueOf: 'y' } as unknown as ApiObjectMetadata,
  },
  {
    name: 'labels and annotations added later',
    metadata: { name: 'web' },
    add: (r) => {
      r.metadata.addLabel('added', 'yes');
      r.metadata.addAnnotation('note', 'n');
      r.metadata.addFinalizers('f');
      r.metadata.add('generateName', 'g-');
    },
  },
];

function underPlatform(metadata: ApiObjectMetadata): ApiResource {
  const app = new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
  return new ApiResource(app, 'obj', { apiVersion: 'v1', kind: 'ConfigMap' }, { metadata });
}

describe('renderMetadata', () => {
  test.each(CASES)('equals cdk8s metadata.toJson() with $name, key order included', ({ metadata, add }) => {
    const r = underPlatform(metadata);
    add?.(r);
    const ours = renderMetadata(r);
    const theirs = r.metadata.toJson();
    expect(ours).toEqual(theirs);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
  });

  test('the namespace and labels an app gives its objects are rendered', () => {
    const r = underPlatform({ name: 'web' });
    expect(renderMetadata(r)).toEqual({
      name: 'web',
      namespace: 'shop',
      labels: {
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/managed-by': 'berth',
        'app.kubernetes.io/part-of': 'shop',
      },
    });
  });

  test('a class instance in the metadata is refused, as cdk8s refuses it', () => {
    const r = underPlatform({ name: 'web', extra: new Map() } as ApiObjectMetadata);
    expect(() => r.metadata.toJson()).toThrow("can't render non-simple object of type 'Map'");
    expect(() => renderMetadata(r)).toThrow("can't render non-simple object of type 'Map'");
  });

  test('under a cdk8s App (with its resolvers) cdk8s renders the metadata itself', () => {
    const chart = new Chart(new App(), 'chart');
    const lazyLabel = { resolve: () => 'resolved' };
    const r = new ApiResource(
      chart,
      'obj',
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { metadata: { name: 'web', labels: { l: lazyLabel as unknown as string } } },
    );
    expect(renderMetadata(r)).toEqual({ name: 'web', labels: { l: 'resolved' } });
  });
});
