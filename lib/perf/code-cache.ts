import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { markCacheUsed, readCacheBytes, writeCacheFile } from './cache-dir';

/**
 * Loading large generated CommonJS modules (Berth's cached validators) through V8's code cache,
 * kept next to each module as `<file>.v8cache`. With it V8 neither parses the module again nor
 * compiles again the functions the run that wrote the cache had used. A missing, stale or
 * foreign cache (another Node version) is rejected by V8 and written again; it only saves time.
 */

/** Modules loaded without a usable code cache, and where to write theirs. */
const pending: { readonly script: vm.Script; readonly file: string }[] = [];

type ModuleWrapper = (
  exports: unknown,
  require: NodeRequire,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/**
 * Loads the CommonJS module `file` like `require` (its own `require` resolves from its folder),
 * using its code cache when there is a valid one. Not registered in `require.cache`: each call
 * loads the module again.
 */
export function loadWithCodeCache(file: string): unknown {
  const source = fs.readFileSync(file, 'utf8');
  markCacheUsed(file);
  const cacheFile = `${file}.v8cache`;
  // No code cache yet: persistCodeCaches writes it.
  const cachedData = readCacheBytes(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) pending.push({ script, file: cacheFile });
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const mod = { exports: {} as unknown };
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

/**
 * Writes the code caches of the modules loaded without a usable one, and returns their paths.
 * Call it once the modules have done their work, so that the caches hold the functions compiled
 * meanwhile.
 */
export function persistCodeCaches(): string[] {
  const written: string[] = [];
  for (const { script, file } of pending.splice(0)) {
    writeCacheFile(file, script.createCachedData());
    written.push(file);
  }
  return written;
}
