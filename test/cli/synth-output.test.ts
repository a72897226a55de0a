import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { captureIO as capture } from '../support/capture-io';
import { readOutputTree, readTree, tmpDir } from '../support/file-tree';
import { commitKilledAt } from '../support/killed-commit';
import { canMountTmpfs } from '../support/mount';

const repo = path.resolve(__dirname, '../..');

/** A project of two environments (dev, prod) with a ConfigMap each, writing to `output`. */
function project(options: { output?: string } = {}): string {
  const dir = tmpDir('berth-out-cli-');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: main.ts\noutput: ${options.output ?? 'dist'}\n`);
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    `
import { Platform, Environment, Application, ConfigMap } from ${JSON.stringify(path.join(repo, 'build', 'lib'))};
export const platform = new Platform();
for (const env of ['dev', 'prod']) {
  const app = new Application(new Environment(platform, env, { config: {} }), 'hello');
  for (let i = 0; i < 1; i++) new ConfigMap(app, 'settings-' + i, { data: { env, text: 'x'.repeat(1) } });
}
`,
  );
  return dir;
}

async function synth(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(['synth', '--policy', 'none', ...args], io, dir);
  return { code, out: io.out, err: io.err };
}

describe('berth synth never deletes what it did not write', () => {
  test('an output folder of subfolders holding other files is refused, naming the first of them, and left as it was', async () => {
    const dir = project();
    const x = path.join(tmpDir('berth-out-x-'), 'X');
    fs.mkdirSync(path.join(x, 'repo1', '.git'), { recursive: true });
    fs.mkdirSync(path.join(x, 'photos'));
    fs.writeFileSync(path.join(x, 'photos', 'cat.jpg'), 'hi\n');
    expect(await synth(dir, '--output', x)).toEqual({
      code: 2,
      out: '',
      err:
        `berth synth: the output folder ${x} holds photos/cat.jpg, which is not a file Berth writes (the folder has no .berth-output, the list of what a synth wrote, so only Berth's own YAML and charts may be in it); synth replaces the whole output folder, so it would delete it\n` +
        '  hint: Move photos/cat.jpg out of the output folder, or write the output to a folder of its own (the default is dist/).\n',
    });
    expect(readTree(x)).toEqual({ [path.join('photos', 'cat.jpg')]: 'hi\n' });
    expect(fs.readdirSync(path.join(x, 'repo1'))).toEqual(['.git']);
  });

  test('files a user added inside dist/dev/ are refused, not deleted', async () => {
    const dir = project();
    expect((await synth(dir)).code).toBe(0);
    const before = readTree(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'dev', 'README.md'), 'mine\n');
    fs.mkdirSync(path.join(dir, 'dist', 'dev', 'notes'));
    fs.writeFileSync(path.join(dir, 'dist', 'dev', 'notes', 'todo.md'), 'mine too\n');
    const first = await synth(dir);
    expect(first.code).toBe(2);
    expect(first.err).toContain(
      `the output folder ${fs.realpathSync(path.join(dir, 'dist'))} holds dev/README.md, which the last synth did not write`,
    );
    fs.renameSync(path.join(dir, 'dist', 'dev', 'README.md'), path.join(dir, 'README.md'));
    expect((await synth(dir)).err).toContain('holds dev/notes/, which the last synth did not write');
    expect(readTree(path.join(dir, 'dist'))).toEqual({
      ...before,
      [path.join('dev', 'notes', 'todo.md')]: 'mine too\n',
    });
  });

  test('with --env, the other environments stay, and stay listed: .berth-output is that of a whole synth', async () => {
    const dir = project();
    expect((await synth(dir)).code).toBe(0);
    const whole = fs.readFileSync(path.join(dir, 'dist', '.berth-output'), 'utf8');
    // Changed (in a module of its own: the test process keeps the first one loaded).
    fs.writeFileSync(
      path.join(dir, 'next.ts'),
      fs.readFileSync(path.join(dir, 'main.ts'), 'utf8').replace('data: { env,', "data: { env, extra: 'yes',"),
    );
    expect((await synth(dir, '--env', 'dev', '--app', 'next.ts')).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist', '.berth-output'), 'utf8')).toBe(whole);
    const tree = readOutputTree(path.join(dir, 'dist'));
    expect(tree[path.join('dev', 'hello', 'configmap-settings-0.yaml')]).toContain('extra: "yes"');
    expect(tree[path.join('prod', 'hello', 'configmap-settings-0.yaml')]).not.toContain('extra');
  });
});

