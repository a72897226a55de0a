import * as fs from 'fs';
import * as path from 'path';
import { readOutputTree, readTree, tmpDir as newTmpDir } from '../support/file-tree';
import { Application, ApiResource, Deployment, Environment, Platform, ValidationFailed } from 'berth-k8s';
import { STANDARD_EMITTERS } from '../../lib/emit/emitters';
import { runSynthesis } from '../../lib/synth/synthesizer';

interface Options {
  readonly configMaps?: readonly string[];
  readonly duplicate?: boolean;
}

function platform(opts: Options = {}): Platform {
  const p = new Platform();
  for (const envName of ['dev', 'prod']) {
    const env = new Environment(p, envName, { config: {} });
    const app = new Application(env, 'shop');
    for (const name of opts.configMaps ?? ['settings']) {
      new ApiResource(
        app,
        name,
        { apiVersion: 'v1', kind: 'ConfigMap' },
        { data: { mode: 'on', port: '8080', env: envName } },
      );
    }
    new ApiResource(
      app,
      'web',
      { apiVersion: 'v1', kind: 'Service' },
      {
        spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ port: 80, name: 'http' }] },
      },
    );
    const labels = { 'app.kubernetes.io/name': 'web' };
    new ApiResource(
      app,
      'web-pods',
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [{ name: 'web', image: 'nginx:1.27.2', ports: [{ containerPort: 80, name: 'http' }] }],
            },
          },
        },
      },
    );
    if (opts.duplicate) {
      // A Service the API server would take, but named like the first one.
      new ApiResource(
        app,
        'web-again',
        { apiVersion: 'v1', kind: 'Service' },
        { metadata: { name: 'web' }, spec: { ports: [{ port: 80, name: 'http' }] } },
      );
    }
  }
  return p;
}

const tmpDir = (): string => newTmpDir('berth-synth-');

/** What `f` throws (undefined when it returns). */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Staging folders left next to the output folder `out`. */
function stagingFolders(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).filter((e) => e.startsWith(`.${path.basename(out)}.staging`));
}

/**
 * Synthesizes the platform into a fresh folder, then runs `failing` over that output: checks that
 * the previous output is exactly as it was and that no staging folder is left, and returns what
 * `failing` threw.
 */
function failOverPreviousOutput(failing: (out: string) => void): unknown {
  const out = tmpDir();
  platform().synth({ outdir: out, policy: 'none' });
  const before = readTree(out);
  const error = thrownBy(() => failing(out));
  expect(readTree(out)).toEqual(before);
  expect(stagingFolders(out)).toEqual([]);
  return error;
}

