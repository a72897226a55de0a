import { parse } from 'yaml';
import {
  ApiResource,
  Application,
  Cluster,
  ConfigMap,
  Environment,
  GitOpsSettings,
  Platform,
  StorageClass,
  synthesize,
} from 'berth-k8s';

const REPO = 'https://example.com/platform.git';

/** dev on two clusters: `eu` by server, `us` by Argo CD name with a Flux kubeconfig; a CRD app and a web app. */
function platform(clusters?: readonly Cluster[]): Platform {
  const p = new Platform();
  const env = new Environment(p, 'dev', {
    config: {},
    clusters: clusters ?? [
      new Cluster('eu', { destination: { server: 'https://eu.example.com' } }),
      new Cluster('us', { destination: { name: 'us' }, kubeConfig: { secretName: 'us-kubeconfig' } }),
    ],
  });
  new ApiResource(
    new Application(env, 'widgets'),
    'crd',
    { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' },
    {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    },
  );
  const web = new Application(env, 'web');
  new ConfigMap(web, 'settings', { data: { a: 'b' } });
  new StorageClass(web, 'fast', { name: 'fast', provisioner: 'ebs.csi.aws.com' });
  return p;
}

function gitopsFiles(gitops: GitOpsSettings, p = platform()): Record<string, unknown> {
  const r = synthesize(p, { dryRun: true, policy: 'none', gitops });
  const out: Record<string, unknown> = {};
  for (const [file, text] of r.contents) if (/^(argocd|flux)\//.test(file)) out[file] = parse(text);
  return out;
}

describe('Argo CD output of environments with clusters', () => {
  test('one Application per app and cluster, an AppProject, listed in wave order', () => {
    const files = gitopsFiles({ repoURL: REPO, targetRevision: 'main' });
    expect(Object.keys(files).sort()).toEqual([
      'argocd/dev/kustomization.yaml',
      'argocd/dev/project.yaml',
      'argocd/dev/web-eu.yaml',
      'argocd/dev/web-us.yaml',
      'argocd/dev/widgets-eu.yaml',
      'argocd/dev/widgets-us.yaml',
    ]);
    expect(files['argocd/dev/kustomization.yaml']).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['project.yaml', 'widgets-eu.yaml', 'widgets-us.yaml', 'web-eu.yaml', 'web-us.yaml'],
    });
    expect(files['argocd/dev/web-us.yaml']).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'dev-web-us',
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/part-of': 'web',
          'app.kubernetes.io/managed-by': 'berth',
          'berth.dev/environment': 'dev',
          'berth.dev/cluster': 'us',
        },
        annotations: { 'argocd.argoproj.io/sync-wave': '1' },
      },
      spec: {
        project: 'dev',
        source: { repoURL: REPO, targetRevision: 'main', path: 'dist/dev/web' },
        destination: { name: 'us', namespace: 'web' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
      },
    });
    expect((files['argocd/dev/widgets-eu.yaml'] as { spec: { destination: unknown } }).spec.destination).toEqual({
      server: 'https://eu.example.com',
      namespace: 'widgets',
    });
    expect(files['argocd/dev/project.yaml']).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: 'dev',
        namespace: 'argocd',
        labels: { 'app.kubernetes.io/managed-by': 'berth', 'berth.dev/environment': 'dev' },
      },
      spec: {
        description: 'Berth environment dev',
        sourceRepos: [REPO],
        destinations: [
          { server: 'https://eu.example.com', namespace: 'web' },
          { server: 'https://eu.example.com', namespace: 'widgets' },
          { name: 'us', namespace: 'web' },
          { name: 'us', namespace: 'widgets' },
        ],
        clusterResourceWhitelist: [
          { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
          { group: 'storage.k8s.io', kind: 'StorageClass' },
        ],
      },
    });
  });

  test('an environment listed in applicationSets gets one ApplicationSet with a RollingSync step per wave', () => {
    const clusters = [
      new Cluster('eu', { destination: { name: 'eu' } }),
      new Cluster('us', { destination: { name: 'us' } }),
    ];
    const files = gitopsFiles({ repoURL: REPO, applicationSets: ['dev'] }, platform(clusters));
    expect(Object.keys(files).sort()).toEqual([
      'argocd/dev/applicationset.yaml',
      'argocd/dev/kustomization.yaml',
      'argocd/dev/project.yaml',
    ]);
    const set = files['argocd/dev/applicationset.yaml'] as { spec: Record<string, unknown> };
    expect(set.spec.generators).toEqual([
      {
        list: {
          elements: [
            {
              app: 'widgets',
              cluster: 'eu',
              destination: 'eu',
              namespace: 'widgets',
              path: 'dist/dev/widgets',
              wave: '0',
            },
            {
              app: 'widgets',
              cluster: 'us',
              destination: 'us',
              namespace: 'widgets',
              path: 'dist/dev/widgets',
              wave: '0',
            },
            { app: 'web', cluster: 'eu', destination: 'eu', namespace: 'web', path: 'dist/dev/web', wave: '1' },
            { app: 'web', cluster: 'us', destination: 'us', namespace: 'web', path: 'dist/dev/web', wave: '1' },
          ],
        },
      },
    ]);
    expect(set.spec.strategy).toEqual({
      type: 'RollingSync',
      rollingSync: {
        steps: [
          { matchExpressions: [{ key: 'berth.dev/sync-wave', operator: 'In', values: ['0'] }] },
          { matchExpressions: [{ key: 'berth.dev/sync-wave', operator: 'In', values: ['1'] }] },
        ],
      },
    });
    expect((set.spec.template as { spec: unknown }).spec).toEqual({
      project: 'dev',
      source: { repoURL: REPO, targetRevision: 'HEAD', path: '{{.path}}' },
      destination: { name: '{{.destination}}', namespace: '{{.namespace}}' },
      syncPolicy: { syncOptions: ['ServerSideApply=true'] },
    });
  });

  test('an ApplicationSet over clusters named by server and by name is refused before rendering', () => {
    expect(() => gitopsFiles({ repoURL: REPO, applicationSets: ['dev'] })).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({
            rule: 'gitops/application-set',
            message:
              'the clusters of environment "dev" name their Argo CD destination by server and by name, and one ApplicationSet template names one of them',
          }),
        ],
      }),
    );
  });

  test('without declared clusters, each app has one Application for the cluster Argo CD runs in', () => {
    const p = new Platform();
    new ConfigMap(new Application(new Environment(p, 'dev', { config: {} }), 'web'), 'settings');
    const files = gitopsFiles({ repoURL: REPO }, p);
    expect(Object.keys(files).sort()).toEqual(['argocd/dev/kustomization.yaml', 'argocd/dev/web.yaml']);
    expect((files['argocd/dev/web.yaml'] as { spec: unknown }).spec).toMatchObject({
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
    });
  });
});

