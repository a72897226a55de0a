import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { recoverOutputFolder, StagedTree } from '../../lib/output/staged-tree';
import { readOutputTree, tmpDir, writeOwnedTree } from '../support/file-tree';
import { commitKilledAt } from '../support/killed-commit';
import { canMountTmpfs } from '../support/mount';

const OLD = { 'dev/shop/a.yaml': 'a: 1\n', 'prod/shop/a.yaml': 'a: 1\n', 'charts/shop/Chart.yaml': 'name: shop\n' };
const NEW = { 'dev/shop/a.yaml': 'a: 2\n', 'dev/shop/b.yaml': 'b: 2\n', 'stage/shop/a.yaml': 'a: 2\n' };

/** `files` as readTree gives them (platform separators). */
const asTree = (files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([f, t]) => [path.join(...f.split('/')), t]));

/** Entries next to `out` (and inside it, when `inside`) other than the output's own. */
function leftovers(out: string): string[] {
  const next = fs.readdirSync(path.dirname(out)).filter((e) => e !== path.basename(out));
  const inside = fs.existsSync(out) ? fs.readdirSync(out).filter((e) => e.startsWith('.dist.staging-')) : [];
  return [...next, ...inside.map((e) => `dist/${e}`)];
}

describe('a synth killed while it swaps its output in', () => {
  // Folder swap: 1 journal written, 2 the old output renamed aside, 3 the new one renamed in.
  test.each([
    [1, 'before the first rename: the old output stays', OLD, true],
    [2, 'between the renames (no output folder): the new output is rolled forward', NEW, false],
    [3, 'after the second rename: the new output stays, the old copy goes', NEW, true],
  ])('at step %i, %s', (killAt, _label, expected, outputThere) => {
    const out = path.join(tmpDir('berth-swap-'), 'dist');
    writeOwnedTree(out, OLD);
    const child = commitKilledAt(out, NEW, killAt);
    expect([child.signal, child.stderr]).toEqual(['SIGKILL', '']);
    expect(fs.existsSync(out)).toBe(outputThere);
    expect(leftovers(out)).toContain('.dist.staging-journal');
    // The next command that reads the output (berth diff) completes the swap.
    recoverOutputFolder(out);
    expect(readOutputTree(out)).toEqual(asTree(expected));
    expect(leftovers(out)).toEqual([]);
  });

  test('the next synth completes the swap first, then writes over the complete output', () => {
    const out = path.join(tmpDir('berth-swap-'), 'dist');
    writeOwnedTree(out, OLD);
    expect(commitKilledAt(out, NEW, 2).signal).toBe('SIGKILL');
    const tree = new StagedTree(out, { keep: (rel) => rel !== 'dev' });
    tree.add('dev/shop/c.yaml', 'c: 3\n');
    tree.commit();
    expect(readOutputTree(out)).toEqual(asTree({ 'dev/shop/c.yaml': 'c: 3\n', 'stage/shop/a.yaml': 'a: 2\n' }));
    expect(leftovers(out)).toEqual([]);
  });

  test('a journal cut short (killed while writing it, before any rename) is dropped', () => {
    const out = path.join(tmpDir('berth-swap-'), 'dist');
    writeOwnedTree(out, OLD);
    fs.writeFileSync(path.join(path.dirname(out), '.dist.staging-journal'), '{"mode":"fol');
    recoverOutputFolder(out);
    expect(readOutputTree(out)).toEqual(asTree(OLD));
    expect(leftovers(out)).toEqual([]);
  });
});

const mountTest = canMountTmpfs('the mount point and full-disk tests of output-swap.test.ts') ? test : test.skip;