describe('output: in cdk8s.yaml', () => {
  test('an absolute path is that folder, not a folder of that name under the project', async () => {
    const elsewhere = path.join(tmpDir('berth-out-abs-'), 'gitops');
    const dir = project({ output: elsewhere });
    const r = await synth(dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`files in ${elsewhere}/`);
    expect(Object.keys(readOutputTree(elsewhere))).toContain(path.join('dev', 'hello', 'configmap-settings-0.yaml'));
    expect(fs.readdirSync(dir).sort()).toEqual(['.berth-cache', 'cdk8s.yaml', 'main.ts']);
  });

  test('/ is refused, naming /', async () => {
    const dir = project({ output: '/' });
    const r = await synth(dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `berth synth: the output folder / contains the project folder (where cdk8s.yaml is) (${fs.realpathSync(dir)}); synth replaces the whole output folder, so it would delete it\n` +
        '  hint: Write the output to a folder of its own (the default is dist/), or move those files out of it.\n',
    );
  });
});

test('berth diff completes the swap of a synth killed between its two renames (no dist/ left), and finds no differences', async () => {
  const dir = project();
  expect((await synth(dir)).code).toBe(0);
  const dist = path.join(dir, 'dist');
  const files = readOutputTree(dist);
  // The same files committed again by a process killed with the output folder renamed aside.
  expect(
    commitKilledAt(dist, Object.fromEntries(Object.entries(files).map(([f, t]) => [f.split(path.sep).join('/'), t])), 2)
      .signal,
  ).toBe('SIGKILL');
  expect(fs.existsSync(dist)).toBe(false);
  const io = capture();
  expect(await main(['diff'], io, dir)).toBe(0);
  expect(io.out).toBe('No differences: the output is up to date (2 objects).\n');
  expect(readOutputTree(dist)).toEqual(files);
  expect(fs.readdirSync(dir).sort()).toEqual(['.berth-cache', 'cdk8s.yaml', 'dist', 'main.ts']);
});

describe('another synth writing the output folder', () => {
  let holder: ChildProcess | undefined;
  afterEach(() => holder?.kill('SIGKILL'));

  test('is waited for, and the wait is told on stderr with its process id', async () => {
    const dir = project();
    const lock = path.join(dir, '.dist.staging-lock');
    holder = spawn(process.execPath, [
      '-e',
      `
      const fs = require('fs');
      fs.writeFileSync(${JSON.stringify(lock)}, process.pid + '\\n', { flag: 'wx' });
      setTimeout(() => fs.unlinkSync(${JSON.stringify(lock)}), 1500);
    `,
    ]);
    const until = Date.now() + 10_000;
    while (!fs.existsSync(lock) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const r = await synth(dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `berth synth: waiting for process ${holder.pid} (another berth synth) to finish writing ${fs.realpathSync(dir)}/dist\n`,
    );
  });
});

(canMountTmpfs('the full-disk test of synth-output.test.ts') ? test : test.skip)(
  'a full disk is a message naming the folder, exit 1; the previous output stays and no staging copy is left',
  async () => {
    const disk = tmpDir('berth-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk]);
    try {
      const dir = project({ output: path.join(disk, 'dist') });
      expect((await synth(dir)).code).toBe(0);
      const before = readTree(path.join(disk, 'dist'));
      // 2 x 40 objects of 8 KiB: more than the 256 KiB the disk has.
      fs.writeFileSync(
        path.join(dir, 'big.ts'),
        fs
          .readFileSync(path.join(dir, 'main.ts'), 'utf8')
          .replace('i < 1;', 'i < 40;')
          .replace('.repeat(1)', '.repeat(8192)'),
      );
      const r = await synth(dir, '--app', 'big.ts');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        new RegExp(
          `^berth synth: no space left on the disk \\(ENOSPC\\) while writing the output into ${disk}/\\.dist\\.staging-\\d+-\\w+; the previous output ${disk}/dist is unchanged\n  hint: Free space on that disk, then synth again\\.\n$`,
        ),
      );
      expect(readTree(path.join(disk, 'dist'))).toEqual(before);
      expect(fs.readdirSync(disk)).toEqual(['dist']);
    } finally {
      execFileSync('umount', [disk]);
    }
  },
);
