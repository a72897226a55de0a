/**
 * The acceptance test of the Helm output: for every app and environment of the reference
 * platform (`apps/main.ts`), the chart lints and renders the same objects as the plain YAML.
 *
 * Compared as data, ignoring only the two labels Helm's conventions set on each object's
 * `metadata.labels`: `helm.sh/chart`, and `app.kubernetes.io/managed-by` (`Helm` in the chart,
 * `berth` in plain YAML; labels inside pod templates keep `berth` in both).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../lib/synth/synthesizer';
import { helmBinary } from '../support/helm-binary';
import { platform } from '../../apps/main';
import { docs, Obj, withoutHelmLabels } from '../support/helm-equivalence';
import { K8S_SCHEMA_VERSION } from '../../lib/model/k8s-version';

interface HelmRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const HELM_HOME = path.join(path.dirname(helmBinary()), 'home');
let running = 0;
const waiting: (() => void)[] = [];
const PARALLEL = Math.max(2, Math.min(4, os.cpus().length * 2));

/** Runs helm asynchronously, at most {@link PARALLEL} at a time. */
async function helm(args: readonly string[]): Promise<HelmRun> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise<HelmRun>((resolve) => {
      execFile(
        helmBinary(),
        [...args],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          env: {
            ...process.env,
            HELM_CACHE_HOME: path.join(HELM_HOME, 'cache'),
            HELM_CONFIG_HOME: path.join(HELM_HOME, 'config'),
            HELM_DATA_HOME: path.join(HELM_HOME, 'data'),
          },
        },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : 1
            : 0;
          resolve({ status: code, stdout, stderr });
        },
      );
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

let out: string;
const cases: { app: string; env: string; namespace: string }[] = [];
const lints = new Map<string, Promise<HelmRun>>();
const renders = new Map<string, Promise<HelmRun>>();

function byId(objects: Obj[]): Record<string, Obj> {
  const m: Record<string, Obj> = {};
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    if (m[id]) throw new Error(`two objects ${id}`);
    m[id] = withoutHelmLabels(o);
  }
  return m;
}

function plainObjects(env: string, app: string): Record<string, Obj> {
  const dir = path.join(out, env, app);
  return byId(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .flatMap((f) => docs(fs.readFileSync(path.join(dir, f), 'utf8'))),
  );
}

function chartOf(app: string): string {
  return path.join(out, 'charts', app);
}

function templateArgs(c: { app: string; env: string; namespace: string }): string[] {
  return [
    'template',
    c.app,
    chartOf(c.app),
    '--include-crds',
    '-f',
    path.join(chartOf(c.app), `values-${c.env}.yaml`),
    '--namespace',
    c.namespace,
    // The Kubernetes version vendored charts are rendered for in the plain output.
    '--kube-version',
    K8S_SCHEMA_VERSION,
  ];
}

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-reference-'));
  synthesize(platform, { outdir: out, format: 'all' });
  // The environments: the folders at the top but charts/ and argocd/ (next to them, the list .berth-output).
  const envs = fs
    .readdirSync(out, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'charts' && d.name !== 'argocd')
    .map((d) => d.name);
  for (const env of envs.sort()) {
    for (const app of fs
      .readdirSync(path.join(out, env), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()) {
      const objects = Object.values(plainObjects(env, app));
      const namespaces = objects.map((o) => o.metadata?.namespace).filter((n): n is string => typeof n === 'string');
      cases.push({ app, env, namespace: namespaces[0] ?? app });
    }
  }
  // Start every helm run now; the tests await their own.
  for (const c of cases) {
    const key = `${c.app}/${c.env}`;
    lints.set(key, helm(['lint', '--strict', chartOf(c.app), '-f', path.join(chartOf(c.app), `values-${c.env}.yaml`)]));
    renders.set(key, helm(templateArgs(c)));
  }
});

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
});

