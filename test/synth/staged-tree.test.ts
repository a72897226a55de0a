import * as fs from 'fs';
import * as path from 'path';
import { readTree, tmpDir as newTmpDir } from '../support/file-tree';
import { StagedTree } from '../../lib/synth/staged-tree';


/** Entries next to `out` other than `out` itself (left-over staging folders). */
function leftovers(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).filter((e) => e !== path.basename(out));
}

const tmpDir = (): string => newTmpDir('berth-staged-');

describe.each([
  ['inline', false],
  ['on a writer thread', true],
])('StagedTree, writing %s', (_label, threaded) => {
  test('commit replaces the folder with exactly the added files (stale ones go)', () => {
    const out = path.join(tmpDir(), 'dist');
    fs.mkdirSync(path.join(out, 'old'), { recursive: true });
    fs.writeFileSync(path.join(out, 'old', 'stale.yaml'), 'stale');
    const tree = new StagedTree(out, { threaded });
    const expected: Record<string, string> = {};
    // More than one batch for the thread, in several folders, with non-ASCII text.
    for (let i = 0; i < 700; i++) {
      const rel = `env-${i % 3}/app/file-${i}.yaml`;
      expected[path.join(`env-${i % 3}`, 'app', `file-${i}.yaml`)] = `n: ${i}\nnote: "ü ${i}"\n`;
      tree.add(rel, `n: ${i}\nnote: "ü ${i}"\n`);
    }
    tree.commit();
    expect(readTree(out)).toEqual(expected);
    expect(leftovers(out)).toEqual([]);
  });

  test('keep carries the named top-level entries of the old folder over', () => {
    const out = path.join(tmpDir(), 'dist');
    fs.mkdirSync(path.join(out, 'charts', 'shop'), { recursive: true });
    fs.writeFileSync(path.join(out, 'charts', 'shop', 'Chart.yaml'), 'name: shop\n');
    fs.mkdirSync(path.join(out, 'dev'));
    fs.writeFileSync(path.join(out, 'dev', 'gone.yaml'), 'x: 1\n');
    const tree = new StagedTree(out, { threaded, keep: (e) => e === 'charts' });
    tree.add('dev/new.yaml', 'y: 2\n');
    tree.commit();
    expect(readTree(out)).toEqual({ [path.join('charts', 'shop', 'Chart.yaml')]: 'name: shop\n', [path.join('dev', 'new.yaml')]: 'y: 2\n' });
  });

  test('abort leaves the previous folder exactly as it was and removes the staging folder', () => {
    const out = path.join(tmpDir(), 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'a.yaml'), 'a: 1\n');
    const tree = new StagedTree(out, { threaded });
    for (let i = 0; i < 600; i++) tree.add(`x/${i}.yaml`, 'b: 2\n');
    tree.abort();
    expect(readTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(leftovers(out)).toEqual([]);
    expect(() => tree.add('late.yaml', '')).toThrow(/already committed or aborted/);
  });

  test('a write that fails makes the commit throw the error and leaves the previous folder untouched', () => {
    const out = path.join(tmpDir(), 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'a.yaml'), 'a: 1\n');
    const tree = new StagedTree(out, { threaded });
    tree.add('dev/file.yaml', 'x: 1\n');
    // `dev/file.yaml` is a file, so nothing can be written below it.
    let error: unknown;
    try {
      tree.add('dev/file.yaml/inner.yaml', 'y: 1\n');
      tree.commit();
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/ENOTDIR|EEXIST/);
    expect(readTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(leftovers(out)).toEqual([]);
  });
});
