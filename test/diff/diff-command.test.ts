import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { runSynthCommand } from '../../lib/cli/commands/synth-command';
import { runDiffCommand } from '../../lib/cli/commands/diff-command';
import { bufferIO } from '../support/capture-io';

// Berth's build, as a user's program imports the package (its declarations type-check fast).
const LIB = path.resolve(__dirname, '..', '..', 'build', 'lib');

/**
 * A project whose program has, per environment, a ConfigMap, a claim and a ServiceAccount in
 * app `shop`; `berth` is more of cdk8s.yaml's `berth:` section.
 */
function project(berth = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-diff-'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: apps/main.ts\noutput: dist\nberth:\n  policy: none\n${berth}`);
  fs.mkdirSync(path.join(dir, 'apps'));
  fs.writeFileSync(
    path.join(dir, 'apps', 'main.ts'),
    `
import { ApiResource, Application, Environment, Platform } from ${JSON.stringify(path.join(LIB, 'index'))};
export const platform = new Platform();
for (const name of ['dev', 'prod']) {
  const app = new Application(new Environment(platform, name, { config: {} }), 'shop');
  new ApiResource(app, 'settings', { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { mode: name } } as object);
  new ApiResource(app, 'data', { apiVersion: 'v1', kind: 'PersistentVolumeClaim' }, { spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } } as object);
  new ApiResource(app, 'web', { apiVersion: 'v1', kind: 'ServiceAccount' }, { automountServiceAccountToken: false } as object);
}
`,
  );
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, 'dist', file);
  const text = fs.readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
}

describe('berth diff', () => {
  test('a program that fails is synth failing: exit 2, which no difference gives', async () => {
    const dir = project();
    fs.appendFileSync(path.join(dir, 'apps', 'main.ts'), "throw new Error('the registry is unreachable');\n");
    const { io, out, err } = bufferIO();
    expect(await main(['diff'], io, dir)).toBe(2);
    expect(err()).toMatch(
      /^berth diff: the program apps\/main\.ts failed while building the platform at apps\/main\.ts:10:7: the registry is unreachable\n/,
    );
    expect(out()).toBe('');
  });

  test('exits 0 and says so when dist/ matches the code', async () => {
    const dir = project();
    const synth = bufferIO();
    const code = await runSynthCommand([], synth.io, dir);
    expect(synth.err()).toBe('');
    expect(code).toBe(0);
    const { io, out } = bufferIO();
    expect(await runDiffCommand([], io, dir)).toBe(0);
    expect(out()).toBe('No differences: the output is up to date (6 objects).\n');
  });

  test('exits 1 and lists changed fields, removed and added objects, and a DANGEROUS rename', async () => {
    const dir = project();
    await runSynthCommand([], bufferIO().io, dir);
    // dist/ as an older version of the code wrote it.
    edit(dir, 'dev/shop/configmap-settings.yaml', 'mode: dev', 'mode: debug');
    edit(dir, 'dev/shop/persistentvolumeclaim-data.yaml', 'name: data', 'name: data-old');
    edit(dir, 'dev/shop/persistentvolumeclaim-data.yaml', 'storageClassName: fast', 'storageClassName: slow');
    fs.rmSync(path.join(dir, 'dist', 'dev', 'shop', 'serviceaccount-web.yaml'));
    fs.writeFileSync(
      path.join(dir, 'dist', 'dev', 'shop', 'secret-old.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: old\n  namespace: shop\n',
    );
    const { io, out } = bufferIO();
    expect(await runDiffCommand([], io, dir)).toBe(1);
    expect(out()).toBe(
      [
        'dev/shop',
        '  ~ ConfigMap shop/settings (changed)',
        '      data.mode: "debug" → "dev"',
        '  ! PersistentVolumeClaim shop/data-old → shop/data (renamed) DANGEROUS',
        '      DANGEROUS: PersistentVolumeClaim renamed from data-old to data: the old object and its data are deleted and a new, empty one is created',
        '      DANGEROUS: spec.storageClassName is immutable: the API server refuses this change: the object must be deleted and recreated, and its volumes (with their data) are replaced',
        '      spec.storageClassName: "slow" → "fast"',
        '  - Secret shop/old (removed)',
        '  + ServiceAccount shop/web (added)',
        '',
        'Differences: 1 added, 1 removed, 1 changed, 1 renamed.',
        '1 DANGEROUS: these objects would be replaced (deleted and recreated); for storage that loses data. Keep the old names and immutable fields, or plan the migration.',
        '',
      ].join('\n'),
    );
  });

  test('--format json gives the same diff as data; --env limits it to one environment', async () => {
    const dir = project();
    await runSynthCommand([], bufferIO().io, dir);
    edit(dir, 'prod/shop/configmap-settings.yaml', 'mode: prod', 'mode: production');
    const json = bufferIO();
    expect(await runDiffCommand(['--format', 'json'], json.io, dir)).toBe(1);
    expect(JSON.parse(json.out())).toEqual({
      equal: false,
      summary: {
        added: 0,
        removed: 0,
        changed: 1,
        renamed: 0,
        dangerous: 0,
        dangerousRemovals: 0,
        chartFiles: 0,
        files: 0,
      },
      apps: [
        {
          environment: 'prod',
          app: 'shop',
          objects: [
            {
              type: 'changed',
              ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'settings' },
              fields: [{ path: 'data.mode', old: 'production', new: 'prod' }],
              dangers: [],
            },
          ],
        },
      ],
      charts: [],
      files: [],
    });
    const dev = bufferIO();
    expect(await runDiffCommand(['--env', 'dev'], dev.io, dir)).toBe(0);
    expect(dev.out()).toBe('No differences: the output is up to date (3 objects).\n');
  });

  test('without dist/ every object is added, and the kustomization files are missing; a wrong --format is a usage error (exit 2)', async () => {
    const dir = project();
    const { io, out } = bufferIO();
    expect(await runDiffCommand(['--env', 'prod'], io, dir)).toBe(1);
    expect(out()).toBe(
      [
        'prod/shop',
        '  + ConfigMap shop/settings (added)',
        '  + PersistentVolumeClaim shop/data (added)',
        '  + ServiceAccount shop/web (added)',
        '',
        'files',
        '  + prod/kustomization.yaml (missing: synth writes it)',
        '  + prod/shop/kustomization.yaml (missing: synth writes it)',
        '',
        'Differences: 3 added, 0 removed, 0 changed, 0 renamed, 2 files differ.',
        '',
      ].join('\n'),
    );
    const bad = bufferIO();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await main(['diff', '--format', 'yaml'], bad.io)).toBe(2);
    } finally {
      process.chdir(cwd);
    }
    expect(bad.err()).toBe('berth diff: --format yaml: allowed: text, json\n');
  });
});

