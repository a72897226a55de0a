import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readOutputTree, readTree, tmpDir as newTmpDir, writeOwnedTree } from '../support/file-tree';
import { OutputFolderError } from '../../lib/output/output-folder-error';
import { removeTree, StagedTree } from '../../lib/output/staged-tree';

/** Entries next to `out` other than `out` itself (left-over staging folders). */
function leftovers(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).filter((e) => e !== path.basename(out));
}

const tmpDir = (): string => newTmpDir('berth-staged-');

/** A previous output `dist` holding `a.yaml` (and its list of files, as a synth leaves it). */
function previousOutput(): string {
  const out = path.join(tmpDir(), 'dist');
  writeOwnedTree(out, { 'a.yaml': 'a: 1\n' });
  return out;
}

describe.each([
  ['inline', false],
  ['on a writer thread', true],
])('StagedTree, writing %s', (_label, threaded) => {
  test('commit replaces the folder with exactly the added files (stale ones go)', () => {
    const out = path.join(tmpDir(), 'dist');
    writeOwnedTree(out, { 'old/stale.yaml': 'stale' });
    const tree = new StagedTree(out, { threaded });
    const expected: Record<string, string> = {};
    // More than one batch for the thread, in several folders, with non-ASCII text.
    for (let i = 0; i < 700; i++) {
      const rel = `env-${i % 3}/app/file-${i}.yaml`;
      expected[path.join(`env-${i % 3}`, 'app', `file-${i}.yaml`)] = `n: ${i}\nnote: "ü ${i}"\n`;
      tree.add(rel, `n: ${i}\nnote: "ü ${i}"\n`);
    }
    tree.commit();
    expect(readOutputTree(out)).toEqual(expected);
    expect(leftovers(out)).toEqual([]);
  });

  test('keep carries the named top-level entries of the old folder over', () => {
    const out = path.join(tmpDir(), 'dist');
    writeOwnedTree(out, { 'charts/shop/Chart.yaml': 'name: shop\n', 'dev/gone.yaml': 'x: 1\n' });
    const tree = new StagedTree(out, { threaded, keep: (e) => e === 'charts' });
    tree.add('dev/new.yaml', 'y: 2\n');
    tree.commit();
    // The kept files are listed in the new .berth-output too.
    expect(readOutputTree(out)).toEqual({
      [path.join('charts', 'shop', 'Chart.yaml')]: 'name: shop\n',
      [path.join('dev', 'new.yaml')]: 'y: 2\n',
    });
  });

  test("keep 'partly' asks again inside a folder: some of its entries are carried over, the rest replaced", () => {
    const out = path.join(tmpDir(), 'dist');
    writeOwnedTree(
      out,
      Object.fromEntries(
        ['dev', 'prod'].flatMap((env) => [
          [`argocd/${env}/shop.yaml`, `env: ${env}\n`],
          [`${env}/old.yaml`, 'x: 1\n'],
        ]),
      ),
    );
    const asked: string[] = [];
    const tree = new StagedTree(out, {
      threaded,
      keep: (rel) => {
        asked.push(rel);
        return rel === 'argocd' ? 'partly' : rel === 'prod' || rel === 'argocd/prod';
      },
    });
    tree.add('dev/new.yaml', 'y: 2\n');
    tree.add('argocd/dev/shop.yaml', 'env: dev, again\n');
    tree.commit();
    expect(asked).toEqual(['argocd', 'argocd/dev', 'argocd/prod', 'dev', 'prod']);
    expect(readOutputTree(out)).toEqual({
      [path.join('argocd', 'dev', 'shop.yaml')]: 'env: dev, again\n',
      [path.join('argocd', 'prod', 'shop.yaml')]: 'env: prod\n',
      [path.join('dev', 'new.yaml')]: 'y: 2\n',
      [path.join('prod', 'old.yaml')]: 'x: 1\n',
    });
  });

  test('kept files are hard-linked from the old folder, unless linked elsewhere too (then copied)', () => {
    const root = tmpDir();
    const out = path.join(root, 'dist');
    writeOwnedTree(out, {
      'charts/shop/Chart.yaml': 'name: shop\n',
      'charts/shop/templates/svc.yaml': 'kind: Service\n',
    });
    const chart = path.join(out, 'charts', 'shop', 'Chart.yaml');
    const template = path.join(out, 'charts', 'shop', 'templates', 'svc.yaml');
    fs.linkSync(template, path.join(root, 'elsewhere.yaml'));
    const chartInode = fs.statSync(chart).ino;
    const templateInode = fs.statSync(template).ino;
    const tree = new StagedTree(out, { threaded, keep: (e) => e === 'charts' });
    tree.add('dev/new.yaml', 'y: 2\n');
    tree.commit();
    expect(readTree(path.join(out, 'charts'))).toEqual({
      [path.join('shop', 'Chart.yaml')]: 'name: shop\n',
      [path.join('shop', 'templates', 'svc.yaml')]: 'kind: Service\n',
    });
    expect(fs.statSync(chart).ino).toBe(chartInode);
    expect(fs.statSync(chart).nlink).toBe(1);
    expect(fs.statSync(template).ino).not.toBe(templateInode);
    expect(fs.readFileSync(path.join(root, 'elsewhere.yaml'), 'utf8')).toBe('kind: Service\n');
  });

  test('abort leaves the previous folder exactly as it was and removes the staging folder', () => {
    const out = previousOutput();
    const tree = new StagedTree(out, { threaded });
    for (let i = 0; i < 600; i++) tree.add(`x/${i}.yaml`, 'b: 2\n');
    tree.abort();
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(leftovers(out)).toEqual([]);
    expect(() => tree.add('late.yaml', '')).toThrow(/already committed or aborted/);
  });

  test('a write that fails makes the commit throw the error and leaves the previous folder untouched', () => {
    const out = previousOutput();
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
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(leftovers(out)).toEqual([]);
  });

  test('a file with the same bytes as before is the old file, linked; a changed one is written anew', () => {
    const out = path.join(tmpDir(), 'dist');
    const first = new StagedTree(out, { threaded });
    for (let i = 0; i < 600; i++) first.add(`dev/app/f-${i}.yaml`, `n: ${i}\n`);
    first.commit();
    const before = new Map([0, 1, 2, 599].map((i) => [i, fs.statSync(path.join(out, 'dev', 'app', `f-${i}.yaml`))]));
    const second = new StagedTree(out, { threaded });
    // f-1 changes its size, f-2 only its bytes.
    const changed: Record<number, string> = { 1: 'n: changed\n', 2: 'n: 9\n' };
    for (let i = 0; i < 600; i++) second.add(`dev/app/f-${i}.yaml`, changed[i] ?? `n: ${i}\n`);
    second.add('dev/app/new.yaml', 'n: new\n');
    second.commit();
    const after = (i: number): fs.Stats => fs.statSync(path.join(out, 'dev', 'app', `f-${i}.yaml`));
    // Unchanged: the same inode, now linked only from the new folder (the old one is gone).
    expect(after(0).ino).toBe(before.get(0)!.ino);
    expect(after(599).ino).toBe(before.get(599)!.ino);
    expect(after(0).nlink).toBe(1);
    // Changed: a new file with the new bytes.
    for (const i of [1, 2]) {
      expect(after(i).ino).not.toBe(before.get(i)!.ino);
      expect(fs.readFileSync(path.join(out, 'dev', 'app', `f-${i}.yaml`), 'utf8')).toBe(changed[i]);
    }
    expect(Object.keys(readOutputTree(out))).toHaveLength(601);
    expect(leftovers(out)).toEqual([]);
  });

  test('an old file is not reused when it is linked elsewhere, a symlink, or of another mode', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'dist');
    const same = 'x: 1\n';
    writeOwnedTree(out, { 'linked.yaml': same, 'symlink.yaml': same, 'executable.yaml': same });
    fs.linkSync(path.join(out, 'linked.yaml'), path.join(dir, 'elsewhere.yaml'));
    fs.writeFileSync(path.join(dir, 'target.yaml'), same);
    fs.rmSync(path.join(out, 'symlink.yaml'));
    fs.symlinkSync(path.join(dir, 'target.yaml'), path.join(out, 'symlink.yaml'));
    fs.chmodSync(path.join(out, 'executable.yaml'), 0o755);
    const tree = new StagedTree(out, { threaded });
    for (const f of ['linked.yaml', 'symlink.yaml', 'executable.yaml']) tree.add(f, same);
    tree.commit();
    for (const f of ['linked.yaml', 'symlink.yaml', 'executable.yaml']) {
      const st = fs.lstatSync(path.join(out, f));
      expect([f, st.isFile(), st.nlink, st.mode & 0o777]).toEqual([f, true, 1, 0o666 & ~process.umask()]);
      expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(same);
    }
    // The file linked from outside still holds its bytes, and is now linked only there.
    expect(fs.readFileSync(path.join(dir, 'elsewhere.yaml'), 'utf8')).toBe(same);
    expect(fs.statSync(path.join(dir, 'elsewhere.yaml')).nlink).toBe(1);
  });

  test('abort after reusing old files leaves the old folder with its files unshared', () => {
    const out = previousOutput();
    const tree = new StagedTree(out, { threaded });
    tree.add('a.yaml', 'a: 1\n');
    tree.abort();
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(fs.statSync(path.join(out, 'a.yaml')).nlink).toBe(1);
    expect(leftovers(out)).toEqual([]);
  });

  test('reuseUnchanged: false writes every file anew', () => {
    const out = previousOutput();
    const ino = fs.statSync(path.join(out, 'a.yaml')).ino;
    const tree = new StagedTree(out, { threaded, reuseUnchanged: false });
    tree.add('a.yaml', 'a: 1\n');
    tree.commit();
    expect(fs.statSync(path.join(out, 'a.yaml')).ino).not.toBe(ino);
  });
});

