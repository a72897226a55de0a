import * as fs from 'fs';
import * as path from 'path';
import { Application, ConfigMap, Environment, Include, Platform, ValidationFailed } from 'berth-k8s';
import { Problem } from '../../lib/model/problem';
import { runHelm } from '../support/helm-binary';
import { docs, Obj, withoutHelmLabels } from '../support/helm-equivalence';
import { tmpDir } from '../support/file-tree';
import { thrownInvalidInput } from '../support/invalid-input';

/** A project folder (with cdk8s.yaml) holding `files`. */
function projectWith(files: Record<string, string>): string {
  const dir = tmpDir('berth-include-');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: main.ts\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const UPSTREAM = [
  '# upstream manifests',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: upstream-settings',
  '  labels:',
  '    app.kubernetes.io/name: upstream',
  'data:',
  '  mode: "on"',
  '  since: 2024-01-01',
  '---',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  name: upstream-viewer',
  'rules:',
  '  - apiGroups: [""]',
  '    resources: [configmaps]',
  '    verbs: [get, list]',
  '---',
  'apiVersion: v1',
  'kind: ServiceAccount',
  'metadata:',
  '  name: upstream-agent',
  '  namespace: kube-system',
  '',
].join('\n');

/** The problems of a synth that must fail validation. */
function synthProblems(platform: Platform): readonly Problem[] {
  try {
    platform.synth({ dryRun: true, policy: 'none' });
  } catch (e) {
    if (e instanceof ValidationFailed) return e.problems;
    throw e;
  }
  throw new Error('expected the synth to fail');
}

function app(name = 'dev'): { platform: Platform; app: Application } {
  const platform = new Platform();
  const a = new Application(new Environment(platform, name, { config: {} }), 'tools');
  return { platform, app: a };
}

describe('Include', () => {
  test('each object is an object of the app: namespaced unless cluster-scoped or namespaced, labels as in the file', () => {
    const root = projectWith({ 'upstream/all.yaml': UPSTREAM });
    const { platform, app: a } = app();
    const inc = new Include(a, 'Upstream', { paths: 'upstream/all.yaml', root });
    expect(inc.objects.map((o) => o.node.path)).toEqual([
      'dev/tools/Upstream/ConfigMap-upstream-settings',
      'dev/tools/Upstream/ClusterRole-upstream-viewer',
      'dev/tools/Upstream/ServiceAccount-kube-system-upstream-agent',
    ]);
    const out = tmpDir('berth-include-out-');
    platform.synth({ outdir: out, policy: 'none' });
    expect(fs.readdirSync(path.join(out, 'dev', 'tools')).sort()).toEqual([
      'clusterrole-upstream-viewer.yaml',
      'configmap-upstream-settings.yaml',
      'kustomization.yaml',
      'serviceaccount-upstream-agent.yaml',
    ]);
    const read = (f: string): string => fs.readFileSync(path.join(out, 'dev', 'tools', f), 'utf8');
    expect(read('configmap-upstream-settings.yaml')).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  labels:',
        '    app.kubernetes.io/name: upstream',
        '  name: upstream-settings',
        '  namespace: tools',
        'data:',
        '  mode: "on"',
        '  since: "2024-01-01"',
        '',
      ].join('\n'),
    );
    expect(read('clusterrole-upstream-viewer.yaml')).toBe(
      [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata:',
        '  name: upstream-viewer',
        'rules:',
        '  - apiGroups:',
        '      - ""',
        '    resources:',
        '      - configmaps',
        '    verbs:',
        '      - get',
        '      - list',
        '',
      ].join('\n'),
    );
    expect(docs(read('serviceaccount-upstream-agent.yaml'))[0].metadata).toEqual({
      name: 'upstream-agent',
      namespace: 'kube-system',
    });
    // Apply order, by kind as for Berth's own objects.
    expect(docs(read('kustomization.yaml'))[0].resources).toEqual([
      'serviceaccount-upstream-agent.yaml',
      'clusterrole-upstream-viewer.yaml',
      'configmap-upstream-settings.yaml',
    ]);
  });

  test('appLabels: the app labels every object; the file folder is read in path order', () => {
    const root = projectWith({
      'k/b.yaml': UPSTREAM.split('---\n')[2],
      'k/a.yml': UPSTREAM.split('---\n')[0],
      'k/notes.txt': 'x',
    });
    const { app: a } = app();
    const inc = new Include(a, 'Kustomized', { paths: 'k', root, appLabels: true });
    expect(inc.objects.map((o) => o.name)).toEqual(['upstream-settings', 'upstream-agent']);
    expect((inc.find('ConfigMap', 'upstream-settings')!.toJson().metadata as { labels: object }).labels).toEqual({
      'app.kubernetes.io/instance': 'tools',
      'app.kubernetes.io/managed-by': 'berth',
      'app.kubernetes.io/name': 'upstream',
      'app.kubernetes.io/part-of': 'tools',
    });
  });

  test('objects are validated like Berth’s own, with the construct path', () => {
    const root = projectWith({
      'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  count: 1\n',
    });
    const { platform, app: a } = app();
    new Include(a, 'Upstream', { paths: 'bad.yaml', root });
    const problems = synthProblems(platform).map((p) => ({
      constructPath: p.constructPath,
      rule: p.rule,
      field: p.field,
    }));
    expect(problems).toEqual([
      { constructPath: 'dev/tools/Upstream/ConfigMap-x', rule: 'schema/type', field: 'data.count' },
    ]);
  });

  test('in the Helm chart: same objects, names follow the release', () => {
    const root = projectWith({ 'upstream/all.yaml': UPSTREAM });
    const platform = new Platform();
    for (const env of ['dev', 'prod']) {
      const a = new Application(new Environment(platform, env, { config: {}, namespace: 'tools' }), 'tools');
      new Include(a, 'Upstream', { paths: ['upstream/all.yaml'], root });
    }
    const out = tmpDir('berth-include-helm-');
    platform.synth({ outdir: out, format: 'all', policy: 'none' });
    const chart = path.join(out, 'charts', 'tools');
    const r = runHelm(['template', 'tools', chart, '-f', path.join(chart, 'values-prod.yaml'), '--namespace', 'tools']);
    expect(r.stderr).toBe('');
    const key = (o: Obj): string => `${o.kind}/${o.metadata.name}`;
    const plain = fs
      .readdirSync(path.join(out, 'prod', 'tools'))
      .filter((f) => f !== 'kustomization.yaml')
      .flatMap((f) => docs(fs.readFileSync(path.join(out, 'prod', 'tools', f), 'utf8')))
      .map(withoutHelmLabels);
    expect(docs(r.stdout).map(withoutHelmLabels).map(key).sort()).toEqual(plain.map(key).sort());
    const other = runHelm([
      'template',
      'blue',
      chart,
      '-f',
      path.join(chart, 'values-prod.yaml'),
      '--namespace',
      'tools',
    ]);
    expect(docs(other.stdout).map(key).sort()).toEqual([
      'ClusterRole/blue-upstream-viewer',
      'ConfigMap/blue-upstream-settings',
      'ServiceAccount/blue-upstream-agent',
    ]);
  });
});

