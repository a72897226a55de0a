import * as fs from 'fs';
import * as path from 'path';
import { outputFolderRefusal, resolveOutputFolder } from '../../lib/output/output-folder';
import { Application, ConfigMap, Environment, Platform, ValidationFailed } from '../../lib';
import { readTree, tmpDir } from '../support/file-tree';

describe('the output folder synth replaces', () => {
  test('may be missing, empty, or hold only folders (a previous output)', () => {
    const root = tmpDir('berth-out-');
    expect(outputFolderRefusal(path.join(root, 'missing'), [])).toBeUndefined();
    fs.mkdirSync(path.join(root, 'dist', 'dev', 'shop'), { recursive: true });
    fs.mkdirSync(path.join(root, 'dist', 'charts'));
    fs.writeFileSync(path.join(root, 'dist', 'dev', 'shop', 'configmap-a.yaml'), 'a: 1\n');
    expect(outputFolderRefusal(path.join(root, 'dist'), [{ path: root, what: 'the project folder' }])).toBeUndefined();
  });

  test('must not be, or contain, a protected folder (the project, the current folder)', () => {
    const root = tmpDir('berth-out-');
    const project = path.join(root, 'platform');
    fs.mkdirSync(path.join(project, 'apps'), { recursive: true });
    const protect = [{ path: project, what: 'the project folder' }];
    expect(outputFolderRefusal(project, protect)?.message).toBe(`the output folder ${project} is the project folder; synth replaces the whole output folder, so it would delete it`);
    expect(outputFolderRefusal(root, protect)?.message).toBe(`the output folder ${root} contains the project folder (${project}); synth replaces the whole output folder, so it would delete it`);
    expect(outputFolderRefusal('/', protect)?.message).toContain('contains the project folder');
    // A folder inside the project is fine; so is a sibling whose name starts the same.
    expect(outputFolderRefusal(path.join(project, 'dist'), protect)).toBeUndefined();
    expect(outputFolderRefusal(`${project}-out`, protect)).toBeUndefined();
  });

  test('must hold no file or hidden entry at its top: Berth writes folders only there', () => {
    const out = tmpDir('berth-out-');
    fs.mkdirSync(path.join(out, 'dev'));
    for (const f of ['README.md', '.git', 'package.json', 'a', 'b', 'c']) fs.writeFileSync(path.join(out, f), 'x');
    const refusal = outputFolderRefusal(out, []);
    expect(refusal?.message).toBe(`the output folder ${out} holds entries Berth does not write (.git, README.md, a, b, c, and 1 more); synth replaces the whole output folder, so it would delete them`);
    expect(refusal?.hint).toContain('folder of its own');
  });

  test('synth refuses such a folder before rendering anything, and leaves it as it was', () => {
    const out = tmpDir('berth-out-');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const platform = new Platform();
    new ConfigMap(new Application(new Environment(platform, 'dev', { config: {} }), 'shop'), 'settings', { data: { a: 'b' } });
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
    expect(platform.synth({ outdir: out, policy: 'none', dryRun: true }).files).toContain('dev/shop/configmap-settings.yaml');
  });

  describe('a symbolic link', () => {
    const platformWith = (key: string): Platform => {
      const platform = new Platform();
      new ConfigMap(new Application(new Environment(platform, 'dev', { config: {} }), 'shop'), key, { data: { a: 'b' } });
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
      expect(resolveOutputFolder(path.join(root, 'repo', 'missing', 'deeper'))).toBe(path.join(root, 'gitops', 'missing', 'deeper'));
      expect(resolveOutputFolder(path.join(root, 'plain'))).toBe(path.join(root, 'plain'));
      // A loop is refused with a message, not ELOOP later.
      fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
      fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
      expect(() => resolveOutputFolder(path.join(root, 'loop-a'))).toThrow(`the output folder ${path.join(root, 'loop-a')} is a loop of symbolic links`);
      expect(outputFolderRefusal(path.join(root, 'loop-a'), [])?.message).toContain('loop of symbolic links');
    });

    test('to the project, or to a folder above it, is refused like the project itself', () => {
      const root = fs.realpathSync(tmpDir('berth-out-'));
      const project = path.join(root, 'platform');
      fs.mkdirSync(path.join(project, 'apps'), { recursive: true });
      fs.symlinkSync(project, path.join(project, 'dist'));
      fs.symlinkSync(root, path.join(project, 'up'));
      const protect = [{ path: project, what: 'the project folder' }];
      expect(outputFolderRefusal(path.join(project, 'dist'), protect)?.message).toBe(`the output folder ${project} is the project folder; synth replaces the whole output folder, so it would delete it`);
      expect(outputFolderRefusal(path.join(project, 'up'), protect)?.message).toContain(`the output folder ${root} contains the project folder`);
      // The project given through a link is the project too.
      fs.symlinkSync(project, path.join(root, 'project-link'));
      expect(outputFolderRefusal(project, [{ path: path.join(root, 'project-link'), what: 'the project folder' }])?.message).toContain('is the project folder');
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