describe('removeTree', () => {
  test('removes nested folders, files and symlinks (not what they point to); a missing folder is no error', () => {
    const dir = tmpDir();
    const gone = path.join(dir, 'gone');
    fs.mkdirSync(path.join(gone, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(gone, 'a', 'b', 'f.yaml'), 'x');
    fs.writeFileSync(path.join(dir, 'kept.yaml'), 'k');
    fs.symlinkSync(path.join(dir, 'kept.yaml'), path.join(gone, 'a', 'link.yaml'));
    fs.symlinkSync(dir, path.join(gone, 'dirlink'));
    removeTree(gone);
    expect(fs.existsSync(gone)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['kept.yaml']);
    expect(() => removeTree(gone)).not.toThrow();
  });
});

// A write that never returns: the staging folder holds a FIFO no one reads (Linux and macOS).
const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).error === undefined;

(hasMkfifo ? test : test.skip)(
  'a writer thread that stops making progress fails the commit after writerStallMs, once, and the previous output stays',
  () => {
    const out = previousOutput();
    const tree = new StagedTree(out, { threaded: true, writerStallMs: 1500 });
    const [staging] = leftovers(out);
    // The FIFO lies outside the staging folder (a link to it inside), so that it outlives the
    // abort and the test can then open it to let the blocked write return.
    const fifo = path.join(tmpDir(), 'hang.fifo');
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync(fifo, path.join(path.dirname(out), staging, 'hang.yaml'));
    tree.add('hang.yaml', 'x: 1\n');
    const started = Date.now();
    let error: unknown;
    try {
      tree.commit();
    } catch (e) {
      error = e;
    } finally {
      // Let the blocked write return (a reader opens the FIFO), so the thread can end.
      fs.closeSync(fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
    }
    const waited = Date.now() - started;
    expect(String(error)).toMatch(/stopped: no file was written for 1\.5 s\. Check the disk that holds it/);
    // Given up on once: the abort that follows does not wait for the thread again.
    expect(waited).toBeGreaterThanOrEqual(1500);
    expect(waited).toBeLessThan(3400);
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(leftovers(out)).toEqual([]);
  },
);

describe('what a killed synth left behind', () => {
  /** The id of a process that has exited. */
  const deadPid = (): number =>
    Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
    );

  test("its staging folders are removed by the next synth; a running synth's stay", () => {
    const root = tmpDir();
    const out = path.join(root, 'dist');
    writeOwnedTree(out, { 'a.yaml': 'a: 1\n' });
    const dead = deadPid();
    const abandoned = path.join(root, `.dist.staging-${dead}-abc123`);
    fs.mkdirSync(path.join(abandoned, 'dev'), { recursive: true });
    fs.writeFileSync(path.join(abandoned, 'dev', 'half.yaml'), 'b: 2\n');
    fs.mkdirSync(path.join(root, `.dist.staging-${dead}-def456.old`));
    // The parent of this process runs: its folder is another synth's, still at work.
    const running = path.join(root, `.dist.staging-${process.ppid}-ghi789`);
    fs.mkdirSync(running);
    // Not a staging folder name: left alone.
    fs.mkdirSync(path.join(root, '.dist.staging-notes'));
    const tree = new StagedTree(out);
    tree.add('dev/new.yaml', 'c: 3\n');
    tree.commit();
    expect(fs.readdirSync(root).sort()).toEqual([path.basename(running), '.dist.staging-notes', 'dist'].sort());
    expect(readOutputTree(out)).toEqual({ [path.join('dev', 'new.yaml')]: 'c: 3\n' });
  });
});

