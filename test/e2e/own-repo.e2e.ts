/**
 * Berth in a team's own repository, as a new user gets there (README: "Use Berth in your own
 * repository"): `npm pack` this package, install the tarball as a tool, `berth init` a new
 * repository with it (which vendors a packed copy of that Berth), `npm install` there, then
 * the repository's own commands. Run by `npm run test:e2e` (a step of .ci/run), not by `jest`:
 * it installs about 300 packages, from npm's cache (`--prefer-offline`; `npm ci` of this
 * repository fills it with every package the new repository needs).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpDir } from '../support/file-tree';

const REPO = path.resolve(__dirname, '..', '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const TARBALL = `berth-k8s-${VERSION}.tgz`;
const INSTALL = ['--prefer-offline', '--no-audit', '--no-fund'];

// CI=true makes jest refuse to write the scaffold's first snapshot; a user runs `npm test`
// on their machine before the first commit, so the steps run without it.
const env: NodeJS.ProcessEnv = { ...process.env, CI: undefined };

/** Runs a command in `cwd`; fails the test with its output when it ends with another code. */
function run(cwd: string, command: string, args: readonly string[], expected = 0): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== expected) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${cwd} ended with ${r.status ?? r.signal}, expected ${expected}\n` +
        `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}`,
    );
  }
  return r;
}

/** `npx berth ...` as the user types it; `--no` so that a missing local berth is an error, not a download. */
function berth(cwd: string, args: readonly string[], expected = 0): SpawnSyncReturns<string> {
  return run(cwd, 'npx', ['--no', 'berth', ...args], expected);
}

/** The npm packages `node_modules` holds, from its folder names. */
function packagesIn(nodeModules: string): string[] {
  return fs
    .readdirSync(nodeModules)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(nodeModules, n)).map((m) => `${n}/${m}`) : [n]));
}

/** Bytes of the files under `dir` (not following links). */
function sizeOf(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += sizeOf(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

test('a new repository: pack, init, install, synth, validate, type-check, test, diff', () => {
  const work = tmpDir('berth-e2e-');

  // 1. Pack this package as it would be published (prepack builds it).
  run(REPO, 'npm', ['pack', '--pack-destination', work]);

  // 2. Install the tarball as a user installs a tool: runtime dependencies only. Nothing may
  //    build (the tarball holds no build script or TypeScript sources to compile).
  const tool = path.join(work, 'tool');
  fs.mkdirSync(tool);
  fs.writeFileSync(path.join(tool, 'package.json'), '{"name":"tool","version":"1.0.0","private":true}\n');
  const added = run(tool, 'npm', [
    'install',
    '--omit=dev',
    '--foreground-scripts',
    ...INSTALL,
    path.join(work, TARBALL),
  ]);
  expect(added.stderr).not.toMatch(/install scripts|scripts\/build\.js/);
  const runtime = packagesIn(path.join(tool, 'node_modules'));
  expect(runtime).toEqual(expect.arrayContaining(['berth-k8s', 'cdk8s', 'constructs', 'typescript', 'yaml']));
  expect(runtime).not.toContain('jest');
  // The footprint of Berth's runtime dependencies (56 MB when first measured; 70.2 MiB once
  // json-schema-to-typescript, for `berth import chart`, and the definitions of Kubernetes
  // 1.32-1.36 were added; ts-morph and its bundled TypeScript are 14.5 MB of it): a heavy new
  // dependency shows here.
  expect(sizeOf(path.join(tool, 'node_modules')) / 2 ** 20).toBeLessThan(80);

  // 3. `berth init` with that Berth: not a registry release, so it vendors a packed copy of itself.
  const repo = path.join(work, 'platform');
  const init = run(tool, path.join(tool, 'node_modules', '.bin', 'berth'), ['init', repo]);
  expect(init.stdout).toContain(`  + vendor/${TARBALL}\n`);
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  expect(pkg.dependencies['berth-k8s']).toBe(`file:vendor/${TARBALL}`);

  // 4. The new repository installs from what it holds, with no reference to this checkout.
  run(repo, 'npm', ['install', ...INSTALL]);
  const lock = fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8');
  expect(lock).toContain(`"resolved": "file:vendor/${TARBALL}"`);
  expect(lock).not.toContain(REPO);

  // 5. Its commands, as the README and the CI workflow run them. synth must not load ts-morph
  //    (only `berth import` does); a require hook lists the packages it (and npx) loads.
  const hook = path.join(work, 'list-packages.js');
  fs.writeFileSync(
    hook,
    `const M = require('module'); const load = M._load; const seen = new Set();
M._load = function (request, parent, isMain) {
  try { const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(M._resolveFilename(request, parent, isMain)); if (m) seen.add(m[1]); } catch {}
  return load.apply(this, arguments);
};
process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(path.join(work, 'loaded.txt'))}, [...seen, ''].join('\\n')));
`,
  );
  env.NODE_OPTIONS = `--require ${hook}`;
  const synth = berth(repo, ['synth']);
  delete env.NODE_OPTIONS;
  expect(synth.stdout).toBe('Synthesized 17 objects of 1 app in 2 environments (plain): 21 files in dist/\n');
  const loaded = fs.readFileSync(path.join(work, 'loaded.txt'), 'utf8').split('\n');
  expect(loaded).toContain('cdk8s');
  expect(loaded.filter((p) => p.includes('ts-morph'))).toEqual([]);
  expect(fs.readdirSync(path.join(repo, 'dist', 'dev', 'hello'))).toContain('namespace-hello.yaml');

  // The same report as synth's: the waiver travels in the output, as an annotation.
  const waivers = 'waivers\n  dev/hello/web  policy/min-replicas: one replica in dev: it promises no availability\n';
  expect(berth(repo, ['validate', 'dist']).stdout).toBe(`${waivers}0 errors, 0 warnings\n`);
  run(repo, 'npx', ['--no', 'tsc', '--noEmit']);
  // A tsconfig with the older node10 resolution finds berth-k8s/testing too (typesVersions).
  const compilerOptions = { module: 'commonjs', moduleResolution: 'node', noEmit: true };
  fs.writeFileSync(
    path.join(repo, 'tsconfig.node10.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions }),
  );
  run(repo, 'npx', ['--no', '--', 'tsc', '-p', 'tsconfig.node10.json']);
  const test = run(repo, 'npm', ['test']);
  expect(test.stderr).toContain('Tests:       2 passed, 2 total');
  expect(berth(repo, ['diff']).stdout).toBe('No differences: the output is up to date (17 objects).\n');

  // 6. A change to the app that dist/ does not have yet: diff exits 1 (what fails CI).
  const main = path.join(repo, 'apps', 'main.ts');
  fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("logLevel: 'info'", "logLevel: 'debug'"));
  const diff = berth(repo, ['diff'], 1).stdout;
  expect(
    diff.startsWith('prod/hello\n  ~ ConfigMap hello/settings (changed)\n      data.LOG_LEVEL: "info" → "debug"\n'),
  ).toBe(true);
  expect(diff).toContain('Differences: 0 added, 0 removed, 1 changed, 0 renamed.\n');
});
