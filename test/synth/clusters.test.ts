import {
  ApiResource,
  Application,
  Cluster,
  ConfigMap,
  Environment,
  InvalidInputError,
  PersistentVolumeClaim,
  Platform,
  Size,
  synthesize,
  SynthOptions,
  SynthResult,
  ValidationFailed,
  VolumeSnapshotClass,
} from 'berth-k8s';
import { Problem } from '../../lib/model/problem';

const GITOPS = { repoURL: 'https://example.com/platform.git' };

/** The problems a dry-run synth reports (errors thrown, or warnings returned). */
function problemsOf(p: Platform, options: SynthOptions = {}): readonly Problem[] {
  try {
    return synthesize(p, { dryRun: true, policy: 'none', ...options }).warnings;
  } catch (e) {
    if (e instanceof ValidationFailed) return e.problems;
    throw e;
  }
}

function dry(p: Platform, options: SynthOptions = {}): SynthResult {
  return synthesize(p, { dryRun: true, policy: 'none', ...options });
}

const rules = (ps: readonly Problem[]): string[] => ps.map((p) => p.rule);

describe('Cluster: bad input', () => {
  test('a destination without server or name names the cluster, the field and the fix', () => {
    expect(() => new Cluster('prod-eu', { destination: {} })).toThrow(
      new InvalidInputError(
        'Cluster "prod-eu"',
        'destination',
        {},
        'names neither a server nor a name',
        'exactly one of `server` (the API server URL) or `name` (the cluster as Argo CD knows it)',
        "Set destination: { server: 'https://...' } or destination: { name: '...' }, or leave destination out for the cluster Argo CD runs in.",
      ),
    );
    expect(() => new Cluster('prod-eu', { destination: { server: 'https://a', name: 'a' } })).toThrow(
      /field destination: names both a server and a name/,
    );
    expect(() => new Cluster('prod-eu', { destination: { server: 'prod-eu' } })).toThrow(
      /Cluster "prod-eu": field destination.server: is not an http\(s\) URL \(got "prod-eu"\)/,
    );
  });

  test('a name that is no DNS label, and a version that is no version, are refused', () => {
    expect(() => new Cluster('Prod_EU')).toThrow(/Cluster "Prod_EU": field name/);
    expect(() => new Cluster('eu', { kubernetesVersion: 'latest' })).toThrow(
      /field kubernetesVersion: is not a Kubernetes version \(got "latest"\)/,
    );
    expect(new Cluster('eu', { kubernetesVersion: 'v1.31.2' }).kubernetesVersion).toBe('1.31');
  });

  test('one environment listing one cluster name twice is refused at construction', () => {
    const p = new Platform();
    expect(() => new Environment(p, 'prod', { config: {}, clusters: [new Cluster('eu'), new Cluster('eu')] })).toThrow(
      /prod: field clusters\[1\]: names a cluster the environment already lists \(got "eu"\)/,
    );
  });

  test('two Cluster objects with one name in two environments: an error naming both, before rendering', () => {
    const shared = new Platform();
    const main = new Cluster('main');
    new Environment(shared, 'dev', { config: {}, clusters: [main] });
    new Environment(shared, 'prod', { config: {}, clusters: [main] });
    expect(problemsOf(shared)).toEqual([]);
    const p = new Platform();
    new Environment(p, 'dev', { config: {}, clusters: [new Cluster('main')] });
    new Environment(p, 'prod', { config: {}, clusters: [new Cluster('main')] });
    const problems = problemsOf(p);
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'cluster/duplicate-name',
        environment: 'prod',
        message: 'two clusters are named "main": one of environment "dev", another of environment "prod"',
      }),
    ]);
  });

  test('an environment without a cluster beside environments with one fails when GitOps output is written', () => {
    const p = new Platform();
    new Application(new Environment(p, 'dev', { config: {}, clusters: [new Cluster('main')] }), 'a');
    new Application(new Environment(p, 'prod', { config: {} }), 'a');
    expect(problemsOf(p)).toEqual([]);
    expect(problemsOf(p, { gitops: GITOPS })).toEqual([
      expect.objectContaining({
        rule: 'cluster/missing',
        environment: 'prod',
        message:
          'environment "prod" names no cluster, while "dev" does: its GitOps objects would deploy it wherever Argo CD runs',
      }),
    ]);
  });

  test('an unknown engine and an ApplicationSet for an unknown environment are errors', () => {
    const p = new Platform();
    new Environment(p, 'dev', { config: {} });
    const engine = 'jenkins' as unknown as 'flux';
    expect(rules(problemsOf(p, { gitops: { ...GITOPS, engine } }))).toEqual(['gitops/engine']);
    expect(problemsOf(p, { gitops: { ...GITOPS, applicationSets: ['prod'] } })).toEqual([
      expect.objectContaining({
        rule: 'gitops/application-set',
        message: 'gitops.applicationSets names environment "prod", which the platform does not have (it has "dev")',
      }),
    ]);
  });
});

