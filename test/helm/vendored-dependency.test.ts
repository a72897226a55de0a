/**
 * Vendored charts in the app's Helm chart: a dependency under charts/ with its values per
 * environment (and a condition when some environments lack it), so that `helm template` of the
 * app's chart gives the objects of the plain output. Checked with the real Helm binary.
 */
import { JsonPatch } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { Application, ConfigMap, Environment, Platform, VendoredChart } from '../../lib';
import { clearHelmBinary, configureHelmBinary } from '../../lib/chart/helm-binary';
import { K8S_SCHEMA_VERSION } from '../../lib/model/k8s-version';
import { synthesize } from '../../lib/synth/synthesizer';
import { ValidationFailed } from '../../lib/model/problem';
import { helmBinary, runHelm } from '../support/helm-binary';
import { tmpDir } from '../support/file-tree';
import { docs, Obj, withoutHelmLabels } from '../support/helm-equivalence';

/** A chart `name` whose ConfigMap carries the release name and a value. */
function chart(name: string): string {
  const dir = path.join(tmpDir('berth-chart-'), name);
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 2.0.1\n`);
  fs.writeFileSync(path.join(dir, 'values.yaml'), 'size: small\nnested:\n  keep: yes-default\n');
  fs.writeFileSync(
    path.join(dir, 'templates', 'cm.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${name}\n  namespace: {{ .Release.Namespace }}\n  labels:\n    helm.sh/chart: ${name}-2.0.1\ndata:\n  size: {{ .Values.size | quote }}\n  keep: {{ .Values.nested.keep | quote }}\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n`,
  );
  return dir;
}

let out: string;
beforeAll(() => {
  configureHelmBinary(helmBinary(), 'cdk8s.yaml');
  const platform = new Platform();
  const demo = chart('demo');
  const extra = chart('extra');
  const patched = chart('patched');
  for (const env of ['dev', 'prod']) {
    const app = new Application(new Environment(platform, env, { config: {} }), 'web');
    new ConfigMap(app, 'own', { data: { env } });
    new VendoredChart(app, 'demo', { chart: demo, values: { size: env === 'prod' ? 'large' : 'small' } });
    if (env === 'prod') new VendoredChart(app, 'extra', { chart: extra });
    const p = new VendoredChart(app, 'patched', { chart: patched });
    p.find('ConfigMap', 'web-patched').addJsonPatch(JsonPatch.add('/data/patched', 'yes'));
  }
  out = tmpDir();
  synthesize(platform, { outdir: out, format: 'all' });
});
afterAll(() => clearHelmBinary());

function byId(objects: Obj[]): Record<string, Obj> {
  return Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, withoutHelmLabels(o)]));
}

test('Chart.yaml lists each unpatched vendored chart as a dependency, a condition for the one some environments lack', () => {
  const chartDir = path.join(out, 'charts', 'web');
  expect(docs(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'))[0].dependencies).toEqual([
    { name: 'demo', version: '2.0.1' },
    { name: 'extra', version: '2.0.1', condition: 'vendored.extra.enabled' },
  ]);
  expect(fs.readdirSync(path.join(chartDir, 'charts')).sort()).toEqual(['demo', 'extra']);
  expect(fs.readdirSync(path.join(chartDir, 'templates')).sort()).toEqual([
    'NOTES.txt',
    '_helpers.tpl',
    'configmap-own.yaml',
    'configmap-web-patched.yaml',
  ]);
  expect(docs(fs.readFileSync(path.join(chartDir, 'values-prod.yaml'), 'utf8'))[0]).toMatchObject({
    demo: { size: 'large' },
    vendored: { extra: { enabled: true } },
  });
  expect(docs(fs.readFileSync(path.join(chartDir, 'values-dev.yaml'), 'utf8'))[0]).toEqual({ demo: { size: 'small' } });
  // The defaults are the first environment's.
  expect(docs(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'))[0].vendored).toEqual({
    extra: { enabled: false },
  });
});

test.each(['dev', 'prod'])('helm template of the chart gives the objects of dist/%s/web', (env) => {
  const chartDir = path.join(out, 'charts', 'web');
  const r = runHelm([
    'template',
    'web',
    chartDir,
    '--include-crds',
    '--namespace',
    'web',
    '--kube-version',
    K8S_SCHEMA_VERSION,
    '-f',
    path.join(chartDir, `values-${env}.yaml`),
  ]);
  expect(r.stderr).toBe('');
  const plainDir = path.join(out, env, 'web');
  const plain = byId(
    fs
      .readdirSync(plainDir)
      .filter((f) => f !== 'kustomization.yaml')
      .flatMap((f) => docs(fs.readFileSync(path.join(plainDir, f), 'utf8'))),
  );
  expect(byId(docs(r.stdout))).toEqual(plain);
  expect(Object.keys(plain).sort()).toEqual(
    env === 'prod'
      ? ['ConfigMap/own', 'ConfigMap/web-demo', 'ConfigMap/web-extra', 'ConfigMap/web-patched']
      : ['ConfigMap/own', 'ConfigMap/web-demo', 'ConfigMap/web-patched'],
  );
  expect(plain['ConfigMap/web-patched'].data.patched).toBe('yes');
});

test("a vendored chart named like its app is an error: the app chart's helpers would replace the chart's", () => {
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'demo');
  new VendoredChart(app, 'demo', { chart: chart('demo') });
  let problems: string[] = [];
  try {
    synthesize(platform, { dryRun: true, format: 'helm' });
  } catch (e) {
    problems = (e as ValidationFailed).problems.map((p) => `${p.rule} ${p.constructPath}: ${p.message}`);
  }
  expect(problems).toEqual([
    "helm/vendored-chart dev/demo/demo: the vendored chart demo has the name of the app it is in: the app chart's template helpers (demo.name, demo.labels, ...) would replace the vendored chart's own, which Helm shares between a chart and its dependencies",
  ]);
});
