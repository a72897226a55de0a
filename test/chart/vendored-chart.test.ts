/**
 * VendoredChart: a chart vendored in the repository, rendered by the real Helm binary at synth
 * (the one of the npm dev dependency), its objects written, validated and ordered like Berth's own.
 */
import { JsonPatch } from 'cdk8s';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Application, Environment, NetworkPolicies, Platform, VendoredChart } from '../../lib';
import { clearHelmBinary, configureHelmBinary } from '../../lib/chart/helm-binary';
import { ValidationFailed } from '../../lib/model/problem';
import { synthesize } from '../../lib/synth/synthesizer';
import { helmBinary } from '../support/helm-binary';
import { tmpDir } from '../support/file-tree';

/** The chart's defaults leave both security contexts empty, which the restricted profile refuses. */
const RESTRICTED_OPERATOR = {
  podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
};

const REDIS_OPERATOR = path.resolve(__dirname, '../../third_party/charts/redis-operator');

/** A chart folder holding `files` (paths relative to the chart). */
function chart(files: Record<string, string>, name = 'demo'): string {
  const dir = path.join(tmpDir('berth-chart-'), name);
  const all: Record<string, string> = { 'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 1.2.3\n`, ...files };
  for (const [f, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data:
  greeting: {{ .Values.greeting | default "hi" | quote }}
`;

function app(): Application {
  return new Application(new Environment(new Platform(), 'dev', { config: {} }), 'web');
}

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationFailed)
      return e.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.rule} ${p.constructPath} ${p.field ?? ''}`);
    throw e;
  }
  return [];
}

beforeEach(() => configureHelmBinary(helmBinary(), 'cdk8s.yaml'));
afterAll(() => clearHelmBinary());

test('each rendered object is a child of the chart, written one file per object in the apply order, CRDs first', () => {
  const a = app();
  NetworkPolicies.defaultDeny(a);
  const operator = new VendoredChart(a, 'operator', {
    chart: REDIS_OPERATOR,
    values: RESTRICTED_OPERATOR,
  });
  expect(operator.chartName).toBe('redis-operator');
  expect(operator.chartVersion).toBe('0.26.1');
  expect(operator.apiObjects.map((o) => o.node.path)).toEqual([
    'dev/web/operator/CustomResourceDefinition-redis.redis.redis.opstreelabs.in',
    'dev/web/operator/CustomResourceDefinition-redisclusters.redis.redis.opstreelabs.in',
    'dev/web/operator/CustomResourceDefinition-redisreplications.redis.redis.opstreelabs.in',
    'dev/web/operator/CustomResourceDefinition-redissentinels.redis.redis.opstreelabs.in',
    'dev/web/operator/ServiceAccount-redis-operator',
    'dev/web/operator/ClusterRole-redis-operator',
    'dev/web/operator/ClusterRoleBinding-redis-operator',
    'dev/web/operator/Deployment-redis-operator',
  ]);
  operator.find('Deployment', 'redis-operator').addJsonPatch(JsonPatch.replace('/spec/replicas', 2));
  const out = tmpDir();
  // (The chart's ClusterRole reads every non-resource URL, which the restricted profile refuses.)
  synthesize(a.node.root, { outdir: out, policy: 'baseline' });
  const kustomization = fs.readFileSync(path.join(out, 'dev/web/kustomization.yaml'), 'utf8');
  expect(kustomization.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
    '  - customresourcedefinition-redis.redis.redis.opstreelabs.in.yaml',
    '  - customresourcedefinition-redisclusters.redis.redis.opstreelabs.in.yaml',
    '  - customresourcedefinition-redisreplications.redis.redis.opstreelabs.in.yaml',
    '  - customresourcedefinition-redissentinels.redis.redis.opstreelabs.in.yaml',
    '  - serviceaccount-redis-operator.yaml',
    '  - clusterrole-redis-operator.yaml',
    '  - clusterrolebinding-redis-operator.yaml',
    '  - networkpolicy-default-deny.yaml',
    '  - deployment-redis-operator.yaml',
  ]);
  const deployment = fs.readFileSync(path.join(out, 'dev/web/deployment-redis-operator.yaml'), 'utf8');
  expect(deployment).toContain('  replicas: 2\n');
  // Written as Helm rendered it: its own labels, in the app's namespace.
  expect(deployment).toContain('    app.kubernetes.io/managed-by: Helm\n');
  expect(deployment).toContain('  namespace: web\n');
});

