import * as fs from 'fs';
import * as path from 'path';
import { outputFolderRefusal } from '../../lib/synth/output-folder';
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
});
