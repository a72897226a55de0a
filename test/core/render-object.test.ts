import { ApiObject, JsonPatch } from 'cdk8s';
import { ApiResource, Application, Environment, Platform } from 'berth-k8s';
import { renderObject } from '../../lib/core/api-resource';

function app(): Application {
  return new Application(new Environment(new Platform(), 'dev', { config: {} }), 'shop');
}

describe('renderObject', () => {
  test('renders like toJson() and knows an object without any null is null-free', () => {
    const r = new ApiResource(app(), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { a: 'b' } });
    const rendered = renderObject(r);
    expect(rendered.json).toEqual(r.toJson());
    expect(rendered.nullFree).toBe(true);
  });

  test.each([
    ['a null field', { spec: { selector: null } }],
    ['a null nested in a list', { spec: { ports: [{ port: 80, name: null }] } }],
    ['an absent list item (rendered as null)', { spec: { ports: [undefined] } }],
  ])('%s is not null-free', (_label, props) => {
    const r = new ApiResource(app(), 'svc', { apiVersion: 'v1', kind: 'Service' }, props);
    expect(renderObject(r).nullFree).toBe(false);
  });

  test('an object with JSON patches, or not rendered by ApiResource, is never claimed null-free', () => {
    const a = app();
    const patched = new ApiResource(a, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { a: 'b' } });
    patched.addJsonPatch(JsonPatch.add('/data/c', null));
    const rendered = renderObject(patched);
    expect((rendered.json.data as Record<string, unknown>).c).toBeNull();
    expect(rendered.nullFree).toBe(false);
    const plain = new ApiObject(a, 'plain', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(renderObject(plain).nullFree).toBe(false);
  });
});