describe('an output folder that is a mount point', () => {
  const mounted: string[] = [];
  afterEach(() => {
    for (const m of mounted.splice(0)) execFileSync('umount', [m]);
  });

  /** `dist` in a new folder, made a mount point: a tmpfs, or a bind mount of a folder of the same file system. */
  function mountedOutput(kind: 'tmpfs' | 'bind'): string {
    const root = tmpDir('berth-mount-');
    const out = path.join(root, 'dist');
    fs.mkdirSync(out);
    if (kind === 'tmpfs') {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0755', 'tmpfs', out]);
    } else {
      const source = tmpDir('berth-mount-source-');
      fs.chmodSync(source, 0o755);
      execFileSync('mount', ['--bind', source, out]);
    }
    mounted.push(out);
    writeOwnedTree(out, OLD);
    return out;
  }

  const mountOf = (out: string): string =>
    execFileSync('findmnt', ['-n', '-o', 'TARGET', '--target', out], { encoding: 'utf8' }).trim();

  mountTest.each(['tmpfs', 'bind'] as const)(
    '(%s) is written inside, entry by entry: still mounted, same mode, nothing staged left',
    (kind) => {
      const out = mountedOutput(kind);
      const mode = fs.statSync(out).mode;
      for (const files of [NEW, OLD]) {
        const tree = new StagedTree(out, { threaded: kind === 'bind' });
        for (const [rel, text] of Object.entries(files)) tree.add(rel, text);
        tree.commit();
        expect(readOutputTree(out)).toEqual(asTree(files));
      }
      expect(mountOf(out)).toBe(out);
      expect(fs.statSync(out).mode).toBe(mode);
      expect(leftovers(out)).toEqual([]);
    },
  );

  mountTest(
    'not recognised as one, the rename fails (EBUSY): the staged files are copied inside, then swapped entry by entry',
    () => {
      const out = mountedOutput('tmpfs');
      const swap = require('../../lib/output/output-swap') as typeof import('../../lib/output/output-swap');
      const spy = jest.spyOn(swap, 'isMountPoint').mockReturnValue(false);
      try {
        const tree = new StagedTree(out);
        for (const [rel, text] of Object.entries(NEW)) tree.add(rel, text);
        // Staged next to the output folder, as for any folder.
        expect(leftovers(out)).toEqual([expect.stringMatching(/^\.dist\.staging-\d+-\w+$/), '.dist.staging-lock']);
        tree.commit();
      } finally {
        spy.mockRestore();
      }
      expect(readOutputTree(out)).toEqual(asTree(NEW));
      expect(mountOf(out)).toBe(out);
      expect(leftovers(out)).toEqual([]);
    },
  );

  mountTest(
    'a full disk under the writer thread: ENOSPC is an OutputFolderError, the previous output stays, staging goes',
    () => {
      const disk = tmpDir('berth-full-');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk]);
      mounted.push(disk);
      const out = path.join(disk, 'dist');
      writeOwnedTree(out, OLD);
      const tree = new StagedTree(out, { threaded: true });
      for (let i = 0; i < 100; i++) tree.add(`dev/shop/f-${i}.yaml`, 'x'.repeat(8192));
      expect(() => tree.commit()).toThrow(
        new RegExp(
          `^no space left on the disk \\(ENOSPC\\) while writing the output into ${disk}/\\.dist\\.staging-\\d+-\\w+; the previous output ${out} is unchanged$`,
        ),
      );
      expect(readOutputTree(out)).toEqual(asTree(OLD));
      expect(fs.readdirSync(disk)).toEqual(['dist']);
    },
  );

  // Entries swap: 1 journal; 2-5 the old entries (.berth-output, charts, dev, prod) moved aside; 6-8 the new ones (.berth-output, dev, stage) moved up.
  mountTest.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'killed at step %i of its swap, is completed by the next command that reads it',
    (killAt) => {
      const out = mountedOutput('tmpfs');
      expect(commitKilledAt(out, NEW, killAt).signal).toBe('SIGKILL');
      recoverOutputFolder(out);
      expect(readOutputTree(out)).toEqual(asTree(NEW));
      expect(mountOf(out)).toBe(out);
      expect(leftovers(out)).toEqual([]);
    },
  );
});