test("the chart's objects are validated, each problem naming the object's construct path", () => {
  const a = app();
  NetworkPolicies.defaultDeny(a);
  new VendoredChart(a, 'operator', { chart: REDIS_OPERATOR });
  const problems = problemsOf(() => synthesize(a.node.root, { dryRun: true }));
  expect(problems).toContain(
    'policy/run-as-non-root dev/web/operator/Deployment-redis-operator spec.template.spec.securityContext.runAsNonRoot',
  );
  expect(problems.every((p) => p.split(' ')[1].startsWith('dev/web/operator/'))).toBe(true);
});

test('a JSON patch adding a field the schema does not know is an error, not dropped', () => {
  const a = app();
  const c = new VendoredChart(a, 'demo', { chart: chart({ 'templates/cm.yaml': CONFIGMAP }) });
  c.find('ConfigMap', 'web-settings').addJsonPatch(JsonPatch.add('/dataa', { x: '1' }));
  expect(problemsOf(() => synthesize(a.node.root, { dryRun: true }))).toEqual([
    'schema/unknown-field dev/web/demo/ConfigMap-web-settings dataa',
  ]);
});

test('find names the objects of the kind when none has the name', () => {
  const c = new VendoredChart(app(), 'demo', { chart: chart({ 'templates/cm.yaml': CONFIGMAP }) });
  expect(() => c.find('ConfigMap', 'settings')).toThrow(
    'dev/web/demo: field find: the chart demo rendered no ConfigMap named "settings" (got "ConfigMap/settings"). Allowed: the ConfigMap objects it rendered: web-settings. Use a kind and name of the render.',
  );
});

test('hooks keep their annotations and are applied as Helm runs them: pre-install by weight, the rest, then post-install', () => {
  const hook = (name: string, event: string, weight: number): string =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: ${event}\n    helm.sh/hook-weight: "${weight}"\n`;
  const a = app();
  new VendoredChart(a, 'demo', {
    chart: chart({
      'templates/a.yaml': hook('zz-pre-late', 'pre-install', 5),
      'templates/b.yaml': hook('zz-pre-early', 'pre-install,pre-upgrade', -5),
      'templates/c.yaml': hook('aa-post', 'post-install', 0),
      'templates/cm.yaml': CONFIGMAP,
    }),
  });
  const out = tmpDir();
  // (The chart's ClusterRole reads every non-resource URL, which the restricted profile refuses.)
  synthesize(a.node.root, { outdir: out, policy: 'baseline' });
  const kustomization = fs.readFileSync(path.join(out, 'dev/web/kustomization.yaml'), 'utf8');
  expect(kustomization.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
    '  - configmap-zz-pre-early.yaml',
    '  - configmap-zz-pre-late.yaml',
    '  - configmap-web-settings.yaml',
    '  - configmap-aa-post.yaml',
  ]);
  expect(fs.readFileSync(path.join(out, 'dev/web/configmap-aa-post.yaml'), 'utf8')).toContain(
    '    helm.sh/hook: post-install\n',
  );
});

test('the render is cached by chart contents and values: a second synth runs no Helm', () => {
  const dir = chart({ 'templates/cm.yaml': CONFIGMAP, 'values.yaml': `stamp: "${Date.now()}-${Math.random()}"\n` });
  expect(new VendoredChart(app(), 'demo', { chart: dir })._cached).toBe(false);
  expect(new VendoredChart(app(), 'demo', { chart: dir })._cached).toBe(true);
  expect(new VendoredChart(app(), 'demo', { chart: dir, values: { greeting: 'hello' } })._cached).toBe(false);
  fs.appendFileSync(path.join(dir, 'values.yaml'), 'more: 1\n');
  expect(new VendoredChart(app(), 'demo', { chart: dir })._cached).toBe(false);
});

test('a render is the same JSON data cached or not: a YAML 1.1 timestamp is its ISO string, __proto__ a key', () => {
  const dir = chart({
    'templates/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dated\n  labels:\n    __proto__: x\ndata:\n  since: {{ .Values.since }}\n`,
    'values.yaml': `since: 2024-01-02\nstamp: "${Date.now()}-${Math.random()}"\n`,
  });
  const fresh = new VendoredChart(app(), 'demo', { chart: dir });
  const cached = new VendoredChart(app(), 'demo', { chart: dir });
  expect([fresh._cached, cached._cached]).toEqual([false, true]);
  const expected = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'dated', labels: JSON.parse('{"__proto__":"x"}') as object },
    data: { since: '2024-01-02T00:00:00.000Z' },
  };
  expect(fresh.apiObjects[0].rendered).toEqual(expected);
  expect(cached.apiObjects[0].rendered).toEqual(expected);
  const json = fresh.find('ConfigMap', 'dated').toJson();
  expect(Object.keys((json.metadata as { labels: object }).labels)).toEqual(['__proto__']);
});