describe('berth diff compares every file synth writes', () => {
  /** Runs `berth diff` with `args` in `dir`: exit code and text. */
  async function diff(dir: string, ...args: string[]): Promise<{ code: number; out: string }> {
    const { io, out, err } = bufferIO();
    const code = await runDiffCommand(args, io, dir);
    expect(err()).toBe('');
    return { code, out: out() };
  }
  const dist = (dir: string, file: string): string => path.join(dir, 'dist', file);

  test('a deleted environment kustomization, a corrupted app kustomization, foreign files: exit 1, each named', async () => {
    const dir = project();
    await runSynthCommand([], bufferIO().io, dir);
    fs.rmSync(dist(dir, 'dev/kustomization.yaml'));
    fs.writeFileSync(dist(dir, 'dev/shop/kustomization.yaml'), 'resources: [\n');
    // Not objects, or objects the diff sees already (a copy of one), in places synth does not write.
    fs.writeFileSync(dist(dir, 'dev/shop/extra.yaml'), 'foo: bar\n');
    fs.copyFileSync(dist(dir, 'dev/shop/configmap-settings.yaml'), dist(dir, 'dev/shop/copy.yaml'));
    fs.writeFileSync(dist(dir, 'dev/shop/README.md'), 'notes\n');
    fs.mkdirSync(dist(dir, 'prod/shop/old'));
    fs.writeFileSync(
      dist(dir, 'prod/shop/old/configmap-x.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
    fs.symlinkSync('/etc/hostname', dist(dir, 'prod/shop/link.yaml'));
    fs.writeFileSync(dist(dir, 'notes.txt'), 'top\n');
    // The same objects in other text is a changed file.
    fs.appendFileSync(dist(dir, 'prod/shop/configmap-settings.yaml'), '# edited by hand\n');
    const text = await diff(dir);
    expect(text.out).toBe(
      [
        'files',
        '  + dev/kustomization.yaml (missing: synth writes it)',
        '  - dev/shop/README.md (extra: synth does not write it)',
        '  - dev/shop/copy.yaml (extra: synth does not write it)',
        '  - dev/shop/extra.yaml (extra: synth does not write it)',
        '  ~ dev/shop/kustomization.yaml (changed)',
        '  - notes.txt (extra: synth does not write it)',
        '  ~ prod/shop/configmap-settings.yaml (changed)',
        '  - prod/shop/link.yaml (extra: synth does not write it: not a regular file)',
        '  - prod/shop/old/configmap-x.yaml (extra: synth does not write it)',
        '',
        'Differences: 0 added, 0 removed, 0 changed, 0 renamed, 9 files differ.',
        '',
      ].join('\n'),
    );
    expect(text.code).toBe(1);
    const json = bufferIO();
    expect(await runDiffCommand(['--format', 'json', '--env', 'dev'], json.io, dir)).toBe(1);
    expect(JSON.parse(json.out())).toEqual({
      equal: false,
      summary: {
        added: 0,
        removed: 0,
        changed: 0,
        renamed: 0,
        dangerous: 0,
        dangerousRemovals: 0,
        chartFiles: 0,
        files: 5,
      },
      apps: [],
      charts: [],
      files: [
        { file: 'dev/kustomization.yaml', type: 'added' },
        { file: 'dev/shop/README.md', type: 'removed' },
        { file: 'dev/shop/copy.yaml', type: 'removed' },
        { file: 'dev/shop/extra.yaml', type: 'removed' },
        { file: 'dev/shop/kustomization.yaml', type: 'changed' },
      ],
    });
  });

  test('an object file that shows in the object diff is not listed again; a moved object shows its two files', async () => {
    const dir = project();
    await runSynthCommand([], bufferIO().io, dir);
    fs.renameSync(dist(dir, 'dev/shop/serviceaccount-web.yaml'), dist(dir, 'dev/shop/sa.yaml'));
    edit(dir, 'dev/shop/sa.yaml', 'automountServiceAccountToken: false', 'automountServiceAccountToken: true');
    fs.renameSync(dist(dir, 'prod/shop/configmap-settings.yaml'), dist(dir, 'prod/shop/settings.yaml'));
    expect((await diff(dir)).out).toBe(
      [
        'dev/shop',
        '  ~ ServiceAccount shop/web (changed)',
        '      automountServiceAccountToken: true → false',
        '',
        'files',
        '  + prod/shop/configmap-settings.yaml (missing: synth writes it)',
        '  - prod/shop/settings.yaml (extra: synth does not write it)',
        '',
        'Differences: 0 added, 0 removed, 1 changed, 0 renamed, 2 files differ.',
        '',
      ].join('\n'),
    );
  });

  test('only what a synth of the same settings replaces is compared: entries starting with "." at the top never, charts with --charts, other environments not with --env', async () => {
    const dir = project('  gitops:\n    repoURL: https://example.com/platform.git\n');
    await runSynthCommand([], bufferIO().io, dir);
    expect(fs.readdirSync(dist(dir, 'argocd/dev')).sort()).toEqual(['kustomization.yaml', 'shop.yaml']);
    fs.writeFileSync(dist(dir, '.berth-output'), 'anything\n');
    fs.mkdirSync(dist(dir, '.git'));
    fs.writeFileSync(dist(dir, '.git/HEAD'), 'ref: refs/heads/main\n');
    fs.mkdirSync(dist(dir, 'charts/shop'), { recursive: true });
    fs.writeFileSync(dist(dir, 'charts/shop/Chart.yaml'), 'name: shop\n');
    expect(await diff(dir)).toEqual({ code: 0, out: 'No differences: the output is up to date (6 objects).\n' });
    fs.writeFileSync(dist(dir, 'argocd/prod/extra.yaml'), 'x: 1\n');
    fs.rmSync(dist(dir, 'argocd/dev/shop.yaml'));
    const summary = (files: string): string => `Differences: 0 added, 0 removed, 0 changed, 0 renamed, ${files}.\n`;
    expect(await diff(dir, '--env', 'dev')).toEqual({
      code: 1,
      out: `files\n  + argocd/dev/shop.yaml (missing: synth writes it)\n\n${summary('1 file differs')}`,
    });
    expect(await diff(dir, '--env', 'prod')).toEqual({
      code: 1,
      out: `files\n  - argocd/prod/extra.yaml (extra: synth does not write it)\n\n${summary('1 file differs')}`,
    });
    const charts = await diff(dir, '--charts', '--env', 'prod');
    expect(charts.code).toBe(1);
    expect(charts.out).toContain(
      'charts/\n  + charts/shop/.helmignore (added)\n  ~ charts/shop/Chart.yaml (changed)\n',
    );
    expect(charts.out).not.toContain('.berth-output');
  });
});
