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