test('a chart package (.tgz) renders like its folder', () => {
  const dir = chart({ 'templates/cm.yaml': CONFIGMAP });
  const tgz = path.join(path.dirname(dir), 'demo-1.2.3.tgz');
  execFileSync('tar', ['czf', tgz, '-C', path.dirname(dir), 'demo']);
  const c = new VendoredChart(app(), 'demo', { chart: tgz, values: { greeting: 'packaged' } });
  expect(c.chartVersion).toBe('1.2.3');
  expect(c.find('ConfigMap', 'web-settings').toJson()).toEqual({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-settings', namespace: 'web' },
    data: { greeting: 'packaged' },
  });
});

describe('bad input', () => {
  test('a chart folder that does not exist', () => {
    expect(() => new VendoredChart(app(), 'demo', { chart: '/nonexistent/charts/demo' })).toThrow(
      'dev/web/demo: field chart: the chart /nonexistent/charts/demo does not exist (got "/nonexistent/charts/demo"). Allowed: a chart directory holding Chart.yaml, or a chart package (.tgz) as `helm pull` writes it. Vendor the chart into the repository once with `helm pull <repo>/<chart> --version <v> --untar`.',
    );
  });

  test('a folder without Chart.yaml, and a file that is no package', () => {
    const dir = tmpDir();
    expect(() => new VendoredChart(app(), 'demo', { chart: dir })).toThrow(
      `dev/web/demo: field chart: the directory ${dir} is not a chart: it has no Chart.yaml`,
    );
    const file = path.join(dir, 'demo.tgz');
    fs.writeFileSync(file, 'not gzip');
    expect(() => new VendoredChart(app(), 'demo', { chart: file })).toThrow(
      `dev/web/demo: field chart: ${file} is not a chart: it is neither a directory nor a gzip-compressed package`,
    );
  });

  test('a dependency that is not vendored under charts/', () => {
    const dir = chart({
      'Chart.yaml':
        'apiVersion: v2\nname: demo\nversion: 1.0.0\ndependencies:\n  - name: mariadb\n    version: 22.0.0\n    repository: oci://registry-1.docker.io/bitnamicharts\n',
    });
    expect(() => new VendoredChart(app(), 'demo', { chart: dir })).toThrow(
      'the chart depends on "mariadb", which is not vendored under its charts/ folder (got',
    );
  });

  test('no Helm binary: the message names PATH and berth.helm', () => {
    configureHelmBinary(undefined, '/project/cdk8s.yaml');
    const saved = process.env.PATH;
    process.env.PATH = tmpDir();
    try {
      expect(() => new VendoredChart(app(), 'demo', { chart: chart({ 'templates/cm.yaml': CONFIGMAP }) })).toThrow(
        'dev/web/demo: field helm: no Helm binary: `helm` is not on PATH and /project/cdk8s.yaml sets no berth.helm. Allowed: a Helm binary. Install Helm so that `helm` is on PATH, or set its path in cdk8s.yaml under `berth:` as `helm: path/to/helm` (relative to cdk8s.yaml).',
      );
    } finally {
      process.env.PATH = saved;
    }
    configureHelmBinary('/project/tools/helm', '/project/cdk8s.yaml');
    expect(() => new VendoredChart(app(), 'demo', { chart: chart({ 'templates/cm.yaml': CONFIGMAP }) })).toThrow(
      'dev/web/demo: field helm: the Helm binary /project/tools/helm set in /project/cdk8s.yaml (berth.helm) is not an executable file',
    );
  });

  test("helm template failing gives Helm's message", () => {
    const dir = chart({
      'templates/cm.yaml': '{{ required "set .Values.host, the public host name" .Values.host }}\n',
    });
    expect(() => new VendoredChart(app(), 'demo', { chart: dir })).toThrow(
      /^dev\/web\/demo: field values: helm template failed: Error: execution error at \(demo\/templates\/cm\.yaml:1:3\): set \.Values\.host, the public host name\. Allowed: values the chart's templates and values\.schema\.json accept\./,
    );
  });

  test('a render that differs each time names the objects and fields, with the fix', () => {
    const dir = chart({
      'templates/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: {{ .Values.password | default (randAlphaNum 16) | b64enc | quote }}\n  user: {{ "app" | b64enc | quote }}\n`,
    });
    expect(() => new VendoredChart(app(), 'demo', { chart: dir })).toThrow(
      'dev/web/demo: field values: the chart renders differently each time, so every synth would write other output; fields that changed between two renders: Secret/db: data.password. Allowed: values with which the chart renders the same objects every time. Set the values the chart otherwise generates at random (passwords, certificates), or point the chart at an existing Secret (its `existingSecret`-style value).',
    );
    // With the value set, it renders the same each time.
    expect(new VendoredChart(app(), 'demo', { chart: dir, values: { password: 'fixed' } }).apiObjects).toHaveLength(1);
  });
});

