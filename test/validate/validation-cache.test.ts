import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Platform, Environment, Application, Waivers } from '../../lib';
import * as k8s from '../../lib/imports/k8s';
import * as snapshot from '../../lib/imports/snapshot.storage.k8s.io';
import { runSynthesis } from '../../lib/synth/synthesizer';
import { SynthOptions } from '../../lib/emit/synth-options';
import { ValidationFailed } from '../../lib/model/problem';
import { KubernetesVersion } from '../../lib/model/kubernetes-version';
import * as objectChecks from '../../lib/validate/object-checks';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { KubeObject, ManifestRecord } from '../../lib/model/manifest';
import { platform as referencePlatform } from '../../apps/main';
import { tmpDir } from '../support/file-tree';
import { FS_DISK_CACHE as disk } from '../../lib/perf/disk-cache';

/**
 * The whole report of a synth: its problems (warnings, or the problems it failed with) and its
 * waivers, as JSON text, so that two reports are compared byte for byte.
 */
function report(root: Platform, options: SynthOptions, cache: string | false): string {
  try {
    const r = runSynthesis(root, { dryRun: true, ...options }, { validationCache: cache });
    return JSON.stringify({ failed: false, problems: r.warnings, waivers: r.waivers }, null, 1);
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    return JSON.stringify({ failed: true, problems: e.problems }, null, 1);
  }
}

