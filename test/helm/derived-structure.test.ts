import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Application, Environment, Platform, ValidationFailed } from 'berth-k8s';
import * as k8s from '../../lib/imports/k8s';
import { runHelm } from '../support/helm-binary';
import { docs, Obj, withoutHelmLabels } from '../support/helm-equivalence';

const ENVS = ['dev', 'stage', 'prod'];

/** An app whose structure differs per environment the way TypeScript `if`s make it differ. */
function app(env: Environment<{ tier: number }>): void {
  const a = new Application(env, 'web');
  const tier = env.config.tier;
  new k8s.ConfigMap(a, 'settings', { data: { A: 'a' } });
  new k8s.ServiceAccount(a, 'runner', {});
  const env1: k8s.EnvVar[] = [{ name: 'A', value: 'a' }];
  if (tier >= 1) env1.push({ name: 'SETTINGS', valueFrom: { configMapKeyRef: { name: 'settings', key: 'A' } } });
  env1.push({ name: 'Z', value: `z${tier}` });
  const labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
  new k8s.Deployment(a, 'web', {
    metadata: tier >= 2 ? { annotations: { 'example.com/tier': 'high' } } : {},
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(tier >= 2
            ? {
                serviceAccountName: 'runner',
                affinity: {
                  podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [
                      { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
                    ],
                  },
                },
              }
            : {}),
          containers: [
            { name: 'web', image: 'nginx:1.27', env: env1 },
            ...(tier >= 1
              ? [{ name: 'sidecar', image: 'busybox:1.36', envFrom: [{ configMapRef: { name: 'settings' } }] }]
              : []),
          ],
          tolerations:
            tier >= 2
              ? [
                  { key: 'a', operator: 'Exists' },
                  { key: 'b', operator: 'Exists' },
                ]
              : [{ key: 'a', operator: 'Exists' }],
        },
      },
    },
  });
}

describe('differences in structure between environments', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-derive-'));
    const platform = new Platform();
    ENVS.forEach((name, tier) => app(new Environment(platform, name, { config: { tier }, namespace: 'web' })));
    platform.synth({ outdir: out, format: 'all', policy: 'none' });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test.each(ENVS)(
    'helm template of %s gives back the plain objects (guarded keys, aligned and guarded list items)',
    (env) => {
      const chart = path.join(out, 'charts', 'web');
      const r = runHelm(['template', 'web', chart, '-f', path.join(chart, `values-${env}.yaml`), '--namespace', 'web']);
      expect(r.stderr).toBe('');
      const rendered = docs(r.stdout)
        .map(withoutHelmLabels)
        .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
      const dir = path.join(out, env, 'web');
      const plain = fs
        .readdirSync(dir)
        .filter((f) => f !== 'kustomization.yaml')
        .flatMap((f) => docs(fs.readFileSync(path.join(dir, f), 'utf8')))
        .map(withoutHelmLabels)
        .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
      expect(rendered).toEqual(plain);
    },
  );

  test('items and keys present in some environments only get derived enabled values per environment', () => {
    const chart = path.join(out, 'charts', 'web');
    const values = (f: string): Obj => docs(fs.readFileSync(path.join(chart, f), 'utf8'))[0] ?? {};
    expect(values('values.yaml').web).toMatchObject({
      affinity: { enabled: false },
      sidecar: { enabled: false },
      SETTINGS: { enabled: false },
    });
    expect(values('values-stage.yaml').web).toMatchObject({ sidecar: { enabled: true }, SETTINGS: { enabled: true } });
    expect(values('values-prod.yaml').web).toMatchObject({
      affinity: { enabled: true },
      serviceAccountName: { enabled: true },
    });
    const t = fs.readFileSync(path.join(chart, 'templates', 'deployment-web.yaml'), 'utf8');
    expect(t).toContain(
      '{{ if .Values.web.serviceAccountName.enabled }}      serviceAccountName: {{ include "web.name" (list . "runner") | toJson }}',
    );
    // Unnamed items of different lengths without names inside: a whole list value.
    expect(values('values-prod.yaml').web.tolerations).toHaveLength(2);
  });

  test('with another release name, names inside guarded items follow the release', () => {
    const chart = path.join(out, 'charts', 'web');
    const r = runHelm(['template', 'other', chart, '-f', path.join(chart, 'values-prod.yaml'), '--namespace', 'web']);
    const d = docs(r.stdout).find((o) => o.kind === 'Deployment')!;
    const pod = d.spec.template.spec;
    expect(pod.serviceAccountName).toBe('other-runner');
    expect(pod.containers[0].env[1]).toEqual({
      name: 'SETTINGS',
      valueFrom: { configMapKeyRef: { name: 'other-settings', key: 'A' } },
    });
    expect(pod.containers[1].envFrom[0].configMapRef.name).toBe('other-settings');
    expect(
      pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels[
        'app.kubernetes.io/instance'
      ],
    ).toBe('other');
  });
});

