import { KubeObject, ManifestRecord } from '../../lib/model/manifest';
import { ObjectIndex } from '../../lib/validate/object-index';

function rec(object: object): ManifestRecord {
  return {
    environment: 'dev',
    app: 'shop',
    constructPath: `dev/shop/${(object as KubeObject).metadata?.name ?? 'x'}`,
    object: object as KubeObject,
    waivers: [],
    dependsOn: [],
  };
}

const deployment = (name: string, namespace: string | undefined, labels: Record<string, string>): ManifestRecord =>
  rec({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
  });
const configMap = (name: string, namespace?: string): ManifestRecord =>
  rec({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) } });

describe('ObjectIndex', () => {
  test('finds an object by kind, namespace and name; one without a namespace matches any', () => {
    const a = configMap('settings', 'a');
    const b = configMap('settings', 'b');
    const anywhere = configMap('shared');
    const index = new ObjectIndex([a, b, anywhere, deployment('settings', 'a', { app: 'x' })]);
    expect(index.find('ConfigMap', 'a', 'settings')).toBe(a);
    expect(index.find('ConfigMap', 'b', 'settings')).toBe(b);
    expect(index.find('ConfigMap', 'c', 'settings')).toBeUndefined();
    // The first in record order when several match.
    expect(index.find('ConfigMap', '', 'settings')).toBe(a);
    expect(index.find('ConfigMap', 'z', 'shared')).toBe(anywhere);
    expect(index.find('Secret', 'a', 'settings')).toBeUndefined();
    expect(index.ofKind('ConfigMap')).toEqual([a, b, anywhere]);
    expect(index.ofKind('Secret')).toEqual([]);
  });

  test('names the earlier object a record duplicates: same group, kind, exact namespace and name', () => {
    const a = configMap('settings', 'a');
    const a2 = configMap('settings', 'a');
    const a3 = configMap('settings', 'a');
    const b = configMap('settings', 'b');
    const bare = configMap('settings');
    const bare2 = rec({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: '' } });
    const otherGroup = rec({
      apiVersion: 'example.com/v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'a' },
    });
    const sameGroupOtherVersion = rec({
      apiVersion: 'example.com/v2',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'a' },
    });
    const badNamespace = rec({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'once', namespace: 5 } });
    const once = configMap('once');
    const index = new ObjectIndex([a, b, bare, otherGroup, a2, bare2, sameGroupOtherVersion, a3, badNamespace, once]);
    expect(index.duplicated(a)).toBeUndefined();
    expect(index.duplicated(b)).toBeUndefined();
    // Without a namespace is not "any namespace" here: the API server would keep both.
    expect(index.duplicated(bare)).toBeUndefined();
    expect(index.duplicated(otherGroup)).toBeUndefined();
    // The first of its kind is named, however many follow.
    expect(index.duplicated(a2)).toBe(a);
    expect(index.duplicated(a3)).toBe(a);
    // An empty namespace is the same as none.
    expect(index.duplicated(bare2)).toBe(bare);
    // The group counts, not the version.
    expect(index.duplicated(sameGroupOtherVersion)).toBe(otherGroup);
    // A namespace that is not a string names no object (the schema check reports it).
    expect(index.duplicated(once)).toBeUndefined();
  });

  test('finds the pod templates a selector can select, by every label and the namespace', () => {
    const web = deployment('web', 'a', { app: 'web', tier: 'front' });
    const api = deployment('api', 'a', { app: 'api', tier: 'front' });
    const webB = deployment('web', 'b', { app: 'web', tier: 'front' });
    // A label key with "=" must not be mistaken for another key and value.
    const odd = deployment('odd', 'a', { 'app=web': 'x' });
    const index = new ObjectIndex([web, api, webB, odd]);
    const names = (ts: readonly { record: ManifestRecord }[]): string[] =>
      ts.map((t) => String(t.record.object.metadata.name));
    expect(names(index.templatesWithLabels('a', { tier: 'front' }))).toEqual(['web', 'api']);
    expect(names(index.templatesWithLabels('a', { app: 'web', tier: 'front' }))).toEqual(['web']);
    expect(names(index.templatesWithLabels('b', { app: 'web' }))).toEqual(['web']);
    expect(names(index.templatesWithLabels('a', { app: 'web=x' }))).toEqual([]);
    expect(names(index.templatesWithLabels('a', { 'app=web': 'x' }))).toEqual(['odd']);
    expect(names(index.templatesWithLabels('a', { app: 'db' }))).toEqual([]);
    expect(names(index.templatesWithLabels('a', {}))).toEqual(['web', 'api', 'odd']);
    expect(index.templates).toHaveLength(4);
  });

  test('pods without a namespace are candidates in every namespace, merged in record order', () => {
    const records: ManifestRecord[] = [];
    for (let i = 0; i < 40; i++) records.push(deployment(`web-${i}`, `ns-${i}`, { app: 'web' }));
    // Without a namespace, between ns-9's and ns-10's.
    records.splice(10, 0, deployment('shared', undefined, { app: 'web' }));
    records.push(deployment('late', undefined, { app: 'web' }), deployment('api', 'ns-3', { app: 'api' }));
    const index = new ObjectIndex(records);
    const names = (ts: readonly { record: ManifestRecord }[]): string[] =>
      ts.map((t) => String(t.record.object.metadata.name));
    expect(names(index.templatesWithLabels('ns-3', { app: 'web' }))).toEqual(['web-3', 'shared', 'late']);
    expect(names(index.templatesWithLabels('ns-30', { app: 'web' }))).toEqual(['shared', 'web-30', 'late']);
    expect(names(index.templatesWithLabels('elsewhere', { app: 'web' }))).toEqual(['shared', 'late']);
    expect(names(index.templatesWithLabels('ns-3', { app: 'api' }))).toEqual(['api']);
    expect(names(index.templatesWithLabels('ns-3', {}))).toEqual(['web-3', 'shared', 'late', 'api']);
    // Asked without a namespace: every namespace's, in record order.
    const all = names(index.templatesWithLabels('', { app: 'web' }));
    expect(all).toHaveLength(42);
    expect(all.slice(8, 13)).toEqual(['web-8', 'web-9', 'shared', 'web-10', 'web-11']);
    expect(all[41]).toBe('late');
    expect(names(index.templatesIn(''))).toEqual(records.map((r) => String(r.object.metadata.name)));
  });

  test('knows the claims a StatefulSet creates from its claim templates', () => {
    const db = rec({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'a' },
      spec: {
        volumeClaimTemplates: [{ metadata: { name: 'data' } }],
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [] } },
      },
    });
    const index = new ObjectIndex([
      db,
      rec({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'logs', namespace: 'a' } }),
    ]);
    expect(index.hasClaim('a', 'data-db-0')).toBe(true);
    expect(index.hasClaim('a', 'data-db-12')).toBe(true);
    expect(index.hasClaim('b', 'data-db-0')).toBe(false);
    expect(index.hasClaim('a', 'data-db-x')).toBe(false);
    expect(index.hasClaim('a', 'logs')).toBe(true);
    // Asked without a namespace, any namespace's claims count; a template without one serves every namespace.
    expect(index.hasClaim('', 'data-db-3')).toBe(true);
    const anywhere = rec({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'cache' },
      spec: {
        volumeClaimTemplates: [{ metadata: { name: 'data' } }],
        template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [] } },
      },
    });
    const both = new ObjectIndex([db, anywhere]);
    expect(both.hasClaim('z', 'data-cache-0')).toBe(true);
    expect(both.hasClaim('z', 'data-db-0')).toBe(false);
  });

  test('a name used in many namespaces: each namespace finds its own, or the first without a namespace, in record order', () => {
    const records: ManifestRecord[] = [];
    for (let i = 0; i < 50; i++) records.push(configMap('settings', `ns-${i}`));
    const early = configMap('settings');
    const late = configMap('settings');
    const inNs7Again = configMap('settings', 'ns-7');
    // `early` sits between ns-24 and ns-25; `late` after all of them.
    records.splice(25, 0, early);
    records.push(late, inNs7Again);
    const index = new ObjectIndex(records);
    expect(index.find('ConfigMap', 'ns-3', 'settings')).toBe(records[3]);
    expect(index.find('ConfigMap', 'ns-7', 'settings')).toBe(records[7]);
    // ns-40 comes after `early` in record order: the object without a namespace is found first.
    expect(index.find('ConfigMap', 'ns-40', 'settings')).toBe(early);
    expect(index.find('ConfigMap', 'elsewhere', 'settings')).toBe(early);
    expect(index.find('ConfigMap', '', 'settings')).toBe(records[0]);
    expect(index.find('Secret', 'ns-3', 'settings')).toBeUndefined();
    // Duplicates: only within one namespace.
    expect(records.filter((r) => index.duplicated(r) !== undefined)).toEqual([late, inNs7Again]);
    expect(index.duplicated(late)).toBe(early);
    expect(index.duplicated(inNs7Again)).toBe(records[7]);
  });
});