describe('the output folder', () => {
  test('keeps its mode (0755, 0750), through a symbolic link too; a new one gets 0777 less the umask', () => {
    const root = tmpDir();
    for (const mode of [0o755, 0o750]) {
      const out = path.join(root, `out-${mode.toString(8)}`);
      fs.mkdirSync(out);
      fs.chmodSync(out, mode);
      const tree = new StagedTree(out);
      tree.add('dev/a.yaml', 'a: 1\n');
      tree.commit();
      expect((fs.statSync(out).mode & 0o7777).toString(8)).toBe(mode.toString(8));
    }
    // A GitOps checkout folder reached through a link.
    const checkout = path.join(root, 'gitops', 'platform');
    fs.mkdirSync(checkout, { recursive: true });
    fs.chmodSync(checkout, 0o755);
    fs.symlinkSync(checkout, path.join(root, 'dist'));
    for (let i = 0; i < 2; i++) {
      const tree = new StagedTree(path.join(root, 'dist'));
      tree.add('dev/a.yaml', 'a: 1\n');
      tree.commit();
      expect((fs.statSync(checkout).mode & 0o7777).toString(8)).toBe('755');
    }
    const fresh = path.join(root, 'fresh');
    const tree = new StagedTree(fresh);
    tree.add('dev/a.yaml', 'a: 1\n');
    tree.commit();
    expect((fs.statSync(fresh).mode & 0o7777).toString(8)).toBe((0o777 & ~process.umask()).toString(8));
  });

  test('holding an entry the last commit did not write is refused (OutputFolderError), untouched, and unlocked', () => {
    const out = previousOutput();
    fs.writeFileSync(path.join(out, 'notes.md'), 'mine\n');
    expect(() => new StagedTree(out)).toThrow(
      new OutputFolderError(
        `the output folder ${out} holds notes.md, which the last synth did not write (its list of what it wrote, .berth-output, does not name it); synth replaces the whole output folder, so it would delete it`,
        'Move notes.md out of the output folder, or write the output to a folder of its own (the default is dist/).',
      ),
    );
    expect(readTree(out)).toEqual({ '.berth-output': expect.any(String), 'a.yaml': 'a: 1\n', 'notes.md': 'mine\n' });
    expect(leftovers(out)).toEqual([]);
  });

  test('its list of files (.berth-output) is sorted and byte-identical whatever the order files are added in', () => {
    const out = path.join(tmpDir(), 'dist');
    const files = ['prod/b.yaml', 'dev/z.yaml', 'dev/a-b.yaml', 'dev/a/c.yaml', 'argocd/dev/x.yaml'];
    const texts: string[] = [];
    for (const order of [files, [...files].reverse()]) {
      const tree = new StagedTree(out);
      for (const f of order) tree.add(f, 'x: 1\n');
      tree.commit();
      texts.push(fs.readFileSync(path.join(out, '.berth-output'), 'utf8'));
    }
    expect(texts[1]).toBe(texts[0]);
    expect(texts[0].split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
      'argocd/dev/x.yaml',
      'dev/a-b.yaml',
      'dev/a/c.yaml',
      'dev/z.yaml',
      'prod/b.yaml',
    ]);
  });
});

