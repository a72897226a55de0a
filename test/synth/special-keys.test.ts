import { ApiResource, Application, ConfigMap, Environment, Platform } from '../../lib';
import { setOwn } from '../../lib/model/set-own';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { runValidateCommand } from '../../lib/cli/commands/validate-command';
import { Problem, ValidationFailed } from '../../lib/model/problem';
import { diffOutputs } from '../../lib/diff/diff-outputs';
import { annotateExternalReferences } from '../../lib/render/external-annotations';
import { captureIO } from '../support/capture-io';
import { KubeObject, ManifestRecord } from '../../lib/model/manifest';
import { runHelm } from '../support/helm-binary';
import { tmpDir } from '../support/file-tree';
import * as fs from 'fs';
import * as path from 'path';

// Keys that name members of Object.prototype: copying them by assignment loses `__proto__`
// (it sets the prototype) and walking them reaches the prototype's members.
const SPECIAL = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

function platformWith(keys: readonly string[]): Platform {
  const platform = new Platform();
  for (const env of ['dev', 'prod']) {
    const app = new Application(new Environment(platform, env, { config: {} }), 'shop');
    const data: Record<string, string> = {};
    for (const k of keys) setOwn(data, k, `${k}-${env}`);
    new ConfigMap(app, 'settings', { data });
    // The same through a JSON text, as a program reading a file would build it.
    new ApiResource(
      app,
      'raw',
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { data: JSON.parse('{"__proto__": "p", "nested": "n"}') as Record<string, unknown> },
    );
  }
  return platform;
}

describe('keys named like members of Object.prototype', () => {
  test('setOwn makes an own, enumerable member even of __proto__', () => {
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', 'x');
    setOwn(o, 'a', 1);
    expect(Object.keys(o)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(JSON.stringify(o)).toBe('{"__proto__":"x","a":1}');
  });

  test('reach the plain YAML', () => {
    const r = platformWith(SPECIAL).synth({ outdir: tmpDir(), policy: 'none', dryRun: true });
    const settings = r.contents.get('dev/shop/configmap-settings.yaml')!;
    for (const k of SPECIAL) expect(settings).toContain(`\n  ${k}: ${k}-dev\n`);
    expect(r.contents.get('dev/shop/configmap-raw.yaml')).toContain('\n  __proto__: p\n');
  });

  test('reach the Helm chart, its values files, and what helm template renders; nothing is polluted', () => {
    const out = tmpDir();
    platformWith(SPECIAL).synth({ outdir: out, policy: 'none', format: 'helm' });
    const chart = path.join(out, 'charts', 'shop');
    const rendered = runHelm(['template', 'shop', chart, '-f', path.join(chart, 'values-prod.yaml')]);
    expect(rendered.stderr).toBe('');
    for (const k of SPECIAL) expect(rendered.stdout).toContain(`\n  ${k}: "${k}-prod"\n`);
    expect(rendered.stdout).toContain('\n  __proto__: p\n');
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a CRD field named __proto__ is a field of its schema, checked like any other', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Thing', plural: 'things' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: JSON.parse(
                '{"type":"object","properties":{"spec":{"type":"object","properties":{"__proto__":{"type":"string"},"size":{"type":"integer"}}}}}',
              ) as unknown,
            },
          },
        ],
      },
    };
    const rec = (spec: string): ManifestRecord => ({
      environment: 'dev',
      app: 'shop',
      constructPath: 'dev/shop/t',
      waivers: [],
      dependsOn: [],
      object: {
        apiVersion: 'example.com/v1',
        kind: 'Thing',
        metadata: { name: 't', namespace: 'shop' },
        spec: JSON.parse(spec) as unknown,
      } as KubeObject,
    });
    expect(validateManifests([rec('{"__proto__": "ok", "size": 1}')], { crds: [crd], policy: 'none' })).toEqual([]);
    const bad = validateManifests([rec('{"__proto__": 5}')], { crds: [crd], policy: 'none' });
    expect(bad.map((p) => [p.rule, p.field])).toEqual([['schema/type', 'spec.__proto__']]);
  });
});

