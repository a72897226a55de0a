import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { synthProject } from '../../lib/cli/commands/synth-command';
import { initProject } from '../../lib/init/init-project';

const APP_FILES = [
  'configmap-settings.yaml',
  'deployment-web.yaml',
  'kustomization.yaml',
  'namespace-hello.yaml',
  'networkpolicy-allow-dns-egress.yaml',
  'networkpolicy-default-deny.yaml',
  'networkpolicy-web-ingress-namespace-ingress-nginx.yaml',
  'service-web.yaml',
  'serviceaccount-web.yaml',
];
const REPO = path.resolve(__dirname, '..', '..');
const FILES = [
  'package.json',
  'cdk8s.yaml',
  'apps/main.ts',
  'test/main.test.ts',
  'tsconfig.json',
  'jest.config.js',
  '.gitignore',
  'README.md',
  '.github/workflows/berth.yml',
];

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'berth-init-'));
}

function bufferIO(): {
  io: { stdout(t: string): void; stderr(t: string): void; readStdin(): Promise<Buffer> };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      readStdin: async () => Buffer.alloc(0),
    },
    out: () => out,
    err: () => err,
  };
}

/** What `npm install` would give the project, without the network: links to this repository's packages. */
function linkNodeModules(dir: string): void {
  const nm = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(nm, '@types'), { recursive: true });
  fs.symlinkSync(REPO, path.join(nm, 'berth-k8s'), 'dir');
  for (const p of ['jest', 'ts-jest', 'typescript', '@types/jest', '@types/node']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', p), path.join(nm, p), 'dir');
  }
}

describe('berth init', () => {
  test('writes the project files and points the berth dependency at the given path', async () => {
    const dir = path.join(tmpDir(), 'My Platform');
    const { io, out } = bufferIO();
    expect(await main(['init', dir, '--berth-path', REPO], io)).toBe(0);
    expect(out()).toContain(`Created a Berth project in`);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('my-platform');
    const own = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({
      'berth-k8s': `file:${REPO}`,
      cdk8s: own.dependencies.cdk8s,
      constructs: own.dependencies.constructs,
    });
    expect(Object.keys(pkg.devDependencies)).toEqual(['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript']);
    expect(pkg.scripts.test).toBe('tsc --noEmit && jest');
    expect(fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8')).toMatch(/^app: apps\/main\.ts\noutput: dist$/m);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(
      'npm install && npx berth synth\nnpm test          # tsc --noEmit && jest\n',
    );
    expect(out()).toContain(
      `Berth is linked from ${REPO}: this project installs on this machine only.\n` +
        'Another Berth: berth init --berth-version VERSION (a registry release) or --berth-path PATH (a checkout, linked, or a .tgz, vendored).\n',
    );
  });

  test('depends on the running berth version by default', () => {
    const dir = tmpDir();
    const version0 = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
    expect(initProject(dir)).toEqual({ written: FILES, skipped: [], berth: `^${version0}` });
    const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies['berth-k8s']).toBe(
      `^${version}`,
    );
  });

  test('refuses a folder that is not empty and writes nothing', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const { io, err } = bufferIO();
    expect(await main(['init', dir], io)).toBe(1);
    expect(err()).toContain(`berth init: ${dir} is not empty (notes.txt): nothing was written`);
    expect(err()).toContain('hint: Use an empty folder, or pass --force');
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
  });

  test('with --force it adds the missing files and keeps, and lists, the existing ones', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'README.md'), 'my readme');
    fs.mkdirSync(path.join(dir, '.git'));
    const { io, out } = bufferIO();
    expect(await main(['init', dir, '--force', '--berth-version', '1.2.3'], io)).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('my readme');
    expect(out()).toContain('Kept (already there, not overwritten):\n  = README.md\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies['berth-k8s']).toBe('1.2.3');
  });

  test('a folder holding only .git counts as empty', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, '.git'));
    expect(initProject(dir).written).toEqual(FILES);
  });

  test('the new project synthesizes: dev and prod, one app, valid objects', async () => {
    const dir = tmpDir();
    initProject(dir, { berth: { link: REPO } });
    // Not installed (no node_modules): the compiler would not find berth-k8s; the next test type-checks it.
    const result = await synthProject({ cwd: dir, dryRun: true, typeCheck: false });
    // prod's three replicas get a disruption budget; dev's one replica is waived.
    expect([...result.contents.keys()].sort()).toEqual(
      ['dev', 'prod']
        .flatMap((env) => [
          ...APP_FILES.map((f) => `${env}/hello/${f}`),
          ...(env === 'prod' ? ['prod/hello/poddisruptionbudget-web.yaml'] : []),
          `${env}/kustomization.yaml`,
        ])
        .sort(),
    );
    expect(result.contents.get('prod/hello/deployment-web.yaml')).toContain('replicas: 3\n');
  });

  test('the new project type-checks against berth (strict tsc, only its own files reported)', () => {
    const dir = tmpDir();
    initProject(dir, { berth: { link: REPO } });
    fs.writeFileSync(
      path.join(dir, 'tsconfig.check.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: {
          baseUrl: '.',
          typeRoots: [path.join(REPO, 'node_modules', '@types')],
          paths: {
            'berth-k8s': [path.join(REPO, 'lib', 'index.ts')],
            'berth-k8s/testing': [path.join(REPO, 'lib', 'testing', 'index.ts')],
          },
        },
      }),
    );
    let output = '';
    try {
      execFileSync(
        process.execPath,
        [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.check.json'],
        { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    // Errors inside berth's own sources are other tests' business.
    expect(output.split('\n').filter((l) => /^(apps|test)\//.test(l))).toEqual([]);
  });

  // These two run the project the way a user does, in child processes, against the compiled
  // package (`build/`, made by `npm test`'s build step): node_modules/ holds links to this
  // repository and its tools instead of what `npm install` would download.
  describe('as a user runs it (needs `npm run build`)', () => {
    const built =
      fs.existsSync(path.join(REPO, 'build', 'lib', 'testing', 'index.js')) &&
      fs.existsSync(path.join(REPO, 'build', 'lib', 'init', 'init-project.js'));
    let dir: string;
    beforeAll(() => {
      if (!built) throw new Error('build/ is missing or stale: run `npm run build` (npm test does) before these tests');
      dir = tmpDir();
      initProject(dir, { berth: { link: REPO } });
      linkNodeModules(dir);
    });

    test('`berth synth` in the new project writes dist/dev and dist/prod', () => {
      const out = execFileSync(process.execPath, [path.join(REPO, 'bin', 'berth.js'), 'synth'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(out).toContain('Synthesized 17 objects of 1 app in 2 environments (plain)');
      expect(fs.readdirSync(path.join(dir, 'dist', 'dev', 'hello')).sort()).toEqual(APP_FILES);
    });

    test("the new project's own test passes with jest and writes its snapshot", () => {
      const jest = path.join(dir, 'node_modules', 'jest', 'bin', 'jest.js');
      execFileSync(process.execPath, [jest, '--rootDir', dir, '--ci=false'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      const snapshot = fs.readFileSync(path.join(dir, 'test', '__snapshots__', 'main.test.ts.snap'), 'utf8');
      expect(snapshot).toContain('exports[`the settings match the snapshot 1`] = `\napiVersion: v1\nkind: ConfigMap\n');
      expect(snapshot).toContain('  LOG_LEVEL: debug\n');
    });
  });
});