describe('durability', () => {
  afterEach(() => jest.restoreAllMocks());
  // The modules themselves (an `import *` is a copy whose properties cannot be spied on).
  const childProcess = require('child_process') as typeof import('child_process');
  const realFs = require('fs') as typeof fs;

  test('the staged files are flushed to the disk (sync -f on the complete staging folder) before the swap', () => {
    const out = previousOutput();
    const seen: string[][] = [];
    const real = childProcess.spawnSync;
    jest.spyOn(childProcess, 'spawnSync').mockImplementation(((command: string, args: string[], options: object) => {
      // What the staging folder holds when it is flushed, and whether the output is still the old one.
      if (command === 'sync')
        seen.push([
          ...args,
          ...Object.keys(readTree(args[1])).sort(),
          fs.readFileSync(path.join(out, 'a.yaml'), 'utf8'),
        ]);
      return real(command, args, options);
    }) as typeof childProcess.spawnSync);
    const tree = new StagedTree(out);
    tree.add('dev/b.yaml', 'b: 2\n');
    tree.commit();
    expect(seen).toEqual([
      ['-f', expect.stringMatching(/\.dist\.staging-\d+-\w+$/), '.berth-output', path.join('dev', 'b.yaml'), 'a: 1\n'],
    ]);
  });

  test('without sync -f, every file and folder is fsynced', () => {
    jest.spyOn(childProcess, 'spawnSync').mockReturnValue({ status: 1 } as ReturnType<typeof childProcess.spawnSync>);
    const fsync = jest.spyOn(realFs, 'fsyncSync');
    const out = path.join(tmpDir(), 'dist');
    const tree = new StagedTree(out);
    tree.add('dev/a.yaml', 'a: 1\n');
    tree.add('dev/b.yaml', 'b: 1\n');
    tree.commit();
    // 3 files and 2 folders of the staging folder, then the journal, its folder, and that folder after the renames.
    expect(fsync).toHaveBeenCalledTimes(8);
  });
});

