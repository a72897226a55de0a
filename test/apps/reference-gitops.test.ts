/**
 * The GitOps output of the reference platform: dev on cluster `nonprod`, staging on the same cluster
 * in namespaces of its own, prod on `prod-eu` and `prod-us` through an ApplicationSet (as
 * `cdk8s.yaml` says), and the same with Flux. Each is validated against its CRDs by synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { GitOpsSettings, KubeObject, synthesize, SynthResult } from 'berth-k8s';
import { readProjectConfig } from '../../lib/cli/project-config';
import { platform } from '../../apps/main';

const CONFIG = readProjectConfig(path.join(__dirname, '..', '..'));
const ARGOCD = CONFIG.gitops!;
const FLUX: GitOpsSettings = { ...ARGOCD, engine: 'flux', applicationSets: undefined };
const CLUSTERS: Record<string, readonly string[]> = {
  dev: ['nonprod'],
  staging: ['nonprod'],
  prod: ['prod-eu', 'prod-us'],
};
const APPS = ['etcd', 'mysql', 'redis', 'shop', 'training', 'wordpress'];
/** The apps made from third-party charts: in the environments that own their cluster only. */
const VENDORED_APPS = ['blog', 'certs'];
const OWNERS = ['dev', 'prod'];

const results = new Map<GitOpsSettings, SynthResult>();
function synth(gitops: GitOpsSettings): SynthResult {
  if (!results.has(gitops)) results.set(gitops, synthesize(platform, { dryRun: true, gitops }));
  return results.get(gitops)!;
}

/** The objects of the files under `prefix`, by file. */
function objectsUnder(r: SynthResult, prefix: string): { file: string; object: KubeObject }[] {
  return [...r.contents]
    .filter(([f]) => f.startsWith(prefix) && !f.endsWith('/kustomization.yaml'))
    .flatMap(([file, text]) => parseAllDocuments(text).map((d) => ({ file, object: d.toJS() as KubeObject })));
}

/** Every (app folder, cluster) pair the folder is deployed to, one entry per reference. */
function references(r: SynthResult, engine: 'argocd' | 'flux'): string[] {
  const out: string[] = [];
  for (const { object } of objectsUnder(r, `${engine}/`)) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading deep into the GitOps objects
    const spec = object.spec as any;
    const labels = (object.metadata.labels ?? {}) as Record<string, string>;
    if (object.kind === 'Application') out.push(`${spec.source.path} @ ${labels['berth.dev/cluster']}`);
    if (object.kind === 'Kustomization') out.push(`${spec.path.slice(2)} @ ${labels['berth.dev/cluster']}`);
    if (object.kind === 'ApplicationSet')
      for (const e of spec.generators[0].list.elements) out.push(`${e.path} @ ${e.cluster}`);
  }
  return out.sort();
}

const expectedReferences = Object.entries(CLUSTERS)
  .flatMap(([env, clusters]) =>
    [...APPS, ...(OWNERS.includes(env) ? VENDORED_APPS : [])].flatMap((app) =>
      clusters.map((c) => `dist/${env}/${app} @ ${c}`),
    ),
  )
  .sort();

describe.each<[string, GitOpsSettings, 'argocd' | 'flux']>([
  ['Argo CD (cdk8s.yaml)', ARGOCD, 'argocd'],
  ['Flux', FLUX, 'flux'],
])('the reference platform with %s', (_name, gitops, engine) => {
  test('synthesizes the three environments and three clusters with no problem, GitOps objects included', () => {
    const r = synth(gitops);
    expect(r.warnings).toEqual([]);
    expect([...new Set(r.files.filter((f) => f.startsWith(`${engine}/`)).map((f) => f.split('/')[1]))].sort()).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
  });

  test('references every app folder of every environment exactly once per target cluster', () => {
    expect(references(synth(gitops), engine)).toEqual(expectedReferences);
  });
});

test('prod is one ApplicationSet; dev and staging have an Application per app; each has its AppProject', () => {
  const kinds = objectsUnder(synth(ARGOCD), 'argocd/').map(({ file, object }) => `${file} ${object.kind}`);
  expect(kinds.filter((k) => k.startsWith('argocd/prod/')).sort()).toEqual([
    'argocd/prod/applicationset.yaml ApplicationSet',
    'argocd/prod/project.yaml AppProject',
  ]);
  expect(kinds.filter((k) => k.startsWith('argocd/staging/') && k.endsWith('Application')).length).toBe(APPS.length);
  expect(kinds).toContain('argocd/staging/project.yaml AppProject');
});

test('no two objects written into one cluster collide, and the shared classes are written once', () => {
  const r = synth(ARGOCD);
  for (const cluster of ['nonprod', 'prod-eu', 'prod-us']) {
    const envs = Object.keys(CLUSTERS).filter((e) => CLUSTERS[e].includes(cluster));
    const seen = new Map<string, string>();
    for (const env of envs) {
      for (const { file, object } of objectsUnder(r, `${env}/`)) {
        const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
        const key = `${group}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
        expect({ key, file: seen.get(key) ?? file }).toEqual({ key, file });
        seen.set(key, file);
      }
    }
  }
  const owners = (kind: string): string[] =>
    ['dev', 'staging'].flatMap((env) =>
      objectsUnder(r, `${env}/`)
        .filter(({ object }) => object.kind === kind)
        .map(({ file }) => file),
    );
  expect(owners('VolumeSnapshotClass')).toEqual(['dev/mysql/volumesnapshotclass-ebs-snapclass.yaml']);
  expect(owners('StorageClass')).toEqual(['dev/mysql/storageclass-ebs-gp3.yaml']);
  // staging's snapshot names the class dev owns on their cluster.
  const snapshot = objectsUnder(r, 'staging/mysql/').find(({ object }) => object.kind === 'VolumeSnapshot')!;
  expect(snapshot.object.spec).toMatchObject({ volumeSnapshotClassName: 'ebs-snapclass' });
  expect(snapshot.object.metadata.namespace).toBe('mysql-staging');
});

test("the README's GitOps section shows the shop's Application and Flux Kustomization as synth writes them", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain('```yaml\n' + synth(ARGOCD).contents.get('argocd/dev/shop-nonprod.yaml') + '```');
  expect(readme).toContain('```yaml\n' + synth(FLUX).contents.get('flux/prod/shop-prod-eu.yaml') + '```');
});