describe('labels, annotations and data keys named like members of Object.prototype', () => {
  /** One ConfigMap; `special` adds the data keys `__proto__` and `constructor`, a label and an annotation `constructor`. */
  function version(special: boolean): Map<string, string> {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    const data: Record<string, string> = { mode: 'fast' };
    if (special) {
      setOwn(data, '__proto__', 'p');
      setOwn(data, 'constructor', 'c');
    }
    const cm = new ConfigMap(app, 'settings', { data, labels: special ? { constructor: 'x' } : {} });
    if (special) cm.metadata.addAnnotation('constructor', 'note');
    return new Map(platform.synth({ outdir: tmpDir(), policy: 'none', dryRun: true }).contents);
  }

  test('reach the YAML, which berth validate reads as valid', async () => {
    const files = version(true);
    const text = files.get('dev/shop/configmap-settings.yaml')!;
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  annotations:',
        '    constructor: note',
        '  labels:',
        '    app.kubernetes.io/instance: shop',
        '    app.kubernetes.io/managed-by: berth',
        '    app.kubernetes.io/part-of: shop',
        '    constructor: x',
        '  name: settings',
        '  namespace: shop',
        'data:',
        '  __proto__: p',
        '  constructor: c',
        '  mode: fast',
        '',
      ].join('\n'),
    );
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'configmap.yaml'), text);
    const io = captureIO();
    expect(await runValidateCommand([dir, '--policy', 'none'], io)).toBe(0);
    expect(io.out).toBe('0 errors, 0 warnings\n');
  });

  test('diff reports them added and removed, as the keys they are', () => {
    const [plain, special] = [version(false), version(true)];
    const fields = (d: ReturnType<typeof diffOutputs>): unknown =>
      d.apps.flatMap((a) => a.objects).map((o) => (o.type === 'changed' ? o.fields : o.type));
    expect(fields(diffOutputs(plain, special))).toEqual([
      [
        { path: 'data.__proto__', new: 'p' },
        { path: 'data.constructor', new: 'c' },
        { path: 'metadata.annotations', new: { constructor: 'note' } },
        { path: 'metadata.labels.constructor', new: 'x' },
      ],
    ]);
    expect(fields(diffOutputs(special, plain))).toEqual([
      [
        { path: 'data.__proto__', old: 'p' },
        { path: 'data.constructor', old: 'c' },
        { path: 'metadata.annotations', old: { constructor: 'note' } },
        { path: 'metadata.labels.constructor', old: 'x' },
      ],
    ]);
  });

  test('a label or annotation key __proto__ given to an L1 object is refused as the API server refuses it, not dropped', () => {
    const platform = new Platform();
    const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
    const metadata = JSON.parse('{"labels": {"__proto__": "x"}, "annotations": {"__proto__": "y"}}') as object;
    new ApiResource(app, 'raw', { apiVersion: 'v1', kind: 'ConfigMap' }, { metadata, data: { a: 'b' } });
    let problems: readonly Problem[] = [];
    try {
      platform.synth({ outdir: tmpDir(), policy: 'none', dryRun: true });
    } catch (e) {
      problems = (e as ValidationFailed).problems;
    }
    expect(problems.map((p) => [p.rule, p.field])).toEqual([
      ['grammar/label-key', 'metadata.labels.__proto__'],
      ['grammar/annotation-key', 'metadata.annotations.__proto__'],
    ]);
  });
});

test('an annotation __proto__ is kept when the object also gets the annotation of its external references', () => {
  const object = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web',
      namespace: 'shop',
      annotations: JSON.parse('{"__proto__": "y"}') as Record<string, string>,
    },
    spec: { volumes: [{ name: 'creds', secret: { secretName: 'db' } }] },
  } as KubeObject;
  const annotated = annotateExternalReferences(object, new Set(['Secret/db']));
  expect(JSON.stringify(annotated.metadata.annotations)).toBe('{"__proto__":"y","berth.dev/external-secrets":"db"}');
});
