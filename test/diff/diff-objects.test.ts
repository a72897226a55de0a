import { diffObjects, diffValues } from '../../lib/diff/diff-objects';

function deployment(name: string, spec: Record<string, unknown>, apiVersion = 'apps/v1'): Record<string, unknown> {
  return { apiVersion, kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec };
}

function pvc(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'shop' }, spec };
}

const claim = {
  accessModes: ['ReadWriteOnce'],
  resources: { requests: { storage: '10Gi' } },
  storageClassName: 'fast',
};

describe('diffObjects', () => {
  test('equal objects give no differences, whatever the key order', () => {
    const a = deployment('web', { replicas: 2, selector: { matchLabels: { app: 'web' } } });
    const b = {
      spec: { selector: { matchLabels: { app: 'web' } }, replicas: 2 },
      metadata: { namespace: 'shop', name: 'web' },
      kind: 'Deployment',
      apiVersion: 'apps/v1',
    };
    expect(diffObjects([a], [b])).toEqual([]);
  });

  test('an added and a removed object of different kinds are reported as added and removed', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
      data: { a: '1' },
    };
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' } };
    expect(diffObjects([cm], [sa])).toEqual([
      {
        type: 'removed',
        ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'settings' },
        object: cm,
        dangers: [],
      },
      { type: 'added', ref: { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'shop', name: 'web' }, object: sa },
    ]);
  });

  test('a changed field is reported with its path and old and new values, and is not dangerous', () => {
    const before = deployment('web', {
      replicas: 2,
      template: {
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.25' },
            { name: 'log', image: 'busybox' },
          ],
        },
      },
    });
    const after = deployment('web', {
      replicas: 3,
      template: {
        spec: {
          containers: [
            { name: 'log', image: 'busybox' },
            { name: 'web', image: 'nginx:1.27' },
          ],
        },
      },
    });
    expect(diffObjects([before], [after])).toEqual([
      {
        type: 'changed',
        ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
        fields: [
          { path: 'spec.replicas', old: 2, new: 3 },
          { path: 'spec.template.spec.containers[name=web].image', old: 'nginx:1.25', new: 'nginx:1.27' },
        ],
        dangers: [],
      },
    ]);
  });

  test('objects are matched by API group, not version', () => {
    const before = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { maxReplicas: 3 },
    };
    const after = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { maxReplicas: 3 },
    };
    expect(diffObjects([before], [after])).toEqual([
      {
        type: 'changed',
        ref: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'web' },
        fields: [{ path: 'apiVersion', old: 'autoscaling/v1', new: 'autoscaling/v2' }],
        dangers: [],
      },
    ]);
  });

  test('a renamed PersistentVolumeClaim is one DANGEROUS rename meaning data loss, not an add and a remove', () => {
    const result = diffObjects([pvc('data', claim)], [pvc('data-v2', claim)]);
    expect(result).toEqual([
      {
        type: 'renamed',
        from: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data' },
        ref: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data-v2' },
        fields: [],
        dangers: [
          {
            field: 'metadata.name',
            reason:
              'PersistentVolumeClaim renamed from data to data-v2: the old object and its data are deleted and a new, empty one is created',
          },
        ],
      },
    ]);
  });

  test('with two renames of one kind, each old object is paired with the most similar new one', () => {
    const result = diffObjects(
      [pvc('logs', { ...claim, storageClassName: 'slow' }), pvc('data', claim)],
      [pvc('data-v2', claim), pvc('logs-v2', { ...claim, storageClassName: 'slow' })],
    );
    expect(
      result.map((r) => (r.type === 'renamed' ? `${r.from.name}->${r.ref.name}:${r.fields.length}` : r.type)),
    ).toEqual(['data->data-v2:0', 'logs->logs-v2:0']);
  });

  test('objects that differ by name only pair in key order; the rest by fewest differences', () => {
    const cm = (name: string, data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'shop' },
      data,
    });
    const result = diffObjects(
      [cm('b', { x: '1' }), cm('a', { x: '1' }), cm('c', { x: '3', y: '1' })],
      [cm('b2', { x: '1' }), cm('a2', { x: '1' }), cm('c2', { x: '3', y: '2' })],
    );
    expect(
      result.map((r) => (r.type === 'renamed' ? `${r.from.name}->${r.ref.name}:${r.fields.length}` : r.type)),
    ).toEqual(['a->a2:0', 'b->b2:0', 'c->c2:1']);
  });

  test('thousands of renames of one kind pair each object with its closest new one, comparing near neighbours only', () => {
    const cm = (name: string, i: number, who: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'shop' },
      data: { k: `v${i}`, who, shared: 'same' },
    });
    // 300 x 300 pairs are more than are compared one by one; every object also differs in content.
    const before = Array.from({ length: 300 }, (_, i) => cm(`old-${i}`, i, 'old'));
    const after = Array.from({ length: 300 }, (_, i) => cm(`new-${i}`, i, 'new'));
    const result = diffObjects(before, after);
    expect(result).toHaveLength(300);
    for (const r of result) {
      expect(r.type).toBe('renamed');
      if (r.type !== 'renamed') continue;
      expect(r.ref.name).toBe(r.from.name.replace('old-', 'new-'));
      expect(r.fields).toEqual([{ path: 'data.who', old: 'old', new: 'new' }]);
    }
  });

  test('removing a claim, a snapshot, a namespace, or a StatefulSet that deletes its claims is a danger: pruning deletes the data', () => {
    const sts = (name: string, whenDeleted?: string) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: 'shop' },
      spec: whenDeleted ? { persistentVolumeClaimRetentionPolicy: { whenDeleted } } : {},
    });
    const result = diffObjects(
      [
        pvc('data', claim),
        {
          apiVersion: 'snapshot.storage.k8s.io/v1',
          kind: 'VolumeSnapshot',
          metadata: { name: 'nightly', namespace: 'shop' },
          spec: {},
        },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        sts('db', 'Delete'),
        sts('cache', 'Retain'),
        sts('queue'),
        deployment('web', {}),
      ],
      [],
    );
    expect(result.map((r) => `${r.ref.kind}/${r.ref.name}:${r.type === 'removed' ? r.dangers.length : '?'}`)).toEqual([
      'Namespace/shop:1',
      'PersistentVolumeClaim/data:1',
      'Deployment/web:0',
      'StatefulSet/cache:0',
      'StatefulSet/db:1',
      'StatefulSet/queue:0',
      'VolumeSnapshot/nightly:1',
    ]);
    const db = result.find((r) => r.ref.name === 'db');
    expect(db?.type === 'removed' && db.dangers[0]).toEqual({
      field: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
      reason:
        'StatefulSet removed: where the output is applied with pruning (Argo CD prune, kubectl apply --prune), its claims are deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete), and their data',
    });
  });

  test('a changed storage class of a claim is an immutable-field danger', () => {
    const result = diffObjects([pvc('data', claim)], [pvc('data', { ...claim, storageClassName: 'standard' })]);
    expect(result).toEqual([
      {
        type: 'changed',
        ref: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data' },
        fields: [{ path: 'spec.storageClassName', old: 'fast', new: 'standard' }],
        dangers: [
          {
            field: 'spec.storageClassName',
            reason:
              'spec.storageClassName is immutable: the API server refuses this change: the object must be deleted and recreated, and its volumes (with their data) are replaced',
          },
        ],
      },
    ]);
  });

  test('a claim asking for less storage is a danger (the API server refuses it); asking for more is not', () => {
    const sized = (storage: string | number) => pvc('data', { ...claim, resources: { requests: { storage } } });
    const dangers = (ds: ReturnType<typeof diffObjects>): unknown[] =>
      ds.flatMap((d) => ('dangers' in d ? d.dangers : []));
    expect(dangers(diffObjects([sized('10Gi')], [sized('9Gi')]))).toEqual([
      {
        field: 'spec.resources.requests.storage',
        reason:
          'spec.resources.requests.storage goes down: the API server refuses to shrink a claim (storage can only grow); keeping the data at the smaller size means a new claim and a copy',
      },
    ]);
    // Units are compared as quantities, not as text.
    expect(dangers(diffObjects([sized('10Gi')], [sized('10240Mi')]))).toEqual([]);
    expect(dangers(diffObjects([sized('1G')], [sized('1Gi')]))).toEqual([]);
    expect(dangers(diffObjects([sized('1Gi')], [sized('1G')]))).toHaveLength(1);
    expect(dangers(diffObjects([sized('10Gi')], [sized('20Gi')]))).toEqual([]);
  });

  test('a resized volume claim template of a StatefulSet is dangerous; a new replica count is not', () => {
    const sts = (size: string, replicas: number): Record<string, unknown> => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        replicas,
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: size } } } }],
      },
    });
    const [d] = diffObjects([sts('10Gi', 1)], [sts('20Gi', 3)]);
    expect(d.type === 'changed' && d.fields).toEqual([
      { path: 'spec.replicas', old: 1, new: 3 },
      { path: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage', old: '10Gi', new: '20Gi' },
    ]);
    expect(d.type === 'changed' && d.dangers.map((x) => x.field)).toEqual(['spec.volumeClaimTemplates']);
  });

  test('a changed Deployment selector, Service clusterIP and Job template are dangers', () => {
    const dep = diffObjects(
      [deployment('web', { selector: { matchLabels: { app: 'web' } } })],
      [deployment('web', { selector: { matchLabels: { app: 'web2' } } })],
    );
    const svc = diffObjects(
      [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: 'None' } }],
      [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: {} }],
    );
    const job = diffObjects(
      [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'migrate' },
          spec: { template: { spec: { containers: [{ name: 'm', image: 'a:1' }] } } },
        },
      ],
      [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'migrate' },
          spec: { template: { spec: { containers: [{ name: 'm', image: 'a:2' }] } } },
        },
      ],
    );
    const fields = (r: ReturnType<typeof diffObjects>): unknown =>
      r.map((x) => (x.type === 'changed' ? x.dangers.map((d) => d.field) : x.type));
    expect([fields(dep), fields(svc), fields(job)]).toEqual([
      [['spec.selector']],
      [['spec.clusterIP']],
      [['spec.template']],
    ]);
  });

  test('data of an immutable ConfigMap cannot change', () => {
    const cm = (v: string): Record<string, unknown> => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      immutable: true,
      data: { k: v },
    });
    const [d] = diffObjects([cm('1')], [cm('2')]);
    expect(d.type === 'changed' && d.dangers).toEqual([
      {
        field: 'data',
        reason: 'the ConfigMap is immutable: data cannot change; the object must be deleted and recreated',
      },
    ]);
  });

  test('documents that are not Kubernetes objects are ignored and the inputs are not modified', () => {
    const before = [null, 'text', { kind: 'x' }, pvc('data', claim)];
    const copy = JSON.parse(JSON.stringify(before));
    expect(diffObjects(before, [pvc('data', claim)])).toEqual([]);
    expect(before).toEqual(copy);
  });
});