test('a custom resource the chart renders is validated against the CRD the chart ships', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, minimum: 1 }
`;
  const a = app();
  new VendoredChart(a, 'widgets', {
    chart: chart({
      'crds/widgets.yaml': crd,
      'templates/widget.yaml':
        'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: big\nspec:\n  size: {{ .Values.size }}\n',
    }),
    values: { size: 0 },
  });
  expect(problemsOf(() => synthesize(a.node.root, { dryRun: true }))).toEqual([
    'schema/minimum dev/web/widgets/Widget-big spec.size',
  ]);
});

test('an empty annotations map a template renders as null is written as none, as kubectl reads it', () => {
  const c = new VendoredChart(app(), 'demo', {
    chart: chart({
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    {{- with .Values.annotations }}{{ toYaml . | nindent 4 }}{{ end }}\ndata:\n  a: "1"\n',
    }),
  });
  expect(c.find('ConfigMap', 'x').rendered.metadata.annotations).toBeNull();
  expect(c.find('ConfigMap', 'x').toJson().metadata).toEqual({ name: 'x', namespace: 'web' });
});

test('labels and annotations added through metadata are written, over those Helm rendered', () => {
  const c = new VendoredChart(app(), 'demo', { chart: chart({ 'templates/cm.yaml': CONFIGMAP }) });
  const cm = c.find('ConfigMap', 'web-settings');
  cm.metadata.addLabel('team', 'platform');
  cm.metadata.addAnnotation('note', 'vendored');
  expect(cm.toJson().metadata).toEqual({
    name: 'web-settings',
    namespace: 'web',
    labels: { team: 'platform' },
    annotations: { note: 'vendored' },
  });
});