describe('Cluster facts', () => {
  function withClaim(storageClasses: readonly string[] | undefined, kubernetesVersion?: string): Platform {
    const p = new Platform();
    const cluster = new Cluster('main', { storageClasses, kubernetesVersion });
    const app = new Application(new Environment(p, 'dev', { config: {}, clusters: [cluster] }), 'db');
    new PersistentVolumeClaim(app, 'data', { storage: Size.gibibytes(1), storageClass: 'fast' });
    return p;
  }

  test('a claim naming a class the cluster does not declare is an error naming both', () => {
    expect(problemsOf(withClaim(['standard']))).toEqual([
      expect.objectContaining({
        rule: 'cluster/unknown-class',
        constructPath: 'dev/db/data',
        field: 'spec.storageClassName',
        value: 'fast',
        message:
          'PersistentVolumeClaim data asks for StorageClass "fast", which cluster "main" does not have (it has "standard")',
      }),
    ]);
  });

  test('a declared class, or a cluster that declares none, passes', () => {
    expect(problemsOf(withClaim(['standard', 'fast']))).toEqual([]);
    expect(problemsOf(withClaim(undefined))).toEqual([]);
  });

  test('an Ingress or Gateway naming a class the cluster does not declare is an error', () => {
    const p = new Platform();
    const cluster = new Cluster('main', { ingressClasses: ['nginx'], gatewayClasses: ['istio'] });
    const app = new Application(new Environment(p, 'dev', { config: {}, clusters: [cluster] }), 'web');
    const gateway = (cls: string): void => {
      new ApiResource(
        app,
        `gw-${cls}`,
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
        { spec: { gatewayClassName: cls, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
      );
    };
    // Gateway is no kind Berth knows here (schema/unknown-kind): only the cluster's rules count.
    const classProblems = (): string[] =>
      problemsOf(p, { external: ['Service/web'] })
        .filter((x) => x.rule === 'cluster/unknown-class')
        .map((x) => x.message);
    gateway('istio');
    expect(classProblems()).toEqual([]);
    gateway('cilium');
    new ApiResource(
      app,
      'ing',
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
      { spec: { ingressClassName: 'traefik', defaultBackend: { service: { name: 'web', port: { number: 80 } } } } },
    );
    expect(classProblems()).toEqual([
      'Ingress ing asks for IngressClass "traefik", which cluster "main" does not have (it has "nginx")',
      'Gateway gw-cilium asks for GatewayClass "cilium", which cluster "main" does not have (it has "istio")',
    ]);
  });

  test('a Kubernetes version other than the schemas is a warning; the same version is none', () => {
    const warnings = dry(withClaim(undefined, '1.30')).warnings;
    expect(warnings).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'cluster/kubernetes-version', environment: 'dev' }),
    ]);
    expect(warnings[0].message).toMatch(
      /^cluster "main" runs Kubernetes 1\.30, and the environment dev is validated against Kubernetes 1\.33: /,
    );
    expect(dry(withClaim(undefined, '1.33')).warnings).toEqual([]);
  });
});