describe('synth', () => {
  test('writes one file per object and a kustomization in apply order, per environment and app', () => {
    const out = tmpDir();
    const result = platform().synth({ outdir: out, policy: 'none' });
    expect(result.files).toEqual([
      'dev/kustomization.yaml',
      'dev/shop/configmap-settings.yaml',
      'dev/shop/deployment-web.yaml',
      'dev/shop/kustomization.yaml',
      'dev/shop/service-web.yaml',
      'prod/kustomization.yaml',
      'prod/shop/configmap-settings.yaml',
      'prod/shop/deployment-web.yaml',
      'prod/shop/kustomization.yaml',
      'prod/shop/service-web.yaml',
    ]);
    // ...and the list of those files, .berth-output (readOutputTree checks it).
    const tree = readOutputTree(out);
    expect(tree['dev/shop/kustomization.yaml']).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - configmap-settings.yaml',
        '  - service-web.yaml',
        '  - deployment-web.yaml',
        '',
      ].join('\n'),
    );
    // The environment's kustomization lists its apps: `kubectl apply -k dist/dev` applies them all.
    expect(tree['dev/kustomization.yaml']).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - shop\n',
    );
    expect(tree['prod/shop/configmap-settings.yaml']).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  labels:',
        '    app.kubernetes.io/instance: shop',
        '    app.kubernetes.io/managed-by: berth',
        '    app.kubernetes.io/part-of: shop',
        '  name: settings',
        '  namespace: shop',
        'data:',
        '  env: prod',
        '  mode: "on"',
        '  port: "8080"',
        '',
      ].join('\n'),
    );
  });

  test('is deterministic: two runs give byte-identical files', () => {
    const a = tmpDir();
    const b = tmpDir();
    platform().synth({ outdir: a, policy: 'none' });
    platform().synth({ outdir: b, policy: 'none' });
    expect(readTree(a)).toEqual(readTree(b));
  });

  test('removes the files of objects that no longer exist', () => {
    const out = tmpDir();
    platform({ configMaps: ['settings', 'extra'] }).synth({ outdir: out, policy: 'none' });
    expect(fs.existsSync(path.join(out, 'dev/shop/configmap-extra.yaml'))).toBe(true);
    platform({ configMaps: ['settings'] }).synth({ outdir: out, policy: 'none' });
    expect(fs.existsSync(path.join(out, 'dev/shop/configmap-extra.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'dev/shop/configmap-settings.yaml'))).toBe(true);
  });

  test('a synth with errors writes nothing and leaves the previous output exactly as it was', () => {
    const error = failOverPreviousOutput((out) =>
      platform({ configMaps: ['settings', 'new-one'], duplicate: true }).synth({ outdir: out, policy: 'none' }),
    );
    expect(error).toBeInstanceOf(ValidationFailed);
    const problems = (error as ValidationFailed).problems;
    expect(problems.map((p) => p.rule)).toContain('reference/duplicate-object');
  });

  test('an error found while writing (a dependency cycle) also leaves the previous output as it was', () => {
    const p = platform({ configMaps: ['a', 'b'] });
    const app = p.node.findAll().find((c) => c.node.path === 'dev/shop')!;
    const a = app.node.findChild('a');
    const b = app.node.findChild('b');
    a.node.addDependency(b);
    b.node.addDependency(a);
    const error = failOverPreviousOutput((out) => p.synth({ outdir: out, policy: 'none' }));
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).problems.map((x) => x.rule)).toEqual(['synth/dependency-cycle']);
  });

  describe('selecting environments', () => {
    const gitops = { repoURL: 'https://example.com/platform.git' };

    test("writes the selected environments and keeps the others' output (their folders and Argo CD Applications) as it was", () => {
      const out = tmpDir();
      platform().synth({ outdir: out, policy: 'none', gitops });
      const before = readTree(out);
      expect(Object.keys(before).filter((f) => f.startsWith('argocd/prod/'))).not.toEqual([]);
      // dev changes; prod, which is not selected, changes too but must not be written.
      const result = platform({ configMaps: ['settings', 'extra'] }).synth({
        outdir: out,
        policy: 'none',
        gitops,
        environments: ['dev'],
      });
      expect(result.files.every((f) => f.startsWith('dev/') || f.startsWith('argocd/dev/'))).toBe(true);
      const after = readTree(out);
      expect(after['dev/shop/configmap-extra.yaml']).toBeDefined();
      expect(after['prod/shop/configmap-extra.yaml']).toBeUndefined();
      for (const [file, content] of Object.entries(before)) {
        if (file.startsWith('prod/') || file.startsWith('argocd/prod/'))
          expect([file, after[file]]).toEqual([file, content]);
      }
      // Selecting every environment is a full synth again.
      platform({ configMaps: ['settings', 'extra'] }).synth({
        outdir: out,
        policy: 'none',
        gitops,
        environments: ['prod', 'dev'],
      });
      expect(readTree(out)['prod/shop/configmap-extra.yaml']).toBeDefined();
    });

    test('a name that is no environment of the platform is an error, and nothing is written', () => {
      const error = failOverPreviousOutput((out) =>
        platform().synth({ outdir: out, policy: 'none', environments: ['dev', 'prd'] }),
      );
      expect(error).toBeInstanceOf(ValidationFailed);
      const [problem] = (error as ValidationFailed).problems;
      expect(problem).toMatchObject({
        severity: 'error',
        rule: 'synth/unknown-environment',
        message: 'the platform has no environment named "prd"; it has "dev", "prod"',
      });
    });

    test('Helm charts, built from every environment, are not written for a selection (a dry run may compute them)', () => {
      const error = failOverPreviousOutput((out) =>
        platform().synth({ outdir: out, policy: 'none', format: 'all', environments: ['dev'] }),
      );
      expect((error as ValidationFailed).problems.map((p) => p.rule)).toEqual(['synth/format']);
      const dry = platform().synth({
        outdir: tmpDir(),
        policy: 'none',
        format: 'all',
        environments: ['dev'],
        dryRun: true,
      });
      expect([...dry.contents.keys()].some((f) => f.startsWith('charts/shop/'))).toBe(true);
    });
  });

  describe('a large output (5,000 objects and more: YAML rendered before validation, written by a thread)', () => {
    const names = Array.from({ length: 2600 }, (_, i) => `cm-${i}`);

    test('is written exactly as returned', () => {
      const out = tmpDir();
      const result = platform({ configMaps: names }).synth({ outdir: out, policy: 'none' });
      expect(result.files.length).toBe(2 * (names.length + 4));
      const written = readOutputTree(out);
      expect(Object.keys(written).sort()).toEqual(result.files.map((f) => path.join(...f.split('/'))).sort());
      for (const f of result.files) expect(written[path.join(...f.split('/'))]).toBe(result.contents.get(f));
      expect(written[path.join('prod', 'shop', 'configmap-cm-2599.yaml')]).toContain('  env: prod\n');
    });

    test('with a validation error writes nothing: the previous output stays and no staging folder is left', () => {
      const error = failOverPreviousOutput((out) =>
        platform({ configMaps: names, duplicate: true }).synth({ outdir: out, policy: 'none' }),
      );
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).problems.map((p) => p.rule)).toEqual([
        'reference/duplicate-object',
        'reference/duplicate-object',
      ]);
    });

    test.each(['helm', 'all'] as const)(
      '--format %s: the charts are rendered before validation too, and written as a dry run renders them',
      (format) => {
        const out = tmpDir();
        const result = platform({ configMaps: names }).synth({
          outdir: out,
          policy: 'none',
          format,
          retainContents: false,
        });
        // A dry run takes the other path: validation first, then the emitters, nothing written.
        const dry = platform({ configMaps: names }).synth({ policy: 'none', format, dryRun: true });
        expect(result.files).toEqual([...dry.contents.keys()].sort());
        const charts = result.files.filter((f) => f.startsWith('charts/'));
        expect(charts.length).toBeGreaterThan(names.length);
        expect(result.files.length - charts.length).toBe(format === 'all' ? 2 * (names.length + 4) : 0);
        const written = readOutputTree(out);
        expect(Object.keys(written).sort()).toEqual(result.files.map((f) => path.join(...f.split('/'))).sort());
        for (const f of result.files) expect(written[path.join(...f.split('/'))]).toBe(dry.contents.get(f));
        expect(written[path.join('charts', 'shop', 'templates', 'configmap-cm-2599.yaml')]).toContain('cm-2599');
      },
    );

    describe('when the Helm emitter fails', () => {
      const failing = {
        ...STANDARD_EMITTERS,
        helm: (): never => {
          throw new Error('the emitter failed');
        },
      };

      test('a validation error is still what synth reports (as when validation ran first)', () => {
        const error = failOverPreviousOutput((out) =>
          runSynthesis(
            platform({ configMaps: names, duplicate: true }),
            { outdir: out, policy: 'none', format: 'helm' },
            { emitters: failing },
          ),
        );
        expect(error).toBeInstanceOf(ValidationFailed);
        expect((error as ValidationFailed).problems.map((p) => p.rule)).toEqual([
          'reference/duplicate-object',
          'reference/duplicate-object',
        ]);
      });

      test('without one, what it threw is thrown, and nothing is written', () => {
        const error = failOverPreviousOutput((out) =>
          runSynthesis(
            platform({ configMaps: names }),
            { outdir: out, policy: 'none', format: 'helm' },
            { emitters: failing },
          ),
        );
        expect(error).not.toBeInstanceOf(ValidationFailed);
        expect(String(error)).toContain('the emitter failed');
      });
    });
  });

  test('a write that fails is thrown as it is (not reported as a problem of the platform), and the previous output stays', () => {
    // The module object itself (the namespace import above only forwards to it).
    const fsModule = require('fs') as typeof fs;
    const real = fsModule.writeFileSync;
    const error = failOverPreviousOutput((out) => {
      let calls = 0;
      const spy = jest
        .spyOn(fsModule, 'writeFileSync')
        .mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
          if (String(args[0]).includes('.staging-') && ++calls === 3) {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          return real(...args);
        });
      try {
        platform({ configMaps: ['a', 'b', 'c'] }).synth({ outdir: out, policy: 'none' });
      } finally {
        spy.mockRestore();
      }
    });
    expect(error).not.toBeInstanceOf(ValidationFailed);
    expect(String(error)).toContain('ENOSPC');
  });

  test('retainContents: false writes the same files and keeps no contents; a dry run keeps them anyway', () => {
    const kept = tmpDir();
    const notKept = tmpDir();
    const a = platform().synth({ outdir: kept, policy: 'none' });
    const b = platform().synth({ outdir: notKept, policy: 'none', retainContents: false });
    expect(readTree(notKept)).toEqual(readTree(kept));
    expect(b.files).toEqual(a.files);
    expect(a.contents.size).toBe(a.files.length);
    expect(b.contents.size).toBe(0);
    const dry = platform().synth({ outdir: tmpDir(), policy: 'none', retainContents: false, dryRun: true });
    expect([...dry.contents.keys()].sort()).toEqual(a.files);
  });

  test('a value that is not plain data is reported with its construct path and field, not thrown', () => {
    const p = new Platform();
    const app = new Application(new Environment(p, 'dev', { config: {} }), 'shop');
    new ApiResource(app, 'bad', { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { when: new Date(0) } });
    const error = thrownBy(() => p.synth({ dryRun: true }));
    expect(error).toBeInstanceOf(ValidationFailed);
    const [problem] = (error as ValidationFailed).problems;
    expect(problem.rule).toBe('render/invalid-value');
    expect(problem.constructPath).toBe('dev/shop/bad');
    expect(problem.field).toBe('data.when');
    // The field and path are the problem's own; the message says only what is wrong with the value.
    expect(problem.message).toBe(
      'cannot render the value: an instance of Date is not plain data; pass its fields (or a value from it) instead',
    );
  });

  test('a construct check that fails while rendering keeps its field, value and fix', () => {
    const p = new Platform();
    const app = new Application(new Environment(p, 'dev', { config: {} }), 'shop');
    // No container port: the Service finds no port to expose when it is rendered.
    new Deployment(app, 'web', { containers: [{ image: 'nginx:1.27' }] }).exposeViaService();
    const error = thrownBy(() => p.synth({ dryRun: true, policy: 'none' }));
    expect(error).toBeInstanceOf(ValidationFailed);
    const problem = (error as ValidationFailed).problems.find((x) => x.rule === 'render/invalid-value');
    expect(problem).toEqual({
      severity: 'error',
      rule: 'render/invalid-value',
      message:
        'not allowed. Allowed: at least one port for a ClusterIP Service (dev/shop/web declares no container ports)',
      hint: 'Add a port to the container or pass ports: [{ port: 80, targetPort: 8080 }].',
      field: 'ports',
      value: [],
      environment: 'dev',
      app: 'shop',
      constructPath: 'dev/shop/web/Service',
      object: 'Service/web',
    });
  });

  test('keeps null for nullable fields and drops undefined ones', () => {
    const p = new Platform();
    const app = new Application(new Environment(p, 'dev', { config: {} }), 'shop');
    const obj = new ApiResource(
      app,
      'cr',
      { apiVersion: 'example.com/v1', kind: 'Widget' },
      { spec: { a: null, b: undefined, c: [1, undefined] } },
    );
    expect(obj.toJson().spec).toEqual({ a: null, c: [1, null] });
  });
});

