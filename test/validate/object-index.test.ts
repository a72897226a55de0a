import { KubeObject, ManifestRecord } from '../../lib/synth/manifest';
import { ObjectIndex } from '../../lib/validate/object-index';

function rec(object: object): ManifestRecord {
  return { environment: 'dev', app: 'shop', constructPath: `dev/shop/${(object as KubeObject).metadata?.name ?? 'x'}`, object: object as KubeObject, waivers: [], dependsOn: [] };
}

const deployment = (name: string, namespace: string | undefined, labels: Record<string, string>): ManifestRecord => rec({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
});
const configMap = (name: string, namespace?: string): ManifestRecord => rec({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) } });

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

  test('finds the pod templates a selector can select, by every label and the namespace', () => {
    const web = deployment('web', 'a', { app: 'web', tier: 'front' });
    const api = deployment('api', 'a', { app: 'api', tier: 'front' });
    const webB = deployment('web', 'b', { app: 'web', tier: 'front' });
    // A label key with "=" must not be mistaken for another key and value.
    const odd = deployment('odd', 'a', { 'app=web': 'x' });
    const index = new ObjectIndex([web, api, webB, odd]);
    const names = (ts: readonly { record: ManifestRecord }[]): string[] => ts.map((t) => String(t.record.object.metadata.name));
    expect(names(index.templatesWithLabels('a', { tier: 'front' }))).toEqual(['web', 'api']);
    expect(names(index.templatesWithLabels('a', { app: 'web', tier: 'front' }))).toEqual(['web']);
    expect(names(index.templatesWithLabels('b', { app: 'web' }))).toEqual(['web']);
    expect(names(index.templatesWithLabels('a', { app: 'web=x' }))).toEqual([]);
    expect(names(index.templatesWithLabels('a', { 'app=web': 'x' }))).toEqual(['odd']);
    expect(names(index.templatesWithLabels('a', { app: 'db' }))).toEqual([]);
    expect(names(index.templatesWithLabels('a', {}))).toEqual(['web', 'api', 'odd']);
    expect(index.templates).toHaveLength(4);
  });

  test('knows the claims a StatefulSet creates from its claim templates', () => {
    const db = rec({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'a' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }], template: { metadata: { labels: { app: 'db' } }, spec: { containers: [] } } },
    });
    const index = new ObjectIndex([db, rec({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'logs', namespace: 'a' } })]);
    expect(index.hasClaim('a', 'data-db-0')).toBe(true);
    expect(index.hasClaim('a', 'data-db-12')).toBe(true);
    expect(index.hasClaim('b', 'data-db-0')).toBe(false);
    expect(index.hasClaim('a', 'data-db-x')).toBe(false);
    expect(index.hasClaim('a', 'logs')).toBe(true);
  });
});