/** How many objects the per-object checks ran on during `f` (the rest came from the cache). */
function checked(f: () => string): { readonly report: string; readonly checks: number } {
  const spy = jest.spyOn(objectChecks, 'checkObject');
  try {
    const r = f();
    return { report: r, checks: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

/** The one cache file in `dir`. */
function cacheFile(dir: string): string {
  const files = fs.readdirSync(dir);
  expect(files).toHaveLength(1);
  return path.join(dir, files[0]);
}

interface Variant {
  /** The object whose problems the variants change: a ConfigMap's value of the wrong type. */
  readonly badValue?: boolean;
  /** Endpoints (deprecated from Kubernetes 1.33: a warning from the per-object checks). */
  readonly waiveDeprecated?: boolean;
  readonly kubernetesVersion?: KubernetesVersion;
}

/** A small platform with objects of the per-object checks' every kind of finding. */
function shop(v: Variant): Platform {
  const platform = new Platform();
  const env = new Environment(platform, 'dev', { config: {}, kubernetesVersion: v.kubernetesVersion });
  const app = new Application(env, 'shop');
  new k8s.ConfigMap(app, 'settings', {
    metadata: { name: 'settings' },
    data: { RETRIES: (v.badValue ? 3 : '3') as unknown as string, ADMIN_PASSWORD: 'changeme' },
  });
  const endpoints = new k8s.Endpoints(app, 'legacy', { metadata: { name: 'legacy' } });
  if (v.waiveDeprecated) Waivers.of(endpoints).waive('schema/deprecated-api', 'read by an old monitoring agent');
  new snapshot.VolumeSnapshot(app, 'nightly', {
    metadata: { name: 'nightly' },
    spec: { source: { volumeSnapshotContentName: 'content' }, volumeSnapshotClassName: 'csi' },
  });
  return platform;
}

describe('the per-object validation cache', () => {
  test('a cached run of the reference platform reports exactly what a cold run and an uncached run report, without checking any object again', () => {
    const options: SynthOptions = {
      format: 'plain',
      gitops: { repoURL: 'https://github.com/acme/platform.git', applicationSets: ['prod'] },
    };
    const dir = tmpDir('berth-validation-cache-');
    const cold = checked(() => report(referencePlatform, options, dir));
    const warm = checked(() => report(referencePlatform, options, dir));
    const off = report(referencePlatform, options, false);
    expect(warm.report).toBe(cold.report);
    expect(off).toBe(cold.report);
    expect(JSON.parse(cold.report).waivers.length).toBeGreaterThan(20);
    expect(cold.checks).toBeGreaterThan(300);
    // Every kind of the reference platform has at most CACHED_KIND_MAX_OBJECTS objects.
    expect(warm.checks).toBe(0);
  }, 300_000);

  test('after every edit (a problem introduced, fixed, waived, its severity or the profile changed, another Kubernetes version) a warm cache reports what a cold one does', () => {
    const warmDir = tmpDir('berth-validation-cache-');
    const steps: ReadonlyArray<readonly [string, Variant, SynthOptions]> = [
      ['first run', {}, {}],
      ['a problem introduced', { badValue: true }, {}],
      ['the problem fixed', {}, {}],
      ['the problem back', { badValue: true }, {}],
      ['the warning waived', { badValue: true, waiveDeprecated: true }, {}],
      ['the waiver removed', { badValue: true }, {}],
      ['the warning made an error', {}, { severities: { 'schema/deprecated-api': 'error' } }],
      ['the warning turned off', {}, { severities: { 'schema/deprecated-api': 'off' } }],
      ['the type error made a warning', { badValue: true }, { severities: { 'schema/type': 'warning' } }],
      ['the baseline profile', { badValue: true }, { policy: 'baseline' }],
      ['no policy', {}, { policy: 'none' }],
      ['Kubernetes 1.32 (Endpoints not deprecated yet)', {}, { policy: 'none' }],
      ['back to the first run', {}, {}],
    ];
    const reports = new Set<string>();
    for (const [name, variant, options] of steps) {
      const v = name.startsWith('Kubernetes 1.32') ? { ...variant, kubernetesVersion: '1.32' as const } : variant;
      const cold = report(shop(v), options, tmpDir('berth-validation-cache-'));
      const warm = checked(() => report(shop(v), options, warmDir));
      const off = report(shop(v), options, false);
      expect({ name, report: warm.report }).toEqual({ name, report: cold });
      expect({ name, report: off }).toEqual({ name, report: cold });
      reports.add(cold);
      if (name === 'the problem fixed' || name === 'back to the first run')
        expect({ name, checks: warm.checks }).toEqual({ name, checks: 0 });
    }
    // The edits changed the report: the comparisons above compared different reports.
    expect(reports.size).toBeGreaterThanOrEqual(8);
    const first = JSON.parse(report(shop({ badValue: true }), {}, warmDir)) as {
      problems: { rule: string; severity: string }[];
    };
    expect(first.problems.map((p) => `${p.severity} ${p.rule}`).sort()).toEqual([
      'error policy/secret-in-configmap',
      'error reference/snapshot-source',
      'error schema/type',
      'warning schema/deprecated-api',
    ]);
  });

  test("a damaged cache file is not trusted: every object is checked again and the report is a cold run's", () => {
    const dir = tmpDir('berth-validation-cache-');
    const { report: cold, checks } = checked(() => report(shop({ badValue: true }), {}, dir));
    const file = cacheFile(dir);
    const text = fs.readFileSync(file, 'utf8');
    // A finding changed on disk (the schema/type error turned into a warning), the checksum not.
    const altered = text.replace('"rule":"schema/type"', '"severity":"warning","rule":"schema/type"');
    expect(altered).not.toBe(text);
    fs.writeFileSync(file, altered);
    const afterAltered = checked(() => report(shop({ badValue: true }), {}, dir));
    expect(afterAltered.report).toBe(cold);
    expect(afterAltered.checks).toBe(checks);
    // Cut short (a full disk): nothing is read.
    fs.writeFileSync(file, text.slice(0, text.length / 2));
    const afterCut = checked(() => report(shop({ badValue: true }), {}, dir));
    expect(afterCut.report).toBe(cold);
    expect(afterCut.checks).toBe(checks);
    // The run wrote the file anew: the next run checks nothing.
    expect(checked(() => report(shop({ badValue: true }), {}, dir))).toEqual({ report: cold, checks: 0 });
  });

  test('an entry of the wrong shape in a file whose checksum holds is checked again, not trusted', () => {
    const dir = tmpDir('berth-validation-cache-');
    const { report: cold, checks } = checked(() => report(shop({ badValue: true }), {}, dir));
    const file = cacheFile(dir);
    const entries = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[1]) as Record<string, unknown>;
    const keys = Object.keys(entries);
    expect(keys).toHaveLength(checks);
    // Each entry damaged another way: a finding without its message, a severity Berth has not, not a list.
    const damaged = [
      [[{ rule: 'schema/type', hint: 'h' }], [], []],
      [[{ rule: 'r', message: 'm', hint: 'h', severity: 'fatal' }], [], []],
      'clean',
    ];
    keys.forEach((k, i) => (entries[k] = damaged[i % damaged.length]));
    const body = JSON.stringify(entries);
    const sha1 = createHash('sha1').update(body).digest('base64url');
    fs.writeFileSync(file, `berth-validation-cache 1 ${sha1}\n${body}`);
    expect(checked(() => report(shop({ badValue: true }), {}, dir))).toEqual({ report: cold, checks });
  });

  test('objects not rendered by a program that JSON writes alike (NaN and null, a Date and its text) are not taken for each other', () => {
    const dir = tmpDir('berth-validation-cache-');
    const record = (replicas: unknown, note: unknown): ManifestRecord => ({
      environment: '',
      app: '',
      constructPath: '',
      file: 'in.yaml',
      waivers: [],
      dependsOn: [],
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', annotations: { note } },
        spec: { replicas, selector: {}, template: {} },
      },
    });
    const when = new Date(0);
    const variants = [
      [null, 'a'],
      [Number.NaN, 'a'],
      [1, when.toJSON()],
      [1, when],
    ];
    for (const [replicas, note] of [...variants, ...variants]) {
      const records = [record(replicas, note)];
      expect(validateManifests(records, { policy: 'none' }, { validationCache: dir })).toEqual(
        validateManifests(records, { policy: 'none' }, { validationCache: false }),
      );
    }
  });

  test('a changed CRD schema checks its custom resources again', () => {
    const dir = tmpDir('berth-validation-cache-');
    const crd = (required: string[]): KubeObject => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', required, properties: { size: { type: 'integer' } } } },
              },
            },
          },
        ],
      },
    });
    const widget: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'small', namespace: 'shop' },
      spec: {},
    };
    const record = (object: KubeObject): ManifestRecord => ({
      environment: 'dev',
      app: 'shop',
      constructPath: `dev/shop/${object.kind}`,
      waivers: [],
      dependsOn: [],
      object,
    });
    const rules: string[][] = [];
    for (const required of [[], ['size'], [], ['size']]) {
      const records = [record(crd(required)), record(widget)];
      const problems = validateManifests(records, { policy: 'none' }, { validationCache: dir });
      expect(problems).toEqual(validateManifests(records, { policy: 'none' }, { validationCache: false }));
      rules.push(problems.map((p) => `${p.object} ${p.rule}`));
    }
    expect(rules).toEqual([[], ['Widget/shop/small schema/required'], [], ['Widget/shop/small schema/required']]);
  });

  test('BERTH_NO_VALIDATION_CACHE turns the default cache off', () => {
    const { validationCacheDir } = jest.requireActual<typeof import('../../lib/validate/validation-cache')>(
      '../../lib/validate/validation-cache',
    );
    const saved = process.env.BERTH_NO_VALIDATION_CACHE;
    try {
      delete process.env.BERTH_NO_VALIDATION_CACHE;
      expect(validationCacheDir(undefined, disk)).toBe(path.resolve('node_modules/.cache/berth/validation'));
      process.env.BERTH_NO_VALIDATION_CACHE = '1';
      expect(validationCacheDir(undefined, disk)).toBeUndefined();
      // A folder given by the caller (tests) is used whatever the variable says; false is none.
      expect(validationCacheDir('/some/dir', disk)).toBe('/some/dir');
      expect(validationCacheDir(false, disk)).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.BERTH_NO_VALIDATION_CACHE;
      else process.env.BERTH_NO_VALIDATION_CACHE = saved;
    }
  });
});
