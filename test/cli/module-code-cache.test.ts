import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  decodeModuleCache,
  encodeModuleCache,
  ModuleCacheEntry,
  moduleCacheFile,
} from '../../lib/perf/module-code-cache';

const HOOK = path.resolve(__dirname, '..', '..', 'build', 'lib', 'perf', 'module-code-cache.js');

/** Runs a fresh node process that enables the cache for `dir` and requires `dir/main.js`. */
function load(
  dir: string,
  cacheFile: string,
  env: NodeJS.ProcessEnv = {},
): { exports: Record<string, unknown>; stats?: { hits: number; misses: number } } {
  const script = `
    const hook = require(${JSON.stringify(HOOK)});
    hook.enableModuleCodeCache({ file: ${JSON.stringify(cacheFile)}, include: (f) => f.startsWith(${JSON.stringify(dir + path.sep)}) });
    const exports = require(${JSON.stringify(path.join(dir, 'main.js'))});
    process.stdout.write(JSON.stringify({ exports, stats: hook.moduleCodeCacheStats() }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, BERTH_NO_CODE_CACHE: '', ...env },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { exports: Record<string, unknown>; stats?: { hits: number; misses: number } };
}

describe('module code cache', () => {
  let dir: string;
  let cacheFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-module-cache-'));
    cacheFile = path.join(dir, 'cache', 'modules.bin');
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      [
        "'use strict';",
        "const dep = require('./dep');",
        'module.exports = {',
        '  dep: dep.value,',
        '  depTool: dep.tool,',
        '  dirname: __dirname,',
        '  filename: __filename,',
        "  resolved: require.resolve('./dep'),",
        '  isMain: require.main === module,',
        '  thisIsExports: this === module.exports,',
        '  cached: Object.keys(require.cache).some((k) => k.endsWith("dep.js")),',
        '};',
      ].join('\n'),
    );
    // A shebang line, as in packages' bin files: valid for Node, not inside a function wrapper.
    fs.writeFileSync(path.join(dir, 'dep.js'), "#!/usr/bin/env node\nexports.value = 'one';\nexports.tool = 'x';\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the first run compiles from source and writes the cache; the next one loads every module from it, with the same behaviour', () => {
    const first = load(dir, cacheFile);
    expect(first.stats).toEqual({ hits: 0, misses: 2, file: cacheFile });
    expect(fs.existsSync(cacheFile)).toBe(true);
    expect(first.exports).toEqual({
      dep: 'one',
      depTool: 'x',
      dirname: dir,
      filename: path.join(dir, 'main.js'),
      resolved: path.join(dir, 'dep.js'),
      isMain: false,
      thisIsExports: true,
      cached: true,
    });
    const entries = decodeModuleCache(fs.readFileSync(cacheFile));
    expect([...entries.keys()]).toEqual([path.join(dir, 'dep.js'), path.join(dir, 'main.js')]);

    const written = fs.statSync(cacheFile).ino;
    const second = load(dir, cacheFile);
    expect(second.stats).toEqual({ hits: 2, misses: 0, file: cacheFile });
    expect(second.exports).toEqual(first.exports);
    // Nothing missed: the file is not written again (a write replaces it: a new inode).
    expect(fs.statSync(cacheFile).ino).toBe(written);
  });

  test('an edited module of the same length runs its new code (V8 alone would accept the old cache)', () => {
    load(dir, cacheFile);
    fs.writeFileSync(path.join(dir, 'dep.js'), "#!/usr/bin/env node\nexports.value = 'two';\nexports.tool = 'y';\n");
    const after = load(dir, cacheFile);
    expect(after.exports).toMatchObject({ dep: 'two', depTool: 'y' });
    expect(after.stats).toEqual({ hits: 1, misses: 1, file: cacheFile });
    expect(load(dir, cacheFile).stats).toEqual({ hits: 2, misses: 0, file: cacheFile });
  });

  test('a rewrite keeps, byte for byte, the entries of modules the run did not load (read back from the file, not held in memory)', () => {
    load(dir, cacheFile);
    const before = decodeModuleCache(fs.readFileSync(cacheFile)).get(path.join(dir, 'dep.js'))!;
    // main.js no longer loads dep.js: a miss (new source), and dep.js stays unloaded.
    fs.writeFileSync(path.join(dir, 'main.js'), "'use strict';\nmodule.exports = { alone: true };\n");
    expect(load(dir, cacheFile).stats).toEqual({ hits: 0, misses: 1, file: cacheFile });
    const after = decodeModuleCache(fs.readFileSync(cacheFile));
    expect([...after.keys()]).toEqual([path.join(dir, 'dep.js'), path.join(dir, 'main.js')]);
    expect(after.get(path.join(dir, 'dep.js'))!.hash).toBe(before.hash);
    expect(after.get(path.join(dir, 'dep.js'))!.data.equals(before.data)).toBe(true);
    expect(load(dir, cacheFile).stats).toEqual({ hits: 1, misses: 0, file: cacheFile });
  });

  test('a corrupt cache file is ignored and written again', () => {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, 'not a cache');
    expect(load(dir, cacheFile).exports).toMatchObject({ dep: 'one' });
    expect(load(dir, cacheFile).stats).toEqual({ hits: 2, misses: 0, file: cacheFile });
  });

  test('a syntax error is reported by Node as usual, naming the file', () => {
    fs.writeFileSync(path.join(dir, 'dep.js'), 'exports.value = ;\n');
    expect(() => load(dir, cacheFile)).toThrow(/dep\.js[\s\S]*SyntaxError/);
  });

  test('BERTH_NO_CODE_CACHE turns it off', () => {
    const r = load(dir, cacheFile, { BERTH_NO_CODE_CACHE: '1' });
    expect(r.stats).toBeUndefined();
    expect(r.exports).toMatchObject({ dep: 'one' });
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  test('one cache file per set of Node options (V8 refuses a cache made under other flags), whatever their values', () => {
    const plain = moduleCacheFile('/c', ['-e', 'script'], undefined);
    expect(plain).toBe(path.join('/c', `${process.version}-${process.arch}.bin`));
    expect(moduleCacheFile('/c', [], '')).toBe(plain);
    const profiled = moduleCacheFile('/c', ['--cpu-prof', '--cpu-prof-dir=/tmp/a'], undefined);
    expect(profiled).not.toBe(plain);
    expect(profiled).toMatch(
      new RegExp(`${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{10}\\.bin$`),
    );
    expect(moduleCacheFile('/c', ['--cpu-prof-dir=/tmp/b', '--cpu-prof'], undefined)).toBe(profiled);
    expect(moduleCacheFile('/c', [], '--cpu-prof --cpu-prof-dir=/x')).toBe(profiled);
    expect(moduleCacheFile('/c', ['--maglev'], undefined)).not.toBe(profiled);
  });

  test('entries round-trip through the file layout; malformed bytes read as none', () => {
    const entries = new Map<string, ModuleCacheEntry>([
      ['/b.js', { hash: 'bb', data: Buffer.from([4, 5]) }],
      ['/a.js', { hash: 'aa', data: Buffer.from([1, 2, 3]) }],
    ]);
    const back = decodeModuleCache(encodeModuleCache(entries));
    expect([...back].map(([f, e]) => [f, e.hash, [...e.data]])).toEqual([
      ['/a.js', 'aa', [1, 2, 3]],
      ['/b.js', 'bb', [4, 5]],
    ]);
    const bytes = encodeModuleCache(entries);
    expect(decodeModuleCache(bytes.subarray(0, bytes.length - 1)).size).toBe(0);
    expect(decodeModuleCache(Buffer.from('xx')).size).toBe(0);
    expect(decodeModuleCache(undefined).size).toBe(0);
  });
});
