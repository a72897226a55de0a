import * as fs from 'fs';
import * as path from 'path';
import { berth, project } from '../support/berth-project';

/**
 * `berth validate` of what `berth synth` wrote, in a project of the user's own: no `crds/`
 * folder, so the schemas of the custom kinds Berth's constructs emit (Argo CD Application,
 * VolumeSnapshotClass) must be Berth's own.
 */
const PROGRAM = `
import { Platform, Environment, Application, ConfigMap, VolumeSnapshotClass } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'hello');
new ConfigMap(app, 'settings', { data: { greeting: 'hi' } });
new VolumeSnapshotClass(app, 'snapshots', { driver: 'ebs.csi.aws.com' });
`;

function gitopsProject(program: string): string {
  const dir = project(program);
  fs.writeFileSync(
    path.join(dir, 'cdk8s.yaml'),
    'app: main.ts\noutput: dist\nberth:\n  gitops:\n    repoURL: https://example.com/p.git\n    targetRevision: main\n    path: dist\n',
  );
  return dir;
}

test("validate of synth's output knows Berth's own custom kinds without a crds/ folder", () => {
  const dir = gitopsProject(PROGRAM);
  const synth = berth(dir, ['synth']);
  expect(synth.status).toBe(0);
  expect(fs.existsSync(path.join(dir, 'crds'))).toBe(false);
  expect(fs.readdirSync(path.join(dir, 'dist', 'argocd', 'dev'))).toEqual(['hello.yaml', 'kustomization.yaml']);
  const r = berth(dir, ['validate', 'dist']);
  expect(r.stdout).toBe('0 errors, 0 warnings\n');
  expect(r.status).toBe(0);
});

test('validate names the CRD folders whose schemas it used: the project crds/ and --crds', () => {
  const dir = gitopsProject(PROGRAM);
  expect(berth(dir, ['synth']).status).toBe(0);
  fs.mkdirSync(path.join(dir, 'crds'));
  fs.mkdirSync(path.join(dir, 'more'));
  // A copy of Berth's own CRD in the project's crds/ takes precedence, and is named.
  fs.copyFileSync(
    path.join(__dirname, '../../schemas/crds/snapshot.storage.k8s.io_volumesnapshotclasses.yaml'),
    path.join(dir, 'crds', 'snapshots.yaml'),
  );
  fs.copyFileSync(
    path.join(__dirname, '../../schemas/crds/argoproj.io_appprojects.yaml'),
    path.join(dir, 'more', 'projects.yaml'),
  );
  const r = berth(dir, ['validate', 'dist', '--crds', 'more']);
  expect(r.stderr).toBe(
    "berth validate: the schemas of VolumeSnapshotClass come from the CRDs in crds (the project's crds/, beside cdk8s.yaml)\n",
  );
  expect(r.stdout).toBe('0 errors, 0 warnings\n');
  expect(r.status).toBe(0);
});

const WAIVED = `
import { Platform, Environment, Application, Deployment, NetworkPolicies, Waivers, Cpu, Size, Probe, Spread } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'legacy');
NetworkPolicies.defaultDeny(app);
const web = new Deployment(app, 'web', {
  replicas: 2,
  spread: [Spread.onePerNode()],
  securityContext: { allowRootUser: true },
  containers: [{
    image: 'nginx:1.27.0',
    ports: [{ port: 8080 }],
    liveness: Probe.tcp(8080),
    securityContext: { allowRootUser: true },
    resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } },
  }],
});
web.addDisruptionBudget({ minAvailable: 1 });
Waivers.of(web).waive('policy/run-as-non-root', 'the vendor image runs as root; OPS-12');
`;

