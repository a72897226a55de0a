import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { isRegistryRelease } from '../../lib/init/berth-source';
import { tmpDir } from '../support/file-tree';
import { bufferIO } from '../support/capture-io';

const REPO = path.resolve(__dirname, '..', '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

function dependencyOf(dir: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies['berth-k8s'];
}

/** Lists the files of a gzip'd tar archive. */
function tarList(file: string): string[] {
  return execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n').sort();
}

describe('berth init: where the new project gets Berth from', () => {
  test('from a checkout (this repository), it vendors a packed copy of itself', async () => {
    const dir = path.join(tmpDir(), 'platform');
    const { io, out } = bufferIO();
    expect(await main(['init', dir], io)).toBe(0);
    const tgz = `vendor/berth-k8s-${VERSION}.tgz`;
    expect(dependencyOf(dir)).toBe(`file:${tgz}`);
    expect(out()).toContain(`  + ${tgz}\n`);
    expect(out()).toContain(`Berth comes from ${tgz} (a packed Berth: commit it with the project).\n`);
    const files = tarList(path.join(dir, tgz));
    // The built package: JavaScript and declarations, no TypeScript sources or build script.
    expect(files).toContain('package/build/lib/index.js');
    expect(files).toContain('package/build/lib/testing/index.d.ts');
    expect(files).toContain('package/bin/berth.js');
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('package/scripts/') || f.startsWith('package/lib/'))).toEqual([]);
  });

  test('--berth-path FILE.tgz vendors that tarball', async () => {
    const dir = tmpDir();
    const tgz = path.join(tmpDir(), 'berth-k8s-9.9.9.tgz');
    fs.writeFileSync(tgz, Buffer.from([0x1f, 0x8b, 8, 0]));
    const { io } = bufferIO();
    expect(await main(['init', dir, '--berth-path', tgz], io)).toBe(0);
    expect(dependencyOf(dir)).toBe('file:vendor/berth-k8s-9.9.9.tgz');
    expect(fs.readFileSync(path.join(dir, 'vendor', 'berth-k8s-9.9.9.tgz'))).toEqual(fs.readFileSync(tgz));
  });

  test.each([
    ['0.2.0', '0.2.0'],
    ['^0.2.0', '^0.2.0'],
    ['~1.0.0-rc.1', '~1.0.0-rc.1'],
  ])('--berth-version %s is written as given', async (given, written) => {
    const dir = tmpDir();
    const { io } = bufferIO();
    expect(await main(['init', dir, '--berth-version', given], io)).toBe(0);
    expect(dependencyOf(dir)).toBe(written);
  });
});

describe('berth init: bad input is refused before anything is written', () => {
  const refused = async (args: (dir: string) => string[]): Promise<{ dir: string; code: number; err: string }> => {
    const dir = path.join(tmpDir(), 'new');
    const { io, err } = bufferIO();
    const code = await main(['init', dir, ...args(dir)], io);
    return { dir, code, err: err() };
  };

  test.each(['latest', '1.2', 'v1.2.3', '>=1.0.0', '01.2.3'])('--berth-version %s is not a version', async (v) => {
    const r = await refused(() => ['--berth-version', v]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `berth init: --berth-version ${JSON.stringify(v)} is not a version: expected a SemVer version such as 0.1.0, or ^0.1.0 / ~0.1.0; nothing was written\n` +
        '  hint: See the published versions with `npm view berth-k8s versions`, or leave the flag out to use the Berth running this command.\n',
    );
    expect(fs.existsSync(r.dir)).toBe(false);
  });

  const HINT =
    '  hint: Pass a Berth checkout (a folder whose package.json is named berth-k8s) or a tarball made by `npm pack` there (berth-k8s-<version>.tgz).\n';

  test('--berth-path that does not exist', async () => {
    const missing = path.join(tmpDir(), 'no-such-berth');
    const r = await refused(() => ['--berth-path', missing]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `berth init: --berth-path ${missing}: no such file or folder (${missing}); nothing was written\n${HINT}`,
    );
    expect(fs.existsSync(r.dir)).toBe(false);
  });

  test('--berth-path to a folder that is not Berth, or a file that is no tarball', async () => {
    const other = tmpDir();
    fs.writeFileSync(path.join(other, 'package.json'), '{"name":"berth"}');
    const a = await refused(() => ['--berth-path', other]);
    expect([a.code, a.err]).toEqual([
      2,
      `berth init: --berth-path ${other}: its package.json names "berth", not berth-k8s; nothing was written\n${HINT}`,
    ]);
    const notes = path.join(other, 'notes.tgz');
    fs.writeFileSync(notes, 'text');
    const b = await refused(() => ['--berth-path', notes]);
    expect([b.code, b.err]).toEqual([
      2,
      `berth init: --berth-path ${notes}: neither a Berth folder nor a .tgz package; nothing was written\n${HINT}`,
    ]);
    expect(fs.existsSync(a.dir) || fs.existsSync(b.dir)).toBe(false);
  });

  test('a folder that is not empty is refused before Berth is packed', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const { io, err } = bufferIO();
    expect(await main(['init', dir], io)).toBe(1);
    expect(err()).toContain(`berth init: ${dir} is not empty (notes.txt): nothing was written\n`);
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
  });

  test('a file where the folder should be', async () => {
    const file = path.join(tmpDir(), 'file');
    fs.writeFileSync(file, '');
    const { io, err } = bufferIO();
    expect(await main(['init', file], io)).toBe(1);
    expect(err()).toBe(
      `berth init: ${file} is a file, not a folder: nothing was written\n  hint: Name a new or empty folder.\n`,
    );
  });
});

describe('isRegistryRelease: how init tells a registry release from other copies of Berth', () => {
  /** `project/node_modules/berth-k8s`, with the hidden lock file npm writes when `resolved` is given. */
  function installed(resolved?: string): string {
    const project = tmpDir();
    const root = path.join(project, 'node_modules', 'berth-k8s');
    fs.mkdirSync(root, { recursive: true });
    if (resolved !== undefined) {
      fs.writeFileSync(
        path.join(project, 'node_modules', '.package-lock.json'),
        JSON.stringify({ packages: { 'node_modules/berth-k8s': { version: '0.1.0', resolved } } }),
      );
    }
    return root;
  }

  test('installed from the registry', () => {
    expect(isRegistryRelease(installed('https://registry.npmjs.org/berth-k8s/-/berth-k8s-0.1.0.tgz'))).toBe(true);
  });
  test('installed with no npm lock file (a global install, another package manager)', () => {
    expect(isRegistryRelease(installed())).toBe(true);
  });
  test('installed from a tarball, a folder or git', () => {
    expect(isRegistryRelease(installed('file:vendor/berth-k8s-0.1.0.tgz'))).toBe(false);
    expect(isRegistryRelease(installed('git+ssh://git@github.com/acme/berth.git#abc'))).toBe(false);
  });
  test('a checkout: not in node_modules, or with .git', () => {
    expect(isRegistryRelease(REPO)).toBe(false);
    const root = installed('https://registry.npmjs.org/berth-k8s/-/berth-k8s-0.1.0.tgz');
    fs.mkdirSync(path.join(root, '.git'));
    expect(isRegistryRelease(root)).toBe(false);
  });
});