describe('Flux output', () => {
  test('a GitRepository and a Kustomization per app and cluster, with dependsOn, prune, targetNamespace, kubeConfig', () => {
    const files = gitopsFiles({ repoURL: REPO, engine: 'flux', targetRevision: 'main' });
    expect(Object.keys(files).sort()).toEqual([
      'flux/dev/kustomization.yaml',
      'flux/dev/source.yaml',
      'flux/dev/web-eu.yaml',
      'flux/dev/web-us.yaml',
      'flux/dev/widgets-eu.yaml',
      'flux/dev/widgets-us.yaml',
    ]);
    expect(files['flux/dev/source.yaml']).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: {
        name: 'dev',
        namespace: 'flux-system',
        labels: { 'app.kubernetes.io/managed-by': 'berth', 'berth.dev/environment': 'dev' },
      },
      spec: { interval: '1m', url: REPO, ref: { branch: 'main' } },
    });
    expect(files['flux/dev/web-us.yaml']).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'dev-web-us',
        namespace: 'flux-system',
        labels: {
          'app.kubernetes.io/part-of': 'web',
          'app.kubernetes.io/managed-by': 'berth',
          'berth.dev/environment': 'dev',
          'berth.dev/cluster': 'us',
        },
      },
      spec: {
        interval: '10m',
        path: './dist/dev/web',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'dev' },
        targetNamespace: 'web',
        dependsOn: [{ name: 'dev-widgets-us' }],
        kubeConfig: { secretRef: { name: 'us-kubeconfig', key: 'value' } },
      },
    });
    const eu = files['flux/dev/widgets-eu.yaml'] as { spec: Record<string, unknown> };
    expect(eu.spec.dependsOn).toBeUndefined();
    expect(eu.spec.kubeConfig).toBeUndefined();
  });
});

test("an AppProject allows every namespace its apps' objects name", () => {
  const p = platform();
  const web = p.node.findAll().find((c) => c.node.path === 'dev/web')!;
  new ApiResource(
    web,
    'elsewhere',
    { apiVersion: 'v1', kind: 'ConfigMap' },
    { metadata: { name: 'elsewhere', namespace: 'monitoring' }, data: { a: 'b' } },
  );
  const files = gitopsFiles({ repoURL: REPO }, p);
  const project = files['argocd/dev/project.yaml'] as { spec: { destinations: { namespace: string }[] } };
  expect([...new Set(project.spec.destinations.map((d) => d.namespace))]).toEqual(['monitoring', 'web', 'widgets']);
});
