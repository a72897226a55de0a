import * as fs from 'fs';
import * as path from 'path';
import { uncachedLoader, v8CodeCache } from '../../lib/perf/code-cache';
import { FS_DISK_CACHE, NO_DISK_CACHE } from '../../lib/perf/disk-cache';
import { tmpDir } from '../support/file-tree';

/** A module that requires a sibling (resolved from its own folder) and exports a function. */
function writeModules(dir: string): string {
  fs.writeFileSync(path.join(dir, 'helper.js'), 'module.exports = (x) => x * 2;\n');
  const file = path.join(dir, 'main.js');
  fs.writeFileSync(
    file,
    "const twice = require('./helper');\nmodule.exports = function run(x) { return { doubled: twice(x), file: __filename, dir: __dirname }; };\n",
  );
  return file;
}

describe('v8CodeCache', () => {
  let codeCache = v8CodeCache(FS_DISK_CACHE);
  const loadWithCodeCache = (file: string): unknown => codeCache.load(file);
  const persistCodeCaches = (): string[] => codeCache.persist();
  beforeEach(() => {
    codeCache = v8CodeCache(FS_DISK_CACHE);
  });

  test('loads a CommonJS module like require, with its own require, __filename and __dirname', () => {
    const dir = tmpDir('berth-code-cache-');
    const file = writeModules(dir);
    const run = loadWithCodeCache(file) as (x: number) => { doubled: number; file: string; dir: string };
    expect(run(21)).toEqual({ doubled: 42, file, dir });
  });

  test('writes the code cache once, after use, and a later load uses it instead of writing it again', () => {
    const dir = tmpDir('berth-code-cache-');
    const file = writeModules(dir);
    (loadWithCodeCache(file) as (x: number) => unknown)(1);
    expect(fs.existsSync(`${file}.v8cache`)).toBe(false);
    expect(persistCodeCaches()).toEqual([`${file}.v8cache`]);
    expect(fs.statSync(`${file}.v8cache`).size).toBeGreaterThan(0);
    (loadWithCodeCache(file) as (x: number) => unknown)(2);
    expect(persistCodeCaches()).toEqual([]);
  });

  test('a damaged code cache is rejected, the module still loads, and the cache is written again', () => {
    const dir = tmpDir('berth-code-cache-');
    const file = writeModules(dir);
    fs.writeFileSync(`${file}.v8cache`, Buffer.from('not a V8 code cache'));
    const run = loadWithCodeCache(file) as (x: number) => { doubled: number };
    expect(run(5).doubled).toBe(10);
    expect(persistCodeCaches()).toEqual([`${file}.v8cache`]);
    expect(fs.readFileSync(`${file}.v8cache`).toString('latin1')).not.toBe('not a V8 code cache');
    loadWithCodeCache(file);
    expect(persistCodeCaches()).toEqual([]);
  });

  test('a module that is not in the cache loads as undefined (so callers compile instead)', () => {
    expect(loadWithCodeCache(path.join(tmpDir('berth-code-cache-'), 'missing.js'))).toBeUndefined();
  });

  test('two code caches keep their own pending lists: one persists only what it loaded', () => {
    const file = writeModules(tmpDir('berth-code-cache-'));
    const other = v8CodeCache(FS_DISK_CACHE);
    loadWithCodeCache(file);
    expect(other.persist()).toEqual([]);
    expect(persistCodeCaches()).toEqual([`${file}.v8cache`]);
  });
});

describe('the switched-off parts', () => {
  test('uncachedLoader loads the module and writes no code cache', () => {
    const file = writeModules(tmpDir('berth-code-cache-'));
    const loader = uncachedLoader(FS_DISK_CACHE);
    expect((loader.load(file) as (x: number) => { doubled: number })(4).doubled).toBe(8);
    expect(loader.persist()).toEqual([]);
    expect(fs.existsSync(`${file}.v8cache`)).toBe(false);
  });

  test('over NO_DISK_CACHE, no module is found and nothing is written', () => {
    const file = writeModules(tmpDir('berth-code-cache-'));
    const codeCache = v8CodeCache(NO_DISK_CACHE);
    expect(codeCache.load(file)).toBeUndefined();
    NO_DISK_CACHE.write(`${file}.other`, 'x');
    expect(fs.existsSync(`${file}.other`)).toBe(false);
    expect(codeCache.persist()).toEqual([]);
  });
});