describe('Include: bad input fails where it is written, naming the file and line', () => {
  const include = (files: Record<string, string>, paths: string | string[]): string => {
    const root = projectWith(files);
    const { app: a } = app();
    const e = thrownInvalidInput(() => new Include(a, 'Upstream', { paths, root }));
    expect(e.path).toBe('dev/tools/Upstream');
    expect(e.field).toBe('paths');
    return `${String(e.value)} | ${e.reason} | ${e.hint}`;
  };

  test('a YAML syntax error', () => {
    expect(include({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n' }, 'a.yaml')).toMatch(
      /^a\.yaml:4:1 \| YAML error: Flow map in block collection must be sufficiently indented and end with a \} \| Fix the YAML of the file\.$/,
    );
  });

  test('a repeated key', () => {
    expect(include({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n' }, 'a.yaml')).toMatch(
      /^a\.yaml:3:1 \| YAML error: Map keys must be unique.* \| Fix the YAML of the file\.$/,
    );
  });

  test('a document that is not an object, and one without a name', () => {
    expect(include({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n- a\n' }, 'a.yaml')).toBe(
      'a.yaml:6 | not a Kubernetes object (a map) | Each document must be a Kubernetes object with apiVersion, kind and metadata.name.',
    );
    expect(
      include({ 'a.yaml': '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: x-\n' }, 'a.yaml'),
    ).toBe(
      'a.yaml:2 | ConfigMap: field metadata.name: missing or not a string | Each document must be a Kubernetes object with apiVersion, kind and metadata.name. (generateName is not supported: the object could not be found again.)',
    );
  });

  test('the same object twice', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    expect(include({ 'd/a.yaml': cm, 'd/b.yaml': `# again\n${cm}` }, 'd')).toBe(
      'd/b.yaml:2 | ConfigMap x is included twice: at d/a.yaml:1 and at d/b.yaml:2 | Remove one of them from the YAML.',
    );
  });

  test('a path outside the project, and a missing one', () => {
    const outside = tmpDir('berth-outside-');
    fs.writeFileSync(path.join(outside, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const root = projectWith({});
    fs.writeFileSync(path.join(root, '..', 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    fs.symlinkSync(path.join(outside, 'x.yaml'), path.join(root, 'link.yaml'));
    const { app: a } = app();
    ['../x.yaml', path.join(outside, 'x.yaml'), 'link.yaml'].forEach((p, i) => {
      const e = thrownInvalidInput(() => new Include(a, `U${i}`, { paths: p, root }));
      expect(`${String(e.value)} | ${e.reason}`).toBe(`${p} | outside the project folder ${fs.realpathSync(root)}`);
    });
    const e = thrownInvalidInput(() => new Include(a, 'Missing', { paths: 'nope.yaml', root }));
    expect(`${String(e.value)} | ${e.reason}`).toBe(`nope.yaml | no such file or folder in the project (${root})`);
  });

  test('an object with the name of one of Berth’s own is an error naming both', () => {
    const root = projectWith({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' });
    const { platform, app: a } = app();
    new ConfigMap(a, 'settings', { data: { a: 'b' } });
    new Include(a, 'Upstream', { paths: 'a.yaml', root });
    const problems = synthProblems(platform).map((p) => ({
      constructPath: p.constructPath,
      message: p.message,
      hint: p.hint,
    }));
    expect(problems).toEqual([
      {
        constructPath: 'dev/tools/Upstream/ConfigMap-settings',
        message:
          "ConfigMap settings from a.yaml:1 has the name of the app's own object dev/tools/settings. Allowed: a name no other object of the app has",
        hint: "Rename one of them, or drop the object from a.yaml if Berth's dev/tools/settings replaces it.",
      },
    ]);
  });
});