describe('collisions on a shared cluster', () => {
  /** dev and staging on one cluster, each writing a snapshot class; `setup` adds the rest. */
  function shared(
    setup: (app: Application, env: Environment) => void,
    envProps: { readonly dev?: object; readonly staging?: object } = {},
    cluster = new Cluster('main'),
  ): Platform {
    const p = new Platform();
    for (const name of ['dev', 'staging'] as const) {
      const env = new Environment(p, name, { config: {}, clusters: [cluster], ...envProps[name] });
      setup(new Application(env, 'db'), env);
    }
    return p;
  }
  const own = { dev: { namespaces: { db: 'db' } }, staging: { namespaces: { db: 'db-staging' } } };

  test('a cluster-scoped object written by two environments is an error naming both construct paths', () => {
    const p = shared((app) => new VolumeSnapshotClass(app, 'snap', { name: 'snap', driver: 'x.csi' }), own);
    expect(problemsOf(p)).toEqual([
      expect.objectContaining({
        rule: 'cluster/object-collision',
        constructPath: 'staging/db/snap',
        message:
          'VolumeSnapshotClass/snap is written into cluster "main" by dev/db/snap and staging/db/snap, and neither is marked as its owner',
      }),
    ]);
  });

  test('identical copies with one marked owner pass; the other environment does not write its copy', () => {
    const p = shared((app, env) => {
      const c = new VolumeSnapshotClass(app, 'snap', { name: 'snap', driver: 'x.csi' });
      if (env.name === 'dev') Cluster.markOwner(c);
    }, own);
    const r = dry(p);
    expect(r.warnings).toEqual([]);
    expect(r.files.filter((f) => f.includes('volumesnapshotclass'))).toEqual(['dev/db/volumesnapshotclass-snap.yaml']);
  });

  test('copies that differ, or two owners, are errors even when marked', () => {
    const differ = shared((app, env) => {
      const c = new VolumeSnapshotClass(app, 'snap', { name: 'snap', driver: `${env.name}.csi` });
      if (env.name === 'dev') Cluster.markOwner(c);
    }, own);
    expect(problemsOf(differ).map((x) => x.message)).toEqual([
      'VolumeSnapshotClass/snap is written into cluster "main" by dev/db/snap and staging/db/snap, and their contents differ',
    ]);
    const twoOwners = shared(
      (app) => Cluster.markOwner(new VolumeSnapshotClass(app, 'snap', { driver: 'x.csi', name: 's' })),
      own,
    );
    expect(problemsOf(twoOwners).map((x) => x.message)).toEqual([
      'VolumeSnapshotClass/s is written into cluster "main" by dev/db/snap and staging/db/snap, and more than one is marked as its owner',
    ]);
  });

  test('environments on different clusters may write the same cluster-scoped object', () => {
    const p = new Platform();
    for (const name of ['dev', 'prod']) {
      const app = new Application(new Environment(p, name, { config: {}, clusters: [new Cluster(name)] }), 'db');
      new VolumeSnapshotClass(app, 'snap', { name: 'snap', driver: `${name}.csi` });
    }
    expect(problemsOf(p)).toEqual([]);
  });

  test('two environments in one namespace of one cluster are an error, unless the cluster declares it shared', () => {
    const cm = (app: Application, env: Environment): void => {
      new ConfigMap(app, 'settings', { name: `settings-${env.name}`, data: { a: 'b' } });
    };
    expect(problemsOf(shared(cm))).toEqual([
      expect.objectContaining({
        rule: 'cluster/shared-namespace',
        constructPath: 'staging/db/settings',
        message:
          'environments "dev" and "staging" deploy into namespace "db" of cluster "main" (dev/db/settings and staging/db/settings)',
      }),
    ]);
    expect(problemsOf(shared(cm, own))).toEqual([]);
    expect(problemsOf(shared(cm, {}, new Cluster('main', { sharedNamespaces: ['db'] })))).toEqual([]);
  });

  test('two environments writing one namespaced object into a shared namespace are an error', () => {
    const cm = (app: Application): void => {
      new ConfigMap(app, 'settings', { name: 'settings', data: { a: 'b' } });
    };
    expect(problemsOf(shared(cm, {}, new Cluster('main', { sharedNamespaces: ['db'] })))).toEqual([
      expect.objectContaining({
        rule: 'cluster/object-collision',
        message:
          'ConfigMap/db/settings is written into cluster "main" by dev/db/settings and staging/db/settings, and two environments may not write one namespaced object',
      }),
    ]);
  });

  test('two apps of one environment writing one namespaced object into one namespace are an error', () => {
    const p = new Platform();
    const env = new Environment(p, 'dev', { config: {}, clusters: [new Cluster('main')], namespace: 'shared' });
    new ConfigMap(new Application(env, 'a'), 'settings', { name: 'settings' });
    const passing = problemsOf(p);
    new ConfigMap(new Application(env, 'b'), 'settings', { name: 'settings' });
    expect(passing).toEqual([]);
    expect(problemsOf(p)).toEqual([
      expect.objectContaining({ rule: 'reference/duplicate-object', constructPath: 'dev/b/settings' }),
    ]);
  });

  test('a referred copy on a cluster where no owner writes it is an error', () => {
    const main = new Cluster('main');
    const p = new Platform();
    const make = (name: string, clusters: Cluster[]): void => {
      const env = new Environment(p, name, { config: {}, clusters, namespaces: { db: `db-${name}` } });
      const c = new VolumeSnapshotClass(new Application(env, 'db'), 'snap', { name: 'snap', driver: 'x.csi' });
      if (name === 'dev') Cluster.markOwner(c);
    };
    make('dev', [main]);
    make('staging', [main, new Cluster('other')]);
    expect(problemsOf(p).map((x) => x.message)).toEqual([
      'VolumeSnapshotClass/snap of staging/db/snap is owned by another environment on cluster "main", but environment "staging" also deploys to "other", where no owner writes it',
    ]);
  });
});