test('a list that cannot be aligned and contains a name is reported briefly, with the field, the values and the fix', () => {
  const platform = new Platform();
  for (const [name, n] of [
    ['dev', 1],
    ['prod', 2],
  ] as const) {
    const a = new Application(new Environment(platform, name, { config: {} }), 'web');
    new k8s.ConfigMap(a, 'settings', { data: { A: 'x'.repeat(300) } });
    new k8s.Pod(a, 'p', {
      spec: {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            envFrom: Array.from({ length: n }, (_, i) => ({ configMapRef: { name: 'settings', optional: i > 0 } })),
          },
        ],
      },
    });
  }
  let problems: { rule: string; message: string; field?: string; hint: string }[] = [];
  try {
    platform.synth({ dryRun: true, format: 'helm', policy: 'none' });
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    problems = e.problems.filter((p) => p.rule === 'helm/inexpressible-difference');
  }
  expect(problems).toHaveLength(1);
  expect(problems[0].field).toBe('spec.containers[name=c].envFrom');
  expect(problems[0].message).toContain('dev: [{"configMapRef":{"name":"<name:settings>"');
  expect(problems[0].message.length).toBeLessThan(400);
  expect(problems[0].hint).toContain('unique name');
});

describe('a nested Application', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-subchart-'));
    const platform = new Platform();
    for (const name of ['dev', 'prod']) {
      const blog = new Application(new Environment(platform, name, { config: {}, namespace: 'blog' }), 'blog');
      new k8s.ServiceAccount(blog, 'web', {});
      if (name === 'prod') {
        const db = new Application(blog, 'db');
        new k8s.ServiceAccount(db, 'db', {});
        new k8s.ConfigMap(db, 'db-config', { data: { SIZE: '10Gi' } });
      }
    }
    platform.synth({ outdir: out, format: 'all', policy: 'none' });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('becomes a subchart listed in Chart.yaml, switched by <name>.enabled per environment', () => {
    const chart = path.join(out, 'charts', 'blog');
    expect(docs(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'))[0].dependencies).toEqual([
      { name: 'db', version: '0.1.0', condition: 'db.enabled' },
    ]);
    expect(fs.existsSync(path.join(chart, 'charts', 'db', 'templates', 'configmap-db-config.yaml'))).toBe(true);
    expect(docs(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'))[0].db).toEqual({ enabled: false });
    expect(docs(fs.readFileSync(path.join(chart, 'values-prod.yaml'), 'utf8'))[0].db).toEqual({ enabled: true });
  });

  test.each(['dev', 'prod'])('helm template of the parent with values-%s.yaml renders the plain folder', (env) => {
    const chart = path.join(out, 'charts', 'blog');
    const r = runHelm(['template', 'blog', chart, '-f', path.join(chart, `values-${env}.yaml`), '--namespace', 'blog']);
    expect(r.stderr).toBe('');
    const key = (o: Obj): string => `${o.kind}/${o.metadata.name}`;
    const rendered = docs(r.stdout)
      .map(withoutHelmLabels)
      .sort((a, b) => key(a).localeCompare(key(b)));
    const dir = path.join(out, env, 'blog');
    const plain = fs
      .readdirSync(dir)
      .filter((f) => f !== 'kustomization.yaml')
      .flatMap((f) => docs(fs.readFileSync(path.join(dir, f), 'utf8')))
      .map(withoutHelmLabels)
      .sort((a, b) => key(a).localeCompare(key(b)));
    expect(rendered.map(key)).toEqual(
      env === 'prod' ? ['ConfigMap/db-config', 'ServiceAccount/db', 'ServiceAccount/web'] : ['ServiceAccount/web'],
    );
    expect(rendered).toEqual(plain);
    const lint = runHelm(['lint', '--strict', chart, '-f', path.join(chart, `values-${env}.yaml`)]);
    expect(lint.status).toBe(0);
  });
});