test.each([
  ['ENOSPC', 'no space left on the disk (ENOSPC)', 'Free space on that disk, then synth again.'],
  [
    'EDQUOT',
    'the disk quota is used up (EDQUOT)',
    'Free space within the quota (or have it raised), then synth again.',
  ],
])(
  '%s while writing is an OutputFolderError naming the folder; the previous output stays and staging goes',
  (code, what, hint) => {
    const out = previousOutput();
    let written = 0;
    const full: typeof fs = {
      ...fs,
      writeFileSync: ((...args: Parameters<typeof fs.writeFileSync>) => {
        if (++written > 2) throw Object.assign(new Error(`${code}: no space left on device, write`), { code });
        return fs.writeFileSync(...args);
      }) as typeof fs.writeFileSync,
    };
    const tree = new StagedTree(out, { fileSystem: full });
    const staging = path.join(
      path.dirname(out),
      leftovers(out).find((e) => /^\.dist\.staging-\d+-/.test(e))!,
    );
    let error: unknown;
    try {
      for (let i = 0; i < 5; i++) tree.add(`dev/f-${i}.yaml`, `n: ${i}\n`);
    } catch (e) {
      error = e;
    }
    expect(error).toEqual(
      new OutputFolderError(
        `${what} while writing the output into ${staging}; the previous output ${out} is unchanged`,
        hint,
      ),
    );
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(leftovers(out)).toEqual([]);
    // The lock went with it: the next synth runs.
    const next = new StagedTree(out);
    next.add('a.yaml', 'a: 2\n');
    next.commit();
    expect(readOutputTree(out)).toEqual({ 'a.yaml': 'a: 2\n' });
  },
);
