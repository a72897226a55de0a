import * as fs from 'fs';
import * as path from 'path';
import {
  CACHE_ENTRY_MAX_AGE_MS,
  pruneCacheDir,
  readCacheBytes,
  readCacheFile,
  writeCacheFile,
} from '../../lib/perf/cache-dir';
import { tmpDir } from '../support/file-tree';

const DAY = 24 * 60 * 60 * 1000;

/** Sets the modification time of `file` to `ms` milliseconds ago. */
function age(file: string, ms: number): void {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(file, t, t);
}

describe('cache folders', () => {
  test("writing an entry removes the entries unused for 30 days and dead writers' temp files, once per folder", () => {
    const dir = tmpDir('berth-cache-');
    const old = path.join(dir, 'old.js');
    const recent = path.join(dir, 'recent.js');
    const deadTemp = path.join(dir, 'x.js.123.tmp');
    const liveTemp = path.join(dir, 'y.js.456.tmp');
    for (const f of [old, recent, deadTemp, liveTemp]) fs.writeFileSync(f, 'x');
    age(old, CACHE_ENTRY_MAX_AGE_MS + DAY);
    age(recent, CACHE_ENTRY_MAX_AGE_MS - DAY);
    age(deadTemp, 2 * 60 * 60 * 1000);
    fs.mkdirSync(path.join(dir, 'a-folder'));
    writeCacheFile(path.join(dir, 'new.js'), 'module.exports = 1;');
    expect(fs.readdirSync(dir).sort()).toEqual(['a-folder', 'new.js', 'recent.js', 'y.js.456.tmp']);
    // The folder was pruned in this process: a later write does not look again.
    const older = path.join(dir, 'older.js');
    fs.writeFileSync(older, 'x');
    age(older, CACHE_ENTRY_MAX_AGE_MS + DAY);
    writeCacheFile(path.join(dir, 'newer.js'), 'module.exports = 2;');
    expect(fs.existsSync(older)).toBe(true);
  });

  test('reading an entry marks it used, so an entry in use is never pruned', () => {
    const dir = tmpDir('berth-cache-');
    const text = path.join(dir, 'used.json');
    const bytes = path.join(dir, 'used.js.v8cache');
    fs.writeFileSync(text, '{"a":1}');
    fs.writeFileSync(bytes, Buffer.from([1, 2, 3]));
    age(text, CACHE_ENTRY_MAX_AGE_MS + DAY);
    age(bytes, CACHE_ENTRY_MAX_AGE_MS + DAY);
    expect(readCacheFile(text)).toBe('{"a":1}');
    expect([...readCacheBytes(bytes)!]).toEqual([1, 2, 3]);
    pruneCacheDir(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['used.js.v8cache', 'used.json']);
    expect(Date.now() - fs.statSync(text).mtimeMs).toBeLessThan(DAY);
  });

  test('a missing entry reads as undefined', () => {
    const dir = tmpDir('berth-cache-');
    expect(readCacheFile(path.join(dir, 'none.json'))).toBeUndefined();
    expect(readCacheBytes(path.join(dir, 'none.v8cache'))).toBeUndefined();
  });

  test('a folder that cannot be read or does not exist is left alone', () => {
    expect(() => pruneCacheDir(path.join(tmpDir('berth-cache-'), 'missing'))).not.toThrow();
  });
});
