import * as fs from 'fs';
import * as path from 'path';
import { outputFolderRefusal, resolveOutputFolder } from '../../lib/output/output-folder';
import { Application, ConfigMap, Environment, Platform, ValidationFailed } from '../../lib';
import { readTree, tmpDir, writeOwnedTree } from '../support/file-tree';

describe('the output folder synth replaces', () => {
  test('may be missing, empty, or hold only what the last synth wrote (listed in its .berth-output)', () => {
    const root = tmpDir('berth-out-');
    expect(outputFolderRefusal(path.join(root, 'missing'), [])).toBeUndefined();
    fs.mkdirSync(path.join(root, 'empty'));
    expect(outputFolderRefusal(path.join(root, 'empty'), [])).toBeUndefined();
    writeOwnedTree(path.join(root, 'dist'), {
      'dev/shop/configmap-a.yaml': 'a: 1\n',
      'charts/shop/Chart.yaml': 'name: shop\n',
    });
    expect(outputFolderRefusal(path.join(root, 'dist'), [{ path: root, what: 'the project folder' }])).toBeUndefined();
    // A listed file the user deleted, and the folder left empty by it, are fine to replace.
    fs.rmSync(path.join(root, 'dist', 'dev', 'shop', 'configmap-a.yaml'));
    expect(outputFolderRefusal(path.join(root, 'dist'), [])).toBeUndefined();
  });

  test('must not be, or contain, a protected folder (the project, the current folder)', () => {
    const root = tmpDir('berth-out-');
    const project = path.join(root, 'platform');
    fs.mkdirSync(path.join(project, 'apps'), { recursive: true });
    const protect = [{ path: project, what: 'the project folder' }];
    expect(outputFolderRefusal(project, protect)?.message).toBe(
      `the output folder ${project} is the project folder; synth replaces the whole output folder, so it would delete it`,
    );
    expect(outputFolderRefusal(root, protect)?.message).toBe(
      `the output folder ${root} contains the project folder (${project}); synth replaces the whole output folder, so it would delete it`,
    );
    expect(outputFolderRefusal('/', protect)?.message).toContain('contains the project folder');
    // A folder inside the project is fine; so is a sibling whose name starts the same.
    expect(outputFolderRefusal(path.join(project, 'dist'), protect)).toBeUndefined();
    expect(outputFolderRefusal(`${project}-out`, protect)).toBeUndefined();
  });

  test('holding anything the last synth did not write, at any depth, is refused, naming the first such entry in sorted order', () => {
    const out = tmpDir('berth-out-');
    writeOwnedTree(out, { 'dev/shop/configmap-a.yaml': 'a: 1\n', 'dev/kustomization.yaml': 'k\n' });
    fs.mkdirSync(path.join(out, 'dev', 'notes'));
    fs.writeFileSync(path.join(out, 'dev', 'notes', 'todo.md'), 'mine\n');
    fs.writeFileSync(path.join(out, 'dev', 'README.md'), 'mine\n');
    const refusal = outputFolderRefusal(out, []);
    expect(refusal).toEqual({
      message: `the output folder ${out} holds dev/README.md, which the last synth did not write (its list of what it wrote, .berth-output, does not name it); synth replaces the whole output folder, so it would delete it`,
      hint: 'Move dev/README.md out of the output folder, or write the output to a folder of its own (the default is dist/).',
    });
    fs.rmSync(path.join(out, 'dev', 'README.md'));
    // A folder it did not write is named as a folder; so is a listed file that became one.
    expect(outputFolderRefusal(out, [])?.message).toContain(`holds dev/notes/, which the last synth did not write`);
    fs.rmSync(path.join(out, 'dev', 'notes'), { recursive: true });
    fs.rmSync(path.join(out, 'dev', 'kustomization.yaml'));
    fs.mkdirSync(path.join(out, 'dev', 'kustomization.yaml'));
    expect(outputFolderRefusal(out, [])?.message).toContain('holds dev/kustomization.yaml/,');
    fs.rmdirSync(path.join(out, 'dev', 'kustomization.yaml'));
    // Empty folders and hidden entries too.
    for (const [entry, shown] of [
      ['photos', 'photos/'],
      ['.git', '.git/'],
    ]) {
      fs.mkdirSync(path.join(out, entry));
      expect(outputFolderRefusal(out, [])?.message).toContain(`holds ${shown}, which`);
      fs.rmdirSync(path.join(out, entry));
    }
    expect(outputFolderRefusal(out, [])).toBeUndefined();
  });

  describe('without a .berth-output (an output of a Berth that wrote none, or a folder of someone else)', () => {
    const repoDist = path.resolve(__dirname, '..', '..', 'dist');
    /**
     * The committed output as a Berth before `.berth-output` wrote it: without the list, and
     * without the apps built from vendored third-party charts (which came later: their files
     * are the charts', not Berth's by content).
     */
    const legacyCopy = (out: string): void => {
      fs.cpSync(repoDist, out, { recursive: true });
      fs.rmSync(path.join(out, '.berth-output'), { force: true });
      for (const app of ['blog', 'certs', 'redis']) {
        for (const dir of ['dev', 'prod', 'charts']) fs.rmSync(path.join(out, dir, app), { recursive: true });
      }
    };

    test("is accepted when every file is Berth's by its place and content: the committed output of this repository", () => {
      const out = path.join(tmpDir('berth-out-'), 'dist');
      legacyCopy(out);
      expect(Object.keys(readTree(out)).length).toBeGreaterThan(250);
      expect(outputFolderRefusal(out, [])).toBeUndefined();
    });

    test.each([
      ['a folder of files and folders', { 'photos/cat.jpg': 'hi\n' }, ['repo1/.git'], 'photos/cat.jpg'],
      [
        'an object without the managed-by label',
        { 'dev/shop/configmap-mine.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n' },
        [],
        'dev/shop/configmap-mine.yaml',
      ],
      ['a file next to the objects', { 'dev/shop/README.md': 'mine\n' }, [], 'dev/shop/README.md'],
      ['a file next to the apps', { 'dev/notes.txt': 'mine\n' }, [], 'dev/notes.txt'],
      ['a file inside a chart', { 'charts/shop/README.md': 'mine\n' }, [], 'charts/shop/README.md'],
      ['a folder inside a chart', { 'charts/shop/notes/todo.md': 'mine\n' }, [], 'charts/shop/notes/'],
      ['a chart Berth did not write', { 'charts/other/Chart.yaml': 'name: other\n' }, [], 'charts/other/'],
      [
        'a kustomization.yaml Berth did not write',
        { 'dev/kustomization.yaml': 'resources: [a]\npatches: []\n' },
        [],
        'dev/kustomization.yaml',
      ],
      ['an empty folder', {}, ['prod/shop'], 'prod/shop/'],
    ])('%s is refused', (_label, files, folders, first) => {
      const out = path.join(tmpDir('berth-out-'), 'dist');
      legacyCopy(out);
      fs.rmSync(path.join(out, 'prod'), { recursive: true });
      for (const f of folders) fs.mkdirSync(path.join(out, f), { recursive: true });
      for (const [f, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
        fs.writeFileSync(path.join(out, f), text);
      }
      expect(outputFolderRefusal(out, [])?.message).toBe(
        `the output folder ${out} holds ${first}, which is not a file Berth writes (the folder has no .berth-output, the list of what a synth wrote, so only Berth's own YAML and charts may be in it); synth replaces the whole output folder, so it would delete it`,
      );
    });
  });

  test('synth refuses such a folder before rendering anything, and leaves it as it was', () => {
    const out = tmpDir('berth-out-');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const platform = new Platform();
    new ConfigMap(new Application(new Environment(platform, 'dev', { config: {} }), 'shop'), 'settings', {
      data: { a: 'b' },
    });
    let error: unknown;
    try {
      platform.synth({ outdir: out, policy: 'none' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).problems.map((p) => p.rule)).toEqual(['synth/output-folder']);
    expect(readTree(out)).toEqual({ 'notes.txt': 'mine\n' });
    // A dry run writes nothing, so it does not care.
    expect(platform.synth({ outdir: out, policy: 'none', dryRun: true }).files).toContain(
      'dev/shop/configmap-settings.yaml',
    );
  });

  describe('a symbolic link', () => {
    const platformWith = (key: string): Platform => {
      const platform = new Platform();
      new ConfigMap(new Application(new Environment(platform, 'dev', { config: {} }), 'shop'), key, {
        data: { a: 'b' },
      });
      return platform;
    };

    test('is followed to the folder it points to, through chains, dangling links and linked parents', () => {
      const root = fs.realpathSync(tmpDir('berth-out-'));
      fs.mkdirSync(path.join(root, 'gitops', 'platform'), { recursive: true });
      fs.symlinkSync(path.join(root, 'gitops', 'platform'), path.join(root, 'dist'));
      expect(resolveOutputFolder(path.join(root, 'dist'))).toBe(path.join(root, 'gitops', 'platform'));
      // A relative link, a link to a link.
      fs.symlinkSync('dist', path.join(root, 'out'));
      expect(resolveOutputFolder(path.join(root, 'out'))).toBe(path.join(root, 'gitops', 'platform'));
      // A link to what does not exist yet: synth creates the folder it names.
      fs.symlinkSync('gitops/next', path.join(root, 'next'));
      expect(resolveOutputFolder(path.join(root, 'next'))).toBe(path.join(root, 'gitops', 'next'));
      // A linked folder above it.
      fs.symlinkSync('gitops', path.join(root, 'repo'));
      expect(resolveOutputFolder(path.join(root, 'repo', 'platform'))).toBe(path.join(root, 'gitops', 'platform'));
      expect(resolveOutputFolder(path.join(root, 'repo', 'missing', 'deeper'))).toBe(
        path.join(root, 'gitops', 'missing', 'deeper'),
      );
      expect(resolveOutputFolder(path.join(root, 'plain'))).toBe(path.join(root, 'plain'));
      // A loop is refused with a message, not ELOOP later.
      fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
      fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
      expect(() => resolveOutputFolder(path.join(root, 'loop-a'))).toThrow(
        `the output folder ${path.join(root, 'loop-a')} is a loop of symbolic links`,
      );
      expect(outputFolderRefusal(path.join(root, 'loop-a'), [])?.message).toContain('loop of symbolic links');
    });

    test('to the project, or to a folder above it, is refused like the project itself', () => {
      const root = fs.realpathSync(tmpDir('berth-out-'));
      const project = path.join(root, 'platform');
      fs.mkdirSync(path.join(project, 'apps'), { recursive: true });
      fs.symlinkSync(project, path.join(project, 'dist'));
      fs.symlinkSync(root, path.join(project, 'up'));
      const protect = [{ path: project, what: 'the project folder' }];
      expect(outputFolderRefusal(path.join(project, 'dist'), protect)?.message).toBe(
        `the output folder ${project} is the project folder; synth replaces the whole output folder, so it would delete it`,
      );
      expect(outputFolderRefusal(path.join(project, 'up'), protect)?.message).toContain(
        `the output folder ${root} contains the project folder`,
      );
      // The project given through a link is the project too.
      fs.symlinkSync(project, path.join(root, 'project-link'));
      expect(
        outputFolderRefusal(project, [{ path: path.join(root, 'project-link'), what: 'the project folder' }])?.message,
      ).toContain('is the project folder');
    });

    test('synth writes into the linked folder and keeps the link; the next synth replaces what it wrote there', () => {
      const root = fs.realpathSync(tmpDir('berth-out-'));
      const target = path.join(root, 'gitops', 'platform');
      fs.mkdirSync(target, { recursive: true });
      const link = path.join(root, 'dist');
      fs.symlinkSync(target, link);
      platformWith('first').synth({ outdir: link, policy: 'none' });
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(Object.keys(readTree(target))).toContain('dev/shop/configmap-first.yaml');
      platformWith('second').synth({ outdir: link, policy: 'none' });
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      const files = Object.keys(readTree(target));
      expect(files).toContain('dev/shop/configmap-second.yaml');
      expect(files).not.toContain('dev/shop/configmap-first.yaml');
      // Nothing was left next to the link or the target.
      expect(fs.readdirSync(root).sort()).toEqual(['dist', 'gitops']);
      expect(fs.readdirSync(path.join(root, 'gitops'))).toEqual(['platform']);
      // A dangling link: the folder it names is created.
      fs.symlinkSync('gitops/next', path.join(root, 'next'));
      platformWith('third').synth({ outdir: path.join(root, 'next'), policy: 'none' });
      expect(fs.lstatSync(path.join(root, 'next')).isSymbolicLink()).toBe(true);
      expect(Object.keys(readTree(path.join(root, 'gitops', 'next')))).toContain('dev/shop/configmap-third.yaml');
    });
  });
});