test('the reference platform has every app in dev, prod and staging', () => {
  const apps = [...new Set(cases.map((c) => c.app))].sort();
  expect(apps).toEqual(expect.arrayContaining(['etcd', 'mysql', 'redis', 'shop', 'training']));
  expect([...new Set(cases.map((c) => c.env))].sort()).toEqual(['dev', 'prod', 'staging']);
  // The apps made from third-party charts are in the environments that own their cluster only.
  const vendored = ['blog', 'certs'];
  expect(
    cases
      .filter((c) => vendored.includes(c.app))
      .map((c) => `${c.app}/${c.env}`)
      .sort(),
  ).toEqual(['blog/dev', 'blog/prod', 'certs/dev', 'certs/prod']);
  expect(cases.length).toBe((apps.length - vendored.length) * 3 + vendored.length * 2);
});

test('helm lint --strict passes for every app and environment', async () => {
  const failed: string[] = [];
  for (const c of cases) {
    const r = await lints.get(`${c.app}/${c.env}`)!;
    if (r.status !== 0 || !r.stdout.includes('1 chart(s) linted, 0 chart(s) failed'))
      failed.push(`${c.app} ${c.env}: ${r.stdout}${r.stderr}`);
  }
  expect(failed).toEqual([]);
});

test('helm template gives the same objects as the plain YAML for every app and environment', async () => {
  for (const c of cases) {
    const r = await renders.get(`${c.app}/${c.env}`)!;
    expect({ case: `${c.app} ${c.env}`, stderr: r.stderr, status: r.status }).toEqual({
      case: `${c.app} ${c.env}`,
      stderr: '',
      status: 0,
    });
    const rendered = byId(docs(r.stdout));
    const plain = plainObjects(c.env, c.app);
    // The chart keeps the cluster-scoped objects another environment owns on a shared cluster
    // (staging on dev's): the plain YAML refers to dev's copy, which the chart's must equal.
    for (const id of Object.keys(rendered).filter((i) => !(i in plain) && c.env === 'staging')) {
      expect({ id, object: rendered[id] }).toEqual({ id, object: plainObjects('dev', c.app)[id] });
      plain[id] = rendered[id];
    }
    expect(Object.keys(rendered).sort()).toEqual(Object.keys(plain).sort());
    for (const id of Object.keys(plain)) expect({ id, object: rendered[id] }).toEqual({ id, object: plain[id] });
  }
});

test('the prod-only pod affinity of the shop becomes a guarded key, not a whole value', () => {
  const t = fs.readFileSync(path.join(chartOf('shop'), 'templates', 'deployment-frontend.yaml'), 'utf8');
  expect(t).toContain('{{ if .Values.frontend.affinity.enabled }}      affinity:');
  expect(t).toMatch(
    /podAntiAffinity:[\s\S]*app\.kubernetes\.io\/instance: \{\{ \.Release\.Name \| toJson \}\}[\s\S]*\{\{ end \}\}/,
  );
  const prod = docs(fs.readFileSync(path.join(chartOf('shop'), 'values-prod.yaml'), 'utf8'))[0];
  expect(prod.frontend.affinity).toEqual({ enabled: true });
  expect(prod.frontend.topologySpreadConstraints).toEqual({ enabled: true });
});

test('cluster-scoped objects carry no namespace in the chart either', async () => {
  const r = await renders.get('mysql/prod')!;
  const scoped = docs(r.stdout).filter((o) => ['StorageClass', 'VolumeSnapshotClass', 'Namespace'].includes(o.kind));
  expect(scoped.map((o) => o.kind).sort()).toEqual(['Namespace', 'StorageClass', 'VolumeSnapshotClass']);
  expect(scoped.filter((o) => o.metadata.namespace !== undefined)).toEqual([]);
});

test('a value that breaks values.schema.json makes helm template fail with the schema error', async () => {
  const c = cases.find((x) => x.app === 'shop' && x.env === 'prod')!;
  const r = await helm([...templateArgs(c), '--set-string', 'frontend.maxReplicas=many']);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/schema/i);
  expect(r.stderr).toMatch(/maxReplicas/);
});

