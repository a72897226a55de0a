import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Application, ConfigMap, Environment, Platform } from '../../lib';
import { synthProject } from '../../lib/cli/commands/synth-command';
import { runKubectl } from '../support/helm-binary';
import { tmpDir } from '../support/file-tree';

/**
 * The real kubectl (from the dev dependency's Lambda layer, no network) reads Berth's output:
 * `kubectl kustomize` parses every file of a folder with Kubernetes' own YAML stack and prints
 * the objects again. They must be the objects Berth meant, scalar for scalar. (Objects are
 * compared as a YAML 1.1 reader such as `kubectl apply` reads kustomize's output.)
 */

const ROOT = path.resolve(__dirname, '../..');

type Obj = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string } };

function objects(text: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    expect(doc.errors).toEqual([]);
    const o = doc.toJS() as Obj | null;
    if (o) out.set(`${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, o);
  }
  return out;
}

/** What Berth wrote into `dir` (its kustomization lists every file), as objects. */
function written(dir: string): Map<string, Obj> {
  const texts = fs
    .readdirSync(dir)
    .filter((f) => f !== 'kustomization.yaml')
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  return objects(texts.join('\n---\n'));
}

function kustomized(dir: string): Map<string, Obj> {
  const r = runKubectl(['kustomize', dir]);
  expect([r.status, r.stderr]).toEqual([0, '']);
  return objects(r.stdout);
}

test("kubectl kustomize reads every folder of the reference platform's output as the objects Berth rendered", async () => {
  const dist = path.join(ROOT, 'dist');
  // What Berth rendered (the committed dist/ is this synth's output: see committed-output.test).
  const { apps } = await synthProject({ cwd: ROOT, dryRun: true });
  expect(apps.length).toBeGreaterThanOrEqual(10);
  for (const { environment, app, records } of apps) {
    const dir = path.join(dist, environment.name, app.appName);
    const rendered = new Map(
      records.map((r) => [
        `${r.object.kind}/${r.object.metadata.namespace ?? ''}/${r.object.metadata.name}`,
        r.object as unknown as Obj,
      ]),
    );
    expect([path.relative(dist, dir), kustomized(dir)]).toEqual([path.relative(dist, dir), rendered]);
  }
  // An environment's folder: every object of its apps.
  for (const env of new Set(apps.map((a) => a.environment.name))) {
    const rendered = new Map(
      apps
        .filter((a) => a.environment.name === env)
        .flatMap((a) => a.records)
        .map((r) => [
          `${r.object.kind}/${r.object.metadata.namespace ?? ''}/${r.object.metadata.name}`,
          r.object as unknown as Obj,
        ]),
    );
    expect([env, kustomized(path.join(dist, env))]).toEqual([env, rendered]);
  }
  // The Argo CD Applications: kubectl reads them as written.
  for (const env of fs.readdirSync(path.join(dist, 'argocd'))) {
    const dir = path.join(dist, 'argocd', env);
    expect(kustomized(dir)).toEqual(written(dir));
  }
});

test('scalars a YAML 1.1 reader could misread reach kubectl as the strings they are', () => {
  const tricky = [
    'yes',
    'no',
    'on',
    'off',
    'y',
    'n',
    'Y',
    'True',
    'NULL',
    '~',
    '',
    '0644',
    '0x1F',
    '1e3',
    '1_000',
    '12:30',
    '1:2:3',
    '2024-01-01',
    '2024-01-01T10:00:00Z',
    '.inf',
    '-.Inf',
    '.nan',
    '+1',
    '-0',
    '1.0',
    '0b101',
    '0o17',
    '= ',
    '<<',
    '- a',
    'a: b',
    '#x',
    ' lead',
    'trail ',
    'multi\nline\n',
    'tab\there',
    '"q"',
    "'s'",
    'ü',
    '😀',
    '\u2028',
  ];
  const platform = new Platform();
  const app = new Application(new Environment(platform, 'dev', { config: {} }), 'shop');
  new ConfigMap(app, 'tricky', { data: Object.fromEntries(tricky.map((v, i) => [`k${i}`, v])) });
  const out = tmpDir('berth-kubectl-');
  platform.synth({ outdir: out, policy: 'none' });
  const dir = path.join(out, 'dev', 'shop');
  const values = (objs: Map<string, Obj>): unknown[] => {
    const data = (objs.get('ConfigMap/shop/tricky') as { data: Record<string, unknown> }).data;
    return tricky.map((_, i) => data[`k${i}`]);
  };
  // kustomize reads YAML the 1.2 way (kyaml); `kubectl apply` reads it the 1.1 way (`on` is
  // true there): both readings must give the strings.
  expect(values(kustomized(dir))).toEqual(tricky);
  expect(values(written(dir))).toEqual(tricky);
});