describe('diffValues', () => {
  test('lists without names are compared by position, added and removed items have one side', () => {
    expect(diffValues({ args: ['a', 'b'] }, { args: ['a', 'c', 'd'] })).toEqual([
      { path: 'args[1]', old: 'b', new: 'c' },
      { path: 'args[2]', new: 'd' },
    ]);
  });

  test('keys that are not identifiers are quoted in the path', () => {
    expect(
      diffValues({ metadata: { labels: { 'app.kubernetes.io/name': 'a' } } }, { metadata: { labels: {} } }),
    ).toEqual([{ path: 'metadata.labels["app.kubernetes.io/name"]', old: 'a' }]);
  });
});

describe('diffValues', () => {
  test('keys named like members of Object.prototype are compared as the keys they are: added, removed, changed', () => {
    // `'constructor' in {}` is true: such a key added or removed showed as changed from or to a function.
    const before = JSON.parse('{"spec":{"__proto__":"p","constructor":"c","size":1}}') as unknown;
    const after = JSON.parse('{"spec":{"constructor":"c2","toString":"t","size":1}}') as unknown;
    expect(diffValues(before, after)).toEqual([
      { path: 'spec.__proto__', old: 'p' },
      { path: 'spec.constructor', old: 'c', new: 'c2' },
      { path: 'spec.toString', new: 't' },
    ]);
    expect(diffValues(after, before)).toEqual([
      { path: 'spec.__proto__', new: 'p' },
      { path: 'spec.constructor', old: 'c2', new: 'c' },
      { path: 'spec.toString', old: 't' },
    ]);
    expect(diffValues({ data: {} }, { data: { hasOwnProperty: 'h' } })).toEqual([
      { path: 'data.hasOwnProperty', new: 'h' },
    ]);
    expect(diffValues({ data: { valueOf: 'v' } }, { data: {} })).toEqual([{ path: 'data.valueOf', old: 'v' }]);
  });
});