test('every format is written by a program that loads only the synthesizer (emitters are one table, not registered on import)', () => {
  let files: readonly string[] = [];
  jest.isolateModules(() => {
    const core = require('../../lib/synth/platform') as typeof import('../../lib/synth/platform');
    const { Environment: Env } = require('../../lib/core/environment') as typeof import('../../lib/core/environment');
    const { Application: App } = require('../../lib/core/application') as typeof import('../../lib/core/application');
    const { ApiResource: Resource } =
      require('../../lib/core/api-resource') as typeof import('../../lib/core/api-resource');
    const synth = require('../../lib/synth/synthesizer') as typeof import('../../lib/synth/synthesizer');
    const p = new core.Platform();
    new Resource(
      new App(new Env(p, 'dev', { config: {} }), 'shop'),
      'settings',
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { data: { a: 'b' } },
    );
    files = synth.synthesize(p, {
      dryRun: true,
      format: 'all',
      policy: 'none',
      gitops: { repoURL: 'https://example.com/platform.git' },
    }).files;
  });
  expect(files).toEqual([
    'argocd/dev/kustomization.yaml',
    'argocd/dev/shop.yaml',
    'charts/shop/.helmignore',
    'charts/shop/Chart.yaml',
    'charts/shop/templates/NOTES.txt',
    'charts/shop/templates/_helpers.tpl',
    'charts/shop/templates/configmap-settings.yaml',
    'charts/shop/values-dev.yaml',
    'charts/shop/values.schema.json',
    'charts/shop/values.yaml',
    'dev/kustomization.yaml',
    'dev/shop/configmap-settings.yaml',
    'dev/shop/kustomization.yaml',
  ]);
});

describe('the threaded write (the path of 5,000 objects and more), run on small platforms', () => {
  const threaded = { threadedWriteMinObjects: 0 };

  test('writes the same files, byte for byte, as the write after validation', () => {
    const a = path.join(tmpDir(), 'dist');
    const b = path.join(tmpDir(), 'dist');
    runSynthesis(platform({ configMaps: ['a', 'b', 'c'] }), { outdir: a, policy: 'none', format: 'all' });
    runSynthesis(platform({ configMaps: ['a', 'b', 'c'] }), { outdir: b, policy: 'none', format: 'all' }, threaded);
    expect(readTree(b)).toEqual(readTree(a));
    expect(Object.keys(readTree(b)).length).toBeGreaterThan(10);
  });

  test('with an error, writes nothing and leaves the previous output as it was', () => {
    const out = path.join(tmpDir(), 'dist');
    runSynthesis(platform(), { outdir: out, policy: 'none' });
    const before = readTree(out);
    expect(() =>
      runSynthesis(platform({ duplicate: true }), { outdir: out, policy: 'none', format: 'all' }, threaded),
    ).toThrow(ValidationFailed);
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });
});