test('waivers travel with the output as annotations, and validate reports the same waivers', () => {
  const dir = project(WAIVED);
  const synth = berth(dir, ['synth']);
  expect(synth.stderr).toBe(
    'waivers\n  dev/legacy/web  policy/run-as-non-root: the vendor image runs as root; OPS-12\n0 errors, 0 warnings\n',
  );
  expect(synth.status).toBe(0);
  const yaml = fs.readFileSync(path.join(dir, 'dist', 'dev', 'legacy', 'deployment-web.yaml'), 'utf8');
  expect(yaml).toContain(
    [
      '  annotations:',
      '    ignore-check.kube-linter.io/run-as-non-root: the vendor image runs as root; OPS-12',
      '    polaris.fairwinds.com/runAsRootAllowed-exempt: "true"',
      '    waive.berth.dev/policy.run-as-non-root: the vendor image runs as root; OPS-12',
      '    waived-on.berth.dev/policy.run-as-non-root: legacy/web',
    ].join('\n'),
  );
  // Only the objects below the waived construct carry it (its ServiceAccount too), not the NetworkPolicy.
  expect(
    fs.readFileSync(path.join(dir, 'dist', 'dev', 'legacy', 'networkpolicy-default-deny.yaml'), 'utf8'),
  ).not.toContain('waive.berth.dev');
  const r = berth(dir, ['validate', 'dist', '--format', 'json']);
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout) as { summary: unknown; waivers: unknown[] };
  expect(report.summary).toEqual({ errors: 0, warnings: 0 });
  expect(report.waivers).toEqual([
    {
      rule: 'policy/run-as-non-root',
      reason: 'the vendor image runs as root; OPS-12',
      constructPath: 'dev/legacy/web',
    },
  ]);
  const text = berth(dir, ['validate', 'dist']);
  expect(text.stdout).toBe(
    'waivers\n  dev/legacy/web  policy/run-as-non-root: the vendor image runs as root; OPS-12\n0 errors, 0 warnings\n',
  );
  // The same text as synth's report.
  expect(text.stdout).toBe(synth.stderr);
});

test('a waiver of a rule that makes no annotation key is refused when declared', () => {
  const dir = project(`
import { Platform, Environment, Application, ConfigMap, Waivers } from BERTH;
export const platform = new Platform();
const app = new Application(new Environment(platform, 'dev', { config: {} }), 'hello');
new ConfigMap(app, 'settings', { data: { greeting: 'hi' } });
Waivers.of(app).waive('schema/${'x'.repeat(60)}', 'a reason long enough');
`);
  const r = berth(dir, ['synth']);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('makes no annotation key (waive.berth.dev/<family>.<rule>: at most 63 characters');
});

test('the waiver annotations are the same in every environment: a chart needs no value for them', () => {
  const dir = project(
    WAIVED.replace(
      "const app = new Application(new Environment(platform, 'dev', { config: {} }), 'legacy');",
      "for (const name of ['dev', 'prod']) {\nconst app = new Application(new Environment(platform, name, { config: {} }), 'legacy');",
    ) + '}\n',
  );
  const synth = berth(dir, ['synth', '--format', 'all']);
  expect(synth.status).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'dist', 'charts', 'legacy', 'values-prod.yaml'), 'utf8')).toBe('{}\n');
  expect(
    fs
      .readFileSync(path.join(dir, 'dist', 'charts', 'legacy', 'templates', 'deployment-web.yaml'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('waive')),
  ).toEqual([
    '    waive.berth.dev/policy.run-as-non-root: the vendor image runs as root; OPS-12',
    '    waived-on.berth.dev/policy.run-as-non-root: legacy/web',
  ]);
  const r = berth(dir, ['validate', 'dist']);
  expect(r.stdout).toBe(
    'waivers\n  dev/legacy/web  policy/run-as-non-root: the vendor image runs as root; OPS-12\n  prod/legacy/web  policy/run-as-non-root: the vendor image runs as root; OPS-12\n0 errors, 0 warnings\n',
  );
  expect(r.stdout).toBe(synth.stderr.replace(/Synthesized.*\n/, ''));
  expect(r.status).toBe(0);
});