test("WordPress ships MariaDB as the subchart charts/mariadb, and another release name prefixes both charts' objects", async () => {
  const chart = chartOf('wordpress');
  expect(docs(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'))[0].dependencies).toEqual([
    { name: 'mariadb', version: '0.1.0', condition: 'mariadb.enabled' },
  ]);
  expect(fs.existsSync(path.join(chart, 'charts', 'mariadb', 'templates', 'statefulset-mariadb.yaml'))).toBe(true);
  expect(docs(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'))[0].mariadb).toEqual({ enabled: true });
  const c = cases.find((x) => x.app === 'wordpress' && x.env === 'prod')!;
  const other = await helm(['template', 'blog', ...templateArgs(c).slice(2)]);
  expect(other.stderr).toBe('');
  const names = docs(other.stdout)
    .filter((o) => o.kind !== 'Namespace')
    .map((o) => o.metadata.name as string);
  expect(names).toEqual(expect.arrayContaining(['blog-wordpress', 'blog-mariadb']));
  expect(names.filter((n) => !n.startsWith('blog-'))).toEqual([]);
  const off = await helm([...templateArgs(c), '--set', 'mariadb.enabled=false']);
  expect(docs(off.stdout).filter((o) => o.metadata.name === 'mariadb')).toEqual([]);
});

test("createNamespace=false leaves out the app's own Namespace and nothing else (for helm install --create-namespace); the schema wants a boolean", async () => {
  const c = cases.find((x) => x.app === 'shop' && x.env === 'prod')!;
  const values = docs(fs.readFileSync(path.join(chartOf('shop'), 'values.yaml'), 'utf8'))[0] as Record<string, unknown>;
  expect(values.createNamespace).toBe(true);
  const [all, without, wrong] = await Promise.all([
    renders.get('shop/prod')!,
    helm([...templateArgs(c), '--set', 'createNamespace=false']),
    helm([...templateArgs(c), '--set', 'createNamespace=maybe']),
  ]);
  const full = byId(docs(all.stdout));
  expect(Object.keys(full)).toContain(`Namespace//${c.namespace}`);
  expect(without.status).toBe(0);
  const rest = { ...full };
  delete rest[`Namespace//${c.namespace}`];
  expect(byId(docs(without.stdout))).toEqual(rest);
  expect(wrong.status).not.toBe(0);
  expect(wrong.stderr).toContain("at '/createNamespace': got string, want boolean");
  // Charts without a Namespace of their own have no such value.
  for (const app of new Set(cases.map((x) => x.app))) {
    const hasOwn = fs.readdirSync(path.join(chartOf(app), 'templates')).some((f) => f.startsWith('namespace-'));
    const own = docs(fs.readFileSync(path.join(chartOf(app), 'values.yaml'), 'utf8'))[0] as Record<string, unknown>;
    expect({ app, createNamespace: own.createNamespace }).toEqual({ app, createNamespace: hasOwn ? true : undefined });
  }
});

test("cert-manager and Bitnami's WordPress stay templates of their app charts: Berth annotates their objects (waivers, external Secrets), which the charts' own render lacks", () => {
  for (const app of ['certs', 'blog']) {
    const chart = chartOf(app);
    expect(docs(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'))[0].dependencies).toBeUndefined();
    expect(fs.existsSync(path.join(chart, 'charts'))).toBe(false);
  }
  expect(fs.readFileSync(path.join(chartOf('certs'), 'templates', 'deployment-cert-manager.yaml'), 'utf8')).toContain(
    'waive.berth.dev/policy.rbac-secrets:',
  );
  expect(fs.readFileSync(path.join(chartOf('blog'), 'templates', 'deployment-blog-wordpress.yaml'), 'utf8')).toContain(
    'berth.dev/external-secrets: blog-mariadb,blog-wordpress',
  );
});
