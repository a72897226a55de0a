import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');

interface Manifest {
  readonly private?: boolean;
  readonly scripts: Readonly<Record<string, string>>;
  readonly files: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

// The tarball itself (built files only, no sources) is checked by test/init/berth-source.test.ts
// and installed by test/e2e/own-repo.e2e.ts; this is what its package.json asks of npm.
describe("berth-k8s's package.json: a package others install", () => {
  test('it can be published', () => {
    expect(pkg.private).toBeUndefined();
  });

  test('installing it runs no script: no install script, and no prepare (npm runs it for file: and git sources)', () => {
    const installTime = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
    expect(Object.keys(pkg.scripts).filter((s) => installTime.includes(s))).toEqual([]);
  });

  test('npm pack and npm ci in this checkout build it (prepack; dependencies runs for the project only)', () => {
    expect(pkg.scripts.prepack).toBe('node scripts/build.js --clean');
    expect(pkg.scripts.dependencies).toBe('node scripts/build.js');
  });

  test('it publishes the built code, not the build script or the TypeScript sources', () => {
    expect(pkg.files).toEqual(['bin/', 'build/lib/', 'schemas/', 'README.md']);
  });

  test('only the importer names ts-morph (test/e2e checks that synth never loads it)', () => {
    const requiring = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'imports' ? [] : requiring(p);
        return /\.ts$/.test(e.name) && /['"]ts-morph['"]/.test(fs.readFileSync(p, 'utf8'))
          ? [path.relative(REPO, p)]
          : [];
      });
    expect(requiring(path.join(REPO, 'lib')).sort()).toEqual([
      'lib/import/emit-constant-module.ts',
      'lib/import/emit.ts',
    ]);
  });
});
